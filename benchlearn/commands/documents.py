"""The document commands: the meeting's data, the workbook, the position, the report
and the site, each read through one Context."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine

from benchlearn.commands.comparisons import context
from benchlearn.compare import open_context

if TYPE_CHECKING:
    import datetime as dt

    from benchlearn.access import Audience
    from benchlearn.meeting import MeetingData
    from benchlearn.position import Position
    from benchlearn.report import ReportSummary
    from benchlearn.site import SiteSummary
    from benchlearn.workbook import WorkbookSummary


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
    shrink: bool = False,
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
            with_shrinkage=shrink,
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
    shrink: bool = False,
) -> WorkbookSummary:
    """``benchlearn workbook``: compute the comparisons and write the meeting workbook
    (``progress``: see :func:`benchlearn.workbook.render_workbook`; ``shrink``: with a
    sheet of the shrunk values beside the raw ones)."""
    from benchlearn.workbook import SHEETS, render_workbook, with_shrunk

    chosen = SHEETS if sheets is None else sheets
    if shrink:
        chosen = with_shrunk(chosen)
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
        shrink=shrink,
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
    shrink: bool = False,
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
    if shrink and (annual or municipality):
        raise BenchlearnError.of("shr_pack_only")
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
                          deadline=deadline, with_effects=handouts,
                          with_shrinkage=shrink)  # fmt: skip
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
    shrink: bool = False,
) -> SiteSummary:
    """``benchlearn site``: every member's position, every indicator, the network, as a site
    (``progress``: pages written and in all, see :func:`benchlearn.site.write_site`)."""
    from benchlearn.site import write_site as render_site

    data = site_data(
        engine, network, year, peers=peers, boundaries=boundaries, confidence=confidence,
        comparator=comparator, draws=draws, shrink=shrink,
    )  # fmt: skip
    return render_site(data, out, langs, workers=workers, progress=progress)


def site_data(
    engine: Engine,
    network: str,
    year: int,
    *,
    peers: str = "network",
    boundaries: int | None = None,
    confidence: float = 95.0,
    comparator: str | None = None,
    draws: int = 200,
    audience: Audience | None = None,
    shrink: bool = False,
) -> MeetingData:
    """What every page of the network's site shows, read as ``audience`` (default: the one
    in force) may see it: what ``site`` writes and ``serve`` renders per request."""
    from benchlearn.meeting import gather, refuse_too_large

    with engine.connect() as connection:
        ctx = open_context(
            connection, network, year, peers=peers, boundaries=boundaries,
            confidence=confidence, comparator=comparator, audience=audience,
        )  # fmt: skip
        refuse_too_large(ctx, "site")
        return gather(
            ctx, municipalities=ctx.members, draws=draws, with_effects=True,
            with_shrinkage=shrink,
        )  # fmt: skip
