"""The workbook's sheet of shrunk values (``--shrink``): each raw value with its estimate beside it.

One table per indicator whose values have standard errors, members by name: the
value as measured, its standard error, the empirical-Bayes estimate and its robust
interval (:mod:`benchlearn.shrinkage`) and the share of the way to the peers' mean
it moved, so a reader sees how much of a small municipality's extreme value is
noise. The raw values stay on every other sheet as they are. Without ``--shrink``
nothing is written; with it but no standard errors, the sheet says so in one line.
"""

from __future__ import annotations

from benchlearn.messages import t
from benchlearn.shrunk_views import finer, shrunk_codes, shrunk_header, shrunk_note, shrunk_rows
from benchlearn.workbook.writer import SheetWriter


def shrunk_sheet(w: SheetWriter) -> None:
    """The sheet "Shrunk estimates", when the data were gathered with shrinkage."""
    data, lang = w.data, w.lang
    if data.shrunk is None:
        return
    ws = w.sheet(t("shr_title", lang), landscape=False)
    w.widths(ws, (30, 12, 12, 14, 12, 12, 14))
    last = 6
    w.text(ws, 0, 0, t("shr_title", lang), w.f_title)
    w.paragraph(ws, 1, 0, shrunk_note(data, lang), last)
    row = 3
    header = shrunk_header(data, lang)
    # The interval's heading spans its two columns, low and high.
    labels = [*header[:4], header[4], "", header[5]]
    share = w.book.add_format({"num_format": "0%", "valign": "top"})
    for code in shrunk_codes(data):
        ind = data.definitions.indicators[code]
        w.text(ws, row, 0, f"{ind.label_with_unit(lang)} ({code})", w.f_subtitle)
        row += 1
        ws.merge_row(row, 4, 5, w.f_header)
        for col, label in enumerate(labels):
            if label:
                ws.write_string(row, col, label, w.f_header)
        w.fit_row(ws, row, [(c, label) for c, label in enumerate(labels) if label])
        number = w.number(ind)
        fine = w.book.add_format({"num_format": "#,##0." + "0" * finer(ind), "valign": "top"})
        for r in shrunk_rows(data, code):
            row += 1
            w.text(ws, row, 0, f"{w.name_of(r.municipality)} ({r.municipality})", w.f_text)
            ws.write_number(row, 1, float(r.value), number)
            ws.write_number(row, 2, float(r.se), fine)
            ws.write_number(row, 3, float(r.estimate), fine)
            ws.write_number(row, 4, float(r.ci_low), fine)
            ws.write_number(row, 5, float(r.ci_high), fine)
            ws.write_number(row, 6, float(r.shrinkage), share)
        row += 2
