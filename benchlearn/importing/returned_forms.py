"""Returned monitoring forms: read back, their signature verified, checked before import.

A form (:mod:`benchlearn.importing.forms`) comes back filled in Excel or
LibreOffice. :func:`read_form` believes nothing it has not checked, in this
order: the hidden key and its HMAC signature under one of this database's
secrets (:mod:`.signing`); the header row, so that a column inserted or deleted
is refused before a value is read from the wrong place (:mod:`.form_sheet`); the
cover (network, year, municipality); each indicator's row; then the answers,
formulas read as their saved results. :func:`check_form_context` then asks the
database whether the form still fits: the network, the year, the membership,
the indicators asked.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection

from benchlearn.definitions.store import stored_definitions
from benchlearn.errors import BenchlearnError, Problem, ValidationError
from benchlearn.importing.form_sheet import (
    HEADER_ROW,
    FormCells,
    cell_text,
    check_columns,
    code_moved_along_row,
    column_letter,
)
from benchlearn.importing.forms import FORM_VERSION, KEY_SHEET, FormKey, yes_no_words
from benchlearn.importing.matrix_form import CODE_OFFSET, read_level
from benchlearn.importing.signing import SigningKey, verify
from benchlearn.messages import LANGUAGES, phrase, t
from benchlearn.registry.municipalities import network_members
from benchlearn.rules import asked_indicators

if TYPE_CHECKING:
    import pandas as pd


def is_form(path: Path) -> bool:
    """True for an .xlsx that carries a benchlearn form key."""
    return has_sheet(path, KEY_SHEET)


def has_sheet(path: Path, sheet: str) -> bool:
    """True for an .xlsx or .xlsm with a sheet named ``sheet`` (a form's hidden key sheet);
    False for anything else, an unreadable file too: its reader says what is wrong."""
    if path.suffix.lower() not in {".xlsx", ".xlsm"}:
        return False
    try:
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True)
    except Exception:  # not a readable workbook: the reader says so
        return False
    try:
        return sheet in book.sheetnames
    finally:
        book.close()


@dataclass(frozen=True)
class FilledForm:
    """A returned form: its key and its answers as long rows for the importer."""

    key: FormKey
    path: Path
    frame: pd.DataFrame  # municipality, indicator, year, value, status, row, value_column
    filled: int
    total: int
    problems: list[Problem] = field(default_factory=list)


def read_form(path: str | Path, keys: Sequence[SigningKey]) -> FilledForm:
    """Read a returned form, its signature verified with ``keys`` (see :func:`signing_keys`).

    A form not signed by one of ``keys``, a changed key, moved columns or moved rows is
    an error naming the file; a formula whose result was never saved is a problem
    naming its sheet, row and column, all of them listed.
    """
    import pandas as pd
    from openpyxl import load_workbook

    path = Path(path)
    file = str(path)
    book = load_workbook(path)  # formulas as formulas: FormCells reads their results
    try:
        if KEY_SHEET not in book.sheetnames:
            raise BenchlearnError.of("form_not_a_form", {"file": file})
        hidden = book[KEY_SHEET]
        try:
            raw = json.loads(str(hidden["B1"].value))
            key = FormKey(
                network=str(raw["network"]),
                year=int(raw["year"]),
                municipality=str(raw["municipality"]),
                rows=tuple((str(c), int(r)) for c, r in raw["rows"]),
                version=int(raw["version"]),
                columns=tuple(int(c) for c in raw.get("columns", ())),
                header=tuple(str(text) for text in raw.get("header", ())),
            )
            value_col = int(hidden["B3"].value)
        except (KeyError, TypeError, ValueError, json.JSONDecodeError):
            raise BenchlearnError.of("form_key_unreadable", {"file": file}) from None
        if key.version != FORM_VERSION:
            raise BenchlearnError.of("form_unsigned_version", {"file": file})
        key_id, _, signature = str(hidden["B2"].value).partition(":")
        refused = verify(keys, key_id, key.signed_text(value_col), signature)
        if refused:
            raise BenchlearnError.of(refused, {"file": file})
        sheet = next(ws for ws in book.worksheets if ws.title != KEY_SHEET)
        check_columns(sheet, file, _header_expected(key, value_col, sheet.title))
        cover = {
            "network": cell_text(sheet["B2"].value),
            "year": cell_text(sheet["B3"].value),
            "municipality": cell_text(sheet["B4"].value),
        }
        expected = {"network": key.network, "year": str(key.year), "municipality": key.municipality}
        changed = [k for k in cover if cover[k] != expected[k]]
        if changed:
            raise BenchlearnError.of(
                "form_cover_changed",
                {
                    "file": file,
                    "found": _fields(changed, cover),
                    "expected": _fields(changed, expected),
                },
            )
        records = _answers(FormCells(path, sheet), key, value_col, file)
    finally:
        book.close()
    frame = pd.DataFrame(
        records,
        columns=["municipality", "indicator", "year", "value", "status", "row", "value_column"],
    )
    return FilledForm(key, path, frame, len(records), len(key.rows))


def _answers(
    cells: FormCells, key: FormKey, value_col: int, file: str
) -> list[tuple[str, str, str, str, str, int, str]]:
    """The form's filled rows (municipality, indicator, year, value, status, row, column
    heading); moved rows and formulas without a result refused."""
    sheet = cells.sheet
    header = cell_text(sheet.cell(HEADER_ROW, value_col).value) or "value"
    status_header = cell_text(sheet.cell(HEADER_ROW, value_col + 1).value) or "status"
    yes, no = yes_no_words(1), yes_no_words(0)
    records: list[tuple[str, str, str, str, str, int, str]] = []
    try:
        for i, (code, row) in enumerate(key.rows):
            column = key.columns[i] if key.columns else value_col
            place = column + CODE_OFFSET if key.columns else 1
            found = cell_text(sheet.cell(row, place).value)
            if found != code:
                if key.columns and code_moved_along_row(sheet, row, code):
                    moved = {"file": file, "column": column_letter(place)}
                    raise BenchlearnError.of("form_columns_changed", moved)
                raise BenchlearnError.of(
                    "form_row_moved",
                    {
                        "file": file,
                        "row": row,
                        "code": code,
                        "found": found or phrase("form_found_nothing"),
                    },
                )
            if key.columns:  # a matrix: the level's words in the cell, the stage its column
                where = cell_text(sheet.cell(HEADER_ROW, column).value) or header
                value, status = read_level(cells.text(row, column, where))
            else:
                value = cells.text(row, value_col, header)
                folded = value.casefold()
                if folded in yes or folded in no:  # the Jā/Nē drop-down of a yes/no question
                    value = "1" if folded in yes else "0"
                status = cells.text(row, value_col + 1, status_header)
                where = header
            if value or status:
                records.append((key.municipality, code, str(key.year), value, status, row, where))
    finally:
        cells.close()
    if cells.problems:
        raise ValidationError(cells.problems, key="imp_cannot_import", values={"file": file})
    return records


def _header_expected(key: FormKey, value_col: int, title: str) -> dict[int, set[str]]:
    """What each column of the header row must say (1-based column → the texts it may hold).

    A form signs its header row, all of it. One made before it did (issue 23) is still
    accepted, as a rotated key keeps a round in progress going: its code, value and
    status headings (a matrix form's first) are those every such form wrote, in the
    language its sheet's name is in (any language when renamed), so a moved column is
    refused there too.
    """
    if key.header:
        return {column: {text} for column, text in enumerate(key.header, start=1)}
    langs = [lang for lang in LANGUAGES if t("form_sheet", lang) == title] or list(LANGUAGES)
    if key.columns:
        return {1: {t("wb_area", lang) for lang in langs}}
    return {
        1: {t("form_code", lang) for lang in langs},
        value_col: {t("form_value", lang, year=key.year) for lang in langs},
        value_col + 1: {t("form_status", lang) for lang in langs},
    }


def check_form_context(
    connection: Connection, form: FilledForm, year: int | None = None
) -> list[Problem]:
    """Why a form cannot be used here: network, year, membership or indicators changed."""
    file = str(form.path)
    key = form.key
    definitions = stored_definitions(connection)
    if key.network not in definitions.networks:
        return [Problem.of(file, "form_other_network", {"network": key.network})]
    problems = []
    if year is not None and key.year != year:
        problems.append(Problem.of(file, "form_other_year", {"form_year": key.year, "year": year}))
    network = definitions.networks[key.network]
    if key.municipality not in network_members(connection, network, key.year):
        where = {"municipality": key.municipality, "network": key.network, "year": key.year}
        problems.append(Problem.of(file, "form_not_member", where))
    asked = asked_indicators(definitions, network)
    if list(key.indicators) != asked:
        gone = [c for c in key.indicators if c not in asked]
        new = [c for c in asked if c not in key.indicators]
        parts = [phrase("form_no_longer_asked", {"codes": gone})] if gone else []
        parts += [phrase("form_now_asked", {"codes": new})] if new else []
        detail = {
            lang: "; ".join(part[lang] for part in parts) for lang in phrase("form_order_changed")
        }
        if not parts:
            detail = phrase("form_order_changed")
        problems.append(Problem.of(file, "form_indicators_changed", {"detail": detail}))
    return problems


def _fields(names: list[str], cover: dict[str, str]) -> dict[str, str]:
    """Cover fields such as ``network 'T2', year '2023'`` in every language."""
    labels = {name: phrase(f"form_field_{name}") for name in names}
    english = ", ".join(f"{name} {cover[name]!r}" for name in names)
    texts = {
        lang: ", ".join(f"{labels[n][lang]} „{cover[n]}”" for n in names)
        for lang in labels[names[0]]
    }
    return {**texts, "en": english}
