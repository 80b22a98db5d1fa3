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
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, DBAPIError, OperationalError, SQLAlchemyError

from benchlearn.errors import BenchlearnError, MachineProblem

if TYPE_CHECKING:
    from sqlalchemy.engine import ExceptionContext

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

#: Seconds any other command waits for a lock another process holds (a writer on SQLite,
#: a lock on PostgreSQL) before it says the database is busy: a reader stuck behind a
#: writer that never finishes must not hang. ``BENCHLEARN_DB_WAIT`` sets another number.
READ_WAIT = 10.0
WAIT_VAR = "BENCHLEARN_DB_WAIT"
#: ``Connection.info`` key of a connection that waits :data:`SQLITE_WAIT` for the write
#: lock and handles a busy database itself (:func:`waiting_writer`).
_WRITER = "benchlearn.writer"


def read_wait() -> float:
    """Seconds a command waits for a lock: ``BENCHLEARN_DB_WAIT`` or :data:`READ_WAIT`."""
    try:
        seconds = float(os.environ.get(WAIT_VAR, READ_WAIT))
    except ValueError:
        return READ_WAIT
    return seconds if seconds > 0 else READ_WAIT


def make_engine(url: str | None = None) -> Engine:
    """Create an engine; SQLite connections enforce foreign keys.

    A connection waits :func:`read_wait` seconds for a lock (SQLite's busy timeout,
    PostgreSQL's ``lock_timeout``) and then says the database is busy; the database's
    own failures (read-only, lost, busy) become one :class:`MachineProblem` sentence
    (:func:`_machine_problem`).
    """
    resolved = database_url(url)
    _one_at_before_host(resolved)
    wait = read_wait()
    try:
        if resolved.startswith("sqlite"):
            engine = create_engine(resolved, connect_args={"timeout": wait})
        elif resolved.startswith("postgresql"):
            engine = create_engine(_with_lock_timeout(resolved, wait))
        else:
            engine = create_engine(resolved)
    except (ArgumentError, ImportError, SQLAlchemyError, ValueError) as exc:
        # ValueError: a port that is not a number, which SQLAlchemy reads with int()
        raise BenchlearnError.of(
            "cmp_cannot_use_database",
            {"url": without_password(resolved), "error": without_password(str(exc), resolved)},
        ) from exc
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    event.listen(engine, "handle_error", _machine_problem)
    return engine


def without_password(text: str, url: str | None = None) -> str:
    """``text`` with the password of ``url`` (else of ``text``, a URL itself) written as
    ``***``: a message about a database, such as a missing driver's, names the URL the
    user gave, and a password must not reach a terminal, a log or a screenshot. The
    password is hidden as typed in the URL (percent-encoded) and as decoded."""
    import re
    from urllib.parse import quote, quote_plus

    typed = re.search(r"://[^:/@]*:([^@/]*)@", url or text)
    try:
        password = make_url(url or text).password
    except (ArgumentError, ValueError):  # not a URL SQLAlchemy reads (a port not a number)
        password = None
    forms = {typed.group(1) if typed else "", str(password or "")}
    forms |= {quote(f, safe="") for f in forms} | {quote_plus(f) for f in forms}
    for form in sorted(forms - {""}, key=len, reverse=True):
        text = text.replace(f":{form}@", ":***@")
        if len(form) >= 4:  # elsewhere too, unless so short it would hide ordinary words
            text = text.replace(form, "***")
    return text


def _one_at_before_host(url: str) -> None:
    """Refuse a URL whose user name or password holds an ``@`` not written as ``%40``.

    SQLAlchemy ends the password at the first ``@`` and reads the rest as the host, so
    the driver's "cannot resolve host" would print the password's tail, where
    :func:`without_password` cannot know it is one. The URL is named with everything
    before its last ``@`` hidden.
    """
    scheme, found, rest = url.partition("://")
    authority = rest.split("/", 1)[0].split("?", 1)[0]
    if found and authority.count("@") > 1:
        shown = f"{scheme}://***@{authority.rsplit('@', 1)[1]}{rest[len(authority) :]}"
        raise BenchlearnError.of("dep_url_at_in_userinfo", {"url": shown})


@contextmanager
def reached(engine: Engine) -> Iterator[Connection]:
    """A connection to ``engine``'s database, or one sentence saying why there is none
    (:func:`_unreachable`): the driver refuses the URL's options (psycopg's
    ``ProgrammingError``) as well as a host that does not answer."""
    try:
        connection = engine.connect()
    except DBAPIError as exc:
        raise _unreachable(engine, exc) from exc
    with connection:
        yield connection


def _unreachable(engine: Engine, exc: DBAPIError) -> BenchlearnError:
    """The driver's complaint that the database cannot be reached, without its password."""
    error = without_password(str(exc.orig), engine.url.render_as_string(hide_password=False))
    error = error.strip()  # psycopg ends some of its messages with a blank line
    return BenchlearnError.of("cmp_cannot_reach_database", {"error": error})


def _with_lock_timeout(url: str, seconds: float) -> str:
    """``url`` whose connections wait ``seconds`` for a lock: ``lock_timeout`` added to the
    server ``options`` the URL may already give (a ``search_path``, say), not in their place."""
    parsed = make_url(url)
    given = parsed.query.get("options") or ""
    given = given if isinstance(given, str) else " ".join(given)
    options = f"{given} -c lock_timeout={int(seconds * 1000)}".strip()
    return parsed.update_query_dict({"options": options}).render_as_string(hide_password=False)


def _database_name(engine: Engine) -> str:
    """The database as a user named it: the SQLite file, or the server's URL without the
    password and the connection's options."""
    if engine.url.get_backend_name() == "sqlite":
        return str(engine.url.database or ":memory:")
    return engine.url.set(query={}).render_as_string(hide_password=True)


def _machine_problem(context: ExceptionContext) -> None:
    """The database's own failures as the one sentence a user can act on, raised in place of
    SQLAlchemy's exception (which prints the SQL): a read-only SQLite file, a connection to
    the server lost mid-command (its transaction is rolled back by the server, so nothing
    was written), a lock held past :func:`read_wait`. Anything else is left to the caller.
    A :func:`waiting_writer` handles its own busy database (the import retries or says so).
    """
    error = context.original_exception
    engine = context.engine
    if engine is None:
        return
    database = _database_name(engine)
    name = getattr(error, "sqlite_errorname", "")
    if name.startswith("SQLITE_READONLY"):
        raise MachineProblem.of("db_read_only", {"database": database}) from error
    if context.connection is not None and context.is_disconnect:
        raise MachineProblem.of("db_connection_lost", {"database": database}) from error
    writer = context.connection is not None and context.connection.info.get(_WRITER)
    if writer:
        return
    if name.startswith("SQLITE_BUSY") or name.startswith("SQLITE_LOCKED"):
        raise MachineProblem.of(
            "db_busy_sqlite", {"database": database, "seconds": int(read_wait())}
        ) from error
    if getattr(error, "sqlstate", None) == "55P03":  # lock_not_available: lock_timeout
        raise MachineProblem.of(
            "db_busy_postgresql", {"database": database, "seconds": int(read_wait())}
        ) from error


@contextmanager
def waiting_writer(connection: Connection) -> Iterator[Connection]:
    """``connection`` as a writer that waits :data:`SQLITE_WAIT` seconds for SQLite's write
    lock and sees a busy database as SQLAlchemy's error, which it handles itself (an
    import starts again with the lock taken first, or says the database stayed busy).

    On PostgreSQL the writer sets its own ``lock_timeout`` for its transaction
    (``SET LOCAL``), since a lock there is waited for in SQL.
    """
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        connection.exec_driver_sql(f"PRAGMA busy_timeout = {int(SQLITE_WAIT * 1000)}")
    connection.info[_WRITER] = True
    try:
        yield connection
    finally:
        connection.info.pop(_WRITER, None)
        if sqlite and not connection.invalidated:
            connection.exec_driver_sql(f"PRAGMA busy_timeout = {int(read_wait() * 1000)}")


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
        with reached(engine) as connection, waiting_writer(connection):
            _one_upgrade_at_a_time(connection)
            command.upgrade(alembic_config(connection), revision)
            current = MigrationContext.configure(connection).get_current_revision()
            connection.commit()
    except OperationalError as exc:
        raise _unreachable(engine, exc) from exc
    return current or "base"


#: The advisory lock ``db upgrade`` takes on PostgreSQL ("bupg" as a number).
UPGRADE_LOCK = 0x62757067


def _one_upgrade_at_a_time(connection: Connection) -> None:
    """Upgrades run one after another: the second waits for the first and then finds the
    schema at its revision, where two at once would both create the same tables.

    PostgreSQL takes a transaction-scoped advisory lock (its DDL is transactional, so the
    whole upgrade is one transaction, released at commit). SQLite takes its write lock
    first (``BEGIN IMMEDIATE``), so the second waits at the door; that makes the upgrade
    one SQLite transaction too, where Python's driver would otherwise commit each DDL.
    """
    if connection.dialect.name == "postgresql":
        connection.execute(text(f"SET LOCAL lock_timeout = {int(SQLITE_WAIT * 1000)}"))
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": UPGRADE_LOCK})
    elif connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def bring_up(engine: Engine) -> str | None:
    """Create or upgrade the schema when it is not at the newest revision, for a command
    that fills a database and so may be its first (``definitions load --builtin``).

    Returns the revision now in force when it changed, None when it was there already.
    """
    try:
        before = current_revision(engine)
    except OperationalError as exc:
        raise _unreachable(engine, exc) from exc
    after = upgrade(engine)
    return after if after != before else None


def head_revision() -> str:
    """The newest schema revision the shipped migrations know: what ``db upgrade`` brings a
    database to (tests and messages ask for it rather than spelling a number that moves)."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(migrations_path()))
    head = ScriptDirectory.from_config(config).get_current_head()
    return str(head)


def current_revision(engine: Engine) -> str | None:
    """The schema revision of the database, or None when it has no schema yet."""
    from alembic.runtime.migration import MigrationContext

    with reached(engine) as connection:
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
        with reached(engine) as connection:
            has = inspect(connection).has_table("observations")
    except OperationalError as exc:
        raise _unreachable(engine, exc) from exc
    if not has:
        # the URL as given: without its password, and without the lock_timeout it was given
        url = engine.url.set(query={}).render_as_string(hide_password=True)
        raise BenchlearnError.of("cmp_no_schema", {"url": url})


@contextmanager
def transaction(engine: Engine) -> Iterator[Connection]:
    """One transaction: everything inside is written together or not at all."""
    with engine.begin() as connection:
        yield connection
