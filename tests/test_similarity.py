"""Similarity: standardisation, exact nearest neighbours, explanations, clusters, ARI."""

from __future__ import annotations

from unittest.mock import patch

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.spatial.distance import cdist

from benchlearn.analysis import similarity
from benchlearn.analysis.similarity import (
    adjusted_rand_index,
    clusters,
    compare_groupings,
    explain,
    nearest_neighbours,
    silhouette,
    standardise,
)
from benchlearn.definitions import StructuralSpec as StructuralVariable
from benchlearn.errors import BenchlearnError


def table(rows: dict[str, list[float]]) -> pd.DataFrame:
    return pd.DataFrame.from_dict(rows, orient="index", columns=["POP", "AREA"])


def test_standardise_logs_weights_and_reports_gaps() -> None:
    values = table({"A": [10, 1], "B": [100, 2], "C": [1000, 3], "D": [np.nan, 4]})

    std = standardise(
        values, [StructuralVariable("POP", log=True), StructuralVariable("AREA", weight=4)]
    )

    # D has AREA, 4 of the 5 weight: compared on it, marked; each variable is
    # z-scored over the municipalities that have it.
    assert std.excluded.values.tolist() == []
    assert std.partial is not None
    assert std.partial.values.tolist() == [["D", "POP"]]
    assert std.matrix.index.tolist() == ["A", "B", "C", "D"]
    np.testing.assert_allclose(std.matrix["POP"][:3], [-1.224745, 0, 1.224745], atol=1e-6)
    assert np.isnan(std.matrix.at["D", "POP"])
    np.testing.assert_allclose(
        std.matrix["AREA"], [-2.683282, -0.894427, 0.894427, 2.683282], atol=1e-6
    )


def test_a_municipality_with_less_than_half_the_weight_is_left_out() -> None:
    values = table({"A": [10, 1], "B": [100, 2], "C": [1000, 3], "D": [np.nan, 4]})

    std = standardise(
        values, [StructuralVariable("POP", log=True, weight=4), StructuralVariable("AREA")]
    )

    assert std.excluded.values.tolist() == [["D", "POP"]]
    assert std.matrix.index.tolist() == ["A", "B", "C"]
    assert std.partial is not None and std.partial.empty


def test_log_of_non_positive_and_constant_variables_are_errors() -> None:
    with pytest.raises(
        BenchlearnError, match=r"POP is declared log but is not positive for B \(0\)"
    ):
        standardise(table({"A": [1, 1], "B": [0, 2]}), [StructuralVariable("POP", log=True)])
    with pytest.raises(BenchlearnError, match="AREA takes one value"):
        standardise(
            table({"A": [1, 5], "B": [2, 5]}),
            [StructuralVariable("POP"), StructuralVariable("AREA")],
        )


def test_hand_example_distances_and_similarity() -> None:
    std = standardise(table({"A": [0, 0], "B": [1, 0], "C": [4, 0], "D": [0, 1]}),
                      [StructuralVariable("POP"), StructuralVariable("AREA")])  # fmt: skip

    out = nearest_neighbours(std, k=2, municipalities=["A"])

    z = std.matrix.to_numpy()
    expected = cdist(z[:1], z)[0]
    assert out["neighbour"].tolist() == ["B", "D"] or out["neighbour"].tolist() == ["D", "B"]
    np.testing.assert_allclose(sorted(out["distance"]), sorted(expected[[1, 3]]))
    largest = cdist(z, z).max()
    np.testing.assert_allclose(out["similarity"], 1 - out["distance"] / largest, atol=1e-6)
    assert out["order"].tolist() == [1, 2]


def test_k_is_capped_and_itself_is_never_a_neighbour() -> None:
    std = standardise(
        table({"A": [0, 0], "B": [1, 2], "C": [4, 1]}),
        [StructuralVariable("POP"), StructuralVariable("AREA")],
    )

    out = nearest_neighbours(std, k=15)

    assert len(out) == 6
    assert (out["municipality"] != out["neighbour"]).all()


@settings(max_examples=25, deadline=None)
@given(
    st.integers(min_value=3, max_value=60),
    st.integers(min_value=1, max_value=6),
    st.integers(0, 10_000),
)
def test_nearest_neighbours_equal_brute_force(count: int, dims: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    data = pd.DataFrame(rng.normal(size=(count, dims)), index=[f"M{i:03d}" for i in range(count)],
                        columns=[f"V{j}" for j in range(dims)])  # fmt: skip
    std = standardise(data, [StructuralVariable(c) for c in data.columns])
    k = min(5, count - 1)

    out = nearest_neighbours(std, k=k)

    brute = cdist(std.matrix.to_numpy(), std.matrix.to_numpy())
    np.fill_diagonal(brute, np.inf)
    for i, code in enumerate(std.matrix.index):
        got = out[out["municipality"] == code]["distance"].to_numpy()
        np.testing.assert_allclose(got, np.sort(brute[i])[:k], rtol=1e-9, atol=1e-9)


@settings(max_examples=25, deadline=None)
@given(
    st.integers(min_value=20, max_value=120),
    st.integers(min_value=1, max_value=4),
    st.integers(1, 3),
    st.integers(0, 10_000),
)
def test_many_bands_and_tiles_on_several_threads_equal_brute_force(
    count: int, dims: int, workers: int, seed: int
) -> None:
    """Small tiles force the banded, tiled and threaded path that large inputs take."""
    rng = np.random.default_rng(seed)
    # Rounded values make exact ties, which must be broken by neighbour code.
    values = np.round(rng.normal(size=(count, dims)), 1)
    data = pd.DataFrame(values, index=[f"M{i:03d}" for i in range(count)],
                        columns=[f"V{j}" for j in range(dims)])  # fmt: skip
    if (data.std(ddof=0) == 0).any():
        return
    std = standardise(data, [StructuralVariable(c) for c in data.columns])
    k = 6
    z = std.matrix.to_numpy()
    codes = std.matrix.index.to_numpy()

    with (
        patch.object(similarity, "TILE_ROWS", 7),
        patch.object(similarity, "TILE_COLUMNS", 16),
        patch.object(similarity, "_workers", lambda: workers),
    ):
        out = nearest_neighbours(std, k=k)

    brute = np.sqrt(((z[:, None, :] - z[None, :, :]) ** 2).sum(axis=2))
    for i, code in enumerate(codes):
        order = sorted(
            (d, c) for j, (d, c) in enumerate(zip(brute[i], codes, strict=True)) if j != i
        )
        mine = out[out["municipality"] == code]
        np.testing.assert_allclose(mine["distance"], [d for d, _ in order[:k]], atol=1e-9)
        # The same neighbours in the same order: ties go to the smaller code.
        assert mine["neighbour"].tolist() == [c for _, c in order[:k]]
    assert out["similarity"].between(0, 1).all()


def test_explain_contributions_add_up_to_the_squared_distance() -> None:
    rng = np.random.default_rng(1)
    data = pd.DataFrame(
        rng.normal(size=(10, 3)), index=[f"M{i}" for i in range(10)], columns=["A", "B", "C"]
    )
    std = standardise(
        data, [StructuralVariable("A", weight=2), StructuralVariable("B"), StructuralVariable("C")]
    )

    out = explain(std, "M0", "M1")

    distance = np.linalg.norm(std.matrix.loc["M0"] - std.matrix.loc["M1"])
    assert out["contribution"].sum() == pytest.approx(distance**2)
    assert out["share"].sum() == pytest.approx(1.0)
    assert out["contribution"].is_monotonic_decreasing


def test_clusters_are_deterministic_and_auto_uses_silhouette() -> None:
    rng = np.random.default_rng(3)
    blobs = np.vstack([rng.normal(loc, 0.1, size=(8, 2)) for loc in (0, 5, 10)])
    data = pd.DataFrame(blobs, index=[f"M{i:02d}" for i in range(24)], columns=["A", "B"])
    std = standardise(data, [StructuralVariable("A"), StructuralVariable("B")])

    first, table_auto = clusters(std, auto=True)
    again, _ = clusters(std, 3)

    assert table_auto is not None
    assert int(table_auto.loc[table_auto["silhouette"].idxmax(), "k"]) == 3
    pd.testing.assert_frame_equal(first, again)
    assert first.groupby("cluster").size().tolist() == [8, 8, 8]


def test_silhouette_matches_a_brute_force_definition() -> None:
    rng = np.random.default_rng(5)
    data = rng.normal(size=(12, 2))
    labels = np.array([1] * 5 + [2] * 4 + [3] * 3)
    d = cdist(data, data)
    scores = []
    for i in range(12):
        own = labels == labels[i]
        a = d[i, own].sum() / (own.sum() - 1)
        b = min(d[i, labels == other].mean() for other in set(labels) - {labels[i]})
        scores.append((b - a) / max(a, b))

    assert silhouette(data, labels) == pytest.approx(np.mean(scores))


def test_adjusted_rand_index_known_values() -> None:
    same = pd.Series([1, 1, 2, 2, 3], index=list("abcde"))
    relabelled = pd.Series(["x", "x", "y", "y", "z"], index=list("abcde"))

    ari, cross = compare_groupings(same, relabelled)

    assert ari == pytest.approx(1.0)
    assert cross.to_numpy().tolist() == [[2, 0, 0], [0, 2, 0], [0, 0, 1]]
    # Hubert & Arabie's worked example: contingency [[1, 1, 0], [1, 2, 1], [0, 0, 4]] → 0.313
    assert adjusted_rand_index(np.array([[1, 1, 0], [1, 2, 1], [0, 0, 4]])) == pytest.approx(
        0.3125, abs=1e-3
    )


# --- partial figures and nearest years ---------------------------------------


def test_a_municipality_with_a_gap_is_compared_on_what_it_has_rescaled() -> None:
    """By hand: X over A..D is [0, 2, 4, 6] (mean 3, sd √5), Y over A, B, D is [0, 2, 4]
    (mean 2, sd √(8/3)). C lacks Y: against B, (z_X difference)² = (2/√5)² = 0.8 over half
    the weight, so d² = 2 · 0.8 = 1.6; against D the same; against A 2 · (4/√5)² = 6.4.
    The farthest pair, A and D, share both: 36/5 + (4/√(8/3))² = 7.2 + 6 = 13.2."""
    values = pd.DataFrame(
        {"X": [0.0, 2.0, 4.0, 6.0], "Y": [0.0, 2.0, np.nan, 4.0]}, index=["A", "B", "C", "D"]
    )
    std = standardise(values, [StructuralVariable("X"), StructuralVariable("Y")])

    out = nearest_neighbours(std, k=3, municipalities=["C"])

    assert out["neighbour"].tolist() == ["B", "D", "A"]  # B and D tie: by code
    np.testing.assert_allclose(out["distance"], np.sqrt([1.6, 1.6, 6.4]), rtol=1e-12)
    np.testing.assert_allclose(
        out["similarity"], 1 - np.sqrt([1.6, 1.6, 6.4]) / np.sqrt(13.2), atol=1e-6
    )
    assert std.partial is not None
    assert std.partial.values.tolist() == [["C", "Y"]]


def test_a_pair_with_less_than_half_the_weight_in_common_is_never_neighbours() -> None:
    values = pd.DataFrame(
        {
            "X": [1.0, 2.0, np.nan, 4.0, 5.0],
            "Y": [1.0, np.nan, 3.0, 2.0, 4.0],
            "Z": [2.0, 1.0, 2.0, 5.0, 4.0],
            "W": [0.0, 1.0, 2.0, 3.0, 1.0],
        },
        index=["A", "B", "C", "D", "E"],
    )
    std = standardise(values, [StructuralVariable(c) for c in "XYZW"])
    z = std.matrix.to_numpy()

    distances = similarity.partial_distances(z[[1]], z[[2]], np.ones(4))

    # B has X, Z, W and C has Y, Z, W: Z and W are half the weight, so they are compared.
    assert distances[0, 0] == pytest.approx(np.sqrt(2 * ((z[1, 2:] - z[2, 2:]) ** 2).sum()))
    three = std.matrix[["X", "Y", "Z"]].to_numpy()
    apart = similarity.partial_distances(three[[1]], three[[2]], np.ones(3))
    assert apart[0, 0] == np.inf  # only Z of X, Y, Z in common


@settings(max_examples=25, deadline=None)
@given(
    st.integers(min_value=3, max_value=80),
    st.integers(min_value=1, max_value=5),
    st.integers(0, 10_000),
)
def test_with_complete_rows_the_masked_path_finds_the_same_neighbours(
    count: int, dims: int, seed: int
) -> None:
    """The path for gaps and the exact fast path agree wherever every figure is there."""
    rng = np.random.default_rng(seed)
    data = pd.DataFrame(np.round(rng.normal(size=(count, dims)), 1),
                        index=[f"M{i:03d}" for i in range(count)],
                        columns=[f"V{j}" for j in range(dims)])  # fmt: skip
    if (data.std(ddof=0) == 0).any():
        return
    std = standardise(data, [StructuralVariable(c, weight=1 + j) for j, c in enumerate(data)])
    k = min(5, count - 1)

    fast = nearest_neighbours(std, k=k)
    masked = similarity._masked_neighbours(std, k, None)

    assert std.complete
    assert masked["neighbour"].tolist() == fast["neighbour"].tolist()
    np.testing.assert_allclose(masked["distance"], fast["distance"], rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(masked["similarity"], fast["similarity"], atol=1e-5)


def test_explain_a_pair_with_a_gap_lists_the_shared_variables_rescaled() -> None:
    values = pd.DataFrame(
        {"X": [0.0, 2.0, 4.0, 6.0], "Y": [0.0, 2.0, np.nan, 4.0]}, index=["A", "B", "C", "D"]
    )
    std = standardise(values, [StructuralVariable("X"), StructuralVariable("Y")])

    out = explain(std, "C", "A")

    assert out["variable"].tolist() == ["X"]
    assert out["contribution"].tolist() == pytest.approx([6.4])
    assert out["share"].tolist() == pytest.approx([1.0])


def test_clusters_estimate_a_gap_from_the_other_figures() -> None:
    values = pd.DataFrame(
        {"X": [0.0, 0.2, 0.1, 10.0, 10.2, 10.1, 9.8], "Y": [0.0, 0.1, 0.3, 5.0, 5.2, 5.1, np.nan]},
        index=["A", "B", "C", "D", "E", "F", "G"],
    )
    std = standardise(values, [StructuralVariable("X"), StructuralVariable("Y")])

    out, _ = clusters(std, 2)

    # G (X = 9.8, Y estimated near 5) joins D, E and F: the larger cluster, numbered 1.
    assert out.values.tolist() == [
        ["D", 1], ["E", 1], ["F", 1], ["G", 1], ["A", 2], ["B", 2], ["C", 2]
    ]  # fmt: skip


def test_a_gap_is_estimated_by_regression_on_the_complete_rows() -> None:
    """Complete rows lie on Y = 2X + 1: D (X = 5) gets Y = 11, E (Y = 9) gets X = 4."""
    matrix = pd.DataFrame(
        {"X": [1.0, 2.0, 3.0, 5.0, np.nan], "Y": [3.0, 5.0, 7.0, np.nan, 9.0]},
        index=["A", "B", "C", "D", "E"],
    )

    filled = similarity.estimate_gaps(matrix)

    np.testing.assert_allclose(filled["Y"], [3, 5, 7, 11, 9], rtol=1e-12)
    np.testing.assert_allclose(filled["X"], [1, 2, 3, 5, 4], rtol=1e-12)


def test_the_nearest_year_prefers_the_same_then_the_nearer_then_the_earlier() -> None:
    rows = [
        ("A", "P", 2021, 1.0), ("A", "P", 2023, 3.0), ("A", "P", 2025, 5.0),
        ("A", "P", 2026, 6.0),  # 2023 and 2025 are one year away: the earlier wins
        ("B", "P", 2024, 4.0), ("B", "P", 2026, 6.0),  # the same year first
        ("C", "P", 2020, 0.0),  # four years away: outside the window
        ("D", "P", 2022, 2.0), ("D", "P", 2025, 5.0),  # 2025 is a new territory
        ("E", "P", 2024, 9.0), ("E", "P", 2027, 7.0),  # 2024 is missing ("-")
    ]  # fmt: skip
    long = pd.DataFrame(rows, columns=["municipality", "indicator", "year", "value"])
    long["status"] = [None] * 9 + ["-", None]
    changes = pd.DataFrame({"municipality": ["D"], "year": [2025]})

    out = similarity.nearest_year(long, 2024, 3, changes)

    assert out.values.tolist() == [
        ["A", "P", 2023, 3.0],
        ["B", "P", 2024, 4.0],
        ["D", "P", 2022, 2.0],
        ["E", "P", 2027, 7.0],
    ]
    assert similarity.nearest_year(long, 2024, 0).values.tolist() == [["B", "P", 2024, 4.0]]


def test_partial_distances_equal_r_dist_with_missing_values() -> None:
    """R 4.2.2, ``as.matrix(dist(x))`` (stats::dist, method "euclidean"): "If some columns are
    excluded in calculating a Euclidean … distance, the sum is scaled up proportionally to the
    number of columns used" — the partial distance with unit weights. Pairs sharing less than
    half of the columns are not compared here (inf), where R still gives a number."""
    nan = np.nan
    x = np.array(
        [
            [0.5, -1.2, 0.3, 1.1],
            [nan, -0.7, 0.9, 0.2],
            [1.4, nan, -0.6, nan],
            [-0.3, 0.8, nan, -1.5],
            [0.0, 0.1, 0.2, 0.3],
        ]
    )
    r_dist = np.array(  # printed by R with options(digits = 17)
        [
            [0.0, 1.3759844960366863, 1.7999999999999998, 3.8987177379235858, 1.6093476939431082],
            [1.3759844960366863, 0.0, 3.0, 3.2062439083762793, 1.2328828005937953],
            [1.7999999999999998, 3.0, 0.0, 3.3999999999999999, 2.2803508501982757],
            [3.8987177379235858, 3.2062439083762793, 3.3999999999999999, 0.0, 2.2568414506414345],
            [1.6093476939431082, 1.2328828005937953, 2.2803508501982757, 2.2568414506414345, 0.0],
        ]
    )
    found = similarity.partial_distances(x, x, np.ones(4))

    has = ~np.isnan(x)
    shared = has.astype(float) @ has.T.astype(float)
    compared = shared >= 2
    assert np.allclose(found[compared], r_dist[compared], rtol=1e-14, atol=1e-15)
    assert np.isinf(found[~compared]).all() and (~compared).sum() == 4  # (2,3), (3,4) each way
