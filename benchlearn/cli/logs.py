"""``-q/--quiet`` and ``-v/--verbose``: what the command line logs on stderr, through stdlib
:mod:`logging`.

Quiet leaves errors only (no progress bars, no notes beside the output); ``-v``
logs each step at INFO (the database opened, the table written); ``-vv`` adds
every SQL statement and how long it took at DEBUG. Only :mod:`logging` is
imported until ``-vv`` asks for SQLAlchemy's events, so ``--help`` stays fast.
"""

from __future__ import annotations

import logging
import sys
import time
from typing import Any

#: The logger of the command line; the library's loggers are its ``benchlearn.*`` siblings.
LOGGER = logging.getLogger("benchlearn")
#: ``-q``, nothing, ``-v``, ``-vv`` as logging levels.
LEVELS = {-1: logging.ERROR, 0: logging.WARNING, 1: logging.INFO, 2: logging.DEBUG}
_HANDLER_NAME = "benchlearn-cli"
_timing = {"on": False}


class _Stderr(logging.StreamHandler):
    """A handler that writes to whatever ``sys.stderr`` is when a record comes: a test
    runner, or a second run in one process, swaps it and closes the old one."""

    @property
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, _value: Any) -> None:
        """The stream is always the current stderr; what logging sets is ignored."""


def level(verbosity: int) -> int:
    """The logging level of a verbosity (-1 quiet ... 2 debug; more is debug too)."""
    return LEVELS[max(-1, min(2, verbosity))]


def configure(verbosity: int) -> None:
    """Send benchlearn's log records to stderr at the verbosity's level (once per process:
    a second call changes the level and the stream, not the number of handlers)."""
    if not any(h.get_name() == _HANDLER_NAME for h in LOGGER.handlers):
        handler = _Stderr()
        handler.set_name(_HANDLER_NAME)
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        LOGGER.addHandler(handler)
    LOGGER.setLevel(level(verbosity))
    LOGGER.propagate = False
    if verbosity >= 2:
        _time_statements()


def _time_statements() -> None:
    """Log every SQL statement and its duration at DEBUG (``-vv``)."""
    if _timing["on"]:
        return
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    log = logging.getLogger("benchlearn.sql")

    def before(conn: Any, _cursor: Any, _statement: str, *_args: Any) -> None:
        conn.info.setdefault("benchlearn_started", []).append(time.perf_counter())

    def after(conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        started = conn.info["benchlearn_started"].pop()
        elapsed = (time.perf_counter() - started) * 1000
        log.debug("%.1f ms  %s", elapsed, " ".join(statement.split())[:200])

    event.listen(Engine, "before_cursor_execute", before)
    event.listen(Engine, "after_cursor_execute", after)
    _timing["on"] = True
