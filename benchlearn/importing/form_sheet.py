"""A returned form's sheet, read as it was made: its columns checked first, its cells as saved.

Two things could make a form's figures land in the wrong place or vanish without a
word; both are caught here, before a value is taken:

* A column inserted or deleted by the municipality moves the value and status
  columns (and a matrix form's cells) away from where the signed key says they
  are: read there, last year's figure would pass for this year's. The key signs
  the header row as the form was made, and :func:`check_columns` compares the
  sheet's header row with it, so a moved column is refused with one sentence
  naming the first column that differs. Rows moved as a whole (the header found
  on another row) are left to the row check, which names the row.
* A formula typed into an input cell of a form saved by a program that does not
  compute (a script with openpyxl, some converters) has no result: read for
  values, the cell is empty and its figure would be lost. :class:`FormCells`
  reads each formula's saved result and notes a formula without one as a
  problem naming the sheet, the row and the column, as the XLSX reader does.
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from pathlib import Path
from typing import Any

from benchlearn.errors import BenchlearnError, Problem

FIRST_ROW = 10  # spreadsheet row of the first indicator (1-based)
HEADER_ROW = FIRST_ROW - 1
#: How far from its place the header row is looked for, to tell moved rows from columns.
_HEADER_SEARCH = 60


def cell_text(cell: Any) -> str:
    """A cell's value as the form's reader compares and imports it."""
    if cell is None:
        return ""
    if isinstance(cell, float):
        return str(int(cell)) if cell.is_integer() and abs(cell) < 1e15 else repr(cell)
    return str(cell).strip()


def column_letter(column: int) -> str:
    """A 1-based column number as a spreadsheet names it: 1 → A, 28 → AB."""
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(column))


def check_columns(sheet: Any, file: str, expected: Mapping[int, Set[str]]) -> None:
    """Refuse a form whose header row no longer has ``expected`` (1-based column → the
    texts it may hold) with ``form_columns_changed``, naming the first column that differs.

    When the whole header stands on another row, rows were inserted or deleted above
    it, not columns: the cover and row checks that follow say so.
    """
    changed = _first_difference(sheet, HEADER_ROW, expected)
    if changed is None:
        return
    for row in range(1, HEADER_ROW + _HEADER_SEARCH):
        if row != HEADER_ROW and _first_difference(sheet, row, expected) is None:
            return
    raise BenchlearnError.of(
        "form_columns_changed", {"file": file, "column": column_letter(changed)}
    )


def _first_difference(sheet: Any, row: int, expected: Mapping[int, Set[str]]) -> int | None:
    for column in sorted(expected):
        if cell_text(sheet.cell(row, column).value) not in expected[column]:
            return column
    return None


def code_moved_along_row(sheet: Any, row: int, code: str) -> int | None:
    """The column where ``code`` now stands on ``row``, if it does: a matrix form's hidden
    code found beside its place means columns were inserted or deleted, not rows."""
    for cells in sheet.iter_rows(min_row=row, max_row=row):
        for cell in cells:
            if cell_text(cell.value) == code:
                return int(cell.column)
    return None


class FormCells:
    """A form's sheet read for its values: each formula's saved result in its place.

    ``sheet`` comes from the workbook loaded with its formulas (openpyxl's default),
    so a formula is seen as one; only when the form holds one is the workbook loaded
    a second time for the results the saving program stored. A formula whose result
    was never stored is read as empty and noted in :attr:`problems`. One whose result
    is an empty text (``=IF(…;"";…)`` saved by Excel or LibreOffice) is empty, rightly.
    """

    def __init__(self, path: Path, sheet: Any) -> None:
        self.path, self.sheet = path, sheet
        self.problems: list[Problem] = []
        self._results: Any = None

    def text(self, row: int, column: int, heading: str) -> str:
        """The cell's text; ``heading`` names its column in a problem."""
        cell = self.sheet.cell(row, column)
        if cell.data_type != "f":
            return cell_text(cell.value)
        saved = self._saved().cell(row, column)
        if saved.value is None and saved.data_type != "str":
            where = f"{self.path} [{self.sheet.title}]"
            self.problems.append(Problem.of(where, "imp_formula_unsaved", row=row, column=heading))
            return ""
        return cell_text(saved.value)

    def _saved(self) -> Any:
        """The sheet as the saving program's results show it (loaded once, when needed)."""
        if self._results is None:
            from openpyxl import load_workbook

            self._results = load_workbook(self.path, data_only=True)
        return self._results[self.sheet.title]

    def close(self) -> None:
        if self._results is not None:
            self._results.close()
