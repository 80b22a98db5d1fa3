"""Fair comparisons on tables: each row's intervals, its peers' pooled value, significance, funnels.

:mod:`.statistics` holds the formulas on arrays; this module applies them to
the long tables the comparisons pass around, with the same peer sets as the
ranking. A municipality is compared with the pooled value of its peers (Σ
numerators / Σ denominators × multiplier, itself included), as Fingertips
compares an area with England. Counts that are missing, confidential or
suppressed make no interval, take no part in a pooled value (which could
otherwise give them away by difference) and leave the row "not compared".
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from benchlearn.analysis.ranking import PeerSets, peer_totals
from benchlearn.analysis.statistics import (
    Statistic,
    funnel_class,
    funnel_limits,
    limits,
    overdispersion,
    significance,
)
from benchlearn.definitions.model import Direction

#: What :func:`compare_counts` adds to each ranked row (empty for indicators without counts).
COLUMNS = [
    "numerator", "denominator", "ci95_low", "ci95_high", "ci998_low", "ci998_high",
    "comparator", "significance",
]  # fmt: skip
FUNNEL_COLUMNS = [
    "municipality", "numerator", "denominator", "value", "target",
    "low95", "high95", "low998", "high998", "funnel",
]  # fmt: skip


@dataclass(frozen=True)
class Counted:
    """How an indicator's value comes from its counts, as its definition declares."""

    statistic: Statistic
    multiplier: float
    direction: Direction


def compare_counts(
    rows: pd.DataFrame,
    counted: Mapping[str, Counted],
    peers: PeerSets,
    *,
    confidence: float = 95.0,
    targets: np.ndarray | None = None,
) -> pd.DataFrame:
    """Intervals, the comparator and significance for every row with counts.

    ``rows``: ``municipality, indicator, year, value, numerator, denominator``
    (counts NaN where missing, confidential or suppressed), one per ranked
    value. ``targets`` (aligned with ``rows``) is the value each row is judged
    against where it is not NaN (the members' median, say); elsewhere, and
    without it, the peers' pooled value. Returns :data:`COLUMNS` aligned with
    ``rows``: both intervals in the indicator's unit, the ``comparator`` and the
    ``significance`` at ``confidence`` (90, 95 or 99.8): an interval wholly above or
    below the comparator; all empty for an indicator not in ``counted``.
    """
    rows = rows.reset_index(drop=True)
    size = len(rows)
    empty = np.full(size, np.nan)
    # Arrays of their own, handed to the frame without a copy (copying 1.7 M rows costs).
    columns: dict[str, np.ndarray] = {name: empty.copy() for name in COLUMNS[:-1]}
    columns["significance"] = np.full(size, None, dtype=object)
    if rows.empty or not counted:
        return pd.DataFrame(columns, columns=COLUMNS, copy=False)
    # Per indicator once, then to every row through its code: no per-row dictionary lookups.
    code, indicators = pd.factorize(rows["indicator"])
    specs = [counted.get(str(c)) for c in indicators]
    has = np.array([s is not None for s in specs])[code]
    multiplier = np.array([np.nan if s is None else s.multiplier for s in specs])[code]
    direction = np.array([s.direction if s else "neutral" for s in specs], dtype=object)[code]
    statistic = np.array([s.statistic if s else "" for s in specs], dtype=object)[code]
    numerator = rows["numerator"].to_numpy(dtype=float)
    denominator = rows["denominator"].to_numpy(dtype=float)
    usable = has & ~np.isnan(numerator) & (denominator > 0)
    counts = np.where(usable, numerator, np.nan)
    pooled = peer_totals(rows, [counts, np.where(usable, denominator, np.nan)], peers)
    with np.errstate(invalid="ignore", divide="ignore"):
        comparator = np.where(has & (pooled[1] > 0), pooled[0] / pooled[1] * multiplier, np.nan)
    if targets is not None:
        given = np.asarray(targets, dtype=float)
        comparator = np.where(has & ~np.isnan(given), given, comparator)
    columns["numerator"] = counts
    columns["denominator"] = np.where(has, denominator, np.nan)
    columns["comparator"] = comparator

    def bounds(level: float) -> tuple[np.ndarray, np.ndarray]:
        low, high = empty.copy(), empty.copy()
        for kind in ("proportion", "rate"):
            which = has & (statistic == kind)
            if which.any():
                low[which], high[which] = limits(
                    kind, counts[which], denominator[which], multiplier[which], level
                )
        return low, high

    columns["ci95_low"], columns["ci95_high"] = bounds(95.0)
    columns["ci998_low"], columns["ci998_high"] = bounds(99.8)
    # Judged at the level asked for: at 90 % the shown intervals are not the one judged.
    shown = {95.0: ("ci95_low", "ci95_high"), 99.8: ("ci998_low", "ci998_high")}
    low, high = (
        (columns[shown[confidence][0]], columns[shown[confidence][1]])
        if confidence in shown
        else bounds(confidence)
    )
    judged = significance(rows["value"].to_numpy(dtype=float), low, high, comparator, direction)
    judged[~has] = None
    columns["significance"] = judged
    return pd.DataFrame(columns, columns=COLUMNS, copy=False)


@dataclass(frozen=True)
class Funnel:
    """A funnel plot's table and its overdispersion: ``phi`` and ``tau2`` (0 unless adjusted)."""

    table: pd.DataFrame  # FUNNEL_COLUMNS
    phi: float
    tau2: float
    adjusted: bool


def funnel(rows: pd.DataFrame, counted: Counted, *, adjust: bool = False) -> Funnel:
    """Each municipality against control limits around its target, for its own denominator.

    ``rows``: ``municipality, numerator, denominator, value, target`` with
    usable counts only (the target is the peers' pooled value). The limits are
    at 95 % and 99.8 % (Spiegelhalter 2005); with ``adjust`` they are widened
    by the additive random effect when the rows vary more than chance allows.
    Returns the table in :data:`FUNNEL_COLUMNS`, ordered by denominator.
    """
    rows = rows.sort_values(["denominator", "municipality"], kind="stable").reset_index(drop=True)
    numerator = rows["numerator"].to_numpy(dtype=float)
    denominator = rows["denominator"].to_numpy(dtype=float)
    target = rows["target"].to_numpy(dtype=float)
    phi, tau2 = overdispersion(
        counted.statistic, numerator, denominator, target, counted.multiplier
    )
    spread = tau2 if adjust else 0.0
    table = rows[["municipality", "numerator", "denominator", "value", "target"]].copy()
    for level, low_name, high_name in ((95.0, "low95", "high95"), (99.8, "low998", "high998")):
        low, high = funnel_limits(
            counted.statistic, target, denominator, counted.multiplier, level, spread
        )
        table[low_name], table[high_name] = low, high
    table["funnel"] = funnel_class(
        table["value"], table["low95"], table["high95"], table["low998"], table["high998"]
    )
    return Funnel(table[FUNNEL_COLUMNS], phi, tau2, adjust)
