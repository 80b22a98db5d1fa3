"""Expected cost (``benchlearn expected-cost``): each member's cost against what its structure
predicts, checked against R's ``lm`` on the KOSTRA sample (tests/data/expected_cost_kostra,
REFERENCE.txt there), on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from sqlalchemy import Engine

from benchlearn.analysis.expected_cost import expected_cost
from benchlearn.cli import cli
from benchlearn.commands import expected_cost as command
from benchlearn.database import make_engine
from benchlearn.definitions import parse_variables
from benchlearn.demo import load_sample
from benchlearn.errors import BenchlearnError
from tests.conftest import REPO, WORKSPACE_DEFINITIONS, write

REFERENCE = REPO / "tests" / "data" / "expected_cost_kostra"
COST = "PROPERTY_OPEX_PER_INH"
CONTEXT = "POP:log,OPEX_TOTAL_PER_INH:log"


@pytest.fixture(scope="module")
def kostra(module_db_url: str) -> Iterator[str]:
    """The KOSTRA sample, loaded once per backend for the module's tests."""
    engine = make_engine(module_db_url)
    load_sample(engine, "no-kostra")
    engine.dispose()
    yield module_db_url


def r_summary() -> dict[str, float]:
    lines = (REFERENCE / "lm_summary.txt").read_text(encoding="utf-8").splitlines()
    return {key: float(value) for key, value in (line.split() for line in lines)}


def test_expected_cost_matches_r_lm_on_the_kostra_sample(kostra: str) -> None:
    engine = make_engine(kostra)
    view, money = command(engine, "KOSTRA", 2015, COST, parse_variables(CONTEXT))
    engine.dispose()
    r_coefficients = pd.read_csv(REFERENCE / "lm_coefficients.csv", skipinitialspace=True)
    r_units = pd.read_csv(
        REFERENCE / "lm_units.csv", skipinitialspace=True, dtype={"municipality": str}
    ).set_index("municipality")
    summary = r_summary()
    found = view.result

    assert money == "NOK"
    assert view.terms == ("log(POP)", "log(OPEX_TOTAL_PER_INH)")
    assert found.count == summary["n"] == 404
    assert list(found.coefficients["term"]) == list(r_coefficients["term"])
    for column in ("estimate", "std_error", "t_value", "p_value"):
        np.testing.assert_allclose(
            found.coefficients[column], r_coefficients[column], rtol=1e-9, err_msg=column
        )
    units = found.units.reindex(r_units.index)
    np.testing.assert_allclose(units["expected_cost"], r_units["expected_cost"], rtol=1e-10)
    np.testing.assert_allclose(units["difference"], r_units["difference"], atol=1e-7)
    assert found.r_squared == pytest.approx(summary["r_squared"], rel=1e-12)
    assert found.adjusted_r_squared == pytest.approx(summary["adj_r_squared"], rel=1e-12)
    assert found.residual_se == pytest.approx(summary["sigma"], rel=1e-12)
    assert int((found.units["difference"] > 0).sum()) == summary["above_count"] == 197
    assert found.above_total == pytest.approx(summary["above_total"], rel=1e-10)
    assert len(view.left_out) == 429 - 404


def test_the_cli_prints_the_coefficients_and_says_the_structure_in_both_languages(
    kostra: str,
) -> None:
    runner = CliRunner()
    args = ["--db", kostra, "expected-cost", "-n", "KOSTRA", "--year", "2015", "-i", COST]
    args += ["--context", CONTEXT, "--coefficients"]

    english = runner.invoke(cli, args)
    latvian = runner.invoke(cli, [*args, "--lang", "lv"])

    assert english.exit_code == 0, english.output
    assert english.stdout == (
        "term                       estimate  std_error  t_value  p_value\n"
        "-----------------------  ----------  ---------  -------  -------\n"
        "intercept                -91925.475   5458.387  -16.841        0\n"
        "log(POP)                    164.518     95.896    1.716    0.087\n"
        "log(OPEX_TOTAL_PER_INH)    8613.915     431.17   19.978        0\n"
    )
    left_out = (
        "0426, 0514, 0935, 1431, 1526, 1613, 1815, 1816, 1818, 1827, 1834, 1835, 1840, 1845, "
        "1849, 1850, 1852, 1853, 1854, 1867, 1922, 1925, 2025, 2027, 2028"
    )
    assert english.stderr == (
        "Expected cost of PROPERTY_OPEX_PER_INH by least squares on log(POP), "
        "log(OPEX_TOTAL_PER_INH): R² 0.662, 404 municipalities.\n"
        f"Left out, a figure missing: {left_out}.\n"
        "If the 197 municipalities above their expected cost spent what their structure "
        "predicts, about 2,440,000,000 NOK would be freed.\n"
    )
    assert latvian.stdout.splitlines()[0].split() == [
        "mainīgais", "novērtējums", "standartkļūda", "t", "p-vērtība",
    ]  # fmt: skip
    assert latvian.stderr == (
        "PROPERTY_OPEX_PER_INH gaidāmās izmaksas ar mazāko kvadrātu metodi no log(POP), "
        "log(OPEX_TOTAL_PER_INH): R² 0,662, 404 pašvaldības.\n"
        f"Izlaistas, jo trūkst kāda rādītāja: {left_out}.\n"
        "Ja 197 pašvaldības, kuru izmaksas pārsniedz gaidāmās, tērētu tik, cik paredz to "
        "struktūra, atbrīvotos aptuveni 2 440 000 000 NOK.\n"
    )


def test_the_units_table_puts_the_furthest_above_first_with_names_in_csv(kostra: str) -> None:
    args = ["--db", kostra, "expected-cost", "-n", "KOSTRA", "--year", "2015", "-i", COST]

    result = CliRunner().invoke(cli, [*args, "--format", "csv"])

    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "municipality,name,cost,expected_cost,difference,population,difference_total"
    )
    assert lines[1].startswith("1252,Modalen,25635.17")
    assert len(lines) == 1 + 404


def test_a_network_without_structure_needs_context_and_a_known_cost(
    workspace_files: dict[str, Path], db_url: str, engine: Engine, tmp_path: Path
) -> None:
    del engine  # the schema, in the database db_url names
    plain = WORKSPACE_DEFINITIONS.replace("  structural: [{code: POP, log: true}]\n", "")
    runner = CliRunner()
    values = "municipality,indicator,year,value\nA1,COST,2020,10\nA1,POP,2020,5\n"
    for args in (
        ["municipalities", "load", str(workspace_files["municipalities"])],
        ["definitions", "load", str(write(tmp_path / "plain.yaml", plain))],
        ["import", str(write(tmp_path / "values.csv", values))],
    ):
        done = runner.invoke(cli, ["--db", db_url, *args])
        assert done.exit_code == 0, done.output
    base = ["--db", db_url, "expected-cost", "-n", "T9", "--year", "2020"]

    no_context = runner.invoke(cli, [*base, "-i", "COST_PC"])
    unknown = runner.invoke(cli, [*base, "-i", "MONEY", "--context", "POP"])

    assert (no_context.exit_code, no_context.output) == (
        1, "Error: network T9 has no structural variables: name them with --context\n"
    )  # fmt: skip
    assert (unknown.exit_code, unknown.output) == (1, "Error: unknown indicator 'MONEY'\n")


def test_collinear_or_too_few_units_are_refused_in_one_sentence() -> None:
    cost = pd.Series([1.0, 2.0, 4.0, 3.0], index=list("abcd"))
    twice = pd.DataFrame({"x": [1.0, 2.0, 3.0, 4.0], "y": [2.0, 4.0, 6.0, 8.0]}, index=cost.index)

    with pytest.raises(BenchlearnError) as collinear:
        expected_cost(cost, twice)
    with pytest.raises(BenchlearnError) as few:
        expected_cost(cost[:2], twice[["x"]][:2])

    assert str(collinear.value) == (
        "cannot regress on x, y: a variable is constant or a combination of the others"
    )
    assert str(few.value) == (
        "an expected cost needs at least 3 municipalities with every figure, not 2"
    )


def test_totals_follow_the_population_on_r_lm_of_four_units() -> None:
    cost = pd.Series([10.0, 20.0, 40.0, 30.0], index=list("abcd"))
    size = pd.DataFrame({"x": [1.0, 2.0, 3.0, 4.0]}, index=cost.index)
    people = pd.Series([100.0, 200.0, 300.0, 400.0], index=cost.index)

    found = expected_cost(cost, size, people)

    # R: lm(c(10, 20, 40, 30) ~ c(1, 2, 3, 4)): coefficients 5 and 8, residuals -3 -1 11 -7,
    # R² 0.64
    np.testing.assert_allclose(found.coefficients["estimate"], [5.0, 8.0], atol=1e-12)
    np.testing.assert_allclose(found.units["difference"], [-3, -1, 11, -7], atol=1e-12)
    assert list(found.units["difference_total"].round(9)) == [-300.0, -200.0, 3300.0, -2800.0]
    assert found.above_total == pytest.approx(3300.0)
    assert found.r_squared == pytest.approx(0.64)
    assert found.method == "OLS"
