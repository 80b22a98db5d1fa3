"""A network's annual report, as the NVPT secretariat publishes one each summer.

Members return their monitoring forms by 31 March; by July the network
reports on the year: who took part and returned the form (and by the
deadline), how complete the figures are for each indicator, each indicator
across the members and the years, and the good practice collected. The form
status is :func:`benchlearn.importing.status.form_status`, so the report
counts returned forms exactly as ``benchlearn forms status`` does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from benchlearn.frames import records
from benchlearn.importing.forms import due_date
from benchlearn.messages import date, number, percent, t
from benchlearn.plan_views import practice_plans
from benchlearn.report import figures
from benchlearn.report.annual_figures import day_of, form_counts, summed_codes
from benchlearn.report.annual_pages import (
    Year,
    annex,
    key_findings,
    member_list,
    network_changes,
    network_totals,
    practice_line,
    returns_of,
    totals_table,
)
from benchlearn.report.annual_plans import plans_chapter
from benchlearn.report.document import (
    CM,
    ReportSummary,
    Styles,
    build,
    chapter,
    contents_table,
    escape,
    frame_width,
    image,
    share_text,
    table,
)
from benchlearn.report.sections import Page, facts, summary
from benchlearn.views import is_missing, is_ordinal, is_yes_no, places, trends

if TYPE_CHECKING:
    from pathlib import Path

    import pandas as pd

    from benchlearn.context import Context
    from benchlearn.definitions import Definitions, NetworkDefinition
    from benchlearn.meeting import MeetingData


@dataclass(frozen=True)
class AnnualData:
    """What the annual report shows: the year's comparisons, the forms and the practice;
    the members' values of the network's indicators, their components and the figures that
    add up (``values``, :data:`benchlearn.values.COLUMNS`); who joined when (``membership``:
    ``municipality, joined, left``, None for a network of every municipality); and the
    year before, when it had members."""

    meeting: MeetingData
    status: pd.DataFrame  # importing.status.COLUMNS
    practices: pd.DataFrame  # registry.practices.COLUMNS
    deadline: dt.date
    values: pd.DataFrame | None = None
    membership: pd.DataFrame | None = None
    before: Year | None = None


def annual_data(ctx: Context, deadline: dt.date | None = None, lang: str = "en") -> AnnualData:
    """Read what the annual report of ``ctx``'s network and year shows, the year before
    included (its members' values and forms, due on the same day a year earlier)."""
    from benchlearn.context import open_context
    from benchlearn.errors import BenchlearnError
    from benchlearn.importing.status import form_status
    from benchlearn.meeting import gather

    deadline = deadline or due_date(ctx.year)
    codes = figure_codes(ctx.definitions, ctx.network)
    values = ctx.values(codes)
    before = None
    try:
        earlier = open_context(
            ctx.connection, ctx.network.code, ctx.year - 1, boundaries=ctx.boundaries,
            require_data=False,
        )  # fmt: skip
    except BenchlearnError:
        earlier = None  # no members the year before: nothing to compare with
    if earlier is not None:
        found = earlier.values(codes)
        before = Year(
            found[found["municipality"].isin(earlier.members)],
            form_status(ctx.connection, ctx.network.code, ctx.year - 1, lang=lang),
            _year_earlier(deadline),
            earlier.members,
        )
    return AnnualData(
        gather(ctx, draws=0, with_similarity=False),
        form_status(ctx.connection, ctx.network.code, ctx.year, lang=lang),
        ctx.practices,
        deadline,
        values[values["municipality"].isin(ctx.members)],
        None if ctx.membership is None or ctx.membership.everyone else ctx.membership.frame,
        before,
    )


def figure_codes(definitions: Definitions, network: NetworkDefinition) -> list[str]:
    """The network's indicators, their components, then its own figures that add up."""
    codes = list(network.indicator_codes)
    for code in network.indicator_codes:
        codes += sorted(definitions.indicators[code].components - set(codes))
    return list(dict.fromkeys(codes + summed_codes(definitions, network)))


def _year_earlier(day: dt.date) -> dt.date:
    """The same day a year earlier (29 February: the 28th)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def render_annual(
    annual: AnnualData,
    out: str | Path,
    lang: str = "en",
    progress: Callable[[int, int], None] | None = None,
) -> ReportSummary:
    """Write the network's annual report for the year as a PDF in ``lang``."""
    from reportlab.platypus import CondPageBreak, NextPageTemplate, PageBreak, Spacer

    data = annual.meeting
    page = Page(data, lang, Styles())
    s = page.styles
    title = t("rp_annual_title", lang, network=page.network_label, year=data.year)
    story: list[Any] = [*title_page(page, annual), PageBreak()]
    story += [s.p(t("an_contents", lang), s.heading), contents_table(s), PageBreak()]
    values = annual.values if annual.values is not None else data.history.iloc[0:0]
    codes = summed_codes(data.definitions, data.network)
    summed = network_totals(page, codes, values, annual.before)
    before = annual.before
    earlier = None if before is None else returns_of(before.status, before.deadline, data.year - 1)
    now = returns_of(annual.status, annual.deadline, data.year)
    found = network_changes(page, values, before)
    story += [*key_findings(page, now, earlier, found, summed), PageBreak()]
    if summed:
        story += [*totals_table(page, summed), Spacer(1, 12)]
    story += [CondPageBreak(10 * CM), *participation(page, annual)]
    story += [PageBreak(), *member_list(page, annual.membership)]
    story += [CondPageBreak(8 * CM), *completeness(page)]
    story += [PageBreak(), *across_years(page)]
    story += [NextPageTemplate("landscape"), PageBreak()]
    story.append(chapter(t("rp_members_year", lang, year=data.year), s))
    story += summary(page, scores=False)
    story += [NextPageTemplate("portrait"), PageBreak(), *practice(page, annual)]
    planned = plans_chapter(page)
    if planned:
        story += [CondPageBreak(8 * CM), *planned]
    if annual.values is not None:
        shown = list(dict.fromkeys([*data.codes, *codes]))
        story += [PageBreak()]
        story += annex(
            page, shown, values, annual.status, annual.deadline, annual.membership, before,
            annual.practices,
        )  # fmt: skip
    header = t("footer", lang, network=page.network_label, year=data.year)
    return build(
        out, story, title=title, header=header, lang=lang, progress=progress, contents=True
    )


def title_page(page: Page, annual: AnnualData) -> list[Any]:
    """The network's name large, the year's report under it, then the facts: who
    coordinates the network, the deadline, the date the report was made."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Spacer

    lang, data, s = page.lang, page.data, page.styles
    big = ParagraphStyle("cover", parent=s.title, fontSize=28, leading=34, spaceAfter=14)
    sub = ParagraphStyle("cover_sub", parent=s.heading, fontSize=18, leading=24)
    extra = [(t("rp_deadline", lang), date(annual.deadline, lang))]
    source = data.network.source_label(lang)
    if source:
        extra.insert(0, (t("an_source", lang), source))
    return [
        Spacer(1, 6 * CM),
        s.p(page.network_label, big),
        s.p(t("an_subtitle", lang, year=data.year), sub),
        Spacer(1, 2 * CM),
        *facts(page, extra),
    ]


def participation(page: Page, annual: AnnualData) -> list[Any]:
    """Members, forms returned, by the deadline and complete; who has not returned one; who
    corrected a form; a row per member."""
    from reportlab.platypus import Spacer

    lang, s = page.lang, page.styles
    status = annual.status
    counts = form_counts(status, annual.deadline)
    total = counts.members
    story: list[Any] = [chapter(t("rp_participation", lang), s)]
    lines = [
        (t("rp_members_count", lang), str(total), ""),
        (t("rp_returned", lang), str(counts.returned), share_text(counts.returned, total, lang)),
        (
            t("rp_on_time", lang, deadline=date(annual.deadline, lang)),
            str(counts.on_time),
            share_text(counts.on_time, total, lang),
        ),
        (t("rp_complete", lang), str(counts.complete), share_text(counts.complete, total, lang)),
        (
            t("rp_not_returned", lang),
            str(len(counts.missing)),
            share_text(len(counts.missing), total, lang),
        ),
    ]
    rows = [[s.p(a, s.cell), s.p(b, s.cell_right), s.p(c, s.cell_right)] for a, b, c in lines]
    story.append(table(rows, [9.0 * CM, 2.0 * CM, 2.0 * CM], header=False))
    story.append(Spacer(1, 6))
    story += membership(page)
    if counts.missing:
        names = ", ".join(f"{page.name(m)} ({m})" for m in counts.missing)
        story.append(s.p(t("rp_not_returned_names", lang, names=names)))
    if counts.corrected:
        names = ", ".join(f"{page.name(m)} ({m}) {date(d, lang)}" for m, d in counts.corrected)
        story.append(s.p(t("rp_corrected_names", lang, names=names)))
    story.append(s.p(t("rp_on_time_note", lang), s.note))
    head = [
        t("municipality", lang),
        t("rp_form_returned", lang),
        t("rp_filled", lang),
        t("rp_completeness", lang),
        t("rp_received", lang),
        t("rp_corrected", lang),
    ]
    corrected = dict(counts.corrected)
    table_rows: list[list[Any]] = [[s.p(h, s.head) for h in head]]
    for r in records(status):
        received = day_of(r.received)
        again = corrected.get(str(r.municipality))
        table_rows.append(
            [
                s.named(str(r.name), str(r.municipality)),
                s.p(t("wb_yes" if r.returned else "wb_no", lang), s.cell_centre),
                s.p(t("rp_of", lang, part=int(r.filled), whole=int(r.total)), s.cell_centre),
                s.p(percent(100.0 * float(r.completeness), lang, 0), s.cell_right),
                s.p("" if received is None else date(received, lang), s.cell_centre),
                s.p("" if again is None else date(again, lang), s.cell_centre),
            ]
        )
    width = frame_width()
    story.append(
        table(table_rows, [width - 12.8 * CM, 2.2 * CM, 2.6 * CM, 2.4 * CM, 2.8 * CM, 2.8 * CM])
    )
    return story


def membership(page: Page) -> list[Any]:
    """Who joined the network in the year (always said), and who left it (when anyone did)."""
    lang, data, s = page.lang, page.data, page.styles

    def named(codes: tuple[str, ...]) -> str:
        return ", ".join(f"{data.names.get(c, c)} ({c})" for c in codes)

    story = [
        s.p(
            t("members_joined", lang, year=data.year, names=named(data.joined))
            if data.joined
            else t("members_joined_none", lang, year=data.year)
        )
    ]
    if data.left:
        story.append(s.p(t("members_left", lang, year=data.year, names=named(data.left))))
    return story


def completeness(page: Page) -> list[Any]:
    """Per indicator: how many members have a value, a confidential one, none."""
    lang, data, s = page.lang, page.data, page.styles
    head = [
        t("indicator", lang),
        t("rp_with_value", lang),
        t("rp_confidential", lang),
        t("rp_not_applicable", lang),
        t("rp_without_value", lang),
        t("rp_completeness", lang),
    ]
    rows: list[list[Any]] = [[s.p(h, s.head) for h in head]]
    total = len(data.members)
    for code in data.codes:
        found = page.tables.get(code, [])
        valued = sum(1 for r in found if figures.shown(r))
        secret = sum(1 for r in found if r.status == "..")
        # Not applicable (".") answers the question, as a complete form counts it.
        inapplicable = sum(1 for r in found if r.status == ".")
        none = total - valued - secret - inapplicable
        rows.append(
            [
                s.named(page.label(code), code),
                s.p(str(valued), s.cell_right),
                s.p(str(secret), s.cell_right),
                s.p(str(inapplicable), s.cell_right),
                s.p(str(none), s.cell_right),
                s.p(share_text(valued + secret, total, lang), s.cell_right),
            ]
        )
    width = frame_width()
    return [
        chapter(t("rp_completeness_title", lang, year=data.year), s),
        table(rows, [width - 12.0 * CM, 2.4 * CM, 2.4 * CM, 2.4 * CM, 2.4 * CM, 2.4 * CM]),
    ]


def across_years(page: Page) -> list[Any]:
    """Each indicator year by year: the members' median and middle half (for a yes/no
    indicator the share answering yes), how many reported; then the same as small charts."""
    from reportlab.platypus import Paragraph, Spacer

    lang, data, s = page.lang, page.data, page.styles
    found = trends(data)
    years = sorted({y for c in data.codes for y in found.years(c)})[-5:]
    story: list[Any] = [
        chapter(t("rp_across_years", lang), s),
        s.p(t("rp_across_years_note", lang), s.note),
    ]
    head = [s.p(t("indicator", lang), s.head)] + [s.p(str(y), s.head) for y in years]
    rows: list[list[Any]] = [head]
    for code in data.codes:
        ind = data.definitions.indicators[code]
        cells: list[Any] = [s.named(ind.label_with_unit(lang), code)]
        for year in years:
            key = (code, year)
            if key not in found.stats.index:
                cells.append("")
                continue
            stat: Any = found.stats.loc[key]
            held: Any = found.values.loc[key]
            count = int(held.notna().sum())
            if is_yes_no(ind):
                text = t("rp_yes_share", lang, share=percent(100.0 * float(stat["mean"]), lang, 0))
            else:
                decimals = 0 if is_ordinal(ind) else places(ind)
                text = (
                    f"{number(float(stat['median']), lang, decimals)} "
                    f"({number(float(stat['q1']), lang, decimals)}–"
                    f"{number(float(stat['q3']), lang, decimals)})"
                )
            cells.append(Paragraph(f"{escape(text)}<br/>n = {count}", s.cell_right))
        rows.append(cells)
    width = frame_width()
    first = 6.5 * CM
    story.append(table(rows, [first] + [(width - first) / max(len(years), 1)] * len(years)))
    codes = list(data.codes)
    for start in range(0, len(codes), 12):  # four rows of small multiples fit on a page
        chunk = codes[start : start + 12]
        grid = figures.trend_grid(chunk, data.definitions.indicators, found, lang)
        if grid is not None:  # (Healthy Boost's twenty in one image overran the page)
            story += [Spacer(1, 8), image(grid, width)]
    return story


def practice(page: Page, annual: AnnualData) -> list[Any]:
    """The good practice collected: who, on what, which year, and where to read more."""
    lang, s = page.lang, page.styles
    story: list[Any] = [chapter(t("rp_practices", lang), s)]
    shared = annual.practices
    if shared.empty:
        return [*story, s.p(t("rp_no_practices", lang))]
    head = [t("municipality", lang), t("indicator", lang), t("year", lang), t("practice", lang)]
    rows: list[list[Any]] = [[s.p(h, s.head) for h in head]]
    for p in records(shared.sort_values(["municipality", "id"], kind="stable")):
        indicator = page.label(p.indicator) if isinstance(p.indicator, str) else ""
        text = [s.p(practice_line(p), s.cell)]
        fared = practice_plans(page.data, int(p.id), lang)
        if fared:
            text.append(s.p(fared, s.cell))
        year = "" if is_missing(p.year) else str(int(p.year))
        rows.append(
            [
                s.named(page.name(p.municipality), p.municipality),
                s.p(indicator, s.cell),
                s.p(year, s.cell_centre),
                text,
            ]
        )
    width = frame_width()
    story.append(table(rows, [4.6 * CM, 4.6 * CM, 1.4 * CM, width - 10.6 * CM]))
    return story
