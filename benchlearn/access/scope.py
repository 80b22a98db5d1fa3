"""The one rule of who sees what, applied to values as they are read.

:func:`read_scope` reads once what the rule needs for an audience (the
definitions' defaults, the members of the audience's networks, the
publications in force); :meth:`Scope.withhold` applies it to a frame of values.
:func:`benchlearn.values.values` calls it on the stored values before anything
is derived, aggregated or compared, so a rate built on a withheld count, a
median or a rank among peers is computed from what the audience may see and
nothing else: a withheld value cannot be recovered from any of them. A
withheld value reads as confidential (``..``) with no number.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import Connection, exists, select

from benchlearn.access import Audience
from benchlearn.definitions import Definitions, NetworkDefinition
from benchlearn.errors import BenchlearnError
from benchlearn.models import Municipality, Network, Observation, Publication
from benchlearn.registry.municipalities import membership, network_members, registry_members

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

#: How restricted each visibility is: a value's default is the most restricted of its
#: networks' (an indicator's own ``visibility:`` wins over them).
RESTRICTION = {"public": 0, "network": 1, "own": 2}


@dataclass(frozen=True)
class Released:
    """Restricted values made public by a publication: ``indicators`` of ``members`` in
    ``year``."""

    year: int
    indicators: frozenset[str]
    members: frozenset[str]


@dataclass(frozen=True)
class Scope:
    """What an audience may see, ready to apply to frames of values.

    ``defaults``: indicator code → its default visibility where not public;
    ``members``: the municipalities that are or were members of the audience's
    networks; ``released``: the publications in force; ``stored``: whether some
    stored value has a visibility of its own. Unrestricted (:attr:`restricted`
    False) when the audience sees everything or nothing is restricted: then
    values are read as they always were, without reading visibilities.
    """

    audience: Audience
    defaults: Mapping[str, str] = field(default_factory=dict)
    members: frozenset[str] = frozenset()
    released: tuple[Released, ...] = ()
    stored: bool = False

    @property
    def restricted(self) -> bool:
        """Whether anything may be withheld from this audience."""
        return not self.audience.everything and (bool(self.defaults) or self.stored)

    def hidden(self, frame: pd.DataFrame) -> np.ndarray:
        """Which rows of ``frame`` (``municipality, indicator, year`` and, when read,
        ``visibility``) the audience may not see."""
        import numpy as np

        count = len(frame)
        if not self.restricted or not count:
            return np.zeros(count, dtype=bool)
        indicators = frame["indicator"].to_numpy(dtype=object)
        level = np.zeros(count, dtype=np.int8)
        defaulted = np.ones(count, dtype=bool)
        if "visibility" in frame:
            stored = frame["visibility"].to_numpy(dtype=object)
            for word, rank in RESTRICTION.items():
                said = stored == word
                level[said], defaulted[said] = rank, False
        for code, word in self.defaults.items():
            level[defaulted & (indicators == code)] = RESTRICTION[word]
        return _hidden(level, frame, indicators, self)


def _hidden(
    level: np.ndarray, frame: pd.DataFrame, indicators: np.ndarray, scope: Scope
) -> np.ndarray:
    """Rows of visibility ``level`` the audience of ``scope`` may not see: the rule."""
    import numpy as np

    restricted = level > 0
    if not restricted.any():
        return restricted
    places = frame["municipality"].to_numpy(dtype=object)
    years = frame["year"].to_numpy()
    public = np.zeros(len(frame), dtype=bool)
    for release in scope.released:  # published: public from the day of release
        public |= (
            (years == release.year)
            & np.isin(indicators, list(release.indicators))
            & np.isin(places, list(release.members))
        )
    audience = scope.audience
    member = np.isin(places, list(scope.members))
    if audience.kind == "public":
        seen = public
    elif audience.kind == "facilitator":
        seen = public | member
    elif audience.kind == "municipality":
        seen = public | ((level == 1) & member) | (places == audience.municipality)
    else:  # the members of networks
        seen = public | ((level == 1) & member)
    return restricted & ~seen


def withhold(frame: pd.DataFrame, scope: Scope) -> pd.DataFrame:
    """``frame`` with what the audience may not see made confidential: status ``..``, no
    value; the ``visibility`` column dropped."""
    import numpy as np

    hidden = scope.hidden(frame)
    frame = frame.drop(columns=["visibility"], errors="ignore")
    if not hidden.any():
        return frame
    frame = frame.copy()
    frame["value"] = np.where(hidden, np.nan, frame["value"].to_numpy(dtype=float))
    status = frame["status"].to_numpy(dtype=object).copy()
    status[hidden] = ".."
    frame["status"] = status
    return frame


def compared(definitions: Definitions, network: NetworkDefinition) -> set[str]:
    """The network's indicators and everything they are built from: a rate's counts say
    what the rate says, so they are restricted, and published, with it."""
    codes, stack = set(), list(network.indicator_codes)
    while stack:
        code = stack.pop()
        if code not in codes and code in definitions.indicators:
            codes.add(code)
            stack += sorted(definitions.indicators[code].components)
    return codes


def default_visibility(definitions: Definitions) -> dict[str, str]:
    """Indicator code → the visibility its values have unless they say otherwise, where not
    public: its own ``visibility:``, else the most restricted of the networks comparing it
    or anything built from it."""
    found: dict[str, str] = {}
    for network in definitions.networks.values():
        if network.visibility in (None, "public"):
            continue
        for code in sorted(compared(definitions, network)):
            held = found.get(code, "public")
            if RESTRICTION[network.visibility] > RESTRICTION[held]:
                found[code] = network.visibility
    for code, indicator in definitions.indicators.items():
        if indicator.visibility is not None:
            found[code] = indicator.visibility
    return {code: word for code, word in found.items() if word != "public"}


def read_scope(
    connection: Connection,
    definitions: Definitions,
    audience: Audience,
    today: dt.date | None = None,
) -> Scope:
    """What ``audience`` may see in this database on ``today`` (default: today, UTC)."""
    if audience.everything:
        return Scope(audience)
    if audience.municipality is not None:
        known = select(Municipality.id).where(Municipality.code == audience.municipality)
        if connection.execute(known).first() is None:
            raise BenchlearnError.of("aud_unknown_municipality", {"code": audience.municipality})
    defaults = default_visibility(definitions)
    said = select(Observation.id).where(
        Observation.visibility.is_not(None), Observation.visibility != "public"
    )
    stored = bool(connection.execute(select(exists(said))).scalar())
    if not defaults and not stored:
        return Scope(audience)
    members: set[str] = set()
    for code in sorted(audience.networks):
        network = definitions.networks.get(code)
        if network is None:
            continue
        found = membership(connection, code)
        if found is not None and not found.everyone:
            members.update(found.frame["municipality"].astype(str))
        elif network.members == "all" or (found is not None and found.everyone):
            members.update(registry_members(connection, None))
        else:
            members.update(network.members)
    day = today or dt.datetime.now(dt.UTC).date()
    return Scope(
        audience,
        defaults,
        frozenset(members),
        released(connection, definitions, day),
        stored,
    )


def released(
    connection: Connection, definitions: Definitions, day: dt.date
) -> tuple[Released, ...]:
    """The publications in force on ``day``, each with the indicators and members it covers."""
    rows = connection.execute(
        select(Network.code, Publication.year)
        .join(Network, Network.id == Publication.network_id)
        .where(Publication.released_on <= day)
        .order_by(Network.code, Publication.year)
    ).all()
    found = []
    for code, year in rows:
        network = definitions.networks.get(code)
        if network is None:
            continue
        members = frozenset(network_members(connection, network, year))
        found.append(Released(int(year), frozenset(compared(definitions, network)), members))
    return tuple(found)


def networks_of(
    connection: Connection, definitions: Definitions, municipality: str, indicator: str
) -> list[str]:
    """The networks a value of ``indicator`` for ``municipality`` belongs to: those that
    compare the indicator and have (or had) the municipality as a member."""
    found = []
    for code, network in sorted(definitions.networks.items()):
        if indicator not in network.indicator_codes:
            continue
        stored = membership(connection, code)
        if stored is not None and not stored.everyone:
            if municipality in set(stored.frame["municipality"].astype(str)):
                found.append(code)
        elif network.members == "all" or stored is not None or municipality in network.members:
            found.append(code)
    return found
