"""The workbook's plans sheet on SQLite and PostgreSQL, read back cell by cell.

P1 (:mod:`tests.test_plans`) has three plans: A1's active one on three
indicators, learned from B2's good practice and from C3; C3's finished one;
B2's dropped one. The sheet shows the figures of ``plans progress`` for 2024
(asserted there against R's ``fisher.test``): the same numbers, laid out.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
from sqlalchemy import Engine

from benchlearn.commands import write_workbook
from tests.test_plans import network, three_plans  # noqa: F401  (network: the fixture)

SHEETS = ("cover", "plans")


def sheet_rows(path: Path, name: str) -> list[tuple[object, ...]]:
    """The sheet's rows, numbers rounded to four places."""
    book = openpyxl.load_workbook(path)
    return [
        tuple(round(c, 4) if isinstance(c, float) else c for c in row)
        for row in book[name].iter_rows(values_only=True)
    ]


def test_the_plans_sheet_holds_each_targets_progress(network: Engine, tmp_path: Path) -> None:  # noqa: F811
    three_plans(network)

    found = write_workbook(network, "P1", 2024, tmp_path / "p.xlsx", draws=0, sheets=SHEETS)

    assert found.sheets == ["Cover", "Plans"]
    rows = sheet_rows(tmp_path / "p.xlsx", "Plans")
    assert rows[0][0] == "Improvement plans: Plans network, progress to 2024"
    assert rows[2] == (
        "Member", "Plan", "Status", "Years", "Learned from", "Indicator", "Baseline year",
        "Baseline", "Latest", "Its year", "Target", "Target year", "Share of the way",
        "On track", "Significant change",
    )  # fmt: skip
    assert rows[3:8] == [
        ("Alpha (A1)", "Plan of A1", "active", "2022–2025",
         "Beta (B2), good practice 1; Gamma (C3)", "Cost per inhabitant", 2022, 120, 100, 2024,
         90, 2025, 0.6667, "yes", "yes"),
        (None, None, None, None, None, "Share served in time", 2021, 9.6774, 15, 2024, 20, 2025,
         0.5156, "no", "yes"),
        (None, None, None, None, None, "Share satisfied", 2021, 62, 75, 2024, 80, 2025, 0.7222,
         "no", "yes"),
        # C3's 3 served in 2024 is suppressed: the latest value shown is 2023's
        ("Gamma (C3)", "Plan of C3", "done", "2021–2024", "", "Share served in time", 2021, 8,
         9.901, 2023, 12, 2024, 0.4752, "no", "no"),
        ("Beta (B2)", "Plan of B2", "dropped", "2021–2024", "", "Share satisfied", 2021, 51,
         "not followed in 2024", None, 60, 2024, None, None, None),
    ]  # fmt: skip
    assert str(rows[9][0]).startswith("Share of the way: how much of the way from the baseline")
    assert len(rows) == 10
    book = openpyxl.load_workbook(tmp_path / "p.xlsx")
    sheet = book["Plans"]
    assert (sheet["M4"].number_format, sheet["H4"].number_format) == ("0%", "#,##0.00")
    assert sheet.freeze_panes == "B4"
    assert sheet.print_title_rows == "$3:$3"


def test_the_plans_sheet_in_latvian(network: Engine, tmp_path: Path) -> None:  # noqa: F811
    three_plans(network)

    write_workbook(network, "P1", 2024, tmp_path / "p.xlsx", draws=0, sheets=SHEETS, lang="lv")

    rows = sheet_rows(tmp_path / "p.xlsx", "Plāni")
    assert rows[0][0] == "Uzlabojumu plāni: Plānu tīkls, izpilde līdz 2024. gadam"
    assert rows[2] == (
        "Dalībnieks", "Plāns", "Statuss", "Gadi", "Mācījās no", "Rādītājs", "Bāzes gads",
        "Bāzes vērtība", "Jaunākā vērtība", "Vērtības gads", "Mērķa vērtība", "Mērķa gads",
        "Paveiktā daļa", "Pēc plāna", "Nozīmīga izmaiņa",
    )  # fmt: skip
    assert [r[:5] for r in rows[3:8]] == [
        ("Alpha (A1)", "A1 plāns", "tiek īstenots", "2022–2025",
         "Beta (B2), labā prakse Nr. 1; Gamma (C3)"),
        (None, None, None, None, None),
        (None, None, None, None, None),
        ("Gamma (C3)", "C3 plāns", "īstenots", "2021–2024", ""),
        ("Beta (B2)", "B2 plāns", "atcelts", "2021–2024", ""),
    ]  # fmt: skip
    assert [r[5] for r in rows[3:8]] == [
        "Izmaksas uz iedzīvotāju", "Laikā apkalpoto daļa", "Share satisfied",
        "Laikā apkalpoto daļa", "Share satisfied",
    ]  # fmt: skip
    assert [r[13:] for r in rows[3:8]] == [
        ("jā", "jā"),
        ("nē", "jā"),
        ("nē", "jā"),
        ("nē", "nē"),
        (None, None),
    ]
    assert rows[7][8] == "2024. gadā netiek vērtēts"
    assert str(rows[9][0]).startswith("Paveiktā daļa: cik lielu daļu ceļa no bāzes vērtības")


def test_no_plans_sheet_without_plans(network: Engine, tmp_path: Path) -> None:  # noqa: F811
    found = write_workbook(network, "P1", 2024, tmp_path / "p.xlsx", draws=0, sheets=SHEETS)

    assert found.sheets == ["Cover"]
