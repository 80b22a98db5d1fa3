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
from benchlearn.messages import date, number, percent, t
from benchlearn.report import figures
from benchlearn.report.document import (
    CM,
    ReportSummary,
    Styles,
    build,
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

    from benchlearn.meeting import MeetingData


@dataclass(frozen=True)
class AnnualData:
    """What the annual report shows: the year's comparisons, the forms and the practice."""

    meeting: MeetingData
    status: pd.DataFrame  # importing.status.COLUMNS
    practices: pd.DataFrame  # registry.practices.COLUMNS
    deadline: dt.date


def default_deadline(year: int) -> dt.date:
    """Forms for ``year`` are due on 31 March of the next year (as ``forms make`` says)."""
    return dt.date(year + 1, 3, 31)


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
    deadline = (t("rp_deadline", lang), date(annual.deadline, lang))
    story: list[Any] = [s.p(title, s.title), *facts(page, [deadline]), Spacer(1, 6)]
    story += participation(page, annual)
    story += [CondPageBreak(8 * CM), *completeness(page)]
    story += [PageBreak(), *across_years(page)]
    story += [NextPageTemplate("landscape"), PageBreak()]
    story.append(s.p(t("rp_members_year", lang, year=data.year), s.heading))
    story += summary(page, scores=False)
    story += [NextPageTemplate("portrait"), PageBreak(), *practice(page, annual)]
    header = t("footer", lang, network=page.network_label, year=data.year)
    return build(out, story, title=title, header=header, lang=lang, progress=progress)


@dataclass(frozen=True)
class FormCounts:
    """The forms of a year as the annual report counts them, from the forms status.

    ``on_time``: first received by the deadline (a later correction leaves it on
    time); ``complete``: every own indicator answered (``filled == total``, a "-"
    being no answer); ``corrected``: members whose figures were imported again
    after the form was first received, with the day of the latest correction.
    """

    members: int
    returned: int
    on_time: int
    complete: int
    missing: tuple[str, ...]  # members without a form
    corrected: tuple[tuple[str, dt.date], ...]


def form_counts(status: pd.DataFrame, deadline: dt.date) -> FormCounts:
    """Count the forms of ``status`` (:data:`benchlearn.importing.status.COLUMNS`)."""
    rows = list(records(status))
    returned = [r for r in rows if r.returned]
    return FormCounts(
        members=len(rows),
        returned=len(returned),
        on_time=sum(1 for r in returned if (day := _day(r.received)) and day <= deadline),
        complete=sum(1 for r in returned if r.filled == r.total),
        missing=tuple(str(r.municipality) for r in rows if not r.returned),
        corrected=tuple(
            (str(r.municipality), last)
            for r in returned
            if (last := _day(r.last_import)) is not None
            and (first := _day(r.received)) is not None
            and last > first
        ),
    )


def _day(when: Any) -> dt.date | None:
    """The day of a stored time, None when there is none."""
    return None if when is None or is_missing(when) else when.date()


def participation(page: Page, annual: AnnualData) -> list[Any]:
    """Members, forms returned, by the deadline and complete; who has not returned one; who
    corrected a form; a row per member."""
    from reportlab.platypus import Spacer

    lang, s = page.lang, page.styles
    status = annual.status
    counts = form_counts(status, annual.deadline)
    total = counts.members
    story: list[Any] = [s.p(t("rp_participation", lang), s.heading)]
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
        received = _day(r.received)
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
        s.p(t("rp_completeness_title", lang, year=data.year), s.heading),
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
        s.p(t("rp_across_years", lang), s.heading),
        s.p(t("rp_across_years_note", lang), s.note),
    ]
    head = [s.p(t("indicator", lang), s.head)] + [s.p(str(y), s.head) for y in years]
    rows: list[list[Any]] = [head]
    for code in data.codes:
        ind = data.definitions.indicators[code]
        cells: list[Any] = [s.named(f"{page.label(code)} ({ind.unit_label(lang)})", code)]
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
    story: list[Any] = [s.p(t("rp_practices", lang), s.heading)]
    shared = annual.practices
    if shared.empty:
        return [*story, s.p(t("rp_no_practices", lang))]
    head = [t("municipality", lang), t("indicator", lang), t("year", lang), t("practice", lang)]
    rows: list[list[Any]] = [[s.p(h, s.head) for h in head]]
    for p in records(shared.sort_values(["municipality", "id"], kind="stable")):
        indicator = page.label(p.indicator) if isinstance(p.indicator, str) else ""
        text = str(p.title)
        if isinstance(p.text, str) and p.text:
            text += f" — {p.text}"
        if isinstance(p.url, str) and p.url:
            text += f" ({p.url})"
        year = "" if is_missing(p.year) else str(int(p.year))
        rows.append(
            [
                s.named(page.name(p.municipality), p.municipality),
                s.p(indicator, s.cell),
                s.p(year, s.cell_centre),
                s.p(text, s.cell),
            ]
        )
    width = frame_width()
    story.append(table(rows, [4.6 * CM, 4.6 * CM, 1.4 * CM, width - 10.6 * CM]))
    return story
