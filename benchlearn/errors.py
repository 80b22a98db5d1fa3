"""Errors that benchlearn reports to its users.

Every error a user can cause derives from :class:`BenchlearnError`; the CLI turns
it into a one-line message (or a list of problems) and a non-zero exit code, so a
user never sees a traceback.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


class BenchlearnError(Exception):
    """Base class of every error benchlearn reports to a user."""


@dataclass(frozen=True)
class Problem:
    """One problem found in a file: where it is and what is wrong.

    ``row`` is the 1-based line number as a spreadsheet or editor shows it
    (the header is row 1); ``column`` is a column name or a key path.
    """

    file: str
    message: str
    row: int | None = None
    column: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column {self.column}" if self.row is not None else f": {self.column}"
        return f"{where}: {self.message}"


class ValidationError(BenchlearnError):
    """A file has problems; all of them are listed, not just the first."""

    def __init__(self, problems: Iterable[Problem], summary: str | None = None) -> None:
        self.problems = list(problems)
        self.summary = summary or f"{len(self.problems)} problem(s) found"
        super().__init__(self.summary)

    def __str__(self) -> str:
        return "\n".join([self.summary, *(str(p) for p in self.problems)])
