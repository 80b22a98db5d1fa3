"""What the readers of value files share: the long chunk, its shape, the header's reading.

CSV files (:mod:`.readers`) and XLSX workbooks (:mod:`.xlsx`) are read by
different code but give the importer the same thing: chunks of long rows, all
cells as text, with spreadsheet row numbers and columns, so every problem can
name its cell. This module holds that common ground, below both readers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from benchlearn.errors import BenchlearnError, Problem, ValidationError
from benchlearn.importing.headers import (
    STATUS_CODES,
    column_letter,
    forgiven,
    header_problems,
    too_wide,
)
from benchlearn.importing.mapping import ColumnMap

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Chunk:
    """Raw rows of a file in long shape, all cells as text, with their row numbers and columns.

    ``value_column`` names the column a value came from (``value`` in a long
    file, the indicator's column in a wide one) so problems point at the cell.
    ``decimal_comma``: the file may write ``12,5`` for 12.5 (a CSV file separated by
    semicolons or tabs); ``spreadsheet``: cells that hold numbers, so ``12,5`` is a text cell.
    ``names``: the file's own name of each mapped column (``--map``), for problems to name.
    ``notes``: what the import must say it did (a column name read in another case).
    A spreadsheet's frame may have a ``percent`` column: the value cell is formatted as a
    percentage, so its number is a fraction of what the reader sees.
    """

    file: str
    frame: pd.DataFrame  # municipality, indicator, year, value, status, row, value_column
    decimal_comma: bool = False
    spreadsheet: bool = False
    names: Mapping[str, str] = field(default_factory=dict)
    notes: tuple[Problem, ...] = ()


def to_long(
    frame: pd.DataFrame,
    shape: str,
    year: int | None,
    first_row: int,
    percent: pd.DataFrame | None = None,
) -> tuple[pd.DataFrame, int | None]:
    """Bring a raw chunk to the long columns, with the spreadsheet row numbers.

    Fully empty rows are left out (formatting, not data). Returns the long rows
    and the row number of the chunk's first data row (None when it has none).
    ``percent``: which cells are formatted as percentages (a frame shaped like
    ``frame``); the long rows then have a ``percent`` column.
    """
    import numpy as np
    import pandas as pd

    frame = frame.copy()
    frame["row"] = np.arange(first_row, first_row + len(frame))
    kept = (frame.drop(columns="row") != "").any(axis=1).to_numpy()
    frame = frame[kept]
    first = int(frame["row"].iloc[0]) if len(frame) else None
    if year is not None and "year" not in frame:
        frame["year"] = str(year)
    columns = ["municipality", "indicator", "year", "value", "status", "row", "value_column"]
    if percent is not None:
        columns.append("percent")
        percent = percent[kept]
    if "visibility" in frame:  # who may see the row's values (importing.visibility)
        columns.append("visibility")
    if shape == "long":  # the values' uncertainty (importing.uncertainty)
        columns += [c for c in ("se", "ci_low", "ci_high") if c in frame]
    if shape == "long":
        if "status" not in frame:
            frame["status"] = ""
        frame["value_column"] = "value"
        if percent is not None:
            frame["percent"] = percent["value"].to_numpy()
        return frame[columns], first
    unnamed = {c: column_letter(i) for i, c in enumerate(frame.columns) if c == ""}
    kept_apart = ["municipality", "year", "row", *(["visibility"] if "visibility" in frame else [])]
    indicators = [c for c in frame.columns if c not in {*kept_apart, "name"}]
    long = frame.melt(
        id_vars=kept_apart,
        value_vars=indicators,
        var_name="indicator",
        value_name="value",
    )
    if percent is not None:  # melted in the same order as the values
        long["percent"] = percent[indicators].melt(value_vars=indicators)["value"].to_numpy()
    long["value"] = long["value"].fillna("").astype(str).str.strip()
    long = long[long["value"] != ""]
    is_status = long["value"].isin(list(STATUS_CODES))
    long["status"] = np.where(is_status, long["value"], "")
    long["value_column"] = long["indicator"].replace(unnamed) if unnamed else long["indicator"]
    result = pd.DataFrame(long[columns]).sort_values(["row", "indicator"], kind="stable")
    return result, first


def read_header(
    file: str, raw: list[str], year: int | None, columns: ColumnMap
) -> tuple[list[str], str, tuple[Problem, ...], list[Problem]]:
    """A header's names (mapped, known names forgiven), its shape, the notes to show and
    its problems."""
    wide = too_wide(file, len(raw))
    if wide:
        return [], "wide", (), wide
    normal = [" ".join(cell.split()) for cell in raw]
    header, mapped = columns.header(file, normal)
    sources = columns.targets()
    renamed = {i for i, name in enumerate(normal) if name in sources}
    header, notes = forgiven(file, raw, header, renamed)
    shape, problems = header_problems(file, header, year)
    # a column mapped wrongly first: the rest follows from it
    return header, shape, tuple(notes), mapped or problems


def arrow_installed() -> bool:
    """Whether pyarrow (the ``[scale]`` extra) is there for the readers to parse with;
    asked without importing it, nor the database layer."""
    from importlib.util import find_spec

    return find_spec("pyarrow") is not None


def unreadable(file: str, kind: str, error: Exception) -> BenchlearnError:
    """A file that cannot be read as ``kind`` (CSV, XLSX), with the reader's own reason."""
    return BenchlearnError.of("imp_cannot_read", {"file": file, "kind": kind, "error": str(error)})


def cannot_import(file: str, problems: list[Problem]) -> ValidationError:
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


def text_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """Long rows as the text cells a read file gives, so they are validated the same way."""
    import numpy as np
    import pandas as pd

    values = pd.to_numeric(rows["value"], errors="coerce").to_numpy(dtype=float)
    count = len(rows)
    status = rows["status"] if "status" in rows else pd.Series([None] * count)
    frame = pd.DataFrame(
        {
            "municipality": rows["municipality"].astype(str).to_numpy(),
            "indicator": rows["indicator"].astype(str).to_numpy(),
            "year": [str(int(y)) if y == y else "" for y in rows["year"].tolist()],
            "value": ["" if v != v else repr(float(v)) for v in values.tolist()],
            "status": ["" if s is None or s != s else str(s) for s in status.tolist()],
            "row": (
                rows["row"].to_numpy(dtype=np.int64)
                if "row" in rows
                else np.arange(1, count + 1, dtype=np.int64)
            ),
            "value_column": (
                rows["value_column"].astype(str).to_numpy() if "value_column" in rows else "value"
            ),
        }
    )
    if "se" in rows:  # standard errors read with the values (a cube's --se-select)
        errors = pd.to_numeric(rows["se"], errors="coerce").to_numpy(dtype=float)
        frame["se"] = ["" if e != e else repr(float(e)) for e in errors.tolist()]
    return frame
