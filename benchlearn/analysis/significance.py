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


#: What :func:`error_funnel` returns, one row per unit with a standard error.
ERROR_FUNNEL_COLUMNS = [
    "municipality", "value", "se", "precision", "target",
    "low95", "high95", "low998", "high998", "funnel", "method",
]  # fmt: skip
#: The method :func:`compare_errors` and :func:`error_funnel` apply, as their rows name it.
NORMAL_SE_METHOD = "normal, known se (Spiegelhalter 2005)"


def compare_errors(
    value: np.ndarray,
    se: np.ndarray,
    comparator: np.ndarray,
    direction: np.ndarray,
    *,
    confidence: float = 95.0,
) -> pd.DataFrame:
    """Intervals and significance for values that carry a standard error, where counts
    would otherwise give them: each interval value ± z·se (the normal interval of an
    estimate with known standard error), judged against ``comparator`` at ``confidence``
    (90, 95 or 99.8) as :func:`compare_counts` judges counts.

    Arrays are aligned; a NaN ``se`` leaves its row empty ("not compared" is left to the
    caller: the row may have counts). Returns ``ci95_low, ci95_high, ci998_low,
    ci998_high, significance`` (significance None where there is no se).
    """
    from scipy import special

    v = np.asarray(value, dtype=float)
    error = np.asarray(se, dtype=float)
    known = ~np.isnan(error) & ~np.isnan(v)
    columns: dict[str, np.ndarray] = {}
    for level, suffix in ((95.0, "95"), (99.8, "998")):
        z = float(special.ndtri(0.5 + level / 200.0))
        columns[f"ci{suffix}_low"] = np.where(known, v - z * error, np.nan)
        columns[f"ci{suffix}_high"] = np.where(known, v + z * error, np.nan)
    z = float(special.ndtri(0.5 + confidence / 200.0))
    judged = significance(v, v - z * error, v + z * error, comparator, direction)
    judged = np.asarray(judged, dtype=object)
    judged[~known] = None
    columns["significance"] = judged
    return pd.DataFrame(columns, copy=False)


def error_funnel(rows: pd.DataFrame) -> pd.DataFrame:
    """The funnel plot of values with a known standard error (Spiegelhalter 2005, Stat Med
    24:1185, Table I "normal" row): on the precision 1/se² the control limits are
    target ± z_p·se, z_p = 1.96 (95 %) and 3.09 (99.8 %), so a unit outside them is one
    whose own interval excludes the target at that level.

    ``rows``: ``municipality, value, se, target`` (se positive). Returns
    :data:`ERROR_FUNNEL_COLUMNS` ordered by precision, ``funnel`` classed as
    :func:`compare_counts`' funnel is, ``method`` naming the method.
    """
    from scipy import special

    usable = rows[(rows["se"] > 0) & rows["value"].notna() & rows["target"].notna()]
    table = usable[["municipality", "value", "se", "target"]].copy()
    table["precision"] = 1.0 / table["se"] ** 2
    table = table.sort_values(["precision", "municipality"], kind="stable")
    for level, low_name, high_name in ((95.0, "low95", "high95"), (99.8, "low998", "high998")):
        z = float(special.ndtri(0.5 + level / 200.0))
        table[low_name] = table["target"] - z * table["se"]
        table[high_name] = table["target"] + z * table["se"]
    table["funnel"] = funnel_class(
        table["value"], table["low95"], table["high95"], table["low998"], table["high998"]
    )
    table["method"] = NORMAL_SE_METHOD
    return table[ERROR_FUNNEL_COLUMNS].reset_index(drop=True)


def with_errors(
    ranked: pd.DataFrame,
    fair: pd.DataFrame,
    errors: pd.DataFrame,
    directions: Mapping[str, Direction],
    confidence: float,
) -> pd.DataFrame:
    """:func:`compare_counts`' ``fair`` columns with, where a value carries a standard
    error, its interval value ± z·se and its significance judged on it against the row's
    comparator (:func:`compare_errors`) instead of from counts: a published standard error
    (a survey's design, say) knows more about the value than the counts behind it.

    ``ranked`` (``municipality, indicator, value``) and ``fair`` are aligned; ``errors``
    has ``municipality, indicator, se`` for the values that have one. Rows without a
    standard error keep what the counts gave.
    """
    if errors.empty or ranked.empty:
        return fair
    keys = ["municipality", "indicator"]
    se = ranked[keys].merge(errors[[*keys, "se"]], on=keys, how="left")["se"].to_numpy(float)
    has = ~np.isnan(se) & ranked["value"].notna().to_numpy()
    if not has.any():
        return fair
    direction = ranked["indicator"].map(dict(directions)).fillna("neutral").to_numpy(object)
    judged = compare_errors(
        ranked["value"].to_numpy(float)[has],
        se[has],
        fair["comparator"].to_numpy(float)[has],
        direction[has],
        confidence=confidence,
    )
    fair = fair.copy()
    for column in judged.columns:
        values = fair[column].to_numpy(dtype=object if column == "significance" else float)
        values = values.copy()
        values[has] = judged[column].to_numpy()
        fair[column] = values
    return fair
