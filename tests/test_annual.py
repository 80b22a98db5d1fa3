"""The NVPT annual report as SPKC would publish it, read back from the PDF.

The fixture is NVPT's round of two years (:func:`tests.latvia.nvpt_round`):
members since different years, two joining and one leaving in 2024, the forms
received on time and late, Ādaži's 2024 form missing. The expected totals,
returns and changes are computed here from the imported form figures, not
from the report's own functions. Every test runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from scipy import stats
from sqlalchemy import Engine

from benchlearn.definitions.store import load_definitions, stored_definitions
from benchlearn.messages import alphabetical, number
from benchlearn.registry.municipalities import load_municipalities, resolve_registry
from benchlearn.registry.practices import add_practice
from benchlearn.report.annual_figures import Change, changes, totals
from tests.latvia import NVPT_LEFT, NVPT_MISSING, NVPT_NEW, nvpt_joined, nvpt_late, nvpt_round
from tests.test_report import flat, latvian_problems, pdftotext, run, text_of  # noqa: F401

YEAR = 2024
BAUSKA = "LV-016"
#: The NVPT form figures that add up, as the totals page names them (unit where the name
#: lacks it).
SUMMED = {
    "NVPT_EVENTS": "Veselības veicināšanas pasākumi",
    "NVPT_PARTICIPANTS": "Veselības veicināšanas pasākumu dalībnieki (dalības reizes)",
    "NVPT_BUDGET_EUR": "Pašvaldības budžets veselības veicināšanai (EUR)",
    "NVPT_OUTDOOR_SITES": "Āra trenažieru un vingrošanas laukumi",
    "NVPT_PARTNERS": "Sadarbības partneri veselības veicināšanā (organizācijas)",
}


@pytest.fixture
def nvpt(engine: Engine, tmp_path: Path) -> pd.DataFrame:
    """NVPT's two-year round on ``engine``; the form figures imported."""
    load_municipalities(engine, "lv-2021")
    load_definitions(engine)
    return nvpt_round(engine, tmp_path)


def registry() -> list[str]:
    return list(pd.read_csv(resolve_registry("lv-2021"), dtype=str)["code"])


def members(year: int) -> set[str]:
    """NVPT's members in ``year`` as the fixture sets them."""
    codes = set(registry())
    return codes - set(NVPT_LEFT) if year == YEAR else codes - set(NVPT_NEW)


def lv(value: float) -> str:
    return number(value, "lv", 0)


@pytest.mark.usefixtures("pdftotext")
def test_the_totals_equal_the_imported_figures(
    nvpt: pd.DataFrame, db_url: str, tmp_path: Path
) -> None:
    out = tmp_path / "nvpt.pdf"

    code, printed = run(db_url, "report", "--network", "NVPT", "--year", str(YEAR), "--annual",
                        "--lang", "lv", "-o", str(out))  # fmt: skip

    pages = text_of(out, layout=True)
    assert code == 0
    assert printed == f"Saglabāts {out}; lappušu skaits: {len(pages)}.\n"
    totals_page = next(p for p in pages if "Tīkla kopsummas" in p and "Rādītājs" in p)
    totals_page = totals_page.split("Dalība un iesniegtās veidlapas")[0]  # the next chapter
    # The table's rows in form order: the name's first line, last year, this year, the change.
    rows = [
        cells[1:]
        for line in totals_page.splitlines()
        if len(cells := re.split(r"\s{2,}", line.strip())) == 4
        and cells[0] != "Rādītājs"
        and not cells[1].startswith("n = ")
    ]
    findings = flat(pages[2])
    assert len(rows) == len(SUMMED)
    for (indicator, label), row in zip(SUMMED.items(), rows, strict=True):
        figures = nvpt[nvpt["indicator"] == indicator].set_index("municipality")
        year = {y: figures[figures["year"] == y]["value"] for y in (YEAR - 1, YEAR)}
        year = {y: v[v.index.isin(members(y))] for y, v in year.items()}
        now, before = float(year[YEAR].sum()), float(year[YEAR - 1].sum())
        both = year[YEAR].index.intersection(year[YEAR - 1].index)
        change = float(year[YEAR][both].sum() - year[YEAR - 1][both].sum())
        relative = number(100 * change / float(year[YEAR - 1][both].sum()), "lv", 1)
        sign = "+" if change > 0 else ""
        assert row == [lv(before), lv(now), f"{sign}{lv(change)} ({sign}{relative} %)"]
        assert (
            f"{label}: {lv(now)}; 2023. gadā — {lv(before)}. Dalībniekiem ar abu gadu datiem "
            f"(n = {len(both)}): {sign}{relative} %."
        ) in findings
    assert len(both) == 43 - len(NVPT_NEW) - len(NVPT_LEFT) - len(NVPT_MISSING)
    assert latvian_problems(pages) == ([], [])


@pytest.mark.usefixtures("pdftotext")
def test_key_findings_members_and_annex(
    nvpt: pd.DataFrame, engine: Engine, db_url: str, tmp_path: Path
) -> None:
    out = tmp_path / "nvpt.pdf"
    add_practice(engine, municipality=BAUSKA, network="NVPT", title="Nūjošana senioriem",
                 text="Divreiz nedēļā parkā.", year=YEAR)  # fmt: skip

    code, _ = run(db_url, "report", "--network", "NVPT", "--year", str(YEAR), "--annual",
                  "--lang", "lv", "-o", str(out))  # fmt: skip

    raw = text_of(out)
    pages = [flat(p) for p in raw]
    assert code == 0
    assert pages[0].startswith(
        "Nacionālais veselīgo pašvaldību tīkls · 2024 Nacionālais veselīgo pašvaldību tīkls "
        "2024. gada pārskats Tīkls NVPT"
    )
    assert "Koordinē Slimību profilakses un kontroles centrs (SPKC)" in pages[0]
    # The contents: each chapter with the page it starts on.
    contents = {
        found[1]: int(found[2])
        for line in text_of(out, layout=True)[1].splitlines()
        if (found := re.fullmatch(r"(\S.*?)[ .]*\.[ .]*(\d+)", line.strip()))
    }
    for chapter, number_ in contents.items():
        assert chapter in pages[number_ - 1], chapter
    assert list(contents)[:3] == [
        "Galvenie secinājumi",
        "Tīkla kopsummas",
        "Dalība un iesniegtās veidlapas",
    ]
    # Participation, counted from the fixture: by first receipt, on time or late.
    codes = registry()
    returned = {y: members(y) - (set(NVPT_MISSING) if y == YEAR else set()) for y in (2023, 2024)}
    on_time = {
        y: sum(1 for i, c in enumerate(codes) if c in returned[y] and not nvpt_late(y, i))
        for y in (2023, 2024)
    }
    share = {y: round(100 * on_time[y] / len(members(y))) for y in (2023, 2024)}
    findings = pages[2]
    assert findings.startswith(
        "Nacionālais veselīgo pašvaldību tīkls · 2024 Galvenie secinājumi Dalība"
    )
    assert "Dalībnieku skaits 2024. gadā: 42 (2023. gadā: 41)." in findings
    assert (
        "Jauni dalībnieki 2024. gadā: Saulkrastu novads (LV-089), Varakļānu novads (LV-102)."
        in findings
    )
    assert "2024. gadā tīklu atstāja: Ludzas novads (LV-058)." in findings
    assert (
        "2024. gada veidlapu iesniedza 41 no 42 dalībniekiem (98 %); 2023. gadā — 41 no 41 (100 %)."
        in findings
    )
    assert (
        f"Līdz termiņam (31.03.2025) to pirmo reizi iesniedza {on_time[2024]} no 42 dalībniekiem "
        f"({share[2024]} %); 2023. gadā līdz termiņam (31.03.2024) — {on_time[2023]} no 41 "
        f"({share[2023]} %)."
    ) in findings
    assert "Kas uzlabojās kopš 2023. gada" in findings
    assert "(precīzais nosacītais tests divu Puasona intensitāšu salīdzināšanai, p" in findings
    # The members with their join years, the new ones marked.
    listing = pages[contents["Dalībnieki un to pievienošanās gads (42)"] - 1]
    for i, c in enumerate(codes):
        if c in NVPT_NEW:
            assert f"(jauns dalībnieks) {c} 2024" in listing
        elif c not in NVPT_LEFT:
            assert f"{c} {nvpt_joined(i)}" in listing
    # A page per member to the end, by name, each with its forms and figures.
    annex = pages[contents["Pielikums. Dalībnieku dati"] - 1 :]
    names = pd.read_csv(resolve_registry("lv-2021"), dtype=str).set_index("code")["name"]
    by_name = sorted(members(YEAR), key=lambda c: alphabetical(names[c]))
    headings = [re.findall(r"\((LV-\w+)\) (?:Tīkla|Jauns) dalībnieks", p) for p in annex]
    assert headings == [[c] for c in by_name]
    bauska = next(p for p in annex if "Bauskas novads (LV-016)" in p)
    index = codes.index(BAUSKA)
    assert f"Tīkla dalībnieks kopš {nvpt_joined(index)}. gada." in bauska
    late = nvpt_late(2024, index)
    received, when = ("08.04.2025", "pēc termiņa") if late else ("25.03.2025", "līdz termiņam")
    assert (
        f"2024. gada veidlapa saņemta {received}, {when} (31.03.2025); "
        "aizpildītie rādītāji: 8 no 8."
    ) in bauska
    events = nvpt[(nvpt["municipality"] == BAUSKA) & (nvpt["indicator"] == "NVPT_EVENTS")]
    before, now = (float(events.loc[events["year"] == y, "value"].iloc[0]) for y in (2023, 2024))
    layout = text_of(out, layout=True)[pages.index(bauska)]
    row = next(
        cells
        for line in layout.splitlines()
        if (cells := re.split(r"\s{2,}", line.strip()))[0] == "Veselības veicināšanas pasākumi"
    )
    change = f"{'+' if now > before else ''}{lv(now - before)}"
    assert row[1:4] == [lv(before), lv(now), change]
    assert "Apkopotā labā prakse • Nūjošana senioriem — Divreiz nedēļā parkā." in bauska
    adazi = next(p for p in annex if "Ādažu novads (LV-011)" in p)
    assert "2024. gada veidlapa nav iesniegta." in adazi
    saulkrasti = next(p for p in annex if "Saulkrastu novads (LV-089)" in p)
    assert "Jauns dalībnieks: pievienojās 2024. gadā." in saulkrasti
    assert "2023. gada veidlapa" not in saulkrasti


def values(rows: list[tuple[str, str, int, float]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["municipality", "indicator", "year", "value"])
    frame["status"] = None
    return frame


def test_a_rate_is_pooled_and_tested_a_yes_no_is_a_share(engine: Engine) -> None:
    load_definitions(engine)
    with engine.connect() as connection:
        definitions = stored_definitions(connection)
    network = definitions.networks["NVPT"]
    # Events: 30 over 20,000 inhabitants this year, 15 the year before (same population);
    # C returns nothing this year, so it is left out of the change.
    now = values([
        ("A", "NVPT_EVENTS", 2024, 20), ("A", "POP", 2024, 10_000),
        ("B", "NVPT_EVENTS", 2024, 10), ("B", "POP", 2024, 10_000),
        ("A", "NVPT_COORDINATOR", 2024, 1), ("B", "NVPT_COORDINATOR", 2024, 1),
    ])  # fmt: skip
    before = values([
        ("A", "NVPT_EVENTS", 2023, 10), ("A", "POP", 2023, 10_000),
        ("B", "NVPT_EVENTS", 2023, 5), ("B", "POP", 2023, 10_000),
        ("C", "NVPT_EVENTS", 2023, 99), ("C", "POP", 2023, 1_000),
        ("A", "NVPT_COORDINATOR", 2023, 0), ("B", "NVPT_COORDINATOR", 2023, 1),
    ])  # fmt: skip

    found = {c.indicator: c for c in changes(definitions, network, now, before)}
    summed = totals(["NVPT_EVENTS"], now, before)

    p = stats.binomtest(30, 45, 0.5).pvalue  # the conditional test, by hand: 30 of 45 events
    assert round(p, 4) == 0.0357
    assert found["NVPT_EVENTS_PER_1000"] == Change(
        "NVPT_EVENTS_PER_1000", "pooled", 1.5, 0.75, 2, pytest.approx(p), "poisson", "improved"
    )
    assert found["NVPT_COORDINATOR"] == Change(
        "NVPT_COORDINATOR", "share", 100.0, 50.0, 2, None, None, "improved"
    )
    assert set(found) == {"NVPT_EVENTS_PER_1000", "NVPT_COORDINATOR"}
    total = summed[0]
    assert (total.now, total.members_now, total.before, total.members_before) == (30, 2, 114, 3)
    assert (total.same, total.change, total.relative) == (2, 15, 100.0)
