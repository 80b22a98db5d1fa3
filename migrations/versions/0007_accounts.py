"""accounts: users, sessions, tokens, login attempts, the audit log; form keys from outside

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-08 00:30:00.000000

The network's server signs people in: users (a role, a municipality, networks,
an argon2id hash of the password), their sessions and tokens (kept only as
SHA-256 hashes), every try to sign in (for throttling) and an audit log of
who did what.

The form-signing secret leaves the database: from now on a form key is
derived from a secret kept outside (``BENCHLEARN_SECRET``, ``BENCHLEARN_SECRET_FILE``
or a file in the user's configuration folder) and a random salt stored here,
so a copy of the database alone cannot sign a form. A secret an earlier
benchlearn stored stays, to verify the forms already sent out, and never signs
again. The database gets a random name (``database_identity``), which names the
file its secret is kept in on a laptop.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    with op.batch_alter_table('form_secrets') as batch:
        batch.alter_column('secret', existing_type=sa.LargeBinary(), nullable=True)
        batch.add_column(sa.Column('salt', sa.LargeBinary(), nullable=True))
    secrets_table = sa.table(
        'form_secrets',
        sa.column('salt', sa.LargeBinary()),
        sa.column('created_at', sa.DateTime()),
    )
    # The key that signs from now on, derived from the secret outside the database.
    op.bulk_insert(secrets_table, [{'salt': secrets.token_bytes(32), 'created_at': now}])
    identity = op.create_table('database_identity',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_database_identity'))
    )
    op.bulk_insert(identity, [{'id': secrets.token_hex(16), 'created_at': now}])
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=True),
    sa.Column('password_hash', sa.String(length=255), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('disabled_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_users_municipality_id_municipalities')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('email', name=op.f('uq_users_email'))
    )
    op.create_table('user_networks',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('network_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['network_id'], ['networks.id'], name=op.f('fk_user_networks_network_id_networks'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_networks_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'network_id', name=op.f('pk_user_networks'))
    )
    op.create_table('user_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=True),
    sa.Column('used_at', sa.DateTime(), nullable=True),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_tokens_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_user_tokens_token_hash'))
    )
    op.create_table('sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('ended_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_sessions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sessions')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_sessions_token_hash'))
    )
    op.create_table('login_attempts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=True),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('succeeded', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_attempts'))
    )
    op.create_index(op.f('ix_login_attempts_email_at'), 'login_attempts', ['email', 'at'], unique=False)
    op.create_index(op.f('ix_login_attempts_address_at'), 'login_attempts', ['address', 'at'], unique=False)
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('actor', sa.String(length=254), nullable=False),
    sa.Column('action', sa.String(length=32), nullable=False),
    sa.Column('subject', sa.String(length=254), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('address', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log'))
    )
    op.create_index(op.f('ix_audit_log_at'), 'audit_log', ['at'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_audit_log_at'), table_name='audit_log')
    op.drop_table('audit_log')
    op.drop_index(op.f('ix_login_attempts_address_at'), table_name='login_attempts')
    op.drop_index(op.f('ix_login_attempts_email_at'), table_name='login_attempts')
    op.drop_table('login_attempts')
    op.drop_table('sessions')
    op.drop_table('user_tokens')
    op.drop_table('user_networks')
    op.drop_table('users')
    op.drop_table('database_identity')
    op.execute(sa.text('DELETE FROM form_secrets WHERE salt IS NOT NULL'))
    with op.batch_alter_table('form_secrets') as batch:
        batch.drop_column('salt')
        batch.alter_column('secret', existing_type=sa.LargeBinary(), nullable=False)
