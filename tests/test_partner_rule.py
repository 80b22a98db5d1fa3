"""Learning partners by the benchlearning rule, the same in every output, and the comparator
as a choice (median, pooled, all) said and drawn wherever a value is judged."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from sqlalchemy import Engine

from benchlearn.cli import cli
from benchlearn.commands import (
    meeting,
    partners,
    position,
    rank,
    write_report,
    write_site,
    write_workbook,
)
from benchlearn.definitions import read_files
from benchlearn.definitions.store import load_definitions
from benchlearn.errors import ValidationError
from benchlearn.importing import import_file
from benchlearn.registry.municipalities import load_municipalities
from benchlearn.registry.practices import add_practice
from benchlearn.views import funnel, spine_rows
from tests.conftest import write

# F is far ahead on A and behind on B. On B (median 22, MAD 8) P1 (40) and P2 (45) are
# clearly better (2.25 and 2.9 MAD), P3 (24) only broadly similar, X (50) much better but
# without a population, so without a similarity. On A, P1 (55) is better than F (50) but F
# is not behind there: no partner on A. By population P1 is F's nearest, P2 further off;
# P2 has a good practice on B, so it is named first.
RULE_MUNICIPALITIES = """code,name,kind,contact
F,Focal,novads,
P1,Near,novads,
P2,Practice,novads,"Anna Ozola, anna@p2.example"
P3,Similar,novads,
Q1,Other one,novads,
Q2,Other two,novads,
Q3,Other three,novads,
X,Unknown,novads,
"""
RULE_DEFINITIONS = """indicators:
  - {code: POP, name: Population, unit: persons, direction: neutral}
  - {code: A, name: Indicator A, unit: points, direction: higher, decimals: 0}
  - {code: B, name: Indicator B, unit: points, direction: higher, decimals: 0}
network:
  code: R
  name: Rule network
  indicators: [A, B]
  members: [F, P1, P2, P3, Q1, Q2, Q3, X]
  structural: [POP]
"""
RULE_VALUES = """municipality,year,POP,A,B
F,2023,10000,50,10
P1,2023,11000,55,40
P2,2023,20000,22,45
P3,2023,9500,21,24
Q1,2023,30000,19,20
Q2,2023,50000,18,20
Q3,2023,80000,23,18
X,2023,,60,50
"""
PRACTICE_TEXT = "Every client gets one named worker and a plan within a week."
PRACTICE_URL = "https://example.org/one-worker"


@pytest.fixture
def rule(engine: Engine, tmp_path: Path) -> Engine:
    load_municipalities(engine, write(tmp_path / "m.csv", RULE_MUNICIPALITIES))
    load_definitions(engine, [write(tmp_path / "d.yaml", RULE_DEFINITIONS)])
    import_file(engine, write(tmp_path / "v.csv", RULE_VALUES))
    add_practice(
        engine, municipality="P2", network="R", indicator="B", title="One named worker",
        text=PRACTICE_TEXT, url=PRACTICE_URL,
    )  # fmt: skip
    return engine


def test_partners_only_where_behind_clearly_better_similar_practice_first(rule: Engine) -> None:
    found = partners(rule, "F", "R", 2023)

    assert found[["indicator", "partner", "partner_value", "own_value", "gap"]].values.tolist() == [
        ["B", "P2", 45.0, 10.0, 4.375],
        ["B", "P1", 40.0, 10.0, 3.75],
    ]
    # P1 is the more similar (its exact figure is the similarity module's business), yet the
    # one with a practice on B comes first; X, without a population, is never a partner.
    near, far = found.set_index("partner")["similarity"].loc[["P1", "P2"]]
    assert 0 < far < near <= 1
    assert found["contact"].tolist() == ["Anna Ozola, anna@p2.example", ""]
    assert found["practice"].tolist() == ["One named worker", ""]
    assert found["practice_text"].tolist() == [PRACTICE_TEXT, ""]
    assert found["practice_url"].tolist() == [PRACTICE_URL, ""]


#: The partners as ``benchlearn partners`` prints them; the similarity column is left to the
#: similarity module's own tests.
PARTNERS_CSV = (
    "indicator,partner,partner_name,partner_value,own_value,gap,contact,practice,practice_text,"
    "practice_url\n"
    f'B,P2,Practice,45.0,10.0,4.375,"Anna Ozola, anna@p2.example",One named worker,'
    f"{PRACTICE_TEXT},{PRACTICE_URL}\n"
    "B,P1,Near,40.0,10.0,3.75,,,,\n"
)
SENTENCES = [
    "Whom to learn from, where you are behind: similar municipalities that do clearly better.",
    "Practice (similarity 0.86) on indicator B: 45 points; in your municipality 10 points; "
    "contact: Anna Ozola, anna@p2.example; see their good practice: One named worker: Every "
    "client gets one named worker and a plan within a week (https://example.org/one-worker).",
    "Near (similarity 0.99) on indicator B: 40 points; in your municipality 10 points.",
]


def test_partners_command_prints_the_rule_s_partners(rule: Engine, db_url: str) -> None:
    result = CliRunner().invoke(
        cli, ["--db", db_url, "partners", "F", "--network", "R", "--year", "2023", "--format",
              "csv"],
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    lines = result.output.splitlines(keepends=True)
    without_similarity = [
        ",".join(c for i, c in enumerate(_cells(line)) if i != 6) + "\n" for line in lines
    ]
    assert "".join(without_similarity) == PARTNERS_CSV


def _cells(line: str) -> list[str]:
    import csv

    (row,) = csv.reader([line.rstrip("\n")])
    return [f'"{c}"' if "," in c else c for c in row]


def test_position_names_the_same_partners_in_the_same_order(rule: Engine) -> None:
    found = position(rule, "F", "R", 2023)

    assert found.sentences[found.breaks[-2] : found.breaks[-1]] == SENTENCES
    assert found.partners["partner"].tolist() == ["P2", "P1"]
    # After the partners, the gap to the median of all the clearly better (P1 40, P2 45).
    assert found.sentences[found.breaks[-1] :] == [
        "What if you matched your clearly better similar municipalities? The gap to their "
        "median, where you are behind:",
        "On indicator B, the clearly better similar municipalities (2) have a median of "
        "42 points; the gap to it: +32 points.",
    ]


def test_without_a_similarity_there_are_no_partners_and_the_text_says_why(rule: Engine) -> None:
    english = position(rule, "X", "R", 2023)
    latvian = position(rule, "X", "R", 2023, lang="lv")

    assert english.partners.empty
    assert english.sentences[-1] == (
        "Unknown: no learning partners, as there are no structural figures to find similar "
        "municipalities by."
    )
    assert latvian.sentences[-1] == (
        "Unknown: mācīšanās partneru nav, jo nav strukturālo datu, pēc kuriem atrast līdzīgas "
        "pašvaldības."
    )


def test_workbook_pdf_and_site_list_the_same_partners(rule: Engine, tmp_path: Path) -> None:
    book_path, pdf_path, site = tmp_path / "r.xlsx", tmp_path / "f.pdf", tmp_path / "site"

    write_workbook(rule, "R", 2023, book_path, municipalities=["F"], draws=0)
    write_report(rule, "R", 2023, pdf_path, municipality="F")
    write_site(rule, "R", 2023, site, workers=1, draws=20)

    profile = load_workbook(book_path)["Profile F"]
    cells = [[c.value for c in row[:5]] for row in profile.iter_rows()]
    start = cells.index(["Indicator", "Partner", "Better by (MADs)", "Similarity", "Good practice"])
    rows = [row for row in cells[start + 1 :] if row[0]]
    assert [(r[0], r[1], r[2], r[4]) for r in rows] == [
        ("Indicator B", "Practice\nAnna Ozola, anna@p2.example", 4.375,
         f"One named worker: {PRACTICE_TEXT.rstrip('.')} ({PRACTICE_URL})"),
        ("Indicator B", "Near", 3.75, None),
    ]  # fmt: skip
    text = subprocess.run(
        ["pdftotext", str(pdf_path), "-"], check=True, capture_output=True, text=True
    ).stdout
    table = text[text.index("Learning partners") :]
    assert table.index("Practice P2") < table.index("Near P1")
    assert "Anna Ozola," in table and "(https://example.org/one-worker)" in table
    page = (site / "members" / "F.html").read_text(encoding="utf-8")
    partners_html = page[page.index("Learning partners") :]
    assert partners_html.index(">Practice<") < partners_html.index(">Near<")
    assert "Anna Ozola, anna@p2.example" in partners_html
    assert PRACTICE_URL in partners_html
    for other in ("Similar", "Unknown", "Other one"):  # P3, X, Q1: never partners
        assert f">{other}<" not in partners_html


# --- the comparator -------------------------------------------------------------------------

COMPARATOR_DEFINITIONS = """indicators:
  - {code: POP, name: Population, unit: persons, direction: neutral}
  - {code: VISITS, name: Visits, unit: persons, direction: neutral}
  - code: VISIT_PCT
    name: {en: Share visited, lv: Apmeklējušo daļa}
    unit: "%"
    direction: higher
    decimals: 1
    statistic: proportion
    numerator: VISITS
    denominator: POP
    multiplier: 100
network:
  code: C
  name: Comparator network
  indicators: [VISIT_PCT]
  members: [A1, B2, C3]
"""
# Members 15 %, 8 % and 7.5 %: their median is 8.0 %, their pooled value 703 / 7040 = 10.0 %;
# with D4 (20 %) and E5 (25 %), who are not members, the median of all units is 15.0 %.
COMPARATOR_MUNICIPALITIES = """code,name,kind
A1,Alpha,novads
B2,Beta,novads
C3,Gamma,novads
D4,Delta,novads
E5,Epsilon,novads
"""
COMPARATOR_VALUES = """municipality,year,POP,VISITS
A1,2023,2000,300
B2,2023,5000,400
C3,2023,40,3
D4,2023,1000,200
E5,2023,2000,500
"""


@pytest.fixture
def counted(engine: Engine, tmp_path: Path) -> Engine:
    load_municipalities(engine, write(tmp_path / "m.csv", COMPARATOR_MUNICIPALITIES))
    load_definitions(engine, [write(tmp_path / "d.yaml", COMPARATOR_DEFINITIONS)])
    import_file(engine, write(tmp_path / "v.csv", COMPARATOR_VALUES))
    return engine


HEAD = """Beta (B2), C 2023
indicator  name           value  rank_of_n  band     change  rank_change
---------  -------------  -----  ---------  -------  ------  -----------
"""


@pytest.mark.parametrize(
    ("comparator", "expected"),
    [
        (
            "median",
            HEAD + "VISIT_PCT  Share visited  8.0%   2 / 3      similar\n\n"
            "Beta: share visited is 8.0%, similar to its peers' median (8.0%): the difference "
            "is within chance (95% confidence).\n\n"
            "No similar municipality does clearly better where you are behind.\n",
        ),
        (
            "pooled",
            HEAD.replace("band     change", "band   change").replace(
                "-------  ------  -", "-----  ------  -"
            )
            + "VISIT_PCT  Share visited  8.0%   2 / 3      worse\n\n"
            "Beta: share visited is 8.0%, worse than its peers' pooled value (10.0%), by more "
            "than chance explains (95% confidence).\n\n"
            "Weakest: Share visited.\n\n"
            "Whom to learn from, where you are behind: similar municipalities that do clearly "
            "better.\n"
            "The network declares no structural variables, so partners are chosen among its "
            "peers, not by similarity.\n"
            "Alpha on share visited: 15.0%; in your municipality 8.0%.\n\n"
            "What if you matched your clearly better similar municipalities? The gap to their "
            "median, where you are behind:\n"
            "On share visited, the clearly better similar municipalities (1) have a median of "
            "15.0%; the gap to it: +7.0%; in visits: +350 persons.\n",
        ),
        (
            "all",
            HEAD.replace("band     change", "band   change").replace(
                "-------  ------  -", "-----  ------  -"
            )
            + "VISIT_PCT  Share visited  8.0%   2 / 3      worse\n\n"
            "Beta: share visited is 8.0%, worse than the median of all municipalities (15.0%), "
            "by more than chance explains (95% confidence).\n\n"
            "Weakest: Share visited.\n\n"
            "No similar municipality does clearly better where you are behind.\n",
        ),
    ],
)
def test_the_comparator_decides_the_verdict(
    counted: Engine, db_url: str, comparator: str, expected: str
) -> None:
    result = CliRunner().invoke(
        cli, ["--db", db_url, "position", "B2", "--network", "C", "--year", "2023",
              "--comparator", comparator],
    )  # fmt: skip

    assert (result.exit_code, result.output) == (0, expected)


def test_rank_judges_every_member_against_the_chosen_comparator(counted: Engine) -> None:
    verdicts = {}
    for comparator in ("median", "pooled", "all"):
        ranked = rank(counted, "C", 2023, comparator=comparator).set_index("municipality")
        verdicts[comparator] = (
            round(float(ranked["comparator"].iloc[0]), 3),
            ranked["significance"].to_dict(),
        )

    assert verdicts == {
        "median": (8.0, {"A1": "better", "B2": "similar", "C3": "similar"}),
        "pooled": (9.986, {"A1": "better", "B2": "worse", "C3": "similar"}),
        "all": (15.0, {"A1": "similar", "B2": "worse", "C3": "similar"}),
    }


def test_every_reference_line_is_the_comparator(counted: Engine, tmp_path: Path) -> None:
    data = meeting(counted, "C", 2023, draws=0, comparator="all")
    by_key = {(r.municipality, r.indicator): r for r in data.ranked.itertuples(index=False)}
    out = tmp_path / "c.xlsx"

    rows, legend = spine_rows(data, by_key, "A1", "en")
    found = funnel(data, "VISIT_PCT")
    write_workbook(counted, "C", 2023, out, draws=0, comparator="all")

    # The spine's centre: Alpha's 15.0 % is the median of all units, so it sits on it.
    assert [(row.value, row.median) for row in rows] == [(0.0, 0.0)]
    assert legend[-1] == ("Median of all municipalities with data", "#000000", "|")
    assert found is not None and found.reference == "all"
    assert found.table["target"].tolist() == [15.0, 15.0, 15.0]
    book = load_workbook(out)
    sheet = book["VISIT_PCT"]
    assert sheet.cell(7, 7).value == "Median of all municipalities with data"
    shown = [sheet.cell(r, 7).value for r in range(8, 11)]
    drawn = [sheet.cell(r, 11).value for r in range(8, 11)]  # the bar chart's line
    assert shown == drawn == [15.0, 15.0, 15.0]
    cover = {row[0].value: row[1].value for row in book["Cover"].iter_rows() if row[0].value}
    assert cover["Reference value"] == "Median of all municipalities with data"


def test_an_indicator_may_name_its_own_comparator(counted: Engine, tmp_path: Path) -> None:
    own = COMPARATOR_DEFINITIONS.replace("    multiplier: 100\n",
                                         "    multiplier: 100\n    comparator: pooled\n")  # fmt: skip
    load_definitions(counted, [write(tmp_path / "own.yaml", own)], replace=True)

    by_definition = rank(counted, "C", 2023)
    overridden = rank(counted, "C", 2023, comparator="median")

    assert by_definition["significance"].tolist() == ["better", "worse", "similar"]
    assert overridden["significance"].tolist() == ["better", "similar", "similar"]


def test_a_bad_comparator_is_reported_with_its_key_path(tmp_path: Path) -> None:
    bad = write(
        tmp_path / "bad.yaml",
        COMPARATOR_DEFINITIONS.replace(
            "    multiplier: 100\n", "    multiplier: 100\n    comparator: middle\n"
        ).replace("direction: neutral}", "direction: neutral, comparator: pooled}", 1),
    )

    with pytest.raises(ValidationError) as raised:
        read_files([bad])

    assert (
        [str(p) for p in raised.value.problems]
        == [
            f"{bad}, row 2, column 70: indicators[0].comparator: 'pooled' needs statistic: proportion or rate",
            f"{bad}, row 13, column 5: indicators[2].comparator: 'middle' is not one of median, pooled, all",
            f"{bad}, row 17, column 16: network.indicators[0]: unknown indicator VISIT_PCT",  # left out as invalid
        ]
    )
