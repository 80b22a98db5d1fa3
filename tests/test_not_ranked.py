"""What is not ranked: members below the index's coverage, self-assessed levels, yes/no answers.

A made-up workspace of five municipalities: an index network of four equal-weight
indicators (``IX``), a self-assessment of two areas × two stages on levels 0–3
(``SA``, as Healthy Boost's 5 × 4) and a network with one yes/no question beside a
measured indicator (``YN``, as NVPT).
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from benchlearn.cli import cli
from tests.conftest import write

MUNICIPALITIES = """code,name,kind,region
X,Xland,novads,North
Y,Yburg,novads,North
Z,Zeta,novads,South
V,Vale,novads,South
W,Wick,novads,South
"""

LEVELS = """    unit: level (0-3)
    direction: higher
    decimals: 0
    scale:
      - {value: 0, label: {en: not started, lv: nav uzsākts}}
      - {value: 1, label: {en: initial, lv: sākotnējs}}
      - {value: 2, label: {en: developing, lv: attīstībā}}
      - {value: 3, label: {en: established, lv: nostiprināts}}
"""

DEFINITIONS = f"""indicators:
  - {{code: A, name: Alpha, unit: points, direction: higher}}
  - {{code: B, name: Beta, unit: points, direction: higher}}
  - {{code: C, name: Gamma, unit: points, direction: higher}}
  - {{code: D, name: Delta, unit: points, direction: higher}}
  - code: S_RISK_MAP
    name: {{en: "Risk: mapping", lv: "Riski: izpēte"}}
{LEVELS}  - code: S_RISK_PLAN
    name: {{en: "Risk: planning", lv: "Riski: plānošana"}}
{LEVELS}  - code: S_LEAD_MAP
    name: {{en: "Leadership: mapping", lv: "Vadība: izpēte"}}
{LEVELS}  - code: S_LEAD_PLAN
    name: {{en: "Leadership: planning", lv: "Vadība: plānošana"}}
{LEVELS}  - code: COORD
    name: {{en: Coordinator employed, lv: Koordinators nodarbināts}}
    unit: {{en: "yes = 1, no = 0", lv: "jā = 1, nē = 0"}}
    direction: higher
    decimals: 0
    min: 0
    max: 1
networks:
  - code: IX
    name: Index network
    indicators: [A, B, C, D]
    members: all
  - code: SA
    name: Self-assessment
    indicators: [S_RISK_MAP, S_RISK_PLAN, S_LEAD_MAP, S_LEAD_PLAN]
    members: all
  - code: YN
    name: Yes and no
    indicators: [COORD, A]
    members: all
"""

#: X is best everywhere; W has half the weight (not ranked at the default 75 %).
INDEX_VALUES = {
    "X": (10, 10, 10, 10),
    "Y": (9, 9, 9, 10),
    "Z": (5, 5, 5, 5),
    "V": (1, 1, 1, 1),
    "W": (8, 8, None, None),
}
#: Levels by member for S_RISK_MAP, S_RISK_PLAN, S_LEAD_MAP, S_LEAD_PLAN (None: no answer).
SELF_ASSESSED = {
    "X": (3, 2, 1, 0),
    "Y": (3, 2, 2, 0),
    "Z": (0, 2, 1, None),
    "V": (3, 1, 1, 0),
    "W": (2, 2, 3, 1),
}
COORDINATOR = {"X": 1, "Y": 0, "Z": 1, "V": 1}  # W did not answer


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def values_csv(missing: tuple[tuple[str, str], ...] = ()) -> str:
    """Every value of the workspace for 2024 as an import file, without the ``missing`` ones."""
    lines = ["municipality,indicator,year,value"]
    for code, row in INDEX_VALUES.items():
        for indicator, value in zip("ABCD", row, strict=True):
            if value is not None and (code, indicator) not in missing:
                lines.append(f"{code},{indicator},2024,{value}")
    cells = ("S_RISK_MAP", "S_RISK_PLAN", "S_LEAD_MAP", "S_LEAD_PLAN")
    for code, levels in SELF_ASSESSED.items():
        for indicator, level in zip(cells, levels, strict=True):
            if level is not None:
                lines.append(f"{code},{indicator},2024,{level}")
    lines += [f"{code},COORD,2024,{answer}" for code, answer in COORDINATOR.items()]
    return "\n".join(lines) + "\n"


def setup(db_url: str, runner: CliRunner, folder: Path, values: str) -> str:
    """A database with the workspace's registry, definitions and ``values``."""
    municipalities = write(folder / "m.csv", MUNICIPALITIES)
    definitions = write(folder / "d.yaml", DEFINITIONS)
    data = write(folder / "values.csv", values)
    for args in (
        ["db", "upgrade", "--no-builtin"],
        ["municipalities", "load", str(municipalities)],
        ["definitions", "load", str(definitions)],
        ["import", str(data)],
    ):
        result = runner.invoke(cli, ["--db", db_url, *args])
        assert result.exit_code == 0, result.output
    return db_url


@pytest.fixture
def complete_db(db_url: str, runner: CliRunner, tmp_path: Path) -> str:
    return setup(db_url, runner, tmp_path, values_csv())


@pytest.fixture
def gap_db(db_url: str, runner: CliRunner, tmp_path: Path) -> str:
    """X lacks D: 75 % of the weight, still ranked."""
    return setup(db_url, runner, tmp_path, values_csv(missing=(("X", "D"),)))


INDEX = ["index", "--network", "IX", "--year", "2024"]


def test_index_ranks_a_complete_member_with_certainty(complete_db: str, runner: CliRunner) -> None:
    result = runner.invoke(cli, ["--db", complete_db, *INDEX])

    assert result.exit_code == 0, result.output
    assert result.output == (
        "municipality  name    score  rank  rank_low  rank_high  rank_median  coverage  note\n"
        "------------  -----  ------  ----  --------  ---------  -----------  --------  "
        "------------------------------\n"
        "X             Xland     100     1         1          1            1  100%\n"
        "Y             Yburg  91.667     2         2          2            2  100%\n"
        "Z             Zeta   44.444     3         3          3            3  100%\n"
        "V             Vale        0     4         4          4            4  100%\n"
        "W             Wick                                                   50%       "
        "not ranked: coverage 50% < 75%\n"
    )


def test_index_widens_the_interval_of_a_member_missing_a_part(
    gap_db: str, runner: CliRunner
) -> None:
    """X lacks D (75 %): ranked, but its interval is 1-2 instead of 1-1, because D is drawn
    from the others' values; W (50 %) is not ranked and the table says why."""
    result = runner.invoke(cli, ["--db", gap_db, "--lang", "lv", *INDEX])

    assert result.exit_code == 0, result.output
    assert result.output == (
        "pašvaldība  nosaukums  vērtējums  vieta  vieta no  vieta līdz  vietas mediāna  "
        "pārklājums  piezīme\n"
        "----------  ---------  ---------  -----  --------  ----------  --------------  "
        "----------  -----------------------------------------------\n"
        "X           Xland            100      1         1           2               2  75 %\n"
        "Y           Yburg         91,667      2         1           2               1  100 %\n"
        "Z           Zeta          44,444      3         3           3               3  100 %\n"
        "V           Vale               0      4         4           4               4  100 %\n"
        "W           Wick                                                               50 %"
        "        vieta nav noteikta: datu pārklājums 50 % < 75 %\n"
    )


def test_index_min_coverage_option_and_csv_keep_the_share(gap_db: str, runner: CliRunner) -> None:
    result = runner.invoke(
        cli, ["--db", gap_db, *INDEX, "--min-coverage", "0.5", "--draws", "0", "--format", "csv"]
    )

    assert result.exit_code == 0, result.output
    assert result.output == (
        "municipality,name,score,rank,rank_low,rank_high,rank_median,coverage\n"
        "X,Xland,100.0,1,,,,0.75\n"
        "Y,Yburg,91.66666666666666,2,,,,1.0\n"
        "W,Wick,77.77777777777779,3,,,,0.5\n"
        "Z,Zeta,44.44444444444444,4,,,,1.0\n"
        "V,Vale,0.0,5,,,,1.0\n"
    )


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "en",
            "Error: SA: self-assessed levels are not ranked; see each member's levels beside the "
            "members' distribution with `benchlearn position -m MUNICIPALITY --network SA "
            "--year 2024` or in the workbook.\n",
        ),
        (
            "lv",
            "Kļūda: SA: pašnovērtējuma līmeņus neranžē; katras pašvaldības līmeņus līdzās "
            "dalībnieku sadalījumam rāda `benchlearn position -m PAŠVALDĪBA --network SA "
            "--year 2024` un darbgrāmata.\n",
        ),
    ],
)
@pytest.mark.parametrize("command", ["rank", "index"])
def test_self_assessed_levels_are_never_ranked(
    complete_db: str, runner: CliRunner, lang: str, expected: str, command: str
) -> None:
    result = runner.invoke(
        cli, ["--db", complete_db, "--lang", lang, command, "--network", "SA", "--year", "2024"]
    )

    assert result.exit_code == 1
    assert result.output == expected


def test_rank_counts_yes_no_answers_and_ranks_the_rest(complete_db: str, runner: CliRunner) -> None:
    result = runner.invoke(
        cli, ["--db", complete_db, "rank", "--network", "YN", "--year", "2024", "--format", "csv"]
    )

    assert result.exit_code == 0, result.output
    rows = result.stdout.splitlines()
    assert [row.split(",")[:7] for row in rows[1:]] == [
        ["V", "Vale", "A", "2024", "1.0", "", "5"],
        ["W", "Wick", "A", "2024", "8.0", "", "3"],
        ["X", "Xland", "A", "2024", "10.0", "", "1"],
        ["Y", "Yburg", "A", "2024", "9.0", "", "2"],
        ["Z", "Zeta", "A", "2024", "5.0", "", "4"],
    ]
    assert result.stderr == (
        "COORD: yes/no answers are counted, not ranked: 3 of 4 members answered yes.\n"
    )


def test_rank_of_a_yes_no_question_is_its_count(complete_db: str, runner: CliRunner) -> None:
    result = runner.invoke(
        cli,
        ["--db", complete_db, "--lang", "lv", "rank", "--network", "YN", "--year", "2024",
         "--indicator", "COORD"],
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    assert result.output == (
        "COORD: atbildes „jā/nē” saskaita, neranžē: 3 no 4 dalībniekiem atbildēja „jā”.\n"
    )


def test_index_leaves_yes_no_answers_out(complete_db: str, runner: CliRunner) -> None:
    result = runner.invoke(
        cli,
        ["--db", complete_db, "index", "--network", "YN", "--year", "2024", "--draws", "0",
         "--format", "csv"],
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    assert result.output == (
        "municipality,name,score,rank,rank_low,rank_high,rank_median,coverage\n"
        "X,Xland,100.0,1,,,,1.0\n"
        "Y,Yburg,88.88888888888889,2,,,,1.0\n"
        "W,Wick,77.77777777777779,3,,,,1.0\n"
        "Z,Zeta,44.44444444444444,4,,,,1.0\n"
        "V,Vale,0.0,5,,,,1.0\n"
    )


# --- the self-assessment in every output: the grid with counts, never a rank ---------------

#: How many members stand at each level 0-3 (then how many have no level) in each cell.
COUNTS = {
    ("Risk", "mapping"): ((1, 0, 1, 3), 0),
    ("Risk", "planning"): ((0, 1, 4, 0), 0),
    ("Leadership", "mapping"): ((0, 3, 1, 1), 0),
    ("Leadership", "planning"): ((3, 1, 0, 0), 1),
}
#: The levels as the matrix's cells say them (the form's drop-down words); lists name them
#: in full (views.level_text: "level 2 — developing").
LABELS = ("0 – not started", "1 – initial", "2 – developing", "3 – established")
#: X's own level in each cell.
OWN = {("Risk", "mapping"): 3, ("Risk", "planning"): 2, ("Leadership", "mapping"): 1,
       ("Leadership", "planning"): 0}  # fmt: skip
#: A rank as a reader sees one: "1 / 5", a "Rank" heading, a quarter's colour in a legend.
RANK_TEXT = re.compile(r"\b\d+ / \d+\b|\bRank\b|[Bb]est quarter|[Ww]orst quarter")


def cell_lines(area: str, stage: str, own: bool) -> list[str]:
    """The lines of one grid cell: each level with its count, X's own marked ▶ when ``own``."""
    counts, blank = COUNTS[(area, stage)]
    lines = [
        f"▶ {label}: {count}" if own and level == OWN[(area, stage)] else f"{label}: {count}"
        for level, (label, count) in enumerate(zip(LABELS, counts, strict=True))
    ]
    return lines + ([f"no value: {blank}"] if blank else [])


def matrix_row(area: str, own: bool) -> str:
    """One area of the site's matrix as a reader sees it: each cell's level in words (on a
    member's page), then each level's count above the level, then "no value: n"."""
    cells = []
    for stage in ("mapping", "planning"):
        counts, blank = COUNTS[(area, stage)]
        parts = [LABELS[OWN[(area, stage)]]] if own else []
        parts += [f"{count} {level}" for level, count in enumerate(counts)]
        cells.append(" ".join(parts + ([f"no value: {blank}"] if blank else [])))
    return " ".join([area, *cells])


def pdf_matrix(text: str, own: bool) -> dict[str, tuple[list[str], list[str]]]:
    """The matrix read back from ``pdftotext -layout``: for each area the levels in words on
    its line (a member's report) and the counts on the first line of numbers under it."""
    lines = text.splitlines()
    found = {}
    for area in ("Risk", "Leadership"):
        at = next(i for i, line in enumerate(lines) if line.split()[:1] == [area])
        words = re.split(r"\s{2,}", lines[at].strip())[1:]
        numbers = next(line.split() for line in lines[at + 1 :]
                       if line.strip() and re.fullmatch(r"[\d\s]+", line))  # fmt: skip
        found[area] = (words, numbers)
    return found


def grid_rows(own: bool) -> list[list[str]]:
    """The grid as rows of texts: the header, then an area with its cells (lines joined)."""
    rows = [["Area", "mapping", "planning"]]
    for area in ("Risk", "Leadership"):
        rows.append([area] + ["\n".join(cell_lines(area, s, own)) for s in ("mapping", "planning")])
    return rows


def find_grid(sheet: Any, own: bool) -> list[list[str]]:
    """The grid read back from a sheet: the rows from the header row "Area" whose cells
    hold counts (the level grid without counts above it is skipped)."""
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    for i, row in enumerate(values):
        if row[0] == "Area" and ":" in str(values[i + 1][1]):
            return [[str(v) for v in r[:3]] for r in values[i : i + 3]]
    raise AssertionError(f"no grid with counts in {sheet.title}")


def test_workbook_shows_the_grid_with_counts_and_no_rank(
    complete_db: str, runner: CliRunner, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "sa.xlsx"
    result = runner.invoke(
        cli, ["--db", complete_db, "workbook", "--network", "SA", "--year", "2024",
              "--municipality", "X", "-o", str(out)],
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    book = load_workbook(out)
    assert find_grid(book["Summary"], own=False) == grid_rows(own=False)
    assert find_grid(book["Profile X"], own=True) == grid_rows(own=True)
    assert find_grid(book["Matrix"], own=True) == grid_rows(own=True)
    summary_header = [c.value for c in book["Summary"][1]]
    assert "Composite score" not in summary_header and "Rank" not in summary_header
    texts = [str(c.value) for ws in book.worksheets for row in ws.iter_rows() for c in row
             if isinstance(c.value, str)]  # fmt: skip
    assert not [x for x in texts if RANK_TEXT.search(x)]
    assert "Learning partners" not in texts
    # Nothing is judged against a reference value, so the cover names none.
    cover = [c.value for row in book.worksheets[0].iter_rows() for c in row]
    assert "Reference value" not in cover and "Peers' median" not in cover
    assert "Compared with" in cover


def html_text(path: Path) -> str:
    """A page's text as a reader sees it (tags and charts left out), white space as one."""
    page = path.read_text(encoding="utf-8")
    page = re.sub(r"<(svg|style|script)\b.*?</\1>", " ", page, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page))).strip()


def test_site_shows_the_grid_with_counts_and_no_rank(
    complete_db: str, runner: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    result = runner.invoke(
        cli, ["--db", complete_db, "site", "--network", "SA", "--year", "2024", "-o", str(out)]
    )

    assert result.exit_code == 0, result.output
    network, member = html_text(out / "index.html"), html_text(out / "members" / "X.html")
    for text, own in ((network, False), (member, True)):
        rows = " ".join(matrix_row(area, own) for area in ("Risk", "Leadership"))
        assert " ".join(rows.split()) in " ".join(text.split())  # a no-break space reads as one
        assert "Self-assessed levels are not ranked" in text
    assert "Each cell's colour and words are the municipality's level" in member
    for page in [out / "index.html", *(out / "members").glob("*.html"),
                 *(out / "indicators").glob("*.html")]:  # fmt: skip
        assert not RANK_TEXT.search(html_text(page)), page.name
    assert "Composite score" not in network and "Learning partners" not in member


@pytest.mark.parametrize("member", [False, True])
def test_pdf_shows_the_grid_with_counts_and_no_rank(
    complete_db: str, runner: CliRunner, tmp_path: Path, member: bool
) -> None:
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler (pdftotext) is not installed: .ci/run installs it")
    out = tmp_path / "sa.pdf"
    args = ["report", "--network", "SA", "--year", "2024", "-o", str(out)]
    result = runner.invoke(cli, ["--db", complete_db, *args, *(["--municipality", "X"] * member)])

    assert result.exit_code == 0, result.output
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip
    flat = re.sub(r"\s+", " ", text)
    layout = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True,
                            text=True, check=True).stdout  # fmt: skip
    for area, (words, numbers) in pdf_matrix(layout, member).items():  # every cell, in order
        stages = [(area, stage) for stage in ("mapping", "planning")]
        assert words == ([LABELS[OWN[cell]] for cell in stages] if member else [])
        assert numbers == [str(n) for cell in stages for n in COUNTS[cell][0]]
    assert "Self-assessed levels are not ranked" in flat
    assert not RANK_TEXT.search(flat)


def test_position_of_a_yes_no_answer_is_the_count(complete_db: str, runner: CliRunner) -> None:
    result = runner.invoke(
        cli, ["--db", complete_db, "position", "X", "--network", "YN", "--year", "2024"]
    )

    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    coordinator = next(line for line in lines if line.startswith("COORD"))
    assert coordinator.split() == ["COORD", "Coordinator", "employed", "yes", "yes:", "3", "of",
                                   "4"]  # fmt: skip
    assert "not ranked" in result.output


# --- Healthy Boost itself: 43 members, 5 areas × 4 stages -----------------------------------

BAUSKA = "LV-016"


@pytest.fixture(scope="module")
def healthy_boost(
    tmp_path_factory: pytest.TempPathFactory, latvian_database: Callable[..., str]
) -> str:
    """HB for the 43 Latvian municipalities, 2023 and 2024 (SQLite), as a database URL."""
    return latvian_database(["HB"], tmp_path_factory.mktemp("hb"))


def expected_cells(url: str, municipality: str) -> dict[tuple[str, str], list[str]]:
    """Each cell's lines in Latvian, counted here from the stored values: "2 – attīstībā: 14"
    (a level as the form's drop-down names it), the member's own level marked ▶, then "nav
    vērtības: n" where members have none."""
    from sqlalchemy import text

    from benchlearn.database import make_engine

    engine = make_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT m.code, i.code, o.value FROM observations o "
                 "JOIN municipalities m ON m.id = o.municipality_id "
                 "JOIN indicators i ON i.id = o.indicator_id WHERE o.year = 2024 "
                 "AND o.status IS NULL AND o.value IS NOT NULL")
        ).all()  # fmt: skip
    engine.dispose()
    areas = {"RISK": "Risku identificēšana", "LEADERSHIP": "Vadība",
             "COMMUNICATION": "Komunikācija", "COORDINATION": "Koordinācija",
             "MOTIVATION": "Motivācija"}  # fmt: skip
    stages = {"MAPPING": "izpēte", "PLANNING": "plānošana", "IMPLEMENTATION": "īstenošana",
              "EVALUATION": "izvērtēšana"}  # fmt: skip
    labels = ("0 – nav uzsākts", "1 – sākotnējs", "2 – attīstībā", "3 – nostiprināts")
    cells = {}
    for area_code, area in areas.items():
        for stage_code, stage in stages.items():
            code = f"HB_{area_code}_{stage_code}"
            found = [(m, int(v)) for m, i, v in rows if i == code]
            own = next(v for m, v in found if m == municipality)
            lines = [
                f"{'▶ ' if level == own else ''}{label}: {sum(v == level for _, v in found)}"
                for level, label in enumerate(labels)
            ]
            blank = 43 - len(found)
            cells[(area, stage)] = lines + ([f"nav vērtības: {blank}"] if blank else [])
    return cells


def test_rank_and_index_of_healthy_boost_say_where_to_look(
    healthy_boost: str, runner: CliRunner
) -> None:
    for command in ("rank", "index"):
        result = runner.invoke(
            cli, ["--db", healthy_boost, "--lang", "lv", command, "--network", "HB", "--year",
                  "2024"],
        )  # fmt: skip

        assert result.exit_code == 1
        assert result.output == (
            "Kļūda: HB: pašnovērtējuma līmeņus neranžē; katras pašvaldības līmeņus līdzās "
            "dalībnieku sadalījumam rāda `benchlearn position -m PAŠVALDĪBA --network HB "
            "--year 2024` un darbgrāmata.\n"
        )


def test_healthy_boost_outputs_show_bauska_on_the_grid_with_the_counts(
    healthy_boost: str, runner: CliRunner, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    cells = expected_cells(healthy_boost, BAUSKA)
    common = ["--db", healthy_boost, "--lang", "lv"]
    book_path, site, pdf = tmp_path / "hb.xlsx", tmp_path / "site", tmp_path / "bauska.pdf"
    for args in (
        ["workbook", "--network", "HB", "--year", "2024", "--municipality", BAUSKA,
         "-o", str(book_path)],
        ["site", "--network", "HB", "--year", "2024", "-o", str(site)],
        ["report", "--network", "HB", "--year", "2024", "--municipality", BAUSKA, "-o", str(pdf)],
    ):  # fmt: skip
        result = runner.invoke(cli, [*common, *args])
        assert result.exit_code == 0, result.output

    profile = load_workbook(book_path)[f"Profils {BAUSKA}"]
    values = [[c.value for c in row[:5]] for row in profile.iter_rows()]
    start = next(i for i, row in enumerate(values)
                 if row[0] == "Joma" and "\n" in str(values[i + 1][1]))  # fmt: skip
    stages = values[start][1:]
    assert stages == ["izpēte", "plānošana", "īstenošana", "izvērtēšana"]
    for row in values[start + 1 : start + 6]:
        assert row[1:] == ["\n".join(cells[(row[0], stage)]) for stage in stages]

    # The site's and the PDF's matrix, cell by cell: tests/test_healthy_boost_matrix.py.
    pages = [site / "index.html", *(site / "members").glob("*.html"),
             *(site / "indicators").glob("*.html")]  # fmt: skip
    assert not [p.name for p in pages if re.search(r"\b\d+ / 43\b|Vieta", html_text(p))]

    if shutil.which("pdftotext") is None:
        pytest.skip("poppler (pdftotext) is not installed: .ci/run installs it")
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout  # fmt: skip
    flat = re.sub(r"\s+", " ", text)
    assert "Risku identificēšana" in flat
    assert not re.search(r"\b\d+ / 43\b|Vieta|ceturtdaļa", flat)


def test_healthy_boost_annual_report_fits_its_twenty_trends_on_pages(
    healthy_boost: str, runner: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "annual.pdf"
    result = runner.invoke(
        cli, ["--db", healthy_boost, "report", "--network", "HB", "--year", "2024", "--annual",
              "-o", str(out)],
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 0


def test_position_of_a_self_assessment_is_its_levels_beside_the_counts(
    complete_db: str, runner: CliRunner
) -> None:
    """Zeta's levels and how many members stand at each; no rank column, no "better than"
    sentences and no learning partners; its missing level still shows the counts."""
    result = runner.invoke(
        cli, ["--db", complete_db, "position", "Z", "--network", "SA", "--year", "2024"]
    )

    assert result.exit_code == 0, result.output
    counts = " · ".join
    width = len("level\u00a00 — not started: 3 · level\u00a01 — initial: 1 · level\u00a02 — developing: 0 · level\u00a03 — established: 0 · "
                "no value: 1")  # the band column: as wide as its longest text  # fmt: skip
    assert result.output.splitlines() == [
        "Zeta (Z), SA 2024",
        "indicator    name                  value                  " + "band".ljust(width) + "  change",
        "-----------  --------------------  ---------------------  " + "-" * width + "  ------",
        "S_RISK_MAP   Risk: mapping         level\u00a00 — not started  "
        + counts(["level\u00a00 — not started: 1", "level\u00a01 — initial: 0", "level\u00a02 — developing: 1",
                  "level\u00a03 — established: 3"]),
        "S_RISK_PLAN  Risk: planning        level\u00a02 — developing   "
        + counts(["level\u00a00 — not started: 0", "level\u00a01 — initial: 1", "level\u00a02 — developing: 4",
                  "level\u00a03 — established: 0"]),
        "S_LEAD_MAP   Leadership: mapping   level\u00a01 — initial      "
        + counts(["level\u00a00 — not started: 0", "level\u00a01 — initial: 3", "level\u00a02 — developing: 1",
                  "level\u00a03 — established: 1"]),
        "S_LEAD_PLAN  Leadership: planning                         "
        + counts(["level\u00a00 — not started: 3", "level\u00a01 — initial: 1", "level\u00a02 — developing: 0",
                  "level\u00a03 — established: 0", "no value: 1"]),
        "",
        "Self-assessed levels and yes/no answers are not ranked: shown instead is how many "
        "members gave each answer.",
    ]  # fmt: skip
