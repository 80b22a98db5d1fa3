"""Values with their uncertainty (benchlearn.importing.uncertainty, revision 0009) and the
rank intervals of ``benchlearn rank`` (benchlearn.analysis.rank_sets), on SQLite and
PostgreSQL.

The rank intervals are checked against Klein, Wright & Wieczorek (2020, JRSS-C) Figure 1:
mean travel time to work by US state, ACS 2011, from their package RankingProject
(tests/data/rankingproject, SOURCE.txt), imported through the CLI with se = MOE / 1.645;
the 51 expected sets are those of tests/test_rank_sets.py (R 4.2.2, REFERENCE.txt).
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest
from alembic import command
from click.testing import CliRunner
from sqlalchemy import Engine, inspect, select

from benchlearn.cli import cli
from benchlearn.database import alembic_config, upgrade
from benchlearn.models import Observation, ObservationRevision
from tests.conftest import one_value_at, write
from tests.test_rank_sets import EXPECTED, TRAVEL

DEFINITIONS = """indicators:
  - code: TRAVEL
    name: {en: Mean travel time to work, lv: Vidējais ceļa laiks uz darbu}
    unit: minutes
    direction: lower
network:
  code: ACS
  name: {en: US states, lv: ASV štati}
  indicators: [TRAVEL]
  members: all
"""


def _run(url: str, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--db", url, *args])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def states(engine: Engine, tmp_path: Path) -> str:
    """The 51 states as municipalities and TRAVEL (lower is better) in network ACS."""
    travel = pd.read_csv(TRAVEL)
    registry = tmp_path / "states.csv"
    travel.rename(columns={"Abbreviation": "code", "State": "name"})[["code", "name"]].to_csv(
        registry, index=False
    )
    url = engine.url.render_as_string(hide_password=False)
    _run(url, "municipalities", "load", str(registry))
    _run(url, "definitions", "load", str(write(tmp_path / "acs.yaml", DEFINITIONS)))
    return url


def _se_of(engine_url: str) -> dict[str, float | None]:
    from benchlearn.database import make_engine
    from benchlearn.models import Municipality

    engine = make_engine(engine_url)
    with engine.connect() as connection:
        rows = connection.execute(
            select(Municipality.code, Observation.se).join(
                Municipality, Municipality.id == Observation.municipality_id
            )
        ).all()
    engine.dispose()
    return {code: se for code, se in rows}


def test_klein_wright_wieczorek_2020_figure1_rank_sets_through_the_cli(
    states: str, tmp_path: Path
) -> None:
    travel = pd.read_csv(TRAVEL)
    long = pd.DataFrame(
        {
            "municipality": travel["Abbreviation"],
            "indicator": "TRAVEL",
            "year": 2011,
            "value": travel["Estimate.1dec"],
            "se": travel["MOE.1dec"] / 1.645,
        }
    )
    file = tmp_path / "travel.csv"
    long.to_csv(file, index=False)

    imported = _run(states, "import", str(file))
    out = _run(states, "rank", "-n", "ACS", "--year", "2011", "--confidence", "90",
               "--format", "csv")  # fmt: skip

    assert imported == (
        f"{file}: imported 51 rows as batch 1: 51 new, 0 changed, 0 unchanged, 0 rejected.\n"
    )
    ranked = pd.read_csv(io.StringIO(out))
    found = {
        m: (int(low), int(high))
        for m, low, high in zip(
            ranked["municipality"], ranked["rank_low"], ranked["rank_high"], strict=True
        )  # fmt: skip
    }
    assert found == EXPECTED


def test_rank_table_shows_the_set_beside_the_rank_sorted_by_rank(
    states: str, tmp_path: Path
) -> None:
    file = write(
        tmp_path / "t.csv",
        "municipality,indicator,year,value,se\n"
        "SD,TRAVEL,2011,16.9,0.1\nND,TRAVEL,2011,18.0,0.1\nNE,TRAVEL,2011,18.1,0.1\n"
        "WY,TRAVEL,2011,25,\n",
    )
    _run(states, "import", str(file))

    table = _run(states, "rank", "-n", "ACS", "--year", "2011", "--confidence", "95")
    latvian = _run(states, "--lang", "lv", "rank", "-n", "ACS", "--year", "2011",
                   "--confidence", "99.8")  # fmt: skip

    lines = table.splitlines()
    assert [line.split()[0] for line in lines[2:6]] == ["SD", "ND", "NE", "WY"]
    # WY has no standard error: no set of its own, and for the others it could be anywhere.
    assert [line[line.index("TRAVEL") :].split()[3:5] for line in lines[2:5]] == [
        ["1", "(1–2)"],
        ["2", "(2–4)"],
        ["3", "(2–4)"],
    ]
    assert lines[5][lines[5].index("TRAVEL") :].split()[3:5] == ["4", "4"]
    assert lines[-1] == (
        "In brackets: the ranks each one could hold, all of them together with 95% "
        "confidence given the values' standard errors (Klein, Wright & Wieczorek 2020); "
        "none where a value has no standard error."
    )
    assert latvian.splitlines()[-1] == (
        "Iekavās: robežas, kurās ar 99,8 % ticamību vienlaikus atrodas visu vērtību patiesās "
        "vietas, ņemot vērā to standartkļūdas (Klein, Wright & Wieczorek 2020); nav "
        "norādītas, ja vērtībai standartkļūdas nav."
    )


def test_values_without_se_have_no_rank_set_and_no_note(states: str, tmp_path: Path) -> None:
    file = write(
        tmp_path / "t.csv",
        "municipality,indicator,year,value\nSD,TRAVEL,2011,16.9\nND,TRAVEL,2011,18.0\n",
    )
    _run(states, "import", str(file))

    out = _run(states, "rank", "-n", "ACS", "--year", "2011", "--format", "csv")
    table = _run(states, "rank", "-n", "ACS", "--year", "2011")

    ranked = pd.read_csv(io.StringIO(out))
    assert ranked["rank_low"].isna().all() and ranked["rank_high"].isna().all()
    assert "rank_low" in table.splitlines()[0]
    assert "In brackets" not in table


def test_an_interval_is_stored_as_the_se_of_its_wider_half(states: str, tmp_path: Path) -> None:
    file = write(
        tmp_path / "ci.csv",
        "municipality,indicator,year,value,ci_low,ci_high\n"
        "SD,TRAVEL,2011,17,16,18\nND,TRAVEL,2011,17,16,19\nNE,TRAVEL,2011,17,,\n",
    )

    _run(states, "import", str(file), "--ci-level", "90")

    se = _se_of(states)
    assert se["SD"] == pytest.approx(1 / 1.6448536269514722, rel=1e-12)
    assert se["ND"] == pytest.approx(2 / 1.6448536269514722, rel=1e-12)
    assert se["NE"] is None


def test_every_bad_uncertainty_cell_is_named(states: str, tmp_path: Path) -> None:
    file = write(
        tmp_path / "ci.csv",
        "municipality,indicator,year,value,ci_low,ci_high\n"
        "SD,TRAVEL,2011,17,16,18\nND,TRAVEL,2011,17,x,18\nNE,TRAVEL,2011,17,18,16\n"
        "WY,TRAVEL,2011,17,,18\nMT,TRAVEL,2011,20,16,18\n",
    )
    se_file = write(
        tmp_path / "se.csv",
        "municipality,indicator,year,value,se\nSD,TRAVEL,2011,17,-1\nND,TRAVEL,2011,17,abc\n",
    )

    result = CliRunner().invoke(cli, ["--db", states, "import", str(file)])
    refused = CliRunner().invoke(cli, ["--db", states, "import", str(se_file)])

    assert result.exit_code == 1
    assert result.output.splitlines()[1:] == [
        f"  {file}, row 3, column ci_low: 'x' is not a number",
        f"  {file}, row 4, column ci_low: ci_low 18 is above ci_high 16",
        f"  {file}, row 5, column ci_low: an interval needs both ci_low and ci_high; "
        "this row has only ci_high",
        f"  {file}, row 6, column value: the value 20 lies outside its interval 16 to 18",
    ]
    assert refused.output.splitlines()[1:] == [
        f"  {se_file}, row 2, column se: a standard error cannot be negative (-1)",
        f"  {se_file}, row 3, column se: 'abc' is not a number",
    ]
    assert _se_of(states) == {}


def test_a_revision_keeps_the_old_se_and_a_new_value_without_one_has_none(
    states: str, tmp_path: Path
) -> None:
    first = write(
        tmp_path / "a.csv", "municipality,indicator,year,value,se\nSD,TRAVEL,2011,17,0.5\n"
    )
    same = write(tmp_path / "b.csv", "municipality,indicator,year,value\nSD,TRAVEL,2011,17\n")
    new_se = write(
        tmp_path / "c.csv", "municipality,indicator,year,value,se\nSD,TRAVEL,2011,17,0.4\n"
    )
    changed = write(tmp_path / "d.csv", "municipality,indicator,year,value\nSD,TRAVEL,2011,18\n")

    _run(states, "import", str(first))
    unchanged = _run(states, "import", str(same))
    kept = _se_of(states)["SD"]
    revised = _run(states, "import", str(new_se))
    _run(states, "import", str(changed))

    from benchlearn.database import make_engine

    engine = make_engine(states)
    with engine.connect() as connection:
        revisions = connection.execute(
            select(ObservationRevision.value, ObservationRevision.se).order_by(
                ObservationRevision.id
            )
        ).all()
    engine.dispose()
    assert unchanged == f"{same}: nothing changed (1 values already stored).\n"
    assert kept == 0.5
    assert "1 changed" in revised
    assert [tuple(r) for r in revisions] == [(17.0, 0.5), (17.0, 0.4)]
    assert _se_of(states) == {"SD": None}
    shown = pd.read_csv(io.StringIO(_run(states, "history", "-m", "SD", "-i", "TRAVEL",
                                         "--format", "csv")))  # fmt: skip
    assert shown[["value", "se"]].fillna(-1).values.tolist() == [
        [17.0, 0.5], [17.0, 0.4], [18.0, -1.0]
    ]  # fmt: skip


def test_revision_0009_adds_se_and_keeps_every_value(empty_engine: Engine) -> None:
    one_value_at(empty_engine, "0008")

    upgrade(empty_engine, "0009")
    with empty_engine.connect() as connection:
        stored = connection.execute(select(Observation.value, Observation.se)).all()

    assert [tuple(r) for r in stored] == [(12.5, None)]
    with empty_engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0008")
    columns = {c["name"] for c in inspect(empty_engine).get_columns("observation_revisions")}
    assert "se" not in columns
    assert upgrade(empty_engine) == "0010"
