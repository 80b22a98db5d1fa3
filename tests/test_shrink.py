"""``benchlearn shrink`` (benchlearn.shrinkage) on SQLite and PostgreSQL.

Checked against the R package ebci (Kolesár, github.com/kolesarm/ebci, commit e0e2c763):
Chetty & Hendren's commuting-zone data as the package ships it (tests/data/ebci, see
SOURCE.txt there), imported through the CLI with ``theta25`` as an indicator with its
``se25``, ``stayer25`` as a second indicator, and shrunk toward a regression on it at 90 %:
the vignette's ``ebci(theta25 ~ stayer25, data = cz, se = se25, weights = 1/se25^2,
alpha = 0.1)`` prints δ, μ₂, κ and the average robust half-length quoted below.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine

from benchlearn.cli import cli
from benchlearn.errors import BenchlearnError
from tests.conftest import write

CZ = Path(__file__).parent / "data" / "ebci" / "cz.csv"

DEFINITIONS = """indicators:
  - code: THETA25
    name: {en: Causal effect of a year in the zone (25th percentile), lv: Gada ietekme zonā}
    unit: percentile
    direction: higher
  - code: STAYER25
    name: {en: Stayers' mean rank (25th percentile), lv: Palicēju vidējā vieta}
    unit: percentile
    direction: neutral
network:
  code: CZ
  name: {en: US commuting zones, lv: ASV svārstmigrācijas zonas}
  indicators: [THETA25]
  members: all
"""


def _run(url: str, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--db", url, *args])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def zones(engine: Engine, tmp_path: Path) -> str:
    """The 595 commuting zones with se25 as municipalities CZ001…, network CZ."""
    cz = pd.read_csv(CZ)
    codes = [f"CZ{row + 1:03d}" for row in range(len(cz))]
    registry = tmp_path / "zones.csv"
    pd.DataFrame({"code": codes, "name": cz["czname"] + ", " + cz["state"]}).to_csv(
        registry, index=False
    )
    long = pd.concat(
        [
            pd.DataFrame({"municipality": codes, "indicator": "THETA25", "year": 2000,
                          "value": cz["theta25"], "se": cz["se25"]}),
            pd.DataFrame({"municipality": codes, "indicator": "STAYER25", "year": 2000,
                          "value": cz["stayer25"]}),
        ]
    )  # fmt: skip
    values = tmp_path / "cz_values.csv"
    long.to_csv(values, index=False, float_format="%.17g")
    url = engine.url.render_as_string(hide_password=False)
    _run(url, "municipalities", "load", str(registry))
    _run(url, "definitions", "load", str(write(tmp_path / "cz.yaml", DEFINITIONS)))
    _run(url, "import", str(values))
    return url


def test_shrink_reproduces_the_ebci_vignette_on_chetty_hendren_through_the_cli(
    zones: str,
) -> None:
    result = CliRunner().invoke(
        cli,
        ["--db", zones, "shrink", "-n", "CZ", "--year", "2000", "-i", "THETA25",
         "--toward", "STAYER25", "--confidence", "90", "--format", "csv"],
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    table = pd.read_csv(io.StringIO(result.stdout))
    assert list(table.columns) == [
        "municipality", "name", "value", "se", "estimate", "ci_low", "ci_high", "shrinkage",
    ]  # fmt: skip
    assert len(table) == 595
    # The vignette: "mean(r$df$len_eb)  #> [1] 0.1952409"
    assert round(((table["ci_high"] - table["ci_low"]) / 2).mean(), 7) == 0.1952409
    # "r$delta  #> (Intercept) -1.44075193  stayer25 0.03244676"; "c(r$mu2, r$kappa)
    #  #> estimate 6.243867e-03 uncorrected_estimate 6.243867e-03 estimate 7.785337e+02
    #  uncorrected_estimate 3.453191e+02"
    assert result.stderr == (
        "Pulled toward the regression -1.440752 + 0.03244676 × STAYER25 on 595 values "
        "(weighted by precision); spread of the true values around it μ₂ = 0.006243867, "
        "kurtosis κ = 778.5337 (before the finite-sample correction 0.006243867 and "
        "345.3191); average half-length of the 90% intervals 0.1952409.\n"
    )
    # Syracuse, NY: the vignette's table (knitr::kable, digits = 3) 0.246, 0.032, -0.124, 0.189.
    syracuse = table[table["name"] == "Syracuse, NY"].iloc[0]
    assert [round(syracuse[c], 3) for c in ("value", "estimate", "ci_low", "ci_high")] == [
        0.246, 0.032, -0.124, 0.189,
    ]  # fmt: skip


TINY_DEFINITIONS = """indicators:
  - code: TRAVEL
    name: {en: Mean travel time to work, lv: Vidējais ceļa laiks uz darbu}
    unit: minutes
    direction: lower
  - code: DENSITY
    name: {en: Density, lv: Blīvums}
    unit: people per km2
    direction: neutral
network:
  code: ACS
  name: {en: US states, lv: ASV štati}
  indicators: [TRAVEL]
  members: all
"""

TINY = (
    "municipality,indicator,year,value,se\n"
    "SD,TRAVEL,2011,10,1\nND,TRAVEL,2011,12,1\nNE,TRAVEL,2011,14,2\n"
    "WY,TRAVEL,2011,20,0\nMT,TRAVEL,2011,30,\n"
)


@pytest.fixture
def states(engine: Engine, tmp_path: Path) -> str:
    """Five states, TRAVEL (lower is better) in network ACS and DENSITY to shrink toward."""
    registry = write(
        tmp_path / "states.csv",
        "code,name\nSD,South Dakota\nND,North Dakota\nNE,Nebraska\nWY,Wyoming\nMT,Montana\n",
    )
    url = engine.url.render_as_string(hide_password=False)
    _run(url, "municipalities", "load", str(registry))
    _run(url, "definitions", "load", str(write(tmp_path / "acs.yaml", TINY_DEFINITIONS)))
    return url


@pytest.fixture
def tiny(states: str, tmp_path: Path) -> str:
    _run(states, "import", str(write(tmp_path / "tiny.csv", TINY)))
    return states


TINY_TABLE = """\
municipality  name          value  se  estimate  ci_low  ci_high  shrinkage
------------  ------------  -----  --  --------  ------  -------  ---------
ND            North Dakota     12   1    11.647  10.017   13.277      0.529
NE            Nebraska         14   2    11.818   9.009   14.627      0.818
SD            South Dakota     10   1    10.706   9.076   12.336      0.529
WY            Wyoming          20   0        20      20       20          0
estimate: the value pulled toward the target by the share in shrinkage, the more the larger \
its standard error; ci_low to ci_high: robust empirical-Bayes intervals that cover 95% of the \
true values on average whatever their distribution (Armstrong, Kolesár & Plagborg-Møller 2022).
Pulled toward the precision-weighted mean 11.33333 of 3 values; spread of the true values \
μ₂ = 0.8888889, kurtosis κ = 55 (before the finite-sample correction 0.4444444 and -49.5); \
average half-length of the 95% intervals 1.517297.
"""
# MT has no standard error; WY's is 0, so it keeps its value. The three others are pulled
# toward their precision-weighted mean (10 + 12 + 14/4) / 2.25 = 11.33333 by
# se² / (μ₂ + se²): 1 / (8/9 + 1) = 0.529 and 4 / (8/9 + 4) = 0.818, with μ₂ at its
# finite-sample floor 2 Σw²se⁴ / (Σw · Σw se²) = 2 · 3 / (2.25 · 3) = 8/9 (the moment
# estimate is 4/9).


def test_shrink_table_exactly(tiny: str) -> None:
    result = CliRunner().invoke(
        cli, ["--db", tiny, "shrink", "-n", "ACS", "--year", "2011", "-i", "TRAVEL"]
    )

    assert result.exit_code == 0, result.output
    assert result.stdout == TINY_TABLE
    assert result.stderr == "Left out, their values having no standard error (1): MT.\n"


def test_shrink_in_latvian_names_the_columns_and_writes_decimal_commas(tiny: str) -> None:
    result = CliRunner().invoke(
        cli,
        ["--db", tiny, "--lang", "lv", "shrink", "-n", "ACS", "--year", "2011", "-i",
         "TRAVEL", "--confidence", "99.8"],
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0].split() == [
        "pašvaldība", "nosaukums", "vērtība", "stand.", "kļūda", "novērtējums", "intervāls",
        "no", "intervāls", "līdz", "tuvinājums",
    ]  # fmt: skip
    assert result.stderr == "Neiekļautas, jo to vērtībām nav standartkļūdas (1): MT.\n"


def test_shrink_json_is_the_library_table(tiny: str) -> None:
    from benchlearn.commands import shrink
    from benchlearn.database import make_engine

    result = CliRunner().invoke(
        cli, ["--db", tiny, "shrink", "-n", "ACS", "--year", "2011", "-i", "TRAVEL",
              "--format", "json"],
    )  # fmt: skip

    engine = make_engine(tiny)
    expected = shrink(engine, "ACS", 2011, "TRAVEL").table
    engine.dispose()
    found = pd.read_json(
        io.StringIO(result.stdout), dtype=dict.fromkeys(expected.columns[1:], float)
    )
    pd.testing.assert_frame_equal(found, expected)


def test_no_standard_error_is_one_sentence(states: str, tmp_path: Path) -> None:
    _run(states, "import", str(write(tmp_path / "t.csv", "municipality,indicator,year,value\n"
                                     "SD,TRAVEL,2011,16.9\nND,TRAVEL,2011,18.0\n")))  # fmt: skip

    result = CliRunner().invoke(
        cli, ["--db", states, "shrink", "-n", "ACS", "--year", "2011", "-i", "TRAVEL"]
    )

    assert result.exit_code == 1
    assert result.output == (
        "Error: no value of TRAVEL in 2011 has a standard error, so there is nothing to "
        "shrink: import the values with a column se (or ci_low and ci_high)\n"
    )


def test_peers_of_their_own_are_refused_in_one_sentence(tiny: str) -> None:
    result = CliRunner().invoke(
        cli, ["--db", tiny, "shrink", "-n", "ACS", "--year", "2011", "-i", "TRAVEL",
              "--peers", "similar:3"],
    )  # fmt: skip

    assert result.exit_code == 1
    assert result.output == (
        "Error: --peers similar:3 gives each member its own peers, which share no mean to "
        "shrink toward: use network, all or attr:NAME\n"
    )


def test_a_member_without_a_toward_value_is_left_out_with_a_note(tiny: str, tmp_path: Path) -> None:
    density = write(
        tmp_path / "density.csv",
        "municipality,indicator,year,value\n"
        "SD,DENSITY,2011,4\nND,DENSITY,2011,5\nNE,DENSITY,2011,9\nMT,DENSITY,2011,3\n",
    )
    _run(tiny, "import", str(density))

    result = CliRunner().invoke(
        cli, ["--db", tiny, "shrink", "-n", "ACS", "--year", "2011", "-i", "TRAVEL",
              "--toward", "DENSITY", "--format", "csv"],
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    assert pd.read_csv(io.StringIO(result.stdout))["municipality"].tolist() == ["ND", "NE", "SD"]
    assert result.stderr.splitlines()[1:] == [
        "Left out, their values having no standard error (1): MT.",
        "Left out, having no value of DENSITY in 2011 (1): WY.",
    ]


_noisy = st.lists(
    st.tuples(st.floats(-1e3, 1e3, allow_nan=False), st.floats(0.01, 50, allow_nan=False)),
    min_size=3,
    max_size=12,
)


@settings(max_examples=60, deadline=None)
@given(
    noisy=_noisy,
    exact=st.lists(st.floats(-1e6, 1e6, allow_nan=False), min_size=1, max_size=3),
    confidence=st.sampled_from([90.0, 95.0, 99.8]),
)
def test_shrinkage_stays_between_value_and_target_and_a_unit_with_se_0_is_kept(
    noisy: list[tuple[float, float]], exact: list[float], confidence: float
) -> None:
    """Every estimate lies between its value and its target (never past the target); a unit
    measured without error (se = 0) keeps its value exactly, with an interval of no width,
    and however extreme its value, it moves no one else's target or estimate."""
    from benchlearn.analysis.ebci import shrink

    values = [v for v, _ in noisy] + exact
    se = [s for _, s in noisy] + [0.0] * len(exact)
    try:
        units = shrink(values, se, confidence=confidence).units
        alone = shrink([v for v, _ in noisy], [s for _, s in noisy], confidence=confidence).units
    except BenchlearnError:  # every noisy value equal: nothing to estimate a spread from
        return
    low = np.minimum(units["value"], units["target"])
    high = np.maximum(units["value"], units["target"])
    assert (units["estimate"] >= low - 1e-9 * (1 + high.abs())).all()
    assert (units["estimate"] <= high + 1e-9 * (1 + high.abs())).all()
    kept = units.iloc[len(noisy) :]
    assert kept["shrinkage"].tolist() == [0.0] * len(exact)
    assert kept["estimate"].tolist() == exact
    assert (kept["ci_low"] == kept["estimate"]).all() and (
        kept["ci_high"] == kept["estimate"]
    ).all()
    np.testing.assert_allclose(units.iloc[: len(noisy)].to_numpy(), alone.to_numpy(), rtol=1e-12)


def test_attribute_peers_pull_each_group_toward_its_own_mean(
    engine: Engine, tmp_path: Path
) -> None:
    registry = write(
        tmp_path / "regions.csv",
        "code,name,region\nSD,South Dakota,plains\nND,North Dakota,plains\nNE,Nebraska,plains\n"
        "WY,Wyoming,mountain\nMT,Montana,mountain\nID,Idaho,mountain\n",
    )
    values = write(
        tmp_path / "v.csv",
        "municipality,indicator,year,value,se\n"
        "SD,TRAVEL,2011,10,1\nND,TRAVEL,2011,12,1\nNE,TRAVEL,2011,14,2\n"
        "WY,TRAVEL,2011,30,1\nMT,TRAVEL,2011,34,1\nID,TRAVEL,2011,20,4\n",
    )
    url = engine.url.render_as_string(hide_password=False)
    _run(url, "municipalities", "load", str(registry))
    _run(url, "definitions", "load", str(write(tmp_path / "acs.yaml", TINY_DEFINITIONS)))
    _run(url, "import", str(values))

    result = CliRunner().invoke(
        cli, ["--db", url, "shrink", "-n", "ACS", "--year", "2011", "-i", "TRAVEL",
              "--peers", "attr:region", "--format", "csv"],
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    table = pd.read_csv(io.StringIO(result.stdout)).set_index("municipality")
    # Idaho is pulled up toward the mountain states' precision-weighted mean,
    # (30 + 34 + 20/16) / (1 + 1 + 1/16) = 31.63636, not down toward all six's.
    assert table.loc["ID", "estimate"] > table.loc["ID", "value"]
    assert table.loc["NE", "estimate"] < table.loc["NE", "value"]
    notes = result.stderr.splitlines()
    assert [line.split(":")[0] for line in notes] == [
        "Peer group mountain", "Peer group plains",
    ]  # fmt: skip
    assert notes[0].startswith(
        "Peer group mountain: Pulled toward the precision-weighted mean 31.63636 of 3 values;"
    )
