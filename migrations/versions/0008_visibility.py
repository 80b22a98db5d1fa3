"""visibility: who may see a value, and the publications that release restricted ones

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-08 00:15:00.000000

Each value (and each revision of one) gets a visibility: public, network or
own; NULL, which every existing value keeps, means "as the definitions say,
else public", so upgrading changes what nobody sees. A partial index holds only
the values that say something, so asking whether any value is restricted is
one probe, and importing the millions that say nothing costs nothing more. A
publication records a facilitator's approval that a network's restricted values
of a year become public, and the day they do.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column('observations', sa.Column('visibility', sa.String(length=8), nullable=True))
    op.add_column(
        'observation_revisions', sa.Column('visibility', sa.String(length=8), nullable=True)
    )
    op.create_index(
        op.f('ix_observations_visibility'),
        'observations',
        ['visibility'],
        unique=False,
        sqlite_where=sa.text('visibility IS NOT NULL'),
        postgresql_where=sa.text('visibility IS NOT NULL'),
    )
    op.create_table('publications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('network_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('approved_at', sa.DateTime(), nullable=False),
    sa.Column('approved_by', sa.Text(), nullable=True),
    sa.Column('released_on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['network_id'], ['networks.id'], name=op.f('fk_publications_network_id_networks'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_publications')),
    sa.UniqueConstraint('network_id', 'year', name=op.f('uq_publications_network_id_year'))
    )


def downgrade() -> None:
    op.drop_table('publications')
    op.drop_index(op.f('ix_observations_visibility'), table_name='observations')
    with op.batch_alter_table('observation_revisions') as batch:
        batch.drop_column('visibility')
    with op.batch_alter_table('observations') as batch:
        batch.drop_column('visibility')
