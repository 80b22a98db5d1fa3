"""Joint confidence sets for ranks (benchlearn.analysis.rank_sets).

Checked against Klein, Wright & Wieczorek (2020, JRSS-C) Figure 1: mean travel
time to work by US state, ACS 2011, from their package RankingProject
(tests/data/rankingproject, SOURCE.txt); the 51 expected sets were computed
with R 4.2.2 by the vignette's own formula without rounding the intervals
(REFERENCE.txt, which also lists the 9 states where the published, rounded
figure differs by one rank).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchlearn.analysis.rank_sets import independence_level, rank_sets, rank_sets_of_intervals
from benchlearn.analysis.ranking import rank_within

TRAVEL = Path(__file__).parent / "data" / "rankingproject" / "USA.1dec.csv"

#: R 4.2.2, tests/data/rankingproject/REFERENCE.txt: rank 1 = shortest travel time.
EXPECTED = {
    "SD": (1, 6), "ND": (1, 6), "WY": (1, 9), "NE": (1, 8), "MT": (1, 9), "AK": (1, 9),
    "IA": (3, 9), "KS": (3, 9), "ID": (4, 9), "OK": (10, 14), "AR": (10, 16), "NM": (10, 16),
    "UT": (10, 16), "WI": (11, 16), "VT": (10, 21), "OR": (11, 24), "KY": (15, 26), "MN": (15, 27),
    "OH": (16, 26), "MO": (15, 27), "RI": (15, 33), "NC": (16, 29), "ME": (15, 32), "IN": (17, 30),
    "SC": (16, 32), "MS": (17, 36), "AL": (21, 33), "NV": (19, 37), "MI": (21, 35), "TN": (22, 35),
    "LA": (23, 37), "CO": (23, 38), "TX": (29, 38), "AZ": (27, 39), "CT": (27, 40), "DE": (25, 42),
    "WA": (34, 41), "WV": (30, 42), "HI": (32, 42), "FL": (35, 42), "PA": (36, 42), "NH": (37, 47),
    "GA": (42, 46), "CA": (42, 44), "VA": (43, 47), "MA": (43, 47), "IL": (44, 47), "DC": (48, 49),
    "NJ": (48, 49), "NY": (50, 51), "MD": (50, 51),
}  # fmt: skip


@pytest.fixture(scope="module")
def travel() -> pd.DataFrame:
    return pd.read_csv(TRAVEL)


def test_klein_wright_wieczorek_2020_figure1_all_51_states(travel: pd.DataFrame) -> None:
    sets = rank_sets(
        travel["Estimate.1dec"], travel["MOE.1dec"] / 1.645, direction="lower", confidence=90
    )
    found = {
        state: (int(low), int(high))
        for state, low, high in zip(travel["Abbreviation"], sets.low, sets.high, strict=True)
    }
    assert found == EXPECTED
    assert sets.n.tolist() == [51] * 51
    assert sets.level[0] == pytest.approx(100 * 0.9 ** (1 / 51), rel=1e-15)


def test_klein_wright_wieczorek_2020_point_ranks_lie_in_their_sets(travel: pd.DataFrame) -> None:
    sets = rank_sets(
        travel["Estimate.1dec"], travel["MOE.1dec"] / 1.645, direction="lower", confidence=90
    )
    ranks = travel["Rank"].to_numpy()
    assert ((sets.low <= ranks) & (ranks <= sets.high)).all()


def test_klein_wright_wieczorek_2020_z_is_the_vignettes_3_081() -> None:
    from scipy import special

    level = independence_level(90, 51)
    assert level == pytest.approx(99.79362400232081, rel=1e-12)
    # R: qnorm(1-(1-(1-0.1)^(1/51))/2) = 3.080899927 (REFERENCE.txt)
    assert float(special.ndtri(0.5 + level / 200)) == pytest.approx(3.080899927, abs=1e-9)


def test_higher_is_better_ranks_from_the_top(travel: pd.DataFrame) -> None:
    sets = rank_sets(
        -travel["Estimate.1dec"], travel["MOE.1dec"] / 1.645, direction="higher", confidence=90
    )
    assert list(zip(sets.low.tolist(), sets.high.tolist(), strict=True)) == list(EXPECTED.values())


def test_ties_share_the_tied_positions() -> None:
    sets = rank_sets([1.0, 5.0, 5.0, 9.0], [0.0, 0.0, 0.0, 0.0], direction="lower")
    assert sets.low.tolist() == [1, 2, 2, 4]
    assert sets.high.tolist() == [1, 3, 3, 4]


def test_a_single_unit_is_first_of_one() -> None:
    sets = rank_sets([3.0], [1.0], direction="higher", confidence=99.8)
    assert (sets.low.tolist(), sets.high.tolist(), sets.n.tolist()) == ([1], [1], [1])
    assert sets.level[0] == pytest.approx(99.8)


def test_no_standard_error_no_set_and_the_others_widen() -> None:
    sets = rank_sets([1.0, 2.0, 3.0], [0.0, np.nan, 0.0], direction="lower")
    assert sets.low.tolist() == [1, 0, 2]
    assert sets.high.tolist() == [2, 0, 3]
    assert sets.n.tolist() == [3, 3, 3]


def test_columns_are_empty_where_there_is_no_set() -> None:
    columns = rank_sets([1.0, 2.0, 3.0], [0.0, np.nan, 0.0], direction="lower").columns()
    assert list(columns.columns) == ["rank_low", "rank_high"]
    assert columns.dtypes.tolist() == ["Int64", "Int64"]
    assert columns.astype(object).where(columns.notna(), None).values.tolist() == [
        [1, 2],
        [None, None],
        [2, 3],
    ]


def test_missing_values_are_not_ranked_and_not_counted() -> None:
    sets = rank_sets([1.0, np.nan, 3.0], [0.1, 0.1, 0.1], direction="lower")
    assert sets.low.tolist() == [1, 0, 2]
    assert sets.high.tolist() == [1, 0, 2]
    assert sets.n.tolist() == [2, 0, 2]
    assert np.isnan(sets.level[1])


def test_infinite_values_and_errors() -> None:
    sets = rank_sets([1.0, 2.0, np.inf, 4.0], [0.0, np.inf, 0.0, 0.0], direction="lower")
    # An infinite standard error spans every rank; an infinite value with a finite
    # error is above every finite interval, so only the unit that could be
    # anywhere keeps it from being certainly last.
    assert sets.low.tolist() == [1, 1, 3, 2]
    assert sets.high.tolist() == [2, 4, 4, 3]
    unknown = rank_sets([1.0, np.inf], [0.0, np.inf], direction="lower")
    assert (unknown.low.tolist(), unknown.high.tolist()) == ([1, 0], [2, 0])


def test_neutral_indicators_are_not_ranked() -> None:
    sets = rank_sets([1.0, 2.0], [0.1, 0.1], direction="neutral")
    assert sets.low.tolist() == [0, 0] and sets.high.tolist() == [0, 0]
    assert sets.n.tolist() == [0, 0]


def test_groups_are_ranked_apart_with_their_own_level() -> None:
    values = [1.0, 2.0, 10.0, 20.0, 30.0]
    se = [0.2, 0.2, 1.0, 1.0, 1.0]
    together = rank_sets(
        values,
        se,
        direction=["lower", "lower", "higher", "higher", "higher"],
        groups=[0, 0, 1, 1, 1],
    )
    first = rank_sets(values[:2], se[:2], direction="lower")
    second = rank_sets(values[2:], se[2:], direction="higher")
    assert together.low.tolist() == first.low.tolist() + second.low.tolist() == [1, 2, 3, 2, 1]
    assert together.high.tolist() == first.high.tolist() + second.high.tolist() == [1, 2, 3, 2, 1]
    assert together.level.tolist() == pytest.approx(
        [100 * 0.95**0.5] * 2 + [100 * 0.95 ** (1 / 3)] * 3
    )


def test_given_intervals_are_used_as_they_are() -> None:
    sets = rank_sets_of_intervals([0.0, 1.0, 5.0, np.nan], [2.0, 6.0, 7.0, 1.0], direction="lower")
    assert sets.low.tolist() == [1, 1, 2, 0]
    assert sets.high.tolist() == [2, 3, 3, 0]
    assert sets.n.tolist() == [3, 3, 3, 0]


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError, match="standard error cannot be negative"):
        rank_sets([1.0], [-1.0], direction="lower")
    with pytest.raises(ValueError, match="between 0 and 100, not 100.0"):
        rank_sets([1.0], [1.0], direction="lower", confidence=100.0)
    with pytest.raises(ValueError, match="low bound cannot exceed"):
        rank_sets_of_intervals([2.0], [1.0], direction="lower")
    with pytest.raises(ValueError, match="direction must be one of"):
        rank_sets([1.0], [1.0], direction="up")


_values = st.lists(
    st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False), min_size=1, max_size=30
)


@settings(max_examples=60, deadline=None)
@given(
    _values, st.data(), st.sampled_from(["lower", "higher"]), st.sampled_from([90.0, 95.0, 99.8])
)
def test_sets_contain_the_point_rank(
    values: list[float], data: st.DataObject, direction: str, confidence: float
) -> None:
    se = data.draw(st.lists(st.floats(0, 1e5), min_size=len(values), max_size=len(values)))
    sets = rank_sets(values, se, direction=direction, confidence=confidence)
    point = rank_within(np.zeros(len(values)), np.array(values), direction == "higher")
    assert ((sets.low >= 1) & (sets.low <= point) & (point <= sets.high)).all()
    assert (sets.high <= len(values)).all()


@settings(max_examples=60, deadline=None)
@given(_values, st.data(), st.floats(1.0, 100.0), st.sampled_from(["lower", "higher"]))
def test_sets_widen_as_intervals_widen(
    values: list[float], data: st.DataObject, factor: float, direction: str
) -> None:
    se = np.array(
        data.draw(st.lists(st.floats(0, 1e5), min_size=len(values), max_size=len(values)))
    )
    narrow = rank_sets(values, se, direction=direction)
    wide = rank_sets(values, se * factor, direction=direction)
    assert (wide.low <= narrow.low).all() and (wide.high >= narrow.high).all()
    wider_level = rank_sets(values, se, direction=direction, confidence=99.8)
    assert (wider_level.low <= narrow.low).all() and (wider_level.high >= narrow.high).all()


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(-1000, 1000), min_size=1, max_size=30, unique=True),
    st.sampled_from(["lower", "higher"]),
)
def test_tiny_intervals_give_the_point_rank(values: list[int], direction: str) -> None:
    floats = np.array(values, dtype=float)
    sets = rank_sets(floats, np.full(len(values), 1e-4), direction=direction)
    point = rank_within(np.zeros(len(values)), floats, direction == "higher")
    assert sets.low.tolist() == point.tolist() == sets.high.tolist()
