"""The ``benchlearn`` command line: parses arguments, calls the library, formats output.

No SQL and no pandas logic lives here; heavy libraries are imported inside the
commands so that ``benchlearn --help`` starts fast. Commands live in modules by
topic and register themselves on the root group :data:`cli`.

Exit codes (:data:`benchlearn.cli.common.EXIT_CODES`): 0 done, 1 problems found,
2 usage, 3 internal error.
"""

from __future__ import annotations

from benchlearn.cli import (  # noqa: F401  (register the commands)
    analysis,
    audit,
    data,
    definitions,
    effect,
    impact,
    imports,
    meetings,
    networks,
    plans,
    pull,
    report,
    site,
)
from benchlearn.cli.common import cli, every_command_speaks

__all__ = ["cli", "main"]

every_command_speaks(cli)


def main() -> None:
    """Console-script entry point; an unexpected failure is one line and exit code 3
    (:class:`benchlearn.cli.common.RootGroup`), not a traceback."""
    cli(prog_name="benchlearn", standalone_mode=True)
