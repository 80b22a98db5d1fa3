"""Names that matplotlib would read as formulas, and the longest names stored, in every document.

A municipality named ``$\\notacommand$`` stopped ``site`` and ``report`` (matplotlib
read it as mathtext); a long name ran off the PDF's running header, past the site's
page edge and over the charts' axes. The names come in through the registry file,
as a facilitator's would, at the longest the database holds
(:data:`benchlearn.limits.LENGTHS`), and are read back from every document.
"""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from sqlalchemy import Engine

from benchlearn.charts import short_label
from benchlearn.cli import cli
from benchlearn.importing import import_file
from benchlearn.limits import LENGTHS
from tests.conftest import WORKSPACE_DEFINITIONS, WORKSPACE_MUNICIPALITIES, write
from tests.test_report import PDFTOTEXT
from tests.test_site import VALUES

MATH = r"$\notacommand$ x_$y^2$ a$^b"
#: As long as the database holds, words and one run no line can break.
LONGEST = ("Ļoti garā apvienotā novada teritorija " * 3 + "Ā" * 200)[
    : LENGTHS["municipalities.name"]
]


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The three-member workspace on SQLite, A1 named as a formula and B2 as long as allowed."""
    folder = tmp_path_factory.mktemp("names")
    url = f"sqlite:///{folder / 'names.db'}"
    registry = write(folder / "m.csv", WORKSPACE_MUNICIPALITIES)
    renamed = write(folder / "names.csv", f'code,name\nA1,"{MATH}"\nB2,{LONGEST}\n')
    for args in (
        ["db", "upgrade", "--no-builtin"],
        ["municipalities", "load", str(registry)],
        ["municipalities", "load", str(renamed)],
        ["definitions", "load", str(write(folder / "d.yaml", WORKSPACE_DEFINITIONS))],
        ["import", str(write(folder / "v.csv", VALUES))],
    ):
        result = CliRunner().invoke(cli, ["--db", url, *args])
        assert result.exit_code == 0, result.output
    return url


def run(database: str, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--db", database, *args])
    assert result.exit_code == 0, result.output
    return result.output


def joined(text: str) -> str:
    """Text without white space: a name broken over lines reads as one again."""
    return re.sub(r"\s+", "", text)


def pdf_text(path: Path) -> str:
    if PDFTOTEXT is None:
        pytest.skip("poppler (pdftotext) is not installed")
    return subprocess.run([str(PDFTOTEXT), str(path), "-"], check=True, capture_output=True,
                          text=True).stdout  # fmt: skip


def test_short_labels_keep_short_names_and_end_long_ones_with_an_ellipsis() -> None:
    assert short_label("Dienvidkurzemes novads") == "Dienvidkurzemes novads"
    assert short_label("x" * 40) == "x" * 40
    assert short_label("Ļoti garā apvienotā novada teritorija ar pagastiem") == (
        "Ļoti garā apvienotā novada teritorija a…"
    )


def test_the_meeting_pack_writes_both_names_as_text(database: str, tmp_path: Path) -> None:
    out = tmp_path / "r.pdf"

    run(database, "report", "-n", "T9", "--year", "2023", "-o", str(out))

    text = pdf_text(out)
    assert MATH in text  # in the tables and, drawn by matplotlib, beside the bars
    assert joined(LONGEST) in joined(text)


def test_a_members_report_shortens_its_running_header_to_the_page(
    database: str, tmp_path: Path
) -> None:
    out = tmp_path / "r.pdf"

    run(database, "report", "-n", "T9", "--year", "2023", "-m", "B2", "-o", str(out))

    text = pdf_text(out)
    assert joined(LONGEST) in joined(text)
    header = text.splitlines()[0]
    assert header.startswith("Ļoti garā apvienotā novada teritorija Ļoti garā")
    assert header.endswith("…")
    assert len(header) < len(LONGEST)


def test_the_site_writes_both_names_as_text(database: str, tmp_path: Path) -> None:
    out = tmp_path / "site"

    run(database, "site", "-n", "T9", "--year", "2023", "-o", str(out))

    for code, name in (("A1", MATH), ("B2", LONGEST)):
        page = (out / "members" / f"{code}.html").read_text(encoding="utf-8")
        assert f"<h1>{html.escape(name)}" in page or html.escape(name) in page
    indicator = (out / "indicators" / "SHARE.html").read_text(encoding="utf-8")
    assert html.escape(short_label(LONGEST)) in indicator  # beside its bar
    assert html.escape(LONGEST) in indicator  # in the table
    assert "overflow-wrap: break-word" in (out / "assets" / "site.css").read_text()


def test_the_workbook_writes_both_names_as_text(database: str, tmp_path: Path) -> None:
    out = tmp_path / "w.xlsx"

    run(database, "workbook", "-n", "T9", "--year", "2023", "-m", "B2", "-o", str(out))

    cells = {
        cell.value
        for sheet in load_workbook(out).worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    }
    assert {MATH, LONGEST} <= cells
    assert short_label(LONGEST) in cells  # a trend chart's series name


def test_every_text_on_a_chart_is_drawn_as_written(tmp_path: Path) -> None:
    from matplotlib.text import Text

    from benchlearn.charts import new_figure, save

    figure = new_figure(4, 3)
    axes = figure.add_subplot()
    axes.barh([0, 1], [1, 2])
    axes.set_yticks([0, 1], [MATH, "$x$"])
    axes.set_title(MATH)
    axes.annotate("$", (1, 1))
    axes.plot([0, 1], [0, 1], label="a_$b$")
    axes.legend()

    written = [save(figure, tmp_path / "c.svg"), save(figure, tmp_path / "c.png")]

    assert all(path.stat().st_size > 0 for path in written)
    drawn = [text for text in figure.findobj(Text) if text.get_text()]
    assert {MATH, "$x$", "$", "a_$b$"} <= {text.get_text() for text in drawn}
    assert not any(text.get_parse_math() for text in drawn)


@pytest.mark.parametrize(
    ("document", "out", "says"),
    [
        ("workbook", "w.xlsx", "a workbook holds at most 1: define a network with the indicators "
         "the meeting needs and write its workbook"),
        ("site", "site", "a site holds at most 1: define a network with the indicators its "
         "readers need and write its site"),
        ("report", "r.pdf", "a PDF report holds at most 1: define a network with the indicators "
         "the meeting needs and write its report"),
    ],
)  # fmt: skip
def test_a_document_for_too_many_indicators_is_refused_up_front(
    workspace: Engine,
    db_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    document: str,
    out: str,
    says: str,
) -> None:
    import_file(workspace, write(tmp_path / "v.csv", VALUES))
    monkeypatch.setattr("benchlearn.meeting.DOCUMENT_INDICATORS", 1)
    target = tmp_path / "out" / out

    english = CliRunner().invoke(
        cli, ["--db", db_url, document, "-n", "T9", "--year", "2023", "-o", str(target)]
    )
    latvian = CliRunner().invoke(
        cli, ["--db", db_url, "--lang", "lv", document, "-n", "T9", "--year", "2023",
              "-o", str(target)],
    )  # fmt: skip

    assert english.exit_code == 1
    assert english.output == f"Error: the network T9 has 2 indicators; {says}\n"
    assert latvian.exit_code == 1
    assert latvian.output.startswith("Kļūda: rādītāju skaits tīklā T9: 2; ")
    assert not (tmp_path / "out").exists()
