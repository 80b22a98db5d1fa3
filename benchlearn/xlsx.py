"""Plain tables as an XLSX workbook, the bytes xlsxwriter writes, written directly.

Why by hand: a site gives every page a workbook of its tables (300 a network), and
xlsxwriter spent about 4 ms on each, most of it in a Python call per cell and per XML
tag while packaging; these workbooks are only texts and numbers under a bold header,
so their worksheets and shared strings are written here by joining strings, in a
fraction of that. Everything else in the package (content types, relationships, the
workbook part, styles, theme, document properties) is taken from xlsxwriter itself: it
writes a prototype with the same sheet names once (which also checks the names as it
always did), and the parts are kept per set of names. The worksheets and shared strings
follow xlsxwriter's rules: its shared-string order, its escapes (``_xHHHH_`` for control
characters), its number format, its row spans in blocks of 16 rows, its column widths
in pixels. ``tests/test_xlsx.py`` writes tables both ways and compares every part.

:func:`workbook_bytes` returns None for what it does not write the same way (a text over
16,383 characters, which xlsxwriter measures in UTF-16 and cuts; one xlsxwriter reads as
rich text; an infinite number, which it refuses; a row wider than its header; a sheet
without columns), and the caller hands those to xlsxwriter.
"""

from __future__ import annotations

import functools
import io
import math
import re
import zipfile
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

#: The XML declaration every part starts with.
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#: What the written parts may hold as they are: a longer text, or one xlsxwriter reads as
#: rich text, goes to xlsxwriter.
_LONGEST = 16383
_ESCAPED = re.compile("(_x[0-9a-fA-F]{4}_)")
_CONTROL = re.compile(r"([\x00-\x08\x0b-\x1f])")
_MARKUP = re.compile("[&<>]")
_EDGE_SPACE = re.compile(r"^\s|\s$")
_CREATED = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
#: Excel's column width in characters to pixels, Calibri 11 (as xlsxwriter converts).
_DIGIT, _PADDING = 7, 5

#: A sheet: its name (None: xlsxwriter's SheetN), its column names, its rows (a cell is
#: None for no cell, a bool, a number or a text) and its columns' widths in characters.
Sheet = tuple[str | None, Sequence[str], Sequence[Sequence[Any]], Sequence[float]]
#: The most rows a sheet has below its header.
_ROWS = 1048575


def workbook_bytes(sheets: Sequence[Sheet]) -> bytes | None:
    """The workbook of ``sheets``, each with a bold header row frozen above its rows and
    its columns as wide as given; None where a cell is outside what this module writes
    (see the module's note)."""
    names: list[str] = []
    bodies: list[str] = []
    strings: list[str] = []
    index: dict[str, int] = {}
    count = 0
    for number, (name, columns, rows, widths) in enumerate(sheets):
        names.append(name if name is not None else f"Sheet{number + 1}")
        if not columns or len(rows) > _ROWS or any(len(row) > len(columns) for row in rows):
            return None
        cells: list[str] = []
        row_parts: list[tuple[int, int, int, str]] = []  # row, first, last column, cells
        for r, values in enumerate([columns, *rows]):
            cells.clear()
            first = last = -1
            for c, value in enumerate(values):
                if value is None:
                    continue
                reference = f"{_column(c)}{r + 1}"
                style = ' s="1"' if r == 0 else ""
                if isinstance(value, bool):
                    cells.append(f'<c r="{reference}"{style} t="b"><v>{int(value)}</v></c>')
                elif isinstance(value, int | float):
                    if not math.isfinite(value):
                        return None
                    cells.append(f'<c r="{reference}"{style}><v>{value:.16G}</v></c>')
                else:
                    text = value if isinstance(value, str) else str(value)
                    if len(text) > _LONGEST or (text.startswith("<r>") and text.endswith("</r>")):
                        return None
                    found = index.get(text)
                    if found is None:
                        found = index[text] = len(strings)
                        strings.append(text)
                    count += 1
                    cells.append(f'<c r="{reference}"{style} t="s"><v>{found}</v></c>')
                first = c if first < 0 else first
                last = c
            if cells:
                row_parts.append((r, first, last, "".join(cells)))
        bodies.append(_worksheet(row_parts, len(columns), widths, number == 0))
    parts = _prototype(tuple(names))
    package = io.BytesIO()
    with zipfile.ZipFile(package, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for part, content in parts:
            if part == "worksheets":
                for number, body in enumerate(bodies, start=1):
                    _store(archive, f"xl/worksheets/sheet{number}.xml", body)
            elif part == "xl/sharedStrings.xml":
                _store(archive, part, _shared_strings(strings, count))
            elif part == "docProps/core.xml":
                now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
                _store(archive, part, _CREATED.sub(now, content))
            else:
                _store(archive, part, content)
    return package.getvalue()


def _store(archive: zipfile.ZipFile, name: str, content: str) -> None:
    info = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, content.encode("utf-8"))


def _worksheet(
    rows: list[tuple[int, int, int, str]], columns: int, widths: Sequence[float], first: bool
) -> str:
    """A worksheet's XML: dimension, the frozen header's view, column widths, the rows with
    their spans (the columns used in each block of 16 rows), the page margins."""
    last_row = rows[-1][0]
    low = min(first_column for _, first_column, _, _ in rows)
    high = max(last_column for _, _, last_column, _ in rows)
    if last_row == 0 and low == high:
        dimension = f"{_column(low)}1"
    else:
        dimension = f"{_column(low)}1:{_column(high)}{last_row + 1}"
    spans: dict[int, tuple[int, int]] = {}
    for r, first_column, last_column, _ in rows:
        block = spans.get(r // 16)
        spans[r // 16] = (
            (first_column, last_column)
            if block is None
            else (min(block[0], first_column), max(block[1], last_column))
        )
    selected = ' tabSelected="1"' if first else ""
    parts = [
        _HEAD,
        f'<worksheet xmlns="{_MAIN}" xmlns:r="{_RELATIONSHIPS}">',
        f'<dimension ref="{dimension}"/>',
        f'<sheetViews><sheetView{selected} workbookViewId="0">'
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        '<selection pane="bottomLeft"/></sheetView></sheetViews>',
        '<sheetFormatPr defaultRowHeight="15"/>',
        _columns(widths[:columns]),
        "<sheetData>",
    ]
    for r, _, _, cells in rows:
        low_span, high_span = spans[r // 16]
        parts.append(f'<row r="{r + 1}" spans="{low_span + 1}:{high_span + 1}">{cells}</row>')
    parts.append(
        '</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" '
        'header="0.3" footer="0.3"/></worksheet>'
    )
    return "".join(parts)


def _columns(widths: Sequence[float]) -> str:
    """The ``<cols>`` element: neighbouring columns of one width in one ``<col>``."""
    found: list[str] = []
    start = 0
    for c in range(1, len(widths) + 1):
        if c < len(widths) and widths[c] == widths[start]:
            continue
        width = widths[start]
        pixels = (
            int(width * _DIGIT + 0.5) + _PADDING
            if width >= 1
            else int(width * (_DIGIT + _PADDING) + 0.5)
        )
        characters = (pixels * 256 // _DIGIT) / 256.0
        found.append(
            f'<col min="{start + 1}" max="{c}" width="{characters:.16g}" customWidth="1"/>'
        )
        start = c
    return "<cols>" + "".join(found) + "</cols>"


def _shared_strings(strings: Sequence[str], count: int) -> str:
    parts = [_HEAD, f'<sst xmlns="{_MAIN}" count="{count}" uniqueCount="{len(strings)}">']
    for text in strings:
        if "_x" in text:
            text = _ESCAPED.sub(r"_x005F\1", text)
        text = _CONTROL.sub(lambda m: f"_x{ord(m.group(1)):04X}_", text)
        text = text.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
        space = ' xml:space="preserve"' if _EDGE_SPACE.search(text) else ""
        if _MARKUP.search(text):
            text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        parts.append(f"<si><t{space}>{text}</t></si>")
    parts.append("</sst>")
    return "".join(parts)


@functools.lru_cache(maxsize=64)
def _column(index: int) -> str:
    """A column's letters: 0 → A, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@functools.lru_cache(maxsize=64)
def _prototype(names: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """Every part xlsxwriter writes for a workbook of sheets ``names`` (a text in each, so
    that it has shared strings), in its order; the worksheets stand as one entry,
    ``worksheets``, where they go. xlsxwriter checks the names as it always did."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    bold = book.add_format({"bold": True})
    for name in names:
        book.add_worksheet(name).write_string(0, 0, "x", bold)
    book.close()
    parts: list[tuple[str, str]] = []
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        for info in archive.infolist():
            if info.filename.startswith("xl/worksheets/"):
                if not parts or parts[-1][0] != "worksheets":
                    parts.append(("worksheets", ""))
            else:
                parts.append((info.filename, archive.read(info).decode("utf-8")))
    return tuple(parts)


__all__ = ["Sheet", "workbook_bytes"]
