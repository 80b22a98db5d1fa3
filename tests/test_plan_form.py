"""The plan form: made signed for a member, filled in Excel, read back as a plan; tampering refused."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from openpyxl import load_workbook
from sqlalchemy import Engine

from benchlearn.cli import cli
from benchlearn.plans.form import PLAN_KEY_SHEET, make_plan_forms
from benchlearn.plans.store import plans_for
from tests.test_plans import network  # noqa: F401  (the fixture: P1 with five years of figures)


def run(engine: Engine, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--db", engine.url.render_as_string(False), *args])
    return result.exit_code, result.output


def made(engine: Engine, folder: Path) -> Path:
    with engine.connect() as connection:
        (path,) = make_plan_forms(connection, "P1", 2024, folder, municipalities=["A1"], lang="en")
    return path


def fill(path: Path, cells: dict[str, object]) -> None:
    """Type into the form as a member would, and save it."""
    book = load_workbook(path)
    sheet = book.worksheets[0]
    for where, value in cells.items():
        sheet[where] = value
    book.save(path)


def test_a_filled_plan_form_is_stored_as_a_plan(network: Engine, tmp_path: Path) -> None:  # noqa: F811
    path = made(network, tmp_path / "forms")
    sheet = load_workbook(path).worksheets[0]
    fill(path, {"B6": "Cheaper care", "B7": "Lētāka aprūpe", "B10": 2024, "B11": 2026,
                "B12": "B2", "F16": 90, "G16": 2026, "F17": 80})  # fmt: skip

    found = run(network, "plans", "import", str(path))

    assert path.name == "P1-plan-2024-A1-Alpha.xlsx"
    assert [sheet.cell(r, 1).value for r in (15, 16, 17, 18)] == [
        "Code", "COST_PC", "SHARE", "SERVED_PCT"
    ]  # fmt: skip
    assert [sheet.cell(16, c).value for c in (4, 5)] == [100, 2024]  # the latest value shown
    assert found == (0, f"{path}: 1 plan(s) stored, ids 1.\n")
    (plan,) = plans_for(network)
    assert (plan.municipality, dict(plan.title), plan.start_year, plan.end_year) == (
        "A1", {"en": "Cheaper care", "lv": "Lētāka aprūpe"}, 2024, 2026,
    )  # fmt: skip
    assert [(t.indicator, t.baseline_year, t.baseline_value, t.target_value, t.target_year)
            for t in plan.targets] == [
        ("COST_PC", 2024, 100.0, 90.0, 2026), ("SHARE", 2024, 75.0, 80.0, 2026),
    ]  # fmt: skip
    assert [(s.municipality, s.practice) for s in plan.sources] == [("B2", None)]


def test_a_plan_form_names_each_bad_cell(network: Engine, tmp_path: Path) -> None:  # noqa: F811
    path = made(network, tmp_path / "forms")
    fill(path, {"B6": "Care", "B10": 2024, "F16": "lots", "G17": 2026})

    found = run(network, "plans", "import", str(path))

    assert found == (
        1,
        f"Error: {path} was not imported; nothing was stored\n"
        f"  {path}, row 11, column B: write the plan's year here\n"
        f"  {path}, row 16, column F: 'lots' is not a number\n"
        f"  {path}, row 17, column G: the indicator has no target value\n",
    )


def test_a_plan_form_for_another_member_is_refused(network: Engine, tmp_path: Path) -> None:  # noqa: F811
    path = made(network, tmp_path / "forms")
    book = load_workbook(path)
    key = json.loads(book[PLAN_KEY_SHEET]["B1"].value)
    book[PLAN_KEY_SHEET]["B1"] = json.dumps({**key, "municipality": "B2"})
    book.worksheets[0]["B3"] = "B2"
    book.save(path)

    found = run(network, "plans", "import", str(path))

    assert found == (
        1,
        f"Error: {path}: the form's key was changed (signature does not match); "
        "use the original form\n",
    )
    assert plans_for(network) == []
