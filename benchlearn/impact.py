"""A network's impact: its members against the registry's other municipalities since a year,
and the average effect of several members' plans on one indicator (:func:`network_effect`).

Reads the network's membership with its years, the registry and the values,
and hands them to :func:`benchlearn.analysis.convergence.impact_table`. Who
counts on which side:

* **members**: members in every year from ``since`` to the last year compared
  (joined in or before ``since``, not left before the last year); members who
  joined later or left earlier are on neither side (:attr:`Impact.left_out`),
  as their change mixes years in and out of the network;
* **others**: municipalities of the registry valid in both years (with
  ``boundaries``, the units of that year) that were members in none of those
  years.

The last year is ``year`` when given, else each indicator's latest year with
values; an indicator without values in ``since`` or in its last year is left
out (:attr:`Impact.without_years`). Only indicators members are ranked on are compared by default: a
self-assessed level or a yes/no answer has no mean or quartiles worth reading.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from benchlearn.access import in_force
from benchlearn.access.scope import read_scope
from benchlearn.analysis.convergence import DRAWS, impact_table
from benchlearn.analysis.did import PlansEffect, plans_effect
from benchlearn.definitions.store import stored_definitions
from benchlearn.errors import BenchlearnError
from benchlearn.registry.municipalities import members_in, membership, registry_members
from benchlearn.values import values

if TYPE_CHECKING:
    import pandas as pd
    from sqlalchemy import Connection


@dataclass(frozen=True)
class Impact:
    """``table`` has the columns of :data:`benchlearn.analysis.convergence.COLUMNS`;
    ``left_out`` the members who joined after ``since`` or left before the last year;
    ``without_years`` the indicators without values in ``since`` or in the last year."""

    network: str
    since: int
    table: pd.DataFrame
    left_out: tuple[str, ...]
    without_years: tuple[str, ...]
    draws: int
    seed: int


def impact(
    connection: Connection,
    network: str,
    since: int,
    *,
    year: int | None = None,
    indicator: str | None = None,
    boundaries: int | None = None,
    draws: int = DRAWS,
    seed: int = 0,
) -> Impact:
    """The change of mean and spread of each indicator, members against others (see module).

    With ``boundaries``, every year is on that year's units through the loaded
    crosswalks (a comparison across a territorial reform), and the others are the
    registry's units of that year.
    """
    definitions = stored_definitions(connection)
    chosen = definitions.network(network)
    if indicator is not None:
        definition = definitions.indicator(indicator)
        if not definition.ranked:
            raise BenchlearnError.of("impact_not_ranked", {"indicator": indicator})
        codes = [indicator]
    else:
        codes = [c for c in chosen.indicator_codes if definitions.indicators[c].ranked]
    if year is not None and year <= since:
        raise BenchlearnError.of("impact_years", {"since": since, "year": year})
    found = membership(connection, chosen.code)
    if found.everyone if found is not None else chosen.members == "all":
        raise BenchlearnError.of("impact_everyone", {"network": chosen.code})
    # The means and spreads are of what the audience in force may see (--audience).
    scope = read_scope(connection, definitions, in_force().within(chosen.code))
    read = values(connection, definitions, codes, boundaries=boundaries, scope=scope)
    periods: dict[str, tuple[int, int]] = {}
    for code in codes:
        years = read.loc[(read["indicator"] == code) & read["value"].notna(), "year"]
        last = year if year is not None else int(years.max()) if len(years) else since
        if last > since and (years == since).any() and (years == last).any():
            periods[code] = (since, last)
    if not periods:
        raise BenchlearnError.of("impact_no_years", {"network": chosen.code, "since": since})
    end = max(last for _, last in periods.values())
    spans = range(since, end + 1)
    each_year = [set(members_in(connection, chosen, found, y)) for y in spans]
    throughout = set.intersection(*each_year)
    ever = set.union(*each_year)
    if boundaries is None:
        registry = set(registry_members(connection, since)) & set(registry_members(connection, end))
    else:
        registry = set(registry_members(connection, boundaries))
    others = sorted(registry - ever)
    if not throughout:
        raise BenchlearnError.of("impact_no_members", {"network": chosen.code, "since": since})
    table = impact_table(
        read,
        sorted(throughout),
        others,
        periods,
        {c: definitions.indicators[c].direction for c in periods},
        draws=draws,
        seed=seed,
    )
    without = tuple(c for c in codes if c not in periods)
    return Impact(chosen.code, since, table, tuple(sorted(ever - throughout)), without, draws, seed)


def network_effect(
    connection: Connection,
    network: str,
    indicator: str,
    starts: Mapping[str, int],
    *,
    lang: str = "en",
    control: str = "never",
    seed: int = 0,
) -> PlansEffect:
    """The staggered difference-in-differences of the plans ``starts`` (member code → the
    year its plan on ``indicator`` started) against the members without such a plan.

    The panel is every municipality that was ever a member of ``network``, over
    every year with values of ``indicator``; a member without a value in some
    year is left out (:attr:`benchlearn.analysis.did.Staggered.left_out`), and
    starts of non-members are ignored. The sentence is in ``lang``, the indicator
    named as the definitions name it.
    """
    definitions = stored_definitions(connection)
    chosen = definitions.network(network)
    definition = definitions.indicator(indicator)
    found = membership(connection, chosen.code)
    if found is not None and not found.everyone:
        members = sorted(set(found.frame["municipality"].astype(str)))
    else:
        members = members_in(connection, chosen, found, None)
    read = values(connection, definitions, [indicator], municipalities=members)
    outcome = read.pivot_table(
        index="municipality", columns="year", values="value", aggfunc="first"
    )
    return plans_effect(
        outcome,
        {code: year for code, year in starts.items() if code in set(members)},
        indicator=indicator,
        direction=definition.direction,
        label=definition.label(lang),
        lang=lang,
        control=control,
        seed=seed,
        decimals=definition.decimals if definition.decimals is not None else 2,
    )
