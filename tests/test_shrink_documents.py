"""``--shrink`` on the workbook, the meeting pack and the site (benchlearn.shrunk_views and the
writers' shrunk sections), on a Latvian T2 round whose waiting times carry standard errors.

The shrunk values themselves are those of ``benchlearn shrink`` (tests/test_shrink.py checks
them against the R package ebci); here: that the documents show them beside the raw values,
in Latvian, and say so when there is nothing to show.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner
from sqlalchemy import Engine

from benchlearn.cli import cli
from benchlearn.commands import meeting, shrink
from benchlearn.database import make_engine
from benchlearn.meeting import MeetingData
from benchlearn.messages import t
from benchlearn.values import values

WAIT = "T2_CARE_WAIT_DAYS"


@pytest.fixture(scope="module")
def lv(latvian_database: Callable[..., str], tmp_path_factory: pytest.TempPathFactory) -> str:
    """A copy of the Latvian T2 round, the 2024 waiting times imported again with a standard
    error: a spread of 35 days among about one client waiting per 400 inhabitants."""
    folder = tmp_path_factory.mktemp("shr")
    url = latvian_database(("T2",), folder)
    engine = make_engine(url)
    with engine.connect() as connection:
        from benchlearn.definitions.store import stored_definitions

        long = values(connection, stored_definitions(connection), [WAIT, "POP"], [2024])
    engine.dispose()
    wide = long.pivot(index="municipality", columns="indicator", values="value").dropna()
    errors = (35 / np.sqrt(wide["POP"] / 400)).round(2)
    file = folder / "wait-se.csv"
    pd.DataFrame(
        {"municipality": wide.index, "indicator": WAIT, "year": 2024,
         "value": wide[WAIT].to_numpy(), "se": errors.to_numpy()}
    ).to_csv(file, index=False)  # fmt: skip
    result = CliRunner().invoke(cli, ["--db", url, "import", str(file)])
    assert result.exit_code == 0, result.output
    return url


@pytest.fixture(scope="module")
def engine_lv(lv: str) -> Engine:
    return make_engine(lv)


@pytest.fixture(scope="module")
def gathered(engine_lv: Engine) -> MeetingData:
    return meeting(engine_lv, "T2", 2024, shrink=True, draws=0, with_similarity=False)


def test_the_documents_shrink_what_has_standard_errors_as_shrink_does(
    gathered: MeetingData, engine_lv: Engine
) -> None:
    assert gathered.shrunk is not None
    assert set(gathered.shrunk["indicator"]) == {WAIT}
    expected = shrink(engine_lv, "T2", 2024, WAIT).table
    found = gathered.shrunk.drop(columns="indicator").reset_index(drop=True)
    pd.testing.assert_frame_equal(found, expected)
    assert len(found) == 43


def test_without_shrink_nothing_is_gathered(engine_lv: Engine) -> None:
    assert meeting(engine_lv, "T2", 2024, draws=0, with_similarity=False).shrunk is None


def _first(data: MeetingData) -> pd.Series:
    """Ādaži, first by name in Latvian order."""
    assert data.shrunk is not None
    return data.shrunk.set_index("municipality").loc["LV-011"]


def test_workbook_sheet_shows_the_estimate_beside_the_value_in_latvian(
    gathered: MeetingData, tmp_path: Path
) -> None:
    from benchlearn.workbook import render_workbook

    out = tmp_path / "t2.xlsx"
    summary = render_workbook(gathered, out, lang="lv", sheets=("cover", "shrunk"))

    assert summary.sheets[1] == "Tuvinātie novērtējumi"
    ws = openpyxl.load_workbook(out)["Tuvinātie novērtējumi"]
    assert ws["A1"].value == "Tuvinātie novērtējumi"
    assert ws["A2"].value == t("shr_explained", "lv", level="95 %")
    assert (
        ws["A4"].value
        == "Gaidīšanas laiks ilgstošai sociālajai aprūpei (dienas) (T2_CARE_WAIT_DAYS)"
    )
    assert [c.value for c in ws[5]] == [
        "Pašvaldība", "Vērtība", "stand. kļūda", "Tuvinātais novērtējums", "95 % intervāls",
        None, "Pietuvināts vidējam",
    ]  # fmt: skip
    ādaži = _first(gathered)
    row = [c.value for c in ws[6]]
    assert row[:2] == ["Ādažu novads (LV-011)", 10]
    # A spreadsheet keeps 15 significant digits.
    numbers = [ādaži[c] for c in ("se", "estimate", "ci_low", "ci_high", "shrinkage")]
    assert row[2:] == pytest.approx(numbers, rel=1e-14)
    assert [c.number_format for c in ws[6][1:]] == [
        "#,##0", "#,##0.0", "#,##0.0", "#,##0.0", "#,##0.0", "0%",
    ]  # fmt: skip
    assert ws.max_row == 5 + 43


def test_workbook_cli_writes_the_sheet_with_shrink_only(lv: str, tmp_path: Path) -> None:
    out = tmp_path / "t2.xlsx"
    result = CliRunner().invoke(
        cli, ["--db", lv, "--lang", "lv", "workbook", "-n", "T2", "--year", "2024", "--shrink",
              "-o", str(out)],
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    sheets = openpyxl.load_workbook(out, read_only=True).sheetnames
    assert sheets[sheets.index(WAIT) + 3 : sheets.index(WAIT) + 5] == [
        "T2_SOCIAL_ASSISTANCE_PER_INH", "Tuvinātie novērtējumi",
    ]  # fmt: skip


def test_report_pages_show_the_estimate_and_interval_beside_the_value(
    gathered: MeetingData, tmp_path: Path
) -> None:
    from benchlearn.report.document import Styles, build
    from benchlearn.report.sections import Page
    from benchlearn.report.shrunk import shrunk_pages
    from tests.test_report import flat, text_of

    out = tmp_path / "shrunk.pdf"
    build(out, shrunk_pages(Page(gathered, "lv", Styles())), title="t", header="h", lang="lv")

    # Alone here, the pages start with the break that follows the pack's last indicator page;
    # pdftotext may set "4 %" in a narrow cell as "4%".
    pages = text_of(out)
    assert flat(pages[0]) == "h 1. lappuse no 2"
    text = flat(" ".join(pages[1:])).replace(" %", "%")
    note = t("shr_explained", "lv", level="95 %").replace(" %", "%")
    assert text.startswith(f"h Tuvinātie novērtējumi {note}")
    ādaži = _first(gathered)
    cells = [f"{ādaži[c]:.1f}".replace(".", ",") for c in ("se", "estimate", "ci_low", "ci_high")]
    share = f"{round(100 * ādaži['shrinkage'])}%"
    assert f"Ādažu novads LV-011 10 {cells[0]} {cells[1]} {cells[2]} – {cells[3]} {share}" in text


def test_site_section_below_the_ranking_of_an_indicator_with_standard_errors(
    gathered: MeetingData, tmp_path: Path
) -> None:
    from benchlearn.site import write_site

    write_site(gathered, tmp_path / "site", ("lv",), workers=1)

    page = (tmp_path / "site" / "indicators" / f"{WAIT}.html").read_text(encoding="utf-8")
    other = (tmp_path / "site" / "indicators" / "T2_GP_PER_10K.html").read_text(encoding="utf-8")
    section = page[page.index('<h2 id="shrunk">') :]
    assert section.startswith('<h2 id="shrunk">Tuvinātie novērtējumi</h2>\n<p>')
    assert "Pietuvināts vidējam</th>" in section
    assert page.index('id="ranking"') < page.index('id="shrunk"')
    assert 'id="shrunk"' not in other
    body = section[section.index("<tbody>") : section.index("</tbody>")]
    assert body.count("<tr>") == 43
    first = body[body.index("<tr>") : body.index("</tr>")]
    assert ">Ādažu novads<" in first and ">10<" in first


def test_no_standard_errors_adds_nothing_but_a_note(gathered: MeetingData, tmp_path: Path) -> None:
    from benchlearn.site.shrunk import shrunk_section
    from benchlearn.workbook import render_workbook

    assert gathered.shrunk is not None
    nothing = dataclasses.replace(gathered, shrunk=gathered.shrunk.iloc[0:0])
    note = "Tika prasīti tuvinātie novērtējumi, bet nevienam rādītājam 2024. gadā nav vērtību ar standartkļūdām: vērtības parādītas, kā tās ir."

    render_workbook(nothing, tmp_path / "n.xlsx", lang="lv", sheets=("shrunk",))
    section = shrunk_section(nothing, WAIT, "lv")

    ws = openpyxl.load_workbook(tmp_path / "n.xlsx")["Tuvinātie novērtējumi"]
    assert [ws["A1"].value, ws["A2"].value, ws.max_row] == ["Tuvinātie novērtējumi", note, 2]
    assert section == {"title": "Tuvinātie novērtējumi", "note": note, "header": [], "rows": []}


@pytest.mark.parametrize("other", [["--annual"], ["-m", "LV-016"]])
def test_shrink_is_for_the_meeting_pack_only(lv: str, tmp_path: Path, other: list[str]) -> None:
    result = CliRunner().invoke(
        cli, ["--db", lv, "report", "-n", "T2", "--year", "2024", "--shrink", *other,
              "-o", str(tmp_path / "r.pdf")],
    )  # fmt: skip

    assert result.exit_code == 1
    assert result.output == (
        "Error: --shrink adds shrunk values to the meeting pack only: leave out --municipality "
        "and --annual\n"
    )
    assert not (tmp_path / "r.pdf").exists()


def test_peers_of_their_own_are_refused_for_documents_too(lv: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["--db", lv, "workbook", "-n", "T2", "--year", "2024", "--shrink",
              "--peers", "similar:5", "-o", str(tmp_path / "w.xlsx")],
    )  # fmt: skip

    assert result.exit_code == 1
    assert result.output == (
        "Error: --peers similar:5 gives each member its own peers, which share no mean to "
        "shrink toward: use network, all or attr:NAME\n"
    )


def test_the_shrunk_sheet_joins_the_sheets_asked_for_after_the_indicators() -> None:
    from benchlearn.workbook import SHEETS, with_shrunk

    assert "shrunk" not in SHEETS
    chosen = with_shrunk(SHEETS)
    assert chosen[chosen.index("indicators") + 1] == "shrunk"
    assert len(chosen) == len(SHEETS) + 1
    assert with_shrunk(("cover", "shrunk")) == ("cover", "shrunk")
