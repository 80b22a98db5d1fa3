"""Similar municipalities: the CIPFA Nearest Neighbours approach, and clusters.

Structural variables (population, density, age shares, tax base …) are
log-transformed where declared, standardised to z-scores over the
municipalities compared, weighted, and compared by Euclidean distance. A
municipality with a missing variable is left out and reported, never imputed.

Exact nearest neighbours are found block by block with one matrix product per
block (BLAS), ``|a|² + |b|² − 2·a·b``. Distances to an even sample of the
municipalities give each row an upper bound on its k-th neighbour's distance,
so the full pass only keeps the candidates under that bound; their distances
are then recomputed exactly, so rounding cannot reorder close neighbours.
Bands of rows run on all the machine's cores, each with one BLAS thread.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import pandas as pd
from threadpoolctl import threadpool_limits

from benchlearn.definitions.model import StructuralSpec
from benchlearn.errors import BenchlearnError
from benchlearn.messages import LANGUAGES, general

#: Size of one tile of squared distances: small enough to stay in the CPU cache.
TILE_ROWS = 64
TILE_COLUMNS = 8192


def _workers() -> int:
    """Threads for the distance pass: NumPy and BLAS release the GIL, so bands run side by side."""
    if hasattr(os, "sched_getaffinity"):  # Linux: the cores this process may use
        return max(1, min(8, len(os.sched_getaffinity(0))))
    return max(1, min(8, os.cpu_count() or 1))


@dataclass(frozen=True)
class Standardised:
    """Weighted z-scores ready for Euclidean distance, with what went in and what was left out.

    ``matrix`` and ``raw``: index municipality, one column per variable, NaN
    where a municipality has no figure (it is compared on the others);
    ``excluded``: columns ``municipality, missing`` (comma-separated codes) of
    those with no figure at all; ``partial``: the same columns for those
    compared on fewer variables; ``years``: index municipality, one column per
    variable, the year each figure is of (None when the caller did not say).
    """

    matrix: pd.DataFrame
    raw: pd.DataFrame
    excluded: pd.DataFrame
    variables: tuple[StructuralSpec, ...]
    #: Variables asked for but left out: figures for too few municipalities this year.
    dropped: tuple[str, ...] = ()
    partial: pd.DataFrame | None = None
    years: pd.DataFrame | None = None

    @property
    def complete(self) -> bool:
        """Every municipality compared has every variable: the exact fast path applies."""
        return not bool(self.matrix.isna().to_numpy().any())


#: A structural variable with figures for fewer than this share of the municipalities is left
#: out (with a note) rather than comparing most municipalities on fewer variables.
MIN_COVERAGE = 0.5
#: Years either side of the year compared in which a structural variable's figure may be taken.
WINDOW = 3


def nearest_year(
    long: pd.DataFrame,
    year: int,
    window: int = WINDOW,
    changes: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Each municipality's figure of each variable from the year nearest to ``year``.

    Structural variables are context, not outcomes: a municipality's area,
    population or median age of a neighbouring year describes it well enough,
    and statistics offices publish them on calendars of their own. So a
    figure is taken from ``year`` itself if there is one, else from the
    nearest year within ``window`` years; at equal distance the earlier year
    wins (it was published by then). A year on the other side of a change of
    the municipality's territory (``changes``: columns ``municipality, year``,
    the first year of the new territory) is never taken: the merged Madona of
    2026 does not stand for the Madona of 2024.

    ``long``: columns ``municipality, indicator, year, value`` (and optionally
    ``status``: only rows without one are figures). Returns the same four
    columns, one row per municipality and indicator that has a figure.
    """
    columns = ["municipality", "indicator", "year", "value"]
    usable = long["value"].notna()
    if "status" in long.columns:
        usable &= long["status"].isna()
    rows = long.loc[usable, columns].copy()
    rows["distance"] = (rows["year"] - year).abs()
    rows = rows[rows["distance"] <= window]
    if changes is not None and len(changes) and len(rows):
        marks = (
            rows[["municipality", "year"]]
            .reset_index()
            .merge(changes.rename(columns={"year": "change"}), on="municipality")
        )
        crossed = (marks["year"] < marks["change"]) != (year < marks["change"])
        rows = rows[~rows.index.isin(marks.loc[crossed, "index"])]
    rows = rows.sort_values(["municipality", "indicator", "distance", "year"], kind="stable")
    chosen = rows.drop_duplicates(["municipality", "indicator"], keep="first")
    return chosen[columns].reset_index(drop=True)


def _missing_frame(missing: pd.DataFrame, rows: pd.Index) -> pd.DataFrame:
    """``municipality, missing`` for ``rows``: the variables each has no figure for."""
    codes = list(missing.columns)
    return pd.DataFrame(
        {
            "municipality": rows.astype(str),
            "missing": [", ".join(c for c in codes if missing.at[m, c]) for m in rows],
        }
    )


def standardise(
    values: pd.DataFrame,
    variables: Sequence[StructuralSpec],
    years: pd.DataFrame | None = None,
) -> Standardised:
    """Log (where declared), z-score over the municipalities with a figure, multiply by √weight.

    A variable that most municipalities have no figure for (this year's figures
    are not published yet, say) is left out and named in ``dropped``. A
    municipality without a figure for some of the remaining variables is kept
    and compared on those it has (see :func:`partial_distances`), and named in
    ``partial``, as long as those carry at least half of the weight
    (:data:`MIN_COVERAGE`); one with less is left out and named in ``excluded``:
    a municipality known by its median age alone is no one's nearest neighbour.
    ``years`` (same shape as ``values``) says which year each figure is of.
    """
    asked = [v.code for v in variables]
    coverage = values.reindex(columns=asked).notna().mean() if len(values) else None
    dropped = tuple(c for c in asked if coverage is None or not coverage[c] >= MIN_COVERAGE)
    if len(dropped) == len(asked):
        raise BenchlearnError.of("sim_no_variable", {"variables": ", ".join(asked)})
    variables = [v for v in variables if v.code not in dropped]
    codes = [v.code for v in variables]
    raw = values.reindex(columns=codes).astype(float)
    missing = raw.isna()
    weight = np.array([v.weight for v in variables], dtype=float)
    held = (~missing.to_numpy() * weight).sum(axis=1) / weight.sum()
    few = pd.Series(held < MIN_COVERAGE, index=raw.index)
    excluded = _missing_frame(missing, raw.index[few])
    compared = raw[~few]
    partial = _missing_frame(missing, compared.index[missing[~few].any(axis=1)])
    if len(compared) < 2:
        raise BenchlearnError.of(
            "sim_too_few", {"count": len(compared), "variables": ", ".join(codes)}
        )
    transformed = compared.copy()
    for variable in variables:
        if variable.log:
            column = compared[variable.code]
            bad = column[column <= 0]
            if len(bad):
                found = {
                    lang: ", ".join(f"{m} ({general(float(v), lang)})" for m, v in bad.items())
                    for lang in LANGUAGES
                }
                raise BenchlearnError.of(
                    "cmp_not_positive", {"code": variable.code, "found": found}
                )
            transformed[variable.code] = np.log(column)
    # Over the municipalities that have each figure: with complete rows, the same as before.
    spread = transformed.std(ddof=0)
    constant = [c for c in codes if not spread[c] > 0]
    if constant:
        raise BenchlearnError.of("cmp_constant", {"codes": ", ".join(constant)})
    weights = np.sqrt(np.array([v.weight for v in variables], dtype=float))
    matrix = (transformed - transformed.mean()) / spread * weights
    used_years = None if years is None else years.reindex(index=compared.index, columns=codes)
    return Standardised(matrix, compared, excluded, tuple(variables), dropped, partial, used_years)


def years_used(std: Standardised) -> dict[str, tuple[int, int]]:
    """Variable → (earliest, latest) year of the figures compared (empty when not known)."""
    if std.years is None:
        return {}
    found = {}
    for code in std.years.columns:
        column = std.years[code].dropna()
        if len(column):
            found[str(code)] = (int(column.min()), int(column.max()))
    return found


def nearest_neighbours(
    std: Standardised, k: int = 15, municipalities: Sequence[str] | None = None
) -> pd.DataFrame:
    """Each municipality's ``k`` nearest neighbours (never itself).

    Columns: ``municipality, neighbour, order, distance, similarity``.
    ``similarity`` rebases distance to 0–1 against the largest distance between
    any two municipalities compared: ``1 − distance / largest`` (1 = identical,
    0 = the most distant pair), so it reads the same for every municipality.
    Ties are broken by neighbour code. Where some municipality lacks a figure,
    distances come from :func:`partial_distances` (over the variables both
    have, rescaled); with complete figures, from the exact blocked pass below.
    """
    if not std.complete:
        return _masked_neighbours(std, k, municipalities)
    data = np.ascontiguousarray(std.matrix.to_numpy(dtype=float))
    codes = std.matrix.index.astype(str).to_numpy()
    count = len(codes)
    k = max(0, min(k, count - 1))
    if municipalities is None:
        focal = np.arange(count)
    else:
        position = pd.Index(codes).get_indexer(list(municipalities))
        if (position < 0).any():
            unknown = [m for m, p in zip(municipalities, position, strict=True) if p < 0]
            raise BenchlearnError.of("cmp_not_compared", {"codes": ", ".join(unknown)})
        focal = position
    squared = np.einsum("ij,ij->i", data, data)
    # Code order as a tie-breaker: neighbours sorted by (distance, code).
    code_rank = np.argsort(np.argsort(codes, kind="stable"), kind="stable")
    chosen = np.empty((len(focal), k), dtype=np.int64)
    distances = np.empty((len(focal), k))
    # Squared distances come out of one float32 product of augmented rows:
    # [x, |x|², 1] · [−2y, 1, |y|²] = |x − y|². Exact float64 distances are
    # recomputed for the candidates, so float32 rounding cannot reorder them.
    ones = np.ones((count, 1))
    left = np.hstack([data, squared[:, None], ones]).astype(np.float32)
    right = np.ascontiguousarray(np.hstack([-2.0 * data, ones, squared[:, None]]).T, np.float32)
    # Distances to an even sample bound each row's k-th neighbour distance from
    # above, so the full pass only compares and never has to select.
    sample = np.unique(np.linspace(0, count - 1, min(count, max(4 * k + 64, 4096))).astype(int))
    margin = 1e-3 * (1.0 + float(squared.max()))
    is_focal = np.zeros(count, dtype=bool)
    is_focal[focal] = True
    slot_of = np.full(count, -1, dtype=np.int64)
    slot_of[focal] = np.arange(len(focal))
    buffers = threading.local()

    def scan(start: int) -> float:
        """Neighbours of the focal rows in one band of rows; returns the band's largest d²."""
        largest = 0.0
        if not hasattr(buffers, "tile"):
            buffers.tile = np.empty((TILE_ROWS, TILE_COLUMNS), dtype=np.float32)
            buffers.under = np.empty((TILE_ROWS, TILE_COLUMNS), dtype=bool)
        tile, under = buffers.tile, buffers.under
        stop = min(count, start + TILE_ROWS)
        height = stop - start
        rows = np.arange(start, stop)
        tau = np.full(height, -np.inf, dtype=np.float32)
        wanted = is_focal[rows] & (k > 0)
        if wanted.any():
            picked = rows[wanted]
            bound = squared[picked, None] + squared[None, sample]
            bound -= 2.0 * (data[picked] @ data[sample].T)
            bound[picked[:, None] == sample[None, :]] = np.inf  # never itself
            tau[wanted] = np.partition(bound, k - 1, axis=1)[:, k - 1] + margin
        found_rows: list[np.ndarray] = []
        found_columns: list[np.ndarray] = []
        found_values: list[np.ndarray] = []
        for column in range(0, count, TILE_COLUMNS):
            width = min(count, column + TILE_COLUMNS) - column
            block = tile[:height, :width]
            np.matmul(left[start:stop], right[:, column : column + width], out=block)
            largest = max(largest, float(block.max()))
            if wanted.any():
                mask = under[:height, :width]
                np.less_equal(block, tau[:, None], out=mask)
                flat = np.flatnonzero(mask)
                found_rows.append(start + flat // width)
                found_columns.append(column + flat % width)
                found_values.append(block.ravel()[flat])
        if not wanted.any():
            return largest
        which = np.concatenate(found_rows)
        candidate = np.concatenate(found_columns)
        approx = np.concatenate(found_values).astype(float)
        real = which != candidate
        which, candidate, approx = which[real], candidate[real], approx[real]
        # Keep what float32 rounding could still put among the k nearest, then decide exactly.
        # One sort on a composite key (band row, then approximate d²) instead of a lexsort.
        span = float(approx.max() - approx.min()) + 1.0 if len(approx) else 1.0
        order = np.argsort((which - start) * span + (approx - approx.min(initial=0.0)))
        which, candidate, approx = which[order], candidate[order], approx[order]
        first = np.searchsorted(which, which)
        kth = approx[np.minimum(first + k - 1, len(approx) - 1)]
        close = approx <= kth + 2 * margin
        which, candidate = which[close], candidate[close]
        exact = np.sqrt(((data[which] - data[candidate]) ** 2).sum(axis=1))
        order = np.lexsort((code_rank[candidate], exact, which))
        which, candidate, exact = which[order], candidate[order], exact[order]
        first = np.searchsorted(which, which)
        position = np.arange(len(which)) - first
        keep = position < k
        slots = slot_of[which[keep]]
        chosen[slots, position[keep]] = candidate[keep]
        distances[slots, position[keep]] = exact[keep]
        return largest

    bands = range(0, count, TILE_ROWS)
    # One BLAS thread per band: BLAS's own threads would compete with the bands'.
    with threadpool_limits(limits=1, user_api="blas"), ThreadPoolExecutor(_workers()) as pool:
        largest = max(pool.map(scan, bands), default=0.0)
    largest_distance = float(np.sqrt(max(largest, 0.0)))
    similarity = (
        1.0 - distances / largest_distance if largest_distance > 0 else np.ones_like(distances)
    )
    return pd.DataFrame(
        {
            "municipality": np.repeat(codes[focal], k),
            "neighbour": codes[chosen.ravel()],
            "order": np.tile(np.arange(1, k + 1), len(focal)),
            "distance": distances.ravel(),
            # The largest distance comes from the float32 pass: six decimals are exact enough.
            "similarity": np.clip(similarity.ravel(), 0.0, 1.0).round(6),
        }
    )


def _focal_positions(codes: np.ndarray, municipalities: Sequence[str] | None) -> np.ndarray:
    if municipalities is None:
        return np.arange(len(codes))
    position = pd.Index(codes).get_indexer(list(municipalities))
    if (position < 0).any():
        unknown = [m for m, p in zip(municipalities, position, strict=True) if p < 0]
        raise BenchlearnError(f"not among the municipalities compared: {', '.join(unknown)}")
    return position


def partial_distances(left: np.ndarray, right: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Distances between the rows of two weighted z-score arrays with gaps (NaN).

    Each pair is compared over the variables both have, and the squared
    distance is rescaled by the share of the weight those variables carry:
    ``d² = (W / W_shared) · Σ_shared w·(z_a − z_b)²``, where ``W`` (``total``)
    is the weight of every variable used. This is the "partial distance
    strategy" (Dixon 1979, "Pattern recognition with partly missing data",
    IEEE Trans. Systems, Man and Cybernetics 9(10), 617–621) and the weighting
    of Gower's general coefficient (Gower 1971, Biometrics 27(4), 857–871): a
    pair compared on fewer variables is not made to look closer for it. With
    complete rows it is the plain Euclidean distance. The weight of each variable
    is ``weights`` (the columns already carry √w). A pair whose common
    variables carry less than half of the weight (:data:`MIN_COVERAGE`) is not
    compared and gets ``inf``: a city known by size, density and age is not
    matched to a municipality known by its age alone.

    ``left`` (m, variables) and ``right`` (n, variables); returns (m, n).
    Computed exactly from the differences, not from ``|a|² + |b|² − 2ab``,
    so rounding cannot reorder close pairs.
    """
    difference = left[:, None, :] - right[None, :, :]
    squared = np.nan_to_num(difference * difference, nan=0.0).sum(axis=2)
    shared = (~np.isnan(left) * weights) @ (~np.isnan(right)).T.astype(float)
    total = float(weights.sum())
    with np.errstate(divide="ignore", invalid="ignore"):
        scaled = np.where(shared >= MIN_COVERAGE * total, squared * (total / shared), np.inf)
    return np.sqrt(scaled)


def _masked_neighbours(
    std: Standardised, k: int, municipalities: Sequence[str] | None
) -> pd.DataFrame:
    """:func:`nearest_neighbours` where some figures are missing: every pair, over shared
    variables (:func:`partial_distances`), a band of rows at a time."""
    data = std.matrix.to_numpy(dtype=float)
    weights = np.array([v.weight for v in std.variables], dtype=float)
    codes = std.matrix.index.astype(str).to_numpy()
    count = len(codes)
    k = max(0, min(k, count - 1))
    focal = _focal_positions(codes, municipalities)
    code_rank = np.argsort(np.argsort(codes, kind="stable"), kind="stable")
    chosen = np.empty((len(focal), k), dtype=np.int64)
    distances = np.empty((len(focal), k))
    slot_of = np.full(count, -1, dtype=np.int64)
    slot_of[focal] = np.arange(len(focal))
    largest = 0.0
    for start in range(0, count, TILE_ROWS):
        rows = np.arange(start, min(count, start + TILE_ROWS))
        block = partial_distances(data[rows], data, weights)
        finite = block[np.isfinite(block)]
        largest = max(largest, float(finite.max(initial=0.0)))
        wanted = rows[slot_of[rows] >= 0]
        for row in wanted:
            line = block[row - start].copy()
            line[row] = np.inf  # never itself
            order = np.lexsort((code_rank, line))[:k]
            chosen[slot_of[row]] = order
            distances[slot_of[row]] = line[order]
    similarity = 1.0 - distances / largest if largest > 0 else np.ones_like(distances)
    frame = pd.DataFrame(
        {
            "municipality": np.repeat(codes[focal], k),
            "neighbour": codes[chosen.ravel()],
            "order": np.tile(np.arange(1, k + 1), len(focal)),
            "distance": distances.ravel(),
            "similarity": np.clip(similarity.ravel(), 0.0, 1.0).round(6),
        }
    )
    # Pairs with too little in common have no distance: they are no one's neighbours.
    return frame[np.isfinite(frame["distance"])].reset_index(drop=True)


def explain(std: Standardised, a: str, b: str) -> pd.DataFrame:
    """How much each variable contributes to the distance between ``a`` and ``b``.

    Columns: ``variable, value_a, value_b, z_a, z_b, weight, contribution, share``;
    contributions (weighted squared z differences) add up to the squared
    distance and shares to 1. Only the variables both have are listed; where
    that is not all of them, each contribution carries the rescaling of
    :func:`partial_distances`, so they still add up to the squared distance.
    Sorted by contribution, largest first.
    """
    z = std.matrix
    weights = np.array([v.weight for v in std.variables], dtype=float)
    root = np.sqrt(weights)
    za = z.loc[a].to_numpy(dtype=float) / root
    zb = z.loc[b].to_numpy(dtype=float) / root
    shared = ~(np.isnan(za) | np.isnan(zb))
    scale = weights.sum() / weights[shared].sum() if shared.any() else np.nan
    contribution = scale * weights * (za - zb) ** 2
    total = contribution[shared].sum()
    frame = pd.DataFrame(
        {
            "variable": [v.code for v in std.variables],
            "value_a": std.raw.loc[a].to_numpy(dtype=float),
            "value_b": std.raw.loc[b].to_numpy(dtype=float),
            "z_a": za,
            "z_b": zb,
            "weight": weights,
            "contribution": contribution,
            "share": contribution / total if total > 0 else np.zeros_like(contribution),
        }
    )[shared]
    return frame.sort_values(["contribution", "variable"], ascending=[False, True]).reset_index(
        drop=True
    )


def _labels(linkage: np.ndarray, k: int, codes: np.ndarray) -> np.ndarray:
    """Cluster numbers 1..k, largest cluster first, ties by smallest member code."""
    from scipy.cluster.hierarchy import fcluster

    raw = fcluster(linkage, t=k, criterion="maxclust")
    frame = pd.DataFrame({"raw": raw, "code": codes})
    summary = frame.groupby("raw").agg(size=("code", "size"), first=("code", "min"))
    summary = summary.sort_values(["size", "first"], ascending=[False, True])
    mapping = {raw_label: i + 1 for i, raw_label in enumerate(summary.index)}
    return np.array([mapping[r] for r in raw])


def silhouette(data: np.ndarray, labels: np.ndarray) -> float:
    """Mean silhouette width (Euclidean), as Rousseeuw defined it."""
    from scipy.spatial.distance import cdist

    distances = cdist(data, data)
    unique = np.unique(labels)
    if len(unique) < 2:
        return float("nan")
    members = labels[None, :] == unique[:, None]  # clusters × points
    sums = distances @ members.T.astype(float)  # points × clusters
    sizes = members.sum(axis=1).astype(float)
    own = np.searchsorted(unique, labels)
    own_size = sizes[own]
    a = np.where(own_size > 1, sums[np.arange(len(labels)), own] / np.maximum(own_size - 1, 1), 0.0)
    mean_other = sums / sizes[None, :]
    mean_other[np.arange(len(labels)), own] = np.inf
    b = mean_other.min(axis=1)
    s = np.where(own_size > 1, (b - a) / np.maximum(a, b), 0.0)
    return float(s.mean())


def estimate_gaps(matrix: pd.DataFrame) -> pd.DataFrame:
    """The weighted z-scores with each gap filled by its conditional mean given the others.

    For each pattern of gaps, the missing variables are regressed on the
    present ones over the complete rows, and each row's gaps take the
    prediction from its own figures (Buck 1960, "A method of estimation of
    missing values in multivariate data suitable for use with an electronic
    computer", JRSS B 22(2), 302–306). Population on 1 January and the annual
    average are nearly the same figure, so a state city without the average
    gets what its population says, not the mean of the novadi. Used for
    clusters only: Ward's method needs every figure, while nearest neighbours
    compare on the shared ones.
    """
    values = matrix.to_numpy(dtype=float).copy()
    gaps = np.isnan(values)
    whole = ~gaps.any(axis=1)
    complete = values[whole]
    patterns = pd.Series([row.tobytes() for row in gaps], dtype=object)
    for _, rows in patterns[~whole].groupby(patterns[~whole]).groups.items():
        index = np.asarray(rows)
        missing = gaps[index[0]]
        design = np.column_stack([np.ones(len(complete)), complete[:, ~missing]])
        coefficients, *_ = np.linalg.lstsq(design, complete[:, missing], rcond=None)
        own = np.column_stack([np.ones(len(index)), values[np.ix_(index, ~missing)]])
        values[np.ix_(index, missing)] = own @ coefficients
    return pd.DataFrame(values, index=matrix.index, columns=matrix.columns)


def clusters(
    std: Standardised,
    k: int | None = None,
    *,
    auto: bool = False,
    k_range: range = range(2, 11),
) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """Ward hierarchical clusters; with ``auto`` the k with the best silhouette.

    Ward's method needs every figure: a municipality with gaps
    (``std.partial``) is clustered with them estimated from its other figures
    (:func:`estimate_gaps`), so the seven state cities, which lack the annual
    average population, can still form a cluster of their own.
    Returns (``municipality, cluster``, and with ``auto`` ``k, silhouette``).
    """
    from scipy.cluster.hierarchy import linkage as ward_linkage

    whole = ~std.matrix.isna().any(axis=1)
    needed = 2 + len(std.variables) if not whole.all() else 2
    if int(whole.sum()) < needed:
        raise BenchlearnError.of(
            "sim_too_few_complete", {"count": int(whole.sum()), "needed": needed}
        )
    filled = estimate_gaps(std.matrix) if not whole.all() else std.matrix
    data = filled.to_numpy(dtype=float)
    codes = filled.index.astype(str).to_numpy()
    tree = ward_linkage(data, method="ward")
    table = None
    if auto:
        candidates = [c for c in k_range if 2 <= c < len(codes)]
        if not candidates:
            raise BenchlearnError.of("cmp_too_few_for_clusters")
        scores = [silhouette(data, _labels(tree, c, codes)) for c in candidates]
        table = pd.DataFrame({"k": candidates, "silhouette": scores})
        k = candidates[int(np.nanargmax(np.array(scores)))]
    if k is None or k < 1:
        raise BenchlearnError.of("cmp_clusters_at_least_one")
    k = min(k, len(codes))
    labels = _labels(tree, k, codes)
    frame = pd.DataFrame({"municipality": codes, "cluster": labels})
    return frame.sort_values(["cluster", "municipality"]).reset_index(drop=True), table


def compare_groupings(clusters: pd.Series, official: pd.Series) -> tuple[float, pd.DataFrame]:
    """Adjusted Rand index between two groupings, and their cross table.

    Only municipalities in both are compared. The cross table has clusters as
    rows and official groups as columns (counts).
    """
    both = pd.concat(
        [clusters.rename("cluster"), official.rename("official")], axis=1, join="inner"
    )
    table = pd.crosstab(both["cluster"], both["official"])
    return adjusted_rand_index(table.to_numpy()), table


def adjusted_rand_index(contingency: np.ndarray) -> float:
    """Hubert and Arabie's adjusted Rand index from a contingency table."""

    def pairs(x: np.ndarray) -> float:
        return float((x * (x - 1) / 2).sum())

    n = contingency.sum()
    if n < 2:
        return float("nan")
    index = pairs(contingency)
    rows = pairs(contingency.sum(axis=1))
    columns = pairs(contingency.sum(axis=0))
    expected = rows * columns / (n * (n - 1) / 2)
    maximum = (rows + columns) / 2
    if maximum == expected:
        return 1.0
    return (index - expected) / (maximum - expected)
