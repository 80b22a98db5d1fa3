"""uncertainty: a standard error stored with each value

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-08 01:50:00.000000

Survey-based and official figures often come with a standard error or an
interval; the standard error is stored beside the value (an interval given in
a file is converted to one on import), and a revision keeps the standard error
the value had, so a revised figure's old uncertainty is not lost. NULL, which
every existing value keeps, means "no uncertainty known": nothing is invented.
A partial index holds only the values with a standard error, so a ranking that
asks for them where none exists costs one probe.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column('observations', sa.Column('se', sa.Float(), nullable=True))
    op.add_column('observation_revisions', sa.Column('se', sa.Float(), nullable=True))
    op.create_index(
        'ix_observations_se',
        'observations',
        ['indicator_id', 'year'],
        unique=False,
        sqlite_where=sa.text('se IS NOT NULL'),
        postgresql_where=sa.text('se IS NOT NULL'),
    )


def downgrade() -> None:
    op.drop_index('ix_observations_se', table_name='observations')
    with op.batch_alter_table('observation_revisions') as batch:
        batch.drop_column('se')
    with op.batch_alter_table('observations') as batch:
        batch.drop_column('se')
