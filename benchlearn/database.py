"""One way to reach the database: an engine built from ``--db`` or ``BENCHLEARN_DB``.

SQLite is the default (a file ``benchlearn.db`` in the working directory);
PostgreSQL is a first-class target. The schema is created and upgraded only by
the Alembic migrations shipped with the package.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError

from benchlearn.errors import BenchlearnError

DEFAULT_URL = "sqlite:///benchlearn.db"
ENV_VAR = "BENCHLEARN_DB"


def database_url(url: str | None = None) -> str:
    """The URL to use: the argument, else ``BENCHLEARN_DB``, else ``benchlearn.db`` here.

    A plain file path is accepted as shorthand for an SQLite URL.
    """
    chosen = url or os.environ.get(ENV_VAR) or DEFAULT_URL
    if "://" not in chosen:
        chosen = f"sqlite:///{chosen}"
    if chosen.startswith("postgresql://"):
        # psycopg 3 is the driver we install; plain postgresql:// would ask for psycopg2.
        chosen = "postgresql+psycopg://" + chosen.removeprefix("postgresql://")
    return chosen


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


#: Seconds a SQLite connection waits for another's write lock (an import of a million rows
#: takes about a minute) before the import says the database is busy.
SQLITE_WAIT = 300.0


def make_engine(url: str | None = None) -> Engine:
    """Create an engine; SQLite connections enforce foreign keys."""
    resolved = database_url(url)
    try:
        if resolved.startswith("sqlite"):
            # An import waits for another's write lock rather than failing at once.
            engine = create_engine(resolved, connect_args={"timeout": SQLITE_WAIT})
        else:
            engine = create_engine(resolved)
    except (ArgumentError, ImportError, SQLAlchemyError) as exc:
        raise BenchlearnError.of(
            "cmp_cannot_use_database", {"url": resolved, "error": str(exc)}
        ) from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def migrations_path() -> Path:
    """Where the Alembic scripts are: inside the wheel, or at the top of a checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "_migrations", here.parent / "migrations"):
        if (candidate / "env.py").is_file():
            return candidate
    raise BenchlearnError.of("cmp_no_migrations")


def alembic_config(connection: Connection) -> Any:
    """An Alembic configuration that runs on ``connection``."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_path()))
    config.attributes["connection"] = connection
    return config


def upgrade(engine: Engine, revision: str = "head") -> str:
    """Create or upgrade the schema to ``revision``; return the revision now in force."""
    from alembic import command
    from alembic.runtime.migration import MigrationContext

    try:
        with engine.begin() as connection:
            command.upgrade(alembic_config(connection), revision)
            current = MigrationContext.configure(connection).get_current_revision()
    except OperationalError as exc:
        raise BenchlearnError.of("cmp_cannot_reach_database", {"error": str(exc.orig)}) from exc
    return current or "base"


def bring_up(engine: Engine) -> str | None:
    """Create or upgrade the schema when it is not at the newest revision, for a command
    that fills a database and so may be its first (``definitions load --builtin``).

    Returns the revision now in force when it changed, None when it was there already.
    """
    try:
        before = current_revision(engine)
    except OperationalError as exc:
        raise BenchlearnError.of("cmp_cannot_reach_database", {"error": str(exc.orig)}) from exc
    after = upgrade(engine)
    return after if after != before else None


def current_revision(engine: Engine) -> str | None:
    """The schema revision of the database, or None when it has no schema yet."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def has_schema(engine: Engine) -> bool:
    """Whether the database exists and has benchlearn's schema, without creating anything:
    a SQLite file that is not there is not made by asking (checking is not setting up)."""
    from pathlib import Path

    if engine.url.get_backend_name() == "sqlite":
        name = engine.url.database
        if not name or name == ":memory:" or not Path(name).exists():
            return False
    try:
        with engine.connect() as connection:
            return bool(inspect(connection).has_table("observations"))
    except OperationalError:
        return False


def require_schema(engine: Engine) -> None:
    """Fail with a clear message when the database has not been set up."""
    try:
        with engine.connect() as connection:
            has = inspect(connection).has_table("observations")
    except OperationalError as exc:
        raise BenchlearnError.of("cmp_cannot_reach_database", {"error": str(exc.orig)}) from exc
    if not has:
        url = make_url(database_url(str(engine.url))).render_as_string()
        raise BenchlearnError.of("cmp_no_schema", {"url": url})


@contextmanager
def transaction(engine: Engine) -> Iterator[Connection]:
    """One transaction: everything inside is written together or not at all."""
    with engine.begin() as connection:
        yield connection
