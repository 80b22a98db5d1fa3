"""A statistical table as every official format holds it: dimensions, categories, cells.

PC-Axis files, JSON-stat answers and PxWeb's CSV exports all describe a cube:
a few dimensions (a territory, a time, and others such as sex or indicator),
each with coded categories, and one cell per combination. The readers bring
each format to one :class:`Cube`, so matching territories and turning cells
into benchlearn's long rows (:mod:`.rows`) is written once.

Cells are stored row-major over the dimensions in their order, the last
dimension varying fastest, as JSON-stat and PC-Axis both lay them out.
Data symbols (``..`` and the like) become benchlearn statuses here, never
numbers. A cell's number follows the rule of value files
(:data:`benchlearn.importing.validate.NUMBER`): ASCII digits, a sign, a
decimal point and an exponent, nothing else; Python's ``float`` is not the
judge, since it reads ``1_000``, ``NaN``, ``inf`` and other scripts' digits.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Literal

from benchlearn.errors import Problem
from benchlearn.importing.numbers import GROUPED, NUMBER

Role = Literal["geo", "time", "other"]

#: What official statistics write instead of a number, as a benchlearn status:
#: ``-`` missing, ``.`` not applicable, ``..`` confidential. ``…`` (and ``...``)
#: is "not yet published" in PxWeb's exports: missing, never a number.
SYMBOL_STATUS: dict[str, str] = {
    "..": "..",
    ".": ".",
    "-": "-",
    "…": "-",
    "...": "-",
    ":": "-",
    "x": "..",
}

#: The statuses benchlearn stores (an empty status is a plain value).
STATUSES = ("-", ".", "..")


@dataclass(frozen=True)
class Category:
    """One value of a dimension: its code (as an API wants it) and its label (as people read it)."""

    code: str
    label: str


@dataclass(frozen=True)
class Dimension:
    """One dimension of a cube; ``role`` says whether it is the territory, the time or another."""

    code: str
    label: str
    role: Role
    categories: tuple[Category, ...]


@dataclass(frozen=True)
class Cube:
    """A table of official statistics, whatever format it came in.

    ``values`` and ``statuses`` have one entry per cell, row-major over
    ``dimensions`` (the last varies fastest); a cell with a status has no
    value, except a confidential one, which has none either.
    """

    source: str  # file name or URL, for messages
    dimensions: tuple[Dimension, ...]
    values: tuple[float | None, ...]  # row-major over dimensions, JSON-stat order
    statuses: tuple[str | None, ...]  # benchlearn status per cell: None, "-", ".", ".."
    title: str = ""
    #: what the reader decided that the user should know (a code page it could not trust)
    notes: tuple[Problem, ...] = field(default=(), compare=False)

    @property
    def shape(self) -> tuple[int, ...]:
        """The number of categories of each dimension."""
        return tuple(len(d.categories) for d in self.dimensions)


#: Words in a variable's name that say it holds territories (English, Latvian, Swedish,
#: Finnish, Norwegian), compared without diacritics.
GEO_WORDS = (
    "region",
    "territor",
    "area",
    "municipal",
    "kommun",
    "novad",
    "pasvaldib",
    "teritorij",
    "teritorial",
    "county",
    "lan",
    "alue",
    "kunta",
    "fylke",
    "geo",
)
#: Words that say a variable holds the time.
TIME_WORDS = (
    "time",
    "year",
    "period",
    "tid",
    "ar",
    "gads",
    "gadi",
    "laiks",
    "laika",
    "vuosi",
    "aar",
)


def plain(text: str) -> str:
    """Text without case and diacritics, as names are compared: "Ādažu" → "adazu"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def shown(category: Category) -> str:
    """A category as messages name it: its label, after its code where the label lacks it."""
    if category.label.startswith(category.code):
        return category.label
    return f"{category.code} ({category.label})"


def guess_role(code: str, label: str) -> Role:
    """A variable's role from its code or label, for formats that do not declare one.

    The first word of the code or the label decides the time ("Time period",
    "Tid", "Gads": "Age in years" is no time); any word the territory
    ("Territorial unit", "region", "kommun").
    """
    names = [re.findall(r"[a-z]+", plain(text)) for text in (code, label)]
    firsts = [words[0] for words in names if words]
    if any(_starts(word, TIME_WORDS) for word in firsts):
        return "time"
    if any(_starts(word, GEO_WORDS) for words in names for word in words):
        return "geo"
    return "other"


def _starts(word: str, stems: tuple[str, ...]) -> bool:
    """A word is one of ``stems``, or starts with one longer than three letters."""
    return any(word == stem or (len(stem) > 3 and word.startswith(stem)) for stem in stems)


def symbol_status(text: str, declared: dict[str, str] | None = None) -> str | None:
    """The benchlearn status a cell's text stands for, or None if it is not a symbol.

    ``declared`` maps a file's own symbols (PC-Axis ``DATASYMBOL1``…) to statuses.
    """
    text = text.strip().strip('"').strip()
    if declared and text in declared:
        return declared[text]
    return SYMBOL_STATUS.get(text)


#: Why a cell's text is no number, as the statistics catalogue says it (with the cell's number).
NOT_NUMBER_KEYS = {
    "grouped": "stat_cell_grouping",
    "too_large": "stat_cell_too_large",
    "other": "stat_not_number",
}


def cell_number(text: str) -> float | str:
    """The number a cell writes, or why it is none: ``grouped`` (digit groups such as
    ``1 000`` or ``1_000``), ``too_large`` (beyond a float) or ``other``."""
    if re.fullmatch(NUMBER, text):
        number = float(text)
        return number + 0.0 if math.isfinite(number) else "too_large"
    return "grouped" if re.fullmatch(GROUPED, text) else "other"


def cell_problem(
    source: str,
    text: str,
    why: str,
    cell: int,
    *,
    row: int | None = None,
    column: str | None = None,
) -> Problem:
    """The problem of cell number ``cell`` (from 1) whose ``text`` is no number for ``why``."""
    values = {"text": shortened_text(text), "cell": cell}
    return Problem.of(source, NOT_NUMBER_KEYS[why], values, row=row, column=column)


def shortened_text(text: str, limit: int = 40) -> str:
    """A file's text as a message quotes it: its start when it is long."""
    return text if len(text) <= limit else text[:limit] + "…"


def duplicate_categories(
    dimensions: tuple[Dimension, ...] | list[Dimension],
) -> list[tuple[str, str]]:
    """(dimension, category code) of each code a dimension lists a second time: two cells
    would claim one key, and which one is meant cannot be known."""
    found = []
    for dimension in dimensions:
        seen: set[str] = set()
        for category in dimension.categories:
            if category.code in seen:
                found.append((dimension.code, category.code))
            seen.add(category.code)
    return found


def bounded_size(shape: list[int] | tuple[int, ...], limit: int) -> int | None:
    """The number of cells of a cube of ``shape``, or None when it passes ``limit``: computed
    without building the product of thousands of dimensions a hostile file may declare."""
    size = 1
    for count in shape:
        size *= count
        if size > limit:
            return None
    return size
