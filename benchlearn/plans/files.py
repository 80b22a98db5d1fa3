"""Plan files: CSV, XLSX or YAML read into plan drafts, every problem named by file, row and column.

A table (CSV, or the first visible sheet of an XLSX workbook with content)
has one row per target, with the columns of :data:`COLUMNS`: the rows with the
same municipality, network and titles are one plan, whose other plan columns
are written in its first row and left blank (or repeated) in the next. A
YAML file holds a list ``plans:`` of mappings with the same names, titles and
descriptions as ``{en: ..., lv: ...}``, ``targets:`` a list of ``{indicator,
value, year, baseline_year}`` and ``learned_from:`` a list of ``CODE[:ID]``.
Nothing is read past a problem silently: the reader returns the drafts only
when the whole file is clean, and otherwise raises every problem at once.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from benchlearn.definitions.files import key_marks, load_yaml
from benchlearn.definitions.model import freeze
from benchlearn.errors import BenchlearnError, Problem, ValidationError
from benchlearn.importing.headers import column_letter, shortened
from benchlearn.importing.numbers import NUMBER_OR_DECIMAL_COMMA
from benchlearn.importing.tables import cell_text, unreadable
from benchlearn.importing.xlsx import check_shared_strings
from benchlearn.plans.model import (
    Place,
    PlanDraft,
    SourceDraft,
    TargetDraft,
    parse_number,
    parse_sources,
    parse_year,
    texts,
)

#: The columns of a plan table; the first four are needed, and a title in one language.
COLUMNS = (
    "municipality", "network", "start", "end", "title", "title_lv", "description",
    "description_lv", "status", "indicator", "target", "target_year", "baseline_year",
    "learned_from",
)  # fmt: skip
REQUIRED = COLUMNS[:4]
#: The plan's own columns: the same on every row of the plan (blank after the first).
PLAN_COLUMNS = ("description", "description_lv", "start", "end", "status", "learned_from")
#: The keys of a plan, a target and a source in a YAML file.
PLAN_KEYS = ("municipality", "network", "title", "description", "start", "end", "status",
             "targets", "learned_from")  # fmt: skip
TARGET_KEYS = ("indicator", "value", "year", "baseline_year")
SOURCE_KEYS = ("municipality", "practice")


def read_plan_file(path: Path) -> tuple[PlanDraft, ...]:
    """The plans a CSV, XLSX or YAML file holds, or a :class:`ValidationError` with every
    problem of the file (nothing is returned in part)."""
    suffix = path.suffix.lower()
    if suffix in {".yaml", ".yml"}:
        drafts, problems = _yaml_plans(_text(path), str(path))
    elif suffix in {".csv", ".txt", ".tsv"}:
        rows, decimal_comma = _csv_rows(path)
        drafts, problems = table_plans(rows, str(path), decimal_comma=decimal_comma)
    elif suffix in {".xlsx", ".xlsm"}:
        drafts, problems = table_plans(_xlsx_rows(path), str(path))
    else:
        raise BenchlearnError.of("plan_file_type", {"file": str(path), "suffix": suffix})
    if not drafts and not problems:
        problems = [Problem.of(str(path), "plan_no_plans")]
    if problems:
        raise ValidationError(problems, key="plan_file_refused", values={"file": str(path)})
    return drafts


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise unreadable(str(path), "UTF-8", exc) from exc


def _csv_rows(path: Path) -> tuple[list[list[str]], bool]:
    """The rows of a CSV file as texts, split by the comma, semicolon or tab that splits its
    first line into the most cells; whether it may write decimal commas (not comma-separated)."""
    text = _text(path)
    first = text.split("\n", 1)[0]
    sep = max((",", ";", "\t"), key=lambda s: (len(first.split(s)), s == ","))
    try:
        return [list(r) for r in csv.reader(io.StringIO(text), delimiter=sep)], sep != ","
    except csv.Error as exc:
        raise unreadable(str(path), "CSV", exc) from exc


def _xlsx_rows(path: Path) -> list[list[str]]:
    """The rows of the workbook's first visible sheet with content, as texts."""
    import zipfile

    from openpyxl import load_workbook

    check_shared_strings(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except zipfile.BadZipFile:
        raise BenchlearnError.of("imp_zip_not_xlsx", {"file": str(path)}) from None
    except OSError as exc:
        raise unreadable(str(path), "XLSX", exc) from exc
    except Exception:  # openpyxl raises many types for a zip that is no workbook
        raise BenchlearnError.of("imp_zip_not_xlsx", {"file": str(path)}) from None
    try:
        for sheet in book.worksheets:
            if sheet.sheet_state != "visible":
                continue
            rows = [[cell_text(c) for c in cells] for cells in sheet.iter_rows(values_only=True)]
            if any(any(cell for cell in row) for row in rows):
                return rows
        return []
    finally:
        book.close()


def table_plans(
    rows: list[list[str]], file: str, *, decimal_comma: bool = False
) -> tuple[tuple[PlanDraft, ...], list[Problem]]:
    """Plans from a table's rows (the header first), and the problems found in them.

    Row numbers are a spreadsheet's (the header is row 1); a cell's column is its
    header name. ``decimal_comma``: numbers may be written ``12,5`` (a CSV file
    separated by semicolons or tabs, as Latvian Excel saves it).
    """
    if not rows:
        return (), [Problem.of(file, "imp_no_rows", row=2)]
    header = [" ".join(cell.split()).casefold() for cell in rows[0]]
    while header and not header[-1]:
        header.pop()
    problems = _header_problems(file, header)
    if problems:
        return (), problems
    plans: dict[tuple[str, ...], dict[str, Any]] = {}
    for number, raw in enumerate(rows[1:], start=2):
        cells = {name: (raw[i].strip() if i < len(raw) else "") for i, name in enumerate(header)}
        extra = [i for i in range(len(header), len(raw)) if raw[i].strip()]
        problems += [
            Problem.of(file, "plan_cell_outside", row=number, column=column_letter(i))
            for i in extra
        ]
        if not any(cells.values()):
            continue  # a blank row: formatting, not a plan
        key = tuple(cells.get(c, "") for c in ("municipality", "network", "title", "title_lv"))
        held = plans.get(key)
        if held is None:
            plans[key] = held = {"row": number, "cells": cells, "targets": []}
        else:
            problems += _differences(file, number, held, cells)
        target = _target_of(file, number, cells, problems, decimal_comma)
        if target is not None:
            held["targets"].append(target)
    drafts = []
    for held in plans.values():
        draft = _table_draft(file, held, problems)
        if draft is not None:
            drafts.append(draft)
    return tuple(drafts), problems


def _header_problems(file: str, header: list[str]) -> list[Problem]:
    problems = [
        Problem.of(file, "imp_column_twice", {"column": shortened(name)}, row=1)
        for name in sorted({h for h in header if h and header.count(h) > 1})
    ]
    problems += [
        Problem.of(file, "imp_no_column", {"column": name}, row=1)
        for name in REQUIRED
        if name not in header
    ]
    if "title" not in header and "title_lv" not in header:
        problems.append(Problem.of(file, "imp_no_column", {"column": "title"}, row=1))
    known = ", ".join(COLUMNS)
    problems += [
        Problem.of(
            file,
            "plan_unknown_column",
            {"column": shortened(name) if name else column_letter(i), "known": known},
            row=1,
        )
        for i, name in enumerate(header)
        if name not in COLUMNS
    ]
    return problems


def _differences(
    file: str, number: int, held: dict[str, Any], cells: dict[str, str]
) -> list[Problem]:
    """A later row of a plan that gives one of the plan's own cells another value."""
    first = held["cells"]
    return [
        Problem.of(
            file,
            "plan_cell_differs",
            {"first": held["row"], "text": shortened(cells[c])},
            row=number,
            column=c,
        )  # fmt: skip
        for c in PLAN_COLUMNS
        if cells.get(c) and cells.get(c) != first.get(c)
    ]


def _target_of(
    file: str, number: int, cells: dict[str, str], problems: list[Problem], decimal_comma: bool
) -> TargetDraft | None:
    """The target a row gives (None when it gives none, or has a problem, added)."""
    code = cells.get("indicator", "")
    given = {c: cells.get(c, "") for c in ("target", "target_year", "baseline_year")}
    if not code:
        for column, text in given.items():
            if text:
                problems.append(Problem.of(file, "plan_no_indicator", row=number, column=column))
        return None
    if not given["target"]:
        problems.append(Problem.of(file, "plan_no_target_value", row=number, column="target"))
        return None
    place = Place(file, number, "target")
    written = given["target"]
    if decimal_comma and "." not in written and re.fullmatch(NUMBER_OR_DECIMAL_COMMA, written):
        written = written.replace(",", ".")
    value = parse_number(written, place, problems)
    years = {
        column: parse_year(given[column], Place(file, number, column), problems)
        if given[column]
        else None
        for column in ("target_year", "baseline_year")
    }
    if value is None or any(given[c] and years[c] is None for c in years):
        return None
    return TargetDraft(
        code, value, years["target_year"], years["baseline_year"], Place(file, number, "indicator")
    )


def _table_draft(file: str, held: dict[str, Any], problems: list[Problem]) -> PlanDraft | None:
    """The plan of a table's rows, from the cells of its first row."""
    cells: dict[str, str] = held["cells"]
    row = held["row"]
    places = {
        name: Place(file, row, column)
        for name, column in (("municipality", "municipality"), ("network", "network"),
                             ("title", "title"), ("description", "description"),
                             ("start", "start"), ("end", "end"), ("status", "status"))
    }  # fmt: skip
    found = len(problems)
    for name in ("municipality", "network", "start", "end"):
        if not cells.get(name):
            problems.append(Problem.of(file, "plan_empty_cell", row=row, column=name))
    start = parse_year(cells["start"], places["start"], problems) if cells.get("start") else None
    end = parse_year(cells["end"], places["end"], problems) if cells.get("end") else None
    sources = parse_sources(
        cells.get("learned_from", ""), Place(file, row, "learned_from"), problems
    )
    if len(problems) > found or start is None or end is None:
        return None
    return PlanDraft(
        municipality=cells["municipality"],
        network=cells["network"],
        title=texts(cells.get("title"), cells.get("title_lv")),
        description=texts(cells.get("description"), cells.get("description_lv")),
        start=start,
        end=end,
        status=cells.get("status") or "planned",
        targets=tuple(held["targets"]),
        sources=sources,
        places=freeze(places),
    )


def _yaml_plans(text: str, file: str) -> tuple[tuple[PlanDraft, ...], list[Problem]]:
    """Plans from a YAML file's text, and the problems found in it, each at its key path."""
    data, root, problems = load_yaml(text, file)
    if problems:
        return (), problems
    marks = key_marks(root)

    def place(path: str) -> Place:
        row, _ = marks.get(path, marks.get("$", (1, 1)))
        return Place(file, row, path)

    listed = data.get("plans") if isinstance(data, dict) else data
    top = "plans" if isinstance(data, dict) else "$"
    if isinstance(data, dict) and set(data) - {"plans"}:
        problems += [
            place(str(k)).problem("plan_unknown_key", {"name": str(k), "known": "plans"})
            for k in data
            if k != "plans"
        ]
    if not isinstance(listed, list):
        return (), [*problems, place(top).problem("plan_yaml_shape")]
    drafts = []
    for index, item in enumerate(listed):
        path = f"plans[{index}]" if top == "plans" else f"[{index}]"
        draft = _yaml_draft(item, path, place, problems)
        if draft is not None:
            drafts.append(draft)
    return tuple(drafts), problems


def _yaml_draft(item: object, path: str, place: Any, problems: list[Problem]) -> PlanDraft | None:
    if not isinstance(item, dict):
        problems.append(place(path).problem("plan_yaml_not_mapping"))
        return None
    found = len(problems)
    _unknown_keys(item, path, PLAN_KEYS, place, problems)
    for key in ("municipality", "network", "title", "start", "end"):
        if item.get(key) in (None, ""):
            problems.append(place(path).problem("plan_missing_key", {"name": key}))
    codes = {k: _scalar(item.get(k), f"{path}.{k}", place, problems) for k in
             ("municipality", "network", "status")}  # fmt: skip
    years = {
        k: parse_year(str(item[k]), place(f"{path}.{k}"), problems)
        for k in ("start", "end")
        if item.get(k) not in (None, "")
    }
    title = _texts(item.get("title"), f"{path}.title", place, problems)
    description = _texts(item.get("description"), f"{path}.description", place, problems)
    targets = _yaml_list(item.get("targets"), f"{path}.targets", place, problems)
    sources = _yaml_list(item.get("learned_from"), f"{path}.learned_from", place, problems)
    drafted_targets = [
        t for i, entry in enumerate(targets)
        if (t := _yaml_target(entry, f"{path}.targets[{i}]", place, problems)) is not None
    ]  # fmt: skip
    drafted_sources = [
        s for i, entry in enumerate(sources)
        for s in _yaml_sources(entry, f"{path}.learned_from[{i}]", place, problems)
    ]  # fmt: skip
    if len(problems) > found:
        return None
    places = {k: place(f"{path}.{k}") for k in ("municipality", "network", "title",
              "description", "start", "end", "status")}  # fmt: skip
    return PlanDraft(
        municipality=codes["municipality"] or "",
        network=codes["network"] or "",
        title=title,
        description=description,
        start=years["start"] or 0,
        end=years["end"] or 0,
        status=codes["status"] or "planned",
        targets=tuple(drafted_targets),
        sources=tuple(drafted_sources),
        places=freeze(places),
    )


def _unknown_keys(
    item: Mapping[Any, Any], path: str, known: tuple[str, ...], place: Any, problems: list[Problem]
) -> None:
    problems += [
        place(f"{path}.{k}").problem(
            "plan_unknown_key", {"name": str(k), "known": ", ".join(known)}
        )
        for k in item
        if k not in known
    ]


def _scalar(value: object, path: str, place: Any, problems: list[Problem]) -> str | None:
    """A code or word: a text or a number written as one (None when absent)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        problems.append(place(path).problem("plan_yaml_not_text"))
        return None
    return str(value).strip()


def _texts(value: object, path: str, place: Any, problems: list[Problem]) -> Mapping[str, str]:
    """``{en: ..., lv: ...}`` or one plain text (taken as English, shown in every language
    that has none of its own)."""
    if value is None:
        return freeze({})
    if isinstance(value, str):
        return texts(value, None)
    if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
        _unknown_keys(value, path, ("en", "lv"), place, problems)
        return texts(value.get("en"), value.get("lv"))
    problems.append(place(path).problem("plan_yaml_not_texts"))
    return freeze({})


def _yaml_list(value: object, path: str, place: Any, problems: list[Problem]) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        problems.append(place(path).problem("plan_yaml_not_list"))
        return []
    return value


def _yaml_target(
    entry: object, path: str, place: Any, problems: list[Problem]
) -> TargetDraft | None:
    if not isinstance(entry, dict):
        problems.append(place(path).problem("plan_yaml_not_mapping"))
        return None
    found = len(problems)
    _unknown_keys(entry, path, TARGET_KEYS, place, problems)
    for key in ("indicator", "value"):
        if entry.get(key) in (None, ""):
            problems.append(place(path).problem("plan_missing_key", {"name": key}))
    code = _scalar(entry.get("indicator"), f"{path}.indicator", place, problems)
    value = entry.get("value")
    number = None
    if value not in (None, "") and not isinstance(value, bool):
        number = parse_number(str(value), place(f"{path}.value"), problems)
    elif isinstance(value, bool):
        problems.append(place(f"{path}.value").problem("imp_not_number", {"text": str(value)}))
    years = {
        k: parse_year(str(entry[k]), place(f"{path}.{k}"), problems)
        if entry.get(k) is not None
        else None
        for k in ("year", "baseline_year")
    }
    if len(problems) > found or code is None or number is None:
        return None
    return TargetDraft(code, number, years["year"], years["baseline_year"], place(path))


def _yaml_sources(
    entry: object, path: str, place: Any, problems: list[Problem]
) -> Iterator[SourceDraft]:
    if isinstance(entry, str | int) and not isinstance(entry, bool):
        yield from parse_sources(str(entry), place(path), problems)
        return
    if not isinstance(entry, dict):
        problems.append(place(path).problem("plan_yaml_not_mapping"))
        return
    _unknown_keys(entry, path, SOURCE_KEYS, place, problems)
    code = _scalar(entry.get("municipality"), f"{path}.municipality", place, problems)
    practice = entry.get("practice")
    if not code:
        problems.append(place(path).problem("plan_missing_key", {"name": "municipality"}))
        return
    if practice is not None and (isinstance(practice, bool) or not isinstance(practice, int)):
        problems.append(place(f"{path}.practice").problem("plan_bad_source", {"text": practice}))
        return
    yield replace(SourceDraft(code, practice), place=place(path))
