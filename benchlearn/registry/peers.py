"""Explicit peer groups, such as CIPFA nearest neighbours or Kolada's similar municipalities.

A peer file has columns ``municipality,peer`` (one row per pair; the lists are
asymmetric) and optionally ``group`` to hold several named groups in one file.
Loading replaces the named groups as a whole, in one transaction.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, delete, insert, select

from benchlearn.errors import BenchlearnError, Problem, ValidationError
from benchlearn.models import Municipality, PeerGroup, PeerLink

if TYPE_CHECKING:
    import pandas as pd


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
                    [Problem(file, f"the header has no {c!r} column", row=1) for c in missing],
                    f"{file}: cannot load peers",
                )
            reader.fieldnames = header
            groups: dict[str, list[tuple[int, str, str]]] = {}
            for number, row in enumerate(reader, start=2):
                group = (row.get("group") or "").strip() or default_group
                groups.setdefault(group, []).append(
                    (number, (row["municipality"] or "").strip(), (row["peer"] or "").strip())
                )
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise BenchlearnError(f"{file}: cannot read: {exc}") from exc
    return groups


def load_peer_groups(engine: Engine, path: str | Path, name: str | None = None) -> dict[str, int]:
    """Load peer lists; return pairs per group. Unknown codes and duplicates are all reported."""
    path = Path(path)
    if not path.is_file():
        raise BenchlearnError(f"{path}: no such file")
    groups = read_peer_file(path, name or path.stem)
    file = str(path)
    with engine.begin() as connection:
        ids = {a: b for a, b in connection.execute(select(Municipality.code, Municipality.id))}
        problems: list[Problem] = []
        links: dict[str, list[tuple[int, int]]] = {}
        for group, rows in groups.items():
            seen: dict[tuple[str, str], int] = {}
            for number, municipality, peer in rows:
                for column, code in (("municipality", municipality), ("peer", peer)):
                    if code not in ids:
                        problems.append(
                            Problem(
                                file, f"unknown municipality {code!r}", row=number, column=column
                            )
                        )
                if municipality == peer:
                    problems.append(
                        Problem(
                            file, "a municipality is always its own peer; drop this row", row=number
                        )
                    )
                elif (municipality, peer) in seen:
                    problems.append(
                        Problem(file, f"duplicate of row {seen[(municipality, peer)]}", row=number)
                    )
                seen.setdefault((municipality, peer), number)
            links[group] = [(ids[m], ids[p]) for (m, p) in seen if m in ids and p in ids and m != p]
        if problems:
            raise ValidationError(
                problems, f"{file}: {len(problems)} problem(s); nothing was loaded"
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
        known = ", ".join(peer_group_names(connection)) or "none (use `benchlearn peers load`)"
        raise BenchlearnError(f"unknown peer group {name!r}; loaded groups: {known}")
    focal, peer = aliased(Municipality), aliased(Municipality)
    rows = connection.execute(
        select(focal.code, peer.code)
        .join(PeerLink, PeerLink.municipality_id == focal.id)
        .join(peer, PeerLink.peer_id == peer.id)
        .where(PeerLink.group_id == group_id)
        .order_by(focal.code, peer.code)
    ).all()
    return pd.DataFrame(rows, columns=["municipality", "peer"])
