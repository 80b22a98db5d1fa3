"""A self-assessment's form laid out as the matrix its respondents know.

Healthy Boost's twenty questions are one matrix on paper: five areas down,
four stages across. Its form (:mod:`benchlearn.importing.forms`) shows them
the same way: one yellow input cell per area and stage with a drop-down of
the scale's levels in words ("2 – attīstībā"), coloured as the level chosen,
and under it last year's levels for reference. Each cell's indicator code is
written in a hidden column on the same row, :data:`CODE_OFFSET` columns to its
right, so that the reader can tell a moved cell as it tells a moved row in the
list form. The chosen words are read back as the level's value: the words
start with it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from benchlearn.definitions import IndicatorDefinition, pick_text
from benchlearn.definitions.matrix import Matrix, cell_words, is_dark, level_colours
from benchlearn.messages import t

#: A cell's indicator code sits this many columns to the right of the cell, hidden.
CODE_OFFSET = 10
#: Excel keeps a drop-down's list written in the validation to 255 characters.
LIST_LIMIT = 255
#: Excel keeps an input message to 255 characters and its title to 32.
MESSAGE_LIMIT, TITLE_LIMIT = 255, 32
STATUS_CODES = ("-", ".", "..")
#: "2 – attīstībā" → "2": the level's value the words start with.
LEVEL_WORDS = re.compile(r"\s*(-?\d+(?:[.,]\d+)?)\s+[–-]\s.*", re.DOTALL)


def choices(ind: IndicatorDefinition, lang: str) -> list[str]:
    """The drop-down's entries: each level as ``value – words``, or the values alone where
    the words would not fit a drop-down (a comma in them, or over 255 characters)."""
    words = cell_words(ind, lang)
    if any("," in w for w in words) or len(",".join(words)) > LIST_LIMIT:
        return [f"{float(s.value):g}" for s in ind.scale]
    return words


def write_matrix(
    book: Any,
    ws: Any,
    matrix: Matrix,
    indicators: Mapping[str, IndicatorDefinition],
    first_row: int,
    earlier: Mapping[str, float],
    earlier_year: int | None,
    lang: str,
) -> list[tuple[str, int, int]]:
    """Write the matrix from spreadsheet row ``first_row`` (1-based header row + 1): a header
    of the stages, an area per row, an input cell per stage; then ``earlier`` (last year's
    levels by code) as the same matrix, read-only. Returns each cell's (code, row, column),
    1-based, in the order the indicators are asked."""
    header = book.add_format({"bold": True, "bg_color": "#1F4E78", "font_color": "white",
                              "text_wrap": True, "valign": "top", "border": 1})  # fmt: skip
    area_format = book.add_format({"bold": True, "text_wrap": True, "valign": "vcenter",
                                   "border": 1})  # fmt: skip
    unlocked = book.add_format({"locked": False, "bg_color": "#FFF2CC", "border": 1,
                                "text_wrap": True, "valign": "vcenter"})  # fmt: skip
    hidden = book.add_format({"font_color": "#808080"})
    bold = book.add_format({"bold": True})
    stages = matrix.stages
    scale = indicators[next(iter(matrix.codes.values()))].scale
    fills = level_colours(len(scale))
    shades = [
        book.add_format({"bg_color": fill, "border": 1, "text_wrap": True, "valign": "vcenter",
                         **({"font_color": "#FFFFFF"} if is_dark(i, len(fills)) else {})})
        for i, fill in enumerate(fills)
    ]  # fmt: skip
    top = first_row - 2  # 0-based header row
    ws.write_string(top, 0, t("wb_area", lang), header)
    for j, stage in enumerate(stages, start=1):
        ws.write_string(top, j, stage, header)
    cells: dict[str, tuple[str, int, int]] = {}
    for i, area in enumerate(matrix.areas):
        row = top + 1 + i
        ws.set_row(row, 32)
        ws.write_string(row, 0, area, area_format)
        for j, stage in enumerate(stages, start=1):
            code = matrix.codes[(area, stage)]
            ind = indicators[code]
            listed = choices(ind, lang)
            ws.write_blank(row, j, None, unlocked)
            ws.write_string(row, j + CODE_OFFSET, code, hidden)
            where = t("mx_form_cell", lang, area=area, stage=stage)
            ws.data_validation(row, j, row, j, {
                "validate": "list",
                "source": listed,
                "input_title": where[:TITLE_LIMIT],
                "input_message": pick_text(ind.description, lang)[:MESSAGE_LIMIT],
                "error_message": t("form_scale_error", lang),
            })  # fmt: skip
            for place, entry in enumerate(listed):  # the cell takes the colour of its level
                ws.conditional_format(row, j, row, j, {
                    "type": "cell", "criteria": "==", "value": f'"{entry}"',
                    "format": shades[place]})  # fmt: skip
            cells[code] = (code, row + 1, j + 1)
    row = top + 1 + len(matrix.areas)
    row = _earlier(ws, row + 1, matrix, indicators, earlier, earlier_year, lang, header,
                   area_format, bold, shades)  # fmt: skip
    ws.write_string(row + 1, 0, t("mx_levels", lang), bold)
    key = "; ".join(choices(indicators[next(iter(matrix.codes.values()))], lang))
    ws.write_string(row + 1, 1, key)
    ws.set_column(0, 0, 24)
    ws.set_column(1, len(stages), 20)
    ws.set_column(1 + CODE_OFFSET, len(stages) + CODE_OFFSET, None, None, {"hidden": True})
    return list(cells.values())


def _earlier(
    ws: Any,
    row: int,
    matrix: Matrix,
    indicators: Mapping[str, IndicatorDefinition],
    earlier: Mapping[str, float],
    year: int | None,
    lang: str,
    header: Any,
    area_format: Any,
    bold: Any,
    shades: list[Any],
) -> int:
    """Last year's levels as the same matrix, coloured, under the inputs (0-based ``row``);
    nothing without them. Returns the next free row."""
    if year is None or not earlier:
        return row
    ws.write_string(row, 0, t("mx_form_earlier", lang, year=year), bold)
    row += 1
    ws.write_string(row, 0, t("wb_area", lang), header)
    for j, stage in enumerate(matrix.stages, start=1):
        ws.write_string(row, j, stage, header)
    for area in matrix.areas:
        row += 1
        ws.write_string(row, 0, area, area_format)
        for j, stage in enumerate(matrix.stages, start=1):
            code = matrix.codes[(area, stage)]
            value = earlier.get(code)
            if value is None:
                continue
            scale = [float(s.value) for s in indicators[code].scale]
            place = min(range(len(scale)), key=lambda k: abs(scale[k] - value))
            ws.write_string(row, j, choices(indicators[code], lang)[place], shades[place])
    return row + 1


def read_level(text: str) -> tuple[str, str]:
    """A matrix cell's text as the (value, status) the importer reads: a level's words as
    their value ("2 – attīstībā" → "2"), a status code as the status, anything else as it
    is, for the importer to say what is wrong with it."""
    if text in STATUS_CODES:
        return "", text
    found = LEVEL_WORDS.fullmatch(text)
    return (found.group(1).replace(",", ".") if found else text), ""
