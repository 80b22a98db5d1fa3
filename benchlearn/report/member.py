"""A municipality's report: where it stands among its peers, in a few pages.

It says on paper what ``benchlearn position`` prints, word for word: the
table and the sentences, with the same breaks between their parts. Then the
spine chart (every indicator on its own scale, the better end to the right),
its trends against the members' median and middle half as small multiples,
and whom to learn from, with their good practice.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from benchlearn.frames import records
from benchlearn.messages import number, t
from benchlearn.report import figures
from benchlearn.report.document import (
    CM,
    ReportSummary,
    Styles,
    build,
    frame_width,
    image,
    table,
)
from benchlearn.report.handout import handout_page, spine_image
from benchlearn.report.matrix import level_grid
from benchlearn.report.sections import Page, facts
from benchlearn.views import is_missing, is_ordinal, practice_note, spine_rows, trends

if TYPE_CHECKING:
    from pathlib import Path

    from benchlearn.meeting import MeetingData
    from benchlearn.views import ChangeMark


def render_member(
    data: MeetingData,
    municipality: str,
    out: str | Path,
    lang: str = "en",
    progress: Callable[[int, int], None] | None = None,
) -> ReportSummary:
    """Write ``municipality``'s report from meeting data gathered for it."""
    from reportlab.platypus import CondPageBreak, KeepTogether, PageBreak, Spacer

    from benchlearn.position import describe

    page = Page(data, lang, Styles())
    s = page.styles
    found = describe(data, municipality, lang)
    title = t(
        "wb_position_title",
        lang,
        name=found.name,
        code=municipality,
        network=page.network_label,
        year=data.year,
    )
    # The first page is the handout the member takes to its council; the report follows.
    story: list[Any] = [*handout_page(page, municipality), PageBreak()]
    story += [s.p(title, s.title), *facts(page), Spacer(1, 8)]
    levels = level_grid(page, municipality)
    if levels and all(not data.definitions.indicators[c].ranked for c in data.codes):
        story += levels  # a self-assessment: its levels on the grid say what the table would
    else:
        story.append(position_table(page, found.table, found.marks))
        story += levels
    story.append(Spacer(1, 8))
    for i, sentence in enumerate(found.sentences):
        if i in found.breaks:
            story.append(Spacer(1, 6))
        story.append(s.p(sentence))
    rows, legend = spine_rows(data, page.by_key, municipality, lang)
    width = frame_width()
    if rows:
        heading = s.p(t("chart_spine", lang, name=found.name), s.heading)
        story.append(KeepTogether([heading, spine_image(rows, legend)]))
    codes = [c for c in data.codes if not is_ordinal(data.definitions.indicators[c])]
    grid = figures.trend_grid(
        codes,
        data.definitions.indicators,
        trends(data),
        lang,
        focus=municipality,
        focus_name=found.name,
    )
    if grid is not None:
        story.append(KeepTogether([s.p(t("wb_trends", lang), s.heading), image(grid, width)]))
    if any(data.definitions.indicators[c].ranked for c in data.codes):
        story += [CondPageBreak(5 * CM), s.p(t("partners", lang), s.heading)]
        story += partners_table(page, municipality)
    header = t("footer", lang, network=page.network_label, year=data.year)
    return build(
        out, story, title=title, header=f"{found.name} · {header}", lang=lang, progress=progress
    )


def position_table(page: Page, frame: Any, marks: Mapping[str, ChangeMark]) -> Any:
    """The position table: indicator (its code in small type), value, rank, verdict, change."""
    lang, s = page.lang, page.styles
    head = [
        t("indicator", lang),
        t("value", lang),
        t("rank_of_n", lang),
        t("band", lang),
        t("wb_change", lang),
        t("ch_rank_change", lang),
    ]
    rows: list[list[Any]] = [[s.p(h, s.head) for h in head]]
    for r in records(frame):
        cells = ["" if is_missing(v) else str(v)
                 for v in (r.value, r.rank_of_n, r.band, r.change, r.rank_change)]  # fmt: skip
        mark = marks.get(str(r.indicator))
        rows.append(
            [
                s.named(str(r.name), str(r.indicator)),
                s.p(cells[0], s.cell_right),
                s.p(cells[1], s.cell_centre),
                s.p(cells[2], s.cell),
                s.p(cells[3], s.change(mark.colour) if mark else s.cell_right),
                s.p(cells[4], s.cell_right),
            ]
        )
    width = frame_width()
    return table(rows, [width - 13.0 * CM, 3.8 * CM, 2.0 * CM, 3.4 * CM, 2.2 * CM, 1.6 * CM])


def partners_table(page: Page, municipality: str) -> list[Any]:
    """Whom to learn from (the rows the position's sentences name): per indicator a partner
    and its contact, how much better, how similar, its good practice in full."""
    lang, data, s = page.lang, page.data, page.styles
    partners = data.partners.get(municipality)
    if partners is None or partners.empty:
        return [s.p(t("no_partners", lang))]
    head = [
        t("indicator", lang),
        t("partner", lang),
        t("gap", lang),
        t("similarity", lang),
        t("practice", lang),
    ]
    rows: list[list[Any]] = [[s.p(h, s.head) for h in head]]
    for p in records(partners):
        similarity = "" if is_missing(p.similarity) else number(float(p.similarity), lang, 2)
        gap = "" if is_missing(p.gap) else number(float(p.gap), lang, 1)
        partner = [s.named(page.name(p.partner), p.partner)]
        if p.contact:
            partner.append(s.p(str(p.contact), s.cell))
        rows.append(
            [
                s.p(page.label(p.indicator), s.cell),
                partner,
                s.p(gap, s.cell_right),
                s.p(similarity, s.cell_right),
                s.p(practice_note(p), s.cell),
            ]
        )
    width = frame_width()
    return [table(rows, [5.0 * CM, 3.8 * CM, 2.0 * CM, 1.8 * CM, width - 12.6 * CM])]
