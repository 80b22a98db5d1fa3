"""Bulk writes and reads of observations: PostgreSQL's binary COPY, built from numpy columns.

An import of a million values spends its time here. On PostgreSQL, new values
go in by ``COPY ... FROM STDIN (FORMAT binary)`` and changed ones through a
temporary staging table, then one set-based ``INSERT ... SELECT`` of the
revisions and one ``UPDATE ... FROM``; stored values are read back as one
``bytea`` blob of fixed-width records. Elsewhere (SQLite) the writes are one
``executemany`` each.

Why hand-written rather than psycopg's ``Copy.write_row``: that converts each
row through Python objects, a few microseconds a row, which is seconds per
million rows and as slow as the executemany it replaces. Here rows are grouped
by which fields are NULL and which status they hold, so that within a group
every tuple has the same width: a numpy structured array with big-endian
fields is exactly PostgreSQL's binary tuple layout, filled column by column.
Likewise ``COPY ... TO STDOUT`` hands each row to Python separately (libpq
returns one row per call), measured at about 2.9 s a million rows against
0.6 s for ``string_agg`` of ``int4send``/``float8send`` records read with
:func:`numpy.frombuffer`.

Every statement runs on the SQLAlchemy connection's own DBAPI connection, so it
is part of the import's transaction (and sees its earlier writes).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Connection, text
from sqlalchemy.exc import DBAPIError

from benchlearn.errors import MachineProblem
from benchlearn.phases import phase

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
    import psycopg

#: A column for :func:`binary_copy`: its PostgreSQL type (``int4``, ``float8`` or ``text``)
#: and its values (integers; floats with NaN for NULL; strings with None or NaN for NULL).
Column = tuple[str, "np.ndarray"]

#: PGCOPY signature, flags (no OIDs) and header extension length.
HEADER = b"PGCOPY\n\xff\r\n\x00" + b"\x00\x00\x00\x00" + b"\x00\x00\x00\x00"
#: The field count -1 that ends a binary COPY.
TRAILER = b"\xff\xff"
_NUMBERS = {"int4": ">i4", "float8": ">f8"}
_INT4 = (-(2**31), 2**31 - 1)

#: The stored columns an import writes, in the order :func:`write_observations` copies them.
_OBSERVED = ("municipality_id", "indicator_id", "year", "value", "status", "se")
_STAGING = "pg_temp.benchlearn_import_staging"
#: One stored value as a fixed-width record: NULL value as NaN, NULL batch as -1, and the
#: status's two characters as code points (0 where there is none).
_RECORD = (
    "int4send(o.municipality_id) || int4send(o.indicator_id) || int4send(o.year)"
    " || float8send(coalesce(o.value, 'NaN')) || int4send(coalesce(o.batch_id, -1))"
    " || int4send(coalesce(ascii(substr(o.status, 1, 1)), 0))"
    " || int4send(coalesce(ascii(substr(o.status, 2, 1)), 0))"
    " || float8send(coalesce(o.se, 'NaN'))"
)
_RECORD_FIELDS = [
    ("municipality_id", ">i4"),
    ("indicator_id", ">i4"),
    ("year", ">i4"),
    ("value", ">f8"),
    ("batch_id", ">i4"),
    ("first", ">i4"),
    ("second", ">i4"),
    ("se", ">f8"),
]
#: (indicator, year) partitions read per query: the blob stays far below bytea's 1 GB.
_PAIRS_PER_READ = 1000


def binary_copy(columns: Sequence[Column]) -> list[bytes]:
    """The whole binary COPY stream of the rows: header, tuples (in groups), trailer.

    Rows are grouped by which fields are NULL and by their text values, so text
    columns must have few distinct values (status codes); numbers are vectorised.
    The order of rows within a group is kept, not across groups.
    """
    return [HEADER, *binary_tuples(columns), TRAILER]


def binary_tuples(columns: Sequence[Column]) -> list[bytes]:
    """The rows' tuples of a binary COPY stream, without its header and trailer, so that
    one stream can carry many chunks (:func:`streamed_observations`)."""
    import numpy as np

    count = len(columns[0][1]) if columns else 0
    key = np.zeros(count, dtype=np.int64)
    texts: dict[int, tuple[np.ndarray, list[bytes]]] = {}
    for position, (kind, values) in enumerate(columns):
        if len(values) != count:
            raise ValueError("binary_copy: columns of different lengths")
        if kind == "int4":
            if count and (values.min() < _INT4[0] or values.max() > _INT4[1]):
                raise ValueError(f"binary_copy: column {position} is out of the int4 range")
        elif kind == "float8":
            key = key * 2 + np.isnan(values.astype(float))
        elif kind == "text":
            codes, encoded = _text_codes(values)
            texts[position] = (codes, encoded)
            key = key * (len(encoded) + 1) + (codes + 1)
        else:
            raise ValueError(f"binary_copy: unknown type {kind!r}")
    parts = []
    if count:
        groups, inverse = np.unique(key, return_inverse=True)
        for group in range(len(groups)):
            rows = np.flatnonzero(inverse == group)
            parts.append(_tuples(columns, texts, rows))
    return parts


def _text_codes(values: np.ndarray) -> tuple[np.ndarray, list[bytes]]:
    """Each row's position among the column's distinct texts (-1: NULL), and their bytes."""
    import pandas as pd

    codes, uniques = pd.factorize(pd.Series(values, dtype=object), use_na_sentinel=True)
    return codes.astype("int64"), [str(u).encode() for u in uniques]


def _tuples(
    columns: Sequence[Column], texts: dict[int, tuple[np.ndarray, list[bytes]]], rows: np.ndarray
) -> bytes:
    """The tuples of one group of rows, all of the same width, as one structured array."""
    import numpy as np

    first = rows[0]
    fields: list[tuple[str, str]] = [("count", ">i2")]
    fill: list[tuple[str, Any]] = [("count", len(columns))]
    for position, (kind, values) in enumerate(columns):
        length, data = f"l{position}", f"d{position}"
        fields.append((length, ">i4"))
        if kind == "text":
            codes, encoded = texts[position]
            code = int(codes[first])
            if code < 0:
                fill.append((length, -1))
                continue
            fill.append((length, len(encoded[code])))
            if encoded[code]:
                fields.append((data, f"S{len(encoded[code])}"))
                fill.append((data, encoded[code]))
        elif kind == "float8" and np.isnan(float(values[first])):
            fill.append((length, -1))
        else:
            fields.append((data, _NUMBERS[kind]))
            fill.append((length, 4 if kind == "int4" else 8))
            fill.append((data, values[rows]))
    records = np.empty(len(rows), dtype=np.dtype(fields))
    for name, value in fill:
        records[name] = value
    return records.tobytes()


@contextmanager
def _driver_errors(statement: str) -> Iterator[None]:
    """psycopg's errors as SQLAlchemy's, as if the statement had gone through SQLAlchemy.

    So a full disk during a COPY is an ``OperationalError`` with its SQLSTATE, as it
    is for any other statement of the import.
    """
    import psycopg

    try:
        yield
    except psycopg.Error as error:
        raise DBAPIError.instance(statement, None, error, psycopg.Error) from error


def copy_in(
    connection: Connection, table: str, names: Sequence[str], columns: Sequence[Column]
) -> None:
    """Write rows into ``table`` by binary COPY, inside the connection's transaction.

    The types of ``columns`` must be those of the table's columns: binary COPY
    does not convert (an ``int8`` sent for an ``integer`` column is an error).
    """
    statement = f"COPY {table} ({', '.join(names)}) FROM STDIN (FORMAT binary)"
    driver = cast("psycopg.Connection[Any]", connection.connection.driver_connection)
    with _driver_errors(statement), driver.cursor() as cursor, cursor.copy(statement) as copy:
        for part in binary_copy(columns):
            copy.write(part)


def write_observations(
    connection: Connection,
    rows: pd.DataFrame,
    inserted: np.ndarray,
    changed: np.ndarray,
    batch_id: int,
) -> None:
    """Insert the new values and revise the changed ones, all written by ``batch_id``.

    ``rows`` holds ``municipality_id, indicator_id, year, value, status, se`` and,
    for the executemany path, the stored ``value_old, status_old, batch_id_old, se_old``.
    On PostgreSQL a revision records the stored row as it is in the transaction.
    """
    if connection.dialect.name != "postgresql":
        _executemany(connection, rows, inserted, changed, batch_id)
        return
    import numpy as np

    if inserted.any():
        copy_in(
            connection,
            "observations",
            [*_OBSERVED, "batch_id"],
            [
                *_observed(rows, inserted),
                ("int4", np.full(int(inserted.sum()), batch_id, dtype=np.int64)),
            ],
        )
    if changed.any():
        connection.exec_driver_sql(
            f"CREATE TEMP TABLE IF NOT EXISTS {_STAGING.removeprefix('pg_temp.')} "
            "(municipality_id integer, indicator_id integer, year integer, "
            "value double precision, status varchar(2), se double precision) ON COMMIT DROP"
        )
        copy_in(connection, _STAGING, _OBSERVED, _observed(rows, changed))
        keys = (
            "o.municipality_id = s.municipality_id AND o.indicator_id = s.indicator_id "
            "AND o.year = s.year"
        )
        connection.execute(
            text(
                "INSERT INTO observation_revisions (municipality_id, indicator_id, year, value,"
                " status, se, batch_id, replaced_by) SELECT o.municipality_id, o.indicator_id,"
                f" o.year, o.value, o.status, o.se, o.batch_id, :batch FROM {_STAGING} s"
                f" JOIN observations o ON {keys}"
            ),
            {"batch": batch_id},
        )
        connection.execute(
            text(
                "UPDATE observations o SET value = s.value, status = s.status, se = s.se,"
                " batch_id = :batch"
                f" FROM {_STAGING} s WHERE {keys}"
            ),
            {"batch": batch_id},
        )
        connection.exec_driver_sql(f"TRUNCATE {_STAGING}")


@contextmanager
def streamed_observations(
    connection: Connection, batch_id: int
) -> Iterator[Callable[[pd.DataFrame], None]]:
    """PostgreSQL, ``observations`` emptied for a bulk load (:func:`unindexed`): one binary
    COPY kept open for all of a file's chunks, and the function that writes a chunk's rows
    (all new, written by ``batch_id``; the columns of :func:`write_observations`) into it.

    A COPY per chunk made the server wait while the next chunk was built and the client
    wait while the server stored each one; kept open, the server stores a chunk while the
    next is read and checked. Nothing else may use the connection until the block ends;
    an error in it ends the COPY with the error (the transaction is then rolled back).

    The rows' ids are given rather than left to the column's ``nextval`` default, one call
    per row that was a third of the server's COPY time: the table is locked by
    :func:`unindexed`, so no one else inserts meanwhile; the ids start at the sequence's
    next, and the sequence is set to the last at the end, as the defaults would have left
    it (a rolled-back import leaves a gap, as any does).
    """
    import numpy as np

    sequence = connection.exec_driver_sql(
        "SELECT pg_get_serial_sequence('observations', 'id')"
    ).scalar()
    given = {"sequence": sequence}
    next_id = (
        int(connection.execute(text("SELECT nextval(CAST(:sequence AS regclass))"), given).one()[0])
        if sequence
        else None
    )
    first = next_id
    names = ", ".join([*(["id"] if sequence else []), *_OBSERVED, "batch_id"])
    statement = f"COPY observations ({names}) FROM STDIN (FORMAT binary)"
    driver = cast("psycopg.Connection[Any]", connection.connection.driver_connection)

    def write(rows: pd.DataFrame) -> None:
        nonlocal next_id
        every = np.ones(len(rows), dtype=bool)
        columns = [*_observed(rows, every), ("int4", np.full(len(rows), batch_id))]
        if next_id is not None:
            columns.insert(0, ("int4", np.arange(next_id, next_id + len(rows))))
            next_id += len(rows)
        with _driver_errors(statement):
            for part in binary_tuples(columns):
                copy.write(part)

    with _driver_errors(statement), driver.cursor() as cursor:
        copying = cursor.copy(statement)
        copy = copying.__enter__()
        try:
            copy.write(HEADER)
            yield write
            copy.write(TRAILER)
        except BaseException as error:  # the COPY ends with the error, which goes on
            copying.__exit__(type(error), error, error.__traceback__)
            raise
        # entered by hand so that the wait for the server's last rows is a phase of its own
        with phase("write:COPY's end (the server storing what it was sent)"):
            copying.__exit__(None, None, None)
    if first is not None and next_id is not None and next_id > first:
        last = {**given, "last": next_id - 1}
        connection.execute(text("SELECT setval(CAST(:sequence AS regclass), :last)"), last)


def _observed(rows: pd.DataFrame, mask: np.ndarray) -> list[Column]:
    """The stored columns of the masked rows, typed as the table's."""
    return [
        ("int4", rows["municipality_id"].to_numpy()[mask]),
        ("int4", rows["indicator_id"].to_numpy()[mask]),
        ("int4", rows["year"].to_numpy()[mask]),
        ("float8", rows["value"].to_numpy(dtype=float)[mask]),
        ("text", rows["status"].to_numpy(dtype=object)[mask]),
        ("float8", rows["se"].to_numpy(dtype=float)[mask]),
    ]


def _executemany(
    connection: Connection,
    merged: pd.DataFrame,
    inserted: np.ndarray,
    changed: np.ndarray,
    batch_id: int,
) -> None:
    """Set-based writes: one executemany each for new values, revisions and updates."""
    mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"

    def column(mask: np.ndarray, name: str) -> list[Any]:
        data = merged[name].to_numpy()[mask]
        if data.dtype.kind == "f":
            return [None if v != v else float(v) for v in data.tolist()]
        return [None if v is None or v != v else v for v in data.tolist()]

    if inserted.any():
        ids = [
            column(inserted, c)
            for c in ("municipality_id", "indicator_id", "year", "value", "status", "se")
        ]
        params = list(zip(*ids, [batch_id] * int(inserted.sum()), strict=True))
        connection.exec_driver_sql(
            "INSERT INTO observations "
            "(municipality_id, indicator_id, year, value, status, se, batch_id) "
            f"VALUES ({', '.join([mark] * 7)})",
            params,
        )
    if changed.any():
        keys = [column(changed, c) for c in ("municipality_id", "indicator_id", "year")]
        old = [column(changed, c) for c in ("value_old", "status_old", "se_old", "batch_id_old")]
        count = int(changed.sum())
        connection.exec_driver_sql(
            "INSERT INTO observation_revisions "
            "(municipality_id, indicator_id, year, value, status, se, batch_id, replaced_by) "
            f"VALUES ({', '.join([mark] * 8)})",
            list(zip(*keys, *old, [batch_id] * count, strict=True)),
        )
        new_values = [column(changed, c) for c in ("value", "status", "se")]
        connection.exec_driver_sql(
            f"UPDATE observations SET value = {mark}, status = {mark}, se = {mark}, "
            f"batch_id = {mark} "
            f"WHERE municipality_id = {mark} AND indicator_id = {mark} AND year = {mark}",
            list(zip(*new_values, [batch_id] * count, *keys, strict=True)),
        )


def stored_observations(connection: Connection, pairs: Sequence[tuple[int, int]]) -> pd.DataFrame:
    """PostgreSQL: the stored values of the (indicator id, year) partitions, read as columns.

    Columns ``municipality_id, indicator_id, year`` (int64), ``value`` (NaN for
    NULL), ``status`` (None for NULL), ``batch_id`` (float, NaN for NULL) and ``se``
    (NaN for NULL). Read
    on ``connection``, so the transaction's own earlier writes are seen.
    """
    import numpy as np
    import pandas as pd

    blobs: list[bytes] = []
    for start in range(0, len(pairs), _PAIRS_PER_READ):
        part = pairs[start : start + _PAIRS_PER_READ]
        blob = connection.execute(
            text(
                f"SELECT string_agg({_RECORD}, ''::bytea) FROM unnest(CAST(:i AS integer[]),"
                " CAST(:y AS integer[])) AS p(indicator_id, year) JOIN observations o"
                " ON o.indicator_id = p.indicator_id AND o.year = p.year"
            ),
            {"i": [int(i) for i, _ in part], "y": [int(y) for _, y in part]},
        ).scalar_one()
        if blob:
            blobs.append(bytes(blob))
    records = np.frombuffer(b"".join(blobs), dtype=np.dtype(_RECORD_FIELDS))
    batch = records["batch_id"].astype(np.int64)
    return pd.DataFrame(
        {
            "municipality_id": records["municipality_id"].astype(np.int64),
            "indicator_id": records["indicator_id"].astype(np.int64),
            "year": records["year"].astype(np.int64),
            "value": records["value"].astype(np.float64),
            "status": _statuses(records["first"], records["second"]),
            "batch_id": np.where(batch < 0, np.nan, batch.astype(np.float64)),
            "se": records["se"].astype(np.float64),
        }
    )


def _statuses(first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Statuses from their characters' code points (0: none), decoded once per distinct status."""
    import numpy as np

    both = first.astype(np.int64) * 0x110000 + second.astype(np.int64)
    distinct, inverse = np.unique(both, return_inverse=True)
    texts = np.array(
        [
            "".join(chr(c) for c in divmod(int(code), 0x110000) if c) or None
            for code in distinct.tolist()
        ],
        dtype=object,
    )
    return texts[inverse.reshape(-1)] if len(both) else np.array([], dtype=object)


#: Rows a file's first chunk must hold for an import into an empty table to drop the
#: table's indexes and foreign keys and build them once at the end (:func:`unindexed`).
EMPTY_LOAD_ROWS = 50_000
#: What the index builds after a bulk load may sort in (``maintenance_work_mem``).
BUILD_MEMORY = "256MB"


def unindexed(connection: Connection) -> list[str] | None:
    """PostgreSQL, ``observations`` empty: its keys, indexes and foreign keys dropped for a
    bulk load, and the statements that build them again (:func:`reindexed`); else None.

    A foreign key is checked by a trigger per row, and each index is updated per row:
    on a million values that was 20 s of a 22 s insert, against 3 s for the same rows
    without them and the indexes and keys built once afterwards (one sort each, one
    join per foreign key). Dropping them is part of the import's transaction, so a
    rollback or a killed import restores them. It locks the table (and the tables its
    keys name) for the rest of the transaction, so it is done only when nobody holds
    them (``NOWAIT``: else None, and the import writes row by row into the indexes);
    readers wait for the import's commit, which a reader of an empty table loses little
    by. Not the table's owner: None as well.
    """
    if connection.dialect.name != "postgresql" or _any_stored(connection):
        return None  # asked first without a lock: most imports go into a table with values
    savepoint = connection.begin_nested()
    try:
        connection.exec_driver_sql("LOCK TABLE observations IN ACCESS EXCLUSIVE MODE NOWAIT")
        keys = connection.execute(
            text(
                "SELECT quote_ident(conname), pg_get_constraintdef(oid), contype,"
                " confrelid::regclass::text FROM pg_constraint"
                " WHERE conrelid = 'observations'::regclass AND contype IN ('p', 'u', 'f')"
                " ORDER BY contype = 'f', conname"
            )
        ).all()
        indexes = connection.execute(
            text(
                "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index"
                " WHERE indrelid = 'observations'::regclass AND NOT EXISTS"
                " (SELECT 1 FROM pg_constraint c WHERE c.conindid = indexrelid)"
                " ORDER BY 1"
            )
        ).all()
        named = sorted({str(table) for _n, _d, kind, table in keys if kind == "f"})
        if named:
            connection.exec_driver_sql(
                f"LOCK TABLE {', '.join(named)} IN SHARE ROW EXCLUSIVE MODE NOWAIT"
            )
        if _any_stored(connection):  # written before the lock was granted
            savepoint.rollback()
            return None
        if keys:
            dropped = ", ".join(f"DROP CONSTRAINT {name}" for name, *_ in reversed(keys))
            connection.exec_driver_sql(f"ALTER TABLE observations {dropped}")
        for name, _definition in indexes:
            connection.exec_driver_sql(f"DROP INDEX {name}")
    except (DBAPIError, MachineProblem) as error:  # locked by another, not the owner
        # (a connection that is no import's writer sees a lock as a busy database)
        cause = error.orig if isinstance(error, DBAPIError) else error.__cause__
        if getattr(cause, "sqlstate", None) not in {"55P03", "42501"}:
            raise
        savepoint.rollback()
        return None
    savepoint.commit()
    own = [f"ADD CONSTRAINT {n} {d}" for n, d, kind, _t in keys if kind != "f"]
    foreign = [f"ADD CONSTRAINT {n} {d}" for n, d, kind, _t in keys if kind == "f"]
    statements = [f"ALTER TABLE observations {', '.join(own)}"] if own else []
    statements += [definition for _name, definition in indexes]
    if foreign:
        statements.append(f"ALTER TABLE observations {', '.join(foreign)}")
    return statements


def _any_stored(connection: Connection) -> bool:
    """Whether ``observations`` holds a row (the scan stops at the first: not a count)."""
    return bool(connection.exec_driver_sql("SELECT EXISTS (SELECT 1 FROM observations)").scalar())


def reindexed(connection: Connection, statements: Sequence[str]) -> None:
    """Build again what :func:`unindexed` dropped: keys and indexes, then the foreign keys
    (each checked by one join over the loaded rows).

    Each index is one sort of the table; with the server's default 64 MB a million rows'
    sort spills to disk, and the builds took 2.2 s instead of 1.2 s. For this
    transaction only, the sorts may use :data:`BUILD_MEMORY` if the server allows less.
    """
    less = connection.exec_driver_sql(
        "SELECT pg_size_bytes(current_setting('maintenance_work_mem'))"
        f" < pg_size_bytes('{BUILD_MEMORY}')"
    ).scalar()
    if less:
        connection.exec_driver_sql(f"SET LOCAL maintenance_work_mem = '{BUILD_MEMORY}'")
    for statement in statements:
        checks = "FOREIGN KEY" in statement
        with phase("write:foreign keys checked" if checks else "write:keys and indexes built"):
            connection.exec_driver_sql(statement)
