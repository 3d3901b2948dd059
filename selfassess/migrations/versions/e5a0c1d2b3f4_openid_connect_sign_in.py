"""OpenID Connect sign-in (issue 20): identity links, sign-in requests, passwords per trust

Revision ID: e5a0c1d2b3f4
Revises: c3e5a7b9d1f2
Create Date: 2026-12-06 04:45:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e5a0c1d2b3f4'
down_revision = 'c3e5a7b9d1f2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'identity_link',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('issuer', sa.String(length=300), nullable=False),
        sa.Column('subject', sa.String(length=255), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['user.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('issuer', 'subject'),
    )
    op.create_index('ix_identity_link_user_id', 'identity_link', ['user_id'])
    op.create_table(
        'sso_request',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('state_hash', sa.String(length=64), nullable=False),
        sa.Column('provider', sa.String(length=40), nullable=False),
        sa.Column('nonce', sa.String(length=128), nullable=False),
        sa.Column('code_verifier', sa.String(length=128), nullable=False),
        sa.Column('next_url', sa.String(length=500), nullable=True),
        sa.Column('carried', sa.Text(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('state_hash'),
    )
    with op.batch_alter_table('trust', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('passwords_allowed', sa.Boolean(), nullable=False, server_default=sa.true())
        )


def downgrade():
    with op.batch_alter_table('trust', schema=None) as batch_op:
        batch_op.drop_column('passwords_allowed')
    op.drop_table('sso_request')
    op.drop_index('ix_identity_link_user_id', table_name='identity_link')
    op.drop_table('identity_link')
