"""form secrets: the key each database signs its monitoring forms with

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 14:50:00.000000
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('form_secrets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('secret', sa.LargeBinary(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('retired_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_form_secrets'))
    )
    # Until revision 0007 each new database drew a secret here and kept it in this table.
    # Now a form key is derived from a secret kept outside the database (0007 adds the
    # salt of the first one), so a new database stores no secret: a secret stored here
    # could sign forms in any copy of the database.


def downgrade() -> None:
    op.drop_table('form_secrets')
