"""The Latvian sequence of a plan: Bauska learns from Cēsis, writes its plan, follows it a year on.

On the Latvian test database (:mod:`tests.latvia`: the 43 municipalities, T2's
figures for 2023 and 2024), in Latvian, as a facilitator in LPS would run it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import CliRunner

from benchlearn.cli import cli


def run(url: str, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--db", url, "--lang", "lv", *args])
    return result.exit_code, result.output


def test_bauska_learns_from_cesis_and_follows_its_plan(
    latvian_database: Callable[..., str], tmp_path: Path
) -> None:
    url = latvian_database(["T2"], tmp_path)

    practice = run(
        url, "practice", "add", "-m", "LV-022", "-n", "T2", "-i", "T2_HOME_CARE_PER_1000_65",
        "--title", "Aprūpes mājās komanda",
    )  # fmt: skip
    added = run(
        url, "plans", "add", "-m", "LV-016", "-n", "T2", "--title-lv", "Vairāk aprūpes mājās",
        "--title", "More home care", "--start", "2023", "--end", "2026", "--status", "active",
        "--target", "T2_HOME_CARE_PER_1000_65:45", "--target", "T2_CARE_WAIT_DAYS:20:2026",
        "--learned-from", "LV-022:1",
    )  # fmt: skip
    shown = run(url, "plans", "show", "1")
    progress = run(url, "plans", "progress", "-n", "T2", "--year", "2024")

    assert practice == (0, "Pievienota labā prakse Nr. 1.\n")
    assert added == (
        0,
        "Plāns Nr. 1 saglabāts: mērķu skaits – 2, bāzes vērtības nolasītas no datubāzes.\n",
    )
    assert shown == (
        0,
        "Plāns Nr. 1: Vairāk aprūpes mājās\n"
        "LV-016 tīklā T2, 2023–2026, statuss: tiek īstenots\n"
        "Mācījās no: LV-022:1\n"
        "rādītājs                  bāzes gads  bāzes vērtība  mērķa vērtība  mērķa gads\n"
        "------------------------  ----------  -------------  -------------  ----------\n"
        "T2_CARE_WAIT_DAYS               2023             44             20        2026\n"
        "T2_HOME_CARE_PER_1000_65        2023         29,944             45        2026\n",
    )
    # a year on, Bauska waits a day less and serves fewer: neither on track nor more than chance
    assert progress[0] == 0
    assert progress[1].splitlines()[2:] == [
        "    1  Vairāk aprūpes mājās  LV-016      Bauskas novads  T2_CARE_WAIT_DAYS         "
        "      2023             44  2024       43             20        2026        -1         "
        " 0,042         0,333  nē         nē                           izmaiņu izkliede",
        "    1  Vairāk aprūpes mājās  LV-016      Bauskas novads  T2_HOME_CARE_PER_1000_65  "
        "      2023         29,944  2024   28,266             45        2026    -1,678         "
        "-0,111         0,333  nē         nē                    0,491  Puasona precīzais tests",
    ]


def test_a_year_of_history_is_too_little_to_judge_an_effect_and_it_says_so(
    latvian_database: Callable[..., str], tmp_path: Path
) -> None:
    url = latvian_database(["T2"], tmp_path)
    added = run(
        url, "plans", "add", "-m", "LV-016", "-n", "T2", "--title-lv", "Vairāk aprūpes mājās",
        "--start", "2024", "--end", "2026", "--target", "T2_HOME_CARE_PER_1000_65:45",
    )  # fmt: skip

    judged = run(url, "effect", "--plan", "1")

    assert added[0] == 0
    assert judged[0] == 0
    lines = judged[1].splitlines()
    assert lines[0] == (
        "Aprūpes mājās klienti uz 1000 iedzīvotājiem 65+: Bauskas novads un sintētiskais dvīnis"
    )
    assert lines[3:5] == [
        "2023  pirms        29,9        29,9          0",
        "2024  pēc          28,3        30,5       -2,3",
    ]
    assert "p-vērtība: nav, jo spriedums netiek sniegts." in lines
    assert lines[-1] == (
        "Bauskas novads: par rādītāju „Aprūpes mājās klienti uz 1000 iedzīvotājiem 65+” "
        "spriedums netiek sniegts: dvīņa pielāgošanas gadu skaits pirms sākuma ir 1, bet vajag "
        "vismaz 3."
    )
