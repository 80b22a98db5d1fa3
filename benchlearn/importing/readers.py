"""Reading value files (long or wide CSV, XLSX) into chunks of raw text rows.

Files come in two shapes:

* **long**: columns ``municipality,indicator,year,value`` and optionally
  ``status`` (one row per value);
* **wide**: a ``municipality`` column, a ``year`` column (or a year given by the
  caller), optionally ``name``, and one column per indicator code.

Either way the importer receives the same long chunks with spreadsheet row
numbers, so every problem can name its row and column. Reading is streamed.

What a file may look like is decided here, once, so that nothing is guessed
later: a CSV file is UTF-8 (with or without a byte-order mark), UTF-16 with a
byte-order mark (Excel's "Unicode text"), or Windows-1257 when its bytes are
not UTF-8 and every letter beyond ASCII is Latvian; its delimiter is the comma,
semicolon or tab that splits its header into the most columns, and a file
separated by semicolons or tabs (as Latvian Excel saves it) may write decimal
commas. A row with more cells than the header is an error, not a shifted row.
An XLSX workbook is read sheet by sheet: every visible sheet with content is a
table of values; hidden sheets are never read.
"""

from __future__ import annotations

import codecs
import csv
import itertools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from benchlearn.errors import BenchlearnError, Problem, ValidationError
from benchlearn.importing.mapping import DELIMITERS, ColumnMap
from benchlearn.messages import LANGUAGES, number, phrase, say

if TYPE_CHECKING:
    import pandas as pd

STATUS_CODES = {"-": "missing", ".": "not applicable", "..": "confidential"}
CHUNK_ROWS = 200_000
LONG_COLUMNS = ("municipality", "indicator", "year", "value")
#: Letters and signs a Windows-1257 file may hold beyond ASCII for it to be read as Latvian.
LATVIAN = frozenset("āčēģīķļņšūžĀČĒĢĪĶĻŅŠŪŽ\u00a0“”„«»‘’–—…€°§")
#: Texts longer than this are shortened in messages.
LONGEST_QUOTED = 40


@dataclass(frozen=True)
class Chunk:
    """Raw rows of a file in long shape, all cells as text, with their row numbers and columns.

    ``value_column`` names the column a value came from (``value`` in a long
    file, the indicator's column in a wide one) so problems point at the cell.
    ``decimal_comma``: the file may write ``12,5`` for 12.5 (a CSV file separated by
    semicolons or tabs); ``spreadsheet``: cells that hold numbers, so ``12,5`` is a text cell.
    ``names``: the file's own name of each mapped column (``--map``), for problems to name.
    """

    file: str
    frame: pd.DataFrame  # municipality, indicator, year, value, status, row, value_column
    decimal_comma: bool = False
    spreadsheet: bool = False
    names: Mapping[str, str] = field(default_factory=dict)


def shortened(text: str) -> str | dict[str, str]:
    """A cell's text as a message quotes it: a very long one by its start and its length.

    A 100,000-character code would otherwise fill the screen; the result is the
    text itself, or its start and length in every language.
    """
    if len(text) <= LONGEST_QUOTED:
        return text
    start = text[:LONGEST_QUOTED]
    return {
        lang: say("imp_long_text", lang, {"start": start, "count": number(len(text), lang, 0)})
        for lang in LANGUAGES
    }


def read_chunks(
    path: Path, *, year: int | None = None, columns: ColumnMap | None = None
) -> Iterator[Chunk]:
    """Yield the file's rows in long shape, chunk by chunk, its columns renamed by ``columns``.

    A file with no data rows, or whose data rows hold no value at all, is an
    error: it would otherwise "change nothing" without saying why.
    """
    suffix = path.suffix.lower()
    columns = columns or ColumnMap()
    if suffix in {".xlsx", ".xlsm"}:
        chunks = _xlsx_chunks(path, year, columns)
    elif suffix in {".csv", ".txt", ".tsv"}:
        chunks = _csv_chunks(path, year, columns)
    else:
        raise BenchlearnError.of("imp_file_type", {"file": str(path), "suffix": suffix})
    first_data_row: tuple[str, int] | None = None
    values = 0
    for chunk, first in chunks:
        if first_data_row is None and first is not None:
            first_data_row = (chunk.file, first)
        values += len(chunk.frame)
        if len(chunk.frame):
            yield chunk
    if first_data_row is None:
        raise _cannot_import(str(path), [Problem.of(str(path), "imp_no_rows", row=2)])
    if values == 0:
        file, row = first_data_row
        raise _cannot_import(str(path), [Problem.of(file, "imp_no_values", row=row)])


def header_problems(file: str, header: list[str], year: int | None) -> tuple[str, list[Problem]]:
    """Decide long or wide shape from the header; report what is missing."""
    problems = [
        Problem.of(file, "imp_column_twice", {"column": shortened(h)}, row=1)
        for h in sorted({h for h in header if header.count(h) > 1})
    ]
    if "indicator" in header or "value" in header:
        missing = [c for c in LONG_COLUMNS if c not in header]
        if year is not None and missing == ["year"]:
            missing = []
        problems += [Problem.of(file, "imp_no_column", {"column": c}, row=1) for c in missing]
        return "long", problems
    if "municipality" not in header:
        problems.append(Problem.of(file, "imp_header_shape", _shapes(), row=1))
    if "year" not in header and year is None:
        problems.append(Problem.of(file, "imp_no_year_column", row=1))
    return "wide", problems


def _shapes() -> dict[str, object]:
    """The two headers a table of values may have, for a message that names them."""
    wide = {
        lang: f"municipality,year,{text}" for lang, text in phrase("imp_indicator_codes").items()
    }
    return {"long": "municipality,indicator,year,value", "wide": wide}


def column_letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column: 0 is A, 26 is AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def to_long(
    frame: pd.DataFrame, shape: str, year: int | None, first_row: int
) -> tuple[pd.DataFrame, int | None]:
    """Bring a raw chunk to the long columns, with the spreadsheet row numbers.

    Fully empty rows are left out (formatting, not data). Returns the long rows
    and the row number of the chunk's first data row (None when it has none).
    """
    import numpy as np
    import pandas as pd

    frame = frame.copy()
    frame["row"] = np.arange(first_row, first_row + len(frame))
    frame = frame[(frame.drop(columns="row") != "").any(axis=1).to_numpy()]
    first = int(frame["row"].iloc[0]) if len(frame) else None
    if year is not None and "year" not in frame:
        frame["year"] = str(year)
    if shape == "long":
        if "status" not in frame:
            frame["status"] = ""
        frame["value_column"] = "value"
        columns = ["municipality", "indicator", "year", "value", "status", "row", "value_column"]
        return frame[columns], first
    unnamed = {c: column_letter(i) for i, c in enumerate(frame.columns) if c == ""}
    indicators = [c for c in frame.columns if c not in {"municipality", "year", "name", "row"}]
    long = frame.melt(
        id_vars=["municipality", "year", "row"],
        value_vars=indicators,
        var_name="indicator",
        value_name="value",
    )
    long["value"] = long["value"].fillna("").astype(str).str.strip()
    long = long[long["value"] != ""]
    is_status = long["value"].isin(list(STATUS_CODES))
    long["status"] = np.where(is_status, long["value"], "")
    long["value_column"] = long["indicator"].replace(unnamed) if unnamed else long["indicator"]
    result = pd.DataFrame(
        long[["municipality", "indicator", "year", "value", "status", "row", "value_column"]]
    ).sort_values(["row", "indicator"], kind="stable")
    return result, first


def _csv_chunks(
    path: Path, year: int | None, columns: ColumnMap
) -> Iterator[tuple[Chunk, int | None]]:
    import pandas as pd

    file = str(path)
    tab = path.suffix.lower() == ".tsv"
    encoding = _csv_encoding(path, tab)
    try:
        with path.open(encoding=encoding, newline="") as handle:
            first_line = _first_record(handle)
    except OSError as exc:
        raise _unreadable(file, "CSV", exc) from exc
    if not first_line.strip():
        key = "imp_empty_file" if not first_line else "imp_empty_header"
        raise _cannot_import(file, [Problem.of(file, key, row=1)])
    sep = "\t" if tab else _delimiter(first_line)
    if first_line.count('"') % 2:
        raise _cannot_import(file, [Problem.of(file, "imp_open_quote", row=1)])
    try:
        header = _header_cells(first_line, sep)
    except csv.Error as exc:
        problem = Problem.of(file, "imp_bad_line", {"error": str(exc)}, row=1)
        raise _cannot_import(file, [problem]) from None
    header, mapped = columns.header(file, header)
    shape, problems = header_problems(file, header, year)
    problems = mapped or problems  # a column mapped wrongly first: the rest follows from it
    if problems:
        raise _cannot_import(file, problems)
    try:
        reader = pd.read_csv(
            path,
            sep=sep,
            header=None,
            dtype=str,
            na_filter=False,
            keep_default_na=False,
            skip_blank_lines=False,
            chunksize=CHUNK_ROWS,
            encoding=encoding,
            skipinitialspace=True,
            engine="c",
        )
        first_row = 1
        for raw in reader:
            if first_row == 1:
                raw = raw.iloc[1:]
            raw = raw.reindex(columns=range(len(header)), fill_value="")
            raw.columns = header
            long, first = to_long(raw, shape, year, max(first_row, 2))
            yield Chunk(file, long, decimal_comma=sep != ",", names=columns.sources()), first
            first_row = max(first_row, 2) + len(raw)
    except pd.errors.ParserError as exc:
        raise _misshapen(path, encoding, sep, len(header), str(exc)) from None


def _csv_encoding(path: Path, tab: bool) -> str:
    """The encoding to read a CSV file with, or an error naming the row of a bad byte.

    UTF-8 (byte-order mark or not) and UTF-16 with a byte-order mark; a file that
    is not UTF-8 is read as Windows-1257 when every letter beyond ASCII it holds is
    Latvian there, as Latvian Windows saves "CSV (comma delimited)".
    """
    file = str(path)
    try:
        with path.open("rb") as handle:
            start = handle.read(8)
            if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                return "utf-16"
            if start.startswith(b"PK\x03\x04"):
                raise BenchlearnError.of("imp_csv_is_zip", {"file": file})
            if start.startswith(b"\xd0\xcf\x11\xe0"):
                raise BenchlearnError.of("imp_xls_file", {"file": file})
            handle.seek(0)
            decoder = codecs.getincrementaldecoder("utf-8")()
            utf8 = True
            for block in iter(lambda: handle.read(1 << 20), b""):
                if b"\x00" in block:
                    raise _bad_text(path, tab, "imp_nul_byte")
                try:
                    decoder.decode(block)
                except UnicodeDecodeError:
                    utf8 = False
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                utf8 = False
    except OSError as exc:
        raise _unreadable(file, "CSV", exc) from exc
    if utf8:
        return "utf-8-sig"
    if _looks_latvian(path):
        return "cp1257"
    raise _bad_text(path, tab, "imp_not_utf8")


def _looks_latvian(path: Path) -> bool:
    """Every byte decodes as Windows-1257 and every character beyond ASCII is Latvian."""
    decoder = codecs.getincrementaldecoder("cp1257")()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            try:
                text = decoder.decode(block)
            except UnicodeDecodeError:
                return False
            if not {c for c in text if ord(c) > 127} <= LATVIAN:
                return False
    return True


def _bad_text(path: Path, tab: bool, key: str) -> ValidationError:
    """The first cell holding a NUL or a byte that is not UTF-8, as a problem.

    The file is read as UTF-8 with each undecodable byte kept as a lone surrogate
    (and a NUL as one of its own), so the row and column are a spreadsheet's.
    """
    file = str(path)
    with path.open(encoding="utf-8-sig", errors="surrogateescape", newline="") as handle:
        lines = (line.replace("\x00", "\udc00") for line in handle)
        first_line = _first_record(lines)
        sep = "\t" if tab else _delimiter(first_line)
        try:
            header = _header_cells(first_line, sep)
        except csv.Error:
            header = []
        row = 0
        try:
            records = csv.reader(itertools.chain([first_line], lines), delimiter=sep)
            for row, record in enumerate(records, start=1):
                for index, cell in enumerate(record):
                    found = _found_byte(cell)
                    if found:
                        column = header[index] if index < len(header) else column_letter(index)
                        problem = Problem.of(
                            file, key, {"byte": found}, row=row, column=str(shortened(column))
                        )
                        return _cannot_import(file, [problem])
        except csv.Error:
            pass
    return _cannot_import(file, [Problem.of(file, key, {"byte": "?"}, row=row or None)])


#: Physical lines a header row may span (a column name with a line break typed into it).
HEADER_LINES = 20


def _first_record(lines: Iterator[str]) -> str:
    """The text of a CSV file's first record, which may span lines inside quotes.

    A column name typed with a line break (Alt+Enter in Excel) is quoted over two
    lines; reading only the first line would cut the header there. A quote left
    open for more than ``HEADER_LINES`` lines is left for the header's reader to
    report.
    """
    text = ""
    for count, line in enumerate(lines, start=1):
        text += line
        if text.count('"') % 2 == 0 or count >= HEADER_LINES:
            break
    return text


def _header_cells(record: str, sep: str) -> list[str]:
    """Column names of a header record, with line breaks and runs of spaces made one space."""
    cells = next(csv.reader([record.rstrip("\r\n")], delimiter=sep, strict=True), [])
    return [" ".join(cell.split()) for cell in cells]


def _found_byte(cell: str) -> str | None:
    """The first undecodable byte of a cell (kept as a lone surrogate), in hex."""
    for char in cell:
        if "\udc00" <= char <= "\udcff":
            return f"{ord(char) - 0xDC00:02X}"
    return None


def _delimiter(first_line: str) -> str:
    """The delimiter that splits the header into the most columns (a comma on a tie)."""

    def width(sep: str) -> int:
        try:
            return len(next(csv.reader([first_line], delimiter=sep), []))
        except csv.Error:
            return 0

    return max(DELIMITERS, key=width)


def _misshapen(path: Path, encoding: str, sep: str, width: int, error: str) -> BenchlearnError:
    """Why pandas could not split the file: every row with more cells than the header, or
    the row where a quoted cell is never closed."""
    file = str(path)
    opened = re.search(r"EOF inside string starting at row (\d+)", error)
    if opened:
        problem = Problem.of(file, "imp_open_quote", row=int(opened.group(1)) + 1)
        return _cannot_import(file, [problem])
    problems = []
    row = 0
    with path.open(encoding=encoding, newline="") as handle:
        try:
            for row, record in enumerate(csv.reader(handle, delimiter=sep), start=1):
                if len(record) > width:
                    values = {"count": len(record), "width": width}
                    problems.append(Problem.of(file, "imp_too_many_cells", values, row=row))
        except csv.Error as exc:
            problems.append(Problem.of(file, "imp_bad_line", {"error": str(exc)}, row=row + 1))
    if problems:
        return _cannot_import(file, problems)
    return _unreadable(file, "CSV", ValueError(error))


def _xlsx_chunks(
    path: Path, year: int | None, columns: ColumnMap
) -> Iterator[tuple[Chunk, int | None]]:
    import pandas as pd

    file = str(path)
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
        for sheet, own in filled:
            where = f"{file} [{sheet.title}]" if named else file
            if not own:
                problems.append(Problem.of(where, "imp_empty_header", row=1))
                continue
            header, mapped = columns.header(where, own)
            shape, found = header_problems(where, header, year)
            if found and named and "municipality" not in header and "indicator" not in header:
                found = [Problem.of(where, "imp_sheet_not_values", _shapes(), row=1)]
            problems += mapped or found
            tables.append((sheet, where, own, header, shape))
        if problems:
            raise _cannot_import(file, problems)
        if not tables:
            raise _cannot_import(file, [Problem.of(file, "imp_empty_workbook")])
        formulas = _formula_book(path)
        stray = _Stray()
        try:
            for sheet, where, own, header, shape in tables:
                written = formulas[sheet.title] if formulas is not None else None
                rows = _sheet_rows(sheet, written, where, own, stray)
                for first_row, batch in _batches(rows):
                    frame = pd.DataFrame(batch, columns=header)
                    long, first = to_long(frame, shape, year, first_row)
                    yield Chunk(where, long, spreadsheet=True, names=columns.sources()), first
        finally:
            if formulas is not None:
                formulas.close()
        problems = stray.outside + ([] if stray.saved else stray.unsaved)
        if problems:
            raise _cannot_import(file, problems)
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
) -> Iterator[list[str]]:
    """A sheet's data rows as texts as wide as its header, noting what lies outside it.

    ``written``: the same sheet read with its formulas (None when the workbook has none).
    """
    width = len(header)
    formulas = (
        written.iter_rows(min_row=2, values_only=True)
        if written is not None
        else itertools.repeat(())
    )
    for row, cells in enumerate(sheet.iter_rows(min_row=2, values_only=True), 2):
        texts = [cell_text(c) for c in cells]
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
        yield texts[:width] + [""] * (width - len(texts))


def _batches(rows: Iterator[list[str]]) -> Iterator[tuple[int, list[list[str]]]]:
    """Rows in lists of :data:`CHUNK_ROWS`, each with the sheet row of its first."""
    batch: list[list[str]] = []
    first_row = 2
    for texts in rows:
        batch.append(texts)
        if len(batch) >= CHUNK_ROWS:
            yield first_row, batch
            first_row += len(batch)
            batch = []
    if batch:
        yield first_row, batch


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
        raise _unreadable(file, "XLSX", exc) from exc
    except Exception:  # openpyxl raises many types for a zip that is no workbook
        raise BenchlearnError.of("imp_zip_not_xlsx", {"file": file}) from None


def _header_of(sheet: Any) -> list[str]:
    """A sheet's first row as texts, without the empty cells at its end."""
    header_cells = next(sheet.iter_rows(values_only=True, max_row=1), None)
    header = [" ".join(cell_text(c).split()) for c in header_cells or ()]
    while header and header[-1] == "":
        header.pop()
    return header


def _has_content(sheet: Any) -> bool:
    """Whether any cell of a sheet holds something."""
    return any(
        any(cell_text(c) != "" for c in cells) for cells in sheet.iter_rows(values_only=True)
    )


def _unreadable(file: str, kind: str, error: Exception) -> BenchlearnError:
    """A file that cannot be read as ``kind`` (CSV, XLSX), with the reader's own reason."""
    return BenchlearnError.of("imp_cannot_read", {"file": file, "kind": kind, "error": str(error)})


def _cannot_import(file: str, problems: list[Problem]) -> ValidationError:
    """A file whose header (or emptiness) stops it from being imported at all."""
    return ValidationError(problems, key="imp_cannot_import", values={"file": file})


def cell_text(cell: Any) -> str:
    """A spreadsheet cell as text; numbers keep full precision, whole floats lose the .0."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return str(cell)
    if isinstance(cell, float):
        return str(int(cell)) if cell.is_integer() and abs(cell) < 1e15 else repr(cell)
    return str(cell).strip()
