"""Municipalities: loading registries from CSV and reading them with their attributes.

A registry CSV has columns ``code,name``, optionally ``kind``, ``valid_from`` and
``valid_to`` (years); every other column becomes a named attribute such as
``region`` or ``kostra_group``. Loading upserts by code in one transaction, and
validity widens rather than shrinks, so loading the 2009 and the 2021 Latvian
registries one after the other keeps a unit that exists in both valid throughout.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, delete, insert, select, update

from benchlearn.definitions.model import NetworkDefinition
from benchlearn.errors import BenchlearnError, Problem, ValidationError
from benchlearn.limits import too_long
from benchlearn.models import Municipality, MunicipalityAttribute, Network, NetworkMember

if TYPE_CHECKING:
    import pandas as pd

CORE_COLUMNS = ("code", "name", "kind", "valid_from", "valid_to")
#: The built-in registries: ``lv-2009`` (119 Latvian units), ``lv-2021`` (43 units) and
#: ``lv-2025`` (42 units); their reform crosswalks are in ``crosswalks/``.
BUILTIN_DIR = Path(__file__).resolve().parent / "builtin"


@dataclass(frozen=True)
class MunicipalityRecord:
    """One validated row of a registry file."""

    code: str
    name: str
    kind: str | None
    valid_from: int | None
    valid_to: int | None
    attributes: dict[str, str]


@dataclass(frozen=True)
class MunicipalityLoad:
    """What a registry load changed."""

    added: int
    updated: int
    attributes: tuple[str, ...]


def registry_names() -> list[str]:
    """Names of the built-in registries."""
    return sorted(p.stem for p in BUILTIN_DIR.glob("*.csv"))


def resolve_registry(source: str | Path) -> Path:
    """A file path, or the name of a built-in registry such as ``lv-2021``."""
    path = Path(source)
    if path.is_file():
        return path
    if str(source) in registry_names():
        return BUILTIN_DIR / f"{source}.csv"
    raise BenchlearnError.of(
        "reg_unknown_source", {"source": str(source), "names": registry_names()}
    )


def year_cells(
    cells: dict[str, str],
    columns: Sequence[str],
    name: str,
    number: int,
    problems: list[Problem],
) -> dict[str, int | None]:
    """The year in each of ``columns`` of a row (None where empty); a cell that is not a whole
    year adds a problem naming it. Registry and member files write their years alike."""
    years: dict[str, int | None] = {}
    for column in columns:
        raw = cells.get(column, "")
        years[column] = None
        if raw:
            try:
                years[column] = int(raw)
            except ValueError:
                problems.append(
                    Problem.of(name, "reg_not_a_year", {"text": raw}, row=number, column=column)
                )
    return years


def read_registry(path: Path) -> list[MunicipalityRecord]:
    """Read and validate a registry CSV; raise with every problem at once."""
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise BenchlearnError.of("reg_cannot_read", {"file": name, "error": str(exc)}) from exc
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in reader.fieldnames or []]
    problems: list[Problem] = []
    for required in ("code", "name"):
        if required not in header:
            problems.append(Problem.of(name, "imp_no_column", {"column": required}, row=1))
    for dup in sorted({h for h in header if header.count(h) > 1}):
        problems.append(Problem.of(name, "imp_column_twice", {"column": dup}, row=1))
    if problems:
        raise ValidationError(problems, key="reg_cannot_load_municipalities", values={"file": name})
    reader.fieldnames = header
    records: list[MunicipalityRecord] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(reader, start=2):
        if None in row:
            problems.append(Problem.of(name, "reg_more_cells", row=number))
            continue
        cells = {k: (v or "").strip() for k, v in row.items()}
        code, label = cells["code"], cells["name"]
        if not code:
            problems.append(Problem.of(name, "reg_code_empty", row=number, column="code"))
        elif code in seen:
            again = {"code": code, "row": seen[code]}
            problems.append(Problem.of(name, "reg_code_again", again, row=number, column="code"))
        else:
            seen[code] = number
        if not label:
            problems.append(Problem.of(name, "reg_name_empty", row=number, column="name"))
        years = year_cells(cells, ("valid_from", "valid_to"), name, number, problems)
        start, end = years["valid_from"], years["valid_to"]
        if start is not None and end is not None and end < start:
            problems.append(
                Problem.of(
                    name,
                    "reg_ends_before",
                    {"end": end, "start": start},
                    row=number,
                    column="valid_to",
                )
            )
        attributes = {k: v for k, v in cells.items() if k not in CORE_COLUMNS}
        problems += _too_long(name, number, cells, attributes)
        records.append(
            MunicipalityRecord(code, label, cells.get("kind") or None, start, end, attributes)
        )
    if problems:
        raise ValidationError(
            problems, key="reg_nothing_loaded", values={"file": name, "count": len(problems)}
        )
    return records


def _too_long(
    file: str, row: int, cells: dict[str, str], attributes: dict[str, str]
) -> list[Problem]:
    """The cells of one registry row longer than the database holds (:mod:`benchlearn.limits`),
    an attribute's name included (it is stored too); on row 1 for a header cell."""
    found = [
        too_long(cells.get(column, ""), f"municipalities.{column}", file, row=row, column=column)
        for column in ("code", "name", "kind")
    ]
    for column, value in attributes.items():
        stored = "municipality_attributes.value"
        found.append(too_long(value, stored, file, row=row, column=_column_name(column)))
        if row == 2:  # the header's cells, once
            stored = "municipality_attributes.name"
            found.append(too_long(column, stored, file, row=1, column=_column_name(column)))
    return [problem for problem in found if problem is not None]


def _column_name(column: str) -> str:
    """A column's name as a message names it: a very long one by its start."""
    return column if len(column) <= 40 else column[:40] + "…"


def load_municipalities(engine: Engine, source: str | Path) -> MunicipalityLoad:
    """Validate a registry (file or built-in name) and upsert it in one transaction."""
    records = read_registry(resolve_registry(source))
    attribute_names = tuple(sorted({k for r in records for k in r.attributes}))
    with engine.begin() as connection:
        existing = {
            row.code: row
            for row in connection.execute(
                select(
                    Municipality.id,
                    Municipality.code,
                    Municipality.valid_from,
                    Municipality.valid_to,
                )
            )
        }
        added = updated = 0
        for record in records:
            values = {"name": record.name, "kind": record.kind}
            old = existing.get(record.code)
            if old is None:
                municipality_id = connection.execute(
                    insert(Municipality)
                    .values(
                        code=record.code,
                        valid_from=record.valid_from,
                        valid_to=record.valid_to,
                        **values,
                    )
                    .returning(Municipality.id)
                ).scalar_one()
                added += 1
            else:
                municipality_id = old.id
                connection.execute(
                    update(Municipality)
                    .where(Municipality.id == municipality_id)
                    .values(
                        valid_from=_widen(old.valid_from, record.valid_from, min),
                        valid_to=_widen(old.valid_to, record.valid_to, max),
                        **values,
                    )
                )
                updated += 1
            if attribute_names:
                connection.execute(
                    delete(MunicipalityAttribute).where(
                        MunicipalityAttribute.municipality_id == municipality_id,
                        MunicipalityAttribute.name.in_(attribute_names),
                    )
                )
            present = [
                {"municipality_id": municipality_id, "name": k, "value": v}
                for k, v in record.attributes.items()
                if v
            ]
            if present:
                connection.execute(insert(MunicipalityAttribute), present)
    return MunicipalityLoad(added, updated, attribute_names)


def _widen(old: int | None, new: int | None, pick: Callable[[int, int], int]) -> int | None:
    """Combine validity bounds: None means open-ended, so it wins."""
    if old is None or new is None:
        return None
    return pick(old, new)


def municipalities_frame(connection: Connection) -> pd.DataFrame:
    """Every municipality with its attributes.

    Columns: ``code, name, kind, valid_from, valid_to`` and one column per
    attribute name (empty where a municipality lacks it).
    """
    import pandas as pd

    base = pd.DataFrame(
        connection.execute(
            select(
                Municipality.id,
                Municipality.code,
                Municipality.name,
                Municipality.kind,
                Municipality.valid_from,
                Municipality.valid_to,
            ).order_by(Municipality.code)
        ).all(),
        columns=["id", "code", "name", "kind", "valid_from", "valid_to"],
    )
    attributes = pd.DataFrame(
        connection.execute(
            select(
                MunicipalityAttribute.municipality_id,
                MunicipalityAttribute.name,
                MunicipalityAttribute.value,
            )
        ).all(),
        columns=["id", "name", "value"],
    )
    for column in ("valid_from", "valid_to"):
        base[column] = base[column].astype("Int64")
    if not attributes.empty:
        wide = attributes.pivot(index="id", columns="name", values="value")
        base = base.merge(wide, left_on="id", right_index=True, how="left")
    return base.drop(columns="id").reset_index(drop=True)


def municipality_names(connection: Connection) -> dict[str, str]:
    """Code → name of every municipality."""
    return {a: b for a, b in connection.execute(select(Municipality.code, Municipality.name))}


@dataclass(frozen=True)
class Membership:
    """A stored network's members: every municipality in the registry, or a list with years.

    ``frame`` has columns ``municipality, joined, left``: one row per municipality
    that has been a member (former members too), by code; ``joined`` and ``left``
    are nullable integers (empty: a member since always, a member still). The
    leave year is exclusive, so a member that left in 2025 is compared in 2024 but
    not in 2025. With ``everyone`` (``members: all``) the list is kept but not used.
    """

    network: str
    everyone: bool
    frame: pd.DataFrame

    def listed(self, year: int | None) -> list[str]:
        """Codes of the listed members in ``year`` (without a year: those that have not left)."""
        frame = self.frame
        staying = frame["left"].isna()
        if year is not None:
            staying = (frame["joined"].isna() | (frame["joined"] <= year)) & (
                staying | (frame["left"] > year)
            )
        return [str(c) for c in frame.loc[staying.fillna(False).astype(bool), "municipality"]]

    def changes(self, year: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Who joined in ``year``, and who left in ``year`` (no longer a member).

        Nobody for a network of every municipality, whose members come and go
        with the registry rather than by joining.
        """
        if self.everyone:
            return (), ()
        frame = self.frame
        joined = frame.loc[frame["joined"].eq(year).fillna(False).astype(bool), "municipality"]
        left = frame.loc[frame["left"].eq(year).fillna(False).astype(bool), "municipality"]
        return tuple(str(c) for c in joined), tuple(str(c) for c in left)


def membership(connection: Connection, network: str) -> Membership | None:
    """The stored network's members with their years, read at once (None: not stored)."""
    import pandas as pd

    rows = connection.execute(
        select(Network.all_members, Municipality.code, NetworkMember.joined, NetworkMember.left)
        .select_from(Network)
        .outerjoin(NetworkMember, NetworkMember.network_id == Network.id)
        .outerjoin(Municipality, Municipality.id == NetworkMember.municipality_id)
        .where(Network.code == network)
        .order_by(Municipality.code)
    ).all()
    if not rows:
        return None
    frame = pd.DataFrame(
        [tuple(r)[1:] for r in rows if r.code is not None],
        columns=["municipality", "joined", "left"],
    )
    for column in ("joined", "left"):
        frame[column] = frame[column].astype("Int64")
    return Membership(network, bool(rows[0].all_members), frame)


def network_members(
    connection: Connection, network: NetworkDefinition, year: int | None = None
) -> list[str]:
    """Codes of a network's members in ``year`` (without a year: its members now), by code.

    A stored network's members are data (``benchlearn networks members``, see
    :class:`Membership`); with ``members: all``, every municipality valid in
    ``year``; a network not stored yet has the members its definition names.
    """
    return members_in(connection, network, membership(connection, network.code), year)


def members_in(
    connection: Connection,
    network: NetworkDefinition,
    found: Membership | None,
    year: int | None,
) -> list[str]:
    """:func:`network_members` from a membership already read."""
    if found is None and network.members != "all":
        return list(network.members)
    if found is not None and not found.everyone:
        return found.listed(year)
    return registry_members(connection, year)


def registry_members(connection: Connection, year: int | None) -> list[str]:
    """Codes of every municipality valid in ``year`` (every one without a year), by code."""
    query = select(Municipality.code).order_by(Municipality.code)
    if year is not None:
        query = query.where(
            (Municipality.valid_from.is_(None)) | (Municipality.valid_from <= year),
            (Municipality.valid_to.is_(None)) | (Municipality.valid_to >= year),
        )
    return list(connection.execute(query).scalars())


#: The registry attributes that say whom to write to, the first one found wins.
CONTACT_ATTRIBUTES = ("contact", "email")


def contacts(connection: Connection) -> dict[str, str]:
    """Municipality code → whom to write to: its ``contact`` (else ``email``) attribute.

    The forms status's reminder list and the learning partners name the same person.
    """
    found: dict[str, dict[str, str]] = {}
    for code, name, value in connection.execute(
        select(Municipality.code, MunicipalityAttribute.name, MunicipalityAttribute.value)
        .join(MunicipalityAttribute, MunicipalityAttribute.municipality_id == Municipality.id)
        .where(MunicipalityAttribute.name.in_(CONTACT_ATTRIBUTES))
    ):
        found.setdefault(code, {})[name] = value
    return {
        code: next(held[a] for a in CONTACT_ATTRIBUTES if held.get(a))
        for code, held in found.items()
        if any(held.get(a) for a in CONTACT_ATTRIBUTES)
    }
