"""`benchlearn pull`: fetch every indicator that says where it comes from, match it, import it.

An indicator's ``pull:`` names a PxWeb table or a Kolada KPI. Indicators of
one table (or KPI) form one *source*: everything a source answers is fetched
first, for every source, and only then imported, one batch per source; so a
server that cannot be reached writes nothing at all. Territories are matched
to the registry by ``match`` (the server's default when the definition gives
none: ``csb_code`` for Statistics Latvia, ``code`` elsewhere).

``since_last`` asks only for what is newer than each indicator's last
successful pull (:mod:`.records`). What is newer: for a PxWeb table whose
metadata carries ``updated`` (API v2), everything when that stamp changed and
nothing when it did not; for a table without one (API v1's metadata), the
years the table lists that the last pull did not see. For Kolada v3, the
figures changed after the day before the last pull (``from_date``; the day
before, since Kolada compares dates, not times); v2 has no such parameter and
is asked whole. An indicator never pulled is pulled whole. A table's metadata
is asked again even when the cache holds it (conditionally, with its ETag or
Last-Modified), since only the server can say whether it changed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from benchlearn.definitions.model import Definitions, PullSource
from benchlearn.errors import BenchlearnError, Problem, ValidationError
from benchlearn.importing.pull import kolada, pxweb
from benchlearn.importing.pull.http import Client, read_json
from benchlearn.importing.pull.records import LastPull, last_pulls, record_pulls
from benchlearn.importing.pull.servers import limits_for
from benchlearn.importing.statistics.cube import Category, Cube

#: How many left-out territories a note names before "…".
SHOWN = 10

if TYPE_CHECKING:
    import pandas as pd
    from sqlalchemy import Engine

    from benchlearn.importing.write import ImportResult


@dataclass(frozen=True)
class PullJob:
    """One source (a PxWeb table or a Kolada KPI) and the indicators it gives."""

    kind: str
    location: str
    indicators: tuple[tuple[str, PullSource], ...]

    @property
    def codes(self) -> tuple[str, ...]:
        """The indicators' codes."""
        return tuple(code for code, _ in self.indicators)

    @property
    def hosts(self) -> frozenset[str]:
        """The hosts besides the source's own that its definitions let it send benchlearn to."""
        return frozenset(host for _, source in self.indicators for host in source.hosts)


@dataclass
class Fetched:
    """What one source answered, as long rows (``municipality, indicator, year, value,
    status``), with the SHA-256 of the answers and what was left out on purpose."""

    job: PullJob
    source: str
    rows: pd.DataFrame
    sha256: str
    calls: int
    cache_hits: int
    notes: list[Problem | str] = field(default_factory=list)
    #: The source's stamp of its last change (a PxWeb table's ``updated``), and its years.
    updated: str | None = None
    years: tuple[int, ...] = ()
    #: With ``since_last``: the earliest last pull of the source's indicators (None when
    #: one was never pulled, or without ``since_last``).
    since: dt.datetime | None = None


@dataclass
class Pulled:
    """One source fetched and imported (or, with ``dry_run``, counted). ``result`` is None
    when ``since_last`` found nothing newer to ask for; ``nothing_new`` when it found
    nothing that the database does not already hold."""

    fetched: Fetched
    result: ImportResult | None

    @property
    def nothing_new(self) -> bool:
        """Whether a ``since_last`` pull found nothing new for this source."""
        if self.fetched.since is None:
            return False
        return self.result is None or self.result.inserted + self.result.updated == 0


def plan(
    definitions: Definitions, *, network: str | None = None, indicators: Sequence[str] = ()
) -> list[PullJob]:
    """The sources to fetch: the indicators named, else the network's (with what its
    derived indicators are computed from), else every indicator with ``pull:``."""
    if indicators:
        chosen = list(dict.fromkeys(indicators))
        for code in chosen:
            if definitions.indicator(code).pull is None:
                raise BenchlearnError.of("pull_not_pullable", {"code": code})
    elif network is not None:
        net = definitions.network(network)
        wanted = [*net.indicator_codes, *(s.code for s in net.structural)]
        wanted += [net.population] if net.population else []
        chosen = _with_components(definitions, wanted)
    else:
        chosen = sorted(definitions.indicators)
    groups: dict[tuple[str, str], list[tuple[str, PullSource]]] = {}
    for code in chosen:
        source = definitions.indicators[code].pull
        if source is not None:
            groups.setdefault((source.kind, source.location), []).append((code, source))
    if not groups:
        raise BenchlearnError.of("pull_nothing")
    return [PullJob(kind, location, tuple(found)) for (kind, location), found in groups.items()]


def _with_components(definitions: Definitions, codes: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    todo = list(codes)
    while todo:
        code = todo.pop(0)
        if code in seen or code not in definitions.indicators:
            continue
        seen[code] = None
        todo += sorted(definitions.indicators[code].components)
    return list(seen)


def parse_years(text: str | None) -> list[int] | None:
    """``2015-2024``, ``2020`` or ``2015,2018`` as a list of years (None for no text)."""
    if not text:
        return None
    years: list[int] = []
    try:
        for part in text.split(","):
            first, _, last = part.strip().partition("-")
            low, high = int(first), int(last or first)
            if not 1800 <= low <= high <= 2200:
                raise ValueError(part)
            years += range(low, high + 1)
    except ValueError:
        raise BenchlearnError.of("pull_bad_years", {"years": text}) from None
    return sorted(set(years))


def fetch(
    client: Client,
    job: PullJob,
    municipalities: pd.DataFrame,
    *,
    years: Sequence[int] | None = None,
    kolada_url: str = kolada.BASE,
    last: Mapping[str, LastPull] | None = None,
) -> Fetched:
    """Every answer of one source, matched and turned into long rows.

    Territories are matched before anything is asked, so only those of the
    registry are fetched; the others are named in a note. ``last`` (the
    indicators' last pulls, by code) asks only for what is newer (see the
    module's doc); None asks for everything.
    """
    import pandas as pd

    from benchlearn.importing.statistics import cube_rows, read_jsonstat
    from benchlearn.importing.statistics.rows import COLUMNS

    calls, hits, noted = client.calls, client.cache_hits, len(client.notes)
    digest = hashlib.sha256()
    frames: list[pd.DataFrame] = []
    notes: list[Problem | str] = []
    problems: list[Problem] = []

    def add(cube: Cube, code: str, pull: PullSource, match: str) -> None:
        found = cube_rows(
            cube, indicator=code, select=dict(pull.select), match=match,
            municipalities=municipalities,
        )  # fmt: skip
        frames.append(found.frame)
        problems.extend(found.problems)
        notes.extend(n for n in found.notes if n not in notes)

    earlier = [last.get(code) for code in job.codes] if last is not None else []
    since = min(p.pulled_at for p in earlier if p) if earlier and all(earlier) else None
    updated: str | None = None
    seen_years: set[int] = set()
    source = source_of(job, kolada_url)
    # a server may send benchlearn on only to its own host, or those the definitions name
    with client.allowing(job.hosts):
        if job.kind == "pxweb":
            # --since-last asks whether the table changed: its cached metadata cannot say
            table = pxweb.fetch_table(client, source, revalidate=last is not None)
            updated = table.updated
            seen_years = set(pxweb.table_years(table))
            max_values = client.limits(source).max_values
            for code, pull in job.indicators:
                wanted_years = _newer(table, (last or {}).get(code), years)
                if wanted_years == []:
                    continue  # nothing newer than the last pull
                match = pull.match or limits_for(source).match
                variable = pxweb.territory_variable(table, pull.select)
                places = [
                    Category(c, t) for c, t in zip(variable.values, variable.texts, strict=True)
                ]
                wanted = _matched(source, places, municipalities, match, notes)
                _, queries = pxweb.plan_queries(
                    table, pull.select, wanted_years, max_values, wanted
                )
                for query in queries:
                    answer = pxweb.fetch_query(client, table, query)
                    digest.update(answer)
                    # parsed here, so that JSON nested too deeply is said as that;
                    # what is not an object the JSON-stat reader refuses in its words
                    data = read_json(answer, source, "pull_answer_not_json")
                    cube = read_jsonstat(data if isinstance(data, dict) else answer, source)
                    add(cube, code, pull, match)
        else:
            asked = (
                list(years) if years else list(range(kolada.FIRST_YEAR, dt.date.today().year + 1))
            )
            from_date = since.date() - dt.timedelta(days=1) if since is not None else None
            pages = [
                pair
                for url in kolada.data_urls(job.location, asked, kolada_url, from_date)
                for pair in kolada.fetch_pages(client, url)
            ]
            for _, page in pages:
                digest.update(page)
            for code, pull in job.indicators:
                match = pull.match or limits_for(kolada_url).match
                gender = pull.select.get("gender", "T")
                values = [v for url, page in pages for v in kolada.read_values([page], url, gender)]
                seen_years |= {v.year for v in values}
                places = [Category(m, m) for m in sorted({v.municipality for v in values})]
                kept = set(_matched(source, places, municipalities, match, notes))
                add(
                    kolada.to_cube((v for v in values if v.municipality in kept), source),
                    code,
                    pull,
                    match,
                )
    notes[:0] = [n for n in client.notes[noted:] if n not in notes]  # said first, as it was
    if problems:
        raise ValidationError(problems)
    if job.kind == "kolada":  # an answer since a date has only the years that changed
        seen_years |= {y for p in earlier if p for y in p.years}
    rows = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=COLUMNS)
    return Fetched(
        job,
        source,
        rows,
        digest.hexdigest(),
        client.calls - calls,
        client.cache_hits - hits,
        notes,
        updated,
        tuple(sorted(seen_years)),
        since,
    )


def source_of(job: PullJob, kolada_url: str = kolada.BASE) -> str:
    """The URL that names a source in batches and pull records."""
    if job.kind == "pxweb":
        return job.location
    return f"{kolada_url.rstrip('/')}/data/kpi/{job.location}"


def _newer(
    table: pxweb.Table, before: LastPull | None, years: Sequence[int] | None
) -> list[int] | None:
    """The years of ``table`` to ask for: ``years`` (None: all) when the indicator was never
    pulled or the table's ``updated`` stamp changed, none when it did not; for a table
    without a stamp, the years it lists that the last pull did not see."""
    if before is None:
        return list(years) if years is not None else None
    if table.updated is not None and before.updated is not None:
        if table.updated == before.updated:
            return []
        return list(years) if years is not None else None
    new = set(pxweb.table_years(table)) - set(before.years)
    if years is not None:
        new &= set(years)
    return sorted(new)


def _matched(
    source: str,
    places: Sequence[Category],
    municipalities: pd.DataFrame,
    match: str,
    notes: list[Problem | str],
) -> list[str]:
    """The codes of the territories that are municipalities of the registry; the others
    (totals, regions, towns, units of other years) are named in a note."""
    from benchlearn.importing.statistics import match_territories

    found = match_territories(places, municipalities, match)
    left = [*found.totals, *found.unmatched]
    if left:
        shown = [c.label if c.label == c.code else f"{c.code} {c.label}" for c in left]
        shown = shown[:SHOWN] + (["…"] if len(shown) > SHOWN else [])
        note = Problem.of(
            source, "pull_left_out", {"count": len(left), "match": match, "territories": shown}
        )
        if note not in notes:
            notes.append(note)
    return [c.code for c in places if c.code in found.codes]


def pull(
    engine: Engine,
    jobs: Sequence[PullJob],
    *,
    client: Client,
    years: Sequence[int] | None = None,
    dry_run: bool = False,
    kolada_url: str = kolada.BASE,
    since_last: bool = False,
    progress: Callable[[PullJob], None] | None = None,
    landed: Callable[[Pulled], None] | None = None,
) -> list[Pulled]:
    """Fetch every source, then import each as one batch (with ``dry_run``, only count).

    Nothing is written unless every source was fetched and matched. Each source
    is then imported as its own batch and told to ``landed`` as it lands, so
    when a later source is refused (its values break a rule) the caller can say
    which sources were imported before it, rather than show only the refusal.
    (Why not one transaction for all: a source is a batch with its own revisions
    and counts, and checking every source first as a dry run would do each
    import twice and, on PostgreSQL, spend batch numbers on the check.) With
    ``since_last``, only what is newer than each indicator's last successful
    pull is asked for (see the module's doc), and a source with nothing newer
    is not imported at all. Every pull that is not a dry run records, per
    indicator, when it was and what the source said (:mod:`.records`), once
    every source is imported.
    """
    from benchlearn.registry.municipalities import municipalities_frame

    started = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    with engine.connect() as connection:
        municipalities = municipalities_frame(connection)
        last = [
            last_pulls(connection, source_of(job, kolada_url)) if since_last else None
            for job in jobs
        ]
    fetched = []
    for job, before in zip(jobs, last, strict=True):
        fetched.append(
            fetch(client, job, municipalities, years=years, kolada_url=kolada_url, last=before)
        )
        if progress is not None:
            progress(job)
    pulled = []
    for found in fetched:
        pulled.append(Pulled(found, _import(engine, found, dry_run=dry_run)))
        if landed is not None:
            landed(pulled[-1])
    if not dry_run:
        record_pulls(
            engine,
            (
                LastPull(code, found.source, started, found.updated, found.years)
                for found in fetched
                for code in found.job.codes
            ),
        )
    return pulled


def _import(engine: Engine, found: Fetched, *, dry_run: bool) -> ImportResult | None:
    """One source's rows imported as one batch (None: ``since_last`` found nothing newer)."""
    from benchlearn.importing.write import import_rows

    if found.since is not None and not len(found.rows):
        return None
    return import_rows(
        engine,
        found.rows,
        source=found.source,
        sha256=found.sha256,
        dry_run=dry_run,
        notes=found.notes,
    )
