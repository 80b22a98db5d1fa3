"""The change since last year: intervals checked against published figures, the noise rule
by its properties, and the table the documents read."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchlearn.analysis.change import (
    COLUMNS,
    MAD_SCALE,
    beyond_noise,
    changes,
    difference_limits,
    direction_of,
    noise,
    proportion_change_p,
    rate_change_p,
)
from benchlearn.analysis.significance import Counted


@pytest.mark.parametrize(
    ("now", "before", "low", "high"),
    [
        # Newcombe (1998), Statistics in Medicine 17:873-890, Table II, method 10
        # (hybrid score interval), examples (a), (b) and (c).
        ((56, 70), (48, 80), 0.0524, 0.3339),
        ((9, 10), (3, 10), 0.1705, 0.8090),
        ((5, 56), (0, 29), -0.0381, 0.1926),
    ],
)
def test_proportion_difference_matches_newcombe_1998(
    now: tuple[int, int], before: tuple[int, int], low: float, high: float
) -> None:
    d, lo, hi = difference_limits("proportion", now[0], now[1], before[0], before[1], 1.0)

    assert float(d) == pytest.approx(now[0] / now[1] - before[0] / before[1])
    assert (round(float(lo), 4), round(float(hi), 4)) == (low, high)


def test_rate_difference_is_mover_on_byar_limits() -> None:
    # 120 events in 40 000 person-years against 80 in 40 000, per 100 000: Byar's limits
    # for each year, recombined as Zou & Donner (2008) do.
    z = 1.959963984540054

    def byar(x: float) -> tuple[float, float]:
        low = x * (1 - 1 / (9 * x) - z / (3 * np.sqrt(x))) ** 3
        up = (x + 1) * (1 - 1 / (9 * (x + 1)) + z / (3 * np.sqrt(x + 1))) ** 3
        return low / 40_000 * 1e5, up / 40_000 * 1e5

    (l1, u1), (l0, u0) = byar(120), byar(80)
    p1, p0 = 300.0, 200.0

    d, lo, hi = difference_limits("rate", 120, 40_000, 80, 40_000, 1e5)

    assert float(d) == pytest.approx(100.0)
    assert float(lo) == pytest.approx(100 - np.hypot(p1 - l1, u0 - p0))
    assert float(hi) == pytest.approx(100 + np.hypot(u1 - p1, p0 - l0))
    assert 0 < float(lo) < 100 < float(hi)


def test_rate_difference_with_exact_limits_matches_r() -> None:
    # Below 10 events each year's limits are Garwood's exact ones; the reference is R 4.2.2:
    # a <- poisson.test(3)$conf.int * 1000/1000; b <- poisson.test(8)$conf.int * 1000/1200,
    # recombined by Zou & Donner's (2008) MOVER formula in R.
    d, lo, hi = difference_limits("rate", 3, 1000, 8, 1200, 1000)

    assert float(d) == pytest.approx(-3.66666666666667, abs=1e-12)
    assert float(lo) == pytest.approx(-10.56035073295966, abs=1e-9)
    assert float(hi) == pytest.approx(3.23362084490422, abs=1e-9)


def test_rate_difference_agrees_with_minitabs_post_office_example() -> None:
    # Minitab's 2-Sample Poisson Rate example (PostOfficeVisits: 9983 and 10291 visits in 40
    # days): difference −7.7, normal-approximation 95 % CI (−14.6768, −0.723175). With
    # counts this large MOVER on Byar's limits agrees with it to within 0.02.
    d, lo, hi = difference_limits("rate", 9983, 40, 10291, 40, 1.0)

    assert float(d) == pytest.approx(-7.7)
    assert float(lo) == pytest.approx(-14.6768, abs=0.02)
    assert float(hi) == pytest.approx(-0.723175, abs=0.02)


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        # R 4.2.2: poisson.test(c(9983, 10291), c(40, 40))$p.value (Minitab's exact: 0.031)
        ((9983, 40, 10291, 40), 0.0310734279929361),
        # R 4.2.2: poisson.test(c(11, 23), c(1000, 1200))$p.value
        ((11, 1000, 23, 1200), 0.167435764204874),
    ],
)
def test_the_rate_change_test_equals_rs_poisson_test(
    counts: tuple[int, int, int, int], expected: float
) -> None:
    assert rate_change_p(*counts) == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        # Fisher's tea-tasting table: R 4.2.2 fisher.test(matrix(c(3, 1, 1, 3), 2))$p.value
        ((3, 4, 1, 4), 0.485714285714286),
        # R 4.2.2: fisher.test(matrix(c(12, 88, 25, 75), 2, byrow = TRUE))$p.value
        ((12, 100, 25, 100), 0.0279427060552609),
    ],
)
def test_the_proportion_change_test_equals_rs_fisher_test(
    counts: tuple[int, int, int, int], expected: float
) -> None:
    assert proportion_change_p(*counts) == pytest.approx(expected, rel=1e-9)


def test_no_events_in_either_year_is_no_evidence_of_change() -> None:
    assert rate_change_p(0, 1000, 0, 1200) == 1.0


def test_unusable_counts_give_no_interval() -> None:
    d, lo, hi = difference_limits("proportion", [5, np.nan], [10, 10], [5, 5], [0, 10], 100.0)

    assert np.isnan(lo).all() and np.isnan(hi).all() and np.isnan(d).all()


changes_list = st.lists(
    st.floats(-1e3, 1e3, allow_nan=False).map(lambda v: round(v, 3)), min_size=1, max_size=30
)


@settings(max_examples=60, deadline=None)
@given(changes_list, st.floats(0, 1e3, allow_nan=False))
def test_a_zero_change_is_never_beyond_the_noise(values: list[float], spread: float) -> None:
    flags = beyond_noise([0.0, *values], spread)

    assert flags[0] == 0.0


@settings(max_examples=60, deadline=None)
@given(st.floats(-1e3, 1e3, allow_nan=False), st.floats(1, 10), st.floats(0.01, 100))
def test_a_larger_change_the_same_way_is_beyond_the_noise_too(
    change: float, factor: float, spread: float
) -> None:
    small, large = beyond_noise([change, change * factor], spread)

    assert large >= small


def history_of(
    changes_by_member: list[float], scale: float = 1.0, shift: float = 0.0
) -> pd.DataFrame:
    """Members with a value in 2023 and 2024 differing by the given changes."""
    rows = []
    for i, c in enumerate(changes_by_member):
        base = 10.0 * i
        rows += [
            (f"M{i:02d}", "X", 2023, base * scale + shift),
            (f"M{i:02d}", "X", 2024, (base + c) * scale + shift),
        ]
    return pd.DataFrame(rows, columns=["municipality", "indicator", "year", "value"])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(-50, 50), min_size=5, max_size=25),
    st.floats(0.1, 1000),
    st.floats(-1e4, 1e4),
)
def test_the_noise_rule_does_not_depend_on_the_unit_or_origin(
    steps: list[int], scale: float, shift: float
) -> None:
    """A change beyond the noise in euros stays beyond it in thousands of euros."""
    plain = noise(history_of([float(s) for s in steps]))
    scaled = noise(history_of([float(s) for s in steps], scale, shift))
    flags = beyond_noise(np.array(steps, dtype=float), plain["X"])
    scaled_flags = beyond_noise(np.array(steps, dtype=float) * scale, scaled["X"])

    assert scaled["X"] == pytest.approx(plain["X"] * scale, rel=1e-6, abs=1e-9)
    # Compared with some slack on ties at the edge, where rounding can fall either way.
    edge = np.isclose(np.abs(steps), 2 * plain["X"], rtol=1e-6)
    assert (flags[~edge] == scaled_flags[~edge]).all()


def test_the_noise_is_the_scaled_mad_of_every_change_and_needs_five() -> None:
    found = noise(history_of([1.0, 2.0, 3.0, 4.0, 10.0]))
    few = noise(history_of([1.0, 2.0, 3.0, 4.0]))

    # median 3; deviations 2, 1, 0, 1, 7: MAD 1
    assert found["X"] == pytest.approx(MAD_SCALE)
    assert np.isnan(few["X"])


def test_directions_follow_the_indicator() -> None:
    words = direction_of([1.0, -1.0, 1.0, -1.0, 2.0, 0.0, np.nan],
                         ["higher", "higher", "lower", "lower", "neutral", "higher", "higher"])  # fmt: skip

    assert list(words) == ["better", "worse", "worse", "better", "up", "same", None]


def test_changes_judges_counts_by_interval_and_the_rest_by_noise() -> None:
    now = pd.DataFrame(
        {
            "municipality": ["A", "B", "A", "B"],
            "indicator": ["P", "P", "V", "V"],
            "value": [80.0, 52.0, 30.0, 11.0],
            "rank": pd.array([1, 2, 1, 2], dtype="Int64"),
            "numerator": [56.0, 26.0, np.nan, np.nan],
            "denominator": [70.0, 50.0, np.nan, np.nan],
        }
    )
    before = pd.DataFrame(
        {
            "municipality": ["A", "B", "A", "B"],
            "indicator": ["P", "P", "V", "V"],
            "value": [60.0, 50.0, 10.0, 10.0],
            "rank": pd.array([1, 2, 2, 1], dtype="Int64"),
            "numerator": [48.0, 25.0, np.nan, np.nan],
            "denominator": [80.0, 50.0, np.nan, np.nan],
        }
    )

    found = changes(
        now,
        before,
        {"P": "higher", "V": "lower"},
        {"P": Counted("proportion", 100.0, "higher")},
        {"V": 5.0},
    )

    assert list(found.columns) == [*now.columns, *COLUMNS]
    assert list(found["change_direction"]) == ["better", "better", "worse", "worse"]
    assert list(found["change_significant"]) == [True, False, True, False]
    assert list(found["change_method"]) == ["newcombe", "newcombe", "noise", "noise"]
    assert list(found["rank_change"]) == [0, 0, 1, -1]
    assert (round(found.loc[0, "change_low"], 2), round(found.loc[0, "change_high"], 2)) == (
        5.24,
        33.39,
    )


def test_change_z_is_beyond_the_threshold_exactly_when_significant() -> None:
    now = pd.DataFrame({"municipality": list("ABCDEF"), "indicator": ["P"] * 3 + ["V"] * 3,
                        "value": [80.0, 52.0, 50.0, 30.0, 11.0, 10.0],
                        "rank": pd.array([1, 2, 3, 1, 2, 3], dtype="Int64"),
                        "numerator": [56.0, 26.0, 25.0, np.nan, np.nan, np.nan],
                        "denominator": [70.0, 50.0, 50.0, np.nan, np.nan, np.nan]})  # fmt: skip
    before = now.assign(value=[60.0, 50.0, 50.0, 10.0, 10.0, 10.0],
                        numerator=[48.0, 25.0, 25.0, np.nan, np.nan, np.nan],
                        denominator=[80.0, 50.0, 50.0, np.nan, np.nan, np.nan])  # fmt: skip

    found = changes(now, before, {"P": "higher", "V": "lower"},
                    {"P": Counted("proportion", 100.0, "higher")}, {"V": 5.0})  # fmt: skip

    z = found["change_z"].to_numpy()
    assert (np.abs(z[[0, 3]]) > [1.959963984540054, 2.0]).all()
    assert (np.abs(z[[1, 4]]) < [1.959963984540054, 2.0]).all()
    assert np.isnan(z[[2, 5]]).all()  # no change: nothing to rank
    assert z[3] == pytest.approx(4.0)
