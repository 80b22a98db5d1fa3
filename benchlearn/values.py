"""Values read back: stored ones, derived ones computed from their formulas, on chosen boundaries.

Derived indicators are never stored: they are evaluated on read from their
components for the same municipality and year, so a corrected component
corrects every rate built on it. A derived value is missing when a component
is missing, and confidential when a component is confidential.

Territorial reforms: to show every year on the units of a boundary year,
values of years before a crosswalk link's ``year`` are aggregated from the old
units into the new ones, as each indicator declares: ``sum`` for counts,
``weighted_mean`` with a weight indicator for rates, and derived indicators are
recomputed from aggregated components.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from sqlalchemy import Connection, select

from benchlearn.access.scope import Scope, withhold
from benchlearn.definitions import Definitions, evaluation_order
from benchlearn.definitions.expressions import parse
from benchlearn.models import Indicator, Municipality, Observation

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

COLUMNS = ["municipality", "indicator", "year", "value", "status"]
#: How :func:`stored_values` reads each column (municipality and indicator as ids first).
DTYPES = {
    "municipality": "int64",
    "indicator": "int64",
    "year": "int64",
    "value": "float64",
    "status": "str",
}
#: Municipalities are filtered in the query when they are fewer than 1 in this many.
FEW_MUNICIPALITIES = 4


def stored_values(
    connection: Connection,
    indicators: Iterable[str] | None = None,
    years: Iterable[int] | None = None,
    municipalities: Iterable[str] | None = None,
    *,
    visibility: bool = False,
) -> pd.DataFrame:
    """Stored observations. Columns: ``municipality, indicator, year, value, status`` (and,
    with ``visibility``, each value's own ``visibility``, None where it says none).

    Read as columns (:func:`benchlearn.columns.read_columns`), by ids rather
    than joined codes: the codes of the few municipalities and indicators are
    read apart and put in by id, so no text is built per row in the database
    and no Python code runs per row here.
    """
    import pandas as pd

    from benchlearn.columns import codes_column, read_columns

    indicator_query = select(Indicator.id, Indicator.code)
    if indicators is not None:
        indicator_query = indicator_query.where(Indicator.code.in_(list(indicators)))
    indicator_codes: dict[int, str] = {i: c for i, c in connection.execute(indicator_query).all()}
    everyone: dict[int, str] = dict(
        (i, c) for i, c in connection.execute(select(Municipality.id, Municipality.code)).all()
    )
    municipality_codes = everyone
    if municipalities is not None:
        chosen = set(municipalities)
        municipality_codes = {i: c for i, c in everyone.items() if c in chosen}
    columns = [
        Observation.municipality_id.label("municipality"),
        Observation.indicator_id.label("indicator"),
        Observation.year,
        Observation.value,
        Observation.status,
    ]
    dtypes = dict(DTYPES)
    if visibility:
        columns.append(Observation.visibility)
        dtypes["visibility"] = "str"
    query = select(*columns)
    if indicators is not None:
        query = query.where(Observation.indicator_id.in_(sorted(indicator_codes)))
    if years is not None:
        query = query.where(Observation.year.in_(sorted({int(y) for y in years})))
    # A few municipalities are found through the unique index (municipality, indicator, year);
    # most of them are cheaper read with every municipality and left out afterwards, as
    # probing that index once per municipality and indicator costs more than reading past.
    by_query = municipalities is not None and (
        indicators is None or len(municipality_codes) * FEW_MUNICIPALITIES < len(everyone)
    )
    if by_query:
        query = query.where(Observation.municipality_id.in_(sorted(municipality_codes)))
    if (indicators is not None and not indicator_codes) or not municipality_codes:
        frame = pd.DataFrame(
            {c: pd.Series(dtype=object if t == "str" else t) for c, t in dtypes.items()}
        )
    else:
        frame = read_columns(connection, query, dtypes)
    if municipalities is not None and not by_query:
        frame = frame[frame["municipality"].isin(list(municipality_codes))].reset_index(drop=True)
    frame["municipality"] = codes_column(frame["municipality"].to_numpy(), municipality_codes)
    frame["indicator"] = codes_column(frame["indicator"].to_numpy(), indicator_codes)
    return frame


def values(
    connection: Connection,
    definitions: Definitions,
    indicators: Iterable[str],
    years: Iterable[int] | None = None,
    municipalities: Iterable[str] | None = None,
    *,
    boundaries: int | None = None,
    scope: Scope | None = None,
) -> pd.DataFrame:
    """Values of ``indicators`` (stored or derived), sorted by indicator, year, municipality.

    With ``boundaries``, every year is shown on the units of that year through
    the crosswalk (see :mod:`benchlearn.registry.crosswalk`), and a column ``aggregated``
    says which values were built from old units. With a ``scope`` (an audience's, see
    :mod:`benchlearn.access.scope`), what its audience may not see is confidential with
    no number, from the stored values on: nothing derived or aggregated carries it.
    Without one, every value as stored: for checks and imports, never for an output.

    Columns: ``municipality, indicator, year, value, status`` (and ``aggregated``).
    """
    import pandas as pd

    wanted = list(dict.fromkeys(indicators))
    order = evaluation_order(definitions.indicators, wanted)
    needed = set(wanted)
    for code in order:
        needed |= definitions.indicators[code].components
    stored_codes = sorted(c for c in needed if not definitions.indicators[c].derived)
    restricted = scope is not None and scope.restricted
    if boundaries is None:
        frame = stored_values(
            connection, stored_codes, years, municipalities, visibility=restricted
        )
        frame = withhold(frame, scope) if scope is not None and restricted else frame
    else:
        from benchlearn.registry.crosswalk import crosswalk

        stored_codes = sorted(set(stored_codes) | aggregation_needs(definitions, stored_codes))
        stored = stored_values(connection, stored_codes, years, visibility=restricted)
        stored = withhold(stored, scope) if scope is not None and restricted else stored
        frame = to_boundaries(stored, crosswalk(connection, boundaries), definitions)
        if municipalities is not None:
            frame = frame[frame["municipality"].isin(list(municipalities))]
    frame = suppress(frame, definitions)
    if order:
        frame = derive(frame, definitions, order)
        if scope is not None and restricted:  # a derived indicator's own visibility
            made = frame["indicator"].isin(order).to_numpy()
            frame = pd.concat([frame[~made], withhold(frame[made], scope)], ignore_index=True)
    if order or not set(stored_codes) <= set(wanted):  # components read, not asked for
        frame = frame[frame["indicator"].isin(wanted)]
    frame = frame.copy(deep=False)  # its own columns: the status is set below
    # One spelling of "no status" whatever concatenation did to the column.
    frame["status"] = frame["status"].astype(object).where(frame["status"].notna(), None)
    return frame.sort_values(["indicator", "year", "municipality"], kind="stable").reset_index(
        drop=True
    )


def suppression(definitions: Definitions) -> dict[str, float]:
    """Numerator code → the count below which it is never shown (the largest any statistic asks)."""
    limits: dict[str, float] = {}
    for ind in definitions.indicators.values():
        if ind.numerator and ind.suppress_below is not None:
            limits[ind.numerator] = max(limits.get(ind.numerator, 0.0), ind.suppress_below)
    return limits


def suppress(frame: pd.DataFrame, definitions: Definitions) -> pd.DataFrame:
    """Mark small numerators confidential (``..``), as their statistics' ``suppress_below`` asks.

    Applied to stored values before anything is derived from them, so every rate
    or share built on a suppressed count is confidential too; the number is kept
    for checks, like any confidential value, and never shown.
    """
    limits = suppression(definitions)
    if not limits or frame.empty:
        return frame
    limit = frame["indicator"].map(limits).astype(float)
    small = frame["status"].isna() & (frame["value"] < limit)
    if not small.any():
        return frame
    frame = frame.copy()
    frame.loc[small, "status"] = ".."
    return frame


def derive(frame: pd.DataFrame, definitions: Definitions, order: list[str]) -> pd.DataFrame:
    """Append derived indicators (in ``order``) computed from the long ``frame``.

    Only the rows of the indicators the formulas name are laid out as a grid
    (municipality and year × indicator): a network of thousands of indicators
    with a hundred rates built from two hundred counts grids the counts, not
    everything. The derived rows are built as arrays and appended at once.
    """
    import numpy as np
    import pandas as pd

    if frame.empty:
        return frame
    expressions = {code: parse(definitions.indicators[code].expression or "") for code in order}
    inputs = sorted(set().union(*(e.names for e in expressions.values())) - set(order))
    base = frame[frame["indicator"].isin(inputs)]
    usable = base["status"].isna() | (base["status"] == "..")
    grid = _grid(base.assign(cell=base["value"].where(usable)), np.nan)
    index = grid.index
    wide = {str(c): grid[c].to_numpy(dtype=float) for c in grid.columns}
    secret = _columns(_grid(base.assign(cell=base["status"] == ".."), False), index)
    # A rate of something not applicable (no such service) is itself not applicable.
    inapplicable = _columns(_grid(base.assign(cell=base["status"] == "."), False), index)
    present = _columns(_grid(base.assign(cell=True), False), index)
    flagged = "aggregated" in frame
    rebuilt = (
        _columns(_grid(base.assign(cell=base["aggregated"].astype(bool)), False), index)
        if flagged
        else {}
    )
    absent_values = np.full(len(index), np.nan)
    absent = np.zeros(len(index), dtype=bool)
    parts: dict[str, list[np.ndarray]] = {c: [] for c in [*COLUMNS, "aggregated"]}
    for code, expression in expressions.items():
        names = sorted(expression.names)
        any_present = _any([present.get(n, absent) for n in names], absent)
        computed = expression.evaluate({n: wide.get(n, absent_values) for n in names})
        confidential = _any([secret.get(n, absent) for n in names], absent)
        wide[code], secret[code], present[code] = computed, confidential, any_present
        inapplicable[code] = _any([inapplicable.get(n, absent) for n in names], absent)
        rebuilt[code] = _any([rebuilt.get(n, absent) for n in names], absent)
        status = np.full(len(computed), None, dtype=object)
        status[np.isnan(computed)] = "-"
        status[np.isnan(computed) & inapplicable[code]] = "."
        status[confidential] = ".."
        chosen = np.flatnonzero(any_present)
        parts["municipality"].append(np.asarray(index.get_level_values(0))[chosen])
        parts["indicator"].append(np.full(len(chosen), code, dtype=object))
        parts["year"].append(np.asarray(index.get_level_values(1), dtype=np.int64)[chosen])
        parts["value"].append(np.asarray(computed, dtype=float)[chosen])
        parts["status"].append(status[chosen])
        parts["aggregated"].append(rebuilt[code][chosen])
    derived = pd.DataFrame(
        {c: np.concatenate(arrays) for c, arrays in parts.items() if flagged or c in COLUMNS}
    )
    return pd.concat([frame, derived], ignore_index=True)


def _any(arrays: list[np.ndarray], none: np.ndarray) -> np.ndarray:
    """Element-wise or of boolean arrays (``none`` when there are none)."""
    import numpy as np

    return np.logical_or.reduce(arrays) if arrays else none


def _columns(grid: pd.DataFrame, index: pd.Index) -> dict[str, np.ndarray]:
    """A boolean grid's columns as arrays along ``index`` (False where it has no row)."""
    grid = grid.reindex(index, fill_value=False)
    return {str(c): grid[c].to_numpy(dtype=bool) for c in grid.columns}


def _grid(frame: pd.DataFrame, fill: float | bool) -> pd.DataFrame:
    """(municipality, year) × indicator of the ``cell`` column, over the observed keys only."""
    return (
        frame.groupby(["municipality", "year", "indicator"], sort=True)["cell"]
        .first()
        .unstack("indicator", fill_value=fill)  # type: ignore[arg-type]
    )


def aggregation_needs(definitions: Definitions, codes: list[str]) -> set[str]:
    """Weight indicators that ``weighted_mean`` indicators among ``codes`` need."""
    return {
        definitions.indicators[c].weight or ""
        for c in codes
        if definitions.indicators[c].aggregation == "weighted_mean"
    } - {""}


def to_boundaries(
    stored: pd.DataFrame, links: pd.DataFrame, definitions: Definitions
) -> pd.DataFrame:
    """Re-express stored (not derived) values on the new units where a link applies.

    ``stored`` has the long columns plus nothing else; the result has the same
    columns and ``aggregated`` (True for a value built from old units). A value
    for year *t* of an old unit moves to the new unit when *t* is before the
    link's year. An aggregate is missing when a contributing unit has no usable
    value, and confidential when one is confidential.
    """
    import numpy as np
    import pandas as pd

    frame = stored.assign(aggregated=False)
    if links.empty or stored.empty:
        return frame
    merged = frame.merge(links, left_on="municipality", right_on="old", how="inner")
    merged = merged[merged["year_x"] < merged["year_y"]].rename(columns={"year_x": "year"})
    if merged.empty:
        return frame
    moved_keys = pd.MultiIndex.from_frame(merged[["municipality", "indicator", "year"]])
    keep = ~pd.MultiIndex.from_frame(frame[["municipality", "indicator", "year"]]).isin(moved_keys)
    # Each new unit and year needs every old unit linked to it.
    expected = links.merge(merged[["year"]].drop_duplicates(), how="cross", suffixes=("", "_data"))
    expected = expected[expected["year_data"] < expected["year"]]
    expected_count = expected.groupby(["new", "year_data"]).size()
    parts = []
    for code, group in merged.groupby("indicator", sort=True):
        definition = definitions.indicators.get(str(code))
        method = definition.aggregation if definition else None
        usable = group["status"].isna() | (group["status"] == "..")
        group = group.assign(v=group["value"].where(usable), secret=group["status"] == "..")
        if method == "weighted_mean" and definition and definition.weight:
            weights = frame[frame["indicator"] == definition.weight][
                ["municipality", "year", "value"]
            ].rename(columns={"value": "w"})
            group = group.merge(weights, on=["municipality", "year"], how="left")
            group["num"] = group["v"] * group["w"] * group["weight"]
            group["den"] = group["w"] * group["weight"]
        else:
            group["num"] = group["v"] * group["weight"]
            group["den"] = 1.0
        summary = group.groupby(["new", "year"]).agg(
            num=("num", lambda s: s.sum(min_count=len(s))),
            den=("den", lambda s: s.sum(min_count=len(s))),
            secret=("secret", "any"),
            sources=("municipality", "size"),
        )
        complete = summary["sources"].to_numpy() == expected_count.reindex(summary.index).to_numpy()
        if method == "weighted_mean":
            value = summary["num"] / summary["den"]
        elif method == "sum":
            value = summary["num"]
        else:
            # No declared aggregation: only a unit carried over whole keeps its value.
            single = (summary["sources"] == 1) & (summary["den"] == 1.0)
            value = summary["num"].where(single)
        value = value.where(complete)
        status = np.full(len(value), None, dtype=object)
        status[value.isna().to_numpy()] = "-"
        status[summary["secret"].to_numpy()] = ".."
        parts.append(
            pd.DataFrame(
                {
                    "municipality": summary.index.get_level_values(0),
                    "indicator": code,
                    "year": summary.index.get_level_values(1),
                    "value": value.to_numpy(dtype=float),
                    "status": status,
                    "aggregated": True,
                }
            )
        )
    aggregated = pd.concat(parts, ignore_index=True)
    # A new unit's own figure for a year wins over a rebuilt one only if no link applies.
    rest = frame[keep]
    clash = pd.MultiIndex.from_frame(rest[["municipality", "indicator", "year"]]).isin(
        pd.MultiIndex.from_frame(aggregated[["municipality", "indicator", "year"]])
    )
    return pd.concat([rest[~clash], aggregated], ignore_index=True)


def standard_errors(
    connection: Connection, indicators: Sequence[str], year: int, *, boundaries: int | None = None
) -> pd.DataFrame:
    """The stored standard errors of ``indicators`` in ``year``, only where a value has one
    (:mod:`benchlearn.importing.uncertainty`). Columns: ``municipality, indicator, se``.

    Read apart from :func:`values`, whose columns every output shares: only a ranking's
    rank sets use them, and a value derived or aggregated from others has none. With
    ``boundaries`` (values shown on another year's units, many built from old units)
    there are none: a unit's standard error is never carried onto a value it did not have.
    """
    from benchlearn.columns import codes_column, read_columns

    chosen = {
        i: c
        for i, c in connection.execute(
            select(Indicator.id, Indicator.code).where(Indicator.code.in_(list(indicators)))
        ).all()
    }
    query = select(
        Observation.municipality_id.label("municipality"),
        Observation.indicator_id.label("indicator"),
        Observation.se,
    ).where(
        Observation.indicator_id.in_(sorted(chosen)),
        Observation.year == int(year),
        Observation.se.is_not(None),
    )
    frame = read_columns(
        connection, query, {"municipality": "int64", "indicator": "int64", "se": "float64"}
    )
    if boundaries is not None:
        frame = frame.iloc[:0]
    # Names are read only when a value has a standard error (a read per ranking piece).
    names = (
        dict(connection.execute(select(Municipality.id, Municipality.code)).all())
        if len(frame)
        else {}
    )
    frame["municipality"] = codes_column(frame["municipality"].to_numpy(), names)
    frame["indicator"] = codes_column(frame["indicator"].to_numpy(), chosen)
    return frame
