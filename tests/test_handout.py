"""A member's one-page handout: the headline, the coloured table, the spine chart, partners.

On the agenda's nine-member network (tests/test_agenda.py says what is known in
advance): Epsilon is worse than the reference value on SHARE and COST, its SHARE
fell significantly (a red-red) and nothing improved significantly; its partners
are Alpha and Beta (SHARE and COST) and Gamma (WAIT, with a practice and a
contact). Alpha's SHARE (+20) and Gamma's WAIT (−16 days) are significant
improvements.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine

from benchlearn.cli import cli
from benchlearn.commands import meeting, write_report
from benchlearn.position import headline
from tests.test_agenda import PRACTICE, build
from tests.test_report import flat, pdftotext, text_of  # noqa: F401 (a fixture)

NO_RED_RED = (
    "No indicator is both worse than the reference value and significantly worse than in 2023."
)
NO_IMPROVEMENT = "No indicator improved significantly since 2023."
EPSILON_HEADLINE = [
    "Epsilon in 2024: better than the reference value on 0 of 3 indicators compared, "
    "similar on 1, worse on 2.",
    "Worse than the reference value and significantly worse since 2023: Share served in time.",
    NO_IMPROVEMENT,
]


@pytest.fixture
def network(engine: Engine, tmp_path: Path) -> Engine:
    """The agenda's nine members (tests/test_agenda.py)."""
    return build(engine, tmp_path)


def test_the_headline_counts_verdicts_names_red_reds_and_the_largest_improvement(
    network: Engine,
) -> None:
    data = meeting(network, "G", 2024)

    assert headline(data, "M5") == EPSILON_HEADLINE
    assert headline(data, "M1") == [
        "Alpha in 2024: better than the reference value on 2 of 3 indicators compared, "
        "similar on 1, worse on 0.",
        NO_RED_RED,
        "Largest significant improvement since 2023: Share served in time (50.0% in 2023, "
        "70.0% in 2024).",
    ]
    assert headline(data, "M3")[2] == (
        "Largest significant improvement since 2023: Waiting time (30 days in 2023, 14 days "
        "in 2024)."
    )
    assert headline(data, "M6")[1] == (
        "Worse than the reference value and significantly worse since 2023: Waiting time."
    )
    assert headline(data, "M5", "lv") == [
        "Epsilon, 2024. gads: no 3 salīdzinātajiem rādītājiem labāki par atskaites vērtību — 0, "
        "līdzīgi — 1, sliktāki — 2.",
        "Sliktāki par atskaites vērtību un kopš 2023. gada nozīmīgi pasliktinājušies rādītāji: "
        "Laikā apkalpoto daļa.",
        "Kopš 2023. gada neviens rādītājs nav nozīmīgi uzlabojies.",
    ]


@pytest.mark.usefixtures("pdftotext")
def test_a_member_s_report_starts_with_its_handout(network: Engine, tmp_path: Path) -> None:
    out = tmp_path / "epsilon.pdf"

    written = write_report(network, "G", 2024, out, municipality="M5")

    pages = text_of(out, layout=True)
    assert written.pages == len(pages) == 3
    assert flat(pages[0]) == (
        "Epsilon · Agenda network · 2024 "
        "Epsilon (M5) among its peers · Agenda network · 2024 "
        + " ".join(EPSILON_HEADLINE)
        + " Indicator Value Reference Compared with it Change Rank value change "
        "Share served in time (%) SHARE 40.0 50.0 worse ↓ −20.0 −7 "
        "Waiting time (days) WAIT 31 30 broadly similar ↑ +1 −4 "
        "Cost per client (EUR) COST 40 20 much worse "
        "Where Epsilon stands: the peers' range, middle half and median; the better end to "
        "the right "
        "Learning partners Partner Indicator Good practice Contact "
        "Alpha M1 Share served in time; Cost per client "
        "Beta M2 Share served in time; Cost per client "
        f"Gamma M3 Waiting time {PRACTICE} Ilze Kalna, ilze@gamma.example "
        "If we matched our best similar peers On share served in time, the clearly better "
        "similar municipalities (2) have a median of 66.0%; the gap to it: +26.0%; in clients "
        "served in time: +260 persons. On waiting time, the clearly better similar "
        "municipalities (1) have a median of 14 days; the gap to it: −17 days. On cost per "
        "client, the clearly better similar municipalities (2) have a median of EUR 11; the "
        "gap to it: −EUR 29. "
        "Page 1 of 3"
    )
    # Today's report follows from page 2.
    assert flat(pages[1]).startswith(
        "Epsilon · Agenda network · 2024 Epsilon (M5) among its peers · Agenda network · 2024 "
        "Network G: Agenda network"
    )
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "1", str(out)], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip
    assert "595.276 x 841.89 pts (A4)" in info


@pytest.mark.usefixtures("pdftotext")
def test_handouts_follow_the_pack_one_page_per_member_by_name(
    network: Engine, db_url: str, tmp_path: Path
) -> None:
    plain, pack = tmp_path / "plain.pdf", tmp_path / "pack.pdf"
    write_report(network, "G", 2024, plain)

    result = CliRunner().invoke(
        cli, ["--db", db_url, "report", "-n", "G", "--year", "2024", "--handouts", "-o", str(pack)]
    )

    assert result.exit_code == 0, result.output
    assert result.output.endswith(f"Wrote {pack}: 16 pages.\n")
    before, after = text_of(plain, layout=True), text_of(pack, layout=True)
    assert len(after) == len(before) + 9
    strip = [flat(p).rsplit(" Page ", 1)[0] for p in after[: len(before)]]
    assert strip == [flat(p).rsplit(" Page ", 1)[0] for p in before]  # the pack unchanged
    titles = [re.findall(r"2024 (\w+) \(M\d\) among its peers", flat(p))[0] for p in after[7:]]
    assert titles == ["Alpha", "Beta", "Delta", "Epsilon", "Eta", "Gamma", "Iota", "Theta",
                      "Zeta"]  # fmt: skip
    epsilon = flat(after[10])
    assert " ".join(EPSILON_HEADLINE) in epsilon
    assert f"Gamma M3 Waiting time {PRACTICE} Ilze Kalna, ilze@gamma.example" in epsilon


def test_handouts_only_follow_the_pack(network: Engine, db_url: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["--db", db_url, "report", "-n", "G", "--year", "2024", "--handouts", "-m", "M5",
              "-o", str(tmp_path / "x.pdf")],
    )  # fmt: skip

    assert result.exit_code == 1
    assert result.output == (
        "Error: --handouts follow the meeting pack: leave out --municipality and --annual\n"
    )
