"""One profile sheet per chosen municipality: every indicator against its peers.

Where the indicator sheets show everybody on one measure, a profile shows one
member on every measure, with a radar of its percentiles and, below, the
partners it could learn from.
"""

from __future__ import annotations

import io
from typing import Any

from benchlearn.frames import records
from benchlearn.messages import t
from benchlearn.workbook.writer import (
    QUARTILE_COLOURS,
    SIGNIFICANCE_COLOURS,
    SheetWriter,
    is_missing,
)

#: Spine markers: a shape for each verdict, so colour is never the only signal.
MARKERS = {"better": "^", "higher": "^", "worse": "v", "lower": "v", "similar": "o"}


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
        w.paragraph(ws, row, 0, f"{ind.label(lang)} ({ind.unit_label(lang)})", 60)
        if r is not None:
            quartile = None if is_missing(r.quartile) else int(r.quartile)
            judged = r.significance if isinstance(r.significance, str) else None
            w.value_cell(ws, row, 1, ind, r.value, r.status, quartile, judged)
            if not is_missing(r.peer_median):
                ws.write_number(row, 2, float(r.peer_median), w.number(ind))
            if not is_missing(r.rank):
                w.text(ws, row, 3, f"{int(r.rank)} / {int(r.n)}", w.f_center)
            if judged is not None:  # counts: the fair comparison speaks
                w.text(ws, row, 4, w.significance_label(judged), w.judged(judged))
            elif not is_missing(r.band):
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
    spine = spine_image(w, municipality)
    if spine is not None:
        ws.insert_image(25, 7, "spine.png", {"image_data": spine, "x_scale": 0.55, "y_scale": 0.55})
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


def spine_image(w: SheetWriter, municipality: str) -> io.BytesIO | None:
    """A spine chart of the municipality on every indicator, as a PNG (None with nothing to show).

    Each row is scaled so the peers' median is in the middle and the farther of
    the peers' extremes at the edge; an indicator where lower is better is
    turned round, so the better end is always on the right. The marker is the
    municipality, in its significance colour where the indicator has counts,
    else in its quarter's colour (a diamond).
    """
    from benchlearn.charts import SpineRow, png, spine_figure

    lang, data = w.lang, w.data
    rows: list[SpineRow] = []
    legend: dict[str, tuple[str, str, str]] = {}
    for code in data.codes:
        ind = data.definitions.indicators[code]
        r = w.by_key.get((municipality, code))
        if r is None or is_missing(r.peer_median) or is_missing(r.peer_min):
            continue
        median = float(r.peer_median)
        half = max(median - float(r.peer_min), float(r.peer_max) - median)
        if not half > 0:
            continue
        sign = -1.0 if ind.direction == "lower" else 1.0

        def at(x: Any, median: float = median, half: float = half, sign: float = sign) -> float:
            return sign * (float(x) - median) / half

        ends = sorted((at(r.peer_min), at(r.peer_max)))
        quarters = sorted((at(r.peer_q1), at(r.peer_q3)))
        shown = r.status != ".." and not is_missing(r.value)
        colour, marker, key = _marker(w, r)
        if shown and key not in legend:
            legend[key] = (_legend_label(w, key), colour, marker)
        rows.append(
            SpineRow(
                ind.label(lang),
                at(r.value) if shown else None,
                ends[0],
                quarters[0],
                0.0,
                quarters[1],
                ends[1],
                colour,
                marker,
            )  # fmt: skip
        )
    if not rows:
        return None
    figure = spine_figure(rows, list(legend.values()))
    figure.suptitle(t("chart_spine", lang, name=w.name_of(municipality)), fontsize=9)
    return io.BytesIO(png(figure))


def _marker(w: SheetWriter, r: Any) -> tuple[str, str, str]:
    """Colour, shape and legend key of a municipality's marker on the spine."""
    if isinstance(r.significance, str):
        return (
            SIGNIFICANCE_COLOURS[r.significance],
            MARKERS.get(r.significance, "s"),
            r.significance,
        )
    if not is_missing(r.quartile):
        quartile = int(r.quartile)
        return QUARTILE_COLOURS[quartile], "D", f"quarter_{quartile}"
    return "#BFBFBF", "D", "neutral"


def _legend_label(w: SheetWriter, key: str) -> str:
    if key.startswith("quarter_"):
        return t("spine_quarter", w.lang, quarter=t(key, w.lang))
    if key == "neutral":
        return t("neutral", w.lang)
    return w.significance_label(key)
