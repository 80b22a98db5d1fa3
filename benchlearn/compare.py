"""Comparisons for a network and year: the database read once into a Context, the maths fed from it.

A command opens one :class:`Context` (:func:`open_context`) and hands it to
every comparison it runs: :func:`rank`, :func:`similar`, :func:`explain`,
:func:`clusters`, :func:`index` and :func:`partners`. The Context reads the
definitions and members when it is opened, and values, structural variables,
peer sets, names and practice on first use, keeping each; so a meeting workbook
that ranks, scores, finds partners for twelve members and clusters them reads
and standardises everything once. The maths lives in :mod:`benchlearn.analysis`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Literal, cast

from sqlalchemy import Connection

from benchlearn.definitions import Definitions, NetworkDefinition, StructuralSpec
from benchlearn.definitions.store import stored_definitions
from benchlearn.errors import BenchlearnError
from benchlearn.frames import usable_matrix
from benchlearn.registry.municipalities import (
    municipalities_frame,
    municipality_names,
    network_members,
)
from benchlearn.registry.peers import PeerAssignment, PeerSpec, resolve_peers
from benchlearn.values import values as read_values

if TYPE_CHECKING:
    import pandas as pd

    from benchlearn.analysis.composite import Normalisation
    from benchlearn.analysis.similarity import Standardised

Aggregation = Literal["arithmetic", "geometric"]

#: What :func:`partners` returns.
PARTNER_COLUMNS = ["indicator", "partner", "partner_value", "own_value", "gap", "similarity"]


class Context:
    """A network in a year as one command sees it: read from the database once, computed once.

    ``peers`` (a ``--peers`` specification) and ``boundaries`` (show every year
    on that year's units) hold for everything computed from it. The connection
    stays open for reading on first use; the Context lives as long as it does.
    """

    def __init__(
        self,
        connection: Connection,
        definitions: Definitions,
        network: NetworkDefinition,
        year: int,
        members: tuple[str, ...],
        *,
        peers: str = "network",
        boundaries: int | None = None,
    ) -> None:
        self.connection = connection
        self.definitions = definitions
        self.network = network
        self.year = year
        self.members = members
        self.peers = peers
        self.boundaries = boundaries
        # year → values read so far, and their codes: each code is read once per year
        self._values: dict[int, pd.DataFrame] = {}
        self._codes_read: dict[int, set[str]] = {}
        self._structural: dict[tuple[StructuralSpec, ...], Standardised] = {}
        self._nearest: pd.DataFrame | None = None
        self._nearest_k = 0
        self._ranked: dict[tuple[int, tuple[str, ...]], pd.DataFrame] = {}

    @property
    def codes(self) -> tuple[str, ...]:
        """The network's indicator codes in definition order."""
        return self.network.indicator_codes

    @cached_property
    def names(self) -> dict[str, str]:
        """Code → name of every municipality."""
        return municipality_names(self.connection)

    @cached_property
    def attributes(self) -> pd.DataFrame:
        """Every municipality with its attributes (see ``municipalities_frame``)."""
        return municipalities_frame(self.connection)

    @cached_property
    def practices(self) -> pd.DataFrame:
        """The network's good practice (see ``registry.practices.practices``)."""
        from benchlearn.registry.practices import practices

        return practices(self.connection, network=self.network.code)

    @cached_property
    def peer_spec(self) -> PeerSpec:
        """The ``--peers`` specification, parsed."""
        return PeerSpec.parse(self.peers)

    @cached_property
    def assignment(self) -> PeerAssignment:
        """Whom each municipality is compared with."""
        return resolve_peers(self.connection, self.peer_spec, self.members, self.nearest)

    @cached_property
    def universe(self) -> list[str] | None:
        """Municipalities whose values comparisons need: members and everyone they are compared
        with (None: every municipality, for ``all`` and ``attr:`` peers)."""
        if self.peer_spec.everyone:
            return None
        if self.peer_spec.kind == "group":
            pairs = self.assignment.pairs
            assert pairs is not None
            return sorted(set(self.members) | set(pairs["peer"]))
        # The network, or nearest neighbours, who are members: their values are the members'
        # (and asking for the assignment here would need the structural values it reads).
        return list(self.members)

    def values(self, codes: Sequence[str], year: int | None = None) -> pd.DataFrame:
        """Values of ``codes`` in ``year`` (default the Context's) for the universe.

        Each code is read once per year and kept. Columns: those of
        :func:`benchlearn.values.values`, sorted by indicator, year, municipality.
        """
        import pandas as pd

        year = self.year if year is None else year
        wanted = list(dict.fromkeys(codes))
        for code in wanted:
            self.definitions.indicator(code)
        read = self._codes_read.setdefault(year, set())
        missing = [c for c in wanted if c not in read]
        if missing:
            fresh = read_values(
                self.connection,
                self.definitions,
                missing,
                [year],
                self.universe,
                boundaries=self.boundaries,
            )
            held = self._values.get(year)
            self._values[year] = fresh if held is None else pd.concat([held, fresh])
            read.update(missing)
        frame = self._values[year]
        chosen = frame[frame["indicator"].isin(wanted)]
        return chosen.sort_values(["indicator", "year", "municipality"], kind="stable").reset_index(
            drop=True
        )

    @cached_property
    def history(self) -> pd.DataFrame:
        """Every year of the network's indicators and their components, for the members.

        Columns: those of :func:`benchlearn.values.values`.
        """
        shown = list(self.codes)
        for code in self.codes:
            shown += sorted(self.definitions.indicators[code].components - set(shown))
        return read_values(
            self.connection,
            self.definitions,
            shown,
            None,
            self.members,
            boundaries=self.boundaries,
        )

    def structural(self, variables: Sequence[StructuralSpec] | None = None) -> Standardised:
        """The members' structural variables, standardised; members with gaps are left out."""
        from benchlearn.analysis.similarity import standardise

        specs = tuple(variables) if variables else self.network.structural
        if not specs:
            raise BenchlearnError(
                f"network {self.network.code} declares no structural variables; "
                "give them with --vars, e.g. --vars POP:log,AREA_KM2"
            )
        if specs not in self._structural:
            codes = [s.code for s in specs]
            wide = usable_matrix(self.values(codes), index=self.members, columns=codes)
            self._structural[specs] = standardise(wide, specs)
        return self._structural[specs]

    def nearest(self, k: int) -> pd.DataFrame:
        """Every compared member's ``k`` nearest neighbours on the network's structural variables.

        Computed once for the largest k asked; a smaller k takes the first rows,
        which are the same because neighbours are ordered by distance, then code.
        Columns: ``municipality, neighbour, order, distance, similarity``.
        """
        from benchlearn.analysis.similarity import nearest_neighbours

        if self._nearest is None or self._nearest_k < k:
            self._nearest, self._nearest_k = nearest_neighbours(self.structural(), k=k), k
        return self._nearest[self._nearest["order"] <= k].reset_index(drop=True)

    def ranked(self, year: int, codes: Sequence[str]) -> pd.DataFrame:
        """Members ranked among their peers for ``codes`` in ``year``, computed once.

        Columns: :data:`benchlearn.analysis.ranking.COLUMNS` and ``peer_mad``,
        sorted by indicator and municipality.
        """
        from benchlearn.analysis.ranking import rank_observations

        key = (year, tuple(codes))
        if key not in self._ranked:
            long = self.values(codes, year)
            population = None
            if self.network.population:
                population = self.values([self.network.population], year)
                population = population[population["status"].isna()][
                    ["municipality", "year", "value"]
                ]
            directions = {c: self.definitions.indicators[c].direction for c in codes}
            ranked = rank_observations(long, directions, self.assignment, population=population)
            ranked = ranked[ranked["municipality"].isin(self.members)]
            self._ranked[key] = ranked.sort_values(
                ["indicator", "municipality"], kind="stable"
            ).reset_index(drop=True)
        return self._ranked[key]

    def require_member(self, municipality: str) -> None:
        """Fail clearly when ``municipality`` is not a member this year."""
        if municipality not in self.members:
            raise BenchlearnError(
                f"{municipality} is not a member of network {self.network.code} in {self.year}"
            )


def open_context(
    connection: Connection,
    network: str,
    year: int,
    *,
    peers: str = "network",
    boundaries: int | None = None,
) -> Context:
    """Read the definitions and the members valid in ``year`` (or in the boundary year)."""
    definitions = stored_definitions(connection)
    chosen = definitions.network(network)
    members_year = year if boundaries is None else boundaries
    members = tuple(network_members(connection, chosen, members_year))
    if not members:
        raise BenchlearnError(f"network {network} has no members in {members_year}")
    return Context(
        connection, definitions, chosen, year, members, peers=peers, boundaries=boundaries
    )


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


def rank(ctx: Context, *, indicator: str | None = None, since: int | None = None) -> pd.DataFrame:
    """Each member's rank and peer statistics for every indicator of the network.

    Columns: those of :data:`benchlearn.analysis.ranking.COLUMNS`; with ``since``
    also ``value_since, rank_since, value_change, rank_change`` (rank_change > 0
    is an improvement). With the Context's ``boundaries`` every year is shown on
    that year's units.
    """
    from benchlearn.analysis.ranking import COLUMNS

    codes = list(ctx.codes)
    if indicator is not None:
        ctx.definitions.indicator(indicator)
        codes = [indicator]
    ranked = ctx.ranked(ctx.year, codes)[COLUMNS]
    if since is not None:
        ranked = _add_change(ranked, ctx.ranked(since, codes))
    return ranked


def _add_change(now: pd.DataFrame, before: pd.DataFrame) -> pd.DataFrame:
    earlier = before[["municipality", "indicator", "value", "rank"]].rename(
        columns={"value": "value_since", "rank": "rank_since"}
    )
    merged = now.merge(earlier, on=["municipality", "indicator"], how="left")
    merged["value_change"] = merged["value"] - merged["value_since"]
    merged["rank_change"] = (merged["rank_since"] - merged["rank"]).astype("Int64")
    return merged


def similar(
    ctx: Context,
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

    std = ctx.structural(variables)
    if municipality is None and not variables:
        return ctx.nearest(k), std.excluded  # every member's: kept for partners and peers
    focal = None
    if municipality is not None:
        _require_compared(std, municipality)
        focal = [municipality]
    return nearest_neighbours(std, k=k, municipalities=focal), std.excluded


def explain(
    ctx: Context, a: str, b: str, variables: Sequence[StructuralSpec] | None = None
) -> pd.DataFrame:
    """How much each structural variable contributes to the distance between two members.

    Columns: ``variable, value_a, value_b, z_a, z_b, weight, contribution, share``.
    """
    from benchlearn.analysis.similarity import explain as explain_pair

    std = ctx.structural(variables)
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
    ctx: Context,
    *,
    k: int | None = None,
    auto: bool = False,
    compare: str | None = None,
    variables: Sequence[StructuralSpec] | None = None,
) -> ClusterResult:
    """Ward clusters of the members; optionally compared with an official grouping attribute."""
    from benchlearn.analysis.similarity import clusters as ward
    from benchlearn.analysis.similarity import compare_groupings

    if k is None and not auto:
        raise BenchlearnError("give --k N or --auto")
    std = ctx.structural(variables)
    assignments, silhouettes = ward(std, k, auto=auto)
    result = ClusterResult(
        assignments, silhouettes, std.excluded, tuple(v.code for v in std.variables)
    )
    if compare:
        attributes = ctx.attributes
        if compare not in attributes.columns:
            raise BenchlearnError(f"--compare {compare}: no such municipality attribute")
        official = attributes.set_index("code")[compare].dropna().astype(str)
        ari, table = compare_groupings(assignments.set_index("municipality")["cluster"], official)
        result = ClusterResult(assignments, silhouettes, std.excluded, result.variables, ari, table)
    return result


def index(
    ctx: Context,
    *,
    normalisation: str | None = None,
    aggregation: str | None = None,
    min_coverage: float | None = None,
    draws: int = 1000,
    seed: int = 0,
) -> pd.DataFrame:
    """The network's composite index for the members.

    Columns: ``municipality, score, rank, rank_low, rank_high, rank_median, coverage``.
    """
    from benchlearn.analysis.composite import composite_index

    codes = list(ctx.codes)
    wide = usable_matrix(ctx.values(codes), index=ctx.members, columns=codes)
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


def partners(ctx: Context, municipality: str, *, k: int = 15, min_gap: float = 1.0) -> pd.DataFrame:
    """Whom to visit: similar peers that do clearly better, per indicator.

    Candidates are the municipality's ``k`` nearest neighbours on the structural
    variables (or its peers when the network declares none, or when the
    municipality lacks structural figures). ``gap`` is the candidate's
    advantage in median absolute deviations of the municipality's peer group
    (the ``peer_mad`` its ranking has), direction-aware, so positive is better;
    rows with a gap of at least ``min_gap`` are kept, ordered by gap and then by
    similarity. Columns: ``indicator, partner, partner_value, own_value, gap,
    similarity``.
    """
    import numpy as np
    import pandas as pd

    ctx.require_member(municipality)
    candidates = pd.Series(
        np.nan, index=sorted(set(ctx.assignment.peer_set(municipality)) - {municipality})
    )
    if ctx.network.structural:
        try:
            _require_compared(ctx.structural(), municipality)
        except BenchlearnError:
            pass  # no usable structural figures yet: learn from the peer group instead
        else:
            near = ctx.nearest(k)
            candidates = near[near["municipality"] == municipality].set_index("neighbour")[
                "similarity"
            ]
    directions = {c: ctx.definitions.indicators[c].direction for c in ctx.codes}
    codes = [c for c in ctx.codes if directions[c] != "neutral"]
    ranked = ctx.ranked(ctx.year, list(ctx.codes))
    own = ranked[
        (ranked["municipality"] == municipality)
        & ranked["indicator"].isin(codes)
        & ranked["value"].notna()
        & (ranked["n"] >= 2)
        & (ranked["peer_mad"] > 0)
    ][["indicator", "value", "peer_mad"]].rename(columns={"value": "own_value"})
    others = usable_matrix(ctx.values(codes), index=candidates.index, columns=codes)
    offered = (
        others.reset_index(names="partner")
        .melt(id_vars="partner", var_name="indicator", value_name="partner_value")
        .dropna(subset=["partner_value"])
    )
    found = offered.merge(own, on="indicator")
    sign = np.where(found["indicator"].map(directions) == "lower", -1.0, 1.0)
    found["gap"] = sign * (found["partner_value"] - found["own_value"]) / found["peer_mad"]
    found["similarity"] = found["partner"].map(candidates).astype(float)
    found = found[found["gap"] >= min_gap]
    return (
        found[PARTNER_COLUMNS]
        .sort_values(
            ["gap", "similarity", "indicator", "partner"], ascending=[False, False, True, True]
        )
        .reset_index(drop=True)
    )
