"""The schema: migrations create it, and models and migrations agree on every backend."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Engine, inspect

from benchlearn.database import (
    current_revision,
    database_url,
    head_revision,
    make_engine,
    require_schema,
    upgrade,
)
from benchlearn.errors import BenchlearnError
from benchlearn.models import Base

#: The schema revision `db upgrade` brings a database to.
HEAD = head_revision()


def test_upgrade_creates_every_table(engine: Engine) -> None:
    tables = set(inspect(engine).get_table_names())

    assert set(Base.metadata.tables) <= tables
    assert "alembic_version" in tables


def test_models_and_migrations_agree(engine: Engine) -> None:
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)

    assert differences == []


def test_upgrade_twice_is_harmless(engine: Engine) -> None:
    first = current_revision(engine)

    again = upgrade(engine)

    assert again == first == HEAD


def test_require_schema_names_the_fix(empty_engine: Engine) -> None:
    with pytest.raises(BenchlearnError, match="run `benchlearn db upgrade` first"):
        require_schema(empty_engine)


def test_database_url_defaults_and_shorthands(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BENCHLEARN_DB", raising=False)

    assert database_url() == "sqlite:///benchlearn.db"
    assert database_url("my.db") == "sqlite:///my.db"
    assert database_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    monkeypatch.setenv("BENCHLEARN_DB", "sqlite:///env.db")
    assert database_url() == "sqlite:///env.db"


def test_unreachable_database_is_a_clear_error() -> None:
    engine = make_engine("postgresql+psycopg://nobody@127.0.0.1:1/none")

    with pytest.raises(BenchlearnError, match="cannot reach the database"):
        upgrade(engine)
