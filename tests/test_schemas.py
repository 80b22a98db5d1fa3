"""The pool of PostgreSQL schemas (tests/schemas.py): a schema handed to a second test is
the one a fresh upgrade leaves, and a schema whose shape a test changed is never handed
out again."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text

from benchlearn.database import make_engine
from benchlearn.definitions.store import load_definitions
from benchlearn.registry.municipalities import load_municipalities
from tests.conftest import POSTGRES_URL, new_form_secret
from tests.schemas import SchemaPool, schema_url, shape

pytestmark = pytest.mark.skipif(not POSTGRES_URL, reason="BENCHLEARN_TEST_POSTGRES_URL is not set")

ROWS = """
SELECT string_agg(table_name || '=' || (xpath('/row/n/text()',
       query_to_xml(format('SELECT count(*) AS n FROM %I', table_name), false, true, '')))[1]::text,
       ' ' ORDER BY table_name)
  FROM information_schema.tables WHERE table_schema = current_schema()
"""

SEQUENCES = """
SELECT string_agg(sequencename || '=' || coalesce(last_value::text, 'unused'), ' '
                  ORDER BY sequencename)
  FROM pg_sequences WHERE schemaname = current_schema()
"""


@pytest.fixture
def pool(postgres_pool: SchemaPool) -> Iterator[SchemaPool]:
    """A pool of the test's own, with the worker's recorded upgrade and migrated shape."""
    own = SchemaPool(postgres_pool.server, postgres_pool.upgrade, postgres_pool.migrated)
    yield own
    own.close()


def state(url: str) -> tuple[str, str, str, int, int]:
    """Shape, row counts, sequences, and the upgrade's own rows with a salt and an id."""
    engine = create_engine(url)
    with engine.connect() as connection:
        rows = connection.execute(text(ROWS)).scalar_one()
        sequences = connection.execute(text(SEQUENCES)).scalar_one()
        salts = connection.execute(
            text("SELECT count(*) FROM form_secrets WHERE salt IS NOT NULL")
        ).scalar_one()
        ids = connection.execute(
            text("SELECT count(*) FROM database_identity WHERE length(id) = 32")
        ).scalar_one()
    found = (shape(engine), rows, sequences, salts, ids)
    engine.dispose()
    return found


def use(url: str, workspace_files: dict[str, Path]) -> Engine:
    """What a test does: municipalities and definitions written, a new secret drawn."""
    engine = make_engine(url)
    new_form_secret(engine)
    load_municipalities(engine, workspace_files["municipalities"])
    load_definitions(engine, [workspace_files["definitions"]])
    return engine


def test_a_recycled_schema_equals_a_fresh_one(
    pool: SchemaPool, workspace_files: dict[str, Path]
) -> None:
    fresh = pool.create()
    expected = state(schema_url(pool.server, fresh))
    pool.drop(fresh)

    with pool.lease() as url:
        first = url
        engine = use(url, workspace_files)
        used = state(url)
        engine.dispose()
    with pool.lease() as url:
        again = state(url)

    assert url == first and pool.recycled == 2
    assert used[1] != expected[1] and used[2] != expected[2]
    assert again == expected
    assert expected[3:] == (1, 1)
    assert "municipalities=0" in expected[1] and "observations=0" in expected[1]


def test_a_schema_whose_shape_a_test_changed_is_dropped(
    pool: SchemaPool, workspace_files: dict[str, Path]
) -> None:
    with pool.lease() as url:
        engine = use(url, workspace_files)
        with engine.begin() as connection:
            connection.execute(text("ALTER TABLE municipalities ADD COLUMN extra integer"))
        engine.dispose()
        changed = url.rsplit("%3D", 1)[1]

    assert pool.free == [] and pool.recycled == 0
    with pool.admin.connect() as connection:
        left = connection.execute(
            text("SELECT count(*) FROM pg_namespace WHERE nspname = :name"), {"name": changed}
        ).scalar_one()
    assert left == 0
