"""Expected cost: what each unit's structure predicts it spends, and how far it is from that.

A high cost per inhabitant may be a choice or a circumstance: a small, sparse
municipality cannot run a sports hall for as few kroner per head as a city.
Norway's cost key (*kostnadsnøkkelen*) and Kolada's reference cost
(*referenskostnad*) separate the two by regressing cost on structural variables
the municipality cannot choose; the prediction is the unit's *expected cost*,
and its cost minus that is the part its structure does not explain.

benchlearn does the same by ordinary least squares, one observation per unit
and an intercept (as R's ``lm(cost ~ x1 + x2)``):

* each unit counts once, not by its population: the question is what a
  municipality of a given structure spends, and weighting by population would
  let the capital set the expectation for everyone;
* the difference is in the cost's own unit (money per inhabitant for a cost per
  inhabitant); times the unit's population it is money in total, and the
  network's total over the units above their expectation is what would be
  freed if each spent what its structure predicts (the reading of the
  Norwegian ministry's "about NOK 29 billion");
* the coefficients come with their standard errors and t-values, so the
  structure is said out loud: which variable moves cost, and how surely.

An expected cost is no verdict: the regression explains what it is given, and
a unit above it may serve more or better. ``tests/test_expected_cost.py``
checks every figure against R's ``lm`` on the KOSTRA sample.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from benchlearn.errors import BenchlearnError

#: The columns of :attr:`ExpectedCost.units`, in order.
COLUMNS = ("cost", "expected_cost", "difference", "population", "difference_total")
#: The columns of :attr:`ExpectedCost.coefficients`, in order.
COEFFICIENT_COLUMNS = ("term", "estimate", "std_error", "t_value", "p_value")


@dataclass(frozen=True)
class ExpectedCost:
    """Each unit's cost against its expected cost, and the regression behind it.

    ``units`` (indexed like the costs given) has :data:`COLUMNS`: ``difference`` is
    cost − expected cost in the cost's unit, ``difference_total`` that times
    ``population`` (NaN without a population). ``coefficients`` has
    :data:`COEFFICIENT_COLUMNS`, the intercept first. ``above_total`` sums the
    positive ``difference_total``: what would be spent less if every unit above its
    expectation spent what its structure predicts.
    """

    units: pd.DataFrame
    coefficients: pd.DataFrame
    r_squared: float
    adjusted_r_squared: float
    residual_se: float
    count: int
    above_total: float
    method: str = "OLS"


def expected_cost(
    cost: pd.Series, context: pd.DataFrame, population: pd.Series | None = None
) -> ExpectedCost:
    """Regress ``cost`` on the ``context`` columns (intercept first) by least squares.

    ``cost`` and ``context`` share their index (one row a unit) and hold finite numbers:
    the caller leaves out units with a figure missing and says so. ``population``
    (same index) turns each difference into a total.
    """
    from scipy import stats

    names = [str(name) for name in context.columns]
    count, columns = len(cost), len(names) + 1
    if count <= columns:
        raise BenchlearnError.of("eff_too_few", {"count": count, "needed": columns + 1})
    y = cost.to_numpy(dtype=float)
    design = np.column_stack([np.ones(count), context.to_numpy(dtype=float)])
    if np.linalg.matrix_rank(design) < columns:
        raise BenchlearnError.of("eff_collinear", {"names": ", ".join(names)})
    beta, *_ = np.linalg.lstsq(design, y, rcond=None)
    fitted = design @ beta
    residual = y - fitted
    freedom = count - columns
    sigma2 = float(residual @ residual) / freedom
    covariance = sigma2 * np.linalg.inv(design.T @ design)
    se = np.sqrt(np.diag(covariance))
    t_value = beta / se
    p_value = 2 * stats.t.sf(np.abs(t_value), freedom)
    total = float(((y - y.mean()) ** 2).sum())
    r_squared = 1 - float(residual @ residual) / total if total > 0 else float("nan")
    adjusted = 1 - (1 - r_squared) * (count - 1) / freedom
    people = (
        population.reindex(cost.index).to_numpy(dtype=float)
        if population is not None
        else np.full(count, np.nan)
    )
    units = pd.DataFrame(
        {
            "cost": y,
            "expected_cost": fitted,
            "difference": residual,
            "population": people,
            "difference_total": residual * people,
        },
        index=cost.index,
    )
    coefficients = pd.DataFrame(
        {
            "term": ["intercept", *names],
            "estimate": beta,
            "std_error": se,
            "t_value": t_value,
            "p_value": p_value,
        }
    )
    above = units["difference_total"].where(units["difference"] > 0).sum(min_count=1)
    return ExpectedCost(
        units=units,
        coefficients=coefficients,
        r_squared=r_squared,
        adjusted_r_squared=adjusted,
        residual_se=float(np.sqrt(sigma2)),
        count=count,
        above_total=float(above),
    )
