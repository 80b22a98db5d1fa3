"""One sheet per indicator: the ranking best to worst, a bar chart with the median, a trend.

The ranking table is what a meeting discusses; the charts read hidden number-only
columns beside it, so a confidential value (written as ``..``) never reaches a
chart. The trend table and chart sit to the right, below the repeated header row.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from benchlearn.messages import t
from benchlearn.workbook.writer import SIGNIFICANCE_COLOURS, SheetWriter, is_missing

if TYPE_CHECKING:
    import pandas as pd

#: Municipalities drawn in a trend chart when no profile is asked for: more only tangle.
TREND_LINES = 5


def indicator_sheets(w: SheetWriter) -> None:
    """A sheet for each of the network's indicators, in definition order."""
    for code in w.data.codes:
        indicator_sheet(w, code, w.tables.get(code, []))


def indicator_sheet(w: SheetWriter, code: str, rows: list[Any]) -> None:
    """Ranking best to worst, peer statistics, a bar chart with the median and a trend chart.

    An indicator with counts behind it is compared fairly: each value's
    significance against its peers' pooled value (coloured as Fingertips does),
    its interval, error bars on the chart and a funnel plot.
    """
    lang, data = w.lang, w.data
    ind = data.definitions.indicators[code]
    counted = ind.statistic is not None
    ws = w.sheet(code, header_row=6)
    name = w.sheet_names[-1]
    w.text(ws, 0, 0, f"{ind.label(lang)} ({ind.unit_label(lang)})", w.f_subtitle)
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
    level = f"{data.confidence:g}"
    labels = [
        t("rank", lang),
        t("municipality", lang),
        t("code", lang),
        t("value", lang),
        t("significance" if counted else "band", lang),
        change_label,
        t("comparator" if counted else "peer_median", lang),
    ]
    if counted:
        labels += [t("ci_low", lang, level=level), t("ci_high", lang, level=level)]
    w.header(ws, 6, labels)
    w.widths(ws, (8, 28, 11, 12, 18, 14, 14, 13, 13) if counted else (8, 28, 11, 12, 18, 14, 14))
    # The charts' data, hidden: value, line, and for counts the error bars and denominators.
    chart = 9 if counted else 7
    hidden = 6 if counted else 2
    ws.set_column(chart, chart + hidden - 1, None, None, {"hidden": True})
    low_key, high_key = (
        ("ci998_low", "ci998_high") if data.confidence == 99.8 else ("ci95_low", "ci95_high")
    )
    first = 7
    row = first
    for r in rows:
        if not is_missing(r.rank):
            ws.write_number(row, 0, int(r.rank), w.f_int)
        w.text(ws, row, 1, w.name_of(r.municipality))
        w.text(ws, row, 2, r.municipality)
        quartile = None if is_missing(r.quartile) else int(r.quartile)
        judged = r.significance if counted and isinstance(r.significance, str) else None
        w.value_cell(ws, row, 3, ind, r.value, r.status, quartile, judged)
        if judged is not None:
            w.text(ws, row, 4, w.significance_label(judged), w.judged(judged))
        elif not counted and not is_missing(r.band):
            w.text(ws, row, 4, w.band_names.get(r.band, r.band))
        if since and not is_missing(getattr(r, "value_change", None)) and r.status != "..":
            ws.write_number(row, 5, float(r.value_change), w.number(ind))
        line = r.comparator if counted else r.peer_median
        if not is_missing(line):
            ws.write_number(row, 6, float(line), w.number(ind))
        shown = r.status != ".." and not is_missing(r.value)
        if counted and shown and not is_missing(getattr(r, low_key)):
            low, high = float(getattr(r, low_key)), float(getattr(r, high_key))
            ws.write_number(row, 7, low, w.number(ind))
            ws.write_number(row, 8, high, w.number(ind))
            ws.write_number(row, chart + 2, float(r.value) - low)
            ws.write_number(row, chart + 3, high - float(r.value))
            ws.write_number(row, chart + 4, float(r.denominator))
        # Hidden chart columns: numbers only, so a confidential value never reaches a chart.
        if shown:
            ws.write_number(row, chart, float(r.value))
        if not is_missing(line):
            ws.write_number(row, chart + 1, float(line))
        row += 1
    last = max(row - 1, first)
    w.define(f"ind_{code}", name, 6, last, len(labels) - 1)
    ws.freeze_panes(7, 0)
    place = chart + hidden + 1  # charts and the trend table: a column right of the hidden ones
    if row > first:
        ws.insert_chart(7, place, _bars(w, ind, name, rows, first, last, chart))
    bottom = _trend(w, ws, name, code, rows, start_col=place)
    if counted:
        _funnel(w, ws, ind, name, rows, first, last, chart, bottom, place)


def _bars(
    w: SheetWriter, ind: Any, name: str, rows: list[Any], first: int, last: int, chart: int
) -> Any:
    """Values as bars best to worst with the median (or, for counts, the pooled value and
    each value's interval, the bars in their significance colours)."""
    lang, data = w.lang, w.data
    counted = ind.statistic is not None
    series: dict[str, Any] = {
        "name": ind.label(lang),
        "categories": [name, first, 2, last, 2],
        "values": [name, first, chart, last, chart],
        "fill": {"color": "#5B9BD5"},
        "gap": 50,
    }
    if counted:
        series["points"] = [
            {"fill": {"color": SIGNIFICANCE_COLOURS[r.significance]}}
            if isinstance(r.significance, str) else None
            for r in rows
        ]  # fmt: skip
        series["y_error_bars"] = {
            "type": "custom",
            "minus_values": [name, first, chart + 2, last, chart + 2],
            "plus_values": [name, first, chart + 3, last, chart + 3],
            "line": {"color": "#404040"},
        }
    bars = w.book.add_chart({"type": "column"})
    bars.add_series(series)
    median = w.book.add_chart({"type": "line"})
    median.add_series(
        {
            "name": t("comparator" if counted else "peer_median", lang),
            "categories": [name, first, 2, last, 2],
            "values": [name, first, chart + 1, last, chart + 1],
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
    return bars


#: Denominators the funnel's limits are drawn at: enough for smooth curves.
FUNNEL_POINTS = 40


def _funnel(
    w: SheetWriter,
    ws: Any,
    ind: Any,
    name: str,
    rows: list[Any],
    first: int,
    last: int,
    chart: int,
    top: int,
    place: int,
) -> None:
    """A native funnel plot: members by denominator, the pooled value, 95 % and 99.8 % limits.

    Drawn when the members share one pooled value (one peer set); with each its
    own peers, the intervals on the bars say the same thing.
    """
    import numpy as np

    from benchlearn.analysis.statistics import funnel_limits

    lang = w.lang
    counts = [r for r in rows if not is_missing(r.denominator) and not is_missing(r.numerator)]
    targets = {round(float(r.comparator), 12) for r in counts if not is_missing(r.comparator)}
    if len(counts) < 3 or len(targets) != 1:
        return
    target = targets.pop()
    low_n = max(min(float(r.denominator) for r in counts) * 0.9, 1.0)
    high_n = max(float(r.denominator) for r in counts) * 1.05
    grid = np.geomspace(low_n, high_n, FUNNEL_POINTS)
    statistic = ind.statistic
    limits = [
        funnel_limits(statistic, np.full(len(grid), target), grid, ind.multiplier or 1.0, level)
        for level in (95.0, 99.8)
    ]
    start = last + 2  # below the ranking, in the hidden columns
    for i, n in enumerate(grid.tolist()):
        cells = (n, target, limits[0][0][i], limits[0][1][i], limits[1][0][i], limits[1][1][i])
        for j, number in enumerate(cells):
            if number == number:
                ws.write_number(start + i, chart + j, float(number))
    end = start + len(grid) - 1
    plot = w.book.add_chart({"type": "scatter"})
    plot.add_series(
        {
            "name": t("chart_funnel_points", lang),
            "categories": [name, first, chart + 4, last, chart + 4],
            "values": [name, first, chart, last, chart],
            "marker": {"type": "circle", "size": 5, "fill": {"color": "#5B9BD5"},
                       "border": {"color": "#404040"}},
        }
    )  # fmt: skip
    lines = (
        (1, t("comparator", lang), {"color": "#000000", "width": 1.25}),
        (2, t("funnel_limit", lang, level="95"), {"color": "#56B4E9", "dash_type": "dash"}),
        (3, None, {"color": "#56B4E9", "dash_type": "dash"}),
        (4, t("funnel_limit", lang, level="99.8"), {"color": "#009E73", "dash_type": "round_dot"}),
        (5, None, {"color": "#009E73", "dash_type": "round_dot"}),
    )
    for column, label, style in lines:
        plot.add_series(
            {
                **({"name": label} if label else {}),
                "categories": [name, start, chart, end, chart],
                "values": [name, start, chart + column, end, chart + column],
                "line": style,
                "marker": {"type": "none"},
            }
        )
    plot.show_hidden_data()
    plot.set_title({"name": t("funnel_title", lang, indicator=ind.label(lang)),
                    "name_font": {"size": 11}})  # fmt: skip
    plot.set_x_axis({"name": t("funnel_denominator", lang, code=ind.denominator or ""),
                     "log_base": 10 if high_n > 20 * low_n else None,
                     "num_format": "#,##0"})  # fmt: skip
    plot.set_y_axis({"num_format": "#,##0.##", "major_gridlines": {"visible": True}})
    plot.set_legend({"position": "bottom", "delete_series": [3, 5]})
    plot.set_size({"width": 760, "height": 340})
    ws.insert_chart(top, place, plot)


def _trend(w: SheetWriter, ws: Any, name: str, code: str, rows: list[Any], start_col: int) -> int:
    """A small year × municipality table and a line chart of it, beside the ranking.

    Returns the first free row below what it drew (the bar chart's when there is no trend).
    """
    lang, data = w.lang, w.data
    ind = data.definitions.indicators[code]
    below_bars = 25
    if code not in w.trend_codes:
        return below_bars
    wide = cast("pd.DataFrame", w.trend.loc[code])  # years × municipalities
    years = [int(y) for y in wide.index]
    if len(years) < 2:
        return below_bars
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
    return top + len(years) + 2 + 17  # the chart is 300 px, about 15 rows
