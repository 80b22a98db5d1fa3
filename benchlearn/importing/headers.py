"""The header of a value file: its shape, its known columns, and what is refused in it.

A long file has the columns ``municipality, indicator, year, value`` and may
have ``status``, ``name``, ``visibility`` and the uncertainty ``se`` or ``ci_low`` and
``ci_high`` (:mod:`.uncertainty`); any other column is refused with its name, since
dropping it would lose what it says (a ``stat`` column meant to mark values
confidential would leave them public). A known name written in another case or
with spaces around it (``Status``, `` value ``) is read as that name when no
other column could be meant, and the import says so; when two columns could be
meant, neither is guessed. A wide file has a ``municipality`` column, a
``year`` column (or ``--year``), optionally ``name``, and one column per
indicator code. A header of more than :data:`MAX_COLUMNS` columns is refused at
once: no value file is that wide, and checking a million names costs minutes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection

from benchlearn.errors import Problem
from benchlearn.messages import LANGUAGES, number, phrase, say

STATUS_CODES = {"-": "missing", ".": "not applicable", "..": "confidential"}
LONG_COLUMNS = ("municipality", "indicator", "year", "value")
#: Columns a long file may have besides :data:`LONG_COLUMNS`.
LONG_OPTIONAL = ("status", "name", "visibility", "se", "ci_low", "ci_high")
#: Names the readers know in any shape; others are indicator codes (wide) or refused (long).
KNOWN_COLUMNS = (*LONG_COLUMNS, *LONG_OPTIONAL)
#: The widest header read: Excel's own limit (column XFD).
MAX_COLUMNS = 16_384
#: Texts longer than this are shortened in messages.
LONGEST_QUOTED = 40


def shortened(text: str) -> str | dict[str, str]:
    """A cell's text as a message quotes it: a very long one by its start and its length.

    A 100,000-character code would otherwise fill the screen; the result is the
    text itself, or its start and length in every language.
    """
    if len(text) <= LONGEST_QUOTED:
        return text
    start = text[:LONGEST_QUOTED]
    return {
        lang: say("imp_long_text", lang, {"start": start, "count": number(len(text), lang, 0)})
        for lang in LANGUAGES
    }


def too_wide(file: str, width: int) -> list[Problem]:
    """The problem of a header wider than :data:`MAX_COLUMNS` (none when it is not)."""
    if width <= MAX_COLUMNS:
        return []
    values = {
        "count": {lang: number(width, lang, 0) for lang in LANGUAGES},
        "most": {lang: number(MAX_COLUMNS, lang, 0) for lang in LANGUAGES},
    }
    return [Problem.of(file, "imp_too_many_columns", values, row=1)]


def forgiven(
    file: str, raw: list[str], header: list[str], mapped: Collection[int]
) -> tuple[list[str], list[Problem]]:
    """Known column names written in another case or with spaces, read as the known name.

    ``raw``: the header cells as the file writes them; ``header``: the same with
    runs of spaces made one (and ``--map`` applied: ``mapped`` holds the
    positions it renamed, which are left alone). A name is read as a known one
    only when no other column of the header is, or could be, that name. Returns
    the header and a note naming every name read so, for the import to show.
    """
    meant: dict[str, list[int]] = {}
    for index, name in enumerate(header):
        folded = name.casefold()
        if index not in mapped and folded in KNOWN_COLUMNS:
            meant.setdefault(folded, []).append(index)
    renamed = list(header)
    read_as: list[tuple[str, str]] = []
    for known, indexes in meant.items():
        if len(indexes) != 1:
            continue  # two columns could be meant: neither is guessed
        index = indexes[0]
        written = raw[index] if index < len(raw) else header[index]
        if written != known:
            renamed[index] = known
            read_as.append((written, known))
    if not read_as:
        return renamed, []
    columns = {
        "en": ", ".join(f"{written!r} → {known}" for written, known in read_as),
        "lv": ", ".join(f"„{written}” → {known}" for written, known in read_as),
    }
    return renamed, [Problem.of(file, "imp_columns_read_as", {"columns": columns}, row=1)]


def header_problems(file: str, header: list[str], year: int | None) -> tuple[str, list[Problem]]:
    """Decide long or wide shape from the header; report what is missing or unknown."""
    wide = too_wide(file, len(header))
    if wide:
        return "wide", wide
    counts = Counter(header)
    problems = [
        Problem.of(file, "imp_column_twice", {"column": shortened(h)}, row=1)
        for h in sorted(h for h, count in counts.items() if count > 1)
    ]
    if "indicator" in header or "value" in header:
        missing = [c for c in LONG_COLUMNS if c not in header]
        if year is not None and missing == ["year"]:
            missing = []
        problems += [Problem.of(file, "imp_no_column", {"column": c}, row=1) for c in missing]
        known = ", ".join(KNOWN_COLUMNS)
        problems += [
            Problem.of(file, "imp_unknown_column", {"column": shortened(h), "known": known}, row=1)
            for h in dict.fromkeys(header)
            if h not in KNOWN_COLUMNS
        ]
        return "long", problems
    if "municipality" not in header:
        problems.append(Problem.of(file, "imp_header_shape", shapes(), row=1))
    if "year" not in header and year is None:
        problems.append(Problem.of(file, "imp_no_year_column", row=1))
    return "wide", problems


def shapes() -> dict[str, object]:
    """The two headers a table of values may have, for a message that names them."""
    wide = {
        lang: f"municipality,year,{text}" for lang, text in phrase("imp_indicator_codes").items()
    }
    return {"long": "municipality,indicator,year,value", "wide": wide}


def column_letter(index: int) -> str:
    """The spreadsheet letter of a 0-based column: 0 is A, 26 is AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters
