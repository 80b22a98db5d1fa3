"""The site's charts written on a canvas stand where matplotlib drew them.

The distribution and the composite index were matplotlib figures; they are written by
hand now (:mod:`benchlearn.site.histogram`, :func:`benchlearn.site.drawn.rank_intervals_svg`)
because matplotlib's layout was most of a site's time. Here matplotlib draws each as it
did, and every text, bar and line of the hand-written chart must stand at the same point,
to the tenth of a point both write.
"""

from __future__ import annotations

import html
import re
from typing import Any

import numpy as np
import pytest

from benchlearn.charts import local_numbers, new_figure, short_label
from benchlearn.messages import t
from benchlearn.site.drawn import rank_intervals_svg
from benchlearn.site.figures import _plain, inline_svg
from benchlearn.site.histogram import histogram_svg
from benchlearn.views import FOCUS, OTHERS

NUMBER = r"(-?[\d.]+)"


def texts(svg: str) -> list[tuple[str, float, float]]:
    """Every text of a chart: what it says and where its anchor stands, in drawing order."""
    found = re.findall(r"<text ([^>]*)>([^<]*)</text>", svg)
    out = []
    for attributes, text in found:
        x = re.search(rf'\bx="{NUMBER}"', attributes)
        y = re.search(rf'\by="{NUMBER}"', attributes)
        assert x and y
        out.append((html.unescape(text), float(x.group(1)), float(y.group(1))))
    return out


def paths(svg: str, style: str) -> list[list[float]]:
    """The coordinates of every path whose style starts with ``style``."""
    found = re.findall(r'<path d="([^"]*)"[^>]*?style="([^"]*)"', svg)
    return [
        [float(n) for n in re.findall(NUMBER, d)] for d, s in found if s.lower().startswith(style)
    ]


def assert_same_places(drawn: str, matplotlib: str, styles: list[str]) -> None:
    ours, theirs = texts(drawn), texts(matplotlib)
    assert [text for text, _, _ in ours] == [text for text, _, _ in theirs]
    for (text, x, y), (_, x2, y2) in zip(ours, theirs, strict=True):
        assert (x, y) == pytest.approx((x2, y2), abs=0.11), text
    for style in styles:
        mine, reference = paths(drawn, style), paths(matplotlib, style)
        assert len(mine) == len(reference), style
        for one, other in zip(mine, reference, strict=True):
            assert one == pytest.approx(other, abs=0.11), style


def matplotlib_histogram(
    values: list[float], unit: str, lang: str, median: float, legend: str
) -> Any:
    """The distribution as the site drew it with matplotlib before (site/figures.py)."""
    figure = new_figure(7.5 * 0.7, 2.6)
    axes = figure.add_subplot()
    axes.hist(values, bins=min(20, max(5, len(values) // 4)), color=OTHERS, edgecolor="white")
    axes.axvline(median, color="black", linestyle="--", linewidth=1, label=legend)
    axes.set_xlabel(unit, fontsize=8)
    axes.set_ylabel(t("wb_members_count", lang), fontsize=8)
    local_numbers(axes, lang, x=True, y=True)
    axes.legend(fontsize=7, frameon=False)
    _plain(axes)
    return figure


RANDOM = np.random.default_rng(7)


@pytest.mark.parametrize(
    "values, unit, lang, median",
    [
        (list(RANDOM.normal(10.0, 2.0, 290)), "%", "en", 10.1),
        (list(RANDOM.exponential(3.0, 40)), "EUR uz 1000 iedzīvotājiem", "lv", 1.5),
        ([-3.5, -1.0, 0.0, 2.0, 7.0], "", "en", 0.0),
        ([5.0] * 10, "Å", "lv", 5.0),
        ([1e6, 2e6, 3.5e6, 1.2e6] * 10, "SEK", "en", 9e6),
        ([0.001, 0.002, 0.0035] * 7, "‰", "lv", 0.002),
    ],
)
def test_a_distribution_stands_where_matplotlib_drew_it(
    values: list[float], unit: str, lang: str, median: float
) -> None:
    legend = "Peers' median" if lang == "en" else "Dalībnieku mediāna"
    reference = inline_svg(matplotlib_histogram(values, unit, lang, median, legend), "h", "x")

    drawn = histogram_svg(values, unit, t("wb_members_count", lang), median, legend, lang, "x")

    assert_same_places(drawn, reference, ["fill: #9dc3e6", "fill: none; stroke-dasharray"])
    assert 'transform="rotate(-90' in drawn  # the count's title reads upwards


def matplotlib_index(rows: list[tuple[str, float, float, float]], lang: str) -> Any:
    """The composite index as the site drew it with matplotlib before (site/figures.py)."""
    rows = [(short_label(name), rank, low, high) for name, rank, low, high in rows]
    height = 0.17 * len(rows) + 1.0
    figure = new_figure(7.5, height, layout=None)
    longest = max(len(name) for name, _, _, _ in rows)
    figure.subplots_adjust(left=min((longest * 0.062 + 0.2) / 7.5, 0.5), right=0.97,
                           top=1 - 0.25 / height, bottom=0.6 / height)  # fmt: skip
    axes = figure.add_subplot()
    y = list(range(len(rows)))[::-1]
    axes.hlines(y, [r[2] for r in rows], [r[3] for r in rows], color=OTHERS, linewidth=2.5)
    axes.scatter([r[1] for r in rows], y, color=FOCUS, s=12, zorder=3)
    axes.set_yticks(y, [r[0] for r in rows], fontsize=7)
    axes.set_ylim(-0.6, len(rows) - 0.4)
    axes.invert_xaxis()
    axes.set_xlabel(t("rank_interval", lang), fontsize=8)
    local_numbers(axes, lang, x=True)
    _plain(axes)
    return figure


@pytest.mark.parametrize("lang", ["en", "lv"])
@pytest.mark.parametrize("count", [1, 4, 60])
def test_the_index_stands_where_matplotlib_drew_it(lang: str, count: int) -> None:
    names = ["Åre", "Ödeshög", "Täby", "Ķekavas novads", "Rīga", "A name " * 9, "Örebro", "Malå"]
    rows = [(f"{names[k % len(names)]} {k}", k + 1.0, max(1.0, k - 2.5), k + 4.0)
            for k in range(count)]  # fmt: skip

    drawn = rank_intervals_svg(rows, lang, "x")

    reference = inline_svg(matplotlib_index(rows, lang), "i", "x")
    assert_same_places(drawn, reference, ["fill: none; stroke: #9dc3e6"])
