"""Territorial reforms: the crosswalk from old units to new ones, loaded and read back.

Latvia went from 119 municipalities to 43 in July 2021 (and to 42 in July
2025) and Norway from 428 to 356 in 2020. A crosswalk row
``old_code,new_code,year[,weight]`` says that from ``year`` on, ``weight``
(default 1) of the old unit belongs to the new one. A weight of ``-`` says that
part of the old unit went there but its share is not known (Latvia's 2021
reform split two novadi by parish, and no figures apportion them): such a part
is stored with weight 0 and read back as NaN, so that every figure rebuilt
from it is missing rather than a guess. :func:`benchlearn.values.values` uses
the crosswalk to show every year on one set of boundaries.

The built-in crosswalks (``lv-2021-reform``, ``lv-2025-reform``) load by name.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, delete, insert, select
from sqlalchemy.orm import aliased

from benchlearn.errors import BenchlearnError, Problem, ValidationError
from benchlearn.models import CrosswalkLink, Municipality
from benchlearn.registry.municipalities import BUILTIN_DIR

if TYPE_CHECKING:
    import pandas as pd

CROSSWALK_COLUMNS = ("old_code", "new_code", "year")
#: The built-in crosswalks: ``lv-2021-reform`` (119 → 43 units) and ``lv-2025-reform`` (43 → 42).
CROSSWALK_DIR = BUILTIN_DIR / "crosswalks"
#: The ``weight`` of a part whose share is not known, in a file and as stored.
UNKNOWN_SHARE, UNKNOWN_STORED = "-", 0.0


def crosswalk_names() -> list[str]:
    """Names of the built-in crosswalks."""
    return sorted(p.stem for p in CROSSWALK_DIR.glob("*.csv"))


def resolve_crosswalk(source: str | Path) -> Path:
    """A file path, or the name of a built-in crosswalk such as ``lv-2021-reform``."""
    path = Path(source)
    if path.is_file():
        return path
    if str(source) in crosswalk_names():
        return CROSSWALK_DIR / f"{source}.csv"
    raise BenchlearnError.of(
        "reg_unknown_crosswalk", {"source": str(source), "names": crosswalk_names()}
    )


def load_crosswalk(engine: Engine, path: str | Path) -> int:
    """Validate and store a crosswalk, a file or a built-in name (replacing the links of the
    years it covers)."""
    path = resolve_crosswalk(path)
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
    unknown: set[tuple[str, int]] = set()
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
            if raw_weight == UNKNOWN_SHARE:
                weight = UNKNOWN_STORED
                unknown.add((old, year))
            elif not 0 < weight <= 1:
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
            over = {"code": old, "year": year, "total": float(total)}
            if total > 1 + 1e-9:
                problems.append(Problem.of(file, "reg_shares_over", over))
            elif (old, year) in unknown and total > 1 - 1e-9:
                # Known shares that make up the whole unit leave nothing for a part of
                # unknown share.
                problems.append(Problem.of(file, "reg_shares_no_room", over))
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
    """Links in force by ``boundary_year``, each old unit followed to its unit of that year.

    A unit may pass through several reforms (Latvia: Cesvaines novads into Madonas
    novads in 2021, Madonas novads merged with Varakļānu novads in 2025). Each
    link is followed through the later ones to the unit of ``boundary_year``,
    weights multiplied; a value of year *t* moves along a link when *t* is before
    its ``year``. A code that continues through a reform (a link to itself) and
    takes part in a later one keeps only its latest links, which cover the
    earlier years too, so no value is counted twice. A part of unknown share has
    weight NaN, and so has every link followed through one.

    Columns: ``old, new, year, weight``.
    """
    import pandas as pd

    old, new = aliased(Municipality), aliased(Municipality)
    rows = connection.execute(
        select(old.code, new.code, CrosswalkLink.year, CrosswalkLink.weight)
        .join(old, old.id == CrosswalkLink.old_id)
        .join(new, new.id == CrosswalkLink.new_id)
        .where(CrosswalkLink.year <= boundary_year)
    ).all()
    latest: dict[str, int] = {}
    for code, _, year, _ in rows:
        latest[code] = max(year, latest.get(code, year))
    onward: dict[str, list[tuple[str, int, float]]] = {}
    for code, target, year, weight in rows:
        if year == latest[code]:
            share = float("nan") if weight == UNKNOWN_STORED else float(weight)
            onward.setdefault(code, []).append((target, year, share))

    def follow(code: str, after: int, weight: float) -> list[tuple[str, float]]:
        """Where ``code``, a unit since the reform of ``after``, ends up by ``boundary_year``."""
        later = [(n, y, w) for n, y, w in onward.get(code, []) if y > after]
        if not later:
            return [(code, weight)]
        return [found for n, y, w in later for found in follow(n, y, weight * w)]

    # A tiny graph (a few hundred links): followed in Python, summed per old → new unit.
    total: dict[tuple[str, str, int], float] = {}
    for code, targets in onward.items():
        for target, year, weight in targets:
            for final, share in follow(target, year, weight):
                key = (code, final, year)
                total[key] = total.get(key, 0.0) + share
    return pd.DataFrame(
        [(o, n, y, w) for (o, n, y), w in sorted(total.items())],
        columns=["old", "new", "year", "weight"],
    ).astype({"year": "int64", "weight": float})


def unapportioned(connection: Connection, boundary_year: int) -> pd.DataFrame:
    """Units of ``boundary_year`` whose earlier figures cannot be rebuilt: part of an old unit
    of unknown share went into them. Columns: ``new, old, year`` (figures before ``year``)."""
    links = crosswalk(connection, boundary_year)
    parts = links[links["weight"].isna()]
    return (
        parts[["new", "old", "year"]]
        .sort_values(["new", "old"], kind="stable")
        .reset_index(drop=True)
    )


def unapportioned_notes(connection: Connection, boundary_year: int, lang: str = "en") -> list[str]:
    """One sentence per unit of ``boundary_year`` whose earlier figures are left missing (see
    :func:`unapportioned`), in ``lang``: what a reader is told instead of a guessed sum."""
    from benchlearn.messages import say
    from benchlearn.registry.municipalities import municipality_names

    parts = unapportioned(connection, boundary_year)
    if parts.empty:
        return []
    names = municipality_names(connection)

    def named(code: str) -> str:
        return f"{names.get(code, code)} ({code})"

    return [
        say(
            "reg_not_apportioned",
            lang,
            {
                "new": named(str(new)),
                "old": ", ".join(named(str(c)) for c in group["old"]),
                "year": int(group["year"].min()),
            },
        )
        for new, group in parts.groupby("new", sort=True)
    ]


def territory_changes(connection: Connection) -> pd.DataFrame:
    """The years from which a unit's territory differs from before, as the crosswalks say.

    A unit changes in a link's ``year`` when the link joins two different codes:
    the old one gives territory away, the new one receives it (Varakļāni into
    Madona in 2025 changes both). A link of a code to itself alone (a unit that
    went through a reform unchanged) is no change. Similarity uses this so that
    a structural figure from across a reform never stands for another year's
    unit. Columns: ``municipality, year``, sorted, without repeats.
    """
    import pandas as pd

    old, new = aliased(Municipality), aliased(Municipality)
    rows = connection.execute(
        select(old.code, new.code, CrosswalkLink.year)
        .join(old, old.id == CrosswalkLink.old_id)
        .join(new, new.id == CrosswalkLink.new_id)
        .where(old.code != new.code)
    ).all()
    changes = {(code, year) for a, b, year in rows for code in (a, b)}
    return pd.DataFrame(sorted(changes), columns=["municipality", "year"]).astype(
        {"municipality": str, "year": "int64"}
    )
