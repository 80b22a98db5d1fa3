"""Territorial reforms: a crosswalk from old units to new ones, and series on one set of boundaries.

Latvia went from 119 municipalities to 43 in July 2021 and Norway from 428 to
356 in 2020. A crosswalk row ``old_code,new_code,year[,weight]`` says that from
``year`` on, ``weight`` (default 1) of the old unit belongs to the new one. To
show every year on the units of a boundary year, values of years before a link's
``year`` are aggregated from the old units into the new ones, as each indicator
declares: ``sum`` for counts, ``weighted_mean`` with a weight indicator for
rates, and derived indicators are recomputed from aggregated components.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, delete, insert, select
from sqlalchemy.orm import aliased

from benchlearn.definitions import Definitions
from benchlearn.errors import BenchlearnError, Problem, ValidationError
from benchlearn.models import CrosswalkLink, Municipality

if TYPE_CHECKING:
    import pandas as pd

CROSSWALK_COLUMNS = ("old_code", "new_code", "year")


def load_crosswalk(engine: Engine, path: str | Path) -> int:
    """Validate and store a crosswalk (replacing the links of the years it covers)."""
    path = Path(path)
    file = str(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            header = [h.strip() for h in reader.fieldnames or []]
            reader.fieldnames = header
            rows = list(enumerate(reader, start=2))
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise BenchlearnError(f"{file}: cannot read: {exc}") from exc
    missing = [c for c in CROSSWALK_COLUMNS if c not in header]
    if missing:
        raise ValidationError(
            [Problem(file, f"the header has no {c!r} column", row=1) for c in missing],
            f"{file}: cannot load the crosswalk",
        )
    problems: list[Problem] = []
    links: dict[tuple[str, str, int], tuple[float, int]] = {}
    shares: dict[tuple[str, int], float] = {}
    with engine.begin() as connection:
        ids = {c: i for c, i in connection.execute(select(Municipality.code, Municipality.id))}
        for number, row in rows:
            old, new = (row["old_code"] or "").strip(), (row["new_code"] or "").strip()
            for column, code in (("old_code", old), ("new_code", new)):
                if code not in ids:
                    problems.append(
                        Problem(file, f"unknown municipality {code!r}", row=number, column=column)
                    )
            try:
                year = int((row["year"] or "").strip())
            except ValueError:
                problems.append(
                    Problem(file, f"{row['year']!r} is not a year", row=number, column="year")
                )
                continue
            raw_weight = (row.get("weight") or "").strip()
            try:
                weight = float(raw_weight) if raw_weight else 1.0
            except ValueError:
                weight = float("nan")
            if not 0 < weight <= 1:
                problems.append(
                    Problem(
                        file,
                        f"{raw_weight!r} is not a share between 0 and 1",
                        row=number,
                        column="weight",
                    )
                )
                continue
            key = (old, new, year)
            if key in links:
                problems.append(Problem(file, f"duplicate of row {links[key][1]}", row=number))
                continue
            links[key] = (weight, number)
            shares[(old, year)] = shares.get((old, year), 0.0) + weight
        for (old, year), total in sorted(shares.items()):
            if total > 1 + 1e-9:
                problems.append(
                    Problem(file, f"the shares of {old} in {year} add up to {total:g}, more than 1")
                )
        if problems:
            raise ValidationError(
                problems, f"{file}: {len(problems)} problem(s); nothing was loaded"
            )
        years = sorted({year for _, _, year in links})
        connection.execute(delete(CrosswalkLink).where(CrosswalkLink.year.in_(years)))
        if links:
            connection.execute(
                insert(CrosswalkLink),
                [
                    {"old_id": ids[o], "new_id": ids[n], "year": y, "weight": w}
                    for (o, n, y), (w, _) in links.items()
                ],
            )
    return len(links)


def crosswalk(connection: Connection, boundary_year: int) -> pd.DataFrame:
    """Links in force by ``boundary_year``. Columns: ``old, new, year, weight``."""
    import pandas as pd

    old, new = aliased(Municipality), aliased(Municipality)
    rows = connection.execute(
        select(old.code, new.code, CrosswalkLink.year, CrosswalkLink.weight)
        .join(old, old.id == CrosswalkLink.old_id)
        .join(new, new.id == CrosswalkLink.new_id)
        .where(CrosswalkLink.year <= boundary_year)
    ).all()
    return pd.DataFrame(rows, columns=["old", "new", "year", "weight"])


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
