"""Whom each municipality is compared with: the ``--peers`` specification and explicit peer lists.

A specification (``--peers``) is one of:

* ``network`` — the network's members (the default);
* ``all`` — every municipality with a value;
* ``attr:NAME`` — municipalities sharing the value of attribute NAME, members or not;
* ``group:NAME`` — an explicit peer list loaded with ``benchlearn peers load``;
* ``similar:K`` — each member's K nearest neighbours on the structural variables.

:func:`resolve_peers` turns it into a :class:`PeerAssignment`, the peer sets
the ranking maths works on. Explicit lists, such as CIPFA nearest neighbours or
Kolada's similar municipalities, come from a peer file with columns
``municipality,peer`` (one row per pair; the lists are asymmetric) and
optionally ``group`` to hold several named groups in one file. Loading replaces
the named groups as a whole, in one transaction.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal, cast

from sqlalchemy import Connection, Engine, delete, insert, select

from benchlearn.errors import BenchlearnError, Problem, ValidationError
from benchlearn.limits import too_long
from benchlearn.messages import phrase
from benchlearn.models import Municipality, PeerGroup, PeerLink

if TYPE_CHECKING:
    import pandas as pd

PeerKind = Literal["network", "all", "attr", "group", "similar"]
PEER_KINDS = ("network", "all", "attr:NAME", "group:NAME", "similar:K")
#: Municipality columns that are not attributes a peer group can share.
_NOT_ATTRIBUTES = {"code", "name", "valid_from", "valid_to"}


@dataclass(frozen=True)
class PeerAssignment:
    """Whom each municipality is compared with: a partition or explicit pairs.

    ``partition`` (a Series, municipality → label) compares everyone with the
    same label together; ``pairs`` (columns ``municipality, peer``) gives each
    municipality its own list, to which it always belongs itself.
    """

    label: str
    partition: pd.Series | None = None
    pairs: pd.DataFrame | None = None

    def __post_init__(self) -> None:
        if (self.partition is None) == (self.pairs is None):
            raise ValueError("a peer assignment has exactly one of partition and pairs")

    def peer_set(self, municipality: str) -> list[str]:
        """The municipality's own peer set (itself included), sorted."""
        if self.partition is not None:
            if municipality not in self.partition.index:
                return [municipality]
            label = self.partition[municipality]
            return sorted(self.partition.index[self.partition == label])
        assert self.pairs is not None
        pairs = self.pairs
        return sorted({municipality, *pairs.loc[pairs["municipality"] == municipality, "peer"]})


@dataclass(frozen=True)
class PeerSpec:
    """A parsed ``--peers`` specification: its kind, and the attribute, group or K it names."""

    text: str
    kind: PeerKind
    name: str = ""
    k: int = 0

    @classmethod
    def parse(cls, text: str) -> PeerSpec:
        """Read ``network``, ``all``, ``attr:NAME``, ``group:NAME`` or ``similar:K``."""
        if text in {"network", "all"}:
            return cls(text, cast(PeerKind, text))
        kind, _, name = text.partition(":")
        if kind in {"attr", "group"} and name:
            return cls(text, cast(PeerKind, kind), name)
        if kind == "similar" and name:
            try:
                k = int(name)
            except ValueError:
                raise BenchlearnError.of("cmp_peers_k", {"text": text}) from None
            return cls(text, "similar", name, k)
        raise BenchlearnError.of("cmp_peers_kind", {"text": text, "kinds": ", ".join(PEER_KINDS)})

    @property
    def everyone(self) -> bool:
        """Whether peers may be any municipality with a value, not only members and listed peers."""
        return self.kind in {"all", "attr"}


def resolve_peers(
    connection: Connection,
    spec: PeerSpec,
    members: Sequence[str],
    nearest: Callable[[int], pd.DataFrame],
) -> PeerAssignment:
    """Turn a specification into peer sets.

    ``nearest(k)`` gives each member's k nearest neighbours (columns
    ``municipality, neighbour``) for ``similar:K``; the caller computes them,
    because similarity is analysis, a layer above this one.
    """
    import pandas as pd

    from benchlearn.registry.municipalities import municipalities_frame

    if spec.kind == "network":
        return PeerAssignment("network", partition=pd.Series("network", index=list(members)))
    if spec.kind == "all":
        codes = municipalities_frame(connection)["code"].tolist()
        return PeerAssignment("all", partition=pd.Series("all", index=codes))
    if spec.kind == "attr":
        frame = municipalities_frame(connection)
        if spec.name not in frame.columns or spec.name in _NOT_ATTRIBUTES:
            known = [c for c in frame.columns if c not in _NOT_ATTRIBUTES]
            raise BenchlearnError.of(
                "cmp_peers_attribute",
                {"name": spec.name, "known": ", ".join(known) or phrase("cmp_none")},
            )
        groups = frame.set_index("code")[spec.name].dropna()
        groups = groups[groups.astype(str) != ""]
        return PeerAssignment(spec.text, partition=groups.astype(str))
    if spec.kind == "group":
        return PeerAssignment(spec.text, pairs=peer_pairs(connection, spec.name))
    neighbours = nearest(spec.k)
    return PeerAssignment(
        spec.text,
        pairs=neighbours[["municipality", "neighbour"]].rename(columns={"neighbour": "peer"}),
    )


def read_peer_file(path: Path, default_group: str) -> dict[str, list[tuple[int, str, str]]]:
    """Rows per group as (row number, municipality, peer); header problems raise."""
    file = str(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            header = [h.strip() for h in reader.fieldnames or []]
            missing = [c for c in ("municipality", "peer") if c not in header]
            if missing:
                raise ValidationError(
                    [Problem.of(file, "imp_no_column", {"column": c}, row=1) for c in missing],
                    key="reg_cannot_load_peers",
                    values={"file": file},
                )
            reader.fieldnames = header
            groups: dict[str, list[tuple[int, str, str]]] = {}
            for number, row in enumerate(reader, start=2):
                group = (row.get("group") or "").strip() or default_group
                groups.setdefault(group, []).append(
                    (number, (row["municipality"] or "").strip(), (row["peer"] or "").strip())
                )
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise BenchlearnError.of("reg_cannot_read", {"file": file, "error": str(exc)}) from exc
    return groups


def load_peer_groups(engine: Engine, path: str | Path, name: str | None = None) -> dict[str, int]:
    """Load peer lists; return pairs per group. Unknown codes and duplicates are all reported."""
    path = Path(path)
    if not path.is_file():
        raise BenchlearnError.of("imp_no_such_file", {"file": str(path)})
    groups = read_peer_file(path, name or path.stem)
    file = str(path)
    with engine.begin() as connection:
        ids = {a: b for a, b in connection.execute(select(Municipality.code, Municipality.id))}
        problems: list[Problem] = []
        links: dict[str, list[tuple[int, int]]] = {}
        for group, rows in groups.items():
            # A group's name is stored: too long is refused where the group first appears.
            long = too_long(group, "peer_groups.name", file, row=rows[0][0], column="group")
            problems += [long] if long is not None else []
            seen: dict[tuple[str, str], int] = {}
            for number, municipality, peer in rows:
                for column, code in (("municipality", municipality), ("peer", peer)):
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
                if municipality == peer:
                    problems.append(Problem.of(file, "reg_own_peer", row=number))
                elif (municipality, peer) in seen:
                    first = {"row": seen[(municipality, peer)]}
                    problems.append(Problem.of(file, "reg_duplicate", first, row=number))
                seen.setdefault((municipality, peer), number)
            links[group] = [(ids[m], ids[p]) for (m, p) in seen if m in ids and p in ids and m != p]
        if problems:
            raise ValidationError(
                problems, key="reg_nothing_loaded", values={"file": file, "count": len(problems)}
            )
        counts = {}
        for group, pairs in links.items():
            connection.execute(delete(PeerGroup).where(PeerGroup.name == group))
            group_id = connection.execute(
                insert(PeerGroup).values(name=group, source_file=file).returning(PeerGroup.id)
            ).scalar_one()
            connection.execute(
                insert(PeerLink),
                [{"group_id": group_id, "municipality_id": m, "peer_id": p} for m, p in pairs],
            )
            counts[group] = len(pairs)
    return counts


def peer_group_names(connection: Connection) -> list[str]:
    """Names of the loaded peer groups."""
    return list(connection.execute(select(PeerGroup.name).order_by(PeerGroup.name)).scalars())


def peer_pairs(connection: Connection, name: str) -> pd.DataFrame:
    """The pairs of group ``name``. Columns: ``municipality, peer``."""
    import pandas as pd
    from sqlalchemy.orm import aliased

    group_id = connection.execute(select(PeerGroup.id).where(PeerGroup.name == name)).scalar()
    if group_id is None:
        known = ", ".join(peer_group_names(connection)) or phrase("cmp_no_groups")
        raise BenchlearnError.of("cmp_unknown_group", {"name": name, "known": known})
    focal, peer = aliased(Municipality), aliased(Municipality)
    rows = connection.execute(
        select(focal.code, peer.code)
        .join(PeerLink, PeerLink.municipality_id == focal.id)
        .join(peer, PeerLink.peer_id == peer.id)
        .where(PeerLink.group_id == group_id)
        .order_by(focal.code, peer.code)
    ).all()
    return pd.DataFrame(rows, columns=["municipality", "peer"])
