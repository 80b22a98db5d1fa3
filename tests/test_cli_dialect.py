"""The command line speaks one dialect: one spelling per idea, --format wherever a table
comes out, --lang on every command, and only the documented exit codes.

Every command and option is walked: a visible old spelling (``--k``, ``--years``, a
municipality as a positional argument), a table without ``--format table|csv|json|xlsx``
or a command without ``--lang`` fails here. The old spellings still work, unshown.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from benchlearn.cli import cli
from benchlearn.cli.options import AliasOption, HiddenArgument
from benchlearn.messages import MESSAGES
from tests.conftest import WORKSPACE_DEFINITIONS, write

#: Old spellings that may still work (hidden aliases) but never be shown.
OLD = {"--k", "--years"}
#: Commands a table comes out of: each has --format with the four choices and -o/--out.
TABLES = {
    "audit", "batches", "check", "clusters", "definitions list", "definitions models",
    "definitions validate", "efficiency", "expected-cost",
    "forms status", "funnel", "history", "impact", "import", "index", "municipalities list",
    "networks", "networks members", "partners", "peers list", "plans list", "plans progress",
    "plans show", "practice list", "publish", "pull",
    "rank", "shrink", "similar", "users list",
}  # fmt: skip
#: What an option that names each idea is spelled, short form first.
SPELLINGS = {
    "municipality": ["-m", "--municipality"],
    "municipalities": ["-m", "--municipality"],
    "indicator": ["-i", "--indicator"],
    "indicators": ["-i", "--indicator"],
    "network": ["-n", "--network"],
    "k": ["-k"],
}
#: The exit codes the root help documents.
EXIT_CODES = {0, 1, 2, 3}


def commands(group: click.Group = cli, prefix: str = "") -> list[tuple[str, click.Command]]:
    """Every command that runs: the leaves, and the groups that run without a subcommand."""
    found: list[tuple[str, click.Command]] = []
    for name, command in sorted(group.commands.items()):
        path = f"{prefix}{name}"
        if isinstance(command, click.Group):
            if command.invoke_without_command:
                found.append((path, command))
            found.extend(commands(command, f"{path} "))
        else:
            found.append((path, command))
    return found


COMMANDS = commands()
IDS = [path for path, _ in COMMANDS]


def shown(option: click.Option) -> list[str]:
    """The names ``--help`` shows for an option."""
    names = option.visible_opts if isinstance(option, AliasOption) else option.opts
    return [*names, *option.secondary_opts]


def options(command: click.Command) -> dict[str, click.Option]:
    """A command's visible options by each name shown."""
    return {
        name: p
        for p in command.params
        if isinstance(p, click.Option) and not p.hidden
        for name in shown(p)
    }


def every_name(command: click.Command) -> set[str]:
    """Every name a command accepts, hidden aliases too, and the root group's."""
    names = {n for p in [*command.params, *cli.params] for n in [*p.opts, *p.secondary_opts]}
    return names | {"-h", "--help"}


#: Commands that print a table among other things, not a table to read back: ``position``
#: prints its table between a title and sentences, and its ``-o`` writes a workbook.
NOT_TABLES = {"position"}


def test_the_walk_finds_every_table_command() -> None:
    import inspect

    printing = {
        path
        for path, command in COMMANDS
        if command.callback is not None
        and "echo_frame(" in inspect.getsource(inspect.unwrap(command.callback))
    }

    assert set(IDS) >= TABLES
    assert printing - NOT_TABLES <= TABLES


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=IDS)
def test_no_old_spelling_is_shown(path: str, command: click.Command) -> None:
    visible = set(options(command))
    positional = [
        p.name
        for p in command.params
        if isinstance(p, click.Argument)
        and not isinstance(p, HiddenArgument)
        and p.name in ("municipality", "indicator")
    ]

    assert visible & OLD == set(), path
    assert positional == [], path


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=IDS)
def test_each_idea_has_one_spelling(path: str, command: click.Command) -> None:
    for option in command.params:
        if isinstance(option, click.Option) and option.name in SPELLINGS and not option.hidden:
            assert shown(option) == SPELLINGS[option.name], (path, option.name)


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=IDS)
def test_every_command_has_lang(path: str, command: click.Command) -> None:
    assert "--lang" in options(command), path


@pytest.mark.parametrize("path", sorted(TABLES))
def test_every_table_has_the_four_formats_and_a_file(path: str) -> None:
    command = dict(COMMANDS)[path]
    found = options(command)

    assert isinstance(found["--format"].type, click.Choice), path
    assert list(found["--format"].type.choices) == ["table", "csv", "json", "xlsx"], path
    assert {"-o", "--out"} <= set(found), path


def test_every_option_a_message_names_is_an_option() -> None:
    every = set().union(*(every_name(c) for _, c in COMMANDS))
    named = {
        option
        for entry in MESSAGES.values()
        for text in entry.values()
        for option in re.findall(r"(?<![\w-])(--?[a-z][a-z-]*)", text)
        if not option.startswith("-h")
    }

    assert named - every == set()


# --- running: the old spellings, the formats, the exit codes ----------------------


MUNICIPALITIES = """code,name,kind,region
A1,Sociālā Ābele,city,North
B2,=SUM(1),novads,South
C3,Gamma,novads,South
"""
VALUES = """municipality,indicator,year,value
A1,COST,2023,100
A1,POP,2023,1000
A1,SHARE,2023,80
B2,COST,2023,300
B2,POP,2023,2000
B2,SHARE,2023,60
C3,COST,2023,200
C3,POP,2023,4000
C3,SHARE,2023,70
"""


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def dialect_db(sqlite_url: str, runner: CliRunner, tmp_path: Path) -> str:
    """A database with three members, one of them named like a formula."""
    municipalities = write(tmp_path / "m.csv", MUNICIPALITIES)
    definitions = write(tmp_path / "d.yaml", WORKSPACE_DEFINITIONS)
    values = write(tmp_path / "v.csv", VALUES)
    for args in (
        ["db", "upgrade", "--no-builtin"],
        ["municipalities", "load", str(municipalities)],
        ["definitions", "load", str(definitions)],
        ["import", str(values)],
    ):
        result = runner.invoke(cli, ["--db", sqlite_url, *args])
        assert result.exit_code == 0, result.output
    return sqlite_url


def run(runner: CliRunner, db: str, *args: str) -> click.testing.Result:
    return runner.invoke(cli, ["--db", db, *args])


def test_old_spellings_still_work_unshown(runner: CliRunner, dialect_db: str) -> None:
    new = run(runner, dialect_db, "history", "-m", "A1", "-i", "SHARE", "--format", "json")
    old = run(runner, dialect_db, "history", "A1", "SHARE", "--format", "json")
    k_new = run(runner, dialect_db, "similar", "-n", "T9", "--year", "2023", "-k", "1",
                "--format", "csv")  # fmt: skip
    k_old = run(runner, dialect_db, "similar", "--network", "T9", "--year", "2023", "--k", "1",
                "--format", "csv")  # fmt: skip

    assert (new.exit_code, old.exit_code) == (0, 0)
    assert old.stdout == new.stdout
    assert [r["value"] for r in json.loads(new.stdout)] == [80.0]
    assert (k_new.exit_code, k_old.exit_code) == (0, 0)
    assert k_old.stdout == k_new.stdout
    assert len(k_new.stdout.splitlines()) == 4  # a header and one neighbour for each member


def test_a_positional_and_an_option_that_differ_is_a_usage_error(
    runner: CliRunner, dialect_db: str
) -> None:
    both = run(runner, dialect_db, "partners", "A1", "-m", "B2", "-n", "T9", "--year", "2023")
    neither = run(runner, dialect_db, "partners", "-n", "T9", "--year", "2023")

    assert both.exit_code == 2
    assert both.stderr.splitlines()[-1] == (
        "Error: --municipality B2 and the argument A1 differ; give one of them."
    )
    assert neither.exit_code == 2
    assert neither.stderr.splitlines()[-1] == "Error: Missing option '-m' / '--municipality'."


def test_a_csv_file_has_a_byte_order_mark_and_reads_back_as_written(
    runner: CliRunner, dialect_db: str, tmp_path: Path
) -> None:
    import pandas as pd

    out = tmp_path / "municipalities.csv"
    written = run(runner, dialect_db, "municipalities", "list", "-o", str(out))
    on_stdout = run(runner, dialect_db, "municipalities", "list", "--format", "csv")
    for_excel = run(runner, dialect_db, "municipalities", "list", "--format", "csv", "--excel")

    assert written.exit_code == 0
    assert written.stdout == ""
    assert written.stderr == f"Wrote {out}.\n"
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    assert out.read_text(encoding="utf-8-sig") == on_stdout.stdout
    assert for_excel.stdout == "\ufeff" + on_stdout.stdout
    assert not on_stdout.stdout.startswith("\ufeff")
    read = pd.read_csv(out)
    assert list(read["name"]) == ["Sociālā Ābele", "'=SUM(1)", "Gamma"]


def test_xlsx_needs_a_file_and_keeps_texts_as_texts(
    runner: CliRunner, dialect_db: str, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "municipalities.xlsx"
    refused = run(runner, dialect_db, "municipalities", "list", "--format", "xlsx")
    written = run(runner, dialect_db, "municipalities", "list", "-o", str(out))

    assert refused.exit_code == 2
    assert refused.stderr.splitlines()[-1] == (
        "Error: Invalid value for '--format': xlsx is written to a file: give -o FILE.xlsx."
    )
    assert written.exit_code == 0
    sheet = load_workbook(out).active
    assert sheet is not None
    names = [(c.value, c.data_type) for (c,) in sheet.iter_rows(min_row=2, min_col=2, max_col=2)]
    assert names == [("Sociālā Ābele", "s"), ("=SUM(1)", "s"), ("Gamma", "s")]


def test_csv_has_names_beside_codes(runner: CliRunner, dialect_db: str) -> None:
    ranked = run(runner, dialect_db, "rank", "-n", "T9", "--year", "2023", "-i", "SHARE",
                 "--format", "csv")  # fmt: skip

    header, *rows = (line.split(",") for line in ranked.stdout.splitlines())
    assert header[:3] == ["municipality", "name", "indicator"]
    assert header[-1] == "peer_group"
    assert [(r[0], r[1], r[-1]) for r in rows] == [
        ("A1", "Sociālā Ābele", "network"), ("B2", "'=SUM(1)", "network"),
        ("C3", "Gamma", "network"),
    ]  # fmt: skip


def test_a_problem_report_is_a_table(runner: CliRunner, dialect_db: str, tmp_path: Path) -> None:
    bad = write(tmp_path / "bad.yaml", "indicators:\n  - code: X\n    direction: up\n")
    good = write(tmp_path / "good.yaml", WORKSPACE_DEFINITIONS)

    failed = run(runner, dialect_db, "definitions", "validate", str(bad), "--format", "json")
    passed = run(runner, dialect_db, "definitions", "validate", str(good), "--format", "json")

    assert failed.exit_code == 1
    problems = json.loads(failed.stdout)
    assert {tuple(p) for p in problems} == {("file", "row", "column", "path", "message")}
    assert {p["file"] for p in problems} == {str(bad)}
    assert len(problems) >= 1
    assert passed.exit_code == 0
    assert passed.stdout == "[]\n"


def test_an_import_report_keeps_lists_as_json_arrays(
    runner: CliRunner, dialect_db: str, tmp_path: Path
) -> None:
    values = write(tmp_path / "v.csv", "municipality,indicator,year,value\nZZ,SHARE,2023,5\n")

    result = run(runner, dialect_db, "import", str(values), "--format", "json")

    assert result.exit_code == 1
    (record,) = json.loads(result.stdout)
    assert record["file"] == str(values)
    assert record["written"] is False
    assert isinstance(record["problems"], list)
    assert record["problems"] == [
        f"{values}, row 2, column municipality: unknown municipality 'ZZ'"
    ]


def test_quiet_leaves_notes_out_and_verbose_logs_steps(runner: CliRunner, dialect_db: str) -> None:
    args = ["similar", "-n", "T9", "--year", "2023", "-k", "1", "--format", "csv"]
    normal = runner.invoke(cli, ["--db", dialect_db, *args])
    quiet = runner.invoke(cli, ["--db", dialect_db, "-q", *args])
    verbose = runner.invoke(cli, ["--db", dialect_db, "-vv", *args])

    assert normal.stderr != ""
    assert quiet.stderr == ""
    assert quiet.stdout == normal.stdout
    assert "INFO benchlearn: database " in verbose.stderr
    assert re.search(r"DEBUG benchlearn\.sql: \d+\.\d ms  SELECT", verbose.stderr)


def test_the_root_help_documents_the_exit_codes(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["--help"])

    assert result.output.endswith(
        "  Exit codes:\n"
        "    0  done\n"
        "    1  problems found: a library error, a file's validation problems, check errors\n"
        "    2  usage: an unknown command or option, a bad or missing value\n"
        "    3  the machine: a full disk, a read-only place, a lost or busy database;\n"
        "       or an internal error, a bug (set BENCHLEARN_DEBUG=1 to see the traceback)\n"
    )


BAD_INPUT = [
    ("a typo in a command", ["rnak"], 2),
    ("an unknown option", ["rank", "-n", "T9", "--year", "2023", "--yaer", "1"], 2),
    ("a missing option", ["rank", "--year", "2023"], 2),
    ("a bad format", ["rank", "-n", "T9", "--year", "2023", "--format", "xml"], 2),
    ("an unknown network", ["rank", "-n", "NOPE", "--year", "2023"], 1),
    ("an unknown municipality", ["history", "-m", "ZZ", "-i", "SHARE"], 1),
    ("no structural variables", ["rank", "-n", "T9", "--year", "2023", "--peers", "similar:1"], 0),
    ("clusters without k", ["clusters", "-n", "T9", "--year", "2023"], 1),
    ("a file that is not there", ["import", "missing.csv"], 2),
    ("a check", ["check", "-n", "T9", "--year", "2023"], 0),
]


@pytest.mark.parametrize(("what", "args", "code"), BAD_INPUT, ids=[w for w, _, _ in BAD_INPUT])
def test_exit_codes_are_the_documented_ones(
    runner: CliRunner, dialect_db: str, what: str, args: list[str], code: int
) -> None:
    result = runner.invoke(cli, ["--db", dialect_db, *args])
    command = cli.commands.get(args[0])

    assert result.exit_code in EXIT_CODES
    assert result.exit_code == code, (what, result.output)
    if command is not None:  # a message names only options of the command it is shown for
        named = set(re.findall(r"(?<![\w-])(--?[a-z][a-z-]*)", result.stderr))
        assert named <= every_name(command) | {"--yaer"}, what


def test_a_hint_names_vars_only_where_there_is_vars(runner: CliRunner, dialect_db: str) -> None:
    bare = write(Path(dialect_db.removeprefix("sqlite:///")).parent / "n.yaml",
                 "network:\n  code: N0\n  name: Bare\n  indicators: [SHARE]\n  members: all\n")  # fmt: skip
    assert run(runner, dialect_db, "definitions", "load", str(bare)).exit_code == 0

    ranked = run(runner, dialect_db, "rank", "-n", "N0", "--year", "2023", "--peers", "similar:1")
    similar = run(runner, dialect_db, "similar", "-n", "N0", "--year", "2023")

    assert (ranked.exit_code, similar.exit_code) == (1, 1)
    assert ranked.stderr == (
        "Error: network N0 declares no structural variables; declare them under structural: "
        "in its definition\n"
    )
    assert similar.stderr == (
        "Error: network N0 declares no structural variables; give them with --vars, "
        "e.g. --vars POP:log,AREA_KM2\n"
    )


def test_pull_takes_year_repeated_or_as_a_range_and_years_still_works(
    runner: CliRunner, dialect_db: str
) -> None:
    new = run(runner, dialect_db, "pull", "--year", "2015-2016", "--year", "20x5")
    old = run(runner, dialect_db, "pull", "--years", "2015-2016,20x5")

    assert (new.exit_code, old.exit_code) == (1, 1)
    assert (
        new.stderr
        == old.stderr
        == ("Error: '2015-2016,20x5' is not a year or a range of years such as 2015-2024\n")
    )
