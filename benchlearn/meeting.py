"""What a network meeting needs, gathered once: rankings, index, trends, similarity, partners.

The workbook writer and the position report both read this bundle, so the
numbers in every sheet and sentence come from the same comparisons, computed
from one :class:`~benchlearn.compare.Context`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from benchlearn.access import PUBLIC, Audience
from benchlearn.compare import ClusterResult, Context, partners_of
from benchlearn.compare import change as changes
from benchlearn.compare import clusters as ward
from benchlearn.compare import index as composite
from benchlearn.compare import rank as rank_members
from benchlearn.compare import similar as nearest
from benchlearn.definitions import Definitions, NetworkDefinition
from benchlearn.errors import BenchlearnError
from benchlearn.frames import records
from benchlearn.importing.forms import due_date
from benchlearn.learning import peer_gaps
from benchlearn.plans.model import Plan
from benchlearn.shrinkage import shrink_network

if TYPE_CHECKING:
    import pandas as pd

    from benchlearn.effect import PlanEffect
    from benchlearn.model_views import ModelView

PROFILE_LIMIT = 12
#: Changes named among the network's largest improvements and declines.
LARGEST = 3
#: Indicators a member must be clearly better (or worse) than the comparator on to stand out.
STANDS_OUT = 2
#: Partners proposed for a visit.
VISITS = 3
#: Verdicts that count as clearly better or worse than the comparator: the significance
#: where the indicator has counts, else Oflog's bands beyond ±1.5 robust z.
BETTER = frozenset({"better", "much better"})
WORSE = frozenset({"worse", "much worse"})
#: What the agenda's tables of changes hold.
CHANGE_COLUMNS = [
    "municipality", "indicator", "value_since", "value", "value_change", "change_direction",
    "change_significant", "change_z", "change_method", "rank_change",
]  # fmt: skip


@dataclass(frozen=True)
class Agenda:
    """What a meeting looks at first: who returned the forms, what changed significantly,
    who stands out, who is worse and getting worse, and whom to visit.

    ``improvements``/``declines``: :data:`CHANGE_COLUMNS`, largest first (by
    ``change_z``, so a change in euros and one in percent are sized alike);
    ``standing``: ``municipality, better, worse`` (counts of indicators, members
    with at least :data:`STANDS_OUT` either way), most first; ``red_red``: the
    rows of members worse than the comparator and significantly worse than last
    year (:data:`CHANGE_COLUMNS`), by member then size; ``visits``: ``partner,
    count, members, practice, practice_text, practice_url, contact``
    (:func:`visits`).
    """

    deadline: dt.date
    on_time: tuple[str, ...]
    late: tuple[str, ...]
    missing: tuple[str, ...]
    improvements: pd.DataFrame
    declines: pd.DataFrame
    standing: pd.DataFrame
    red_red: pd.DataFrame
    visits: pd.DataFrame


def verdicts(ranked: pd.DataFrame) -> pd.Series:
    """Each row's standing against the comparator: ``better``, ``worse`` or None (see
    :data:`BETTER`): the significance where the indicator has counts, else the band."""
    import numpy as np
    import pandas as pd

    judged = ranked["significance"].where(ranked["significance"].notna(), ranked["band"])
    words = np.select(
        [judged.isin(list(BETTER)).to_numpy(), judged.isin(list(WORSE)).to_numpy()],
        ["better", "worse"],
        "",
    )
    return pd.Series([w or None for w in words.tolist()], index=ranked.index, dtype="object")


def red_red(ranked: pd.DataFrame) -> pd.DataFrame:
    """Rows worse than the comparator and significantly worse than the year before."""
    worse_now = verdicts(ranked) == "worse"
    getting_worse = (ranked["change_direction"] == "worse") & ranked["change_significant"].eq(True)
    return ranked[worse_now & getting_worse.fillna(False).astype(bool)]


def agenda(
    ranked: pd.DataFrame,
    status: pd.DataFrame,
    partners: Mapping[str, pd.DataFrame],
    deadline: dt.date,
) -> Agenda:
    """The agenda summary from the ranked rows with their changes (:func:`gather`'s
    ``ranked``), the forms status (:func:`benchlearn.importing.status.form_status`) and
    every member's partners (:func:`benchlearn.compare.partners_of`)."""
    import pandas as pd

    def day(when: Any) -> dt.date | None:
        return None if when is None or pd.isna(when) else when.date()

    received = {str(r.municipality): day(r.received) for r in records(status) if r.returned}
    on_time = tuple(m for m, d in received.items() if d is None or d <= deadline)
    late = tuple(m for m, d in received.items() if d is not None and d > deadline)
    missing = tuple(str(r.municipality) for r in records(status) if not r.returned)
    moved = ranked[ranked["change_significant"].eq(True).fillna(False).astype(bool)]
    moved = moved.assign(_size=moved["change_z"].abs()).sort_values(
        ["_size", "municipality", "indicator"], ascending=[False, True, True], kind="stable"
    )
    improvements = moved[moved["change_direction"] == "better"].head(LARGEST)[CHANGE_COLUMNS]
    declines = moved[moved["change_direction"] == "worse"].head(LARGEST)[CHANGE_COLUMNS]
    judged = verdicts(ranked)
    counts = (
        pd.crosstab(ranked["municipality"], judged)
        .reindex(columns=["better", "worse"], fill_value=0)
        .reset_index()
    )
    counts.columns = ["municipality", "better", "worse"]
    standing = counts[(counts["better"] >= STANDS_OUT) | (counts["worse"] >= STANDS_OUT)]
    standing = standing.assign(_most=standing[["better", "worse"]].max(axis=1)).sort_values(
        ["_most", "municipality"], ascending=[False, True], kind="stable"
    )
    reds = red_red(ranked)
    reds = reds.assign(_size=reds["change_z"].abs()).sort_values(
        ["municipality", "_size", "indicator"], ascending=[True, False, True], kind="stable"
    )
    return Agenda(
        deadline,
        on_time,
        late,
        missing,
        improvements.reset_index(drop=True),
        declines.reset_index(drop=True),
        standing.drop(columns="_most").reset_index(drop=True),
        reds[CHANGE_COLUMNS].reset_index(drop=True),
        visits(partners),
    )


def visits(partners: Mapping[str, pd.DataFrame]) -> pd.DataFrame:
    """The partners proposed most often across the members: ``partner, count, members,
    practice, practice_text, practice_url, contact`` (``count``: the (member, indicator)
    pairs it is proposed for; ``members``: to whom, by code; the practice and contact as
    :data:`benchlearn.compare.PARTNER_COLUMNS` hold them), at most :data:`VISITS`, most
    proposed first, ties by code."""
    import pandas as pd

    columns = ["partner", "count", "members", "practice", "practice_text", "practice_url",
               "contact"]  # fmt: skip
    frames = [f.assign(municipality=m) for m, f in partners.items() if len(f)]
    if not frames:
        return pd.DataFrame(columns=columns)
    every = pd.concat(frames, ignore_index=True)
    grouped = every.groupby("partner", sort=True)
    found = pd.DataFrame(
        {
            "count": grouped.size(),
            "members": pd.Series(
                {p: tuple(sorted(set(g))) for p, g in grouped["municipality"]}, dtype="object"
            ),
            "practice": grouped["practice"].agg(_first_text),
            "practice_text": grouped["practice_text"].agg(_first_text),
            "practice_url": grouped["practice_url"].agg(_first_text),
            "contact": grouped["contact"].agg(_first_text),
        }
    )
    found = found.rename_axis("partner").reset_index()
    found = found.sort_values(["count", "partner"], ascending=[False, True], kind="stable")
    return found.head(VISITS).reset_index(drop=True)


def _first_text(values: pd.Series) -> str:
    """The first non-empty text of a column (a partner's practice is the same on every row)."""
    for value in values:
        if isinstance(value, str) and value.strip():
            return value
    return ""


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
    #: The meeting's first page (:func:`agenda`), gathered with ``with_agenda``.
    agenda: Agenda | None = None
    #: The network's improvement plans, by id, and their targets' progress in the year
    #: (:func:`benchlearn.plans.progress.plan_progress`'s columns; None without plans).
    plans: tuple[Plan, ...] = ()
    plan_progress: pd.DataFrame | None = None
    #: The profiles' gaps to their clearly better similar municipalities
    #: (:func:`benchlearn.learning.peer_gaps`, ``GAP_COLUMNS``; None when not gathered).
    gaps: pd.DataFrame | None = None
    #: The profiles' plans judged by the synthetic control (:func:`benchlearn.effect.
    #: plan_effects`), gathered with ``with_effects`` for the profiles given.
    effects: tuple[PlanEffect, ...] = ()
    #: Whom it was made for (the Context's audience): what it may not see is withheld in
    #: every value above, and a cover that is not for the public says for whom it is.
    audience: Audience = PUBLIC
    #: With ``--shrink``: every indicator's values that have standard errors, shrunk toward
    #: the peers' mean (:func:`benchlearn.shrinkage.shrink_network`: ``indicator`` and
    #: :data:`benchlearn.shrinkage.COLUMNS`), empty when none has; None when not asked for.
    shrunk: pd.DataFrame | None = None
    #: The network's efficiency models, each run on the members (:mod:`benchlearn.model_views`);
    #: none for a network without ``efficiency:``.
    efficiency: tuple[ModelView, ...] = ()

    @property
    def codes(self) -> tuple[str, ...]:
        """The network's indicator codes in definition order."""
        return self.network.indicator_codes

    def member_records(self, municipality: str) -> tuple[Any, ...]:
        """The member's rows of ``ranked`` as named tuples (:func:`benchlearn.frames.records`),
        in ``ranked``'s order (none for a unit without rows).

        Read out of ``ranked`` once for all members: a site writes a page per member, and
        filtering the whole table for each, then reading its cells through pandas, was a
        third of a site's time."""
        return self._records.get(municipality, ())

    def red_reds(self, municipality: str) -> tuple[str, ...]:
        """The member's red-red indicators (:func:`red_red`), in the network's order."""
        return self._red_reds.get(municipality, ())

    @cached_property
    def _records(self) -> dict[str, tuple[Any, ...]]:
        found: dict[str, list[Any]] = {}
        for row in records(self.ranked):
            found.setdefault(str(row.municipality), []).append(row)
        return {m: tuple(rows) for m, rows in found.items()}

    @cached_property
    def _red_reds(self) -> dict[str, tuple[str, ...]]:
        # Judged row by row, so one pass over the network's rows finds every member's.
        if "change_significant" not in self.ranked.columns:
            return {}
        found = red_red(self.ranked)
        codes: dict[str, set[str]] = {}
        for member, code in zip(found["municipality"], found["indicator"], strict=True):
            codes.setdefault(str(member), set()).add(str(code))
        return {m: tuple(c for c in self.codes if c in cs) for m, cs in codes.items()}


#: The most indicators one workbook, site or PDF is written for. Each indicator is a sheet, a
#: page or pages of its own, drawn with its charts: measured on a shared two-core machine,
#: 200 indicators took 34 s as a workbook and 183 s as a site, under a load of nine (see
#: ``benchmarks/bench_documents.py``); a network of 5,000 ran for many minutes and gigabytes
#: before anyone could read the result. The shipped networks hold 6 to 20; 300 leaves room
#: for the largest real ones and refuses, before any comparison is computed, what nobody
#: would read.
DOCUMENT_INDICATORS = 300


def refuse_too_large(ctx: Context, document: str) -> None:
    """Refuse to write ``document`` (``workbook``, ``site`` or ``report``) for a network of more
    than :data:`DOCUMENT_INDICATORS` indicators, up front, saying what to narrow."""
    count = len(ctx.network.indicators)
    if count > DOCUMENT_INDICATORS:
        values = {"network": ctx.network.code, "count": count, "limit": DOCUMENT_INDICATORS}
        raise BenchlearnError.of(f"lim_{document}_indicators", values)


def gather(
    ctx: Context,
    *,
    municipalities: Sequence[str] | None = None,
    draws: int = 200,
    with_similarity: bool = True,
    with_agenda: bool = False,
    deadline: dt.date | None = None,
    with_effects: bool = False,
    with_shrinkage: bool = False,
) -> MeetingData:
    """Run every comparison a meeting workbook shows, on one Context.

    ``with_agenda``: also the agenda summary (:func:`agenda`), with the forms
    status of the year judged against ``deadline`` (default :func:`due_date`).
    ``with_effects``: also the synthetic control of the profiles' plans (for the handout
    and the site's member pages; the workbook does not show them).
    ``with_shrinkage``: also the shrunk values (``--shrink``, :attr:`MeetingData.shrunk`).
    """
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
    everyone = partners_of(ctx, ctx.members) if with_agenda and len(ctx.members) > 1 else {}
    partner_tables = {m: everyone[m] for m in profiles} if everyone else partners_of(ctx, profiles)
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
    summary = None
    if with_agenda:
        from benchlearn.importing.status import form_status

        status = form_status(ctx.connection, ctx.network.code, ctx.year,
                             definitions=ctx.definitions, members=ctx.members)  # fmt: skip
        summary = agenda(ranked, status, everyone, deadline or due_date(ctx.year))
    plans, progress = network_plans(ctx)
    effects: tuple[PlanEffect, ...] = ()
    if with_effects and municipalities and plans:
        from benchlearn.effect import plan_effects

        own = [p for p in plans if p.municipality in set(municipalities)]
        effects = plan_effects(ctx.connection.engine, own, ctx.year)
    models: tuple[ModelView, ...] = ()
    if ctx.network.efficiency:
        from benchlearn.model_views import model_views

        models = model_views(ctx)
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
        gaps=peer_gaps(ctx, profiles),
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
        agenda=summary,
        plans=plans,
        plan_progress=progress,
        effects=effects,
        audience=ctx.audience,
        shrunk=shrink_network(ctx) if with_shrinkage else None,
        efficiency=models,
    )


def network_plans(ctx: Context) -> tuple[tuple[Plan, ...], pd.DataFrame | None]:
    """The network's plans and their progress in the context's year: one query when the
    network has none, so a network without plans pays nothing for the plans sheet."""
    from benchlearn.plans.progress import plan_progress
    from benchlearn.plans.store import plans_for

    plans = tuple(plans_for(ctx.connection, network=ctx.network.code))
    if not plans:
        return (), None
    progress = plan_progress(
        ctx.connection, ctx.network.code, ctx.year, confidence=ctx.confidence, scope=ctx.scope
    )
    return plans, progress


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
