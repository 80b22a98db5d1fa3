"""``benchlearn impact``: members against non-members, improvement or convergence.

The interval method is checked against R 4.2.2 (base only) on the same resamples:
the municipalities drawn by the seeded generator were written out and R computed
each draw's statistic with ``quantile(type = 7)`` and the percentile interval with
``quantile(d, c(.025, .975), type = 7)``::

    iqr7 <- function(x) unname(diff(quantile(x, c(.25, .75), type = 7)))
    stat <- function(mi, oi) c(
      mean = (mean(m[mi, 2]) - mean(m[mi, 1])) - (mean(o[oi, 2]) - mean(o[oi, 1])),
      iqr = (iqr7(m[mi, 2]) - iqr7(m[mi, 1])) - (iqr7(o[oi, 2]) - iqr7(o[oi, 1])))
    d <- t(sapply(seq_len(nrow(rm)), function(b) stat(rm[b, ], ro[b, ])))
    quantile(d[, "mean"], c(.025, .975), type = 7); quantile(d[, "iqr"], c(.025, .975), type = 7)
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from sqlalchemy import Engine

import benchlearn
from benchlearn.analysis.convergence import iqr, spread_changes, verdict
from benchlearn.cli import cli
from benchlearn.definitions.store import load_definitions
from benchlearn.errors import BenchlearnError
from benchlearn.impact import impact, network_effect
from benchlearn.importing import import_file
from benchlearn.registry.members import change_members
from benchlearn.registry.municipalities import load_municipalities
from tests.conftest import REPO, write

#: Members (n × 2: first and last year) and non-members of the R reference.
R_MEMBERS = np.array(
    [[40, 52.5], [50, 57.5], [60, 62.5], [70, 67.5], [80, 72.5], [90, 77.5], [45, 50]]
)
R_OTHERS = np.array([[42, 43], [52, 51], [62, 62], [72, 72], [82, 81], [92, 93]], dtype=float)


def test_iqr_is_r_quantile_type_7() -> None:
    """R: ``IQR(m[, 1]); IQR(m[, 2]); IQR(o[, 1])`` → 27.5, 15, 25."""
    assert [float(iqr(R_MEMBERS[:, 0])), float(iqr(R_MEMBERS[:, 1]))] == [27.5, 15.0]
    assert float(iqr(R_OTHERS[:, 0])) == 25.0


def test_percentile_intervals_are_rs_on_the_same_resamples() -> None:
    found = spread_changes(R_MEMBERS, R_OTHERS, draws=200, seed=0)

    assert found["mean_difference"] == pytest.approx(0.714285714285708, abs=1e-12)
    assert found["iqr_difference"] == -12.5
    assert found["mean_low"] == pytest.approx(-5.88511904761905, abs=1e-12)
    assert found["mean_high"] == pytest.approx(6.40476190476190, abs=1e-12)
    assert (found["iqr_low"], found["iqr_high"]) == (-18.25, -0.25)


def test_the_bootstrap_interval_of_a_mean_difference_has_the_plug_in_width() -> None:
    """The bootstrap standard error of a mean is the plug-in σ̂/√n (Efron & Tibshirani 1993,
    §6.2), so the 95 % percentile interval of a difference of mean changes is about
    2 × 1.96 × √(σ̂₁²/n₁ + σ̂₀²/n₀) wide."""
    rng = np.random.default_rng(11)
    members = np.column_stack([np.zeros(80), rng.normal(1.0, 2.0, 80)])
    others = np.column_stack([np.zeros(120), rng.normal(0.0, 3.0, 120)])
    found = spread_changes(members, others, draws=4000, seed=5)
    plug_in = np.sqrt(members[:, 1].var() / 80 + others[:, 1].var() / 120)

    assert (found["mean_high"] - found["mean_low"]) / (2 * 1.959964 * plug_in) == pytest.approx(
        1.0, abs=0.05
    )


@pytest.mark.parametrize(
    ("direction", "mean", "spread", "expected"),
    [
        ("lower", (-3.0, 0.01), (0.0, 0.5), "improvement"),
        ("higher", (-3.0, 0.01), (0.0, 0.5), "neither"),
        ("higher", (0.0, 1.0), (-2.0, 0.01), "convergence"),
        ("higher", (2.0, 0.01), (-2.0, 0.04), "both"),
        ("lower", (2.0, 0.01), (-2.0, 0.01), "convergence"),
        ("neutral", (2.0, 0.001), (1.0, 0.5), "neither"),
        ("higher", (2.0, 0.06), (-2.0, 0.05), "neither"),
    ],
)
def test_the_verdict_respects_the_direction_and_the_p_values(
    direction: str, mean: tuple[float, float], spread: tuple[float, float], expected: str
) -> None:
    """(difference, p) of the mean and of the spread; beyond chance is p < 0.05."""
    found = {
        "mean_difference": mean[0],
        "mean_p": mean[1],
        "iqr_difference": spread[0],
        "iqr_p": spread[1],
    }
    assert verdict(direction, found) == expected


def test_the_permutation_p_values_count_the_deals_as_extreme() -> None:
    """Two members who both gained 10 among four others who gained 0: of the 15 ways to pick
    two of six, only they (and no other pair) differ by 10 in the mean, so p is about
    1/15; the spread's difference (0) is matched by every deal, p = 1."""
    members = np.array([[0.0, 10.0], [5.0, 15.0]])
    others = np.array([[1.0, 1.0], [2.0, 2.0], [3.0, 3.0], [4.0, 4.0]])
    found = spread_changes(members, others, draws=200)

    assert found["mean_difference"] == 10.0
    assert found["mean_p"] == pytest.approx(1 / 15, abs=0.02)
    assert found["iqr_p"] == 1.0


REGISTRY = "code,name,kind\n" + "".join(
    f"{c},{n},novads\n"
    for c, n in [
        *((f"M{i}", f"Member {i}") for i in range(1, 12)),
        *((f"O{i}", f"Other {i}") for i in range(1, 11)),
    ]
)
DEFINITIONS = """indicators:
  - {code: WAIT, name: {en: Waiting days, lv: Gaidīšanas dienas}, unit: days, direction: lower}
  - {code: SAT, name: Satisfied, unit: "%", direction: higher}
  - {code: QUAL, name: Quality, unit: points, direction: higher}
  - {code: POP, name: Population, unit: persons, direction: neutral}
  - {code: LATE, name: Counted from 2023, unit: points, direction: higher}
network:
  code: N1
  name: {en: A made-up network, lv: Izdomāts tīkls}
  indicators: [WAIT, SAT, QUAL, POP, LATE]
  members: [M1, M2, M3, M4, M5, M6, M7, M8, M9, M10]
"""
STEPS = np.arange(10)
NOISE = np.array([1, -1, 0, 0, -1, 1, 0, 1, -1, 0])
#: 2020 and 2023 for members M1–M10 and others O1–O10 (M11 joins in 2022). WAIT: the
#: members' waits fall by 4 each, the others' stay (improvement); SAT: the members close up
#: around the same mean (convergence); QUAL: they close up and rise by 8 (both); POP: all
#: grow alike (neither).
SERIES = {
    "WAIT": (10 + 2 * STEPS, 6 + 2 * STEPS, 11 + 2 * STEPS, 11 + 2 * STEPS + NOISE),
    "SAT": (40 + 5 * STEPS, 62.5 + 2.5 * (STEPS - 4.5), 42 + 5 * STEPS, 42 + 5 * STEPS + NOISE),
    "QUAL": (40 + 5 * STEPS, 70.5 + 1.5 * (STEPS - 4.5), 42 + 5 * STEPS, 42 + 5 * STEPS + NOISE),
    "POP": (1000 + 1000 * STEPS, 1010 + 1000 * STEPS, 1500 + 1000 * STEPS,
            1512 + 1000 * STEPS + NOISE),
}  # fmt: skip


def values_csv() -> str:
    rows = ["municipality,indicator,year,value"]
    for code, (m0, m1, o0, o1) in SERIES.items():
        for prefix, first, last in (("M", m0, m1), ("O", o0, o1)):
            for i, (a, b) in enumerate(zip(first, last, strict=True), start=1):
                rows += [f"{prefix}{i},{code},2020,{a:g}", f"{prefix}{i},{code},2023,{b:g}"]
        rows += [f"M11,{code},2020,{m0[0] * 3:g}", f"M11,{code},2023,{m1[0]:g}"]
    rows += [f"{p}{i},LATE,2023,{i}" for p in "MO" for i in range(1, 11)]
    return "\n".join(rows) + "\n"


@pytest.fixture
def made_up(engine: Engine, tmp_path: Path) -> Engine:
    load_municipalities(engine, write(tmp_path / "m.csv", REGISTRY))
    load_definitions(engine, [write(tmp_path / "d.yaml", DEFINITIONS)])
    result = import_file(engine, write(tmp_path / "v.csv", values_csv()))
    assert result.written and not result.problems
    change_members(engine, "N1", 2022, add=["M11"])
    return engine


def test_impact_of_a_made_up_network(made_up: Engine) -> None:
    with made_up.connect() as connection:
        found = impact(connection, "N1", 2020)
    table = found.table.set_index("indicator")

    assert table["verdict"].to_dict() == {
        "WAIT": "improvement",
        "SAT": "convergence",
        "QUAL": "both",
        "POP": "neither",
    }
    assert table.loc["WAIT", ["members", "others", "since", "year"]].tolist() == [
        10,
        10,
        2020,
        2023,
    ]
    assert table.loc["WAIT", "mean_difference"] == -4.0
    # quartiles of 40, 45, …, 85 (type 7): 51.25 and 73.75; closed up 2.5 apart: 11.25
    assert table.loc["SAT", ["members_iqr_change", "others_iqr_change"]].tolist() == [-11.25, 0.75]
    assert found.left_out == ("M11",)


def test_impact_refuses_what_it_cannot_compare(made_up: Engine) -> None:
    with made_up.connect() as connection:
        with pytest.raises(BenchlearnError) as late:
            impact(connection, "N1", 2023, year=2023)
        with pytest.raises(BenchlearnError) as nobody:
            impact(connection, "N1", 2024)
    assert str(late.value) == "--year 2023 must come after --since 2023."
    assert (
        str(nobody.value)
        == "N1 has no indicator with values both in 2024 and in a later year: nothing to compare."
    )
    change_members(made_up, "N1", 2024, everyone=True)
    with made_up.connect() as connection, pytest.raises(BenchlearnError) as everyone:
        impact(connection, "N1", 2020)
    assert everyone.value.text("lv") == (
        "Tīklā N1 ir visas reģistra pašvaldības: nav pašvaldību ārpus tīkla, ar ko salīdzināt."
    )


def run(runner: CliRunner, url: str, *args: str) -> str:
    result = runner.invoke(cli, ["--db", url, *args])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def made_up_cli(sqlite_url: str, tmp_path: Path) -> str:
    """The made-up network built through the command line, as a facilitator would."""
    runner = CliRunner()
    run(runner, sqlite_url, "db", "upgrade", "--no-builtin")
    run(runner, sqlite_url, "municipalities", "load", str(write(tmp_path / "m.csv", REGISTRY)))
    run(runner, sqlite_url, "definitions", "load", str(write(tmp_path / "d.yaml", DEFINITIONS)))
    run(runner, sqlite_url, "import", str(write(tmp_path / "v.csv", values_csv())))
    run(runner, sqlite_url, "networks", "members", "N1", "--add", "M11", "--year", "2022")
    return sqlite_url


EXPECTED_TABLE = """\
indicator  direction  since  year  members  others  members_mean_change  others_mean_change  mean_difference  mean_low  mean_high  mean_p  members_iqr_change  others_iqr_change  iqr_difference  iqr_low  iqr_high  iqr_p  verdict
---------  ---------  -----  ----  -------  ------  -------------------  ------------------  ---------------  --------  ---------  ------  ------------------  -----------------  --------------  -------  --------  -----  -----------
WAIT       lower       2020  2023       10      10                   -4                   0               -4      -4.5       -3.5   0.001                   0               0.75           -0.75    -1.75      1.25  0.811  improvement
SAT        higher      2020  2023       10      10                    0                   0                0      -4.3      4.501       1              -11.25               0.75             -12  -17.375    -4.372   0.01  convergence
QUAL       higher      2020  2023       10      10                    8                   0                8     1.999       14.4   0.032              -15.75               0.75           -16.5      -24    -6.125  0.039  both
POP        neutral     2020  2023       10      10                   10                  12               -2      -2.5       -1.5   0.001                   0               0.75           -0.75    -1.75      1.25  0.742  neither
Changes from the first year to the last; members minus non-members, with 95 % percentile bootstrap intervals over municipalities (2000 resamples, seed 0); the spread is the interquartile range, quartiles as R's quantile type 7; p from 999 random reassignments of the member label, and the verdict where p < 0.05.
Not compared, without values in 2020 or in the last year: LATE.
Left out, as members for only part of the years: M11.
N1 since 2020, indicators: improvement 1, convergence 1, both 1, neither 1, too few data 0.
"""


def test_impact_command_prints_the_table_and_what_it_means(made_up_cli: str) -> None:
    output = run(CliRunner(), made_up_cli, "impact", "-n", "N1", "--since", "2020")

    assert output == EXPECTED_TABLE


def test_impact_command_in_latvian_and_as_csv(made_up_cli: str) -> None:
    runner = CliRunner()
    lv = run(
        runner, made_up_cli, "--lang", "lv", "impact", "-n", "N1", "--since", "2020", "-i", "WAIT"
    )
    csv = runner.invoke(
        cli,
        [
            "--db",
            made_up_cli,
            "impact",
            "-n",
            "N1",
            "--since",
            "2020",
            "-i",
            "SAT",
            "--format",
            "csv",
        ],
    )

    assert lv.splitlines()[2:] == [
        "WAIT      zemāka  2020  2023          10       10                           -4                        0                -4                 -4,5                   -3,5      0,001                              0                       0,75               -0,75                  -1,75                     1,25        0,811  uzlabojums",
        "Pārmaiņas no pirmā līdz pēdējam gadam; dalībnieki mīnus pārējās pašvaldības, ar 95 % procentiļu bootstrap intervāliem pa pašvaldībām (2000 atkārtotas izlases, sākumvērtība 0); izkliede ir starpība starp augšējo un apakšējo kvartili, kvartiles kā R quantile 7. tipā; p no 999 nejaušām dalībnieka statusa pārdalēm, un secinājums, ja p < 0,05.",
        "Nav iekļauti dalībnieki, kas tīklā bija tikai daļu no šiem gadiem: M11.",
        "N1 kopš 2020. gada, rādītāju skaits: uzlabojums 1, izlīdzināšanās 0, abi 0, ne viens, ne otrs 0, par maz datu 0.",
    ]
    assert csv.stdout.splitlines()[1].split(",")[:6] == [
        "SAT",
        "higher",
        "2020",
        "2023",
        "10",
        "10",
    ]
    assert csv.stdout.splitlines()[1].endswith(",convergence")


def test_impact_command_names_what_it_cannot_do(made_up_cli: str) -> None:
    result = CliRunner().invoke(
        cli, ["--db", made_up_cli, "impact", "-n", "N1", "--since", "2020", "-i", "NOPE"]
    )

    assert result.exit_code == 1
    assert result.output.startswith("Error: ")
    assert "NOPE" in result.output


EXPECTED_LATVIA = """\
indicator  direction  since  year  members  others  members_mean_change  others_mean_change  mean_difference  mean_low  mean_high  mean_p  members_iqr_change  others_iqr_change  iqr_difference   iqr_low  iqr_high  iqr_p  verdict
---------  ---------  -----  ----  -------  ------  -------------------  ------------------  ---------------  --------  ---------  ------  ------------------  -----------------  --------------  --------  --------  -----  -----------
POP_AVG    neutral     2021  2024       10      26               -319.7              10.923         -330.623  -1010.39     405.07   0.435             -2062.5            1360.25        -3422.75  -5260.65  1446.094  0.048  convergence
Changes from the first year to the last; members minus non-members, with 95 % percentile bootstrap intervals over municipalities (2000 resamples, seed 0); the spread is the interquartile range, quartiles as R's quantile type 7; p from 999 random reassignments of the member label, and the verdict where p < 0.05.
T2 since 2021, indicators: improvement 0, convergence 1, both 0, neither 0, too few data 0.
"""

#: Ten Latvian municipalities made members of T2 from 2021 (a made-up list on real figures).
LV_MEMBERS = ["LV-011", "LV-016", "LV-022", "LV-026", "LV-033"]
LV_MEMBERS += ["LV-041", "LV-042", "LV-047", "LV-050", "LV-054"]


def test_impact_on_the_real_latvian_population_since_2021(
    latvian_database: Callable[..., str], tmp_path: Path
) -> None:
    """The annual average population of the built-in ``lv-context`` (CSP IRS031, real
    figures for the 36 novadi from 2021 and the 7 cities from 2023): ten members against the
    26 novadi outside T2 that have both years."""
    url = latvian_database(("T2",), tmp_path)
    members = "municipality,joined\n" + "".join(f"{c},2021\n" for c in LV_MEMBERS)
    runner = CliRunner()
    run(runner, url, "crosswalk", "load", "lv-2025-reform")
    run(runner, url, "import", "lv-context")
    run(runner, url, "networks", "members", "T2", "--set", str(write(tmp_path / "t2.csv", members)),
        "--year", "2021")  # fmt: skip

    output = run(runner, url, "impact", "-n", "T2", "--since", "2021", "-i", "POP_AVG")

    assert output == EXPECTED_LATVIA


def test_the_effect_of_several_members_plans_from_the_database(made_up: Engine) -> None:
    """Three members start a plan on waiting days in 2023; the other eight members (M11 too,
    a member from 2022) are the comparison; Other 1's plan is not a member's and is ignored."""
    starts = {"M1": 2023, "M2": 2023, "M3": 2023, "O1": 2023}
    with made_up.connect() as connection:
        found = network_effect(connection, "N1", "WAIT", starts, lang="lv")

    assert found.starts == {"M1": 2023, "M2": 2023, "M3": 2023}
    # members' waits fell by 4; the others' by 4 but M11's by 24 (from 30 to 6): any three of
    # the eleven, M11 among them or not, differ from the rest by as much (p = 1)
    assert found.estimate.simple.att == 2.5
    assert (found.placebo.as_large, found.placebo.p_value) == (999, 1.0)
    assert found.estimate.group_time[["group", "year", "treated", "controls"]].values.tolist() == [
        [2023, 2023, 3, 8]
    ]
    assert found.sentence == (
        "Dalībnieki ar plānu rādītājam „Gaidīšanas dienas” (3; sākuma gadi: 2023) pret "
        "dalībniekiem bez tāda plāna (8): vidējā ietekme 2,50 (95 % intervāls no -3,86 līdz "
        "8,86). Tikpat lielu ietekmi deva 999 no 999 nejaušām to pašu sākuma gadu sadalēm "
        "starp dalībniekiem (p = 1,000). Starpība nepārsniedz nejaušības robežas: ietekme nav "
        "pierādīta."
    )


def test_impact_from_python_is_the_commands_table(made_up: Engine) -> None:
    db = benchlearn.open(made_up.url.render_as_string(hide_password=False))
    table = db.impact("N1", 2020, indicator="QUAL")

    assert table[["indicator", "members", "others", "verdict"]].values.tolist() == [
        ["QUAL", 10, 10, "both"]
    ]


SWEDEN = REPO / "benchlearn" / "samples" / "se-municipalities" / "observations.csv"


def test_the_permutation_test_keeps_its_size_on_real_municipal_changes() -> None:
    """Real Swedish tax rates, 2014 to 2022 (the shipped sample, 290 municipalities): 150
    draws of 10 random "members" against the rest, no effect by construction. The
    permutation p-values reject at about 5 %; the percentile interval of the mean's
    difference leaves out 0 far more often (measured: mean p 3.3 %, spread p 4.7 %,
    interval 14 %), which is why the verdict rests on p."""
    observations = pd.read_csv(SWEDEN, dtype={"municipality": str})
    taxes = (
        observations[observations["indicator"] == "TAX_RATE"]
        .pivot_table(index="municipality", columns="year", values="value")[[2014, 2022]]
        .dropna()
    )
    values = taxes.to_numpy()
    rng = np.random.default_rng(5)
    rejected = {"mean_p": 0, "iqr_p": 0, "interval": 0}
    draws = 150
    for k in range(draws):
        order = rng.permutation(len(values))
        found = spread_changes(values[order[:10]], values[order[10:]], draws=300, seed=k)
        rejected["mean_p"] += found["mean_p"] < 0.05
        rejected["iqr_p"] += found["iqr_p"] < 0.05
        rejected["interval"] += found["mean_low"] > 0 or found["mean_high"] < 0

    rates = {kind: count / draws for kind, count in rejected.items()}
    assert rates["mean_p"] <= 0.07 and rates["iqr_p"] <= 0.07
    assert rates["interval"] >= 0.09


def test_a_self_assessed_level_is_not_compared(made_up_cli: str, tmp_path: Path) -> None:
    levels = """indicators:
  - code: STAGE
    name: Stage
    unit: level
    direction: higher
    scale: [{value: 0, label: none}, {value: 1, label: some}, {value: 2, label: all}]
"""
    run(CliRunner(), made_up_cli, "definitions", "load", str(write(tmp_path / "l.yaml", levels)))
    result = CliRunner().invoke(
        cli,
        [
            "--db",
            made_up_cli,
            "--lang",
            "lv",
            "impact",
            "-n",
            "N1",
            "--since",
            "2020",
            "-i",
            "STAGE",
        ],
    )

    assert result.exit_code == 1
    assert result.output == (
        "Kļūda: STAGE ir pašnovērtējuma līmenis vai atbilde „jā/nē”: tam nav vidējās vērtības "
        "un kvartiļu, ko salīdzināt; izvēlieties rādītāju, pēc kura dalībniekus ranžē.\n"
    )


REFORM_REGISTRY = "code,name,kind,valid_from,valid_to\n" + "".join(
    f"{side}{i},{side}{i},novads,2021,\no{side}{i},Old {side}{i},novads,2015,2020\n"
    for side in "AB"
    for i in range(1, 7)
)
REFORM_DEFINITIONS = """indicators:
  - {code: Q, name: Quality, unit: points, direction: higher, aggregation: sum}
network:
  code: R1
  name: Across a reform
  indicators: [Q]
  members: [A1, A2, A3, A4, A5, A6]
"""


def test_impact_across_a_reform_with_boundaries(sqlite_url: str, tmp_path: Path) -> None:
    """Every unit renamed in 2021 (a 1:1 crosswalk): 2016 is on the old units, 2023 on the
    new. Only on the 2023 units are the years comparable; the members gained 5 each."""
    links = "old_code,new_code,year\n" + "".join(
        f"o{side}{i},{side}{i},2021\n" for side in "AB" for i in range(1, 7)
    )
    rows = ["municipality,indicator,year,value"]
    for side, gain in (("A", 5), ("B", 0)):
        for i in range(1, 7):
            rows += [f"o{side}{i},Q,2016,{10 * i}", f"{side}{i},Q,2023,{10 * i + gain + i % 2}"]
    runner = CliRunner()
    run(runner, sqlite_url, "db", "upgrade", "--no-builtin")
    run(
        runner,
        sqlite_url,
        "municipalities",
        "load",
        str(write(tmp_path / "m.csv", REFORM_REGISTRY)),
    )
    run(
        runner,
        sqlite_url,
        "definitions",
        "load",
        str(write(tmp_path / "d.yaml", REFORM_DEFINITIONS)),
    )
    run(runner, sqlite_url, "crosswalk", "load", str(write(tmp_path / "c.csv", links)))
    run(runner, sqlite_url, "import", str(write(tmp_path / "v.csv", "\n".join(rows) + "\n")))

    apart = run(runner, sqlite_url, "impact", "-n", "R1", "--since", "2016", "--format", "csv")
    across = run(
        runner, sqlite_url, "impact", "-n", "R1", "--since", "2016", "--boundaries", "2023",
        "--format", "csv",
    )  # fmt: skip

    assert apart.splitlines()[1].startswith("Q,higher,2016,2023,0,0,")
    assert apart.splitlines()[1].endswith(",too few")
    fields = dict(
        zip(across.splitlines()[0].split(","), across.splitlines()[1].split(","), strict=True)
    )
    assert (fields["members"], fields["others"], fields["mean_difference"]) == ("6", "6", "5.0")
    assert fields["verdict"] == "improvement"
