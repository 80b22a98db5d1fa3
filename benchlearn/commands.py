"""The edge: one typed function per comparison command, each opening the database once.

As in alembic's ``command`` module, every command the CLI offers is a plain
function here, so the click layer only parses options and prints, and Python
users call the same functions. Each opens one connection, builds one
:class:`~benchlearn.compare.Context` and hands it to the library; this is the
only place where comparisons take an :class:`~sqlalchemy.Engine`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from benchlearn import compare
from benchlearn.compare import ClusterResult, Context, FunnelResult, Similar, open_context
from benchlearn.definitions import StructuralSpec

if TYPE_CHECKING:
    import datetime as dt

    import pandas as pd

    from benchlearn.efficiency import Efficiency
    from benchlearn.meeting import MeetingData
    from benchlearn.position import Position
    from benchlearn.report import ReportSummary
    from benchlearn.site import SiteSummary
    from benchlearn.workbook import WorkbookSummary


@contextmanager
def context(
    engine: Engine,
    network: str,
    year: int,
    *,
    peers: str = "network",
    boundaries: int | None = None,
    confidence: float = 95.0,
    require_data: bool = True,
    comparator: str | None = None,
    window: int | None = None,
) -> Iterator[Context]:
    """One connection and one Context for the length of a command (see
    :func:`~benchlearn.context.open_context` for ``require_data``)."""
    with engine.connect() as connection:
        yield open_context(
            connection,
            network,
            year,
            peers=peers,
            boundaries=boundaries,
            confidence=confidence,
            require_data=require_data,
            comparator=comparator,
            window=window,
        )


def rank(
    engine: Engine,
    network: str,
    year: int,
    *,
    indicator: str | None = None,
    peers: str = "network",
    since: int | None = None,
    boundaries: int | None = None,
    confidence: float = 95.0,
    comparator: str | None = None,
) -> pd.DataFrame:
    """``benchlearn rank``: see :func:`benchlearn.compare.rank`."""
    with context(
        engine,
        network,
        year,
        peers=peers,
        boundaries=boundaries,
        confidence=confidence,
        comparator=comparator,
    ) as ctx:
        return compare.rank(ctx, indicator=indicator, since=since)


def ranking(
    engine: Engine,
    network: str,
    year: int,
    *,
    indicator: str | None = None,
    peers: str = "network",
    since: int | None = None,
    boundaries: int | None = None,
    confidence: float = 95.0,
    comparator: str | None = None,
) -> compare.Ranking:
    """``benchlearn rank`` as printed: see :func:`benchlearn.compare.ranking`."""
    with context(
        engine,
        network,
        year,
        peers=peers,
        boundaries=boundaries,
        confidence=confidence,
        comparator=comparator,
    ) as ctx:
        return compare.ranking(ctx, indicator=indicator, since=since)


@contextmanager
def ranking_pieces(
    engine: Engine,
    network: str,
    year: int,
    *,
    indicator: str | None = None,
    peers: str = "network",
    since: int | None = None,
    boundaries: int | None = None,
    confidence: float = 95.0,
    comparator: str | None = None,
) -> Iterator[compare.RankingPieces]:
    """:func:`ranking` with its table in pieces, made while the block runs (the connection
    is open): see :func:`benchlearn.compare.ranking_pieces`."""
    with context(
        engine,
        network,
        year,
        peers=peers,
        boundaries=boundaries,
        confidence=confidence,
        comparator=comparator,
    ) as ctx:
        yield compare.ranking_pieces(ctx, indicator=indicator, since=since)


def similar(
    engine: Engine,
    network: str,
    year: int,
    *,
    k: int = 15,
    municipality: str | None = None,
    variables: Sequence[StructuralSpec] | None = None,
    window: int | None = None,
) -> Similar:
    """``benchlearn similar``: see :func:`benchlearn.compare.similar`."""
    with context(engine, network, year, require_data=False, window=window) as ctx:
        return compare.similar(ctx, k=k, municipality=municipality, variables=variables)


def explain(
    engine: Engine,
    network: str,
    year: int,
    a: str,
    b: str,
    variables: Sequence[StructuralSpec] | None = None,
    window: int | None = None,
) -> pd.DataFrame:
    """``benchlearn similar --explain``: see :func:`benchlearn.compare.explain`."""
    with context(engine, network, year, require_data=False, window=window) as ctx:
        return compare.explain(ctx, a, b, variables)


def clusters(
    engine: Engine,
    network: str,
    year: int,
    *,
    k: int | None = None,
    auto: bool = False,
    compare: str | None = None,
    variables: Sequence[StructuralSpec] | None = None,
    window: int | None = None,
) -> ClusterResult:
    """``benchlearn clusters``: see :func:`benchlearn.compare.clusters`."""
    from benchlearn.compare import clusters as ward

    with context(engine, network, year, require_data=False, window=window) as ctx:
        return ward(ctx, k=k, auto=auto, compare=compare, variables=variables)


def index(
    engine: Engine,
    network: str,
    year: int,
    *,
    normalisation: str | None = None,
    aggregation: str | None = None,
    min_coverage: float | None = None,
    draws: int = 1000,
    seed: int = 0,
    boundaries: int | None = None,
) -> pd.DataFrame:
    """``benchlearn index``: see :func:`benchlearn.compare.index`."""
    with context(engine, network, year, boundaries=boundaries) as ctx:
        return compare.index(
            ctx,
            normalisation=normalisation,
            aggregation=aggregation,
            min_coverage=min_coverage,
            draws=draws,
            seed=seed,
        )


def partners(
    engine: Engine,
    municipality: str,
    network: str,
    year: int,
    *,
    peers: str = "network",
    k: int = 15,
    per_indicator: int = 3,
    boundaries: int | None = None,
    confidence: float = 95.0,
    comparator: str | None = None,
) -> pd.DataFrame:
    """``benchlearn partners``: see :func:`benchlearn.compare.partners` (with contact and
    good practice)."""
    with context(
        engine,
        network,
        year,
        peers=peers,
        boundaries=boundaries,
        confidence=confidence,
        comparator=comparator,
    ) as ctx:
        ctx.require_member(municipality)
        ctx.require_peers(municipality)
        return compare.partners(ctx, municipality, k=k, per_indicator=per_indicator)


def funnel(
    engine: Engine,
    network: str,
    year: int,
    indicator: str,
    *,
    peers: str = "network",
    adjust: bool = False,
) -> FunnelResult:
    """``benchlearn funnel``: see :func:`benchlearn.compare.funnel`; around the peers'
    pooled value, which a funnel plot's limits are built for."""
    with context(engine, network, year, peers=peers, comparator="pooled") as ctx:
        return compare.funnel(ctx, indicator, adjust=adjust)


def meeting(
    engine: Engine,
    network: str,
    year: int,
    *,
    peers: str = "network",
    municipalities: Sequence[str] | None = None,
    boundaries: int | None = None,
    draws: int = 200,
    with_similarity: bool = True,
    with_agenda: bool = False,
    confidence: float = 95.0,
    comparator: str | None = None,
    document: str | None = None,
    with_effects: bool = False,
) -> MeetingData:
    """Every comparison a meeting shows: see :func:`benchlearn.meeting.gather`; for a
    ``document`` (``workbook``) refused first when the network is too large for one."""
    from benchlearn.meeting import gather, refuse_too_large

    with context(
        engine,
        network,
        year,
        peers=peers,
        boundaries=boundaries,
        confidence=confidence,
        comparator=comparator,
    ) as ctx:
        if document is not None:
            refuse_too_large(ctx, document)
        return gather(
            ctx,
            municipalities=municipalities,
            draws=draws,
            with_similarity=with_similarity,
            with_agenda=with_agenda,
            with_effects=with_effects,
        )


def write_workbook(
    engine: Engine,
    network: str,
    year: int,
    out: str | Path,
    *,
    peers: str = "network",
    lang: str = "en",
    municipalities: Sequence[str] | None = None,
    boundaries: int | None = None,
    draws: int = 200,
    sheets: Sequence[str] | None = None,
    confidence: float = 95.0,
    comparator: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> WorkbookSummary:
    """``benchlearn workbook``: compute the comparisons and write the meeting workbook
    (``progress``: see :func:`benchlearn.workbook.render_workbook`)."""
    from benchlearn.workbook import SHEETS, render_workbook

    chosen = SHEETS if sheets is None else sheets
    data = meeting(
        engine,
        network,
        year,
        peers=peers,
        municipalities=municipalities,
        boundaries=boundaries,
        draws=draws,
        with_similarity="similar" in chosen,
        with_agenda="agenda" in chosen,
        confidence=confidence,
        comparator=comparator,
        document="workbook",
    )
    return render_workbook(data, out, lang=lang, sheets=chosen, progress=progress)


def _one_member(
    engine: Engine,
    municipality: str,
    network: str,
    year: int,
    peers: str,
    boundaries: int | None,
    confidence: float,
    comparator: str | None = None,
) -> MeetingData:
    """The comparisons one municipality's position needs (no index draws, no clusters)."""
    return meeting(
        engine,
        network,
        year,
        peers=peers,
        municipalities=[municipality],
        boundaries=boundaries,
        draws=0,
        with_similarity=False,
        confidence=confidence,
        comparator=comparator,
    )


def position(
    engine: Engine,
    municipality: str,
    network: str,
    year: int,
    *,
    peers: str = "network",
    lang: str = "en",
    boundaries: int | None = None,
    confidence: float = 95.0,
    comparator: str | None = None,
) -> Position:
    """``benchlearn position``: where ``municipality`` stands among its peers."""
    from benchlearn.position import describe

    data = _one_member(
        engine, municipality, network, year, peers, boundaries, confidence, comparator
    )
    return describe(data, municipality, lang)


def position_and_workbook(
    engine: Engine,
    municipality: str,
    network: str,
    year: int,
    out: str | Path,
    *,
    peers: str = "network",
    lang: str = "en",
    boundaries: int | None = None,
    confidence: float = 95.0,
    comparator: str | None = None,
) -> tuple[Position, WorkbookSummary]:
    """``benchlearn position -o FILE``: the position and its workbook, from one gathering."""
    from benchlearn.position import describe

    data = _one_member(
        engine, municipality, network, year, peers, boundaries, confidence, comparator
    )
    return describe(data, municipality, lang), _write_position(data, out, lang)


def write_position_workbook(
    engine: Engine,
    municipality: str,
    network: str,
    year: int,
    out: str | Path,
    *,
    peers: str = "network",
    lang: str = "en",
    boundaries: int | None = None,
    confidence: float = 95.0,
    comparator: str | None = None,
) -> WorkbookSummary:
    """A one-municipality workbook: cover, its profile with partners, the indicator rankings."""
    data = _one_member(
        engine, municipality, network, year, peers, boundaries, confidence, comparator
    )
    return _write_position(data, out, lang)


def _write_position(data: MeetingData, out: str | Path, lang: str) -> WorkbookSummary:
    from benchlearn.position import POSITION_SHEETS
    from benchlearn.workbook import render_workbook

    return render_workbook(data, out, lang=lang, sheets=POSITION_SHEETS)


def municipality_names(engine: Engine) -> dict[str, str]:
    """Code → name of every municipality, for what people read beside codes."""
    from benchlearn.registry.municipalities import municipality_names as names

    with engine.connect() as connection:
        return names(connection)


def write_report(
    engine: Engine,
    network: str,
    year: int,
    out: str | Path,
    *,
    peers: str = "network",
    lang: str = "en",
    municipality: str | None = None,
    annual: bool = False,
    deadline: dt.date | None = None,
    boundaries: int | None = None,
    confidence: float = 95.0,
    comparator: str | None = None,
    draws: int = 200,
    progress: Callable[[int, int], None] | None = None,
    handouts: bool = False,
) -> ReportSummary:
    """``benchlearn report``: the meeting pack as a PDF; with ``municipality`` that member's
    report; with ``annual`` the network's annual report (:func:`benchlearn.report.annual_data`);
    with ``handouts`` the pack followed by every member's one-page handout.

    One connection: the comparisons, the forms status and the practice are read together.
    ``progress`` is told (parts laid out, parts in all) while the PDF is laid out.
    """
    from benchlearn.errors import BenchlearnError
    from benchlearn.meeting import gather, refuse_too_large
    from benchlearn.report import annual_data, render_annual, render_member, render_pack

    if annual and municipality:
        raise BenchlearnError.of("rp_annual_with_municipality")
    if handouts and (annual or municipality):
        raise BenchlearnError.of("rp_handouts_with_pack_only")
    if Path(out).suffix.lower() != ".pdf":  # before the comparisons, not after
        raise BenchlearnError.of("rp_not_pdf", {"path": str(out)})
    with engine.connect() as connection:
        ctx = open_context(
            connection,
            network,
            year,
            peers=peers,
            boundaries=boundaries,
            confidence=confidence,
            comparator=comparator,
        )
        refuse_too_large(ctx, "report")
        if municipality is not None:
            if municipality not in ctx.members:
                raise BenchlearnError.of(
                    "rp_not_member", {"code": municipality, "network": network, "year": year}
                )
            data = gather(
                ctx,
                municipalities=[municipality],
                draws=0,
                with_similarity=False,
                with_effects=True,
            )
            return render_member(data, municipality, out, lang, progress)
        if not annual:
            # Handouts name every member's partners: gathered for all, however many.
            everyone = list(ctx.members) if handouts and len(ctx.members) > 1 else None
            pack = gather(ctx, municipalities=everyone, draws=draws, with_agenda=True,
                          deadline=deadline, with_effects=handouts)  # fmt: skip
            return render_pack(pack, out, lang, progress, handouts=handouts)
        return render_annual(annual_data(ctx, deadline, lang), out, lang, progress)


def write_site(
    engine: Engine,
    network: str,
    year: int,
    out: str | Path,
    *,
    peers: str = "network",
    langs: Sequence[str] = ("en",),
    boundaries: int | None = None,
    confidence: float = 95.0,
    comparator: str | None = None,
    draws: int = 200,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> SiteSummary:
    """``benchlearn site``: every member's position, every indicator, the network, as a site
    (``progress``: pages written and in all, see :func:`benchlearn.site.write_site`)."""
    from benchlearn.meeting import gather, refuse_too_large
    from benchlearn.site import write_site as render_site

    with context(
        engine,
        network,
        year,
        peers=peers,
        boundaries=boundaries,
        confidence=confidence,
        comparator=comparator,
    ) as ctx:
        refuse_too_large(ctx, "site")
        data = gather(ctx, municipalities=ctx.members, draws=draws, with_effects=True)
    return render_site(data, out, langs, workers=workers, progress=progress)


def efficiency(
    engine: Engine,
    network: str,
    year: int,
    inputs: Sequence[str],
    outputs: Sequence[str],
    *,
    orientation: str = "input",
    returns: str = "vrs",
    peers: str = "network",
    replicates: int = 0,
    seed: int = 0,
    confidence: float = 95.0,
    k: int = 15,
) -> tuple[Efficiency, pd.DataFrame | None]:
    """``benchlearn efficiency``: :func:`benchlearn.efficiency.efficiency` of the model, and
    its partners (:func:`benchlearn.efficiency.efficiency_partners` among the ``k`` most
    similar; None when the network has no structural variables to find them on)."""
    from benchlearn import efficiency as dea

    with context(engine, network, year, peers=peers) as ctx:
        ctx.require_members()
        model = dea.model_of(ctx, inputs, outputs, orientation, returns)
        found = dea.efficiency(ctx, model, replicates=replicates, seed=seed, confidence=confidence)
        if not ctx.network.structural:
            return found, None
        return found, dea.efficiency_partners(ctx, found, k=k)
