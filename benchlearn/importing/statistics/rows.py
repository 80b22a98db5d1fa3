"""A cube's cells as benchlearn's long rows: one indicator, a year per time category.

The territory dimension gives the municipality (:mod:`.territories`), the
time dimension the year, and every other dimension must be fixed to one
category: by ``--select VARIABLE=VALUE`` (code or label, case ignored) or
because it has only one. A dimension left open would give several values per
municipality and year, so it is an error that lists the dimensions and their
values, as is a time that is not a year (``2024M01``, ``2024Q1``): benchlearn
stores annual figures. Every problem is collected before anything is
returned, so a file is refused with all of them at once.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from benchlearn.errors import Problem
from benchlearn.importing.statistics.cube import Category, Cube, Dimension, plain, shown
from benchlearn.importing.statistics.territories import (
    TerritoryMatch,
    default_match,
    match_territories,
)

if TYPE_CHECKING:
    import pandas as pd

#: How many of a dimension's values an error lists before "…".
SHOWN_VALUES = 10
COLUMNS = ["municipality", "indicator", "year", "value", "status", "row", "value_column"]


@dataclass
class CubeRows:
    """A cube as long rows, with what stops it from being imported and what was left out.

    ``frame`` has columns ``municipality, indicator, year, value, status, row,
    value_column`` (value a float or NaN, status ``None``, ``-``, ``.`` or
    ``..``; ``row`` is the cell's number in the cube from 1, ``value_column``
    names its territory and time, so a problem points at the cell).
    ``problems`` make the cube unusable; ``notes`` are territories left out as
    totals and what the reader decided.
    """

    frame: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)
    territories: TerritoryMatch | None = None


def values_list(categories: Sequence[Category]) -> list[str]:
    """A dimension's values as an error lists them: the first few, then "…"."""
    names = [shown(c) for c in categories]
    return names[:SHOWN_VALUES] + (["…"] if len(names) > SHOWN_VALUES else [])


def cube_rows(
    cube: Cube,
    *,
    indicator: str,
    select: Mapping[str, str],
    match: str | None,
    municipalities: pd.DataFrame,
) -> CubeRows:
    """The cube's cells for ``indicator``, one row per matched municipality and year.

    ``match``: ``code``, ``name`` or a registry attribute; None takes the code
    or attribute that matches most territories when they have codes of their
    own, else ``name`` (:func:`~.territories.default_match`).
    """
    import pandas as pd

    source = cube.source
    problems: list[Problem] = []
    notes = list(cube.notes)
    chosen = _selected(cube, select, problems)
    geo = _only(cube, "geo", "stat_no_geo", problems)
    time = _only(cube, "time", "stat_no_time", problems)
    years = _years(cube.dimensions[time], source, problems) if time is not None else {}
    found: TerritoryMatch | None = None
    if geo is not None:
        dimension = cube.dimensions[geo]
        wanted = [c for i, c in enumerate(dimension.categories) if i in chosen.get(geo, [i])]
        if match is None:
            match = default_match(wanted, municipalities)
        found = match_territories(wanted, municipalities, match)
        problems += [_unmatched(source, dimension, c, match, found) for c in found.unmatched]
        if found.totals:
            notes.append(
                Problem.of(
                    source,
                    "stat_totals_left_out",
                    {"dimension": dimension.label, "territories": [shown(c) for c in found.totals]},
                    column=dimension.label,
                )
            )
    if problems or geo is None or time is None:
        return CubeRows(pd.DataFrame(columns=COLUMNS), problems, notes, found)
    assert found is not None
    return CubeRows(
        _frame(cube, indicator, geo, time, chosen, years, found), problems, notes, found
    )


def _only(cube: Cube, role: str, key: str, problems: list[Problem]) -> int | None:
    """The position of the one dimension with ``role``; its absence is a problem."""
    positions = [i for i, d in enumerate(cube.dimensions) if d.role == role]
    if positions:
        return positions[0]
    problems.append(
        Problem.of(cube.source, key, {"dimensions": [d.label for d in cube.dimensions] or ["–"]})
    )
    return None


def _selected(
    cube: Cube, select: Mapping[str, str], problems: list[Problem]
) -> dict[int, list[int]]:
    """Dimension position → the category positions kept: the selected one, or all of geo/time."""
    chosen: dict[int, list[int]] = {}
    by_name: dict[str, int] = {}
    for position, dimension in enumerate(cube.dimensions):
        by_name.setdefault(plain(dimension.code), position)
        by_name.setdefault(plain(dimension.label), position)
    asked: set[int] = set()
    for name, value in select.items():
        found = by_name.get(plain(name.strip()))
        if found is None:
            problems.append(
                Problem.of(
                    cube.source,
                    "stat_select_unknown_dimension",
                    {"dimension": name, "dimensions": [d.label for d in cube.dimensions]},
                )
            )
            continue
        position = found
        asked.add(position)
        dimension = cube.dimensions[position]
        hits = [
            i
            for i, c in enumerate(dimension.categories)
            if plain(value.strip()) in {plain(c.code), plain(c.label)}
        ]
        if not hits:
            problems.append(
                Problem.of(
                    cube.source,
                    "stat_select_unknown_value",
                    {
                        "dimension": dimension.label,
                        "value": value,
                        "values": values_list(dimension.categories),
                    },
                    column=dimension.label,
                )
            )
            continue
        chosen[position] = hits[:1]
    for position, dimension in enumerate(cube.dimensions):
        if dimension.role != "other" or position in chosen or position in asked:
            continue
        if len(dimension.categories) == 1:
            chosen[position] = [0]
        else:
            problems.append(
                Problem.of(
                    cube.source,
                    "stat_select_missing",
                    {
                        "dimension": dimension.label,
                        # quoted for the shell when the name has spaces: "Product group"=VALUE
                        "code": f'"{dimension.code}"' if " " in dimension.code else dimension.code,
                        "values": values_list(dimension.categories),
                    },
                    column=dimension.label,
                )
            )
    return chosen


def _years(dimension: Dimension, source: str, problems: list[Problem]) -> dict[int, int]:
    """Category position → year; a time that is not a plain year is a problem."""
    years: dict[int, int] = {}
    bad: list[Category] = []
    for position, category in enumerate(dimension.categories):
        text = next(
            (t.strip() for t in (category.code, category.label) if re.fullmatch(r"\s*\d{4}\s*", t)),
            None,
        )
        if text is None:
            bad.append(category)
        else:
            years[position] = int(text)
    if bad:
        problems.append(
            Problem.of(
                source,
                "stat_not_annual",
                {"dimension": dimension.label, "periods": values_list(bad)},
                column=dimension.label,
            )
        )
    return years


def _unmatched(
    source: str, dimension: Dimension, category: Category, match: str, found: TerritoryMatch
) -> Problem:
    """The problem of a territory that matches no municipality, or several."""
    territory = shown(category)
    if category.code in found.candidates:
        return Problem.of(
            source,
            "stat_territory_ambiguous",
            {
                "territory": territory,
                "dimension": dimension.label,
                "municipalities": list(found.candidates[category.code]),
            },
            column=dimension.label,
        )
    return Problem.of(
        source,
        "stat_unknown_territory",
        {"territory": territory, "dimension": dimension.label, "match": match},
        column=dimension.label,
    )


def _frame(
    cube: Cube,
    indicator: str,
    geo: int,
    time: int,
    chosen: dict[int, list[int]],
    years: dict[int, int],
    found: TerritoryMatch,
) -> pd.DataFrame:
    """The long rows of the matched territories × years, the other dimensions fixed."""
    import numpy as np
    import pandas as pd

    geo_dim, time_dim = cube.dimensions[geo], cube.dimensions[time]
    places = [i for i, c in enumerate(geo_dim.categories) if c.code in found.codes]
    places = [i for i in places if i in chosen.get(geo, [i])]
    periods = [i for i in sorted(years) if i in chosen.get(time, [i])]
    place_grid, period_grid = (a.ravel() for a in np.meshgrid(places, periods, indexing="ij"))
    index = [
        place_grid
        if d == geo
        else period_grid
        if d == time
        else np.full(len(place_grid), chosen[d][0])
        for d in range(len(cube.dimensions))
    ]
    cells = (
        np.ravel_multi_index(tuple(index), cube.shape)
        if len(place_grid)
        else np.zeros(0, dtype=np.int64)
    )
    values = np.array([np.nan if v is None else float(v) for v in cube.values], dtype=float)
    statuses = np.array(cube.statuses, dtype=object)
    value = values[cells]
    # A cell without a number and without a symbol is missing; a status never keeps a number.
    status = [
        s if s is not None else "-" if v != v else None
        for s, v in zip(statuses[cells].tolist(), value.tolist(), strict=True)
    ]
    value = np.where([s is None for s in status], value, np.nan)
    codes = [geo_dim.categories[i].code for i in place_grid.tolist()]
    return pd.DataFrame(
        {
            "municipality": [found.codes[c] for c in codes],
            "indicator": indicator,
            "year": [years[i] for i in period_grid.tolist()],
            "value": value,
            "status": pd.Series(status, dtype=object),
            "row": cells + 1,
            "value_column": [
                f"{geo_dim.categories[g].label}, {time_dim.categories[t].label}"
                for g, t in zip(place_grid.tolist(), period_grid.tolist(), strict=True)
            ],
        },
        columns=COLUMNS,
    )
