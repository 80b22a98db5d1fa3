"""CSV and JSON of large tables written column by column, without Python code per value.

A year of Kolada ranked is over half a million rows of thirty columns; pandas'
``to_csv`` formats every float in Python-sized steps and took longer than
everything else the command does. Here each column becomes one Arrow array of
its cells' texts, and the rows are joined by Arrow's compute kernels:

* floats: Arrow's shortest round-trip digits, which are Python's ``repr``
  digits; where ``repr`` writes something else (``5.0`` for Arrow's ``5``,
  exponents outside 1e-4 ≤ |x| < 1e9) the few cells are fixed or written by
  ``repr`` itself. A column with few distinct values is formatted once per value;
* integers and booleans: their Python spelling;
* texts: each distinct text made safe, quoted (by :mod:`csv` itself) or
  encoded (by :mod:`json` itself) once, then put in place by its code.

The text is exactly what the reference writers in :mod:`benchlearn.cli.output`
write (a test holds it); a frame with a column of any other kind (dates,
mixed objects, categories) returns None here and goes to them, and so does
every frame where pyarrow is not installed (it is the ``[scale]`` extra: a
network's tables are written by pandas in well under a second).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from benchlearn.columns import arrow_installed

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
    import pyarrow as pa

#: What makes a CSV cell need quotes, or Arrow's writer refuse it unquoted.
STRUCTURAL = '[,"\\n\\r]'
#: Cells of a float column looked at to guess whether it has few distinct values.
SAMPLE = 4096
#: A column is formatted once per run of equal neighbours when its runs are at most this
#: share of its cells.
RUNS_AT_MOST = 0.1
#: Rows from which columns are formatted in two threads.
PARALLEL_ROWS = 50_000
#: Magnitudes whose shortest text Arrow and ``repr`` both write without an exponent.
PLAIN_LOW, PLAIN_HIGH = 1e-4, 1e9


def fast_csv(frame: pd.DataFrame, safe: Callable[[Any], Any], *, header: bool = True) -> str | None:
    """``frame`` as pandas' ``to_csv(index=False)`` writes it after ``safe`` on every text
    (without the header line unless ``header``).

    None when a column is of a kind this does not write, or when the frame
    has a single column (the csv module writes an empty row as ``""``).
    """
    data = fast_csv_bytes(frame, safe, header=header)
    return None if data is None else data.decode("utf-8")


def fast_csv_bytes(
    frame: pd.DataFrame, safe: Callable[[Any], Any], *, header: bool = True
) -> bytes | None:
    """:func:`fast_csv` in UTF-8, as Arrow writes it: for a file or a pipe, no text is
    decoded to be encoded again (a year ranked is hundreds of megabytes)."""
    if frame.shape[1] < 2 or not frame.columns.is_unique or not arrow_installed():
        return None
    import pyarrow as pa
    from pyarrow import csv as arrow_csv

    columns = []
    quoted = False
    for found in _columns(frame, "csv", safe):
        if found is None:
            return None
        columns.append(found[0])
        # A text cell with a comma, quote or line break (quoted or not): Arrow's writer
        # refuses those unquoted, so such a frame is joined cell by cell.
        quoted = quoted or any(re.search(STRUCTURAL, w) for w in found[1])
    names = ",".join(_csv_quote(str(safe(c) if isinstance(c, str) else c)) for c in frame.columns)
    first = names + "\n" if header else ""
    if not len(frame):
        return first.encode()
    if quoted:
        pieces: list[Any] = []
        for column in columns:
            pieces += [",", column] if pieces else [column]
        return _row_bytes(first, [*pieces, "\n"], "")
    # Nothing to quote: Arrow's own CSV writer joins the cells fastest.
    buffer = io.BytesIO()
    buffer.write(first.encode())
    table = pa.table({str(i): c for i, c in enumerate(columns)})
    arrow_csv.write_csv(
        table, buffer, arrow_csv.WriteOptions(include_header=False, quoting_style="none")
    )
    return buffer.getvalue()


def fast_json(frame: pd.DataFrame) -> str | None:
    """``frame`` as ``json.dumps(records, ensure_ascii=False, indent=2)`` writes it, NaN as null.

    None when a column is of a kind this does not write, or the frame is empty
    or has non-text or repeated column names.
    """
    names = list(frame.columns)
    if frame.empty or not names or not frame.columns.is_unique:
        return None
    if not all(isinstance(n, str) for n in names) or not arrow_installed():
        return None
    pieces: list[Any] = []
    for name, found in zip(names, _columns(frame, "json", None), strict=True):
        if found is None:
            return None
        texts = found[0]
        key = json.dumps(name, ensure_ascii=False)
        pieces += [("  {\n" if not pieces else ",\n") + f"    {key}: ", texts]
    return _rows("[\n", [*pieces, "\n  },\n"], "\n]\n", cut=len(",\n"))


def _rows(head: str, pieces: list[Any], tail: str, cut: int = 0) -> str:
    """``head``, then every row's ``pieces`` (texts, or arrays of one text per row) in a
    row, then ``tail``; ``cut`` characters are taken off before the tail."""
    return _row_bytes(head, pieces, tail, cut).decode("utf-8")


def _row_bytes(head: str, pieces: list[Any], tail: str, cut: int = 0) -> bytes:
    """:func:`_rows` in UTF-8. Arrow joins the rows; the text is copied out of its buffer
    once."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    text = pa.large_string()
    inputs = [pa.scalar(p, text) if isinstance(p, str) else p for p in pieces]
    rows = pc.binary_join_element_wise(*inputs, pa.scalar("", text))
    if isinstance(rows, pa.ChunkedArray):
        rows = rows.combine_chunks()
    offsets, data = rows.buffers()[1], rows.buffers()[2]
    assert offsets is not None and data is not None
    bounds = np.frombuffer(offsets, dtype=np.int64)[rows.offset : rows.offset + len(rows) + 1]
    body = memoryview(data)[int(bounds[0]) : int(bounds[-1]) - cut]
    return b"".join([head.encode(), body, tail.encode()])


def _columns(
    frame: pd.DataFrame, fmt: str, safe: Callable[[Any], Any] | None
) -> list[tuple[pa.Array, list[str]] | None]:
    """:func:`_column` of every column, two at a time: Arrow's kernels let go of the GIL."""
    from concurrent.futures import ThreadPoolExecutor

    series = [frame.iloc[:, i] for i in range(frame.shape[1])]
    if len(frame) < PARALLEL_ROWS:
        return [_column(s, fmt, safe) for s in series]
    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(lambda s: _column(s, fmt, safe), series))


def _column(
    series: pd.Series, fmt: str, safe: Callable[[Any], Any] | None
) -> tuple[pa.Array, list[str]] | None:
    """The texts of one column's cells (large_string, no nulls) and, for a column of texts,
    its distinct cells; None for a column of another kind."""
    import numpy as np
    import pandas as pd
    import pyarrow as pa
    import pyarrow.compute as pc

    dtype = series.dtype
    text = pa.large_string()
    missing = "" if fmt == "csv" else "null"
    if dtype == np.float64:
        return _floats(series.to_numpy(), fmt), []
    if isinstance(dtype, np.dtype) and dtype.kind in "iu":
        return _ints(series.to_numpy(), None, missing), []
    if isinstance(dtype, pd.Int64Dtype | pd.Int32Dtype | pd.Int16Dtype | pd.Int8Dtype):
        gaps = series.isna().to_numpy()
        return _ints(series.to_numpy(dtype=np.int64, na_value=0), gaps, missing), []
    if dtype == np.bool_ or isinstance(dtype, pd.BooleanDtype):
        yes, no = ("True", "False") if fmt == "csv" else ("true", "false")
        truth = pa.array(series.array, type=pa.bool_())
        filled = pc.fill_null(
            pc.if_else(truth, pa.scalar(yes, text), pa.scalar(no, text)),
            pa.scalar(missing, text),
        )
        return filled, []
    if pd.api.types.is_object_dtype(dtype) or isinstance(dtype, pd.StringDtype):
        if pd.api.types.infer_dtype(series, skipna=True) not in ("string", "empty"):
            return None
        codes, uniques = pd.factorize(series, use_na_sentinel=True)
        if fmt == "csv":
            assert safe is not None
            words = [_csv_quote(safe(u)) for u in uniques]
        else:
            words = [json.dumps(u, ensure_ascii=False) for u in uniques]
        table = pa.array([*words, missing], type=text)
        return table.take(pa.array(np.where(codes < 0, len(words), codes))), words
    return None


def _ints(values: np.ndarray, gaps: np.ndarray | None, missing: str) -> pa.Array:
    """Integers in their decimal text, ``missing`` where ``gaps``; once per run of equal
    neighbours where there are few (a peer set's size, the year)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    text = pa.large_string()
    rows = len(values)
    gaps = np.zeros(rows, dtype=bool) if gaps is None else gaps
    heads = _run_heads(values, gaps)
    if heads is not None:
        values, gaps = values[heads], gaps[heads]
    texts = pc.cast(pa.array(values, mask=gaps if gaps.any() else None), text)
    if gaps.any():
        texts = pc.fill_null(texts, pa.scalar(missing, text))
    return texts if heads is None else texts.take(_run_index(heads, rows))


def _floats(values: np.ndarray, fmt: str) -> pa.Array:
    """Floats as pandas writes them to CSV (``repr``, NaN empty) or :mod:`json` does (null)."""
    import numpy as np
    import pandas as pd

    values = np.ascontiguousarray(values)
    bits = values.view(np.int64)  # by bits: -0.0 is not 0.0
    heads = _run_heads(bits)
    if heads is not None:
        return _float_texts(values[heads], fmt).take(_run_index(heads, len(values)))
    sample = bits[:SAMPLE]
    if len(np.unique(sample)) * 2 > len(sample) and len(values) > SAMPLE:
        return _float_texts(values, fmt)  # mostly distinct: one text per cell
    codes, uniques = pd.factorize(bits)
    return _float_texts(uniques.view(np.float64), fmt).take(codes)


def _run_heads(*columns: np.ndarray) -> np.ndarray | None:
    """The first position of each run of rows equal in all ``columns`` (a peer set's median,
    an indicator's year, a column with no value at all: the same over hundreds of rows), or
    None when there are more runs than :data:`RUNS_AT_MOST` of the rows. Found by comparing
    neighbours, where factorising hashes every cell."""
    import numpy as np

    rows = len(columns[0])
    if rows < 2:
        return None
    starts = np.zeros(rows, dtype=bool)
    starts[0] = True
    for column in columns:
        starts[1:] |= column[1:] != column[:-1]
    heads = np.flatnonzero(starts)
    return heads if len(heads) <= rows * RUNS_AT_MOST else None


def _run_index(heads: np.ndarray, rows: int) -> pa.Array:
    """Each of ``rows`` rows' run (the runs starting at ``heads``), to take its text by."""
    import numpy as np
    import pyarrow as pa

    lengths = np.diff(heads, append=rows)
    return pa.array(np.repeat(np.arange(len(heads), dtype=np.int32), lengths))


def _float_texts(values: np.ndarray, fmt: str) -> pa.Array:
    """Arrow's texts of the floats, made ``repr``'s: ``.0`` after a whole number, ``repr``
    itself for the few cells Arrow writes otherwise, and the missing word for NaN.

    The cells that differ from Arrow's text are made apart and put in place by one
    ``take`` over the column: replacing them in place rebuilt the column once per kind
    of fix, which took as long as the formatting (a column of z-scores has a few cells
    below 1e-4)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    text = pa.large_string()
    missing = np.isnan(values)
    with np.errstate(invalid="ignore"):
        size = np.abs(values)
        plain = (values == 0) | ((size >= PLAIN_LOW) & (size < PLAIN_HIGH))
        whole = plain & (values == np.trunc(values))
    texts = pc.cast(pa.array(values, mask=missing), text)
    others = ~plain & ~missing
    if not (whole.any() or others.any()):
        return pc.fill_null(texts, pa.scalar("" if fmt == "csv" else "null", text))
    pieces = [texts]
    place = np.arange(len(values), dtype=np.int64)
    at = len(values)
    if whole.any():
        points = pc.binary_join_element_wise(
            texts.filter(pa.array(whole)), pa.scalar(".0", text), pa.scalar("", text)
        )
        place[whole] = at + np.arange(len(points))
        pieces.append(points)
        at += len(points)
    if others.any():
        chosen = values[others].tolist()
        written = [repr(v) if fmt == "csv" else json.dumps(v) for v in chosen]
        place[others] = at + np.arange(len(written))
        pieces.append(pa.array(written, type=text))
        at += len(written)
    place[missing] = at
    pieces.append(pa.array(["" if fmt == "csv" else "null"], type=text))
    return pa.concat_arrays(pieces).take(pa.array(place))


def _csv_quote(text: str) -> str:
    """A cell as :mod:`csv` writes it (quoted when it must be), for pandas' ``to_csv``."""
    if not re.search(STRUCTURAL, text):  # nothing to quote: the text itself, without a writer
        return text
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow([text, ""])
    return buffer.getvalue()[: -len(",\n")]
