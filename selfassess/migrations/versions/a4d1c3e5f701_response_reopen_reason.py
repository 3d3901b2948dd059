"""response reopen reason (issue 13: the lead says why a submitted response is reopened)

Revision ID: a4d1c3e5f701
Revises: 9d3f6b2a7c11
Create Date: 2026-11-26 14:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a4d1c3e5f701'
down_revision = '9d3f6b2a7c11'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reopen_reason', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('reopened_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('response', schema=None) as batch_op:
        batch_op.drop_column('reopened_at')
        batch_op.drop_column('reopen_reason')
