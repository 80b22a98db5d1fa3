"""The staggered difference-in-differences (Callaway & Sant'Anna 2021) against the did package.

The reference is the R package did (Callaway & Sant'Anna, github.com/bcallaway11/did,
version 2.5.1) on its own ``mpdta`` data (tests/data/mpdta, see SOURCE.txt): the
group-time effects and event study its README prints (``att_gt(yname = "lemp",
gname = "first.treat", idname = "countyreal", tname = "year", xformla = ~1)``,
never-treated controls) and the simple aggregation of ``docs/reference/aggte.md``.
Point estimates are compared to the printed digits; standard errors, which did
draws by a multiplier bootstrap (999 draws, about 3.5 % noise in each), within
12 % (with 9,999 seeded draws here, so the noise is mostly theirs).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from benchlearn.analysis.did import placebo, plans_effect, staggered
from benchlearn.errors import BenchlearnError
from tests.conftest import REPO

MPDTA = REPO / "tests" / "data" / "mpdta" / "mpdta.csv"

#: did's README: summary(att_gt(...)) — group, year, ATT(g,t), bootstrap standard error.
README_ATT_GT = [
    (2004, 2004, -0.0105, 0.0246),
    (2004, 2005, -0.0704, 0.0332),
    (2004, 2006, -0.1373, 0.0397),
    (2004, 2007, -0.1008, 0.0357),
    (2006, 2004, 0.0065, 0.0229),
    (2006, 2005, -0.0028, 0.0197),
    (2006, 2006, -0.0046, 0.0179),
    (2006, 2007, -0.0412, 0.0192),
    (2007, 2004, 0.0305, 0.0154),
    (2007, 2005, -0.0027, 0.0164),
    (2007, 2006, -0.0311, 0.0184),
    (2007, 2007, -0.0261, 0.0170),
]
#: did's README: summary(aggte(out, type = "dynamic")) — event time, estimate, standard error.
README_EVENT_STUDY = [
    (-3, 0.0305, 0.0154),
    (-2, -0.0006, 0.0132),
    (-1, -0.0245, 0.0153),
    (0, -0.0199, 0.0123),
    (1, -0.0510, 0.0167),
    (2, -0.1373, 0.0413),
    (3, -0.1008, 0.0351),
]
#: The overall effects: the README's dynamic one, aggte.md's simple one (ATT, standard error).
README_DYNAMIC = (-0.0772, 0.0219)
AGGTE_SIMPLE = (-0.04, 0.0119)
SE_TOLERANCE = 0.12
#: The critical value of did's simultaneous 95 % bands in the README: (upper − ATT) / SE of
#: its first rows, (0.0542 + 0.0105) / 0.0246 for ATT(2004, 2004) and
#: (0.0710 − 0.0305) / 0.0154 for event time −3; both 2.63.
README_BAND = 2.63


@pytest.fixture(scope="module")
def mpdta() -> tuple[pd.DataFrame, dict[str, int]]:
    data = pd.read_csv(MPDTA)
    wide = data.pivot(index="countyreal", columns="year", values="lemp")
    wide.index = wide.index.astype(int).astype(str)
    first = data.drop_duplicates("countyreal").set_index("countyreal")["first.treat"]
    starts = {str(int(c)): int(g) for c, g in first.items() if g > 0}
    return wide, starts


def test_mpdta_group_time_effects_match_did_readme(mpdta: tuple) -> None:
    found = staggered(*mpdta, draws=9999, seed=0)
    cells = found.group_time

    assert list(zip(cells["group"], cells["year"], cells["att"].round(4), strict=True)) == [
        (g, t, att) for g, t, att, _ in README_ATT_GT
    ]
    published = np.array([se for *_, se in README_ATT_GT])
    assert np.abs(cells["se"].to_numpy() / published - 1).max() < SE_TOLERANCE
    assert cells.loc[0, ["treated", "controls"]].tolist() == [20, 309]
    assert (found.units, found.left_out, found.method, found.draws) == (500, (), "bootstrap", 9999)
    band = (cells["band_high"] - cells["att"]) / cells["se"]
    assert np.allclose(band, band[0]) and abs(band[0] / README_BAND - 1) < 0.08
    assert np.allclose(cells["band_low"], cells["att"] - band[0] * cells["se"])


def test_mpdta_event_study_and_overall_effects_match_did(mpdta: tuple) -> None:
    found = staggered(*mpdta, draws=9999, seed=0)
    events = found.event_study

    assert list(zip(events["event"], events["att"].round(4), strict=True)) == [
        (e, att) for e, att, _ in README_EVENT_STUDY
    ]
    assert events["groups"].tolist() == [1, 2, 2, 3, 2, 1, 1]
    band = (events["band_high"] - events["att"]) / events["se"]
    assert abs(band[0] / README_BAND - 1) < 0.08
    published = np.array([se for *_, se in README_EVENT_STUDY])
    assert np.abs(events["se"].to_numpy() / published - 1).max() < SE_TOLERANCE
    assert round(found.dynamic.att, 4) == README_DYNAMIC[0]
    assert abs(found.dynamic.se / README_DYNAMIC[1] - 1) < SE_TOLERANCE
    assert round(found.simple.att, 2) == AGGTE_SIMPLE[0]
    assert round(found.simple.att, 4) == -0.0400
    assert abs(found.simple.se / AGGTE_SIMPLE[1] - 1) < SE_TOLERANCE
    z = 1.959964
    assert found.simple.low == pytest.approx(found.simple.att - z * found.simple.se)


def test_analytic_standard_errors_are_the_two_sample_formula(mpdta: tuple) -> None:
    """Without the bootstrap, a cell's standard error is √(s₁²/n₁ + s₀²/n₀) with the
    population variances of the two groups' changes, as did's influence function gives."""
    wide, starts = mpdta
    found = staggered(wide, starts, method="analytic")
    change = wide[2004] - wide[2003]
    group = pd.Series(starts).reindex(wide.index).fillna(0)
    treated, never = change[group == 2004], change[group == 0]
    expected = np.sqrt(treated.var(ddof=0) / len(treated) + never.var(ddof=0) / len(never))

    assert found.group_time.loc[0, "se"] == pytest.approx(expected, rel=1e-12)
    assert found.draws == 0
    assert abs(found.simple.se / AGGTE_SIMPLE[1] - 1) < SE_TOLERANCE


def test_not_yet_treated_controls_are_those_starting_later(mpdta: tuple) -> None:
    wide, starts = mpdta
    found = staggered(wide, starts, control="not_yet", method="analytic")
    group = pd.Series(starts).reindex(wide.index).fillna(0)
    change = wide[2005] - wide[2003]
    controls = (group == 0) | (group > 2005)
    expected = change[group == 2004].mean() - change[controls].mean()
    cell = found.group_time.set_index(["group", "year"]).loc[(2004, 2005)]

    assert cell["att"] == pytest.approx(expected, rel=1e-12)
    assert cell["controls"] == int(controls.sum()) == 480
    # in 2007 only the never treated are left to compare with
    assert found.group_time.loc[found.group_time["year"] == 2007, "controls"].unique().tolist() == [
        309
    ]


def test_the_bootstrap_is_seeded(mpdta: tuple) -> None:
    first, again = (staggered(*mpdta, draws=199, seed=7) for _ in range(2))
    other = staggered(*mpdta, draws=199, seed=8)

    assert first.group_time["se"].tolist() == again.group_time["se"].tolist()
    assert first.group_time["se"].tolist() != other.group_time["se"].tolist()


def panel(effect: float = 0.0, drift: float = 0.0) -> tuple[pd.DataFrame, dict[str, int]]:
    """Thirty members, 2015–2022: six start a plan in 2018, five in 2020; the rest never.
    Each member's level differs, every year adds 1 to all with noise (sd 0.3), the plan adds
    ``effect`` from its start on, and ``drift`` a year to the starters from the beginning."""
    years = np.arange(2015, 2023)
    codes = [f"M{i:02d}" for i in range(30)]
    starts = {c: 2018 for c in codes[:6]} | {c: 2020 for c in codes[6:11]}
    noise = np.random.default_rng(2).normal(0, 0.3, (30, len(years)))
    start = np.array([starts.get(c, 9999) for c in codes])[:, None]
    treated = (start < 9999).astype(float)
    values = (
        10.0
        + np.arange(30)[:, None]
        + (years - 2015)[None, :]
        + noise
        + treated * drift * (years - 2015)[None, :]
        + effect * (years[None, :] >= start)
    )
    return pd.DataFrame(values, index=codes, columns=years.tolist()), starts


def test_plans_effect_says_how_large_how_sure_and_which_way() -> None:
    outcome, starts = panel(effect=-2.0)
    found = plans_effect(
        outcome, starts, indicator="WAIT", direction="lower", label="Waiting days", seed=1
    )

    assert round(found.estimate.simple.att, 2) == -2.0
    assert found.sentence == (
        "Members with a plan on Waiting days (11; start years: 2018, 2020) against members "
        "without one (19): average effect -2.00 (95 % interval -2.27 to -1.74). The same "
        "start years dealt to members at random gave an effect as large in 0 of 999 draws "
        "(p = 0.001). The plans improved it beyond chance."
    )
    lv = plans_effect(outcome, starts, indicator="WAIT", direction="lower", lang="lv", seed=1)
    assert lv.sentence == (
        "Dalībnieki ar plānu rādītājam „WAIT” (11; sākuma gadi: 2018, 2020) pret dalībniekiem "
        "bez tāda plāna (19): vidējā ietekme -2,00 (95 % intervāls no -2,27 līdz -1,74). "
        "Tikpat lielu ietekmi deva 0 no 999 nejaušām to pašu sākuma gadu sadalēm starp "
        "dalībniekiem (p = 0,001). Plāni rādītāju uzlaboja vairāk, nekā to var izskaidrot "
        "nejaušība."
    )


def test_plans_effect_without_an_effect_and_with_a_drift_before_the_start() -> None:
    outcome, starts = panel()
    none = plans_effect(outcome, starts, indicator="X", direction="higher", seed=1)
    drifting = plans_effect(*panel(drift=0.5), indicator="X", direction="neutral", seed=1)

    assert none.sentence.endswith(
        "average effect 0.00 (95 % interval -0.27 to 0.26). The same start years dealt to "
        "members at random gave an effect as large in 970 of 999 draws (p = 0.971). "
        "The difference is within chance: no effect shown."
    )
    assert drifting.sentence.endswith(
        "It rose after the plans, beyond chance. Before the start the members with a plan "
        "already moved apart from the others (years before: 3, 2, 1), so the comparison "
        "may not be fair."
    )


def test_fewer_than_three_members_with_a_plan_are_refused() -> None:
    outcome, starts = panel()
    two = {c: y for c, y in list(starts.items())[:2]}

    with pytest.raises(BenchlearnError) as raised:
        plans_effect(outcome, two, indicator="X", direction="higher")
    assert str(raised.value) == (
        "Only 2 members started a plan on X; an average effect needs at least 3."
    )
    assert raised.value.text("lv") == (
        "Plānu rādītājam „X” sākušo dalībnieku skaits: 2; vidējai ietekmei vajag vismaz 3."
    )


def test_incomplete_units_and_first_year_starters_are_left_out() -> None:
    outcome, starts = panel()
    outcome.loc["M11", 2016] = np.nan
    found = staggered(outcome, starts | {"M10": 2015, "M09": 2030}, method="analytic")

    assert found.left_out == ("M10", "M11")
    assert found.units == 28
    # the 19 never treated but M11, and M09, whose start comes after the panel
    assert found.group_time["controls"].unique().tolist() == [19]
    assert found.group_time["treated"].unique().tolist() == [6, 3]


def test_without_anyone_left_to_compare_with_it_says_so() -> None:
    outcome, _ = panel()
    everyone = {code: 2018 for code in outcome.index}

    with pytest.raises(BenchlearnError) as raised:
        staggered(outcome, everyone, control="not_yet", method="analytic")
    assert str(raised.value) == (
        "Of 30 units with a value in every year, 30 started a plan and none is left to "
        "compare with."
    )


SWEDEN = REPO / "benchlearn" / "samples" / "se-municipalities" / "observations.csv"


def test_the_placebo_test_keeps_its_size_where_the_intervals_do_not() -> None:
    """Real Swedish municipal tax rates (the shipped sample, 2002–2022 every four years):
    200 draws of 30 members of which 3 start a plan in a random year, with no effect. The
    analytic interval, as did's, leaves out 0 far more often than 5 % (too few starters for
    its asymptotics); the placebo test rejects at about its level. With a planted effect of
    twice the standard deviation of the year-on-year changes, it finds it most times.
    Measured: placebo 3.5 %, interval 22.5 %, planted effect found 64 %."""
    observations = pd.read_csv(SWEDEN, dtype={"municipality": str})
    taxes = observations[observations["indicator"] == "TAX_RATE"].pivot_table(
        index="municipality", columns="year", values="value"
    )
    taxes = taxes.dropna()
    spread = np.diff(taxes.to_numpy(), axis=1).std()
    rng = np.random.default_rng(2)
    rejected = {"placebo": 0, "interval": 0, "planted": 0}
    draws = 200
    for k in range(draws):
        members = taxes.loc[rng.choice(taxes.index, 30, replace=False)]
        starters = rng.choice(members.index, 3, replace=False)
        starts = {code: int(rng.choice(taxes.columns[1:])) for code in starters}
        rejected["placebo"] += placebo(members, starts, permutations=199, seed=k).p_value < 0.05
        interval = staggered(members, starts, method="analytic").simple
        rejected["interval"] += interval.low > 0 or interval.high < 0
        planted = members.copy()
        for code, year in starts.items():
            planted.loc[code, planted.columns >= year] += 2 * spread
        rejected["planted"] += placebo(planted, starts, permutations=199, seed=k).p_value < 0.05

    rates = {kind: count / draws for kind, count in rejected.items()}
    assert rates["placebo"] <= 0.07
    assert rates["interval"] >= 0.10
    assert rates["planted"] >= 0.6


def test_a_starter_without_every_year_does_not_count_toward_three() -> None:
    outcome, starts = panel()
    three = dict(list(starts.items())[:3])
    outcome.loc[next(iter(three)), 2016] = np.nan

    with pytest.raises(BenchlearnError) as raised:
        plans_effect(outcome, three, indicator="X", direction="higher")
    assert str(raised.value).startswith("Only 2 members started a plan on X")
