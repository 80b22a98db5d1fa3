"""Empirical-Bayes shrinkage with the robust EBCIs of Armstrong, Kolesár & Plagborg-Møller (2022).

A small municipality's value of a rate is noisy: its standard error is large,
and its rank says more about luck than about the service. Shrinkage pulls each
unit's value Y toward a *target* (the precision-weighted mean of its peers, or
a regression ``Xδ`` on structural variables or other indicators) by as much as
its own noise warrants::

    estimate = Xδ + w (Y − Xδ),    w = μ₂ / (μ₂ + se²),

where μ₂ is the second moment of the true values about the target. A unit with
se = 0 keeps its value; one whose se dwarfs the spread of true values ends
near the target.

The intervals are the *robust* empirical-Bayes confidence intervals (EBCIs) of
Armstrong, Kolesár & Plagborg-Møller (2022, *Econometrica* 90:2567):
``estimate ± cva_α(se²/μ₂, κ) · w · se``, where the critical value
(:mod:`benchlearn.analysis.ebci_critical`) allows for the estimate's bias under
every distribution of true values with the estimated second moment μ₂ and
kurtosis κ. They cover 1 − α of the units on average whatever that
distribution; Morris's parametric interval ``estimate ± z √w se`` needs the
true values to be normal and can cover far fewer.

Estimation follows the paper's baseline, as the R package ebci with
``weights = 1/se²``:

* δ by least squares weighted by precision 1/se² (an intercept is always
  included, so without regressors the target is the weighted mean);
* with residuals ε = Y − Xδ, unbiased moment estimates under the same weights,
  ``μ̃₂ = mean(ε² − se²)`` and ``μ̃₄ = mean(ε⁴ − 6 se² ε² + 3 se⁴)``;
* the finite-sample correction "posterior mean truncation": μ₂ is at least
  ``2 Σw²se⁴ / (Σw · Σw se²)`` and κ = μ̃₄/μ₂² at least
  ``1 + 32 Σw²se⁸ / (Σw · Σw se⁴) / μ₂²``, so a small or negative moment
  estimate never shrinks everyone onto the target.

A unit with se = 0 would have infinite precision weight; it is left out of the
estimates of δ, μ₂ and κ and keeps its own value with an interval of zero
width. Parity with the R package on Chetty & Hendren's commuting-zone data is
shown in ``tests/test_ebci.py``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from benchlearn.analysis.ebci_critical import cva
from benchlearn.errors import BenchlearnError

#: The columns of :attr:`Shrinkage.units`, in order.
COLUMNS = ("value", "se", "target", "estimate", "ci_low", "ci_high", "shrinkage")


@dataclass(frozen=True)
class Shrinkage:
    """Shrunk estimates, their robust intervals and the estimated prior moments.

    ``units`` has one row per unit (the index of ``values`` when it was a
    Series) with the columns :data:`COLUMNS`: the unit's ``value`` and ``se``,
    its ``target`` Xδ, the shrunk ``estimate``, the robust interval
    ``ci_low``–``ci_high`` and ``shrinkage`` = 1 − w = se²/(μ₂ + se²), the share
    of the distance from the value to the target that the estimate moves (0:
    the value is kept; 1: the estimate is the target). ``delta`` holds the
    regression coefficients (``intercept`` first, then the regressors'
    names), ``mu2`` and ``kappa`` the corrected moments used, and the
    ``uncorrected`` ones the method-of-moments estimates before the
    finite-sample correction (as the package prints both); ``confidence`` is in
    percent.
    """

    units: pd.DataFrame
    delta: pd.Series
    mu2: float
    kappa: float
    mu2_uncorrected: float
    kappa_uncorrected: float
    confidence: float


def _design(
    regressors: np.ndarray | pd.DataFrame | pd.Series | None, count: int
) -> tuple[np.ndarray, list[str]]:
    """The design matrix (intercept first) and its column names."""
    if regressors is None:
        return np.ones((count, 1)), ["intercept"]
    if isinstance(regressors, pd.DataFrame):
        names = [str(name) for name in regressors.columns]
        matrix = regressors.to_numpy(dtype=float)
    elif isinstance(regressors, pd.Series):
        names = [str(regressors.name if regressors.name is not None else "x1")]
        matrix = regressors.to_numpy(dtype=float).reshape(-1, 1)
    else:
        matrix = np.asarray(regressors, dtype=float)
        if matrix.ndim == 1:
            matrix = matrix.reshape(-1, 1)
        names = [f"x{column + 1}" for column in range(matrix.shape[1])]
    if matrix.shape[0] != count:
        raise BenchlearnError.of("ebci_lengths", {"count": count, "other": matrix.shape[0]})
    bad = ~np.isfinite(matrix)
    if bad.any():
        row, column = np.argwhere(bad)[0]
        raise BenchlearnError.of(
            "ebci_regressor_not_finite", {"row": int(row) + 1, "name": names[column]}
        )
    return np.column_stack([np.ones(count), matrix]), ["intercept", *names]


def _moments(
    residual: np.ndarray, se: np.ndarray, weight: np.ndarray
) -> tuple[float, float, float, float]:
    """μ₂ and κ after posterior mean truncation, then both before it."""
    squared, fourth = se**2, se**4
    mu2_raw = float(np.average(residual**2 - squared, weights=weight))
    mu4_raw = float(
        np.average(residual**4 - 6 * squared * residual**2 + 3 * fourth, weights=weight)
    )
    total = weight.sum()
    floor2 = 2 * np.mean(weight**2 * fourth) / (total * np.mean(weight * squared))
    floor4 = 32 * np.mean(weight**2 * se**8) / (total * np.mean(weight * fourth))
    mu2 = max(mu2_raw, float(floor2))
    kappa = max(mu4_raw / mu2**2, 1 + float(floor4) / mu2**2)
    return mu2, kappa, mu2_raw, mu4_raw / mu2_raw**2


def shrink(
    values: Sequence[float] | np.ndarray | pd.Series,
    se: Sequence[float] | np.ndarray | pd.Series,
    regressors: np.ndarray | pd.DataFrame | pd.Series | None = None,
    confidence: float = 95.0,
) -> Shrinkage:
    """Shrink ``values`` toward the weighted mean (or a regression on ``regressors``).

    ``se`` are the values' standard errors (≥ 0); ``regressors`` one column per
    variable to shrink toward (an intercept is added), or None for the mean;
    ``confidence`` the intervals' average coverage in percent (90, 95, 99.8), as
    everywhere in benchlearn. Raises
    :class:`BenchlearnError` when the inputs do not match in length, are not
    finite, or leave too few units with se > 0 to estimate δ and μ₂.
    """
    if not 50 <= confidence < 100:
        # Below 50 % is no interval anyone asks for, and most likely a fraction (0.95)
        # passed for a percentage: refused rather than read as 0.95 %.
        raise ValueError(f"confidence is a percentage from 50 to 100 (95, not 0.95): {confidence}")
    index = values.index if isinstance(values, pd.Series) else pd.RangeIndex(len(values))
    y = np.asarray(values, dtype=float)
    sigma = np.asarray(se, dtype=float)
    if sigma.shape != y.shape:
        raise BenchlearnError.of("ebci_lengths", {"count": y.size, "other": sigma.size})
    if not np.isfinite(y).all():
        row = int(np.flatnonzero(~np.isfinite(y))[0])
        raise BenchlearnError.of("ebci_value_not_finite", {"row": row + 1})
    bad_se = ~(np.isfinite(sigma) & (sigma >= 0))
    if bad_se.any():
        row = int(np.flatnonzero(bad_se)[0])
        raise BenchlearnError.of("ebci_bad_se", {"row": row + 1, "se": sigma[row]})
    design, names = _design(regressors, y.size)
    noisy = sigma > 0
    if noisy.sum() <= design.shape[1]:
        raise BenchlearnError.of(
            "ebci_too_few", {"count": int(noisy.sum()), "needed": design.shape[1] + 1}
        )
    weight = 1 / sigma[noisy] ** 2
    root = np.sqrt(weight)
    coefficients, _, rank, _ = np.linalg.lstsq(
        design[noisy] * root[:, None], y[noisy] * root, rcond=None
    )
    if rank < design.shape[1]:
        raise BenchlearnError.of("ebci_collinear", {"names": ", ".join(names[1:])})
    target = design @ coefficients
    mu2, kappa, mu2_raw, kappa_raw = _moments(y[noisy] - target[noisy], sigma[noisy], weight)

    # Written as the share moved, so a unit with se = 0 keeps its value exactly.
    shrinkage = sigma**2 / (mu2 + sigma**2)
    keep = 1 - shrinkage
    alpha = 1 - confidence / 100
    # One critical value per distinct se: the units of a network often share them.
    distinct, position = np.unique(sigma, return_inverse=True)
    critical = np.array([cva(float(s**2 / mu2), kappa, alpha) for s in distinct])[position]
    half = critical * keep * sigma
    estimate = y - shrinkage * (y - target)
    units = pd.DataFrame(
        {
            "value": y,
            "se": sigma,
            "target": target,
            "estimate": estimate,
            "ci_low": estimate - half,
            "ci_high": estimate + half,
            "shrinkage": shrinkage,
        },
        index=index,
        columns=list(COLUMNS),
    )
    return Shrinkage(
        units=units,
        delta=pd.Series(coefficients, index=names, name="delta"),
        mu2=mu2,
        kappa=kappa,
        mu2_uncorrected=mu2_raw,
        kappa_uncorrected=kappa_raw,
        confidence=confidence,
    )
