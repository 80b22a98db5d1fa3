"""Fixtures: fresh SQLite and PostgreSQL databases, and a small workspace.

Every storage test takes the ``engine`` fixture and so runs twice: on SQLite
and on PostgreSQL. PostgreSQL runs in a schema of its own per test on the
server named by ``BENCHLEARN_TEST_POSTGRES_URL``; where that variable is set the
PostgreSQL tests run, and where it is not they are skipped with that reason.
"""

from __future__ import annotations

import atexit
import datetime as dt
import os
import secrets
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from sqlalchemy import Engine, create_engine, event, text, update

from benchlearn.database import database_url, make_engine, upgrade
from benchlearn.samples.build import SHARED_DATA_VARIABLE, default_shared_data
from tests.schemas import SchemaPool, Statement, shape
from tests.schemas import replay as replay_statements

if TYPE_CHECKING:
    from tests.replay import Replay

POSTGRES_URL = os.environ.get("BENCHLEARN_TEST_POSTGRES_URL")
#: The secret files a laptop keeps (benchlearn.secret) go to a folder of the run's own,
#: never into the user's configuration folder; commands run as subprocesses and xdist's
#: workers inherit it, and the process that made it removes it when it ends.
if "BENCHLEARN_CONFIG_DIR" not in os.environ:
    os.environ["BENCHLEARN_CONFIG_DIR"] = tempfile.mkdtemp(prefix="benchlearn-config-")
    atexit.register(shutil.rmtree, os.environ["BENCHLEARN_CONFIG_DIR"], ignore_errors=True)
REPO = Path(__file__).resolve().parents[1]


def pytest_report_header() -> list[str]:
    where = POSTGRES_URL or "not set: PostgreSQL tests are skipped"
    found = default_shared_data()
    data = f"{found}" if found.is_dir() else f"{found} is missing: real-data tests are skipped"
    if found.is_dir() is False and strict():
        data = f"{found} is missing: real-data tests fail (CI=true)"
    return [f"BENCHLEARN_TEST_POSTGRES_URL: {where}", f"real data ({SHARED_DATA_VARIABLE}): {data}"]


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Keep each module's tests on one parallel worker when the module builds something
    for all of them (a module-scoped fixture: a site, a demo, a Latvian database), so that
    it is built once, not once per worker; the other tests go wherever a worker is free.
    A test or module already marked with a group of its own (several modules reading one
    session-scoped fixture, as :func:`demo_run`'s readers) keeps it.

    The README's test line runs pytest-xdist with ``--dist loadgroup``, which reads these
    ``xdist_group`` marks (and sends the biggest groups out first); without xdist they
    change nothing. Tests marked ``slow`` go first among the rest.
    """
    for item in items:
        definitions = getattr(item, "_fixtureinfo", None)
        if definitions is None:
            continue
        shared = any(
            fixture.scope == "module"
            for name in definitions.names_closure
            for fixture in definitions.name2fixturedefs.get(name, ())
        )
        if shared and not item.get_closest_marker("xdist_group"):
            item.add_marker(pytest.mark.xdist_group(item.module.__name__ if item.module else ""))
    # The scheduler hands out the groups largest first, then single tests in this order: a
    # slow one met last would keep one worker busy while the other waits for it.
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)


def strict() -> bool:
    """Under CI every test must run: a missing real-data folder is a failure, not a skip."""
    return os.environ.get("CI", "").lower() in {"true", "1", "yes"}


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The real public data: ``BENCHLEARN_SHARED_DATA``, else ``../shared/data`` beside the checkout.

    Missing, the tests that need it are skipped with that reason; with ``CI=true`` they fail.
    """
    found = default_shared_data()
    if not found.is_dir():
        message = f"the real data is not at {found} (set {SHARED_DATA_VARIABLE})"
        if strict():
            pytest.fail(message)
        pytest.skip(message)
    return found


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'test.db'}"


@pytest.fixture
def postgres_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """A URL whose connections land in a schema of the test's own.

    A test that starts from the migrated schema (it takes ``engine``) gets one from the
    worker's pool (:mod:`tests.schemas`), emptied after the previous test; any other test
    (an empty database it upgrades itself, to an older revision perhaps), or one marked
    ``fresh_schema``, gets a new empty schema, dropped afterwards.
    """
    if not POSTGRES_URL:
        pytest.skip("BENCHLEARN_TEST_POSTGRES_URL is not set")
    if pooled(request):
        pool: SchemaPool = request.getfixturevalue("postgres_pool")
        with pool.lease() as url:
            yield url
        return
    with fresh_schema() as url:
        yield url


def pooled(request: pytest.FixtureRequest) -> bool:
    """Whether the test's PostgreSQL schema comes migrated from the pool."""
    return "engine" in request.fixturenames and not request.node.get_closest_marker("fresh_schema")


@pytest.fixture(scope="session")
def postgres_pool(postgres_upgrade: list[Statement]) -> Iterator[SchemaPool]:
    """The worker's pool of migrated schemas; the shape they must keep is the one the
    real upgrade left in the recording schema."""
    assert POSTGRES_URL
    pool = SchemaPool(database_url(POSTGRES_URL), postgres_upgrade, POSTGRES_SHAPE[0])
    yield pool
    pool.close()


@contextmanager
def fresh_schema() -> Iterator[str]:
    """A new schema on the test server, named at random (parallel workers share the
    server), and a URL whose connections land in it; dropped afterwards."""
    assert POSTGRES_URL
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(database_url(POSTGRES_URL))
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in POSTGRES_URL else "?"
    try:
        yield f"{database_url(POSTGRES_URL)}{separator}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest) -> str:
    """A URL of an empty database, once per backend."""
    fixture = "sqlite_url" if request.param == "sqlite" else "postgres_url"
    return str(request.getfixturevalue(fixture))


@pytest.fixture
def empty_engine(db_url: str) -> Iterator[Engine]:
    engine = make_engine(db_url)
    yield engine
    engine.dispose()


@pytest.fixture
def engine(empty_engine: Engine, request: pytest.FixtureRequest) -> Engine:
    """A database with the schema and no data, on each backend.

    About 1,500 tests start from this schema, and an Alembic upgrade takes 0.2 s on SQLite
    and 0.3 s on PostgreSQL: once per worker the upgrade runs for real, and each test gets
    its result (a copy of the SQLite file; on PostgreSQL a schema of the worker's pool,
    emptied after the test before, or the recorded statements replayed in a new one), with
    a secret of its own as the upgrade would have made.
    """
    if empty_engine.dialect.name == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        shutil.copyfile(template, str(empty_engine.url.database))
    elif not pooled(request):
        replay_statements(empty_engine, request.getfixturevalue("postgres_upgrade"))
    new_form_secret(empty_engine)
    return empty_engine


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def module_db_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """A URL of a database with the schema, shared by the tests of one module, once per
    backend: for a module whose tests only read what a module-scoped fixture wrote into it
    (tests/test_report.py's Latvian round), which is then written once, not once a test.

    Being module-scoped, it keeps the module's tests on one parallel worker.
    """
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("module") / "shared.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        url = f"sqlite:///{path}"
        engine = make_engine(url)
        new_form_secret(engine)
        engine.dispose()
        yield url
        return
    if not POSTGRES_URL:
        pytest.skip("BENCHLEARN_TEST_POSTGRES_URL is not set")
    with fresh_schema() as url:
        engine = make_engine(url)
        replay_statements(engine, request.getfixturevalue("postgres_upgrade"))
        new_form_secret(engine)
        engine.dispose()
        yield url


@pytest.fixture(scope="module")
def module_engine(module_db_url: str) -> Iterator[Engine]:
    """An engine on :func:`module_db_url`'s shared database."""
    engine = make_engine(module_db_url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A SQLite file upgraded to the newest revision, once per worker."""
    path = tmp_path_factory.mktemp("template") / "schema.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    engine.dispose()
    return path


#: The shape (:func:`tests.schemas.shape`) the real upgrade left, once recorded.
POSTGRES_SHAPE: list[str] = []


@pytest.fixture(scope="session")
def postgres_upgrade() -> Iterator[list[Statement]]:
    """The statements an upgrade sends into an empty PostgreSQL schema, recorded once per
    worker: none of them names its schema (the ``search_path`` places them)."""
    with fresh_schema() as url:
        engine = make_engine(url)
        sent: list[Statement] = []

        def record(*args: Any) -> None:
            _connection, _cursor, statement, parameters, _context, many = args
            sent.append((statement, parameters, many))

        event.listen(engine, "before_cursor_execute", record)
        upgrade(engine)
        event.remove(engine, "before_cursor_execute", record)
        POSTGRES_SHAPE[:] = [shape(engine)]
        engine.dispose()
        schema = url.rsplit("%3D", 1)[1]
        assert not [s for s, _, _ in sent if schema in s], "a statement names its schema"
        yield sent


@pytest.fixture(scope="session")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, int]:
    """``benchlearn demo`` as the README's first step runs it, with no options, in a folder
    of its own: that folder, what the demo said and its exit code.

    Building the demo with its web report takes 3.5 to 5.5 s; tests/test_samples.py checks
    what it says and writes, tests/test_site_browser.py opens its pages, and both only read
    it (their tests are marked ``xdist_group("demo")`` so that one worker builds it once).
    """
    from click.testing import CliRunner

    from benchlearn.cli import cli

    where = tmp_path_factory.mktemp("demo-run")
    before = Path.cwd()
    os.chdir(where)
    try:
        done = CliRunner().invoke(cli, ["demo"])
    finally:
        os.chdir(before)
    return where, done.output, done.exit_code


@pytest.fixture(scope="session")
def latvian_database(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., str]:
    """A SQLite database of the 43 Latvian municipalities with a data round's figures for
    the given networks (:func:`tests.latvia.latvian_network`), copied into ``folder``;
    returns its URL.

    Seven modules read such a database; each set of networks is built once per worker
    (two seconds) and copied, with a signing secret of the copy's own.
    """
    from tests.latvia import latvian_network

    built: dict[tuple[str, ...], Path] = {}

    def copy(networks: Sequence[str], folder: Path) -> str:
        key = tuple(networks)
        if key not in built:
            where = tmp_path_factory.mktemp("latvia-" + "-".join(key))
            engine = make_engine(f"sqlite:///{where / 'lv.db'}")
            upgrade(engine)
            latvian_network(engine, where, key)
            engine.dispose()
            built[key] = where / "lv.db"
        shutil.copyfile(built[key], folder / "lv.db")
        url = f"sqlite:///{folder / 'lv.db'}"
        engine = make_engine(url)
        new_form_secret(engine)
        engine.dispose()
        return url

    return copy


def new_form_secret(engine: Engine) -> None:
    """The database id and signing salts a fresh upgrade draws (revision 0007), drawn anew
    for this copy: two test databases never share a secret file or a key, as two real
    ones never do."""
    from benchlearn.models import DatabaseIdentity, FormSecret

    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    with engine.begin() as connection:
        connection.execute(
            update(FormSecret)
            .where(FormSecret.salt.is_not(None))
            .values(salt=secrets.token_bytes(32), created_at=now)
        )
        connection.execute(update(DatabaseIdentity).values(id=secrets.token_hex(16)))


def count_statements(engine: Engine) -> list[str]:
    """Record the SQL statements an engine runs (for tests about set-based writes)."""
    seen: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *a: seen.append(a[2]))
    return seen


WORKSPACE_MUNICIPALITIES = """code,name,kind,region
A1,Alpha,city,North
B2,Beta,novads,South
C3,Gamma,novads,South
"""

WORKSPACE_DEFINITIONS = """indicators:
  - code: COST
    name: {en: Cost of social assistance, lv: Sociālās palīdzības izmaksas}
    unit: EUR
    direction: lower
  - code: POP
    name: Population
    unit: persons
    direction: neutral
  - code: COST_PC
    name: {en: Cost per inhabitant, lv: Izmaksas uz iedzīvotāju}
    unit: EUR per inhabitant
    direction: lower
    decimals: 2
    formula: COST / POP
  - code: SHARE
    name: Share of clients satisfied
    unit: "%"
    direction: higher
    min: 0
    max: 100
network:
  code: T9
  name: {en: Test network, lv: Testa tīkls}
  indicators: [COST_PC, {code: SHARE, weight: 2}]
  members: all
  structural: [{code: POP, log: true}]
  population: POP
"""


@pytest.fixture
def workspace_files(tmp_path: Path) -> dict[str, Path]:
    """A temporary definitions folder and registry for a three-municipality network."""
    folder = tmp_path / "workspace"
    folder.mkdir()
    files = {
        "municipalities": folder / "municipalities.csv",
        "definitions": folder / "definitions.yaml",
    }
    files["municipalities"].write_text(WORKSPACE_MUNICIPALITIES, encoding="utf-8")
    files["definitions"].write_text(WORKSPACE_DEFINITIONS, encoding="utf-8")
    return files


@pytest.fixture
def workspace(engine: Engine, workspace_files: dict[str, Path]) -> Engine:
    """The schema plus municipalities and definitions of the small workspace."""
    from benchlearn.definitions.store import load_definitions
    from benchlearn.registry.municipalities import load_municipalities

    load_municipalities(engine, workspace_files["municipalities"])
    load_definitions(engine, [workspace_files["definitions"]])
    return engine


def one_value_at(engine: Engine, revision: str) -> None:
    """Upgrade ``engine`` to ``revision`` and store one value (municipality A, indicator X,
    2024: 12.5), for the tests that a later revision keeps every value."""
    upgrade(engine, revision)
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO municipalities (id, code, name) VALUES (1, 'A', 'A')"))
        connection.execute(
            text(
                "INSERT INTO indicators (id, code, unit, direction, descriptor) "
                "VALUES (1, 'X', 'EUR', 'lower', '{}')"
            )
        )
        connection.execute(
            text(
                "INSERT INTO observations (municipality_id, indicator_id, year, value) "
                "VALUES (1, 1, 2024, 12.5)"
            )
        )


def write(path: Path, content: str) -> Path:
    """Write a test file and return its path."""
    path.write_text(content, encoding="utf-8")
    return path


#: What a municipality may type in a form's status column instead of a value.
STATUS_CODES = {"-", ".", ".."}


def fill_form(path: Path, answers: dict[str, object]) -> None:
    """Type answers into a monitoring form as a municipality would, and save it: a number in
    the value column, a status code (``-``, ``.``, ``..``) in the status column beside it."""
    from openpyxl import load_workbook

    from benchlearn.importing.forms import FIRST_ROW

    book = load_workbook(path)
    sheet = book.worksheets[0]
    value_col = int(book["_benchlearn"]["B3"].value)
    row = FIRST_ROW
    while sheet.cell(row, 1).value:
        answer = answers.get(sheet.cell(row, 1).value)
        if answer in STATUS_CODES:
            sheet.cell(row, value_col + 1).value = answer
        elif answer is not None:
            sheet.cell(row, value_col).value = answer
        row += 1
    book.save(path)


@pytest.fixture
def replay() -> Iterator[Replay]:
    """A local HTTP server answering with recorded PxWeb and Kolada answers
    (:mod:`tests.replay`); each test sets its routes."""
    from tests.replay import Replay

    server = Replay().start()
    yield server
    server.stop()
