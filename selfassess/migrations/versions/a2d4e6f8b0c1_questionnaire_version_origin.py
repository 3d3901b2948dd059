"""where a questionnaire version came from: shipped or uploaded (docs/scoring.md §11)

Revision ID: a2d4e6f8b0c1
Revises: f1c9d7e3b5a2
Create Date: 2026-12-06 04:25:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a2d4e6f8b0c1'
down_revision = 'f1c9d7e3b5a2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('questionnaire_version', schema=None) as batch_op:
        batch_op.add_column(sa.Column('origin', sa.String(length=10), server_default='shipped', nullable=False))


def downgrade():
    with op.batch_alter_table('questionnaire_version', schema=None) as batch_op:
        batch_op.drop_column('origin')
