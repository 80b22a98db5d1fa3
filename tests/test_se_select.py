"""``import --se-select``: a statistics cube's standard-error content becomes the values' se.

The fixtures (tests/data/se-select, SOURCE.txt) hold a share and its standard error for
the country (a total, left out) and three novadi, in 2023 and 2024; Ādažu's 2024 cell is
confidential (".."), and so has neither a value nor a standard error.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine

from benchlearn.cli import cli
from benchlearn.definitions.store import load_definitions, stored_definitions
from benchlearn.importing.statistics.load import import_statistics
from benchlearn.registry.municipalities import load_municipalities
from benchlearn.values import standard_errors
from benchlearn.values import values as read_values
from tests.conftest import REPO, write

FIXTURES = REPO / "tests" / "data" / "se-select"
DEFINITIONS = """indicators:
  - code: SATISFIED
    name: {en: Residents satisfied with social services, lv: Apmierināto iedzīvotāju īpatsvars}
    unit: "%"
    direction: higher
    decimals: 1
    min: 0
    max: 100
"""
VALUES = {
    2023: {"LV-011": 70.5, "LV-016": 58.4, "LV-022": 66.0},
    2024: {"LV-016": 55.1, "LV-022": 68.3},
}
ERRORS = {
    2023: {"LV-011": 5.9, "LV-016": 4.1, "LV-022": 3.2},
    2024: {"LV-016": 4.6, "LV-022": 3.0},
}


@pytest.fixture
def satisfied(engine: Engine, tmp_path: Path) -> Engine:
    load_municipalities(engine, "lv-2021")
    load_definitions(engine, [write(tmp_path / "d.yaml", DEFINITIONS)])
    return engine


def stored(engine: Engine, year: int) -> tuple[dict[str, float], dict[str, float]]:
    with engine.connect() as connection:
        found = read_values(connection, stored_definitions(connection), ["SATISFIED"], [year])
        errors = standard_errors(connection, ["SATISFIED"], year)
    shown = found[found["value"].notna()]
    return (
        dict(zip(shown["municipality"], shown["value"].astype(float), strict=True)),
        dict(zip(errors["municipality"], errors["se"].astype(float), strict=True)),
    )


@pytest.mark.parametrize("name", ["survey.px", "survey.json"])
def test_the_standard_error_cells_become_each_values_se(
    satisfied: Engine, db_url: str, name: str
) -> None:
    result = CliRunner().invoke(
        cli,
        ["--db", db_url, "import", str(FIXTURES / name), "--indicator", "SATISFIED",
         "--select", "Rādītājs=SHARE", "--se-select", "Rādītājs=SE"],
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    for year in (2023, 2024):
        values, errors = stored(satisfied, year)
        assert values == pytest.approx(VALUES[year])
        assert errors == pytest.approx(ERRORS[year])


def test_labels_select_as_codes_do(satisfied: Engine) -> None:
    import_statistics(
        satisfied,
        FIXTURES / "survey.px",
        indicator="SATISFIED",
        select={"Rādītājs": "Īpatsvars (%)"},
        se_select={"Rādītājs": "Standartkļūda (procentpunkti)"},
    )

    assert stored(satisfied, 2024)[1] == pytest.approx(ERRORS[2024])


def test_without_se_select_the_values_have_no_se(satisfied: Engine) -> None:
    import_statistics(
        satisfied, FIXTURES / "survey.px", indicator="SATISFIED", select={"Rādītājs": "SHARE"}
    )

    values, errors = stored(satisfied, 2023)
    assert values == pytest.approx(VALUES[2023])
    assert errors == {}


def test_an_unknown_se_select_value_is_refused_naming_the_file(
    satisfied: Engine, db_url: str
) -> None:
    result = CliRunner().invoke(
        cli,
        ["--db", db_url, "import", str(FIXTURES / "survey.px"), "--indicator", "SATISFIED",
         "--select", "Rādītājs=SHARE", "--se-select", "Rādītājs=Margin"],
    )  # fmt: skip

    assert result.exit_code == 1
    assert "survey.px" in result.output
    assert "Margin" in result.output
    assert stored(satisfied, 2023) == ({}, {})
