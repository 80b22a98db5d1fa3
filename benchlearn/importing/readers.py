"""Reading value files (long or wide CSV, XLSX) into chunks of raw text rows.

Files come in two shapes:

* **long**: columns ``municipality,indicator,year,value`` and optionally
  ``status`` (one row per value);
* **wide**: a ``municipality`` column, a ``year`` column (or a year given by the
  caller), optionally ``name``, and one column per indicator code.

Either way the importer receives the same long chunks with spreadsheet row
numbers, so every problem can name its row and column. Reading is streamed.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from benchlearn.errors import BenchlearnError, Problem, ValidationError
from benchlearn.messages import phrase

if TYPE_CHECKING:
    import pandas as pd

STATUS_CODES = {"-": "missing", ".": "not applicable", "..": "confidential"}
CHUNK_ROWS = 200_000
LONG_COLUMNS = ("municipality", "indicator", "year", "value")


@dataclass(frozen=True)
class Chunk:
    """Raw rows of a file in long shape, all cells as text, with their row numbers and columns.

    ``value_column`` names the column a value came from (``value`` in a long
    file, the indicator's column in a wide one) so problems point at the cell.
    """

    file: str
    frame: pd.DataFrame  # municipality, indicator, year, value, status, row, value_column


def read_chunks(path: Path, *, year: int | None = None) -> Iterator[Chunk]:
    """Yield the file's rows in long shape, chunk by chunk."""
    suffix = path.suffix.lower()
    if suffix in {".xlsx", ".xlsm"}:
        yield from _xlsx_chunks(path, year)
    elif suffix in {".csv", ".txt", ".tsv"}:
        yield from _csv_chunks(path, year)
    else:
        raise BenchlearnError.of("imp_file_type", {"file": str(path), "suffix": suffix})


def _header_problems(file: str, header: list[str], year: int | None) -> tuple[str, list[Problem]]:
    """Decide long or wide shape from the header; report what is missing."""
    problems = [
        Problem.of(file, "imp_column_twice", {"column": h}, row=1)
        for h in sorted({h for h in header if header.count(h) > 1})
    ]
    if "indicator" in header or "value" in header:
        missing = [c for c in LONG_COLUMNS if c not in header]
        if year is not None and missing == ["year"]:
            missing = []
        problems += [Problem.of(file, "imp_no_column", {"column": c}, row=1) for c in missing]
        return "long", problems
    if "municipality" not in header:
        wide = {
            lang: f"municipality,year,{text}"
            for lang, text in phrase("imp_indicator_codes").items()
        }
        shapes = {"long": "municipality,indicator,year,value", "wide": wide}
        problems.append(Problem.of(file, "imp_header_shape", shapes, row=1))
    if "year" not in header and year is None:
        problems.append(Problem.of(file, "imp_no_year_column", row=1))
    return "wide", problems


def _to_long(frame: pd.DataFrame, shape: str, year: int | None, first_row: int) -> pd.DataFrame:
    """Bring a raw chunk to the long columns, with the spreadsheet row numbers."""
    import numpy as np
    import pandas as pd

    frame = frame.copy()
    frame["row"] = np.arange(first_row, first_row + len(frame))
    if year is not None and "year" not in frame:
        frame["year"] = str(year)
    if shape == "long":
        if "status" not in frame:
            frame["status"] = ""
        frame["value_column"] = "value"
        return frame[
            ["municipality", "indicator", "year", "value", "status", "row", "value_column"]
        ]
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
    long["value_column"] = long["indicator"]
    return pd.DataFrame(
        long[["municipality", "indicator", "year", "value", "status", "row", "value_column"]]
    ).sort_values(["row", "indicator"], kind="stable")


def _csv_chunks(path: Path, year: int | None) -> Iterator[Chunk]:
    import pandas as pd

    file = str(path)
    sep = "\t" if path.suffix.lower() == ".tsv" else ","
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            header = [h.strip() for h in next(csv.reader(handle, delimiter=sep), [])]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise _unreadable(file, "CSV", exc) from exc
    if not header:
        raise _cannot_import(file, [Problem.of(file, "imp_empty_file", row=1)])
    shape, problems = _header_problems(file, header, year)
    if problems:
        raise _cannot_import(file, problems)
    try:
        reader = pd.read_csv(
            path,
            sep=sep,
            dtype=str,
            keep_default_na=False,
            chunksize=CHUNK_ROWS,
            encoding="utf-8-sig",
            skipinitialspace=True,
        )
        first_row = 2
        for raw in reader:
            raw.columns = header
            yield Chunk(file, _to_long(raw, shape, year, first_row))
            first_row += len(raw)
    except (UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise _unreadable(file, "CSV", exc) from exc


def _xlsx_chunks(path: Path, year: int | None) -> Iterator[Chunk]:
    import pandas as pd
    from openpyxl import load_workbook

    file = str(path)
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise _unreadable(file, "XLSX", exc) from exc
    try:
        sheet = workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header_cells = next(rows, None)
        if header_cells is None:
            raise _cannot_import(file, [Problem.of(file, "imp_empty_sheet", row=1)])
        header = [_cell_text(c) for c in header_cells]
        while header and header[-1] == "":
            header.pop()
        shape, problems = _header_problems(file, header, year)
        if problems:
            raise _cannot_import(file, problems)
        buffer: list[list[str]] = []
        first_row = 2
        for cells in rows:
            texts = [_cell_text(c) for c in cells[: len(header)]]
            texts += [""] * (len(header) - len(texts))
            buffer.append(texts)
            if len(buffer) >= CHUNK_ROWS:
                yield Chunk(
                    file, _to_long(pd.DataFrame(buffer, columns=header), shape, year, first_row)
                )
                first_row += len(buffer)
                buffer = []
        # Trailing fully empty rows are formatting, not data.
        while buffer and not any(buffer[-1]):
            buffer.pop()
        if buffer:
            yield Chunk(
                file, _to_long(pd.DataFrame(buffer, columns=header), shape, year, first_row)
            )
    finally:
        workbook.close()


def _unreadable(file: str, kind: str, error: Exception) -> BenchlearnError:
    """A file that cannot be read as ``kind`` (CSV, XLSX), with the reader's own reason."""
    return BenchlearnError.of("imp_cannot_read", {"file": file, "kind": kind, "error": str(error)})


def _cannot_import(file: str, problems: list[Problem]) -> ValidationError:
    """A file whose header (or emptiness) stops it from being imported at all."""
    return ValidationError(problems, key="imp_cannot_import", values={"file": file})


def _cell_text(cell: Any) -> str:
    """A spreadsheet cell as text; numbers keep full precision, whole floats lose the .0."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return str(cell)
    if isinstance(cell, float):
        return str(int(cell)) if cell.is_integer() and abs(cell) < 1e15 else repr(cell)
    return str(cell).strip()
