"""What the meeting and position workbooks show, read back: charts, highlights, levels, matrix.

The Latvian networks' 43 municipalities with a data round's figures (tests/latvia.py),
written in Latvian; the workbooks are read with openpyxl and their charts as the
XML inside the xlsx file.
"""

from __future__ import annotations

import math
import re
import zipfile
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import Engine

from benchlearn.commands import meeting, write_position_workbook, write_workbook
from benchlearn.database import make_engine
from benchlearn.definitions.store import stored_definitions
from benchlearn.position import describe
from benchlearn.registry.municipalities import load_municipalities
from benchlearn.views import is_ordinal, is_yes_no, matrix_of
from benchlearn.workbook import render_workbook
from benchlearn.workbook.layout import (
    axis_bounds,
    page_starts,
    print_scale,
    text_lines,
)
from tests.conftest import write

BAUSKA = "LV-016"
FOCUS = "1F4E78"


@pytest.fixture(scope="module")
def latvia(
    tmp_path_factory: pytest.TempPathFactory, latvian_database: Callable[..., str]
) -> Engine:
    """T2, NVPT and HB for the 43 Latvian municipalities, 2023 and 2024 (SQLite)."""
    return make_engine(latvian_database(["T2", "NVPT", "HB"], tmp_path_factory.mktemp("latvia")))


def charts_of(path: Path, sheet: str) -> list[str]:
    """The chart XML of one sheet, in the order the charts were inserted."""
    with zipfile.ZipFile(path) as book:

        def read(name: str) -> str:
            return book.read(name).decode("utf-8")

        def targets(rels: str) -> dict[str, str]:
            return dict(re.findall(r'Id="(rId\d+)"[^>]*Target="([^"]+)"', read(rels)))

        ids = dict(
            re.findall(
                r'<sheet name="([^"]+)" sheetId="\d+" r:id="(rId\d+)"', read("xl/workbook.xml")
            )
        )
        target = targets("xl/_rels/workbook.xml.rels")[ids[sheet]]
        sheet_file = target.split("/")[-1]
        rels = f"xl/worksheets/_rels/{sheet_file}.rels"
        if rels not in book.namelist():
            return []
        drawings = [t for t in targets(rels).values() if "drawing" in t]
        charts = []
        for drawing in drawings:
            name = drawing.split("/")[-1]
            drawing_rels = targets(f"xl/drawings/_rels/{name}.rels")
            order = re.findall(r'r:id="(rId\d+)"', read(f"xl/drawings/{name}"))
            charts += [
                read("xl/charts/" + drawing_rels[r].split("/")[-1])
                for r in order
                if "chart" in drawing_rels[r]
            ]
        return charts


def cells(ws: Worksheet, ref: str) -> list[object]:
    """The values of a one-column range such as ``$N$2:$N$4``."""
    first, last = (int(n) for n in re.findall(r"\$(\d+)", ref))
    column = re.match(r"\$?([A-Z]+)", ref.split(":")[0].split("!")[-1].lstrip("$"))
    assert column is not None
    return [ws[f"{column.group(1)}{row}"].value for row in range(first, last + 1)]


def ranges(chart: str, part: str) -> list[str]:
    """The cell ranges a chart's series take their ``part`` (cat, val, tx) from."""
    pattern = rf"<c:{part}>\s*<c:(?:str|num)Ref>\s*<c:f>([^<]+)</c:f>"
    return [f.split("!")[-1] for f in re.findall(pattern, chart)]


def test_a_position_workbook_highlights_its_municipality_in_table_and_charts(
    latvia: Engine, tmp_path: Path
) -> None:
    out = tmp_path / "bauska.xlsx"

    write_position_workbook(latvia, BAUSKA, "T2", 2024, out, lang="lv")

    book = load_workbook(out)
    with latvia.connect() as connection:
        definitions = stored_definitions(connection)
    plain = next(
        c
        for c in definitions.networks["T2"].indicator_codes
        if definitions.indicators[c].statistic is None
        and definitions.indicators[c].direction != "neutral"
    )
    ws = book[plain]
    row = next(r for r in ws.iter_rows(min_row=8) if r[2].value == BAUSKA)
    assert row[1].value == "Bauskas novads"
    assert row[1].font.b and row[1].fill.fgColor.rgb.endswith("FFF2CC")
    bars, trend = charts_of(out, plain)[:2]
    # The bars are named with the municipalities' names, and Bauska's bar is dark blue.
    names = cells(ws, ranges(bars, "cat")[0])
    assert "Bauskas novads" in names and BAUSKA not in names
    point = re.search(r"<c:dPt><c:idx val=\"(\d+)\"/>.*?</c:dPt>", bars, re.S)
    assert point is not None and FOCUS in point.group(0)
    assert names[int(point.group(1))] == "Bauskas novads"
    # The trend: the members' middle half as a band, their median, and Bauska's line.
    assert "<c:areaChart>" in trend and "<c:lineChart>" in trend
    series = [ws[ref.replace("$", "")].value for ref in ranges(trend, "tx")]
    assert series == ["Dalībnieku vidējā puse (Q1–Q3)", "Dalībnieku mediāna", "Bauskas novads"]
    assert trend.count("<c:ser>") == 4  # the band stands on an invisible lower quartile
    # Its value axis is fitted to what it draws (not from 0 unless the data come near 0).
    low, band, median, own = (cells(ws, ref) for ref in ranges(trend, "val"))
    plotted = [*low, *median, *own] + [a + b for a, b in zip(low, band, strict=True)]  # type: ignore[operator]
    bounds = axis_bounds([float(v) for v in plotted if isinstance(v, int | float)])
    axis = re.search(r'<c:valAx>.*?<c:max val="([^"]+)"/><c:min val="([^"]+)"/>', trend, re.S)
    assert bounds is not None and axis is not None
    assert (float(axis.group(2)), float(axis.group(1))) == pytest.approx(bounds)


def test_the_profile_radar_is_over_directional_indicators_only(
    latvia: Engine, tmp_path: Path
) -> None:
    out = tmp_path / "bauska.xlsx"
    write_position_workbook(latvia, BAUSKA, "T2", 2024, out, lang="lv")
    data = meeting(latvia, "T2", 2024, municipalities=[BAUSKA], draws=0, with_similarity=False)

    book = load_workbook(out)

    ws = book[f"Profils {BAUSKA}"]
    radar = next(c for c in charts_of(out, ws.title) if "<c:radarChart>" in c)
    labels = cells(ws, ranges(radar, "cat")[0])
    mine = data.ranked[data.ranked["municipality"] == BAUSKA].set_index("indicator")
    directional = [
        data.definitions.indicators[c].label("lv")
        for c in data.codes
        if data.definitions.indicators[c].direction != "neutral"
        and mine.loc[c, "percentile"] == mine.loc[c, "percentile"]
    ]
    assert labels == directional
    assert 0 < len(labels) < len(data.codes)  # T2 has context indicators: not on the radar
    percentiles = cells(ws, ranges(radar, "val")[0])
    assert all(0 <= float(p) <= 100 for p in percentiles)  # type: ignore[arg-type]


def test_a_neutral_indicators_trend_draws_the_members_median_and_middle_half(
    latvia: Engine, tmp_path: Path
) -> None:
    out = tmp_path / "t2.xlsx"
    write_workbook(latvia, "T2", 2024, out, lang="lv", draws=20)

    book = load_workbook(out)
    neutral = [c for c in book.sheetnames if c.startswith("T2_")]
    neutral = [c for c in neutral if book[c]["A5"].value == "Labāk: nav (konteksts)"]
    assert neutral
    for code in neutral:
        trend = next(c for c in charts_of(out, code) if "<c:areaChart>" in c)
        series = [book[code][r.replace("$", "")].value for r in ranges(trend, "tx")]
        assert series == ["Dalībnieku vidējā puse (Q1–Q3)", "Dalībnieku mediāna"]
    texts = [c.value for ws in book.worksheets for r in ws.iter_rows() for c in r]
    assert not [
        t for t in texts if isinstance(t, str) and re.search(r"\b0 (by rank|pēc vietas)", t)
    ]


def test_a_yes_no_indicator_is_shown_as_how_many_members_said_yes(
    latvia: Engine, tmp_path: Path
) -> None:
    out = tmp_path / "nvpt.xlsx"
    write_workbook(latvia, "NVPT", 2024, out, lang="lv", draws=20)

    ws = load_workbook(out)["NVPT_COORDINATOR"]
    values = [r[3] for r in ws.iter_rows(min_row=8) if r[2].value]
    assert {c.number_format for c in values} == {'"jā";"jā";"nē"'}  # numbers, read as words
    answers = Counter(c.value for c in values)
    charts = charts_of(out, "NVPT_COORDINATOR")
    counts = next(c for c in charts if "<c:barChart>" in c)
    assert cells(ws, ranges(counts, "cat")[0]) == ["jā", "nē", "nav vērtības"]
    assert cells(ws, ranges(counts, "val")[0]) == [answers[1], answers[0], answers[None]]
    assert sum(answers.values()) == 43
    # No chart ranks the members one bar each.
    assert all(len(cells(ws, r)) < 43 for c in charts for r in ranges(c, "cat") if "barChart" in c)


def test_ordinal_levels_and_the_healthy_boost_matrix(latvia: Engine, tmp_path: Path) -> None:
    out = tmp_path / "hb.xlsx"
    write_workbook(latvia, "HB", 2024, out, lang="lv", draws=20, municipalities=[BAUSKA])
    data = meeting(latvia, "HB", 2024, draws=0, with_similarity=False)

    book = load_workbook(out)

    assert book.sheetnames[3] == "Matrica"  # after the cover and the meeting summary
    grid = book["Matrica"]
    rows = [[c.value for c in r[:5]] for r in grid.iter_rows(min_row=3, max_row=9)]
    assert rows[1] == ["Joma", "izpēte", "plānošana", "īstenošana", "izvērtēšana"]
    areas = [r[0] for r in rows[2:7]]
    assert areas == ["Risku identificēšana", "Vadība", "Komunikācija", "Koordinācija", "Motivācija"]
    year = data.ranked[data.ranked["value"].notna()]
    medians = year.groupby("indicator")["value"].median()
    first = round(float(medians["HB_RISK_MAPPING"]))
    assert rows[2][1].startswith(f"{first} – ")  # the members' median level, as a cell says it
    own = [[c.value for c in r[:5]] for r in grid.iter_rows(min_row=11, max_row=17)]
    assert own[0][0] == "Bauskas novads: līmenis katrā jomā un posmā"
    bauska = data.ranked.set_index(["municipality", "indicator"])["value"]
    assert own[2][1].startswith(f"{bauska[(BAUSKA, 'HB_RISK_MAPPING')]:g} – ")
    stacked = next(c for c in charts_of(out, "Matrica") if "<c:barChart>" in c)
    assert '<c:grouping val="stacked"/>' in stacked
    assert stacked.count("<c:ser>") == 5  # four levels and no value
    assert len(cells(grid, ranges(stacked, "cat")[0])) == 20
    # An ordinal indicator's sheet: its level in words, and members by level (not ranked bars).
    sheet = book["HB_RISK_MAPPING"]
    assert sheet["E7"].value == "Līmenis"
    levels = {r[4].value for r in sheet.iter_rows(min_row=8) if r[2].value}
    assert levels <= {
        "0.\u00a0līmenis — nav uzsākts",
        "1.\u00a0līmenis — sākotnējs",
        "2.\u00a0līmenis — attīstībā",
        "3.\u00a0līmenis — nostiprināts",
    }
    counts = next(c for c in charts_of(out, "HB_RISK_MAPPING") if "<c:barChart>" in c)
    assert cells(sheet, ranges(counts, "cat")[0]) == [
        "0.\u00a0līmenis — nav uzsākts", "1.\u00a0līmenis — sākotnējs", "2.\u00a0līmenis — attīstībā", "3.\u00a0līmenis — nostiprināts", "nav vērtības",
    ]  # fmt: skip
    # The profile holds the same grid for Bauska.
    profile = [c.value for r in book[f"Profils {BAUSKA}"].iter_rows() for c in r]
    assert "Bauskas novads: līmenis katrā jomā un posmā" in profile


def test_the_summary_names_members_without_figures_once_in_a_note(
    workspace: Engine, tmp_path: Path
) -> None:
    from benchlearn.importing import import_file

    load_municipalities(workspace, write(tmp_path / "more.csv", "code,name\nE5,Epsilon\n"))
    values = "municipality,indicator,year,value\n" + "".join(
        f"{m},{i},2022,{v}\n"
        for m, cost in (("A1", 100), ("B2", 300), ("C3", 200))
        for i, v in (("COST", cost), ("POP", 10), ("SHARE", cost / 10))
    )
    import_file(workspace, write(tmp_path / "v.csv", values))
    out = tmp_path / "t9.xlsx"

    write_workbook(workspace, "T9", 2022, out, draws=20)

    summary = load_workbook(out)["Summary"]
    rows = [r[1].value for r in summary.iter_rows(min_row=2) if r[1].value]
    assert "E5" not in rows and {"A1", "B2", "C3"} <= set(rows)
    notes = [c.value for r in summary.iter_rows() for c in r if str(c.value).startswith("No ")]
    assert notes == ["No figures for 2022 (1): Epsilon (E5)."]


def test_a_position_sheet_holds_the_sentences_the_command_prints(
    workspace: Engine, tmp_path: Path
) -> None:
    from benchlearn.importing import import_file

    values = "municipality,indicator,year,value\n" + "".join(
        f"{m},{i},2022,{v}\n"
        for m, cost, share in (("A1", 90, 50), ("B2", 330, 60), ("C3", 200, 70))
        for i, v in (("COST", cost), ("POP", 10), ("SHARE", share))
    )
    import_file(workspace, write(tmp_path / "v.csv", values))
    data = meeting(workspace, "T9", 2022, municipalities=["C3"], draws=0, with_similarity=False)
    out = tmp_path / "c3.xlsx"

    summary = render_workbook(data, out, sheets=("cover", "position", "profiles"))

    assert summary.sheets == ["Cover", "Position C3", "Profile C3"]
    ws = load_workbook(out)["Position C3"]
    texts = [r[0].value for r in ws.iter_rows() if r[0].value]
    found = describe(data, "C3")
    assert texts[0] == "Gamma (C3) among its peers · Test network · 2022"
    assert texts[-len(found.sentences) :] == found.sentences
    table = [[c.value or "" for c in r] for r in ws.iter_rows(min_row=4, max_row=5, max_col=7)]
    assert table == [[str(v) for v in row] for row in found.table.itertuples(index=False)]


def test_layout_arithmetic() -> None:
    assert text_lines("Dienvidkurzemes novads", 30) == 1
    assert text_lines("Dienvidkurzemes novads", 12) == 2
    assert text_lines("a " * 200, 20) > 10
    assert text_lines("one\ntwo", 50) == 2
    assert page_starts([15.0] * 10, 45.0) == [0, 3, 6, 9]
    assert page_starts([15.0] * 10, 45.0, repeat=15.0) == [0, 3, 5, 7, 9]
    assert print_scale([500], landscape=False) == 100
    assert print_scale([5000], landscape=True) == 70  # never smaller: pages across instead
    assert axis_bounds([26.5, 31.2, 40.0]) == (25, 45)
    assert axis_bounds([0.0, 1.0]) == (0.0, 1.5)  # a share never below 0
    assert axis_bounds([math.nan]) is None


def test_yes_no_ordinal_and_matrix_from_definitions(latvia: Engine) -> None:
    with latvia.connect() as connection:
        definitions = stored_definitions(connection)
    indicators = definitions.indicators

    assert is_yes_no(indicators["NVPT_COORDINATOR"])
    assert not is_yes_no(indicators["NVPT_EVENTS_PER_1000"])
    assert is_ordinal(indicators["HB_RISK_MAPPING"]) and not is_yes_no(
        indicators["HB_RISK_MAPPING"]
    )
    hb = matrix_of([indicators[c] for c in definitions.networks["HB"].indicator_codes], "en")
    assert hb is not None and (len(hb.areas), len(hb.stages)) == (5, 4)
    assert hb.codes[("Risk identification", "mapping")] == "HB_RISK_MAPPING"
    assert (
        matrix_of([indicators[c] for c in definitions.networks["T2"].indicator_codes], "en") is None
    )


def test_the_latvian_workbook_has_no_english_label_and_no_decimal_point(
    latvia: Engine, tmp_path: Path
) -> None:
    from benchlearn.messages import workbook as labels

    out = tmp_path / "t2.xlsx"
    write_workbook(latvia, "T2", 2024, out, lang="lv", draws=20)

    english = [e["en"] for e in labels.MESSAGES.values() if e["en"] != e["lv"]]
    whole = {text for text in english if "{" not in text}
    pieces = {
        piece.strip()
        for text in english
        if "{" in text
        for piece in re.split(r"\{[^}]*\}", text)
        if len(re.sub(r"[^A-Za-z]", "", piece)) >= 6
    }
    book = load_workbook(out)
    texts = [
        (ws.title, c.value)
        for ws in book.worksheets
        if ws.title != "Definīcijas"  # names in both languages, by design
        for r in ws.iter_rows()
        for c in r
        if isinstance(c.value, str)
    ]
    with zipfile.ZipFile(out) as archive:
        texts += [
            ("chart", t)
            for n in archive.namelist()
            if "charts/chart" in n
            for t in re.findall(r"<a:t>([^<]*)</a:t>", archive.read(n).decode("utf-8"))
        ]
    assert len(texts) > 1000
    assert [(s, t) for s, t in texts if t in whole or any(p in t for p in pieces)] == []
    # Numbers in text are Latvian: a decimal comma (dates are 31.03.2025).
    dotted = [(s, t) for s, t in texts if re.search(r"\d\.\d", re.sub(r"\d\d\.\d\d\.\d{4}", "", t))]
    assert dotted == []
