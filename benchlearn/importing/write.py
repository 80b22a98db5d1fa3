"""Writing imported values: one transaction per file, revisions, and the control rules.

Files are read by :mod:`benchlearn.importing.readers` (long or wide CSV and
XLSX) and checked by :mod:`benchlearn.importing.validate`, which needs no
database. This module holds what does: the transaction, the comparison of a
chunk's good rows with the stored values, and the batch. The lookups are read
by :mod:`.lookups`, the set-based writes (binary COPY on PostgreSQL) are in
:mod:`benchlearn.bulk`, the control rules in :mod:`.control`. While one chunk
is written the next is read and validated in a thread (:func:`.ahead.read_ahead`).

Every problem in a file is collected with its row and column. Each file is one
transaction: without ``skip_invalid`` a file with any rejected row writes
nothing; a value that changes keeps the old one as a revision; re-importing the
same file changes nothing and records no batch. Files are streamed in chunks, so
memory does not grow with the file.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, insert, text, update
from sqlalchemy.exc import OperationalError

from benchlearn.bulk import (
    EMPTY_LOAD_ROWS,
    reindexed,
    streamed_observations,
    unindexed,
    write_observations,
)
from benchlearn.database import SQLITE_WAIT, waiting_writer
from benchlearn.errors import BenchlearnError, MachineProblem, Problem, ValidationError
from benchlearn.importing.ahead import read_ahead, started
from benchlearn.importing.control import apply_control_rules
from benchlearn.importing.lookups import (
    all_new,
    check_column_map,
    compare,
    read_lookups,
    with_stored,
)
from benchlearn.importing.mapping import ColumnMap
from benchlearn.importing.readers import Chunk, read_chunks
from benchlearn.importing.result import ImportRejected, ImportResult
from benchlearn.importing.uncertainty import checked_uncertainty, with_uncertainty
from benchlearn.importing.validate import Key, Lookups, Validated
from benchlearn.importing.visibility import (
    checked_visibility,
    mark_visibility,
    said_visibility,
    with_visibility,
)
from benchlearn.importing.xlsx import check_shared_strings
from benchlearn.models import ImportBatch
from benchlearn.phases import phase

if TYPE_CHECKING:
    import pandas as pd

    from benchlearn.importing.returned_forms import FilledForm

Progress = Callable[[int], None]
__all__ = ["ImportRejected", "ImportResult", "file_sha256", "import_file", "import_rows"]


@dataclass
class _Load:
    """How one pass writes: decided at its first chunk, when the table's emptiness is known.

    ``rebuild``: the statements that build the indexes and foreign keys of an empty
    table again, dropped for a bulk load (:func:`benchlearn.bulk.unindexed`); then
    nothing is stored that a chunk's rows could match (the file's keys are kept apart
    by :class:`.keys.FileKeys`), so no chunk reads stored values back, and every chunk
    goes into one COPY (``stream``, opened at the first, ended when ``streams`` closes).
    """

    streams: ExitStack = field(default_factory=ExitStack)
    decided: bool = False
    rebuild: list[str] | None = None
    stream: Callable[[pd.DataFrame], None] | None = None


def file_sha256(path: Path) -> str:
    """The file's SHA-256, recorded with its batch."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def import_file(
    engine: Engine,
    path: str | Path,
    *,
    year: int | None = None,
    dry_run: bool = False,
    skip_invalid: bool = False,
    progress: Progress | None = None,
    columns: ColumnMap | None = None,
    visibility: str | None = None,
    ci_level: float | None = None,
) -> ImportResult:
    """Import one CSV or XLSX file as one transaction (``visibility``: :mod:`.visibility`;
    ``ci_level``, the level of a file's intervals: :mod:`.uncertainty`).

    Raises :class:`ImportRejected` (with every problem) when a row is invalid
    and ``skip_invalid`` is false; nothing is written then. With ``dry_run``
    everything is checked and counted, and then rolled back. ``columns``
    (``--map``) reads the file's columns under other names; a filled form
    keeps its own.
    """
    path = Path(path)
    if not path.is_file():
        raise BenchlearnError.of("imp_no_such_file", {"file": str(path)})
    if columns:
        check_column_map(engine, columns)
    with phase("write:checksum"):
        sha = file_sha256(path)
    form = None
    if path.suffix.lower() in {".xlsx", ".xlsm"}:  # only a workbook may be a form: a CSV's
        # import loads no form modules
        check_shared_strings(path)  # before any reader opens it: opening reads the whole table
        from benchlearn.importing.returned_forms import is_form, read_form

        if is_form(path):
            from benchlearn.importing.signing import signing_keys

            with engine.connect() as connection:
                keys = signing_keys(connection)
            form = read_form(path, keys)

    # the first pass's first chunk is read while the database is opened and read
    early = [] if form is not None else [started(read_chunks(path, year=year, columns=columns))]

    def chunks() -> Iterable[Chunk]:
        if form is not None:
            return [Chunk(str(path), form.frame, spreadsheet=True)]
        first = early.pop() if early else read_chunks(path, year=year, columns=columns)
        return with_uncertainty(with_visibility(first, visibility), ci_level)

    return import_batch(
        engine,
        str(path),
        sha,
        chunks,
        form=form,
        year=year,
        dry_run=dry_run,
        skip_invalid=skip_invalid,
        progress=progress,
    )


def import_rows(
    engine: Engine,
    rows: pd.DataFrame,
    *,
    source: str,
    sha256: str,
    dry_run: bool = False,
    skip_invalid: bool = False,
    notes: Sequence[Problem | str] = (),
) -> ImportResult:
    """Import values already read into long rows as one batch, exactly as a file is imported.

    For figures that do not come from a CSV or XLSX file: an official
    statistics file read into a cube, or an API's answer. ``rows`` has columns
    ``municipality, indicator, year, value, status`` (value a number or NaN,
    status ``None``, ``-``, ``.`` or ``..``) and optionally ``row`` and
    ``value_column`` to say where a value came from (else the row's position,
    from 1, and ``value``). ``source`` (a file name or URL) and ``sha256`` are
    recorded with the batch; ``notes`` (what was left out on purpose) are kept
    on the result for the caller to show. Validation, control rules,
    revisions, ``dry_run`` and ``skip_invalid`` are those of :func:`import_file`.
    """
    chunk = Chunk(source, _text_rows(rows))
    result = import_batch(
        engine,
        source,
        sha256,
        lambda: [chunk],
        form=None,
        year=None,
        dry_run=dry_run,
        skip_invalid=skip_invalid,
        progress=None,
        notes=notes,
    )
    return result


def _text_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """Long rows as the text cells a read file gives, so they are validated the same way."""
    import numpy as np
    import pandas as pd

    values = pd.to_numeric(rows["value"], errors="coerce").to_numpy(dtype=float)
    count = len(rows)
    status = rows["status"] if "status" in rows else pd.Series([None] * count)
    frame = pd.DataFrame(
        {
            "municipality": rows["municipality"].astype(str).to_numpy(),
            "indicator": rows["indicator"].astype(str).to_numpy(),
            "year": [str(int(y)) if y == y else "" for y in rows["year"].tolist()],
            "value": ["" if v != v else repr(float(v)) for v in values.tolist()],
            "status": ["" if s is None or s != s else str(s) for s in status.tolist()],
            "row": (
                rows["row"].to_numpy(dtype=np.int64)
                if "row" in rows
                else np.arange(1, count + 1, dtype=np.int64)
            ),
            "value_column": (
                rows["value_column"].astype(str).to_numpy() if "value_column" in rows else "value"
            ),
        }
    )
    if "se" in rows:  # standard errors read with the values (a cube's --se-select)
        errors = pd.to_numeric(rows["se"], errors="coerce").to_numpy(dtype=float)
        frame["se"] = ["" if e != e else repr(float(e)) for e in errors.tolist()]
    return frame


def import_batch(
    engine: Engine,
    file: str,
    sha: str,
    chunks: Callable[[], Iterable[Chunk]],
    *,
    form: FilledForm | None,
    year: int | None,
    dry_run: bool,
    skip_invalid: bool,
    progress: Progress | None,
    notes: Sequence[Problem | str] = (),
) -> ImportResult:
    """One batch in one transaction: every chunk validated and written, then the control rules.

    ``chunks`` is called once per pass (a pass is repeated when ``skip_invalid``
    leaves out values that broke a rule). Files, rows and DataFrames
    (:mod:`.dataframes`) all come in through here.
    """
    attempt = functools.partial(
        _import_once,
        engine,
        file,
        sha,
        chunks,
        form=form,
        year=year,
        dry_run=dry_run,
        skip_invalid=skip_invalid,
        progress=progress,
        notes=notes,
    )
    # SQLite: first without the write lock (a file that changes nothing never takes it);
    # if another import holds it when this one comes to write, again with the lock first.
    try:
        result = attempt(optimistic=engine.dialect.name == "sqlite")
    except _Contended:
        result = attempt(optimistic=False)
    if result.problems and not skip_invalid:
        raise ImportRejected(result)
    return result


class _Contended(Exception):
    """An optimistic SQLite import found another writer holding the lock at its first write."""


def _import_once(
    engine: Engine,
    file: str,
    sha: str,
    chunks: Callable[[], Iterable[Chunk]],
    *,
    form: FilledForm | None,
    year: int | None,
    dry_run: bool,
    skip_invalid: bool,
    progress: Progress | None,
    notes: Sequence[Problem | str],
    optimistic: bool,
) -> ImportResult:
    """One attempt at the batch, in one transaction.

    ``optimistic`` (SQLite only): everything is read in one read transaction and
    the write lock is asked for at the first write; if another writer holds it,
    SQLite cannot wait there without risking a deadlock, so :class:`_Contended`
    is raised, the attempt is rolled back and the caller starts again, this time
    taking the lock (and waiting for it) before reading anything.
    """
    with engine.connect() as connection, waiting_writer(connection), _foreign_keys_off(connection):
        transaction = connection.begin()
        try:
            if optimistic:
                # one snapshot for every read, so the write lock is granted only if
                # no other import wrote since (else SQLite says the database is locked)
                connection.exec_driver_sql("BEGIN")
            with phase("write:wait for other imports"):
                _one_at_a_time(connection)
            with phase("write:registry and definitions"):
                lookups = read_lookups(connection)
            _check_form(connection, file, form, year)
            batch = _Batch(file, sha, form, optimistic=optimistic)
            if not optimistic:
                batch.write(connection)  # the write lock first, waiting for it
            result = _import_passes(
                connection,
                file,
                chunks,
                lookups,
                batch,
                dry_run=dry_run,
                skip_invalid=skip_invalid,
                progress=progress,
            )
            given = [n if isinstance(n, Problem) else Problem(file, str(n)) for n in notes]
            result.notes = given + result.notes
            done = result.changed + result.visibility_set
            keep = not dry_run and done > 0 and (skip_invalid or not result.problems)
            if keep:
                batch_id = batch.write(connection)
                _record_counts(connection, batch_id, result)
                with phase("write:commit"):
                    transaction.commit()
                result.batch_id, result.written = batch_id, True
            else:
                transaction.rollback()
        except OperationalError as error:
            transaction.rollback()
            if _disk_full(error):
                raise BenchlearnError.of("imp_disk_full", {"file": file}) from error
            if "locked" in str(error).lower():  # SQLite: another import kept the lock too long
                raise BenchlearnError.of("imp_database_busy", {"file": file}) from error
            raise
        except MachineProblem as error:
            transaction.rollback()
            if error.key == "db_connection_lost":  # the server rolled the batch back
                raise MachineProblem.of("imp_connection_lost", {"file": file}) from error
            raise
        except BaseException:
            transaction.rollback()
            raise
    return result


def _disk_full(error: OperationalError) -> bool:
    """SQLite's "database or disk is full", or PostgreSQL's disk_full (SQLSTATE 53100)."""
    return getattr(error.orig, "sqlstate", None) == "53100" or "disk is full" in str(error)


class _Batch:
    """The file's batch row, recorded at the file's first write.

    Until then its id is unknown and nothing stored can belong to it. On SQLite
    the first write is the moment the write lock is asked for, so a file that
    changes nothing never holds it.
    """

    def __init__(self, file: str, sha: str, form: FilledForm | None, *, optimistic: bool):
        self.file, self.sha, self.form, self.optimistic = file, sha, form, optimistic
        self.id: int | None = None

    @property
    def key(self) -> int:
        """The id to compare stored rows' batches with (-1, no batch, before the first write)."""
        return -1 if self.id is None else self.id

    def write(self, connection: Connection) -> int:
        """The batch's id, recording the batch now if it is not yet."""
        if self.id is None:
            try:
                self.id = _insert_batch(connection, self.file, self.sha, self.form)
            except OperationalError as error:
                if self.optimistic and "locked" in str(error).lower():
                    raise _Contended from error
                raise
        return self.id


#: The advisory lock every import takes first on PostgreSQL ("benc" as a number).
IMPORT_LOCK = 0x62656E63


def _one_at_a_time(connection: Connection) -> None:
    """Imports run one after another, each reading what the one before it wrote.

    Two imports of the same values at once would each read the same stored
    version: both revisions would record it, the later version would be lost
    from the history, and on PostgreSQL their inserts of new keys would clash.
    PostgreSQL serialises them with a transaction-scoped advisory lock, released
    at commit or rollback; readers (comparisons, workbooks) are never blocked.
    SQLite has one write lock: an import reads in one snapshot and asks for the
    lock at its first write, which SQLite grants only if nothing was written
    since the snapshot; else the import starts again with the lock taken first,
    waiting for it (see ``database.SQLITE_WAIT``).
    """
    if connection.dialect.name == "postgresql":
        # an import waits as long for the one before it as on SQLite, not a reader's wait
        connection.execute(text(f"SET LOCAL lock_timeout = {int(SQLITE_WAIT * 1000)}"))
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": IMPORT_LOCK})


@contextmanager
def _foreign_keys_off(connection: Connection) -> Iterator[None]:
    """On SQLite, no foreign-key checks while a file is imported.

    Every id written was looked up in this transaction, so SQLite's per-row
    foreign-key checks would only cost time on big files.
    """
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        connection.commit()
    try:
        yield
    finally:
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()


def _check_form(
    connection: Connection, file: str, form: FilledForm | None, year: int | None
) -> None:
    """A form must fit the stored network and year."""
    if form is not None:
        from benchlearn.importing.returned_forms import check_form_context

        unusable = check_form_context(connection, form, year)
        if unusable:
            raise ValidationError(unusable, key="form_unusable", values={"file": file})


def _insert_batch(connection: Connection, file: str, sha: str, form: FilledForm | None) -> int:
    """Record the file's batch."""
    batch_id: int = connection.execute(
        insert(ImportBatch)
        .values(
            file_name=file,
            sha256=sha,
            kind="form" if form is not None else "import",
            created_at=dt.datetime.now(dt.UTC).replace(tzinfo=None),
        )
        .returning(ImportBatch.id)
    ).scalar_one()
    return batch_id


def _import_passes(
    connection: Connection,
    file: str,
    chunks: Callable[[], Iterable[Chunk]],
    lookups: Lookups,
    batch: _Batch,
    *,
    dry_run: bool,
    skip_invalid: bool,
    progress: Progress | None,
) -> ImportResult:
    """Write every chunk of the file and run the control rules on what it wrote.

    With ``skip_invalid``, rows that break a control rule of severity error are
    rejected like any invalid row: the file is written again without them (from
    a savepoint) until no rule error points at a row it holds.
    """
    excluded: dict[Key, Mapping[str, str]] = {}
    while True:
        attempt = connection.begin_nested()
        recorded = batch.id is not None
        result = ImportResult(file=file, dry_run=dry_run)
        load = _Load()
        said: list[pd.DataFrame | None] = []
        with load.streams:  # a bulk load's one COPY ends here, before its indexes are built
            for chunk, checked in read_ahead(chunks(), lookups, excluded, result.cells):
                checked = checked_uncertainty(chunk, checked_visibility(chunk, checked))
                _import_chunk(connection, chunk.file, checked, lookups, batch, result, load)
                said.append(said_visibility(chunk, checked.rows))
                result.notes += chunk.notes
                result.percent_cells += checked.percent_cells
                if progress and not excluded:  # a second pass is not shown again
                    progress(len(chunk.frame))
        if result.percent_cells:
            count = {"count": result.percent_cells}
            result.notes.append(Problem.of(file, "imp_percent_cells_read", count))
        if load.rebuild is not None:
            reindexed(connection, load.rebuild)
        for words in said:  # after the keys are back: each word is found by its key
            if words is not None:
                mark_visibility(connection, words, result)
        result.rejected = len({(p.row, p.file) for p in result.problems})
        with phase("write:control rules"):
            broken = apply_control_rules(connection, lookups, result, skip_invalid)
        fresh = {key: text for key, text in broken.items() if key not in excluded}
        if not (skip_invalid and fresh):
            attempt.commit()
            return result
        attempt.rollback()
        if not recorded:  # the batch row went with the attempt
            batch.id = None
        excluded.update(fresh)


def _record_counts(connection: Connection, batch_id: int, result: ImportResult) -> None:
    """Store what the file did with its batch, once it is kept."""
    connection.execute(
        update(ImportBatch)
        .where(ImportBatch.id == batch_id)
        .values(
            rows_read=result.rows_read,
            rows_inserted=result.inserted,
            rows_updated=result.updated,
            rows_unchanged=result.unchanged,
            rows_rejected=result.rejected,
        )
    )


def _import_chunk(
    connection: Connection,
    file: str,
    checked: Validated,
    lookups: Lookups,
    batch: _Batch,
    result: ImportResult,
    load: _Load,
) -> None:
    """Insert a validated chunk's new values and revise changed ones; count and keep problems."""
    result.rows_read += checked.rows_read
    for year, (indicator_ids, municipality_ids) in checked.touched.items():
        codes, places = result.touched.setdefault(year, (set(), set()))
        codes.update(indicator_ids)
        places.update(municipality_ids)
    result.problems += _store(connection, file, checked.rows, lookups, batch, result, load)
    result.problems += checked.problems
    result.problems.sort(key=lambda p: (p.row or 0, p.column or ""))


def _store(
    connection: Connection,
    file: str,
    new: pd.DataFrame,
    lookups: Lookups,
    batch: _Batch,
    result: ImportResult,
    load: _Load,
) -> list[Problem]:
    """Write a chunk's good rows: new values inserted, changed ones revised; counted in ``result``.

    Returns a problem for each row whose value an earlier chunk of the same
    file wrote already (a duplicate row the chunk itself could not see).
    """
    import numpy as np

    if not load.decided:
        load.decided = True
        if len(new) >= EMPTY_LOAD_ROWS:
            with phase("write:keys, indexes and foreign keys dropped"):
                load.rebuild = unindexed(connection)
    with phase("write:compare with stored values"):
        if load.rebuild is None:
            merged = with_stored(connection, new)
            compared = compare(merged, batch.key)
        else:  # the table was empty: every row is new
            merged, compared = new, all_new(len(new))
    if "se" not in merged:  # a file that says nothing of uncertainty: a value it writes has none
        merged = merged.assign(se=np.nan)
    repeated = [
        Problem.of(
            file,
            "imp_duplicate_earlier",
            {**lookups.codes_of(r["municipality_id"], r["indicator_id"]), "year": int(r["year"])},
            row=int(r["row"]),
        )
        for r in (merged.iloc[i] for i in np.flatnonzero(compared.earlier))
    ]
    if compared.inserted.any() or compared.changed.any():
        with phase("write:COPY (and index upkeep, if any)"):
            if load.rebuild is None:
                write_observations(
                    connection, merged, compared.inserted, compared.changed, batch.write(connection)
                )
            else:
                if load.stream is None:
                    opened = streamed_observations(connection, batch.write(connection))
                    load.stream = load.streams.enter_context(opened)
                load.stream(merged)
    result.inserted += int(compared.inserted.sum())
    result.updated += int(compared.changed.sum())
    result.unchanged += int(compared.unchanged.sum())
    return repeated
