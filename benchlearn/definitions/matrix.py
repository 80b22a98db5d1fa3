"""A self-assessment's grid, read from its indicators' names, and the colours of its levels.

Healthy Boost asks twenty questions that its respondents know as one matrix:
five areas down, four stages across. The grid is read from the names the
definitions already give ("Risk identification: mapping"), so a
self-assessment needs no extra keys; the form, the site, the workbook and the
PDF all lay it out from :func:`matrix_of`, and colour a member's level with
:func:`level_colours`, so the matrix looks the same wherever it is met.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from benchlearn.definitions.model import IndicatorDefinition, pick_text
from benchlearn.messages import number

#: Fills of an ordinal scale's levels, lowest first: light to dark blue. Sequential because
#: the levels are ordered; blue, not red, because a low level is a stage not yet reached, not
#: a failure (no judgement in it).
LEVEL_COLOURS = ("#F2F2F2", "#DEEBF7", "#9DC3E6", "#5B9BD5", "#2E75B6", "#1F4E78")


def cell_words(ind: IndicatorDefinition, lang: str) -> list[str]:
    """Each level as a matrix cell names it, ``2 – attīstībā``: the words the form's drop-down
    offers, short enough for a cell of four across a page; lists and keys say the level in
    full (:func:`benchlearn.views.level_text`, "2. līmenis — attīstībā")."""
    return [f"{number(float(s.value), lang, 0)} – {pick_text(s.label, lang)}" for s in ind.scale]


@dataclass(frozen=True)
class Matrix:
    """Indicators that form a grid of areas × stages, such as the Healthy Boost matrix."""

    areas: tuple[str, ...]
    stages: tuple[str, ...]
    codes: Mapping[tuple[str, str], str]  # (area, stage) → indicator code


def matrix_of(indicators: Sequence[IndicatorDefinition], lang: str) -> Matrix | None:
    """The grid the ordinal indicators' names form, ``"Area: stage"``, if complete.

    At least two areas and two stages, every pair present once, on one scale;
    ``None`` otherwise. Areas and stages keep the order they first appear in.
    """
    cells: dict[tuple[str, str], str] = {}
    scales = set()
    for ind in indicators:
        area, colon, stage = ind.label(lang).partition(": ")
        if not colon or not ind.ordinal:
            continue
        cells.setdefault((area.strip(), stage.strip()), ind.code)
        scales.add(tuple(float(level.value) for level in ind.scale))
    areas = tuple(dict.fromkeys(a for a, _ in cells))
    stages = tuple(dict.fromkeys(s for _, s in cells))
    if len(areas) < 2 or len(stages) < 2 or len(scales) != 1:
        return None
    if len(cells) != len(areas) * len(stages):
        return None
    return Matrix(areas, stages, cells)


def level_colours(count: int) -> list[str]:
    """``count`` fills from light to dark, spread over :data:`LEVEL_COLOURS`."""
    if count <= 1:
        return [LEVEL_COLOURS[0]] * count
    last = len(LEVEL_COLOURS) - 1
    return [LEVEL_COLOURS[round(i * last / (count - 1))] for i in range(count)]


def is_dark(level: int, count: int) -> bool:
    """Whether level ``level`` (0-based) of ``count`` is filled dark enough that its text is
    white (WCAG AA contrast): the top level of a scale of three or more."""
    return level >= count - 1 and count > 2
