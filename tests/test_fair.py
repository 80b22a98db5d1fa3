"""Fair comparisons from the database: intervals, significance, funnels, and what people read."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from scipy.stats import binomtest
from sqlalchemy import Engine

from benchlearn.cli import cli
from benchlearn.commands import funnel, position, rank, write_position_workbook, write_workbook
from benchlearn.definitions.store import load_definitions
from benchlearn.demo import load_sample
from benchlearn.importing import import_file
from benchlearn.registry.municipalities import load_municipalities
from benchlearn.workbook.writer import SIGNIFICANCE_COLOURS
from tests.conftest import write

DEFINITIONS = """indicators:
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
  - {code: SCORE, name: Score, unit: points, direction: higher}
network:
  code: F
  name: {en: Fair network, lv: Godīgs tīkls}
  indicators: [VISIT_PCT, SCORE]
  members: all
"""
# A small municipality with a low share that chance explains (C3), a big one clearly
# below (B2) and one clearly above (A1); D4's count is missing.
VALUES = """municipality,year,POP,VISITS,SCORE
A1,2023,2000,300,5
B2,2023,5000,400,6
C3,2023,40,3,7
D4,2023,100,-,8
"""
MUNICIPALITIES = (
    "code,name,kind\nA1,Alpha,novads\nB2,Beta,valstspilsēta\nC3,Gamma,novads\nD4,Delta,novads\n"
)


@pytest.fixture
def fair(engine: Engine, tmp_path: Path) -> Engine:
    load_municipalities(engine, write(tmp_path / "m.csv", MUNICIPALITIES))
    load_definitions(engine, [write(tmp_path / "d.yaml", DEFINITIONS)])
    import_file(engine, write(tmp_path / "v.csv", VALUES))
    return engine


def test_rank_adds_intervals_the_pooled_value_and_significance(fair: Engine) -> None:
    out = rank(fair, "F", 2023, indicator="VISIT_PCT", comparator="pooled").set_index(
        "municipality"
    )

    pooled = 100 * 703 / 7040
    low, high = binomtest(3, 40).proportion_ci(0.95, method="wilson")
    assert out["comparator"].tolist()[:3] == pytest.approx([pooled] * 3)
    assert out.loc["C3", ["numerator", "denominator"]].tolist() == [3, 40]
    assert out.loc["C3", "ci95_low"] == pytest.approx(100 * low)
    assert out.loc["C3", "ci95_high"] == pytest.approx(100 * high)
    assert out["significance"].to_dict() == {
        "A1": "better",
        "B2": "worse",
        "C3": "similar",  # 3 of 40 is within chance of the pooled 10 %, though ranked last
        "D4": "not compared",
    }
    assert out.loc["C3", "quartile"] == 4


def test_significance_at_99_8_percent_is_stricter(fair: Engine) -> None:
    out = rank(fair, "F", 2023, indicator="VISIT_PCT", confidence=99.8).set_index("municipality")

    assert out.loc["C3", "ci998_low"] < out.loc["C3", "ci95_low"]
    assert out.loc["A1", "significance"] == "better"


def test_indicators_without_counts_get_empty_columns(fair: Engine) -> None:
    out = rank(fair, "F", 2023, indicator="SCORE")

    assert out["significance"].isna().all()
    assert out[["numerator", "ci95_low"]].isna().all().all()
    # No counts: the comparator is the members' median, whatever --comparator says.
    assert out["comparator"].tolist() == [6.5] * 4


def test_funnel_command_prints_the_table_and_who_is_left_out(fair: Engine, db_url: str) -> None:
    result = CliRunner().invoke(
        cli,
        ["--db", db_url, "funnel", "--network", "F", "--year", "2023", "--indicator", "VISIT_PCT"],
    )

    assert result.exit_code == 0, result.output
    table = result.output.splitlines()
    assert table[0].split() == [
        "municipality", "name", "numerator", "denominator", "value", "target",
        "low95", "high95", "low998", "high998", "funnel",
    ]  # fmt: skip
    assert [line.split()[0] for line in table[2:5]] == ["C3", "A1", "B2"]  # by denominator
    assert table[2].split()[-1] == "within"
    assert table[3].split()[-2:] == ["above", "99.8%"]
    assert table[4].split()[-2:] == ["below", "99.8%"]
    assert "Left out, no usable counts (1): D4" in result.output


def test_funnel_draws_svg_and_refuses_indicators_without_counts(
    fair: Engine, db_url: str, tmp_path: Path
) -> None:
    out = tmp_path / "funnel.svg"
    runner = CliRunner()

    drawn = runner.invoke(
        cli,
        ["--db", db_url, "funnel", "--network", "F", "--year", "2023", "--indicator", "VISIT_PCT",
         "--overdispersion", "-o", str(out)],
    )  # fmt: skip
    refused = runner.invoke(
        cli, ["--db", db_url, "funnel", "--network", "F", "--year", "2023", "--indicator", "SCORE"]
    )

    assert drawn.exit_code == 0, drawn.output
    svg = out.read_text(encoding="utf-8")
    assert svg.startswith("<?xml") and "Share visited: funnel plot" in svg
    assert 'href="http' not in svg and "url(http" not in svg  # nothing fetched from the web
    assert (refused.exit_code, refused.output) == (
        1,
        "Error: SCORE has no counts behind it: a funnel plot needs an indicator with "
        "statistic: proportion or rate, a numerator and a denominator\n",
    )


def test_funnel_limits_widen_with_overdispersion(fair: Engine) -> None:
    plain = funnel(fair, "F", 2023, "VISIT_PCT")
    adjusted = funnel(fair, "F", 2023, "VISIT_PCT", adjust=True)

    assert plain.tau2 == adjusted.tau2 > 0
    assert (adjusted.table["high95"] >= plain.table["high95"]).all()
    assert plain.left_out == ["D4"]


def test_position_says_within_chance_in_both_languages(fair: Engine) -> None:
    english = position(fair, "C3", "F", 2023, comparator="pooled")
    latvian = position(fair, "C3", "F", 2023, lang="lv", comparator="pooled")

    assert (
        "Gamma: share visited is 7.5%, similar to its peers' pooled value (10.0%): "
        "the difference is within chance (95% confidence)." in english.sentences
    )
    assert (
        "Gamma: rādītājs „Apmeklējušo daļa” ir 7,5 % — līdzīgs salīdzināmo pašvaldību kopējai "
        "vērtībai (10,0 %): atšķirība ir nejaušības robežās (95 % ticamība)." in latvian.sentences
    )
    assert english.table.set_index("indicator").loc["VISIT_PCT", "band"] == "similar"


def test_position_says_better_beyond_chance(fair: Engine) -> None:
    found = position(fair, "A1", "F", 2023, confidence=99.8, comparator="pooled")

    assert (
        "Alpha: share visited is 15.0%, better than its peers' pooled value (10.0%), "
        "by more than chance explains (99.8% confidence)." in found.sentences
    )


def test_workbook_colours_values_by_significance_and_draws_a_funnel(
    fair: Engine, tmp_path: Path
) -> None:
    out = tmp_path / "f.xlsx"

    write_workbook(fair, "F", 2023, out, draws=20, comparator="pooled")

    book = load_workbook(out)
    sheet = book["VISIT_PCT"]
    rows = {sheet.cell(r, 3).value: r for r in range(8, 12)}
    for code, judged in (("A1", "better"), ("B2", "worse"), ("C3", "similar")):
        colour = sheet.cell(rows[code], 4).fill.fgColor.rgb
        assert colour == "FF" + SIGNIFICANCE_COLOURS[judged].lstrip("#")
        assert sheet.cell(rows[code], 5).value == judged
    assert sheet.cell(7, 8).value == "95% interval: from"
    with zipfile.ZipFile(out) as archive:
        charts = [archive.read(n).decode() for n in archive.namelist() if "charts/chart" in n]
    assert any("<c:scatterChart>" in c and "funnel plot" in c for c in charts)
    assert any("<c:errBars>" in c for c in charts)


def test_position_workbook_holds_a_spine_chart(fair: Engine, tmp_path: Path) -> None:
    out = tmp_path / "p.xlsx"

    write_position_workbook(fair, "C3", "F", 2023, out)

    with zipfile.ZipFile(out) as archive:
        images = [n for n in archive.namelist() if n.startswith("xl/media/")]
        assert images and archive.read(images[0]).startswith(b"\x89PNG")


def test_real_data_a_small_municipality_low_among_its_group_but_within_chance(
    engine: Engine,
) -> None:
    load_sample(engine, "se-municipalities")

    out = rank(
        engine, "SE", 2022, indicator="SHARE_75_PLUS", peers="attr:skr_group", comparator="pooled"
    )
    essunga = out.set_index("municipality").loc["1445"]

    # Essunga's share of residents aged 75+ is in the lowest quarter of its SKR group's ...
    assert essunga["value"] < essunga["peer_q1"]
    assert (essunga["numerator"], essunga["denominator"]) == (702, 5698)
    assert essunga["value"] == pytest.approx(12.32011, abs=1e-5)
    # ... yet 702 of 5,698 is within chance of the group's pooled 13.02 %.
    assert essunga["comparator"] == pytest.approx(13.02397, abs=1e-5)
    assert essunga["ci95_low"] < essunga["comparator"] < essunga["ci95_high"]
    assert essunga["significance"] == "similar"


def test_significance_at_90_percent_is_judged_on_the_wilson_interval_at_90(
    engine: Engine, tmp_path: Path
) -> None:
    """20 of 300 against the pooled 1020 of 10300 (9.9 %): the Wilson interval at 95 %
    reaches 10.07 % (similar), at 90 % it ends at 9.44 % (worse; scipy's binomtest says the
    same); the intervals shown stay those at 95 and 99.8 %."""
    load_municipalities(engine, write(tmp_path / "m.csv", MUNICIPALITIES))
    load_definitions(engine, [write(tmp_path / "d.yaml", DEFINITIONS)])
    values = "municipality,year,POP,VISITS,SCORE\nA1,2023,10000,1000,5\nB2,2023,300,20,6\n"
    import_file(engine, write(tmp_path / "v.csv", values))
    high90 = binomtest(20, 300).proportion_ci(0.90, method="wilson").high

    at = {c: rank(engine, "F", 2023, indicator="VISIT_PCT", confidence=c, comparator="pooled")
          .set_index("municipality") for c in (90.0, 95.0)}  # fmt: skip

    assert high90 < 1020 / 10300
    assert at[95.0].loc["B2", "significance"] == "similar"
    assert at[90.0].loc["B2", "significance"] == "worse"
    assert at[90.0].loc["B2", "ci95_high"] == at[95.0].loc["B2", "ci95_high"]
