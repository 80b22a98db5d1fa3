"""What the database knows about: indicators and networks, stored and read back.

Definitions are validated by :mod:`benchlearn.definitions`; this module writes
them as one transaction and rebuilds the frozen objects from the stored
descriptors. What a load adds, changes or leaves as it is comes from
:mod:`.changes`: a definition equal to the stored one is not written, and one
that differs is refused unless ``replace`` is given. A network file's
``members`` seed a new network only: afterwards the members are data
(:mod:`benchlearn.registry.members`), which loading the definitions again leaves
as they are.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, delete, func, insert, select, update

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
from benchlearn.definitions.changes import DefinitionsRefused, LoadReport, compare
from benchlearn.errors import Problem, ValidationError
from benchlearn.models import (
    Indicator,
    Municipality,
    Network,
    NetworkIndicator,
    NetworkMember,
    NetworkStructural,
)


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


def indicator_count(connection: Connection) -> int:
    """How many indicators the database defines (none yet: the built-ins are not loaded)."""
    return int(connection.execute(select(func.count()).select_from(Indicator)).scalar_one())


def chosen_paths(paths: Iterable[str | Path] | None, builtin: bool = False) -> list[Path]:
    """The files to read: the built-in folders (with ``builtin``, or when ``paths`` is
    None), then ``paths``, so one load may hold both and refer from one to the other."""
    shipped = builtin_paths() if builtin or paths is None else []
    return definition_files([*shipped, *(paths or ())])


def check_files(
    connection: Connection | None,
    paths: Iterable[str | Path] | None,
    *,
    builtin: bool = False,
    replace: bool = False,
) -> LoadReport:
    """Validate files as :func:`load_definitions` would load them, writing nothing.

    References to stored definitions are allowed, and a stored definition the
    files would change raises :class:`DefinitionsRefused` unless ``replace``;
    without a database (``connection`` None) the files are checked on their own.
    """
    known = stored_definitions(connection) if connection is not None else None
    found = read_files(chosen_paths(paths, builtin), known)
    return _planned(known or Definitions(freeze({}), freeze({})), found, replace, checking=True)


def load_definitions(
    engine: Engine,
    paths: Iterable[str | Path] | None = None,
    *,
    builtin: bool = False,
    replace: bool = False,
) -> LoadReport:
    """Validate definition files, then add the new ones and, with ``replace``, change the
    stored ones they define differently (all in one transaction).

    ``builtin`` adds the shipped definitions to ``paths``; ``paths`` None loads them
    alone. A definition equal to the stored one is counted unchanged and not
    written. Without ``replace`` a stored definition the files would change raises
    :class:`DefinitionsRefused` listing every difference, and nothing is written.
    """
    given = None if paths is None else list(paths)
    files = chosen_paths(given, builtin)
    if not files and not given and (given is None or builtin):  # a package without built-ins
        return LoadReport()
    with engine.begin() as connection:
        known = stored_definitions(connection)
        found = read_files(files, known)
        return save_definitions(connection, found, replace=replace, stored=known)


def load_mapping(
    engine: Engine, data: Any, name: str = "definitions", *, replace: bool = False
) -> LoadReport:
    """Validate one descriptor in memory (what a definition file's YAML holds), then load it.

    As :func:`load_definitions` for a file: one transaction, references to the
    stored definitions allowed, changes refused without ``replace``, every problem
    named by ``name``.
    """
    with engine.begin() as connection:
        known = stored_definitions(connection)
        found = read_mapping(data, name, known)
        return save_definitions(connection, found, replace=replace, stored=known)


def _planned(
    stored: Definitions, found: Definitions, replace: bool, *, checking: bool = False
) -> LoadReport:
    """What loading ``found`` over ``stored`` does; refused changes raise."""
    report = compare(stored, found)
    if report.changed and not replace:
        refused = LoadReport(report.added, (), report.unchanged, report.changed)
        raise DefinitionsRefused(refused, checking=checking)
    return report


def save_definitions(
    connection: Connection,
    definitions: Definitions,
    *,
    replace: bool = False,
    stored: Definitions | None = None,
) -> LoadReport:
    """Write validated definitions on an open transaction: the new ones, and the changed
    ones with ``replace`` (else :class:`DefinitionsRefused`); ``stored`` is what the
    database holds, when the caller has read it already."""
    report = _planned(
        stored if stored is not None else stored_definitions(connection), definitions, replace
    )
    written = {(d.kind, d.code) for d in report.added}
    written |= {(c.kind, c.code) for c in report.changed}
    existing = {a: b for a, b in connection.execute(select(Indicator.code, Indicator.id))}
    for code, ind in definitions.indicators.items():
        if ("indicator", code) not in written:
            continue
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
        else:
            existing[code] = connection.execute(
                insert(Indicator).values(code=code, **values).returning(Indicator.id)
            ).scalar_one()
    municipality_ids = {
        a: b for a, b in connection.execute(select(Municipality.code, Municipality.id))
    }
    networks = {a: b for a, b in connection.execute(select(Network.code, Network.id))}
    problems: list[Problem] = []
    for code, net in definitions.networks.items():
        if ("network", code) not in written:
            continue
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
        else:
            network_id = connection.execute(
                insert(Network)
                .values(code=code, all_members=net.members == "all", **values)
                .returning(Network.id)
            ).scalar_one()
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
    return report
