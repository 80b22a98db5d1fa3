"""The plan form: one XLSX per member to write its plan in Excel, signed like the monitoring forms.

A facilitator sends each member a form (``benchlearn forms make --plans``) with
the plan's fields (titles, descriptions, years, partners) and one row per
indicator of the network, showing the member's latest value that may be shown,
with a cell for the target and its year. Every other cell is locked. A hidden
sheet holds the form's key (network, year, municipality, the row of every field
and indicator) signed with HMAC-SHA256 under this database's secret
(:mod:`benchlearn.importing.signing`), so a form edited by hand, forged for
another member or made by another database is refused with the reason.
``benchlearn plans import`` reads a returned form as a plan, each problem
named by its file, row and column; the baselines are read when it is stored.
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine

from benchlearn.definitions import Definitions, NetworkDefinition
from benchlearn.definitions.model import freeze
from benchlearn.errors import BenchlearnError, Problem, ValidationError
from benchlearn.importing.forms import form_file_names, form_members
from benchlearn.importing.headers import column_letter
from benchlearn.importing.signing import SigningKey, current_key, signing_keys, verify
from benchlearn.importing.tables import cell_text
from benchlearn.messages import t
from benchlearn.outputs import whole_files
from benchlearn.plans.files import read_plan_file
from benchlearn.plans.model import (
    EARLIEST,
    LATEST,
    Place,
    PlanDraft,
    TargetDraft,
    parse_number,
    parse_sources,
    parse_year,
    texts,
)
from benchlearn.registry.municipalities import municipality_names
from benchlearn.values import values

#: The hidden sheet of a plan form (not a monitoring form's, so `import` never takes it for one).
PLAN_KEY_SHEET = "_benchlearn_plan"
PLAN_FORM_VERSION = 1
#: The plan's fields, in the order of the form's rows (column B holds the answer).
FIELDS = ("title", "title_lv", "description", "description_lv", "start", "end", "learned_from")
FIRST_FIELD_ROW = 6  # 1-based
#: The indicator table: its header row, and its columns (1-based) for the target and its year.
HEADER_ROW = FIRST_FIELD_ROW + len(FIELDS) + 2
TARGET_COLUMN, YEAR_COLUMN = 6, 7


@dataclass(frozen=True)
class PlanFormKey:
    """What a plan form is for, and the row of each field and indicator (1-based)."""

    network: str
    year: int
    municipality: str
    fields: tuple[tuple[str, int], ...]
    rows: tuple[tuple[str, int], ...]
    version: int = PLAN_FORM_VERSION

    def canonical(self) -> str:
        data = {
            "network": self.network,
            "year": self.year,
            "municipality": self.municipality,
            "fields": [list(f) for f in self.fields],
            "rows": [list(r) for r in self.rows],
            "version": self.version,
        }
        return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))

    def signed_text(self) -> str:
        return f"benchlearn-plan-form\n{self.canonical()}"


def make_plan_forms(
    connection: Connection,
    network: str,
    year: int,
    out: str | Path,
    *,
    municipalities: Sequence[str] | None = None,
    contact: str | None = None,
    lang: str = "lv",
) -> list[Path]:
    """Write one plan form per member valid in ``year`` (or per one of ``municipalities``),
    all or none; return their paths."""
    definitions, chosen, wanted = form_members(connection, network, year, municipalities)
    codes = [c for c in chosen.indicator_codes if definitions.indicators[c].ranked]
    found = values(connection, definitions, codes, range(year - 5, year + 1), wanted)
    shown = found[found["status"].isna() & found["value"].notna()].sort_values("year")
    latest = shown.groupby(["municipality", "indicator"], as_index=False).last()
    held: dict[str, dict[str, tuple[float, int]]] = {}
    columns = [latest[c].tolist() for c in ("municipality", "indicator", "value", "year")]
    for place, ind, value, year_of in zip(*columns, strict=True):
        held.setdefault(str(place), {})[str(ind)] = (float(value), int(year_of))
    signer = current_key(signing_keys(connection))
    names = municipality_names(connection)
    files = form_file_names(f"{network}-plan", year, {m: names.get(m) for m in wanted})
    folder = Path(out)
    with whole_files(folder) as partial:
        for code in wanted:
            buffer = io.BytesIO()
            _form_book(buffer, definitions, chosen, year, code, names.get(code) or code,
                       codes, held.get(code, {}), contact, lang, signer)  # fmt: skip
            (partial / files[code]).write_bytes(buffer.getvalue())
    return [folder / files[code] for code in wanted]


def _form_book(
    buffer: io.BytesIO,
    definitions: Definitions,
    network: NetworkDefinition,
    year: int,
    municipality: str,
    name: str,
    codes: list[str],
    latest: dict[str, tuple[float, int]],
    contact: str | None,
    lang: str,
    signer: SigningKey,
) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(buffer, {"strings_to_formulas": False, "strings_to_urls": False})
    try:
        ws = book.add_worksheet(t("plan_form_sheet", lang))
        bold = book.add_format({"bold": True, "valign": "top", "text_wrap": True})
        title = book.add_format({"bold": True, "font_size": 14, "font_color": "#1F4E78"})
        wrap = book.add_format({"text_wrap": True, "valign": "top"})
        header = book.add_format({"bold": True, "bg_color": "#1F4E78", "font_color": "white",
                                  "text_wrap": True, "valign": "top", "border": 1})  # fmt: skip
        unlocked = book.add_format(
            {"locked": False, "bg_color": "#FFF2CC", "border": 1, "text_wrap": True}
        )
        number = book.add_format({"num_format": "#,##0.###", "valign": "top"})
        top = book.add_format({"valign": "top"})
        ws.write_string(0, 0, t("plan_form_heading", lang, network=network.label(lang)), title)
        cover = (("form_network", network.code, network.label(lang)),
                 ("form_municipality", municipality, name),
                 ("form_year", str(year), ""), ("form_contact", contact or "", ""))  # fmt: skip
        for i, (label, value, beside) in enumerate(cover, start=1):
            ws.write_string(i, 0, t(label, lang), bold)
            ws.write_string(i, 1, value)
            if beside:
                ws.write_string(i, 2, beside)
        fields = []
        for i, field in enumerate(FIELDS):
            row = FIRST_FIELD_ROW - 1 + i
            ws.write_string(row, 0, t(f"plan_form_{field}", lang), bold)
            ws.merge_range(row, 1, row, YEAR_COLUMN - 1, "", unlocked)
            if field in ("description", "description_lv"):
                ws.set_row(row, 60)
            elif field == "learned_from":
                ws.set_row(row, 30)
            if field in ("start", "end"):
                ws.data_validation(row, 1, row, 1, _whole_years(lang))
            fields.append((field, row + 1))
        ws.set_row(HEADER_ROW - 2, 30)
        ws.merge_range(HEADER_ROW - 2, 0, HEADER_ROW - 2, YEAR_COLUMN - 1,
                       t("plan_form_help", lang), wrap)  # fmt: skip
        labels = ["plan_form_code", "plan_form_indicator", "plan_form_unit", "plan_form_latest",
                  "plan_form_latest_year", "plan_form_target", "plan_form_target_year"]  # fmt: skip
        ws.set_row(HEADER_ROW - 1, 30)
        for col, label in enumerate(labels):
            ws.write_string(HEADER_ROW - 1, col, t(label, lang), header)
        rows = []
        for i, code in enumerate(codes):
            row = HEADER_ROW + i  # 0-based: the row below the header
            ind = definitions.indicators[code]
            lines = max(2, len(ind.label(lang)) // 40 + 1, len(ind.unit_label(lang)) // 14 + 1)
            ws.set_row(row, 15 * lines)
            ws.write_string(row, 0, code, wrap)
            ws.write_string(row, 1, ind.label(lang), wrap)
            ws.write_string(row, 2, ind.unit_label(lang), wrap)
            if code in latest:
                ws.write_number(row, 3, latest[code][0], number)
                ws.write_number(row, 4, latest[code][1], top)
            ws.write_blank(row, TARGET_COLUMN - 1, None, unlocked)
            ws.write_blank(row, YEAR_COLUMN - 1, None, unlocked)
            ws.data_validation(row, TARGET_COLUMN - 1, row, TARGET_COLUMN - 1, {
                "validate": "decimal", "criteria": "between", "minimum": -1e15, "maximum": 1e15,
                "error_message": t("plan_form_number", lang)})  # fmt: skip
            ws.data_validation(row, YEAR_COLUMN - 1, row, YEAR_COLUMN - 1, _whole_years(lang))
            rows.append((code, row + 1))
        ws.set_column(0, 0, 32)
        ws.set_column(1, 1, 36)
        ws.set_column(2, 2, 14)
        ws.set_column(3, YEAR_COLUMN - 1, 12)
        ws.protect("", {"select_locked_cells": True, "select_unlocked_cells": True})
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        key = PlanFormKey(network.code, year, municipality, tuple(fields), tuple(rows))
        hidden = book.add_worksheet(PLAN_KEY_SHEET)
        hidden.write_string(0, 0, "key")
        hidden.write_string(0, 1, key.canonical())
        hidden.write_string(1, 0, "signature")
        hidden.write_string(1, 1, f"{signer.key_id}:{signer.sign(key.signed_text())}")
        hidden.protect()
        hidden.very_hidden()
    finally:
        book.close()


def _whole_years(lang: str) -> dict[str, Any]:
    return {"validate": "integer", "criteria": "between", "minimum": EARLIEST,
            "maximum": LATEST, "error_message": t("plan_form_year_help", lang)}  # fmt: skip


def is_plan_form(path: Path) -> bool:
    """True for an .xlsx that carries a plan form's key."""
    from benchlearn.importing.returned_forms import has_sheet

    return has_sheet(path, PLAN_KEY_SHEET)


def read_plan_form(path: Path, keys: Sequence[SigningKey]) -> PlanDraft:
    """The plan a returned form holds, its signature verified with ``keys``; a form not signed
    by this database, or with a changed key or cover, is refused, and every problem of its
    cells is named by row and column."""
    from openpyxl import load_workbook

    file = str(path)
    book = load_workbook(path, data_only=True)
    try:
        hidden = book[PLAN_KEY_SHEET]
        try:
            raw = json.loads(str(hidden["B1"].value))
            key = PlanFormKey(
                str(raw["network"]), int(raw["year"]), str(raw["municipality"]),
                tuple((str(f), int(r)) for f, r in raw["fields"]),
                tuple((str(c), int(r)) for c, r in raw["rows"]), int(raw["version"]),
            )  # fmt: skip
        except (KeyError, TypeError, ValueError, json.JSONDecodeError):
            raise BenchlearnError.of("form_key_unreadable", {"file": file}) from None
        key_id, _, signature = str(hidden["B2"].value).partition(":")
        refused = verify(keys, key_id, key.signed_text(), signature)
        if refused:
            raise BenchlearnError.of(refused, {"file": file})
        sheet = next(ws for ws in book.worksheets if ws.title != PLAN_KEY_SHEET)
        if (cell_text(sheet["B2"].value), cell_text(sheet["B3"].value)) != (
            key.network, key.municipality,
        ):  # fmt: skip
            raise BenchlearnError.of("plan_form_cover_changed", {"file": file})
        cells = {f: cell_text(sheet.cell(r, 2).value) for f, r in key.fields}
        places = {f: Place(file, r, column_letter(1)) for f, r in key.fields}
        problems: list[Problem] = []
        years = {f: parse_year(cells[f], places[f], problems) if cells[f] else None
                 for f in ("start", "end")}  # fmt: skip
        for f in ("start", "end"):
            if not cells[f]:
                problems.append(places[f].problem("plan_form_no_year"))
        sources = parse_sources(cells["learned_from"], places["learned_from"], problems)
        targets = []
        for code, row in key.rows:
            aim = cell_text(sheet.cell(row, TARGET_COLUMN).value)
            when = cell_text(sheet.cell(row, YEAR_COLUMN).value)
            target_place = Place(file, row, column_letter(TARGET_COLUMN - 1))
            year_place = Place(file, row, column_letter(YEAR_COLUMN - 1))
            if not aim:
                if when:
                    problems.append(year_place.problem("plan_no_target_value"))
                continue
            value = parse_number(aim, target_place, problems)
            year = parse_year(when, year_place, problems) if when else None
            if value is not None:
                targets.append(TargetDraft(code, value, year, None, target_place))
    finally:
        book.close()
    if problems:
        raise ValidationError(problems, key="plan_file_refused", values={"file": file})
    return PlanDraft(
        municipality=key.municipality,
        network=key.network,
        title=texts(cells["title"], cells["title_lv"]),
        description=texts(cells["description"], cells["description_lv"]),
        start=years["start"] or 0,
        end=years["end"] or 0,
        targets=tuple(targets),
        sources=sources,
        places=freeze(
            {
                "title": places["title"],
                "description": places["description"],
                "start": places["start"],
                "end": places["end"],
                "municipality": Place(file, 3, "B"),
                "network": Place(file, 2, "B"),
                "status": Place(file),
            }
        ),  # fmt: skip
    )


def read_plans(engine: Engine, path: Path) -> tuple[PlanDraft, ...]:
    """The plans of a file: a returned plan form (verified with this database's secrets), or a
    CSV, XLSX or YAML plan file (:func:`benchlearn.plans.files.read_plan_file`)."""
    if is_plan_form(path):
        with engine.connect() as connection:
            keys = signing_keys(connection)
        return (read_plan_form(path, keys),)
    return read_plan_file(path)
