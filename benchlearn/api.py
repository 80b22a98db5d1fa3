"""Benchlearn from Python: ``db = benchlearn.open(path_or_url)`` and one method per question.

The CLI and this module are two doors to the same library: every method opens
nothing of its own but calls the function a command calls (:mod:`benchlearn.commands`,
:mod:`benchlearn.importing`, :mod:`benchlearn.definitions.store`, ...), so the
results and the one-sentence errors (:class:`~benchlearn.errors.BenchlearnError`)
are the ones the command line gives. What it adds is what a notebook wants:
one object that holds the database, and DataFrames with a municipality's name
beside its code (``name`` after ``municipality``, ``neighbour_name`` after
``neighbour``, ``partner_name`` after ``partner``), as the CLI's tables show.

pandas is imported by the methods that need it, not here, so ``import benchlearn``
stays light.

Example::

    import benchlearn

    db = benchlearn.open("demo.db")  # a file path, a database URL, or None for BENCHLEARN_DB
    db.upgrade()
    db.load_sample("uk-asc")
    db.rank("ASC", 2021).head()
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine

from benchlearn import commands
from benchlearn.database import make_engine, require_schema
from benchlearn.definitions import StructuralSpec
from benchlearn.errors import BenchlearnError
from benchlearn.frames import with_names

if TYPE_CHECKING:
    import pandas as pd

    from benchlearn.definitions.changes import LoadReport
    from benchlearn.effect import EffectStudy
    from benchlearn.importing import ImportResult
    from benchlearn.position import Position
    from benchlearn.registry.municipalities import MunicipalityLoad

__all__ = ["Database", "open"]

#: A definitions source: a YAML file or folder, several of them, or a YAML file's content.
DefinitionSource = str | Path | Sequence[str | Path] | Mapping[str, Any]


def open(url_or_path: str | Path | None = None) -> Database:
    """The database at ``url_or_path``, as ``--db`` takes it.

    A file path is an SQLite file; a URL (``postgresql://user@host/bench``) is
    used as given; None means ``BENCHLEARN_DB``, else ``benchlearn.db`` in the
    working directory, as the CLI does. Nothing is created until
    :meth:`Database.upgrade`.
    """
    return Database(make_engine(None if url_or_path is None else str(url_or_path)))


class Database:
    """One benchlearn database and the questions the CLI asks of it, answered as DataFrames.

    ``engine`` is the SQLAlchemy engine, for the functions of
    :mod:`benchlearn.commands` that this class does not wrap.
    """

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._has_schema = False

    def __repr__(self) -> str:
        return f"<benchlearn.Database {self.engine.url.render_as_string()}>"

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the database's connections (``with benchlearn.open(...) as db:`` does it)."""
        self.engine.dispose()

    def _ready(self) -> Engine:
        """The engine, once the schema is known to be there (the CLI's "run db upgrade" else)."""
        if not self._has_schema:
            require_schema(self.engine)
            self._has_schema = True
        return self.engine

    def _named(self, frame: pd.DataFrame) -> pd.DataFrame:
        return with_names(frame, commands.municipality_names(self.engine))

    # --- setting up -------------------------------------------------------

    def upgrade(self) -> str:
        """Create or upgrade the schema (``benchlearn db upgrade``); return its revision.

        Only the schema: the built-in definitions are loaded by
        :meth:`load_definitions` without an argument (``benchlearn definitions
        load --builtin``), so a definition of one's own is never replaced
        behind one's back.
        """
        from benchlearn.database import upgrade

        revision = upgrade(self.engine)
        self._has_schema = True
        return revision

    def load_definitions(
        self,
        source: DefinitionSource | None = None,
        *,
        name: str = "definitions",
        replace: bool = False,
    ) -> LoadReport:
        """Validate indicator and network definitions, then add them (all or nothing).

        ``source`` is a YAML file or folder (or a list of them), or a mapping
        like a file's content (``{"indicators": [...], "network": {...}}``),
        whose problems are named ``name``; None loads the built-in definitions
        (``benchlearn definitions load --builtin``). A database without the
        schema gets it first. A stored definition that ``source`` defines
        differently raises :class:`~benchlearn.definitions.changes.DefinitionsRefused`
        with every difference, unless ``replace``; the report says what was
        added, changed and left unchanged.
        """
        from benchlearn.database import bring_up
        from benchlearn.definitions.store import load_definitions, load_mapping

        if not self._has_schema:
            bring_up(self.engine)
        engine = self._ready()
        if source is None:
            return load_definitions(engine, replace=replace)
        if isinstance(source, Mapping):
            return load_mapping(engine, source, name, replace=replace)
        if isinstance(source, str | Path):
            return load_definitions(engine, [source], replace=replace)
        if isinstance(source, Sequence) and all(isinstance(s, str | Path) for s in source):
            return load_definitions(engine, list(source), replace=replace)
        raise BenchlearnError.of("api_definitions_source", {"kind": type(source).__name__})

    def load_municipalities(self, source: str | Path) -> MunicipalityLoad:
        """Load a registry CSV (``code,name`` ...) or a built-in registry such as ``lv-2021``."""
        from benchlearn.registry.municipalities import load_municipalities

        return load_municipalities(self._ready(), source)

    def load_sample(self, sample: str = "uk-asc") -> ImportResult:
        """Load a built-in sample workspace (``benchlearn demo`` shows them): its municipalities,
        definitions, peer groups and values."""
        from benchlearn.demo import load_sample

        return load_sample(self._ready(), sample)

    def import_file(
        self,
        path: str | Path,
        *,
        year: int | None = None,
        dry_run: bool = False,
        skip_invalid: bool = False,
    ) -> ImportResult:
        """Import one CSV or XLSX file, or a built-in dataset by name (``lv-population``),
        as ``benchlearn import`` does: one transaction, every problem at once."""
        from benchlearn.importing import import_file
        from benchlearn.importing.datasets import dataset_names, dataset_path

        if not Path(path).exists() and str(path) in dataset_names():
            path = dataset_path(str(path))
        return import_file(
            self._ready(), path, year=year, dry_run=dry_run, skip_invalid=skip_invalid
        )

    def import_frame(
        self,
        frame: pd.DataFrame,
        *,
        name: str = "DataFrame",
        year: int | None = None,
        dry_run: bool = False,
        skip_invalid: bool = False,
    ) -> ImportResult:
        """Import a DataFrame laid out as an import file, as one batch named ``name``.

        Long (``municipality, indicator, year, value`` and optionally ``status``)
        or wide (``municipality``, ``year`` or the ``year`` argument, an optional
        ``name``, one column per indicator code). It is checked and written as
        ``benchlearn import`` checks and writes a file: every problem at once
        (:class:`~benchlearn.importing.ImportRejected`, rows numbered as in the
        frame's CSV, the header being row 1), one transaction, revisions kept.
        """
        from benchlearn.importing import import_frame

        return import_frame(
            self._ready(),
            frame,
            name=name,
            year=year,
            dry_run=dry_run,
            skip_invalid=skip_invalid,
        )

    # --- what is stored ---------------------------------------------------

    def networks(self, lang: str = "en") -> pd.DataFrame:
        """The stored networks (``benchlearn networks``).

        Columns: ``code, name, indicators, members, structural``; ``members`` is
        this year's count.
        """
        import datetime as dt

        from benchlearn.definitions.store import stored_definitions
        from benchlearn.definitions.tables import network_table
        from benchlearn.registry.municipalities import network_members

        year = dt.date.today().year
        with self._ready().connect() as connection:
            found = stored_definitions(connection)
            counts = {
                code: len(network_members(connection, net, year))
                for code, net in found.networks.items()
            }
        return network_table(found, counts, lang)

    def municipalities(self) -> pd.DataFrame:
        """The registry (``benchlearn municipalities list``).

        Columns: ``code, name, kind, valid_from, valid_to`` and one per attribute.
        """
        from benchlearn.registry.municipalities import municipalities_frame

        with self._ready().connect() as connection:
            return municipalities_frame(connection)

    def values(
        self,
        indicators: str | Iterable[str] | None = None,
        years: int | Iterable[int] | None = None,
        municipalities: str | Iterable[str] | None = None,
        network: str | None = None,
        *,
        boundaries: int | None = None,
    ) -> pd.DataFrame:
        """Values, stored or derived from their formulas, one row each (a tidy long table).

        Without ``indicators``, every indicator (the ``network``'s when one is
        given); without ``municipalities``, everyone (the ``network``'s members
        in the years asked for, else its members now). ``boundaries`` shows
        every year on the units of that year (see ``--boundaries``). What the
        audience in force may not see is confidential with no value (inside
        ``with benchlearn.access.using(benchlearn.access.EVERYONE):``, every value).

        Columns: ``municipality, name, indicator, year, value, status`` (and
        ``aggregated`` with ``boundaries``), sorted by indicator, year and
        municipality.
        """
        from benchlearn.access import in_force
        from benchlearn.access.scope import read_scope
        from benchlearn.definitions.store import stored_definitions
        from benchlearn.registry.municipalities import network_members
        from benchlearn.values import values

        chosen_years = _listed(years)
        chosen_places = _listed(municipalities)
        with self._ready().connect() as connection:
            found = stored_definitions(connection)
            codes = _listed(indicators)
            if network is not None:
                net = found.network(network)
                codes = codes if codes is not None else list(net.indicator_codes)
                if chosen_places is None:
                    members: set[str] = set()
                    for year in chosen_years or [None]:
                        members.update(network_members(connection, net, year))
                    chosen_places = sorted(members)
            if codes is None:
                codes = sorted(found.indicators)
            for code in codes:
                found.indicator(code)  # an unknown code: the one sentence that names it
            # Read as the audience in force may see them (benchlearn.access.using), as a
            # command's --audience reads them: the public unless the caller says otherwise.
            audience = in_force().within(network) if network is not None else in_force()
            scope = read_scope(connection, found, audience)
            frame = values(
                connection, found, codes, chosen_years, chosen_places, boundaries=boundaries,
                scope=scope,
            )  # fmt: skip
        return self._named(frame)

    # --- comparisons ------------------------------------------------------

    def rank(
        self,
        network: str,
        year: int,
        *,
        indicator: str | None = None,
        peers: str = "network",
        since: int | None = None,
        boundaries: int | None = None,
        confidence: float = 95.0,
        comparator: str | None = None,
    ) -> pd.DataFrame:
        """Each member's rank and peer statistics on every indicator (``benchlearn rank``).

        The columns of :func:`benchlearn.compare.rank`, with ``name`` after
        ``municipality``. ``peers`` is ``network``, ``all``, ``group:NAME``,
        ``attr:NAME`` or ``similar:K``; with ``since`` the change since that year.
        """
        frame = commands.rank(
            self._ready(),
            network,
            year,
            indicator=indicator,
            peers=peers,
            since=since,
            boundaries=boundaries,
            confidence=confidence,
            comparator=comparator,
        )
        return self._named(frame)

    def similar(
        self,
        network: str,
        year: int,
        municipality: str | None = None,
        *,
        k: int = 15,
        variables: str | Sequence[StructuralSpec] | None = None,
        window: int | None = None,
    ) -> pd.DataFrame:
        """The ``k`` most similar members on the structural variables (``benchlearn similar``).

        Every member's neighbours, or ``municipality``'s. ``variables`` replaces
        the network's (``"POP:log,AREA:log:0.5"`` as ``--vars`` takes them).
        Columns: ``municipality, name, neighbour, neighbour_name, order,
        distance, similarity``; ``attrs`` holds ``variables`` (those used),
        ``dropped`` (too few figures) and ``excluded`` (members with none).
        """
        from benchlearn.definitions import parse_variables

        specs = parse_variables(variables) if isinstance(variables, str) else variables
        found = commands.similar(
            self._ready(),
            network,
            year,
            k=k,
            municipality=municipality,
            variables=specs,
            window=window,
        )
        frame = self._named(found.neighbours.reset_index(drop=True))
        frame.attrs.update(
            variables=found.variables,
            dropped=found.dropped,
            excluded=tuple(str(c) for c in found.excluded["municipality"]),
        )
        return frame

    def index(
        self,
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
        """The network's composite index (``benchlearn index``).

        Columns: ``municipality, name, score, rank, rank_low, rank_high,
        rank_median, coverage``; ``attrs["min_coverage"]`` the share of the
        weight a member needed to be ranked.
        """
        frame = commands.index(
            self._ready(),
            network,
            year,
            normalisation=normalisation,
            aggregation=aggregation,
            min_coverage=min_coverage,
            draws=draws,
            seed=seed,
            boundaries=boundaries,
        )
        return self._named(frame)

    def partners(
        self,
        municipality: str,
        network: str,
        year: int,
        *,
        peers: str = "network",
        k: int = 15,
        per_indicator: int = 3,
        boundaries: int | None = None,
        confidence: float = 95.0,
        comparator: str | None = None,
    ) -> pd.DataFrame:
        """Whom ``municipality`` could learn from, per indicator (``benchlearn partners``).

        The columns of :func:`benchlearn.compare.partners`, with ``partner_name``
        after ``partner``.
        """
        frame = commands.partners(
            self._ready(),
            municipality,
            network,
            year,
            peers=peers,
            k=k,
            per_indicator=per_indicator,
            boundaries=boundaries,
            confidence=confidence,
            comparator=comparator,
        )
        return self._named(frame)

    def efficiency(
        self,
        network: str,
        year: int,
        inputs: Sequence[str],
        outputs: Sequence[str],
        *,
        orientation: str = "input",
        returns: str = "vrs",
        peers: str = "network",
        bootstrap: int = 0,
        seed: int = 0,
        confidence: float = 95.0,
    ) -> pd.DataFrame:
        """What each member gets for its resources (``benchlearn efficiency``): the columns
        of :func:`benchlearn.efficiency.efficiency`, with ``name`` after ``municipality``;
        ``bootstrap`` replicates add the bias-corrected efficiency and its interval."""
        found, _ = commands.efficiency(
            self._ready(), network, year, inputs, outputs, orientation=orientation,
            returns=returns, peers=peers, replicates=bootstrap, seed=seed,
            confidence=confidence,
        )  # fmt: skip
        return self._named(found.table)

    def effect(
        self,
        municipality: str | None = None,
        indicator: str | None = None,
        start: int | None = None,
        *,
        plan: int | None = None,
        network: str | None = None,
        donors: str | None = None,
        fit_years: Sequence[int] | None = None,
        predictors: Sequence[str] = (),
        boundaries: int | None = None,
        until: int | None = None,
    ) -> EffectStudy:
        """Did it work? ``municipality``'s ``indicator`` from ``start`` on against its synthetic
        twin, or a stored ``plan``'s (``indicator`` choosing among its targets), as
        ``benchlearn effect`` judges it: see :func:`benchlearn.effect.asked_effect`;
        ``predictors`` are written as on the command line (``CODE:YEARS``), ``boundaries``
        puts every year on that year's units, ``until`` is the last year read."""
        from benchlearn.effect import Predictor, asked_effect

        return asked_effect(
            self._ready(),
            municipality,
            indicator,
            start,
            plan=plan,
            network=network,
            donors=donors,
            fit_years=fit_years,
            predictors=[Predictor.parse(p) for p in predictors],
            boundaries=boundaries,
            until=until,
        )

    def position(
        self,
        municipality: str,
        network: str,
        year: int,
        *,
        peers: str = "network",
        lang: str = "en",
        boundaries: int | None = None,
        confidence: float = 95.0,
        comparator: str | None = None,
    ) -> Position:
        """Where ``municipality`` stands among its peers (``benchlearn position``).

        ``table`` (``indicator, name, value, rank_of_n, band, change``: ``name``
        is the indicator's), ``sentences`` in ``lang``, ``strongest``,
        ``weakest`` and ``partners`` (with ``partner_name``).
        """
        found = commands.position(
            self._ready(),
            municipality,
            network,
            year,
            peers=peers,
            lang=lang,
            boundaries=boundaries,
            confidence=confidence,
            comparator=comparator,
        )
        return replace(found, partners=self._named(found.partners))

    def impact(
        self,
        network: str,
        since: int,
        *,
        year: int | None = None,
        indicator: str | None = None,
        boundaries: int | None = None,
    ) -> pd.DataFrame:
        """Members against the registry's other municipalities since ``since``: improvement
        or convergence (``benchlearn impact``).

        The columns of :data:`benchlearn.analysis.convergence.COLUMNS`: the change of
        each indicator's mean and interquartile range for both sides, the differences
        with their bootstrap intervals and the ``verdict``.
        """
        from benchlearn.impact import impact

        with self._ready().connect() as connection:
            found = impact(
                connection, network, since, year=year, indicator=indicator, boundaries=boundaries
            )
            return found.table


def _listed(given: Any) -> list[Any] | None:
    """One value or several as a list (a code is a string, not its letters); None stays."""
    if given is None:
        return None
    if isinstance(given, str | int):
        return [given]
    return list(given)
