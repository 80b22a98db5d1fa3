"""Ranking and peer statistics: hand examples, properties, and Oflog's published figures."""

from __future__ import annotations

import csv
import statistics
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchlearn.analysis.ranking import band_for, rank_observations, rank_within
from benchlearn.registry.peers import PeerAssignment


def frame(values: list[float | None], statuses: list[str | None] | None = None) -> pd.DataFrame:
    codes = [f"M{i:02d}" for i in range(len(values))]
    return pd.DataFrame(
        {
            "municipality": codes,
            "indicator": "X",
            "year": 2020,
            "value": [np.nan if v is None else v for v in values],
            "status": statuses or [None] * len(values),
        }
    )


def everyone(data: pd.DataFrame) -> PeerAssignment:
    return PeerAssignment("all", partition=pd.Series("all", index=data["municipality"].unique()))


def test_ties_share_the_lowest_rank_and_missing_values_are_counted() -> None:
    data = frame([10, 10, 8, None, 5], [None, None, None, "-", ".."])

    out = rank_observations(data, {"X": "higher"}, everyone(data))

    assert out["rank"].tolist() == [1, 1, 3, pd.NA, pd.NA]
    assert out["n"].tolist() == [3] * 5
    assert out["n_excluded"].tolist() == [2] * 5
    assert out["percentile"].tolist()[:3] == [100.0, 100.0, 0.0]
    assert out["quartile"].tolist()[:3] == [1, 1, 4]
    assert np.isnan(out["value"].iloc[4])  # the confidential 5 is never shown


def test_lower_is_better_flips_rank_and_robust_z() -> None:
    data = frame([1, 2, 3, 4, 10])

    out = rank_observations(data, {"X": "lower"}, everyone(data))

    assert out["rank"].tolist() == [1, 2, 3, 4, 5]
    assert out["peer_median"].tolist() == [3.0] * 5
    # MAD = median(|x - 3|) = median(2, 1, 0, 1, 7) = 1
    assert out["robust_z"].tolist() == [2.0, 1.0, 0.0, -1.0, -7.0]
    assert out["band"].tolist() == [
        "better",
        "slightly better",
        "broadly similar",
        "slightly worse",
        "much worse",
    ]
    assert out["best"].tolist() == [1.0] * 5
    assert out["gap_to_best"].tolist() == [0.0, 1.0, 2.0, 3.0, 9.0]
    assert out["gap_to_median"].tolist() == [-2.0, -1.0, 0.0, 1.0, 7.0]


def test_neutral_gets_statistics_but_no_rank() -> None:
    data = frame([1, 2, 3])

    out = rank_observations(data, {"X": "neutral"}, everyone(data))

    assert out["rank"].isna().all() and out["band"].isna().all() and out["best"].isna().all()
    assert out["peer_q1"].tolist() == [1.5] * 3 and out["peer_q3"].tolist() == [2.5] * 3
    assert out["z"].round(6).tolist() == [-1.224745, 0.0, 1.224745]


@pytest.mark.parametrize(
    ("robust_z", "band"),
    [
        (0.5, "broadly similar"), (-0.5, "broadly similar"), (0.51, "slightly better"),
        (1.5, "slightly better"), (1.51, "better"), (3.0, "better"), (3.01, "much better"),
        (-1.5, "slightly worse"), (-3.0, "worse"), (-7.5, "much worse"), (float("nan"), None),
    ],
)  # fmt: skip
def test_oflog_band_thresholds(robust_z: float, band: str | None) -> None:
    assert band_for(robust_z) == band


def test_pairs_use_each_municipalitys_own_list() -> None:
    data = frame([1, 2, 3, 100])
    pairs = pd.DataFrame({"municipality": ["M00", "M00", "M03"], "peer": ["M01", "M02", "M00"]})

    out = rank_observations(data, {"X": "higher"}, PeerAssignment("group:x", pairs=pairs))

    assert out["n"].tolist() == [3, 1, 1, 2]
    assert out["rank"].tolist() == [3, 1, 1, 1]
    assert out["peer_median"].tolist() == [2.0, 2.0, 3.0, 50.5]


def test_weighted_peer_mean() -> None:
    data = frame([10, 20])
    population = pd.DataFrame(
        {"municipality": ["M00", "M01"], "year": [2020, 2020], "value": [3.0, 1.0]}
    )

    out = rank_observations(data, {"X": "higher"}, everyone(data), population=population)

    assert out["peer_mean_weighted"].tolist() == [12.5, 12.5]


def test_municipalities_outside_the_partition_are_not_ranked() -> None:
    data = frame([1, 2, 3])
    partition = pd.Series({"M00": "a", "M01": "a"})

    out = rank_observations(data, {"X": "higher"}, PeerAssignment("attr:g", partition=partition))

    assert out["rank"].tolist() == [2, 1, pd.NA]
    assert out["n"].tolist() == [2, 2, 0]


values_strategy = st.lists(
    st.one_of(st.none(), st.integers(min_value=-50, max_value=50)), min_size=1, max_size=25
)


def ranked(values: list[int | None], direction: str = "higher") -> pd.DataFrame:
    data = frame([None if v is None else float(v) for v in values])
    return rank_observations(data, {"X": direction}, everyone(data))  # type: ignore[dict-item]


@settings(max_examples=80, deadline=None)
@given(values_strategy)
def test_ranks_are_competition_ranks(values: list[int | None]) -> None:
    out = ranked(values)

    present = [v for v in values if v is not None]
    expected = [1 + sum(1 for w in present if w > v) for v in present]
    assert [int(r) for r in out["rank"].dropna()] == expected
    assert out.loc[out["value"].isna(), "rank"].isna().all()  # missing values never ranked


@settings(max_examples=60, deadline=None)
@given(values_strategy, st.randoms(use_true_random=False))
def test_row_order_changes_nothing(values: list[int | None], random: object) -> None:
    data = frame([None if v is None else float(v) for v in values])
    shuffled = data.sample(frac=1.0, random_state=7)

    a = rank_observations(data, {"X": "higher"}, everyone(data)).set_index("municipality")
    b = rank_observations(shuffled, {"X": "higher"}, everyone(shuffled)).set_index("municipality")

    pd.testing.assert_frame_equal(a.sort_index(), b.sort_index())


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=-1000, max_value=1000), min_size=2, max_size=25, unique=True))
def test_best_is_in_quarter_one_and_worst_in_quarter_four(values: list[int]) -> None:
    out = ranked(list(values))

    assert out.loc[out["rank"] == 1, "quartile"].tolist() == [1]
    assert out.loc[out["rank"] == len(values), "quartile"].tolist() == [4]
    assert out["quartile"].between(1, 4).all()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=-1000, max_value=1000), min_size=2, max_size=25, unique=True))
def test_flipping_direction_reverses_ranks(values: list[int]) -> None:
    up = ranked(list(values), "higher")["rank"].astype(int).to_numpy()
    down = ranked(list(values), "lower")["rank"].astype(int).to_numpy()

    assert (up + down == len(values) + 1).all()


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.integers(min_value=-100, max_value=100), min_size=3, max_size=25),
    st.integers(min_value=-1000, max_value=1000),
    st.sampled_from([0.5, 2.0, 10.0]),
)
def test_shift_and_scale_leave_rank_z_and_robust_z_alone(
    values: list[int], shift: int, scale: float
) -> None:
    base = ranked(list(values))
    data = frame([v * scale + shift for v in values])
    moved = rank_observations(data, {"X": "higher"}, everyone(data))

    assert base["rank"].tolist() == moved["rank"].tolist()
    np.testing.assert_allclose(base["z"], moved["z"], rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(base["robust_z"], moved["robust_z"], rtol=1e-9, atol=1e-9)


def test_rank_within_many_partitions() -> None:
    parts = np.array([0, 0, 0, 1, 1, 1, 1])
    values = np.array([3.0, 1.0, 3.0, np.nan, 2.0, 2.0, 5.0])

    assert rank_within(parts, values, True).tolist() == [1, 3, 1, 0, 2, 2, 1]
    assert rank_within(parts, values, False).tolist() == [2, 1, 2, 0, 1, 1, 3]


@pytest.fixture
def uk_asc(shared_data: Path) -> Path:
    """The Oflog adult social care folder of the real data."""
    return shared_data / "uk-asc"


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return float("nan")


def asc_frame(folder: Path) -> tuple[pd.DataFrame, dict[str, str], pd.DataFrame]:
    rows = list(csv.DictReader((folder / "ASC_data.csv").open(encoding="utf-8")))
    data = pd.DataFrame(
        {
            "municipality": [r["Local authority code"] for r in rows],
            "indicator": [r["Code"] for r in rows],
            "year": [int(r["Financial year"][:4]) for r in rows],
            "value": [_number(r["Value"]) for r in rows],
            "status": [None if r["Value"].strip() else "-" for r in rows],
        }
    )
    directions = {r["Code"]: "higher" for r in rows if r["rank_order"].lower() == "desc"}
    published = pd.DataFrame(
        {
            "municipality": data["municipality"],
            "indicator": data["indicator"],
            "year": data["year"],
            "median": [_number(r["MEDIAN"]) for r in rows],
            "mads": [_number(r["MADs_from_median"]) for r in rows],
        }
    )
    return data, {c: directions.get(c, "neutral") for c in data["indicator"].unique()}, published


def test_peer_median_and_robust_z_match_oflog_for_every_indicator_and_year(uk_asc: Path) -> None:
    data, directions, published = asc_frame(uk_asc)

    out = rank_observations(data, directions, everyone(data))  # type: ignore[arg-type]

    merged = out.merge(published, on=["municipality", "indicator", "year"])
    assert len(merged) == len(data)
    has_median = merged["median"].notna()
    np.testing.assert_allclose(
        merged.loc[has_median, "peer_median"], merged.loc[has_median, "median"], atol=1e-6
    )
    comparable = merged["mads"].notna() & merged["robust_z"].notna()
    assert comparable.sum() > 5000
    np.testing.assert_allclose(
        merged.loc[comparable, "robust_z"], merged.loc[comparable, "mads"], atol=1e-6
    )
    for (indicator, year), group in data.dropna(subset=["value"]).groupby(["indicator", "year"]):
        expected = statistics.median(group["value"])
        got = out[(out["indicator"] == indicator) & (out["year"] == year)]["peer_median"].iloc[0]
        assert got == pytest.approx(expected)


def test_nearest_neighbour_lists_are_used_exactly(uk_asc: Path) -> None:
    data, directions, _ = asc_frame(uk_asc)
    pairs = pd.read_csv(uk_asc / "NN_long.csv", dtype=str).rename(
        columns={"la_code": "municipality", "neighbour_code": "peer"}
    )

    out = rank_observations(
        data, directions, PeerAssignment("group:nn", pairs=pairs[["municipality", "peer"]])
    )  # type: ignore[arg-type]

    for council in ["E06000001", "E08000025", "E10000007"]:
        peers = {council, *pairs.loc[pairs["municipality"] == council, "peer"]}
        for (indicator, year), group in data.dropna(subset=["value"]).groupby(
            ["indicator", "year"]
        ):
            mine = out[
                (out["municipality"] == council)
                & (out["indicator"] == indicator)
                & (out["year"] == year)
            ]
            if mine.empty:
                continue
            in_set = group[group["municipality"].isin(peers)]["value"]
            assert int(mine["n"].iloc[0]) == len(in_set)
            assert mine["peer_median"].iloc[0] == pytest.approx(statistics.median(in_set))
