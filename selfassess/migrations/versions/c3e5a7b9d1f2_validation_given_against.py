"""the shown score a validation was given against (docs/scoring.md §8)

Revision ID: c3e5a7b9d1f2
Revises: a2d4e6f8b0c1
Create Date: 2026-12-06 05:05:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c3e5a7b9d1f2'
down_revision = 'a2d4e6f8b0c1'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('validation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('given_against', sa.Float(), nullable=True))


def downgrade():
    with op.batch_alter_table('validation', schema=None) as batch_op:
        batch_op.drop_column('given_against')
