"""Values with a standard error judged on it: intervals value ± z·se and significance against
the comparator (``rank``), and the funnel for normal data with known se (Spiegelhalter 2005,
Stat Med 24:1185, Table I: limits target ± z_p·se on the precision 1/se²).

The reference figures come from R 4.2.2's base ``qnorm`` (no package), printed to ten
decimals with::

    se <- c(15.53, 1.83, 6.12, 0.84); v <- c(91, 10, 43, 6); t <- 50
    sprintf("%.10f", c(t - qnorm(0.975)*se, t + qnorm(0.975)*se,
                       t - qnorm(0.999)*se, t + qnorm(0.999)*se))
    sprintf("%.10f", c(v - qnorm(0.95)*se, v + qnorm(0.95)*se))
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from sqlalchemy import Engine

from benchlearn.analysis.significance import NORMAL_SE_METHOD, compare_errors, error_funnel
from benchlearn.cli import cli
from benchlearn.commands import rank
from benchlearn.importing import import_file
from benchlearn.registry.municipalities import load_municipalities
from tests.conftest import write

SE = [15.53, 1.83, 6.12, 0.84]
VALUES = [91.0, 10.0, 43.0, 6.0]
R_LOW95 = [19.5617593201, 46.4132659083, 38.0050204146, 48.3536302530]
R_HIGH95 = [80.4382406799, 53.5867340917, 61.9949795854, 51.6463697470]
R_LOW998 = [2.0086922852, 44.3448748797, 31.0877782863, 47.4042048628]
R_HIGH998 = [97.9913077148, 55.6551251203, 68.9122217137, 52.5957951372]
R_CI90_LOW = [65.4554231734, 6.9899178627, 32.9334958031, 4.6183229534]
R_LOW95_OF_VALUES = [v - 1.959963984540054 * s for v, s in zip(VALUES, SE, strict=True)]
R_CI90_HIGH = [116.5445768266, 13.0100821373, 53.0665041969, 7.3816770466]


def test_spiegelhalter_2005_normal_funnel_limits_equal_r_qnorm() -> None:
    rows = pd.DataFrame(
        {"municipality": ["A", "B", "C", "D"], "value": VALUES, "se": SE, "target": 50.0}
    )

    table = error_funnel(rows).set_index("municipality").loc[["A", "B", "C", "D"]]

    assert table["low95"].tolist() == pytest.approx(R_LOW95, abs=1e-9)
    assert table["high95"].tolist() == pytest.approx(R_HIGH95, abs=1e-9)
    assert table["low998"].tolist() == pytest.approx(R_LOW998, abs=1e-9)
    assert table["high998"].tolist() == pytest.approx(R_HIGH998, abs=1e-9)
    assert table["precision"].tolist() == pytest.approx([1 / s**2 for s in SE])
    assert table["funnel"].tolist() == ["above 95%", "below 99.8%", "within", "below 99.8%"]
    assert set(table["method"]) == {NORMAL_SE_METHOD}
    # Ordered by precision, the least precise first, as a funnel is read.
    assert error_funnel(rows)["municipality"].tolist() == ["A", "C", "B", "D"]


def test_intervals_and_significance_at_90_equal_r_qnorm() -> None:
    judged = compare_errors(
        np.array(VALUES + [20.0]),
        np.array(SE + [np.nan]),
        np.full(5, 50.0),
        np.array(["lower"] * 5, dtype=object),
        confidence=90.0,
    )

    expected_95 = [v - 1.959963984540054 * s for v, s in zip(VALUES, SE, strict=True)]
    assert judged["ci95_low"].tolist()[:4] == pytest.approx(expected_95)
    assert judged["significance"].tolist()[:4] == ["worse", "better", "similar", "better"]
    assert pd.isna(judged["significance"].iloc[4])  # no se: not judged here
    assert np.isnan(judged["ci95_low"].iloc[4])
    # The 90 % interval of C (43 ± 1.645 · 6.12, R: 32.93 to 53.07) holds 50: similar.
    assert R_CI90_LOW[2] < 50 < R_CI90_HIGH[2]


def test_rank_judges_values_with_se_on_their_own_intervals(
    workspace: Engine, tmp_path: Path
) -> None:
    """SHARE has no counts: with se it gets intervals and significance against the members'
    median (26.5), at 95 %; COST_PC, without se, stays as it was (no interval, no verdict)."""
    load_municipalities(workspace, write(tmp_path / "d4.csv", "code,name\nD4,Delta\n"))
    members = ["A1", "B2", "C3", "D4"]
    lines = ["municipality,indicator,year,value,se"]
    lines += [f"{m},SHARE,2022,{v},{s}" for m, v, s in zip(members, VALUES, SE, strict=True)]
    lines += [f"{m},COST,2022,{100 * (i + 1)}," for i, m in enumerate(members)]
    lines += [f"{m},POP,2022,1," for m in members]
    import_file(workspace, write(tmp_path / "v.csv", "\n".join(lines) + "\n"))

    found = rank(workspace, "T9", 2022).set_index(["indicator", "municipality"])

    share = found.loc["SHARE"].loc[members]
    assert share["comparator"].tolist() == [26.5] * 4
    assert share["significance"].tolist() == ["better", "worse", "better", "worse"]
    assert share["ci95_low"].tolist() == pytest.approx(R_LOW95_OF_VALUES)
    assert share["ci998_high"].tolist() == pytest.approx(
        [v + 3.090232306167813 * s for v, s in zip(VALUES, SE, strict=True)]
    )
    cost = found.loc["COST_PC"]
    assert cost["significance"].isna().all()
    assert cost["ci95_low"].isna().all()


def test_funnel_of_values_with_se_is_spiegelhalters_normal_funnel(
    workspace: Engine, db_url: str, tmp_path: Path
) -> None:
    """SHARE has no counts; its values' se give the funnel table around the members' median
    (26.5): 26.5 ± 1.96·se, each row naming the method; a drawing is refused in one sentence."""
    load_municipalities(workspace, write(tmp_path / "d4.csv", "code,name\nD4,Delta\n"))
    members = ["A1", "B2", "C3", "D4"]
    lines = ["municipality,indicator,year,value,se"]
    lines += [f"{m},SHARE,2022,{v},{s}" for m, v, s in zip(members, VALUES, SE, strict=True)]
    import_file(workspace, write(tmp_path / "v.csv", "\n".join(lines) + "\n"))
    runner = CliRunner()
    asked = ["--db", db_url, "funnel", "-n", "T9", "--year", "2022", "-i", "SHARE"]

    result = runner.invoke(cli, [*asked, "--format", "csv"])

    assert result.exit_code == 0, result.output
    table = pd.read_csv(io.StringIO(result.output))
    assert table["municipality"].tolist() == ["A1", "C3", "B2", "D4"]  # by precision
    assert table["low95"].tolist() == pytest.approx([26.5 - 1.959963984540054 * s
                                                     for s in (15.53, 6.12, 1.83, 0.84)])  # fmt: skip
    assert table["funnel"].tolist() == ["above 99.8%", "above 95%", "below 99.8%",
                                        "below 99.8%"]  # fmt: skip
    assert set(table["method"]) == {NORMAL_SE_METHOD}
    drawn = runner.invoke(cli, [*asked, "-o", str(tmp_path / "f.svg")])
    assert (drawn.exit_code, drawn.output) == (
        1,
        "Error: SHARE is judged on its values' standard errors, not on counts: funnel writes "
        "its table (-o .csv, .json, .xlsx, .txt) but does not draw it\n",
    )
