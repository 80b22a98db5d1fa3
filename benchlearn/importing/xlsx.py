"""Reading XLSX value files: every visible sheet with content is a table of values.

Sheets are streamed row by row (openpyxl's read-only mode) into the long
chunks of :mod:`.tables`; hidden sheets are never read. What a reader of the
sheet sees decides: a cell formatted as a percentage is marked, so its
number (0.55, shown as 55 %) is not silently stored as a hundredth; a formula
whose result was never saved is refused, naming the cell. Before openpyxl
reads anything, the workbook's shared-strings table is counted against the
file's size (:func:`check_shared_strings`): a table that declares millions of
entries in a few kilobytes would take minutes and gigabytes to read.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from benchlearn.errors import BenchlearnError, Problem
from benchlearn.importing.headers import column_letter, shapes
from benchlearn.importing.mapping import ColumnMap
from benchlearn.importing.tables import (
    Chunk,
    cannot_import,
    cell_text,
    read_header,
    to_long,
    unreadable,
)
from benchlearn.messages import LANGUAGES, number

if TYPE_CHECKING:
    import pandas as pd


def xlsx_chunks(
    path: Path, year: int | None, columns: ColumnMap, chunk_rows: int
) -> Iterator[tuple[Chunk, int | None]]:
    import pandas as pd

    file = str(path)
    check_shared_strings(path)
    workbook = _open_workbook(path)
    try:
        # Empty sheets (Excel's Sheet2 and Sheet3 of old) are not tables and not named.
        filled = [
            (sheet, header)
            for sheet in workbook.worksheets
            if sheet.sheet_state == "visible"
            for header in [_header_of(sheet)]
            if header or _has_content(sheet)
        ]
        named = len(filled) > 1
        tables: list[tuple[Any, str, list[str], list[str], str]] = []
        problems: list[Problem] = []
        notes: dict[str, tuple[Problem, ...]] = {}
        for sheet, raw in filled:
            where = f"{file} [{sheet.title}]" if named else file
            if not raw:
                problems.append(Problem.of(where, "imp_empty_header", row=1))
                continue
            header, shape, notes[where], found = read_header(where, raw, year, columns)
            if found and named and "municipality" not in header and "indicator" not in header:
                found = [Problem.of(where, "imp_sheet_not_values", shapes(), row=1)]
            problems += found
            own = [" ".join(cell.split()) for cell in raw]
            tables.append((sheet, where, own, header, shape))
        if problems:
            raise cannot_import(file, problems)
        if not tables:
            raise cannot_import(file, [Problem.of(file, "imp_empty_workbook")])
        formulas = _formula_book(path)
        stray = _Stray()
        try:
            for sheet, where, own, header, shape in tables:
                written = formulas[sheet.title] if formulas is not None else None
                rows = _sheet_rows(sheet, written, where, own, stray)
                for first_row, batch, percent in _batches(rows, chunk_rows):
                    frame = pd.DataFrame(batch, columns=header)
                    marked = _percent_frame(percent, len(batch), header)
                    long, first = to_long(frame, shape, year, first_row, marked)
                    said, notes[where] = notes[where], ()
                    chunk = Chunk(where, long, spreadsheet=True, names=columns.sources())
                    yield replace(chunk, notes=said), first
        finally:
            if formulas is not None:
                formulas.close()
        problems = stray.outside + ([] if stray.saved else stray.unsaved)
        if problems:
            raise cannot_import(file, problems)
    finally:
        workbook.close()


@dataclass
class _Stray:
    """What a workbook's rows hold outside the table: cells beyond the header, and
    formulas whose results were never saved (``saved``: some formula's result was)."""

    outside: list[Problem] = field(default_factory=list)
    unsaved: list[Problem] = field(default_factory=list)
    saved: bool = False


def _sheet_rows(
    sheet: Any, written: Any, where: str, header: list[str], stray: _Stray
) -> Iterator[tuple[list[str], list[int]]]:
    """A sheet's data rows as texts as wide as its header, and the positions of its cells
    formatted as percentages, noting what lies outside the header.

    ``written``: the same sheet read with its formulas (None when the workbook has none).
    """
    width = len(header)
    formulas = (
        written.iter_rows(min_row=2, values_only=True)
        if written is not None
        else itertools.repeat(())
    )
    for row, read in enumerate(sheet.iter_rows(min_row=2), 2):
        cells = [cell.value for cell in read]
        texts = [cell_text(c) for c in cells]
        percent = [
            i
            for i, cell in enumerate(read[:width])
            if isinstance(cell.value, int | float)
            and not isinstance(cell.value, bool)
            and _is_percent_format(getattr(cell, "number_format", None))
        ]
        stray.outside += [
            Problem.of(where, "imp_cell_outside_header", row=row, column=column_letter(i))
            for i in range(width, len(texts))
            if texts[i] != ""
        ]
        for i, formula in enumerate(next(formulas, ())):
            if _is_formula(formula) and i < len(cells):
                if cells[i] is not None:
                    stray.saved = True
                else:
                    column = header[i] if i < width and header[i] else column_letter(i)
                    problem = Problem.of(where, "imp_formula_unsaved", row=row, column=column)
                    stray.unsaved.append(problem)
        yield texts[:width] + [""] * (width - len(texts)), percent


def _is_percent_format(number_format: str | None) -> bool:
    """A number format that shows a cell's number times 100 with a % sign (``0%``, ``0.0%``);
    a ``%`` in quotes or escaped is text the format writes, not a percentage."""
    if not number_format or "%" not in number_format:
        return False
    return "%" in re.sub(r'"[^"]*"|\\.', "", number_format)


def _batches(
    rows: Iterator[tuple[list[str], list[int]]], chunk_rows: int
) -> Iterator[tuple[int, list[list[str]], dict[int, list[int]]]]:
    """Rows in lists of ``chunk_rows``, each with the sheet row of its first and, by
    position in the list, the percentage-formatted cells of its rows that have any."""
    batch: list[list[str]] = []
    percent: dict[int, list[int]] = {}
    first_row = 2
    for texts, marked in rows:
        if marked:
            percent[len(batch)] = marked
        batch.append(texts)
        if len(batch) >= chunk_rows:
            yield first_row, batch, percent
            first_row += len(batch)
            batch, percent = [], {}
    if batch:
        yield first_row, batch, percent


def _percent_frame(
    percent: dict[int, list[int]], count: int, header: list[str]
) -> pd.DataFrame | None:
    """Which cells of a batch are percentage-formatted, as a frame shaped like the batch
    (None when none is, the usual case, so nothing is spent on it)."""
    if not percent:
        return None
    import numpy as np
    import pandas as pd

    flags = np.zeros((count, len(header)), dtype=bool)
    for position, indexes in percent.items():
        flags[position, indexes] = True
    return pd.DataFrame(flags, columns=header)


def _formula_book(path: Path) -> Any:
    """The workbook with its formulas instead of their results, when it has any formula.

    A workbook written by a program rather than saved by Excel holds formulas without
    their results; read for values, such a cell is empty, and a wide file would lose
    its value without a word. Most value files have no formula, so the workbook is
    opened a second time only when a sheet's XML holds one.
    """
    import zipfile

    from openpyxl import load_workbook

    tag = re.compile(rb"<(?:\w+:)?f[ >/]")
    with zipfile.ZipFile(path) as archive:
        parts = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        for name in parts:
            with archive.open(name) as handle:
                tail = b""
                while block := handle.read(1 << 20):
                    if tag.search(tail + block):
                        return load_workbook(path, read_only=True, data_only=False)
                    tail = block[-16:]
    return None


def _is_formula(cell: Any) -> bool:
    """A cell read with formulas: a formula (text from ``=``, or an array formula)."""
    if isinstance(cell, str):
        return cell.startswith("=")
    return hasattr(cell, "text") and hasattr(cell, "ref")


#: Entries a shared-strings table may hold beyond one per byte of the file: a workbook's
#: distinct texts take at least a byte each once compressed, a table of empty entries far less.
SHARED_STRINGS_SPARE = 10_000
_SHARED_STRING = re.compile(rb"<(?:\w+:)?si[\s>/]")


def check_shared_strings(path: Path) -> None:
    """Refuse a workbook whose table of texts holds more entries than its size can carry.

    openpyxl reads the whole table when it opens a workbook; a 125 KB file whose
    table decompresses to millions of entries took 52 s and 450 MB. Entries are
    counted as the part decompresses, stopping at the limit, so a refusal takes
    well under a second. A file that is no zip is left for the opening to name.
    """
    import zipfile
    import zlib

    size = path.stat().st_size
    most = size + SHARED_STRINGS_SPARE
    try:
        with zipfile.ZipFile(path) as archive:
            parts = [n for n in archive.namelist() if n.lower().endswith("sharedstrings.xml")]
            for name in parts:
                count = 0
                tail = b""
                with archive.open(name) as handle:
                    while block := handle.read(1 << 20):
                        # an entry cut between blocks is counted in the next one
                        count += len(_SHARED_STRING.findall(tail + block))
                        tail = block[-8:]
                        count -= len(_SHARED_STRING.findall(tail))
                        if count > most:
                            values = {
                                "file": str(path),
                                "most": {lang: number(most, lang, 0) for lang in LANGUAGES},
                                "size": {lang: number(size, lang, 0) for lang in LANGUAGES},
                            }
                            raise BenchlearnError.of("imp_shared_strings", values)
    except (zipfile.BadZipFile, zlib.error, OSError, RuntimeError, NotImplementedError, EOFError):
        return


def _open_workbook(path: Path) -> Any:
    """The workbook read-only, or an error that says what the file is instead."""
    import zipfile

    from openpyxl import load_workbook

    file = str(path)
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except zipfile.BadZipFile:
        with path.open("rb") as handle:
            start = handle.read(8)
        key = "imp_xls_file" if start.startswith(b"\xd0\xcf\x11\xe0") else "imp_not_zip"
        raise BenchlearnError.of(key, {"file": file}) from None
    except OSError as exc:
        raise unreadable(file, "XLSX", exc) from exc
    except Exception:  # openpyxl raises many types for a zip that is no workbook
        raise BenchlearnError.of("imp_zip_not_xlsx", {"file": file}) from None


def _header_of(sheet: Any) -> list[str]:
    """A sheet's first row as texts, without the empty cells at its end."""
    header_cells = next(sheet.iter_rows(values_only=True, max_row=1), None)
    header = [c if isinstance(c, str) else cell_text(c) for c in header_cells or ()]
    while header and header[-1].strip() == "":
        header.pop()
    return header


def _has_content(sheet: Any) -> bool:
    """Whether any cell of a sheet holds something."""
    return any(
        any(cell_text(c) != "" for c in cells) for cells in sheet.iter_rows(values_only=True)
    )
