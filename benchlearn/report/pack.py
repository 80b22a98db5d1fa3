"""The meeting pack: the workbook's content on paper, for everyone at the table.

The agenda summary (:mod:`.agenda`, when gathered), a cover (what, when,
compared with whom, how to read it, sources, members),
the summary of every member and indicator, one page per indicator and the
similar municipalities. Each indicator's page holds its definition, the
members' median and middle half, the values best to worst with names (for a
large network the values without names, and the ten best and worst named in a
table), the funnel plot where the indicator has counts, and the members
without a value named in a note. A yes/no indicator shows how many answered
each way and who, an ordinal one how many stand at each level.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from benchlearn.access import PUBLIC
from benchlearn.definitions import pick_text
from benchlearn.frames import records
from benchlearn.messages import alphabetical, general, number, t, years_text
from benchlearn.report import figures
from benchlearn.report.agenda import agenda_page
from benchlearn.report.document import (
    CM,
    ReportSummary,
    Styles,
    build,
    frame_width,
    image,
    table,
)
from benchlearn.report.handout import handout_page
from benchlearn.report.matrix import level_grid
from benchlearn.report.sections import (
    Page,
    facts,
    how_to_read,
    members,
    sources,
    summary,
)
from benchlearn.report.shrunk import shrunk_pages
from benchlearn.views import (
    comparator_kind,
    comparator_label,
    has_rank_sets,
    is_missing,
    is_ordinal,
    is_yes_no,
    level_text,
    rank_set_text,
    rank_sets_note,
    value_text,
)

if TYPE_CHECKING:
    from pathlib import Path

    from benchlearn.meeting import MeetingData

#: Members named at each end of a large network's ranking.
ENDS = 10
#: Nearest neighbours shown for each member.
NEIGHBOURS = 5


def render_pack(
    data: MeetingData,
    out: str | Path,
    lang: str = "en",
    progress: Callable[[int, int], None] | None = None,
    *,
    handouts: bool = False,
) -> ReportSummary:
    """Write the meeting pack of ``data`` as a PDF in ``lang``; with ``handouts`` every
    member's one-page handout follows it, in the order of their names."""
    from reportlab.platypus import NextPageTemplate, PageBreak

    page = Page(data, lang, Styles())
    story: list[Any] = []
    if data.audience != PUBLIC:  # before anything it shows: for whom it was made
        story.append(page.styles.p(data.audience.label(lang, data.names), page.styles.body))
    if data.agenda is not None:  # the first page: what the meeting looks at first
        story += [*agenda_page(page, data.agenda), PageBreak()]
    story += cover(page)
    story += [NextPageTemplate("landscape"), PageBreak()]
    story.append(page.styles.p(t("sheet_summary", lang), page.styles.heading))
    story += summary(page)
    grid = level_grid(page, width=frame_width("landscape"))
    if grid:  # a self-assessment: where the members stand, cell by cell
        story += [PageBreak(), *grid]
    story += [NextPageTemplate("portrait"), PageBreak()]
    for i, code in enumerate(data.codes):
        if i:
            story.append(PageBreak())
        story += indicator_page(page, code)
    story += shrunk_pages(page)
    story += [NextPageTemplate("landscape"), PageBreak()]
    story += similar(page)
    if handouts:
        for municipality in sorted(data.members, key=lambda m: alphabetical(page.name(m))):
            story += [NextPageTemplate("portrait"), PageBreak(),
                      *handout_page(page, municipality)]  # fmt: skip
    title = t("rp_pack_title", lang, network=page.network_label, year=data.year)
    header = t("footer", lang, network=page.network_label, year=data.year)
    return build(out, story, title=title, header=header, lang=lang, progress=progress)


def cover(page: Page) -> list[Any]:
    """Title, the facts, how to read, sources and the members."""
    s, data = page.styles, page.data
    title = t("rp_pack_title", page.lang, network=page.network_label, year=data.year)
    return [s.p(title, s.title), *facts(page), *how_to_read(page), *sources(page), *members(page)]


def indicator_page(page: Page, code: str, *, focus: str | None = None) -> list[Any]:
    """One indicator on one page: definition, statistics, the chart(s), who has no value."""
    from reportlab.platypus import KeepTogether, Spacer

    lang, data, s = page.lang, page.data, page.styles
    ind = data.definitions.indicators[code]
    rows = page.tables.get(code, [])
    story: list[Any] = [s.named(ind.label_with_unit(lang), code, s.heading)]
    about = [pick_text(ind.description, lang)]
    about.append(f"{t('direction', lang)}: {t(ind.direction, lang)}")
    if ind.source_label(lang):
        about.append(f"{t('source', lang)}: {ind.source_label(lang)}")
    story += [s.p(text, s.small) for text in about if text]
    counted = ind.statistic is not None
    choice = is_yes_no(ind) or is_ordinal(ind)
    first = rows[0] if rows else None
    if first is not None and not choice and data.peers in {"network", "all"}:
        keys = ("peer_median", "peer_q1", "peer_q3")
        line = " · ".join(
            f"{t(k, lang)}: {value_text(ind, getattr(first, k), None, lang)}"
            for k in keys
            if not is_missing(getattr(first, k))
        )
        if not is_missing(first.comparator):
            line += (
                f" · {comparator_label(data, code, lang)}: "
                f"{value_text(ind, first.comparator, None, lang)}"
            )
        story.append(s.p(line, s.body))
    shown = [r for r in rows if figures.shown(r) or r.status == ".."]
    missing = [r.municipality for r in rows if not figures.shown(r) and r.status != ".."]
    width = frame_width()
    if choice:
        story.append(image(figures.distribution(ind, rows, lang, focus=focus), width))
        story += _who_answered(page, ind, rows)
    elif shown:
        bars = figures.ranked_bars(
            ind, rows, data.names, lang, confidence=data.confidence, focus=focus,
            reference=comparator_kind(data, code),
        )  # fmt: skip
        story.append(image(bars, width))
        if len(shown) > figures.NAMED_BARS:
            story.append(_ends(page, code, shown))
        if has_rank_sets(shown):
            story.append(s.p(rank_sets_note(data.confidence, lang), s.note))
        funnel = figures.funnel(data, code, lang) if counted else None
        if funnel is not None:  # below the bars where it fits, else on a page of its own
            chart, outside = funnel
            title = s.p(t("funnel_title", lang, indicator=ind.label(lang)), s.subheading)
            notes = [
                s.p(
                    f"{t(key, lang)} ({len(names)}): {', '.join(sorted(names, key=alphabetical))}.",
                    s.small,
                )
                for key, names in sorted(outside.items())
            ]
            story.append(KeepTogether([title, image(chart, width), *notes]))
    if missing:
        story.append(Spacer(1, 4))
        names = ", ".join(f"{page.name(m)} ({m})" for m in missing)
        story.append(s.p(t("rp_no_value", lang, count=len(missing), names=names), s.note))
    return story


def _who_answered(page: Page, ind: Any, rows: list[Any]) -> list[Any]:
    """For a yes/no or ordinal indicator of a network small enough to list: who gave each
    answer."""
    lang, s = page.lang, page.styles
    if len(rows) > figures.NAMED_BARS:
        return []
    groups: dict[str, list[str]] = {}
    for r in rows:
        if figures.shown(r):
            answer = value_text(ind, r.value, r.status, lang)
            if is_ordinal(ind):
                answer = level_text(ind, float(r.value), lang)
            groups.setdefault(answer, []).append(page.name(r.municipality))
    return [
        s.p(f"{answer} ({len(names)}): {', '.join(sorted(names, key=alphabetical))}.", s.small)
        for answer, names in groups.items()
    ]


def _ends(page: Page, code: str, shown: list[Any]) -> Any:
    """A large network's ten best and ten worst side by side, named, with rank and value."""
    lang, s = page.lang, page.styles
    ind = page.data.definitions.indicators[code]
    ranked = [r for r in shown if not is_missing(r.rank)]
    best, worst = ranked[:ENDS], ranked[-ENDS:][::-1] if len(ranked) > ENDS else []
    heads = (
        ("rp_best_ten", "rp_worst_ten")
        if ind.direction != "neutral"
        else ("rp_highest_ten", "rp_lowest_ten")
    )
    if ind.direction == "neutral":  # unranked: by value, largest first
        ordered = [r for r in shown if figures.shown(r)]
        best, worst = ordered[:ENDS], ordered[-ENDS:][::-1]
    rows: list[list[Any]] = [
        [s.p(t(heads[0], lang), s.head), "", "", s.p(t(heads[1], lang), s.head), "", ""]
    ]
    for i in range(max(len(best), len(worst))):
        cells: list[Any] = []
        for side in (best, worst):
            if i < len(side):
                r = side[i]
                rank = rank_set_text(r)
                cells += [
                    s.p(rank, s.cell_right),
                    s.named(page.name(r.municipality), r.municipality),
                    s.p(value_text(ind, r.value, r.status, lang), s.cell_right),
                ]
            else:
                cells += ["", "", ""]
        rows.append(cells)
    half = frame_width() / 2
    place = 1.7 * CM if has_rank_sets(shown) else 0.9 * CM  # "12 (3–25)" or "12"
    widths = [place, half - place - 2.7 * CM, 2.7 * CM] * 2
    return table(rows, widths, styles=[("SPAN", (0, 0), (2, 0)), ("SPAN", (3, 0), (5, 0))])


def similar(page: Page) -> list[Any]:
    """Each member's nearest neighbours with their similarity, its cluster, the variables."""
    lang, data, s = page.lang, page.data, page.styles
    story: list[Any] = [s.p(t("sheet_similar", lang), s.heading)]
    if data.neighbours is None:
        return [*story, s.p(t("no_structural", lang))]
    definitions = data.definitions.indicators
    used = set(data.variables) if data.variables else {v.code for v in data.network.structural}
    variables = []
    for v in (v for v in data.network.structural if v.code in used):
        notes = [v.code] + (["log"] if v.log else [])
        if v.weight != 1:
            notes.append(f"× {general(v.weight, lang)}")
        if v.code in data.years:
            notes.append(years_text(data.years[v.code]))
        label = definitions[v.code].label(lang) if v.code in definitions else v.code
        variables.append(f"{label} ({', '.join(notes)})")
    story.append(s.p(f"{t('variables', lang)}: {'; '.join(variables)}", s.small))
    left = []
    if data.dropped:
        dropped = ", ".join(
            f"{page.label(c) if c in definitions else c} ({c})" for c in data.dropped
        )
        left.append(t("wb_variables_dropped", lang, variables=dropped, year=data.year))
    if data.excluded is not None:
        left += [f"{page.name(m)} ({m}: {v})" for m, v in records(data.excluded)]
    if left:
        story.append(s.p(f"{t('left_out', lang)}: {'; '.join(left)}", s.small))
    if data.partial is not None and len(data.partial):
        fewer = "; ".join(
            f"{page.name(m)} ({m}: {t('sim_without', lang, variables=v)})"
            for m, v in records(data.partial)
        )
        story.append(s.p(f"{t('sim_compared_on_fewer', lang)}: {fewer}", s.small))
    clusters: dict[str, int] = {}
    if data.clusters is not None:
        clusters = {r.municipality: int(r.cluster) for r in records(data.clusters.assignments)}
    head = [s.p(t("municipality", lang), s.head), s.p(t("cluster", lang), s.head)]
    head += [s.p(t("wb_neighbour_n", lang, n=n), s.head) for n in range(1, NEIGHBOURS + 1)]
    rows: list[list[Any]] = [head]
    found: dict[str, list[Any]] = {}
    for r in records(data.neighbours.sort_values(["municipality", "order"], kind="stable")):
        found.setdefault(r.municipality, []).append(r)
    for municipality, near in found.items():
        cells: list[Any] = [
            s.named(page.name(municipality), municipality),
            s.p(str(clusters.get(municipality, "")), s.cell_centre),
        ]
        for r in near[:NEIGHBOURS]:
            similarity = number(float(r.similarity), lang, 2)
            cells.append(s.named(page.name(r.neighbour), similarity))
        cells += [""] * (len(head) - len(cells))
        rows.append(cells)
    width = frame_width("landscape")
    first = 5.0 * CM
    widths = [first, 2.1 * CM] + [(width - first - 2.1 * CM) / NEIGHBOURS] * NEIGHBOURS
    story.append(s.p(t("rp_similarity_note", lang), s.note))
    story.append(table(rows, widths))
    return story
