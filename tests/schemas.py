"""A worker's pool of migrated PostgreSQL schemas, emptied and handed to the next test.

Creating a schema, replaying the upgrade's 57 statements in it and dropping it afterwards
cost each PostgreSQL test that takes ``engine`` about 0.15 s of DDL; about 550 tests do.
A schema such a test used is instead emptied (``DELETE`` from every table, every sequence
restarted) and given again the rows the upgrade inserts (the signing salt, the database identity),
which is what a fresh upgrade leaves behind. A test that changed the schema itself (an
index dropped and not restored, a downgrade) is caught by comparing the schema's
catalogue with the migrated one's: such a schema is dropped, never handed out again.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, MetaData, create_engine, text
from sqlalchemy.exc import DBAPIError

#: One statement a connection sent: its text, its parameters, whether ``executemany``.
Statement = tuple[str, Any, bool]

#: Everything about a schema's shape that a test could change, as one digest: relations and
#: their kinds, columns with type, nullability and default, constraints (the triggers that
#: enforce foreign keys are numbered anew in each schema: left out, their constraints are
#: in), indexes, triggers,
#: functions, and the Alembic revision. Names are printed unqualified (the schema's own
#: name taken out of an index's definition), so two schemas of one shape give one digest.
SHAPE = """
WITH ns AS (SELECT oid FROM pg_namespace WHERE nspname = current_schema())
SELECT md5(coalesce(string_agg(part, '|' ORDER BY part), '')) FROM (
    SELECT 'rel:' || relname || ':' || relkind::text FROM pg_class
     WHERE relnamespace = (SELECT oid FROM ns)
    UNION ALL
    SELECT 'col:' || c.relname || '.' || a.attname || ':'
           || format_type(a.atttypid, a.atttypmod) || ':' || a.attnotnull || ':'
           || coalesce(pg_get_expr(d.adbin, d.adrelid), '')
      FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
      LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
     WHERE c.relnamespace = (SELECT oid FROM ns) AND a.attnum > 0 AND NOT a.attisdropped
    UNION ALL
    SELECT 'con:' || conname || ':' || pg_get_constraintdef(oid) FROM pg_constraint
     WHERE connamespace = (SELECT oid FROM ns)
    UNION ALL
    SELECT 'idx:' || replace(pg_get_indexdef(i.indexrelid),
                             ' ON ' || quote_ident(current_schema()) || '.', ' ON ')
      FROM pg_index i
      JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relnamespace = (SELECT oid FROM ns)
    UNION ALL
    SELECT 'trg:' || t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
     WHERE c.relnamespace = (SELECT oid FROM ns) AND NOT t.tgisinternal
    UNION ALL
    SELECT 'fn:' || proname FROM pg_proc WHERE pronamespace = (SELECT oid FROM ns)
    UNION ALL
    SELECT 'rev:' || version_num FROM alembic_version
) AS shape(part)
"""

#: Every sequence of the schema back at its start, as ``ALTER SEQUENCE ... RESTART`` would.
RESTART = """
SELECT setval(s.seqrelid, s.seqstart, false) FROM pg_sequence s
  JOIN pg_class k ON k.oid = s.seqrelid
 WHERE k.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())
"""


def schema_url(server: str, schema: str) -> str:
    """A URL whose connections land in ``schema`` (through the search path)."""
    separator = "&" if "?" in server else "?"
    return f"{server}{separator}options=-csearch_path%3D{schema}"


def shape(engine: Engine) -> str:
    """The digest of the schema's shape (:data:`SHAPE`)."""
    with engine.connect() as connection:
        return str(connection.execute(text(SHAPE)).scalar_one())


def seeds(upgrade: list[Statement]) -> list[Statement]:
    """The rows the upgrade inserts into its tables, Alembic's own revision row aside: what
    a fresh schema holds and an emptied one must hold again."""
    return [
        (statement, parameters, many)
        for statement, parameters, many in upgrade
        if statement.lstrip().upper().startswith("INSERT")
        and "alembic_version" not in statement.split("(", 1)[0]
    ]


def replay(engine: Engine, statements: list[Statement]) -> None:
    """Send ``statements`` again, as they were sent, in one transaction."""
    with engine.begin() as connection:
        cursor = connection.connection.cursor()
        for statement, parameters, many in statements:
            if many:
                cursor.executemany(statement, parameters)
            else:
                cursor.execute(statement, parameters)
        cursor.close()


def empty(connection: Connection, tables: list[str], rows: list[Statement]) -> None:
    """Delete every row of ``tables`` (those a row refers to last), restart every sequence
    and insert the upgrade's own rows again: the schema (the connection's search path) as a
    fresh upgrade leaves it. ``DELETE`` of the few rows a test writes takes 2 ms where
    ``TRUNCATE`` of every table, which makes new files for each, takes 20 ms. Waits at most
    five seconds for a lock a test's leftover connection may hold."""
    connection.execute(text("SET LOCAL lock_timeout = '5s'"))
    deletes = [f'DELETE FROM "{name}"' for name in tables]
    connection.exec_driver_sql("; ".join([*deletes, RESTART]))
    cursor = connection.connection.cursor()
    for statement, parameters, many in rows:
        if many:
            cursor.executemany(statement, parameters)
        else:
            cursor.execute(statement, parameters)
    cursor.close()


def deletion_order(engine: Engine) -> list[str]:
    """The schema's tables but Alembic's, each after every table whose rows refer to it."""
    metadata = MetaData()
    metadata.reflect(engine)
    return [
        table.name for table in reversed(metadata.sorted_tables) if table.name != "alembic_version"
    ]


class SchemaPool:
    """Migrated schemas of one worker, each used by one test at a time.

    ``upgrade`` is what an upgrade sent into an empty schema (recorded once per worker);
    ``migrated`` the shape it left (:func:`shape`). :meth:`lease` yields a URL of a
    migrated schema with no rows but the upgrade's; afterwards the schema is emptied and
    kept for the next test, or dropped when the test changed its shape or emptying fails.
    """

    def __init__(self, server: str, upgrade: list[Statement], migrated: str) -> None:
        self.server = server
        self.upgrade = upgrade
        self.rows = seeds(upgrade)
        self.migrated = migrated
        self.free: list[str] = []
        self.admin = create_engine(server)
        self.tables: list[str] = []
        self.recycled = 0

    def create(self) -> str:
        """A new schema with the upgrade replayed in it."""
        name = f"t_{uuid.uuid4().hex[:12]}"
        with self.admin.begin() as connection:
            connection.execute(text(f'CREATE SCHEMA "{name}"'))
        engine = create_engine(schema_url(self.server, name))
        try:
            replay(engine, self.upgrade)
            if not self.tables:
                self.tables = deletion_order(engine)
        finally:
            engine.dispose()
        return name

    def drop(self, name: str) -> None:
        with self.admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{name}" CASCADE'))

    @contextmanager
    def lease(self) -> Iterator[str]:
        name = self.free.pop() if self.free else self.create()
        try:
            yield schema_url(self.server, name)
        finally:
            self.give_back(name)

    def give_back(self, name: str) -> None:
        """Empty the schema for the next test, or drop it if its shape is no longer the
        migrated one (or it cannot be emptied)."""
        try:
            with self.admin.begin() as connection:
                connection.execute(text(f'SET LOCAL search_path TO "{name}"'))
                kept = connection.execute(text(SHAPE)).scalar_one() == self.migrated
                if kept:
                    empty(connection, self.tables, self.rows)
        except DBAPIError:
            kept = False
        if kept:
            self.free.append(name)
            self.recycled += 1
        else:
            self.drop(name)

    def close(self) -> None:
        for name in self.free:
            self.drop(name)
        self.free.clear()
        self.admin.dispose()
