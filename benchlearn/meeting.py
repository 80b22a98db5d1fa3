"""What a network meeting needs, gathered once: rankings, index, trends, similarity, partners.

The workbook writer and the position report both read this bundle, so the
numbers in every sheet and sentence come from the same comparisons, computed
from one :class:`~benchlearn.compare.Context`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from benchlearn.compare import ClusterResult, Context
from benchlearn.compare import clusters as ward
from benchlearn.compare import index as composite
from benchlearn.compare import partners as learning_partners
from benchlearn.compare import rank as rank_members
from benchlearn.compare import similar as nearest
from benchlearn.definitions import Definitions, NetworkDefinition
from benchlearn.errors import BenchlearnError
from benchlearn.registry.practices import with_practice

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
    )  # compare.rank columns (significance ones too) plus value_since, value_change
    index: pd.DataFrame  # compare.index columns
    history: pd.DataFrame  # indicators and components: municipality, indicator, year, value, status
    since: dict[str, int]  # indicator → the earlier year its change is measured from
    profiles: tuple[str, ...]
    partners: dict[str, pd.DataFrame]  # municipality → partners with a practice column
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
        raise BenchlearnError(
            f"not members of {ctx.network.code} in {ctx.year}: {', '.join(unknown)}"
        )
    ranked, since = _changes(rank_members(ctx), ctx.history, ctx.year)
    scores = composite(ctx, draws=draws)
    if municipalities:
        profiles = tuple(municipalities)
    elif len(ctx.members) <= PROFILE_LIMIT:
        profiles = ctx.members
    else:
        profiles = ()
    partner_tables = {
        municipality: with_practice(learning_partners(ctx, municipality), ctx.practices)
        for municipality in profiles
    }
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
    )


def _changes(
    ranked: pd.DataFrame, history: pd.DataFrame, year: int
) -> tuple[pd.DataFrame, dict[str, int]]:
    """Add each value's change since the indicator's own latest earlier year.

    Indicators are not all published every year (a biennial survey, say), so the
    year to compare with is chosen per indicator, not once for the network.
    """
    usable = history[history["status"].isna() & history["value"].notna()]
    before = usable[usable["year"] < year]
    since = before.groupby("indicator")["year"].max().astype(int).to_dict()
    previous = before.merge(
        before.groupby("indicator")["year"].max().rename("latest").reset_index(), on="indicator"
    )
    previous = previous[previous["year"] == previous["latest"]][
        ["municipality", "indicator", "value"]
    ]
    merged = ranked.merge(
        previous.rename(columns={"value": "value_since"}),
        on=["municipality", "indicator"],
        how="left",
    )
    merged["value_change"] = merged["value"] - merged["value_since"]
    return merged, {str(k): int(v) for k, v in since.items()}
