"""JSON-stat 2.0 datasets (and 1.0 bundles) into a :class:`~.cube.Cube`.

PxWeb answers ``format=json-stat2`` in API v1 and v2 alike; v2 adds an
``extension`` block per dimension and for the dataset, which carries nothing
a value needs, so it is ignored. Roles come from ``role`` (``geo``, ``time``;
``metric`` is an ordinary dimension); a dimension no role names is guessed
from its name (:func:`~.cube.guess_role`) only when no dimension has that role,
as SCB declares ``time`` and ``metric`` but not ``geo``. ``value`` and
``status`` may be lists, one per cell, or objects keyed by the cell's index
(sparse); ``status`` may also be one text for every cell.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from benchlearn.errors import BenchlearnError, Problem, ValidationError
from benchlearn.importing.statistics.cube import (
    Category,
    Cube,
    Dimension,
    Role,
    guess_role,
    symbol_status,
)


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
            document = json.loads(data)
        except (ValueError, UnicodeDecodeError) as exc:
            raise BenchlearnError.of(
                "stat_cannot_read", {"file": source, "kind": "JSON-stat", "error": str(exc)}
            ) from exc
    dataset = _dataset(document, source)
    problems: list[Problem] = []
    dimensions = _dimensions(dataset, source, problems)
    size = 1
    for dimension in dimensions:
        size *= len(dimension.categories)
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
        if isinstance(first, Mapping) and "dimension" in first:
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
    roles: dict[str, Role] = {}
    declared = dataset.get("role") or {}
    for code in declared.get("geo") or []:
        roles[str(code)] = "geo"
    for code in declared.get("time") or []:
        roles[str(code)] = "time"
    found: list[Dimension] = []
    for position, code in enumerate(map(str, ids)):
        entry = described.get(code)
        if not isinstance(entry, Mapping):
            problems.append(Problem.of(source, "stat_no_dimension", {"dimension": code}))
            continue
        label = str(entry.get("label") or code)
        categories = _categories(entry.get("category") or {})
        if position < len(sizes) and sizes[position] != len(categories):
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


def _categories(category: Mapping[str, Any]) -> tuple[Category, ...]:
    """Categories in index order; ``index`` may be a list, an object, or absent (one category)."""
    labels = category.get("label") or {}
    index = category.get("index")
    if isinstance(index, list):
        codes = [str(c) for c in index]
    elif isinstance(index, Mapping):
        codes = [str(c) for c, _ in sorted(index.items(), key=lambda item: int(item[1]))]
    else:
        codes = [str(c) for c in labels]
    return tuple(Category(code, str(labels.get(code, code))) for code in codes)


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
            if not str(key).isdigit() or int(key) >= size:
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
        text = "" if value is None else value
        from_value = symbol_status(text) if text else None
        if text and from_value is None:
            try:
                number = float(text)
            except ValueError:
                problems.append(
                    Problem.of(source, "stat_not_number", {"text": text, "cell": index + 1})
                )
                return None, None
            return number, symbol if symbol == ".." else None
        return None, from_value or symbol or "-"
    if isinstance(value, bool) or not isinstance(value, int | float):
        problems.append(
            Problem.of(source, "stat_not_number", {"text": str(value), "cell": index + 1})
        )
        return None, None
    if symbol == "..":
        return None, ".."  # confidential: never a number, even if the file gives one
    return float(value), None
