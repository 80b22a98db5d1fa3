"""One profile sheet per chosen municipality: every indicator against its peers.

Where the indicator sheets show everybody on one measure, a profile shows one
member on every measure, with a radar of its percentiles and, below, the
partners it could learn from.
"""

from __future__ import annotations

from benchlearn.frames import records
from benchlearn.messages import t
from benchlearn.workbook.writer import SheetWriter, is_missing


def profile_sheets(w: SheetWriter) -> None:
    """A profile for each municipality asked for, in the order asked."""
    for municipality in w.data.profiles:
        profile_sheet(w, municipality)


def profile_sheet(w: SheetWriter, municipality: str) -> None:
    """One municipality: every indicator against its peers, partners, and a radar of percentiles."""
    lang, data = w.lang, w.data
    ws = w.sheet(t("sheet_profile", lang, code=municipality), header_row=2)
    name = w.sheet_names[-1]
    w.text(ws, 0, 0, f"{w.name_of(municipality)} ({municipality}) · {data.year}", w.f_title)
    labels = [
        t("indicator", lang),
        t("value", lang),
        t("peer_median", lang),
        t("rank_of_n", lang),
        t("band", lang),
        t("percentile", lang),
    ]
    w.header(ws, 2, labels)
    w.widths(ws, (60, 13, 13, 13, 18, 11))
    row = 3
    for code in data.codes:
        ind = data.definitions.indicators[code]
        r = w.by_key.get((municipality, code))
        w.paragraph(ws, row, 0, f"{ind.label(lang)} ({ind.unit})", 60)
        if r is not None:
            quartile = None if is_missing(r.quartile) else int(r.quartile)
            w.value_cell(ws, row, 1, ind, r.value, r.status, quartile)
            if not is_missing(r.peer_median):
                ws.write_number(row, 2, float(r.peer_median), w.number(ind))
            if not is_missing(r.rank):
                w.text(ws, row, 3, f"{int(r.rank)} / {int(r.n)}", w.f_center)
            if not is_missing(r.band):
                w.text(ws, row, 4, w.band_names.get(r.band, r.band))
            if not is_missing(r.percentile):
                ws.write_number(row, 5, float(r.percentile), w.f_pct)
        row += 1
    last = row - 1
    w.define(f"profile_{municipality}", name, 2, last, 5)
    chart = w.book.add_chart({"type": "radar", "subtype": "filled"})
    chart.add_series(
        {
            "name": t("chart_profile", lang),
            "categories": [name, 3, 0, last, 0],
            "values": [name, 3, 5, last, 5],
            "fill": {"color": "#5B9BD5", "transparency": 50},
        }
    )
    chart.set_title({"name": t("chart_profile", lang), "name_font": {"size": 11}})
    chart.set_y_axis({"min": 0, "max": 100, "major_unit": 25})
    chart.set_legend({"none": True})
    chart.set_size({"width": 620, "height": 420})
    ws.insert_chart(3, 7, chart)
    row += 2
    w.text(ws, row, 0, t("partners", lang), w.f_subtitle)
    row += 1
    partners = data.partners.get(municipality)
    if partners is None or partners.empty:
        w.text(ws, row, 0, t("no_partners", lang), w.f_wrap)
        return
    w.header(
        ws,
        row,
        [
            t("indicator", lang),
            t("partner", lang),
            t("gap", lang),
            t("similarity", lang),
            t("practice", lang),
        ],
    )
    for p in records(partners):
        row += 1
        w.paragraph(ws, row, 0, w.label(p.indicator), 60)
        w.text(ws, row, 1, w.name_of(p.partner))
        ws.write_number(row, 2, float(p.gap), w.f_score)
        if not is_missing(p.similarity):
            ws.write_number(row, 3, float(p.similarity), w.f_sim)
        if getattr(p, "practice", ""):
            w.text(ws, row, 4, p.practice, w.f_wrap)
