"""Reading indicator values back, with derived indicators computed from their formulas.

Derived indicators are never stored: they are evaluated on read from their
components for the same municipality and year, so a corrected component
corrects every rate built on it. A derived value is missing when a component
is missing, and confidential when a component is confidential.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from sqlalchemy import Connection, select

from benchlearn.definitions import Definitions, evaluation_order
from benchlearn.expressions import parse
from benchlearn.models import Indicator, Municipality, Observation

if TYPE_CHECKING:
    import pandas as pd

COLUMNS = ["municipality", "indicator", "year", "value", "status"]


def stored_values(
    connection: Connection,
    indicators: Iterable[str] | None = None,
    years: Iterable[int] | None = None,
    municipalities: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Stored observations. Columns: ``municipality, indicator, year, value, status``."""
    import pandas as pd

    query = (
        select(
            Municipality.code,
            Indicator.code,
            Observation.year,
            Observation.value,
            Observation.status,
        )
        .join(Municipality, Observation.municipality_id == Municipality.id)
        .join(Indicator, Observation.indicator_id == Indicator.id)
    )
    if indicators is not None:
        query = query.where(Indicator.code.in_(list(indicators)))
    if years is not None:
        query = query.where(Observation.year.in_([int(y) for y in years]))
    if municipalities is not None:
        query = query.where(Municipality.code.in_(list(municipalities)))
    frame = pd.DataFrame(connection.execute(query).all(), columns=COLUMNS)
    frame["value"] = frame["value"].astype(float)
    frame["year"] = frame["year"].astype("int64")
    frame["status"] = frame["status"].astype(object).where(frame["status"].notna(), None)
    return frame


def values(
    connection: Connection,
    definitions: Definitions,
    indicators: Iterable[str],
    years: Iterable[int] | None = None,
    municipalities: Iterable[str] | None = None,
    *,
    boundaries: int | None = None,
) -> pd.DataFrame:
    """Values of ``indicators`` (stored or derived), sorted by indicator, year, municipality.

    With ``boundaries``, every year is shown on the units of that year through
    the crosswalk (see :mod:`benchlearn.reform`), and a column ``aggregated``
    says which values were built from old units.

    Columns: ``municipality, indicator, year, value, status`` (and ``aggregated``).
    """
    wanted = list(dict.fromkeys(indicators))
    order = evaluation_order(definitions.indicators, wanted)
    needed = set(wanted)
    for code in order:
        needed |= definitions.indicators[code].components
    stored_codes = sorted(c for c in needed if not definitions.indicators[c].formula)
    if boundaries is None:
        frame = stored_values(connection, stored_codes, years, municipalities)
    else:
        from benchlearn.reform import aggregation_needs, crosswalk, to_boundaries

        stored_codes = sorted(set(stored_codes) | aggregation_needs(definitions, stored_codes))
        frame = to_boundaries(
            stored_values(connection, stored_codes, years),
            crosswalk(connection, boundaries),
            definitions,
        )
        if municipalities is not None:
            frame = frame[frame["municipality"].isin(list(municipalities))]
    if order:
        frame = derive(frame, definitions, order)
    frame = frame[frame["indicator"].isin(wanted)].copy()
    # One spelling of "no status" whatever concatenation did to the column.
    frame["status"] = frame["status"].astype(object).where(frame["status"].notna(), None)
    return frame.sort_values(["indicator", "year", "municipality"], kind="stable").reset_index(
        drop=True
    )


def derive(frame: pd.DataFrame, definitions: Definitions, order: list[str]) -> pd.DataFrame:
    """Append derived indicators (in ``order``) computed from the long ``frame``."""
    import numpy as np
    import pandas as pd

    if frame.empty:
        return frame
    usable = frame["status"].isna() | (frame["status"] == "..")
    value = frame["value"].where(usable)
    wide = _grid(frame.assign(cell=value), np.nan)
    secret = _grid(frame.assign(cell=frame["status"] == ".."), False)
    present = _grid(frame.assign(cell=True), False)
    flagged = "aggregated" in frame
    if flagged:
        rebuilt = _grid(frame.assign(cell=frame["aggregated"].astype(bool)), False)
    results = [frame]
    for code in order:
        expression = parse(definitions.indicators[code].formula or "")
        names = sorted(expression.names)
        for name in names:
            if name not in wide:
                wide[name] = np.nan
                secret[name] = False
                present[name] = False
        any_present = present[names].any(axis=1).to_numpy()
        computed = expression.evaluate({n: wide[n].to_numpy(dtype=float) for n in names})
        confidential = secret[names].any(axis=1).to_numpy()
        wide[code] = computed
        secret[code] = confidential
        present[code] = any_present
        status = np.full(len(computed), None, dtype=object)
        status[np.isnan(computed)] = "-"
        status[confidential] = ".."
        index = wide.index[any_present]
        derived = pd.DataFrame(
            {
                "municipality": index.get_level_values(0),
                "indicator": code,
                "year": index.get_level_values(1).astype("int64"),
                "value": computed[any_present],
                "status": status[any_present],
            }
        )
        if flagged:
            for name in names:
                if name not in rebuilt:
                    rebuilt[name] = False
            rebuilt = rebuilt.reindex(wide.index, fill_value=False)
            rebuilt[code] = rebuilt[names].any(axis=1)
            derived["aggregated"] = rebuilt[code].to_numpy()[any_present]
        results.append(derived)
    return pd.concat(results, ignore_index=True)


def _grid(frame: pd.DataFrame, fill: float | bool) -> pd.DataFrame:
    """(municipality, year) × indicator of the ``cell`` column, over the observed keys only."""
    return (
        frame.groupby(["municipality", "year", "indicator"], sort=True)["cell"]
        .first()
        .unstack("indicator", fill_value=fill)  # type: ignore[arg-type]
    )
