"""The meeting pack's first page: the agenda summary, on one A4 page.

What a facilitator would otherwise write by hand before a meeting, from
:class:`benchlearn.meeting.Agenda`: who returned the forms (on time, late,
not at all), the network's three largest significant improvements and
declines since the previous year, who is worse than the reference value and
getting worse ("red-red", first among the members' findings), who stands out
on several indicators, and the partners worth a visit with their practice.
Long lists are cut so the page stays one page: the members on time are
counted, not named; red-reds beyond :data:`RED_RED_ROWS` are counted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from benchlearn.frames import records
from benchlearn.messages import alphabetical, date, general, t
from benchlearn.report.document import CM, frame_height, frame_width, table
from benchlearn.views import change_mark, practice_note, value_text

if TYPE_CHECKING:
    import pandas as pd

    from benchlearn.meeting import Agenda, MeetingData
    from benchlearn.report.sections import Page

#: Red-red rows shown before the rest are counted.
RED_RED_ROWS = 6
#: Members named in a list (late, missing, standing out) before the rest are counted.
NAMED = 12
#: Members a visit is proposed to, named before the rest are counted.
PROPOSED = 4


def agenda_page(page: Page, agenda: Agenda) -> list[Any]:
    """The agenda summary as one flowable that fills one portrait page: a long network's
    lists are cut (see the module), and what still does not fit is drawn smaller."""
    from reportlab.platypus import KeepInFrame

    content = _agenda(page, agenda)
    return [KeepInFrame(frame_width(), frame_height(), content, mode="shrink")]


def _agenda(page: Page, agenda: Agenda) -> list[Any]:
    lang, data, s = page.lang, page.data, page.styles
    story: list[Any] = [
        s.p(t("ag_title", lang, network=page.network_label, year=data.year), s.heading)
    ]
    story.append(s.p(t("ag_returns", lang), s.subheading))
    story += [s.p(line, s.body) for line in returns_lines(data, agenda, lang)]
    if not judged(data):  # a self-assessment: no verdicts, ranks or partners to list
        return story
    for key, rows, empty in (
        ("ag_improvements", agenda.improvements, "ag_no_improvements"),
        ("ag_declines", agenda.declines, "ag_no_declines"),
    ):
        story.append(s.p(t(key, lang), s.subheading))
        story.append(changes_table(page, rows) if len(rows) else s.p(t(empty, lang), s.body))
    story.append(s.p(t("ag_red_red", lang), s.subheading))
    if len(agenda.red_red):
        story.append(changes_table(page, agenda.red_red.head(RED_RED_ROWS)))
        if len(agenda.red_red) > RED_RED_ROWS:
            more = t("ag_more", lang, count=len(agenda.red_red) - RED_RED_ROWS)
            story.append(s.p(more, s.small))
    else:
        story.append(s.p(t("ag_no_red_red", lang), s.body))
    story.append(s.p(t("ag_stand_out", lang), s.subheading))
    story += [s.p(line, s.body) for line in standing_lines(data, agenda, lang)]
    story.append(s.p(t("ag_visits", lang), s.subheading))
    if len(agenda.visits):
        story.append(s.p(t("ag_visits_note", lang), s.small))
        story.append(visits_table(page, agenda.visits))
    else:
        story.append(s.p(t("ag_no_visits", lang, year=data.year), s.body))
    level = general(data.confidence, lang)
    story.append(s.p(t("ag_how", lang, level=level), s.note))
    return story


def judged(data: MeetingData) -> bool:
    """Whether the network has indicators that are ranked and judged: a self-assessment's
    summary holds the returns only."""
    return any(data.definitions.indicators[c].ranked for c in data.codes)


def returns_lines(data: MeetingData, agenda: Agenda, lang: str) -> list[str]:
    """The returns in sentences: how many by the deadline, who late, who not at all.
    The workbook's summary sheet prints the same lines."""
    members = len(agenda.on_time) + len(agenda.late) + len(agenda.missing)
    lines = [
        t(
            "ag_on_time",
            lang,
            deadline=date(agenda.deadline, lang),
            count=len(agenda.on_time),
            members=members,
        )  # fmt: skip
    ]
    for key, codes in (("ag_late", agenda.late), ("ag_missing", agenda.missing)):
        if codes:
            names = named([data.names.get(c, c) for c in by_name(data, codes)], NAMED, lang)
            lines.append(t(key, lang, count=len(codes), names=names))
    return lines


def named(names: list[str], most: int, lang: str) -> str:
    """Up to ``most`` names, then how many more: "A, B … and 3 more"."""
    text = ", ".join(names[:most])
    if len(names) > most:
        text += " " + t("ag_more", lang, count=len(names) - most).rstrip(".")
    return text


def by_name(data: MeetingData, codes: tuple[str, ...]) -> list[str]:
    """Members by name, as a reader looks them up (:func:`benchlearn.messages.alphabetical`)."""
    return sorted(codes, key=lambda c: alphabetical(data.names.get(c) or c))


def standing_lines(data: MeetingData, agenda: Agenda, lang: str) -> list[str]:
    """Who is clearly better, and who clearly worse, on several indicators, with counts."""
    from benchlearn.meeting import STANDS_OUT

    standing = agenda.standing
    lines = []
    for side, key in (("better", "ag_better_on"), ("worse", "ag_worse_on")):
        chosen = standing[standing[side] >= STANDS_OUT]
        if chosen.empty:
            continue
        pairs = sorted(zip(chosen["municipality"], chosen[side], strict=True),
                       key=lambda p: (-p[1], alphabetical(data.names.get(p[0], p[0]))))  # fmt: skip
        names = [f"{data.names.get(m, m)} ({n})" for m, n in pairs]
        lines.append(t(key, lang, least=STANDS_OUT, names=named(names, NAMED, lang)))
    return lines or [t("ag_nobody_stands_out", lang, least=STANDS_OUT)]


def changes_table(page: Page, rows: pd.DataFrame) -> Any:
    """Member, indicator, the previous and this year's value, the change and the rank change."""
    lang, data, s = page.lang, page.data, page.styles
    head = [t("municipality", lang), t("indicator", lang), t("ag_before", lang),
            t("value", lang), t("wb_change", lang), t("ch_rank_change", lang)]  # fmt: skip
    cells: list[list[Any]] = [[s.p(h, s.head) for h in head]]
    for r in records(rows):
        ind = data.definitions.indicators[str(r.indicator)]
        mark = change_mark(ind, r, lang)
        cells.append([
            s.named(page.name(str(r.municipality)), str(r.municipality)),
            s.p(ind.label(lang), s.cell),
            s.p(value_text(ind, r.value_since, None, lang), s.cell_right),
            s.p(value_text(ind, r.value, None, lang), s.cell_right),
            s.p(mark.text, s.change(mark.colour)),  # grey unless significant
            s.p(mark.rank, s.cell_right),
        ])  # fmt: skip
    width = frame_width()
    fixed = [4.2 * CM, 0, 2.3 * CM, 2.3 * CM, 2.4 * CM, 1.8 * CM]
    fixed[1] = width - sum(fixed)
    return table(cells, fixed)


def visits_table(page: Page, visits: pd.DataFrame) -> Any:
    """The partners proposed most, to whom, their good practice and contact."""
    lang, s = page.lang, page.styles
    head = [t("ag_partner", lang), t("ag_proposed", lang), t("practice", lang),
            t("contact", lang)]  # fmt: skip
    cells: list[list[Any]] = [[s.p(h, s.head) for h in head]]
    for r in records(visits):
        names = [page.name(m) for m in by_name(page.data, tuple(r.members))]
        cells.append([
            s.named(page.name(str(r.partner)), str(r.partner)),
            s.p(named(names, PROPOSED, lang), s.cell),
            s.p(practice_note(r), s.cell),
            s.p(str(r.contact or ""), s.cell),
        ])  # fmt: skip
    width = frame_width()
    widths = [4.2 * CM, 4.8 * CM, 0, 3.6 * CM]
    widths[2] = width - sum(widths)
    return table(cells, widths)
