"""The figures of a page as files beside it: a CSV and an XLSX workbook.

A reader who wants to work on the numbers gets exactly what the page shows,
not a second computation that could disagree with it: the files are written
from the page's own tables (the cells the template renders), each number read
back from the reader's format ("1 234,5", "12,5 %") to a number, every other
text kept as text. The CSV holds the page's first table (a member's position,
the network's overview, an indicator's ranking) with a UTF-8 byte-order mark,
so Excel shows "Ķekava", and texts that a spreadsheet would run as formulas
quoted, as the CLI writes them (:func:`benchlearn.frames.write_csv`); the
workbook holds every table of the page, one sheet each.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from benchlearn.frames import write_csv, write_tables
from benchlearn.messages import t
from benchlearn.site.cells import NO_VALUE, Cell, Chart

#: A table of a page: its title, its header and its rows of cells.
Table = tuple[str, Sequence[str], Sequence[Sequence[Cell]]]

#: A number at the start of a cell as English and Latvian readers write it (1,234.5 and
#: 1 234,5; a rank "3."), and what follows it.
_LEADING = {
    False: re.compile(r"([+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?|[+-]?\d+(?:\.\d+)?\.?)(?=$|\s|%)(.*)"),
    True: re.compile(
        r"([+-]?\d{1,3}(?:[ \u00a0]\d{3})+(?:,\d+)?|[+-]?\d+(?:,\d+)?\.?)(?=$|\s|%)(.*)"
    ),
}
#: What a sheet's name may not hold (Excel's rule), and its longest.
_SHEET = re.compile(r"[\[\]:*?/\\]")
SHEET_LENGTH = 31


def download_names(page: str) -> tuple[str, str]:
    """The CSV's and the workbook's file names beside a page (``members/LV-016.html`` →
    ``LV-016.csv``, ``LV-016.xlsx``), as the page links them."""
    stem = Path(page).stem
    return f"{stem}.csv", f"{stem}.xlsx"


def page_tables(context: Mapping[str, Any]) -> list[Table]:
    """Every table of a page's context, the page's own first: a member's position, the
    network's overview or an indicator's ranking; then the tables of its charts and its
    learning partners."""
    tables: list[Table] = []
    for header, rows, title in (
        ("position_header", "position", "site_position"),
        ("overview_header", "overview", "site_overview"),
        ("ranking_header", "ranking", "ranking_title"),
    ):
        if rows in context:
            caption = context.get(title) or context["t"](title)
            tables.append((caption, context[header], context[rows]))
    charts = [context.get(key) for key in ("index_chart", "spine", "trend")]
    for chart in [*charts, *context.get("charts", [])]:
        if isinstance(chart, Chart) and chart.rows:
            tables.append((chart.caption, chart.header, chart.rows))
    partners = context.get("partners")
    if context.get("show_partners") and partners and partners[1]:
        tables.append((context["t"]("partners"), partners[0], partners[1]))
    return tables


def figure(text: str, lang: str) -> float | int | str | None:
    """A number cell's text as the number it shows ("1 234,5" in Latvian, "1,234.5" in
    English, "+1,2", a rank "3.") or, where it is not one number ("10 / 43", ".."), the
    text; None where the page shows no value. A unit after the number is left out
    (:func:`split_unit` keeps it)."""
    return split_unit(text, lang)[0]


def split_unit(text: str, lang: str) -> tuple[float | int | str | None, str]:
    """A number cell's number and the unit written after it ("12,5 %" → 12.5, "%";
    "2,65 uz 1000 iedzīvotājiem" → 2.65, "uz 1000 iedzīvotājiem"); a unit starts with a
    letter or a sign such as % or €, so "10 / 43" stays one text."""
    if text in ("", NO_VALUE):
        return None, ""
    # A change as the page marks it ("↓ −0,12", "→ ±0,0", a rank change "−5"): the arrow is
    # the page's colour key, the typographic minus and the ± are how it writes the sign.
    plain = text.strip().lstrip("↑↓→").strip().replace("\u2212", "-").replace("±", "")
    found = _LEADING[lang == "lv"].match(plain)
    if found is None:
        return text, ""
    number, unit = found.group(1), found.group(2).strip()
    if unit and not (unit[0].isalpha() or unit[0] in "%€$£"):
        return text, ""
    bare = number.replace("\u00a0", "").replace(" ", "")
    bare = bare.replace(",", ".") if lang == "lv" else bare.replace(",", "")
    bare = bare.removesuffix(".")
    return (float(bare) if "." in bare else int(bare)), unit


def table_values(
    header: Sequence[str], rows: Sequence[Sequence[Cell]], lang: str
) -> tuple[list[str], list[list[Any]]]:
    """A page's table as the downloads hold it: the column names, its header and beside each
    column whose cells carry a code (a member's or an indicator's code, a rank in small
    type) a column of those, and beside each number column with units written after the
    numbers a column of the units; and the rows, a number cell as its number, every other
    cell as its text, no value as None."""
    width = len(header)
    cells = [[row[i] if i < len(row) else Cell("") for i in range(width)] for row in rows]
    split = [[split_unit(c.text, lang) if c.numeric else (c.text or None, "") for c in row]
             for row in cells]  # fmt: skip
    coded = [any(row[i].code for row in cells) for i in range(width)]
    units = [any(row[i][1] for row in split) for i in range(width)]
    names: list[str] = []
    for i, name in enumerate(header):
        names.append(str(name))
        if units[i]:
            names.append(f"{name}: {t('unit', lang).lower()}")
        if coded[i]:
            numeric = next(row[i].numeric for row in cells if row[i].code)
            names.append(f"{name}: {t('rank' if numeric else 'code', lang).lower()}")
    values = []
    for row, parts in zip(cells, split, strict=True):
        record: list[Any] = []
        for i, (cell, (value, unit)) in enumerate(zip(row, parts, strict=True)):
            record.append(value)
            if units[i]:
                record.append(unit or None)
            if coded[i]:
                code = cell.code or None
                record.append(figure(code, lang) if code and cell.numeric else code)
        values.append(record)
    return _unique(names), values


def write_downloads(
    page: Path, tables: Sequence[Table], lang: str, kinds: Sequence[str] = ("csv", "xlsx")
) -> int:
    """Write a page's CSV (its first table) and workbook (every table) beside it, or only
    the ``kinds`` asked for (the server writes the one a reader downloads); their size in
    bytes (nothing is written for a page without tables)."""
    if not tables:
        return 0
    csv_name, xlsx_name = download_names(page.name)
    found = [(title, *table_values(header, rows, lang)) for title, header, rows in tables]
    if "csv" in kinds:
        write_csv(found[0][1], found[0][2], page.with_name(csv_name))
    if "xlsx" not in kinds:
        return page.with_name(csv_name).stat().st_size
    sheets = _unique([_SHEET.sub(" ", title)[:SHEET_LENGTH].strip() for title, _, _ in found], 26)
    tables_of = [
        (sheet, names, values) for sheet, (_, names, values) in zip(sheets, found, strict=True)
    ]
    write_tables(tables_of, page.with_name(xlsx_name))
    written = [page.with_name(name) for name in (csv_name, xlsx_name)]
    return sum(path.stat().st_size for path in written if path.exists())


def _unique(names: Sequence[str], keep: int | None = None) -> list[str]:
    """``names`` with a repeated one numbered (" (2)"), cut to ``keep`` characters first;
    repeated regardless of case, as Excel compares sheet names."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        count = seen[name.casefold()] = seen.get(name.casefold(), 0) + 1
        base = name if keep is None else name[:keep].rstrip()
        out.append(name if count == 1 else f"{base} ({count})")
    return out


__all__ = [
    "download_names",
    "figure",
    "page_tables",
    "table_values",
    "write_downloads",
]
