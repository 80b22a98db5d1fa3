"""Composite index, as the JRC/OECD Handbook on Constructing Composite Indicators describes.

Indicators are turned round where lower is better, normalised (min–max 0–100,
z-score, rank, or Kommunebarometeret's 1–6 grade with 3.5 at the average),
weighted and aggregated arithmetically or geometrically.

Coverage: a municipality is scored and ranked only when it has values for at
least ``min_coverage`` of the weight (:data:`~benchlearn.definitions.model.
DEFAULT_MIN_COVERAGE`, 75 %, by default; Kommunebarometeret, Kommunal Rapport's
Norwegian municipal ranking, asks for 60 %). Its score is the weighted mean of
the parts it has (the Handbook's re-weighting over the available indicators).

Uncertainty: a seeded Monte Carlo perturbs every weight by up to ±25 % and picks
the normalisation at random in each draw (the Handbook's uncertainty analysis,
step 7). A part a ranked municipality lacks is not left out of the draws: in
each draw it is filled with the normalised value of a member drawn at random
among those that have the indicator (hot-deck multiple imputation, the
Handbook's step 3, Little & Rubin 2002), so a member with a missing part can
fall or rise as far as the other members' values allow, and its rank interval
says so. A member with everything has the same interval as without imputation
when no one else lacks a part.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import numpy as np
import pandas as pd

from benchlearn.definitions.model import DEFAULT_MIN_COVERAGE, Direction
from benchlearn.errors import BenchlearnError

Normalisation = Literal["minmax", "zscore", "rank", "grade"]
METHODS: tuple[Normalisation, ...] = ("minmax", "zscore", "rank", "grade")
COLUMNS = ["municipality", "score", "rank", "rank_low", "rank_high", "rank_median", "coverage"]


def _oriented(values: pd.DataFrame, directions: Mapping[str, Direction]) -> pd.DataFrame:
    """Drop neutral indicators and negate lower-is-better ones, so higher is better."""
    keep = [c for c in values.columns if directions.get(str(c), "neutral") != "neutral"]
    out = values[keep].astype(float)
    for code in keep:
        if directions[str(code)] == "lower":
            out[code] = -out[code]
    return out


def normalise(
    values: pd.DataFrame, directions: Mapping[str, Direction], method: Normalisation
) -> pd.DataFrame:
    """Normalised values (higher is better), indicator by indicator; neutral ones dropped.

    * ``minmax``: 0 (worst) to 100 (best); a constant indicator gives 100;
    * ``zscore``: mean 0, standard deviation 1 (population);
    * ``rank``: ``100 * (n − rank) / (n − 1)`` with competition ranks, 100 best;
    * ``grade``: 1 to 6, piecewise linear with the average at 3.5, the best at 6
      and the worst at 1 (Kommunebarometeret's reading).
    """
    x = _oriented(values, directions)
    if method == "minmax":
        low, high = x.min(), x.max()
        span = (high - low).replace(0, np.nan)
        return ((x - low) / span * 100).where(span.notna().to_numpy()[None, :] | x.isna(), 100.0)
    if method == "zscore":
        spread = x.std(ddof=0).replace(0, np.nan)
        return ((x - x.mean()) / spread).fillna(0.0).where(x.notna())
    if method == "rank":
        n = x.notna().sum()
        ranks = x.rank(ascending=False, method="min")
        return (
            (100 * (n - ranks) / (n - 1).replace(0, np.nan))
            .where(x.notna())
            .fillna(pd.DataFrame(100.0, index=x.index, columns=x.columns).where(x.notna()))
        )
    if method == "grade":
        mean, low, high = x.mean(), x.min(), x.max()
        above = 3.5 + 2.5 * (x - mean) / (high - mean).replace(0, np.nan)
        below = 3.5 - 2.5 * (mean - x) / (mean - low).replace(0, np.nan)
        graded = above.where(x >= mean, below)
        return graded.fillna(3.5).where(x.notna()).clip(1, 6)
    raise BenchlearnError.of(
        "cmp_unknown_normalisation", {"method": method, "known": ", ".join(METHODS)}
    )


def _scores(
    normalised: np.ndarray, weights: np.ndarray, aggregation: str, method: str
) -> np.ndarray:
    """Weighted aggregate of each row over its available values, members × draws.

    ``weights`` is draws × indicators; ``normalised`` is members × indicators, or
    draws × members × indicators when each draw has its own values (imputed parts).
    """
    stacked = normalised if normalised.ndim == 3 else normalised[None, :, :]
    present = ~np.isnan(stacked)
    values = np.nan_to_num(stacked)
    weight_sum = np.einsum("dmi,di->md", present.astype(float), weights)
    if aggregation == "geometric":
        # Geometric means need positive values: shift each method onto a positive scale.
        shift = {"minmax": 1.0, "rank": 1.0, "grade": 0.0, "zscore": 0.0}[method]
        if method == "zscore":
            values = np.where(present, 100 / (1 + np.exp(-values)), 0.0)  # logistic to (0, 100)
        with np.errstate(invalid="ignore", divide="ignore"):
            logs = np.where(present, np.log(values + shift), 0.0)
            return np.exp(np.einsum("dmi,di->md", logs, weights) / weight_sum) - shift
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.einsum("dmi,di->md", values, weights) / weight_sum


def _imputed(matrix: np.ndarray, draws: int, rng: np.random.Generator) -> np.ndarray:
    """Draws × members × indicators: ``matrix`` with each missing cell filled, draw by
    draw, with the value of a member drawn at random among those that have the indicator
    (hot deck). An indicator no member has stays missing."""
    filled = np.repeat(matrix[None, :, :], draws, axis=0)
    for column in np.flatnonzero(np.isnan(matrix).any(axis=0)):
        donors = matrix[~np.isnan(matrix[:, column]), column]
        if not len(donors):
            continue
        gaps = np.flatnonzero(np.isnan(matrix[:, column]))
        filled[:, gaps, column] = rng.choice(donors, size=(draws, len(gaps)))
    return filled


def composite_index(
    values: pd.DataFrame,
    directions: Mapping[str, Direction],
    weights: Mapping[str, float],
    *,
    normalisation: Normalisation = "minmax",
    aggregation: Literal["arithmetic", "geometric"] = "arithmetic",
    min_coverage: float = DEFAULT_MIN_COVERAGE,
    draws: int = 1000,
    seed: int = 0,
) -> pd.DataFrame:
    """Score, rank and a 90 % rank interval for each municipality.

    ``values``: index municipality, one column per indicator (NaN = missing or
    confidential). ``coverage`` is the weighted share of the indicators with a
    value; below ``min_coverage`` a municipality is listed without score or
    rank. A ranked municipality's missing parts are imputed in the Monte Carlo
    draws (module docstring), which widens its rank interval. Columns:
    ``municipality, score, rank, rank_low, rank_high, rank_median, coverage``,
    sorted by rank (unranked last).
    """
    oriented = _oriented(values, directions)
    codes = [str(c) for c in oriented.columns]
    if not codes:
        raise BenchlearnError.of("cmp_index_needs_direction")
    if aggregation not in ("arithmetic", "geometric"):
        raise BenchlearnError.of("cmp_unknown_aggregation", {"method": aggregation})
    base = np.array([float(weights.get(c, 1.0)) for c in codes])
    coverage = (oriented.notna().to_numpy() * base).sum(axis=1) / base.sum()
    eligible = coverage >= min_coverage - 1e-12
    municipalities = values.index.astype(str).to_numpy()
    score = np.full(len(municipalities), np.nan)
    result = pd.DataFrame({"municipality": municipalities, "score": score, "coverage": coverage})
    ranks = pd.Series(pd.NA, index=range(len(municipalities)), dtype="Int64")
    low, high, middle = ranks.copy(), ranks.copy(), ranks.copy()
    if eligible.any():
        subset = values[eligible]
        matrices = {
            m: normalise(subset, directions, m)[codes].to_numpy(dtype=float) for m in METHODS
        }
        nominal = _scores(matrices[normalisation], base[None, :], aggregation, normalisation)[:, 0]
        result.loc[eligible, "score"] = nominal
        ranks[eligible] = _competition_ranks(nominal)
        if draws > 0:
            rng = np.random.default_rng(seed)
            factors = rng.uniform(0.75, 1.25, size=(draws, len(codes)))
            chosen = rng.integers(0, len(METHODS), size=draws)
            draw_ranks = np.empty((draws, int(eligible.sum())))
            for index, method in enumerate(METHODS):
                which = np.flatnonzero(chosen == index)
                if not len(which):
                    continue
                matrix = matrices[method]
                if np.isnan(matrix).any():
                    matrix = _imputed(matrix, len(which), rng)
                scores = _scores(matrix, base[None, :] * factors[which], aggregation, method)
                draw_ranks[which] = np.apply_along_axis(_competition_ranks, 0, scores).T
            low[eligible] = np.floor(np.percentile(draw_ranks, 5, axis=0)).astype(int)
            high[eligible] = np.ceil(np.percentile(draw_ranks, 95, axis=0)).astype(int)
            middle[eligible] = np.round(np.median(draw_ranks, axis=0)).astype(int)
    result["rank"] = ranks.to_numpy()
    result["rank_low"] = low.to_numpy()
    result["rank_high"] = high.to_numpy()
    result["rank_median"] = middle.to_numpy()
    for column in ("rank", "rank_low", "rank_high", "rank_median"):
        result[column] = result[column].astype("Int64")
    result = result.sort_values(["rank", "municipality"], na_position="last", kind="stable")
    return result[COLUMNS].reset_index(drop=True)


def _competition_ranks(scores: np.ndarray) -> np.ndarray:
    """Rank 1 for the highest score; ties share the lowest rank."""
    ordered = np.sort(scores)[::-1]
    return np.searchsorted(-ordered, -scores, side="left") + 1
