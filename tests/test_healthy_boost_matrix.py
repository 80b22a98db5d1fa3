"""Healthy Boost as the matrix its respondents know: on the site, in the PDF and in the form.

A member's twenty levels are read back cell by cell from each output and
compared with the levels stored for it: on the member's page (the cell's
level, its colour class and fill, the network's counts under it), in the
member's PDF report (pdftotext keeps the matrix's rows), and in the monitoring
form (a validated drop-down at each area × stage), which must import back
exactly what a municipality chose.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, text

from benchlearn.cli import cli
from benchlearn.definitions.matrix import level_colours

BAUSKA = "LV-016"
AREAS = {"RISK": "Risku identificēšana", "LEADERSHIP": "Vadība", "COMMUNICATION": "Komunikācija",
         "COORDINATION": "Koordinācija", "MOTIVATION": "Motivācija"}  # fmt: skip
STAGES = {"MAPPING": "izpēte", "PLANNING": "plānošana", "IMPLEMENTATION": "īstenošana",
          "EVALUATION": "izvērtēšana"}  # fmt: skip
#: A level as a matrix cell names it, the form's drop-down words too (the level's number
#: first, which the import reads back).
LABELS = ("0 – nav uzsākts", "1 – sākotnējs", "2 – attīstībā", "3 – nostiprināts")
FILLS = level_colours(4)


def code(area: str, stage: str) -> str:
    return f"HB_{area}_{stage}"


@pytest.fixture(scope="module")
def healthy_boost(
    tmp_path_factory: pytest.TempPathFactory, latvian_database: Callable[..., str]
) -> str:
    """HB for the 43 Latvian municipalities, 2023 and 2024 (SQLite), as a database URL."""
    return latvian_database(["HB"], tmp_path_factory.mktemp("hb"))


def stored(engine: Engine, year: int = 2024) -> dict[tuple[str, str], int]:
    """(municipality, indicator) → level, as stored."""
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT m.code, i.code, o.value FROM observations o "
                 "JOIN municipalities m ON m.id = o.municipality_id "
                 "JOIN indicators i ON i.id = o.indicator_id "
                 "WHERE o.year = :year AND i.code LIKE 'HB%' AND o.value IS NOT NULL"),
            {"year": year},
        ).all()  # fmt: skip
    return {(m, i): int(v) for m, i, v in rows}


def levels_of(url: str) -> dict[tuple[str, str], int]:
    from benchlearn.database import make_engine

    engine = make_engine(url)
    try:
        return stored(engine)
    finally:
        engine.dispose()


def counts(levels: dict[tuple[str, str], int], indicator: str) -> list[int]:
    """How many members stand at each level 0-3 of ``indicator``."""
    found = [v for (_, i), v in levels.items() if i == indicator]
    return [found.count(level) for level in range(4)]


class MatrixCells(HTMLParser):
    """The cells of a page's ``table.matrix``: each row's header and its cells' class,
    style, code, bold words and bar counts."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[str, list[dict[str, Any]]]] = []
        self.header: list[str] = []
        self.inside = False
        self.where: list[str] = []
        self.cell: dict[str, Any] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "table" and "matrix" in (found.get("class") or ""):
            self.inside = True
        if not self.inside:
            return
        self.where.append(str(found.get("class") or tag))
        if tag == "tr":
            self.rows.append(("", []))
        elif tag == "td":
            self.cell = {"class": found.get("class"), "style": found.get("style"),
                         "code": found.get("data-code"), "own": "", "counts": []}  # fmt: skip
            self.rows[-1][1].append(self.cell)

    def handle_endtag(self, tag: str) -> None:
        if self.inside and self.where:
            self.where.pop()
        if tag == "table":
            self.inside = False

    def handle_data(self, data: str) -> None:
        if not self.inside or not self.where or not data.strip():
            return
        here = self.where[-1]
        if here == "th" and self.rows and not self.rows[-1][1]:
            area, cells = self.rows[-1]
            if len(self.rows) == 1:
                self.header.append(data.strip())
            else:
                self.rows[-1] = (area + data.strip(), cells)
        elif self.cell is not None and here == "own":
            self.cell["own"] += data.strip()
        elif self.cell is not None and here == "n":
            self.cell["counts"].append(int(data))


def test_member_page_draws_the_matrix_coloured_by_level_beside_the_counts(
    healthy_boost: str, tmp_path: Path
) -> None:
    levels = levels_of(healthy_boost)
    site = tmp_path / "site"
    result = CliRunner().invoke(cli, ["--db", healthy_boost, "--lang", "lv", "site", "--network",
                                      "HB", "--year", "2024", "-o", str(site)])  # fmt: skip
    assert result.exit_code == 0, result.output

    page = MatrixCells()
    page.feed((site / "members" / f"{BAUSKA}.html").read_text(encoding="utf-8"))

    assert page.header == ["Joma", *STAGES.values()]
    assert [area for area, _ in page.rows[1:]] == list(AREAS.values())
    cells = [(a, s, c) for (a, s), c in zip(
        [(a, s) for a in AREAS for s in STAGES], [c for _, row in page.rows[1:] for c in row],
        strict=True)]  # fmt: skip
    assert len(cells) == 20
    for area, stage, cell in cells:
        indicator = code(area, stage)
        own = levels[(BAUSKA, indicator)]
        assert cell["code"] == indicator
        assert cell["class"].split()[0] == f"level-{own}"
        assert ("dark" in cell["class"].split()) == (own == 3)
        assert cell["style"] == f"background:{FILLS[own]}"
        assert cell["own"] == LABELS[own]
        assert cell["counts"] == counts(levels, indicator)

    network = MatrixCells()
    network.feed((site / "index.html").read_text(encoding="utf-8"))
    first = network.rows[1][1][0]
    assert (first["class"], first["style"], first["own"]) == ("level-none", None, "")
    assert first["counts"] == counts(levels, "HB_RISK_MAPPING")


def test_member_report_prints_the_matrix_rows_with_levels_and_counts(
    healthy_boost: str, tmp_path: Path
) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler (pdftotext) is not installed: .ci/run installs it")
    levels = levels_of(healthy_boost)
    pdf = tmp_path / "bauska.pdf"
    result = CliRunner().invoke(cli, ["--db", healthy_boost, "--lang", "lv", "report", "--network",
                                      "HB", "--year", "2024", "-m", BAUSKA, "-o", str(pdf)])  # fmt: skip
    assert result.exit_code == 0, result.output

    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                           text=True, check=True).stdout.split("\f")  # fmt: skip
    # The handout on page 1 shows the matrix, and the report after it too.
    assert "Joma" in pages[0]
    assert_matrix(pages[0].splitlines(), levels)
    assert_matrix("\n".join(pages[1:]).splitlines(), levels)


def assert_matrix(lines: list[str], levels: dict[tuple[str, str], int]) -> None:
    """The matrix's rows in pdftotext's layout: Bauska's level in each of the 20 cells, the
    network's counts and the levels under them."""
    start = next(i for i, line in enumerate(lines) if line.split()[:1] == ["Joma"])
    assert re.split(r"\s{2,}", lines[start].strip()) == ["Joma", *STAGES.values()]
    rest = lines[start + 1 :]
    for area, name in AREAS.items():
        at = next(i for i, line in enumerate(rest) if line.startswith(name.split()[0]))
        words = re.split(r"\s{2,}", rest[at].strip())[1:]
        assert words == [LABELS[levels[(BAUSKA, code(area, s))]] for s in STAGES], name
        numbers = [line.split() for line in rest[at + 1 :] if re.fullmatch(r"[\d\s]+", line)]
        numbers = [n for n in numbers if n][:2]  # the counts, then the levels under them
        assert numbers[0] == [str(n) for s in STAGES for n in counts(levels, code(area, s))]
        assert numbers[1] == ["0", "1", "2", "3"] * 4
        rest = rest[at + 1 :]


def test_form_is_the_matrix_with_a_drop_down_per_cell(healthy_boost: str, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from benchlearn.importing.forms import FIRST_ROW
    from benchlearn.importing.matrix_form import CODE_OFFSET

    result = CliRunner().invoke(cli, ["--db", healthy_boost, "--lang", "lv", "forms", "make",
                                      "--network", "HB", "--year", "2024", "-m", BAUSKA, "-o",
                                      str(tmp_path)])  # fmt: skip
    assert result.exit_code == 0, result.output
    sheet = load_workbook(tmp_path / f"HB-2024-{BAUSKA}-Bauskas-novads.xlsx").worksheets[0]

    header = FIRST_ROW - 1
    assert [sheet.cell(header, c).value for c in range(1, 6)] == ["Joma", *STAGES.values()]
    assert [sheet.cell(header + 1 + i, 1).value for i in range(5)] == list(AREAS.values())
    validations = {str(dv.sqref): dv for dv in sheet.data_validations.dataValidation}
    listed = '"' + ",".join(LABELS) + '"'
    for i, area in enumerate(AREAS):
        for j, stage in enumerate(STAGES):
            row, column = header + 1 + i, 2 + j
            cell = sheet.cell(row, column)
            assert cell.value is None and not cell.protection.locked
            assert (validations[cell.coordinate].type, validations[cell.coordinate].formula1) == (
                "list",
                listed,
            )
            assert sheet.cell(row, column + CODE_OFFSET).value == code(area, stage)
    assert len(validations) == 20
    assert sheet.protection.sheet
    hidden = sheet.column_dimensions["L"]  # the codes' columns, L to O
    assert hidden.hidden
    earlier = next(r for r in range(header, sheet.max_row + 1)
                   if sheet.cell(r, 1).value == "Pašvaldības līmeņi 2023. gadā (uzziņai)")  # fmt: skip
    assert sheet.cell(earlier + 2, 1).value == "Risku identificēšana"


@pytest.mark.parametrize("lang", ["lv", "en"])
def test_filled_matrix_form_imports_back_exactly(engine: Engine, tmp_path: Path, lang: str) -> None:
    from openpyxl import load_workbook

    from benchlearn.importing.forms import FIRST_ROW
    from tests.latvia import latvian_network

    latvian_network(engine, tmp_path, ["HB"])
    url = engine.url.render_as_string(hide_password=False)
    runner = CliRunner()
    made = runner.invoke(cli, ["--db", url, "--lang", lang, "forms", "make", "--network", "HB",
                               "--year", "2025", "-m", BAUSKA, "-o", str(tmp_path / "forms")])  # fmt: skip
    assert made.exit_code == 0, made.output
    path = tmp_path / "forms" / f"HB-2025-{BAUSKA}-Bauskas-novads.xlsx"
    book = load_workbook(path)
    sheet = book.worksheets[0]
    chosen = {}
    for i, area in enumerate(AREAS):
        for j, stage in enumerate(STAGES):
            level = (i + 2 * j) % 4
            if (i, j) == (4, 3):
                continue  # one cell left empty: no value, not a zero
            formula = next(dv.formula1 for dv in sheet.data_validations.dataValidation
                           if str(dv.sqref) == sheet.cell(FIRST_ROW + i, 2 + j).coordinate)  # fmt: skip
            sheet.cell(FIRST_ROW + i, 2 + j).value = formula.strip('"').split(",")[level]
            chosen[(BAUSKA, code(area, stage))] = level
    book.save(path)

    result = runner.invoke(cli, ["--db", url, "import", str(path)])

    assert result.exit_code == 0, result.output
    assert result.output == (  # the rows are the matrix's five
        f"{path}: imported 5 rows as batch 2: 19 new, 0 changed, 0 unchanged, 0 rejected.\n"
    )
    assert stored(engine, 2025) == chosen


def test_a_wrong_level_names_its_row_and_stage(healthy_boost: str, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from benchlearn.importing.forms import FIRST_ROW

    runner = CliRunner()
    made = runner.invoke(cli, ["--db", healthy_boost, "forms", "make", "--network", "HB", "--year",
                               "2025", "-m", BAUSKA, "-o", str(tmp_path)])  # fmt: skip
    assert made.exit_code == 0, made.output
    path = tmp_path / f"HB-2025-{BAUSKA}-Bauskas-novads.xlsx"
    book = load_workbook(path)
    book.worksheets[0].cell(FIRST_ROW + 1, 4).value = "5 – excellent"  # past the drop-down
    book.save(path)

    result = runner.invoke(cli, ["--db", healthy_boost, "import", str(path)])

    assert result.exit_code == 1
    assert result.output.splitlines()[1:] == [
        f"  {path}, row {FIRST_ROW + 1}, column implementation: 5 is outside "
        "HB_LEADERSHIP_IMPLEMENTATION's valid range 0 to 3",
        f"  {path}, row {FIRST_ROW + 1}, column implementation: 5 is not a level of "
        "HB_LEADERSHIP_IMPLEMENTATION's scale (0, 1, 2, 3)",
    ]
