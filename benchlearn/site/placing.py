"""Where a chart's legend and names go, as matplotlib places them: its "best" legend place
(:func:`best_place`) and :func:`benchlearn.charts.place_labels`' free places around points
(:func:`name_offsets`), with the arrow it draws to a name set apart (:func:`draw_name`).

matplotlib measures texts two ways, and both matter here: its SVG writer measures the
letters' outlines as drawn (:func:`.drawn.text_width`, :func:`.drawn.text_extent`), while
the names were placed on a first drawing with its raster renderer, at the figure's 100
dots an inch with the letters hinted to the pixels, up to a point wider (:data:`RASTER`).
A name fitting by less than that goes elsewhere, so the places are found in the raster
renderer's measures and the layout it gave, as matplotlib found them.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from benchlearn.site.drawn import Canvas, Path, text_extent, text_width

if TYPE_CHECKING:
    import numpy as np

#: The names' thin line to their point (matplotlib's annotation arrow "-").
ARROW = "fill: none; stroke: #595959; stroke-width: 0.5; stroke-linecap: round"
#: Where a name may stand around its point (charts.place_labels' rings and sides).
RINGS = (5.0, 14.0, 26.0, 40.0)
SIDES = ((1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (-1, 1), (1, -1), (-1, -1))
#: The raster renderer's dots an inch (benchlearn.charts.new_figure's figures).
DPI = 100


@dataclass(frozen=True)
class Box:
    """A rectangle in points from the top left: left, top, right, bottom."""

    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True)
class Measure:
    """How texts are measured: as matplotlib's SVG writer does (``raster`` False) or as its
    raster renderer does, hinted at :data:`DPI` (True)."""

    raster: bool

    def width(self, text: str, size: float) -> float:
        return _raster(text, size)[0] if self.raster else text_width(text, size)

    def extent(self, text: str, size: float) -> tuple[float, float]:
        """A line's ascent and descent: its letters', at least the font's."""
        if not self.raster:
            return text_extent(text, size)
        _, ascent, descent = _raster(text, size)
        line_ascent, line_descent = text_extent("", size)
        return max(ascent, line_ascent), max(descent, line_descent)

    def ink(self, text: str, size: float) -> float:
        """How tall the letters themselves are, top to bottom (no line height added)."""
        if self.raster:
            _, ascent, descent = _raster(text, size)
            return ascent + descent
        from benchlearn.site.drawn import glyph_extent

        marks = [glyph_extent(character) for character in set(text)] or [(0.0, 0.0)]
        return (max(high for high, _ in marks) + max(max(low for _, low in marks), 0.0)) * size


SVG, RASTER = Measure(False), Measure(True)


@functools.lru_cache(maxsize=4096)
def _raster(text: str, size: float) -> tuple[float, float, float]:
    """``text``'s width, ascent and descent in points as matplotlib's raster renderer
    measures it: the letters' box, hinted as its ``text.hinting`` setting says."""
    import matplotlib
    from matplotlib.font_manager import FontProperties, findfont, get_font
    from matplotlib.ft2font import LoadFlags

    hinting = {"default": LoadFlags.DEFAULT, "no_autohint": LoadFlags.NO_AUTOHINT,
               "force_autohint": LoadFlags.FORCE_AUTOHINT, "no_hinting": LoadFlags.NO_HINTING,
               True: LoadFlags.FORCE_AUTOHINT, False: LoadFlags.NO_HINTING,
               "either": LoadFlags.DEFAULT, "native": LoadFlags.NO_AUTOHINT,
               "auto": LoadFlags.FORCE_AUTOHINT, "none": LoadFlags.NO_HINTING}  # fmt: skip
    font = get_font(findfont(FontProperties()))
    font.clear()
    font.set_size(size, DPI)
    font.set_text(text, 0.0, flags=hinting[matplotlib.rcParams["text.hinting"]])
    width, height = font.get_width_height()
    descent = font.get_descent()
    points = 72 / DPI / 64  # the font's sixty-fourths of a dot
    return width * points, (height - descent) * points, descent * points


def best_place(box: Box, width: float, height: float, pad: float,
               lines: Sequence[np.ndarray], points: np.ndarray) -> Box:  # fmt: skip
    """The legend's box (``width`` × ``height``, ``pad`` inside the axes' ``box``) where
    matplotlib's "best" puts it: the first of its places (upper right first) that holds no
    vertex of a line, no point and that no line crosses; failing that, the one with the
    fewest."""
    x0, y0, x1, y1 = box.x0 + pad, box.y0 + pad, box.x1 - pad, box.y1 - pad
    across = {"left": x0, "centre": x0 + (x1 - x0 - width) / 2, "right": x1 - width}
    down = {"upper": y0, "centre": y0 + (y1 - y0 - height) / 2, "lower": y1 - height}
    places = [("upper", "right"), ("upper", "left"), ("lower", "left"), ("lower", "right"),
              ("centre", "right"), ("centre", "left"), ("centre", "right"), ("lower", "centre"),
              ("upper", "centre"), ("centre", "centre")]  # fmt: skip
    found: list[tuple[int, int, Box]] = []
    for index, (vertical, horizontal) in enumerate(places):
        place = Box(across[horizontal], down[vertical], across[horizontal] + width,
                    down[vertical] + height)  # fmt: skip
        badness = (sum(_inside(place, line) for line in lines) + _inside(place, points)
                   + sum(_crosses(place, line) for line in lines))  # fmt: skip
        if badness == 0:
            return place
        found.append((badness, index, place))
    return min(found, key=lambda item: item[:2])[2]


def _inside(box: Box, points: np.ndarray) -> int:
    """How many ``points`` lie strictly inside ``box``."""
    x, y = points[:, 0], points[:, 1]
    return int(((box.x0 < x) & (x < box.x1) & (box.y0 < y) & (y < box.y1)).sum())


def _crosses(box: Box, line: np.ndarray) -> bool:
    """Whether any segment of the polyline ``line`` meets ``box`` (clipped to it, a
    segment keeps some length or a point)."""
    import numpy as np

    if len(line) < 2:
        return False
    start, end = line[:-1], line[1:]
    delta = end - start
    low, high = np.zeros(len(start)), np.ones(len(start))
    for k, (near, far) in enumerate(((box.x0, box.x1), (box.y0, box.y1))):
        d, s = delta[:, k], start[:, k]
        with np.errstate(divide="ignore", invalid="ignore"):
            a, b = (near - s) / d, (far - s) / d
        still = d == 0
        enter = np.where(still, np.where((near <= s) & (s <= far), -np.inf, np.inf),
                         np.minimum(a, b))  # fmt: skip
        leave = np.where(still, np.where((near <= s) & (s <= far), np.inf, -np.inf),
                         np.maximum(a, b))  # fmt: skip
        low, high = np.maximum(low, enter), np.minimum(high, leave)
    return bool((low <= high).any())


def name_offsets(names: Sequence[tuple[str, float, float]], size: float, box: Box,
                 points: np.ndarray, legend: Box) -> list[tuple[float, float] | None]:  # fmt: skip
    """Each name's offset (points, upwards positive) from its place (``names``: text, x, y
    on the page): the first place around it, nearest first, where its box (the letters'
    own height, a point of room around, :data:`RASTER`'s measures) stays inside the axes'
    ``box`` and meets no name already placed, no marker of ``points`` and not the
    ``legend``; None for a name with no free place (the table beside the chart names all)."""
    import numpy as np

    half = 3.5  # half a marker's room, as charts.place_labels reserves it
    taken = np.vstack([[[legend.x0, legend.y0, legend.x1, legend.y1]],
                       np.column_stack([points - half, points + half])])  # fmt: skip
    offsets: list[tuple[float, float] | None] = []
    for text, x, y in names:
        found = _free(x, y, RASTER.width(text, size), RASTER.ink(text, size), box, taken)
        offsets.append(found[0] if found else None)
        if found:
            taken = np.vstack([taken, [found[1]]])
    return offsets


def _free(px: float, py: float, width: float, height: float, box: Box,
          taken: np.ndarray) -> tuple[tuple[float, float], list[float]] | None:  # fmt: skip
    """The first offset (points, upwards positive) around a point where a name's box of
    ``width`` × ``height`` with a point of room fits in the axes and meets nothing taken
    (rows of left, top, right, bottom; touching counts as meeting)."""
    for ring in RINGS:
        for sx, sy in SIDES:
            dx, dy = sx * ring, sy * ring
            ax, ay = px + dx, py - dy
            x0 = ax if sx > 0 else ax - width if sx < 0 else ax - width / 2
            y0 = ay - height if sy > 0 else ay if sy < 0 else ay - height / 2
            room = [x0 - 1.0, y0 - 1.0, x0 + width + 1.0, y0 + height + 1.0]
            if not (box.x0 <= room[0] and room[2] <= box.x1 and box.y0 <= room[1]
                    and room[3] <= box.y1):  # fmt: skip
                continue
            apart = ((taken[:, 2] < room[0]) | (taken[:, 3] < room[1])
                     | (taken[:, 0] > room[2]) | (taken[:, 1] > room[3]))  # fmt: skip
            if apart.all():
                return (dx, dy), room
    return None


def draw_name(canvas: Canvas, text: str, size: int, px: float, py: float,
              offset: tuple[float, float]) -> None:  # fmt: skip
    """A name at ``offset`` from its point (at ``px``, ``py``), aligned away from it as
    matplotlib aligns an annotation; set apart from the point, a thin line to it."""
    dx, dy = offset
    ax, ay = px + dx, py - dy  # the offset upwards, the page's y downwards
    width = text_width(text, size)
    ascent, descent = text_extent(text, size)
    anchor = {1: "start", -1: "end", 0: "middle"}[(dx > 0) - (dx < 0)]
    baseline = {1: ay - descent, -1: ay + ascent, 0: ay + (ascent - descent) / 2}[
        (dy > 0) - (dy < 0)
    ]
    if max(abs(dx), abs(dy)) > RINGS[0]:
        left = {"start": ax, "end": ax - width, "middle": ax - width / 2}[anchor]
        _arrow(canvas, Box(left, baseline - ascent, left + width, baseline + descent), px, py)
    canvas.text(ax, baseline, text, size, anchor)


def _arrow(canvas: Canvas, text: Box, px: float, py: float) -> None:
    """A thin line from a name to its point, as matplotlib's annotation draws it: from the
    name's centre, leaving its box (2 points wider each way) and 1 point more, to 3 points
    short of the point; written as its quadratic curve with the middle as control."""
    cx, cy = (text.x0 + text.x1) / 2, (text.y0 + text.y1) / 2
    dx, dy = px - cx, py - cy
    length = math.hypot(dx, dy)
    exits = [
        ((text.x1 + 2 - cx) if dx > 0 else (text.x0 - 2 - cx)) / dx if dx else math.inf,
        ((text.y1 + 2 - cy) if dy > 0 else (text.y0 - 2 - cy)) / dy if dy else math.inf,
    ]
    start = min(exits) + 1.0 / length
    end = 1.0 - 3.0 / length
    if start >= end:
        return
    a = (cx + start * dx, cy + start * dy)
    b = (cx + end * dx, cy + end * dy)
    middle = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
    d = " ".join(f"{v:.1f}".removesuffix(".0") for v in (*a, *middle, *b)).split()
    canvas.paths.append(Path(f"M {d[0]} {d[1]} Q {d[2]} {d[3]} {d[4]} {d[5]}", ARROW))


__all__ = ["RASTER", "SVG", "Box", "Measure", "best_place", "draw_name", "name_offsets"]
