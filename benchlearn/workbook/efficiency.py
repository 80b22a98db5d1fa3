"""The workbook's efficiency sheets: a sheet per model the network declares.

Each says what the model compares (inputs, outputs, orientation, returns to scale),
the network's potential in a sentence per variable (in money where it is money),
what the structure explains (the second stage's coefficients with their bootstrap
intervals), and a row per member, the most efficient first: its efficiency, rank,
reference peers by name with their weights, and per input (or output) what it uses,
its target and what it could save (or gain), with the structure-adjusted efficiency
last. The figures come gathered (:attr:`~benchlearn.meeting.MeetingData.efficiency`);
nothing is written for a network without models.
"""

from __future__ import annotations

from typing import Any

from benchlearn.frames import records
from benchlearn.messages import t
from benchlearn.model_views import describe, peer_names, stage_text
from benchlearn.workbook.writer import SheetWriter

#: The table's header row.
HEADER_ROW = 5


def efficiency_sheets(w: SheetWriter) -> None:
    """One sheet per model of :attr:`~benchlearn.meeting.MeetingData.efficiency`."""
    for view in w.data.efficiency:
        _model_sheet(w, view)


def _model_sheet(w: SheetWriter, view: Any) -> None:
    lang, data, model = w.lang, w.data, view.model
    definitions = data.definitions
    side = list(model.inputs if model.orientation == "input" else model.outputs)
    ws = w.sheet(t("eff_wb_sheet", lang, model=model.code), header_row=HEADER_ROW)
    widths = (22, 8, 11, 6, 30, *(15.0, 15.0, 15.0) * len(side))
    has_stage = view.stage is not None
    w.widths(ws, (*widths, 13) if has_stage else widths)
    last = len(widths) - (0 if has_stage else 1)
    last_note = w.page_columns(ws, last)
    title = t("eff_wb_title", lang, name=model.label(lang), year=data.year)
    w.paragraph(ws, 0, 0, title, last_note, w.f_title_wrap, size=14)
    w.paragraph(ws, 1, 0, describe(definitions, model, lang), last_note)
    w.paragraph(ws, 2, 0, " ".join(view.sentences(definitions, lang)), last_note)
    w.paragraph(ws, 3, 0, stage_text(view, definitions, lang), last_note)
    if view.left_out:
        items = "; ".join(
            f"{w.name_of(m)} ({', '.join(codes)})" for m, codes in view.left_out.items()
        )
        w.paragraph(ws, 4, 0, t("eff_left_out_line", lang, items=items), last_note)
    verb = "eff_col_saved" if model.orientation == "input" else "eff_col_gained"
    labels = [t("municipality", lang), t("code", lang), t("eff_col_efficiency", lang),
              t("eff_col_rank", lang), t("eff_col_peers", lang)]  # fmt: skip
    for code in side:
        name = definitions.indicator(code).label(lang)
        labels += [t("eff_col_actual", lang, variable=name), t("eff_col_target", lang,
                   variable=name), t(verb, lang, variable=name)]  # fmt: skip
    if has_stage:
        labels.append(t("eff_col_adjusted", lang))
    w.header(ws, HEADER_ROW, labels)
    share = w.book.add_format({"num_format": "0.000", "valign": "top"})
    numbers = {c: w.number(definitions.indicator(c)) for c in side}
    gaps = view.potential.units.set_index(["municipality", "variable"])
    for row, r in enumerate(records(view.table), start=HEADER_ROW + 1):
        w.text(ws, row, 0, w.name_of(r.municipality), w.f_wrap)
        w.text(ws, row, 1, r.municipality)
        ws.write_number(row, 2, float(r.efficiency), share)
        ws.write_number(row, 3, int(r.rank), w.f_int)
        peers = peer_names(str(r.peers), w.name_of, lang)
        w.text(ws, row, 4, peers, w.f_wrap)
        w.fit_row(ws, row, [(4, peers), (0, w.name_of(r.municipality))])
        for k, code in enumerate(side):
            gap = gaps.loc[(r.municipality, code)]
            for j, value in enumerate((gap["actual"], gap["target"], gap["potential"])):
                ws.write_number(row, 5 + 3 * k + j, float(value), numbers[code])
        adjusted = getattr(r, "structure_adjusted", None)
        if has_stage and adjusted is not None and adjusted == adjusted:
            ws.write_number(row, last, float(adjusted), share)
