"""Improvement plans on SQLite and PostgreSQL: stored with their baselines, read back, followed.

The network P1 has three members and five years of figures: a cost per
inhabitant derived from two counts, a plain share with one confidential
figure, and a proportion whose small count in one year is suppressed. Plans
are written through the library and through the command line, whose output
is compared exactly.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from benchlearn.cli import cli
from benchlearn.definitions.store import load_definitions
from benchlearn.errors import BenchlearnError, ValidationError
from benchlearn.importing import import_file
from benchlearn.plans.model import Place, PlanDraft, SourceDraft, TargetDraft
from benchlearn.plans.progress import plan_progress
from benchlearn.plans.store import add_plans, plans_for, set_status
from benchlearn.registry.municipalities import load_municipalities
from benchlearn.registry.practices import add_practice
from tests.conftest import write

MUNICIPALITIES = "code,name\nA1,Alpha\nB2,Beta\nC3,Gamma\n"
DEFINITIONS = """indicators:
  - {code: POP, name: Population, unit: persons, direction: neutral}
  - {code: COST, name: Cost, unit: EUR, direction: lower}
  - code: COST_PC
    name: {en: Cost per inhabitant, lv: Izmaksas uz iedzīvotāju}
    unit: EUR
    direction: lower
    formula: COST / POP
  - {code: SHARE, name: Share satisfied, unit: "%", direction: higher, min: 0, max: 100}
  - {code: SERVED, name: Served in time, unit: persons, direction: neutral}
  - {code: CLIENTS, name: Clients, unit: persons, direction: neutral}
  - code: SERVED_PCT
    name: {en: Share served in time, lv: Laikā apkalpoto daļa}
    unit: "%"
    direction: higher
    statistic: proportion
    numerator: SERVED
    denominator: CLIENTS
    multiplier: 100
    suppress_below: 5
  - {code: SCORE, name: Survey score, unit: points, direction: higher, standard_error: SCORE_SE}
  - {code: SCORE_SE, name: Survey score's standard error, unit: points, direction: neutral}
network:
  code: P1
  name: {en: Plans network, lv: Plānu tīkls}
  indicators: [COST_PC, SHARE, SERVED_PCT]
  members: all
"""
YEARS = (2020, 2021, 2022, 2023, 2024)
FIGURES = {
    "POP": {"A1": [1000] * 5, "B2": [2000] * 5, "C3": [500] * 5},
    "COST": {
        "A1": [100000, 110000, 120000, 115000, 100000],
        "B2": [200000, 204000, 198000, 202000, 206000],
        "C3": [60000, 61000, 59500, 60500, 61500],
    },
    "SHARE": {
        "A1": [60, 62, "..", 70, 75],
        "B2": [50, 51, 49, 52, 50],
        "C3": [40, 42, 41, 40, 43],
    },
    "SCORE": {"A1": [46, 47.5, 49, 51, 53.5]},
    "SCORE_SE": {"A1": [1.9, 1.8, 2.0, 2.2, 2.1]},
    "SERVED": {"A1": [28, 30, 35, 40, 45], "B2": [50, 52, 49, 51, 53], "C3": [7, 8, 9, 10, 3]},
    "CLIENTS": {
        "A1": [305, 310, 305, 302, 300],
        "B2": [500, 500, 490, 495, 505],
        "C3": [100, 100, 98, 101, 99],
    },
}


def values_csv() -> str:
    lines = ["municipality,indicator,year,value,status"]
    for code, by_place in FIGURES.items():
        for place, row in by_place.items():
            for year, value in zip(YEARS, row, strict=True):
                cell = ",.." if value == ".." else f"{value},"
                lines.append(f"{place},{code},{year},{cell}")
    return "\n".join(lines) + "\n"


@pytest.fixture
def network(engine: Engine, tmp_path: Path) -> Engine:
    """The schema with P1's members, definitions and figures."""
    load_municipalities(engine, write(tmp_path / "m.csv", MUNICIPALITIES))
    load_definitions(engine, [write(tmp_path / "d.yaml", DEFINITIONS)])
    import_file(engine, write(tmp_path / "v.csv", values_csv()))
    return engine


def draft(
    municipality: str, start: int, end: int, *targets: TargetDraft, **more: object
) -> PlanDraft:
    return PlanDraft(
        municipality=municipality,
        network="P1",
        title={"en": f"Plan of {municipality}", "lv": f"{municipality} plāns"},
        start=start,
        end=end,
        targets=targets,
        places={"municipality": Place("test", 1, "municipality")},
        **more,  # type: ignore[arg-type]
    )


def three_plans(engine: Engine) -> tuple[int, ...]:
    """A1's active plan on three indicators, C3's finished one, B2's dropped one."""
    practice = add_practice(engine, municipality="B2", network="P1", title="Front desk")
    return add_plans(
        engine,
        [
            draft(
                "A1", 2022, 2025,
                TargetDraft("COST_PC", 90.0),
                TargetDraft("SHARE", 80.0),
                TargetDraft("SERVED_PCT", 20.0, baseline_year=2021),
                status="active",
                sources=(SourceDraft("B2", practice), SourceDraft("C3")),
            ),
            draft("C3", 2021, 2024, TargetDraft("SERVED_PCT", 12.0), status="done"),
            draft("B2", 2021, 2024, TargetDraft("SHARE", 60.0), status="dropped"),
        ],
    )  # fmt: skip


def test_baselines_are_read_when_the_plan_is_made(network: Engine) -> None:
    three_plans(network)

    found = plans_for(network, municipality="A1")

    assert [(t.indicator, t.baseline_year, round(t.baseline_value, 6), t.target_value,
             t.target_year) for t in found[0].targets] == [
        ("COST_PC", 2022, 120.0, 90.0, 2025),
        # 2022 is confidential: the latest value that may be shown at or before the start
        ("SERVED_PCT", 2021, round(30 / 310 * 100, 6), 20.0, 2025),
        ("SHARE", 2021, 62.0, 80.0, 2025),
    ]  # fmt: skip
    assert [(s.municipality, s.practice) for s in found[0].sources] == [("B2", 1), ("C3", None)]
    assert (found[0].label("lv"), found[0].status, found[0].start_year) == (
        "A1 plāns",
        "active",
        2022,
    )


def test_plans_for_filters_by_network_municipality_and_indicator(network: Engine) -> None:
    first, second, third = three_plans(network)

    with Session(network) as session:
        on_share = plans_for(session, indicator="SHARE")
    with network.connect() as connection:
        in_p1 = plans_for(connection, network="P1")

    assert [p.id for p in on_share] == [first, third]
    assert [len(p.targets) for p in on_share] == [3, 1]  # the whole plan, not only the target
    assert [p.id for p in in_p1] == [first, second, third]
    assert plans_for(network, network="OTHER") == []
    assert [p.id for p in plans_for(network, municipality="C3", indicator="SERVED_PCT")] == [second]


def test_nothing_is_stored_when_a_plan_has_a_problem(network: Engine) -> None:
    practice = add_practice(network, municipality="B2", network="P1", title="Front desk")
    bad = [
        draft("A1", 2022, 2025, TargetDraft("COST_PC", 90.0)),
        draft(
            "A1", 2022, 2025,
            TargetDraft("NOPE", 1.0, place=Place("f.csv", 3, "indicator")),
            TargetDraft("SHARE", 80.0, baseline_year=2022, place=Place("f.csv", 4, "indicator")),
            sources=(SourceDraft("C3", practice, Place("f.csv", 3, "learned_from")),),
        ),
    ]  # fmt: skip

    with pytest.raises(ValidationError) as caught:
        add_plans(network, bad)

    assert [p.line() for p in caught.value.problems] == [
        "f.csv, row 3, column indicator: unknown indicator 'NOPE'",
        "f.csv, row 3, column learned_from: practice 1 is B2's, not C3's "
        "(see `benchlearn practice list`)",
        "f.csv, row 4, column indicator: A1 has no value of SHARE that may be shown in 2022 "
        "(missing or confidential), so it cannot be the baseline",
    ]
    assert plans_for(network) == []


def test_progress_reads_only_values_that_may_be_shown(network: Engine) -> None:
    first, second, _ = three_plans(network)

    with network.connect() as connection:
        found = plan_progress(connection, "P1", 2024)

    rows = [
        (r.plan, r.indicator, r.baseline_year, r.year, round(r.value, 5), round(r.covered, 4),
         round(r.expected, 4), r.on_track, r.significant, r.method)
        for r in found.itertuples()
    ]  # fmt: skip
    assert rows == [
        (first, "COST_PC", 2022, 2024, 100.0, 0.6667, 0.6667, True, True, "noise"),
        (first, "SERVED_PCT", 2021, 2024, 15.0, 0.5156, 0.75, False, True, "fisher"),
        (first, "SHARE", 2021, 2024, 75.0, 0.7222, 0.75, False, True, "noise"),
        # C3's 3 served in 2024 is below suppress_below: the latest value shown is 2023's
        (second, "SERVED_PCT", 2021, 2023, round(1000 / 101, 5), 0.4752, 0.6667, False, False,
         "fisher"),
    ]  # fmt: skip
    # R 4.2.2: fisher.test(matrix(c(45, 255, 30, 280), 2, byrow = TRUE))$p.value and
    # fisher.test(matrix(c(10, 91, 8, 92), 2, byrow = TRUE))$p.value
    assert found["p_value"].round(10).tolist()[1] == round(0.0489614349532004, 10)
    assert round(found["p_value"].tolist()[3], 10) == round(0.805692651429306, 10)


def test_set_status_changes_the_status_and_the_time(network: Engine) -> None:
    first, *_ = three_plans(network)
    before = plans_for(network, ids=[first])[0]

    changed = set_status(network, first, "done")

    assert changed.status == "done"
    assert changed.updated_at >= before.updated_at
    assert changed.created_at == before.created_at
    with pytest.raises(
        BenchlearnError, match=r"^there is no plan 99 \(see `benchlearn plans list`\)$"
    ):
        set_status(network, 99, "done")


# --- the command line ---------------------------------------------------------


def run(engine: Engine, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--db", engine.url.render_as_string(False), *args])
    return result.exit_code, result.output


def test_cli_add_list_show_and_set_status(network: Engine) -> None:
    add = run(
        network, "plans", "add", "-m", "A1", "-n", "P1", "--title", "Cheaper care",
        "--title-lv", "Lētāka aprūpe", "--start", "2022", "--end", "2025",
        "--target", "COST_PC:90", "--target", "SHARE:80:2024", "--learned-from", "B2",
    )  # fmt: skip
    listed = run(network, "plans", "list", "--network", "P1")
    shown = run(network, "--lang", "lv", "plans", "show", "1")
    status = run(network, "plans", "set-status", "1", "active")
    record = json.loads(run(network, "plans", "show", "1", "--format", "json")[1])

    assert add == (0, "Plan 1 stored: 2 target(s), baselines read from the database.\n")
    assert listed == (
        0,
        "id  municipality  name   network  title         start   end  status   targets        "
        "learned_from\n"
        "--  ------------  -----  -------  ------------  -----  ----  -------  -------------  "
        "------------\n"
        " 1  A1            Alpha  P1       Cheaper care   2022  2025  planned  COST_PC SHARE  "
        "B2\n",
    )
    assert shown == (
        0,
        "Plāns Nr. 1: Lētāka aprūpe\n"
        "A1 tīklā P1, 2022–2025, statuss: plānots\n"
        "Mācījās no: B2\n"
        "rādītājs  bāzes gads  bāzes vērtība  mērķa vērtība  mērķa gads\n"
        "--------  ----------  -------------  -------------  ----------\n"
        "COST_PC         2022            120             90        2025\n"
        "SHARE           2021             62             80        2024\n",
    )
    assert status == (0, "Plan 1 is now active.\n")
    assert {k: record[k] for k in ("title", "status", "targets", "learned_from")} == {
        "title": {"en": "Cheaper care", "lv": "Lētāka aprūpe"},
        "status": "active",
        "targets": [
            {"indicator": "COST_PC", "baseline_year": 2022, "baseline": 120.0,
             "target_value": 90.0, "target_year": 2025},
            {"indicator": "SHARE", "baseline_year": 2021, "baseline": 62.0,
             "target_value": 80.0, "target_year": 2024},
        ],
        "learned_from": [{"municipality": "B2", "practice": None}],
    }  # fmt: skip


def test_cli_add_names_every_problem_and_stores_nothing(network: Engine) -> None:
    found = run(
        network, "plans", "add", "-m", "ZZ", "-n", "P1", "--start", "2022", "--end", "2021",
        "--target", "COST_PC:9O", "--target", "SHARE", "--learned-from", "B2:x",
    )  # fmt: skip

    assert found == (
        1,
        "Error: nothing was stored: 6 problem(s)\n"
        "  benchlearn plans add: --target: '9O' is not a number\n"
        "  benchlearn plans add: --target: 'SHARE' is not a target: write CODE:VALUE or "
        "CODE:VALUE:YEAR, e.g. T2_CARE_WAIT_DAYS:7:2026\n"
        "  benchlearn plans add: --learned-from: 'B2:x' is not a partner: write a municipality "
        "code, or CODE:PRACTICE_ID with the number `benchlearn practice list` shows\n"
        "  benchlearn plans add: --title: a plan needs a title (in English or in Latvian)\n"
        "  benchlearn plans add: --end: the plan ends in 2021, before it starts in 2022\n"
        "  benchlearn plans add: --municipality: unknown municipality 'ZZ'\n",
    )
    assert run(network, "plans", "list") == (0, "No plans.\n")


def test_cli_progress_in_latvian(network: Engine) -> None:
    three_plans(network)

    found = run(network, "--lang", "lv", "plans", "progress", "-n", "P1", "--year", "2024")

    assert found[0] == 0
    assert found[1].splitlines() == [
        "plāns  plāna nosaukums  pašvaldība  nosaukums  rādītājs    bāzes gads  "
        "bāzes vērtība  gads  vērtība  mērķa vērtība  mērķa gads  izmaiņas  paveiktā daļa  "
        "gaidāmā daļa  pēc plāna  nozīmīga izmaiņa  p-vērtība  metode",
        "-----  ---------------  ----------  ---------  ----------  ----------  "
        "-------------  ----  -------  -------------  ----------  --------  -------------  "
        "------------  ---------  ----------------  ---------  ----------------------",
        "    1  A1 plāns         A1          Alpha      COST_PC           2022            "
        "120  2024      100             90        2025       -20          0,667         "
        "0,667  jā         jā                           izmaiņu izkliede",
        "    1  A1 plāns         A1          Alpha      SERVED_PCT        2021          "
        "9,677  2024       15             20        2025     5,323          0,516          "
        "0,75  nē         jā                    0,049  Fišera precīzais tests",
        "    1  A1 plāns         A1          Alpha      SHARE             2021             "
        "62  2024       75             80        2025        13          0,722          "
        "0,75  nē         jā                           izmaiņu izkliede",
        "    2  C3 plāns         C3          Gamma      SERVED_PCT        2021              "
        "8  2023    9,901             12        2024     1,901          0,475         0,667  "
        "nē         nē                    0,806  Fišera precīzais tests",
    ]


def test_cli_progress_method_is_a_word_in_a_table_and_a_code_in_a_file(network: Engine) -> None:
    three_plans(network)
    args = ["plans", "progress", "-n", "P1", "--year", "2024"]

    table = run(network, *args)
    csv = run(network, *args, "--format", "csv")

    assert [line.split("  ")[-1].strip() for line in table[1].splitlines()[2:]] == [
        "spread of changes", "Fisher's exact test", "spread of changes", "Fisher's exact test",
    ]  # fmt: skip
    assert [line.rsplit(",", 1)[-1] for line in csv[1].splitlines()[1:]] == [
        "noise", "fisher", "noise", "fisher",
    ]  # fmt: skip


def test_cli_import_names_file_row_and_column(network: Engine, tmp_path: Path) -> None:
    path = write(
        tmp_path / "plans.csv",
        "municipality,network,title,start,end,indicator,target,learned_from\n"
        "A1,P1,Care,2022,2025,COST_PC,90,B2\n"
        "A1,P1,Care,2022,2025,SHARE,8O,\n"
        "C3,P1,Other,2022,20x5,SHARE,50,\n"
        "B2,P1,Third,2022,2025,NOPE,1,\n",
    )

    found = run(network, "plans", "import", str(path))

    assert found == (
        1,
        f"Error: {path} was not imported; nothing was stored\n"
        f"  {path}, row 3, column target: '8O' is not a number\n"
        f"  {path}, row 4, column end: '20x5' is not a year from 1900 to 2200\n",
    )
    assert run(network, "plans", "list") == (0, "No plans.\n")


def test_cli_imports_a_table_and_a_yaml_file(network: Engine, tmp_path: Path) -> None:
    table = write(
        tmp_path / "plans.csv",
        "municipality,network,title,title_lv,start,end,status,indicator,target,learned_from\n"
        "A1,P1,Care,Aprūpe,2022,2025,active,COST_PC,90,B2 C3\n"
        "A1,P1,Care,Aprūpe,,,,SHARE,80,\n"
        "B2,P1,Desk,,2023,2024,,,,\n",
    )
    yaml_file = write(
        tmp_path / "plans.yaml",
        "plans:\n"
        "  - {municipality: C3, network: P1, title: {lv: Laikā}, start: 2021, end: 2024,\n"
        "     targets: [{indicator: SERVED_PCT, value: 12}]}\n",
    )

    from_table = run(network, "plans", "import", str(table))
    from_yaml = run(network, "--lang", "lv", "plans", "import", str(yaml_file))
    listed = run(network, "plans", "list", "--format", "csv")

    assert from_table == (0, f"{table}: 2 plan(s) stored, ids 1, 2.\n")
    assert from_yaml == (0, f"{yaml_file}: saglabāto plānu skaits – 1, numuri 3.\n")
    assert listed == (
        0,
        "id,municipality,name,network,title,start,end,status,targets,learned_from\n"
        "1,A1,Alpha,P1,Care,2022,2025,active,COST_PC SHARE,B2 C3\n"
        "2,B2,Beta,P1,Desk,2023,2024,planned,,\n"
        "3,C3,Gamma,P1,Laikā,2021,2024,planned,SERVED_PCT,\n",
    )


def test_cli_import_problems_in_latvian(network: Engine, tmp_path: Path) -> None:
    path = write(
        tmp_path / "plāni.csv",
        "municipality;network;title_lv;start;end;indicator;target\n"
        "A1;P1;Aprūpe;2022;2021;SHARE;80\n"
        "ZZ;P1;Cits;2022;2025;NOPE;1,5\n",
    )

    found = run(network, "--lang", "lv", "plans", "import", str(path))

    assert found == (
        1,
        f"Kļūda: nekas netika saglabāts: problēmu skaits – 4\n"
        f"  {path}, 2. rinda, kolonna end: plāns beidzas 2021. gadā, pirms tas sākas 2022. gadā\n"
        f"  {path}, 2. rinda, kolonna indicator: mērķa gads 2021 ir agrāks par plāna sākuma "
        "gadu 2022\n"
        f"  {path}, 3. rinda, kolonna municipality: nezināma pašvaldība „ZZ”\n"
        f"  {path}, 3. rinda, kolonna indicator: nezināms rādītājs „NOPE”\n",
    )


def test_a_removed_practice_leaves_the_partner(network: Engine) -> None:
    from benchlearn.registry.practices import remove_practice

    first, *_ = three_plans(network)

    remove_practice(network, 1)

    (plan,) = plans_for(network, ids=[first])
    assert [(s.municipality, s.practice) for s in plan.sources] == [("B2", None), ("C3", None)]


def test_progress_tests_a_change_against_its_standard_errors(network: Engine) -> None:
    (made,) = add_plans(network, [draft("A1", 2021, 2025, TargetDraft("SCORE", 60.0))])

    with network.connect() as connection:
        (row,) = plan_progress(connection, "P1", 2024).itertuples()

    # R 4.2.2: 2 * pnorm(-abs((53.5 - 47.5) / sqrt(2.1^2 + 1.8^2)))
    assert (row.plan, row.baseline, row.value, row.method, row.significant) == (
        made, 47.5, 53.5, "z", True,
    )  # fmt: skip
    assert row.p_value == pytest.approx(0.0300595678924124, rel=1e-9)


def test_practice_list_names_the_plans_that_learned_from_each(network: Engine) -> None:
    three_plans(network)  # A1's active plan learned from B2's "Front desk"

    table = run(network, "--lang", "lv", "practice", "list")
    csv = run(network, "practice", "list", "--format", "csv")

    assert table == (
        0,
        "Nr.  pašvaldība  tīkls  rādītājs  gads  nosaukums   url  apraksts  plāni\n"
        "---  ----------  -----  --------  ----  ----------  ---  --------  "
        "---------------------\n"
        "  1  B2          P1                     Front desk                 "
        "1 (A1, tiek īstenots)\n",
    )
    assert csv == (
        0,
        "id,municipality,name,network,indicator,year,title,url,text,plans\n"
        '1,B2,Beta,P1,,,Front desk,,,"1 (A1, active)"\n',
    )
