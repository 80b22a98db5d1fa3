"""Composite index: normalisations by hand, coverage, weights, and the Monte Carlo."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchlearn.analysis.composite import composite_index, normalise

VALUES = pd.DataFrame(
    {"A": [1.0, 2.0, 3.0, np.nan], "B": [10.0, 5.0, 1.0, 2.0], "N": [1.0, 2.0, 3.0, 4.0]},
    index=["m1", "m2", "m3", "m4"],
)
DIRECTIONS = {"A": "higher", "B": "lower", "N": "neutral"}


def test_minmax_turns_lower_round_and_drops_neutral() -> None:
    out = normalise(VALUES, DIRECTIONS, "minmax")  # type: ignore[arg-type]

    assert out.columns.tolist() == ["A", "B"]
    assert out["A"].tolist()[:3] == [0.0, 50.0, 100.0]
    np.testing.assert_allclose(out["B"], [0.0, 5 / 9 * 100, 100.0, 8 / 9 * 100])


def test_zscore_rank_and_grade() -> None:
    z = normalise(VALUES, DIRECTIONS, "zscore")  # type: ignore[arg-type]
    r = normalise(VALUES, DIRECTIONS, "rank")  # type: ignore[arg-type]
    g = normalise(VALUES, DIRECTIONS, "grade")  # type: ignore[arg-type]

    np.testing.assert_allclose(z["A"].dropna(), [-1.224745, 0.0, 1.224745], atol=1e-6)
    assert r["B"].tolist() == [0.0, 100 / 3, 100.0, 200 / 3]
    assert g["A"].tolist()[:3] == [1.0, 3.5, 6.0]  # worst 1, average 3.5, best 6


def test_coverage_threshold_weights_and_ranks() -> None:
    out = composite_index(VALUES, DIRECTIONS, {"A": 1, "B": 3}, min_coverage=0.8, draws=0)  # type: ignore[arg-type]

    assert out["municipality"].tolist() == ["m3", "m2", "m1", "m4"]
    assert out["rank"].tolist() == [1, 2, 3, pd.NA]
    assert out["coverage"].tolist() == [1.0, 1.0, 1.0, 0.75]
    assert out["score"].iloc[1] == pytest.approx((50 + 3 * 5 / 9 * 100) / 4)
    assert np.isnan(out["score"].iloc[3])


INDEX = pd.DataFrame(
    {
        "A": [10.0, 9.0, 5.0, 1.0, 8.0],
        "B": [10.0, 9.0, 5.0, 1.0, 8.0],
        "C": [10.0, 9.0, 5.0, 1.0, np.nan],
        "D": [10.0, 10.0, 5.0, 1.0, np.nan],
    },
    index=["X", "Y", "Z", "V", "W"],
)


def test_default_coverage_is_three_quarters_of_the_weight() -> None:
    out = composite_index(INDEX, dict.fromkeys("ABCD", "higher"), {}, draws=0)  # type: ignore[arg-type]

    assert out["municipality"].tolist() == ["X", "Y", "Z", "V", "W"]
    assert out["rank"].tolist() == [1, 2, 3, 4, pd.NA]
    assert out["coverage"].tolist() == [1.0, 1.0, 1.0, 1.0, 0.5]


def test_a_missing_part_is_drawn_from_the_others_and_widens_the_interval() -> None:
    """X is best everywhere: certain first when complete. Without D (75 %) it keeps its
    score over the parts it has, but in the draws D takes Y's, Z's or V's value, and with
    Z's or V's X falls behind Y: the interval is 1-2, its median rank 2."""
    directions = dict.fromkeys("ABCD", "higher")
    gap = INDEX.copy()
    gap.loc["X", "D"] = np.nan

    complete = composite_index(INDEX, directions, {}, draws=1000).set_index("municipality")  # type: ignore[arg-type]
    missing = composite_index(gap, directions, {}, draws=1000).set_index("municipality")  # type: ignore[arg-type]

    assert complete.loc["X", ["score", "rank", "rank_low", "rank_high"]].tolist() == [
        100.0, 1, 1, 1,
    ]  # fmt: skip
    assert missing.loc["X", ["score", "rank", "rank_low", "rank_high", "rank_median"]].tolist() == [
        100.0, 1, 1, 2, 2,
    ]  # fmt: skip
    assert missing.loc["X", "coverage"] == 0.75
    assert missing.loc["Y", ["rank", "rank_low", "rank_high"]].tolist() == [2, 1, 2]
    assert pd.isna(missing.loc["W", "rank"])


def test_monte_carlo_repeats_with_a_seed_and_brackets_the_rank() -> None:
    rng = np.random.default_rng(0)
    data = pd.DataFrame(
        rng.normal(size=(30, 5)), index=[f"M{i:02d}" for i in range(30)], columns=list("ABCDE")
    )
    directions = dict.fromkeys("ABCDE", "higher")

    first = composite_index(data, directions, {}, draws=300, seed=4)  # type: ignore[arg-type]
    again = composite_index(data, directions, {}, draws=300, seed=4)  # type: ignore[arg-type]

    pd.testing.assert_frame_equal(first, again)
    assert (first["rank_low"] <= first["rank_high"]).all()
    inside = (first["rank_low"] <= first["rank"]) & (first["rank"] <= first["rank_high"])
    assert inside.mean() >= 0.8


@settings(max_examples=30, deadline=None)
@given(
    st.integers(min_value=3, max_value=20),
    st.integers(0, 1000),
    st.sampled_from(["arithmetic", "geometric"]),
)
def test_best_everywhere_is_first_with_certainty(count: int, seed: int, aggregation: str) -> None:
    rng = np.random.default_rng(seed)
    data = pd.DataFrame(
        rng.uniform(0, 10, size=(count, 3)),
        index=[f"M{i:02d}" for i in range(count)],
        columns=list("ABC"),
    )
    data.loc["M00"] = [11.0, 11.0, 11.0]

    out = composite_index(
        data, dict.fromkeys("ABC", "higher"), {}, aggregation=aggregation, draws=100
    )  # type: ignore[arg-type]

    top = out.iloc[0]
    assert top["municipality"] == "M00"
    assert (top["rank"], top["rank_low"], top["rank_high"]) == (1, 1, 1)


@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=4, max_value=15), st.integers(0, 1000), st.floats(-5, 5))
def test_a_missing_part_is_drawn_from_what_the_others_have(
    count: int, seed: int, shared: float
) -> None:
    """When every other member has the same value for D, the draws can only fill a member's
    missing D with that value: its rank interval is the one it has with that value."""
    rng = np.random.default_rng(seed)
    data = pd.DataFrame(
        rng.uniform(0, 10, size=(count, 4)),
        index=[f"M{i:02d}" for i in range(count)],
        columns=list("ABCD"),
    )
    data["D"] = shared
    gap = data.copy()
    gap.loc["M00", "D"] = np.nan
    directions = dict.fromkeys("ABCD", "higher")
    columns = ["municipality", "rank_low", "rank_high", "rank_median"]

    complete = composite_index(data, directions, {}, draws=200, seed=seed)[columns]  # type: ignore[arg-type]
    imputed = composite_index(gap, directions, {}, draws=200, seed=seed)[columns]  # type: ignore[arg-type]

    pd.testing.assert_frame_equal(
        complete.sort_values("municipality").reset_index(drop=True),
        imputed.sort_values("municipality").reset_index(drop=True),
    )
