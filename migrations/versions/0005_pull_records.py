"""pull records: what the last successful pull of each indicator from each source saw

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 15:20:00.000000

`benchlearn pull --since-last` asks a source only for what is newer than its
last successful pull; this table remembers, per indicator and source, when that
pull was, the source's own stamp of its last change and the years it had. No
row exists before the first pull, so every indicator is pulled whole then.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('pull_records',
    sa.Column('indicator', sa.String(length=64), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('pulled_at', sa.DateTime(), nullable=False),
    sa.Column('updated', sa.String(length=64), nullable=True),
    sa.Column('years', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('indicator', 'source', name=op.f('pk_pull_records'))
    )


def downgrade() -> None:
    op.drop_table('pull_records')
