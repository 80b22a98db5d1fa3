"""The funnel plot as a reader sees it: names only outside the limits and never on top of
each other, the denominator named by its definition, numbers grouped as the reader groups
them. Measured with matplotlib's own renderer, the one that draws the file."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from benchlearn.analysis.significance import Counted, funnel
from benchlearn.charts import funnel_figure, tick_text
from benchlearn.compare import FunnelResult
from benchlearn.definitions import IndicatorDefinition

RATE = IndicatorDefinition(
    code="VISITS_65",
    name={
        "en": "Home visits per 1,000 residents aged 65 and over",
        "lv": "Mājas vizītes uz 1000 iedzīvotājiem vecumā 65+",
    },  # fmt: skip
    unit="per 1,000",
    direction="higher",
    statistic="rate",
    numerator="VISITS",
    denominator="POP_65_PLUS",
    multiplier=1000.0,
)
POP_65 = IndicatorDefinition(
    code="POP_65_PLUS",
    name={"en": "Residents aged 65 and over", "lv": "Iedzīvotāji vecumā 65 gadi un vairāk"},
    unit="persons",
    direction="neutral",
)


def crowded(denominator: IndicatorDefinition | None = POP_65) -> FunnelResult:
    """Forty members of nearly one size, every other one far outside the limits: without
    placement their names would all print on the same few spots."""
    size = np.r_[np.linspace(900, 1300, 36), [20_000, 40_000, 60_000, 80_000]]
    rate = np.where(np.arange(40) % 2 == 0, 0.05, 0.2)  # the pooled value is about 0.125
    rows = pd.DataFrame({
        "municipality": [f"M{i:02d}" for i in range(40)],
        "numerator": np.round(size * rate),
        "denominator": size,
    })  # fmt: skip
    rows["value"] = rows["numerator"] / rows["denominator"] * 1000
    rows["target"] = rows["numerator"].sum() / rows["denominator"].sum() * 1000
    table = funnel(rows, Counted("rate", 1000.0, "higher")).table
    table.insert(1, "name", [f"Novads {m}" for m in table["municipality"]])
    return FunnelResult(RATE, table, float("nan"), 0.0, False, [], "pooled", denominator)


def labels(figure: Any) -> list[Any]:
    return [a for a in figure.axes[0].texts if a.get_text().startswith("Novads")]


@pytest.mark.parametrize("lang", ["lv", "en"])
def test_names_outside_the_limits_never_overprint_each_other(lang: str) -> None:
    result = crowded()
    figure = funnel_figure(result, lang)
    figure.draw_without_rendering()
    renderer = figure.canvas.get_renderer()
    from matplotlib.text import Text

    named = labels(figure)
    boxes = [Text.get_window_extent(a, renderer) for a in named]
    outside = set(result.table.loc[result.table["funnel"] != "within", "name"])

    assert len(outside) == 40  # every member is outside: a crowded case indeed
    assert len(named) == 12  # the twelve farthest, as many as the plot names
    assert {a.get_text() for a in named} <= outside
    pairs = [(i, j) for i in range(len(boxes)) for j in range(i + 1, len(boxes))]
    overlaps = [(named[i].get_text(), named[j].get_text()) for i, j in pairs
                if boxes[i].overlaps(boxes[j])]  # fmt: skip
    assert overlaps == []
    frame = figure.axes[0].get_window_extent(renderer)
    assert all(frame.contains(b.x0, b.y0) and frame.contains(b.x1, b.y1) for b in boxes)
    legend = figure.axes[0].get_legend().get_window_extent(renderer)
    assert not any(b.overlaps(legend) for b in boxes)


def test_points_within_the_limits_are_not_named() -> None:
    result = crowded()
    table = result.table.assign(funnel="within")
    table.loc[table["municipality"] == "M03", "funnel"] = "above 99.8%"
    figure = funnel_figure(FunnelResult(RATE, table, 0.0, 0.0, False, [], "pooled", POP_65))

    assert [a.get_text() for a in labels(figure)] == ["Novads M03"]


def test_axes_are_titled_by_the_denominators_name_in_the_readers_numbers() -> None:
    figure = funnel_figure(crowded(), "lv")
    figure.draw_without_rendering()
    axes = figure.axes[0]
    ticks = [t.get_text() for t in axes.get_xticklabels() if t.get_visible() and t.get_text()]
    shown = [t for t, x in zip(ticks, axes.get_xticks(), strict=False) if axes.get_xlim()[0] <= x]

    assert axes.get_xlabel() == "Iedzīvotāji vecumā 65 gadi un vairāk"
    assert axes.get_xscale() == "log"
    assert "1 000" in shown and "10 000" in shown and "50 000" in shown
    assert not any("^" in t or "e+" in t for t in ticks)


def test_without_the_denominators_definition_the_axis_names_its_code() -> None:
    figure = funnel_figure(crowded(denominator=None), "en")

    assert figure.axes[0].get_xlabel() == "Denominator (POP_65_PLUS)"


def test_tick_labels_group_thousands_as_the_reader_does() -> None:
    assert [tick_text(v, "lv") for v in (1000.0, 10000.0, 2.5, -0.0)] == [
        "1 000", "10 000", "2,5", "0"]  # fmt: skip
    assert [tick_text(v, "en") for v in (1000.0, 10000.0, 2.5)] == ["1,000", "10,000", "2.5"]


def test_a_long_y_label_is_wrapped_to_the_axes_height() -> None:
    figure = funnel_figure(crowded(), "lv")
    figure.draw_without_rendering()
    renderer = figure.canvas.get_renderer()
    label = figure.axes[0].yaxis.label.get_window_extent(renderer)

    assert "\n" in figure.axes[0].get_ylabel()
    assert label.y0 >= 0 and label.y1 <= figure.bbox.height
