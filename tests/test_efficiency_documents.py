"""The KOSTRA sample's efficiency models in the documents: the potential, the workbook's
sheets (read back with openpyxl), the site's pages and the handout's page, in English and
Latvian. The DEA behind them is tested in tests/test_dea.py; here what people read."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import Engine

from benchlearn.database import make_engine, upgrade
from benchlearn.demo import load_sample
from benchlearn.meeting import MeetingData, gather
from benchlearn.model_views import money

POP_SENTENCE = {
    "en": "Gross operating expenditure, municipal property management: if every member used no "
    "more than its reference peers, about 7,480,000,000 NOK could be saved, 31.7% of the "
    "members' total.",
    "lv": "Pašvaldības īpašumu pārvaldības bruto darbības izdevumi: ja katra pašvaldība izlietotu "
    "ne vairāk kā tās etalona pašvaldības, varētu ietaupīt aptuveni 7 480 000 000 NOK, 31,7 % "
    "no dalībnieku kopsummas.",
}


@pytest.fixture(scope="module")
def kostra(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('eff') / 'k.db'}")
    upgrade(engine)
    load_sample(engine, "no-kostra")
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def data(kostra: Engine) -> MeetingData:
    from benchlearn.context import open_context

    with kostra.connect() as connection:
        return gather(open_context(connection, "KOSTRA", 2015), with_similarity=False)


def test_money_units_are_read_with_their_thousands() -> None:
    assert money("NOK 1000") == ("NOK", 1000.0)
    assert money("tūkst. NOK") == ("NOK", 1000.0)
    assert money("EUR") == ("EUR", 1.0)
    assert money("m²") is None
    assert money("NOK per inhabitant") is None


def test_each_model_runs_and_its_potential_is_the_radial_saving_and_the_slack(
    data: MeetingData,
) -> None:
    views = {v.model.code: v for v in data.efficiency}
    pop = views["PROPERTY_POP"]

    assert list(views) == ["PROPERTY_POP", "PROPERTY_AREA"]
    assert (len(pop.table), len(pop.left_out)) == (404, 25)
    table = pop.table.set_index("municipality")
    used = pop.values.loc[table.index, "OPEX_PROPERTY"]
    radial = used * (1 - table["efficiency"]) + table["slack_OPEX_PROPERTY"]
    saved = pop.potential.units.set_index("municipality")["potential"].loc[table.index]
    np.testing.assert_allclose(saved, radial, rtol=1e-9, atol=1e-6)
    assert pop.sentences(data.definitions, "en") == [POP_SENTENCE["en"]]
    assert pop.sentences(data.definitions, "lv") == [POP_SENTENCE["lv"]]
    assert pop.stage is not None and pop.stage.count == 400  # the 4 on the frontier left out
    assert pop.drawable and not views["PROPERTY_AREA"].drawable


def test_the_workbook_has_a_sheet_per_model(data: MeetingData, tmp_path: Path) -> None:
    import openpyxl

    from benchlearn.workbook.book import render_workbook

    render_workbook(data, tmp_path / "lv.xlsx", lang="lv", sheets=("efficiency",))
    book = openpyxl.load_workbook(tmp_path / "lv.xlsx")

    assert book.sheetnames == ["Efektivitāte PROPERTY_POP", "Efektivitāte PROPERTY_AREA"]
    ws = book["Efektivitāte PROPERTY_POP"]
    assert ws["A1"].value == (
        "Īpašumu pārvaldība: izdevumi pret apkalpoto iedzīvotāju skaitu: efektivitāte 2015"
    )
    assert ws["A3"].value == POP_SENTENCE["lv"]
    assert [c.value for c in ws[6]][:5] == [
        "Pašvaldība", "Kods", "Efektivitāte", "Vieta", "Etalona pašvaldības (svars)",
    ]  # fmt: skip
    assert [c.value for c in ws[6]][5:] == [
        "Pašvaldības īpašumu pārvaldības bruto darbības izdevumi: faktiski",
        "Pašvaldības īpašumu pārvaldības bruto darbības izdevumi: mērķis",
        "Pašvaldības īpašumu pārvaldības bruto darbības izdevumi: varētu ietaupīt",
        "Efektivitāte, koriģēta pēc struktūras",
    ]
    sandnes = next(row for row in ws.iter_rows(min_row=7, values_only=True) if row[1] == "1102")
    assert sandnes[:5] == ("Sandnes", "1102", pytest.approx(0.9294, abs=5e-5), 7,
                           "Halden 0,93; Oslo 0,07")  # fmt: skip
    assert sandnes[5:8] == (288385, pytest.approx(268036, abs=1), pytest.approx(20349, abs=1))


def test_the_site_has_a_page_per_model_with_a_frontier_for_two_variables(
    data: MeetingData,
) -> None:
    from benchlearn.site.efficiency import efficiency_page
    from benchlearn.site.pages import Pages

    pages = Pages(data, "en")
    pop = efficiency_page(pages, "PROPERTY_POP")
    area = efficiency_page(pages, "PROPERTY_AREA")

    assert (
        pop["title"] == "Property management: expenditure for the inhabitants served (PROPERTY_POP)"
    )
    assert pop["potential"] == [POP_SENTENCE["en"]]
    assert pop["frontier"] is not None and area["frontier"] is None
    assert ">Oslo</text>" in pop["frontier"].svg and ">Halden</text>" in pop["frontier"].svg
    assert len(pop["ranking"]) == 404
    assert [c.text for c in pop["ranking"][0][:4]] == ["1", "Halden", "1.000", "Halden 1"]
    assert pages.common()["models"] == [
        ("PROPERTY_POP", "Property management: expenditure for the inhabitants served"),
        ("PROPERTY_AREA", "Property management: expenditure for inhabitants and floor area"),
    ]


def test_the_handout_has_an_efficiency_page_in_latvian(data: MeetingData) -> None:
    from benchlearn.report.document import Styles
    from benchlearn.report.efficiency import efficiency_page
    from benchlearn.report.sections import Page

    page = Page(data, "lv", Styles())
    flowables = efficiency_page(page, "1102")
    texts = [p.getPlainText() for p in flowables[1]._content if hasattr(p, "getPlainText")]

    assert texts[:3] == [
        "Sandnes: efektivitāte",
        "Īpašumu pārvaldība: izdevumi pret apkalpoto iedzīvotāju skaitu",
        texts[2],
    ]
    assert texts[3] == (
        "Sandnes: efektivitāte 0,929, 7. vieta no 404. Tās etalona pašvaldības (Halden 0,93; "
        "Oslo 0,07) to pašu sasniedz ar 92,9 % no tās ieguldījumiem."
    )
    assert POP_SENTENCE["lv"] in texts
    assert (
        "Sandnes: efektivitāte 1,000, 1. vieta no 335. Tā ir uz efektivitātes robežas: ar to "
        "un līdzīgām salīdzina pārējās pašvaldības." in texts
    )


def test_efficiency_model_runs_the_declared_model_and_says_its_potential(kostra: Engine) -> None:
    from click.testing import CliRunner

    from benchlearn.cli import cli

    url = kostra.url.render_as_string(hide_password=False)
    base = ["--db", url, "efficiency", "-n", "KOSTRA", "--year", "2015"]
    runner = CliRunner()

    found = runner.invoke(cli, [*base, "--model", "PROPERTY_POP", "--format", "csv"])
    both = runner.invoke(cli, [*base, "--model", "PROPERTY_POP", "--inputs", "POP"])
    unknown = runner.invoke(cli, [*base, "--model", "NOPE", "--lang", "lv"])

    assert found.exit_code == 0, found.output
    assert found.stdout.splitlines()[:3] == [
        "municipality,name,efficiency,rank,peers,partners,slack_OPEX_PROPERTY,"
        "target_OPEX_PROPERTY,slack_POP,target_POP",
        "0101,Halden,1.0,1,0101:1.00,,0.0,74499.0,0.0,30544.0",
        "0301,Oslo,1.0,1,0301:1.00,,0.0,2818911.0,0.0,658390.0",
    ]
    assert found.stderr.splitlines()[-2:] == [
        POP_SENTENCE["en"],
        "Structure (second stage, Simar & Wilson 2007; 400 members off the frontier, 200 "
        "bootstrap draws, 95 % intervals): log(Total operating expenditure per inhabitant) "
        "1.937 [1.6938; 2.1704]. A positive coefficient means more of the variable goes with "
        "less efficiency; the adjusted efficiency is the one a member would show with the "
        "network's average structure.",
    ]
    assert both.exit_code == 2
    assert both.output.splitlines()[-1] == ("Error: give either --model or --inputs and --outputs")
    assert (unknown.exit_code, unknown.output) == (
        1, "Kļūda: tīklam KOSTRA nav efektivitātes modeļa NOPE (tā modeļi: PROPERTY_POP, "
        "PROPERTY_AREA)\n",
    )  # fmt: skip
