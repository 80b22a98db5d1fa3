"""A yearly data round end to end, as a coordinator runs it (SQLite and PostgreSQL).

Forms for the Healthy Municipalities Network and the 43 Latvian municipalities,
some filled as a municipality would in Excel, imported as a folder; the status;
the control rules; the 2021 reform crosswalk with 2020 figures ranked on 2021
boundaries; a good practice seen beside learning partners; a batch reverted.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from sqlalchemy import Engine

from benchlearn.cli import cli
from benchlearn.commands import rank
from benchlearn.definitions.store import load_definitions, stored_definitions
from benchlearn.importing.forms import FIRST_ROW, form_file_name, make_forms
from benchlearn.importing.returned_forms import read_form
from benchlearn.importing.signing import signing_keys
from benchlearn.registry.municipalities import load_municipalities
from benchlearn.values import values
from tests.conftest import fill_form as fill
from tests.conftest import write
from tests.latvia import set_members

FILLED = {
    # municipality: {indicator: value or status}
    "LV-016": {"NVPT_COORDINATOR": 1, "NVPT_HEALTH_PLAN": 1, "NVPT_EVENTS": 40, "POP": 40000,
               "NVPT_PARTICIPANTS": 5200, "NVPT_BUDGET_EUR": 30000, "NVPT_ESF_PROJECT": 1,
               "NVPT_OUTDOOR_SITES": 6, "NVPT_PARTNERS": 12},
    "LV-002": {"NVPT_COORDINATOR": 1, "NVPT_HEALTH_PLAN": 0, "NVPT_EVENTS": 12, "POP": 30000,
               "NVPT_PARTICIPANTS": 900, "NVPT_BUDGET_EUR": "..", "NVPT_ESF_PROJECT": 1,
               "NVPT_OUTDOOR_SITES": 2, "NVPT_PARTNERS": 4},
    "LV-007": {"NVPT_COORDINATOR": 0, "NVPT_HEALTH_PLAN": 1, "NVPT_EVENTS": 8, "POP": 14000,
               "NVPT_PARTICIPANTS": 600, "NVPT_BUDGET_EUR": 5000, "NVPT_ESF_PROJECT": 0,
               "NVPT_OUTDOOR_SITES": 1, "NVPT_PARTNERS": 3},
}  # fmt: skip


@pytest.fixture
def latvia(engine: Engine) -> Engine:
    load_definitions(engine)
    load_municipalities(engine, "lv-2009")
    load_municipalities(engine, "lv-2021")
    set_members(engine, 2020)
    return engine


def test_a_yearly_round(latvia: Engine, db_url: str, tmp_path: Path) -> None:
    runner = CliRunner()

    def run(*args: str) -> object:
        return runner.invoke(cli, ["--db", db_url, *args])

    # Forms for the 43 municipalities in force in 2024.
    made = run("forms", "make", "--network", "NVPT", "--year", "2024", "-o", str(tmp_path / "forms"),
               "--contact", "SPKC, nvpt@example.lv")  # fmt: skip
    assert made.output == f"Wrote 43 forms to {tmp_path / 'forms'}.\n"
    returned = tmp_path / "returned"
    returned.mkdir()
    for municipality, answers in FILLED.items():
        name = next((tmp_path / "forms").glob(f"NVPT-2024-{municipality}-*.xlsx")).name
        (returned / name).write_bytes((tmp_path / "forms" / name).read_bytes())
        fill(returned / name, answers)

    imported = run("import", str(returned))
    assert imported.exit_code == 0, imported.output
    assert imported.output.count("imported 9 rows") == 3

    status = run("forms", "status", "--network", "NVPT", "--year", "2024", "--format", "json")
    rows = {r["municipality"]: r for r in json.loads(status.output)}
    assert len(rows) == 43
    # The population is asked by other networks' forms too: only NVPT's own 8 indicators count.
    assert (rows["LV-016"]["returned"], rows["LV-016"]["filled"], rows["LV-016"]["total"]) == (
        True,
        8,
        8,
    )
    assert rows["LV-002"]["completeness"] == 1.0
    assert sum(r["returned"] for r in rows.values()) == 3

    checked = run("check", "--network", "NVPT", "--year", "2024")
    assert checked.exit_code == 1  # the 40 who did not return lack required figures
    # One line each for the 40 who returned nothing, not one per required indicator.
    assert checked.output.splitlines()[-1] == "40 error(s), 0 warning(s)."
    found = json.loads(
        run("check", "--network", "NVPT", "--year", "2024", "--format", "json").stdout
    )
    assert {"LV-011", "not_returned", "error"} <= set(found[0].values())
    assert found[0]["message"] == "form not returned: no figures for NVPT in 2024"
    assert {r["rule"] for r in found} == {"not_returned"}

    # The 2021 reform: Bauska, Iecava, Rundāle and Vecumnieki became Bauskas novads.
    write(tmp_path / "old.csv", "municipality,indicator,year,value\n"
          "LV-016,NVPT_EVENTS,2020,10\nLV-016,POP,2020,22000\nLV-034,NVPT_EVENTS,2020,5\n"
          "LV-034,POP,2020,9000\nLV-083,NVPT_EVENTS,2020,2\nLV-083,POP,2020,3500\n"
          "LV-105,NVPT_EVENTS,2020,3\nLV-105,POP,2020,8000\n"
          "LV-002,NVPT_EVENTS,2020,9\nLV-002,POP,2020,31000\n")  # fmt: skip
    assert run("import", str(tmp_path / "old.csv")).exit_code == 0
    write(tmp_path / "reform.csv", "old_code,new_code,year\nLV-016,LV-016,2021\nLV-034,LV-016,2021\n"
          "LV-083,LV-016,2021\nLV-105,LV-016,2021\nLV-002,LV-002,2021\n")  # fmt: skip
    assert (
        run("crosswalk", "load", str(tmp_path / "reform.csv")).output
        == "Loaded 5 crosswalk links.\n"
    )
    on_new = rank(latvia, "NVPT", 2020, indicator="NVPT_EVENTS_PER_1000", boundaries=2021)
    bauska = on_new[on_new["municipality"] == "LV-016"].iloc[0]
    assert bauska["value"] == pytest.approx(20 / 42500 * 1000)
    assert set(on_new["municipality"]) <= {m for m in rows}  # 2021 units only

    # A good practice, seen beside the learning partners.
    added = run("practice", "add", "--municipality", "LV-016", "--network", "NVPT", "--indicator",
                "NVPT_REACH_PER_100", "--title", "Walking school bus", "--url", "https://example.lv/p")  # fmt: skip
    assert added.output == "Added practice 1.\n"
    # Aizkraukle (LV-002) is behind on reach (3 %, the median 4.3 %) and Bauska clearly ahead,
    # but no structural figures are loaded in this round, so nobody is "similar": no partners
    # (a partner without a similarity is never named; test_partner_rule shows the practice).
    partners = run("partners", "LV-002", "--network", "NVPT", "--year", "2024", "--format", "json")
    assert json.loads(partners.output) == []

    # Revert the import of Bauska's form: its figures are gone, the others stay.
    listing = run("batches", "--format", "json")
    bauska_batch = next(
        b["batch"]
        for b in json.loads(listing.output)
        if b["file"].endswith("LV-016-Bauskas-novads.xlsx")
    )
    reverted = run("batches", "revert", str(bauska_batch))
    assert reverted.output.startswith(f"Reverted batch {bauska_batch} as batch ")
    after = json.loads(
        run("forms", "status", "--network", "NVPT", "--year", "2024", "--format", "json").output
    )
    assert {r["municipality"]: r["filled"] for r in after}["LV-016"] == 0
    assert {r["municipality"]: r["filled"] for r in after}["LV-002"] == 8


def test_bad_forms_are_refused_and_write_nothing(
    latvia: Engine, db_url: str, tmp_path: Path
) -> None:
    runner = CliRunner()
    with latvia.connect() as connection:
        paths = make_forms(
            connection, "NVPT", 2024, tmp_path, municipalities=["LV-016", "LV-002", "LV-007"]
        )
    tampered, text, moved = paths
    book = load_workbook(tampered)
    book["_benchlearn"]["B1"].value = book["_benchlearn"]["B1"].value.replace("LV-016", "LV-026")
    book.save(tampered)
    fill(text, {"NVPT_EVENTS": "twelve", "POP": "12,5"})
    book = load_workbook(moved)
    book.worksheets[0].delete_rows(FIRST_ROW + 1)
    book.save(moved)

    result = runner.invoke(cli, ["--db", db_url, "import", str(tampered), str(text), str(moved)])
    wrong_year = runner.invoke(cli, ["--db", db_url, "import", "--year", "2023", str(paths[1])])

    assert result.exit_code == 1
    assert result.output == (
        f"Error: {tampered}: the form's key was changed (signature does not match); use the original form\n"
        f"Error: {text}: 2 problem(s) in 2 row(s); nothing was imported (use --skip-invalid to import the valid rows)\n"
        f"  {text}, row 12, column Vērtība 2024: 'twelve' is not a number\n"
        f"  {text}, row 13, column Vērtība 2024: the cell holds the text '12,5', not a number: "
        "type the number into the cell again\n"
        f"Error: {moved}, row 11: expected indicator NVPT_HEALTH_PLAN but found NVPT_EVENTS; "
        "rows were moved or deleted, use the original form\n"
    )
    assert wrong_year.output == (
        f"Error: {paths[1]}: this form cannot be imported\n  {paths[1]}: the form is for 2024, not 2023\n"
    )
    listing = runner.invoke(cli, ["--db", db_url, "batches", "--format", "json"])
    assert json.loads(listing.output) == []


def test_read_form_gives_long_rows(latvia: Engine, tmp_path: Path) -> None:
    with latvia.connect() as connection:
        (path,) = make_forms(
            connection, "NVPT", 2024, tmp_path, municipalities=["LV-016"], lang="en"
        )
    fill(path, {"NVPT_EVENTS": 40, "NVPT_BUDGET_EUR": ".."})

    with latvia.connect() as connection:
        form = read_form(path, signing_keys(connection))

    assert (form.key.network, form.key.year, form.key.municipality) == ("NVPT", 2024, "LV-016")
    assert form.frame.values.tolist() == [
        ["LV-016", "NVPT_EVENTS", "2024", "40", "", 12, "Value 2024"],
        ["LV-016", "NVPT_BUDGET_EUR", "2024", "", "..", 15, "Value 2024"],
    ]
    assert (form.filled, form.total) == (2, 9)
    sheet = load_workbook(path).worksheets[0]
    assert sheet.protection.sheet and not sheet.cell(12, 8).protection.locked
    assert sheet.cell(12, 1).protection.locked
    assert [dv.sqref for dv in sheet.data_validations.dataValidation][:2]


def test_form_file_names_carry_the_municipality_name(latvia: Engine, tmp_path: Path) -> None:
    with latvia.connect() as connection:
        paths = make_forms(connection, "NVPT", 2024, tmp_path, municipalities=["LV-016", "LV-011"])

    assert [p.name for p in paths] == [
        "NVPT-2024-LV-016-Bauskas-novads.xlsx",
        "NVPT-2024-LV-011-Ādažu-novads.xlsx",
    ]
    assert form_file_name("T2", 2024, "LV-X", " Rīga / Pierīga: *jauna* ") == (
        "T2-2024-LV-X-Rīga-Pierīga-jauna.xlsx"
    )
    # Renamed by the municipality, the form is still recognised by its hidden key.
    renamed = paths[0].rename(tmp_path / "atbilde.xlsx")
    with latvia.connect() as connection:
        assert read_form(renamed, signing_keys(connection)).key.municipality == "LV-016"


def test_form_validation_says_yes_no_and_ranges_in_words(latvia: Engine, tmp_path: Path) -> None:
    """Yes/no questions are a Jā/Nē drop-down; a number's message states its real bounds
    (never Excel's 1e+15 stand-in for "no bound")."""
    with latvia.connect() as connection:
        (path,) = make_forms(connection, "NVPT", 2024, tmp_path, municipalities=["LV-016"])
    sheet = load_workbook(path).worksheets[0]
    code_of = {f"H{row}": sheet.cell(row, 1).value for row in range(FIRST_ROW, FIRST_ROW + 9)}

    rules = {
        code_of[str(dv.sqref)]: (dv.type, dv.operator, dv.formula1, dv.formula2, dv.error)
        for dv in sheet.data_validations.dataValidation
        if str(dv.sqref) in code_of
    }

    assert rules == {
        "NVPT_COORDINATOR": ("list", None, '"Jā,Nē"', None, "Izvēlieties „Jā” vai „Nē”."),
        "NVPT_HEALTH_PLAN": ("list", None, '"Jā,Nē"', None, "Izvēlieties „Jā” vai „Nē”."),
        "NVPT_ESF_PROJECT": ("list", None, '"Jā,Nē"', None, "Izvēlieties „Jā” vai „Nē”."),
        "NVPT_EVENTS": ("decimal", "greaterThanOrEqual", "0", None, "Ievadiet skaitli, kas nav negatīvs."),
        "POP": ("decimal", "greaterThanOrEqual", "0", None, "Ievadiet skaitli, kas nav negatīvs."),
        "NVPT_PARTICIPANTS": ("decimal", "greaterThanOrEqual", "0", None, "Ievadiet skaitli, kas nav negatīvs."),
        "NVPT_BUDGET_EUR": ("decimal", "greaterThanOrEqual", "0", None, "Ievadiet skaitli, kas nav negatīvs."),
        "NVPT_OUTDOOR_SITES": ("decimal", "greaterThanOrEqual", "0", None, "Ievadiet skaitli, kas nav negatīvs."),
        "NVPT_PARTNERS": ("decimal", "greaterThanOrEqual", "0", None, "Ievadiet skaitli, kas nav negatīvs."),
    }  # fmt: skip
    units = {sheet.cell(row, 1).value: sheet.cell(row, 3).value for row in range(10, 19)}
    assert (units["NVPT_HEALTH_PLAN"], units["NVPT_EVENTS"]) == ("", "pasākumi")


YES_NO = ["NVPT_COORDINATOR", "NVPT_HEALTH_PLAN", "NVPT_ESF_PROJECT"]


def test_a_jā_nē_answer_imports_as_1_or_0(latvia: Engine, db_url: str, tmp_path: Path) -> None:
    with latvia.connect() as connection:
        (path,) = make_forms(connection, "NVPT", 2024, tmp_path, municipalities=["LV-016"])
    fill(path, {"NVPT_COORDINATOR": "Jā", "NVPT_HEALTH_PLAN": "Nē", "NVPT_ESF_PROJECT": "yes"})

    imported = CliRunner().invoke(cli, ["--db", db_url, "import", str(path)])
    with latvia.connect() as connection:
        stored = values(connection, stored_definitions(connection), YES_NO, [2024], ["LV-016"])

    assert imported.exit_code == 0, imported.output
    assert dict(zip(stored["indicator"], stored["value"], strict=True)) == {
        "NVPT_COORDINATOR": 1.0,
        "NVPT_ESF_PROJECT": 1.0,
        "NVPT_HEALTH_PLAN": 0.0,
    }
