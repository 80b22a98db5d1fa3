"""Who may see a value: the audience, the rule, the definitions' keys, the schema's
revision 0007, publishing and imports, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from alembic import command
from click.testing import CliRunner
from sqlalchemy import Engine, inspect, select

from benchlearn.access import EVERYONE, PUBLIC, Audience, using
from benchlearn.access.publication import publications, publish
from benchlearn.access.scope import Released, Scope, default_visibility, read_scope
from benchlearn.cli import cli
from benchlearn.compare import open_context
from benchlearn.database import alembic_config, upgrade
from benchlearn.definitions import read_files
from benchlearn.definitions.model import ReleaseRule
from benchlearn.definitions.store import load_definitions, stored_definitions
from benchlearn.errors import BenchlearnError, ValidationError
from benchlearn.importing import import_file
from benchlearn.models import Observation
from tests.conftest import WORKSPACE_DEFINITIONS, one_value_at, write

# --- the audience and the rule ----------------------------------------------------------


def test_an_audience_is_parsed_from_the_option_and_bound_to_the_network() -> None:
    assert Audience.parse("public") == PUBLIC
    assert Audience.parse("all") == EVERYONE
    assert Audience.parse("network").within("T2") == Audience("network", frozenset({"T2"}))
    assert Audience.parse("LV-002").within("T2") == Audience(
        "municipality", frozenset({"T2"}), "LV-002"
    )
    assert PUBLIC.within("T2") == PUBLIC  # the public belongs to no network
    with pytest.raises(BenchlearnError, match="--audience takes public, network, all"):
        Audience.parse(" ")


def test_the_cover_line_says_for_whom_in_both_languages() -> None:
    member = Audience("municipality", frozenset({"T2"}), "LV-002")
    names = {"LV-002": "Aizkraukles novads"}

    assert Audience("network", frozenset({"T2"})).label("en") == (
        "Made for the members of network T2: restricted figures, do not publish"
    )
    assert Audience("network", frozenset({"T2"})).label("lv") == (
        "Sagatavots tīkla T2 dalībniekiem: ierobežotas pieejamības dati, nepublicēt"
    )
    assert member.label("lv", names) == (
        "Sagatavots tīkla T2 dalībniecei – pašvaldībai Aizkraukles novads: "
        "ierobežotas pieejamības dati, nepublicēt"
    )
    assert EVERYONE.label("lv") == (
        "Sagatavots datubāzes uzturētājam: visas vērtības, arī ierobežotās; nepublicēt"
    )


#: Five values of A1 and B2 (members) and C3 (not), each with a visibility of its own.
VALUES = pd.DataFrame(
    {
        "municipality": ["A1", "A1", "B2", "B2", "C3", "A1"],
        "indicator": ["X", "X", "X", "Y", "X", "Y"],
        "year": [2024, 2023, 2024, 2024, 2024, 2024],
        "visibility": ["network", "own", "own", None, "network", "public"],
    }
)


@pytest.mark.parametrize(
    ("audience", "hidden"),
    [
        (PUBLIC, [True, True, True, True, True, False]),
        (Audience("network", frozenset({"N"})), [False, True, True, True, True, False]),
        (
            Audience("municipality", frozenset({"N"}), "B2"),
            [False, True, False, False, True, False],
        ),
        (Audience("facilitator", frozenset({"N"})), [False, False, False, False, True, False]),
        (EVERYONE, [False] * 6),
    ],
)
def test_the_rule(audience: Audience, hidden: list[bool]) -> None:
    # Y's default is own (an indicator's visibility:), so B2's Y without a word is own;
    # A1's Y says public itself and wins over the default.
    scope = Scope(audience, {"Y": "own"}, frozenset({"A1", "B2"}), stored=True)

    assert scope.hidden(VALUES).tolist() == hidden


def test_a_publication_makes_its_year_of_its_network_public() -> None:
    released = (Released(2024, frozenset({"X"}), frozenset({"A1", "B2"})),)
    scope = Scope(PUBLIC, {}, frozenset(), released, stored=True)

    # A1 and B2's X of 2024 are public; A1's X of 2023 and C3's (not a member) stay hidden
    assert scope.hidden(VALUES).tolist() == [False, True, False, False, True, False]


def test_the_default_is_the_indicators_else_the_most_restricted_network(tmp_path: Path) -> None:
    found = read_files([write(tmp_path / "d.yaml", DEFINITIONS)])

    # COST says own itself; COST_PC and SHARE are N1's (network; N2 says public); POP says
    # public, though COST_PC is built from it
    assert default_visibility(found) == {"COST": "own", "COST_PC": "network", "SHARE": "network"}


DEFINITIONS = """indicators:
  - {code: COST, name: Cost, unit: EUR, direction: lower, visibility: own}
  - {code: SHARE, name: Share, unit: "%", direction: higher}
  - {code: POP, name: Population, unit: persons, direction: neutral, visibility: public}
  - {code: COST_PC, name: Cost per inhabitant, unit: EUR, direction: lower, formula: COST / POP}
networks:
  - code: N1
    name: One
    indicators: [COST_PC, SHARE, POP]
    visibility: network
    release: {month: 6, day: 30, years_after: 1}
  - {code: N2, name: Two, indicators: [SHARE], visibility: public}
"""


# --- definitions ------------------------------------------------------------------------


def test_visibility_and_release_are_read_and_written_back(tmp_path: Path) -> None:
    found = read_files([write(tmp_path / "d.yaml", DEFINITIONS)])
    network = found.networks["N1"]

    assert found.indicators["COST"].visibility == "own"
    assert network.visibility == "network"
    assert network.release == ReleaseRule(6, 30, 1)
    assert network.release.date_for(2024) == dt.date(2025, 6, 30)
    assert network.to_descriptor()["release"] == {"month": 6, "day": 30, "years_after": 1}
    assert found.indicators["COST"].to_descriptor()["visibility"] == "own"


def test_every_problem_of_visibility_and_release_is_reported_with_its_path(
    tmp_path: Path,
) -> None:
    bad = write(
        tmp_path / "bad.yaml",
        """indicators:
  - {code: X, name: X, unit: EUR, direction: lower, visibility: secret}
networks:
  - {code: N, name: N, indicators: [X], release: {month: 13, day: 0, after: 1}}
  - {code: M, name: M, indicators: [X], release: {month: 2, day: 30, years_after: 1}}
  - {code: K, name: K, indicators: [X], release: 30.06.}
""",
    )
    with pytest.raises(ValidationError) as caught:
        read_files([bad])

    assert [str(p).removeprefix(f"{bad}, ") for p in caught.value.problems] == [
        "row 2, column 53: indicators[0].visibility: 'secret' is not one of public, network, own",
        "row 4, column 70: networks[0].release.after: unknown key (allowed: day, month, "
        "years_after)",
        "row 4, column 51: networks[0].release.month: must be a whole number from 1 to 12, not 13",
        "row 4, column 62: networks[0].release.day: must be a whole number from 1 to 31, not 0",
        "row 4, column 41: networks[0].release.years_after: is required",
        "row 5, column 41: networks[1].release: day 30 of month 2 is no day of the year",
        "row 6, column 41: networks[2].release: must be a mapping of month, day and "
        "years_after (month: 6, day: 30, years_after: 1: the figures of a year on 30 June of "
        "the next)",
    ]


# --- the schema ---------------------------------------------------------------------------


def test_revision_0008_adds_visibility_and_keeps_every_value(empty_engine: Engine) -> None:
    one_value_at(empty_engine, "0007")

    upgrade(empty_engine, "0008")
    with empty_engine.connect() as connection:
        stored = connection.execute(select(Observation.value, Observation.visibility)).all()
    tables = inspect(empty_engine).get_table_names()
    indexes = {i["name"] for i in inspect(empty_engine).get_indexes("observations")}

    assert [tuple(r) for r in stored] == [(12.5, None)]
    assert "publications" in tables
    assert "ix_observations_visibility" in indexes

    with empty_engine.begin() as connection:
        command.downgrade(alembic_config(connection), "0007")
    columns = {c["name"] for c in inspect(empty_engine).get_columns("observations")}
    assert "visibility" not in columns
    assert "publications" not in inspect(empty_engine).get_table_names()
    assert upgrade(empty_engine) == "0010"


# --- reading through an audience, publishing ------------------------------------------------


@pytest.fixture
def restricted(workspace: Engine, tmp_path: Path) -> Engine:
    """The workspace's T9 with ``visibility: network`` and an embargo; COST of 2023 and
    2024 for A1, B2, C3, and A1's SHARE of 2024 own."""
    definitions = WORKSPACE_DEFINITIONS.replace(
        "  population: POP\n",
        "  population: POP\n  visibility: network\n"
        "  release: {month: 6, day: 30, years_after: 1}\n",
    ).replace("    direction: neutral\n", "    direction: neutral\n    visibility: public\n", 1)
    load_definitions(workspace, [write(tmp_path / "d.yaml", definitions)], replace=True)
    rows = ["municipality,indicator,year,value,visibility"]
    for year in (2023, 2024):
        for code, cost, pop in (("A1", 100, 10), ("B2", 300, 20), ("C3", 500, 25)):
            rows += [f"{code},COST,{year},{cost},", f"{code},POP,{year},{pop},"]
            rows.append(f"{code},SHARE,{year},{cost / 10},{'own' if code == 'A1' else ''}")
    result = import_file(workspace, write(tmp_path / "v.csv", "\n".join(rows) + "\n"))
    assert result.written and result.visibility_set == 2
    return workspace


def shown(engine: Engine, audience: Audience, year: int = 2024) -> dict[tuple[str, str], object]:
    with engine.connect() as connection:
        ctx = open_context(connection, "T9", year, audience=audience)
        found = ctx.values(["COST_PC", "SHARE", "POP"])
    return {
        (m, i): s or v
        for m, i, v, s in found[["municipality", "indicator", "value", "status"]].itertuples(
            index=False
        )
    }


def test_a_network_audience_sees_the_network_values_not_a_members_own(restricted: Engine) -> None:
    assert shown(restricted, Audience("network")) == {
        ("A1", "COST_PC"): 10.0, ("B2", "COST_PC"): 15.0, ("C3", "COST_PC"): 20.0,
        ("A1", "POP"): 10.0, ("B2", "POP"): 20.0, ("C3", "POP"): 25.0,
        ("A1", "SHARE"): "..", ("B2", "SHARE"): 30.0, ("C3", "SHARE"): 50.0,
    }  # fmt: skip
    assert shown(restricted, Audience.parse("A1"))[("A1", "SHARE")] == 10.0


def test_the_public_sees_public_values_only_and_rates_built_on_restricted_counts_withheld(
    restricted: Engine,
) -> None:
    with using(PUBLIC):  # what --audience public puts in force
        found = shown(restricted, PUBLIC)

    assert found == {
        ("A1", "COST_PC"): "..", ("B2", "COST_PC"): "..", ("C3", "COST_PC"): "..",
        ("A1", "POP"): 10.0, ("B2", "POP"): 20.0, ("C3", "POP"): 25.0,
        ("A1", "SHARE"): "..", ("B2", "SHARE"): "..", ("C3", "SHARE"): "..",
    }  # fmt: skip


def test_publishing_waits_for_the_embargo_and_then_releases_the_year(restricted: Engine) -> None:
    approved = dt.datetime(2024, 3, 1, 9, 0)  # before the embargo's day
    with restricted.begin() as connection:
        done = publish(connection, stored_definitions(connection), "T9", 2023, by="F", now=approved)
    with restricted.connect() as connection:
        before = read_scope(
            connection, stored_definitions(connection), PUBLIC, dt.date(2024, 6, 29)
        )
        after = read_scope(connection, stored_definitions(connection), PUBLIC, dt.date(2024, 6, 30))
        listed = publications(connection)

    assert (done.released_on, done.waiting) == (dt.date(2024, 6, 30), True)
    assert before.released == ()
    assert after.released[0].year == 2023
    assert listed.to_dict("records") == [
        {"network": "T9", "year": 2023, "approved_at": pd.Timestamp(approved),
         "approved_by": "F", "released_on": dt.date(2024, 6, 30)}
    ]  # fmt: skip
    assert shown(restricted, PUBLIC, 2023)[("B2", "COST_PC")] == 15.0
    assert shown(restricted, PUBLIC, 2023)[("A1", "SHARE")] == 10.0  # restricted: own too


def test_publish_on_the_command_line(restricted: Engine) -> None:
    url = restricted.url.render_as_string(hide_password=False)
    runner = CliRunner()
    first = runner.invoke(cli, ["--db", url, "publish", "-n", "T9", "--year", "2024"])
    again = runner.invoke(
        cli, ["--db", url, "--lang", "lv", "publish", "-n", "T9", "--year", "2024"]
    )
    today = dt.datetime.now(dt.UTC).date()

    assert first.exit_code == 0
    assert first.output == (
        "Publication approved: the restricted values of network T9 for 2024 become public "
        "on 2025-06-30, when the embargo ends.\n"
        if today < dt.date(2025, 6, 30)
        else f"The restricted values of network T9 for 2024 are public from {today}.\n"
    )
    assert again.exit_code == 1
    assert again.output.startswith(
        "Kļūda: tīkla T9 2024. gada vērtību publicēšana apstiprināta jau "
    )


def test_a_bad_visibility_word_rejects_its_row(workspace: Engine, tmp_path: Path) -> None:
    file = write(
        tmp_path / "v.csv",
        "municipality,indicator,year,value,visibility\nA1,COST,2024,1,Own\nB2,COST,2024,2,secret\n",
    )
    result = import_file(workspace, file, skip_invalid=True)
    with workspace.connect() as connection:
        stored = connection.execute(select(Observation.value, Observation.visibility)).all()

    assert [p.line() for p in result.problems] == [
        f"{file}, row 3, column visibility: 'secret' is not a visibility: use one of "
        "public, network, own"
    ]
    assert [tuple(r) for r in stored] == [(1.0, "own")]


def test_the_option_says_it_for_a_whole_file(workspace: Engine, tmp_path: Path) -> None:
    file = write(tmp_path / "v.csv", "municipality,year,COST,POP\nA1,2024,1,2\n")
    url = workspace.url.render_as_string(hide_password=False)
    result = CliRunner().invoke(cli, ["--db", url, "import", str(file), "--visibility", "own"])
    again = CliRunner().invoke(cli, ["--db", url, "import", str(file), "--visibility", "own"])

    assert result.output.splitlines()[1:] == ["Values whose visibility the import set: 2."]
    assert again.output == f"{file}: nothing changed (2 values already stored).\n"


def test_a_bad_audience_is_a_usage_error(restricted: Engine) -> None:
    url = restricted.url.render_as_string(hide_password=False)
    result = CliRunner().invoke(cli, ["--db", url, "rank", "-n", "T9", "--year", "2024",
                                      "--audience", ""])  # fmt: skip

    unknown = CliRunner().invoke(cli, ["--db", url, "rank", "-n", "T9", "--year", "2024",
                                       "--audience", "ZZ9"])  # fmt: skip

    assert result.exit_code == 2
    assert "--audience takes public, network, all or a municipality's code, not ''" in (
        result.output
    )
    assert (unknown.exit_code, unknown.output) == (
        1,
        "Error: --audience ZZ9: no municipality has this code\n",
    )


def test_python_reads_values_as_the_audience_in_force_may_see_them(restricted: Engine) -> None:
    from benchlearn.api import Database

    database = Database(restricted)
    public = database.values("SHARE", 2024, "A1", "T9")
    with using(EVERYONE):
        everything = database.values("SHARE", 2024, "A1", "T9")

    assert public["status"].tolist() == [".."]
    assert public["value"].isna().tolist() == [True]
    assert everything[["value", "status"]].to_dict("records") == [{"value": 10.0, "status": None}]


def test_a_median_is_of_what_the_audience_may_see(restricted: Engine) -> None:
    from benchlearn.compare import rank

    def medians(audience: Audience) -> dict[str, float]:
        with restricted.connect() as connection:
            ranked = rank(open_context(connection, "T9", 2024, audience=audience))
        chosen = ranked[ranked["indicator"] == "SHARE"]
        return dict(zip(chosen["municipality"], chosen["peer_median"], strict=True))

    # SHARE 10 (A1, own), 30 (B2), 50 (C3): the members' median of three is 30; without
    # A1's, which the members may not see, it is 40, and A1's value cannot be had from it
    assert medians(Audience.parse("A1")) == {"A1": 30.0, "B2": 30.0, "C3": 30.0}
    assert medians(Audience("network")) == {"A1": 40.0, "B2": 40.0, "C3": 40.0}
