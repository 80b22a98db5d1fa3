"""What an import reads from the database: the registry and definitions, and stored values.

Validation (:mod:`benchlearn.importing.validate`) needs no database; this
module reads what it checks against, so that both file imports and rows
read from official statistics files use the same lookups.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, select

from benchlearn.definitions.expressions import parse
from benchlearn.importing.mapping import ColumnMap
from benchlearn.importing.validate import Lookups
from benchlearn.models import Indicator, Municipality, Network, Observation
from benchlearn.rules import proportion_counts

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd


def check_column_map(engine: Engine, columns: ColumnMap) -> None:
    """Refuse a mapping whose target is no known column nor stored indicator code, or that
    maps two columns onto one, before any file is read."""
    with engine.connect() as connection:
        codes = set(connection.execute(select(Indicator.code)).scalars())
    columns.check_targets(codes)


def read_lookups(connection: Connection) -> Lookups:
    """The registry and definitions as arrays, read once per file for every chunk's checks."""
    import numpy as np
    import pandas as pd

    munis = connection.execute(
        select(Municipality.code, Municipality.id, Municipality.valid_from, Municipality.valid_to)
    ).all()
    inds = connection.execute(
        select(Indicator.code, Indicator.id, Indicator.formula, Indicator.descriptor)
    ).all()
    # Counts a proportion is built on are checked against each other (numerator <= denominator).
    in_rules = proportion_counts(i.descriptor for i in inds)
    for (descriptor,) in connection.execute(select(Network.descriptor)):
        for rule in descriptor.get("rules", []):
            text = rule if isinstance(rule, str) else rule.get("rule", "")
            in_rules |= parse(text).names

    def bound(value: Any, default: float) -> float:
        return default if value is None else float(value)

    scales = {
        pos: frozenset(float(level["value"]) for level in row.descriptor.get("scale", []))
        for pos, row in enumerate(inds)
        if row.descriptor.get("scale")
    }
    # Each array ends with a sentinel entry that unknown codes (position -1) point to.
    return Lookups(
        municipality_codes=pd.Index([m.code for m in munis], dtype=object),
        municipality_ids=np.array([*(m.id for m in munis), -1], dtype=np.int64),
        valid_from=np.array([*(bound(m.valid_from, -np.inf) for m in munis), -np.inf]),
        valid_to=np.array([*(bound(m.valid_to, np.inf) for m in munis), np.inf]),
        indicator_codes=pd.Index([i.code for i in inds], dtype=object),
        indicator_ids=np.array([*(i.id for i in inds), -1], dtype=np.int64),
        low=np.array([*(bound(i.descriptor.get("min"), -np.inf) for i in inds), -np.inf]),
        high=np.array([*(bound(i.descriptor.get("max"), np.inf) for i in inds), np.inf]),
        derived=np.array([*(bool(i.formula) for i in inds), False], dtype=bool),
        ruled=np.array(
            [
                *(
                    bool(i.descriptor.get("rules") or i.descriptor.get("max_change"))
                    or i.code in in_rules
                    for i in inds
                ),
                False,
            ],
            dtype=bool,
        ),
        scales=scales,
        percent=np.array([*(is_percentage(i.descriptor.get("unit")) for i in inds), False]),
    )


def is_percentage(unit: object) -> bool:
    """Whether an indicator's unit (a text or ``{lang: text}``) is a percentage: ``%``,
    ``% of ...``, ``percent``; then a percentage-formatted cell means what it shows."""
    texts = unit.values() if isinstance(unit, dict) else [unit]
    return any(
        isinstance(text, str)
        and (text.strip().startswith("%") or text.strip().lower() in {"percent", "per cent"})
        for text in texts
    )


#: The stored columns an import compares with, read by :func:`benchlearn.columns.read_columns`.
STORED = {
    "municipality_id": "int64",
    "indicator_id": "int64",
    "year": "int64",
    "value_old": "float64",
    "status_old": "str",
    "batch_id_old": "float64",
    "se_old": "float64",
}


def stored_values(connection: Connection, new: pd.DataFrame) -> pd.DataFrame:
    """Stored observations for the chunk's (indicator, year) partitions.

    On PostgreSQL they are read as columns (:func:`benchlearn.bulk.stored_observations`),
    without a Python object per row; on the connection, so the import's own earlier
    writes are seen.
    """
    import pandas as pd

    columns = list(STORED)
    pairs = list(new[["indicator_id", "year"]].drop_duplicates().itertuples(index=False, name=None))
    if connection.dialect.name == "postgresql":
        from benchlearn.bulk import stored_observations

        stored = stored_observations(connection, pairs)
        stored.columns = pd.Index(columns)
        return stored
    # SQLite plans a row-value IN over (indicator, year) as a scan of the whole table
    # (a scan per chunk: the import of a year into Kolada's 35 million values took
    # 4.8 times a plain executemany). Asked per year for a list of indicators, it seeks
    # the (indicator_id, year) index for each.
    from benchlearn.columns import read_columns

    years: dict[int, list[int]] = {}
    for indicator, year in pairs:
        years.setdefault(int(year), []).append(int(indicator))
    frames = []
    for year, indicators in sorted(years.items()):
        for start in range(0, len(indicators), 500):
            query = select(
                Observation.municipality_id,
                Observation.indicator_id,
                Observation.year,
                Observation.value.label("value_old"),
                Observation.status.label("status_old"),
                Observation.batch_id.label("batch_id_old"),
                Observation.se.label("se_old"),
            ).where(
                Observation.year == year,
                Observation.indicator_id.in_(indicators[start : start + 500]),
            )
            found = read_columns(connection, query, STORED)
            if len(found):
                frames.append(found)
    if not frames:
        return pd.DataFrame({c: pd.Series(dtype="float64") for c in columns}).astype(
            {
                "municipality_id": "int64",
                "indicator_id": "int64",
                "year": "int64",
                "status_old": object,
            }
        )
    return pd.concat(frames, ignore_index=True)


def with_stored(connection: Connection, new: pd.DataFrame) -> pd.DataFrame:
    """The chunk's rows beside the stored ``value_old, status_old, batch_id_old, se_old`` of
    their keys.

    ``found`` says which keys are stored. A chunk of keys not stored yet (a
    first import) is not merged at all: the merge would only cost time.
    """
    import numpy as np

    stored = stored_values(connection, new)
    if stored.empty:
        return new.assign(
            value_old=np.nan, status_old=None, batch_id_old=np.nan, se_old=np.nan, found=False
        )
    merged = new.merge(
        stored.assign(found=True), on=["municipality_id", "indicator_id", "year"], how="left"
    )
    merged["found"] = merged["found"].notna().to_numpy()
    return merged


@dataclass(frozen=True)
class Comparison:
    """A chunk's good rows against the stored values, as masks over the merged rows.

    ``earlier``: the value was written by an earlier chunk of the same file (a
    duplicate row); ``inserted``: not stored yet; ``changed``: stored with
    another value or status, or (when the file gives uncertainty, an ``se`` column)
    another standard error; ``unchanged``: stored as it is.
    """

    earlier: np.ndarray
    inserted: np.ndarray
    changed: np.ndarray
    unchanged: np.ndarray


def all_new(count: int) -> Comparison:
    """The comparison of ``count`` rows with a table that was empty: all to be inserted."""
    import numpy as np

    none = np.zeros(count, dtype=bool)
    return Comparison(earlier=none, inserted=~none, changed=none, unchanged=none)


def compare(merged: pd.DataFrame, batch_id: int) -> Comparison:
    """Tell new, changed and unchanged values apart (NaN equals NaN, no status equals none).

    A file that says nothing of uncertainty (no ``se`` column) leaves an unchanged
    value's stored standard error alone; one that does revises a value whose
    standard error it changes, so the old one is kept as a revision."""
    import numpy as np

    found = merged["found"].to_numpy(dtype=bool)
    earlier = found & (merged["batch_id_old"].to_numpy() == batch_id)
    value = merged["value"].to_numpy(dtype=float)
    value_old = merged["value_old"].to_numpy(dtype=float)
    same_value = (value == value_old) | (np.isnan(value) & np.isnan(value_old))
    same_status = (
        merged["status"].fillna("").to_numpy() == merged["status_old"].fillna("").to_numpy()
    )
    unchanged = found & ~earlier & same_value & same_status
    if "se" in merged:
        se = merged["se"].to_numpy(dtype=float)
        se_old = merged["se_old"].to_numpy(dtype=float)
        unchanged &= (se == se_old) | (np.isnan(se) & np.isnan(se_old))
    return Comparison(
        earlier=earlier, inserted=~found, changed=found & ~earlier & ~unchanged, unchanged=unchanged
    )
