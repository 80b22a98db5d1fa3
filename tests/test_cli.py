"""The command line, run through click's CliRunner with exact expected output."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from benchlearn.cli import cli
from benchlearn.database import head_revision
from tests.conftest import WORKSPACE_DEFINITIONS, WORKSPACE_MUNICIPALITIES, write

#: The schema revision `db upgrade` brings a database to.
HEAD = head_revision()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def cli_db(db_url: str, runner: CliRunner, tmp_path: Path) -> str:
    """A database set up through the CLI with the small workspace."""
    municipalities = write(tmp_path / "m.csv", WORKSPACE_MUNICIPALITIES)
    definitions = write(tmp_path / "d.yaml", WORKSPACE_DEFINITIONS)
    for args in (
        ["db", "upgrade", "--no-builtin"],
        ["municipalities", "load", str(municipalities)],
        ["definitions", "load", str(definitions)],
    ):
        result = runner.invoke(cli, ["--db", db_url, *args])
        assert result.exit_code == 0, result.output
    return db_url


def test_db_upgrade_reports_revision_and_builtins(sqlite_url: str, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["--db", sqlite_url, "db", "upgrade", "--no-builtin"])

    assert result.exit_code == 0
    assert result.output == (
        f"Schema at revision {HEAD}.\n"
        "No indicators defined yet: load the built-in definitions with "
        "`benchlearn definitions load --builtin`.\n"
    )


def test_commands_need_a_schema(sqlite_url: str, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["--db", sqlite_url, "networks"])

    assert result.exit_code == 1
    assert result.output == (
        f"Error: database {sqlite_url} has no benchlearn schema yet: "
        "run `benchlearn db upgrade` first\n"
    )


def test_import_mixed_bad_file_exits_nonzero_and_changes_nothing(
    cli_db: str, runner: CliRunner, tmp_path: Path
) -> None:
    bad = write(
        tmp_path / "bad.csv",
        "municipality,indicator,year,value\nA1,POP,2020,10\nXX,POP,2020,1\n"
        "B2,POP,2020,ten\nA1,POP,2020,10\n",
    )

    result = runner.invoke(cli, ["--db", cli_db, "import", str(bad)])
    listed = runner.invoke(cli, ["--db", cli_db, "import", "--dry-run", str(bad), "--skip-invalid"])

    assert result.exit_code == 1
    assert result.output == (
        f"Error: {bad}: 3 problem(s) in 3 row(s); nothing was imported "
        "(use --skip-invalid to import the valid rows)\n"
        f"  {bad}, row 3, column municipality: unknown municipality 'XX'\n"
        f"  {bad}, row 4, column value: 'ten' is not a number\n"
        f"  {bad}, row 5: duplicate of row 2 (A1, POP, 2020)\n"
    )
    assert listed.output.startswith(
        f"{bad}: would import 4 rows: 1 new, 0 changed, 0 unchanged, 3 rejected.\n"
    )


def test_import_then_reimport(cli_db: str, runner: CliRunner, tmp_path: Path) -> None:
    good = write(tmp_path / "good.csv", "municipality,indicator,year,value\nA1,POP,2020,10\n")

    first = runner.invoke(cli, ["--db", cli_db, "import", str(good)])
    second = runner.invoke(cli, ["--db", cli_db, "import", str(good)])

    assert first.output == (
        f"{good}: imported 1 rows as batch 1: 1 new, 0 changed, 0 unchanged, 0 rejected.\n"
    )
    assert second.output == f"{good}: nothing changed (1 values already stored).\n"


def test_definitions_validate_reports_every_problem(runner: CliRunner, tmp_path: Path) -> None:
    bad = write(
        tmp_path / "bad.yaml",
        "indicators:\n  - {code: A, name: A, unit: x, direction: up}\n  - {code: B}\n",
    )

    result = runner.invoke(cli, ["definitions", "validate", str(bad)])

    assert result.exit_code == 1
    assert result.output == (
        "Error: 4 problem(s) in definitions\n"
        f"  {bad}, row 2, column 33: indicators[0].direction: 'up' is not one of higher, lower,"
        " neutral\n"
        f"  {bad}, row 3, column 5: indicators[1].name: is required\n"
        f"  {bad}, row 3, column 5: indicators[1].unit: is required\n"
        f"  {bad}, row 3, column 5: indicators[1].direction: is required\n"
    )


def test_definitions_validate_ok(runner: CliRunner, tmp_path: Path) -> None:
    good = write(tmp_path / "d.yaml", WORKSPACE_DEFINITIONS)

    result = runner.invoke(cli, ["definitions", "validate", str(good)])

    assert (result.exit_code, result.output) == (0, "OK: 4 indicators, 1 network.\n")


def test_listing_commands(cli_db: str, runner: CliRunner) -> None:
    networks = runner.invoke(cli, ["--db", cli_db, "networks"])
    indicators = runner.invoke(cli, ["--db", cli_db, "definitions", "list", "--format", "csv"])

    assert networks.output == (
        "code  name          indicators  members  structural\n"
        "----  ------------  ----------  -------  ----------\n"
        "T9    Test network           2        3  POP\n"
    )
    assert indicators.output == (
        "code,name,unit,direction,formula\n"
        "COST,Cost of social assistance,EUR,lower,\n"
        "COST_PC,Cost per inhabitant,EUR per inhabitant,lower,COST / POP\n"
        "POP,Population,persons,neutral,\n"
        "SHARE,Share of clients satisfied,%,higher,\n"
    )


def test_municipalities_list_json(cli_db: str, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["--db", cli_db, "municipalities", "list", "--format", "json"])

    assert result.exit_code == 0
    assert '"code": "A1"' in result.output and '"region": "North"' in result.output


def test_peers_load(cli_db: str, runner: CliRunner, tmp_path: Path) -> None:
    peers = write(tmp_path / "nn.csv", "municipality,peer\nA1,B2\nA1,C3\nB2,A1\n")
    bad = write(tmp_path / "bad.csv", "municipality,peer\nA1,ZZ\nA1,A1\n")

    loaded = runner.invoke(cli, ["--db", cli_db, "peers", "load", str(peers)])
    failed = runner.invoke(cli, ["--db", cli_db, "peers", "load", str(bad), "--name", "nn"])
    listed = runner.invoke(cli, ["--db", cli_db, "peers", "list"])

    assert loaded.output == "Peer group nn: 3 pairs.\n"
    assert failed.exit_code == 1
    assert failed.output == (
        f"Error: {bad}: 2 problem(s); nothing was loaded\n"
        f"  {bad}, row 2, column peer: unknown municipality 'ZZ'\n"
        f"  {bad}, row 3: a municipality is always its own peer; drop this row\n"
    )
    assert listed.output == "nn\n"


def test_unexpected_errors_never_show_a_traceback_and_exit_3(
    cli_db: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import benchlearn.cli as cli_module
    import benchlearn.commands

    def boom(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(benchlearn.commands, "ranking", boom)
    monkeypatch.delenv("BENCHLEARN_DEBUG", raising=False)
    monkeypatch.setattr(
        "sys.argv", ["benchlearn", "--db", cli_db, "rank", "-n", "T2", "--year", "2023"]
    )

    with pytest.raises(SystemExit) as caught:
        cli_module.main()

    assert caught.value.code == 3
    assert capsys.readouterr().err == (
        "Error: unexpected RuntimeError: disk on fire (set BENCHLEARN_DEBUG=1 to see where)\n"
    )
