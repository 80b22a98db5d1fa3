"""One profile sheet per chosen municipality: every indicator against its peers.

Where the indicator sheets show everybody on one measure, a profile shows one
member on every measure: the table, its levels on a matrix of areas × stages
where the network has one, a radar of its percentiles on the indicators where a
direction is better, a spine chart, its trend on each indicator against the
members' median and middle half, and the partners it could learn from. It
prints in portrait, one page wide; every chart is kept whole on its page.
"""

from __future__ import annotations

import io
from typing import Any

from benchlearn.access import PUBLIC
from benchlearn.frames import records
from benchlearn.messages import t
from benchlearn.views import comparator_text, practice_note
from benchlearn.workbook.writer import (
    SheetWriter,
    is_missing,
    is_ordinal,
    is_yes_no,
    spine_rows,
    text_lines,
)

#: Hidden helper columns right of the table: the radar's labels and percentiles, then the
#: trends' years and statistics, one block of rows per indicator.
RADAR, TRENDS, HIDDEN = 7, 9, 8
#: Pixels: the charts fill one portrait page width; the trends go two to a row.
WIDTH, SMALL, SMALL_HEIGHT = 640, 315, 230
#: The spine chart's PNG (dpi 150) is placed at this size: its 8-point type prints legibly.
SPINE_SCALE = 0.64


def profile_sheets(w: SheetWriter) -> None:
    """A profile for each municipality asked for, in the order asked."""
    for municipality in w.data.profiles:
        profile_sheet(w, municipality)


def profile_sheet(w: SheetWriter, municipality: str) -> None:
    """One municipality: every indicator against its peers, its charts, and its partners."""
    lang, data = w.lang, w.data
    # Its table is short: no header repeated above the charts and the partners on later pages.
    ws = w.sheet(t("sheet_profile", lang, code=municipality), landscape=False)
    name = w.sheet_names[-1]
    ranked = any(data.definitions.indicators[c].ranked for c in data.codes)
    # A self-assessment's matrix takes columns 1–4 for its stages: as wide as a level's words.
    w.widths(ws, (40, 16, 12, 9, 15, 10) if ranked else (30, 17, 17, 17, 17, 0))
    w.hide(ws, 6, 6 + HIDDEN)
    title = f"{w.name_of(municipality)} ({municipality}) · {data.year}"
    w.paragraph(ws, 0, 0, title, 5, w.f_title_wrap, size=14)
    if data.audience != PUBLIC:  # a member's sheet is printed alone: it says for whom
        w.paragraph(ws, 1, 0, data.audience.label(w.lang, data.names), 5)
    labels = [
        t("indicator", lang),
        t("value", lang),
        comparator_text(data, lang),
        t("rank_of_n", lang) if ranked else "",  # a self-assessment has no ranks
        t("band", lang) if ranked else t("wb_level", lang),
        t("percentile", lang) if ranked else "",
    ]
    w.header(ws, 2, labels)
    row = 3
    radar: list[tuple[str, float]] = []
    for code in data.codes:
        ind = data.definitions.indicators[code]
        r = w.by_key.get((municipality, code))
        w.paragraph(ws, row, 0, ind.label_with_unit(lang))
        if r is not None:
            quartile = None if is_missing(r.quartile) else int(r.quartile)
            judged = r.significance if isinstance(r.significance, str) else None
            w.value_cell(ws, row, 1, ind, r.value, r.status, quartile, judged)
            if not is_missing(r.comparator):
                ws.write_number(row, 2, float(r.comparator), w.number(ind))
            if not is_missing(r.rank):
                w.text(ws, row, 3, f"{int(r.rank)} / {int(r.n)}", w.f_center)
            shown = r.status != ".." and not is_missing(r.value)
            if judged is not None:  # counts: the fair comparison speaks
                w.text(ws, row, 4, w.significance_label(judged), w.judged(judged))
            elif is_ordinal(ind) and shown:
                w.text(ws, row, 4, w.level_label(ind, r.value), w.f_indent)
                w.fit_row(ws, row, [(0, ind.label_with_unit(lang)),
                                    (4, w.level_label(ind, r.value))])  # fmt: skip
            elif not is_missing(r.band):
                w.text(ws, row, 4, w.band_names.get(r.band, r.band), w.f_indent)
            if not is_missing(r.percentile):
                ws.write_number(row, 5, float(r.percentile), w.f_pct)
                if ind.direction != "neutral" and shown:
                    radar.append((ind.label(lang), float(r.percentile)))
        row += 1
    w.define(f"profile_{municipality}", name, 2, row - 1, 5)
    row += 1
    if w.matrix is not None:
        row = _matrices(w, ws, municipality, row)
    row = _radar(w, ws, name, radar, row)
    spine = spine_image(w, municipality)
    if spine is not None:
        image, height = spine
        at = w.place(ws, row, height)
        ws.insert_image(at, 0, "spine.png", {"image_data": image, "x_scale": SPINE_SCALE,
                                             "y_scale": SPINE_SCALE, **w.anchor()})  # fmt: skip
        row = w.below(ws, at, height)
    row = _trends(w, ws, municipality, row)
    _partners(w, ws, municipality, row)


def _matrices(w: SheetWriter, ws: Any, municipality: str, row: int) -> int:
    """The municipality's levels on the matrix, and beside them how many members stand at
    each level in each cell (its own marked): levels are counted, never ranked."""
    mine, _ = w.matrix_levels(municipality)
    name = w.name_of(municipality)
    row = w.matrix_grid(ws, row, t("wb_matrix_own", w.lang, name=name), mine)
    title = t("wb_matrix_counts", w.lang) + ". " + t("wb_matrix_own_marked", w.lang, name=name)
    return w.counts_grid(ws, row, title, municipality)


def _radar(w: SheetWriter, ws: Any, name: str, points: list[tuple[str, float]], row: int) -> int:
    """A radar of percentiles over the indicators where a direction is better (three or more)."""
    if len(points) < 3:
        return row
    for i, (label, percentile) in enumerate(points):
        w.text(ws, 3 + i, RADAR, label)
        ws.write_number(3 + i, RADAR + 1, percentile)
    last = 3 + len(points) - 1
    chart = w.book.add_chart({"type": "radar", "subtype": "filled"})
    chart.add_series(
        {
            "name": t("chart_profile", w.lang),
            "categories": [name, 3, RADAR, last, RADAR],
            "values": [name, 3, RADAR + 1, last, RADAR + 1],
            "fill": {"color": "#5B9BD5", "transparency": 50},
        }
    )
    chart.set_title({"name": t("chart_profile", w.lang), "name_font": {"size": 11}})
    chart.set_y_axis({"min": 0, "max": 100, "major_unit": 25, "num_font": {"size": 7}})
    chart.set_x_axis({"num_font": {"size": 7}})
    chart.set_legend({"none": True})
    chart.show_hidden_data()
    return w.insert(ws, row, 0, chart, (WIDTH, 420))


def _trends(w: SheetWriter, ws: Any, municipality: str, row: int) -> int:
    """The municipality's trend on each measured indicator against the members' median and
    middle half, small and two to a row (yes/no and ordinal indicators have their own views)."""
    data = w.data
    charts = []
    top = 0
    for code in data.codes:
        ind = data.definitions.indicators[code]
        if is_yes_no(ind) or is_ordinal(ind):
            continue
        chart = w.trend_chart(ws, code, [municipality], (top, TRENDS), small=True)
        if chart is not None:
            charts.append(chart)
            top += len(w.trend_stats.loc[code]) + 2
    if not charts:
        return row
    w.text(ws, row, 0, t("wb_trends", w.lang), w.f_subtitle)
    row += 1
    for i in range(0, len(charts), 2):
        pair = charts[i : i + 2]
        at = w.place(ws, row, SMALL_HEIGHT)
        for j, chart in enumerate(pair):
            chart.set_size({"width": SMALL, "height": SMALL_HEIGHT})
            ws.insert_chart(at, 0, chart, w.anchor(j * (SMALL + 10)))
        row = w.below(ws, at, SMALL_HEIGHT)
    return row


def _partners(w: SheetWriter, ws: Any, municipality: str, row: int) -> None:
    """Whom to learn from (:func:`benchlearn.compare.partners`, the rows the position's
    sentences name): the partner, its gap, similarity, contact and good practice in full."""
    lang, data = w.lang, w.data
    if not any(data.definitions.indicators[c].ranked for c in data.codes):
        return  # a self-assessment: no one is "clearly better" at a level it reads for itself
    w.text(ws, row, 0, t("partners", lang), w.f_subtitle)
    row += 1
    partners = data.partners.get(municipality)
    if partners is None or partners.empty:
        w.paragraph(ws, row, 0, t("no_partners", lang), 5)
        return
    ws.merge_row(row, 4, 5, w.f_header)  # before the header's text, which goes into it
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
        label, partner = w.label(p.indicator), w.name_of(p.partner)
        if p.contact:  # whom to write to, under the name
            partner += f"\n{p.contact}"
        w.text(ws, row, 0, label, w.f_wrap)
        w.text(ws, row, 1, partner, w.f_wrap)
        if not is_missing(p.gap):
            ws.write_number(row, 2, float(p.gap), w.f_score)
        if not is_missing(p.similarity):
            ws.write_number(row, 3, float(p.similarity), w.f_sim)
        practice = practice_note(p)
        ws.merge_row(row, 4, 5, w.f_wrap)
        if practice:
            w.text(ws, row, 4, practice, w.f_wrap)
        w.fit_row(ws, row, [(0, label), (1, partner)])
        if practice:
            w.tall(ws, row, text_lines(practice, w.span(ws, 4, 5)))


def spine_image(w: SheetWriter, municipality: str) -> tuple[io.BytesIO, float] | None:
    """A spine chart of the municipality on every indicator (see
    :func:`benchlearn.views.spine_rows`) as a PNG, and its height in pixels as placed
    (None with nothing to show)."""
    from benchlearn.charts import png, spine_figure

    rows, legend = spine_rows(w.data, w.by_key, municipality, w.lang)
    if not rows:
        return None
    figure = spine_figure(rows, legend, width=WIDTH / 150 / SPINE_SCALE)
    figure.suptitle(t("chart_spine", w.lang, name=w.name_of(municipality)), fontsize=9)
    height = figure.get_figheight() * 150 * SPINE_SCALE  # drawn at dpi 150, placed smaller
    return io.BytesIO(png(figure)), height
