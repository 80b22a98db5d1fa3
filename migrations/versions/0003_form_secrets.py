"""form secrets: the key each database signs its monitoring forms with

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 14:50:00.000000
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    table = op.create_table('form_secrets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('secret', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('retired_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_form_secrets'))
    )
    # Every database gets its own secret now, so the forms it makes can be signed at once.
    op.bulk_insert(
        table,
        [
            {
                'secret': secrets.token_bytes(32),
                'created_at': dt.datetime.now(dt.UTC).replace(tzinfo=None),
                'retired_at': None,
            }
        ],
    )


def downgrade() -> None:
    op.drop_table('form_secrets')
