"""audit trail kept in the database

Revision ID: 5e1c7a9d2b40
Revises: 31f667be3c1b
Create Date: 2026-11-26 13:45:00

"""
from alembic import op
import sqlalchemy as sa


revision = '5e1c7a9d2b40'
down_revision = '31f667be3c1b'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'audit_event',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('at', sa.DateTime(), nullable=False),
        sa.Column('event', sa.String(length=40), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('user_email', sa.String(length=254), nullable=True),
        sa.Column('role', sa.String(length=20), nullable=True),
        sa.Column('trust_id', sa.Integer(), nullable=True),
        sa.Column('target', sa.String(length=200), nullable=True),
        sa.Column('ip', sa.String(length=64), nullable=True),
        sa.Column('detail', sa.String(length=500), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_event')),
    )
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.create_index('ix_audit_event_at', ['at'], unique=False)
        batch_op.create_index('ix_audit_event_event', ['event'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_event_trust_id'), ['trust_id'], unique=False)


def downgrade():
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_event_trust_id'))
        batch_op.drop_index('ix_audit_event_event')
        batch_op.drop_index('ix_audit_event_at')
    op.drop_table('audit_event')
