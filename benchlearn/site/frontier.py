"""A two-variable efficiency model's frontier (one input, one output) as a small SVG chart.

Each member is a dot at (input, output); the frontier DEA measures against is drawn
through the efficient members and named there: under variable returns to scale the
boundary of the convex hull (up from the smallest input, along the upper hull to the
largest output, then level: more input gives no more), under constant returns the
ray from the origin through the best output per input. A member's distance to the
line, level to the left, is its input inefficiency. Written on a
:class:`~.drawn.Canvas` like the site's other charts, not drawn by matplotlib.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from benchlearn.charts import short_label
from benchlearn.messages import general, number
from benchlearn.site.drawn import AXIS, GRID, POINTS, TICK, Canvas, axis_ticks
from benchlearn.views import FOCUS, OTHERS

#: The chart in points: 7.5 × 4.5 inches, as wide as a ranking.
WIDTH, HEIGHT = 7.5 * POINTS, 4.5 * POINTS
FRONTIER = f"fill: none; stroke: {FOCUS}; stroke-width: 1.5; stroke-linejoin: round"


@dataclass(frozen=True)
class Point:
    """A member on the chart: its name, input and output, and whether it is efficient."""

    name: str
    x: float
    y: float
    efficient: bool


def frontier_line(points: Sequence[Point], returns: str, right: float) -> list[tuple[float, float]]:
    """The frontier's corners from the left to ``right`` (the axis's end)."""
    if returns == "crs":
        slope = max(p.y / p.x for p in points if p.x > 0)
        return [(0.0, 0.0), (right, slope * right)]
    ordered = sorted({(p.x, p.y) for p in points}, key=lambda c: (c[0], -c[1]))
    hull: list[tuple[float, float]] = []
    for x, y in ordered:
        if hull and y <= hull[-1][1]:
            continue  # no more output for more input: inside the frontier
        while len(hull) >= 2 and _turns_up(hull[-2], hull[-1], (x, y)):
            hull.pop()
        hull.append((x, y))
    return [(hull[0][0], 0.0), *hull, (right, hull[-1][1])]


def _turns_up(a: tuple[float, float], b: tuple[float, float], c: tuple[float, float]) -> bool:
    """Whether b lies on or under the line from a to c (the hull is concave: b goes)."""
    return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]) >= 0


def frontier_svg(
    points: Sequence[Point], returns: str, x_title: str, y_title: str, lang: str, label: str
) -> str:
    """The members as dots, the efficient ones named, and the frontier. When the members
    span more than two orders of magnitude (a capital beside villages) both axes are
    logarithmic, so the small members are seen too; the frontier's straight pieces are
    then drawn as the curves they become."""
    canvas = Canvas(WIDTH, HEIGHT)
    left, right, top, bottom = 62.0, WIDTH - 34.0, 12.0, HEIGHT - 40.0
    shown = [p for p in points if p.x > 0 and p.y > 0]
    log = bool(shown) and max(p.x for p in shown) > 100 * min(p.x for p in shown)
    if not log:
        shown = list(points)
    x_axis = _axis([p.x for p in shown], log)
    y_axis = _axis([p.y for p in shown], log)

    def at(x: float, y: float) -> tuple[float, float]:
        return (left + x_axis.share(x) * (right - left), bottom - y_axis.share(y) * (bottom - top))

    for x in x_axis.ticks:
        canvas.path([at(x, y_axis.low), at(x, y_axis.high)], GRID)
        canvas.path([at(x, y_axis.low), (at(x, y_axis.low)[0], bottom + 3.5)], TICK)
        canvas.text(at(x, y_axis.low)[0], bottom + 13.9, _tick(x, lang), 8, "middle")
    for y in y_axis.ticks:
        canvas.path([at(x_axis.low, y), at(x_axis.high, y)], GRID)
        canvas.path([(left - 3.5, at(x_axis.low, y)[1]), at(x_axis.low, y)], TICK)
        canvas.text(left - 6, at(x_axis.low, y)[1] + 2.9, _tick(y, lang), 8, "end")
    canvas.path([(left, top), (left, bottom), (right, bottom)], AXIS)
    canvas.text((left + right) / 2, HEIGHT - 6, x_title, 8, "middle")
    canvas.text(12, (top + bottom) / 2, y_title, 8, "middle", upright=True)
    corners = frontier_line(points, returns, x_axis.high)
    line = []
    for (x0, y0), (x1, y1) in zip(corners, corners[1:], strict=False):
        steps = 40 if log else 1
        for k in range(steps + 1):
            x, y = x0 + (x1 - x0) * k / steps, y0 + (y1 - y0) * k / steps
            if x >= x_axis.low and y >= y_axis.low:
                line.append(at(x, y))
    canvas.path(line, FRONTIER)
    for point in sorted(shown, key=lambda p: p.efficient):
        colour = FOCUS if point.efficient else OTHERS
        x, y = at(point.x, point.y)
        canvas.marker(x, y, "o", 4.5 if point.efficient else 3.5, colour, colour, 0.5)
    for point in shown:
        if point.efficient:
            x, y = at(point.x, point.y)
            canvas.text(x + 4, y - 4, short_label(point.name), 7)
    return canvas.svg(label)


@dataclass(frozen=True)
class _Axis:
    """An axis's range and ticks, linear from 0 or logarithmic over whole decades."""

    low: float
    high: float
    log: bool
    ticks: list[float]

    def share(self, value: float) -> float:
        """Where ``value`` lies along the axis, 0 at its start and 1 at its end."""
        if self.log:
            return (math.log10(value) - math.log10(self.low)) / (
                math.log10(self.high) - math.log10(self.low)
            )
        return (value - self.low) / (self.high - self.low)


def _axis(values: Sequence[float], log: bool) -> _Axis:
    if log:
        low = 10 ** math.floor(math.log10(min(values)))
        high = 10 ** math.ceil(math.log10(max(values)))
        ticks = [10.0**k for k in range(round(math.log10(low)), round(math.log10(high)) + 1)]
        return _Axis(low, high, True, ticks)
    high = max(values) * 1.06 or 1.0
    return _Axis(0.0, high, False, axis_ticks(0, high, 7))


def _tick(value: float, lang: str) -> str:
    """A tick's label: whole thousands with their separators (600,000; 600 000)."""
    if abs(value) >= 1000 and value == int(value):
        return number(value, lang, 0)
    return general(round(value, 10), lang)
