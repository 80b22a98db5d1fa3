"""Control rules: declared rules and statistical flags, in `check` and at import."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine

from benchlearn.cli import cli
from benchlearn.definitions.store import load_definitions, stored_definitions
from benchlearn.importing import ImportRejected, import_file
from benchlearn.importing.history import batches
from benchlearn.registry.municipalities import load_municipalities
from benchlearn.rules import check
from tests.conftest import write

RULED = """indicators:
  - {code: TOTAL, name: Clients, unit: persons, direction: neutral, required: true}
  - code: PART
    name: Clients with a plan
    unit: persons
    direction: higher
    max_change: 50
    rules: [PART >= 0]
  - {code: RATE, name: Rate, unit: "%", direction: higher, min: 0, max: 100}
network:
  code: R
  name: Ruled network
  indicators: [PART, RATE, TOTAL]
  members: all
  rules:
    - rule: PART <= TOTAL
      message: {en: more clients with a plan than clients, lv: vairāk klientu ar plānu nekā klientu}
"""


@pytest.fixture
def ruled(engine: Engine, tmp_path: Path) -> Engine:
    municipalities = "code,name\n" + "".join(f"M{i},Place {i}\n" for i in range(1, 8))
    load_municipalities(engine, write(tmp_path / "m.csv", municipalities))
    load_definitions(engine, [write(tmp_path / "d.yaml", RULED)])
    rows = ["municipality,indicator,year,value"]
    for i in range(1, 8):
        rows += [
            f"M{i},TOTAL,2022,{100 + i}",
            f"M{i},PART,2022,{50 + i}",
            f"M{i},RATE,2022,{40 + i}",
        ]
    import_file(engine, write(tmp_path / "2022.csv", "\n".join(rows) + "\n"))
    return engine


def test_check_lists_every_violation_errors_first(ruled: Engine, tmp_path: Path) -> None:
    rows = ["municipality,indicator,year,value"]
    rows += [f"M{i},TOTAL,2023,{100 + i}" for i in range(2, 8)]  # M1 misses TOTAL
    rows += [f"M{i},PART,2023,{51 + i}" for i in range(1, 7)] + ["M7,PART,2023,120"]
    rows += [f"M{i},RATE,2023,{40 + i}" for i in range(1, 7)] + ["M7,RATE,2023,45"]
    # The figures came in before the network declared its rule: check finds what import could not.
    unruled = RULED.split("  rules:\n    - rule: PART <= TOTAL")[0]
    load_definitions(ruled, [write(tmp_path / "unruled.yaml", unruled)], replace=True)
    import_file(ruled, write(tmp_path / "2023.csv", "\n".join(rows) + "\n"), skip_invalid=True)
    load_definitions(ruled, [write(tmp_path / "ruled.yaml", RULED)], replace=True)

    with ruled.connect() as connection:
        found = check(connection, stored_definitions(connection), "R", 2023)

    assert found[["municipality", "indicator", "rule", "severity"]].values.tolist() == [
        ["M1", "TOTAL", "required", "error"],
        ["M7", "PART", "PART <= TOTAL", "error"],
        ["M7", "PART", "max_change", "warning"],
        ["M7", "PART", "outlier", "warning"],
        ["M7", "PART", "unusual_change", "warning"],
    ]
    assert found["message"].tolist()[1] == (
        "more clients with a plan than clients (PART = 120, TOTAL = 107)"
    )
    assert found["message"].tolist()[2] == (
        "changed +111% since 2022 (largest credible change 50%)"
    )


def test_import_blocks_on_a_broken_rule(ruled: Engine, tmp_path: Path) -> None:
    path = write(
        tmp_path / "bad.csv",
        "municipality,indicator,year,value\nM1,PART,2022,500\nM2,PART,2022,60\n",
    )

    with pytest.raises(ImportRejected) as caught:
        import_file(ruled, path)
    allowed = import_file(ruled, path, skip_invalid=True)

    assert [str(p) for p in caught.value.problems] == [
        f"{path}, row 2, column value: M1, 2022: more clients with a plan than clients "
        "(PART = 500, TOTAL = 101)"
    ]
    # With --skip-invalid the row that breaks the rule is rejected like any invalid row.
    assert (allowed.written, allowed.updated, allowed.rejected) == (True, 1, 1)
    assert [str(p) for p in allowed.problems] == [
        f"{path}, row 2, column value: breaks a control rule: more clients with a plan than "
        "clients (PART = 500, TOTAL = 101)"
    ]
    assert allowed.warnings == []
    with ruled.connect() as connection:
        found = check(connection, stored_definitions(connection), "R", 2022)
    assert found.empty  # M1 keeps its old PART of 51; M2's 60 is in


def test_skip_invalid_rejects_every_value_a_broken_rule_names(
    ruled: Engine, tmp_path: Path
) -> None:
    path = write(
        tmp_path / "pair.csv",
        "municipality,indicator,year,value\n"
        "M1,TOTAL,2023,100\nM1,PART,2023,120\nM2,TOTAL,2023,100\nM2,PART,2023,60\n",
    )

    result = import_file(ruled, path, skip_invalid=True)

    # PART <= TOTAL cannot say which of the two is wrong: both are sent back.
    assert [(p.row, p.column) for p in result.problems] == [(2, "value"), (3, "value")]
    assert (result.inserted, result.rejected) == (2, 2)
    assert result.warnings == []  # nothing of M1 was written, so nothing of it is checked
    with ruled.connect() as connection:
        found = check(connection, stored_definitions(connection), "R", 2023, ["M1", "M2"])
    # M1 has nothing for 2023: one "form not returned" line, not a "required" one per indicator.
    assert found[["municipality", "indicator", "rule"]].values.tolist() == [
        ["M1", "", "not_returned"]
    ]


def test_import_shows_warnings_without_blocking(ruled: Engine, tmp_path: Path) -> None:
    path = write(
        tmp_path / "jump.csv",
        "municipality,indicator,year,value\nM1,PART,2023,90\nM1,TOTAL,2023,101\n",
    )

    result = import_file(ruled, path)

    assert result.written
    assert [str(p) for p in result.warnings] == [
        f"{path}, row 2, column value: M1, 2023: changed +76% since 2022 "
        "(largest credible change 50%)"
    ]


def test_import_command_with_a_broken_rule(ruled: Engine, db_url: str, tmp_path: Path) -> None:
    path = write(
        tmp_path / "pair.csv",
        "municipality,indicator,year,value\nM1,TOTAL,2023,100\nM1,PART,2023,120\n"
        "M2,TOTAL,2023,100\nM2,PART,2023,60\n",
    )
    runner = CliRunner()

    blocked = runner.invoke(cli, ["--db", db_url, "import", str(path)])
    skipped = runner.invoke(cli, ["--db", db_url, "import", "--skip-invalid", str(path)])

    with ruled.connect() as connection:
        batch = int(batches(connection)["batch"].max())  # PostgreSQL does not reuse rolled-back ids
    broken = "more clients with a plan than clients (PART = 120, TOTAL = 100)"
    assert (blocked.exit_code, blocked.output) == (
        1,
        f"Error: {path}: 1 problem(s); nothing was imported "
        "(use --skip-invalid to import the valid rows)\n"
        f"  {path}, row 3, column value: M1, 2023: {broken}\n",
    )
    assert (skipped.exit_code, skipped.output) == (
        0,
        f"{path}: imported 4 rows as batch {batch}: 2 new, 0 changed, 0 unchanged, 2 rejected.\n"
        f"  rejected: {path}, row 2, column value: breaks a control rule: {broken}\n"
        f"  rejected: {path}, row 3, column value: breaks a control rule: {broken}\n",
    )


def test_check_command_exit_codes(ruled: Engine, db_url: str) -> None:
    runner = CliRunner()

    clean = runner.invoke(cli, ["--db", db_url, "check", "--network", "R", "--year", "2022"])
    missing = runner.invoke(cli, ["--db", db_url, "check", "--network", "R", "--year", "2024"])

    assert (clean.exit_code, clean.output) == (0, "No problems found for R in 2022.\n")
    # Nobody has returned anything for 2024: one sentence, not a "not returned" line per member.
    assert (missing.exit_code, missing.output) == (
        1,
        "Error: Network R's members have no data for 2024 yet (0 forms returned); "
        "years with data: 2022\n",
    )


def test_rules_must_be_conditions_over_known_indicators(tmp_path: Path) -> None:
    from benchlearn.definitions import read_files
    from benchlearn.errors import ValidationError

    path = write(
        tmp_path / "r.yaml",
        "indicators:\n  - {code: A, name: A, unit: x, direction: higher, rules: [A + 1, A < B]}\n",
    )

    with pytest.raises(ValidationError) as caught:
        read_files([path])

    assert [str(p) for p in caught.value.problems] == [
        f"{path}, row 2, column 60: indicators[0].rules[0].rule: must be a comparison such as PART <= TOTAL",
    ]


def test_a_small_change_is_never_unusual_and_the_table_groups_by_member(
    ruled: Engine, db_url: str, tmp_path: Path
) -> None:
    """Every client count falls by about 1 %, so the changes' MAD is tiny: M6's unchanged
    count (+0 %) is 9.5 MADs from the median change, yet below the 10 % floor; M7's +20 %
    is flagged. The table has one line per member, its worst flags first."""
    shrink = {1: -1.0, 2: -1.1, 3: -0.9, 4: -1.05, 5: -0.95, 6: 0.0, 7: 20.0}
    rows = ["municipality,indicator,year,value"]
    rows += [f"M{i},TOTAL,2023,{(100 + i) * (1 + pct / 100):.4f}" for i, pct in shrink.items()]
    rows += [f"M{i},PART,2023,{50 + i}" for i in range(1, 7)] + ["M7,PART,2023,90"]
    rows += [f"M{i},RATE,2023,{40 + i}" for i in range(1, 8)]
    import_file(ruled, write(tmp_path / "2023.csv", "\n".join(rows) + "\n"))
    runner = CliRunner()

    with ruled.connect() as connection:
        found = check(connection, stored_definitions(connection), "R", 2023)
    table = runner.invoke(
        cli, ["--db", db_url, "--lang", "lv", "check", "-n", "R", "--year", "2023"]
    )
    listed = runner.invoke(
        cli, ["--db", db_url, "check", "-n", "R", "--year", "2023", "--format", "csv"]
    )

    assert found[["municipality", "indicator", "rule"]].values.tolist() == [
        ["M7", "PART", "max_change"],
        ["M7", "PART", "outlier"],
        ["M7", "TOTAL", "outlier"],
        ["M7", "TOTAL", "unusual_change"],
    ]
    assert table.output == (
        "pašvaldība  nosaukums  kļūdas  brīdinājumi  aizdomīgākās vērtības\n"
        "----------  ---------  ------  -----------  -------------------------------------------------------------------------------------------------------------------\n"
        "M7          Place 7         0            4  PART 57 → 90 (+58 %, lielas izmaiņas); TOTAL 107 → 128,4 (+20 %, neparastas izmaiņas); PART 90 (izlēcējs); un vēl 1\n"
        "Kļūdas: 0, brīdinājumi: 4.\n"
    )  # fmt: skip
    assert len(listed.stdout.splitlines()) == 1 + 4  # one row per flag, as before
