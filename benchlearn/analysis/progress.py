"""A plan's progress on each target: how far along, on track or not, more than chance or not.

For a target from a baseline value b (in year y₀) to a target value g (in
year y₁), with the latest value v in year y:

* **share of the way covered**: (v − b) / (g − b); 1 or more is reached, below 0
  went the wrong way; unknown when the target equals the baseline;
* **expected share**: where a straight line from (y₀, b) to (y₁, g) stands in
  year y, (y − y₀) / (y₁ − y₀), kept within 0 and 1; the target is **on track**
  when the share covered is at least the expected share (not judged when there
  is no value after the baseline year);
* **significant**: whether the change v − b is more than chance, by the first of
  these that the data allow:

  - *counts* (a proportion or a rate with its numerator and denominator in
    both years): the exact test of "no change", Fisher's for proportions and the
    conditional binomial test for Poisson rates
    (:func:`~benchlearn.analysis.change.proportion_change_p`,
    :func:`~benchlearn.analysis.change.rate_change_p`), significant when p is
    below 1 − the confidence level (method ``fisher`` or ``poisson``);
  - *standard errors* (an indicator that names the indicator holding each value's
    standard error, ``standard_error:``, with one in both years): the z-test of
    the difference of two independent estimates, z = (v − b) / √(s₁² + s₀²),
    p = 2(1 − Φ(|z|)) (method ``z``);
  - otherwise *noise*: the indicator's changes over the same number of years
    among the network's members (each member's value in a year minus its value
    the same number of years before, over the whole history), whose spread is
    1.4826 × their median absolute deviation (a standard deviation not pulled by
    the few real changes, as :func:`~benchlearn.analysis.change.noise` measures
    year-on-year noise); significant when |v − b| is larger than
    :data:`~benchlearn.analysis.change.NOISE_K` × that spread (method ``noise``).
    Changes over the span itself are used, rather than the year-on-year noise
    scaled, because whether noise adds up over years (a drifting value) or not
    (a steady value measured with error) differs by indicator, and the members'
    own changes show which. With fewer than
    :data:`~benchlearn.analysis.change.MIN_CHANGES` such changes nothing is judged.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from benchlearn.analysis.change import (
    MAD_SCALE,
    MIN_CHANGES,
    NOISE_K,
    proportion_change_p,
    rate_change_p,
)
from benchlearn.analysis.significance import Counted

#: What :func:`progress` adds to each target.
COLUMNS = ["change", "covered", "expected", "on_track", "p_value", "significant", "method"]


def expected_share(baseline_year: ArrayLike, target_year: ArrayLike, year: ArrayLike) -> np.ndarray:
    """Where a straight line from the baseline to the target stands in ``year``, as a share
    of the way: (year − baseline year) / (target year − baseline year), within 0 and 1."""
    y0, y1, y = (np.asarray(a, dtype=float) for a in (baseline_year, target_year, year))
    with np.errstate(invalid="ignore", divide="ignore"):
        share = (y - y0) / (y1 - y0)
    return np.clip(share, 0.0, 1.0)


def span_noise(history: pd.DataFrame, gaps: Iterable[int]) -> pd.DataFrame:
    """Each indicator's noise over each span of ``gaps`` years: 1.4826 × the MAD of every
    member's change from a year to the year ``gap`` later.

    ``history``: ``municipality, indicator, year, value`` (usable values only).
    Columns: ``indicator, gap, noise, changes`` (the number of changes; ``noise``
    NaN with fewer than :data:`MIN_CHANGES`).
    """
    parts = []
    keyed = history[["municipality", "indicator", "year", "value"]]
    for gap in sorted({int(g) for g in gaps if int(g) > 0}):
        later = keyed.assign(year=keyed["year"] - gap)
        pairs = keyed.merge(later, on=["municipality", "indicator", "year"], suffixes=("", "_l"))
        change = (pairs["value_l"] - pairs["value"]).rename("change")
        frame = pd.DataFrame({"indicator": pairs["indicator"], "change": change})
        grouped = frame.groupby("indicator")["change"]
        centre = grouped.transform("median")
        mad = (frame["change"] - centre).abs().groupby(frame["indicator"]).median()
        count = grouped.size()
        parts.append(
            pd.DataFrame(
                {
                    "indicator": mad.index.astype(str),
                    "gap": gap,
                    "noise": (MAD_SCALE * mad).where(count >= MIN_CHANGES).to_numpy(),
                    "changes": count.to_numpy(),
                }
            )
        )
    if not parts:
        return pd.DataFrame({"indicator": [], "gap": [], "noise": [], "changes": []})
    return pd.concat(parts, ignore_index=True)


def progress(
    targets: pd.DataFrame,
    noise: pd.DataFrame,
    counted: Mapping[str, Counted],
    *,
    confidence: float = 95.0,
) -> pd.DataFrame:
    """``targets`` with :data:`COLUMNS`: the change since the baseline, the share of the way
    covered (``covered``), the share expected by now, on track, and whether the change is
    significant.

    ``targets``: ``indicator, baseline_year, baseline, year, value, target_value,
    target_year`` (``year``/``value``: the latest value, NaN where there is none) and,
    for indicators in ``counted``, ``numerator, denominator, numerator_before,
    denominator_before`` (NaN where the counts may not be used) and, for indicators with
    standard errors, ``error, error_before`` (NaN where unknown). ``noise``: as
    :func:`span_noise` gives it. ``on_track`` and ``significant`` are nullable
    booleans (empty where not judged); ``p_value`` is the exact test's (counts only);
    ``method`` is ``fisher``, ``poisson``, ``z``, ``noise`` or empty.
    """
    found = targets.reset_index(drop=True).copy()
    size = len(found)
    base = found["baseline"].to_numpy(dtype=float)
    latest = found["value"].to_numpy(dtype=float)
    aim = found["target_value"].to_numpy(dtype=float)
    after = found["year"].to_numpy(dtype=float) > found["baseline_year"].to_numpy(dtype=float)
    change = np.where(after, latest - base, np.nan)
    with np.errstate(invalid="ignore", divide="ignore"):
        share = np.where(aim != base, change / (aim - base), np.nan)
    expected = expected_share(found["baseline_year"], found["target_year"], found["year"])
    judged = after & ~np.isnan(share)
    on_track = np.where(judged, share >= expected - 1e-12, np.nan)
    p_value = np.full(size, np.nan)
    method = np.full(size, None, dtype=object)
    alpha = 1.0 - confidence / 100.0
    names = ("numerator", "denominator", "numerator_before", "denominator_before")
    nothing = pd.Series(np.nan, index=found.index)
    x1, n1, x0, n0 = (found.get(c, nothing).to_numpy(dtype=float) for c in names)
    for row in np.flatnonzero(after & ~np.isnan(change)):
        how = counted.get(str(found.at[row, "indicator"]))
        usable = not np.isnan([x1[row], n1[row], x0[row], n0[row]]).any()
        if how is None or not usable or n1[row] <= 0 or n0[row] <= 0:
            continue
        if how.statistic == "proportion":
            p_value[row] = proportion_change_p(x1[row], n1[row], x0[row], n0[row])
            method[row] = "fisher"
        else:
            p_value[row] = rate_change_p(x1[row], n1[row], x0[row], n0[row])
            method[row] = "poisson"
    errors = [found.get(c, nothing).to_numpy(dtype=float) for c in ("error", "error_before")]
    estimated = np.isnan(p_value) & after & ~np.isnan(change)
    z, z_p = z_test(change, errors[0], errors[1])
    estimated &= ~np.isnan(z_p)
    p_value[estimated] = z_p[estimated]
    method[estimated] = "z"
    significant = np.where(np.isnan(p_value), np.nan, (p_value < alpha).astype(float))
    gap = found["year"].to_numpy(dtype=float) - found["baseline_year"].to_numpy(dtype=float)
    spread = _spread_of(found["indicator"], gap, noise)
    rest = np.isnan(significant) & after & ~np.isnan(change) & ~np.isnan(spread)
    with np.errstate(invalid="ignore"):
        beyond = (np.abs(change) > NOISE_K * spread) & (change != 0)
    significant[rest] = beyond[rest].astype(float)
    method[rest] = "noise"
    found["change"] = change
    found["covered"] = share
    found["expected"] = np.where(after, expected, np.nan)
    found["on_track"] = _booleans(on_track)
    found["p_value"] = p_value
    found["significant"] = _booleans(significant)
    found["method"] = pd.Series(list(method), index=found.index, dtype=object)
    return found


def z_test(
    change: ArrayLike, error: ArrayLike, error_before: ArrayLike
) -> tuple[np.ndarray, np.ndarray]:
    """The z-test of a change between two independent estimates with standard errors s₁ and
    s₀: z = change / √(s₁² + s₀²) and its two-sided p-value 2(1 − Φ(|z|)); NaN where an
    error is unknown, negative, or both are 0."""
    from scipy import stats

    c, s1, s0 = (np.asarray(a, dtype=float) for a in (change, error, error_before))
    spread = np.sqrt(s1**2 + s0**2)
    usable = (s1 >= 0) & (s0 >= 0) & (spread > 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        z = np.where(usable, c / spread, np.nan)
    return z, np.where(usable, 2.0 * stats.norm.sf(np.abs(z)), np.nan)


def _spread_of(indicator: pd.Series, gap: np.ndarray, noise: pd.DataFrame) -> np.ndarray:
    """The noise of each row's indicator over its span (NaN where unknown)."""
    if noise.empty:
        return np.full(len(indicator), np.nan)
    table = noise.set_index(["indicator", "gap"])["noise"]
    keys = pd.MultiIndex.from_arrays(
        [indicator.astype(str).to_numpy(), np.nan_to_num(gap, nan=-1).astype(int)]
    )
    return table.reindex(keys).to_numpy(dtype=float)


def _booleans(flags: np.ndarray) -> pd.arrays.BooleanArray:
    return pd.array([None if np.isnan(v) else bool(v) for v in flags], dtype="boolean")
