"""Improvement or convergence: did a network's members move ahead, or only closer together?

Studies of benchmarking networks found levelling toward the average rather
than improvement (the laggards catch up, the mean stays). A network sees which
it has by setting its members beside the municipalities outside it over the
same years, indicator by indicator:

* the change of the **mean** from the first year to the last, members minus
  non-members (a difference in differences of means);
* the change of the **spread**, the interquartile range (quartiles as R's
  default ``quantile(type = 7)``, NumPy's ``linear``), members minus non-members.

Only municipalities with a value in both years count, so a change is never a
change of who is counted. The intervals are percentile bootstrap intervals
(Efron & Tibshirani 1993, ch. 13): :data:`DRAWS` resamples of municipalities
with replacement, members and non-members each from their own (a stratified
bootstrap), each municipality keeping its two years together; the interval's
ends are the type-7 quantiles of the resampled differences. Seeded, so the same
data give the same interval.

Whether a difference is beyond chance is a permutation test (``mean_p``,
``iqr_p``): the member label dealt again at random among the municipalities
counted, :data:`PERMUTATIONS` times, and p the share of deals with a difference
as large (two-sided). It keeps its level where the percentile intervals do not:
on real Swedish tax rates with 10 random "members", the mean's 95 % interval
left out 0 in 14 % of 150 draws, the permutation test in 3.3 % (the spread's in
4.7 %; ``tests/test_impact.py``).

The verdict respects the indicator's polarity: **improvement** when the
members' mean moved the good way more (p < 0.05); **convergence** when their
spread narrowed more (p < 0.05) without improvement; **both**; or **neither**.
An indicator without a direction (neutral) can converge but not improve. With
fewer than :data:`MIN_UNITS` municipalities in either group nothing is judged
(**too few**).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

#: Bootstrap resamples of municipalities.
DRAWS = 2000
#: Random reassignments of the member label for the p-values.
PERMUTATIONS = 999
#: The fewest municipalities with both years, in each group, for a verdict.
MIN_UNITS = 5
VERDICTS = ("improvement", "convergence", "both", "neither", "too few")
#: Columns of :func:`impact_table`.
COLUMNS = [
    "indicator", "direction", "since", "year", "members", "others",
    "members_mean_change", "others_mean_change", "mean_difference", "mean_low", "mean_high",
    "mean_p", "members_iqr_change", "others_iqr_change", "iqr_difference", "iqr_low",
    "iqr_high", "iqr_p", "verdict",
]  # fmt: skip


def iqr(values: np.ndarray, axis: int = -1) -> np.ndarray:
    """The interquartile range along ``axis``: Q3 − Q1 by R's ``quantile(type = 7)``."""
    q1, q3 = np.quantile(values, [0.25, 0.75], axis=axis, method="linear")
    return np.asarray(q3 - q1)


def spread_changes(
    members: np.ndarray,
    others: np.ndarray,
    *,
    draws: int = DRAWS,
    seed: int = 0,
    confidence: float = 95.0,
) -> dict[str, float]:
    """The changes of mean and IQR for members and others, their differences and intervals.

    ``members`` and ``others`` are (n × 2) arrays: each municipality's value in
    the first and in the last year. Returns the keys of :data:`COLUMNS` from
    ``members_mean_change`` to ``iqr_p``.
    """
    found = {
        "members_mean_change": float(members[:, 1].mean() - members[:, 0].mean()),
        "others_mean_change": float(others[:, 1].mean() - others[:, 0].mean()),
        "members_iqr_change": float(iqr(members[:, 1]) - iqr(members[:, 0])),
        "others_iqr_change": float(iqr(others[:, 1]) - iqr(others[:, 0])),
    }
    found["mean_difference"] = found["members_mean_change"] - found["others_mean_change"]
    found["iqr_difference"] = found["members_iqr_change"] - found["others_iqr_change"]
    rng = np.random.default_rng(seed)
    mean_draws, iqr_draws = _resampled(members, others, rng, draws)
    if not 0.0 < confidence < 100.0:
        raise ValueError(f"confidence must be a percentage between 0 and 100, not {confidence}")
    tail = (100.0 - confidence) / 200.0
    quantiles = [tail, 1.0 - tail]
    found["mean_low"], found["mean_high"] = (float(q) for q in np.quantile(mean_draws, quantiles))
    found["iqr_low"], found["iqr_high"] = (float(q) for q in np.quantile(iqr_draws, quantiles))
    found["mean_p"], found["iqr_p"] = _permutation_p(
        members, others, found["mean_difference"], found["iqr_difference"], seed
    )
    return found


def _permutation_p(
    members: np.ndarray, others: np.ndarray, mean: float, spread: float, seed: int
) -> tuple[float, float]:
    """Two-sided permutation p-values of the two differences: the member label dealt again
    at random among all the municipalities :data:`PERMUTATIONS` times (a generator of its
    own, so the bootstrap's draws stay those of ``seed``)."""
    pool = np.vstack([members, others])
    rng = np.random.default_rng([seed, 1])
    order = np.argsort(rng.random((PERMUTATIONS, len(pool))), axis=1)
    inside, outside = pool[order[:, : len(members)]], pool[order[:, len(members) :]]
    means = (inside[..., 1] - inside[..., 0]).mean(axis=1) - (
        outside[..., 1] - outside[..., 0]
    ).mean(axis=1)
    spreads = (iqr(inside[..., 1]) - iqr(inside[..., 0])) - (
        iqr(outside[..., 1]) - iqr(outside[..., 0])
    )
    tolerance = 1e-9 * max(1.0, abs(mean), abs(spread))
    as_large = [
        int((np.abs(drawn) >= abs(observed) - tolerance).sum())
        for drawn, observed in ((means, mean), (spreads, spread))
    ]
    return (1 + as_large[0]) / (1 + PERMUTATIONS), (1 + as_large[1]) / (1 + PERMUTATIONS)


def _resampled(
    members: np.ndarray, others: np.ndarray, rng: np.random.Generator, draws: int
) -> tuple[np.ndarray, np.ndarray]:
    """Each draw's difference of mean changes and of IQR changes (members − others)."""
    changes = []
    for group in (members, others):
        rows = rng.integers(0, len(group), size=(draws, len(group)))
        before, after = group[rows, 0], group[rows, 1]
        changes.append((after.mean(axis=1) - before.mean(axis=1), iqr(after) - iqr(before)))
    return changes[0][0] - changes[1][0], changes[0][1] - changes[1][1]


def verdict(direction: str, found: dict[str, float], level: float = 0.05) -> str:
    """improvement, convergence, both or neither (see the module's docstring)."""
    sign = {"higher": 1.0, "lower": -1.0}.get(direction, 0.0)
    improved = sign * found["mean_difference"] > 0.0 and found["mean_p"] < level
    converged = found["iqr_difference"] < 0.0 and found["iqr_p"] < level
    if improved and converged:
        return "both"
    return "improvement" if improved else "convergence" if converged else "neither"


def impact_table(
    values: pd.DataFrame,
    members: Sequence[str],
    others: Sequence[str],
    periods: dict[str, tuple[int, int]],
    directions: dict[str, str],
    *,
    draws: int = DRAWS,
    seed: int = 0,
    confidence: float = 95.0,
) -> pd.DataFrame:
    """One row per indicator of ``periods`` (code → first and last year): :data:`COLUMNS`.

    ``values`` has columns ``municipality, indicator, year, value``; ``members``
    and ``others`` are the municipalities of each side. Each indicator's
    bootstrap starts from ``seed``, so a row does not depend on the others.
    """
    rows = []
    side = pd.Series(["member"] * len(members) + ["other"] * len(others), index=[*members, *others])
    side = side[~side.index.duplicated(keep="first")]
    for code, (since, year) in periods.items():
        chosen = values[(values["indicator"] == code) & values["year"].isin([since, year])]
        wide = chosen.pivot_table(
            index="municipality", columns="year", values="value", aggfunc="first"
        ).reindex(columns=[since, year])
        wide = wide[wide.notna().all(axis=1) & wide.index.isin(side.index)]
        where = side.reindex(wide.index)
        member_values = wide[where == "member"].to_numpy(dtype=float)
        other_values = wide[where == "other"].to_numpy(dtype=float)
        row: dict[str, object] = {
            "indicator": code,
            "direction": directions.get(code, "neutral"),
            "since": since,
            "year": year,
            "members": len(member_values),
            "others": len(other_values),
        }
        if min(len(member_values), len(other_values)) < MIN_UNITS:
            row["verdict"] = "too few"
        else:
            found = spread_changes(
                member_values, other_values, draws=draws, seed=seed, confidence=confidence
            )
            row.update(found)
            row["verdict"] = verdict(str(row["direction"]), found)
        rows.append(row)
    return pd.DataFrame(rows, columns=COLUMNS)
