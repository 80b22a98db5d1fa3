"""The workbooks on paper: print settings read back, and pages counted as LibreOffice prints them.

Every workbook kind (the T2 meeting workbook in Latvian, a position report, the
three demo samples) is rendered to PDF with LibreOffice where it is installed
(``.ci/run`` installs it), and the pages of each sheet are counted from the
sheet name that every page's footer carries. Each sheet kind has a bound that
grows with the network, not with how wide a sheet happens to be.
"""

from __future__ import annotations

import math
import re
import shutil
import subprocess
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import Engine

from benchlearn.commands import write_position_workbook, write_workbook
from benchlearn.database import make_engine
from benchlearn.workbook.layout import text_lines
from tests.conftest import strict

OFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")
BAUSKA = "LV-016"


@pytest.fixture(scope="module")
def latvia(
    tmp_path_factory: pytest.TempPathFactory, latvian_database: Callable[..., str]
) -> Engine:
    return make_engine(latvian_database(["T2"], tmp_path_factory.mktemp("latvia")))


@pytest.fixture(scope="module")
def t2(latvia: Engine, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("t2") / "t2.xlsx"
    write_workbook(latvia, "T2", 2024, out, lang="lv", draws=20)
    return out


def test_every_sheet_prints_at_a_fixed_legible_scale_with_only_what_belongs_on_paper(
    t2: Path,
) -> None:
    book = load_workbook(t2)

    for ws in book.worksheets:
        assert 70 <= int(ws.page_setup.scale or 100) <= 100, ws.title
        assert not (ws.sheet_properties.pageSetUpPr and ws.sheet_properties.pageSetUpPr.fitToPage)
        assert ws.print_area, ws.title
    # An indicator sheet: the table, then the charts on pages of their own; the hidden chart
    # data between them take no room on paper.
    ws = book["T2_SOC_WORKERS_PER_1000"]
    area = str(ws.print_area).split("!")[-1].replace("$", "")
    first, last = re.findall(r"[A-Z]+", area)
    assert first == "A" and ws.page_setup.orientation == "portrait"
    assert [b.id for b in ws.col_breaks.brk] == [ws[f"{last}1"].column - 1]
    hidden = [k for k, d in ws.column_dimensions.items() if d.hidden]
    assert hidden and all(k > "I" or len(k) > 1 for k in hidden)
    assert ws.print_title_rows == "$7:$7"
    # The header wraps in a row tall enough for its longest label ("Salīdzinājumā ar kopējo
    # vērtību" was cut off); long names wrap in their cells.
    header = [c.value for c in ws[7]]
    assert header[4] == "Salīdzinājumā ar kopējo vērtību"
    assert ws.row_dimensions[7].height >= 12.75 * text_lines(header[4], 15, bold=True)
    assert ws["E7"].alignment.wrap_text and ws["B8"].alignment.wrap_text
    # The data sheet is for filtering: only a note that says so prints.
    data = book["Dati"]
    assert data.print_area == "'Dati'!$I$1"
    assert "nevis drukāšanai" in str(data["I1"].value)
    # The cover lists the members in four columns, each name with its code beside it.
    cover = book["Titullapa"]
    start = next(r for r in range(1, 80) if str(cover[f"A{r}"].value).startswith("Dalībnieki"))
    rows = [
        [c.value for c in r[:8]] for r in cover.iter_rows(min_row=start + 1, max_row=start + 11)
    ]
    assert all(len([v for v in r if v]) in (6, 8) for r in rows)
    assert rows[0][1].startswith("LV-") and rows[0][3].startswith("LV-")
    assert sum(1 for r in rows for v in r[1::2] if v) == 43
    # A long list (the variables used) wraps across merged columns in a tall enough row.
    similar = book["Līdzīgās pašvaldības"]
    assert any(str(m).startswith("B1:") for m in similar.merged_cells.ranges)
    assert similar.row_dimensions[1].height and similar.row_dimensions[1].height > 15


def page_counts(xlsx: Path, folder: Path) -> Counter[str]:
    """Pages of each sheet as LibreOffice prints the workbook, from the footers' sheet names."""
    assert OFFICE and PDFTOTEXT
    folder = folder / "pdf"
    folder.mkdir(exist_ok=True)
    marked = folder / xlsx.name
    with zipfile.ZipFile(xlsx) as source, zipfile.ZipFile(marked, "w") as copy:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                content = content.replace(b"&amp;A", b"@@&amp;A@@")  # the sheet name, marked
            copy.writestr(item, content)
    subprocess.run(
        [OFFICE, f"-env:UserInstallation=file://{folder / 'profile'}", "--headless",
         "--convert-to", "pdf", "--outdir", str(folder), str(marked)],
        check=True, capture_output=True, timeout=900,
    )  # fmt: skip
    text = subprocess.run(
        [PDFTOTEXT, "-raw", str(marked.with_suffix(".pdf")), "-"],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    pages: Counter[str] = Counter()
    for page in text.split("\f"):
        found = re.search(r"@@(.*?)@@", page, re.S)
        if found:
            pages[" ".join(found.group(1).split())] += 1
        else:
            assert not page.strip(), f"a page without its footer: {page[:200]!r}"
    return pages


def bounds(book: Path, members: int) -> dict[str, int]:
    """Most pages each sheet may print on, by its kind, for a network of ``members``."""
    wb = load_workbook(book, read_only=True)
    found = {}
    for ws in wb.worksheets:
        title = ws.title
        if title in ("Cover", "Titullapa"):
            found[title] = 2 + math.ceil(members / 4 / 30)  # four columns of names
        elif title in ("Summary", "Kopsavilkums"):
            columns = ws.max_column - 5
            found[title] = math.ceil(columns / 14) * math.ceil((members + 5) / 30)
        elif title.startswith(("Similar", "Līdzīgās")):
            found[title] = 1 + math.ceil(members / 30)  # a row per member
        elif title.startswith(("Definitions", "Definīcijas")):
            found[title] = 1 + math.ceil((ws.max_row - 1) / 6)
        elif title in ("Data", "Dati"):
            found[title] = 1  # not for paper: only its note prints
        elif title.startswith(("Efficiency", "Efektivitāte")):  # a row per scored member
            found[title] = 1 + math.ceil(members / 25)
        elif title.startswith(("Data quality", "Datu kvalitāte")):
            found[title] = 1 + math.ceil(members / 40)
        elif title.startswith(("Profile", "Profils")):
            found[title] = 4
        elif title.startswith(("Position", "Pozīcija")):
            found[title] = 2
        else:  # an indicator: the table one page wide, its charts on a page or two
            found[title] = math.ceil(members / 45) + 2
    wb.close()
    return found


@pytest.fixture
def office() -> None:
    """LibreOffice and poppler, or a skip with the reason (a failure under CI, which installs them)."""
    if OFFICE is None or PDFTOTEXT is None:
        message = (
            "LibreOffice (soffice) and poppler (pdftotext) are not installed: .ci/run installs them"
        )
        if strict():
            pytest.fail(message)
        pytest.skip(message)


@pytest.mark.usefixtures("office")
@pytest.mark.parametrize("kind", ["T2", "position", "uk-asc", "no-kostra", "se-municipalities"])
def test_every_workbook_kind_prints_on_a_bounded_number_of_pages(
    kind: str, latvia: Engine, t2: Path, tmp_path: Path
) -> None:
    if kind == "T2":
        book, members = t2, 43
    elif kind == "position":
        # The position report as the command writes it: cover, position, profile, indicators.
        book, members = tmp_path / "bauska.xlsx", 43
        write_position_workbook(latvia, BAUSKA, "T2", 2024, book, lang="lv")
    else:
        from benchlearn.demo import run_demo

        result = run_demo(kind, tmp_path / "demo", site=False)
        book, members = result.workbook.path, result.workbook.members

    pages = page_counts(book, tmp_path)

    limits = bounds(book, members)
    assert set(pages) == set(limits)  # every sheet prints, each on its own pages
    over = {sheet: (n, limits[sheet]) for sheet, n in pages.items() if n > limits[sheet]}
    assert over == {}
    if kind == "se-municipalities":  # 290 members: was about 500 pages
        assert sum(pages.values()) <= 120
