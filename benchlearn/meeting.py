"""What a network meeting needs, gathered once: rankings, index, trends, similarity, partners.

The workbook writer and the position report both read this bundle, so the
numbers in every sheet and sentence come from the same comparisons, computed
from one :class:`~benchlearn.compare.Context`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from benchlearn.compare import ClusterResult, Context, partners_of
from benchlearn.compare import change as changes
from benchlearn.compare import clusters as ward
from benchlearn.compare import index as composite
from benchlearn.compare import rank as rank_members
from benchlearn.compare import similar as nearest
from benchlearn.definitions import Definitions, NetworkDefinition
from benchlearn.errors import BenchlearnError

if TYPE_CHECKING:
    import pandas as pd

PROFILE_LIMIT = 12


@dataclass(frozen=True)
class MeetingData:
    """Everything the comparison workbook shows, for one network, year and peer basis."""

    definitions: Definitions
    network: NetworkDefinition
    year: int
    peers: str
    boundaries: int | None
    confidence: float  # the level significance is judged at, in percent
    members: tuple[str, ...]
    names: dict[str, str]
    ranked: (
        pd.DataFrame
    )  # compare.rank columns (significance ones too) plus analysis.change.COLUMNS
    index: pd.DataFrame  # compare.index columns
    history: pd.DataFrame  # indicators and components: municipality, indicator, year, value, status
    since: dict[str, int]  # indicator → the earlier year its change is measured from
    profiles: tuple[str, ...]
    partners: dict[str, pd.DataFrame]  # municipality → compare.partners (PARTNER_COLUMNS)
    neighbours: pd.DataFrame | None  # compare.similar columns (k = 5)
    clusters: ClusterResult | None
    excluded: pd.DataFrame | None
    #: The structural variables the neighbours were found on, and those left out for the year
    #: (figures for too few members).
    variables: tuple[str, ...] = ()
    dropped: tuple[str, ...] = ()
    #: Members compared on the variables they have (``municipality, missing``), and the
    #: (earliest, latest) year of each variable's figures (the nearest year within the window).
    partial: pd.DataFrame | None = None
    years: dict[str, tuple[int, int]] = field(default_factory=dict)
    #: With ``boundaries``: the units whose earlier figures are left missing because part of
    #: an old unit of unknown size went into them, as (unit, old units, first year rebuilt).
    unapportioned: tuple[tuple[str, tuple[str, ...], int], ...] = ()
    #: Members that joined in the year, and former members that left in it.
    joined: tuple[str, ...] = ()
    left: tuple[str, ...] = ()
    #: The ``--comparator`` chosen (None: each indicator's own, else the median); the
    #: ``comparator`` column of ``ranked`` holds each value's reference accordingly.
    comparator: str | None = None
    #: Profiles with no learning partners because they have no similarity (the network
    #: declares structural variables they have no figures for).
    unsimilar: tuple[str, ...] = ()

    @property
    def codes(self) -> tuple[str, ...]:
        """The network's indicator codes in definition order."""
        return self.network.indicator_codes


def gather(
    ctx: Context,
    *,
    municipalities: Sequence[str] | None = None,
    draws: int = 200,
    with_similarity: bool = True,
) -> MeetingData:
    """Run every comparison a meeting workbook shows, on one Context."""
    unknown = [m for m in municipalities or () if m not in ctx.members]
    if unknown:
        raise BenchlearnError.of(
            "cmp_not_members",
            {"network": ctx.network.code, "year": ctx.year, "codes": ", ".join(unknown)},
        )
    if municipalities is not None and len(municipalities) == 1:
        # One member's own document (its position, its report) with no one to compare it
        # with says so; the network's documents show such a member on its own.
        ctx.require_peers(municipalities[0])
    ranked, since = changes(ctx, rank_members(ctx))
    # A network of one member, compared with others (--peers all), has no index to show;
    # nor has a network of self-assessed levels.
    scores = (
        composite(ctx, draws=draws) if len(ctx.members) > 1 and _has_index(ctx) else _no_index()
    )
    if municipalities:
        profiles = tuple(municipalities)
    elif len(ctx.members) <= PROFILE_LIMIT:
        profiles = ctx.members
    else:
        profiles = ()
    partner_tables = partners_of(ctx, profiles)
    unsimilar: tuple[str, ...] = ()
    if ctx.network.structural and profiles:
        try:
            compared = set(ctx.nearest(1)["municipality"])
        except BenchlearnError:
            compared = set()  # no structural figures to compare anyone on
        unsimilar = tuple(m for m in profiles if m not in compared)
    neighbours = excluded = None
    grouped = None
    variables: tuple[str, ...] = ()
    dropped: tuple[str, ...] = ()
    partial: pd.DataFrame | None = None
    years: dict[str, tuple[int, int]] = {}
    if with_similarity and ctx.network.structural:
        try:
            found = nearest(ctx, k=5)
            neighbours, excluded = found.neighbours, found.excluded
            variables, dropped = found.variables, found.dropped
            partial, years = found.partial, found.years
            if len(ctx.members) - len(excluded) >= 6:
                try:
                    grouped = ward(ctx, auto=True)
                except BenchlearnError:
                    grouped = None  # too few complete members for Ward: neighbours still shown
        except BenchlearnError:
            neighbours = excluded = None  # too few complete members: the sheet says so
    unapportioned: tuple[tuple[str, tuple[str, ...], int], ...] = ()
    if ctx.boundaries is not None:
        from benchlearn.registry.crosswalk import unapportioned as parts_of

        unapportioned = tuple(
            (str(new), tuple(str(c) for c in group["old"]), int(group["year"].min()))
            for new, group in parts_of(ctx.connection, ctx.boundaries).groupby("new", sort=True)
        )
    return MeetingData(
        definitions=ctx.definitions,
        network=ctx.network,
        year=ctx.year,
        peers=ctx.peers,
        boundaries=ctx.boundaries,
        confidence=ctx.confidence,
        members=ctx.members,
        names=ctx.names,
        ranked=ranked,
        since=since,
        index=scores,
        history=ctx.history,
        profiles=profiles,
        partners=partner_tables,
        neighbours=neighbours,
        clusters=grouped,
        excluded=excluded,
        variables=variables,
        dropped=dropped,
        partial=partial,
        years=years,
        unapportioned=unapportioned,
        joined=ctx.member_changes[0],
        left=ctx.member_changes[1],
        comparator=ctx.comparator,
        unsimilar=unsimilar,
    )


def _no_index() -> pd.DataFrame:
    """The composite index's table without a row (columns of :func:`compare.index`)."""
    import pandas as pd

    from benchlearn.analysis.composite import COLUMNS

    return pd.DataFrame(
        {c: pd.Series(dtype=object if c == "municipality" else float) for c in COLUMNS}
    )


def _has_index(ctx: Context) -> bool:
    """Whether any indicator is ranked: a network of self-assessed levels (and yes/no
    answers) has no composite index at all."""
    return any(ctx.definitions.indicators[c].ranked for c in ctx.codes)
