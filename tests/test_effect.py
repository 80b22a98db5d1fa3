"""``benchlearn effect`` on a made-up network: the tables, the sentence in both languages,
the figures in JSON, the refusals and the errors, on SQLite and PostgreSQL.

Bauska (LV1) followed Iecava (LV2) closely until 2019 and dropped by about 4 from
2020, the year its plan started; the other six members follow trends of their own.
With eight municipalities the smallest possible p-value is 1/8.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from benchlearn.cli import cli
from benchlearn.effect import Predictor, locative
from benchlearn.errors import BenchlearnError
from tests.conftest import write

MUNICIPALITIES = """code,name
LV1,Bauskas novads
LV2,Iecavas novads
LV3,Ogres novads
LV4,Cēsu novads
LV5,Tukuma novads
LV6,Jūrmalas valstspilsēta
LV7,Siguldas novads
LV8,Talsu novads
"""
DEFINITIONS = """indicators:
  - code: SOC
    name: {en: Social assistance recipients per 1000, lv: Sociālās palīdzības saņēmēji uz 1000}
    unit: {en: per 1000, lv: uz 1000}
    direction: lower
    decimals: 1
  - {code: SIZE, name: Size, unit: persons, direction: neutral, decimals: 0}
networks:
  - code: NW
    name: Social work
    indicators: [SOC]
    members: all
  - code: ST
    name: Two members, with a structural variable
    indicators: [SIZE]
    members: [LV1, LV2]
    structural: [SIZE]
"""
#: SIZE in 2019: LV6, LV3 and LV4 are nearest to Bauska (LV1).
SIZES = {
    "LV1": 100,
    "LV2": 10,
    "LV3": 90,
    "LV4": 130,
    "LV5": 300,
    "LV6": 104,
    "LV7": 160,
    "LV8": 40,
}
#: SOC in 2015–2022.
VALUES = {
    "LV1": (21.4, 22.8, 23.1, 24.4, 24.8, 22.3, 22.7, 24.0),
    "LV2": (19.8, 21.3, 21.8, 23.1, 23.7, 25.2, 25.9, 27.2),
    "LV3": (24.3, 24.5, 25.5, 25.8, 27.0, 27.4, 28.4, 28.7),
    "LV4": (27.8, 28.5, 28.5, 29.4, 29.5, 30.2, 30.2, 31.1),
    "LV5": (32.1, 31.8, 32.4, 32.2, 32.6, 32.3, 32.9, 32.5),
    "LV6": (35.7, 36.0, 35.5, 35.6, 35.0, 35.3, 34.6, 34.7),
    "LV7": (40.2, 39.4, 39.2, 38.3, 38.3, 37.3, 37.1, 36.2),
    "LV8": (43.9, 43.4, 42.2, 41.9, 40.6, 40.1, 38.9, 38.6),
}
EFFECT = ["effect", "-m", "LV1", "-i", "SOC", "--start", "2020"]


@pytest.fixture
def db(db_url: str, tmp_path: Path) -> str:
    runner = CliRunner()
    lines = (
        ["municipality,indicator,year,value"]
        + [
            f"{code},SOC,{year},{value}"
            for code, row in VALUES.items()
            for year, value in zip(range(2015, 2023), row, strict=True)
        ]
        + [f"{code},SIZE,2019,{size}" for code, size in SIZES.items()]
    )
    for args in (
        ["db", "upgrade", "--no-builtin"],
        ["municipalities", "load", str(write(tmp_path / "m.csv", MUNICIPALITIES))],
        ["definitions", "load", str(write(tmp_path / "d.yaml", DEFINITIONS))],
        ["import", str(write(tmp_path / "v.csv", "\n".join(lines) + "\n"))],
    ):
        done = runner.invoke(cli, ["--db", db_url, *args])
        assert done.exit_code == 0, done.output
    return db_url


def test_effect_prints_gaps_donors_balance_and_the_sentence(db: str) -> None:
    result = CliRunner().invoke(cli, ["--db", db, *EFFECT])

    assert result.exit_code == 0, result.output
    assert result.output == EXPECTED_TABLE


EXPECTED_TABLE = """\
Social assistance recipients per 1000: Bauskas novads and its synthetic twin
year  period  actual  synthetic   gap
----  ------  ------  ---------  ----
2015  before    21.4       21.4     0
2016  before    22.8       22.8     0
2017  before    23.1       23.2  -0.1
2018  before    24.4       24.4     0
2019  before    24.8       24.8     0
2020  after     22.3       26.2  -3.9
2021  after     22.7       26.8  -4.1
2022  after       24         28    -4
Average gap since 2020: -4.0. Error before the start (RMSPE): 0.04; after: 3.97.
p-value (placebos in space): 0.125, rank 1 of 8.

The twin's donors
municipality  name                    weight
------------  ----------------------  ------
LV2           Iecavas novads           0.934
LV8           Talsu novads             0.066
LV3           Ogres novads                 0
LV4           Cēsu novads                  0
LV5           Tukuma novads                0
LV6           Jūrmalas valstspilsēta       0
LV7           Siguldas novads              0

Predictor balance
predictor     V  municipality  synthetic  donor_mean
---------  ----  ------------  ---------  ----------
SOC 2015   0.27          21.4       21.4       31.97
SOC 2016   0.23          22.8      22.77       32.13
SOC 2017    0.2          23.1      23.16       32.16
SOC 2018   0.16          24.4      24.35       32.33
SOC 2019   0.14          24.8      24.82       32.39

Since 2020, Social assistance recipients per 1000 in Bauskas novads has been on average 4.0 \
(15%) lower than in its synthetic twin (Iecavas novads 0.93; Talsu novads 0.07). A gap this \
large, for how well the twin fitted before, showed in 1 of the 8 municipalities compared \
(p = 0.125).
"""


def test_the_latvian_sentence_puts_the_name_in_the_locative(db: str) -> None:
    result = CliRunner().invoke(cli, ["--db", db, "--lang", "lv", *EFFECT])

    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == (
        "Kopš 2020. gada Bauskas novadā rādītājs „Sociālās palīdzības saņēmēji uz 1000” bija "
        "vidēji par 4,0 (15 %) zemāks nekā tā sintētiskajā dvīnī (Iecavas novads 0,93; Talsu "
        "novads 0,07). Tik lielu starpību (salīdzinot ar atbilstību pirms sākuma) uzrādīja 1 no "
        "8 salīdzināmajām pašvaldībām (p = 0,125)."
    )
    assert "Vidējā starpība kopš 2020. gada: -4,0." in result.output
    assert "2020  pēc          22,3        26,2       -3,9\n" in result.output


def test_json_gives_the_figures(db: str) -> None:
    result = CliRunner().invoke(cli, ["--db", db, *EFFECT, "--format", "json"])

    found = json.loads(result.output)
    assert found["weights"] == {
        "LV2": 0.933507, "LV3": 0.0, "LV4": 0.0, "LV5": 0.0, "LV6": 0.0, "LV7": 0.0,
        "LV8": 0.066493,
    }  # fmt: skip
    assert list(found["predictor_weights"]) == [f"SOC {y}" for y in range(2015, 2020)]
    assert list(found["gaps"]) == [str(y) for y in range(2015, 2023)]
    assert found["gaps"]["2021"] == pytest.approx(-4.07, abs=0.01)
    assert (found["p_value"], found["rank"], found["units"]) == (0.125, 1, 8)
    assert found["verdict"] == "no_effect"  # 1/8 is the smallest p eight units can give
    assert found["pre_rmspe"] == pytest.approx(0.04, abs=0.005)
    assert found["ratios"]["LV1"] == max(found["ratios"].values())


def test_too_few_fit_years_is_said_in_a_sentence(db: str) -> None:
    result = CliRunner().invoke(cli, ["--db", db, *EFFECT, "--fit-years", "2018-2019"])

    assert result.exit_code == 0, result.output
    assert "p-value: none, as no judgment is made.\n" in result.output
    assert result.output.splitlines()[-1] == (
        "Bauskas novads: no judgment on Social assistance recipients per 1000: the number of "
        "years before the start to fit the twin on is 2, and at least 3 are needed."
    )


def test_too_few_donors_is_said_in_latvian(db: str, tmp_path: Path) -> None:
    runner = CliRunner()
    peers = write(tmp_path / "few.csv", "municipality,peer\nLV1,LV2\nLV1,LV3\nLV1,LV4\n")
    assert runner.invoke(cli, ["--db", db, "peers", "load", str(peers)]).exit_code == 0

    result = runner.invoke(cli, ["--db", db, "--lang", "lv", *EFFECT, "--donors", "group:few"])

    assert result.exit_code == 0, result.output
    assert "p-vērtība: nav, jo spriedums netiek sniegts.\n" in result.output
    assert result.output.splitlines()[-1] == (
        "Bauskas novads: par rādītāju „Sociālās palīdzības saņēmēji uz 1000” spriedums netiek "
        "sniegts: pašvaldību skaits, no kurām veidot dvīni, ir 3, bet vajag vismaz 5."
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--predictor", "SOC2019"],
            "Error: --predictor SOC2019: write CODE:YEARS, where YEARS is a year, Y1-Y2 or "
            "Y1,Y2,...",
        ),
        (
            ["--fit-years", "2018-2021"],
            "Error: --fit-years 2018–2021: the fit years must be before the start (2020).",
        ),
        (
            ["--start", "2023"],
            "Error: LV1 has no value of SOC in 2023 or later: there is nothing to judge yet.",
        ),
        (
            ["--donors", "similar:many"],
            "Error: --donors similar:many: K must be a whole number",
        ),
        (
            ["--donors", "nearby"],
            "Error: --donors 'nearby': expected one of network, all, attr:NAME, group:NAME, "
            "similar:K",
        ),
    ],
)
def test_mistakes_are_one_sentence(db: str, args: list[str], message: str) -> None:
    result = CliRunner().invoke(cli, ["--db", db, *EFFECT, *args])

    assert result.exit_code == 1
    assert result.output.strip() == message


def test_predictor_years_are_read_in_three_spellings() -> None:
    assert Predictor.parse("SOC:2019").years == (2019,)
    assert Predictor.parse("SOC:2015-2017").years == (2015, 2016, 2017)
    assert Predictor.parse("X_1:1961,1963,1965-1966").years == (1961, 1963, 1965, 1966)
    assert Predictor.parse("SOC:2015-2017").label == "SOC 2015–2017"
    with pytest.raises(BenchlearnError, match="a range of years runs from the earlier"):
        Predictor.parse("SOC:2017-2015")


def test_latvian_names_take_the_locative() -> None:
    assert locative("Bauskas novads") == "Bauskas novadā"
    assert locative("Rīgas valstspilsēta") == "Rīgas valstspilsētā"
    assert locative("Cēsis") is None


def test_the_same_study_from_python(db: str) -> None:
    import benchlearn

    study = benchlearn.open(db).effect("LV1", "SOC", 2020, fit_years=range(2015, 2020))

    assert (study.network, study.donors[0], study.fit_years) == (
        "NW",
        "LV2",
        tuple(range(2015, 2020)),
    )
    assert study.result.weights[0] == pytest.approx(0.933507, abs=1e-6)
    assert (study.result.rank, study.result.units, study.result.verdict) == (1, 8, "no_effect")


def test_similar_donors_come_from_the_whole_registry(db: str) -> None:
    runner = CliRunner()
    default = runner.invoke(cli, ["--db", db, *EFFECT, "-n", "ST", "--format", "json"])
    nearest = runner.invoke(cli, ["--db", db, *EFFECT, "-n", "ST", "--donors", "similar:3"])

    assert sorted(json.loads(default.output)["weights"]) == [f"LV{i}" for i in range(2, 9)]
    assert nearest.exit_code == 0, nearest.output
    assert "\nLV3           Ogres novads" in nearest.output
    assert "\nLV4           Cēsu novads" in nearest.output
    assert "\nLV6           Jūrmalas valstspilsēta" in nearest.output
    assert nearest.output.splitlines()[-1].endswith(
        "the number of municipalities to build the twin from is 3, and at least 5 are needed."
    )


def test_a_name_without_a_known_ending_starts_the_latvian_sentence(db: str) -> None:
    import dataclasses

    import benchlearn
    from benchlearn.effect import sentence

    study = benchlearn.open(db).effect("LV1", "SOC", 2020)
    renamed = dataclasses.replace(study, names={**study.names, "LV1": "Ventspils"})

    assert sentence(renamed, "lv").startswith(
        "Ventspils: kopš 2020. gada rādītājs „Sociālās palīdzības saņēmēji uz 1000” bija "
        "vidēji par 4,0 (15 %) zemāks nekā sintētiskajā dvīnī (Iecavas novads 0,93; "
    )
    assert sentence(renamed, "en").startswith(
        "Since 2020, Social assistance recipients per 1000 in Ventspils has been on average"
    )


def _plan(db: str, code: str, start: int, target: str) -> None:
    added = CliRunner().invoke(
        cli,
        ["--db", db, "plans", "add", "-m", code, "-n", "NW", "--title", f"Plan of {code}",
         "--start", str(start), "--end", str(start + 3), "--target", target],
    )  # fmt: skip
    assert added.exit_code == 0, added.output


def test_a_stored_plan_names_what_to_judge_and_donors_with_plans_of_their_own_are_left_out(
    db: str,
) -> None:
    _plan(db, "LV1", 2020, "SOC:20")
    _plan(db, "LV2", 2018, "SOC:18")  # Iecava's own plan starts within 2015–2022
    _plan(db, "LV3", 2023, "SOC:25")  # Ogre's starts after the last year with data
    runner = CliRunner()

    by_plan = runner.invoke(cli, ["--db", db, "effect", "--plan", "1", "--format", "json"])
    written = runner.invoke(cli, ["--db", db, *EFFECT])

    found = json.loads(by_plan.output)
    assert by_plan.exit_code == 0, by_plan.output
    assert sorted(found["weights"]) == ["LV3", "LV4", "LV5", "LV6", "LV7", "LV8"]
    assert found["planned_out"] == ["LV2"]
    assert found["verdict"] == "poor_fit"  # without Iecava no mix of donors follows Bauska
    assert written.output.splitlines()[-1] == (
        "Left out for a plan of their own on this indicator: LV2."
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["effect"],
            "Error: Name a stored plan with --plan, the municipality, indicator and start year "
            "with -m, -i and --start, or a network's plans with -n and -i.",
        ),
        (
            ["effect", "--plan", "1", "-i", "SIZE"],
            "Error: Plan 1 has no target on SIZE (its targets: SOC).",
        ),
        (["effect", "--plan", "1", "-n", "ST"], "Error: Plan 1 belongs to network NW, not ST."),
        (["effect", "--plan", "2"], "Error: there is no plan 2 (see `benchlearn plans list`)"),
    ],
)
def test_plan_mistakes_are_one_sentence(db: str, args: list[str], message: str) -> None:
    _plan(db, "LV1", 2020, "SOC:20")

    result = CliRunner().invoke(cli, ["--db", db, *args])

    assert result.exit_code == 1
    assert result.output.strip() == message


def test_a_networks_plans_on_one_indicator_get_the_staggered_difference_in_differences(
    db: str,
) -> None:
    for code, start in (("LV1", 2020), ("LV3", 2019), ("LV5", 2021)):
        _plan(db, code, start, "SOC:20")
    runner = CliRunner()

    table = runner.invoke(cli, ["--db", db, "effect", "-n", "NW", "-i", "SOC"])
    found = json.loads(
        runner.invoke(
            cli, ["--db", db, "effect", "-n", "NW", "-i", "SOC", "--format", "json"]
        ).output
    )

    # Callaway & Sant'Anna's ATT(2020, 2020) by hand: Bauska's change 2019→2020 less the mean
    # change of the five members never with a plan (LV2, LV4, LV6, LV7, LV8)
    change = {code: row[5] - row[4] for code, row in VALUES.items()}
    by_hand = change["LV1"] - sum(change[c] for c in ("LV2", "LV4", "LV6", "LV7", "LV8")) / 5
    cell = next(c for c in found["group_time"] if (c["group"], c["year"]) == (2020, 2020))
    assert cell["att"] == pytest.approx(by_hand) == pytest.approx(-2.7)
    assert (cell["treated"], cell["controls"]) == (1, 5)
    assert found["starts"] == {"LV1": 2020, "LV3": 2019, "LV5": 2021}
    assert table.exit_code == 0, table.output
    lines = table.output.splitlines()
    assert lines[:3] == [
        "Social assistance recipients per 1000: the members' plans, effect by years since the "
        "start",
        "event     att     se     low   high  groups",
        "-----  ------  -----  ------  -----  ------",
    ]
    assert "By start year and year" in lines
    assert lines[-1].startswith(
        "Members with a plan on Social assistance recipients per 1000 (3; start years: "
        "2019–2021) against members without one (5): average effect 0.5 (95 % interval "
    )


def test_until_judges_with_the_years_known_then(db: str) -> None:
    runner = CliRunner()
    everything = json.loads(runner.invoke(cli, ["--db", db, *EFFECT, "--format", "json"]).output)

    then = runner.invoke(cli, ["--db", db, *EFFECT, "--until", "2021", "--format", "json"])

    found = json.loads(then.output)
    assert then.exit_code == 0, then.output
    assert list(found["gaps"]) == [str(y) for y in range(2015, 2022)]
    assert found["weights"] == everything["weights"]  # the fit years are the same
    assert found["gaps"]["2021"] == pytest.approx(everything["gaps"]["2021"])


def test_fit_years_after_the_start_are_refused_from_python_too(db: str) -> None:
    import benchlearn

    with pytest.raises(BenchlearnError) as refused:
        benchlearn.open(db).effect("LV1", "SOC", 2020, fit_years=[2018, 2019, 2020, 2021])

    assert refused.value.text("en") == (
        "--fit-years 2018–2021: the fit years must be before the start (2020)."
    )


def test_python_judges_a_stored_plan_with_the_commands_options(db: str) -> None:
    """The API's effect has the command's --plan, --boundaries and --until: the same study."""
    import benchlearn

    _plan(db, "LV1", 2020, "SOC:20")
    command = CliRunner().invoke(
        cli, ["--db", db, "effect", "--plan", "1", "--until", "2021", "--format", "json"]
    )

    study = benchlearn.open(db).effect(plan=1, until=2021, boundaries=2021)

    found = json.loads(command.output)
    assert (study.municipality, study.indicator, study.network, study.start) == (
        "LV1", "SOC", "NW", 2020,
    )  # fmt: skip
    assert [int(y) for y in study.result.years] == [int(y) for y in found["gaps"]]
    assert list(study.result.years) == list(range(2015, 2022))
    assert dict(zip(study.donors, study.result.weights, strict=True)) == pytest.approx(
        found["weights"], abs=1e-6
    )
    with pytest.raises(BenchlearnError) as refused:
        benchlearn.open(db).effect("LV1")
    assert refused.value.key == "eff_what"
