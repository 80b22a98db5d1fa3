"""Territorial reforms: the crosswalk from old units to new ones, loaded and read back.

Latvia went from 119 municipalities to 43 in July 2021 and Norway from 428 to
356 in 2020. A crosswalk row ``old_code,new_code,year[,weight]`` says that from
``year`` on, ``weight`` (default 1) of the old unit belongs to the new one.
:func:`benchlearn.values.values` uses it to show every year on one set of
boundaries.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, delete, insert, select
from sqlalchemy.orm import aliased

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
        raise BenchlearnError.of("reg_cannot_read", {"file": file, "error": str(exc)}) from exc
    missing = [c for c in CROSSWALK_COLUMNS if c not in header]
    if missing:
        raise ValidationError(
            [Problem.of(file, "imp_no_column", {"column": c}, row=1) for c in missing],
            key="reg_cannot_load_crosswalk",
            values={"file": file},
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
                        Problem.of(
                            file,
                            "imp_unknown_municipality",
                            {"code": code},
                            row=number,
                            column=column,
                        )
                    )
            try:
                year = int((row["year"] or "").strip())
            except ValueError:
                problems.append(
                    Problem.of(
                        file, "reg_not_a_year", {"text": row["year"]}, row=number, column="year"
                    )
                )
                continue
            raw_weight = (row.get("weight") or "").strip()
            try:
                weight = float(raw_weight) if raw_weight else 1.0
            except ValueError:
                weight = float("nan")
            if not 0 < weight <= 1:
                problems.append(
                    Problem.of(
                        file, "reg_not_a_share", {"text": raw_weight}, row=number, column="weight"
                    )
                )
                continue
            key = (old, new, year)
            if key in links:
                problems.append(
                    Problem.of(file, "reg_duplicate", {"row": links[key][1]}, row=number)
                )
                continue
            links[key] = (weight, number)
            shares[(old, year)] = shares.get((old, year), 0.0) + weight
        for (old, year), total in sorted(shares.items()):
            if total > 1 + 1e-9:
                over = {"code": old, "year": year, "total": float(total)}
                problems.append(Problem.of(file, "reg_shares_over", over))
        if problems:
            raise ValidationError(
                problems, key="reg_nothing_loaded", values={"file": file, "count": len(problems)}
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
