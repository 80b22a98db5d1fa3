"""Formatting DataFrames for the terminal, machines and spreadsheets
(``--format table|csv|json|xlsx``).

CSV and JSON are interfaces: their column names and values are the same in
every language, and numbers are raw. CSV is opened in spreadsheets, which run a
cell that starts with ``=``, ``+``, ``-`` or ``@`` as a formula, so a text such
as a municipality's or a practice's name is written as OWASP recommends against
CSV injection: with a single quote before it (see :func:`benchlearn.frames.csv_safe`).

A CSV file (``-o FILE``) starts with a UTF-8 byte-order mark, by which Excel
knows the text is UTF-8 ("Sociālā", not "SociÄlÄ"); pandas and Python's
``utf-8-sig`` read it as the same text. An XLSX file holds every text as a
text cell, which a spreadsheet never runs, so it needs no quote (:func:`write`).

The table is for people: in Latvian its headers and its words (bands,
significance, directions) are Latvian and its numbers have a decimal comma; in
every language a municipality's name stands beside its code.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from benchlearn.frames import csv_cell, csv_safe, plain_value, with_names, write_xlsx
from benchlearn.messages import visible

if TYPE_CHECKING:
    from pathlib import Path

    import pandas as pd

FORMATS = ("table", "csv", "json", "xlsx")
#: Columns whose values are words of the catalogue (``val_<word>``), translated in tables.
WORD_COLUMNS = ("band", "significance", "direction", "funnel", "severity", "members", "verdict")


def _cell(value: Any, decimals: int = 3, lang: str = "en") -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _word("yes" if value else "no", lang)
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        text = f"{value:.{decimals}f}".rstrip("0").rstrip(".")
        text = "0" if text == "-0" else text
        return text.replace(".", ",") if lang == "lv" else text
    try:
        import pandas as pd

        if value is pd.NA or value is pd.NaT:
            return ""
    except ImportError:  # pragma: no cover - pandas is a dependency
        pass
    return visible(str(value))  # a name with a terminal's escape codes is shown, not obeyed


def render(
    frame: pd.DataFrame,
    fmt: str = "table",
    *,
    decimals: int = 3,
    lang: str = "en",
    names: dict[str, str] | None = None,
) -> str:
    """Render ``frame`` as an aligned text table, CSV or JSON records.

    ``names`` (code → name) puts a name column beside every code column of a
    table that has none yet.
    """
    if fmt == "json":
        return json_text(frame)
    frame = joined(frame)
    if fmt == "csv":
        return csv_text(with_names(frame, names) if names else frame)
    if names:
        frame = with_names(frame, names)
    words = [str(c) in WORD_COLUMNS and lang != "en" for c in frame.columns]
    return table(
        [_header(str(c), lang) for c in frame.columns],
        [
            [
                _word(v, lang) if word and isinstance(v, str) else _cell(v, decimals, lang)
                for v, word in zip(row, words, strict=True)
            ]
            for row in frame.itertuples(index=False)
        ],
    )


def write(
    frame: pd.DataFrame,
    fmt: str,
    path: Path,
    *,
    lang: str = "en",
    names: dict[str, str] | None = None,
) -> None:
    """Write ``frame`` to ``path`` as :func:`render` prints it; CSV with a byte-order mark,
    ``xlsx`` as a workbook of one sheet (texts as text cells, numbers as numbers)."""
    from benchlearn.outputs import whole_file

    with whole_file(path) as partial:
        if fmt == "xlsx":
            write_xlsx(with_names(frame, names) if names else frame, partial)
            return
        text = render(frame, fmt, lang=lang, names=names if fmt != "json" else None)
        partial.write_text(("\ufeff" if fmt == "csv" else "") + text, encoding="utf-8", newline="")


def joined(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with each list in a cell (the names of the indicators missing, say) as one
    text, its items joined by ``"; "``: what a CSV cell or a table cell can hold. JSON
    keeps them as arrays."""
    listed = [c for c in frame.columns if _holds_lists(frame[c])]
    if not listed:
        return frame
    return frame.assign(
        **{
            str(c): frame[c].map(
                lambda v: "; ".join(map(str, v)) if isinstance(v, list | tuple) else v
            )
            for c in listed
        }
    )


def _holds_lists(column: pd.Series) -> bool:
    """Whether a column holds lists, by its first value (a column holds one kind)."""
    if column.dtype != object:
        return False
    given = column.dropna()
    return bool(len(given)) and isinstance(given.iloc[0], list | tuple)


def csv_text(frame: pd.DataFrame, *, header: bool = True) -> str:
    """``frame`` as CSV: :func:`~benchlearn.frames.csv_safe` texts, raw numbers, no index
    (no header line unless ``header``).

    Written column by column (:mod:`benchlearn.cli.columnar`) where every
    column is of a kind that knows how; the text is the same as pandas'
    ``to_csv`` would write (:func:`pandas_csv`), which writes the rest.
    """
    from benchlearn.cli.columnar import fast_csv

    fast = fast_csv(frame, csv_cell, header=header)
    return pandas_csv(frame, header=header) if fast is None else fast


def csv_pieces(
    frames: Iterable[pd.DataFrame], names: dict[str, str] | None = None
) -> Iterator[bytes]:
    """The CSV :func:`render` writes of the frames put one under the other, in UTF-8, piece
    by piece: the header once, then each frame's rows as it comes (a year ranked in
    pieces is written without ever being held whole)."""
    from concurrent.futures import Future, ThreadPoolExecutor

    # Each piece is written out in a thread of its own while the next is being made:
    # Arrow's kernels, which write it, let go of the GIL.
    with ThreadPoolExecutor(max_workers=1) as writer:
        pending: Future[bytes] | None = None
        for number, frame in enumerate(frames):
            made = writer.submit(_csv_piece, frame, names, number == 0)
            if pending is not None:
                yield pending.result()
            pending = made
        if pending is not None:
            yield pending.result()


def _csv_piece(frame: pd.DataFrame, names: dict[str, str] | None, header: bool) -> bytes:
    """One piece of :func:`csv_pieces`."""
    from benchlearn.cli.columnar import fast_csv_bytes

    frame = joined(frame)
    frame = with_names(frame, names) if names else frame
    data = fast_csv_bytes(frame, csv_cell, header=header)
    return pandas_csv(frame, header=header).encode() if data is None else data


def pandas_csv(frame: pd.DataFrame, *, header: bool = True) -> str:
    """``frame`` as CSV through pandas, one Python value at a time: the reference text."""
    return str(csv_safe(frame).to_csv(index=False, lineterminator="\n", header=header))


def json_text(frame: pd.DataFrame) -> str:
    """``frame`` as JSON records (null for a missing value), indented by two spaces.

    Written column by column where it can be, as :func:`csv_text`; the text is
    the same as :func:`pandas_json` writes.
    """
    from benchlearn.cli.columnar import fast_json

    fast = fast_json(frame)
    return pandas_json(frame) if fast is None else fast


def pandas_json(frame: pd.DataFrame) -> str:
    """``frame`` as JSON records through :mod:`json`, one value at a time: the reference text."""
    records = [
        {k: plain_value(v) for k, v in row.items()} for row in frame.to_dict(orient="records")
    ]
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def _header(column: str, lang: str) -> str:
    """A table header: the column's name in English, the catalogue's words in Latvian."""
    if lang == "en":
        return column
    from benchlearn.messages import MESSAGES, t

    key = f"col_{column}"
    return t(key, lang) if key in MESSAGES else column


def _word(value: str, lang: str) -> str:
    """A word from a table cell in ``lang`` (``yes``, ``better``, ``above 95%`` ...)."""
    from benchlearn.messages import MESSAGES, t

    key = "val_" + value.replace(" ", "_")
    return t(key, lang) if key in MESSAGES else value


def table(header: list[str], rows: list[list[str]]) -> str:
    """An aligned plain-text table; numbers right-aligned, text left-aligned."""
    widths = [len(h) for h in header]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], len(cell))
    numeric = [
        all(_looks_numeric(row[i]) for row in rows if row[i]) and any(row[i] for row in rows)
        for i in range(len(header))
    ]

    def line(cells: list[str]) -> str:
        parts = [
            c.rjust(w) if num else c.ljust(w)
            for c, w, num in zip(cells, widths, numeric, strict=True)
        ]
        return "  ".join(parts).rstrip()

    out = [line(header), "  ".join("-" * w for w in widths)]
    out.extend(line(r) for r in rows)
    return "\n".join(out) + "\n"


def _looks_numeric(text: str) -> bool:
    try:
        float(text.replace(",", "."))
    except ValueError:
        return False
    return True
