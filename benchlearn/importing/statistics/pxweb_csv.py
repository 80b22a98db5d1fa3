"""PxWeb's CSV exports into a :class:`~.cube.Cube`.

PxWeb's "Comma delimited with heading" export writes a quoted title line, a
blank line, a header with one column per stub variable and then one column
per category of the heading variable (usually the years), and one line per
combination of the stub variables. It has no codes: the categories are their
labels. The heading variable's name is not in the header but ends the title
("… by Indicator, Territorial unit and Time period"); where it is not
there, "Time period" is assumed, because only a time heading can be imported.
Cells are numbers, or symbols (``…`` not yet published, ``..``, ``-``) that
become statuses. The file is UTF-8 (a BOM is allowed); semicolons and tabs
are accepted as delimiters too. Numbers follow the strict rule of value
files (:func:`.cube.cell_number`: ``1 000`` and ``1_000`` are refused, as
are ``NaN`` and ``inf``), and a line whose labels repeat an earlier line's is
refused naming both lines: which of two figures is meant cannot be known.
"""

from __future__ import annotations

import codecs
import csv
import io
import re

from benchlearn.errors import BenchlearnError, Problem, ValidationError
from benchlearn.importing.statistics.cube import (
    Category,
    Cube,
    Dimension,
    cell_number,
    guess_role,
    shortened_text,
    symbol_status,
)

#: The title line, a blank line, then the header: what tells an export from a plain CSV.
_LAYOUT = re.compile(r'^"[^"\r\n]*"[ \t,;]*\r?\n[ \t,;]*\r?\n"')


def is_pxweb_csv(data: bytes) -> bool:
    """Whether the bytes start like a PxWeb CSV export: a quoted title line, then a blank line."""
    head = data[:4000]
    if head.startswith(codecs.BOM_UTF8):
        head = head[len(codecs.BOM_UTF8) :]
    return bool(_LAYOUT.match(head.decode("utf-8", errors="replace")))


def read_pxweb_csv(data: bytes, source: str) -> Cube:
    """A PxWeb CSV export as a cube: the stub columns and one time dimension from the header.

    Raises :class:`~benchlearn.errors.BenchlearnError` when the file is not
    UTF-8 text and :class:`~benchlearn.errors.ValidationError` with every
    problem (naming the line) when it is not laid out as an export.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BenchlearnError.of(
            "stat_cannot_read", {"file": source, "kind": "PxWeb CSV (UTF-8)", "error": str(exc)}
        ) from exc
    if not is_pxweb_csv(data):
        raise _unusable(source, [Problem.of(source, "stat_csv_layout", row=1)])
    lines = text.splitlines()
    title = next(csv.reader([lines[0]]))[0]
    delimiter = max((",", ";", "\t"), key=lines[2].count)
    rows = list(csv.reader(io.StringIO("\n".join(lines[2:])), delimiter=delimiter))
    header = [h.strip() for h in rows[0]]
    periods = _heading_start(header)
    problems: list[Problem] = []
    if periods == 0 or periods == len(header):
        problems.append(Problem.of(source, "stat_csv_header", row=3))
        raise _unusable(source, problems)
    stub = header[:periods]
    heading = Dimension(
        code=_heading_name(title, stub),
        label=_heading_name(title, stub),
        role="time",
        categories=tuple(Category(h, h) for h in header[periods:]),
    )
    labels: list[dict[str, int]] = [{} for _ in stub]
    cells: dict[tuple[int, ...], tuple[float | None, str | None]] = {}
    seen_at: dict[tuple[int, ...], int] = {}
    for number, row in enumerate(rows[1:], start=4):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            problems.append(
                Problem.of(
                    source,
                    "stat_csv_columns",
                    {"count": len(row), "header": len(header)},
                    row=number,
                )
            )
            continue
        key = tuple(labels[i].setdefault(row[i].strip(), len(labels[i])) for i in range(periods))
        first = seen_at.setdefault(key, number)
        if first != number:
            shown = ", ".join(shortened_text(row[i].strip()) for i in range(periods))
            repeated = {"first": first, "labels": shown}
            problems.append(Problem.of(source, "stat_csv_duplicate", repeated, row=number))
            continue
        for offset, cell in enumerate(row[periods:]):
            cells[(*key, offset)] = _cell(cell, source, number, header[periods + offset], problems)
    if problems:
        raise _unusable(source, problems)
    dimensions = [
        Dimension(name, name, guess_role(name, name), tuple(Category(c, c) for c in found))
        for name, found in zip(stub, labels, strict=True)
    ]
    dimensions = [
        d if d.role != "time" else Dimension(d.code, d.label, "other", d.categories)
        for d in dimensions
    ]
    dimensions.append(heading)
    shape = [len(d.categories) for d in dimensions]
    values: list[float | None] = []
    statuses: list[str | None] = []
    for index in _positions(shape):
        value, status = cells.get(index, (None, "-"))
        values.append(value)
        statuses.append(status)
    return Cube(source, tuple(dimensions), tuple(values), tuple(statuses), title)


def _heading_start(header: list[str]) -> int:
    """Where the heading's columns begin: the first of the trailing columns that look like times."""
    start = len(header)
    while start > 0 and re.fullmatch(r"\d{4}(?:[A-Z]\d{0,2})?", header[start - 1]):
        start -= 1
    return start


def _heading_name(title: str, stub: list[str]) -> str:
    """The heading variable's name: the last name the title lists that is not a stub column."""
    _, by, names = title.rpartition(" by ")
    listed = [n.strip() for n in re.split(r",| and ", names)] if by else []
    rest = [n for n in listed if n and n not in stub]
    return rest[-1] if rest else "Time period"


def _cell(
    text: str, source: str, row: int, column: str, problems: list[Problem]
) -> tuple[float | None, str | None]:
    """A cell's number or status; anything else is a problem naming its line and column."""
    text = text.strip()
    if text == "":
        return None, "-"
    status = symbol_status(text)
    if status is not None:
        return None, status
    number = cell_number(text)
    if isinstance(number, str):
        key = _NOT_NUMBER[number]
        values = {"text": shortened_text(text)}
        problems.append(Problem.of(source, key, values, row=row, column=column))
        return None, None
    return number, None


#: Why a cell is no number, as the catalogue says it for a cell named by line and column.
_NOT_NUMBER = {
    "grouped": "imp_not_number_grouping",
    "too_large": "imp_number_too_large",
    "other": "stat_csv_not_number",
}


def _positions(shape: list[int]) -> list[tuple[int, ...]]:
    """Every index of a cube of ``shape``, row-major."""
    found: list[tuple[int, ...]] = [()]
    for size in shape:
        found = [(*index, i) for index in found for i in range(size)]
    return found


def _unusable(source: str, problems: list[Problem]) -> ValidationError:
    return ValidationError(problems, key="stat_cannot_use", values={"file": source})
