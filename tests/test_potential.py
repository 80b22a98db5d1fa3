"""The potential (what matching the reference peers would save or gain) and the frontier a
two-variable model's page draws."""

from __future__ import annotations

import pandas as pd
import pytest

from benchlearn.analysis.potential import potential
from benchlearn.site.frontier import Point, frontier_line, frontier_svg


def test_the_input_saved_per_unit_and_for_the_network() -> None:
    actual = pd.DataFrame({"COST": [100.0, 50.0, 80.0], "STAFF": [10.0, 4.0, 6.0]},
                          index=["A", "B", "C"])  # fmt: skip
    target = pd.DataFrame({"COST": [60.0, 50.0, 80.0 + 1e-9], "STAFF": [6.0, 4.0, 5.0]},
                          index=["A", "B", "C"])  # fmt: skip

    found = potential(actual, target, "input")

    assert found.units.to_dict("list") == {
        "municipality": ["A", "A", "B", "B", "C", "C"],
        "variable": ["COST", "STAFF"] * 3,
        "actual": [100.0, 10.0, 50.0, 4.0, 80.0, 6.0],
        "target": [60.0, 6.0, 50.0, 4.0, 80.0 + 1e-9, 5.0],
        "potential": [40.0, 4.0, 0.0, 0.0, 0.0, 1.0],
        "share": [0.4, 0.4, 0.0, 0.0, 0.0, 1 / 6],
    }
    network = found.network.set_index("variable")
    assert network.loc["COST", "potential"] == 40.0
    assert network.loc["COST", "share"] == pytest.approx(40 / 230)
    assert network.loc["STAFF", "potential"] == 5.0


def test_the_output_gained_under_output_orientation() -> None:
    actual = pd.DataFrame({"PUPILS": [100.0, 200.0]}, index=["A", "B"])
    target = pd.DataFrame({"PUPILS": [150.0, 200.0]}, index=["A", "B"])

    found = potential(actual, target, "output")

    assert list(found.units["potential"]) == [50.0, 0.0]
    assert found.network.loc[0, "potential"] == 50.0


def test_the_vrs_frontier_rises_from_the_smallest_input_along_the_upper_hull() -> None:
    points = [Point("a", 1, 1, True), Point("b", 2, 3, True), Point("c", 4, 4, True),
              Point("d", 3, 2, False), Point("e", 5, 4, False), Point("f", 1, 0.5, False)]  # fmt: skip

    assert frontier_line(points, "vrs", 6) == [(1, 0.0), (1, 1), (2, 3), (4, 4), (6, 4)]
    assert frontier_line(points, "crs", 6) == [(0.0, 0.0), (6, 9.0)]


def test_the_frontier_chart_names_the_efficient_members_only() -> None:
    points = [Point("Alpha", 1, 1, True), Point("Beta", 2, 3, True), Point("Gamma", 3, 2, False)]

    svg = frontier_svg(points, "vrs", "Cost (NOK 1000)", "Area (m²)", "en", "Frontier")

    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg"')
    assert 'aria-label="Frontier"' in svg
    assert ">Alpha</text>" in svg and ">Beta</text>" in svg and ">Gamma</text>" not in svg
    assert ">Cost (NOK 1000)</text>" in svg
