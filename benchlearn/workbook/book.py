"""The meeting workbook: what a network facilitator hands out before a benchlearning meeting.

Written with xlsxwriter, with native charts that stay live when someone edits a
value. Every text from data or definitions is written with ``write_string``,
so a name starting with ``=`` stays text; a confidential value is written as
``..`` and never reaches a cell or a chart.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine

from benchlearn.analysis.ranking import BANDS
from benchlearn.definitions import IndicatorDefinition, pick_text
from benchlearn.frames import records
from benchlearn.meeting import MeetingData, gather
from benchlearn.messages import t

if TYPE_CHECKING:
    import pandas as pd

QUARTILE_COLOURS = {1: "#63BE7B", 2: "#C6E0B4", 3: "#FCD5B4", 4: "#F8696B"}
GREY = "#D9D9D9"
HEADER = "#1F4E78"
SHEETS = ("cover", "summary", "indicators", "profiles", "similar", "definitions", "data", "quality")
TREND_LINES = 5


@dataclass(frozen=True)
class WorkbookSummary:
    """What was written where."""

    path: Path
    sheets: list[str]
    members: int
    indicators: int
    profiles: list[str]
    cells: int
    strings: int
    first_member: str


def write_workbook(
    engine: Engine,
    network: str,
    year: int,
    out: str | Path,
    *,
    peers: str = "network",
    lang: str = "en",
    municipalities: Sequence[str] | None = None,
    boundaries: int | None = None,
    draws: int = 200,
    sheets: Sequence[str] = SHEETS,
) -> WorkbookSummary:
    """Compute the comparisons and write the meeting workbook to ``out``."""
    data = gather(
        engine,
        network,
        year,
        peers=peers,
        municipalities=municipalities,
        boundaries=boundaries,
        draws=draws,
        with_similarity="similar" in sheets,
    )
    return render_workbook(data, out, lang=lang, sheets=sheets)


def render_workbook(
    data: MeetingData, out: str | Path, *, lang: str = "en", sheets: Sequence[str] = SHEETS
) -> WorkbookSummary:
    """Write an already gathered :class:`MeetingData` as a workbook."""
    import xlsxwriter

    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    book = xlsxwriter.Workbook(
        str(path),
        {
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            # Rows go to disk as they are finished; see _RowOrdered for how sheets keep order.
            "constant_memory": True,
        },
    )
    writer = _Writer(book, data, lang)
    try:
        for kind in sheets:  # in the order asked for
            if kind not in SHEETS:
                raise ValueError(f"unknown sheet kind {kind!r}")
            getattr(writer, f"sheet_{kind}")()
        writer.flush()
        network_name = data.network.label(lang)
        book.set_properties(
            {
                "title": t("title", lang, network=network_name) + f" {data.year}",
                "subject": network_name,
                "author": "benchlearn",
                "company": "benchlearn",
                "created": dt.datetime.now(),
            }
        )
    finally:
        book.close()
    return WorkbookSummary(
        path,
        writer.sheet_names,
        len(data.members),
        len(data.codes),
        list(data.profiles),
        sum(writer.counts.values()),
        writer.counts["write_string"],
        data.members[0],
    )


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


def _number_format(ind: IndicatorDefinition) -> str:
    decimals = 2 if ind.decimals is None else ind.decimals
    return "#,##0" + ("." + "0" * decimals if decimals else "")


class _Writer:
    """Sheet writers sharing formats, names and the gathered data."""

    def __init__(self, book: Any, data: MeetingData, lang: str) -> None:
        self.book, self.data, self.lang = book, data, lang
        self.sheet_names: list[str] = []
        self.buffered: list[_RowOrdered] = []
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
        self._numbers: dict[tuple[str, int | None], Any] = {}
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

    # -- helpers ---------------------------------------------------------------

    def number(self, ind: IndicatorDefinition, quartile: int | None = None) -> Any:
        """A cached format: the indicator's number format and, if given, its quartile colour."""
        key = (_number_format(ind), quartile)
        if key not in self._numbers:
            spec: dict[str, Any] = {"num_format": key[0]}
            if quartile is not None:
                spec["bg_color"] = QUARTILE_COLOURS[quartile]
            self._numbers[key] = self.book.add_format(spec)
        return self._numbers[key]

    def flush(self) -> None:
        """Write out the buffered cells of every sheet, row by row."""
        for ws in self.buffered:
            ws.flush()
        self.buffered = []

    def sheet(self, title: str, *, header_row: int | None = None, landscape: bool = True) -> Any:
        name = sheet_title(title, self.taken)
        ws = _RowOrdered(self.book.add_worksheet(name), self.counts)
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

    def text(self, ws: Any, row: int, col: int, value: object, fmt: Any = None) -> None:
        """Text from data or definitions: always a string cell, never a formula."""
        ws.write_string(row, col, "" if value is None else str(value), fmt)

    def paragraph(self, ws: Any, row: int, col: int, text: str, width: int) -> None:
        """Wrapped text with a row height that shows all of it (spreadsheets do not autofit)."""
        lines = max(1, -(-len(text) // max(width - 2, 1)))
        ws.set_row(row, 15 * lines)
        self.text(ws, row, col, text, self.f_wrap)

    def header(self, ws: Any, row: int, labels: Sequence[str], col: int = 0) -> None:
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
    ) -> None:
        """A value, ``..`` for a confidential one, grey for none."""
        if status == "..":
            ws.write_string(row, col, "..", self.f_grey)
        elif _missing(value):
            ws.write_blank(row, col, None, self.f_grey)
        else:
            colour = quartile if ind.direction != "neutral" else None
            ws.write_number(row, col, float(value), self.number(ind, colour))

    def define(self, name: str, ws_name: str, first_row: int, last_row: int, last_col: int) -> None:
        """A defined name for a table, so formulas and pivots can refer to it."""
        clean = re.sub(r"[^A-Za-z0-9_]", "_", name)
        if not re.match(r"[A-Za-z_]", clean):
            clean = "T_" + clean
        quoted = ws_name.replace("'", "''")
        last_row = max(last_row, first_row)
        self.book.define_name(
            clean, f"='{quoted}'!$A${first_row + 1}:${_column(last_col)}${last_row + 1}"
        )

    def name_of(self, code: str) -> str:
        return self.data.names.get(code, code)

    def label(self, code: str) -> str:
        return self.data.definitions.indicators[code].label(self.lang)

    # -- sheets ----------------------------------------------------------------

    def sheet_cover(self) -> None:
        lang, data = self.lang, self.data
        ws = self.sheet(t("sheet_cover", lang))
        ws.set_column(0, 0, 24)
        ws.set_column(1, 1, 90)
        self.text(ws, 0, 0, t("title", lang, network=self.network_label), self.f_title)
        rows = [
            (t("network", lang), f"{data.network.code}: {self.network_label}"),
            (t("year", lang), str(data.year)),
            (t("peer_basis", lang), peer_basis_text(data.peers, lang)),
            (t("generated", lang), dt.date.today().isoformat()),
        ]
        if data.boundaries is not None:
            rows.append(("", t("boundaries_note", lang, year=data.boundaries)))
        description = pick_text(data.network.description, lang)
        if description:
            rows.append(("", description))
        row = 2
        for key, value in rows:
            self.text(ws, row, 0, key, self.f_bold)
            self.paragraph(ws, row, 1, value, 90)
            row += 1
        row += 1
        self.text(ws, row, 0, t("how_to_read", lang), self.f_subtitle)
        row += 1
        for key in ("read_rank", "read_colours", "read_bands", "read_grey", "read_neutral"):
            self.paragraph(ws, row, 1, t(key, lang), 90)
            row += 1
        for quartile in (1, 2, 3, 4):
            fmt = self.book.add_format({"bg_color": QUARTILE_COLOURS[quartile], "align": "center"})
            ws.write_string(row, 0, t(f"quarter_{quartile}", lang), fmt)
            row += 1
        ws.write_string(row, 0, t("no_value", lang), self.f_grey)
        row += 2
        self.text(ws, row, 0, t("sources", lang), self.f_subtitle)
        row += 1
        sources = sorted(
            {data.network.source or ""}
            | {data.definitions.indicators[c].source or "" for c in data.codes}
        )
        for source in (s for s in sources if s):
            self.paragraph(ws, row, 1, source, 90)
            row += 1
        row += 1
        self.text(ws, row, 0, f"{t('members', lang)} ({len(data.members)})", self.f_subtitle)
        row += 1
        first = row
        for code in data.members:
            self.text(ws, row, 0, code)
            self.text(ws, row, 1, self.name_of(code))
            row += 1
        self.define("Members", self.sheet_names[-1], first, row - 1, 1)

    def sheet_summary(self) -> None:
        lang, data = self.lang, self.data
        ws = self.sheet(t("sheet_summary", lang), header_row=0)
        codes = list(data.codes)
        labels = [t("municipality", lang), t("code", lang)]
        labels += [f"{self.label(c)} ({data.definitions.indicators[c].unit})" for c in codes]
        labels += [t("score", lang), t("rank", lang), t("rank_interval", lang)]
        ws.set_row(0, 90)
        self.header(ws, 0, labels)
        ws.set_column(0, 0, 28)
        ws.set_column(1, 1, 11)
        ws.set_column(2, 2 + len(codes) - 1, 13)
        ws.set_column(2 + len(codes), 4 + len(codes), 12)
        order = list(data.index["municipality"])
        order += [m for m in data.members if m not in set(order)]
        scores = data.index.set_index("municipality")
        for row, municipality in enumerate(order, start=1):
            self.text(ws, row, 0, self.name_of(municipality))
            self.text(ws, row, 1, municipality)
            for col, code in enumerate(codes, start=2):
                found = self.by_key.get((municipality, code))
                if found is None:
                    ws.write_blank(row, col, None, self.f_grey)
                    continue
                quartile = None if _missing(found.quartile) else int(found.quartile)
                self.value_cell(
                    ws,
                    row,
                    col,
                    data.definitions.indicators[code],
                    found.value,
                    found.status,
                    quartile,
                )
            col = 2 + len(codes)
            if municipality in scores.index:
                entry = scores.loc[municipality]
                if not _missing(entry["score"]):
                    ws.write_number(row, col, float(entry["score"]), self.f_score)
                    ws.write_number(row, col + 1, int(entry["rank"]), self.f_int)
                    if not _missing(entry["rank_low"]):
                        interval = f"{int(entry['rank_low'])}–{int(entry['rank_high'])}"
                        self.text(ws, row, col + 2, interval, self.f_center)
        ws.freeze_panes(1, 2)
        self.define("Summary", self.sheet_names[-1], 0, len(order), len(labels) - 1)

    def sheet_indicators(self) -> None:
        from benchlearn.workbook.charts import indicator_sheet

        for code in self.data.codes:
            indicator_sheet(self, code, self.tables.get(code, []))

    def sheet_profiles(self) -> None:
        from benchlearn.workbook.charts import profile_sheet

        for municipality in self.data.profiles:
            profile_sheet(self, municipality)

    def sheet_similar(self) -> None:
        from benchlearn.workbook.tables import similar_sheet

        similar_sheet(self)

    def sheet_definitions(self) -> None:
        from benchlearn.workbook.tables import definitions_sheet

        definitions_sheet(self)

    def sheet_data(self) -> None:
        from benchlearn.workbook.tables import data_sheet

        data_sheet(self)

    def sheet_quality(self) -> None:
        from benchlearn.workbook.tables import quality_sheet

        quality_sheet(self)


class _RowOrdered:
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
        self.rows.setdefault(row, []).append((col, "write_string", args))

    def write_number(self, row: int, col: int, *args: Any) -> None:
        self.rows.setdefault(row, []).append((col, "write_number", args))

    def write_blank(self, row: int, col: int, *args: Any) -> None:
        self.rows.setdefault(row, []).append((col, "write_blank", args))

    def set_row(self, row: int, height: float) -> None:
        self.heights[row] = height

    def flush(self) -> None:
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


def _first(cell: tuple[int, str, tuple[Any, ...]]) -> int:
    return cell[0]


def _escape_amp(text: str) -> str:
    return text.replace("&", "&&")


def _column(index: int) -> str:
    """Spreadsheet column letters for a 0-based index."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def peer_basis_text(peers: str, lang: str) -> str:
    """What ``--peers`` means, in words."""
    kind, _, name = peers.partition(":")
    if kind in {"network", "all"}:
        return t(f"peers_{kind}", lang)
    return t(f"peers_{kind}", lang, name=name)


def _missing(value: Any) -> bool:
    """None, NaN, NA or NaT. Floats answer without pandas: this runs for every cell."""
    if value is None:
        return True
    if isinstance(value, float):
        return value != value
    import pandas as pd

    return bool(pd.isna(value))
