"""A member's handout: the one A4 page a municipality takes to its council.

It opens the member's report, and the meeting pack with ``--handouts`` adds
one per member. The page holds the three-line headline
(:func:`benchlearn.position.headline`), the position table coloured as the
summary (value, reference value, verdict, change since the previous year with
its arrow coloured only when significant, rank change), the spine chart with
the values written on it, up to :data:`PARTNERS` learning partners with
their practice and contact, and the gap to the clearly better similar municipalities'
median where the member is behind (in people or money where a denominator exists).
A self-assessment network's page shows the member's matrix instead of the table and the
chart. What does not fit is drawn smaller (``KeepInFrame``), so it is always one page, as
the agenda summary is; a member with improvement plans gets a second page on them
(:mod:`benchlearn.report.plans`), and a member of a network with efficiency models a page
on those (:mod:`benchlearn.report.efficiency`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from benchlearn.access import PUBLIC
from benchlearn.frames import records
from benchlearn.report.document import CM, frame_height, frame_width, image, table
from benchlearn.report.matrix import level_grid
from benchlearn.report.sections import fill_of
from benchlearn.views import (
    change_mark,
    is_missing,
    practice_note,
    significance_label,
    spine_rows,
    value_text,
)

if TYPE_CHECKING:
    from benchlearn.report.sections import Page

#: Learning partners on the page: the first distinct ones of the member's partner table.
PARTNERS = 3


def handout_page(page: Page, municipality: str) -> list[Any]:
    """The member's handout as one flowable that fills one portrait page."""
    from reportlab.platypus import KeepInFrame

    from benchlearn.report.efficiency import efficiency_page
    from benchlearn.report.plans import plans_page

    content = _handout(page, municipality)
    # A member with plans gets their progress and effect on a second page.
    return [
        KeepInFrame(frame_width(), frame_height(), content, mode="shrink"),
        *plans_page(page, municipality),
        *efficiency_page(page, municipality),
    ]


def _handout(page: Page, municipality: str) -> list[Any]:
    from reportlab.platypus import Spacer

    from benchlearn.messages import t
    from benchlearn.position import headline

    lang, data, s = page.lang, page.data, page.styles
    name = page.name(municipality)
    title = t("wb_position_title", lang, name=name, code=municipality,
              network=page.network_label, year=data.year)  # fmt: skip
    story: list[Any] = [s.p(title, s.heading)]
    if data.audience != PUBLIC:  # a handout travels alone: it says for whom it was made
        story.append(s.p(data.audience.label(lang, data.names), s.small))
    ranked = any(data.definitions.indicators[c].ranked for c in data.codes)
    if not ranked:  # a self-assessment: the matrix says where the member stands
        return story + level_grid(page, municipality)
    story += [s.p(line, s.body) for line in headline(data, municipality, lang)]
    story += [Spacer(1, 4), handout_table(page, municipality)]
    rows, legend = spine_rows(data, page.by_key, municipality, lang)
    if rows:
        story += [s.p(t("chart_spine", lang, name=name), s.subheading), spine_image(rows, legend)]
    story += [s.p(t("partners", lang), s.subheading), *partners_table(page, municipality)]
    return story + gaps_section(page, municipality)


def gaps_section(page: Page, municipality: str) -> list[Any]:
    """If the member matched its clearly better similar municipalities: the gap to their
    median per indicator where it is behind, in the indicator's units and in people or
    money (:func:`benchlearn.position.gap_sentences`); nothing where there is none."""
    from benchlearn.messages import t
    from benchlearn.position import gap_sentences, own_gaps

    gaps = own_gaps(page.data, municipality)
    if gaps.empty:
        return []
    s = page.styles
    lines = gap_sentences(page.data, gaps, page.lang)
    return [s.p(t("rk_gaps_title", page.lang), s.subheading), *(s.p(x, s.small) for x in lines)]


def handout_table(page: Page, municipality: str) -> Any:
    """Indicator, value, reference value, the verdict in its colour, the change (coloured
    only when significant) and the rank change."""
    from reportlab.lib import colors

    from benchlearn.messages import t

    lang, data, s = page.lang, page.data, page.styles
    head = [t("indicator", lang), t("value", lang), t("ho_comparator", lang),
            t("ho_verdict", lang), t("wb_change", lang), t("ch_rank_change", lang)]  # fmt: skip
    cells: list[list[Any]] = [[s.p(h, s.head) for h in head]]
    commands: list[tuple[Any, ...]] = []
    for i, code in enumerate(data.codes, start=1):
        ind = data.definitions.indicators[code]
        r = page.by_key.get((municipality, code))
        shown = r is not None and r.status != ".." and not is_missing(r.value)
        comparator = "" if r is None or is_missing(r.comparator) else value_text(
            ind, r.comparator, None, lang)  # fmt: skip
        mark = change_mark(ind, r, lang) if shown else None
        fill, white = fill_of(page, code, r) if ind.ranked else (None, False)
        verdict = verdict_text(r, lang) if ind.ranked and shown else ""
        cells.append([
            s.named(ind.label_with_unit(lang), code),
            s.p(value_text(ind, r.value, r.status, lang, levels=True) if r is not None else "",
                s.cell_right),
            s.p(comparator if ind.ranked else "", s.cell_right),
            s.p(verdict, _white(s) if white else s.cell),
            s.p(mark.text if mark else "", s.change(mark.colour) if mark else s.cell_right),
            s.p(mark.rank if mark else "", s.cell_right),
        ])  # fmt: skip
        if verdict and fill:
            commands.append(("BACKGROUND", (3, i), (3, i), colors.HexColor(fill)))
    fixed = [0, 2.6 * CM, 2.6 * CM, 3.4 * CM, 2.3 * CM, 1.8 * CM]
    fixed[0] = frame_width() - sum(fixed)
    return table(cells, fixed, styles=commands)


def verdict_text(r: Any, lang: str) -> str:
    """The verdict as the position table says it: the significance where the indicator has
    counts, else the band; empty where neither."""
    from benchlearn.messages import t

    if isinstance(r.significance, str):
        return significance_label(r.significance, lang)
    return "" if is_missing(r.band) else t(str(r.band), lang)


def partners_table(page: Page, municipality: str) -> list[Any]:
    """Up to :data:`PARTNERS` partners, each once: the indicators it is better on, its good
    practice and contact."""
    from benchlearn.messages import t

    lang, s = page.lang, page.styles
    partners = page.data.partners.get(municipality)
    if partners is None or partners.empty:
        return [s.p(t("no_partners", lang), s.body)]
    chosen: dict[str, list[Any]] = {}
    for p in records(partners):
        if p.partner in chosen or len(chosen) < PARTNERS:
            chosen.setdefault(str(p.partner), []).append(p)
    head = [t("partner", lang), t("indicator", lang), t("practice", lang), t("contact", lang)]
    cells: list[list[Any]] = [[s.p(h, s.head) for h in head]]
    for partner, rows in chosen.items():
        practice = next((practice_note(p) for p in rows if practice_note(p)), "")
        contact = next((str(p.contact) for p in rows if p.contact), "")
        cells.append([
            s.named(page.name(partner), partner),
            s.p("; ".join(page.label(str(p.indicator)) for p in rows), s.cell),
            s.p(practice, s.cell),
            s.p(contact, s.cell),
        ])  # fmt: skip
    widths = [3.8 * CM, 4.6 * CM, 0, 4.0 * CM]
    widths[2] = frame_width() - sum(widths)
    return [table(cells, widths)]


def spine_image(rows: list[Any], legend: list[tuple[str, str, str]]) -> Any:
    """The spine chart at the page's width, its legend two to a row under it."""
    from benchlearn.charts import spine_figure

    spine = spine_figure(rows, legend, width=7.0)
    axes = spine.axes[0]
    if axes.get_legend():
        handles = axes.get_legend().legend_handles
        axes.get_legend().remove()
        spine.legend(handles=handles, loc="outside lower center", ncol=2, fontsize=7,
                     frameon=False)  # fmt: skip
    return image(spine, frame_width())


def _white(s: Any) -> Any:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle

    return ParagraphStyle("cell_white_left", parent=s.cell, textColor=colors.white)
