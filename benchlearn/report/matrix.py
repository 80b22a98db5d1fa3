"""The self-assessment matrix on paper: areas down, stages across, as its respondents know it.

In a member's report each cell is filled with the colour of the member's level
(:func:`~benchlearn.definitions.matrix.level_colours`) and says the level in
words; beside it, on white, small bars of how many members stand at each level
with their counts, the member's own bar outlined. In the meeting pack (no
member) the cells hold the bars alone. The same matrix as the site's
(:mod:`benchlearn.site.matrix`), so a member meets one picture everywhere.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from benchlearn.definitions.matrix import cell_words, is_dark, level_colours
from benchlearn.messages import number, t
from benchlearn.report.document import CM, FONT, frame_width, table
from benchlearn.views import level_matrix

if TYPE_CHECKING:
    from benchlearn.report.sections import Page
    from benchlearn.views import Answers

#: The bars' drawing: its height, the tallest bar's, and the band under the bars for the
#: counts and the levels (points).
BARS_HEIGHT = 34.0
TALLEST = 16.0
BAR_LABELS = 15.0


def level_grid(
    page: Page, municipality: str | None = None, *, width: float | None = None
) -> list[Any]:
    """The matrix with its title, how to read it and the levels' key; empty for a network
    whose indicators form no matrix."""
    from reportlab.lib import colors

    lang, s = page.lang, page.styles
    grid = level_matrix(page.data, lang, municipality)
    if grid is None:
        return []
    first = grid.cell(grid.matrix.areas[0], grid.matrix.stages[0])
    fills = level_colours(len(first.values))
    levels = "; ".join(first.labels)
    own = municipality is not None
    if own:
        title = t("wb_matrix_own", lang, name=page.name(municipality or ""))
        read = t("mx_read_own", lang, levels=levels)
    else:
        title, read = t("wb_matrix_counts", lang), t("mx_read_network", lang, levels=levels)
    width = width or frame_width()
    first_width = 3.2 * CM
    column = (width - first_width) / len(grid.matrix.stages)
    tallest = max(grid.largest(), 1)
    header = [s.p(t("wb_area", lang), s.head)] + [s.p(x, s.head) for x in grid.matrix.stages]
    rows: list[list[Any]] = [header]
    commands: list[tuple[Any, ...]] = [("GRID", (1, 1), (-1, -1), 0.8, colors.white)]
    for i, area in enumerate(grid.matrix.areas, start=1):
        cells: list[Any] = [s.p(area, s.cell_bold)]
        for j, stage in enumerate(grid.matrix.stages, start=1):
            found = grid.cell(area, stage)
            level = grid.own_level(area, stage)
            content: list[Any] = []
            if own:
                code = grid.matrix.codes[(area, stage)]
                ind = page.data.definitions.indicators[code]
                words = t("wb_no_value", lang) if level is None else cell_words(ind, lang)[level]
                dark = level is not None and is_dark(level, len(fills))
                content.append(s.p(words, _white(s) if dark else s.cell_bold))
            content.append(_bars(found, level, fills, tallest, column - 6, lang))
            if found.blank:
                content.append(s.p(f"{t('wb_no_value', lang)}: {found.blank}", s.code))
            cells.append(content)
            if level is not None:
                commands.append(("BACKGROUND", (j, i), (j, i), colors.HexColor(fills[level])))
        rows.append(cells)
    key = " · ".join(first.labels)
    return [
        s.p(title, s.heading),
        s.p(t("wb_matrix_not_ranked", lang) + " " + read),
        table(rows, [first_width] + [column] * len(grid.matrix.stages), styles=commands),
        s.p(f"{t('mx_levels', lang)}: {key}", s.note),
    ]


def _bars(
    found: Answers, level: int | None, fills: list[str], tallest: int, width: float, lang: str
) -> Any:
    """Small bars of how many members stand at each level, on white, each with its count
    and its level under it; the bar of ``level`` (the member's) outlined in black."""
    from reportlab.graphics.shapes import Drawing, Rect, String
    from reportlab.lib import colors

    count = len(found.values)
    drawing = Drawing(width, BARS_HEIGHT)
    inner = min(width, count * 26.0)
    drawing.add(Rect(0, 0, inner, BARS_HEIGHT, fillColor=colors.white, strokeColor=None))
    step = inner / count
    for i, (value, members) in enumerate(zip(found.values, found.counts, strict=True)):
        x = i * step + 3
        height = max(TALLEST * members / tallest, 0.5)
        mine = i == level
        drawing.add(
            Rect(x, BAR_LABELS + 1, step - 6, height, fillColor=colors.HexColor(fills[i]),
                 strokeColor=colors.black if mine else colors.HexColor("#9E9E9E"),
                 strokeWidth=1.2 if mine else 0.4)
        )  # fmt: skip
        middle = i * step + step / 2
        drawing.add(String(middle, 8, str(members), fontName=FONT, fontSize=6.5,
                           textAnchor="middle"))  # fmt: skip
        drawing.add(String(middle, 1, number(value, lang, 0), fontName=FONT, fontSize=5.5,
                           textAnchor="middle", fillColor=colors.HexColor("#595959")))  # fmt: skip
    return drawing


def _white(s: Any) -> Any:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle

    return ParagraphStyle("cell_bold_white", parent=s.cell_bold, textColor=colors.white)
