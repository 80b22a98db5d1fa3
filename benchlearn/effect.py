"""Did it work? A municipality's indicator since a start year against its synthetic twin.

Reads the outcome and predictors from the database for the municipality and its
donors (the ``--peers`` language, ``similar:K`` taken from the whole registry; by
default the :data:`DEFAULT_DONORS` municipalities most similar on the network's
structural variables, else the network's other members),
builds the panel the maths needs and hands it to
:func:`benchlearn.analysis.synth.synthetic_control`. The members and the similar
municipalities are those of the year before the start: the twin is built from
how things stood before.

What a panel needs: the fit years (default: every year before the start in which
the municipality has a value) and every year from the start on in which it has
one; a donor without a value in one of those years, or without any value of a
predictor, is left out and named (``left_out``). A year before the start that is
not a fit year stays in the pre-start RMSPE only where every donor kept has it.

A donor with a plan of its own on the same indicator starting within the panel's
years is left out too (``planned_out``): its own change would be counted as the
twin's, and the placebo test would treat a real effect as chance.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine

from benchlearn.context import Context, open_context
from benchlearn.errors import BenchlearnError
from benchlearn.messages import number, percent, say
from benchlearn.plans.model import Plan
from benchlearn.registry.municipalities import members_in, membership, registry_members
from benchlearn.registry.peers import PeerSpec

if TYPE_CHECKING:
    import numpy as np

    from benchlearn.analysis.did import PlansEffect
    from benchlearn.analysis.synth import Effect

#: Donors taken by default: the municipality's most similar members. Twenty donors make
#: 21 units, so the smallest placebo p-value, 1/21, is below 0.05.
DEFAULT_DONORS = 20
_YEARS = re.compile(r"^\d{4}(-\d{4})?(,\d{4}(-\d{4})?)*$")


@dataclass(frozen=True)
class Predictor:
    """A predictor: the mean of ``code`` over ``years``."""

    code: str
    years: tuple[int, ...]

    @classmethod
    def parse(cls, text: str) -> Predictor:
        """Read ``CODE:YEARS`` where YEARS is ``Y``, ``Y1-Y2`` or ``Y1,Y2,…``."""
        code, _, years = text.rpartition(":")
        if not code or not _YEARS.match(years.replace(" ", "")):
            raise BenchlearnError.of("eff_bad_predictor", {"text": text})
        return cls(code, parse_years(years))

    @property
    def label(self) -> str:
        """``CODE 1964–1969`` or ``CODE 1961, 1963``: what the balance table calls it."""
        from benchlearn.messages import year_ranges

        return f"{self.code} {year_ranges(list(self.years))}"


def parse_years(text: str) -> tuple[int, ...]:
    """``1964``, ``1964-1969`` or ``1961,1963,1965`` (ranges may be mixed in): the years."""
    found: list[int] = []
    for part in text.replace(" ", "").split(","):
        first, _, last = part.partition("-")
        low, high = int(first), int(last or first)
        if high < low:
            raise BenchlearnError.of("eff_bad_years", {"text": text})
        found.extend(range(low, high + 1))
    return tuple(sorted(set(found)))


@dataclass(frozen=True)
class EffectStudy:
    """The effect study of one municipality's indicator: what went in and what came out.

    ``donors`` are in the order of ``result.weights``; ``predictors`` label the rows of
    the balance (``result.x1``, ``x_synthetic``, ``x_mean``, ``fit.predictor_weights``).
    """

    municipality: str
    indicator: str
    network: str
    start: int
    donors: tuple[str, ...]
    left_out: tuple[str, ...]
    fit_years: tuple[int, ...]
    predictors: tuple[str, ...]
    planned_out: tuple[str, ...]
    names: dict[str, str]
    indicator_names: dict[str, str]
    decimals: int
    result: Effect


def effect(
    engine: Engine,
    municipality: str,
    indicator: str,
    start: int,
    *,
    network: str | None = None,
    donors: str | None = None,
    fit_years: Sequence[int] | None = None,
    predictors: Sequence[Predictor] = (),
    placebos: bool = True,
    boundaries: int | None = None,
    until: int | None = None,
) -> EffectStudy:
    """The synthetic control of ``municipality``'s ``indicator`` from ``start`` on.

    ``network``: the one to read members and similarity from (None: the one network
    the municipality belongs to in the year before the start that compares the
    indicator); ``donors``: a ``--peers`` specification; ``fit_years``: the years whose
    outcome the twin must match (None: every year before the start with a value);
    ``predictors``: what the donor weights match (none: the outcome in each fit year);
    ``boundaries``: every year on that year's units, through the loaded crosswalk, so a
    plan that started before a territorial reform is judged on the units after it;
    ``until``: the last year read (None: every year with data), so a document of a
    year judges with what was known in it.
    """
    from benchlearn.analysis.synth import synthetic_control
    from benchlearn.messages import year_ranges

    if fit_years is not None and max(fit_years) >= start:
        raise BenchlearnError.of(
            "eff_fit_after_start", {"years": year_ranges(list(fit_years)), "start": start}
        )
    year = start - 1
    with engine.connect() as connection:
        chosen = network or _network_of(connection, municipality, indicator, year)
        ctx = open_context(
            connection, chosen, year, peers="network", require_data=False, boundaries=boundaries
        )
        ctx.definitions.indicator(indicator)
        spec = donors
        if spec is None:
            spec = f"similar:{DEFAULT_DONORS}" if ctx.network.structural else "network"
        pool = _donors(ctx, municipality, spec)
        codes = [indicator, *(p.code for p in predictors)]
        long = ctx.read(codes, None, [municipality, *pool])  # as the audience may see them
        if until is not None:
            long = long[long["year"] <= until]
        names = dict(ctx.names)
        definition = ctx.definitions.indicators[indicator]
        planners = _planners(connection, indicator, pool)
    panel = _panel(long, municipality, indicator, start, pool, fit_years, predictors)
    first, last = panel.years[0], panel.years[-1]
    planned_out = tuple(c for c in pool if any(first <= y <= last for y in planners.get(c, ())))
    if planned_out:
        pool = [c for c in pool if c not in planned_out]
        panel = _panel(long, municipality, indicator, start, pool, fit_years, predictors)
    if not panel.donors:
        raise BenchlearnError.of(
            "eff_no_donors", {"code": municipality, "spec": spec, "indicator": indicator}
        )
    result = synthetic_control(
        panel.x, panel.y, panel.years, start, panel.fit_years, placebos=placebos
    )
    return EffectStudy(
        municipality=municipality,
        indicator=indicator,
        network=chosen,
        start=start,
        donors=panel.donors,
        left_out=panel.left_out,
        fit_years=panel.fit_years,
        predictors=panel.labels,
        planned_out=planned_out,
        names=names,
        indicator_names=dict(definition.name),
        decimals=definition.decimals if definition.decimals is not None else 2,
        result=result,
    )


@dataclass(frozen=True)
class PlanEffect:
    """One target of a plan judged by :func:`effect` with the defaults: the study, or the
    error that says why there is none (too few years or donors to build a twin)."""

    plan: int
    indicator: str
    study: EffectStudy | None
    refusal: BenchlearnError | None = None


#: The statuses whose plans' effect the documents show: under way or finished.
JUDGED_STATUSES = ("active", "done")


def plan_effects(engine: Engine, plans: Sequence[Plan], year: int) -> tuple[PlanEffect, ...]:
    """Each target indicator of ``plans`` that are active or done and started by ``year``,
    judged with :func:`effect`'s defaults in the plan's network (a refusal kept, not
    raised: a document shows it as its sentence)."""
    found = []
    for chosen in plans:
        if chosen.status not in JUDGED_STATUSES or chosen.start_year > year:
            continue
        for code in dict.fromkeys(t.indicator for t in chosen.targets):
            try:
                study = effect(
                    engine,
                    chosen.municipality,
                    code,
                    chosen.start_year,
                    network=chosen.network,
                    until=year,
                )
            except BenchlearnError as refusal:
                found.append(PlanEffect(chosen.id, code, None, refusal))
            else:
                found.append(PlanEffect(chosen.id, code, study))
    return tuple(found)


def from_plan(
    engine: Engine, plan_id: int, network: str | None, indicator: str | None
) -> tuple[str, str, str, int]:
    """The municipality, network, indicator and start year a stored plan gives :func:`effect`
    (``benchlearn effect --plan``): ``indicator`` chooses among its targets, and must when it
    has several; ``network``, if given, must be the plan's."""
    from benchlearn.plans.store import plan

    found = plan(engine, plan_id)
    codes = [target.indicator for target in found.targets]
    if indicator is None and len(codes) == 1:
        indicator = codes[0]
    if indicator is None or indicator not in codes:
        key = "eff_plan_which" if indicator is None else "eff_plan_no_target"
        raise BenchlearnError.of(
            key, {"id": plan_id, "indicator": indicator or "", "codes": ", ".join(codes)}
        )
    if network is not None and network != found.network:
        raise BenchlearnError.of(
            "eff_plan_network", {"id": plan_id, "network": network, "own": found.network}
        )
    return found.municipality, found.network, indicator, found.start_year


def asked_effect(
    engine: Engine,
    municipality: str | None,
    indicator: str | None,
    start: int | None,
    *,
    plan: int | None = None,
    network: str | None = None,
    donors: str | None = None,
    fit_years: Sequence[int] | None = None,
    predictors: Sequence[Predictor] = (),
    boundaries: int | None = None,
    until: int | None = None,
) -> EffectStudy:
    """The study ``benchlearn effect`` and the Python API ask for: of a stored ``plan``
    (:func:`from_plan`, ``indicator`` choosing among its targets), else of ``municipality``'s
    ``indicator`` from ``start``, which must then all be given; the other options are
    :func:`effect`'s. One function, so the command and the API cannot drift apart."""
    if plan is not None:
        municipality, network, indicator, start = from_plan(engine, plan, network, indicator)
    elif municipality is None or indicator is None or start is None:
        raise BenchlearnError.of("eff_what", {})
    return effect(
        engine,
        municipality,
        indicator,
        start,
        network=network,
        donors=donors,
        fit_years=fit_years,
        predictors=predictors,
        boundaries=boundaries,
        until=until,
    )


def network_plans_effect(
    engine: Engine, network: str, indicator: str, *, lang: str = "en", seed: int = 0
) -> PlansEffect:
    """Several members, one action: the average effect of the plans members of ``network``
    started on ``indicator``, against the members without one (the staggered
    difference-in-differences of :func:`benchlearn.impact.network_effect`).

    A member with several such plans counts from its first start; a dropped plan counts
    too, as its start may already have changed what it did.
    """
    from benchlearn.impact import network_effect
    from benchlearn.plans.store import plans_for

    with engine.connect() as connection:
        starts: dict[str, int] = {}
        for plan in plans_for(connection, network=network, indicator=indicator):
            starts[plan.municipality] = min(plan.start_year, starts.get(plan.municipality, 9999))
        return network_effect(connection, network, indicator, starts, lang=lang, seed=seed)


def _planners(connection: Connection, indicator: str, pool: Sequence[str]) -> dict[str, list[int]]:
    """The start years of the donors' own plans with a target on ``indicator``."""
    from benchlearn.plans.store import plans_for

    wanted = set(pool)
    found: dict[str, list[int]] = {}
    for plan in plans_for(connection, indicator=indicator):
        if plan.municipality in wanted:
            found.setdefault(plan.municipality, []).append(plan.start_year)
    return found


def _donors(ctx: Context, municipality: str, spec: str) -> list[str]:
    """The donor pool a ``--donors`` specification names.

    ``similar:K`` is the K municipalities of the registry (valid in the Context's year)
    most similar to ``municipality`` on the network's structural variables, members or
    not: a twin is built from whoever resembles the municipality, and a network of a few
    members has too few of its own. Every other kind is read as ``--peers`` reads it.
    """
    try:
        return _pool(ctx, municipality, spec)
    except BenchlearnError as error:
        if error.key not in _DONOR_ERRORS:
            raise
        raise BenchlearnError.of(_DONOR_ERRORS[error.key], error.values) from None


#: The ``--peers`` language's errors, said of ``--donors`` where the donors were asked for.
_DONOR_ERRORS = {
    "cmp_peers_k": "eff_donors_k",
    "cmp_peers_kind": "eff_donors_kind",
    "cmp_peers_attribute": "eff_donors_attribute",
}


def _pool(ctx: Context, municipality: str, spec: str) -> list[str]:
    parsed = PeerSpec.parse(spec)
    if parsed.kind == "similar":
        year = ctx.year if ctx.boundaries is None else ctx.boundaries
        everyone = tuple(registry_members(ctx.connection, year))
        if municipality not in everyone:
            raise BenchlearnError.of(
                "eff_not_in_registry", {"code": municipality, "year": ctx.year}
            )
        wide = Context(ctx.connection, ctx.definitions, ctx.network, ctx.year, everyone)
        near = wide.nearest(parsed.k)
        return list(near.loc[near["municipality"] == municipality, "neighbour"])
    if spec != ctx.peers:
        ctx = open_context(
            ctx.connection, ctx.network.code, ctx.year, peers=spec, require_data=False
        )
    if parsed.kind == "network":
        ctx.require_member(municipality)
    return [c for c in ctx.assignment.peer_set(municipality) if c != municipality]


def _network_of(connection: object, municipality: str, indicator: str, year: int) -> str:
    """The one network that has ``municipality`` as a member in ``year`` and compares
    ``indicator``; with none or several, one sentence saying to choose with --network."""
    from sqlalchemy import Connection

    from benchlearn.definitions.store import stored_definitions

    assert isinstance(connection, Connection)
    definitions = stored_definitions(connection)
    found = []
    for code, network in definitions.networks.items():
        if indicator not in network.indicator_codes:
            continue
        members = members_in(connection, network, membership(connection, code), year)
        if municipality in members:
            found.append(code)
    if len(found) != 1:
        raise BenchlearnError.of(
            "eff_which_network",
            {
                "code": municipality,
                "indicator": indicator,
                "year": year,
                "networks": ", ".join(found) or "-",
            },
        )
    return found[0]


@dataclass(frozen=True)
class _Panel:
    x: np.ndarray
    y: np.ndarray
    years: tuple[int, ...]
    fit_years: tuple[int, ...]
    donors: tuple[str, ...]
    left_out: tuple[str, ...]
    labels: tuple[str, ...]


def _panel(
    long: object,
    municipality: str,
    indicator: str,
    start: int,
    pool: Sequence[str],
    fit_years: Sequence[int] | None,
    predictors: Sequence[Predictor],
) -> _Panel:
    """The outcome (years × units) and predictors (predictors × units), the municipality
    first; donors without what the panel needs are left out."""
    import numpy as np
    import pandas as pd

    assert isinstance(long, pd.DataFrame)
    long = long[long["value"].notna()]
    units = [municipality, *pool]
    outcome = long[long["indicator"] == indicator].pivot_table(
        index="year", columns="municipality", values="value", aggfunc="first"
    )
    outcome = outcome.reindex(columns=units)
    own = outcome[municipality].dropna() if municipality in outcome else pd.Series(dtype=float)
    before = [int(y) for y in own.index if y < start]
    after = [int(y) for y in own.index if y >= start]
    fit = [y for y in before if fit_years is None or y in set(fit_years)]
    if not after:
        raise BenchlearnError.of(
            "eff_no_data_after", {"code": municipality, "indicator": indicator, "start": start}
        )
    if not fit:
        raise BenchlearnError.of(
            "eff_no_fit_years", {"code": municipality, "indicator": indicator, "start": start}
        )
    needed = outcome.loc[fit + after]
    keep = [c for c in pool if needed[c].notna().all()]
    rows, labels = [], []
    for predictor in predictors:
        chosen = long[(long["indicator"] == predictor.code) & long["year"].isin(predictor.years)]
        means = chosen.groupby("municipality")["value"].mean().reindex(units)
        if pd.isna(means[municipality]):
            raise BenchlearnError.of(
                "eff_no_predictor",
                {"code": municipality, "predictor": predictor.label},
            )
        keep = [c for c in keep if pd.notna(means[c])]
        rows.append(means)
        labels.append(predictor.label)
    # The other years before the start count where every donor kept has them.
    columns = [municipality, *keep]
    years = sorted(
        y
        for y in own.index
        if int(y) in fit or int(y) in after or outcome.loc[y, columns].notna().all()
    )
    y = outcome.loc[years, columns].to_numpy(dtype=float)
    if rows:
        x = np.vstack([r[columns].to_numpy(dtype=float) for r in rows])
    else:
        x = outcome.loc[fit, columns].to_numpy(dtype=float)
        labels = [f"{indicator} {f}" for f in fit]
    return _Panel(
        x=x,
        y=y,
        years=tuple(int(v) for v in years),
        fit_years=tuple(fit),
        donors=tuple(keep),
        left_out=tuple(c for c in pool if c not in keep),
        labels=tuple(labels),
    )


def locative(name: str) -> str | None:
    """A Latvian municipality's name in the locative ("Bauskas novads" → "Bauskas novadā",
    "Rīgas valstspilsēta" → "Rīgas valstspilsētā"), or None when its last word is not one
    whose ending is known, so a sentence can be built another way."""
    head, _, last = name.rpartition(" ")
    endings = {"novads": "novadā", "valstspilsēta": "valstspilsētā", "pilsēta": "pilsētā"}
    if not head or last not in endings:
        return None
    return f"{head} {endings[last]}"


def sentence(study: EffectStudy, lang: str = "en") -> str:
    """What the study found, in one or two sentences of ``lang``: the average gap since the
    start against the twin with its largest donors, and how many of the municipalities
    compared showed a gap so large; or why it is not judged."""
    result = study.result
    name = study.names.get(study.municipality, study.municipality)
    indicator = study.indicator_names.get(lang) or study.indicator_names.get("en", study.indicator)
    if result.verdict in {"few_fit_years", "few_donors", "poor_fit"}:
        return say(
            f"eff_refused_{result.verdict}",
            lang,
            {
                "name": name,
                "indicator": indicator,
                "years": len(study.fit_years),
                "donors": len(study.donors),
                "rmspe": number(result.pre_rmspe, lang, study.decimals + 1),
                "spread": number(result.spread, lang, study.decimals + 1),
                "share": percent(100 * _poor_fit_share(), lang, 0),
            },
        )
    twin = "; ".join(
        f"{study.names.get(code, code)} {number(weight, lang, 2)}"
        for code, weight in sorted(
            zip(study.donors, result.weights, strict=True), key=lambda p: (-p[1], p[0])
        )
        if weight >= 0.005
    )
    synthetic = float(result.synthetic[~result.pre].mean())
    gap = result.average_effect
    share = abs(gap) / abs(synthetic) * 100 if synthetic else float("nan")
    where = locative(name) if lang == "lv" else None
    values = {
        "name": name,
        "where": where or name,
        "year": study.start,
        "indicator": indicator,
        # the gap, and as a share of the twin's value where that means something
        "amount": number(abs(gap), lang, study.decimals)
        + (f" ({percent(share, lang, 0)})" if math.isfinite(share) else ""),
        "twin": twin,
        "rank": result.rank,
        "units": result.units,
        "p": number(result.p_value or 0.0, lang, 3),
    }
    direction = "higher" if gap > 0 else "lower"
    first = say(
        f"eff_sentence_{direction}" + ("" if where or lang != "lv" else "_named"), lang, values
    )
    units = result.units or 0
    one = units % 10 == 1 and units % 100 != 11
    return first + " " + say("eff_sentence_placebos" + ("_one" if one else ""), lang, values)


def _poor_fit_share() -> float:
    from benchlearn.analysis.synth import POOR_FIT_SHARE

    return POOR_FIT_SHARE
