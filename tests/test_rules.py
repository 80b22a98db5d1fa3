"""Control rules: declared rules and statistical flags, in `check` and at import."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine

from benchlearn.catalogue import load_definitions, stored_definitions
from benchlearn.cli import cli
from benchlearn.importing import ImportRejected, import_file
from benchlearn.municipalities import load_municipalities
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
    import_file(ruled, write(tmp_path / "2023.csv", "\n".join(rows) + "\n"), skip_invalid=True)

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
    path = write(tmp_path / "bad.csv", "municipality,indicator,year,value\nM1,PART,2022,500\n")

    with pytest.raises(ImportRejected) as caught:
        import_file(ruled, path)
    allowed = import_file(ruled, path, skip_invalid=True)

    assert [str(p) for p in caught.value.problems] == [
        f"{path}: PART: M1, 2022: more clients with a plan than clients (PART = 500, TOTAL = 101)"
    ]
    assert allowed.written and [str(p) for p in allowed.warnings] == [
        f"{path}: PART: M1, 2022: more clients with a plan than clients (PART = 500, TOTAL = 101)"
    ]


def test_import_shows_warnings_without_blocking(ruled: Engine, tmp_path: Path) -> None:
    path = write(
        tmp_path / "jump.csv",
        "municipality,indicator,year,value\nM1,PART,2023,90\nM1,TOTAL,2023,101\n",
    )

    result = import_file(ruled, path)

    assert result.written
    assert [str(p) for p in result.warnings] == [
        f"{path}: PART: M1, 2023: changed +76% since 2022 (largest credible change 50%)"
    ]


def test_check_command_exit_codes(ruled: Engine, db_url: str) -> None:
    runner = CliRunner()

    clean = runner.invoke(cli, ["--db", db_url, "check", "--network", "R", "--year", "2022"])
    missing = runner.invoke(cli, ["--db", db_url, "check", "--network", "R", "--year", "2024"])

    assert (clean.exit_code, clean.output) == (0, "No problems found for R in 2022.\n")
    assert missing.exit_code == 1
    assert missing.output.splitlines()[-1] == "7 error(s), 0 warning(s)."


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
        f"{path}: indicators[0].rules[0].rule: must be a comparison such as PART <= TOTAL",
    ]
