"""Nothing to compare: a year without data, a member without peers, a network of one member.

Every comparison command says so in one sentence, in the chosen language, and exits 1,
never a crash or a table of empty scores. "Data" is the network's own indicators: a year
that holds only the population (which another network's form asks too) has none yet.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine

from benchlearn.cli import cli
from benchlearn.definitions.store import load_definitions
from benchlearn.importing import import_file
from benchlearn.messages import counted, year_ranges
from benchlearn.registry.members import MemberEntry, change_members
from benchlearn.registry.peers import load_peer_groups
from tests.conftest import write

#: Another network whose form asks the population too, so that it is not T9's own.
T8 = """network:
  code: T8
  name: Population network
  indicators: [POP]
  members: all
"""
#: 2019 and 2021-2022 have T9's figures (C3 lacks its population in 2021); 2023 only the
#: population; in 2024 A1 has returned a form whose one answer is "-" (missing).
FIGURES = """municipality,year,COST,POP,SHARE
A1,2019,100,10,80
B2,2019,330,20,60
C3,2019,450,30,40
A1,2021,110,10,82
B2,2021,300,20,65
C3,2021,460,,45
A1,2022,120,10,85
B2,2022,310,20,62
C3,2022,470,30,41
A1,2023,,10,
B2,2023,,20,
C3,2023,,30,
"""
MISSING = "municipality,indicator,year,value,status\nA1,COST,2024,,-\n"

NO_DATA = {
    "en": "Error: Network T9's members have no data for {year} yet ({returned}); "
    "years with data: 2019, 2021–2022\n",
    "lv": "Kļūda: {year}. gadā tīkla T9 dalībniekiem vēl nav datu ({returned}); "
    "gadi ar datiem: 2019, 2021–2022\n",
}
NONE_RETURNED = {"en": "0 forms returned", "lv": "iesniegtas 0 veidlapas"}
ONE_RETURNED = {"en": "1 form returned", "lv": "iesniegta 1 veidlapa"}
NO_STRUCTURAL = {
    "en": "Error: The structural variables (POP) have no figures for network T9's members in "
    "2030; years with figures: 2019, 2021–2023\n",
    "lv": "Kļūda: Strukturālajiem mainīgajiem (POP) 2030. gadā nav skaitļu par tīkla T9 "
    "dalībniekiem; gadi ar skaitļiem: 2019, 2021–2023\n",
}
ONE_MEMBER = {
    "en": "Error: network T9 has one member in 2022 (A1): a comparison needs at least two\n",
    "lv": "Kļūda: tīklam T9 2022. gadā ir viens dalībnieks (A1), bet salīdzināšanai vajag "
    "vismaz divus\n",
}
NO_PEERS = {
    "en": "Error: A1 has no peers with --peers {peers} in 2022: there is no one to compare it "
    "with\n",
    "lv": "Kļūda: A1 2022. gadā ar --peers {peers} nav neviena, ar ko to salīdzināt\n",
}


def test_years_as_ranges_and_forms_counted_as_each_language_counts() -> None:
    assert [year_ranges(y) for y in ([], [2024], [2023, 2024], [2024, 2015, 2016, 2023, 2019])] == [
        "", "2024", "2023–2024", "2015–2016, 2019, 2023–2024",
    ]  # fmt: skip
    assert [counted("cmp_forms_returned", n)["lv"] for n in (0, 1, 11, 21)] == [
        "iesniegtas 0 veidlapas", "iesniegta 1 veidlapa", "iesniegtas 11 veidlapas",
        "iesniegta 21 veidlapa",
    ]  # fmt: skip
    assert [counted("cmp_forms_returned", n)["en"] for n in (1, 21)] == [
        "1 form returned", "21 forms returned",
    ]  # fmt: skip


@pytest.fixture
def rounds(workspace: Engine, workspace_files: dict[str, Path], tmp_path: Path) -> Engine:
    """T9 with figures for 2019, 2021 and 2022, the population alone for 2023, one form
    with a missing answer for 2024; peer group g links B2 to C3 only."""
    t8 = write(tmp_path / "t8.yaml", T8)
    load_definitions(workspace, [workspace_files["definitions"], t8])
    assert import_file(workspace, write(tmp_path / "figures.csv", FIGURES)).written
    assert import_file(workspace, write(tmp_path / "missing.csv", MISSING)).written
    load_peer_groups(workspace, write(tmp_path / "g.csv", "municipality,peer\nB2,C3\n"), "g")
    return workspace


def run(db_url: str, lang: str, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--db", db_url, "--lang", lang, *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def comparisons(out: Path) -> list[list[str]]:
    """Every comparison command on T9, before ``--year``."""
    network = ["--network", "T9"]
    return [
        ["rank", *network],
        ["rank", *network, "--indicator", "SHARE", "--since", "2019"],
        ["position", "A1", *network],
        ["partners", "A1", *network],
        ["index", *network],
        ["funnel", *network, "--indicator", "SHARE"],
        ["workbook", *network, "--out", str(out / "t9.xlsx")],
        ["report", *network, "--out", str(out / "t9.pdf")],
        ["report", *network, "--annual", "--out", str(out / "t9.pdf")],
        ["report", *network, "--municipality", "A1", "--out", str(out / "t9.pdf")],
        ["site", *network, "--out", str(out / "site")],
        ["check", *network],
    ]


@pytest.mark.parametrize("lang", ["en", "lv"])
def test_every_comparison_of_a_year_with_only_the_population_says_so(
    rounds: Engine, db_url: str, tmp_path: Path, lang: str
) -> None:
    expected = NO_DATA[lang].format(year=2023, returned=NONE_RETURNED[lang])
    out = tmp_path / "out"
    out.mkdir()

    found = [run(db_url, lang, *args, "--year", "2023") for args in comparisons(out)]

    assert found == [(1, expected)] * len(found)
    assert list(out.iterdir()) == []  # nothing written


@pytest.mark.parametrize("lang", ["en", "lv"])
def test_a_form_with_only_missing_answers_is_returned_but_no_data(
    rounds: Engine, db_url: str, lang: str
) -> None:
    found = run(db_url, lang, "rank", "--network", "T9", "--year", "2024")

    assert found == (1, NO_DATA[lang].format(year=2024, returned=ONE_RETURNED[lang]))


@pytest.mark.parametrize("lang", ["en", "lv"])
def test_a_year_before_the_network_had_data_fails_rank_since(
    rounds: Engine, db_url: str, lang: str
) -> None:
    found = run(db_url, lang, "rank", "--network", "T9", "--year", "2022", "--since", "2020")

    assert found == (1, NO_DATA[lang].format(year=2020, returned=NONE_RETURNED[lang]))


@pytest.mark.parametrize("lang", ["en", "lv"])
@pytest.mark.parametrize("command", [["similar"], ["clusters", "--k", "2"]])
def test_similarity_says_its_structural_variables_have_no_figures(
    rounds: Engine, db_url: str, lang: str, command: list[str]
) -> None:
    # Figures up to 2023: 2030 is beyond the default window of three years either side.
    found = run(db_url, lang, *command, "--network", "T9", "--year", "2030")

    assert found == (1, NO_STRUCTURAL[lang])


def test_a_network_without_any_data_says_so(workspace: Engine, db_url: str) -> None:
    found = [
        run(db_url, lang, "rank", "--network", "T9", "--year", "2022") for lang in ("en", "lv")
    ]

    assert found == [
        (1, "Error: Network T9's members have no data for 2022 yet (0 forms returned), nor for "
            "any other year\n"),
        (1, "Kļūda: 2022. gadā tīkla T9 dalībniekiem vēl nav datu (iesniegtas 0 veidlapas), "
            "un nav datu arī par citiem gadiem\n"),
    ]  # fmt: skip


@pytest.mark.parametrize("lang", ["en", "lv"])
@pytest.mark.parametrize("peers", ["group:g", "attr:region"])
def test_a_member_without_peers_is_told_so(
    rounds: Engine, db_url: str, tmp_path: Path, lang: str, peers: str
) -> None:
    base = ["--network", "T9", "--year", "2022", "--peers", peers]
    out = str(tmp_path / "a1.pdf")

    found = [
        run(db_url, lang, "position", "A1", *base),
        run(db_url, lang, "partners", "A1", *base),
        run(db_url, lang, "report", *base, "--municipality", "A1", "--out", out),
    ]
    code, ranked = run(db_url, "en", "rank", *base, "--indicator", "SHARE", "--format", "json")
    book = run(db_url, lang, "workbook", *base, "--out", str(tmp_path / "t9.xlsx"))

    assert found == [(1, NO_PEERS[lang].format(peers=peers))] * 3
    assert book[0] == 0  # the network's workbook shows A1 on its own
    # The network's own tables show it on its own: ranked 1 of 1, no peer to differ from.
    assert code == 0
    a1 = next(r for r in json.loads(ranked) if r["municipality"] == "A1")
    assert (a1["rank"], a1["n"], a1["gap_to_median"]) == (1, 1, 0)


@pytest.fixture
def alone(
    rounds: Engine, workspace_files: dict[str, Path], tmp_path: Path
) -> Engine:  # fmt: skip
    """T9 with A1 as its only member, as a facilitator sets it."""
    change_members(rounds, "T9", 2022, members=[MemberEntry("A1", 2022, None)])
    return rounds


@pytest.mark.parametrize("lang", ["en", "lv"])
def test_a_network_of_one_member_compares_it_with_no_one(
    alone: Engine, db_url: str, tmp_path: Path, lang: str
) -> None:
    base = ["--network", "T9", "--year", "2022"]

    found = [
        run(db_url, lang, *args)
        for args in (
            ["rank", *base],
            ["index", *base],
            ["similar", *base],
            ["clusters", *base, "--k", "2"],
            ["position", "A1", *base],
            ["partners", "A1", *base],
            ["workbook", *base, "--out", str(tmp_path / "a1.xlsx")],
        )
    ]

    assert found == [(1, ONE_MEMBER[lang])] * len(found)


def test_a_network_of_one_member_compared_with_everyone(
    alone: Engine, db_url: str, tmp_path: Path
) -> None:
    base = ["--network", "T9", "--year", "2022", "--peers", "all"]

    code, ranked = run(db_url, "en", "rank", *base, "--format", "json")
    book = run(db_url, "en", "workbook", *base, "--out", str(tmp_path / "a1.xlsx"))
    lonely = run(db_url, "en", "rank", "--network", "T9", "--year", "2022", "--peers", "group:g")

    assert code == 0
    assert [(r["municipality"], r["indicator"], r["rank"], r["n"]) for r in json.loads(ranked)] == [
        ("A1", "COST_PC", 1, 3),
        ("A1", "SHARE", 1, 3),
    ]
    assert book[0] == 0 and (tmp_path / "a1.xlsx").is_file()
    assert lonely == (
        1,
        "Error: no member of network T9 has peers with --peers group:g in 2022: there is no "
        "one to compare them with\n",
    )
