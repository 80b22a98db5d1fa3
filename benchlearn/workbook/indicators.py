"""One sheet per indicator: the ranking best to worst, and its charts on pages of their own.

The ranking table is what a meeting discusses; it prints one page wide in
portrait, as many pages down as the network needs, with its header on every
page. The charts stand in one column to the right and print on their own
pages after the table: the values with their names (a yes/no indicator as how
many members said yes, an ordinal one as how many stand at each level), the
trend against the members' median and middle half, and for counts the funnel
plot. In a municipality's own view (one profile) that municipality is
highlighted in the table and the charts, and its trend is the line drawn.

The charts read hidden number-only columns beside the table, so a
confidential value (written as ``..``) never reaches a chart.
"""

from __future__ import annotations

from typing import Any

from benchlearn.charts import short_label
from benchlearn.messages import t
from benchlearn.views import (
    change_mark,
    comparator_label,
    has_rank_sets,
    rank_set_text,
    rank_sets_note,
)
from benchlearn.workbook.writer import (
    FOCUS,
    GRIDLINES,
    OTHERS,
    SIGNIFICANCE_COLOURS,
    SheetWriter,
    decimal_text,
    is_missing,
    is_ordinal,
    is_yes_no,
)

#: Beyond this many members the bars carry no names (they would only smear): the table names
#: them, and the municipality a view is about is named on its bar.
NAMED_BARS = 60
#: Hidden helper columns right of the table: the bars' data (value, line, error bars,
#: denominator), the funnel's limits, the distribution's counts and the trend's years.
BARS, FUNNEL, COUNTS, TREND, HIDDEN = 0, 5, 11, 13, 22
#: The charts' width in pixels: one portrait page wide.
CHART_WIDTH = 640
#: Profiles drawn as trend lines in a network's view: more only tangle.
TREND_LINES = 5


def indicator_sheets(w: SheetWriter) -> None:
    """A sheet for each of the network's indicators, in definition order."""
    for code in w.data.codes:
        indicator_sheet(w, code, w.tables.get(code, []))


def indicator_sheet(w: SheetWriter, code: str, rows: list[Any]) -> None:
    """Ranking best to worst, peer statistics, and the charts beside it.

    An indicator with counts behind it is compared fairly: each value's
    significance against its peers' pooled value (coloured as Fingertips does),
    its interval, error bars on the chart and a funnel plot.
    """
    lang, data = w.lang, w.data
    ind = data.definitions.indicators[code]
    counted = ind.statistic is not None
    # Values with a standard error are judged on it (no counts): the verdict and interval
    # columns as for counts; the funnel and the denominators stay the counts' own.
    judged_rows = counted or any(isinstance(r.significance, str) for r in rows)
    ordinal = is_ordinal(ind)
    ws = w.sheet(code, header_row=6, landscape=False)
    name = w.sheet_names[-1]
    since = data.since.get(code)
    # The intervals shown are the 95 % ones (99.8 % at 99.8); at 90 % only the verdict moves.
    level = decimal_text(99.8 if data.confidence == 99.8 else 95.0, lang)
    sets = has_rank_sets(rows)
    labels = [
        t("rank", lang) if ind.ranked else "",  # levels and yes/no answers have no rank
        t("municipality", lang),
        t("code", lang),
        t("value", lang),
        t("wb_level" if ordinal else "significance" if judged_rows else "band", lang),
        t("change", lang, year=since) if since else "",
        comparator_label(data, code, lang),
    ]
    if judged_rows:
        labels += [t("ci_low", lang, level=level), t("ci_high", lang, level=level)]
    w.widths(ws, (10 if sets else 6, 26, 10, 12, 15, 12, 13, 11, 11)[: len(labels)])
    helper = len(labels)  # the first hidden column
    w.hide(ws, helper, helper + HIDDEN - 1)
    place = helper + HIDDEN  # the charts' column, printed as a block of its own
    w.widths(ws, [(CHART_WIDTH - 5) / 7], first=place)
    ws.blocks = [0, place]
    last_col = len(labels) - 1
    w.paragraph(ws, 0, 0, ind.label_with_unit(lang), last_col,
                w.f_title_wrap, size=14)  # fmt: skip
    stats = rows[0] if rows else None
    for i, key in enumerate(("peer_median", "peer_q1", "peer_q3")):
        w.text(ws, 1 + i, 0, t(key, lang), w.f_bold)
        # Statistics of the network basis; with per-municipality peers each row has its own.
        statistic: Any = getattr(stats, key, None)
        if not is_missing(statistic) and data.peers in {"network", "all"}:
            ws.write_number(1 + i, 3, float(statistic), w.number(ind))
    w.text(ws, 4, 0, f"{t('direction', lang)}: {t(ind.direction, lang)}")
    w.header(ws, 6, labels)
    low_key, high_key = (
        ("ci998_low", "ci998_high") if data.confidence == 99.8 else ("ci95_low", "ci95_high")
    )
    chart = helper + BARS
    first = 7
    row = first
    for r in rows:
        mine = r.municipality == w.focus
        if sets and not is_missing(r.rank_low):  # "3 (2–9)": rank and rank set
            w.text(ws, row, 0, rank_set_text(r), w.f_right)
        elif not is_missing(r.rank):
            ws.write_number(row, 0, int(r.rank), w.f_int)
        w.text(ws, row, 1, w.name_of(r.municipality), w.f_focus if mine else w.f_wrap)
        w.text(ws, row, 2, r.municipality, w.f_focus if mine else None)
        w.fit_row(ws, row, [(1, w.name_of(r.municipality))])
        quartile = None if is_missing(r.quartile) else int(r.quartile)
        judged = r.significance if judged_rows and isinstance(r.significance, str) else None
        w.value_cell(ws, row, 3, ind, r.value, r.status, quartile, judged)
        shown = r.status != ".." and not is_missing(r.value)
        if judged is not None:
            w.text(ws, row, 4, w.significance_label(judged), w.judged(judged))
        elif ordinal and shown:
            w.text(ws, row, 4, w.level_label(ind, r.value), w.f_indent)
        elif not judged_rows and not is_missing(r.band):
            w.text(ws, row, 4, w.band_names.get(r.band, r.band), w.f_indent)
        if since and not is_missing(getattr(r, "value_change", None)) and r.status != "..":
            mark = change_mark(ind, r, lang)  # coloured only when significant
            ws.write_number(row, 5, float(r.value_change),
                            w.change(ind, mark.colour, mark.significant))  # fmt: skip
        line = r.comparator  # the reference the verdicts are judged against
        if not is_missing(line):
            ws.write_number(row, 6, float(line), w.number(ind))
        if judged_rows and shown and not is_missing(getattr(r, low_key)):
            low, high = float(getattr(r, low_key)), float(getattr(r, high_key))
            ws.write_number(row, 7, low, w.number(ind))
            ws.write_number(row, 8, high, w.number(ind))
        if counted and shown and not is_missing(getattr(r, low_key)):
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
    w.define(f"ind_{code}", name, 6, last, last_col)
    if sets:  # under the table, so the defined range stays the table alone
        w.paragraph(ws, row + 1, 0, rank_sets_note(data.confidence, lang), last_col, w.f_wrap)
        row += 2
    ws.freeze_panes(7, 0)
    w.tighten(ws, row)  # before the charts are placed on the pages
    at = 0
    if rows and (is_yes_no(ind) or ordinal):
        distribution = w.distribution_chart(ws, code, rows, (0, helper + COUNTS))
        at = w.insert(ws, at, place, distribution, (CHART_WIDTH, 320))
    elif row > first:
        bars, height = _bars(w, ind, name, rows, first, last, chart)
        at = w.insert(ws, at, place, bars, (CHART_WIDTH, height))
    if w.focus is not None:
        lines = [w.focus]
    else:
        lines = list(data.profiles) if 1 < len(data.profiles) <= TREND_LINES else []
    trend = w.trend_chart(ws, code, lines, (0, helper + TREND))
    if trend is not None:
        at = w.insert(ws, at, place, trend, (CHART_WIDTH, 300))
    if counted:
        funnel = _funnel(w, ws, ind, name, rows, first, last, chart, helper + FUNNEL)
        if funnel is not None:
            w.insert(ws, at, place, funnel, (CHART_WIDTH, 340))


def _bars(
    w: SheetWriter, ind: Any, name: str, rows: list[Any], first: int, last: int, chart: int
) -> tuple[Any, int]:
    """Values as bars best to worst, named, with the comparator as a line (for counts also
    each value's interval, the bars in their significance colours); and the chart's height.

    The municipality a view is about is dark blue (or, in significance colours,
    outlined) and named on its bar.
    """
    lang, data = w.lang, w.data
    counted = ind.statistic is not None
    named = last - first + 1 <= NAMED_BARS
    points: list[dict[str, Any] | None] = []  # None: the series' own fill
    labels: list[dict[str, Any]] = []
    for r in rows:
        mine = r.municipality == w.focus
        point: dict[str, Any] | None = {"fill": {"color": FOCUS}} if mine else None
        if counted and isinstance(r.significance, str):
            point = {"fill": {"color": SIGNIFICANCE_COLOURS[r.significance]}}
            if mine:
                point["border"] = {"color": "#000000", "width": 2.25}
        points.append(point)
        labels.append(
            {"value": short_label(w.name_of(r.municipality))} if mine else {"delete": True}
        )
    series: dict[str, Any] = {
        "name": ind.label(lang),
        "categories": [name, first, 1, last, 1],  # the names
        "values": [name, first, chart, last, chart],
        "fill": {"color": OTHERS},
        "gap": 40,
    }
    if any(points):
        series["points"] = points
    if w.focus is not None and not named:
        series["data_labels"] = {"custom": labels, "position": "outside_end",
                                 "font": {"size": 8, "bold": True}}  # fmt: skip
    if counted:
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
            "name": comparator_label(data, ind.code, lang),
            "categories": [name, first, 1, last, 1],
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
    if named:
        bars.set_x_axis({"num_font": {"rotation": -90, "size": 7}})
    else:
        bars.set_x_axis({"label_position": "none",
                         "name": t("wb_bars_axis", lang), "name_font": {"size": 8}})  # fmt: skip
    bars.set_y_axis({"num_format": "#,##0.##", "major_gridlines": GRIDLINES,
                     "num_font": {"size": 8}})  # fmt: skip
    bars.set_legend({"position": "bottom", "font": {"size": 8}})
    return bars, 440 if named else 340


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
    grid_col: int,
) -> Any | None:
    """A native funnel plot: members by denominator, the comparator, 95 % and 99.8 % limits.

    Drawn when the members share one comparator value (one peer set); with each its
    own peers, the intervals on the bars say the same thing. The limits go to
    hidden columns from ``grid_col``.
    """
    import numpy as np

    from benchlearn.analysis.statistics import funnel_limits

    lang = w.lang
    counts = [r for r in rows if not is_missing(r.denominator) and not is_missing(r.numerator)]
    targets = {round(float(r.comparator), 12) for r in counts if not is_missing(r.comparator)}
    if len(counts) < 3 or len(targets) != 1:
        return None
    target = targets.pop()
    low_n = max(min(float(r.denominator) for r in counts) * 0.9, 1.0)
    high_n = max(float(r.denominator) for r in counts) * 1.05
    grid = np.geomspace(low_n, high_n, FUNNEL_POINTS)
    statistic = ind.statistic
    limits = [
        funnel_limits(statistic, np.full(len(grid), target), grid, ind.multiplier or 1.0, level)
        for level in (95.0, 99.8)
    ]
    for i, n in enumerate(grid.tolist()):
        cells = (n, target, limits[0][0][i], limits[0][1][i], limits[1][0][i], limits[1][1][i])
        for j, number in enumerate(cells):
            if number == number:
                ws.write_number(i, grid_col + j, float(number))
    end = len(grid) - 1
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
        (1, comparator_label(w.data, ind.code, lang), {"color": "#000000", "width": 1.25}),
        (2, t("funnel_limit", lang, level="95"), {"color": "#56B4E9", "dash_type": "dash"}),
        (3, None, {"color": "#56B4E9", "dash_type": "dash"}),
        (4, t("funnel_limit", lang, level=decimal_text(99.8, lang)),
         {"color": "#009E73", "dash_type": "round_dot"}),
        (5, None, {"color": "#009E73", "dash_type": "round_dot"}),
    )  # fmt: skip
    for column, label, style in lines:
        plot.add_series(
            {
                **({"name": label} if label else {}),
                "categories": [name, 0, grid_col, end, grid_col],
                "values": [name, 0, grid_col + column, end, grid_col + column],
                "line": style,
                "marker": {"type": "none"},
            }
        )
    plot.show_hidden_data()
    plot.set_title({"name": t("funnel_title", lang, indicator=ind.label(lang)),
                    "name_font": {"size": 11}})  # fmt: skip
    # The axis is the denominator by name ("Iedzīvotāji vecumā 65+"), not "Saucējs (POP)".
    plot.set_x_axis({"name": w.data.definitions.denominator_label(ind, lang),
                     "log_base": 10 if high_n > 20 * low_n else None,
                     "num_format": "#,##0", "num_font": {"size": 8}})  # fmt: skip
    plot.set_y_axis({"num_format": "#,##0.##", "major_gridlines": {"visible": True},
                     "num_font": {"size": 8}})  # fmt: skip
    plot.set_legend({"position": "bottom", "delete_series": [3, 5], "font": {"size": 8}})
    return plot
