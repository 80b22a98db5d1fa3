"""The second stage (Simar & Wilson 2007, algorithm 1): the truncated regression checked
against R's optim on mtcars (tests/data/truncreg_mtcars, truncreg.R there), and the
bootstrap on units drawn from a known truncated model."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from benchlearn.analysis.second_stage import METHOD, second_stage, truncated_regression
from benchlearn.errors import BenchlearnError
from tests.conftest import REPO

REFERENCE = REPO / "tests" / "data" / "truncreg_mtcars"


def test_truncated_regression_matches_r_optim_on_mtcars() -> None:
    cars = pd.read_csv(REFERENCE / "mtcars_above_15.csv")
    r = pd.read_csv(REFERENCE / "truncreg_mtcars.csv", skipinitialspace=True)
    expected = dict(zip(r["term"], r["value"], strict=True))
    design = np.column_stack([np.ones(len(cars)), cars["wt"], cars["hp"]])

    fit = truncated_regression(cars["mpg"].to_numpy(), design, bound=15.0)

    assert fit.converged
    assert len(cars) == expected["n"] == 26
    np.testing.assert_allclose(
        fit.beta, [expected["intercept"], expected["wt"], expected["hp"]], rtol=1e-6
    )
    assert fit.sigma == pytest.approx(expected["sigma"], rel=1e-6)
    assert fit.log_likelihood == pytest.approx(expected["log_likelihood"], rel=1e-12)


def simulated(count: int, seed: int) -> tuple[pd.Series, pd.DataFrame]:
    """Input efficiencies 1/δ with δ = 1.2 + 0.5 z + ε truncated at 1 (σ = 0.3), and
    every tenth unit on the frontier (δ = 1), as DEA puts some there."""
    from scipy.stats import truncnorm

    rng = np.random.default_rng(seed)
    z = rng.uniform(0, 2, count)
    mean = 1.2 + 0.5 * z
    delta = mean + truncnorm.rvs((1 - mean) / 0.3, np.inf, scale=0.3, random_state=rng)
    delta[::10] = 1.0
    index = [f"U{i:03d}" for i in range(count)]
    return pd.Series(1 / delta, index=index), pd.DataFrame({"z": z}, index=index)


def test_the_bootstrap_interval_holds_the_true_coefficients_of_a_known_model() -> None:
    efficiency, context = simulated(200, seed=7)

    found = second_stage(efficiency, context, draws=200, seed=1)

    coefficients = found.coefficients.set_index("term")
    assert found.method == METHOD
    assert found.count == 180  # the 20 units on the frontier are left out of the fit
    assert list(found.units["in_fit"]).count(False) == 20
    for term, truth in (("intercept", 1.2), ("z", 0.5)):
        assert coefficients.loc[term, "ci_low"] < truth < coefficients.loc[term, "ci_high"]
    assert found.sigma == pytest.approx(0.3, abs=0.06)


def test_structure_adjusted_efficiency_moves_each_unit_to_the_mean_structure() -> None:
    efficiency, context = simulated(100, seed=3)

    found = second_stage(efficiency, context, draws=20, seed=0)

    beta = found.coefficients.set_index("term")["estimate"]
    delta = 1 / efficiency
    shift = (context["z"] - context["z"].mean()) * beta["z"]
    expected = 1 / np.maximum(delta - shift, 1.0)
    np.testing.assert_allclose(found.units["structure_adjusted"], expected, rtol=1e-12)
    assert (found.units["expected"] <= 1).all()  # input efficiency: at most 1
    assert list(found.units.columns) == ["efficiency", "expected", "structure_adjusted", "in_fit"]


def test_too_few_units_off_the_frontier_are_refused_in_one_sentence() -> None:
    efficiency = pd.Series([1.0, 1.0, 0.8, 0.9])
    context = pd.DataFrame({"z": [1.0, 2.0, 3.0, 4.0]})

    with pytest.raises(BenchlearnError) as caught:
        second_stage(efficiency, context, draws=10)

    assert str(caught.value) == (
        "the second stage needs at least 4 units off the frontier with every figure, not 2"
    )
