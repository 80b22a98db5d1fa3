"""entry: online data entry's rounds closed by a facilitator, and submissions

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-08 03:20:00.000000

A municipality enters its figures online (``benchlearn.entry``) and submits
them; the submission (who, when) is kept per network, year and municipality,
so ``forms status`` shows it beside the returned Excel forms. A facilitator
closes a network's round of a year, and online entry then refuses to save or
submit until it is reopened. A round without a row is open: upgrading changes
nothing for a round in progress.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('entry_rounds',
    sa.Column('network_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('closed_by', sa.String(length=254), nullable=True),
    sa.ForeignKeyConstraint(['network_id'], ['networks.id'], name=op.f('fk_entry_rounds_network_id_networks'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('network_id', 'year', name=op.f('pk_entry_rounds'))
    )
    op.create_table('entry_submissions',
    sa.Column('network_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(), nullable=False),
    sa.Column('submitted_by', sa.String(length=254), nullable=False),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_entry_submissions_municipality_id_municipalities')),
    sa.ForeignKeyConstraint(['network_id'], ['networks.id'], name=op.f('fk_entry_submissions_network_id_networks'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('network_id', 'year', 'municipality_id', name=op.f('pk_entry_submissions'))
    )


def downgrade() -> None:
    op.drop_table('entry_submissions')
    op.drop_table('entry_rounds')
