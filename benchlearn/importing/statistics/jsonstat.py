"""JSON-stat 2.0 datasets (and 1.0 bundles) into a :class:`~.cube.Cube`.

PxWeb answers ``format=json-stat2`` in API v1 and v2 alike; v2 adds an
``extension`` block per dimension and for the dataset, which carries nothing
a value needs, so it is ignored. Roles come from ``role`` (``geo``, ``time``;
``metric`` is an ordinary dimension); a dimension no role names is guessed
from its name (:func:`~.cube.guess_role`) only when no dimension has that role,
as SCB declares ``time`` and ``metric`` but not ``geo``. ``value`` and
``status`` may be lists, one per cell, or objects keyed by the cell's index
(sparse); ``status`` may also be one text for every cell.

Hostile answers: every part is checked for its JSON type before it is used
(a ``role`` or ``category`` given as a list, an ``index`` position that is no
whole number), each named by its key path; JSON nested deeper than Python
can follow is one sentence; ``NaN`` and ``Infinity``, which Python's JSON
reader accepts, are refused as cells; a text cell is a number only in the
strict form of value files (``"1_000"`` is refused); and a sparse table may
declare no more cells than :func:`cell_limit` allows, checked before any list
of cells is made.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

from benchlearn.errors import BenchlearnError, Problem, ValidationError
from benchlearn.importing.statistics.cube import (
    Category,
    Cube,
    Dimension,
    Role,
    bounded_size,
    cell_number,
    cell_problem,
    duplicate_categories,
    guess_role,
    symbol_status,
)

#: How many cells an answer given as parsed JSON (not bytes) may declare.
MAX_PARSED_CELLS = 10_000_000
#: How deep Python's JSON reader follows nesting before it gives up, as the message says.
JSON_DEPTH = 1_000


#: Problems that leave the table's shape unknown, so its cells are not counted.
_SHAPELESS = {"stat_js_not_object", "stat_js_not_list", "stat_js_index", "stat_js_size"}


class _Constant(str):
    """``NaN``, ``Infinity`` or ``-Infinity`` as written: JSON has no such numbers, so a
    cell holding one is refused by the strict number rule, naming it."""


def cell_limit(data: bytes | str | Mapping[str, Any]) -> int:
    """The most cells a JSON-stat document may declare: one per byte of a file (a dense
    value list needs two), or :data:`MAX_PARSED_CELLS` for an answer already parsed."""
    if isinstance(data, Mapping):
        return MAX_PARSED_CELLS
    return max(len(data), 1)


def read_jsonstat(data: bytes | str | Mapping[str, Any], source: str) -> Cube:
    """A JSON-stat dataset (text, bytes or already parsed) as a cube.

    Raises :class:`~benchlearn.errors.BenchlearnError` when the text is not
    JSON, and :class:`~benchlearn.errors.ValidationError` with every problem
    when it is JSON but not a usable JSON-stat dataset.
    """
    if isinstance(data, Mapping):
        document: Any = data
    else:
        try:
            document = json.loads(data, parse_constant=_Constant)
        except RecursionError as exc:
            raise BenchlearnError.of(
                "stat_too_deep", {"file": source, "depth": JSON_DEPTH}
            ) from exc
        except (ValueError, UnicodeDecodeError) as exc:
            raise BenchlearnError.of(
                "stat_cannot_read", {"file": source, "kind": "JSON-stat", "error": str(exc)}
            ) from exc
    dataset = _dataset(document, source)
    problems: list[Problem] = []
    dimensions = _dimensions(dataset, source, problems)
    if any(problem.key in _SHAPELESS for problem in problems):  # no cells can be counted
        raise ValidationError(problems, key="stat_cannot_use", values={"file": source})
    for dimension, code in duplicate_categories(dimensions):
        problems.append(
            Problem.of(
                source,
                "stat_duplicate_category",
                {"dimension": dimension, "code": code},
                column=f"dimension.{dimension}.category.index",
            )
        )
    limit = cell_limit(data)
    size = bounded_size([len(d.categories) for d in dimensions], limit)
    if size is None:
        problem = Problem.of(source, "stat_too_many_cells", {"limit": limit}, column="size")
        raise ValidationError([*problems, problem], key="stat_cannot_use", values={"file": source})
    values = _cells(dataset.get("value"), size, "value", source, problems)
    raw_status = dataset.get("status")
    if isinstance(raw_status, str):
        raw_status = [raw_status] * size
    statuses = _cells(raw_status, size, "status", source, problems)
    if problems:
        raise ValidationError(problems, key="stat_cannot_use", values={"file": source})
    cells = [
        _cell(v, s, source, i, problems)
        for i, (v, s) in enumerate(zip(values, statuses, strict=True))
    ]
    if problems:
        raise ValidationError(problems, key="stat_cannot_use", values={"file": source})
    return Cube(
        source=source,
        dimensions=tuple(dimensions),
        values=tuple(v for v, _ in cells),
        statuses=tuple(s for _, s in cells),
        title=str(dataset.get("label") or ""),
    )


def _dataset(document: Any, source: str) -> Mapping[str, Any]:
    """The dataset: a 2.0 document of class ``dataset``, or the first of a 1.0 bundle."""
    if isinstance(document, Mapping) and document.get("class") == "dataset":
        return document
    if isinstance(document, Mapping) and "class" not in document and document:
        first = next(iter(document.values()))
        if isinstance(first, Mapping) and isinstance(first.get("dimension"), Mapping):
            # JSON-stat 1.0 bundle: ids, sizes and roles sit inside "dimension"
            dimension = first["dimension"]
            return {
                **first,
                "id": dimension.get("id"),
                "size": dimension.get("size"),
                "role": dimension.get("role", {}),
                "dimension": {
                    k: v for k, v in dimension.items() if k not in {"id", "size", "role"}
                },
            }
    found = document.get("class") if isinstance(document, Mapping) else type(document).__name__
    raise ValidationError(
        [Problem.of(source, "stat_not_dataset", {"found": str(found)}, column="class")],
        key="stat_cannot_use",
        values={"file": source},
    )


def _dimensions(
    dataset: Mapping[str, Any], source: str, problems: list[Problem]
) -> list[Dimension]:
    """The dimensions in ``id`` order, their categories in ``index`` order, with roles."""
    ids, sizes, described = dataset.get("id"), dataset.get("size"), dataset.get("dimension")
    if not isinstance(ids, list) or not isinstance(sizes, list) or not isinstance(described, dict):
        problems.append(Problem.of(source, "stat_no_dimensions", column="id, size, dimension"))
        return []
    if len(ids) != len(sizes):
        problems.append(
            Problem.of(source, "stat_sizes", {"ids": len(ids), "sizes": len(sizes)}, column="size")
        )
    roles = _roles(dataset.get("role"), source, problems)
    for position, size in enumerate(sizes):
        if isinstance(size, bool) or not isinstance(size, int):
            problems.append(
                Problem.of(source, "stat_js_size", {"size": size}, column=f"size[{position}]")
            )
    found: list[Dimension] = []
    for position, code in enumerate(map(str, ids)):
        entry = described.get(code)
        if not isinstance(entry, Mapping):
            problems.append(Problem.of(source, "stat_no_dimension", {"dimension": code}))
            continue
        label = str(entry.get("label") or code)
        before = len(problems)
        categories = _categories(entry.get("category") or {}, f"dimension.{code}", source, problems)
        known = len(problems) == before  # a size is compared with categories that could be read
        if known and position < len(sizes) and sizes[position] != len(categories):
            problems.append(
                Problem.of(
                    source,
                    "stat_dimension_size",
                    {"dimension": code, "size": sizes[position], "count": len(categories)},
                    column=f"dimension.{code}",
                )
            )
        role: Role = roles.get(code) or guess_role(code, label)
        if role != "other" and role in roles.values() and code not in roles:
            role = "other"  # the file names its own dimension of that role
        found.append(Dimension(code, label, role, categories))
    return found


def _roles(declared: Any, source: str, problems: list[Problem]) -> dict[str, Role]:
    """The dimensions ``role`` names as territory and time: ``{"geo": [...], "time": [...]}``."""
    roles: dict[str, Role] = {}
    if declared is None:
        return roles
    if not isinstance(declared, Mapping):
        example = {"example": '{"geo": ["region"], "time": ["year"]}'}
        problems.append(Problem.of(source, "stat_js_not_object", example, column="role"))
        return roles
    for role in ("geo", "time"):
        codes = declared.get(role) or []
        if not isinstance(codes, list):
            example = {"example": f'"{role}": ["{"region" if role == "geo" else "year"}"]'}
            problems.append(Problem.of(source, "stat_js_not_list", example, column=f"role.{role}"))
            continue
        for code in codes:
            roles[str(code)] = "geo" if role == "geo" else "time"
    return roles


def _categories(
    category: Any, path: str, source: str, problems: list[Problem]
) -> tuple[Category, ...]:
    """Categories in index order; ``index`` may be a list, an object, or absent (one category)."""
    if not isinstance(category, Mapping):
        example = {"example": '{"index": ["A", "B"], "label": {"A": "…"}}'}
        problems.append(
            Problem.of(source, "stat_js_not_object", example, column=f"{path}.category")
        )
        return ()
    labels = category.get("label") or {}
    if not isinstance(labels, Mapping):
        example = {"example": '{"A": "…"}'}
        column = f"{path}.category.label"
        problems.append(Problem.of(source, "stat_js_not_object", example, column=column))
        labels = {}
    index = category.get("index")
    if isinstance(index, list):
        codes = [str(c) for c in index]
    elif isinstance(index, Mapping):
        codes = _ordered(index, f"{path}.category.index", source, problems)
    else:
        codes = [str(c) for c in labels]
    return tuple(Category(code, str(labels.get(code, code))) for code in codes)


def _ordered(
    index: Mapping[str, Any], path: str, source: str, problems: list[Problem]
) -> list[str]:
    """The codes of an ``index`` object in the order of their positions, 0 to n-1 each once."""
    last = len(index) - 1
    for code, position in index.items():
        whole = isinstance(position, int) and not isinstance(position, bool)
        if not whole or not 0 <= position <= last:
            values = {"code": code, "index": position, "last": last}
            problems.append(Problem.of(source, "stat_js_index", values, column=path))
            return []
    ordered = sorted(index.items(), key=lambda item: int(item[1]))
    for place, (code, position) in enumerate(ordered):
        if position != place:
            values = {"code": code, "index": position, "last": last}
            problems.append(Problem.of(source, "stat_js_index", values, column=path))
            return []
    return [str(code) for code, _ in ordered]


def _cells(raw: Any, size: int, name: str, source: str, problems: list[Problem]) -> list[Any]:
    """One entry per cell from a list or a sparse object keyed by cell index."""
    if raw is None:
        return [None] * size
    if isinstance(raw, Sequence) and not isinstance(raw, str):
        if len(raw) != size:
            problems.append(
                Problem.of(
                    source, "stat_cell_count", {"count": len(raw), "size": size}, column=name
                )
            )
        return list(raw)[:size] + [None] * (size - len(raw))
    if isinstance(raw, Mapping):
        cells: list[Any] = [None] * size
        for key, value in raw.items():
            if not re.fullmatch("[0-9]+", str(key)) or int(key) >= size:
                problems.append(
                    Problem.of(source, "stat_cell_index", {"index": key, "size": size}, column=name)
                )
                continue
            cells[int(key)] = value
        return cells
    problems.append(Problem.of(source, "stat_cell_count", {"count": 0, "size": size}, column=name))
    return [None] * size


def _cell(
    value: Any, status: Any, source: str, index: int, problems: list[Problem]
) -> tuple[float | None, str | None]:
    """A cell's number and benchlearn status; a symbol in either becomes the status."""
    symbol = symbol_status(str(status)) if status is not None else None
    if value is None or isinstance(value, str):
        text = "" if value is None else value.strip()
        from_value = symbol_status(text) if text else None
        if text and from_value is None:
            number = cell_number(text)
            if isinstance(number, str):
                problems.append(cell_problem(source, text, number, index + 1, column="value"))
                return None, None
            return (None, "..") if symbol == ".." else (number, None)
        return None, from_value or symbol or "-"
    if isinstance(value, bool) or not isinstance(value, int | float):
        problems.append(cell_problem(source, str(value), "other", index + 1, column="value"))
        return None, None
    try:
        number = float(value)
    except OverflowError:  # a whole number of hundreds of digits
        number = math.inf
    if not math.isfinite(number):
        why = "other" if math.isnan(number) else "too_large"
        problems.append(cell_problem(source, str(value), why, index + 1, column="value"))
        return None, None
    if symbol == "..":
        return None, ".."  # confidential: never a number, even if the file gives one
    return number + 0.0, None
