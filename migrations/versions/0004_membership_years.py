"""membership years: when a municipality joined a network and when it left

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07 12:30:00.000000

A membership now has a join year and a leave year, so that a network's members
are data that change over the years. Both are NULL for the rows already
stored: NULL ``joined`` means a member since always, NULL ``left`` a member
still, so every existing member stays a member in every year, as before.
The leave year is exclusive: a municipality that left in 2025 is a member
in 2024 and not in 2025.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column('network_members', sa.Column('joined', sa.Integer(), nullable=True))
    op.add_column('network_members', sa.Column('left', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('network_members') as batch:
        batch.drop_column('left')
        batch.drop_column('joined')
