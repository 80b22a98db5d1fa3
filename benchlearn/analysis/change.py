"""What changed since the previous year: the change, its direction, whether it is significant.

A change in a league table is news only when it is more than chance. Two ways
of telling, one per kind of indicator:

* **With counts** (a proportion or a rate): the difference of two independent
  proportions or rates and its confidence interval by the method of variance
  estimates recovery, MOVER (Zou & Donner 2008, *Statistics in Medicine*
  27:1693), from each year's own interval. With Wilson's score intervals this
  is Newcombe's hybrid score interval (Newcombe 1998, *Statistics in Medicine*
  17:873, method 10), which keeps its coverage for the small counts of local
  data where the Wald difference does not; with the exact/Byar Poisson limits
  of :func:`~benchlearn.analysis.statistics.rate_limits` it is the matching
  interval for rates. The change is significant when the interval leaves out 0.
* **Without counts**: beyond the year-on-year noise the data show. The noise of
  an indicator is the robust spread of every member's year-on-year changes in
  the network's history (1.4826 × the median absolute deviation, MAD, which
  estimates a standard deviation and is not pulled by the few real changes);
  a change is significant when its size exceeds :data:`NOISE_K` × that spread,
  which for normal noise is the 95 % level. With fewer than
  :data:`MIN_CHANGES` changes in the history nothing is judged (too little to
  tell the noise from), and a change of 0 is never significant.

Directions: "better" or "worse" where the indicator has a direction, "up" or
"down" where it is neutral, "same" for no change.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from benchlearn.analysis.significance import Counted
from benchlearn.analysis.statistics import Statistic, limits, z_value

#: What :func:`changes` adds to each row.
COLUMNS = [
    "value_since", "rank_since", "value_change", "rank_change", "change_low", "change_high",
    "change_direction", "change_significant", "change_method", "change_z",
]  # fmt: skip
#: A change is beyond the noise when larger than this many robust standard deviations.
NOISE_K = 2.0
#: The fewest year-on-year changes an indicator's noise is estimated from.
MIN_CHANGES = 5
#: 1 / Φ⁻¹(0.75): the MAD times this estimates the standard deviation of normal data.
MAD_SCALE = 1.4826
DIRECTION_WORDS = ("better", "worse", "up", "down", "same")
METHODS = {"proportion": "newcombe", "rate": "mover", "noise": "noise"}


def difference_limits(
    statistic: Statistic,
    numerator: ArrayLike,
    denominator: ArrayLike,
    numerator_before: ArrayLike,
    denominator_before: ArrayLike,
    multiplier: ArrayLike,
    confidence: float = 95.0,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The change (now − before) of a proportion or rate and its MOVER interval.

    ``low = d − √((p₁ − l₁)² + (u₀ − p₀)²)`` and ``high = d + √((u₁ − p₁)² + (p₀ − l₀)²)``
    where (l, u) is each year's own interval (Wilson for proportions, Poisson for
    rates) at ``confidence``. In the indicator's unit (times ``multiplier``);
    NaN where either year's counts are unusable.
    """
    x1, n1, x0, n0 = (np.asarray(a, dtype=float) for a in
                      (numerator, denominator, numerator_before, denominator_before))  # fmt: skip
    scale = np.asarray(multiplier, dtype=float)
    l1, u1 = limits(statistic, x1, n1, scale, confidence)
    l0, u0 = limits(statistic, x0, n0, scale, confidence)
    with np.errstate(invalid="ignore", divide="ignore"):
        p1 = np.where(n1 > 0, x1 / n1, np.nan) * scale
        p0 = np.where(n0 > 0, x0 / n0, np.nan) * scale
    d = p1 - p0
    low = d - np.sqrt((p1 - l1) ** 2 + (u0 - p0) ** 2)
    high = d + np.sqrt((u1 - p1) ** 2 + (p0 - l0) ** 2)
    return d, low, high


def rate_change_p(events: float, exposure: float, events_before: float,
                  exposure_before: float) -> float:  # fmt: skip
    """The two-sided p-value of "the rate did not change" between two years: the exact
    conditional test for two Poisson rates (given the total, this year's events are binomial
    with p = this year's share of the exposure), as R's ``poisson.test(c(x1, x0), c(n1,
    n0))``. Counts are rounded to whole events; no events at all gives 1."""
    from scipy import stats

    x1, x0 = round(events), round(events_before)
    if x1 + x0 == 0:
        return 1.0
    share = exposure / (exposure + exposure_before)
    return float(stats.binomtest(x1, x1 + x0, share).pvalue)


def proportion_change_p(cases: float, total: float, cases_before: float,
                        total_before: float) -> float:  # fmt: skip
    """The two-sided p-value of "the proportion did not change" between two years: Fisher's
    exact test on the 2 × 2 table of cases and non-cases, as R's ``fisher.test``. Counts
    are rounded to whole cases."""
    from scipy import stats

    table = [[round(cases), round(total - cases)],
             [round(cases_before), round(total_before - cases_before)]]  # fmt: skip
    return float(stats.fisher_exact(table).pvalue)


def year_on_year(history: pd.DataFrame) -> pd.DataFrame:
    """Each member's changes from one usable value to its next, per indicator.

    ``history``: ``municipality, indicator, year, value`` (usable values only).
    Columns: ``indicator, municipality, year, change`` (``year`` the later one).
    """
    ordered = history.sort_values(["indicator", "municipality", "year"], kind="stable")
    change = ordered.groupby(["indicator", "municipality"], sort=False)["value"].diff()
    found = ordered.assign(change=change)[["indicator", "municipality", "year", "change"]]
    return found[found["change"].notna()].reset_index(drop=True)


def noise(history: pd.DataFrame) -> pd.Series:
    """Each indicator's year-on-year noise: 1.4826 × MAD of its members' changes.

    NaN for an indicator with fewer than :data:`MIN_CHANGES` changes. Indexed by indicator.
    """
    found = year_on_year(history)
    grouped = found.groupby("indicator")["change"]
    centre = grouped.transform("median")
    mad = (found["change"] - centre).abs().groupby(found["indicator"]).median()
    return (MAD_SCALE * mad).where(grouped.size() >= MIN_CHANGES)


def beyond_noise(change: ArrayLike, spread: ArrayLike, k: float = NOISE_K) -> np.ndarray:
    """Whether each change is larger than ``k`` × its indicator's noise, as a float array:
    1.0 yes, 0.0 no, NaN where the change or the noise is unknown. 0 is never beyond."""
    c, s = np.asarray(change, dtype=float), np.asarray(spread, dtype=float)
    judged = ~(np.isnan(c) | np.isnan(s))
    with np.errstate(invalid="ignore"):
        beyond = (np.abs(c) > k * s) & (c != 0)
    return np.where(judged, beyond.astype(float), np.nan)


def direction_of(change: ArrayLike, direction: ArrayLike) -> np.ndarray:
    """The words for each change: better/worse by the indicator's direction, up/down when
    it is neutral, same for 0; None where the change is unknown."""
    c = np.asarray(change, dtype=float)
    wanted = np.asarray(direction, dtype=object)
    up = np.select([wanted == "higher", wanted == "lower"], ["better", "worse"], "up")
    down = np.select([wanted == "higher", wanted == "lower"], ["worse", "better"], "down")
    words = np.where(c > 0, up, np.where(c < 0, down, "same")).astype(object)
    words[np.isnan(c)] = None
    return words


def changes(
    now: pd.DataFrame,
    before: pd.DataFrame,
    directions: Mapping[str, str],
    counted: Mapping[str, Counted],
    spread: Mapping[str, float],
    *,
    confidence: float = 95.0,
) -> pd.DataFrame:
    """``now`` with each value's change since ``before`` and its verdict (:data:`COLUMNS`).

    ``now`` and ``before``: ``municipality, indicator, value, rank`` and, for
    indicators with counts, ``numerator, denominator`` (NaN where unusable);
    ``before`` holds each indicator's earlier year. ``spread``: each indicator's
    :func:`noise`. ``rank_change`` > 0 is an improvement (a smaller rank number).
    ``change_low``/``change_high`` are the interval's ends (counts only);
    ``change_method``: ``newcombe`` (proportions), ``mover`` (rates), ``noise`` (the
    MAD rule, also for counted indicators whose counts are unusable in either
    year), empty where nothing is judged; ``change_significant`` is a nullable boolean;
    ``change_z``: the change in its own standard errors, what ranks changes of
    different units against each other (for counts z × change / the distance from
    the change to the interval's end towards 0, so beyond ±z exactly when the
    interval leaves out 0; otherwise the change / the noise, beyond ±NOISE_K
    exactly when significant).
    """
    keep = ["municipality", "indicator", "value", "rank", "numerator", "denominator"]
    earlier = before[[c for c in keep if c in before.columns]].rename(
        columns={
            "value": "value_since",
            "rank": "rank_since",
            "numerator": "_x0",
            "denominator": "_n0",
        }  # fmt: skip
    )
    merged = now.merge(earlier, on=["municipality", "indicator"], how="left")
    size = len(merged)

    def column(name: str) -> np.ndarray:
        if name not in merged.columns:
            return np.full(size, np.nan)
        return merged[name].to_numpy(dtype=float)

    x1, n1, x0, n0 = column("numerator"), column("denominator"), column("_x0"), column("_n0")
    merged["value_change"] = merged["value"] - merged["value_since"]
    merged["rank_change"] = (merged["rank_since"] - merged["rank"]).astype("Int64")
    low, high = np.full(size, np.nan), np.full(size, np.nan)
    method = np.full(size, None, dtype=object)
    significant = np.full(size, np.nan)
    indicator = merged["indicator"].to_numpy(dtype=object)
    change = merged["value_change"].to_numpy(dtype=float)
    for code, how in counted.items():
        which = indicator == code
        if not which.any():
            continue
        _, lo, hi = difference_limits(
            how.statistic,
            x1[which],
            n1[which],
            x0[which],
            n0[which],
            how.multiplier,
            confidence,
        )
        usable = ~(np.isnan(lo) | np.isnan(hi) | np.isnan(change[which]))
        low[which], high[which] = np.where(usable, lo, np.nan), np.where(usable, hi, np.nan)
        significant[which] = np.where(usable, ((lo > 0) | (hi < 0)).astype(float), np.nan)
        method[np.flatnonzero(which)[usable]] = METHODS[how.statistic]
    rest = np.isnan(significant) & ~np.isnan(change)
    noisy = beyond_noise(change, merged["indicator"].map(spread).to_numpy(dtype=float))
    rest &= ~np.isnan(noisy)
    significant[rest] = noisy[rest]
    method[rest] = METHODS["noise"]
    spreads = merged["indicator"].map(spread).to_numpy(dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        towards = np.where(change > 0, change - low, high - change)
        score = np.where(rest, change / spreads, z_value(confidence) * change / towards)
    score[np.isnan(significant) | (change == 0)] = np.nan
    merged["change_low"], merged["change_high"] = low, high
    merged["change_direction"] = direction_of(
        change, merged["indicator"].map(directions).fillna("neutral").to_numpy(dtype=object)
    )
    merged["change_significant"] = pd.array(
        [None if np.isnan(v) else bool(v) for v in significant], dtype="boolean"
    )
    merged["change_method"] = method
    merged["change_z"] = score
    return merged.drop(columns=[c for c in ("_x0", "_n0") if c in merged.columns])
