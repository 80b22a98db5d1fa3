"""Workbook sheets with native charts: one per indicator, and one profile per municipality."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from benchlearn.frames import records
from benchlearn.messages import t
from benchlearn.workbook.book import TREND_LINES, _missing

if TYPE_CHECKING:
    import pandas as pd

    from benchlearn.workbook.book import _Writer


def indicator_sheet(w: _Writer, code: str, rows: list[Any]) -> None:
    """Ranking best to worst, peer statistics, a bar chart with the median and a trend chart."""
    lang, data = w.lang, w.data
    ind = data.definitions.indicators[code]
    ws = w.sheet(code, header_row=6)
    name = w.sheet_names[-1]
    w.text(ws, 0, 0, f"{ind.label(lang)} ({ind.unit})", w.f_subtitle)
    stats = rows[0] if rows else None
    for i, key in enumerate(("peer_median", "peer_q1", "peer_q3")):
        w.text(ws, 1 + i, 0, t(key, lang), w.f_bold)
        # Statistics of the network basis; with per-municipality peers each row has its own.
        statistic: Any = getattr(stats, key, None)
        if not _missing(statistic) and data.peers in {"network", "all"}:
            ws.write_number(1 + i, 2, float(statistic), w.number(ind))
    direction = t(ind.direction, lang)
    w.text(ws, 4, 0, f"{t('direction', lang)}: {direction}")
    since = data.since.get(code)
    change_label = t("change", lang, year=since) if since else ""
    labels = [
        t("rank", lang),
        t("municipality", lang),
        t("code", lang),
        t("value", lang),
        t("band", lang),
        change_label,
        t("peer_median", lang),
        "chart",
    ]
    w.header(ws, 6, labels[:7])
    ws.set_column(0, 0, 8)
    ws.set_column(1, 1, 28)
    ws.set_column(2, 2, 11)
    ws.set_column(3, 3, 12)
    ws.set_column(4, 4, 18)
    ws.set_column(5, 6, 14)
    ws.set_column(7, 8, None, None, {"hidden": True})
    first = 7
    row = first
    for r in rows:
        if not _missing(r.rank):
            ws.write_number(row, 0, int(r.rank), w.f_int)
        w.text(ws, row, 1, w.name_of(r.municipality))
        w.text(ws, row, 2, r.municipality)
        quartile = None if _missing(r.quartile) else int(r.quartile)
        w.value_cell(ws, row, 3, ind, r.value, r.status, quartile)
        if not _missing(r.band):
            w.text(ws, row, 4, w.band_names.get(r.band, r.band))
        if since and not _missing(getattr(r, "value_change", None)) and r.status != "..":
            ws.write_number(row, 5, float(r.value_change), w.number(ind))
        if not _missing(r.peer_median):
            ws.write_number(row, 6, float(r.peer_median), w.number(ind))
        # Hidden chart columns: numbers only, so a confidential value never reaches a chart.
        if r.status != ".." and not _missing(r.value):
            ws.write_number(row, 7, float(r.value))
        if not _missing(r.peer_median):
            ws.write_number(row, 8, float(r.peer_median))
        row += 1
    last = max(row - 1, first)
    w.define(f"ind_{code}", name, 6, last, 6)
    ws.freeze_panes(7, 0)
    if row > first:
        bars = w.book.add_chart({"type": "column"})
        bars.add_series(
            {
                "name": ind.label(lang),
                "categories": [name, first, 2, last, 2],
                "values": [name, first, 7, last, 7],
                "fill": {"color": "#5B9BD5"},
                "gap": 50,
            }
        )
        median = w.book.add_chart({"type": "line"})
        median.add_series(
            {
                "name": t("peer_median", lang),
                "categories": [name, first, 2, last, 2],
                "values": [name, first, 8, last, 8],
                "line": {"color": "#C00000", "width": 2, "dash_type": "dash"},
                "marker": {"type": "none"},
            }
        )
        bars.combine(median)
        bars.show_hidden_data()  # the chart columns are hidden helpers
        bars.set_title(
            {
                "name": t("chart_values", lang, indicator=ind.label(lang), year=data.year),
                "name_font": {"size": 11},
            }
        )
        many = last - first + 1 > 40  # beyond that, labels only smear: the table names them
        bars.set_x_axis(
            {"label_position": "none"} if many else {"num_font": {"rotation": -90, "size": 7}}
        )
        bars.set_y_axis({"num_format": "#,##0.##", "major_gridlines": {"visible": True}})
        bars.set_legend({"position": "bottom"})
        bars.set_size({"width": 760, "height": 320})
        # Below the repeated header row, so no slice of it prints on later pages.
        ws.insert_chart(7, 10, bars)
    _trend(w, ws, name, code, rows, start_col=10)


def _trend(w: _Writer, ws: Any, name: str, code: str, rows: list[Any], start_col: int) -> None:
    """A small year × municipality table and a line chart of it, beside the ranking."""
    lang, data = w.lang, w.data
    ind = data.definitions.indicators[code]
    if code not in w.trend_codes:
        return
    wide = cast("pd.DataFrame", w.trend.loc[code])  # years × municipalities
    years = [int(y) for y in wide.index]
    if len(years) < 2:
        return
    medians = w.trend_median.loc[code]
    chosen = [m for m in data.profiles if m in wide.columns]
    if not chosen:
        chosen = [r.municipality for r in rows if not _missing(r.rank)][:TREND_LINES]
    top = 26
    ws.set_column(start_col, start_col, 8)
    ws.set_column(start_col + 1, start_col + len(chosen) + 1, 14)
    w.text(ws, top, start_col, t("year", lang), w.f_header)
    for j, municipality in enumerate(chosen, start=1):
        w.text(ws, top, start_col + j, w.name_of(municipality), w.f_header)
    w.text(ws, top, start_col + len(chosen) + 1, t("peer_median", lang), w.f_header)
    table = wide.reindex(columns=chosen).to_numpy(dtype=float)
    for i, year in enumerate(years, start=1):
        ws.write_number(top + i, start_col, year, w.f_int)
        for j, value in enumerate(table[i - 1].tolist(), start=1):
            if value == value:  # not NaN
                ws.write_number(top + i, start_col + j, value, w.number(ind))
        ws.write_number(top + i, start_col + len(chosen) + 1, float(medians[year]), w.number(ind))
    chart = w.book.add_chart({"type": "line"})
    for j in range(1, len(chosen) + 2):
        chart.add_series(
            {
                "name": [name, top, start_col + j],
                "categories": [name, top + 1, start_col, top + len(years), start_col],
                "values": [name, top + 1, start_col + j, top + len(years), start_col + j],
                "marker": {"type": "circle", "size": 4},
                **(
                    {"line": {"color": "#7F7F7F", "dash_type": "dash"}}
                    if j == len(chosen) + 1
                    else {}
                ),
            }
        )
    chart.set_title(
        {"name": t("chart_trend", lang, indicator=ind.label(lang)), "name_font": {"size": 11}}
    )
    chart.set_legend({"position": "bottom", "font": {"size": 8}})
    chart.set_size({"width": 760, "height": 300})
    ws.insert_chart(top + len(years) + 2, start_col, chart)
    if len(data.members) > len(chosen):
        w.text(ws, top - 1, start_col, t("trend_note", lang, count=len(chosen)))


def profile_sheet(w: _Writer, municipality: str) -> None:
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
    ws.set_column(0, 0, 60)
    ws.set_column(1, 3, 13)
    ws.set_column(4, 4, 18)
    ws.set_column(5, 5, 11)
    row = 3
    for code in data.codes:
        ind = data.definitions.indicators[code]
        r = w.by_key.get((municipality, code))
        w.paragraph(ws, row, 0, f"{ind.label(lang)} ({ind.unit})", 60)
        if r is not None:
            quartile = None if _missing(r.quartile) else int(r.quartile)
            w.value_cell(ws, row, 1, ind, r.value, r.status, quartile)
            if not _missing(r.peer_median):
                ws.write_number(row, 2, float(r.peer_median), w.number(ind))
            if not _missing(r.rank):
                w.text(ws, row, 3, f"{int(r.rank)} / {int(r.n)}", w.f_center)
            if not _missing(r.band):
                w.text(ws, row, 4, w.band_names.get(r.band, r.band))
            if not _missing(r.percentile):
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
        if not _missing(p.similarity):
            ws.write_number(row, 3, float(p.similarity), w.f_sim)
        if getattr(p, "practice", ""):
            w.text(ws, row, 4, p.practice, w.f_wrap)
