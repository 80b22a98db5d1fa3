"""An indicator's distribution (how many members have values in each range) written as SVG
on a :class:`~.drawn.Canvas`, as matplotlib drew it.

Why by hand: a site draws one for every indicator, and matplotlib took about 0.15 s for
each, most of it laying the figure out twice (its constrained layout measures every tick
label, then the drawing measures them again) and trying the legend in every corner. The
chart is bars, a dashed line, two axes and a legend, so its geometry is computed here as
matplotlib computes it: the same bins (:func:`numpy.histogram`), limits 5 % beyond the
bars, ticks (:func:`.drawn.axis_ticks`), margins (its constrained layout: the axes as
large as the figure allows once the tick labels and axis titles fit, in two rounds, each
with the ticks of the axes' size then), and legend place (its "best": the first of its
ten places that covers no bar and no line). Texts are measured with matplotlib's own
metrics (:func:`.drawn.text_width`, :func:`.drawn.text_extent`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from benchlearn.charts import tick_text
from benchlearn.site.drawn import (
    AXIS,
    GRID,
    POINTS,
    TICK,
    Canvas,
    axis_ticks,
    text_extent,
    text_width,
)
from benchlearn.views import OTHERS

#: The figure in points (5.25 × 2.6 inches, as the workbook's charts beside it).
WIDTH, HEIGHT = 0.7 * 7.5 * POINTS, 2.6 * POINTS
#: matplotlib's spacing: the pad around the figure's content (constrained layout), a tick's
#: length and its label's distance, an axis title's distance, and the legend's (in its
#: font sizes: the gap to the axes, the border, the line and the gap to its text).
PAD, TICK_LENGTH, TICK_PAD, LABEL_PAD = 0.04167 * POINTS, 3.5, 3.5, 4.0
LEGEND_AXES, LEGEND_BORDER, LEGEND_LINE, LEGEND_GAP = 0.5, 0.4, 2.0, 0.8
#: Sizes of the tick labels and axis titles, and of the legend.
SIZE, LEGEND_SIZE = 8, 7
#: matplotlib's subplot before its layout moves it: left, right, bottom, top of the figure.
START = (0.125, 0.9, 0.11, 0.88)
BAR = f"fill: {OTHERS}; stroke: #ffffff; stroke-linejoin: miter"
#: The median's line and its legend's: black, matplotlib's "--" at a width of one point.
MEDIAN = "fill: none; stroke-dasharray: 3.7,1.6; stroke-dashoffset: 0; stroke: #000000"


@dataclass(frozen=True)
class _Box:
    """A rectangle in points from the top left: left, top, right, bottom."""

    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: _Box) -> bool:
        return (
            self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1
        )


def histogram_svg(
    values: Sequence[float], unit: str, count_title: str, median: float, legend: str,
    lang: str, label: str,
) -> str:  # fmt: skip
    """The members' ``values`` in bins (between 5 and 20, about four members a bin), their
    count on the upright axis titled ``count_title``, ``unit`` under the value axis, and
    ``median`` dashed, named ``legend`` in the legend; ``label`` is the text alternative."""
    import numpy as np

    counts, edges = np.histogram(
        np.asarray(values, dtype=float), bins=min(20, max(5, len(values) // 4))
    )
    x_low = min(float(edges[0]), median)
    x_high = max(float(edges[-1]), median)
    x_low, x_high = x_low - 0.05 * (x_high - x_low), x_high + 0.05 * (x_high - x_low)
    if x_high == x_low:
        x_low, x_high = (
            (x_low - 0.05 * abs(x_low), x_high + 0.05 * abs(x_high)) if x_low else (-0.05, 0.05)
        )
    y_high = 1.05 * float(counts.max())
    box = _layout(x_low, x_high, y_high, unit, count_title, lang)
    left, top, right, bottom = box.x0, box.y0, box.x1, box.y1

    def x_at(value: float) -> float:
        return left + (value - x_low) / (x_high - x_low) * (right - left)

    def y_at(value: float) -> float:
        return bottom - value / y_high * (bottom - top)

    canvas = Canvas(WIDTH, HEIGHT)
    bars = []
    for count, start, end in zip(counts, edges[:-1], edges[1:], strict=True):
        width = float(end) - float(start)
        centre = float(start) + width / 2
        bar = _Box(x_at(centre - width / 2), y_at(float(count)), x_at(centre + width / 2), bottom)
        canvas.path([(bar.x0, bar.y1), (bar.x1, bar.y1), (bar.x1, bar.y0), (bar.x0, bar.y0)], BAR,
                    closed=True)  # fmt: skip
        bars.append(bar)
    x_ticks, y_ticks = _ticks(x_low, x_high, y_high, right - left, bottom - top, lang)
    tallest = 0.0
    for value, text in x_ticks:
        at = x_at(value)
        ascent, descent = text_extent(text, SIZE)
        tallest = max(tallest, ascent + descent)
        canvas.path([(at, bottom), (at, top)], GRID)
        canvas.path([(at, bottom), (at, bottom + TICK_LENGTH)], TICK)
        canvas.text(at, bottom + TICK_LENGTH + TICK_PAD + ascent, text, SIZE, "middle")
    if unit:  # matplotlib leaves an empty title out, and its room
        under = bottom + TICK_LENGTH + TICK_PAD + tallest + LABEL_PAD
        canvas.text((left + right) / 2, under + text_extent(unit, SIZE)[0], unit, SIZE, "middle")
    widest = 0.0
    for value, text in y_ticks:
        at = y_at(value)
        widest = max(widest, text_width(text, SIZE))
        canvas.path([(left, at), (left - TICK_LENGTH, at)], TICK)
        canvas.text(left - TICK_LENGTH - TICK_PAD, at + text_extent(text, SIZE)[0] / 2, text, SIZE,
                    "end")  # fmt: skip
    # The count's title reads upwards, its foot towards the tick labels.
    beside = left - TICK_LENGTH - TICK_PAD - widest - LABEL_PAD - text_extent(count_title, SIZE)[1]
    canvas.text(beside, (top + bottom) / 2, count_title, SIZE, "middle", upright=True)
    line = x_at(median)
    canvas.path([(line, bottom), (line, top)], MEDIAN)
    canvas.path([(left, bottom), (left, top)], AXIS)
    canvas.path([(left, bottom), (right, bottom)], AXIS)
    _legend(canvas, box, bars, line, legend)
    return canvas.svg(label)


def _ticks(
    low: float, high: float, count: float, width: float, height: float, lang: str
) -> tuple[list[tuple[float, str]], list[tuple[float, str]]]:
    """The value axis's and the count axis's ticks and labels for axes of ``width`` ×
    ``height`` points (matplotlib: a tick per three label sizes across, two up)."""
    xs = axis_ticks(low, high, max(1, min(9, int(width // (SIZE * 3)))))
    ys = axis_ticks(0.0, count, max(1, min(9, int(height // (SIZE * 2)))))
    return [(x, tick_text(x, lang)) for x in xs], [(y, tick_text(y, lang)) for y in ys]


def _layout(
    x_low: float, x_high: float, y_high: float, unit: str, count_title: str, lang: str
) -> _Box:
    """Where the axes stand: matplotlib's constrained layout, two rounds from its default
    subplot, each making room for the tick labels and titles of the axes as they stand."""
    left, right, bottom, top = START
    box = _Box(left * WIDTH, (1 - top) * HEIGHT, right * WIDTH, (1 - bottom) * HEIGHT)
    unit_height = LABEL_PAD + sum(text_extent(unit, SIZE)) if unit else 0.0
    title_height = sum(text_extent(count_title, SIZE))
    title_length = text_width(count_title, SIZE)
    for _ in range(2):
        x_ticks, y_ticks = _ticks(x_low, x_high, y_high, box.x1 - box.x0, box.y1 - box.y0, lang)

        def x_at(value: float, box: _Box = box) -> float:
            return box.x0 + (value - x_low) / (x_high - x_low) * (box.x1 - box.x0)

        def y_at(value: float, box: _Box = box) -> float:
            return box.y1 - value / y_high * (box.y1 - box.y0)

        # How far the labels reach beyond the axes on each side: the tick labels, the titles
        # beyond them (the count's upright, centred on the axis).
        widest = max((text_width(text, SIZE) for _, text in y_ticks), default=0.0)
        tallest = max((sum(text_extent(text, SIZE)) for _, text in x_ticks), default=0.0)
        halves = [text_width(text, SIZE) / 2 for _, text in x_ticks]
        overhang = (title_length - (box.y1 - box.y0)) / 2
        beyond_left = max(
            [TICK_LENGTH + TICK_PAD + widest + LABEL_PAD + title_height]
            + [box.x0 - x_at(x) + half for (x, _), half in zip(x_ticks, halves, strict=True)]
        )
        beyond_right = max(
            [0.0] + [x_at(x) + half - box.x1 for (x, _), half in zip(x_ticks, halves, strict=True)]
        )
        beyond_top = max(
            [0.0, overhang]
            + [box.y0 - y_at(y) + text_extent(text, SIZE)[0] / 2 for y, text in y_ticks]
        )
        beyond_bottom = max(
            TICK_LENGTH + TICK_PAD + tallest + unit_height,
            overhang,
            *(y_at(y) - box.y1 + text_extent(text, SIZE)[0] / 2 + text_extent(text, SIZE)[1]
              for y, text in y_ticks),
        )  # fmt: skip
        box = _Box(PAD + beyond_left, PAD + beyond_top, WIDTH - PAD - beyond_right,
                   HEIGHT - PAD - beyond_bottom)  # fmt: skip
    return box


def _legend(canvas: Canvas, axes: _Box, bars: list[_Box], line: float, text: str) -> None:
    """The legend (a dashed line and ``text``, no frame) where matplotlib's "best" puts it:
    the first of its places, upper right first, that overlaps no bar and that the median's
    line does not cross; failing that, the one doing so least."""
    size = LEGEND_SIZE
    ascent, descent = text_extent(text, size)
    width = (2 * LEGEND_BORDER + LEGEND_LINE + LEGEND_GAP) * size + text_width(text, size)
    height = 2 * LEGEND_BORDER * size + ascent + descent
    pad = LEGEND_AXES * size
    x0, y0, x1, y1 = axes.x0 + pad, axes.y0 + pad, axes.x1 - pad, axes.y1 - pad
    across = {"left": x0, "centre": x0 + (x1 - x0 - width) / 2, "right": x1 - width}
    down = {"upper": y0, "centre": y0 + (y1 - y0 - height) / 2, "lower": y1 - height}
    places = [("upper", "right"), ("upper", "left"), ("lower", "left"), ("lower", "right"),
              ("centre", "right"), ("centre", "left"), ("centre", "right"), ("lower", "centre"),
              ("upper", "centre"), ("centre", "centre")]  # fmt: skip
    found: list[tuple[int, int, _Box]] = []
    for index, (vertical, horizontal) in enumerate(places):
        box = _Box(across[horizontal], down[vertical], across[horizontal] + width,
                   down[vertical] + height)  # fmt: skip
        badness = sum(1 for bar in bars if bar.overlaps(box)) + int(box.x0 <= line <= box.x1)
        found.append((badness, index, box))
        if badness == 0:
            break
    box = min(found, key=lambda place: place[:2])[2]
    baseline = box.y0 + LEGEND_BORDER * size + ascent
    start = box.x0 + LEGEND_BORDER * size
    end = start + LEGEND_LINE * size
    middle = baseline - 0.7 * size / 2  # the line across the middle of its box
    canvas.path([(start, middle), ((start + end) / 2, middle), (end, middle)], MEDIAN)
    canvas.text(end + LEGEND_GAP * size, baseline, text, size)


__all__ = ["histogram_svg"]
