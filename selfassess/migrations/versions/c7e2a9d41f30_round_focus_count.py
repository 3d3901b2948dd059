"""round focus count (K focus priorities, docs/scoring.md §3)

Revision ID: c7e2a9d41f30
Revises: 5e1c7a9d2b40
Create Date: 2026-11-26 13:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c7e2a9d41f30'
down_revision = '5e1c7a9d2b40'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('assessment_round', schema=None) as batch_op:
        batch_op.add_column(sa.Column('focus_count', sa.Integer(), server_default='5', nullable=False))


def downgrade():
    with op.batch_alter_table('assessment_round', schema=None) as batch_op:
        batch_op.drop_column('focus_count')
