"""One sheet per indicator: the ranking best to worst, a bar chart with the median, a trend.

The ranking table is what a meeting discusses; the charts read hidden number-only
columns beside it, so a confidential value (written as ``..``) never reaches a
chart. The trend table and chart sit to the right, below the repeated header row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from benchlearn.messages import t
from benchlearn.workbook.writer import SheetWriter, is_missing

if TYPE_CHECKING:
    import pandas as pd

#: Municipalities drawn in a trend chart when no profile is asked for: more only tangle.
TREND_LINES = 5


def indicator_sheets(w: SheetWriter) -> None:
    """A sheet for each of the network's indicators, in definition order."""
    for code in w.data.codes:
        indicator_sheet(w, code, w.tables.get(code, []))


def indicator_sheet(w: SheetWriter, code: str, rows: list[Any]) -> None:
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
        if not is_missing(statistic) and data.peers in {"network", "all"}:
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
    ]
    w.header(ws, 6, labels)
    w.widths(ws, (8, 28, 11, 12, 18, 14, 14))
    ws.set_column(7, 8, None, None, {"hidden": True})  # the chart's data
    first = 7
    row = first
    for r in rows:
        if not is_missing(r.rank):
            ws.write_number(row, 0, int(r.rank), w.f_int)
        w.text(ws, row, 1, w.name_of(r.municipality))
        w.text(ws, row, 2, r.municipality)
        quartile = None if is_missing(r.quartile) else int(r.quartile)
        w.value_cell(ws, row, 3, ind, r.value, r.status, quartile)
        if not is_missing(r.band):
            w.text(ws, row, 4, w.band_names.get(r.band, r.band))
        if since and not is_missing(getattr(r, "value_change", None)) and r.status != "..":
            ws.write_number(row, 5, float(r.value_change), w.number(ind))
        if not is_missing(r.peer_median):
            ws.write_number(row, 6, float(r.peer_median), w.number(ind))
        # Hidden chart columns: numbers only, so a confidential value never reaches a chart.
        if r.status != ".." and not is_missing(r.value):
            ws.write_number(row, 7, float(r.value))
        if not is_missing(r.peer_median):
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


def _trend(w: SheetWriter, ws: Any, name: str, code: str, rows: list[Any], start_col: int) -> None:
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
        chosen = [r.municipality for r in rows if not is_missing(r.rank)][:TREND_LINES]
    top = 26
    w.widths(ws, (8, *[14] * (len(chosen) + 1)), first=start_col)
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
