"""A network's members as data: who joined in which year, and who left.

A facilitator sets the members with ``benchlearn networks members``: adds
municipalities (joining in a year), removes them (leaving in a year; their
values stay, and they are still compared in the years they were members), or
sets the whole list from a file. Each change is one transaction, and a change
that names an unknown municipality writes nothing. A network defined with
``members: all`` has every municipality in the registry until a list is set.
Which members a comparison sees in a year is
:func:`benchlearn.registry.municipalities.network_members`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, bindparam, delete, insert, select, update

from benchlearn.errors import BenchlearnError, Problem, ValidationError
from benchlearn.models import Municipality, Network, NetworkMember
from benchlearn.registry.municipalities import (
    Membership,
    membership,
    registry_members,
    year_cells,
)

#: One membership written: ``m`` the municipality's id, ``j`` and ``l`` its years.
Row = dict[str, int | None]


@dataclass(frozen=True)
class MemberEntry:
    """One municipality of a member file, with the years the file gives (None: not given)."""

    code: str
    joined: int | None = None
    left: int | None = None


@dataclass(frozen=True)
class MemberChange:
    """What one change of a network's members did, in ``year``."""

    network: str
    year: int
    added: tuple[str, ...]
    removed: tuple[str, ...]
    unchanged: int
    members: int  # members in ``year`` after the change
    everyone: bool = False


def stored_membership(connection: Connection, network: str) -> Membership:
    """The stored network's members with their years; an unknown network is an error."""
    found = membership(connection, network)
    if found is None:
        raise BenchlearnError.of("reg_unknown_network", {"code": network})
    return found


def _network_id(connection: Connection, code: str) -> int:
    return int(connection.execute(select(Network.id).where(Network.code == code)).scalar_one())


def read_member_file(text: str, name: str) -> list[MemberEntry]:
    """The municipalities a member file lists; raise with every problem at once.

    A CSV with a ``municipality`` column and optional ``joined`` and ``left``
    columns (years), or plain text with one code per line (blank lines and lines
    starting with ``#`` are skipped).
    """
    lines = [line.strip() for line in text.lstrip("\ufeff").splitlines()]
    first = next((line for line in lines if line and not line.startswith("#")), "")
    problems: list[Problem] = []
    entries: list[MemberEntry] = []
    seen: dict[str, int] = {}
    if "," in first or first == "municipality":
        reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
        header = [h.strip() for h in reader.fieldnames or []]
        if "municipality" not in header:
            problems.append(Problem.of(name, "imp_no_column", {"column": "municipality"}, row=1))
            raise ValidationError(problems, key="reg_cannot_set_members", values={"file": name})
        reader.fieldnames = header
        rows: Iterable[tuple[int, dict[str, str]]] = (
            (number, {k: (v or "").strip() for k, v in row.items() if k is not None})
            for number, row in enumerate(reader, start=2)
        )
    else:
        rows = (
            (number, {"municipality": line})
            for number, line in enumerate(lines, start=1)
            if line and not line.startswith("#")
        )
    for number, cells in rows:
        code = cells.get("municipality", "")
        if not code:
            problems.append(Problem.of(name, "reg_code_empty", row=number, column="municipality"))
            continue
        if code in seen:
            again = {"code": code, "row": seen[code]}
            problems.append(
                Problem.of(name, "reg_code_again", again, row=number, column="municipality")
            )
            continue
        seen[code] = number
        years = year_cells(cells, ("joined", "left"), name, number, problems)
        joined, left = years["joined"], years["left"]
        if joined is not None and left is not None and left <= joined:
            problems.append(
                Problem.of(
                    name,
                    "reg_leaves_before_joining",
                    {"left": left, "joined": joined},
                    row=number,
                    column="left",
                )
            )
        entries.append(MemberEntry(code, joined, left))
    if not entries and not problems:
        problems.append(Problem.of(name, "reg_no_members_listed"))
    if problems:
        raise ValidationError(problems, key="reg_cannot_set_members", values={"file": name})
    return entries


def change_members(
    engine: Engine,
    network: str,
    year: int,
    *,
    add: Sequence[str] = (),
    remove: Sequence[str] = (),
    members: Sequence[MemberEntry] | None = None,
    everyone: bool = False,
) -> MemberChange:
    """Add members joining in ``year``, remove members leaving in ``year``, or set the list.

    ``members`` (a member file's entries) sets the whole list: a member the list
    does not name leaves in ``year``; one it names keeps its join year unless the
    file gives one, and a new one joins in ``year``. A member added again keeps
    its first join year (one period per member: joining again clears the leave
    year), or takes ``year`` when that is earlier. A member that leaves in or
    before the year it joined was never a member and is dropped. ``everyone``
    makes every municipality in the registry a member (``members: all``),
    keeping the list for when one is set again. Unknown municipalities, or
    removing one that is not a member, write nothing.
    """
    with engine.begin() as connection:
        found = stored_membership(connection, network)
        network_id = _network_id(connection, network)
        ids = {a: b for a, b in connection.execute(select(Municipality.code, Municipality.id))}
        named = list(add) + list(remove) + [e.code for e in members or ()]
        unknown = sorted({c for c in named if c not in ids})
        if unknown:
            raise BenchlearnError.of("reg_unknown_members", {"codes": unknown})
        if everyone:
            connection.execute(
                update(Network).where(Network.id == network_id).values(all_members=True)
            )
            count = len(registry_members(connection, year))
            return MemberChange(network, year, (), (), count, count, everyone=True)
        if found.everyone and (add or remove):
            raise BenchlearnError.of("reg_members_all", {"network": network})
        stored = {
            str(r.municipality): (_year(r.joined), _year(r.left))
            for r in found.frame.itertuples(index=False)
        }
        current = {c for c, (_, left) in stored.items() if left is None}
        not_members = sorted({c for c in remove if c not in current})
        if not_members:
            raise BenchlearnError.of("reg_not_members", {"network": network, "codes": not_members})
        if members is not None:
            wanted = {e.code: e for e in members}
            leaving = current - set(wanted)
        else:
            wanted = {c: MemberEntry(c) for c in add}
            leaving = set(remove)
        rows: dict[str, list[Row]] = {"insert": [], "update": [], "delete": []}
        for code, entry in wanted.items():
            old = stored.get(code)
            joined = entry.joined
            if joined is None:
                # A member keeps its join year unless it now joins earlier; a new one joins now.
                keep = old is not None and (old[0] is None or old[0] <= year)
                joined = old[0] if old is not None and keep else year
            if old is None:
                rows["insert"].append({"m": ids[code], "j": joined, "l": entry.left})
            elif old != (joined, entry.left):
                rows["update"].append({"m": ids[code], "j": joined, "l": entry.left})
        for code in leaving:
            joined = stored[code][0]
            # Leaving in or before the year it joined: it was never a member.
            never = joined is not None and year <= joined
            if never:
                rows["delete"].append({"m": ids[code]})
            else:
                rows["update"].append({"m": ids[code], "j": joined, "l": year})
        _write(connection, network_id, rows)
        if found.everyone:
            connection.execute(
                update(Network).where(Network.id == network_id).values(all_members=False)
            )
        count = len(stored_membership(connection, network).listed(year))
    added = sorted(c for c in wanted if c not in current)
    return MemberChange(
        network, year, tuple(added), tuple(sorted(leaving)), len(current - leaving), count
    )


def _year(value: object) -> int | None:
    """A nullable year from a membership frame: pandas' NA becomes None."""
    import pandas as pd

    return None if pd.isna(value) else int(value)  # type: ignore[call-overload]


def _write(connection: Connection, network_id: int, rows: dict[str, list[Row]]) -> None:
    """Insert, update and delete memberships, one statement for each (executemany)."""
    member = NetworkMember.municipality_id == bindparam("m")
    statements = {
        "insert": insert(NetworkMember).values(
            network_id=network_id,
            municipality_id=bindparam("m"),
            joined=bindparam("j"),
            left=bindparam("l"),
        ),
        "update": update(NetworkMember)
        .where(NetworkMember.network_id == network_id, member)
        .values(joined=bindparam("j"), left=bindparam("l")),
        "delete": delete(NetworkMember).where(NetworkMember.network_id == network_id, member),
    }
    for kind, statement in statements.items():
        if rows[kind]:
            connection.execute(statement, rows[kind])
