"""Joint confidence sets for ranks (Klein, Wright & Wieczorek 2020, JRSS-C 69(3):589-606).

A rank computed from estimates with sampling error is itself uncertain, and
reading "12th of 51" as exact invites decisions the data cannot carry. Klein,
Wright & Wieczorek give, for every unit at once, the set of ranks it could hold:
with each value's interval at the independence-adjusted level (1 − α)^(1/n)
over the n units ranked, all n intervals cover their true values together with
probability at least 1 − α, and then unit i's true rank lies in

    1 + #{j: hi_j < lo_i}  …  n − #{j: lo_j > hi_i}

for every i simultaneously (rank 1 being the lowest value). Only units
confidently below i push its lowest possible rank up; only those confidently
above push its highest possible rank down.

benchlearn ranks 1 = best, so an indicator where higher is better is ranked on
its negated values (the intervals flipped with it). A value without a standard
error has no interval: its own set stays empty rather than invented, and it
counts for the others as a unit that could be anywhere, so their sets stay
honest (wider). Everything is vectorised over peer sets (``groups``), as
:func:`benchlearn.analysis.ranking.rank_within` is.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike

from benchlearn.definitions.model import DIRECTIONS, Direction

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class RankSets:
    """Each unit's joint confidence set for its rank, row for row with the input.

    ``low`` and ``high`` are 1-based ranks (1 = best), 0 where the unit has no
    set (not ranked, a neutral indicator, or no interval); ``n`` the units
    ranked in the unit's group (0 where it is not ranked); ``level`` the
    confidence in percent of each single interval, (1 − α)^(1/n) (NaN where
    the unit is not ranked or the intervals were given).
    """

    low: np.ndarray
    high: np.ndarray
    n: np.ndarray
    level: np.ndarray

    def columns(self) -> pd.DataFrame:
        """``rank_low, rank_high`` as nullable integers, empty (not 0) where there is no
        set, the way a ranking table shows them."""
        import pandas as pd

        missing = self.low == 0
        return pd.DataFrame(
            {
                "rank_low": pd.arrays.IntegerArray(self.low.astype(np.int64), missing),
                "rank_high": pd.arrays.IntegerArray(self.high.astype(np.int64), missing.copy()),
            }
        )


def independence_level(confidence: float, n: int) -> float:
    """The level in percent of each of n independent intervals that cover jointly at
    ``confidence`` percent: 100·(confidence/100)^(1/n) (90 over 51 units → 99.79)."""
    if not 0.0 < confidence < 100.0:
        raise ValueError(f"confidence must be a percentage between 0 and 100, not {confidence}")
    if n < 1:
        raise ValueError(f"n must be at least 1, not {n}")
    return float(100.0 * (confidence / 100.0) ** (1.0 / n))


def rank_sets(
    values: ArrayLike,
    se: ArrayLike,
    *,
    direction: Direction | ArrayLike,
    confidence: float = 95.0,
    groups: ArrayLike | None = None,
) -> RankSets:
    """Klein, Wright & Wieczorek's rank sets at ``confidence`` percent from values and
    their standard errors, each value's interval value ± z·se with z the two-sided
    normal quantile at :func:`independence_level` over the units ranked in its group.

    ``direction`` (one for all, or one per row) is ``higher`` (rank 1 = largest),
    ``lower`` (rank 1 = smallest) or ``neutral`` (nothing ranked). A NaN value is
    not ranked, as in :func:`~benchlearn.analysis.ranking.rank_within`; a NaN
    standard error leaves the unit ranked but without a set of its own. An
    infinite standard error is an interval over everything; a negative one is
    an error. ``groups`` (integers, default one group) are peer sets ranked apart.
    """
    from scipy import special

    value = np.asarray(values, dtype=float)
    error = np.asarray(se, dtype=float)
    if value.shape != error.shape or value.ndim != 1:
        raise ValueError("values and se must be one-dimensional and of the same length")
    if np.any(error < 0):
        raise ValueError("a standard error cannot be negative")
    if not 0.0 < confidence < 100.0:
        raise ValueError(f"confidence must be a percentage between 0 and 100, not {confidence}")
    group = _groups(groups, len(value))
    ranked = ~np.isnan(value) & _ranked_direction(direction, len(value))
    n_per_group = np.bincount(group[ranked], minlength=int(group.max(initial=-1)) + 1)
    n = np.where(ranked, n_per_group[group] if len(group) else 0, 0)
    level = np.where(ranked, 100.0 * (confidence / 100.0) ** (1.0 / np.maximum(n, 1)), np.nan)
    with np.errstate(invalid="ignore"):
        z = special.ndtri(0.5 + level / 200.0)
        low = value - z * error
        high = value + z * error
    known = ranked & ~np.isnan(low) & ~np.isnan(high)
    low, high = _oriented(low, high, direction, len(value))
    return _count(group, ranked, known, low, high, n, level)


def rank_sets_of_intervals(
    low: ArrayLike,
    high: ArrayLike,
    *,
    direction: Direction | ArrayLike,
    groups: ArrayLike | None = None,
) -> RankSets:
    """The rank sets from intervals already at the level the joint statement needs
    (for instance published ones); a row whose bound is NaN is not ranked.

    The sets are only as joint as the intervals: pass intervals whose joint
    coverage is the confidence you mean to state.
    """
    lows = np.asarray(low, dtype=float)
    highs = np.asarray(high, dtype=float)
    if lows.shape != highs.shape or lows.ndim != 1:
        raise ValueError("low and high must be one-dimensional and of the same length")
    with np.errstate(invalid="ignore"):
        if np.any(lows > highs):
            raise ValueError("an interval's low bound cannot exceed its high bound")
    group = _groups(groups, len(lows))
    ranked = ~np.isnan(lows) & ~np.isnan(highs) & _ranked_direction(direction, len(lows))
    n_per_group = np.bincount(group[ranked], minlength=int(group.max(initial=-1)) + 1)
    n = np.where(ranked, n_per_group[group] if len(group) else 0, 0)
    lows, highs = _oriented(lows, highs, direction, len(lows))
    return _count(group, ranked, ranked, lows, highs, n, np.full(len(lows), np.nan))


def _groups(groups: ArrayLike | None, size: int) -> np.ndarray:
    if groups is None:
        return np.zeros(size, dtype=np.int64)
    group = np.asarray(groups, dtype=np.int64)
    if group.shape != (size,) or np.any(group < 0):
        raise ValueError("groups must be one non-negative integer per row")
    return group


def _directions(direction: Direction | ArrayLike, size: int) -> np.ndarray:
    chosen = np.broadcast_to(np.asarray(direction, dtype=object), (size,))
    unknown = set(chosen.tolist()) - set(DIRECTIONS)
    if unknown:
        raise ValueError(f"direction must be one of {DIRECTIONS}, not {sorted(unknown)}")
    return chosen


def _ranked_direction(direction: Direction | ArrayLike, size: int) -> np.ndarray:
    return np.asarray(_directions(direction, size) != "neutral", dtype=bool)


def _oriented(
    low: np.ndarray, high: np.ndarray, direction: Direction | ArrayLike, size: int
) -> tuple[np.ndarray, np.ndarray]:
    """Intervals on the scale where smaller is better: negated and swapped for ``higher``."""
    flip = np.asarray(_directions(direction, size) == "higher", dtype=bool)
    return np.where(flip, -high, low), np.where(flip, -low, high)


def _count(
    group: np.ndarray,
    ranked: np.ndarray,
    known: np.ndarray,
    low: np.ndarray,
    high: np.ndarray,
    n: np.ndarray,
    level: np.ndarray,
) -> RankSets:
    """Count, per unit, the units of its group confidently below and above it.

    Every bound becomes an exact integer code (its place among all bounds), and
    the code is offset by the group, so one sorted array and two binary searches
    count for all groups at once without comparing floats approximately. A
    ranked unit without an interval spans everything (−∞, ∞) for the others.
    """
    low = np.where(known, low, -np.inf)[ranked]
    high = np.where(known, high, np.inf)[ranked]
    where = group[ranked]
    codes = np.unique(np.concatenate([low, high]), return_inverse=True)[1].reshape(-1)
    width = len(codes) + 1
    low_key = where * width + codes[: len(low)]
    high_key = where * width + codes[len(low) :]
    sorted_low = np.sort(low_key)
    sorted_high = np.sort(high_key)
    start = where * width
    below = np.searchsorted(sorted_high, low_key, "left") - np.searchsorted(
        sorted_high, start, "left"
    )
    above = np.searchsorted(sorted_low, start + width, "left") - np.searchsorted(
        sorted_low, high_key, "right"
    )
    size = len(group)
    out_low = np.zeros(size, dtype=np.int64)
    out_high = np.zeros(size, dtype=np.int64)
    out_low[ranked] = 1 + below
    out_high[ranked] = n[ranked] - above
    missing = ~known
    out_low[missing] = 0
    out_high[missing] = 0
    return RankSets(low=out_low, high=out_high, n=n.astype(np.int64), level=level)


#: The columns :func:`rank_set_columns` adds to a ranking.
SET_COLUMNS = ["rank_low", "rank_high"]


def rank_set_columns(
    ranked: pd.DataFrame,
    errors: pd.DataFrame,
    partition: pd.Series | None,
    directions: Mapping[str, Direction],
    confidence: float,
) -> pd.DataFrame:
    """:data:`SET_COLUMNS` for the rows of a ranking, row for row: each ranked value's rank
    set among its peers at ``confidence`` percent, from the standard errors ``errors``.

    ``ranked`` has ``municipality, indicator, value, rank`` (rank empty where the row
    is not ranked); ``errors`` ``municipality, indicator, se`` (only the values that
    have one); ``partition`` (municipality → peer-set label, as
    :class:`~benchlearn.analysis.ranking.PeerSets` has it) ranks each label apart. The
    sets need peer sets that split the units: with each unit's own list of peers
    (``partition`` None) no joint statement over one set of units exists, and the
    columns stay empty, as they do for a value without a standard error.
    """
    import pandas as pd

    rows = len(ranked)
    if partition is None or errors.empty or rows == 0:
        return RankSets(*(np.zeros(rows, dtype=np.int64),) * 3, np.full(rows, np.nan)).columns()
    keys = ["municipality", "indicator"]
    se = ranked[keys].merge(errors[[*keys, "se"]], on=keys, how="left")["se"].to_numpy(float)
    label = ranked["municipality"].map(partition)
    groups = pd.MultiIndex.from_arrays([ranked["indicator"], label.fillna("")]).factorize()[0]
    value = np.where(ranked["rank"].notna().to_numpy(), ranked["value"].to_numpy(float), np.nan)
    direction = ranked["indicator"].map(dict(directions)).fillna("neutral").to_numpy(object)
    value = np.where(label.notna().to_numpy(), value, np.nan)
    found = rank_sets(value, se, direction=direction, confidence=confidence, groups=groups)
    return found.columns()


def ranks_with_sets(table: pd.DataFrame) -> pd.DataFrame | None:
    """A ranking as a table shows it when some value has a rank set: ``rank`` written
    "3 (2–9)" (the rank alone where there is no set), without ``rank_low, rank_high``, and
    sorted by indicator and rank (unranked rows last), since the sets read down the
    ranks; None when no row has a set, so the table stays as it was."""
    if "rank_low" not in table or not table["rank_low"].notna().any():
        return None
    rank, low, high = (table[c].astype("Int64") for c in ("rank", *SET_COLUMNS))
    text = rank.astype(str).where(rank.notna(), "")
    with_set = rank.notna() & low.notna()
    text = text.where(~with_set, text + " (" + low.astype(str) + "\u2013" + high.astype(str) + ")")
    shown = table.drop(columns=SET_COLUMNS).assign(rank=text, _order=rank)
    shown = shown.sort_values(["indicator", "_order"], kind="stable", na_position="last")
    return shown.drop(columns="_order").reset_index(drop=True)
