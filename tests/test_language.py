"""Latvian for people, English for machines: the global --lang, tables, numbers, units."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from sqlalchemy import Engine

from benchlearn.analysis.similarity import standardise
from benchlearn.cli import cli
from benchlearn.cli.output import render
from benchlearn.definitions import StructuralSpec
from benchlearn.errors import BenchlearnError
from benchlearn.importing import import_file
from benchlearn.messages import date, number, percent
from tests.conftest import write


def test_numbers_and_dates_as_a_reader_writes_them() -> None:
    assert (number(1234567.891, "en"), number(1234567.891, "lv")) == (
        "1,234,567.89",
        "1 234 567,89",
    )
    assert (number(-0.25, "lv", 1), number(float("nan"), "lv")) == ("-0,2", "")
    assert (percent(12.34, "en"), percent(12.34, "lv")) == ("12.3%", "12,3 %")
    assert (date(dt.date(2025, 3, 31), "en"), date(dt.date(2025, 3, 31), "lv")) == (
        "2025-03-31",
        "31.03.2025",
    )


def test_tables_speak_latvian_but_csv_stays_an_interface() -> None:
    frame = pd.DataFrame(
        {"municipality": ["A1"], "value": [1234.5], "band": ["slightly better"], "ok": [True]}
    )

    latvian = render(frame, "table", lang="lv", names={"A1": "Alpha"})
    csv = render(frame, "csv", lang="lv", names={"A1": "Alpha"})

    assert latvian.splitlines() == [
        "pašvaldība  nosaukums  vērtība  salīdzinājumā ar citiem  ok",
        "----------  ---------  -------  -----------------------  --",
        "A1          Alpha       1234,5  nedaudz labāk            jā",
    ]
    assert csv == "municipality,name,value,band,ok\nA1,Alpha,1234.5,slightly better,True\n"


@pytest.fixture
def loaded(workspace: Engine, tmp_path: Path) -> Engine:
    import_file(
        workspace,
        write(
            tmp_path / "v.csv",
            "municipality,year,COST,POP,SHARE\nA1,2022,100,10,80\nB2,2022,330,20,60\n"
            "C3,2022,450,30,40\n",
        ),
    )
    return workspace


def test_global_lang_and_environment(loaded: Engine, db_url: str) -> None:
    runner = CliRunner()
    english = runner.invoke(cli, ["--db", db_url, "networks"])
    latvian = runner.invoke(cli, ["--db", db_url, "--lang", "lv", "networks"])
    from_env = runner.invoke(cli, ["--db", db_url, "networks"], env={"BENCHLEARN_LANG": "lv"})
    own_wins = runner.invoke(
        cli, ["--db", db_url, "networks", "--lang", "en"], env={"BENCHLEARN_LANG": "lv"}
    )

    assert english.output.splitlines()[2].split()[:3] == ["T9", "Test", "network"]
    assert latvian.output.splitlines()[0].split()[:2] == ["kods", "nosaukums"]
    assert "Testa tīkls" in latvian.output
    assert latvian.output.splitlines()[2].split()[-2:] == ["3", "POP"]  # this year's members
    assert from_env.output == latvian.output
    assert own_wins.output == english.output


def test_rank_table_has_names_and_latvian_words(loaded: Engine, db_url: str) -> None:
    result = CliRunner().invoke(
        cli,
        ["--db", db_url, "--lang", "lv", "rank", "--network", "T9", "--year", "2022",
         "--indicator", "COST_PC"],
    )  # fmt: skip

    lines = result.output.splitlines()
    assert lines[0].split()[:4] == ["pašvaldība", "nosaukums", "rādītājs", "gads"]
    assert lines[2].split()[:5] == ["A1", "Alpha", "COST_PC", "2022", "10"]
    assert "daudz labāk" in result.output


def test_similarity_leaves_out_a_variable_most_members_lack() -> None:
    values = pd.DataFrame(
        {"POP": [100.0, 200.0, 400.0, 800.0], "AREA": [1.0, None, None, None]},
        index=pd.Index(["A", "B", "C", "D"], name="municipality"),
    )

    std = standardise(values, [StructuralSpec("POP", log=True), StructuralSpec("AREA")])

    assert [v.code for v in std.variables] == ["POP"]
    assert std.dropped == ("AREA",)
    assert std.excluded.empty
    with pytest.raises(BenchlearnError, match="no structural variable has figures"):
        standardise(values[["AREA"]], [StructuralSpec("AREA")])


def test_similar_says_which_variables_it_used(loaded: Engine, db_url: str) -> None:
    result = CliRunner().invoke(
        cli,
        ["--db", db_url, "--lang", "lv", "similar", "--network", "T9", "--year", "2022",
         "--vars", "POP:log,SHARE", "--k", "1"],
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    assert result.stderr == (
        "Izmantotie strukturālie mainīgie, katrs no tuvākā gada laikposmā 2019–2025: "
        "POP 2022, SHARE 2022.\n"
    )
