"""Alembic environment: runs on the connection benchlearn hands over."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

from benchlearn.models import Base

target_metadata = Base.metadata


def run_migrations(connection: Connection) -> None:
    """Run the migrations on ``connection`` (batch mode so SQLite can alter tables)."""
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is None:
    from benchlearn.database import make_engine

    with make_engine(context.config.get_main_option("sqlalchemy.url")).begin() as conn:
        run_migrations(conn)
else:
    run_migrations(connection)
