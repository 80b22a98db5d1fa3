"""Comparisons for a network and year, on a Context: the database read once, the maths fed from it.

Every comparison takes the :class:`~benchlearn.context.Context` a command
opened: :func:`rank`, :func:`similar`, :func:`explain`, :func:`clusters`,
:func:`index`, :func:`partners` and :func:`funnel`. The maths lives in
:mod:`benchlearn.analysis`; what is read once lives in the Context.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal, cast

from benchlearn.context import Context, open_context
from benchlearn.definitions import IndicatorDefinition, StructuralSpec
from benchlearn.errors import BenchlearnError
from benchlearn.frames import usable_matrix

if TYPE_CHECKING:
    import pandas as pd

    from benchlearn.analysis.composite import Normalisation
    from benchlearn.analysis.similarity import Standardised

__all__ = [
    "ClusterResult",
    "Context",
    "Similar",
    "change",
    "FunnelResult",
    "Ranking",
    "RankingPieces",
    "clusters",
    "explain",
    "funnel",
    "index",
    "open_context",
    "partners",
    "partners_of",
    "rank",
    "ranking",
    "ranking_pieces",
    "similar",
    "yes_counts",
]

Aggregation = Literal["arithmetic", "geometric"]

#: What :func:`partners` returns.
PARTNER_COLUMNS = [
    "indicator", "partner", "partner_value", "own_value", "gap", "similarity", "contact",
    "practice", "practice_text", "practice_url",
]  # fmt: skip


def rank(ctx: Context, *, indicator: str | None = None, since: int | None = None) -> pd.DataFrame:
    """Each member's rank and peer statistics for every indicator of the network.

    Columns: :data:`RANK_COLUMNS`: those of :data:`benchlearn.analysis.ranking.COLUMNS`
    and, filled for indicators with counts, the intervals, the peers' pooled
    value and the significance (:data:`benchlearn.analysis.significance.COLUMNS`);
    with ``since`` also :data:`benchlearn.analysis.change.COLUMNS`: ``value_since,
    rank_since, value_change, rank_change`` (rank_change > 0 is an improvement), the
    change's interval, direction and significance (:func:`change`). With the Context's
    ``boundaries`` every year is shown on that year's units. Self-assessed levels and yes/no answers
    keep their values and peer statistics but have no rank, quarter, z or band
    (:meth:`Context.direction`); :func:`ranking` is what ``benchlearn rank`` prints.
    """
    codes = list(ctx.codes)
    if indicator is not None:
        ctx.definitions.indicator(indicator)
        codes = [indicator]
    ctx.require_peers()
    ranked = ctx.ranked(ctx.year, codes)[rank_columns()]
    if since is not None:
        ctx.require_data(since)
        ranked = _add_change(ctx, ranked, ctx.ranked(since, codes))
    return ranked


@dataclass(frozen=True)
class Ranking:
    """What ``benchlearn rank`` shows: the ranked indicators' rows, the self-assessed levels
    left out (never ranked) and the yes/no answers counted instead of ranked."""

    table: pd.DataFrame  # rank() rows of the indicators that are ranked
    levels: tuple[str, ...]  # ordinal indicators asked for: not ranked
    counts: pd.DataFrame  # yes_counts() of the yes/no indicators asked for


def ranking(ctx: Context, *, indicator: str | None = None, since: int | None = None) -> Ranking:
    """:func:`rank` for the indicators that are ranked; levels named, yes/no answers counted.

    Fails with one sentence (where the levels are shown) when only self-assessed
    levels were asked for.
    """
    levels, answers = _not_ranked(ctx, indicator)
    table = _ranked_only(ctx, rank(ctx, indicator=indicator, since=since))
    return Ranking(table, levels, yes_counts(ctx, answers))


@dataclass(frozen=True)
class RankingPieces:
    """:class:`Ranking` with its table in pieces, to be written as they come: a year of
    Kolada ranked whole took gigabytes (:meth:`Context.ranked_pieces`)."""

    pieces: Iterator[pd.DataFrame]  # the rows of Ranking.table, in its order and columns
    levels: tuple[str, ...]
    counts: pd.DataFrame


def ranking_pieces(
    ctx: Context, *, indicator: str | None = None, since: int | None = None
) -> RankingPieces:
    """:func:`ranking`, its table in pieces of whole indicators (at least one, empty when
    there are no rows); with ``since`` one piece, as the two years are compared whole.

    Fails as :func:`ranking` does before any piece is made; the pieces are made from the
    Context's connection, so they are read while it is open.
    """
    levels, answers = _not_ranked(ctx, indicator)
    counts = yes_counts(ctx, answers)
    if since is not None or indicator is not None:
        pieces: Iterator[pd.DataFrame] = iter([rank(ctx, indicator=indicator, since=since)])
    else:
        ctx.require_peers()
        columns = rank_columns()
        pieces = (p[columns] for p in ctx.ranked_pieces(ctx.year, list(ctx.codes)))
    return RankingPieces((_ranked_only(ctx, p) for p in pieces), levels, counts)


def _not_ranked(ctx: Context, indicator: str | None) -> tuple[tuple[str, ...], list[str]]:
    """The self-assessed levels and the yes/no answers among the indicators asked for;
    fails when there are only levels."""
    codes = list(ctx.codes) if indicator is None else [ctx.definitions.indicator(indicator).code]
    kinds = {c: ctx.definitions.indicators[c] for c in codes}
    levels = tuple(c for c in codes if kinds[c].ordinal)
    if levels and len(levels) == len(codes):
        subject = ctx.network.code if indicator is None else indicator
        raise levels_not_ranked(ctx, subject)
    return levels, [c for c in codes if kinds[c].yes_no]


def _ranked_only(ctx: Context, table: pd.DataFrame) -> pd.DataFrame:
    """The rows of indicators that are ranked (not levels, not yes/no answers)."""
    defs = ctx.definitions.indicators
    present = table["indicator"].unique()
    ranked = [c for c in present if defs[str(c)].ranked]
    if len(ranked) < len(present):  # a copy of half a million rows only when some are left out
        table = table[table["indicator"].isin(ranked).to_numpy()]
    return table.reset_index(drop=True)


def rank_columns() -> list[str]:
    """The columns :func:`rank` returns (without ``since``)."""
    from benchlearn.analysis.rank_sets import SET_COLUMNS
    from benchlearn.analysis.ranking import COLUMNS
    from benchlearn.analysis.significance import COLUMNS as COUNT_COLUMNS

    return [*COLUMNS, *SET_COLUMNS, *COUNT_COLUMNS]


def _add_change(ctx: Context, now: pd.DataFrame, before: pd.DataFrame) -> pd.DataFrame:
    """``now`` with :data:`benchlearn.analysis.change.COLUMNS`: the change since ``before``
    and whether it is significant (see :mod:`benchlearn.analysis.change`)."""
    from benchlearn.analysis.change import changes, noise

    codes = sorted(set(now["indicator"]))
    return changes(
        now,
        before,
        {c: ctx.direction(c) for c in codes},
        ctx.counted(codes),
        {str(k): float(v) for k, v in noise(_usable_history(ctx)).items()},
        confidence=ctx.confidence,
    )


def _usable_history(ctx: Context) -> pd.DataFrame:
    """The members' usable values of the network's indicators up to the Context's year."""
    history = ctx.history
    usable = history[
        history["status"].isna() & history["value"].notna() & (history["year"] <= ctx.year)
    ]
    return usable[usable["indicator"].isin(list(ctx.codes))]


def change(ctx: Context, ranked: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, int]]:
    """:func:`rank`'s rows with each value's change since its indicator's latest earlier year.

    Indicators are not all published every year (a biennial survey, say), so the
    year to compare with is chosen per indicator, not once for the network; the
    earlier year is ranked on the same peers, so ``rank_change`` compares like
    with like. Returns the rows with :data:`benchlearn.analysis.change.COLUMNS`
    and each indicator's earlier year (indicators without one are left out).
    """
    import pandas as pd

    usable = _usable_history(ctx)
    before = usable[usable["year"] < ctx.year]
    since = {str(k): int(v) for k, v in before.groupby("indicator")["year"].max().items()}
    by_year: dict[int, list[str]] = {}
    for code, year in since.items():
        by_year.setdefault(year, []).append(code)
    if by_year:  # every earlier year's values (with their counts) in one query
        defs = ctx.definitions.indicators
        needed = {c for codes in by_year.values() for c in codes}
        needed |= {p for c in needed for p in (defs[c].numerator, defs[c].denominator) if p}
        if ctx.network.population:
            needed.add(ctx.network.population)
        ctx.values_in_years(sorted(needed), sorted(by_year))
    earlier = [ctx.ranked(year, sorted(codes)) for year, codes in sorted(by_year.items())]
    columns = ["municipality", "indicator", "value", "rank", "numerator", "denominator"]
    previous = (
        pd.concat([e[columns] for e in earlier], ignore_index=True)
        if earlier
        else pd.DataFrame(
            {c: pd.Series(dtype=object if c in columns[:2] else float) for c in columns}
        )  # fmt: skip
    )
    return _add_change(ctx, ranked, previous), since


@dataclass(frozen=True)
class Similar:
    """Nearest neighbours, with the variables they were found on and who was left out."""

    neighbours: pd.DataFrame  # municipality, neighbour, order, distance, similarity
    excluded: pd.DataFrame  # municipality, missing: members without any variable used
    variables: tuple[str, ...]  # the structural variables used
    dropped: tuple[str, ...]  # variables left out: figures for too few members this year
    #: municipality, missing: members compared on the variables they have (fewer than all)
    partial: pd.DataFrame | None = None
    #: variable → (earliest, latest) year of the figures used
    years: dict[str, tuple[int, int]] = field(default_factory=dict)
    #: years either side of the year compared the figures could come from
    window: int = 3


def similar(
    ctx: Context,
    *,
    k: int = 15,
    municipality: str | None = None,
    variables: Sequence[StructuralSpec] | None = None,
) -> Similar:
    """Nearest neighbours on the structural variables, and what they were found on.

    Each variable comes from the nearest year within the Context's window
    (``years`` says which); members with gaps are compared on the variables
    they have (``partial``), those with none are ``excluded``.
    """
    from benchlearn.analysis.similarity import nearest_neighbours, years_used

    std = ctx.structural(variables)
    used = tuple(v.code for v in std.variables)
    if municipality is None and not variables:
        # Every member's, kept in the Context for partners and peers.
        near = ctx.nearest(k)
    else:
        focal = None
        if municipality is not None:
            _require_compared(ctx, std, municipality)
            focal = [municipality]
        near = nearest_neighbours(std, k=k, municipalities=focal)
    return Similar(
        near, std.excluded, used, std.dropped, std.partial, years_used(std), ctx.structural_window
    )


def explain(
    ctx: Context, a: str, b: str, variables: Sequence[StructuralSpec] | None = None
) -> pd.DataFrame:
    """How much each structural variable contributes to the distance between two members.

    Columns: ``variable, value_a, value_b, z_a, z_b, weight, contribution, share``.
    """
    from benchlearn.analysis.similarity import explain as explain_pair

    std = ctx.structural(variables)
    for code in (a, b):
        _require_compared(ctx, std, code)
    return explain_pair(std, a, b)


def _require_compared(ctx: Context, std: Standardised, code: str) -> None:
    if code in std.matrix.index:
        return
    excluded = std.excluded.set_index("municipality")["missing"]
    if code in excluded.index:
        raise BenchlearnError.of("cmp_left_out", {"code": code, "missing": excluded[code]})
    raise BenchlearnError.of(
        "cmp_not_member", {"code": code, "network": ctx.network.code, "year": ctx.year}
    )


@dataclass(frozen=True)
class ClusterResult:
    """Clusters with what chose and checks them."""

    assignments: pd.DataFrame  # municipality, cluster
    silhouettes: pd.DataFrame | None  # k, silhouette (with --auto)
    excluded: pd.DataFrame  # municipality, missing
    variables: tuple[str, ...]
    adjusted_rand: float | None = None
    crosstab: pd.DataFrame | None = None
    dropped: tuple[str, ...] = ()  # variables with figures for too few members this year
    #: municipality, missing: members with gaps, clustered with them estimated from the rest
    partial: pd.DataFrame | None = None
    #: variable → (earliest, latest) year of the figures used
    years: dict[str, tuple[int, int]] = field(default_factory=dict)
    #: years either side of the year compared the figures could come from
    window: int = 3


def clusters(
    ctx: Context,
    *,
    k: int | None = None,
    auto: bool = False,
    compare: str | None = None,
    variables: Sequence[StructuralSpec] | None = None,
) -> ClusterResult:
    """Ward clusters of the members; optionally compared with an official grouping attribute.

    Members with gaps are clustered with them estimated from their other figures
    (``partial``; :func:`benchlearn.analysis.similarity.estimate_gaps`).
    """
    from benchlearn.analysis.similarity import clusters as ward
    from benchlearn.analysis.similarity import compare_groupings, years_used

    if k is None and not auto:
        raise BenchlearnError.of("cmp_k_or_auto")
    std = ctx.structural(variables)
    assignments, silhouettes = ward(std, k, auto=auto)
    result = ClusterResult(
        assignments,
        silhouettes,
        std.excluded,
        tuple(v.code for v in std.variables),
        dropped=std.dropped,
        partial=std.partial,
        years=years_used(std),
        window=ctx.structural_window,
    )
    if compare:
        attributes = ctx.attributes
        if compare not in attributes.columns:
            raise BenchlearnError.of("cmp_no_attribute", {"name": compare})
        official = attributes.set_index("code")[compare].dropna().astype(str)
        ari, table = compare_groupings(assignments.set_index("municipality")["cluster"], official)
        result = ClusterResult(
            assignments,
            silhouettes,
            std.excluded,
            result.variables,
            ari,
            table,
            std.dropped,
            std.partial,
            result.years,
            result.window,
        )
    return result


def index(
    ctx: Context,
    *,
    normalisation: str | None = None,
    aggregation: str | None = None,
    min_coverage: float | None = None,
    draws: int = 1000,
    seed: int = 0,
) -> pd.DataFrame:
    """The network's composite index for the members, over the indicators that are ranked.

    Self-assessed levels and yes/no answers are never in it
    (:attr:`~benchlearn.definitions.IndicatorDefinition.ranked`); a network with
    nothing else has no index (an error that says where its levels are shown).
    Columns: ``municipality, score, rank, rank_low, rank_high, rank_median,
    coverage``; ``attrs["min_coverage"]`` is the share of the weight a member
    needed to be ranked.
    """
    from benchlearn.analysis.composite import composite_index

    ctx.require_members()
    codes = [c for c in ctx.codes if ctx.definitions.indicators[c].ranked]
    if not codes:
        raise levels_not_ranked(ctx, ctx.network.code)
    needed = ctx.network.min_coverage if min_coverage is None else min_coverage
    wide = usable_matrix(ctx.values(codes), index=ctx.members, columns=codes)
    frame = composite_index(
        wide,
        {c: ctx.definitions.indicators[c].direction for c in codes},
        {i.code: i.weight for i in ctx.network.indicators},
        normalisation=cast("Normalisation", normalisation or ctx.network.normalisation),
        aggregation=cast("Aggregation", aggregation or ctx.network.aggregation),
        min_coverage=needed,
        draws=draws,
        seed=seed,
    )
    frame.attrs["min_coverage"] = needed
    return frame


def levels_not_ranked(ctx: Context, subject: str) -> BenchlearnError:
    """The one sentence for a ranking asked of self-assessed levels: where to see them."""
    return BenchlearnError.of(
        "run_levels_not_ranked",
        {"indicators": subject, "network": ctx.network.code, "year": str(ctx.year)},
    )


def yes_counts(ctx: Context, codes: Sequence[str] | None = None) -> pd.DataFrame:
    """How many members answered yes to each yes/no indicator (they are counted, not ranked).

    Columns: ``indicator, yes, answered`` (members with a usable answer), network order.
    """
    import numpy as np
    import pandas as pd

    chosen = [c for c in (codes or ctx.codes) if ctx.definitions.indicators[c].yes_no]
    if not chosen:  # nothing to read
        none = np.zeros(0, dtype=int)
        return pd.DataFrame({"indicator": chosen, "yes": none, "answered": none})
    long = ctx.values(chosen)
    usable = long[
        long["municipality"].isin(ctx.members) & long["status"].isna() & long["value"].notna()
    ]
    counted = (
        usable.assign(yes=usable["value"].astype(float) >= 0.5)
        .groupby("indicator")
        .agg(yes=("yes", "sum"), answered=("value", "size"))
        .reindex(chosen, fill_value=0)
    )
    return pd.DataFrame(
        {
            "indicator": chosen,
            "yes": counted["yes"].astype(int).to_numpy(),
            "answered": counted["answered"].astype(int).to_numpy(),
        }
    )


def partners(
    ctx: Context, municipality: str, *, k: int = 15, per_indicator: int = 3
) -> pd.DataFrame:
    """Whom to learn from, by the benchlearning rule; every output lists these rows.

    * Only on the indicators where the municipality is weaker than its peers:
      its value worse than the comparator (:meth:`Context.comparator_for`),
      direction-aware; none on its strong ones.
    * Only partners clearly better there, and better than the municipality:
      significantly better than the comparator where the indicator has counts
      (and the partner has them), else at least "better" (a robust z above
      1.5, the band boundary of :func:`benchlearn.analysis.ranking.band_for`).
    * Candidates are the municipality's ``k`` most similar on the structural
      variables (``ctx.nearest``); one without a similarity is never a partner,
      so a municipality without structural figures has none. Only when the
      network declares no structural variables are they its peer group
      (``similarity`` empty).
    * Per indicator (network order): a partner with a good practice recorded on
      that indicator first, then the most similar, then the larger gap; at most
      ``per_indicator``.

    ``gap`` is the partner's advantage in median absolute deviations of the
    peer group (empty where they do not vary). Columns :data:`PARTNER_COLUMNS`:
    ``contact`` from the registry (the forms status's reminder list reads the
    same), ``practice`` the titles of the partner's practice on the indicator
    (else on the network in general), ``practice_text`` and ``practice_url``
    in full, joined by "; " when there are several.
    """
    return partners_of(ctx, [municipality], k=k, per_indicator=per_indicator)[municipality]


def partners_of(
    ctx: Context, municipalities: Sequence[str], *, k: int = 15, per_indicator: int = 3
) -> dict[str, pd.DataFrame]:
    """:func:`partners` of each of ``municipalities``, found for all of them at once (one
    frame of every member's candidates, not a loop per member: a site asks for every one)."""
    import pandas as pd

    from benchlearn.learning import clearly_better
    from benchlearn.registry.practices import with_practice

    for municipality in municipalities:
        ctx.require_member(municipality)
    if not municipalities:
        return {}
    found = clearly_better(ctx, municipalities, k)
    if found is None:
        return {m: pd.DataFrame(columns=PARTNER_COLUMNS) for m in municipalities}
    codes = [c for c in ctx.codes if ctx.direction(c) != "neutral"]
    found = with_practice(found, ctx.practices)
    found["contact"] = [ctx.contacts.get(p, "") for p in found["partner"]]
    found["order"] = found["indicator"].map({c: i for i, c in enumerate(codes)})
    found = found.sort_values(
        ["municipality", "order", "on_indicator", "similarity", "gap", "partner"],
        ascending=[True, True, False, False, False, True],
    )
    chosen = found.groupby(["municipality", "indicator"], sort=False).head(per_indicator)
    by_member = dict(iter(chosen.groupby("municipality", sort=False)))
    empty = chosen.iloc[0:0]
    return {
        m: by_member.get(m, empty)[PARTNER_COLUMNS].reset_index(drop=True) for m in municipalities
    }


@dataclass(frozen=True)
class FunnelResult:
    """A funnel plot of one indicator: the table, the overdispersion and who is not on it."""

    definition: IndicatorDefinition
    table: pd.DataFrame  # FUNNEL_COLUMNS with ``name`` after ``municipality``
    phi: float
    tau2: float
    adjusted: bool
    left_out: list[str]  # members without usable counts (missing, confidential, suppressed)
    #: The comparator the centre line is (``median``, ``pooled``, ``all``): the one the
    #: colours of the same values are judged against.
    reference: str = "pooled"
    #: The denominator's definition, whose name titles the funnel's x-axis.
    denominator: IndicatorDefinition | None = None


def funnel(ctx: Context, indicator: str, *, adjust: bool = False) -> FunnelResult:
    """Every member with counts against the funnel around its peers' pooled value.

    With ``adjust``, the limits are widened for overdispersion (Spiegelhalter
    2005); ``phi`` is reported either way.
    """
    from benchlearn.analysis.significance import funnel as funnel_table
    from benchlearn.values import standard_errors

    definition = ctx.definitions.indicator(indicator)
    counted = ctx.counted([indicator])
    if indicator not in counted:
        errors = standard_errors(ctx.connection, [indicator], ctx.year, boundaries=ctx.boundaries)
        if errors.empty:
            raise BenchlearnError.of("cmp_needs_counts", {"indicator": indicator})
        return _error_funnel(ctx, definition, errors)
    ctx.require_peers()
    ranked = ctx.ranked(ctx.year, [indicator])
    usable = ranked["numerator"].notna() & ranked["value"].notna() & (ranked["denominator"] > 0)
    rows = ranked[usable].rename(columns={"comparator": "target"})
    result = funnel_table(rows, counted[indicator], adjust=adjust)
    table = result.table
    table.insert(1, "name", table["municipality"].map(lambda m: ctx.names.get(m, m)))
    left_out = sorted(set(ctx.members) - set(table["municipality"]))
    reference = ctx.comparator_for(indicator)
    below = ctx.definitions.indicators.get(definition.denominator or "")
    return FunnelResult(
        definition, table, result.phi, result.tau2, adjust, left_out, reference, below
    )


def _error_funnel(
    ctx: Context, definition: IndicatorDefinition, errors: pd.DataFrame
) -> FunnelResult:
    """:func:`funnel` of an indicator without counts whose values carry a standard error:
    Spiegelhalter's funnel for normal data with known se
    (:func:`benchlearn.analysis.significance.error_funnel`), around each value's comparator;
    the table's ``precision`` (1/se²) stands where counts have their denominator."""
    from benchlearn.analysis.significance import error_funnel

    ctx.require_peers()
    ranked = ctx.ranked(ctx.year, [definition.code])
    rows = ranked.merge(errors, on=["municipality", "indicator"])
    table = error_funnel(rows.rename(columns={"comparator": "target"}))
    table.insert(1, "name", table["municipality"].map(lambda m: ctx.names.get(m, m)))
    left_out = sorted(set(ctx.members) - set(table["municipality"]))
    reference = ctx.comparator_for(definition.code)
    return FunnelResult(definition, table, float("nan"), 0.0, False, left_out, reference)
