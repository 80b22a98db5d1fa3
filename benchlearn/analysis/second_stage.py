"""The second stage: how much of a unit's efficiency its structure explains.

A sparse municipality may sit far from the frontier because its distances are
long, not because it is run badly. Regressing DEA efficiency on structural
(context) variables says that out loud, and gives a *structure-adjusted*
efficiency: the score the unit would have with the network's average structure.

The regression is Simar & Wilson's (2007, *J. Econometrics* 136:31) algorithm 1,
not ordinary least squares or a tobit, because

* Farrell output efficiency δ (the reciprocal of input efficiency) is at least 1,
  so the error of ``δ = zβ + ε`` is truncated at ``1 − zβ``: a truncated normal
  regression (maximum likelihood) fits that, OLS does not;
* the units on the frontier (δ = 1 exactly) are an artefact of DEA's finite
  sample, not a mass of the true distribution: they are left out of the fit
  (a tobit would treat them as censored, which SW2007 show is inconsistent);
* DEA scores are serially correlated estimates, so the usual standard errors
  are wrong: the parametric bootstrap draws new scores from the fitted
  truncated model, refits, and reads the interval of each coefficient from
  the draws' percentiles.

``structure_adjusted`` moves each unit to the network's mean structure:
``δ − (z − z̄)β̂``, at least 1; in the model's orientation (input efficiency is
``1/δ``). ``expected`` is the mean of the fitted truncated normal,
``zβ + σ φ(a)/Φ(a)`` with ``a = (zβ − 1)/σ``: the efficiency a unit of that
structure is expected to show.

The maximum likelihood fit is checked against an independent one (R's ``optim``
on a documented data set, ``tests/data/truncreg_mtcars``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from benchlearn.errors import BenchlearnError

#: What the ``method`` of a second stage names.
METHOD = "Simar-Wilson (2007) algorithm 1"
#: The columns of :attr:`SecondStage.coefficients`, in order.
COEFFICIENT_COLUMNS = ("term", "estimate", "std_error", "ci_low", "ci_high")
#: The columns of :attr:`SecondStage.units`, in order.
UNIT_COLUMNS = ("efficiency", "expected", "structure_adjusted", "in_fit")


@dataclass(frozen=True)
class TruncatedFit:
    """A normal regression left-truncated at ``bound``, fitted by maximum likelihood."""

    beta: np.ndarray
    sigma: float
    log_likelihood: float
    converged: bool


def truncated_regression(
    y: np.ndarray, design: np.ndarray, bound: float = 1.0, start: TruncatedFit | None = None
) -> TruncatedFit:
    """Maximise the likelihood of ``y = design β + ε``, ε normal, observed only above
    ``bound`` (every ``y`` must be above it); ``design`` holds the intercept column.

    Parameters are β and log σ (so σ stays positive), from ``start`` (the bootstrap
    starts each draw at the estimate, a few steps away) or from least squares; BFGS
    with the analytic gradient.
    """
    from scipy.optimize import minimize
    from scipy.special import log_ndtr

    y = np.asarray(y, dtype=float)
    count = len(y)

    def negative(params: np.ndarray) -> tuple[float, np.ndarray]:
        beta, log_sigma = params[:-1], params[-1]
        sigma = np.exp(log_sigma)
        mean = design @ beta
        r = (y - mean) / sigma
        a = (mean - bound) / sigma
        log_cdf = log_ndtr(a)
        ratio = np.exp(-0.5 * a**2 - 0.5 * np.log(2 * np.pi) - log_cdf)  # φ(a)/Φ(a)
        value = np.sum(-0.5 * r**2 - log_sigma - log_cdf) - 0.5 * count * np.log(2 * np.pi)
        grad_beta = design.T @ ((r - ratio) / sigma)
        grad_sigma = np.sum(r**2 - 1 + ratio * a)
        return -float(value), -np.append(grad_beta, grad_sigma)

    if start is None:
        first, *_ = np.linalg.lstsq(design, y, rcond=None)
        spread = float(np.std(y - design @ first)) or 1.0
        initial = np.append(first, np.log(spread))
    else:
        initial = np.append(start.beta, np.log(start.sigma))
    found = minimize(negative, initial, jac=True, method="BFGS", options={"gtol": 1e-7})
    return TruncatedFit(
        beta=found.x[:-1],
        sigma=float(np.exp(found.x[-1])),
        log_likelihood=-float(found.fun),
        converged=bool(found.success),
    )


@dataclass(frozen=True)
class SecondStage:
    """Efficiency related to structure: coefficients with bootstrap intervals, and units.

    ``coefficients`` has :data:`COEFFICIENT_COLUMNS` (the intercept first;
    ``std_error`` is the bootstrap draws' standard deviation). ``units`` (indexed like
    the efficiencies given) has :data:`UNIT_COLUMNS`, each efficiency in the model's
    orientation; ``in_fit`` is False for the units on the frontier, which the fit
    leaves out.
    """

    coefficients: pd.DataFrame
    units: pd.DataFrame
    sigma: float
    count: int
    draws: int
    level: float
    method: str = METHOD


def second_stage(
    efficiency: pd.Series,
    context: pd.DataFrame,
    *,
    orientation: str = "input",
    draws: int = 1000,
    level: float = 95.0,
    seed: int = 0,
) -> SecondStage:
    """Relate DEA ``efficiency`` (in ``orientation``: input ≤ 1, output ≥ 1) to the
    ``context`` columns (same index, finite numbers) by SW2007's algorithm 1."""
    from scipy.stats import truncnorm

    delta = efficiency.to_numpy(dtype=float)
    if orientation == "input":
        with np.errstate(divide="ignore"):
            delta = 1 / delta  # an efficiency of 0 (no output at all) is infinitely far
    names = [str(name) for name in context.columns]
    design = np.column_stack([np.ones(len(delta)), context.to_numpy(dtype=float)])
    # The frontier's units are DEA's artefact, and a unit without output is no distance at
    # all: both are left out of the fit.
    inside = np.isfinite(delta) & (delta > 1 + 1e-9)
    count, columns = int(inside.sum()), design.shape[1]
    if count <= columns + 1:
        raise BenchlearnError.of("eff_stage_too_few", {"count": count, "needed": columns + 2})
    if np.linalg.matrix_rank(design[inside]) < columns:
        raise BenchlearnError.of("eff_collinear", {"names": ", ".join(names)})
    fit = truncated_regression(delta[inside], design[inside])
    mean = design[inside] @ fit.beta
    rng = np.random.default_rng(seed)
    lower = (1 - mean) / fit.sigma
    drawn = np.empty((draws, columns))
    for draw in range(draws):
        noise = truncnorm.rvs(lower, np.inf, scale=fit.sigma, size=count, random_state=rng)
        drawn[draw] = truncated_regression(mean + noise, design[inside], start=fit).beta
    tail = (100 - level) / 2
    low, high = np.percentile(drawn, [tail, 100 - tail], axis=0)
    coefficients = pd.DataFrame(
        {
            "term": ["intercept", *names],
            "estimate": fit.beta,
            "std_error": drawn.std(axis=0, ddof=1),
            "ci_low": low,
            "ci_high": high,
        }
    )
    return SecondStage(
        coefficients=coefficients,
        units=_units(efficiency.index, delta, design, fit, inside, orientation),
        sigma=fit.sigma,
        count=count,
        draws=draws,
        level=level,
    )


def _units(
    index: pd.Index,
    delta: np.ndarray,
    design: np.ndarray,
    fit: TruncatedFit,
    inside: np.ndarray,
    orientation: str,
) -> pd.DataFrame:
    """Each unit's efficiency, the efficiency its structure predicts and the efficiency
    at the network's mean structure, in ``orientation``."""
    from scipy.special import log_ndtr

    mean = design @ fit.beta
    a = (mean - 1) / fit.sigma
    expected = mean + fit.sigma * np.exp(-0.5 * a**2 - 0.5 * np.log(2 * np.pi) - log_ndtr(a))
    average = design.mean(axis=0) @ fit.beta
    adjusted = np.maximum(delta - (mean - average), 1.0)
    turn = (lambda v: 1 / v) if orientation == "input" else (lambda v: v)
    return pd.DataFrame(
        {
            "efficiency": turn(delta),
            "expected": turn(expected),
            "structure_adjusted": turn(adjusted),
            "in_fit": inside,
        },
        index=index,
    )
