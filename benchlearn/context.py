"""A network in a year as one command sees it: the database read once, what it computes kept.

A command opens one :class:`Context` (:func:`open_context`) and hands it to
every comparison in :mod:`benchlearn.compare`. The Context reads the
definitions and members when it is opened, and values, structural variables,
peer sets, names and practice on first use, keeping each: a meeting workbook
that ranks, scores, finds partners for twelve members and clusters them reads
and standardises everything once.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, cast

from sqlalchemy import Connection

from benchlearn.access import Audience, in_force
from benchlearn.access.scope import Scope, read_scope
from benchlearn.definitions import Definitions, NetworkDefinition, StructuralSpec
from benchlearn.definitions.model import COMPARATORS
from benchlearn.definitions.store import stored_definitions
from benchlearn.errors import BenchlearnError
from benchlearn.frames import per_code, positions_of, runs_of, usable_matrix
from benchlearn.registry.municipalities import (
    Membership,
    contacts,
    members_in,
    membership,
    municipalities_frame,
    municipality_names,
)
from benchlearn.registry.peers import PeerAssignment, PeerSpec, resolve_peers
from benchlearn.values import standard_errors
from benchlearn.values import values as read_values

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from benchlearn.analysis.significance import Counted
    from benchlearn.analysis.similarity import Standardised
    from benchlearn.analysis.statistics import Statistic
    from benchlearn.definitions.model import Direction

#: Significance is judged at one of these confidence levels (percent).
CONFIDENCE_LEVELS = (90.0, 95.0, 99.8)
#: Rows of a piece of a year ranked in pieces (:meth:`Context.ranked_pieces`): a few
#: hundred indicators, tens of megabytes however large the year.
PIECE_ROWS = 50_000


class Context:
    """A network in a year as one command sees it: read from the database once, computed once.

    ``peers`` (a ``--peers`` specification), ``boundaries`` (show every year
    on that year's units), ``confidence`` (the level significance is judged
    at) and ``comparator`` (what a value is compared with: ``median``,
    ``pooled`` or ``all``; None: each indicator's own, else the members'
    median) hold for everything computed from it, so no output can judge or
    draw against another comparator than the one chosen; ``membership`` (the
    network's members with their years, as read) tells who joined and who left
    in the year. The connection stays open for reading on first use; the
    Context lives as long as it does.
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
        confidence: float = 95.0,
        comparator: str | None = None,
        membership: Membership | None = None,
        window: int | None = None,
        audience: Audience | None = None,
    ) -> None:
        if window is not None and window < 0:
            raise BenchlearnError.of("sim_bad_window", {"window": window})
        if confidence not in CONFIDENCE_LEVELS:
            raise BenchlearnError.of("cmp_confidence", {"confidence": float(confidence)})
        if comparator is not None and comparator not in COMPARATORS:
            raise BenchlearnError.of(
                "cmp_comparator", {"comparator": comparator, "choices": ", ".join(COMPARATORS)}
            )
        self.confidence = confidence
        self.comparator = comparator
        self.connection = connection
        self.definitions = definitions
        self.network = network
        self.year = year
        self.members = members
        self.peers = peers
        self.boundaries = boundaries
        self.membership = membership
        #: Whom everything read through the Context is for (default: the audience in
        #: force, :func:`benchlearn.access.in_force`); what it may not see is withheld as
        #: the values are read (:attr:`scope`), before anything is computed from them.
        self.audience = (audience or in_force()).within(network.code)
        #: Years either side in which a structural variable's figure may be taken.
        self.window = window
        # year → values read so far, and their codes: each code is read once per year
        self._values: dict[int, pd.DataFrame] = {}
        self._codes_read: dict[int, set[str]] = {}
        self._rows: dict[int, dict[str, np.ndarray]] = {}  # year → code → rows (_rows_of)
        self._in_order: set[int] = set()  # years whose values are sorted as values() returns
        self._structural: dict[tuple[StructuralSpec, ...], Standardised] = {}
        self._nearest: pd.DataFrame | None = None
        self._nearest_k = 0
        self._ranked: dict[tuple[int, tuple[str, ...]], pd.DataFrame] = {}

    def comparator_for(self, code: str) -> str:
        """What ``code``'s values are compared with: ``median``, ``pooled`` or ``all``."""
        return self.definitions.indicators[code].comparator_for(self.comparator)

    @property
    def codes(self) -> tuple[str, ...]:
        """The network's indicator codes in definition order."""
        return self.network.indicator_codes

    @cached_property
    def scope(self) -> Scope:
        """What :attr:`audience` may see, read once (see :mod:`benchlearn.access.scope`)."""
        return read_scope(self.connection, self.definitions, self.audience)

    def read(
        self, codes: Sequence[str], years: Sequence[int] | None, places: Sequence[str] | None,
        *, boundaries: bool = True,
    ) -> pd.DataFrame:  # fmt: skip
        """Values as :attr:`audience` may see them (:func:`benchlearn.values.values`' columns),
        on the Context's boundaries unless ``boundaries`` is False: every value it holds."""
        return read_values(
            self.connection, self.definitions, list(codes), years, places,
            boundaries=self.boundaries if boundaries else None, scope=self.scope,
        )  # fmt: skip

    @cached_property
    def names(self) -> dict[str, str]:
        """Code → name of every municipality."""
        return municipality_names(self.connection)

    @cached_property
    def attributes(self) -> pd.DataFrame:
        """Every municipality with its attributes (see ``municipalities_frame``)."""
        return municipalities_frame(self.connection)

    @cached_property
    def member_changes(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Who joined the network in the year, and who left it in the year (no longer a member)."""
        if self.membership is None:
            return (), ()
        return self.membership.changes(self.year)

    @cached_property
    def practices(self) -> pd.DataFrame:
        """The network's good practice (see ``registry.practices.practices``)."""
        from benchlearn.registry.practices import practices

        return practices(self.connection, network=self.network.code)

    @cached_property
    def contacts(self) -> dict[str, str]:
        """Code → whom to write to (see ``registry.municipalities.contacts``)."""
        return contacts(self.connection)

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
        import numpy as np

        year = self.year if year is None else year
        wanted = self._read(codes, [year])
        frame = self._values[year]
        rows = self._rows_of(year)
        found = [rows[c] for c in wanted if c in rows]
        chosen = frame
        if sum(len(f) for f in found) < len(frame):  # a year of thousands: not copied whole
            chosen = frame.take(np.sort(np.concatenate(found)) if found else np.arange(0))
        if year not in self._in_order:  # read in several goes: put in order
            chosen = chosen.sort_values(["indicator", "year", "municipality"], kind="stable")
        return chosen.reset_index(drop=True)

    def _rows_of(self, year: int) -> dict[str, np.ndarray]:
        """Code → the positions of its rows in the year's values read so far, found once per
        reading: picking a few codes out of a year of thousands compares integers, not texts."""
        if year not in self._rows:
            self._rows[year] = positions_of(self._values[year]["indicator"])
        return self._rows[year]

    def values_in_years(self, codes: Sequence[str], years: Sequence[int]) -> pd.DataFrame:
        """Values of ``codes`` in each of ``years`` for the universe, read in one query.

        Kept per year as :meth:`values` keeps them. Columns: those of
        :func:`benchlearn.values.values`.
        """
        import pandas as pd

        wanted = self._read(codes, years)
        return pd.concat([self.values(wanted, y) for y in years], ignore_index=True)

    def _read(self, codes: Sequence[str], years: Sequence[int]) -> list[str]:
        """Read, in one query, the ``codes`` not yet read for any of ``years``, and keep them
        per year (a code already read for a year keeps its first reading); the codes, checked
        and without repeats."""
        import pandas as pd

        wanted = list(dict.fromkeys(codes))
        for code in wanted:
            self.definitions.indicator(code)
        missing = {y: [c for c in wanted if c not in self._codes_read.get(y, set())] for y in years}
        unread = [y for y in years if missing[y]]
        if unread:
            asked = list(dict.fromkeys(c for y in unread for c in missing[y]))
            fresh = self.read(asked, unread, self.universe)
            for year in unread:
                rows = fresh
                if len(unread) > 1:  # one year alone is read for exactly its codes
                    rows = fresh[(fresh["year"] == year) & fresh["indicator"].isin(missing[year])]
                held = self._values.get(year)
                self._values[year] = rows if held is None else pd.concat([held, rows])
                self._rows.pop(year, None)
                # One reading is in order (read_values sorts it), and any rows taken from it.
                if held is None:
                    self._in_order.add(year)
                else:
                    self._in_order.discard(year)
                self._codes_read.setdefault(year, set()).update(missing[year])
        return wanted

    @cached_property
    def history(self) -> pd.DataFrame:
        """Every year of the network's indicators and their components, for the members.

        Columns: those of :func:`benchlearn.values.values`.
        """
        shown = list(self.codes)
        for code in self.codes:
            shown += sorted(self.definitions.indicators[code].components - set(shown))
        return self.read(shown, None, self.members)

    @property
    def structural_window(self) -> int:
        """The window in force: ``--window``, else the network's ``structural_window``,
        else the default (±3 years)."""
        from benchlearn.analysis.similarity import WINDOW

        if self.window is not None:
            return self.window
        declared = self.network.structural_window
        return WINDOW if declared is None else declared

    def structural(self, variables: Sequence[StructuralSpec] | None = None) -> Standardised:
        """The members' structural variables, standardised, each from its nearest year.

        A variable's figure comes from the Context's year or the nearest one
        within :attr:`structural_window` on the same territory
        (:func:`benchlearn.analysis.similarity.nearest_year`); ``years`` of the
        result says which. A member with gaps is compared on what it has.
        """
        from benchlearn.analysis.similarity import nearest_year, standardise
        from benchlearn.registry.crosswalk import territory_changes

        specs = tuple(variables) if variables else self.network.structural
        if not specs:
            raise BenchlearnError.of("cmp_no_structural", {"network": self.network.code})
        if specs not in self._structural:
            self.require_members()
            codes = [s.code for s in specs]
            window = self.structural_window
            years = range(self.year - window, self.year + window + 1)
            long = self.values_in_years(codes, list(years))
            changes = territory_changes(self.connection)
            if self.boundaries is not None:  # earlier years are rebuilt on that year's units
                changes = changes[changes["year"] > self.boundaries]
            chosen = nearest_year(long, self.year, window, changes)
            chosen["status"] = None
            wide = usable_matrix(chosen, index=self.members, columns=codes)
            if not wide.notna().to_numpy().any():
                self._no_structural_figures(codes)
            taken = chosen.assign(value=chosen["year"].astype(float))
            when = usable_matrix(taken, index=self.members, columns=codes)
            self._structural[specs] = standardise(wide, specs, years=when)
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

    def ranked(self, year: int, codes: Sequence[str], *, everyone: bool = False) -> pd.DataFrame:
        """Members ranked among their peers for ``codes`` in ``year``, computed once.

        With ``everyone``, also the peers that are not members (with ``all`` or
        ``attr:`` peers, or listed peers), each ranked among its own peers.
        Columns: :data:`benchlearn.analysis.ranking.COLUMNS`, ``peer_mad`` and
        :data:`benchlearn.analysis.significance.COLUMNS` (the counts, intervals and
        significance for indicators with counts); sorted by indicator and
        municipality. ``comparator`` is filled on every row: the value it is judged
        and drawn against (:meth:`comparator_for`): the peers' median, their pooled
        value, or the median of every unit with data (``all``, whose median and MAD
        then also give ``robust_z`` and ``band``).
        """
        key = (year, tuple(codes))
        if key not in self._ranked:
            self._ranked[key] = self._rank(self.values(codes, year), year, codes)
        ranked = self._ranked[key]
        if everyone:
            return ranked
        return ranked[ranked["municipality"].isin(self.members)].reset_index(drop=True)

    def ranked_pieces(
        self, year: int, codes: Sequence[str], rows: int | None = None
    ) -> Iterator[pd.DataFrame]:
        """The rows of :meth:`ranked` (the members'), in pieces of whole indicators of about
        ``rows`` rows (default :data:`PIECE_ROWS`), in its order; no piece is kept.

        A year of Kolada ranked is 1.7 million rows of thirty columns: held whole it took
        gigabytes, in pieces it is written as it is computed. The numbers are those of
        :meth:`ranked` (every piece's peer sets padded to the widest of the year). At
        least one piece, empty when there are no rows.
        """
        from benchlearn.analysis.ranking import partition_width
        from benchlearn.columns import release_arrow_memory

        long = self.values(codes, year)
        width = partition_width(long, self.assignment)
        runs = runs_of(long["indicator"], PIECE_ROWS if rows is None else rows)
        pieces = [(long.iloc[low:high], list(among)) for low, high, among in runs]
        # Everyone read is a member unless the peers reach further (all, attr:, group:).
        outsiders = self.universe is None or bool(set(self.universe) - set(self.members))
        release_arrow_memory()  # what reading the year took
        for part, among in pieces or [(long, list(codes))]:
            ranked = self._rank(part, year, among, width)
            if outsiders:
                ranked = ranked[ranked["municipality"].isin(self.members)].reset_index(drop=True)
            yield ranked
            release_arrow_memory()  # what the piece took to be written

    def _rank(
        self, long: pd.DataFrame, year: int, codes: Sequence[str], width: int = 0
    ) -> pd.DataFrame:
        """:meth:`ranked` of the values ``long`` (of ``codes`` in ``year``), everyone's rows;
        ``width`` as :func:`~benchlearn.analysis.ranking.rank_observations` takes it."""
        import numpy as np
        import pandas as pd

        from benchlearn.analysis.rank_sets import rank_set_columns
        from benchlearn.analysis.ranking import (
            against_reference,
            rank_observations,
            reference_statistics,
        )
        from benchlearn.analysis.significance import compare_counts, with_errors

        population = None
        if self.network.population:
            population = self.values([self.network.population], year)
            population = population[population["status"].isna()][["municipality", "year", "value"]]
        directions = {c: self.direction(c) for c in codes}
        ranked = rank_observations(
            long, directions, self.assignment, population=population, width=width
        )
        kinds = per_code(ranked["indicator"], {c: self.comparator_for(c) for c in codes})
        target = ranked["peer_median"].to_numpy(dtype=float).copy()
        everywhere = [c for c in codes if self.comparator_for(c) == "all"]
        if everywhere:
            reference = reference_statistics(self._everyone(everywhere, year))
            chosen = kinds == "all"
            restated = against_reference(ranked[chosen], reference, directions)
            ranked.loc[chosen, "robust_z"] = restated["robust_z"].to_numpy()
            ranked.loc[chosen, "band"] = restated["band"].to_numpy()
            target[chosen] = restated["reference_median"].to_numpy()
        target[kinds == "pooled"] = np.nan  # compare_counts pools them
        # Levels and yes/no answers are counted, never scored against the peers.
        levels = [c for c in codes if not self.definitions.indicators[c].ranked]
        if levels:
            ranked.loc[ranked["indicator"].isin(levels), ["z", "robust_z"]] = float("nan")
        counted = self.counted(codes)
        fair = compare_counts(
            self._with_counts(ranked, year),
            counted,
            self.assignment,
            confidence=self.confidence,
            targets=target,
        )
        uncounted = ~ranked["indicator"].isin(list(counted)).to_numpy()
        fair["comparator"] = np.where(uncounted, target, fair["comparator"].to_numpy())
        errors = standard_errors(self.connection, codes, year, boundaries=self.boundaries)
        fair = with_errors(ranked, fair, errors, directions, self.confidence)
        peer_sets = self.assignment.partition
        sets = rank_set_columns(ranked, errors, peer_sets, directions, self.confidence)
        return pd.concat([ranked, fair, sets], axis=1)  # sorted by indicator and municipality

    def _everyone(self, codes: Sequence[str], year: int) -> pd.DataFrame:
        """Values of ``codes`` in ``year`` for every unit in the registry that has them."""
        return self.read(codes, [year], None)

    def direction(self, code: str) -> Direction:
        """The direction members are ranked in: ``neutral`` (no rank, quarter or band) for a
        declared neutral indicator and for one that is never ranked (a self-assessed level
        or a yes/no answer, :attr:`~benchlearn.definitions.IndicatorDefinition.ranked`)."""
        ind = self.definitions.indicators[code]
        return ind.direction if ind.ranked else "neutral"

    def counted(self, codes: Sequence[str]) -> dict[str, Counted]:
        """The indicators among ``codes`` that have counts behind them, and how."""
        from benchlearn.analysis.significance import Counted

        found = {}
        for code in codes:
            ind = self.definitions.indicators[code]
            if ind.statistic is not None:
                statistic = cast("Statistic", ind.statistic)
                found[code] = Counted(statistic, ind.multiplier or 1.0, ind.direction)
        return found

    def _with_counts(self, ranked: pd.DataFrame, year: int) -> pd.DataFrame:
        """Ranked rows with the usable numerator and denominator of each (NaN where none)."""
        import numpy as np
        import pandas as pd

        rows = ranked[["municipality", "indicator", "year", "value"]].copy()
        rows["numerator"] = rows["denominator"] = np.nan
        defs = self.definitions.indicators
        parts = {
            c: (defs[c].numerator, defs[c].denominator)
            for c in self.counted([str(c) for c in ranked["indicator"].unique()])
        }
        if not parts:
            return rows
        long = self.values(sorted({p for pair in parts.values() for p in pair if p}), year)
        lookup = long[long["status"].isna()].set_index(["municipality", "indicator"])["value"]
        # Only the rows of indicators with counts look them up: a few among thousands.
        counted = np.flatnonzero(rows["indicator"].isin(list(parts)).to_numpy())
        chosen = rows.iloc[counted]
        for side, position in (("numerator", 0), ("denominator", 1)):
            code = chosen["indicator"].map({c: pair[position] for c, pair in parts.items()})
            keys = pd.MultiIndex.from_arrays([chosen["municipality"], code])
            found = np.full(len(rows), np.nan)
            found[counted] = lookup.reindex(keys).to_numpy(dtype=float)
            rows[side] = found
        return rows

    def require_member(self, municipality: str) -> None:
        """Fail clearly when ``municipality`` is not a member this year."""
        if municipality not in self.members:
            raise BenchlearnError.of(
                "cmp_not_member",
                {"code": municipality, "network": self.network.code, "year": self.year},
            )

    def require_peers(self, municipality: str | None = None) -> None:
        """Fail with one sentence when there is no one to compare with: ``municipality`` has
        no peer but itself (``--peers group:X`` without links for it, ``attr:`` with a value
        of its own), or, without one, no member has a peer (a network of one member)."""
        if len(self.members) < 2 and self.peer_spec.kind == "network":
            self.require_members()
        chosen = self.members if municipality is None else (municipality,)
        if any(set(self.assignment.peer_set(m)) - {m} for m in chosen):
            return
        values = {"network": self.network.code, "year": self.year, "peers": self.peers}
        if municipality is None:
            raise BenchlearnError.of("cmp_no_peers_any", values)
        raise BenchlearnError.of("cmp_no_peers", {**values, "code": municipality})

    def require_members(self) -> None:
        """Fail with one sentence when the network has a single member this year: ranking it
        among the members, scoring it or finding its neighbours compares it with itself."""
        if len(self.members) < 2:
            raise BenchlearnError.of(
                "cmp_one_member",
                {"network": self.network.code, "year": self.year, "code": self.members[0]},
            )

    def require_data(self, year: int | None = None) -> None:
        """Fail with one sentence when the members have no data for ``year`` (default the
        Context's): how many forms came back that year and which years have data.

        Every comparison of indicators goes through here (:func:`open_context` asks it),
        so a new round, or a mistyped year, says so instead of comparing nothing
        (:func:`benchlearn.rules.require_year_data`: the network's own indicators, as
        ``benchlearn forms status`` counts them, never the population alone).
        """
        from benchlearn.rules import require_year_data

        require_year_data(
            self.connection,
            self.definitions,
            self.network,
            self.year if year is None else year,
            self.members,
            # On another year's units (a crosswalk) the values sit on the old codes.
            any_unit=self.boundaries is not None,
        )

    def _no_structural_figures(self, codes: Sequence[str]) -> None:
        """Fail with one sentence: the structural variables ``codes`` have no figure for any
        member this year; which years have some."""
        from benchlearn.messages import year_ranges

        every = self.read(codes, None, self.members, boundaries=False)
        years = sorted({int(y) for y in every.loc[every["value"].notna(), "year"]})
        values = {
            "network": self.network.code,
            "year": self.year,
            "variables": ", ".join(codes),
            "years": year_ranges(years),
        }
        key = "cmp_no_structural_year" if years else "cmp_no_structural_ever"
        raise BenchlearnError.of(key, values)


def open_context(
    connection: Connection,
    network: str,
    year: int,
    *,
    peers: str = "network",
    boundaries: int | None = None,
    confidence: float = 95.0,
    require_data: bool = True,
    comparator: str | None = None,
    window: int | None = None,
    audience: Audience | None = None,
) -> Context:
    """Read the definitions and the members valid in ``year`` (or in the boundary year).

    With ``require_data`` (comparisons of indicators), a year in which the members
    have no data yet fails with one sentence (:meth:`Context.require_data`);
    comparisons on structural variables alone (similar, clusters) pass False and
    are checked on those variables instead.
    """
    definitions = stored_definitions(connection)
    chosen = definitions.network(network)
    members_year = year if boundaries is None else boundaries
    found = membership(connection, chosen.code)
    members = tuple(members_in(connection, chosen, found, members_year))
    if not members:
        raise BenchlearnError.of(
            "reg_network_no_members", {"network": network, "year": members_year}
        )
    ctx = Context(
        connection,
        definitions,
        chosen,
        year,
        members,
        peers=peers,
        boundaries=boundaries,
        confidence=confidence,
        membership=found,
        comparator=comparator,
        window=window,
        audience=audience,
    )
    if require_data:
        ctx.require_data()
    return ctx
