"""What importing a file did, and the error that says it was rejected.

Kept apart from :mod:`benchlearn.importing.write` so that the control rules
(:mod:`benchlearn.importing.control`) can add to a result without importing
the writer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from benchlearn.errors import Problem, ValidationError
from benchlearn.importing.keys import FileKeys
from benchlearn.importing.validate import Touched


@dataclass
class ImportResult:
    """What importing one file did (or, for a dry run or a rejected file, would do)."""

    file: str
    rows_read: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    batch_id: int | None = None
    dry_run: bool = False
    written: bool = False
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    # what was left out on purpose, not an error: totals of an official statistics file, say
    notes: list[Problem] = field(default_factory=list)
    # year -> (indicator ids, municipality ids) written for indicators that have control rules
    touched: Touched = field(default_factory=dict, repr=False)
    # where each value is in the file: (row, column), so a broken rule names its cell
    # and a key given twice names both rows
    cells: FileKeys = field(default_factory=FileKeys, repr=False)
    # values read from percentage-formatted cells as the percentage they show
    percent_cells: int = 0
    #: Values whose visibility the file changed (a ``visibility`` column or ``--visibility``).
    visibility_set: int = 0

    @property
    def changed(self) -> int:
        """Values inserted or updated."""
        return self.inserted + self.updated


class ImportRejected(ValidationError):
    """A file had problems and nothing of it was written."""

    def __init__(self, result: ImportResult) -> None:
        self.result = result
        # Broken control rules are about values together, not one row: they add no rows.
        values = {"file": result.file, "count": len(result.problems), "rows": result.rejected}
        key = "imp_rejected_rows" if result.rejected else "imp_rejected"
        super().__init__(result.problems, key=key, values=values)
