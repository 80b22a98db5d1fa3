"""The meeting workbook, read back with openpyxl: sheets, headers, numbers, charts, safety."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from sqlalchemy import Engine

from benchlearn.cli import cli
from benchlearn.commands import index, rank, write_position_workbook, write_workbook
from benchlearn.definitions.store import load_definitions, stored_definitions
from benchlearn.importing import import_file
from benchlearn.registry.municipalities import load_municipalities, resolve_registry
from benchlearn.workbook import ranking_tables, sheet_title
from tests.conftest import count_statements, write
from tests.latvia import set_members

EVIL = "=cmd|' /C calc'!A0"
VALUES = """municipality,indicator,year,value,status
A1,COST,2021,90,
A1,POP,2021,10,
B2,COST,2021,330,
B2,POP,2021,20,
C3,COST,2021,,..
C3,POP,2021,30,
D4,COST,2021,500,
D4,POP,2021,40,
A1,SHARE,2021,50,
B2,SHARE,2021,60,
C3,SHARE,2021,77.7,..
D4,SHARE,2021,-,
A1,COST,2022,100,
A1,POP,2022,10,
B2,COST,2022,300,
B2,POP,2022,20,
C3,COST,2022,123.456,..
C3,POP,2022,30,
D4,COST,2022,800,
D4,POP,2022,40,
A1,SHARE,2022,55.5,
B2,SHARE,2022,65,
C3,SHARE,2022,-,
D4,SHARE,2022,80,
"""


@pytest.fixture
def meeting(workspace: Engine, tmp_path: Path) -> Engine:
    load_municipalities(workspace, write(tmp_path / "evil.csv", f'code,name\nD4,"{EVIL}"\n'))
    import_file(workspace, write(tmp_path / "v.csv", VALUES))
    return workspace


def test_a_workbook_reads_each_thing_from_the_database_once(
    meeting: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from benchlearn import columns

    seen = count_statements(meeting)
    # Values are read as columns, by ADBC or COPY, past SQLAlchemy's events: counted here.
    read = columns.read_columns

    def counted(connection: Any, query: Any, dtypes: Any) -> Any:
        seen.append(str(query))
        return read(connection, query, dtypes)

    monkeypatch.setattr(columns, "read_columns", counted)

    write_workbook(meeting, "T9", 2022, tmp_path / "once.xlsx", draws=20)

    def reads(table: str) -> list[str]:
        return [s for s in seen if re.search(rf"\bFROM {table}\b", s)]

    assert len(reads("networks")) == 2  # the definitions, the members with their years
    # Which years the members have data for (one small query, before anything is compared);
    # values: every year of the network's indicators, then the year's indicators and the
    # population, each once for the ranking, the index and three members' partners; and the
    # structural variables of every year in the similarity's window.
    # The meeting summary adds the forms' status: what each member returned for the year,
    # and when its form first came in. Whether any value is restricted: one probe of the
    # index of restricted values (benchlearn.access.scope), once for the Context. The
    # standard errors of the values ranked (rank sets), once per year ranked: the year and
    # the earlier year its changes are measured from (a probe of their partial index where
    # no value has one).
    assert len(reads("observations")) == 10
    assert len(reads("practices")) == 1


def every_cell(book: object) -> list[object]:
    return [cell for ws in book.worksheets for row in ws.iter_rows() for cell in row]  # type: ignore[attr-defined]


def test_sheets_in_order_with_headers(meeting: Engine, tmp_path: Path) -> None:
    out = tmp_path / "t9.xlsx"

    summary = write_workbook(meeting, "T9", 2022, out, draws=50)

    book = load_workbook(out)
    assert book.sheetnames == summary.sheets == [
        "Cover", "Meeting summary", "Summary", "COST_PC", "SHARE", "Profile A1", "Profile B2",
        "Profile C3", "Profile D4", "Similar municipalities", "Definitions", "Data", "Data quality",
    ]  # fmt: skip
    summary_sheet = book["Summary"]
    assert [c.value for c in summary_sheet[1]] == [
        "Municipality", "Code", "Cost per inhabitant (EUR per inhabitant)", "Change since 2021",
        "Share of clients satisfied (%)", "Change since 2021", "Composite score", "Rank",
        "Rank interval (90 %)", "Coverage",
    ]  # fmt: skip
    # C3's values are confidential or missing: no coverage, so no score and no rank.
    assert [summary_sheet.cell(r, 1).value for r in range(2, 6)] == [EVIL, "Beta", "Alpha", "Gamma"]
    assert [summary_sheet.cell(r, 10).value for r in range(2, 6)] == ["100%", "100%", "100%", "0%"]
    assert [summary_sheet.cell(5, c).value for c in (7, 8, 9)] == ["not ranked", None, None]
    assert summary_sheet.freeze_panes == "C2"
    assert [c.value for c in book["Data"][1]][:7] == [
        "Code", "Municipality", "Indicator code", "Indicator", "Year", "Value", "Status",
    ]  # fmt: skip
    assert book["Data"].auto_filter.ref == "A1:G33"
    assert [c.value for c in book["Data"][2]][:5] == [
        "A1",
        "Alpha",
        "COST",
        "Cost of social assistance",
        2021,
    ]
    assert book["COST_PC"]["A1"].value == "Cost per inhabitant (EUR per inhabitant)"


def test_numbers_equal_the_engine(meeting: Engine, tmp_path: Path) -> None:
    out = tmp_path / "t9.xlsx"
    write_workbook(meeting, "T9", 2022, out, draws=50)
    engine_rank = rank(meeting, "T9", 2022, indicator="COST_PC")
    engine_index = index(meeting, "T9", 2022, draws=50)

    sheet = load_workbook(out)["COST_PC"]
    rows = [[c.value for c in row[:4]] for row in sheet.iter_rows(min_row=8, max_row=11)]
    expected = engine_rank.dropna(subset=["rank"]).sort_values("rank")
    assert [r[0] for r in rows[:3]] == expected["rank"].tolist()
    assert [r[2] for r in rows[:3]] == expected["municipality"].tolist()
    assert [r[3] for r in rows[:3]] == pytest.approx(expected["value"].tolist())
    summary = {row[1].value: row for row in load_workbook(out)["Summary"].iter_rows(min_row=2)}
    for r in engine_index.dropna(subset=["score"]).itertuples(index=False):
        assert summary[r.municipality][6].value == pytest.approx(r.score)
        assert summary[r.municipality][7].value == r.rank


def test_the_summary_gives_each_change_with_its_arrow(meeting: Engine, tmp_path: Path) -> None:
    out = tmp_path / "t9.xlsx"
    write_workbook(meeting, "T9", 2022, out, draws=50)
    engine = rank(meeting, "T9", 2022, indicator="COST_PC", since=2021)

    summary = {row[1].value: row for row in load_workbook(out)["Summary"].iter_rows(min_row=2)}

    changed = engine.dropna(subset=["value_change"])
    assert len(changed) >= 3
    for r in changed.itertuples(index=False):
        cell = summary[r.municipality][3]
        assert cell.value == pytest.approx(r.value_change)
        # The arrow is in the number's format, so the cell stays a number to sort and sum.
        assert cell.number_format.startswith('"↑ +"')
        assert ('"↓ −"' in cell.number_format) and ('"→ "' in cell.number_format)
        # Grey unless the change is significant.
        significant = not pd.isna(r.change_significant) and bool(r.change_significant)
        assert cell.font.color.rgb.endswith("808080") != significant
    notes = [c.value for row in load_workbook(out)["Summary"].iter_rows() for c in row if c.value]
    assert any(str(n).startswith("Change since the previous year: ↑ up, ↓ down") for n in notes)


def test_quartile_colours_follow_the_engine(meeting: Engine, tmp_path: Path) -> None:
    out = tmp_path / "t9.xlsx"
    write_workbook(meeting, "T9", 2022, out, draws=50)

    summary = {row[1].value: row for row in load_workbook(out)["Summary"].iter_rows(min_row=2)}

    assert summary["A1"][2].fill.fgColor.rgb.endswith("67A9CF")  # best cost per inhabitant: blue
    assert summary["D4"][2].fill.fgColor.rgb.endswith("EF8A62")  # worst: orange
    assert summary["C3"][4].fill.fgColor.rgb.endswith("D9D9D9")  # missing: grey


def test_charts_on_indicator_and_profile_sheets(meeting: Engine, tmp_path: Path) -> None:
    out = tmp_path / "t9.xlsx"
    write_workbook(meeting, "T9", 2022, out, draws=50)

    book = load_workbook(out)

    assert len(book["COST_PC"]._charts) == 2  # ranking bars with the median, and the trend
    # Two indicators with a better direction are too few for a radar: the two trends.
    assert len(book["Profile A1"]._charts) == 2


def test_no_formula_from_data_and_confidential_values_never_shown(
    meeting: Engine, tmp_path: Path
) -> None:
    out = tmp_path / "t9.xlsx"
    write_workbook(meeting, "T9", 2022, out, draws=50)

    book = load_workbook(out)
    cells = every_cell(book)

    assert not [c.coordinate for c in cells if c.data_type == "f"]
    assert any(c.value == EVIL and c.data_type == "s" for c in cells)
    numbers = [c.value for c in cells if isinstance(c.value, int | float)]
    assert (
        123.456 not in numbers
        and 77.7 not in numbers
        and pytest.approx(123.456 / 30) not in numbers
    )
    data = {
        (r[0].value, r[2].value, r[4].value): r[5].value for r in book["Data"].iter_rows(min_row=2)
    }
    assert data[("C3", "COST", 2022)] == ".."
    assert data[("C3", "COST_PC", 2022)] == ".."
    cost_sheet = {r[2].value: r[3].value for r in book["COST_PC"].iter_rows(min_row=8)}
    assert cost_sheet["C3"] == ".."


def test_print_setup_names_and_properties(meeting: Engine, tmp_path: Path) -> None:
    out = tmp_path / "t9.xlsx"
    write_workbook(meeting, "T9", 2022, out, draws=50)

    book = load_workbook(out)

    for ws in book.worksheets:
        assert ws.page_setup.paperSize == 9
        # A fixed scale, never below 70 %, rather than fitting a wide sheet to the page.
        assert not (ws.sheet_properties.pageSetUpPr and ws.sheet_properties.pageSetUpPr.fitToPage)
        assert 70 <= int(ws.page_setup.scale or 100) <= 100  # 100 is the default, left out
        assert ws.print_area
        assert ws.oddFooter.right.text == "&A · &P / &N"  # sheet name and page, together
    assert book["Summary"].page_setup.orientation == "landscape"
    assert book["Summary"].print_title_rows == "$1:$1"
    assert {"Members", "Summary", "ind_COST_PC", "Data", "Definitions"} <= set(book.defined_names)
    assert book.properties.creator == "benchlearn"
    assert book.properties.title == "Benchlearning comparison: Test network 2022"


def test_latvian_labels(meeting: Engine, tmp_path: Path) -> None:
    out = tmp_path / "t9-lv.xlsx"
    write_workbook(meeting, "T9", 2022, out, lang="lv", draws=50)

    book = load_workbook(out)

    assert book.sheetnames[:3] == ["Titullapa", "Sanāksmes kopsavilkums", "Kopsavilkums"]
    assert [c.value for c in book["Kopsavilkums"][1]][:3] == [
        "Pašvaldība", "Kods", "Izmaksas uz iedzīvotāju (EUR per inhabitant)",
    ]  # fmt: skip
    assert book["Titullapa"]["A1"].value == "Salīdzinošā novērtēšana: Testa tīkls"


def test_ranking_tables_best_to_worst_for_each_direction() -> None:
    nan = float("nan")
    ranked = pd.DataFrame(
        {
            "indicator": ["H", "H", "H", "H", "L", "L", "N", "N", "N"],
            "municipality": ["A", "B", "C", "D", "A", "B", "A", "B", "C"],
            "value": [5.0, 9.0, nan, 5.0, 1.0, 3.0, 2.0, 7.0, nan],
            "rank": pd.array([2, 1, None, 2, 1, 2, None, None, None], dtype="Int64"),
        }
    )

    tables = ranking_tables(ranked, {"H": "higher", "L": "lower", "N": "neutral"})

    # Ranked first (ties by code), then unranked by value in the indicator's direction, gaps last.
    order = {code: [r.municipality for r in rows] for code, rows in tables.items()}
    assert order == {"H": ["B", "A", "D", "C"], "L": ["A", "B"], "N": ["B", "A", "C"]}
    assert list(tables["H"][0]._fields) == ["indicator", "municipality", "value", "rank"]


def test_data_sheet_uses_each_indicators_number_format(meeting: Engine, tmp_path: Path) -> None:
    pop = "indicators:\n  - {code: POP, name: Population, unit: persons, direction: neutral, decimals: 0}\n"
    load_definitions(meeting, [write(tmp_path / "pop.yaml", pop)], replace=True)
    out = tmp_path / "t9.xlsx"
    write_workbook(meeting, "T9", 2022, out, draws=20)

    data = load_workbook(out)["Data"]
    formats = {
        (row[2].value, row[5].number_format)
        for row in data.iter_rows(min_row=2)
        if isinstance(row[5].value, float | int)
    }
    # POP now declares 0 decimals, COST_PC 2; the others take the default of 2.
    assert formats == {
        ("COST", "#,##0.00"),
        ("COST_PC", "#,##0.00"),
        ("POP", "#,##0"),
        ("SHARE", "#,##0.00"),
    }


@pytest.mark.slow
@pytest.mark.parametrize("network", ["T2", "T3", "NVPT", "PUMPURS", "HB"])
def test_latvian_networks_with_imported_data(engine: Engine, tmp_path: Path, network: str) -> None:
    """The shipped Latvian definitions, the 43 municipalities since 2021, generated test figures."""
    load_municipalities(engine, "lv-2021")
    load_definitions(engine)
    set_members(engine, 2023)
    with engine.connect() as connection:
        definitions = stored_definitions(connection)
    net = definitions.networks[network]
    wanted = [i.code for i in net.indicators] + [v.code for v in net.structural]
    stored = sorted(
        {c for code in wanted for c in (definitions.indicators[code].components or {code})}
    )
    registry = pd.read_csv(resolve_registry("lv-2021"), dtype=str)
    rules = [r.expression for c in stored for r in definitions.indicators[c].rules]
    rules += [r.expression for r in net.rules]
    rng = np.random.default_rng(len(network))
    lines = ["municipality,indicator,year,value"]
    population = {code: float(rng.integers(3_000, 600_000)) for code in registry["code"]}
    for year in (2023, 2024):
        for code, pop in population.items():
            values: dict[str, float] = {}
            for indicator in stored:
                ind = definitions.indicators[indicator]
                if ind.scale or ind.max == 1:
                    values[indicator] = float(rng.integers(0, int(ind.max or 0) + 1))
                elif ind.max == 100:
                    values[indicator] = round(float(rng.uniform(5, 95)), 1)
                elif indicator == "POP":
                    values[indicator] = pop
                elif indicator == "MEDIAN_AGE":  # 37 to 53 in Latvia
                    values[indicator] = float(round(37 + 16 * float(rng.uniform())))
                else:  # counts, money and areas scale with the population
                    values[indicator] = round(pop * float(rng.uniform(0.001, 0.05)), 1)
            # As a municipality's real figures would, they keep the declared rules (A <= B).
            for _ in range(len(rules)):
                for rule in rules:
                    small, big = re.split(r"\s*<=\s*", rule) if "<=" in rule else \
                        re.split(r"\s*>=\s*", rule)[::-1]  # fmt: skip
                    if small in values and big in values and values[small] > values[big]:
                        values[small] = round(values[big] / 2, 1)
            lines += [f"{code},{i},{year},{v}" for i, v in values.items()]
    imported = import_file(engine, write(tmp_path / "lv.csv", "\n".join(lines) + "\n"))
    assert imported.written and not imported.problems  # warnings: random figures jump
    out = tmp_path / f"{network}.xlsx"

    summary = write_workbook(engine, network, 2024, out, draws=20, lang="lv")
    first = sorted(registry["code"])[0]
    one = write_position_workbook(engine, first, network, 2024, tmp_path / "one.xlsx")

    codes = [i.code for i in net.indicators]
    book = load_workbook(out)
    assert book.sheetnames[:3] == ["Titullapa", "Sanāksmes kopsavilkums", "Kopsavilkums"]
    if network == "HB":  # five areas × four stages: the matrix first
        assert book.sheetnames[3] == "Matrica"
        del book["Matrica"]
    assert book.sheetnames[3 : 3 + len(codes)] == [c[:31] for c in codes]  # Excel's limit
    # Levels and yes/no answers are never ranked: the first indicator that is.
    first_ranked = next((c for c in codes if definitions.indicators[c].ranked), None)
    if first_ranked is None:  # HB: self-assessed levels only
        assert rank(engine, network, 2024)["rank"].isna().all()
    else:
        if first_ranked != codes[0]:  # NVPT: a yes/no question first
            assert rank(engine, network, 2024, indicator=codes[0])["rank"].isna().all()
        ranked = rank(engine, network, 2024, indicator=first_ranked)
        best = ranked[ranked["rank"] == 1]
        top = book[first_ranked[:31]]
        assert top["A8"].value == 1 and top["C8"].value in set(best["municipality"])
        assert top["D8"].value == pytest.approx(float(best["value"].iloc[0]))
    assert len(summary.sheets) == len(book.sheetnames) + (network == "HB")
    assert summary.members == 43
    assert load_workbook(tmp_path / "one.xlsx").sheetnames == one.sheets
    assert one.profiles == [first]


def test_sheet_titles_are_valid_and_unique() -> None:
    taken: set[str] = set()

    names = [sheet_title(text, taken) for text in ["A/B", "A_B", "x" * 40, "x" * 40]]

    assert names == ["A_B", "A_B (2)", "x" * 31, "x" * 27 + " (2)"]


def test_workbook_command(meeting: Engine, db_url: str, tmp_path: Path) -> None:
    out = tmp_path / "cli.xlsx"

    result = CliRunner().invoke(
        cli,
        [
            "--db",
            db_url,
            "workbook",
            "--network",
            "T9",
            "--year",
            "2022",
            "--municipality",
            "A1",
            "-o",
            str(out),
        ],
    )

    assert result.exit_code == 0, result.output
    assert result.output == (
        f"Wrote {out}: 10 sheets (Cover, Meeting summary, Summary, COST_PC, SHARE, Profile A1, "
        "Similar municipalities, Definitions, Data, Data quality).\n"
    )


@pytest.mark.slow
@pytest.mark.skipif(
    not (shutil.which("soffice") or shutil.which("libreoffice")),
    reason="LibreOffice is not installed",
)
def test_demo_workbook_renders_in_libreoffice(tmp_path: Path) -> None:
    from benchlearn.demo import run_demo

    result = run_demo("uk-asc", tmp_path, site=False)
    office = shutil.which("soffice") or shutil.which("libreoffice")

    subprocess.run(
        [str(office), f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(result.workbook.path)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip

    pdf = result.workbook.path.with_suffix(".pdf")
    assert pdf.is_file()
    assert len(re.findall(rb"/Type\s*/Page\b", pdf.read_bytes())) > 10


def test_workbook_tells_its_progress_sheet_kind_by_sheet_kind(
    meeting: Engine, tmp_path: Path
) -> None:
    told: list[tuple[int, int]] = []

    write_workbook(meeting, "T9", 2022, tmp_path / "w.xlsx", progress=lambda *n: told.append(n))

    assert told == [(done, 12) for done in range(13)]  # cover … quality: twelve kinds
