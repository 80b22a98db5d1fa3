"""Comparisons for a network and year, from the database: rankings, similarity, index, partners.

This module gathers what the pure maths in :mod:`benchlearn.analysis.ranking`,
:mod:`benchlearn.analysis.similarity` and :mod:`benchlearn.analysis.composite` need (values,
directions, peer sets, structural variables) and returns their DataFrames.

Peer specifications (``--peers``):

* ``network`` — the network's members (the default);
* ``all`` — every municipality with a value;
* ``attr:NAME`` — municipalities sharing the value of attribute NAME, members or not;
* ``group:NAME`` — an explicit peer list loaded with ``benchlearn peers load``;
* ``similar:K`` — each member's K nearest neighbours on the structural variables.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, cast

from sqlalchemy import Connection, Engine

from benchlearn.definitions import Definitions, NetworkDefinition, StructuralSpec
from benchlearn.definitions.store import stored_definitions
from benchlearn.errors import BenchlearnError
from benchlearn.registry.municipalities import network_members
from benchlearn.values import values as read_values

if TYPE_CHECKING:
    import pandas as pd

    from benchlearn.analysis.composite import Normalisation
    from benchlearn.analysis.ranking import PeerAssignment
    from benchlearn.analysis.similarity import Standardised

Aggregation = Literal["arithmetic", "geometric"]

PEER_KINDS = ("network", "all", "attr:NAME", "group:NAME", "similar:K")
#: What :func:`partners` returns.
PARTNER_COLUMNS = ["indicator", "partner", "partner_value", "own_value", "gap", "similarity"]


@dataclass(frozen=True)
class Context:
    """A network in a year: its definitions and members, read once."""

    definitions: Definitions
    network: NetworkDefinition
    year: int
    members: tuple[str, ...]


def context(
    connection: Connection, network: str, year: int, boundaries: int | None = None
) -> Context:
    """Read the definitions and the members valid in ``year`` (or in the boundary year)."""
    definitions = stored_definitions(connection)
    chosen = definitions.network(network)
    members_year = year if boundaries is None else boundaries
    members = tuple(network_members(connection, chosen, members_year))
    if not members:
        raise BenchlearnError(f"network {network} has no members in {members_year}")
    return Context(definitions, chosen, year, members)


def parse_variables(text: str | None) -> tuple[StructuralSpec, ...] | None:
    """``POP:log,TAXBASE,AREA:log:0.5`` → structural specs (code, then ``log`` and/or a weight)."""
    if not text:
        return None
    specs = []
    for item in text.split(","):
        parts = [p.strip() for p in item.strip().split(":")]
        code, log, weight = parts[0], False, 1.0
        for flag in parts[1:]:
            if flag == "log":
                log = True
            else:
                try:
                    weight = float(flag)
                except ValueError:
                    raise BenchlearnError(
                        f"--vars: {item.strip()!r}: expected CODE[:log][:WEIGHT]"
                    ) from None
        if not code:
            raise BenchlearnError(f"--vars: {item!r} has no indicator code")
        specs.append(StructuralSpec(code, log, weight))
    return tuple(specs)


def structural(
    connection: Connection, ctx: Context, variables: Sequence[StructuralSpec] | None = None
) -> Standardised:
    """The members' structural variables, standardised; members with gaps are left out."""
    import pandas as pd

    from benchlearn.analysis.similarity import standardise

    specs = tuple(variables) if variables else ctx.network.structural
    if not specs:
        raise BenchlearnError(
            f"network {ctx.network.code} declares no structural variables; "
            "give them with --vars, e.g. --vars POP:log,AREA_KM2"
        )
    for spec in specs:
        ctx.definitions.indicator(spec.code)
    long = read_values(
        connection, ctx.definitions, [s.code for s in specs], [ctx.year], ctx.members
    )
    usable = long[long["status"].isna()]
    wide = usable.pivot_table(
        index="municipality", columns="indicator", values="value", aggfunc="first"
    )
    wide = wide.reindex(
        index=pd.Index(ctx.members, name="municipality"), columns=[s.code for s in specs]
    )
    return standardise(wide, specs)


def resolve_peers(connection: Connection, ctx: Context, spec: str) -> PeerAssignment:
    """Turn a ``--peers`` specification into a peer assignment."""
    import pandas as pd

    from benchlearn.analysis.ranking import PeerAssignment
    from benchlearn.registry.municipalities import municipalities_frame
    from benchlearn.registry.peers import peer_pairs

    if spec == "network":
        return PeerAssignment("network", partition=pd.Series("network", index=list(ctx.members)))
    if spec == "all":
        codes = municipalities_frame(connection)["code"].tolist()
        return PeerAssignment("all", partition=pd.Series("all", index=codes))
    kind, _, name = spec.partition(":")
    if kind == "attr" and name:
        frame = municipalities_frame(connection)
        if name not in frame.columns or name in {"code", "name", "valid_from", "valid_to"}:
            known = [
                c for c in frame.columns if c not in {"code", "name", "valid_from", "valid_to"}
            ]
            raise BenchlearnError(
                f"--peers attr:{name}: no such attribute (attributes: {', '.join(known) or 'none'})"
            )
        groups = frame.set_index("code")[name].dropna()
        groups = groups[groups.astype(str) != ""]
        return PeerAssignment(spec, partition=groups.astype(str))
    if kind == "group" and name:
        return PeerAssignment(spec, pairs=peer_pairs(connection, name))
    if kind == "similar" and name:
        try:
            k = int(name)
        except ValueError:
            raise BenchlearnError(f"--peers {spec}: K must be a whole number") from None
        from benchlearn.analysis.similarity import nearest_neighbours

        neighbours = nearest_neighbours(structural(connection, ctx), k=k)
        return PeerAssignment(
            spec,
            pairs=neighbours[["municipality", "neighbour"]].rename(columns={"neighbour": "peer"}),
        )
    raise BenchlearnError(f"--peers {spec!r}: expected one of {', '.join(PEER_KINDS)}")


def _universe(connection: Connection, ctx: Context, peers: PeerAssignment) -> list[str] | None:
    """Municipalities whose values are needed: members and everyone they are compared with."""
    if peers.label == "all" or peers.label.startswith("attr:"):
        return None
    if peers.pairs is not None:
        return sorted(set(ctx.members) | set(peers.pairs["peer"]))
    return list(ctx.members)


def rank(
    engine: Engine,
    network: str,
    year: int,
    *,
    indicator: str | None = None,
    peers: str = "network",
    since: int | None = None,
    boundaries: int | None = None,
) -> pd.DataFrame:
    """Each member's rank and peer statistics for every indicator of the network.

    Columns: those of :data:`benchlearn.ranking.COLUMNS`; with ``since`` also
    ``value_since, rank_since, value_change, rank_change`` (rank_change > 0 is
    an improvement). With ``boundaries`` every year is shown on that year's
    units (see :mod:`benchlearn.registry.crosswalk`).
    """
    with engine.connect() as connection:
        ctx = context(connection, network, year, boundaries)
        codes = list(ctx.network.indicator_codes)
        if indicator is not None:
            ctx.definitions.indicator(indicator)
            codes = [indicator]
        assignment = resolve_peers(connection, ctx, peers)
        ranked = _rank_year(connection, ctx, codes, year, assignment, boundaries)
        if since is not None:
            before = _rank_year(connection, ctx, codes, since, assignment, boundaries)
            ranked = _add_change(ranked, before)
    return ranked


def _rank_year(
    connection: Connection,
    ctx: Context,
    codes: list[str],
    year: int,
    assignment: PeerAssignment,
    boundaries: int | None = None,
) -> pd.DataFrame:
    from benchlearn.analysis.ranking import rank_observations

    universe = _universe(connection, ctx, assignment)
    long = read_values(connection, ctx.definitions, codes, [year], universe, boundaries=boundaries)
    population = None
    if ctx.network.population:
        population = read_values(
            connection,
            ctx.definitions,
            [ctx.network.population],
            [year],
            universe,
            boundaries=boundaries,
        )
        population = population[population["status"].isna()][["municipality", "year", "value"]]
    directions = {c: ctx.definitions.indicators[c].direction for c in codes}
    ranked = rank_observations(long, directions, assignment, population=population)
    ranked = ranked[ranked["municipality"].isin(ctx.members)]
    return ranked.sort_values(["indicator", "municipality"], kind="stable").reset_index(drop=True)


def _add_change(now: pd.DataFrame, before: pd.DataFrame) -> pd.DataFrame:
    earlier = before[["municipality", "indicator", "value", "rank"]].rename(
        columns={"value": "value_since", "rank": "rank_since"}
    )
    merged = now.merge(earlier, on=["municipality", "indicator"], how="left")
    merged["value_change"] = merged["value"] - merged["value_since"]
    merged["rank_change"] = (merged["rank_since"] - merged["rank"]).astype("Int64")
    return merged


def similar(
    engine: Engine,
    network: str,
    year: int,
    *,
    k: int = 15,
    municipality: str | None = None,
    variables: Sequence[StructuralSpec] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Nearest neighbours on the structural variables, and the members left out.

    Returns (``municipality, neighbour, order, distance, similarity``,
    ``municipality, missing``).
    """
    from benchlearn.analysis.similarity import nearest_neighbours

    with engine.connect() as connection:
        ctx = context(connection, network, year)
        std = structural(connection, ctx, variables)
    focal = None
    if municipality is not None:
        _require_compared(std, municipality)
        focal = [municipality]
    return nearest_neighbours(std, k=k, municipalities=focal), std.excluded


def explain(
    engine: Engine,
    network: str,
    year: int,
    a: str,
    b: str,
    variables: Sequence[StructuralSpec] | None = None,
) -> pd.DataFrame:
    """How much each structural variable contributes to the distance between two members.

    Columns: ``variable, value_a, value_b, z_a, z_b, weight, contribution, share``.
    """
    from benchlearn.analysis.similarity import explain as explain_pair

    with engine.connect() as connection:
        ctx = context(connection, network, year)
        std = structural(connection, ctx, variables)
    for code in (a, b):
        _require_compared(std, code)
    return explain_pair(std, a, b)


def _require_compared(std: Standardised, code: str) -> None:
    if code in std.matrix.index:
        return
    excluded = std.excluded.set_index("municipality")["missing"]
    if code in excluded.index:
        raise BenchlearnError(f"{code} is left out: no value for {excluded[code]}")
    raise BenchlearnError(f"{code} is not a member of the network in this year")


@dataclass(frozen=True)
class ClusterResult:
    """Clusters with what chose and checks them."""

    assignments: pd.DataFrame  # municipality, cluster
    silhouettes: pd.DataFrame | None  # k, silhouette (with --auto)
    excluded: pd.DataFrame  # municipality, missing
    variables: tuple[str, ...]
    adjusted_rand: float | None = None
    crosstab: pd.DataFrame | None = None


def clusters(
    engine: Engine,
    network: str,
    year: int,
    *,
    k: int | None = None,
    auto: bool = False,
    compare: str | None = None,
    variables: Sequence[StructuralSpec] | None = None,
) -> ClusterResult:
    """Ward clusters of the members; optionally compared with an official grouping attribute."""
    from benchlearn.analysis.similarity import clusters as ward
    from benchlearn.analysis.similarity import compare_groupings
    from benchlearn.registry.municipalities import municipalities_frame

    if k is None and not auto:
        raise BenchlearnError("give --k N or --auto")
    with engine.connect() as connection:
        ctx = context(connection, network, year)
        std = structural(connection, ctx, variables)
        attributes = municipalities_frame(connection) if compare else None
    assignments, silhouettes = ward(std, k, auto=auto)
    result = ClusterResult(
        assignments, silhouettes, std.excluded, tuple(v.code for v in std.variables)
    )
    if compare and attributes is not None:
        if compare not in attributes.columns:
            raise BenchlearnError(f"--compare {compare}: no such municipality attribute")
        official = attributes.set_index("code")[compare].dropna().astype(str)
        ari, table = compare_groupings(assignments.set_index("municipality")["cluster"], official)
        result = ClusterResult(assignments, silhouettes, std.excluded, result.variables, ari, table)
    return result


def index(
    engine: Engine,
    network: str,
    year: int,
    *,
    normalisation: str | None = None,
    aggregation: str | None = None,
    min_coverage: float | None = None,
    draws: int = 1000,
    seed: int = 0,
    boundaries: int | None = None,
) -> pd.DataFrame:
    """The network's composite index for the members.

    Columns: ``municipality, score, rank, rank_low, rank_high, rank_median, coverage``.
    """
    from benchlearn.analysis.composite import composite_index

    with engine.connect() as connection:
        ctx = context(connection, network, year, boundaries)
        codes = list(ctx.network.indicator_codes)
        long = read_values(
            connection, ctx.definitions, codes, [year], ctx.members, boundaries=boundaries
        )
    wide = index_matrix(long, ctx.members, codes)
    return composite_index(
        wide,
        {c: ctx.definitions.indicators[c].direction for c in codes},
        {i.code: i.weight for i in ctx.network.indicators},
        normalisation=cast("Normalisation", normalisation or ctx.network.normalisation),
        aggregation=cast("Aggregation", aggregation or ctx.network.aggregation),
        min_coverage=ctx.network.min_coverage if min_coverage is None else min_coverage,
        draws=draws,
        seed=seed,
    )


def index_matrix(long: pd.DataFrame, members: Sequence[str], codes: Sequence[str]) -> pd.DataFrame:
    """Members × indicators with usable values only (missing and confidential become NaN)."""
    import pandas as pd

    usable = long[long["status"].isna()]
    wide = usable.pivot_table(
        index="municipality", columns="indicator", values="value", aggfunc="first"
    )
    return wide.reindex(index=pd.Index(list(members), name="municipality"), columns=list(codes))


def partners(
    engine: Engine,
    municipality: str,
    network: str,
    year: int,
    *,
    peers: str = "network",
    k: int = 15,
    min_gap: float = 1.0,
    boundaries: int | None = None,
) -> pd.DataFrame:
    """Whom to visit: similar peers that do clearly better, per indicator.

    Candidates are the municipality's ``k`` nearest neighbours on the structural
    variables (or its peers under ``peers`` when the network declares none, or
    when the municipality lacks structural figures).
    ``gap`` is the candidate's advantage in median absolute deviations of the
    municipality's peer group, direction-aware, so positive is better; rows
    with a gap of at least ``min_gap`` are kept, ordered by gap and then by
    similarity. Columns: ``indicator, partner, partner_value, own_value, gap,
    similarity``.
    """
    import numpy as np
    import pandas as pd

    from benchlearn.analysis.similarity import nearest_neighbours

    with engine.connect() as connection:
        ctx = context(connection, network, year, boundaries)
        if municipality not in ctx.members:
            raise BenchlearnError(f"{municipality} is not a member of network {network} in {year}")
        assignment = resolve_peers(connection, ctx, peers)
        peer_set = _peer_set(assignment, municipality, ctx.members)
        candidates = pd.Series(np.nan, index=sorted(set(peer_set) - {municipality}))
        if ctx.network.structural:
            try:
                std = structural(connection, ctx)
                _require_compared(std, municipality)
            except BenchlearnError:
                pass  # no usable structural figures yet: learn from the peer group instead
            else:
                near = nearest_neighbours(std, k=k, municipalities=[municipality])
                candidates = near.set_index("neighbour")["similarity"]
        codes = [
            c
            for c in ctx.network.indicator_codes
            if ctx.definitions.indicators[c].direction != "neutral"
        ]
        wanted = sorted(set(peer_set) | set(candidates.index) | {municipality})
        long = read_values(
            connection, ctx.definitions, codes, [year], wanted, boundaries=boundaries
        )
    usable = long[long["status"].isna()].pivot_table(
        index="municipality", columns="indicator", values="value", aggfunc="first"
    )
    rows = []
    for code in codes:
        if code not in usable or municipality not in usable.index:
            continue
        column = usable[code]
        own = column.get(municipality)
        group = column.reindex(list(peer_set)).dropna()
        if own is None or np.isnan(own) or len(group) < 2:
            continue
        median = float(group.median())
        mad = float((group - median).abs().median())
        if mad == 0:
            continue
        sign = -1.0 if ctx.definitions.indicators[code].direction == "lower" else 1.0
        others = column.reindex(candidates.index).dropna()
        gaps = sign * (others - own) / mad
        for partner, gap in gaps[gaps >= min_gap].items():
            rows.append(
                (
                    code,
                    partner,
                    float(others[partner]),
                    float(own),
                    float(gap),
                    float(candidates[partner]),
                )
            )
    frame = pd.DataFrame(rows, columns=PARTNER_COLUMNS)
    return frame.sort_values(
        ["gap", "similarity", "indicator", "partner"], ascending=[False, False, True, True]
    ).reset_index(drop=True)


def _peer_set(assignment: PeerAssignment, municipality: str, members: Sequence[str]) -> list[str]:
    """The municipality's own peer set under an assignment (itself included)."""
    if assignment.partition is not None:
        partition = assignment.partition
        if municipality not in partition.index:
            return [municipality]
        label = partition[municipality]
        return sorted(partition.index[partition == label])
    assert assignment.pairs is not None
    pairs = assignment.pairs
    return sorted({municipality, *pairs.loc[pairs["municipality"] == municipality, "peer"]})
