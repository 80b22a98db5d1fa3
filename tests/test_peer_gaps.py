"""The gap to the clearly better similar municipalities ("what if we matched our best similar
peers?"): in the indicator's units and, counted over a denominator, in money or people; in
the position text, ``position --format`` and the handout.

F spends 10 EUR per inhabitant (100,000 EUR for 10,000 inhabitants) where the members' median
is 20 (MAD 4): P1 (40) and P2 (45) are clearly better (5 and 6.25 MAD), P3 (24) only slightly;
so the median of the clearly better is 42.50, the gap +32.50 EUR per inhabitant and, for F's
10,000 inhabitants, +325,000 EUR. On A, F is ahead of the median: no gap there.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from sqlalchemy import Engine

from benchlearn.cli import cli
from benchlearn.commands import meeting, position, write_report
from benchlearn.definitions.store import load_definitions
from benchlearn.importing import import_file
from benchlearn.learning import counted_parts
from benchlearn.position import amount_text
from benchlearn.registry.municipalities import load_municipalities
from tests.conftest import write

MUNICIPALITIES = """code,name,kind
F,Focal,novads
P1,Near,novads
P2,Practice,novads
P3,Similar,novads
Q1,Other one,novads
Q2,Other two,novads
Q3,Other three,novads
"""
DEFINITIONS = """indicators:
  - {code: POP, name: Population, unit: persons, direction: neutral}
  - {code: A, name: Indicator A, unit: points, direction: higher, decimals: 0}
  - code: EUR
    name: {en: Spending on the service, lv: Pakalpojuma izdevumi}
    unit: EUR
    direction: neutral
    decimals: 0
  - code: SPEND
    name: {en: Spending per inhabitant, lv: Izdevumi uz iedzīvotāju}
    unit: {en: EUR per inhabitant, lv: EUR uz iedzīvotāju}
    direction: higher
    decimals: 2
    formula: EUR / POP
network:
  code: G
  name: Gap network
  indicators: [A, SPEND]
  members: [F, P1, P2, P3, Q1, Q2, Q3]
  structural: [POP]
"""
VALUES = """municipality,year,POP,A,EUR
F,2023,10000,50,100000
P1,2023,11000,55,440000
P2,2023,20000,22,900000
P3,2023,9500,21,228000
Q1,2023,30000,19,600000
Q2,2023,50000,18,1000000
Q3,2023,80000,23,1440000
"""
SENTENCE = {
    "en": "On spending per inhabitant, the clearly better similar municipalities (2) have a "
    "median of 42.50 EUR per inhabitant; the gap to it: +32.50 EUR per inhabitant; in "
    "spending on the service: +EUR 325,000.",
    "lv": "Rādītājā „Izdevumi uz iedzīvotāju” skaidri labāko līdzīgo pašvaldību (2) mediāna "
    "ir 42,50 EUR uz iedzīvotāju; starpība līdz tai: +32,50 EUR uz iedzīvotāju; pakalpojuma "
    "izdevumi: +325 000 EUR.",
}
INTRO = {
    "en": "What if you matched your clearly better similar municipalities? The gap to their "
    "median, where you are behind:",
    "lv": "Kā būtu, ja sasniegtu skaidri labāko līdzīgo pašvaldību līmeni? Starpība līdz to "
    "mediānai rādītājos, kuros atpaliekat:",
}


@pytest.fixture
def gaps(engine: Engine, tmp_path: Path) -> Engine:
    load_municipalities(engine, write(tmp_path / "m.csv", MUNICIPALITIES))
    load_definitions(engine, [write(tmp_path / "d.yaml", DEFINITIONS)])
    import_file(engine, write(tmp_path / "v.csv", VALUES))
    return engine


@pytest.mark.parametrize("lang", ["en", "lv"])
def test_the_position_text_says_the_gap_in_units_and_money(gaps: Engine, lang: str) -> None:
    found = position(gaps, "F", "G", 2023, lang=lang)

    at = found.sentences.index(INTRO[lang])
    assert found.sentences[at + 1 : at + 2] == [SENTENCE[lang]]
    assert at in found.breaks


def test_position_format_csv_gives_the_gap_columns(gaps: Engine, db_url: str) -> None:
    result = CliRunner().invoke(
        cli, ["--db", db_url, "position", "-m", "F", "-n", "G", "--year", "2023", "--format", "csv"]
    )

    assert result.exit_code == 0, result.output
    table = pd.read_csv(io.StringIO(result.output)).set_index("indicator")
    assert list(table.columns[-5:]) == [
        "better_peers", "better_median", "gap", "gap_amount", "gap_of",
    ]  # fmt: skip
    spend = table.loc["SPEND"]
    assert (spend["better_peers"], spend["better_median"]) == (2, pytest.approx(42.5))
    assert (spend["gap"], spend["gap_amount"], spend["gap_of"]) == (
        pytest.approx(32.5), pytest.approx(325_000.0), "EUR",
    )  # fmt: skip
    assert table.loc["A", ["better_peers", "gap", "gap_amount", "gap_of"]].isna().all()


def test_the_meeting_gathers_the_gaps_of_its_profiles(gaps: Engine) -> None:
    data = meeting(gaps, "G", 2023, municipalities=["F"], draws=0, with_similarity=False)

    assert data.gaps is not None
    assert data.gaps[["municipality", "indicator", "better_peers"]].values.tolist() == [
        ["F", "SPEND", 2]
    ]


def test_counted_parts_of_rates_and_plain_ratios_only(gaps: Engine) -> None:
    from benchlearn.definitions import read_files

    definitions = read_files([Path(__file__).parent.parent / "indicators"])
    ind = definitions.indicators
    assert counted_parts(ind["T2_HOME_CARE_PER_1000_65"]) == (
        "T2_HOME_CARE_CLIENTS", "POP_65_PLUS", 1000.0,
    )  # fmt: skip
    assert counted_parts(ind["T2_SOCIAL_ASSISTANCE_PER_INH"]) == (
        "T2_SOCIAL_ASSISTANCE_EUR", "POP", 1.0,
    )  # fmt: skip
    assert counted_parts(ind["T2_CARE_WAIT_DAYS"]) is None


@pytest.mark.parametrize(
    ("value", "unit", "lang", "text"),
    [
        (140_000.0, "EUR", "en", "+EUR 140,000"),
        (140_000.0, "EUR", "lv", "+140 000 EUR"),
        (-1_376.4, "persons", "en", "\u22121,376 persons"),
        (12.0, "personas", "lv", "+12 personas"),
    ],
)
def test_amounts_as_each_language_writes_them(
    value: float, unit: str, lang: str, text: str
) -> None:
    assert amount_text(value, 0, unit, lang) == text


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler (pdftotext) missing")
def test_the_handout_says_the_gap_under_its_title(gaps: Engine, tmp_path: Path) -> None:
    out = tmp_path / "f.pdf"
    write_report(gaps, "G", 2023, out, lang="lv", municipality="F", draws=0)

    first = subprocess.run(
        ["pdftotext", "-l", "1", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(first.split())
    assert "Ja sasniegtu labāko līdzīgo pašvaldību līmeni " + SENTENCE["lv"] in flat
