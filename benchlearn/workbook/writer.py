"""What every sheet of the meeting workbook shares: formats, names, print setup, the data.

Each sheet module takes a :class:`SheetWriter` and writes its sheets through it,
so formats are made once per workbook, sheet names stay unique and every sheet
prints the same way. The writer also holds what several sheets read: the
ranking tables, the trend pivot and the band names, computed once.

Every text from data or definitions is written with ``write_string``, so a name
starting with ``=`` stays text; a confidential value is written as ``..`` and
never reaches a cell or a chart.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from benchlearn.analysis.ranking import BANDS
from benchlearn.definitions import IndicatorDefinition
from benchlearn.frames import records
from benchlearn.messages import t

if TYPE_CHECKING:
    import pandas as pd

    from benchlearn.meeting import MeetingData

QUARTILE_COLOURS = {1: "#63BE7B", 2: "#C6E0B4", 3: "#FCD5B4", 4: "#F8696B"}
#: Fingertips' colours for a comparison with the peers' pooled value: green better, amber
#: similar, red worse; dark and light blue for higher and lower where no direction is better.
SIGNIFICANCE_COLOURS = {
    "better": "#92D050",
    "similar": "#FFC000",
    "worse": "#C00000",
    "higher": "#3366CC",
    "lower": "#BED2FF",
    "not compared": "#FFFFFF",
}
#: Text on the darker fills is white, so it keeps WCAG AA contrast.
LIGHT_TEXT = {"worse", "higher"}
GREY = "#D9D9D9"
HEADER = "#1F4E78"


def ranking_tables(ranked: pd.DataFrame, directions: Mapping[str, str]) -> dict[str, list[Any]]:
    """Each indicator's rows best to worst, as records, from one sort of the whole table.

    Ranked rows first by rank; unranked (neutral or missing) after them by value,
    largest first unless the indicator is ``lower``; missing values last; ties by code.
    """
    import numpy as np

    sign = np.where(ranked["indicator"].map(directions).to_numpy() == "lower", 1.0, -1.0)
    ordered = ranked.assign(
        _order=ranked["rank"].astype(float).fillna(np.inf).to_numpy(),
        _value=ranked["value"].astype(float).to_numpy() * sign,
    ).sort_values(["indicator", "_order", "_value", "municipality"], na_position="last")
    tables: dict[str, list[Any]] = {}
    for r in records(ordered.drop(columns=["_order", "_value"])):
        tables.setdefault(r.indicator, []).append(r)
    return tables


def sheet_title(text: str, taken: set[str]) -> str:
    """A valid, unique sheet name: ≤ 31 characters, none of []:*?/\\ ."""
    base = re.sub(r"[\[\]:*?/\\]", "_", text).strip("'")[:31] or "Sheet"
    name, n = base, 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def number_format(ind: IndicatorDefinition) -> str:
    """The indicator's Excel number format: thousands separated, its decimals (2 if unset)."""
    decimals = 2 if ind.decimals is None else ind.decimals
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def peer_basis_text(peers: str, lang: str) -> str:
    """What ``--peers`` means, in words."""
    kind, _, name = peers.partition(":")
    if kind in {"network", "all"}:
        return t(f"peers_{kind}", lang)
    return t(f"peers_{kind}", lang, name=name)


def is_missing(value: Any) -> bool:
    """None, NaN, NA or NaT. Floats answer without pandas: this runs for every cell."""
    if value is None:
        return True
    if isinstance(value, float):
        return value != value
    import pandas as pd

    return bool(pd.isna(value))


class SheetWriter:
    """What the sheet writers share: the workbook, its formats and names, the gathered data.

    The sheet functions take one of these rather than the workbook so that
    formats are made once, sheet names stay unique, every sheet gets the same
    print setup and what several sheets read is computed once, here.
    """

    def __init__(self, book: Any, data: MeetingData, lang: str) -> None:
        self.book, self.data, self.lang = book, data, lang
        self.sheet_names: list[str] = []
        self.buffered: list[RowOrderedSheet] = []
        self.taken: set[str] = set()
        self.counts: Counter[str] = Counter()  # cells written, by kind
        self.f_title = book.add_format({"bold": True, "font_size": 16, "font_color": HEADER})
        self.f_subtitle = book.add_format({"bold": True, "font_size": 12, "font_color": HEADER})
        self.f_header = book.add_format(
            {
                "bold": True,
                "font_color": "white",
                "bg_color": HEADER,
                "text_wrap": True,
                "valign": "top",
                "border": 1,
            }
        )
        self.f_text = book.add_format({"valign": "top"})
        self.f_wrap = book.add_format({"text_wrap": True, "valign": "top"})
        self.f_bold = book.add_format({"bold": True})
        self.f_grey = book.add_format({"bg_color": GREY, "align": "center"})
        self.f_center = book.add_format({"align": "center"})
        self.f_int = book.add_format({"num_format": "0"})
        self.f_pct = book.add_format({"num_format": "0"})
        self.f_score = book.add_format({"num_format": "0.0"})
        self.f_sim = book.add_format({"num_format": "0.000"})
        self._numbers: dict[tuple[str, int | str | None], Any] = {}
        self._judged: dict[str, Any] = {}
        self.band_names = {b: t(b, lang) for b in BANDS}
        self.network_label = data.network.label(lang)
        # Year-by-year values of usable figures, for the trend charts, computed once.
        usable = data.history[data.history["status"].isna() & data.history["value"].notna()]
        self.trend = usable.pivot_table(
            index=["indicator", "year"], columns="municipality", values="value", aggfunc="first"
        )
        self.trend_median = usable.groupby(["indicator", "year"])["value"].median()
        self.trend_codes = set(self.trend.index.get_level_values(0))
        directions = {c: i.direction for c, i in data.definitions.indicators.items()}
        # Each indicator's rows best to worst; every row also by (municipality, indicator).
        self.tables = ranking_tables(data.ranked, directions)
        self.by_key = {(r.municipality, r.indicator): r for t in self.tables.values() for r in t}

    def number(self, ind: IndicatorDefinition, colour: int | str | None = None) -> Any:
        """A cached format: the indicator's number format and, if given, the fill of a
        quartile (1–4) or of a significance (``better``, ``similar`` …)."""
        key = (number_format(ind), colour)
        if key not in self._numbers:
            self._numbers[key] = self.book.add_format({"num_format": key[0], **_fill(colour)})
        return self._numbers[key]

    def judged(self, significance: str) -> Any:
        """A cached format for a significance word, in its Fingertips colour."""
        if significance not in self._judged:
            self._judged[significance] = self.book.add_format(
                {"align": "center", "border": 1, "border_color": "#BFBFBF", **_fill(significance)}
            )
        return self._judged[significance]

    def significance_label(self, significance: str) -> str:
        """A significance in the workbook's language."""
        return t(f"sig_{significance.replace(' ', '_')}", self.lang)

    def flush(self) -> None:
        """Write out the buffered cells of every sheet, row by row."""
        for ws in self.buffered:
            ws.flush()
        self.buffered = []

    def sheet(self, title: str, *, header_row: int | None = None, landscape: bool = True) -> Any:
        """A new sheet with a unique name, printed on A4 one page wide with the network's footer.

        ``header_row`` repeats on every printed page. The sheet buffers its cells
        (see :class:`RowOrderedSheet`) until :meth:`flush`.
        """
        name = sheet_title(title, self.taken)
        ws = RowOrderedSheet(self.book.add_worksheet(name), self.counts)
        self.buffered.append(ws)
        self.sheet_names.append(name)
        if landscape:
            ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.fit_to_pages(1, 0)
        ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
        footer = t("footer", self.lang, network=self.network_label, year=self.data.year)
        ws.set_footer(f"&L{_escape_amp(footer)}&R&P / &N")
        if header_row is not None:
            ws.repeat_rows(header_row)
        return ws

    def widths(
        self, ws: Any, widths: Sequence[float | None], *, first: int = 0, fmt: Any = None
    ) -> None:
        """Column widths left to right from column ``first`` (``None`` leaves one as it is).

        Spreadsheets do not fit columns to their text, so every sheet sets them.
        """
        for col, width in enumerate(widths, start=first):
            if width is not None:
                ws.set_column(col, col, width, fmt)

    def text(self, ws: Any, row: int, col: int, value: object, fmt: Any = None) -> None:
        """Text from data or definitions: always a string cell, never a formula."""
        ws.write_string(row, col, "" if value is None else str(value), fmt)

    def paragraph(self, ws: Any, row: int, col: int, text: str, width: int) -> None:
        """Wrapped text with a row height that shows all of it (spreadsheets do not autofit)."""
        lines = max(1, -(-len(text) // max(width - 2, 1)))
        ws.set_row(row, 15 * lines)
        self.text(ws, row, col, text, self.f_wrap)

    def header(self, ws: Any, row: int, labels: Sequence[str], col: int = 0) -> None:
        """A table's header row from ``col`` on, in the header format that repeats on paper."""
        for i, label in enumerate(labels):
            ws.write_string(row, col + i, label, self.f_header)

    def value_cell(
        self,
        ws: Any,
        row: int,
        col: int,
        ind: IndicatorDefinition,
        value: float,
        status: object,
        quartile: int | None = None,
        significance: object = None,
    ) -> None:
        """A value, ``..`` for a confidential one, grey for none.

        Coloured by its significance where the indicator has counts (the fair
        comparison), else by its quartile where a direction is better.
        """
        if status == "..":
            ws.write_string(row, col, "..", self.f_grey)
        elif is_missing(value):
            ws.write_blank(row, col, None, self.f_grey)
        elif isinstance(significance, str):
            ws.write_number(row, col, float(value), self.number(ind, significance))
        else:
            colour = quartile if ind.direction != "neutral" else None
            ws.write_number(row, col, float(value), self.number(ind, colour))

    def define(self, name: str, ws_name: str, first_row: int, last_row: int, last_col: int) -> None:
        """A defined name for a table, so formulas and pivots can refer to it."""
        from xlsxwriter.utility import xl_col_to_name

        clean = re.sub(r"[^A-Za-z0-9_]", "_", name)
        if not re.match(r"[A-Za-z_]", clean):
            clean = "T_" + clean
        quoted = ws_name.replace("'", "''")
        last_row = max(last_row, first_row)
        self.book.define_name(
            clean,
            f"='{quoted}'!$A${first_row + 1}:${xl_col_to_name(last_col)}${last_row + 1}",
        )

    def name_of(self, code: str) -> str:
        """A municipality's name, or its code when the registry has none."""
        return self.data.names.get(code, code)

    def label(self, code: str) -> str:
        """An indicator's name in the workbook's language."""
        return self.data.definitions.indicators[code].label(self.lang)


class RowOrderedSheet:
    """A worksheet whose cells may be written in any order.

    xlsxwriter's constant_memory mode writes each row to disk when the next
    one starts, so cells and row heights are buffered here and replayed row by
    row; everything else (columns, charts, print setup) goes straight through.
    Long sequential tables write to :attr:`direct` instead.
    """

    CELL_CALLS = ("write_string", "write_number", "write_blank")

    def __init__(self, worksheet: Any, counts: Counter[str]) -> None:
        self.direct = worksheet
        self.counts = counts
        self.rows: dict[int, list[tuple[int, str, tuple[Any, ...]]]] = {}
        self.heights: dict[int, float] = {}

    def __getattr__(self, name: str) -> Any:
        return getattr(self.direct, name)

    def write_string(self, row: int, col: int, *args: Any) -> None:
        """Buffered until :meth:`flush`."""
        self.rows.setdefault(row, []).append((col, "write_string", args))

    def write_number(self, row: int, col: int, *args: Any) -> None:
        """Buffered until :meth:`flush`."""
        self.rows.setdefault(row, []).append((col, "write_number", args))

    def write_blank(self, row: int, col: int, *args: Any) -> None:
        """Buffered until :meth:`flush`."""
        self.rows.setdefault(row, []).append((col, "write_blank", args))

    def set_row(self, row: int, height: float) -> None:
        """Buffered with the row's cells: in constant_memory mode a row's height goes with it."""
        self.heights[row] = height

    def flush(self) -> None:
        """Replay the buffered rows in order, each row's cells left to right, and count them."""
        calls = {name: getattr(self.direct, name) for name in self.CELL_CALLS}
        for row in sorted(self.rows.keys() | self.heights.keys()):
            if row in self.heights:
                self.direct.set_row(row, self.heights[row])
            cells = self.rows.get(row, [])
            cells.sort(key=_first)
            for col, name, args in cells:
                calls[name](row, col, *args)
            self.counts.update(name for _, name, _ in cells)
        self.rows, self.heights = {}, {}


def _fill(colour: int | str | None) -> dict[str, Any]:
    """Format keys for a quartile's or a significance's fill (and white text where dark)."""
    if colour is None:
        return {}
    if isinstance(colour, int):
        return {"bg_color": QUARTILE_COLOURS[colour]}
    fill: dict[str, Any] = {"bg_color": SIGNIFICANCE_COLOURS[colour]}
    if colour in LIGHT_TEXT:
        fill["font_color"] = "#FFFFFF"
    return fill


def _first(cell: tuple[int, str, tuple[Any, ...]]) -> int:
    return cell[0]


def _escape_amp(text: str) -> str:
    """A literal ``&`` in a header or footer: Excel reads a single one as a code."""
    return text.replace("&", "&&")
