"""The matrix sheet: where the members stand on a grid of areas × stages.

A self-assessment such as Healthy Boost's (five areas of cross-sector work,
each over four stages, scored on named levels) reads as a grid, not as twenty
rankings: the members' median level in each cell, the level of the
municipality the view is about beside it, and a chart of how many members
stand at each level in every cell. Networks whose indicators form no such grid
get no matrix sheet.
"""

from __future__ import annotations

from typing import Any

from benchlearn.definitions import pick_text
from benchlearn.messages import t
from benchlearn.workbook.writer import (
    GREY,
    GRIDLINES,
    SheetWriter,
    column_pixels,
    is_missing,
    level_colours,
)


def matrix_sheet(w: SheetWriter) -> None:
    """The members' median levels and their distribution over the levels, cell by cell."""
    matrix = w.matrix
    if matrix is None:
        return
    lang, data = w.lang, w.data
    first = data.definitions.indicators[next(iter(matrix.codes.values()))]
    ws = w.sheet(t("wb_sheet_matrix", lang))
    name = w.sheet_names[-1]
    w.widths(ws, (30, *[18] * len(matrix.stages)))
    helper = len(matrix.stages) + 2  # hidden columns for the chart's counts
    w.hide(ws, helper, helper + len(first.scale) + 1)
    last = len(matrix.stages)
    title = t("wb_matrix_title", lang, network=w.network_label, year=data.year)
    w.paragraph(ws, 0, 0, title, last, w.f_title_wrap, size=14)
    mine, median = w.matrix_levels(w.focus)
    row = w.matrix_grid(ws, 2, t("wb_matrix_median", lang), median)
    if w.focus is not None:
        own_title = t("wb_matrix_own", lang, name=w.name_of(w.focus))
        row = w.matrix_grid(ws, row, own_title, mine)
    w.paragraph(ws, row, 0, t("wb_matrix_not_ranked", lang), last)
    row = w.counts_grid(ws, row + 1, t("wb_matrix_counts", lang), w.focus)
    # How many members stand at each level, cell by cell: a stacked bar per cell.
    levels = [float(level.value) for level in first.scale]
    for j, level in enumerate(first.scale, start=1):
        w.text(ws, 0, helper + j, w.level_label(first, level.value))
    w.text(ws, 0, helper + len(levels) + 1, t("wb_no_value", lang))
    cells = [(a, s) for a in matrix.areas for s in matrix.stages]
    for i, (area, stage) in enumerate(cells, start=1):
        w.text(ws, i, helper, f"{area}: {stage}")
        counts = dict.fromkeys(levels, 0)
        blank = 0
        for r in w.tables.get(matrix.codes[(area, stage)], []):
            value = None if r.status == ".." or is_missing(r.value) else float(r.value)
            if value in counts:
                counts[value] += 1
            else:
                blank += 1
        for j, count in enumerate([*counts.values(), blank], start=1):
            ws.write_number(i, helper + j, count)
    colours = [*level_colours(len(levels)), GREY]
    chart: Any = w.book.add_chart({"type": "bar", "subtype": "stacked"})
    for j, colour in enumerate(colours, start=1):
        chart.add_series(
            {
                "name": [name, 0, helper + j],
                "categories": [name, 1, helper, len(cells), helper],
                "values": [name, 1, helper + j, len(cells), helper + j],
                "fill": {"color": colour},
                "border": {"color": "#808080"},
                "gap": 40,
            }
        )
    chart.set_title({"name": t("wb_matrix_chart", lang, year=data.year),
                     "name_font": {"size": 11}})  # fmt: skip
    chart.set_y_axis({"reverse": True, "num_font": {"size": 8}, "interval_unit": 1})  # first on top
    chart.set_x_axis({"name": t("wb_members_count", lang), "min": 0, "max": len(data.members),
                      "major_gridlines": GRIDLINES})  # fmt: skip
    chart.set_legend({"position": "bottom", "font": {"size": 8}})
    chart.show_hidden_data()
    description = pick_text(data.network.description, lang)
    if description:
        w.paragraph(ws, row, 0, description, last)
        row += 2
    width = sum(column_pixels(ws.widths[c]) for c in range(last + 1))
    w.insert(ws, row, 0, chart, (width, 100 + 20 * len(cells)))
