"""The agenda summary: what changed significantly, red-reds, who stands out, visits, returns.

A network of nine made so that every part of the summary is known in advance.
SHARE is a proportion of 1,000 clients each year (intervals of about ±3
points; a change needs about ±4.4 to be significant): Alpha +20 and Beta +12
improve significantly, Epsilon −20 and Eta −8 decline significantly and end
below the median of 50 (significantly worse: two red-reds); the others move by
a point at most. WAIT (days, lower is better) has no counts: its members'
changes 0, +1, −16, −1, +1, +14, 0, +2 have a MAD of 1, so only Gamma's −16
and Zeta's +14 are beyond the noise (2 × 1.4826), and Zeta ends much worse
than the median: the third red-red. COST has only this year (no change): Alpha
and Beta are much better, Epsilon much worse, so with SHARE Alpha and Beta
stand out as better on two indicators and Epsilon as worse. Iota returns no
2024 form; Theta's form comes after the deadline.

Visits: members behind on SHARE (Delta, Epsilon, Eta) and on COST (Delta,
Epsilon, Zeta, Eta) are sent to Alpha and Beta, those behind on WAIT (Beta,
Epsilon, Zeta, Theta) to Gamma.
"""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from sqlalchemy import Engine, update

from benchlearn.cli import cli
from benchlearn.commands import meeting, position, write_report, write_site, write_workbook
from benchlearn.definitions.store import load_definitions
from benchlearn.importing import import_file
from benchlearn.models import ImportBatch
from benchlearn.registry.municipalities import load_municipalities
from benchlearn.registry.practices import add_practice
from tests.conftest import write
from tests.test_report import flat, pdftotext, text_of  # noqa: F401 (a fixture)

MUNICIPALITIES = """code,name,kind,contact
M1,Alpha,novads,
M2,Beta,novads,
M3,Gamma,novads,"Ilze Kalna, ilze@gamma.example"
M4,Delta,novads,
M5,Epsilon,novads,
M6,Zeta,novads,
M7,Eta,novads,
M8,Theta,novads,
M9,Iota,novads,
"""
DEFINITIONS = """indicators:
  - {code: CLIENTS, name: Clients, unit: persons, direction: neutral}
  - {code: SERVED, name: Clients served in time, unit: persons, direction: neutral}
  - code: SHARE
    name: {en: Share served in time, lv: Laikā apkalpoto daļa}
    unit: "%"
    direction: higher
    decimals: 1
    statistic: proportion
    numerator: SERVED
    denominator: CLIENTS
    multiplier: 100
  - code: WAIT
    name: {en: Waiting time, lv: Gaidīšanas laiks}
    unit: {en: days, lv: dienas}
    direction: lower
    decimals: 0
  - code: COST
    name: {en: Cost per client, lv: Izmaksas uz klientu}
    unit: EUR
    direction: lower
    decimals: 0
network:
  code: G
  name: {en: Agenda network, lv: Darba kārtības tīkls}
  indicators: [SHARE, WAIT, COST]
  members: all
"""
# SERVED of 1,000 clients: the share in per cent is SERVED / 10.
SHARE = {"M1": (500, 700), "M2": (500, 620), "M3": (500, 510), "M4": (500, 490),
         "M5": (600, 400), "M6": (500, 500), "M7": (520, 440), "M8": (500, 500),
         "M9": (500, None)}  # fmt: skip
WAIT = {"M1": (30, 30), "M2": (30, 31), "M3": (30, 14), "M4": (30, 29), "M5": (30, 31),
        "M6": (30, 44), "M7": (30, 30), "M8": (30, 32), "M9": (30, None)}  # fmt: skip
COST = {"M1": 10, "M2": 12, "M3": 19, "M4": 20, "M5": 40, "M6": 21, "M7": 22, "M8": 18}
PRACTICE = "Queue cut by phone triage"


def rows(members: list[str]) -> str:
    """The figures of ``members`` as an import file, both years."""
    lines = ["municipality,year,CLIENTS,SERVED,WAIT,COST"]
    for m in members:
        for i, year in enumerate((2023, 2024)):
            served, wait = SHARE[m][i], WAIT[m][i]
            if served is None:
                continue
            cost = COST.get(m, "") if year == 2024 else ""
            lines.append(f"{m},{year},1000,{served},{wait},{cost}")
    return "\n".join(lines) + "\n"


@pytest.fixture
def network(engine: Engine, tmp_path: Path) -> Engine:
    """The nine members' figures: Theta's in a second import received after the deadline,
    the rest received on 1 March 2025; Gamma has a good practice."""
    return build(engine, tmp_path)


def build(engine: Engine, tmp_path: Path) -> Engine:
    """The network of the module's docstring in ``engine``."""
    load_municipalities(engine, write(tmp_path / "m.csv", MUNICIPALITIES))
    load_definitions(engine, [write(tmp_path / "d.yaml", DEFINITIONS)])
    first = import_file(engine, write(tmp_path / "a.csv", rows([f"M{i}" for i in range(1, 10)
                                                               if i != 8])))  # fmt: skip
    late = import_file(engine, write(tmp_path / "b.csv", rows(["M8"])))
    with engine.begin() as connection:
        for batch, day in ((first.batch_id, dt.date(2025, 3, 1)), (late.batch_id,
                                                                   dt.date(2025, 4, 15))):  # fmt: skip
            noon = dt.datetime.combine(day, dt.time(12))  # stored as naive UTC
            connection.execute(
                update(ImportBatch).where(ImportBatch.id == batch).values(created_at=noon)
            )
    add_practice(engine, municipality="M3", network="G", indicator="WAIT", title=PRACTICE)
    return engine


def test_the_agenda_names_the_known_changes_red_reds_standing_and_visits(
    network: Engine,
) -> None:
    found = meeting(network, "G", 2024, with_agenda=True).agenda
    assert found is not None

    assert (found.on_time, found.late, found.missing) == (
        ("M1", "M2", "M3", "M4", "M5", "M6", "M7"), ("M8",), ("M9",)
    )  # fmt: skip
    pairs = ["municipality", "indicator", "value_change", "change_method", "rank_change"]
    assert found.improvements[pairs].values.tolist() == [
        ["M3", "WAIT", -16.0, "noise", 0],
        ["M1", "SHARE", 20.0, "newcombe", 2],
        ["M2", "SHARE", 12.0, "newcombe", 1],
    ]
    assert found.declines[pairs].values.tolist() == [
        ["M6", "WAIT", 14.0, "noise", -7],
        ["M5", "SHARE", -20.0, "newcombe", -7],
        ["M7", "SHARE", -8.0, "newcombe", -5],
    ]
    assert found.red_red[["municipality", "indicator"]].values.tolist() == [
        ["M5", "SHARE"], ["M6", "WAIT"], ["M7", "SHARE"],
    ]  # fmt: skip
    assert found.standing.values.tolist() == [["M1", 2, 0], ["M2", 2, 0], ["M5", 0, 2]]
    assert found.visits[["partner", "count", "members", "practice", "contact"]].values.tolist() == [
        ["M1", 7, ("M4", "M5", "M6", "M7"), "", ""],
        ["M2", 7, ("M4", "M5", "M6", "M7"), "", ""],
        ["M3", 4, ("M2", "M5", "M6", "M8"), PRACTICE, "Ilze Kalna, ilze@gamma.example"],
    ]


AGENDA_EN = (
    "Agenda network: meeting summary, 2024 "
    "Forms returned Returned by 2025-03-31: 7 of 9. Returned late (1): Theta. "
    "Not returned (1): Iota. "
    "Largest significant improvements since the previous year "
    "Municipality Indicator Previous Value Change Rank year change "
    "Gamma M3 Waiting time 30 14 ↓ −16 0 "
    "Alpha M1 Share served in time 50.0 70.0 ↑ +20.0 +2 "
    "Beta M2 Share served in time 50.0 62.0 ↑ +12.0 +1 "
    "Largest significant declines since the previous year "
    "Municipality Indicator Previous Value Change Rank year change "
    "Zeta M6 Waiting time 30 44 ↑ +14 −7 "
    "Epsilon M5 Share served in time 60.0 40.0 ↓ −20.0 −7 "
    "Eta M7 Share served in time 52.0 44.0 ↓ −8.0 −5 "
    "Worse than the reference value and getting worse "
    "Municipality Indicator Previous Value Change Rank year change "
    "Epsilon M5 Share served in time 60.0 40.0 ↓ −20.0 −7 "
    "Zeta M6 Waiting time 30 44 ↑ +14 −7 "
    "Eta M7 Share served in time 52.0 44.0 ↓ −8.0 −5 "
    "Who stands out "
    "Clearly better than the reference value on 2 or more indicators: Alpha (2), Beta (2). "
    "Clearly worse than the reference value on 2 or more indicators: Epsilon (2). "
    "Proposed visits "
    "The learning partners proposed most often: similar members that do clearly better where "
    "others are behind. Partner Proposed to Good practice Contact "
    "Alpha M1 Delta, Epsilon, Eta, Zeta "
    "Beta M2 Delta, Epsilon, Eta, Zeta "
    f"Gamma M3 Beta, Epsilon, Theta, Zeta {PRACTICE} Ilze Kalna, ilze@gamma.example "
)


@pytest.mark.usefixtures("pdftotext")
def test_the_meeting_pack_s_first_page_is_the_agenda_summary(
    network: Engine, tmp_path: Path
) -> None:
    out = tmp_path / "g.pdf"

    write_report(network, "G", 2024, out, lang="en")

    pages = text_of(out, layout=True)
    first = flat(pages[0])
    assert first.startswith("Agenda network · 2024 " + AGENDA_EN)
    assert first.endswith("Rank change: places gained (+) or lost (−). Page 1 of 7")
    assert "Agenda network: meeting pack, 2024" in flat(pages[1])  # the cover follows
    # On one A4 page, portrait.
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "1", str(out)], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip
    assert "595.276 x 841.89 pts (A4)" in info


@pytest.mark.usefixtures("pdftotext")
def test_the_agenda_summary_in_latvian(network: Engine, tmp_path: Path) -> None:
    out = tmp_path / "g.pdf"

    write_report(network, "G", 2024, out, lang="lv")

    first = flat(text_of(out, layout=True)[0])
    for part in (
        "Darba kārtības tīkls: sanāksmes kopsavilkums, 2024",
        "Iesniegtas līdz 31.03.2025: 7 no 9. Iesniegtas pēc termiņa (1): Theta. "
        "Nav iesniegtas (1): Iota.",
        "Lielākie nozīmīgie uzlabojumi kopš iepriekšējā gada",
        "Alpha M1 Laikā apkalpoto daļa 50,0 70,0 ↑ +20,0 +2",
        "Lielākie nozīmīgie pasliktinājumi kopš iepriekšējā gada",
        "Sliktāk par atskaites vērtību un turpina pasliktināties",
        "Skaidri sliktāk par atskaites vērtību 2 vai vairāk rādītājos: Epsilon (2).",
        "Ieteiktās vizītes",
    ):
        assert part in first


def test_the_workbook_s_summary_sheet_follows_the_cover(network: Engine, tmp_path: Path) -> None:
    out = tmp_path / "g.xlsx"

    write_workbook(network, "G", 2024, out, lang="en")

    book = load_workbook(out)
    assert book.sheetnames[:3] == ["Cover", "Meeting summary", "Summary"]
    ws = book["Meeting summary"]
    cells = [[c for c in row if c is not None] for row in ws.iter_rows(values_only=True)]
    cells = [row for row in cells if row]
    assert cells[:4] == [
        ["Agenda network: meeting summary, 2024"],
        ["Forms returned"],
        ["Returned by 2025-03-31: 7 of 9."],
        ["Returned late (1): Theta."],
    ]
    heads = ["Municipality", "Indicator", "Previous year", "Value", "Change", "Rank change"]
    at = cells.index(["Largest significant improvements since the previous year"])
    assert cells[at + 1 : at + 5] == [
        heads,
        ["Gamma (M3)", "Waiting time", 30, 14, "↓ −16", "0"],
        ["Alpha (M1)", "Share served in time", 50, 70, "↑ +20.0", "+2"],
        ["Beta (M2)", "Share served in time", 50, 62, "↑ +12.0", "+1"],
    ]
    at = cells.index(["Worse than the reference value and getting worse"])
    assert [row[0] for row in cells[at + 2 : at + 5]] == ["Epsilon (M5)", "Zeta (M6)", "Eta (M7)"]
    at = cells.index(["Proposed visits"])
    assert cells[at + 5] == [
        "Gamma (M3)", "Beta, Epsilon, Theta, Zeta", PRACTICE, "Ilze Kalna, ilze@gamma.example"
    ]  # fmt: skip
    # The arrow is coloured only where the change is significant: all of these are.
    row = next(r for r in ws.iter_rows() if r[0].value == "Gamma (M3)")
    assert row[4].font.color.rgb == "FF2166AC"
    assert row[4].font.b


def test_rank_since_carries_the_change_s_verdict(network: Engine, db_url: str) -> None:
    result = CliRunner().invoke(
        cli, ["--db", db_url, "rank", "--network", "G", "--year", "2024", "--indicator", "SHARE",
              "--since", "2023", "--format", "csv"],
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    found = pd.read_csv(io.StringIO(result.output))
    assert list(found.columns[-11:]) == [
        "value_since", "rank_since", "value_change", "rank_change", "change_low", "change_high",
        "change_direction", "change_significant", "change_method", "change_z", "peer_group",
    ]  # fmt: skip
    alpha = found.set_index("municipality").loc["M1"]
    assert (alpha["value_change"], alpha["change_direction"], alpha["change_method"]) == (
        20.0, "better", "newcombe"
    )  # fmt: skip
    assert bool(alpha["change_significant"]) is True
    # Newcombe's interval for 700/1000 against 500/1000, in percentage points.
    assert (round(alpha["change_low"], 2), round(alpha["change_high"], 2)) == (15.75, 24.14)


def test_a_member_s_position_says_its_red_reds_first(network: Engine) -> None:
    found = position(network, "M5", "G", 2024)

    assert found.red_red == ("SHARE",)
    assert found.sentences[0] == (
        "Worse than the reference value and significantly worse since 2023: Share served in time."
    )
    assert found.breaks[0] == 1  # a paragraph of its own
    share = found.marks["SHARE"]
    assert (share.text, share.rank, share.significant, share.colour) == (
        "↓ −20.0", "−7", True, "#B2182B"
    )  # fmt: skip


def test_the_site_colours_a_change_only_when_significant(network: Engine, tmp_path: Path) -> None:
    write_site(network, "G", 2024, tmp_path / "site")

    page = (tmp_path / "site" / "members" / "M5.html").read_text(encoding="utf-8")
    css = (tmp_path / "site" / "assets" / "site.css").read_text(encoding="utf-8")
    assert '<td class="ch-worse num">↓ −20.0<td class=" num">−7</tr>' in page  # significant
    assert '<td class="ch-unsure num">↑ +1<td class=" num">−4</tr>' in page  # within the noise
    assert ".ch-worse { color: #B2182B; font-weight: bold; }" in css
    assert ".ch-unsure { color: #808080; }" in css
