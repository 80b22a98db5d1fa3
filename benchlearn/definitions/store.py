"""What the database knows about: indicators and networks, stored and read back.

Definitions are validated by :mod:`benchlearn.definitions`; this module writes
them as one transaction (upsert by code) and rebuilds the frozen objects from
the stored descriptors. A network file's ``members`` seed a new network only:
afterwards the members are data (:mod:`benchlearn.registry.members`), which
loading the definitions again leaves as they are.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, delete, insert, select, update

from benchlearn.definitions import (
    Definitions,
    IndicatorDefinition,
    NetworkDefinition,
    builtin_paths,
    definition_files,
    freeze,
    read_descriptor,
    read_files,
    read_mapping,
)
from benchlearn.errors import Problem, ValidationError
from benchlearn.models import (
    Indicator,
    Municipality,
    Network,
    NetworkIndicator,
    NetworkMember,
    NetworkStructural,
)


@dataclass(frozen=True)
class LoadReport:
    """What ``definitions load`` changed."""

    indicators_added: int
    indicators_updated: int
    networks_added: int
    networks_updated: int


def stored_definitions(connection: Connection) -> Definitions:
    """Every indicator and network in the database, as frozen definitions."""
    indicators: dict[str, IndicatorDefinition] = {}
    networks: dict[str, NetworkDefinition] = {}
    files: dict[str, str] = {}
    rows = connection.execute(select(Indicator.code, Indicator.descriptor, Indicator.source_file))
    for code, descriptor, source in rows:
        found, _, problems = read_descriptor({"indicators": [descriptor]}, source or "database")
        if problems or not found:
            raise ValidationError(problems, key="def_stored_indicator", values={"code": code})
        indicators[code] = found[0]
        files["i:" + code] = source or "database"
    rows = connection.execute(select(Network.code, Network.descriptor, Network.source_file))
    for code, descriptor, source in rows:
        _, found_n, problems = read_descriptor({"network": descriptor}, source or "database")
        if problems or not found_n:
            raise ValidationError(problems, key="def_stored_network", values={"code": code})
        networks[code] = found_n[0]
        files["n:" + code] = source or "database"
    return Definitions(freeze(indicators), freeze(networks), freeze(files))


def validate_files(connection: Connection | None, paths: Iterable[str | Path]) -> Definitions:
    """Validate files, allowing references to definitions already stored."""
    known = stored_definitions(connection) if connection is not None else None
    return read_files(paths, known)


def load_definitions(engine: Engine, paths: Iterable[str | Path] | None = None) -> LoadReport:
    """Validate definition files (built-in ones when ``paths`` is None), then upsert them.

    Everything is written in one transaction; a problem anywhere writes nothing.
    """
    chosen = list(paths) if paths is not None else builtin_paths()
    if paths is None and not definition_files(chosen):
        return LoadReport(0, 0, 0, 0)
    with engine.begin() as connection:
        definitions = validate_files(connection, chosen)
        return save_definitions(connection, definitions)


def load_mapping(engine: Engine, data: Any, name: str = "definitions") -> LoadReport:
    """Validate one descriptor in memory (what a definition file's YAML holds), then upsert it.

    As :func:`load_definitions` for a file: one transaction, references to the
    stored definitions allowed, every problem named by ``name``.
    """
    with engine.begin() as connection:
        definitions = read_mapping(data, name, stored_definitions(connection))
        return save_definitions(connection, definitions)


def save_definitions(connection: Connection, definitions: Definitions) -> LoadReport:
    """Upsert validated definitions on an open transaction."""
    existing = {a: b for a, b in connection.execute(select(Indicator.code, Indicator.id))}
    added = updated = 0
    for code, ind in definitions.indicators.items():
        values: dict[str, Any] = {
            "unit": ind.unit_label("en"),
            "direction": ind.direction,
            "formula": ind.expression,
            "descriptor": ind.to_descriptor(),
            "source_file": definitions.files.get("i:" + code),
        }
        if code in existing:
            connection.execute(
                update(Indicator).where(Indicator.id == existing[code]).values(values)
            )
            updated += 1
        else:
            existing[code] = connection.execute(
                insert(Indicator).values(code=code, **values).returning(Indicator.id)
            ).scalar_one()
            added += 1
    municipality_ids = {
        a: b for a, b in connection.execute(select(Municipality.code, Municipality.id))
    }
    networks = {a: b for a, b in connection.execute(select(Network.code, Network.id))}
    net_added = net_updated = 0
    problems: list[Problem] = []
    for code, net in definitions.networks.items():
        file = definitions.files.get("n:" + code, "definitions")
        unknown = (
            [m for m in net.members if m not in municipality_ids] if net.members != "all" else []
        )
        if unknown:
            problems.append(
                Problem(
                    file,
                    f"network {code}: unknown municipalities {', '.join(unknown)} "
                    "(load them with `benchlearn municipalities load` first)",
                    column="network.members",
                )
            )
            continue
        values = {"descriptor": net.to_descriptor(), "source_file": file}
        # The members a file names seed a new network only: afterwards they are data
        # (`benchlearn networks members`), which reloading the definitions leaves alone.
        seed = code not in networks
        if code in networks:
            network_id = networks[code]
            connection.execute(update(Network).where(Network.id == network_id).values(values))
            for table in (NetworkIndicator, NetworkStructural):
                connection.execute(delete(table).where(table.network_id == network_id))
            net_updated += 1
        else:
            network_id = connection.execute(
                insert(Network)
                .values(code=code, all_members=net.members == "all", **values)
                .returning(Network.id)
            ).scalar_one()
            net_added += 1
        connection.execute(
            insert(NetworkIndicator),
            [
                {
                    "network_id": network_id,
                    "indicator_id": existing[i.code],
                    "position": pos,
                    "weight": i.weight,
                }
                for pos, i in enumerate(net.indicators)
            ],
        )
        if net.structural:
            connection.execute(
                insert(NetworkStructural),
                [
                    {
                        "network_id": network_id,
                        "indicator_id": existing[s.code],
                        "position": pos,
                        "log": s.log,
                        "weight": s.weight,
                    }
                    for pos, s in enumerate(net.structural)
                ],
            )
        if seed and net.members and net.members != "all":
            connection.execute(
                insert(NetworkMember),
                [
                    {"network_id": network_id, "municipality_id": municipality_ids[m]}
                    for m in net.members
                ],
            )
    if problems:
        raise ValidationError(problems, key="def_problems", values={"count": len(problems)})
    return LoadReport(added, updated, net_added, net_updated)
