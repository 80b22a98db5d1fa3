"""What ``benchlearn import`` reads: folders as the files in them, a progress bar for big
files; and the progress bar of the commands that write documents (``workbook``, ``report``,
``site``, ``demo``)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from benchlearn.cli.options import VERBOSITY
from benchlearn.messages import t


def quiet() -> bool:
    """Whether the run is ``--quiet``: errors only, no progress bars, no notes."""
    ctx = click.get_current_context(silent=True)
    return ctx is not None and ctx.meta.get(VERBOSITY, 0) < 0


def bars_shown() -> bool:
    """Whether a progress bar is drawn: stderr is a terminal and the run is not ``--quiet``."""
    return sys.stderr.isatty() and not quiet()


def expand(paths: tuple[str, ...], *, statistics: bool = False) -> list[str]:
    """Files as given; a folder stands for the CSV, TSV, TXT and XLSX files in it (filled
    forms, say), and with ``statistics`` its PC-Axis and JSON-stat files too."""
    suffixes = {".csv", ".tsv", ".txt", ".xlsx", ".xlsm"} | (
        {".px", ".json"} if statistics else set()
    )
    found: list[str] = []
    for item in map(Path, paths):
        if item.is_dir():
            found += sorted(
                str(p)
                for p in item.iterdir()
                if p.suffix.lower() in suffixes and not p.name.startswith("~$")
            )
        else:
            found.append(str(item))
    return found


class progress_bar:
    """A progress bar on stderr for big files, only when stderr is a terminal."""

    def __init__(self, path: Path, lang: str) -> None:
        self.path = path
        self.lang = lang
        self.bar: Any = None

    def __enter__(self) -> Callable[[int], None] | None:
        big = self.path.stat().st_size > 5_000_000
        if not (big and bars_shown()):
            return None
        self.bar = click.progressbar(
            length=None, label=t("run_importing", self.lang, name=self.path.name), file=sys.stderr
        )
        self.bar.__enter__()
        return lambda rows: self.bar.update(rows)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)


class counted_bar:
    """A progress bar on stderr over a count the library tells as (done, total): the sheets
    of a workbook, the pages of a site, the parts of a PDF laid out.

    Shown only when stderr is a terminal, like the import's bar, so output piped to a
    file or read by a test is exactly the command's lines. Entering gives the callback
    to pass to the library, or None when there is no terminal.
    """

    def __init__(self, label: str) -> None:
        self.label = label
        self.bar: Any = None
        self.done = 0

    def __enter__(self) -> Callable[[int, int], None] | None:
        return self.update if bars_shown() else None

    def update(self, done: int, total: int) -> None:
        if self.bar is None:
            self.bar = click.progressbar(length=total, label=self.label, file=sys.stderr)
            self.bar.__enter__()
        if done > self.done:
            self.bar.update(done - self.done)
            self.done = done

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)
            self.bar = None


class demo_steps:
    """The demo's running commentary: a line as each step starts, and a progress bar on
    stderr (when it is a terminal) for the workbook's sheets and the site's pages."""

    BARS = {"workbook": "bar_sheets", "site": "bar_pages"}

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.bar: counted_bar | None = None

    def start(self, step: str, path: Path) -> Callable[[int, int], None] | None:
        self.close()
        click.echo(t(f"demo_step_{step}", self.lang, path=path))
        if step not in self.BARS:
            return None
        self.bar = counted_bar(t(self.BARS[step], self.lang))
        return self.bar.__enter__()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None

    def __enter__(self) -> demo_steps:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
