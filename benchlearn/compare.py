"""Comparisons for a network and year, on a Context: the database read once, the maths fed from it.

Every comparison takes the :class:`~benchlearn.context.Context` a command
opened: :func:`rank`, :func:`similar`, :func:`explain`, :func:`clusters`,
:func:`index`, :func:`partners` and :func:`funnel`. The maths lives in
:mod:`benchlearn.analysis`; what is read once lives in the Context.
"""

from __future__ import annotations

from collections.abc import Sequence
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
    "FunnelResult",
    "clusters",
    "explain",
    "funnel",
    "index",
    "open_context",
    "partners",
    "rank",
    "similar",
]

Aggregation = Literal["arithmetic", "geometric"]

#: What :func:`partners` returns.
PARTNER_COLUMNS = ["indicator", "partner", "partner_value", "own_value", "gap", "similarity"]


def parse_variables(text: str | None) -> tuple[StructuralSpec, ...] | None:
    """``POP:log,TAXBASE,AREA:log:0.5`` → structural specs (code, then ``log`` and/or a weight)."""
    if not text:
        return None
    specs = []
    for item in text.split(","):
        parts = [p.strip() for p in item.strip().split(":")]
        code, log, weight = parts[0], False, 1.0
        for flag in parts[1:]:
            if flag == "log":
                log = True
            else:
                try:
                    weight = float(flag)
                except ValueError:
                    raise BenchlearnError(
                        f"--vars: {item.strip()!r}: expected CODE[:log][:WEIGHT]"
                    ) from None
        if not code:
            raise BenchlearnError(f"--vars: {item!r} has no indicator code")
        specs.append(StructuralSpec(code, log, weight))
    return tuple(specs)


def rank(ctx: Context, *, indicator: str | None = None, since: int | None = None) -> pd.DataFrame:
    """Each member's rank and peer statistics for every indicator of the network.

    Columns: :data:`RANK_COLUMNS`: those of :data:`benchlearn.analysis.ranking.COLUMNS`
    and, filled for indicators with counts, the intervals, the peers' pooled
    value and the significance (:data:`benchlearn.analysis.significance.COLUMNS`);
    with ``since`` also ``value_since, rank_since, value_change, rank_change``
    (rank_change > 0 is an improvement). With the Context's ``boundaries`` every
    year is shown on that year's units.
    """
    codes = list(ctx.codes)
    if indicator is not None:
        ctx.definitions.indicator(indicator)
        codes = [indicator]
    ranked = ctx.ranked(ctx.year, codes)[rank_columns()]
    if since is not None:
        ranked = _add_change(ranked, ctx.ranked(since, codes))
    return ranked


def rank_columns() -> list[str]:
    """The columns :func:`rank` returns (without ``since``)."""
    from benchlearn.analysis.ranking import COLUMNS
    from benchlearn.analysis.significance import COLUMNS as COUNT_COLUMNS

    return [*COLUMNS, *COUNT_COLUMNS]


def _add_change(now: pd.DataFrame, before: pd.DataFrame) -> pd.DataFrame:
    earlier = before[["municipality", "indicator", "value", "rank"]].rename(
        columns={"value": "value_since", "rank": "rank_since"}
    )
    merged = now.merge(earlier, on=["municipality", "indicator"], how="left")
    merged["value_change"] = merged["value"] - merged["value_since"]
    merged["rank_change"] = (merged["rank_since"] - merged["rank"]).astype("Int64")
    return merged


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
            _require_compared(std, municipality)
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
        _require_compared(std, code)
    return explain_pair(std, a, b)


def _require_compared(std: Standardised, code: str) -> None:
    if code in std.matrix.index:
        return
    excluded = std.excluded.set_index("municipality")["missing"]
    if code in excluded.index:
        raise BenchlearnError(f"{code} is left out: no value for {excluded[code]}")
    raise BenchlearnError(f"{code} is not a member of the network in this year")


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
        raise BenchlearnError("give --k N or --auto")
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
            raise BenchlearnError(f"--compare {compare}: no such municipality attribute")
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
    """The network's composite index for the members.

    Columns: ``municipality, score, rank, rank_low, rank_high, rank_median, coverage``.
    """
    from benchlearn.analysis.composite import composite_index

    codes = list(ctx.codes)
    wide = usable_matrix(ctx.values(codes), index=ctx.members, columns=codes)
    return composite_index(
        wide,
        {c: ctx.definitions.indicators[c].direction for c in codes},
        {i.code: i.weight for i in ctx.network.indicators},
        normalisation=cast("Normalisation", normalisation or ctx.network.normalisation),
        aggregation=cast("Aggregation", aggregation or ctx.network.aggregation),
        min_coverage=ctx.network.min_coverage if min_coverage is None else min_coverage,
        draws=draws,
        seed=seed,
    )


def partners(
    ctx: Context, municipality: str, *, k: int = 15, per_indicator: int = 3
) -> pd.DataFrame:
    """Whom to visit: similar municipalities that do clearly better, a few per indicator.

    Candidates are the municipality's ``k`` nearest neighbours on the structural
    variables (or its peers when the network declares none, or when the
    municipality lacks structural figures). A candidate is a partner for an
    indicator when its value is better than the municipality's and it stands
    out among its own peers: significantly better where the indicator has
    counts, else at least "slightly better" (robust z above 0.5). The most
    similar come first, at most ``per_indicator`` per indicator. ``gap`` is the
    partner's advantage in median absolute deviations of the municipality's
    peer group, direction-aware. Columns: ``indicator, partner, partner_value,
    own_value, gap, similarity``, by indicator (network order), then similarity.
    """
    import numpy as np
    import pandas as pd

    ctx.require_member(municipality)
    candidates = pd.Series(
        np.nan, index=sorted(set(ctx.assignment.peer_set(municipality)) - {municipality})
    )
    if ctx.network.structural:
        try:
            _require_compared(ctx.structural(), municipality)
        except BenchlearnError:
            pass  # no usable structural figures yet: learn from the peer group instead
        else:
            near = ctx.nearest(k)
            candidates = near[near["municipality"] == municipality].set_index("neighbour")[
                "similarity"
            ]
    directions = {c: ctx.definitions.indicators[c].direction for c in ctx.codes}
    codes = [c for c in ctx.codes if directions[c] != "neutral"]
    ranked = ctx.ranked(ctx.year, list(ctx.codes), everyone=True)
    ranked = ranked[ranked["indicator"].isin(codes)]
    own = ranked[
        (ranked["municipality"] == municipality)
        & ranked["value"].notna()
        & (ranked["n"] >= 2)
        & (ranked["peer_mad"] > 0)
    ][["indicator", "value", "peer_mad"]].rename(columns={"value": "own_value"})
    offered = ranked[ranked["municipality"].isin(candidates.index) & ranked["value"].notna()]
    offered = offered[["municipality", "indicator", "value", "robust_z", "significance"]]
    found = offered.rename(columns={"municipality": "partner", "value": "partner_value"}).merge(
        own, on="indicator"
    )
    sign = np.where(found["indicator"].map(directions) == "lower", -1.0, 1.0)
    found["gap"] = sign * (found["partner_value"] - found["own_value"]) / found["peer_mad"]
    counted = found["significance"].map(lambda s: isinstance(s, str))
    stands_out = np.where(counted, found["significance"] == "better", found["robust_z"] > 0.5)
    found = found[(found["gap"] > 0) & stands_out].copy()
    found["similarity"] = found["partner"].map(candidates).astype(float)
    found["order"] = found["indicator"].map({c: i for i, c in enumerate(codes)})
    found = found.sort_values(
        ["order", "similarity", "gap", "partner"], ascending=[True, False, False, True]
    )
    return (
        found.groupby("indicator", sort=False)
        .head(per_indicator)[PARTNER_COLUMNS]
        .reset_index(drop=True)
    )


@dataclass(frozen=True)
class FunnelResult:
    """A funnel plot of one indicator: the table, the overdispersion and who is not on it."""

    definition: IndicatorDefinition
    table: pd.DataFrame  # FUNNEL_COLUMNS with ``name`` after ``municipality``
    phi: float
    tau2: float
    adjusted: bool
    left_out: list[str]  # members without usable counts (missing, confidential, suppressed)


def funnel(ctx: Context, indicator: str, *, adjust: bool = False) -> FunnelResult:
    """Every member with counts against the funnel around its peers' pooled value.

    With ``adjust``, the limits are widened for overdispersion (Spiegelhalter
    2005); ``phi`` is reported either way.
    """
    from benchlearn.analysis.significance import funnel as funnel_table

    definition = ctx.definitions.indicator(indicator)
    counted = ctx.counted([indicator])
    if indicator not in counted:
        raise BenchlearnError(
            f"{indicator} has no counts behind it: a funnel plot needs an indicator with "
            "statistic: proportion or rate, a numerator and a denominator"
        )
    ranked = ctx.ranked(ctx.year, [indicator])
    usable = ranked["numerator"].notna() & ranked["value"].notna() & (ranked["denominator"] > 0)
    rows = ranked[usable].rename(columns={"comparator": "target"})
    result = funnel_table(rows, counted[indicator], adjust=adjust)
    table = result.table
    table.insert(1, "name", table["municipality"].map(lambda m: ctx.names.get(m, m)))
    left_out = sorted(set(ctx.members) - set(table["municipality"]))
    return FunnelResult(definition, table, result.phi, result.tau2, adjust, left_out)
