"""The ``benchlearn`` command line: parses arguments, calls the library, formats output.

No SQL and no pandas logic lives here; heavy libraries are imported inside the
commands so that ``benchlearn --help`` starts fast. Commands live in modules by
topic and register themselves on the root group :data:`cli`.
"""

from __future__ import annotations

import click

from benchlearn.cli import (  # noqa: F401  (register the commands)
    analysis,
    audit,
    data,
    definitions,
    meetings,
    networks,
    pull,
    report,
    site,
)
from benchlearn.cli.common import cli

__all__ = ["cli", "main"]


def main() -> None:
    """Console-script entry point; an unexpected failure is one line, not a traceback."""
    import os

    try:
        cli(prog_name="benchlearn", standalone_mode=True)
    except Exception as error:  # the last line of defence: users never see a traceback
        if os.environ.get("BENCHLEARN_DEBUG"):
            raise
        click.echo(
            f"Error: unexpected {type(error).__name__}: {error} "
            "(set BENCHLEARN_DEBUG=1 to see where)",
            err=True,
        )
        raise SystemExit(2) from None
