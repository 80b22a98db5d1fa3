"""An indicator's funnel plot written as SVG on a :class:`~.drawn.Canvas`, the picture
:func:`benchlearn.charts.funnel_figure` draws.

Why by hand: matplotlib took about 0.45 s of CPU for each funnel on a site (a fifth of the
Swedish sample's site), most of it laying the figure out (its constrained layout around a
wrapped title and axis title, done twice: once for the names' places, once for the
SVG), drawing 290 markers one by one and trying the legend in ten places. The plot is
four curves, a line, markers, names and a legend, so its geometry is computed here as
matplotlib computes it: the limits 5 % beyond the data (in decades on a logarithmic
axis), the ticks (:func:`.drawn.axis_ticks`; on a logarithmic axis matplotlib's
``LogLocator`` at 1, 2 and 5 a decade with unlabelled minor ticks between), the margins
(:func:`_layout`), the legend's "best" place over the curves and markers and the names'
places, found on the first layout in the raster renderer's measures as matplotlib found
them (:mod:`.placing`). The site's funnels have one comparator
(:func:`benchlearn.views.funnel`), so the limits are always curves; the command's plot,
with a comparator per member, stays matplotlib's.
"""

from __future__ import annotations

import functools
import math
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from benchlearn.charts import (
    LABELS,
    LIMIT_95,
    LIMIT_998,
    SIMILAR,
    TARGET,
    denominator_title,
    most_unusual,
    short_label,
    side_colours,
    tick_text,
)
from benchlearn.messages import general, t
from benchlearn.site.drawn import POINTS, TICK, Canvas, Path, axis_ticks, text_extent, text_width
from benchlearn.site.histogram import LABEL_PAD, PAD, TICK_LENGTH, TICK_PAD
from benchlearn.site.placing import (
    RASTER,
    SVG,
    Box,
    Measure,
    best_place,
    draw_name,
    name_offsets,
)

if TYPE_CHECKING:
    import numpy as np

    from benchlearn.analysis.statistics import Statistic
    from benchlearn.compare import FunnelResult

#: The figure in points (8 × 5 inches, :func:`benchlearn.charts.funnel_figure`'s size).
WIDTH, HEIGHT = 8.0 * POINTS, 5.0 * POINTS
#: Font sizes: tick labels and axis titles (matplotlib's default), the title, names, legend.
SIZE, TITLE_SIZE, NAME_SIZE, LEGEND_SIZE = 10, 11, 7, 7
#: matplotlib's subplot before its layout moves it: left, right, bottom, top of the figure.
START = (0.125, 0.9, 0.11, 0.88)
#: The title's distance above the axes, a minor tick's length (points).
TITLE_PAD, MINOR_LENGTH = 6.0, 2.0
#: The curves' denominators: enough for smooth curves (as the matplotlib figure draws).
STEPS = 200
GRID = "fill: none; stroke: #b0b0b0; stroke-opacity: 0.5; stroke-width: 0.3; stroke-linecap: square"
MINOR = "stroke: #000000; stroke-width: 0.6"
SPINE = (
    "fill: none; stroke: #000000; stroke-width: 0.8; stroke-linejoin: miter; stroke-linecap: square"
)
#: The 95 % limits dashed, the 99.8 % dotted (matplotlib's "--" and ":" at 1.2 points).
LIMITS = (
    (95.0, f"fill: none; stroke-dasharray: 4.44,1.92; stroke-dashoffset: 0; stroke: {LIMIT_95}; "
     "stroke-width: 1.2"),
    (99.8, f"fill: none; stroke-dasharray: 1.2,1.98; stroke-dashoffset: 0; stroke: {LIMIT_998}; "
     "stroke-width: 1.2"),
)  # fmt: skip
CENTRE = f"fill: none; stroke: {TARGET}; stroke-linecap: square"
FRAME = "fill: #ffffff; opacity: 0.8; stroke: #cccccc; stroke-linejoin: miter"
#: A marker's size (matplotlib's s=28: the square root, in points) and its edge.
MARKER, EDGE = math.sqrt(28), 0.4
#: The legend in its font sizes: the gap to the axes, the border inside its frame, the
#: rounded corner, the handle's length, the gap to the text, the rows' gap and a handle's
#: height; a marker's height above the baseline.
AXES_PAD, BORDER, CORNER, HANDLE, HANDLE_GAP, ROW_GAP, HANDLE_HEIGHT, RAISE = (
    0.5, 0.4, 0.2, 2.0, 0.8, 0.5, 0.7, 0.275
)  # fmt: skip


@dataclass(frozen=True)
class Axis:
    """One axis's range and scale: ``log`` maps values by their decades."""

    low: float
    high: float
    log: bool = False

    def share(self, value: Any) -> Any:
        """Where ``value`` falls between the ends, 0 to 1 (an array for an array)."""
        if self.log:
            import numpy as np

            low, high = math.log10(self.low), math.log10(self.high)
            return (np.log10(value) - low) / (high - low)
        return (value - self.low) / (self.high - self.low)


@dataclass(frozen=True)
class Scale:
    """The axes' box on the page and the ranges it shows: values to points."""

    box: Box
    x_axis: Axis
    y_axis: Axis

    def x(self, value: Any) -> Any:
        return self.box.x0 + self.x_axis.share(value) * (self.box.x1 - self.box.x0)

    def y(self, value: Any) -> Any:
        return self.box.y1 - self.y_axis.share(value) * (self.box.y1 - self.box.y0)


def _shapes(scale: Scale, grid: np.ndarray, curves: Sequence[tuple[np.ndarray, str]],
            target: float, n: np.ndarray, values: np.ndarray,
            ) -> tuple[list[np.ndarray], np.ndarray]:  # fmt: skip
    """The curves' vertices (where they have a value), the comparator's line last, and
    the members' points, in points on the page."""
    import numpy as np

    lines = []
    for curve, _ in curves:
        keep = np.isfinite(curve)
        lines.append(np.column_stack([scale.x(grid[keep]), scale.y(curve[keep])]))
    centre = float(scale.y(target))
    lines.append(np.array([[scale.box.x0, centre], [scale.box.x1, centre]]))
    return lines, np.column_stack([scale.x(n), scale.y(values)])


def funnel_svg(result: FunnelResult, lang: str, label: str) -> str:
    """The funnel plot of ``result`` (one comparator): every member by denominator, the
    comparator as a line, the 95 % and 99.8 % limits as curves, the points outside named,
    a title and a legend; ``label`` is the text alternative."""
    import numpy as np

    from benchlearn.analysis.statistics import funnel_limits

    ind, table = result.definition, result.table
    n = table["denominator"].to_numpy(dtype=float)
    values = table["value"].to_numpy(dtype=float)
    target = float(table["target"].dropna().iloc[0])
    grid = np.geomspace(max(float(n.min()) * 0.8, 1.0), float(n.max()) * 1.1, STEPS)
    spread = result.tau2 if result.adjusted else 0.0
    curves = []
    for level, style in LIMITS:
        low, high = funnel_limits(cast("Statistic", ind.statistic), np.full(STEPS, target), grid,
                                  ind.multiplier or 1.0, level, spread)  # fmt: skip
        curves += [(low, style), (high, style)]
    seen = np.concatenate([values, [target], *[c[np.isfinite(c)] for c, _ in curves]])
    log = float(n.max()) > 20 * max(float(n.min()), 1.0)
    x_axis = _margins(float(grid[0]), float(grid[-1]), log)
    y_axis = _margins(float(seen.min()), float(seen.max()), False)

    heading = t("funnel_title", lang, indicator=ind.label(lang))
    if result.adjusted:
        heading += " · " + t("funnel_adjusted", lang, phi=f"{result.phi:.2f}")
    texts = Titles(
        textwrap.wrap(heading, int(WIDTH / 6.5)) or [heading],
        [denominator_title(result, lang)],
        textwrap.wrap(ind.label_with_unit(lang), 42) or [ind.label_with_unit(lang)],
    )
    # matplotlib lays the figure out twice, measuring with its raster renderer, to place the
    # names; then twice more from there, measuring as its SVG writer does, to write it.
    placing = Scale(_layout(x_axis, y_axis, texts, lang, None, RASTER), x_axis, y_axis)
    scale = Scale(_layout(x_axis, y_axis, texts, lang, placing.box, SVG), x_axis, y_axis)
    box, canvas = scale.box, Canvas(WIDTH, HEIGHT)
    _axes(canvas, box, x_axis, y_axis, texts, lang)
    lines, points = _shapes(scale, grid, curves, target, n, values)
    for (_, style), vertices in zip(curves, lines, strict=False):
        canvas.path([(float(x), float(y)) for x, y in vertices], style)
    canvas.path([(box.x0, lines[-1][0, 1]), (box.x1, lines[-1][0, 1])], CENTRE)
    for spine in (
        [(box.x0, box.y1), (box.x0, box.y0)],
        [(box.x1, box.y1), (box.x1, box.y0)],
        [(box.x0, box.y1), (box.x1, box.y1)],
        [(box.x0, box.y0), (box.x1, box.y0)],
    ):
        canvas.path(spine, SPINE)  # fmt: skip
    above, below = side_colours(ind)
    groups = (
        (table["funnel"].isin(["above 95%", "above 99.8%"]).to_numpy(), above, "^", "funnel_above"),
        (table["funnel"].isin(["below 95%", "below 99.8%"]).to_numpy(), below, "v", "funnel_below"),
        ((table["funnel"] == "within").to_numpy(), SIMILAR, "o", "funnel_within"),
    )
    entries: list[tuple[str, Callable[[float, float], None]]] = []
    for level, style in LIMITS:
        entries.append((t("funnel_limit", lang, level=general(level, lang)),
                        _line_handle(canvas, style)))  # fmt: skip
    entries.append((t(f"comparator_{result.reference}", lang), _line_handle(canvas, CENTRE)))
    for mask, colour, shape, key in groups:
        for x, y in points[mask]:
            canvas.marker(float(x), float(y), shape, MARKER, colour, "#000000", EDGE)
        if mask.any():
            entries.append((t(key, lang), _marker_handle(canvas, shape, colour)))
    legend = _legend_place(scale, entries, lines, points, SVG)
    named = most_unusual(table, LABELS)
    names = [(short_label(str(r.name)), float(r.denominator), float(r.value))
             for r in named.itertuples()]  # fmt: skip
    early_lines, early_points = _shapes(placing, grid, curves, target, n, values)
    offsets = name_offsets(
        [(text, float(placing.x(x)), float(placing.y(y))) for text, x, y in names], NAME_SIZE,
        placing.box, early_points, _legend_place(placing, entries, early_lines, early_points,
                                                 RASTER),
    )  # fmt: skip
    for (text, x, y), offset in zip(names, offsets, strict=True):
        if offset is not None:
            draw_name(canvas, text, NAME_SIZE, float(scale.x(x)), float(scale.y(y)), offset)
    _legend(canvas, legend, entries)
    return canvas.svg(label)


@dataclass(frozen=True)
class Titles:
    """The title's, the denominator axis's and the value axis's lines."""

    title: list[str]
    x: list[str]
    y: list[str]


def _margins(low: float, high: float, log: bool) -> Axis:
    """matplotlib's limits for data from ``low`` to ``high``: 5 % of the range beyond each
    end (of the decades on a logarithmic axis); a single value widened as it widens one."""
    if log:
        a, b = math.log10(low), math.log10(high)
        return Axis(10 ** (a - 0.05 * (b - a)), 10 ** (b + 0.05 * (b - a)), True)
    if high == low:
        return Axis(low - 0.05 * abs(low), high + 0.05 * abs(high)) if low else Axis(-0.05, 0.05)
    return Axis(low - 0.05 * (high - low), high + 0.05 * (high - low))


def _ticks(axis: Axis, length: float, across: bool) -> tuple[list[float], list[float]]:
    """The major and minor ticks inside ``axis`` of ``length`` points: a tick per three
    label sizes across, two up (matplotlib's tick space); on a logarithmic axis its
    ``LogLocator`` at 1, 2 and 5 a decade, the other whole multiples as minor ticks."""
    bins = int(length // (SIZE * (3 if across else 2)))
    if not axis.log:
        return axis_ticks(axis.low, axis.high, max(1, min(9, bins))), []
    from matplotlib.ticker import LogLocator

    count = max(2, min(9, bins))
    major = LogLocator(base=10, subs=(1.0, 2.0, 5.0), numticks=count).tick_values(
        axis.low, axis.high
    )
    minor = LogLocator(base=10, subs="auto", numticks=count).tick_values(axis.low, axis.high)
    inside = [float(x) for x in major if _within(axis, float(x))]
    rest = [float(x) for x in minor if _within(axis, float(x))
            and not any(math.isclose(float(x), m) for m in inside)]  # fmt: skip
    return inside, rest


def _within(axis: Axis, value: float) -> bool:
    share = axis.share(value)
    return bool(-1e-10 <= share <= 1 + 1e-10)


def _block(lines: Sequence[str], size: float, measure: Measure = SVG) -> tuple[list[float], float]:
    """Each line's baseline below the top of a block of ``lines`` and the block's height, as
    matplotlib spaces them: a line as tall as its letters and at least the font's ascent
    and descent, lines of several apart by the font's line gap (none for one line)."""
    gap = _line_gap() * size if len(lines) > 1 else 0.0
    baselines, top = [], 0.0
    for line in lines:
        ascent, descent = measure.extent(line, size)
        baselines.append(top + ascent + gap / 2)
        top = baselines[-1] + descent + gap / 2
    return baselines, top


@functools.lru_cache(maxsize=1)
def _line_gap() -> float:
    """The default font's line gap (its OS/2 table) in font sizes: the room matplotlib adds
    between the lines of a text of several."""
    from matplotlib.font_manager import FontProperties, findfont, get_font

    font = get_font(findfont(FontProperties()))
    metrics, head = font.get_sfnt_table("OS/2"), font.get_sfnt_table("head")
    if metrics is None or head is None:  # as matplotlib does then: no gap
        return 0.0
    return float(metrics["sTypoLineGap"]) / float(head["unitsPerEm"])


def _layout(x_axis: Axis, y_axis: Axis, texts: Titles, lang: str, start: Box | None,
            measure: Measure) -> Box:  # fmt: skip
    """Where the axes stand: matplotlib's constrained layout, two rounds from ``start`` (or
    its default subplot), each making room for the tick labels and titles of the axes as
    they stand, measured as ``measure`` says."""
    left, right, bottom, top = START
    box = start or Box(left * WIDTH, (1 - top) * HEIGHT, right * WIDTH, (1 - bottom) * HEIGHT)
    title_height = _block(texts.title, TITLE_SIZE, measure)[0][-1]  # above the last line's baseline
    title_width = max(measure.width(line, TITLE_SIZE) for line in texts.title)
    x_title = _block(texts.x, SIZE, measure)[1] if texts.x[0] else 0.0
    y_title = _block(texts.y, SIZE, measure)[1]
    y_length = max(measure.width(line, SIZE) for line in texts.y)
    for _ in range(2):
        width, height = box.x1 - box.x0, box.y1 - box.y0
        x_ticks = [(x, tick_text(x, lang)) for x in _ticks(x_axis, width, True)[0]]
        y_ticks = [(y, tick_text(y, lang)) for y in _ticks(y_axis, height, False)[0]]
        centres = [box.x0 + x_axis.share(x) * width for x, _ in x_ticks]
        halves = [measure.width(text, SIZE) / 2 for _, text in x_ticks]
        widest = max((measure.width(text, SIZE) for _, text in y_ticks), default=0.0)
        tallest = max((sum(measure.extent(text, SIZE)) for _, text in x_ticks), default=0.0)
        rises = [(box.y1 - y_axis.share(y) * height, measure.extent(text, SIZE))
                 for y, text in y_ticks]  # fmt: skip
        overhang = max(0.0, (title_width - width) / 2)
        upright = max(0.0, (y_length - height) / 2)
        beyond_left = max(
            [TICK_LENGTH + TICK_PAD + widest + LABEL_PAD + y_title, overhang]
            + [box.x0 - (c - h) for c, h in zip(centres, halves, strict=True)]
        )
        beyond_right = max(
            [overhang] + [c + h - box.x1 for c, h in zip(centres, halves, strict=True)]
        )
        beyond_top = max(
            [TITLE_PAD + title_height, upright] + [box.y0 - (y - a / 2) for y, (a, _) in rises]
        )
        beyond_bottom = max([TICK_LENGTH + TICK_PAD + tallest + (LABEL_PAD + x_title
                                                                   if x_title else 0.0), upright]
                            + [y + a / 2 + d - box.y1 for y, (a, d) in rises])  # fmt: skip
        box = Box(PAD + beyond_left, PAD + beyond_top, WIDTH - PAD - beyond_right,
                  HEIGHT - PAD - beyond_bottom)  # fmt: skip
    return box


def _axes(canvas: Canvas, box: Box, x_axis: Axis, y_axis: Axis, texts: Titles, lang: str) -> None:
    """The grid, ticks, tick labels and titles, in matplotlib's order (the x axis first)."""
    width, height = box.x1 - box.x0, box.y1 - box.y0
    major, minor = _ticks(x_axis, width, True)
    tallest = 0.0
    for x in major:
        at = box.x0 + x_axis.share(x) * width
        text = tick_text(x, lang)
        ascent, descent = text_extent(text, SIZE)
        tallest = max(tallest, ascent + descent)
        canvas.path([(at, box.y1), (at, box.y0)], GRID)
        canvas.path([(at, box.y1), (at, box.y1 + TICK_LENGTH)], TICK)
        canvas.text(at, box.y1 + TICK_LENGTH + TICK_PAD + ascent, text, SIZE, "middle")
    for x in minor:
        at = box.x0 + x_axis.share(x) * width
        canvas.path([(at, box.y1), (at, box.y1 + MINOR_LENGTH)], MINOR)
    if texts.x[0]:
        top = box.y1 + TICK_LENGTH + TICK_PAD + tallest + LABEL_PAD
        for line, below in zip(texts.x, _block(texts.x, SIZE)[0], strict=True):
            canvas.text((box.x0 + box.x1) / 2, top + below, line, SIZE, "middle")
    widest = 0.0
    for y in _ticks(y_axis, height, False)[0]:
        at = box.y1 - y_axis.share(y) * height
        text = tick_text(y, lang)
        widest = max(widest, text_width(text, SIZE))
        canvas.path([(box.x0, at), (box.x1, at)], GRID)
        canvas.path([(box.x0, at), (box.x0 - TICK_LENGTH, at)], TICK)
        canvas.text(box.x0 - TICK_LENGTH - TICK_PAD, at + text_extent(text, SIZE)[0] / 2, text,
                    SIZE, "end")  # fmt: skip
    # The value's title reads upwards, its last line nearest the tick labels.
    foot = box.x0 - TICK_LENGTH - TICK_PAD - widest - LABEL_PAD
    baselines, block = _block(texts.y, SIZE)
    for line, below in zip(texts.y, baselines, strict=True):
        canvas.text(foot - block + below, (box.y0 + box.y1) / 2, line, SIZE, "middle", upright=True)
    # The title's last line 6 points above the axes, the others above it.
    baselines, _ = _block(texts.title, TITLE_SIZE)
    for line, below in zip(texts.title, baselines, strict=True):
        canvas.text((box.x0 + box.x1) / 2, box.y0 - TITLE_PAD - baselines[-1] + below, line,
                    TITLE_SIZE, "middle")  # fmt: skip


def _line_handle(canvas: Canvas, style: str) -> Callable[[float, float], None]:
    def draw(x: float, baseline: float) -> None:
        y = baseline - HANDLE_HEIGHT * LEGEND_SIZE / 2
        start, end = x + BORDER * LEGEND_SIZE, x + (BORDER + HANDLE) * LEGEND_SIZE
        canvas.path([(start, y), ((start + end) / 2, y), (end, y)], style)

    return draw


def _marker_handle(canvas: Canvas, shape: str, colour: str) -> Callable[[float, float], None]:
    def draw(x: float, baseline: float) -> None:
        centre = x + (BORDER + HANDLE / 2) * LEGEND_SIZE
        canvas.marker(centre, baseline - RAISE * LEGEND_SIZE, shape, MARKER, colour, "#000000",
                      EDGE)  # fmt: skip

    return draw


def _legend_place(scale: Scale, entries: Sequence[tuple[str, Any]], lines: Sequence[np.ndarray],
                  points: np.ndarray, measure: Measure) -> Box:  # fmt: skip
    """The legend's box, where matplotlib's "best" puts it (:func:`.placing.best_place`),
    its rows as tall as their texts and the handles, as ``measure`` says."""
    size, texts = LEGEND_SIZE, [text for text, _ in entries]
    rows = [max(HANDLE_HEIGHT * size, sum(measure.extent(text, size))) for text in texts]
    width = (2 * BORDER + HANDLE + HANDLE_GAP) * size + max(measure.width(x, size) for x in texts)
    height = 2 * BORDER * size + sum(rows) + ROW_GAP * size * (len(rows) - 1)
    return best_place(scale.box, width, height, AXES_PAD * size, lines, points)


def _legend(canvas: Canvas, box: Box, entries: Sequence[tuple[str, Any]]) -> None:
    """The legend in ``box``: a white frame with rounded corners, a row per entry."""
    size, r = LEGEND_SIZE, CORNER * LEGEND_SIZE
    x0, y0, x1, y1 = box.x0, box.y0, box.x1, box.y1
    corners = [(x0 + r, y1), (x1 - r, y1), (x1, y1), (x1, y1 - r), (x1, y0 + r), (x1, y0),
               (x1 - r, y0), (x0 + r, y0), (x0, y0), (x0, y0 + r), (x0, y1 - r), (x0, y1),
               (x0 + r, y1)]  # fmt: skip
    n = [f"{x:.1f} {y:.1f}".replace(".0 ", " ").removesuffix(".0") for x, y in corners]
    d = (f"M {n[0]} L {n[1]} Q {n[2]} {n[3]} L {n[4]} Q {n[5]} {n[6]} L {n[7]} Q {n[8]} {n[9]} "
         f"L {n[10]} Q {n[11]} {n[12]} z")  # fmt: skip
    canvas.paths.append(Path(d, FRAME))
    top = y0 + BORDER * size
    for text, draw in entries:
        ascent, descent = text_extent(text, size)
        baseline = top + ascent
        draw(x0, baseline)
        canvas.text(x0 + (BORDER + HANDLE + HANDLE_GAP) * size, baseline, text, size)
        top += max(HANDLE_HEIGHT * size, ascent + descent) + ROW_GAP * size


__all__ = ["funnel_svg"]
