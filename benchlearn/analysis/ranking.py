"""Direction-aware ranking and peer statistics, vectorised over every indicator and year.

Each municipality is compared with a peer set for the same indicator and year:
either a *partition* (everyone with the same label is compared together: the
network, all municipalities, a KOSTRA group) or *pairs* (each municipality has
its own list, like CIPFA nearest neighbours; the municipality itself always
belongs to its own set).

The statistics are computed on dense matrices: one row per peer set, one column
per member (NaN-padded), sorted along the rows. Memory is rows × largest set,
for pairs (indicator-years × municipalities) × largest list.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np
import pandas as pd

from benchlearn.definitions.model import Direction
from benchlearn.frames import per_code, texts_at

MISSING_STATUSES = frozenset({"-", ".", ".."})

COLUMNS = [
    "municipality", "indicator", "year", "value", "status", "rank", "n", "n_excluded",
    "percentile", "quartile", "z", "robust_z", "peer_median", "peer_mean",
    "peer_mean_weighted", "peer_q1", "peer_q3", "peer_min", "peer_max", "best",
    "gap_to_median", "gap_to_best", "band",
]  # fmt: skip
#: Oflog's words for robust z-scores, best to worst.
BANDS = (
    "much better", "better", "slightly better", "broadly similar",
    "slightly worse", "worse", "much worse",
)  # fmt: skip


class PeerSets(Protocol):
    """Whom each municipality is compared with: exactly one of a partition and pairs.

    ``partition`` (municipality → label) compares everyone with the same label
    together; ``pairs`` (``municipality, peer``) gives each its own list. The
    registry resolves ``--peers`` into one (:class:`benchlearn.registry.peers.PeerAssignment`);
    the maths only reads it.
    """

    @property
    def partition(self) -> pd.Series | None: ...

    @property
    def pairs(self) -> pd.DataFrame | None: ...


def band_for(robust_z: float) -> str | None:
    """Oflog's band for a robust z (positive is better).

    Boundaries belong to the band nearer zero: |rz| ≤ 0.5 is broadly similar,
    0.5 < rz ≤ 1.5 slightly better, 1.5 < rz ≤ 3 better, above 3 much better,
    and the same mirrored for worse.
    """
    if robust_z != robust_z:
        return None
    size = abs(robust_z)
    if size <= 0.5:
        return "broadly similar"
    side = "better" if robust_z > 0 else "worse"
    if size <= 1.5:
        return f"slightly {side}"
    if size <= 3:
        return side
    return f"much {side}"


def bands(robust_z: np.ndarray) -> np.ndarray:
    """Vectorised :func:`band_for` (None where robust_z is NaN)."""
    return np.array([*BANDS, None], dtype=object)[_band_index(robust_z)]


def _band_index(robust_z: np.ndarray) -> np.ndarray:
    """Each robust z's place in :data:`BANDS` (:func:`band_for`); ``len(BANDS)`` for NaN."""
    size = np.abs(robust_z)
    with np.errstate(invalid="ignore"):
        # Away from "broadly similar" (3): towards 0 for better, towards 6 for worse.
        steps = (size > 0.5).astype(np.int64) + (size > 1.5) + (size > 3)
    index = np.where(robust_z > 0, 3 - steps, 3 + steps)
    return np.where(np.isnan(robust_z), len(BANDS), index)


def _band_column(robust_z: np.ndarray) -> pd.api.extensions.ExtensionArray | np.ndarray:
    """:func:`bands` as the text column a DataFrame makes of it, without a Python string per
    row (an object array of None where there is no band at all, as a DataFrame keeps it)."""
    index = _band_index(robust_z)
    missing = index == len(BANDS)
    if missing.all():
        return np.full(len(index), None, dtype=object)
    return texts_at(BANDS, np.where(missing, -1, index))


def _slots(group: np.ndarray) -> tuple[np.ndarray, np.ndarray, int]:
    """Each row's column within its group, the group sizes, and the widest group."""
    order = np.argsort(group, kind="stable")
    counts = np.bincount(group)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    slot = np.empty(len(group), dtype=np.int64)
    slot[order] = np.arange(len(group)) - starts[group[order]]
    return slot, counts, int(counts.max()) if len(counts) else 0


def _dense(group: np.ndarray, slot: np.ndarray, width: int, values: np.ndarray) -> np.ndarray:
    groups = int(group.max()) + 1 if len(group) else 0
    matrix = np.full((groups, max(width, 1)), np.nan)
    matrix[group, slot] = values
    return matrix


def _min_ranks_sorted(keys_sorted: np.ndarray) -> np.ndarray:
    """1-based competition ranks of rows already sorted ascending (NaN last)."""
    columns = np.arange(keys_sorted.shape[1])
    new_run = np.ones(keys_sorted.shape, dtype=bool)
    new_run[:, 1:] = keys_sorted[:, 1:] != keys_sorted[:, :-1]
    starts = np.where(new_run, columns, 0)
    return np.maximum.accumulate(starts, axis=1) + 1


def rank_within(
    partition_ids: np.ndarray, values: np.ndarray, descending: np.ndarray | bool
) -> np.ndarray:
    """Competition ranks ("min" ties) within each partition; 0 where the value is NaN.

    ``descending`` (per row or for all) makes the largest value rank 1.
    """
    partition_ids = np.asarray(partition_ids, dtype=np.int64)
    keys = np.where(descending, -values, values).astype(float)
    slot, _, width = _slots(partition_ids)
    matrix = _dense(partition_ids, slot, width, keys)
    order = np.argsort(matrix, axis=1, kind="stable")
    ranks_sorted = _min_ranks_sorted(np.take_along_axis(matrix, order, axis=1))
    ranks = np.empty_like(ranks_sorted)
    np.put_along_axis(ranks, order, ranks_sorted, axis=1)
    out = ranks[partition_ids, slot]
    out[np.isnan(keys)] = 0
    return out


@dataclass(frozen=True)
class _Stats:
    """Per-set statistics over the usable values of each row of a matrix."""

    n: np.ndarray
    mean: np.ndarray
    std: np.ndarray
    median: np.ndarray
    q1: np.ndarray
    q3: np.ndarray
    low: np.ndarray
    high: np.ndarray
    mad: np.ndarray
    weighted: np.ndarray


def _quantile_sorted(sorted_rows: np.ndarray, n: np.ndarray, q: float) -> np.ndarray:
    """Linear-interpolation quantile of each row's first n (sorted) values."""
    position = (n - 1) * q
    lower = np.floor(position).astype(np.int64).clip(min=0)
    upper = np.ceil(position).astype(np.int64).clip(min=0)
    rows = np.arange(len(n))
    low_values = sorted_rows[rows, lower]
    high_values = sorted_rows[rows, upper]
    result = low_values + (position - lower) * (high_values - low_values)
    return np.where(n > 0, result, np.nan)


def _statistics(matrix: np.ndarray, weights: np.ndarray | None) -> _Stats:
    """Statistics of each row of a NaN-padded matrix."""
    with np.errstate(invalid="ignore", divide="ignore"):
        present = ~np.isnan(matrix)
        n = present.sum(axis=1)
        total = np.where(present, matrix, 0.0).sum(axis=1)
        mean = np.where(n > 0, total / np.maximum(n, 1), np.nan)
        squares = np.where(present, (matrix - mean[:, None]) ** 2, 0.0).sum(axis=1)
        std = np.where(n > 0, np.sqrt(squares / np.maximum(n, 1)), np.nan)
        ordered = np.sort(matrix, axis=1)
        median = _quantile_sorted(ordered, n, 0.5)
        deviations = np.sort(np.abs(matrix - median[:, None]), axis=1)
        mad = _quantile_sorted(deviations, n, 0.5)
        rows = np.arange(len(n))
        low = np.where(n > 0, ordered[:, 0], np.nan)
        high = np.where(n > 0, ordered[rows, np.maximum(n - 1, 0)], np.nan)
        if weights is None:
            weighted = np.full(len(n), np.nan)
        else:
            usable = present & ~np.isnan(weights)
            weight_sum = np.where(usable, weights, 0.0).sum(axis=1)
            weighted_sum = np.where(usable, matrix * weights, 0.0).sum(axis=1)
            weighted = np.where(weight_sum > 0, weighted_sum / weight_sum, np.nan)
    return _Stats(
        n=n,
        mean=mean,
        std=std,
        median=median,
        q1=_quantile_sorted(ordered, n, 0.25),
        q3=_quantile_sorted(ordered, n, 0.75),
        low=low,
        high=high,
        mad=mad,
        weighted=weighted,
    )


def rank_observations(
    values: pd.DataFrame,
    directions: Mapping[str, Direction],
    peers: PeerSets,
    *,
    population: pd.DataFrame | None = None,
    width: int = 0,
) -> pd.DataFrame:
    """Rank every row among its peers and describe the peer set.

    ``values`` has columns ``municipality, indicator, year, value, status``;
    ``population`` (optional) ``municipality, year, value`` for the weighted
    peer mean. Returns one row per input row with the columns of
    :data:`COLUMNS` and ``peer_mad``:

    * ``rank``: 1 is the best for ``higher`` and ``lower`` indicators alike,
      ties share the lowest rank; none for ``neutral`` or unusable values;
    * ``n``: peers (itself included) with a usable value; ``n_excluded``: peers
      with a row whose value is missing, not applicable or confidential;
    * ``percentile`` ``100 * (n - rank) / (n - 1)`` (100 when n is 1), 100 best;
      ``quartile`` 1 = best quarter: ``1 + min(3, floor((100 − percentile) / 25))``,
      so with any n the best value is in quarter 1 and the worst in quarter 4;
    * ``z``: (value − mean) / population standard deviation, not sign-flipped;
    * ``robust_z``: (value − median) / unscaled MAD, flipped for ``lower`` so
      positive is better; empty where the MAD is 0; ``band`` words it;
      ``peer_mad`` is that MAD, the unit learning partners' gaps are measured in;
    * ``best``: the best peer value; ``gap_to_median`` value − median;
      ``gap_to_best`` |best − value| (0 for the best).

    A confidential value (status ``..``) is never shown: ``value`` is empty.

    ``width``: rows ranked in pieces (a few indicators at a time) give the numbers
    of ranking them all at once when it is :func:`partition_width` of them all:
    a peer set's sums are taken over a row padded to the largest set, and the
    padding decides how numpy pairs the terms, so the last digit of a mean can
    depend on it.
    """
    frame = values[["municipality", "indicator", "year", "value", "status"]].reset_index(drop=True)
    status = frame["status"].astype(object).where(frame["status"].notna(), None)
    raw = frame["value"].to_numpy(dtype=float)
    usable_mask = ~status.isin(list(MISSING_STATUSES)).to_numpy() & ~np.isnan(raw)
    value = np.where(usable_mask, raw, np.nan)
    direction = per_code(frame["indicator"], directions, "neutral")
    weights_by_row = _population(frame, population)
    if peers.partition is not None:
        stats, ranks, n_rows = _partition_stats(
            frame, value, direction, peers.partition, weights_by_row, width
        )
    else:
        assert peers.pairs is not None
        stats, ranks, n_rows = _pair_stats(frame, value, direction, peers.pairs, population)
    shown = np.where(status.to_numpy(dtype=object) == "..", np.nan, raw)
    ranked = usable_mask & (direction != "neutral") & (stats.n > 0)
    n = stats.n
    with np.errstate(invalid="ignore", divide="ignore"):
        rank = np.where(ranked, ranks, np.nan)
        percentile = np.where(n > 1, 100 * (n - rank) / (n - 1), 100.0)
        percentile = np.where(ranked, percentile, np.nan)
        # Quarters of the percentile scale, so the best is always in 1 and the worst in 4.
        quartile = np.where(ranked, 1 + np.minimum(3, np.floor((100 - percentile) / 25)), np.nan)
        z = np.where(
            usable_mask & (stats.std > 0) & (n >= 2), (value - stats.mean) / stats.std, np.nan
        )
        sign = np.where(direction == "lower", -1.0, 1.0)
        robust = np.where(
            usable_mask & (stats.mad > 0), sign * (value - stats.median) / stats.mad, np.nan
        )
    best = np.where(
        direction == "higher", stats.high, np.where(direction == "lower", stats.low, np.nan)
    )
    band = _band_column(np.where(direction == "neutral", np.nan, robust))
    out = pd.DataFrame(
        {
            "municipality": frame["municipality"],
            "indicator": frame["indicator"],
            "year": frame["year"],
            "value": shown,
            "status": status,
            "rank": pd.array(rank, dtype="Float64").astype("Int64"),
            "n": pd.array(n, dtype="Int64"),
            "n_excluded": pd.array(n_rows - n, dtype="Int64"),
            "percentile": percentile,
            "quartile": pd.array(quartile, dtype="Float64").astype("Int64"),
            "z": z,
            "robust_z": robust,
            "peer_median": stats.median,
            "peer_mean": stats.mean,
            "peer_mean_weighted": stats.weighted,
            "peer_q1": stats.q1,
            "peer_q3": stats.q3,
            "peer_min": stats.low,
            "peer_max": stats.high,
            "best": best,
            "gap_to_median": np.where(usable_mask, value - stats.median, np.nan),
            "gap_to_best": np.where(usable_mask & ~np.isnan(best), np.abs(best - value), np.nan),
            "band": band,
            "peer_mad": stats.mad,
        }
    )
    return out[[*COLUMNS, "peer_mad"]]


def reference_statistics(values: pd.DataFrame) -> pd.DataFrame:
    """The median and unscaled MAD of every indicator and year over all the usable rows given
    (every unit with data, not only a network's members: the ``all`` comparator).

    ``values`` has ``municipality, indicator, year, value, status``. Columns:
    ``indicator, year, median, mad``.
    """
    usable = values[values["status"].isna() & values["value"].notna()]
    usable = usable.assign(value=usable["value"].astype(float))
    grouped = usable.groupby(["indicator", "year"])["value"]
    median = grouped.median().rename("median")
    spread = usable.merge(median.reset_index(), on=["indicator", "year"])
    spread["deviation"] = (spread["value"] - spread["median"]).abs()
    mad = spread.groupby(["indicator", "year"])["deviation"].median().rename("mad")
    return pd.concat([median, mad], axis=1).reset_index()


def against_reference(
    ranked: pd.DataFrame, reference: pd.DataFrame, directions: Mapping[str, Direction]
) -> pd.DataFrame:
    """Ranked rows with ``robust_z`` and ``band`` measured from a reference instead of the
    peers: (value − reference median) / reference MAD, flipped for ``lower``, with the same
    bands as :func:`rank_observations`. Returns the rows with ``reference_median`` added
    (NaN for an indicator-year the reference lacks, whose z and band are then empty)."""
    keys = pd.MultiIndex.from_arrays([ranked["indicator"], ranked["year"]])
    table = reference.set_index(["indicator", "year"])
    median = table["median"].reindex(keys).to_numpy(dtype=float)
    mad = table["mad"].reindex(keys).to_numpy(dtype=float)
    value = ranked["value"].to_numpy(dtype=float)
    direction = ranked["indicator"].map(dict(directions)).fillna("neutral").to_numpy(dtype=object)
    sign = np.where(direction == "lower", -1.0, 1.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        robust = np.where(mad > 0, sign * (value - median) / mad, np.nan)
    out = ranked.copy()
    out["robust_z"] = robust
    out["band"] = bands(np.where(direction == "neutral", np.nan, robust))
    out["reference_median"] = median
    return out


def _population(frame: pd.DataFrame, population: pd.DataFrame | None) -> np.ndarray | None:
    if population is None:
        return None
    lookup = population.drop_duplicates(["municipality", "year"]).set_index(
        ["municipality", "year"]
    )["value"]
    keys = pd.MultiIndex.from_arrays([frame["municipality"], frame["year"]])
    return lookup.reindex(keys).to_numpy(dtype=float)


def _partition_stats(
    frame: pd.DataFrame,
    value: np.ndarray,
    direction: np.ndarray,
    partition: pd.Series,
    weights: np.ndarray | None,
    least_width: int = 0,
) -> tuple[_Stats, np.ndarray, np.ndarray]:
    """Statistics, ranks and set sizes for partitioned peers (matrices at least
    ``least_width`` wide)."""
    group, compared = _partition_groups(frame, partition)
    n_groups = int(group.max()) + 1
    stats_rows = _empty_stats(len(frame))
    ranks = np.zeros(len(frame))
    n_rows = np.zeros(len(frame), dtype=np.int64)
    if n_groups == 0:
        return stats_rows, ranks, n_rows
    idx = np.flatnonzero(compared)
    g = group[idx]
    slot, counts, width = _slots(g)
    width = max(width, least_width)
    matrix = _dense(g, slot, width, value[idx])
    weight_matrix = None if weights is None else _dense(g, slot, width, weights[idx])
    stats = _statistics(matrix, weight_matrix)
    descending = direction[idx] == "higher"
    ranks[idx] = rank_within(g, value[idx], descending)
    n_rows[idx] = counts[g]
    for name in _Stats.__dataclass_fields__:
        getattr(stats_rows, name)[idx] = getattr(stats, name)[g]
    return stats_rows, ranks, n_rows


def partition_width(values: pd.DataFrame, peers: PeerSets) -> int:
    """The largest peer set of a partition among ``values`` (rows with ``municipality,
    indicator, year``): the ``width`` that ranks pieces of them as :func:`rank_observations`
    ranks them all (0 for peers in pairs, whose width does not depend on the rows)."""
    if peers.partition is None:
        return 0
    group, compared = _partition_groups(values, peers.partition)
    return int(np.bincount(group[compared]).max()) if compared.any() else 0


def _partition_groups(frame: pd.DataFrame, partition: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Each row's peer set as a number (indicator, year and label; -1 outside the partition).

    Every part is factorised on its own and the codes combined into one integer:
    factorising (indicator, year, label) tuples would build a Python object per row.
    """
    places, municipalities = pd.factorize(frame["municipality"])
    label_of, _ = pd.factorize(pd.Index(municipalities).map(partition))  # -1 outside it
    labels = label_of[places]
    compared = labels >= 0
    group = np.full(len(frame), -1, dtype=np.int64)
    if compared.any():
        key = labels[compared].astype(np.int64)
        everyone = bool(compared.all())  # then no copy of the columns
        for part in (frame["indicator"], frame["year"]):
            codes, uniques = pd.factorize(part if everyone else part[compared])
            key = key * len(uniques) + codes
        group[compared] = pd.factorize(key)[0]
    return group, compared


@dataclass(frozen=True)
class _PairGrid:
    """Per-municipality peer lists laid out for gathering: each row's peers' cells in a grid.

    ``grid(values)`` puts a row-aligned array into slices (indicator, year) ×
    places; ``gather(grid)`` returns, for every row, its peer set's cells
    (rows × largest list, NaN beyond a short list). The municipality itself
    is always the first of its own set.
    """

    places: pd.Index
    slice_id: np.ndarray
    slice_keys: pd.Index
    row_place: np.ndarray
    valid: np.ndarray  # rows × width: a peer in that slot
    columns: np.ndarray  # rows × width: the peer's place

    @classmethod
    def build(cls, frame: pd.DataFrame, pairs: pd.DataFrame) -> _PairGrid:
        places = pd.Index(
            sorted(set(frame["municipality"]) | set(pairs["municipality"]) | set(pairs["peer"]))
        )
        focal_pos = places.get_indexer(pairs["municipality"])
        peer_pos = places.get_indexer(pairs["peer"])
        keep = focal_pos != peer_pos
        members = pd.DataFrame({"focal": focal_pos[keep], "peer": peer_pos[keep]})
        members = members.drop_duplicates()
        own = pd.DataFrame({"focal": np.arange(len(places)), "peer": np.arange(len(places))})
        members = pd.concat([own, members], ignore_index=True)  # itself first
        slot, _, width = _slots(members["focal"].to_numpy())
        peer_index = np.full((len(places), width), -1, dtype=np.int64)
        peer_index[members["focal"].to_numpy(), slot] = members["peer"].to_numpy()
        slice_id, slice_keys = pd.factorize(
            pd.MultiIndex.from_arrays([frame["indicator"], frame["year"]])
        )
        row_place = places.get_indexer(frame["municipality"])
        valid = (peer_index >= 0)[row_place]
        columns = np.where(valid, peer_index[row_place], 0)
        return cls(places, slice_id, slice_keys, row_place, valid, columns)

    def grid(self, values: np.ndarray, fill: float | bool = np.nan) -> np.ndarray:
        out = np.full(
            (len(self.slice_keys), len(self.places)), fill, dtype=np.asarray(values).dtype
        )
        out[self.slice_id, self.row_place] = values
        return out

    def gather(self, grid: np.ndarray, fill: float | bool = np.nan) -> np.ndarray:
        return np.where(self.valid, grid[self.slice_id[:, None], self.columns], fill)


def peer_totals(
    frame: pd.DataFrame, columns: Sequence[np.ndarray], peers: PeerSets
) -> list[np.ndarray]:
    """Each row's sums of ``columns`` over its peer set, itself included (NaN counts as nothing).

    ``frame`` has ``municipality, indicator, year``, one row per value, and
    ``columns`` are arrays aligned with it. This pools counts the way
    Fingertips compares an area with England: Σ numerators / Σ denominators
    of the peers. Rows outside a partition get NaN.
    """
    arrays = [np.nan_to_num(np.asarray(c, dtype=float)) for c in columns]
    if peers.partition is not None:
        group, compared = _partition_groups(frame, peers.partition)
        sums = []
        for array in arrays:
            out = np.full(len(frame), np.nan)
            if compared.any():
                totals = np.bincount(group[compared], weights=array[compared])
                out[compared] = totals[group[compared]]
            sums.append(out)
        return sums
    assert peers.pairs is not None
    layout = _PairGrid.build(frame, peers.pairs)
    return [layout.gather(layout.grid(array), 0.0).sum(axis=1) for array in arrays]


def _empty_stats(size: int) -> _Stats:
    return _Stats(
        n=np.zeros(size, dtype=np.int64),
        **{k: np.full(size, np.nan) for k in _Stats.__dataclass_fields__ if k != "n"},
    )


def _pair_stats(
    frame: pd.DataFrame,
    value: np.ndarray,
    direction: np.ndarray,
    pairs: pd.DataFrame,
    population: pd.DataFrame | None,
) -> tuple[_Stats, np.ndarray, np.ndarray]:
    """Statistics for per-municipality peer lists, gathered as rows × largest list."""
    layout = _PairGrid.build(frame, pairs)
    matrix = layout.gather(layout.grid(value))
    rows_present = layout.gather(layout.grid(np.ones(len(frame), dtype=bool), False), False).sum(
        axis=1
    )
    weights = None
    if population is not None:
        years = np.asarray(layout.slice_keys.get_level_values(1))
        lookup = population.drop_duplicates(["municipality", "year"]).pivot(
            index="year", columns="municipality", values="value"
        )
        lookup = lookup.reindex(index=years, columns=layout.places)
        weights = layout.gather(lookup.to_numpy(dtype=float))
    stats = _statistics(matrix, weights)
    keys = np.where(direction == "higher", -value, value)
    peer_keys = np.where(direction[:, None] == "higher", -matrix, matrix)
    with np.errstate(invalid="ignore"):
        better = (peer_keys < keys[:, None]).sum(axis=1)
    ranks = np.where(np.isnan(value), 0, better + 1).astype(float)
    return stats, ranks, rows_present
