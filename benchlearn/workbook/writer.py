"""What every sheet of the meeting workbook shares: formats, names, paper, the data.

Each sheet module takes a :class:`SheetWriter` and writes its sheets through it,
so formats are made once per workbook, sheet names stay unique and every sheet
prints the same way: on A4, never below 70 %, column headers and long texts
wrapped in rows tall enough to show them, charts kept whole on their pages and
only what belongs on paper in the print area (:mod:`.layout` does the sums).
The writer also holds what several sheets read and draw: the ranking tables,
the year-by-year statistics, the trend and distribution charts.

Every text from data or definitions is written with ``write_string``, so a name
starting with ``=`` stays text; a confidential value is written as ``..`` and
never reaches a cell or a chart.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, cast

from benchlearn.analysis.ranking import BANDS
from benchlearn.charts import short_label
from benchlearn.definitions import IndicatorDefinition
from benchlearn.definitions.matrix import Matrix, cell_words, is_dark, level_colours, matrix_of
from benchlearn.frames import records
from benchlearn.messages import general, t
from benchlearn.views import (
    FOCUS,
    LIGHT_TEXT,
    OTHERS,
    QUARTILE_COLOURS,
    SIGNIFICANCE_COLOURS,
    UNSURE,
    boundary_notes,
    facts,
    is_missing,
    is_ordinal,
    is_yes_no,
    level_matrix,
    level_text,
    peer_basis_text,
    ranking_tables,
    significance_label,
    spine_rows,
    trends,
)
from benchlearn.workbook.layout import (
    ROW,
    Paper,
    RowOrderedSheet,
    axis_bounds,
    column_pixels,
    fitting_width,
    text_lines,
)

if TYPE_CHECKING:
    import pandas as pd

    from benchlearn.meeting import MeetingData

__all__ = [
    "FOCUS",
    "LIGHT_TEXT",
    "OTHERS",
    "QUARTILE_COLOURS",
    "SIGNIFICANCE_COLOURS",
    "Matrix",
    "RowOrderedSheet",
    "axis_bounds",
    "boundary_notes",
    "facts",
    "column_pixels",
    "fitting_width",
    "is_missing",
    "is_ordinal",
    "is_yes_no",
    "level_colours",
    "peer_basis_text",
    "ranking_tables",
    "spine_rows",
    "text_lines",
]

GREY = "#D9D9D9"
HEADER = "#1F4E78"
FOCUS_FILL = "#FFF2CC"
GRIDLINES = {"visible": True, "line": {"color": "#E0E0E0"}}
#: Every cell's type (see :mod:`.layout` for why Arial 10), at the top of its row: rows are
#: as tall as their longest wrapped text, and the rest of the row reads from the top.
FONT = {"font_name": "Arial", "font_size": 10, "valign": "top"}


def sheet_title(text: str, taken: set[str]) -> str:
    """A valid, unique sheet name: ≤ 31 characters, none of []:*?/\\ ."""
    base = re.sub(r"[\[\]:*?/\\]", "_", text).strip("'")[:31] or "Sheet"
    name, n = base, 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def number_format(ind: IndicatorDefinition, lang: str = "en") -> str:
    """The indicator's Excel number format: thousands separated, its decimals (2 if unset).

    A yes/no indicator shows its 1 and 0 as the words yes and no (the cell stays a number).
    """
    if is_yes_no(ind):
        yes, no = (t(key, lang).replace('"', "") for key in ("wb_yes", "wb_no"))
        return f'"{yes}";"{yes}";"{no}"'
    decimals = 2 if ind.decimals is None else ind.decimals
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def decimal_text(value: float, lang: str) -> str:
    """A short number in text (a confidence level, a weight): 99.8, or 99,8 in Latvian."""
    return general(float(value), lang)


class SheetWriter(Paper):
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
        self.f_title = book.add_format({"bold": True, "font_size": 14, "font_color": HEADER})
        self.f_title_wrap = book.add_format(
            {
                "bold": True,
                "font_size": 14,
                "font_color": HEADER,
                "text_wrap": True,
                "valign": "top",
            }
        )
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
        self.f_indent = book.add_format({"indent": 1, "text_wrap": True})
        self.f_wrap = book.add_format({"text_wrap": True, "valign": "top"})
        #: Codes and formulas in small type: a code has no spaces to wrap at.
        self.f_code = book.add_format({"font_size": 8, "valign": "top"})
        self.f_code_wrap = book.add_format({"font_size": 8, "valign": "top", "text_wrap": True})
        self.f_bold = book.add_format({"bold": True, "valign": "top"})
        self.f_bold_wrap = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
        self.f_focus = book.add_format({"bold": True, "bg_color": FOCUS_FILL, "text_wrap": True})
        self.f_grey = book.add_format({"bg_color": GREY, "align": "center"})
        self.f_center = book.add_format({"align": "center", "valign": "top"})
        self.f_right = book.add_format({"align": "right", "valign": "top"})
        self.f_int = book.add_format({"num_format": "0", "valign": "top"})
        self.f_pct = book.add_format({"num_format": "0"})
        self.f_score = book.add_format({"num_format": "0.0"})
        self.f_sim = book.add_format({"num_format": "0.000"})
        self._numbers: dict[tuple[str, int | str | None], Any] = {}
        self._judged: dict[str, Any] = {}
        self._levels: dict[tuple[int, int], Any] = {}
        self.band_names = {b: t(b, lang) for b in BANDS}
        self.network_label = data.network.label(lang)
        definitions = data.definitions.indicators
        #: The municipality the views are about: the one profile asked for, if only one.
        self.focus = data.profiles[0] if len(data.profiles) == 1 else None
        # Year by year, for the trend charts, computed once (see :func:`benchlearn.views.trends`).
        found = trends(data)
        self.trend, self.trend_stats = found.values, found.stats
        self.trend_codes = set(self.trend.index.get_level_values(0))
        directions = {c: i.direction for c, i in definitions.items()}
        # Each indicator's rows best to worst; every row also by (municipality, indicator).
        self.tables = ranking_tables(data.ranked, directions)
        self.by_key = {(r.municipality, r.indicator): r for t in self.tables.values() for r in t}
        self.matrix = matrix_of([definitions[c] for c in data.codes], lang)

    # --- cells -------------------------------------------------------------------------

    def number(self, ind: IndicatorDefinition, colour: int | str | None = None) -> Any:
        """A cached format: the indicator's number format and, if given, the fill of a
        quartile (1–4) or of a significance (``better``, ``similar`` …)."""
        key = (number_format(ind, self.lang), colour)
        if key not in self._numbers:
            self._numbers[key] = self.book.add_format({"num_format": key[0], **_fill(colour)})
        return self._numbers[key]

    def change(self, ind: IndicatorDefinition, colour: str = UNSURE, bold: bool = False) -> Any:
        """A cached format for a change: its arrow and sign, in the indicator's decimals (a
        yes/no indicator's change is +1, 0 or -1), in ``colour`` (grey unless significant)."""
        plain = "0" if is_yes_no(ind) else number_format(ind, self.lang)
        shown = f'"↑ +"{plain};"↓ −"{plain};"→ "{plain}'
        key = (shown, f"change-{colour}-{bold}")
        if key not in self._numbers:
            self._numbers[key] = self.book.add_format(
                {"num_format": shown, "font_color": colour, "bold": bold}
            )
        return self._numbers[key]

    def arrow(self, colour: str, *, bold: bool = False) -> Any:
        """A cached format for a change's arrow and figure, right-aligned in ``colour``."""
        key = (f"arrow{'-bold' if bold else ''}", colour)
        if key not in self._numbers:
            self._numbers[key] = self.book.add_format(
                {"align": "right", "valign": "top", "font_color": colour, "bold": bold}
            )
        return self._numbers[key]

    def judged(self, significance: str) -> Any:
        """A cached format for a significance word, in its Fingertips colour."""
        if significance not in self._judged:
            self._judged[significance] = self.book.add_format(
                {"align": "center", "border": 1, "border_color": "#BFBFBF", **_fill(significance)}
            )
        return self._judged[significance]

    def level_format(self, level: int, count: int) -> Any:
        """A cached format for level ``level`` (0-based) of a scale of ``count`` levels."""
        key = (level, count)
        if key not in self._levels:
            colour = level_colours(count)[level]
            dark = is_dark(level, count)
            self._levels[key] = self.book.add_format(
                {"bg_color": colour, "border": 1, "border_color": "#BFBFBF", "text_wrap": True,
                 "valign": "top", **({"font_color": "#FFFFFF"} if dark else {})}
            )  # fmt: skip
        return self._levels[key]

    def significance_label(self, significance: str) -> str:
        """A significance in the workbook's language."""
        return significance_label(significance, self.lang)

    def level_label(self, ind: IndicatorDefinition, value: float) -> str:
        """A value of an ordinal indicator as its level (:func:`level_text`: "2. līmenis —
        attīstībā"), a value between levels as a number."""
        for level in ind.scale:
            if float(level.value) == float(value):
                return level_text(ind, float(value), self.lang)
        return decimal_text(float(value), self.lang)

    def flush(self) -> None:
        """Finish every sheet's paper and write out its buffered cells, row by row."""
        for ws in self.buffered:
            self.finish(ws)
            ws.flush()
        self.buffered = []

    def sheet(self, title: str, *, header_row: int | None = None, landscape: bool = True) -> Any:
        """A new sheet with a unique name, on A4 with the network's footer and the sheet's name.

        ``header_row`` repeats on every printed page. The sheet buffers its cells
        (see :class:`RowOrderedSheet`) until :meth:`flush`, which also sets its
        print scale, print area and page breaks (:meth:`finish`).
        """
        name = sheet_title(title, self.taken)
        ws = RowOrderedSheet(self.book.add_worksheet(name), self.counts, landscape)
        self.buffered.append(ws)
        self.sheet_names.append(name)
        if landscape:
            ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.set_default_row(ROW)
        ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
        footer = t("footer", self.lang, network=self.network_label, year=self.data.year)
        # The sheet name sits with the page number: a long network name on the left then
        # never runs into it, even on a sheet printed at 100 %.
        ws.set_footer(f"&L&8{_escape_amp(footer)}&R&8&A · &P / &N")
        if header_row is not None:
            ws.repeat_rows(header_row)
            ws.repeated = header_row
        return ws

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

    # --- charts shared by several sheets -----------------------------------------------

    def trend_chart(
        self,
        ws: Any,
        code: str,
        lines: Sequence[str],
        at: tuple[int, int],
        *,
        small: bool = False,
    ) -> Any | None:
        """An indicator over the years: the members' middle half as a band, their median, and
        a line for each of ``lines`` (the municipality a view is about, in dark blue).

        A yes/no indicator draws the share of members answering yes instead. The
        chart's data go to hidden cells from ``at`` (row, column): a row per year
        of year, lower quartile, band, median and the lines. The value axis is
        fitted to the data. ``None`` with fewer than two years.
        """
        ind = self.data.definitions.indicators[code]
        if code not in self.trend_codes:
            return None
        stats = cast("pd.DataFrame", self.trend_stats.loc[code])
        years = [int(y) for y in stats.index]
        if len(years) < 2:
            return None
        lang, sheet = self.lang, ws.get_name()
        top, col = at
        yes_no = is_yes_no(ind)
        # Hidden cells, a row per year: year, then the share answering yes, or the lower
        # quartile, the band up to the upper quartile, the median and the lines.
        if yes_no:
            names = {1: t("wb_trend_yes", lang)}
            own = None
        else:
            names = {2: t("wb_trend_band", lang), 3: t("wb_trend_median", lang)}
            names.update({4 + k: short_label(self.name_of(m)) for k, m in enumerate(lines)})
            own = cast("pd.DataFrame", self.trend.loc[code]).reindex(
                index=years, columns=list(lines)
            )
        for j, label in names.items():
            ws.write_string(top, col + j, label)
        plotted: list[float] = []
        for i, (year, s) in enumerate(zip(years, records(stats), strict=True), start=1):
            if own is None:
                cells = [100.0 * s.mean]
            else:
                values = own.to_numpy(dtype=float)[i - 1].tolist()
                cells = [s.q1, s.q3 - s.q1, s.median, *values]
            ws.write_number(top + i, col, year)
            for j, value in enumerate(cells, start=1):
                if value == value:
                    ws.write_number(top + i, col + j, value)
            plotted += cells if own is None else [cells[0], cells[0] + cells[1], *cells[2:]]
        end = top + len(years)
        categories = [sheet, top + 1, col, end, col]
        line = self.book.add_chart({"type": "line"})
        for j in sorted(k for k in names if k != 2):
            focused = yes_no or (j >= 4 and (lines[j - 4] == self.focus or len(lines) == 1))
            style: dict[str, Any] = {"width": 1.5}
            if j == 3:
                style = {"color": "#7F7F7F", "dash_type": "dash", "width": 1.5}
            elif focused:
                style = {"color": FOCUS, "width": 2.5}
            marker: dict[str, Any] = {"type": "circle", "size": 4 if small else 5}
            if "color" in style:
                marker.update(fill={"color": style["color"]}, border={"color": style["color"]})
            line.add_series(
                {
                    "name": [sheet, top, col + j],
                    "categories": categories,
                    "values": [sheet, top + 1, col + j, end, col + j],
                    "line": style,
                    "marker": marker,
                }
            )
        chart = line
        if not yes_no:
            chart = self.book.add_chart({"type": "area", "subtype": "stacked"})
            chart.add_series({"categories": categories,
                              "values": [sheet, top + 1, col + 1, end, col + 1],
                              "fill": {"none": True}, "border": {"none": True}})  # fmt: skip
            chart.add_series({"name": [sheet, top, col + 2], "categories": categories,
                              "values": [sheet, top + 1, col + 2, end, col + 2],
                              "fill": {"color": "#BDD7EE", "transparency": 30},
                              "border": {"none": True}})  # fmt: skip
            chart.combine(line)
        bounds = axis_bounds(plotted)
        axis: dict[str, Any] = {"num_format": "#,##0.##", "major_gridlines": GRIDLINES,
                                "num_font": {"size": 8}}  # fmt: skip
        if bounds is not None:
            axis.update(min=bounds[0], max=bounds[1])
        if yes_no:
            axis.update(min=0, max=100)
        chart.set_y_axis(axis)
        chart.set_x_axis({"num_font": {"size": 8}})
        title = ind.label(lang) if small else t("chart_trend", lang, indicator=ind.label(lang))
        chart.set_title({"name": title, "name_font": {"size": 9 if small else 11}})
        legend: dict[str, Any] = {"position": "bottom", "font": {"size": 7 if small else 8}}
        if not yes_no:
            legend["delete_series"] = [0]
        chart.set_legend(legend)
        chart.show_hidden_data()
        return chart

    def distribution_chart(
        self, ws: Any, code: str, rows: Sequence[Any], at: tuple[int, int]
    ) -> Any:
        """How many members gave each answer (yes/no) or stand at each level (ordinal), and
        how many have no value; the bar of the municipality the view is about in dark blue.

        The counts go to hidden cells from ``at`` (row, column): label, count.
        """
        ind = self.data.definitions.indicators[code]
        lang, sheet = self.lang, ws.get_name()
        top, col = at
        if is_yes_no(ind):
            levels = [(1.0, t("wb_yes", lang)), (0.0, t("wb_no", lang))]
        else:
            levels = [(float(lv.value), self.level_label(ind, lv.value)) for lv in ind.scale]
        counts = dict.fromkeys([v for v, _ in levels], 0)
        blank = 0
        mine = None
        for r in rows:
            shown = r.status != ".." and not is_missing(r.value)
            if shown and float(r.value) in counts:
                counts[float(r.value)] += 1
            else:
                blank += 1
            if r.municipality == self.focus and shown:
                mine = float(r.value)
        labels = [label for _, label in levels] + [t("wb_no_value", lang)]
        values = [counts[v] for v, _ in levels] + [blank]
        for i, (label, count) in enumerate(zip(labels, values, strict=True)):
            ws.write_string(top + i, col, label)
            ws.write_number(top + i, col + 1, count)
        end = top + len(labels) - 1
        colours = [FOCUS if v == mine else OTHERS for v, _ in levels] + [GREY]
        chart = self.book.add_chart({"type": "column"})
        chart.add_series(
            {
                "name": t("wb_members_count", lang),
                "categories": [sheet, top, col, end, col],
                "values": [sheet, top, col + 1, end, col + 1],
                "points": [{"fill": {"color": c}} for c in colours],
                "data_labels": {"value": True},
                "gap": 60,
            }
        )
        title_key = "wb_chart_answers" if is_yes_no(ind) else "wb_chart_levels"
        title = t(title_key, lang, indicator=ind.label(lang), year=self.data.year)
        if mine is not None and self.focus is not None:
            answer = labels[[v for v, _ in levels].index(mine)]
            title += "\n" + t("wb_focus_answer", lang, name=self.name_of(self.focus), answer=answer)
        chart.set_title({"name": title, "name_font": {"size": 11}})
        chart.set_y_axis({"name": t("wb_members_count", lang), "min": 0,
                          "major_gridlines": GRIDLINES})  # fmt: skip
        chart.set_x_axis({"num_font": {"size": 8}})
        chart.set_legend({"none": True})
        chart.show_hidden_data()
        return chart

    def matrix_levels(
        self, municipality: str | None
    ) -> tuple[dict[str, float | None], dict[str, float | None]]:
        """For each indicator of the matrix: ``municipality``'s level (None without one) and
        the members' median level, rounded to a level."""
        assert self.matrix is not None
        mine: dict[str, float | None] = {}
        median: dict[str, float | None] = {}
        for code in self.matrix.codes.values():
            r = self.by_key.get((municipality or "", code))
            shown = r is not None and r.status != ".." and not is_missing(r.value)
            mine[code] = float(r.value) if r is not None and shown else None
            key = (code, self.data.year)
            found = self.trend_stats["median"].get(key) if key in self.trend_stats.index else None
            median[code] = None if is_missing(found) else float(round(float(found)))  # type: ignore[arg-type]
        return mine, median

    def matrix_grid(self, ws: Any, row: int, title: str, levels: Mapping[str, float | None]) -> int:
        """The matrix (areas down, stages across, from column 0) with each cell's level as
        its words, shaded light to dark; ``levels`` by indicator code. Returns the next row."""
        matrix = self.matrix
        assert matrix is not None
        definitions = self.data.definitions.indicators
        self.paragraph(ws, row, 0, title, len(matrix.stages), self.f_bold_wrap)
        row += 1
        self.header(ws, row, [t("wb_area", self.lang), *matrix.stages])
        for area in matrix.areas:
            row += 1
            self.text(ws, row, 0, area, self.f_bold_wrap)
            texts = [(0, area)]
            for j, stage in enumerate(matrix.stages, start=1):
                code = matrix.codes[(area, stage)]
                ind, value = definitions[code], levels.get(code)
                if value is None or value != value:
                    ws.write_blank(row, j, None, self.f_grey)
                    continue
                scale = [float(lv.value) for lv in ind.scale]
                place = min(range(len(scale)), key=lambda i: abs(scale[i] - float(value)))
                exact = math.isclose(scale[place], float(value))  # a level, not a median
                text = cell_words(ind, self.lang)[place] if exact else self.level_label(ind, value)
                self.text(ws, row, j, text, self.level_format(place, len(scale)))
                texts.append((j, text))
            self.fit_row(ws, row, texts)
        return row + 2

    def counts_grid(self, ws: Any, row: int, title: str, municipality: str | None = None) -> int:
        """The grid (areas down, stages across, from column 0) with, in each cell, how many
        members stand at each level; ``municipality``'s own level marked ▶. Returns the next
        row."""
        lang = self.lang
        grid = level_matrix(self.data, lang, municipality)
        if grid is None:
            return row
        stages = grid.matrix.stages
        # Kept on one page: each area is as tall as its longest cell, a line (15 px) a level.
        tallest = [max(len(grid.lines(a, s, lang)) for s in stages) for a in grid.matrix.areas]
        row = self.place(ws, row, 60 + sum(15 * (n + 1) for n in tallest))
        self.paragraph(ws, row, 0, title, len(stages), self.f_bold_wrap)
        row += 1
        self.header(ws, row, [t("wb_area", lang), *stages])
        for area in grid.matrix.areas:
            row += 1
            self.text(ws, row, 0, area, self.f_bold_wrap)
            texts = [(0, area)]
            for j, stage in enumerate(stages, start=1):
                lines = [f"▶ {x}" if own else x for x, own in grid.lines(area, stage, lang)]
                text = "\n".join(lines)
                self.text(ws, row, j, text, self.f_wrap)
                texts.append((j, text))
            self.fit_row(ws, row, texts)
        return row + 2


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


def _escape_amp(text: str) -> str:
    """A literal ``&`` in a header or footer: Excel reads a single one as a code."""
    return text.replace("&", "&&")
