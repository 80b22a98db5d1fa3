"""Rank intervals in the documents' ranking tables: the workbook's indicator sheet, the PDF
report's indicator page and the site's indicator page show "3 (2–9)" where values have a
standard error, sorted by rank, with the one-sentence note; nothing changes where they have none.

Four members' SHARE (higher is better) with standard errors 1, 1, 20, 1 around 50, 60, 70,
80: each interval at 95 %^(1/4) = 98.73 % is the value ± 2.49 se, so only the wide one (C3,
70 ± 49.8) overlaps the others, and the sets follow by counting (Klein, Wright & Wieczorek
2020): D4 1 (1–2), C3 2 (1–4), B2 3 (2–3), A1 4 (3–4).
"""

from __future__ import annotations

import html
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from sqlalchemy import Engine

from benchlearn.cli import cli
from benchlearn.commands import meeting, write_report, write_site, write_workbook
from benchlearn.importing import import_file
from benchlearn.registry.municipalities import load_municipalities
from benchlearn.report.figures import ranked_bars
from benchlearn.views import ranking_tables
from tests.conftest import write

VALUES = """municipality,indicator,year,value,se
A1,SHARE,2022,50,1
B2,SHARE,2022,60,1
C3,SHARE,2022,70,20
D4,SHARE,2022,80,1
A1,COST,2022,100,
B2,COST,2022,300,
C3,COST,2022,200,
D4,COST,2022,800,
A1,POP,2022,10,
B2,POP,2022,20,
C3,POP,2022,30,
D4,POP,2022,40,
"""
SETS = ["1 (1–2)", "2 (1–4)", "3 (2–3)", "4 (3–4)"]
ORDER = ["D4", "C3", "B2", "A1"]
NOTE = {
    "en": "In brackets: the ranks each one could hold, all of them together with 95% "
    "confidence given the values' standard errors (Klein, Wright & Wieczorek 2020); none "
    "where a value has no standard error.",
    "lv": "Iekavās: robežas, kurās ar 95 % ticamību vienlaikus atrodas visu vērtību patiesās "
    "vietas, ņemot vērā to standartkļūdas (Klein, Wright & Wieczorek 2020); nav norādītas, ja "
    "vērtībai standartkļūdas nav.",
}


@pytest.fixture
def with_se(workspace: Engine, tmp_path: Path) -> Engine:
    load_municipalities(workspace, write(tmp_path / "d4.csv", "code,name\nD4,Delta\n"))
    import_file(workspace, write(tmp_path / "v.csv", VALUES))
    return workspace


@pytest.mark.parametrize("lang", ["en", "lv"])
def test_the_workbook_sheet_shows_rank_sets_sorted_with_the_note(
    with_se: Engine, tmp_path: Path, lang: str
) -> None:
    out = tmp_path / "t9.xlsx"
    write_workbook(with_se, "T9", 2022, out, lang=lang, draws=0)

    book = load_workbook(out)
    sheet = book["SHARE"]
    table = [[c.value for c in row[:3]] for row in sheet.iter_rows(min_row=8, max_row=11)]
    assert table == [[s, n, c] for s, n, c in zip(SETS, ["Delta", "Gamma", "Beta", "Alpha"],
                                                   ORDER, strict=True)]  # fmt: skip
    assert sheet.cell(row=13, column=1).value == NOTE[lang]
    if lang == "en":  # judged on the se against the members' median (65): value ± 1.96 se
        verdicts = [[c.value for c in row[4:9]] for row in sheet.iter_rows(min_row=8, max_row=11)]
        assert [v[0] for v in verdicts] == ["better", "similar", "worse", "worse"]
        assert [v[3:] for v in verdicts] == [
            [pytest.approx(80 - 1.959963984540054), pytest.approx(80 + 1.959963984540054)],
            [pytest.approx(70 - 39.19927969080108), pytest.approx(70 + 39.19927969080108)],
            [pytest.approx(60 - 1.959963984540054), pytest.approx(60 + 1.959963984540054)],
            [pytest.approx(50 - 1.959963984540054), pytest.approx(50 + 1.959963984540054)],
        ]
    # COST_PC has no standard errors: plain numeric ranks, no note.
    plain = book["COST_PC"]
    assert [plain.cell(row=r, column=1).value for r in range(8, 12)] == [1, 2, 3, 4]
    assert NOTE[lang] not in [c.value for row in plain.iter_rows() for c in row]


def test_90_percent_sets_are_narrower_or_equal_and_the_note_says_90(
    with_se: Engine, tmp_path: Path
) -> None:
    out = tmp_path / "t9.xlsx"
    write_workbook(with_se, "T9", 2022, out, draws=0, confidence=90.0)

    sheet = load_workbook(out)["SHARE"]
    assert [sheet.cell(row=r, column=1).value for r in range(8, 12)] == SETS
    assert sheet.cell(row=13, column=1).value == NOTE["en"].replace("95%", "90%")


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler (pdftotext) missing")
def test_the_pdf_indicator_page_shows_rank_sets_and_the_note(
    with_se: Engine, tmp_path: Path
) -> None:
    out = tmp_path / "t9.pdf"
    write_report(with_se, "T9", 2022, out, lang="lv", draws=0)

    pages = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout.split("\f")
    share = next(p for p in pages if "Share of clients satisfied" in p and "Iekavās" in p)
    flat = " ".join(share.split())
    assert " ".join(NOTE["lv"].split()) in flat
    cost = next(p for p in pages if "Izmaksas uz iedzīvotāju" in p and "Vidējā" not in p)
    assert "Iekavās" not in cost


def test_the_pdf_bars_carry_each_rank_set_beside_its_value(with_se: Engine) -> None:
    """The PDF's ranking is a chart of named bars: the rank sets stand in a column of text
    after the values, as the page shows them (pdftotext cannot read inside the image)."""
    data = meeting(with_se, "T9", 2022, draws=0, with_similarity=False)
    rows = ranking_tables(data.ranked, {"SHARE": "higher"})["SHARE"]
    ind = data.definitions.indicators["SHARE"]

    figure = ranked_bars(ind, rows, data.names, "lv")
    texts = [text.get_text() for text in figure.axes[0].texts]
    assert texts == ["80,00", "1 (1–2)", "70,00", "2 (1–4)", "60,00", "3 (2–3)", "50,00", "4 (3–4)"]


def test_the_site_indicator_page_shows_rank_sets_sorted_with_the_note(
    with_se: Engine, tmp_path: Path
) -> None:
    write_site(with_se, "T9", 2022, tmp_path / "site", draws=0)

    page = (tmp_path / "site" / "indicators" / "SHARE.html").read_text(encoding="utf-8")
    at = [page.index(f">{s}<") for s in SETS]
    assert at == sorted(at)
    escaped = html.escape(NOTE["en"]).replace("&#x27;", "&#39;")  # as Jinja escapes
    assert f'<p class="note">{escaped}</p>' in page
    plain = (tmp_path / "site" / "indicators" / "COST_PC.html").read_text(encoding="utf-8")
    assert "In brackets" not in plain


def test_documents_take_confidence_90(with_se: Engine, db_url: str, tmp_path: Path) -> None:
    out = tmp_path / "t9.xlsx"
    result = CliRunner().invoke(
        cli,
        ["--db", db_url, "workbook", "-n", "T9", "--year", "2022", "--confidence", "90",
         "-o", str(out)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert load_workbook(out)["SHARE"].cell(row=13, column=1).value == NOTE["en"].replace(
        "95%", "90%"
    )
