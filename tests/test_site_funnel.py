"""The site's funnel plot, written on a canvas (:mod:`benchlearn.site.funnel`), is the picture
matplotlib draws (:func:`benchlearn.charts.funnel_figure`, still the command's plot): every
text, marker, line, name and the legend at the same point to the tenth of a point both
write, and its curves are the analysis' control limits read back from the drawing."""

from __future__ import annotations

import html
import math
import re
import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd
import pytest

from benchlearn.analysis.significance import Counted, funnel
from benchlearn.analysis.statistics import funnel_limits
from benchlearn.charts import funnel_figure
from benchlearn.compare import FunnelResult
from benchlearn.definitions import IndicatorDefinition
from benchlearn.site.drawn import text_width
from benchlearn.site.figures import inline_svg
from benchlearn.site.funnel import funnel_svg
from tests.test_funnel_chart import POP_65, RATE, crowded
from tests.test_site_charts import paths, texts

SHARE = IndicatorDefinition(
    code="SHARE_75_PLUS",
    name={
        "en": "Share of the population aged 75 and over, living alone in their own home",
        "lv": "Iedzīvotāju vecumā 75 gadi un vairāk daļa, kas dzīvo vieni savā mājoklī",
    },  # fmt: skip
    unit="%",
    direction="lower",
    statistic="proportion",
    numerator="ALONE_75",
    denominator="POP_75_PLUS",
    multiplier=100.0,
)


def sized(low: float, high: float, count: int, seed: int, adjusted: bool = False) -> FunnelResult:
    """``count`` members of ``low`` to ``high`` residents aged 75+, their shares scattered
    (overdispersed) around 40 %: a logarithmic axis when the sizes span more than 20 times."""
    draw = np.random.default_rng(seed)
    size = np.round(np.geomspace(low, high, count))
    share = np.clip(draw.normal(0.4, 0.06, count), 0.05, 0.95)
    rows = pd.DataFrame({
        "municipality": [f"M{i:03d}" for i in range(count)],
        "numerator": np.round(size * share),
        "denominator": size,
    })  # fmt: skip
    rows["value"] = rows["numerator"] / rows["denominator"] * 100
    rows["target"] = rows["numerator"].sum() / rows["denominator"].sum() * 100
    found = funnel(rows, Counted("proportion", 100.0, "lower"), adjust=adjusted)
    table = found.table
    table.insert(1, "name", [f"Kommun {m}" for m in table["municipality"]])
    return FunnelResult(SHARE, table, found.phi, found.tau2, adjusted, [], "median", None)


CASES = {
    "crowded, logarithmic": lambda: crowded(),
    "290 members, logarithmic": lambda: sized(2_000, 900_000, 290, 1),
    "narrow, linear": lambda: sized(800, 9_000, 40, 2),
    "adjusted for overdispersion": lambda: sized(1_000, 60_000, 120, 3, adjusted=True),
}


def matplotlib_texts(svg: str) -> list[tuple[str, float, float]]:
    """:func:`texts` of matplotlib's SVG. It writes a wrapped title's lines from their start
    (``translate(x y)``, upright ones turned as well); the canvas anchors each line at its
    middle, so these are moved to their middle by their width in matplotlib's metrics."""
    out = [found for found in texts(re.sub(r"<text [^>]*translate[^>]*>[^<]*</text>", "", svg))]
    for style, moved, turned, text in re.findall(
        r'<text style="([^"]*)" transform="translate\(([^)]*)\)( rotate\(-90\))?">([^<]*)</text>',
        svg,
    ):
        x, y = (float(n) for n in moved.split())
        size = float(style.split("font-size: ")[1].split("px")[0])
        half = text_width(html.unescape(text), size) / 2
        middle = (x, y - half) if turned else (x + half, y)
        out.append((html.unescape(text), *middle))
    return out


def markers(svg: str) -> list[tuple[float, float, str]]:
    """Every marker's centre and fill: matplotlib's ``<use>`` of a marker, the canvas' path
    (a triangle's corners or a circle's two arcs, their box's middle)."""
    found = [(float(x), float(y), fill.lower()) for x, y, fill in re.findall(
        r'<use [^>]*x="([-\d.]+)" y="([-\d.]+)" style="fill: (#\w+)', svg)]  # fmt: skip
    for d, fill in re.findall(r'<path d="([^"]*)" style="fill: (#\w+); stroke: #000000; '
                              r'stroke-width: 0.4', svg):  # fmt: skip
        numbers = [float(n) for n in re.findall(r"-?[\d.]+", d)]
        corners = numbers[0:2] + numbers[7:9] if "A" in d else numbers
        xs, ys = corners[0::2], corners[1::2]
        found.append(((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2, fill.lower()))
    return sorted(found)


def is_name(text: str) -> bool:
    return text.startswith(("Novads ", "Kommun "))


@pytest.mark.parametrize("lang", ["lv", "en"])
@pytest.mark.parametrize("case", CASES)
def test_a_funnel_stands_where_matplotlib_drew_it(case: str, lang: str) -> None:
    result = CASES[case]()
    reference = inline_svg(funnel_figure(result, lang), "funnel", "x")

    drawn = funnel_svg(result, lang, "x")

    ours, theirs = sorted(texts(drawn)), sorted(matplotlib_texts(reference))
    assert [text for text, _, _ in ours] == [text for text, _, _ in theirs]
    for (text, x, y), (_, x2, y2) in zip(ours, theirs, strict=True):
        assert (x, y) == pytest.approx((x2, y2), abs=0.11), text
    for style in ("fill: none; stroke: #b0b0b0", "fill: none; stroke: #000000; stroke-width: 0.8",
                  "fill: none; stroke: #000000; stroke-linecap", "fill: #ffffff; opacity: 0.8",
                  "fill: none; stroke: #595959"):  # fmt: skip
        mine, matplotlib = paths(drawn, style), paths(reference, style)
        assert len(mine) == len(matplotlib), style
        for one, other in zip(mine, matplotlib, strict=True):
            assert one == pytest.approx(other, abs=0.11), style
    ours_markers, their_markers = markers(drawn), markers(reference)
    groups = {str(place).split()[0] for place in result.table["funnel"]}  # above, below, within
    assert len(ours_markers) == len(result.table) + len(groups)  # the legend's markers too
    for (x, y, fill), (x2, y2, fill2) in zip(ours_markers, their_markers, strict=True):
        # The canvas' centre comes from corners rounded apart: a tenth and a half.
        assert (x, y) == pytest.approx((x2, y2), abs=0.16)
        assert fill == fill2


@pytest.mark.parametrize("lang", ["lv", "en"])
def test_in_a_crowd_the_names_overprint_nothing(lang: str) -> None:
    """Forty members, every one outside the limits: the same twelve names as matplotlib's,
    none on another, all inside the axes."""
    result = crowded()
    drawn = funnel_svg(result, lang, "x")
    grid = paths(drawn, "fill: none; stroke: #000000; stroke-width: 0.8")
    left, top = min(g[0] for g in grid), min(g[1] for g in grid)
    right, bottom = max(g[2] for g in grid), max(g[1] for g in grid)
    boxes = []
    for x, y, anchor, text in re.findall(
        r'x="([-\d.]+)" y="([-\d.]+)" style="font-size: 7px; text-anchor: (\w+)">(Novads M\d+)<',
        drawn,
    ):
        width = text_width(text, 7)
        start = float(x) - {"start": 0.0, "middle": width / 2, "end": width}[anchor]
        boxes.append((start, float(y) - 5.3, start + width, float(y) + 1.7))

    names = {text for text, _, _ in matplotlib_texts(
        inline_svg(funnel_figure(result, lang), "funnel", "x")) if is_name(text)}  # fmt: skip
    assert len(boxes) == len(names) == 12
    assert all(left <= a and c <= right and top <= b and d <= bottom for a, b, c, d in boxes)
    assert [(i, j) for i, one in enumerate(boxes) for j, other in enumerate(boxes[:i])
            if one[0] < other[2] and other[0] < one[2] and one[1] < other[3]
            and other[1] < one[3]] == []  # fmt: skip


def latvian_number(text: str) -> float:
    """A tick label in Latvian numbers (1 000 000, 12,5) as a number."""
    return float(re.sub(r"\s", "", text).replace(",", "."))


def scale(svg: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The grid lines' places and the values their tick labels name (in Latvian): the x
    axis's places and values, then the y axis's (the canvas writes the x tick labels, the
    x axis's title, then the y tick labels)."""
    grid = paths(svg, "fill: none; stroke: #b0b0b0")
    upright = [g[0] for g in grid if g[0] == g[2]]
    level = [g[1] for g in grid if g[1] == g[3]]
    labels = [text for text, _, _ in texts(svg)]
    x_values = [latvian_number(text) for text in labels[: len(upright)]]
    y_values = [latvian_number(text) for text in labels[len(upright) + 1 :][: len(level)]]
    return np.array(upright), np.array(x_values), np.array(level), np.array(y_values)


@pytest.mark.parametrize("case", ["290 members, logarithmic", "narrow, linear"])
def test_the_curves_are_the_control_limits_of_the_analysis(case: str) -> None:
    result = CASES[case]()
    target = float(result.table["target"].iloc[0])
    drawn = funnel_svg(result, "lv", "x")
    xs, x_values, ys, y_values = scale(drawn)
    log = "logarithmic" in case
    x_data = np.log10(x_values) if log else x_values

    def n_at(place: float) -> float:
        slope = (x_data[-1] - x_data[0]) / (xs[-1] - xs[0])
        value = x_data[0] + (place - xs[0]) * slope
        return float(10**value if log else value)

    y_slope = (y_values[-1] - y_values[0]) / (ys[-1] - ys[0])
    # The lower and the upper curve of each level (its legend's handle after them).
    curves = {95.0: paths(drawn, "fill: none; stroke-dasharray: 4.44")[:2],
              99.8: paths(drawn, "fill: none; stroke-dasharray: 1.2,")[:2]}  # fmt: skip

    for level, (low, high) in curves.items():
        for curve, side in ((low, 0), (high, 1)):
            places = np.array(curve).reshape(-1, 2)
            n = np.array([n_at(x) for x in places[:, 0]])
            values = y_values[0] + (places[:, 1] - ys[0]) * y_slope
            expected = funnel_limits("proportion", np.full(len(n), target), n, 100.0, level)[side]
            # A tenth of a point either way, in the axes' units (the SVG's rounding).
            assert values == pytest.approx(expected, abs=abs(y_slope) * 0.1 + 1e-9)
    assert len(curves[95.0][0]) == 2 * 200  # the curves' 200 denominators, x and y each
    assert math.isclose(n_at(curves[95.0][0][0]), result.table["denominator"].min() * 0.8,
                        rel_tol=0.01)  # fmt: skip


def test_the_points_outside_are_named_and_those_within_are_not() -> None:
    result = sized(2_000, 900_000, 290, 1)
    drawn = funnel_svg(result, "en", "x")
    named = {html.unescape(text) for text in re.findall(r">(Kommun M\d+)<", drawn)}
    outside = set(result.table.loc[result.table["funnel"] != "within", "name"])

    assert named and named <= outside
    assert len(named) <= 12


def test_the_axes_are_titled_by_the_denominators_name() -> None:
    drawn = funnel_svg(crowded(POP_65), "lv", "x")
    titles = {html.unescape(text) for text in re.findall(r">([^<]+)</text>", drawn)}

    assert "Iedzīvotāji vecumā 65 gadi un vairāk" in titles
    assert f"{RATE.name['lv']}: piltuves diagramma" in titles


def test_a_name_that_is_markup_stays_text_and_the_drawing_is_well_formed() -> None:
    result = crowded()
    evil = "<script>alert(1)</script> & Co"
    result.table["name"] = [evil if k == 38 else name for k, name in
                            enumerate(result.table["name"])]  # fmt: skip
    drawn = funnel_svg(result, "en", 'a "label" & <more>')

    root = ET.fromstring(drawn)
    names = [e.text for e in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "<script>alert(1)</script> & Co" in names
    assert "<script>" not in drawn
    assert root.get("aria-label") == 'a "label" & <more>'
