"""Under --lang lv every error is Latvian: the library's, the comparisons' and click's own.

Each case triggers one error a user meets on the comparison and listing commands and
asserts the exact Latvian output, then that no English word of the catalogue is left in
it (codes, option names, quoted input and definition paths are the user's own words).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine

from benchlearn.cli import cli
from benchlearn.importing import import_file
from benchlearn.registry.peers import PEER_KINDS
from tests.conftest import write
from tests.test_latvian_round import english_words, words
from tests.test_no_data import FIGURES

USAGE = "Lietojums: benchlearn {command} [OPCIJAS]\nPalīdzība: „benchlearn {help}”.\n\n"
T9 = ["--network", "T9", "--year", "2022"]

CASES: list[tuple[str, list[str], int, str]] = [
    ("unknown network", ["rank", "--network", "XX", "--year", "2022"], 1,
     "Kļūda: nezināms tīkls „XX” (zināmie: T9)\n"),
    ("unknown indicator", ["rank", *T9, "--indicator", "NOPE"], 1,
     "Kļūda: nezināms rādītājs „NOPE”\n"),
    ("not a member", ["partners", "Z9", *T9], 1, "Kļūda: Z9 nav tīkla T9 dalībniece 2022. gadā\n"),
    ("not members", ["position", "Z9", *T9], 1, "Kļūda: nav tīkla T9 dalībnieki 2022. gadā: Z9\n"),
    ("left out", ["similar", "--network", "T9", "--year", "2021", "--municipality", "C3", "--window", "0"], 1,
     "Kļūda: C3 netiek salīdzināta, jo tai nav vērtības: POP\n"),
    ("needs counts", ["funnel", *T9, "--indicator", "SHARE"], 1,
     "Kļūda: rādītājam SHARE pamatā nav skaitu: piltuves diagrammai vajag rādītāju ar "
     "skaitītāju un saucēju (definīcijā statistic: proportion vai rate)\n"),
    ("--vars", ["similar", *T9, "--vars", "POP:x"], 1,
     "Kļūda: --vars: „POP:x”: jābūt KODS[:log][:SVARS]\n"),
    ("--peers kind", ["rank", *T9, "--peers", "foo"], 1,
     "Kļūda: --peers „foo”: jābūt vienam no: network, all, attr:NAME, group:NAME, similar:K\n"),
    ("--peers K", ["rank", *T9, "--peers", "similar:x"], 1,
     "Kļūda: --peers similar:x: K jābūt veselam skaitlim\n"),
    ("--peers group", ["rank", *T9, "--peers", "group:nope"], 1,
     "Kļūda: nezināma salīdzināmo grupa „nope”; ielādētās grupas: nav (ielādējiet ar "
     "`benchlearn peers load`)\n"),
    ("-k or --auto", ["clusters", *T9], 1, "Kļūda: norādiet -k N vai --auto\n"),
    ("--compare", ["clusters", *T9, "--k", "2", "--compare", "nope"], 1,
     "Kļūda: --compare nope: pašvaldībām nav šāda atribūta\n"),
    ("--explain", ["similar", *T9, "--explain", "B2"], 2,
     USAGE.format(command="similar", help="similar --help")
     + "Kļūda: --explain var lietot tikai kopā ar --municipality\n"),
    ("missing option", ["rank", "--network", "T9"], 2,
     USAGE.format(command="rank", help="rank --help")
     + "Kļūda: Trūkst opcijas '--year'.\n"),
    ("not a number", ["rank", "--network", "T9", "--year", "x"], 2,
     USAGE.format(command="rank", help="rank --help")
     + "Kļūda: Nederīga '--year' vērtība: 'x' nav vesels skaitlis.\n"),
    ("bad choice", ["rank", *T9, "--format", "xml"], 2,
     USAGE.format(command="rank", help="rank --help")
     + "Kļūda: Nederīga '--format' vērtība: 'xml' nav neviena no šīm: 'table', 'csv', "
     "'json', 'xlsx'.\n"),
    ("no such command", ["rnak"], 2,
     "Lietojums: benchlearn [OPCIJAS] KOMANDA [ARGUMENTI]...\nPalīdzība: „benchlearn --help”.\n\n"
     "Kļūda: Nav šādas komandas: 'rnak'. Varbūt domājāt kādu no šīm: 'rank', 'shrink'?\n"),
    ("no such command, one near", ["rankk"], 2,
     "Lietojums: benchlearn [OPCIJAS] KOMANDA [ARGUMENTI]...\nPalīdzība: „benchlearn --help”.\n\n"
     "Kļūda: Nav šādas komandas: 'rankk'. Varbūt domājāt 'rank'?\n"),
    ("no such option", ["rank", "--network", "T9", "--yaer", "2022"], 2,
     USAGE.format(command="rank", help="rank --help")
     + "Kļūda: Nav šādas opcijas: '--yaer'. (Iespējamās opcijas: --peers, --year)\n"),
    ("site languages", ["site", *T9, "--out", "site", "--lang", "de"], 2,
     USAGE.format(command="site", help="site --help")
     + "Kļūda: Nederīga '--lang' vērtība: „de”: viena vai vairākas no en, lv, atdalītas ar "
     "komatiem\n"),
]  # fmt: skip


@pytest.fixture
def figures(workspace: Engine, tmp_path: Path) -> Engine:
    """T9's figures for 2019, 2021 (C3 without its population) and 2022."""
    assert import_file(workspace, write(tmp_path / "figures.csv", FIGURES)).written
    return workspace


def run(db_url: str, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        cli, ["--db", db_url, "--lang", "lv", *args], prog_name="benchlearn"
    )
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def english_left(text: str) -> list[str]:
    """The catalogue's English words in ``text``, leaving out what the user typed or what
    names a thing: commands, options and their values, quoted input, commands in
    backticks, definition paths, codes."""
    text = text.replace(", ".join(PEER_KINDS), " ")
    text = re.sub(r"benchlearn(?: [a-z]+)*", " ", text)  # a command's name
    text = re.sub(r"--[\w-]+|'[^']*'|„[^”]*”|`[^`]*`|\S*[\[\]:]\S*|\b[A-Z][A-Z_]+\b", " ", text)
    return sorted(words(text) & english_words())


@pytest.mark.parametrize(("args", "code", "expected"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])  # fmt: skip
def test_every_error_is_latvian(
    figures: Engine, db_url: str, args: list[str], code: int, expected: str
) -> None:
    found = run(db_url, *args)

    assert found == (code, expected)
    assert english_left(found[1]) == []


def test_a_definitions_problem_is_latvian(workspace: Engine, db_url: str, tmp_path: Path) -> None:
    bad = write(tmp_path / "bad.yaml", "indicators:\n  - code: X\n    name: Y\n"
                "    direction: higher\n")  # fmt: skip

    found = run(db_url, "definitions", "validate", str(bad))

    assert found == (1, f"Kļūda: definīcijās atrastās problēmas: 1\n  {bad}, 2. rinda, kolonna 5: "
                        "indicators[0].unit: ir obligāts\n")  # fmt: skip
    assert english_left(found[1]) == []


def test_municipality_kinds_are_in_the_readers_words(workspace: Engine, db_url: str) -> None:
    latvian = run(db_url, "municipalities", "list")
    english = CliRunner().invoke(cli, ["--db", db_url, "municipalities", "list"]).output
    csv = CliRunner().invoke(cli, ["--db", db_url, "--lang", "lv", "municipalities", "list",
                                   "--format", "csv"]).output  # fmt: skip

    assert latvian == (
        0,
        "kods  nosaukums  veids          spēkā no  spēkā līdz  region\n"
        "----  ---------  -------------  --------  ----------  ------\n"
        "A1    Alpha      valstspilsēta                        North\n"
        "B2    Beta       novads                               South\n"
        "C3    Gamma      novads                               South\n",
    )
    assert [re.split(r"\s{2,}", line)[2] for line in english.splitlines()[2:]] == [
        "state city", "municipality", "municipality",
    ]  # fmt: skip
    assert csv.splitlines()[1:] == ["A1,Alpha,city,,,North", "B2,Beta,novads,,,South",
                                    "C3,Gamma,novads,,,South"]  # fmt: skip


def test_an_error_before_the_command_is_read_follows_benchlearn_lang() -> None:
    runner = CliRunner(env={"BENCHLEARN_LANG": "lv"})

    missing = runner.invoke(cli, ["--db"], prog_name="benchlearn")
    unknown = runner.invoke(cli, ["--dbb", "x", "rank"], prog_name="benchlearn")

    assert (missing.exit_code, missing.output) == (2, "Kļūda: Opcijai '--db' vajag vērtību.\n")
    assert (unknown.exit_code, unknown.output) == (
        2,
        "Lietojums: benchlearn [OPCIJAS] KOMANDA [ARGUMENTI]...\n"
        "Palīdzība: „benchlearn --help”.\n\n"
        "Kļūda: Nav šādas opcijas: '--dbb'. Varbūt domājāt --db?\n",
    )
