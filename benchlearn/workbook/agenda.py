"""The workbook's sheet after the cover: the agenda summary, as the meeting pack's first page.

The same parts in the same order and words (:mod:`benchlearn.report.agenda`
writes the sentences for both): the returns, the largest significant
improvements and declines, the red-reds, who stands out and the proposed
visits. Values are numbers in the indicator's format; the change is written
as text with its arrow, in its direction's colour only when significant.
Nothing is written when the meeting data were gathered without the agenda.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from benchlearn.frames import records
from benchlearn.messages import general, t
from benchlearn.report.agenda import (
    PROPOSED,
    RED_RED_ROWS,
    by_name,
    judged,
    named,
    returns_lines,
    standing_lines,
)
from benchlearn.views import change_mark, practice_note
from benchlearn.workbook.writer import SheetWriter, is_missing

if TYPE_CHECKING:
    import pandas as pd

#: Columns: member, indicator, the previous year, the value, the change, the rank change.
WIDTHS = (24, 31, 11, 11, 11, 13)
LAST = len(WIDTHS) - 1


def agenda_sheet(w: SheetWriter) -> None:
    """The agenda summary on one portrait page (nothing without :attr:`MeetingData.agenda`)."""
    lang, data, agenda = w.lang, w.data, w.data.agenda
    if agenda is None:
        return
    ws = w.sheet(t("ag_sheet", lang), landscape=False)
    w.widths(ws, WIDTHS)
    title = t("ag_title", lang, network=w.network_label, year=data.year)
    w.paragraph(ws, 0, 0, title, LAST, w.f_title_wrap, size=14)
    row = 2
    w.text(ws, row, 0, t("ag_returns", lang), w.f_subtitle)
    for line in returns_lines(data, agenda, lang):
        row += 1
        w.paragraph(ws, row, 0, line, LAST)
    if not judged(data):  # a self-assessment: the returns only
        return
    for key, rows, empty in (
        ("ag_improvements", agenda.improvements, "ag_no_improvements"),
        ("ag_declines", agenda.declines, "ag_no_declines"),
        ("ag_red_red", agenda.red_red.head(RED_RED_ROWS), "ag_no_red_red"),
    ):
        row += 2
        w.text(ws, row, 0, t(key, lang), w.f_subtitle)
        row = changes(w, ws, row + 1, rows) if len(rows) else _line(w, ws, row + 1, t(empty, lang))
    if len(agenda.red_red) > RED_RED_ROWS:
        row = _line(w, ws, row + 1, t("ag_more", lang, count=len(agenda.red_red) - RED_RED_ROWS))
    row += 2
    w.text(ws, row, 0, t("ag_stand_out", lang), w.f_subtitle)
    for line in standing_lines(data, agenda, lang):
        row = _line(w, ws, row + 1, line)
    row += 2
    w.text(ws, row, 0, t("ag_visits", lang), w.f_subtitle)
    if len(agenda.visits):
        row = _line(w, ws, row + 1, t("ag_visits_note", lang))
        row = visits(w, ws, row + 1, agenda.visits)
    else:
        row = _line(w, ws, row + 1, t("ag_no_visits", lang, year=data.year))
    _line(w, ws, row + 2, t("ag_how", lang, level=general(data.confidence, lang)))


def _line(w: SheetWriter, ws: Any, row: int, text: str) -> int:
    """A wrapped sentence across the sheet; returns its row."""
    w.paragraph(ws, row, 0, text, LAST)
    return row


def changes(w: SheetWriter, ws: Any, row: int, rows: pd.DataFrame) -> int:
    """A table of changes from ``row`` (its header); returns its last row."""
    lang, data = w.lang, w.data
    heads = ["municipality", "indicator", "ag_before", "value", "wb_change", "ch_rank_change"]
    w.header(ws, row, [t(key, lang) for key in heads])
    for r in records(rows):
        row += 1
        ind = data.definitions.indicators[str(r.indicator)]
        mark = change_mark(ind, r, lang)
        name = f"{w.name_of(str(r.municipality))} ({r.municipality})"
        w.text(ws, row, 0, name, w.f_wrap)
        w.text(ws, row, 1, ind.label(lang), w.f_wrap)
        for col, value in ((2, r.value_since), (3, r.value)):
            if not is_missing(value):
                ws.write_number(row, col, float(value), w.number(ind))
        w.text(ws, row, 4, mark.text, w.arrow(mark.colour, bold=mark.significant))
        w.text(ws, row, 5, mark.rank, w.f_right)
        w.fit_row(ws, row, [(0, name), (1, ind.label(lang))])
    return row


def visits(w: SheetWriter, ws: Any, row: int, found: pd.DataFrame) -> int:
    """The proposed visits from ``row`` (its header); returns the last row."""
    lang, data = w.lang, w.data
    labels = [t("ag_partner", lang), t("ag_proposed", lang), t("practice", lang), "", "",
              t("contact", lang)]  # fmt: skip
    w.header(ws, row, labels)
    ws.merge_row(row, 2, 4, w.f_header)
    w.text(ws, row, 2, labels[2], w.f_header)
    for r in records(found):
        row += 1
        partner = f"{w.name_of(str(r.partner))} ({r.partner})"
        names = named([w.name_of(m) for m in by_name(data, tuple(r.members))], PROPOSED, lang)
        practice = practice_note(r)
        w.text(ws, row, 0, partner, w.f_wrap)
        w.text(ws, row, 1, names, w.f_wrap)
        w.paragraph(ws, row, 2, practice, 4)
        w.text(ws, row, 5, str(r.contact or ""), w.f_wrap)
        w.fit_row(ws, row, [(0, partner), (1, names), (5, str(r.contact or ""))])
    return row
