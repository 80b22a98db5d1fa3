"""Names and texts too long for the database: refused at input, alike on both backends.

PostgreSQL refused a 10,000-character municipality name with SQL while SQLite
stored it; every ``String(n)`` of the schema now comes from
:data:`benchlearn.limits.LENGTHS`, and the readers that let names in check it.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import String, func, select

from benchlearn.cli import cli
from benchlearn.limits import LENGTHS
from benchlearn.models import Base, Municipality, MunicipalityAttribute, PeerGroup
from tests.conftest import WORKSPACE_DEFINITIONS, WORKSPACE_MUNICIPALITIES, write


def test_every_string_column_takes_its_length_from_the_one_table() -> None:
    found = {
        f"{table.name}.{column.name}": column.type.length
        for table in Base.metadata.tables.values()
        for column in table.columns
        if isinstance(column.type, String) and column.type.length is not None
    }

    assert found == LENGTHS


def _upgraded(db_url: str, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["--db", db_url, "db", "upgrade", "--no-builtin"])
    assert result.exit_code == 0, result.output


def _counts(db_url: str) -> tuple[int, int]:
    from benchlearn.database import make_engine

    engine = make_engine(db_url)
    with engine.connect() as connection:
        municipalities = connection.execute(select(func.count()).select_from(Municipality))
        attributes = connection.execute(select(func.count()).select_from(MunicipalityAttribute))
        counts = (municipalities.scalar_one(), attributes.scalar_one())
    engine.dispose()
    return counts


def test_registry_refuses_a_name_longer_than_the_database_holds(
    db_url: str, tmp_path: Path
) -> None:
    runner = CliRunner()
    _upgraded(db_url, runner)
    registry = write(
        tmp_path / "reg.csv",
        f"code,name,kind,region\nA1,{'x' * 10_000},novads,{'r' * 201}\n"
        f"{'B' * 33},Beta,{'k' * 65},South\n",
    )

    english = runner.invoke(cli, ["--db", db_url, "municipalities", "load", str(registry)])
    latvian = runner.invoke(
        cli, ["--db", db_url, "--lang", "lv", "municipalities", "load", str(registry)]
    )

    assert english.exit_code == 1
    assert english.output == (
        f"Error: {registry}: 4 problem(s); nothing was loaded\n"
        f"  {registry}, row 2, column name: at most 200 characters fit here; this text has 10000\n"
        f"  {registry}, row 2, column region: at most 200 characters fit here; this text has 201\n"
        f"  {registry}, row 3, column code: at most 32 characters fit here; this text has 33\n"
        f"  {registry}, row 3, column kind: at most 64 characters fit here; this text has 65\n"
    )
    assert latvian.exit_code == 1
    assert latvian.output.splitlines()[:2] == [
        f"Kļūda: {registry}: problēmas: 4; nekas netika ielādēts",
        f"  {registry}, 2. rinda, kolonna name: šeit ietilpst ne vairāk kā 200 rakstzīmes; "
        "šajā tekstā ir 10000",
    ]
    assert _counts(db_url) == (0, 0)


def test_registry_refuses_an_attribute_column_name_too_long(db_url: str, tmp_path: Path) -> None:
    runner = CliRunner()
    _upgraded(db_url, runner)
    column = "a" * 65
    registry = write(tmp_path / "reg.csv", f"code,name,{column}\nA1,Alpha,North\n")

    result = runner.invoke(cli, ["--db", db_url, "municipalities", "load", str(registry)])

    assert result.exit_code == 1
    assert result.output == (
        f"Error: {registry}: 1 problem(s); nothing was loaded\n"
        f"  {registry}, row 1, column {'a' * 40}…: at most 64 characters fit here; "
        "this text has 65\n"
    )
    assert _counts(db_url) == (0, 0)


def test_the_longest_names_allowed_are_stored_alike(db_url: str, tmp_path: Path) -> None:
    runner = CliRunner()
    _upgraded(db_url, runner)
    longest = "Ā" * 200
    registry = write(tmp_path / "reg.csv", f"code,name,region\n{'C' * 32},{longest},{'r' * 200}\n")

    result = runner.invoke(cli, ["--db", db_url, "municipalities", "load", str(registry)])

    assert result.exit_code == 0, result.output
    assert _counts(db_url) == (1, 1)


def test_definitions_refuse_codes_and_units_too_long(db_url: str, tmp_path: Path) -> None:
    runner = CliRunner()
    _upgraded(db_url, runner)
    code, unit = "P" + "O" * 64, "p" * 65
    text = (
        WORKSPACE_DEFINITIONS.replace("code: POP\n", f"code: {code}\n", 1)
        .replace("unit: persons", f"unit: {unit}", 1)
        .replace("code: T9", "code: T" + "9" * 64)
        .replace("COST / POP", f"COST / {code}")
        .replace("{code: POP, log: true}", f"{{code: {code}, log: true}}")
        .replace("population: POP", f"population: {code}")
    )
    definitions = write(tmp_path / "d.yaml", text)

    result = runner.invoke(cli, ["--db", db_url, "definitions", "load", str(definitions)])

    assert result.exit_code == 1
    assert result.output.splitlines()[:4] == [
        "Error: 6 problem(s) in definitions",
        f"  {definitions}, row 6, column 5: indicators[1].code: at most 64 characters fit here; "
        "this text has 65",
        f"  {definitions}, row 8, column 5: indicators[1].unit: at most 64 characters fit here; "
        "this text has 65",
        f"  {definitions}, row 23, column 3: network.code: at most 64 characters fit here; "
        "this text has 65",
    ]
    listed = runner.invoke(cli, ["--db", db_url, "networks"]).output
    assert listed.splitlines()[2:] == []  # the header only: nothing was loaded


def test_peer_group_names_too_long_are_refused(db_url: str, tmp_path: Path) -> None:
    runner = CliRunner()
    _upgraded(db_url, runner)
    registry = write(tmp_path / "m.csv", WORKSPACE_MUNICIPALITIES)
    assert (
        runner.invoke(cli, ["--db", db_url, "municipalities", "load", str(registry)]).exit_code == 0
    )
    peers = write(tmp_path / "p.csv", f"group,municipality,peer\n{'g' * 65},A1,B2\n")

    result = runner.invoke(cli, ["--db", db_url, "peers", "load", str(peers)])

    assert result.exit_code == 1
    assert result.output == (
        f"Error: {peers}: 1 problem(s); nothing was loaded\n"
        f"  {peers}, row 2, column group: at most 64 characters fit here; this text has 65\n"
    )
    from benchlearn.database import make_engine

    engine = make_engine(db_url)
    with engine.connect() as connection:
        assert connection.execute(select(func.count()).select_from(PeerGroup)).scalar_one() == 0
    engine.dispose()
