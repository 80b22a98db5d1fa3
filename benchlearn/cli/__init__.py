"""The ``benchlearn`` command line: parses arguments, calls the library, formats output.

No SQL and no pandas logic lives here; heavy libraries are imported inside the
commands so that ``benchlearn --help`` starts fast. Commands live in modules by
topic and register themselves on the root group :data:`cli`.

Exit codes (:data:`benchlearn.cli.common.EXIT_CODES`): 0 done, 1 problems found,
2 usage, 3 internal error.
"""

from __future__ import annotations

from typing import NoReturn

from benchlearn.cli import (  # noqa: F401  (register the commands)
    access,
    analysis,
    audit,
    data,
    definitions,
    effect,
    efficiency,
    forms,
    impact,
    imports,
    meetings,
    networks,
    plans,
    pull,
    report,
    serve,
    shrink,
    site,
    structure,
    users,
)
from benchlearn.cli.common import cli, every_command_speaks

__all__ = ["cli", "leave", "main", "run"]

every_command_speaks(cli)


def main() -> None:
    """Console-script entry point; an unexpected failure is one line and exit code 3
    (:class:`benchlearn.cli.common.RootGroup`), not a traceback."""
    cli(prog_name="benchlearn", standalone_mode=True)


def run() -> NoReturn:
    """The process's entry point (``benchlearn``, ``python -m benchlearn``): :func:`main`,
    then the process ends as :func:`leave` ends it."""
    try:
        main()
    except SystemExit as done:
        leave(done)
    leave(SystemExit(0))


def leave(done: SystemExit) -> NoReturn:
    """End the process as ``done`` asks, without the interpreter's teardown.

    When a command has finished, Python still frees every module and object one by one
    (pandas, pyarrow and SQLAlchemy are hundreds of thousands): half a second of a ranked
    year's run, which the user waits for and which changes nothing. What an exit owes is
    done first: the exit handlers run (logging's, temporary folders', thread pools'), the
    standard streams are flushed; then the process ends. Where anything else might still
    be running (another thread) or a stream cannot be flushed, Python ends as usual.
    """
    import atexit
    import os
    import sys
    import threading

    code = done.code
    if not isinstance(code, int) and code is not None:  # a message: Python prints it, exit 1
        raise done
    if threading.active_count() > 1:
        raise done
    atexit._run_exitfuncs()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (OSError, ValueError):  # a closed pipe or stream: Python reports it as it does
        raise done from None
    os._exit(code or 0)
