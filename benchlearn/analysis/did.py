"""Staggered difference-in-differences: did several members' plans on one indicator work?

When members start the same kind of plan in different years, a two-way
fixed-effects regression mixes early starters into the controls of late ones
and can even flip the sign of the effect. Callaway & Sant'Anna (2021,
*Journal of Econometrics* 225:200) avoid that by estimating one small
difference-in-differences per start year *g* (a "group") and year *t*, each
against units not yet touched by a plan, and only then averaging:

* ``ATT(g,t)`` is the mean change of group *g* between a base year and *t*,
  minus the mean change of the controls over the same years. After the start
  (t ≥ g) the base year is the last one before *g*; before it the base year is
  *t − 1* (the did package's "varying" base period), so the pre-period cells
  test parallel trends one year at a time.
* Controls are the never-treated units (``control="never"``) or those not yet
  treated in *t* (``control="not_yet"``: never treated, or starting after *t*).
* Aggregations weight each cell by its group's share of the units: the simple
  (overall) effect averages every post-start cell; the event study averages the
  cells at each distance *e = t − g* from the start; its overall effect is the
  mean of the event-study effects for e ≥ 0.
* Standard errors come from the influence functions of these estimators,
  including the part due to estimating the group shares, by the multiplier
  bootstrap with Rademacher weights and the interquartile-range scale (the did
  package's defaults: 999 draws) or analytically (√(mean ψ²/n)). Intervals
  (``low``, ``high``) are pointwise, estimate ± z × standard error; the tables
  also have did's simultaneous bands (``band_low``, ``band_high``), which cover
  every cell of the table at once: the critical value is the 95th percentile of
  each bootstrap draw's largest |draw / standard error| (pointwise with
  ``method="analytic"``).

With the few units a network's plans give, those standard errors are too small;
:func:`placebo` gives the randomisation p-value on which :func:`plans_effect`'s
verdict rests.

Without covariates the regression, weighting and doubly robust estimators of
the did package coincide, so this is unconditional parallel trends. Written
here rather than taken from ``csdid`` or ``differences``: the estimator is a
few array operations, those packages bring further dependencies (and pinned
versions) for covariates and formulas benchlearn does not use, and this way the
influence functions stay visible for the tests. Parity with the did package on
its ``mpdta`` data is shown in ``tests/test_did.py``.

Units starting in the first year of the panel have no pre-period and are left
out; units starting after its last year count as never treated, as in did.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from benchlearn.analysis.statistics import z_value
from benchlearn.errors import BenchlearnError
from benchlearn.messages import number, t, year_ranges

#: The multiplier bootstrap's draws, as the did package's ``biters``.
DRAWS = 999
#: The control groups: never treated, or not yet treated in the year compared.
CONTROLS = ("never", "not_yet")
#: The fewest members with a plan for an average effect of their plans.
LEAST_STARTED = 3
#: Columns of :attr:`Staggered.group_time`.
GROUP_TIME_COLUMNS = [
    "group", "year", "event", "att", "se", "low", "high", "band_low", "band_high", "treated",
    "controls",
]  # fmt: skip
#: Columns of :attr:`Staggered.event_study`.
EVENT_COLUMNS = ["event", "att", "se", "low", "high", "band_low", "band_high", "groups"]


@dataclass(frozen=True)
class Estimate:
    """One aggregated effect with its standard error and pointwise interval."""

    att: float
    se: float
    low: float
    high: float


@dataclass(frozen=True)
class Staggered:
    """The group-time effects, their event study and the two overall effects.

    ``group_time`` has :data:`GROUP_TIME_COLUMNS` (``event`` = year − group;
    ``treated`` and ``controls`` the units compared in that cell);
    ``event_study`` has :data:`EVENT_COLUMNS`; ``simple`` averages every cell
    after the start, ``dynamic`` the event-study effects from the start on.
    ``method`` is ``"bootstrap"`` or ``"analytic"``; ``left_out`` the units
    without a value in every year or starting in the panel's first year.
    """

    group_time: pd.DataFrame
    event_study: pd.DataFrame
    simple: Estimate
    dynamic: Estimate
    control: str
    method: str
    draws: int
    confidence: float
    units: int
    left_out: tuple[str, ...]


def staggered(
    outcome: pd.DataFrame,
    starts: Mapping[str, int],
    *,
    control: str = "never",
    method: str = "bootstrap",
    draws: int = DRAWS,
    seed: int = 0,
    confidence: float = 95.0,
) -> Staggered:
    """Callaway & Sant'Anna's group-time effects of starts at ``starts`` on ``outcome``.

    ``outcome`` is wide: one row per unit (the index its code), one column per
    year (integers), the value in each cell. ``starts`` maps a unit's code to
    the year its treatment began; units not in it are never treated. Units
    missing a value in any year are left out (a balanced panel, as did asks).
    """
    if control not in CONTROLS:
        raise ValueError(f"control must be one of {CONTROLS}, not {control!r}")
    if method not in ("bootstrap", "analytic"):
        raise ValueError(f"method must be 'bootstrap' or 'analytic', not {method!r}")
    years, values, group, left_out = _panel(outcome, starts)
    n = len(values)
    groups = np.unique(group[group > 0])
    if len(groups) == 0 or not (group == 0).any() and control == "never":
        raise BenchlearnError.of(
            "did_no_comparison", {"treated": int((group > 0).sum()), "units": n}
        )

    rows: list[tuple[float, ...]] = []
    influence: list[np.ndarray] = []
    for g in groups:
        treated = group == g
        before = np.flatnonzero(years < g)
        base_after = before[-1]
        for j in range(1, len(years)):
            now = years[j]
            base = base_after if g <= now else j - 1
            if control == "never":
                controls = group == 0
            else:
                controls = (group == 0) | ((group > now) & (group != g))
            n_treated, n_controls = int(treated.sum()), int(controls.sum())
            if n_controls == 0:
                continue
            change = values[:, j] - values[:, base]
            mean_treated = change[treated].mean()
            mean_controls = change[controls].mean()
            psi = np.zeros(n)
            psi[treated] = n / n_treated * (change[treated] - mean_treated)
            psi[controls] = -n / n_controls * (change[controls] - mean_controls)
            rows.append((g, now, now - g, mean_treated - mean_controls, n_treated, n_controls))
            influence.append(psi)
    if not any(row[2] >= 0 for row in rows):  # every start has no one left to compare with
        raise BenchlearnError.of(
            "did_no_comparison", {"treated": int((group > 0).sum()), "units": n}
        )
    cells = pd.DataFrame(rows, columns=["group", "year", "event", "att", "treated", "controls"])
    cells = cells.astype({c: int for c in ("group", "year", "event", "treated", "controls")})
    psi_cells = np.column_stack(influence)
    share = np.array([(group == g).mean() for g in cells["group"]])
    att = cells["att"].to_numpy()

    def aggregate(which: np.ndarray) -> tuple[float, np.ndarray]:
        """The share-weighted mean of the cells ``which`` and its influence function,
        with the part due to estimating the shares (did's ``wif``)."""
        weights = share[which] / share[which].sum()
        total = share[which].sum()
        centred = (group[:, None] == cells["group"].to_numpy()[which][None, :]) - share[which]
        wif = centred / total - centred.sum(axis=1, keepdims=True) * (share[which] / total**2)
        return float(att[which] @ weights), psi_cells[:, which] @ weights + wif @ att[which]

    post = cells["event"].to_numpy() >= 0
    simple_att, simple_psi = aggregate(np.flatnonzero(post))
    events = np.unique(cells["event"])
    event_att, event_psi = zip(
        *(aggregate(np.flatnonzero(cells["event"].to_numpy() == e)) for e in events), strict=True
    )
    from_start = events >= 0
    dynamic_att = float(np.mean(np.array(event_att)[from_start]))
    dynamic_psi = np.column_stack(event_psi)[:, from_start].mean(axis=1)

    every = np.column_stack([psi_cells, np.column_stack(event_psi), simple_psi, dynamic_psi])
    se, scaled = _standard_errors(every, method, draws, seed)
    z = z_value(confidence)
    k, m = len(cells), len(events)
    cells["se"] = se[:k]
    event_study = pd.DataFrame(
        {
            "event": events.astype(int),
            "att": np.array(event_att),
            "se": se[k : k + m],
            "groups": [int(cells.loc[cells["event"] == e, "group"].nunique()) for e in events],
        }
    )
    for table, columns in ((cells, slice(0, k)), (event_study, slice(k, k + m))):
        band = _band(scaled, columns, confidence, z)
        table["low"] = table["att"] - z * table["se"]
        table["high"] = table["att"] + z * table["se"]
        table["band_low"] = table["att"] - band * table["se"]
        table["band_high"] = table["att"] + band * table["se"]

    def estimate(value: float, error: float) -> Estimate:
        return Estimate(value, error, value - z * error, value + z * error)

    return Staggered(
        group_time=cells[GROUP_TIME_COLUMNS],
        event_study=event_study[EVENT_COLUMNS],
        simple=estimate(simple_att, float(se[k + m])),
        dynamic=estimate(dynamic_att, float(se[k + m + 1])),
        control=control,
        method=method,
        draws=draws if method == "bootstrap" else 0,
        confidence=confidence,
        units=n,
        left_out=left_out,
    )


def _panel(
    outcome: pd.DataFrame, starts: Mapping[str, int]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, tuple[str, ...]]:
    """The years, the balanced values (units × years), each unit's start (0: never) and the
    units left out: those missing a year and those starting in the panel's first year."""
    frame = outcome.set_axis([int(y) for y in outcome.columns], axis=1)  # "2020" is 2020
    years = np.array(sorted(frame.columns))
    frame = frame.reindex(columns=years)
    complete = frame.notna().all(axis=1).to_numpy()
    start = np.array([float(starts.get(str(u), np.nan)) for u in frame.index])
    start[start > years[-1]] = np.nan  # treated after the panel: never treated within it
    keep = complete & ~(start <= years[0])
    left_out = tuple(str(u) for u in frame.index[~keep])
    group = np.nan_to_num(start[keep], nan=0.0)  # 0 = never treated, as in did
    return years, frame.to_numpy(dtype=float)[keep], group, left_out


@dataclass(frozen=True)
class Placebo:
    """How often the same start years, given to members drawn at random, gave an overall
    effect at least as large: ``as_large`` of ``permutations``, ``p_value`` =
    (1 + as_large) / (1 + permutations)."""

    p_value: float
    as_large: int
    permutations: int


#: Random reassignments of the start years for :func:`placebo`.
PERMUTATIONS = 999


def placebo(
    outcome: pd.DataFrame,
    starts: Mapping[str, int],
    *,
    control: str = "never",
    permutations: int = PERMUTATIONS,
    seed: int = 0,
) -> Placebo:
    """Randomisation inference for the simple overall effect: the start years are dealt
    again to members drawn at random, ``permutations`` times, and the effect recomputed.

    Why: with the three to ten members with a plan a network has, the bootstrap and
    analytic standard errors are too small (on Swedish municipal panels, 3 random
    "starters" among 30 with no effect, the 95 % interval left out 0 in 16 % of draws);
    the share of reassignments as extreme is exact when any member could as well have
    been the one to start, whatever the number of members. Two-sided: |effect|.
    """
    years, values, group, _ = _panel(outcome, starts)
    rng = np.random.default_rng(seed)
    dealt = np.vstack([group, rng.permuted(np.tile(group, (permutations, 1)), axis=1)])
    effects = _simple_effects(years, values, group, dealt, control)
    as_large = int((np.abs(effects[1:]) >= np.abs(effects[0]) - 1e-12).sum())
    return Placebo((1 + as_large) / (1 + permutations), as_large, permutations)


def _simple_effects(
    years: np.ndarray, values: np.ndarray, group: np.ndarray, dealt: np.ndarray, control: str
) -> np.ndarray:
    """The simple overall effect for each row of ``dealt`` (assignments × units of start
    years, each a reordering of ``group``): the post-start cells' effects weighted by their
    group's size, as :func:`staggered` averages them; every row has the same cells and
    weights, as the groups keep their sizes."""
    total = np.zeros(len(dealt))
    weight = 0.0
    for g in np.unique(group[group > 0]):
        size = float((group == g).sum())
        base = np.flatnonzero(years < g)[-1]
        treated = dealt == g
        for j in np.flatnonzero(years >= g):
            if control == "never":
                controls = dealt == 0
            else:
                controls = (dealt == 0) | ((dealt > years[j]) & (dealt != g))
            counted = controls.sum(axis=1)
            if counted[0] == 0:
                continue
            change = values[:, j] - values[:, base]
            effect = treated @ change / size - controls @ change / counted
            total += size * effect
            weight += size
    return total / weight


@dataclass(frozen=True)
class PlansEffect:
    """The staggered difference-in-differences of members' plans on one indicator, and what
    it says in a sentence (:func:`plans_effect`)."""

    indicator: str
    estimate: Staggered
    placebo: Placebo
    starts: Mapping[str, int]
    sentence: str
    #: The indicator's name in the sentence's language (None: its code was used).
    label: str | None = None


def plans_effect(
    outcome: pd.DataFrame,
    starts: Mapping[str, int],
    *,
    indicator: str,
    direction: str,
    label: str | None = None,
    lang: str = "en",
    control: str = "never",
    method: str = "bootstrap",
    draws: int = DRAWS,
    seed: int = 0,
    decimals: int = 2,
) -> PlansEffect:
    """The average effect of the plans members started on ``indicator`` in the years
    ``starts`` (code → start year), against the members without such a plan.

    ``outcome`` is the members' values (wide, as :func:`staggered` takes);
    ``direction`` (``higher``, ``lower`` or ``neutral``) words the verdict, ``label``
    names the indicator in the sentence. Fewer than :data:`LEAST_STARTED` members
    with a start inside the panel and a value in every year is refused: one or two
    municipalities' plans are a case for the synthetic control, not an average.
    """
    years = [int(y) for y in outcome.columns]
    complete = {str(u) for u in outcome.index[outcome.notna().all(axis=1)]}
    inside = {
        str(c): int(y)
        for c, y in starts.items()
        if str(c) in complete and min(years) < int(y) <= max(years)
    }
    if len(inside) < LEAST_STARTED:
        raise BenchlearnError.of(
            "did_too_few", {"treated": len(inside), "indicator": indicator, "least": LEAST_STARTED}
        )
    found = staggered(outcome, inside, control=control, method=method, draws=draws, seed=seed)
    chance = placebo(outcome, inside, control=control, seed=seed)
    sentence = effect_sentence(found, chance, label or indicator, direction, lang, decimals)
    return PlansEffect(indicator, found, chance, inside, sentence, label)


def effect_sentence(
    found: Staggered,
    chance: Placebo,
    indicator: str,
    direction: str,
    lang: str = "en",
    decimals: int = 2,
) -> str:
    """The overall effect in words: how large, how sure (the interval, and the placebo
    p-value, on which "beyond chance" rests), which way, and whether the members
    with a plan had already drifted apart before it (a pre-period effect whose simultaneous
    band leaves out 0: several years are tested at once, and pointwise intervals would
    raise a false alarm every few panels)."""
    cells = found.group_time
    treated = cells.drop_duplicates("group")["treated"].sum()
    controls = int(cells["controls"].max())
    overall = found.simple
    text = t(
        "did_sentence",
        lang,
        indicator=indicator,
        treated=int(treated),
        years=year_ranges(sorted(int(g) for g in cells["group"].unique())),
        controls=controls,
        att=number(round(overall.att, decimals) + 0.0, lang, decimals),
        low=number(round(overall.low, decimals) + 0.0, lang, decimals),
        high=number(round(overall.high, decimals) + 0.0, lang, decimals),
    )
    text += " " + t(
        "did_placebo",
        lang,
        as_large=chance.as_large,
        permutations=chance.permutations,
        p=number(chance.p_value, lang, 3),
    )
    beyond = chance.p_value < 0.05
    if not beyond:
        verdict = "did_none"
    elif direction in ("higher", "lower"):
        verdict = "did_better" if (overall.att > 0) == (direction == "higher") else "did_worse"
    else:
        verdict = "did_up" if overall.att > 0 else "did_down"
    text += " " + t(verdict, lang)
    before = found.event_study[found.event_study["event"] < 0]
    apart = before[(before["band_low"] > 0) | (before["band_high"] < 0)]
    if len(apart):
        events = ", ".join(str(-int(e)) for e in apart["event"])
        text += " " + t("did_pre_trend", lang, events=events)
    return text


def _standard_errors(
    psi: np.ndarray, method: str, draws: int, seed: int
) -> tuple[np.ndarray, np.ndarray | None]:
    """Each column's standard error from its influence function (n × k), and the bootstrap
    draws in standard errors (B × k; None for the analytic ones).

    Analytic: √(mean ψ² / n). Bootstrap (did's ``mboot``): each draw multiplies
    ψ by Rademacher weights and takes √n × the mean; the standard error is the
    interquartile range of the draws over that of the standard normal, / √n
    (the order statistics at ⌈0.25 B⌉ and ⌈0.75 B⌉, quantile type 1, as did).
    """
    n = psi.shape[0]
    if method == "analytic":
        return np.sqrt((psi**2).mean(axis=0) / n), None
    rng = np.random.default_rng(seed)
    signs = rng.choice(np.array([-1.0, 1.0]), size=(draws, n))
    found = signs @ psi / np.sqrt(n)
    ordered = np.sort(found, axis=0)
    upper = ordered[int(np.ceil(0.75 * draws)) - 1]
    lower = ordered[int(np.ceil(0.25 * draws)) - 1]
    sigma = (upper - lower) / (2 * z_value(50.0))
    with np.errstate(invalid="ignore", divide="ignore"):
        scaled = found / sigma
    return sigma / np.sqrt(n), scaled


def _band(scaled: np.ndarray | None, columns: slice, confidence: float, z: float) -> float:
    """The critical value of a simultaneous band over ``columns`` (did's ``cband``): the
    ``confidence`` quantile (type 1) of each draw's largest |draw / standard error|; never
    below the pointwise ``z``. Without the bootstrap, the pointwise ``z``."""
    if scaled is None:
        return z
    chosen = np.abs(scaled[:, columns])
    chosen = chosen[:, np.isfinite(chosen).all(axis=0)]
    if chosen.shape[1] == 0:
        return z
    largest = np.sort(chosen.max(axis=1))
    critical = float(largest[int(np.ceil(confidence / 100.0 * len(largest))) - 1])
    return max(critical, z)
