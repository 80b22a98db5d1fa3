"""Returned forms whose columns moved, or whose cells hold formulas without results (issue 23,
items 9 and 10).

* A column inserted or deleted by a municipality moved the value and status
  columns: before the figures, the refusal blamed the typed figures; after them,
  last year's figure was stored as this year's. The key now signs the header
  row, and a moved column is refused with one sentence naming the first column
  that differs; forms made before (no header in their key) are checked against
  the code, value and status headings every such form wrote.
* A formula typed into an input cell of a form saved by a program that does not
  compute has no result: it was dropped without a word. It is now refused like
  the XLSX reader refuses one, naming the sheet, the row and the column; a
  formula whose result was saved imports as that result.

Every refusal leaves the database as it was (no batch), on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from sqlalchemy import Engine

from benchlearn.cli import cli
from benchlearn.definitions.store import stored_definitions
from benchlearn.importing.forms import make_forms
from benchlearn.importing.signing import signing_keys
from benchlearn.values import values
from tests.conftest import fill_form as fill

ANSWERS = {"COST": 1000, "POP": 50, "SHARE": 70}


def invoke(db_url: str, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--db", db_url, *args])
    return result.exit_code, result.output


def batches(db_url: str) -> list[object]:
    listed: list[object] = json.loads(invoke(db_url, "batches", "--format", "json")[1])
    return listed


def stored(engine: Engine) -> list[tuple[str, float, object]]:
    """A1's values for 2024 (indicator, value, status), as stored."""
    with engine.connect() as connection:
        found = values(connection, stored_definitions(connection), ["COST", "POP", "SHARE"],
                       [2024], ["A1"])  # fmt: skip
    return sorted(zip(found["indicator"], found["value"], found["status"], strict=True))


def form_for(engine: Engine, folder: Path, lang: str = "lv") -> Path:
    """A1's form for 2024, filled: in Latvian the header row is Kods, Rādītājs, Mērvienība,
    Definīcija, 2021, 2022, 2023, Vērtība 2024 (H), Statuss (I)."""
    with engine.connect() as connection:
        (path,) = make_forms(connection, "T9", 2024, folder, municipalities=["A1"], lang=lang)
    fill(path, ANSWERS)
    return path


def copy(path: Path, name: str) -> Path:
    target = path.with_name(name)
    shutil.copy(path, target)
    return target


def insert_column(path: Path, column: int) -> Path:
    """Insert an empty column before ``column`` (1-based), as Excel's Insert does."""
    book = load_workbook(path)
    book.worksheets[0].insert_cols(column)
    book.save(path)
    return path


def delete_column(path: Path, column: int) -> Path:
    book = load_workbook(path)
    book.worksheets[0].delete_cols(column)
    book.save(path)
    return path


def moved(path: Path, column: str) -> str:
    return (
        f"Error: {path}, column {column}: the form's columns were changed; "
        "make a new form or undo the change\n"
    )


# --- item 10: a moved column ------------------------------------------------------


def test_a_column_inserted_or_deleted_is_refused_naming_it(
    workspace: Engine, db_url: str, tmp_path: Path
) -> None:
    path = form_for(workspace, tmp_path)
    before_figures = insert_column(copy(path, "before-figures.xlsx"), 5)
    after_figures = insert_column(copy(path, "after-figures.xlsx"), 8)
    between = insert_column(copy(path, "value-and-status.xlsx"), 9)
    first = insert_column(copy(path, "first.xlsx"), 1)
    deleted = delete_column(copy(path, "deleted.xlsx"), 6)
    rows = copy(path, "rows.xlsx")
    book = load_workbook(rows)
    book.worksheets[0].insert_rows(8)  # rows, not columns: between the cover and the header
    book.save(rows)

    key = json.loads(str(load_workbook(path)["_benchlearn"]["B1"].value))
    assert key["header"] == ["Kods", "Rādītājs", "Mērvienība", "Definīcija", "2021", "2022",
                             "2023", "Vērtība 2024", "Statuss"]  # fmt: skip
    assert invoke(db_url, "import", str(before_figures)) == (1, moved(before_figures, "E"))
    assert invoke(db_url, "import", str(after_figures)) == (1, moved(after_figures, "H"))
    assert invoke(db_url, "import", str(between)) == (1, moved(between, "I"))
    assert invoke(db_url, "import", str(first)) == (1, moved(first, "A"))
    assert invoke(db_url, "import", str(deleted)) == (1, moved(deleted, "F"))
    assert invoke(db_url, "--lang", "lv", "import", str(before_figures)) == (
        1,
        f"Kļūda: {before_figures}, kolonna E: veidlapas kolonnas ir mainītas; "
        "sagatavojiet jaunu veidlapu vai atceliet izmaiņas\n",
    )
    assert invoke(db_url, "import", str(rows)) == (
        1,
        f"Error: {rows}, row 10: expected indicator COST but found Kods; "
        "rows were moved or deleted, use the original form\n",
    )
    assert batches(db_url) == []
    assert stored(workspace) == []


def test_a_column_added_after_the_status_moves_nothing_and_imports(
    workspace: Engine, db_url: str, tmp_path: Path
) -> None:
    path = insert_column(form_for(workspace, tmp_path), 10)

    assert invoke(db_url, "import", str(path)) == (
        0,
        f"{path}: imported 3 rows as batch 1: 3 new, 0 changed, 0 unchanged, 0 rejected.\n",
    )
    assert stored(workspace) == [("COST", 1000.0, None), ("POP", 50.0, None), ("SHARE", 70.0, None)]


def unsign_header(engine: Engine, path: Path) -> None:
    """Make ``path`` a form as benchlearn signed them before issue 23: a key without the
    header row, signed with this database's secret."""
    book = load_workbook(path)
    hidden = book["_benchlearn"]
    key = json.loads(str(hidden["B1"].value))
    del key["header"]
    canonical = json.dumps(key, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    with engine.connect() as connection:
        (secret,) = signing_keys(connection)
    hidden["B1"].value = canonical
    signed = f"benchlearn-form\n{canonical}\n{hidden['B3'].value}"
    hidden["B2"].value = f"{secret.key_id}:{secret.sign(signed)}"
    book.save(path)


def test_a_form_signed_before_the_header_still_imports_and_refuses_a_moved_column(
    workspace: Engine, db_url: str, tmp_path: Path
) -> None:
    path = form_for(workspace, tmp_path)
    unsign_header(workspace, path)
    before_figures = insert_column(copy(path, "before-figures.xlsx"), 5)
    english = form_for(workspace, tmp_path / "en", lang="en")
    unsign_header(workspace, english)
    status = insert_column(copy(english, "status.xlsx"), 9)

    # The old headings are checked where they stand: Vērtība 2024 in H, so a column
    # inserted at E is seen in H, where last year's figures now are.
    assert invoke(db_url, "import", str(before_figures)) == (1, moved(before_figures, "H"))
    assert invoke(db_url, "import", str(status)) == (1, moved(status, "I"))
    assert batches(db_url) == []
    assert invoke(db_url, "import", str(path)) == (
        0,
        f"{path}: imported 3 rows as batch 1: 3 new, 0 changed, 0 unchanged, 0 rejected.\n",
    )


@pytest.fixture(scope="module")
def healthy_boost(
    tmp_path_factory: pytest.TempPathFactory, latvian_database: Callable[..., str]
) -> str:
    """HB for the 43 Latvian municipalities (SQLite: the matrix's cells are the file's
    matter; the refusals on both backends are the list form's tests above)."""
    return latvian_database(["HB"], tmp_path_factory.mktemp("hb"))


def test_a_matrix_cell_moved_by_a_column_is_refused(healthy_boost: str, tmp_path: Path) -> None:
    db_url = healthy_boost
    made = invoke(db_url, "--lang", "lv", "forms", "make", "-n", "HB", "--year", "2025", "-m",
                  "LV-016", "-o", str(tmp_path / "forms"))  # fmt: skip
    path = tmp_path / "forms" / "HB-2025-LV-016-Bauskas-novads.xlsx"
    book = load_workbook(path)
    book.worksheets[0]["B10"].value = book.worksheets[0]["C10"].value = "2 – attīstībā"
    book.save(path)
    count = len(batches(db_url))
    among_stages = insert_column(copy(path, "stages.xlsx"), 3)
    formula = copy(path, "formula.xlsx")
    type_formulas(formula, {"D11": '="2 – attīstībā"'})
    beside = insert_column(copy(path, "beside.xlsx"), 7)  # between the stages and the codes

    assert made[0] == 0, made[1]
    assert json.loads(str(book["_benchlearn"]["B1"].value))["header"] == [
        "Joma", "izpēte", "plānošana", "īstenošana", "izvērtēšana"]  # fmt: skip
    assert invoke(db_url, "import", str(among_stages)) == (1, moved(among_stages, "C"))
    # The stages' headings stand, but the hidden codes (L to O) moved one to the right.
    assert invoke(db_url, "import", str(beside)) == (1, moved(beside, "L"))
    assert invoke(db_url, "import", str(formula)) == (
        1,
        f"Error: {formula}: cannot import\n"
        f"  {formula} [Veidlapa], row 11, column īstenošana: the cell holds a formula whose "
        "result was never saved (a program wrote the workbook); open it in Excel or "
        "LibreOffice and save it again\n",
    )
    assert len(batches(db_url)) == count


# --- item 9: formulas -------------------------------------------------------------


def save_results(path: Path, results: dict[str, str | None]) -> None:
    """Store a formula's result in its cell as Excel and LibreOffice do: a number in
    ``<v>``, or (``None``) an empty text, ``t="str"`` with an empty ``<v>``."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    xml = parts[sheet].decode("utf-8")
    for cell, result in results.items():
        found = re.search(rf'<c r="{cell}"([^>]*)>(<f>.*?</f>)<v\s*/>', xml)
        assert found, cell
        kept = found.group(1) + (' t="str"' if result is None else "")
        xml = xml.replace(
            found.group(0), f'<c r="{cell}"{kept}>{found.group(2)}<v>{result or ""}</v>'
        )
    parts[sheet] = xml.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def type_formulas(path: Path, cells: dict[str, str]) -> None:
    """Type formulas into the form with openpyxl, which saves them without results."""
    book = load_workbook(path)
    for cell, formula in cells.items():
        book.worksheets[0][cell].value = formula
    book.save(path)


def test_a_formula_without_a_saved_result_is_refused_naming_sheet_and_cell(
    workspace: Engine, db_url: str, tmp_path: Path
) -> None:
    path = form_for(workspace, tmp_path)
    type_formulas(path, {"H10": "=500*2", "I12": '=".."'})
    latvian = form_for(workspace, tmp_path / "lv")
    type_formulas(latvian, {"H11": "=SUM(E11:G11)"})

    assert invoke(db_url, "import", str(path)) == (
        1,
        f"Error: {path}: cannot import\n"
        f"  {path} [Veidlapa], row 10, column Vērtība 2024: the cell holds a formula whose "
        "result was never saved (a program wrote the workbook); open it in Excel or "
        "LibreOffice and save it again\n"
        f"  {path} [Veidlapa], row 12, column Statuss: the cell holds a formula whose "
        "result was never saved (a program wrote the workbook); open it in Excel or "
        "LibreOffice and save it again\n",
    )
    assert invoke(db_url, "--lang", "lv", "import", str(latvian)) == (
        1,
        f"Kļūda: {latvian}: nevar importēt\n"
        f"  {latvian} [Veidlapa], 11. rinda, kolonna Vērtība 2024: šūnā ir formula, kuras "
        "rezultāts nav saglabāts (darbgrāmatu izveidojusi programma); atveriet to programmā "
        "Excel vai LibreOffice un saglabājiet vēlreiz\n",
    )
    assert batches(db_url) == []


def test_a_formula_whose_result_was_saved_imports_as_that_result(
    workspace: Engine, db_url: str, tmp_path: Path
) -> None:
    path = form_for(workspace, tmp_path)
    type_formulas(path, {"H10": "=500*2", "H11": "=25*2", "I12": '=""', "H12": "=70"})
    save_results(path, {"H10": "1000", "H11": "50", "I12": None, "H12": "70"})

    assert invoke(db_url, "import", str(path)) == (
        0,
        f"{path}: imported 3 rows as batch 1: 3 new, 0 changed, 0 unchanged, 0 rejected.\n",
    )
    assert stored(workspace) == [("COST", 1000.0, None), ("POP", 50.0, None), ("SHARE", 70.0, None)]
