"""The charts a site draws most, written as SVG here (:class:`Canvas`) rather than drawn by
matplotlib: every member's spine chart and trend panels, each indicator's ranking of every
member, and the network's composite index.

Why by hand: a site has a page per member, so the first two are drawn hundreds of times,
and matplotlib spent about 0.15 s on each pair (laying out every tick label and title
anew on each save), most of the time the whole site took; the ranking and the index have
a name per member, and matplotlib made a tick object for each (0.5 s a chart for 157).
These charts are rectangles, lines and labels on fixed margins, so their geometry is
computed here and written out, in a few milliseconds. They keep matplotlib's
picture: the same sizes in points, margins, colours, dash patterns and markers as
:func:`benchlearn.charts.spine_figure` and the figures they replace, and matplotlib still
does what it is good at here: it chooses the value axis's ticks
(:class:`matplotlib.ticker.MaxNLocator`, as on its own charts) and measures the texts
(its DejaVu Sans metrics: the legends' widths, the lines' heights). Labels stay text
(selectable, read by screen readers, in the page's font). Each indicator's distribution is
written on a canvas of this module too (:mod:`.histogram`), and so is each funnel plot
(:mod:`.funnel`); the charts only some sites draw (counts of answers, the share answering
yes, plans' effects) stay matplotlib figures (:mod:`.figures`).
"""

from __future__ import annotations

import functools
import math
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from benchlearn.charts import short_label, tick_text
from benchlearn.messages import general, t
from benchlearn.views import FOCUS, OTHERS

if TYPE_CHECKING:
    import numpy as np

    from benchlearn.charts import SpineRow
    from benchlearn.definitions import IndicatorDefinition
    from benchlearn.views import Trends

#: Points in an inch: the SVG's units, as matplotlib writes them.
POINTS = 72.0
#: The style every stroke starts from (matplotlib's SVG default).
ROUND = "stroke-linejoin: round"
AXIS = "fill: none; stroke: #000000; stroke-width: 0.8; stroke-linecap: square"
#: matplotlib's "--" at a line width of 1.2: 3.7 and 1.6 line widths.
DASHED = "stroke-dasharray: 4.44,1.92"
BAND = "#BDD7EE"
#: The members' median (dashed grey), a member's own line (dark blue), a spine's centre.
MEDIAN_LINE = f"fill: none; {DASHED}; stroke: #595959; stroke-width: 1.2"
OWN_LINE = f"fill: none; stroke: {FOCUS}; stroke-width: 2; stroke-linecap: square; {ROUND}"
#: matplotlib's grid (``grid.color``, at the width and opacity the site's charts use) and ticks.
GRID = "fill: none; stroke: #b0b0b0; stroke-opacity: 0.6; stroke-width: 0.3; stroke-linecap: square"
FRAME = "fill: #ffffff; opacity: 0.8; stroke: #cccccc; stroke-width: 1"
TICK = "stroke: #000000; stroke-width: 0.8"
CENTRE = "fill: none; stroke: #000000; stroke-width: 1.2; stroke-linecap: square"
#: The legend's spacing in font sizes (matplotlib's defaults): handle, gap to the text,
#: gap between columns, and the row's height.
HANDLE, HANDLE_PAD, COLUMN_GAP, ROW = 2.0, 0.8, 2.0, 1.7


@dataclass(frozen=True)
class Path:
    d: str
    style: str


@dataclass(frozen=True)
class Text:
    x: str
    y: str
    text: str
    size: int
    anchor: str = "start"
    bold: bool = False
    #: Turned a quarter to the left about its anchor (an axis title read bottom to top).
    upright: bool = False


class Canvas:
    """The paths and texts of one chart, in drawing order, coordinates in points from the
    top left, rounded to a tenth (as :func:`.figures.inline_svg` rounds matplotlib's)."""

    def __init__(self, width: float, height: float) -> None:
        self.width, self.height = width, height
        self.paths: list[Path] = []
        self.texts: list[Text] = []

    def path(self, points: Sequence[tuple[float, float]], style: str, closed: bool = False) -> None:
        # Every coordinate as _n writes it: formatted in one go, then each ".0" left out.
        d = "M " + " L ".join([f"{x:.1f} {y:.1f}" for x, y in points]) if points else ""
        self.paths.append(Path(_WHOLE.sub("", d) + (" z" if closed else ""), style))

    def rect(self, x0: float, y0: float, x1: float, y1: float, fill: str) -> None:
        self.path([(x0, y1), (x1, y1), (x1, y0), (x0, y0)], f"fill: {fill}", closed=True)

    def marker(self, x: float, y: float, shape: str, size: float, fill: str, edge: str,
               edge_width: float) -> None:  # fmt: skip
        """A matplotlib marker of ``size`` points (``o ^ v s D |``) centred on (x, y)."""
        h = size / 2
        style = f"fill: {fill}; stroke: {edge}; stroke-width: {edge_width}; {ROUND}"
        if shape == "|":
            self.path([(x, y + h), (x, y - h)], f"fill: none; stroke: {fill}; stroke-width: 1.5")
            return
        corners = {
            "^": [(0, -h), (-h, h), (h, h)],
            "v": [(0, h), (-h, -h), (h, -h)],
            "s": [(-h, -h), (h, -h), (h, h), (-h, h)],
            "D": [(0, -h * math.sqrt(2)), (h * math.sqrt(2), 0), (0, h * math.sqrt(2)),
                  (-h * math.sqrt(2), 0)],
        }.get(shape)  # fmt: skip
        if corners is None:  # a circle, as two arcs
            d = (f"M {_n(x - h)} {_n(y)} A {_n(h)} {_n(h)} 0 1 0 {_n(x + h)} {_n(y)} "
                 f"A {_n(h)} {_n(h)} 0 1 0 {_n(x - h)} {_n(y)} z")  # fmt: skip
            self.paths.append(Path(d, style))
            return
        self.path([(x + dx, y + dy) for dx, dy in corners], style, closed=True)

    def text(self, x: float, y: float, text: str, size: int, anchor: str = "start",
             bold: bool = False, upright: bool = False) -> None:  # fmt: skip
        self.texts.append(Text(_n(x), _n(y), text, size, anchor, bold, upright))

    def lines(self, x: float, y: float, lines: Sequence[str], size: int, anchor: str) -> None:
        """Lines of text centred as a block on ``y`` (the row they label)."""
        step = size * 1.2
        first = y - step * (len(lines) - 1) / 2 + size * 0.36
        for k, line in enumerate(lines):
            self.text(x, first + k * step, line, size, anchor)

    def legend(self, entries: Sequence[tuple[str, Any]], columns: int, size: int) -> None:
        """Entries (text, a function drawing the handle at (x, y)) in ``columns`` columns
        filled top to bottom, centred at the foot of the chart, without a frame."""
        per = -(-len(entries) // columns)
        # The first columns take one more entry each, as matplotlib's legend does.
        counts = [len(entries) // columns + (1 if c < len(entries) % columns else 0)
                  for c in range(columns)]  # fmt: skip
        groups, start = [], 0
        for count in counts:
            groups.append(entries[start : start + count])
            start += count
        handle, pad, gap = HANDLE * size, HANDLE_PAD * size, COLUMN_GAP * size
        widths = [max(handle + pad + text_width(text, size) for text, _ in group)
                  for group in groups if group]  # fmt: skip
        x = (self.width - sum(widths) - gap * (len(widths) - 1)) / 2
        for group, width in zip(groups, widths, strict=False):
            for row, (text, draw) in enumerate(group):
                baseline = self.height - 8 / 7 * size - (per - 1 - row) * ROW * size
                draw(x + handle / 2, baseline - 0.34 * size, handle)
                self.text(x + handle + pad, baseline, text, size)
            x += width + gap

    def svg(self, label: str) -> str:
        """The chart as an ``<svg>`` element, ``label`` its text alternative.

        Written by joining strings rather than by a template: a site writes hundreds of
        charts of hundreds of elements, and a template escaped every coordinate. The texts
        and the label are escaped (they come from the data); the paths and styles are this
        module's numbers and words."""
        from markupsafe import escape

        size = f"{self.width:.0f}"
        parts = [
            f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" role="img" '
            f'aria-label="{escape(label)}" style="max-width:{size}pt" '
            f'viewBox="0 0 {_n(self.width)} {_n(self.height)}">'
        ]
        parts += [f'<path d="{p.d}" style="{p.style}"/>' for p in self.paths]
        for s in self.texts:
            bold = "; font-weight: bold" if s.bold else ""
            turn = f' transform="rotate(-90 {s.x} {s.y})"' if s.upright else ""
            style = f"font-size: {s.size}px; text-anchor: {s.anchor}{bold}"
            parts.append(f'<text x="{s.x}" y="{s.y}" style="{style}"{turn}>{escape(s.text)}</text>')
        parts.append("</svg>")
        return "".join(parts)


def spine_svg(
    rows: Sequence[SpineRow], legend: Sequence[tuple[str, str, str]], width: float, label: str
) -> str:
    """:func:`benchlearn.charts.spine_figure` as SVG, margins from the names' length: per indicator
    the peers' range, their middle half, the comparator as a line and the member as a
    marker with its value beside it, the better end on the right; ``width`` in inches."""
    inches = 0.45 * len(rows) + 1.2
    canvas = Canvas(width * POINTS, inches * POINTS)
    characters = max(20, int(width * 5.5))  # a third of the width at 8 points
    labels = [textwrap.wrap(row.label, characters) or [row.label] for row in rows]
    longest = max((len(line) for lines in labels for line in lines), default=0)
    left = min((longest * 0.075 + 0.25) / width, 0.6) * canvas.width
    right = 0.98 * canvas.width
    top = 0.1 * POINTS
    bottom = canvas.height - (0.55 if legend else 0.2) * POINTS
    span = len(rows) + 0.2  # the rows' axis runs from -0.6 to len(rows) - 0.4

    def x_at(value: float) -> float:
        return left + (value + 1.05) / 2.1 * (right - left)

    def y_at(row: float) -> float:
        return bottom - (row + 0.6) / span * (bottom - top)

    for k, row in enumerate(rows):
        y = len(rows) - 1 - k  # the first row at the top
        high, low = y_at(y + 0.25), y_at(y - 0.25)
        canvas.rect(x_at(row.low), high, x_at(row.high), low, "#e5e5e5")
        canvas.rect(x_at(row.q_low), high, x_at(row.q_high), low, "#bdbdbd")
        centre = x_at(row.median)
        canvas.path([(centre, y_at(y - 0.3)), (centre, y_at(y + 0.3))], CENTRE)
        if row.value is not None:
            canvas.marker(x_at(row.value), y_at(y), row.marker, math.sqrt(55), row.colour,
                          "#000000", 0.5)  # fmt: skip
            if row.text:  # the value beside its marker, towards the middle, as on paper
                before = row.value > 0.5  # near the right end: the text on the marker's left
                at = x_at(row.value) + (-7 if before else 7)
                canvas.lines(at, y_at(y), [row.text], 7, "end" if before else "start")
        canvas.path([(left, y_at(y)), (left - 3.5, y_at(y))], TICK)
        canvas.lines(left - 7, y_at(y), labels[k], 8, "end")
    canvas.path([(left, bottom), (right, bottom)], AXIS)
    if legend:
        longest_entry = max(len(text) for text, _, _ in legend)
        columns = max(1, min(4, len(legend), int(width / (0.06 * longest_entry + 0.5))))

        entries = [
            (text, functools.partial(_marker_handle, canvas, colour, shape))
            for text, colour, shape in legend
        ]
        canvas.legend(entries, columns, 7)
    return canvas.svg(label)


def ranked_bars_svg(
    rows: Sequence[tuple[str, float, str]],
    ind: IndicatorDefinition,
    lang: str,
    median: float | None,
    label: str,
    legend: str | None = None,
) -> str:
    """One bar per member, best first, names on the axis (an indicator's page): ``rows``
    are (name, value, colour) in the order to draw, ``median`` the reference line (the
    comparator), ``legend`` its name. As matplotlib drew it: margins from the longest
    name, the value axis's limits 5 % beyond the bars (never beyond zero, where the bars
    start) with its ticks from :class:`matplotlib.ticker.MaxNLocator` and a faint grid."""
    inches = 0.17 * len(rows) + 1.1
    canvas = Canvas(7.5 * POINTS, inches * POINTS)
    rows = [(short_label(name), value, colour) for name, value, colour in rows]
    longest = max((len(name) for name, _, _ in rows), default=0)
    left = min((longest * 0.062 + 0.2) / 7.5, 0.5) * canvas.width
    right, top, bottom = 0.97 * canvas.width, 0.25 * POINTS, canvas.height - 0.6 * POINTS
    values = [value for _, value, _ in rows] + ([median] if median is not None else [])
    low, high = min([0.0, *values]), max([0.0, *values])
    margin = (high - low) * 0.05
    low, high = (low - margin if low < 0 else low), (high + margin if high > 0 else high)
    if high == low:
        low, high = low - 1.0, high + 1.0
    nbins = max(1, min(9, int((right - left) // 24)))  # matplotlib: a tick per three 8-pt letters
    ticks = axis_ticks(low, high, nbins)
    scale = _Scale(left, top, right - left, bottom - top, low, high, -0.6, len(rows) - 0.4)
    for x in ticks:
        at = scale.at(x, 0)[0]
        canvas.path([(at, bottom), (at, top)], GRID)
    for k, (name, value, colour) in enumerate(rows):
        y = len(rows) - 1 - k  # the first row at the top
        x0, y0 = scale.at(min(0.0, value), y + 0.375)
        x1, y1 = scale.at(max(0.0, value), y - 0.375)
        canvas.rect(x0, y0, x1, y1, colour)
        row_y = scale.at(0, y)[1]
        canvas.path([(left, row_y), (left - 3.5, row_y)], TICK)
        canvas.text(left - 7, row_y + 2.9, name, 8, "end")
    for x in ticks:
        at = scale.at(x, 0)[0]
        canvas.path([(at, bottom), (at, bottom + 3.5)], TICK)
        canvas.text(at, bottom + 13.9, general(round(x, 10), lang), 8, "middle")
    canvas.text((left + right) / 2, bottom + 27.5, ind.unit_label(lang), 8, "middle")
    canvas.path([(left, bottom), (left, top)], AXIS)
    canvas.path([(left, bottom), (right, bottom)], AXIS)
    if median is not None:
        at = scale.at(median, 0)[0]
        style = "fill: none; stroke-dasharray: 3.7,1.6; stroke: #000000; stroke-width: 1"
        canvas.path([(at, bottom), (at, top)], style)
        text = legend or t("peer_median", lang)
        # The legend in the lower right corner, framed as matplotlib frames one.
        width = 7 * (0.4 + HANDLE + HANDLE_PAD + 0.4) + text_width(text, 7)
        x1, y1 = right - 3.5, bottom - 3.5
        x0, y0 = x1 - width, y1 - 7 * 2.0
        canvas.path([(x0, y1), (x1, y1), (x1, y0), (x0, y0)], FRAME, closed=True)
        handle = x0 + 0.4 * 7
        canvas.path([(handle, y1 - 7 * 1.0), (handle + 14, y1 - 7 * 1.0)], style)
        canvas.text(handle + 14 + 5.6, y1 - 7 * 0.65, text, 7)
    return canvas.svg(label)


def rank_intervals_svg(
    rows: Sequence[tuple[str, float, float, float]], lang: str, label: str
) -> str:
    """The composite index (the network's page): each member's rank as a dot and its rank
    interval as a line, best first, the best rank on the right; ``rows`` are (name, rank,
    low, high). As matplotlib drew it (:func:`benchlearn.charts.new_figure` with fixed
    margins, its default limits 5 % beyond the intervals, its ticks and its text layout),
    in a few milliseconds rather than the half second its tick objects took for 300 names."""
    inches = 0.17 * len(rows) + 1.0
    canvas = Canvas(7.5 * POINTS, inches * POINTS)
    rows = [(short_label(name), rank, low, high) for name, rank, low, high in rows]
    longest = max((len(name) for name, _, _, _ in rows), default=0)
    left = min((longest * 0.062 + 0.2) / 7.5, 0.5) * canvas.width
    right, top, bottom = 0.97 * canvas.width, 0.25 * POINTS, canvas.height - 0.6 * POINTS
    ends = [end for _, rank, low, high in rows for end in (rank, low, high)]
    low, high = min(ends, default=0.0), max(ends, default=1.0)
    margin = (high - low) * 0.05
    low, high = low - margin, high + margin
    if high == low:  # one rank: matplotlib widens the axis by 5 % of the value each way
        low, high = (low - 0.05 * abs(low), high + 0.05 * abs(high)) if low else (-0.05, 0.05)
    span = len(rows) + 0.2  # the rows' axis runs from -0.6 to len(rows) - 0.4

    def x_at(value: float) -> float:  # the best (lowest) rank on the right
        return left + (high - value) / (high - low) * (right - left)

    def y_at(k: int) -> float:  # the first row at the top
        return top + (k + 0.6) / span * (bottom - top)

    ticks = axis_ticks(low, high, max(1, min(9, int((right - left) // 24))))
    texts = [tick_text(x, lang) for x in ticks]
    extents = [text_extent(text, 8) for text in texts]
    for x, text, (ascent, _) in zip(ticks, texts, extents, strict=True):
        canvas.path([(x_at(x), bottom), (x_at(x), top)], GRID)
        canvas.path([(x_at(x), bottom), (x_at(x), bottom + 3.5)], TICK)
        canvas.text(x_at(x), bottom + 7 + ascent, text, 8, "middle")
    # The axis title 4 points below the tick labels' boxes, as matplotlib sets it.
    below = bottom + 7 + max((a + d for a, d in extents), default=0.0) + 4
    title = t("rank_interval", lang)
    canvas.text((left + right) / 2, below + text_extent(title, 8)[0], title, 8, "middle")
    for k, (name, _, _, _) in enumerate(rows):
        canvas.path([(left, y_at(k)), (left - 3.5, y_at(k))], TICK)
        # Centred on its row by its baseline, as matplotlib centres a tick label.
        canvas.text(left - 7, y_at(k) + text_extent(name, 8)[0] / 2, name, 8, "end")
    line = f"fill: none; stroke: {OTHERS}; stroke-width: 2.5"
    for k, (_, _, start, end) in enumerate(rows):
        canvas.path([(x_at(start), y_at(k)), (x_at(end), y_at(k))], line)
    canvas.path([(left, bottom), (left, top)], AXIS)
    canvas.path([(left, bottom), (right, bottom)], AXIS)
    for k, (_, rank, _, _) in enumerate(rows):
        canvas.marker(x_at(rank), y_at(k), "o", math.sqrt(12), FOCUS, FOCUS, 1.0)
    return canvas.svg(label)


class TrendSVG:
    """Small multiples, two to a row: per indicator the members' middle half as a band and
    their median dashed; :meth:`svg` adds one member's own line in dark blue. The panels'
    layout and texts are computed once; only the member's line and the value axis change.
    Sizes as the workbook's trend charts: 7.5 inches wide, 1.9 inches a row of panels."""

    WIDTH, PANEL = 7.5, 1.9

    def __init__(
        self, panels: Sequence[tuple[str, str]], trends: Trends, lang: str, every_year: bool = False
    ) -> None:
        self.trends, self.lang, self.panels = trends, lang, list(panels)
        self.every_year = every_year
        self.columns = 2 if len(panels) > 1 else 1
        rows = (len(panels) + self.columns - 1) // self.columns
        inches = self.PANEL * rows + 0.6
        self.width, self.height = self.WIDTH * POINTS, inches * POINTS
        # The grid of panels as matplotlib's subplots_adjust and GridSpec place it.
        left, right = 0.09 * self.width, 0.98 * self.width
        top, bottom = 0.4 * POINTS, self.height - 0.55 * POINTS
        cell_w = (right - left) / (self.columns + 0.28 * (self.columns - 1))
        cell_h = (bottom - top) / (rows + 0.75 * (rows - 1))
        self.boxes = [
            (left + (k % self.columns) * cell_w * 1.28, top + (k // self.columns) * cell_h * 1.75,
             cell_w, cell_h)
            for k in range(len(panels))
        ]  # fmt: skip
        self.legend_texts = (t("wb_trend_band", lang), t("wb_trend_median", lang))
        # Each panel's years, quartiles and median, and every member's values by year, read
        # out of the frames once: a page per member would otherwise look them up again.
        self.series: dict[str, Series] = {}
        for code, _ in panels:
            stats = trends.stats.loc[code]
            years = [int(y) for y in stats.index]
            own = trends.values.loc[code].reindex(years)
            self.series[code] = Series(
                years,
                stats["q1"].to_numpy(dtype=float),
                stats["median"].to_numpy(dtype=float),
                stats["q3"].to_numpy(dtype=float),
                {str(m): own[m].to_numpy(dtype=float) for m in own.columns},
            )

    def svg(self, member: str | None, name: str, label: str) -> str:
        """The panels with ``member``'s line on each (no member: the members only)."""
        import numpy as np

        canvas = Canvas(self.width, self.height)
        for (code, title), (x0, y0, w, h) in zip(self.panels, self.boxes, strict=True):
            series = self.series[code]
            years, q1, median, q3 = series.years, series.q1, series.median, series.q3
            own = series.own(member)
            seen = own[~np.isnan(own)]
            low, high = float(np.nanmin(q1)), float(np.nanmax(q3))
            bottom = min(low, float(seen.min())) if seen.size else low
            top = max(high, float(seen.max())) if seen.size else high
            pad = (top - bottom) * 0.08 or abs(top) * 0.05 or 1.0
            y_low, y_high = bottom - pad, top + pad

            at = _Scale(x0, y0, w, h, years[0] - 0.3, years[-1] + 0.3, y_low, y_high).at

            both = [(y, a, b) for y, a, b in zip(years, q1, q3, strict=True)
                    if not (math.isnan(a) or math.isnan(b))]  # fmt: skip
            if both:
                outline = [at(y, a) for y, a, _ in both] + [at(y, b) for y, _, b in both[::-1]]
                canvas.path(outline, f"fill: {BAND}", closed=True)
            for part in _runs(years, median):
                canvas.path([at(y, v) for y, v in part], MEDIAN_LINE)
            for part in _runs(years, own):
                if len(part) > 1:
                    canvas.path([at(y, v) for y, v in part], OWN_LINE)
                else:  # a year with no neighbour to draw a line to: a dot
                    canvas.marker(*at(*part[0]), "o", 3, FOCUS, FOCUS, 1.0)
            shown = years if self.every_year or len(years) < 3 else [years[0], years[-1]]
            for year in shown:
                canvas.text(at(year, y_low)[0], y0 + h + 12.3, f"{year:.0f}", 7, "middle")
            for tick in axis_ticks(y_low, y_high, 4):
                text = general(round(tick, 10), self.lang)
                canvas.text(x0 - 7, at(years[0], tick)[1] + 2.5, text, 7, "end")
            canvas.path([(x0, y0 + h), (x0, y0)], AXIS)
            canvas.path([(x0, y0 + h), (x0 + w, y0 + h)], AXIS)
            lines = textwrap.wrap(title, 52) or [title]
            for k, line in enumerate(lines):
                canvas.text(x0, y0 - 6 - 9.6 * (len(lines) - 1 - k), line, 8)
        entries: list[tuple[str, Any]] = [
            (self.legend_texts[0], functools.partial(_band_handle, canvas)),
            (self.legend_texts[1], functools.partial(_line_handle, canvas, MEDIAN_LINE, False)),
        ]
        if member is not None:
            entries.append((name, functools.partial(_line_handle, canvas, OWN_LINE, True)))
        canvas.legend(entries, len(entries), 7)
        return canvas.svg(label)


@dataclass(frozen=True)
class Series:
    """One indicator's trend: its years, the members' quartiles and median in each, and
    each member's value in each (NaN where it has none)."""

    years: list[int]
    q1: np.ndarray
    median: np.ndarray
    q3: np.ndarray
    members: dict[str, np.ndarray]

    def own(self, member: str | None) -> np.ndarray:
        import numpy as np

        found = self.members.get(member) if member is not None else None
        return found if found is not None else np.full(len(self.years), np.nan)


@dataclass(frozen=True)
class _Scale:
    """A panel's box in points (left, top, width, height) and the data range it shows."""

    x0: float
    y0: float
    w: float
    h: float
    x_low: float
    x_high: float
    y_low: float
    y_high: float

    def at(self, x: float, y: float) -> tuple[float, float]:
        return (
            self.x0 + (x - self.x_low) / (self.x_high - self.x_low) * self.w,
            self.y0 + self.h - (y - self.y_low) / (self.y_high - self.y_low) * self.h,
        )


def _band_handle(canvas: Canvas, x: float, y: float, width: float) -> None:
    canvas.rect(x - width / 2, y - 2.45, x + width / 2, y + 2.45, BAND)


def _marker_handle(canvas: Canvas, colour: str, shape: str, x: float, y: float, _w: float) -> None:
    canvas.marker(x, y, shape, 6, colour, "#000000", 1.0)


def _line_handle(canvas: Canvas, style: str, dot: bool, x: float, y: float, width: float) -> None:
    canvas.path([(x - width / 2, y), (x + width / 2, y)], style)
    if dot:
        canvas.marker(x, y, "o", 3, FOCUS, FOCUS, 1.0)


def axis_ticks(low: float, high: float, nbins: int) -> list[float]:
    """The ticks matplotlib puts on an axis from ``low`` to ``high`` (its AutoLocator, at
    most ``nbins`` intervals), those inside the axis only."""
    found = _locator(nbins).tick_values(low, high)
    slack = 1e-9 * (high - low)
    return [float(x) for x in found if low - slack <= x <= high + slack]


@functools.lru_cache(maxsize=16)
def _locator(nbins: int) -> Any:
    """matplotlib's tick locator for ``nbins``, made once: a site asks it for thousands of
    axes, and making one took longer than asking it."""
    from matplotlib.ticker import MaxNLocator

    return MaxNLocator(nbins=nbins, steps=[1, 2, 2.5, 5, 10])


def _runs(years: Sequence[int], values: Any) -> list[list[tuple[int, float]]]:
    """The stretches of consecutive years with a value (a line breaks where one is missing)."""
    runs: list[list[tuple[int, float]]] = [[]]
    for year, value in zip(years, values, strict=True):
        if math.isnan(value):
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append((year, float(value)))
    return [run for run in runs if run]


@functools.lru_cache(maxsize=4096)
def text_width(text: str, size: float) -> float:
    """How wide ``text`` is in points at ``size``, in matplotlib's default font (DejaVu Sans,
    which the page's style sheet names first for charts)."""
    return _outline(text)[0] * (size / 100)


def text_extent(text: str, size: float) -> tuple[float, float]:
    """How far a line of ``text`` at ``size`` points reaches above and below its baseline as
    matplotlib lays it out: its letters' highest and lowest points (an "Å" stands taller than
    an "A"), at least the font's line ascent and descent."""
    ascent, descent = _line_extent()
    for character in set(text):
        high, low = glyph_extent(character)
        ascent, descent = max(ascent, high), max(descent, low)
    return ascent * size, descent * size


@functools.lru_cache(maxsize=1)
def _line_extent() -> tuple[float, float]:
    """The default font's typographic ascent and descent (its OS/2 table), in font sizes."""
    from matplotlib.font_manager import FontProperties, findfont, get_font

    font = get_font(findfont(FontProperties()))
    metrics, head = font.get_sfnt_table("OS/2"), font.get_sfnt_table("head")
    if metrics is None or head is None:  # as matplotlib does then: the extent of "lp"
        return max(glyph_extent("l")[0], glyph_extent("p")[0]), glyph_extent("p")[1]
    em = head["unitsPerEm"]
    return metrics["sTypoAscender"] / em, -metrics["sTypoDescender"] / em


@functools.lru_cache(maxsize=4096)
def glyph_extent(character: str) -> tuple[float, float]:
    """A character's height above and depth below the baseline, in font sizes, as
    matplotlib measures text for an SVG (a line reaches as far as its letters do)."""
    _, height, descent = _outline(character)
    return (height - descent) / 100, descent / 100


@functools.lru_cache(maxsize=4096)
def _outline(text: str) -> tuple[float, float, float]:
    """``text``'s width, height and depth at 100 points as matplotlib's SVG writer measures
    it (its ``TextToPath``: the box of the unhinted outlines), asked of FreeType directly,
    which spares loading matplotlib's mathtext parser with it."""
    from matplotlib.font_manager import FontProperties, findfont, get_font
    from matplotlib.ft2font import LoadFlags

    font = get_font(findfont(FontProperties()))
    font.set_size(100.0, 72)
    font.set_text(text, 0.0, flags=LoadFlags.NO_HINTING)
    width, height = font.get_width_height()
    return width / 64, height / 64, font.get_descent() / 64


#: A tenth that is zero at the end of a coordinate (followed by a space or the end).
_WHOLE = re.compile(r"\.0(?= |$)")


def _n(value: float) -> str:
    """A coordinate to a tenth of a point, without a trailing ``.0``."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


__all__ = [
    "Canvas",
    "TrendSVG",
    "axis_ticks",
    "glyph_extent",
    "rank_intervals_svg",
    "ranked_bars_svg",
    "spine_svg",
    "text_extent",
    "text_width",
]
