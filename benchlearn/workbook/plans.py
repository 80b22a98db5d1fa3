"""The workbook's plans sheet: each member's improvement plans and how far their targets got.

The same figures as ``benchlearn plans progress`` (gathered once in
:attr:`~benchlearn.meeting.MeetingData.plan_progress`), laid out for a
meeting: a row per target, the plan's member, title, status, years and
partners on its first row, values in the indicator's number format, the
share of the way as a percentage, and on track and significant as words. A
plan the year does not follow (not started, or dropped) is listed with its
baseline and target and says so. Nothing is written for a network without plans.
"""

from __future__ import annotations

from typing import Any

from benchlearn.frames import records
from benchlearn.messages import general, t
from benchlearn.plans.model import Plan, Source
from benchlearn.workbook.writer import SheetWriter, is_missing

#: Member, plan, status, years, learned from, indicator, baseline year, baseline, latest,
#: its year, target, target year, share of the way, on track, significant.
WIDTHS = (17, 22, 11, 10, 19, 24, 8, 10, 10, 8, 10, 8, 9, 8, 11)
LAST = len(WIDTHS) - 1
HEADERS = (
    "wb_plan_member", "wb_plan_title", "wb_plan_status", "wb_plan_years", "wb_plan_learned_from",
    "wb_plan_indicator", "wb_plan_baseline_year", "wb_plan_baseline", "wb_plan_latest",
    "wb_plan_latest_year", "wb_plan_target", "wb_plan_target_year", "wb_plan_covered",
    "wb_plan_on_track", "wb_plan_significant",
)  # fmt: skip
#: The table's header row (the title and a blank row above it).
HEADER_ROW = 2


def plans_sheet(w: SheetWriter) -> None:
    """A row per target of the network's plans, in plan order (nothing without plans)."""
    lang, data = w.lang, w.data
    if not data.plans:
        return
    ws = w.sheet(t("wb_plans_sheet", lang), header_row=HEADER_ROW)
    w.widths(ws, WIDTHS)
    title = t("wb_plans_title", lang, network=w.network_label, year=data.year)
    w.paragraph(ws, 0, 0, title, LAST, w.f_title_wrap, size=14)
    w.header(ws, HEADER_ROW, [t(key, lang) for key in HEADERS])
    progress: dict[tuple[int, str, int], Any] = {}
    if data.plan_progress is not None:
        progress = {
            (int(r.plan), str(r.indicator), int(r.target_year)): r
            for r in records(data.plan_progress)
        }
    share = w.book.add_format({"num_format": "0%", "valign": "top"})
    row = HEADER_ROW
    for plan in data.plans:
        row += 1
        texts = _plan_cells(w, ws, row, plan)
        if not plan.targets:
            w.fit_row(ws, row, texts)
        for n, target in enumerate(plan.targets):
            if n:
                row += 1
            ind = data.definitions.indicators[target.indicator]
            label = ind.label(lang)
            w.text(ws, row, 5, label, w.f_wrap)
            ws.write_number(row, 6, target.baseline_year, w.f_int)
            ws.write_number(row, 7, target.baseline_value, w.number(ind))
            ws.write_number(row, 10, target.target_value, w.number(ind))
            ws.write_number(row, 11, target.target_year, w.f_int)
            found = progress.get((plan.id, target.indicator, target.target_year))
            if found is None:
                text = t("wb_plan_not_followed", lang, year=data.year)
                w.paragraph(ws, row, 8, text, 9, w.f_indent)  # indented: not against a number
            elif is_missing(found.value):
                ws.write_blank(row, 8, None, w.f_grey)
            else:
                ws.write_number(row, 8, float(found.value), w.number(ind))
                ws.write_number(row, 9, int(found.year), w.f_int)
            if found is not None:
                if not is_missing(found.covered):
                    ws.write_number(row, 12, float(found.covered), share)
                for col, flag in ((13, found.on_track), (14, found.significant)):
                    if flag is not None:
                        w.text(ws, row, col, t("wb_yes" if flag else "wb_no", lang), w.f_center)
            w.fit_row(ws, row, [*texts, (5, label)] if n == 0 else [(5, label)])
    note = t("wb_plans_note", lang, level=general(data.confidence, lang))
    w.paragraph(ws, row + 2, 0, note, LAST)
    w.define("Plans", w.sheet_names[-1], HEADER_ROW, row, LAST)
    ws.freeze_panes(HEADER_ROW + 1, 1)


def _plan_cells(w: SheetWriter, ws: Any, row: int, plan: Plan) -> list[tuple[int, str]]:
    """The plan's member, title, status, years and partners on ``row``; the texts written,
    by column, so the row can be made tall enough for them."""
    lang = w.lang
    cells = [
        (0, f"{w.name_of(plan.municipality)} ({plan.municipality})"),
        (1, plan.label(lang)),
        (2, t(f"plan_status_{plan.status}", lang)),
        (3, f"{plan.start_year}–{plan.end_year}"),
        (4, "; ".join(source_text(w, s) for s in plan.sources)),
    ]
    for col, text in cells:
        w.text(ws, row, col, text, w.f_wrap)
    return cells


def source_text(w: SheetWriter, source: Source) -> str:
    """A partner the plan learned from, by name and code, with its good practice's number."""
    name = f"{w.name_of(source.municipality)} ({source.municipality})"
    if source.practice is None:
        return name
    return f"{name}, {t('wb_plan_practice', w.lang, id=source.practice)}"
