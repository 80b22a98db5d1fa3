"""Small helpers on the long value tables that every layer passes around.

A *long* table has one row per value: ``municipality, indicator, year, value,
status``. Comparisons want a *matrix* (municipalities × indicators) of the values
that can be compared, and documents want rows they can read by attribute.
"""

from __future__ import annotations

import collections
import functools
import io
import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pathlib import Path

    import numpy as np
    import pandas as pd

#: What a spreadsheet reads as the start of a formula (OWASP, "CSV Injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def usable_matrix(
    long: pd.DataFrame,
    index: Iterable[Any] | None = None,
    columns: Sequence[str] | None = None,
    *,
    confidential: bool = False,
) -> pd.DataFrame:
    """Municipality × indicator of the usable values of a long table, reindexed as asked.

    Usable means a number with no status: missing (``-``), not applicable
    (``.``) and confidential (``..``) values become NaN, unless ``confidential``
    keeps the hidden numbers of ``..`` values (for rules that check them). The
    first value of a duplicated key wins. ``index`` (named ``municipality``) and
    ``columns`` reindex the result, so absent municipalities or indicators are
    rows or columns of NaN.
    """
    import pandas as pd

    status = long["status"]
    keep = status.isna() | (status == "..") if confidential else status.isna()
    wide = long[keep].pivot_table(
        index="municipality", columns="indicator", values="value", aggfunc="first"
    )
    if index is not None:
        wide = wide.reindex(index=pd.Index(list(index), name="municipality"))
    if columns is not None:
        wide = wide.reindex(columns=list(columns))
    return wide


def records(frame: pd.DataFrame) -> Iterator[Any]:
    """Rows as named tuples, typed loosely: cells of a DataFrame can hold anything.

    The rows ``frame.itertuples(index=False)`` gives, with the tuple's type made once per
    set of column names: pandas makes a new one on every call (a millisecond), and a site
    reads a few small frames for each of its hundreds of pages."""
    if not len(frame.columns):
        return iter(frame.itertuples(index=False))
    row = _record_type(tuple(frame.columns))
    return map(row._make, zip(*(frame.iloc[:, k] for k in range(len(frame.columns))), strict=True))


@functools.lru_cache(maxsize=256)
def _record_type(columns: tuple[Any, ...]) -> Any:
    return collections.namedtuple("Pandas", columns, rename=True)  # as pandas names it


#: The name column each code column gets beside it, as the CLI's tables and the Python API show.
NAMED = {"municipality": "name", "neighbour": "neighbour_name", "partner": "partner_name"}


def with_names(frame: pd.DataFrame, names: dict[str, str]) -> pd.DataFrame:
    """A name column after each code column (``municipality``, ``neighbour``, ``partner``);
    a text column, empty where a code has no name.

    Each distinct code is looked up once: a year ranked is half a million rows of a few
    hundred municipalities, and a lookup per row took half a second.
    """
    import numpy as np
    import pandas as pd

    out = frame
    for code, name in NAMED.items():
        if code in out.columns and name not in out.columns:
            # Copy-on-write: the new column goes into a new frame, the caller's is untouched.
            out = out.copy(deep=False) if out is frame else out
            where = list(out.columns).index(code) + 1
            if not len(out):  # as pandas types an empty column
                out.insert(where, name, out[code].map(names).fillna(""))
                continue
            places, distinct = pd.factorize(out[code])  # -1: no code, the last name ""
            found = [names.get(c) for c in distinct]
            words = [*(n if n is not None else "" for n in found), ""]
            column = texts_at(words, np.where(places < 0, len(found), places))
            out.insert(where, name, pd.Series(column, index=out.index))
    return out


def per_code(column: pd.Series, table: Mapping[Any, Any], default: Any = None) -> np.ndarray:
    """``column.map(table)`` with ``default`` where it has nothing, as an object array:
    each distinct code looked up once (half a million rows of a few thousand codes; a
    lookup per row was a good part of ranking a year)."""
    import numpy as np
    import pandas as pd

    places, distinct = pd.factorize(column)  # -1: a missing code, given the default
    found = [table.get(c, default) for c in distinct]
    return np.array([*found, default], dtype=object)[places]


def positions_of(column: pd.Series) -> dict[str, np.ndarray]:
    """Each text of ``column`` → the positions of its rows, in order."""
    import numpy as np
    import pandas as pd

    codes, distinct = pd.factorize(column)
    order = np.argsort(codes, kind="stable")
    bounds = np.searchsorted(codes[order], np.arange(len(distinct) + 1))
    return {str(c): order[bounds[i] : bounds[i + 1]] for i, c in enumerate(distinct)}


def runs_of(column: pd.Series, rows: int) -> list[tuple[int, int, tuple[str, ...]]]:
    """A column sorted by its texts cut into runs of whole texts of at least ``rows`` rows
    (the last may be shorter): each run's first and past-last position and its texts."""
    import numpy as np
    import pandas as pd

    place, distinct = pd.factorize(column)
    first = np.searchsorted(place, np.arange(len(distinct) + 1))
    cuts = [0]
    for index in range(1, len(distinct)):
        if first[index] - first[cuts[-1]] >= rows:
            cuts.append(index)
    cuts.append(len(distinct))
    return [
        (int(first[low]), int(first[high]), tuple(str(c) for c in distinct[low:high]))
        for low, high in zip(cuts[:-1], cuts[1:], strict=True)
        if high > low
    ]


def text_column(text: str, rows: int) -> pd.api.extensions.ExtensionArray | np.ndarray:
    """``rows`` times ``text`` as the column a DataFrame makes of a text given for every row."""
    import numpy as np

    return texts_at([text], np.zeros(rows, dtype=np.intp))


def texts_at(
    words: Sequence[str], index: np.ndarray
) -> pd.api.extensions.ExtensionArray | np.ndarray:
    """``words[i]`` for each ``i`` of ``index`` (None where it is -1) as the column a DataFrame
    makes of such texts: pandas' ``str`` (Arrow) where it infers that, else objects.

    Made from the few words, not from a Python string per row: turning half a million
    strings into Arrow's took longer than ranking them.
    """
    import numpy as np
    import pandas as pd

    inferred = _text_dtype()
    if not isinstance(inferred, pd.StringDtype):
        return np.array([*words, None], dtype=object)[index]
    return pd.array(list(words), dtype=inferred).take(index, allow_fill=True)


@functools.cache
def _text_dtype() -> Any:
    """What a DataFrame makes of texts: ``str`` from pandas 3 on, object before."""
    import pandas as pd

    return pd.Series(["text"]).dtype


def csv_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every text that a spreadsheet would run as a formula quoted: ``'=SUM(1)``.

    Only text cells change: numeric columns stay numbers, and so does a text
    that is a number's own text (``-3.5``), which a spreadsheet reads as that
    number, not as a formula, and a lone ``-``, the status of a missing value.
    Column names are quoted the same way.
    """
    from pandas.api.types import is_numeric_dtype

    text_columns = [c for c in frame.columns if not is_numeric_dtype(frame[c])]
    safe = frame.assign(**{str(c): frame[c].map(csv_cell) for c in text_columns})
    return safe.rename(columns={c: csv_cell(c) for c in frame.columns if isinstance(c, str)})


def csv_cell(value: Any) -> Any:
    """A CSV cell's value as :func:`csv_safe` writes it: a text a spreadsheet would run as a
    formula with a quote before it, anything else as it is."""
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_START)
        and value != "-"
        and not _NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value


def write_csv(names: Sequence[str], rows: Iterable[Sequence[Any]], path: Path) -> None:
    """A table (its column names and rows of plain values, None for no value) as a CSV file a
    spreadsheet opens safely: :func:`csv_cell` texts, raw numbers, and a UTF-8 byte-order
    mark, by which Excel knows the text is UTF-8 ("Ķekava", not "Ä¶ekava"); pandas and
    Python's ``utf-8-sig`` read it as the same text.

    The file is what ``csv_safe(frame).to_csv(index=False)`` writes of the same table as a
    frame of objects (the CLI's CSV), written by the standard library's writer: a site
    writes one beside each of its hundreds of pages, and building a frame for each cost
    more than the writing."""
    import csv

    table = [list(row) for row in rows]
    # pandas reads a column of numbers with a gap, or of whole and decimal numbers, as decimals
    # (a rank change of -6 beside an empty cell is written -6.0): written so here too.
    decimal = [_decimal_column(column) for column in zip(*table, strict=True)]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([csv_cell(name) for name in names])
    writer.writerows(
        [
            "" if value is None else float(value) if decimal[i] else csv_cell(value)
            for i, value in enumerate(row)
        ]
        for row in table
    )
    path.write_text("\ufeff" + buffer.getvalue(), encoding="utf-8", newline="")


def _decimal_column(values: Sequence[Any]) -> bool:
    """Whether pandas reads a column of these values as decimals: numbers only (no text, no
    true or false), and either a gap or a decimal among them."""
    numbers = [value for value in values if value is not None]
    return (
        bool(numbers)
        and all(isinstance(v, int | float) and not isinstance(v, bool) for v in numbers)
        and (len(numbers) < len(values) or any(isinstance(v, float) for v in numbers))
    )


def write_xlsx(frame: pd.DataFrame, path: Path) -> None:
    """``frame`` as one sheet: a bold header, texts as text cells (never formulas, never
    links), numbers as numbers, a missing value as an empty cell."""
    write_sheets([(None, frame)], path)


def write_sheets(sheets: Sequence[tuple[str | None, pd.DataFrame]], path: Path) -> None:
    """Each frame as a sheet of its name (None: Excel's default), as :func:`write_xlsx`
    writes one; each column as wide as its longest text, up to 60 characters."""
    write_tables(
        [(name, list(frame.columns), frame.itertuples(index=False)) for name, frame in sheets],
        path,
    )


def write_tables(
    sheets: Sequence[tuple[str | None, Sequence[Any], Iterable[Sequence[Any]]]], path: Path
) -> None:
    """Tables (a sheet's name, its column names, its rows) as the sheets of a workbook, as
    :func:`write_sheets` writes frames: the rows need not be a frame (a site's pages hand
    their cells over as lists)."""
    from benchlearn.xlsx import workbook_bytes

    plain = []
    for name, columns, rows in sheets:
        titles = [str(c) for c in columns]
        cells = [[_xlsx_cell(value) for value in values] for values in rows]
        widths = [len(title) for title in titles]
        for values in cells:
            for column, cell in enumerate(values):
                if isinstance(cell, str):
                    widths[column] = max(widths[column], len(cell))
        plain.append((name, titles, cells, [min(60, max(8, w + 2)) for w in widths]))
    # Written directly (benchlearn.xlsx, the same parts); xlsxwriter writes what it does not.
    found = workbook_bytes(plain)
    # Zipped in memory and written in one go: a full disk then fails that one write, not
    # a half-written zip that complains again when it is collected.
    path.write_bytes(found if found is not None else _xlsxwriter_bytes(plain))


def _xlsx_cell(value: Any) -> Any:
    """A cell as a workbook holds it: None (no cell), a bool, a number or a text (a list's
    items joined by "; ")."""
    kind = type(value)
    if kind is str:  # most cells: nothing to convert
        return value
    if kind is int or kind is bool or (kind is float and not math.isnan(value)):
        return value
    cell = plain_value(value)
    if cell is None or isinstance(cell, bool | int | float):
        return cell
    return "; ".join(map(str, cell)) if isinstance(cell, list) else str(cell)


def _xlsxwriter_bytes(
    sheets: Sequence[tuple[str | None, list[str], list[list[Any]], list[int]]],
) -> bytes:
    """The workbook of :func:`write_tables`, written by xlsxwriter."""
    import xlsxwriter

    # in_memory: xlsxwriter holds the cells in memory either way; without it, closing writes
    # each part to a temporary file first, which made a site's per-page downloads 3.5x slower.
    options = {
        "strings_to_formulas": False,
        "strings_to_urls": False,
        "nan_inf_to_errors": False,
        "in_memory": True,
    }
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, options)
    bold = book.add_format({"bold": True})
    for name, columns, rows, widths in sheets:
        sheet = book.add_worksheet(name)
        for column, title in enumerate(columns):
            sheet.write_string(0, column, title, bold)
        for row, values in enumerate(rows, start=1):
            for column, cell in enumerate(values):
                if cell is None:
                    continue
                if isinstance(cell, bool):
                    sheet.write_boolean(row, column, cell)
                elif isinstance(cell, int | float):
                    sheet.write_number(row, column, cell)
                else:
                    sheet.write_string(row, column, cell)
        for column, width in enumerate(widths):
            sheet.set_column(column, column, width)
        sheet.freeze_panes(1, 0)
    book.close()
    return buffer.getvalue()


def plain_value(value: Any) -> Any:
    """A cell's value as plain Python (for JSON and spreadsheets): None for a missing value
    (NaN, NA, NaT), an ISO text for a date, a Python number for a NumPy one."""
    if value is None:
        return None
    if hasattr(value, "isoformat"):  # datetime, date, pandas Timestamp
        return None if value != value else value.isoformat()
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):  # numpy scalar
        return plain_value(value.item())
    try:
        import pandas as pd

        if value is pd.NA:
            return None
    except ImportError:  # pragma: no cover
        pass
    return value
