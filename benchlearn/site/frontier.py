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

from collections.abc import Sequence
from dataclasses import dataclass

from benchlearn.charts import short_label
from benchlearn.messages import general
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
    """The members as dots, the efficient ones named, and the frontier; axes from 0."""
    canvas = Canvas(WIDTH, HEIGHT)
    left, right, top, bottom = 62.0, WIDTH - 16.0, 12.0, HEIGHT - 40.0
    x_high = max(p.x for p in points) * 1.05
    y_high = max(p.y for p in points) * 1.08
    x_ticks, y_ticks = axis_ticks(0, x_high, 8), axis_ticks(0, y_high, 6)

    def at(x: float, y: float) -> tuple[float, float]:
        return left + x / x_high * (right - left), bottom - y / y_high * (bottom - top)

    for x in x_ticks:
        canvas.path([at(x, 0), at(x, y_high)], GRID)
        canvas.path([at(x, 0), (at(x, 0)[0], bottom + 3.5)], TICK)
        canvas.text(at(x, 0)[0], bottom + 13.9, general(round(x, 10), lang), 8, "middle")
    for y in y_ticks:
        canvas.path([at(0, y), at(x_high, y)], GRID)
        canvas.path([(left - 3.5, at(0, y)[1]), at(0, y)], TICK)
        canvas.text(left - 6, at(0, y)[1] + 2.9, general(round(y, 10), lang), 8, "end")
    canvas.path([(left, top), (left, bottom), (right, bottom)], AXIS)
    canvas.text((left + right) / 2, HEIGHT - 6, x_title, 8, "middle")
    canvas.text(12, (top + bottom) / 2, y_title, 8, "middle", upright=True)
    canvas.path([at(x, y) for x, y in frontier_line(points, returns, x_high)], FRONTIER)
    for point in sorted(points, key=lambda p: p.efficient):
        colour = FOCUS if point.efficient else OTHERS
        x, y = at(point.x, point.y)
        canvas.marker(x, y, "o", 4.5 if point.efficient else 3.5, colour, colour, 0.5)
    for point in points:
        if point.efficient:
            x, y = at(point.x, point.y)
            canvas.text(x + 4, y - 4, short_label(point.name), 7)
    return canvas.svg(label)
