"""The self-assessment matrix on a web page: a member's level in each cell, beside the network.

Healthy Boost's members know their self-assessment as a matrix of areas
(rows) × stages (columns). On a member's page each cell is filled with the
colour of the member's level (light to dark, :func:`~benchlearn.definitions.
matrix.level_colours`) and its words, and holds small bars of how many
members stand at each level, the member's own bar outlined; on the network's
page the cells hold the bars alone. Plain HTML and CSS: no script, and the
bars' counts are written under them and in each cell's label for screen
readers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from benchlearn.definitions.matrix import cell_words, is_dark, level_colours
from benchlearn.messages import number, t
from benchlearn.views import level_matrix

if TYPE_CHECKING:
    from benchlearn.meeting import MeetingData


def cell_label(data: MeetingData, code: str, level: int, lang: str) -> str:
    """A member's level as its cell names it, short (``2 – attīstībā``, :func:`cell_words`)."""
    return cell_words(data.definitions.indicators[code], lang)[level]


#: The tallest bar, in pixels: the most members at one level in any cell.
BAR_HEIGHT = 28


def matrix_view(
    data: MeetingData, lang: str, name: str | None = None, municipality: str | None = None
) -> dict[str, Any] | None:
    """What the template draws: title, reading note, stages, legend and, per area, its cells
    (``level`` the member's place on the scale or None, ``label``, ``fill``, ``dark``,
    ``bars`` of (level number, count, height, fill, own), ``text`` for screen readers);
    None for a network whose indicators form no matrix."""
    grid = level_matrix(data, lang, municipality)
    if grid is None:
        return None
    first = grid.cell(grid.matrix.areas[0], grid.matrix.stages[0])
    colours = level_colours(len(first.values))
    tallest = max(grid.largest(), 1)
    rows = []
    for area in grid.matrix.areas:
        cells = []
        for stage in grid.matrix.stages:
            found = grid.cell(area, stage)
            level = grid.own_level(area, stage)
            bars = [
                (
                    number(value, lang, 0),
                    count,
                    round(BAR_HEIGHT * count / tallest),
                    colours[i],
                    i == level,
                )
                for i, (value, count) in enumerate(zip(found.values, found.counts, strict=True))
            ]
            cells.append(
                {
                    "code": grid.matrix.codes[(area, stage)],
                    "level": level,
                    "label": None
                    if level is None
                    else cell_label(data, grid.matrix.codes[(area, stage)], level, lang),
                    "fill": None if level is None else colours[level],
                    "dark": level is not None and is_dark(level, len(colours)),
                    "bars": bars,
                    "blank": found.blank,
                    "text": f"{area}, {stage}: {found.text(lang)}",
                }
            )
        rows.append((area, cells))
    levels = "; ".join(first.labels)
    own = municipality is not None
    title = t("wb_matrix_own" if own else "wb_matrix_counts", lang, name=name or "")
    return {
        "title": title,
        "read": t("mx_read_own" if own else "mx_read_network", lang, levels=levels),
        "header": [t("wb_area", lang), *grid.matrix.stages],
        "rows": rows,
        "legend": [
            (label, colours[i], is_dark(i, len(colours))) for i, label in enumerate(first.labels)
        ],  # fmt: skip
        "own": own,
        "no_value": t("wb_no_value", lang),
    }
