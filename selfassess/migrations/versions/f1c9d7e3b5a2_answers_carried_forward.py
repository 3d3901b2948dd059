"""answers carried forward from the last round (docs/scoring.md §10)

Revision ID: f1c9d7e3b5a2
Revises: e8b2f4c6a9d3
Create Date: 2026-12-06 04:10:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f1c9d7e3b5a2'
down_revision = 'e8b2f4c6a9d3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('assessment_round', schema=None) as batch_op:
        batch_op.add_column(sa.Column('carried_from_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_assessment_round_carried_from_id_assessment_round'), 'assessment_round', ['carried_from_id'], ['id'], ondelete='SET NULL')
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.add_column(sa.Column('carried', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table('answer', schema=None) as batch_op:
        batch_op.drop_column('carried')
    with op.batch_alter_table('assessment_round', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_assessment_round_carried_from_id_assessment_round'), type_='foreignkey')
        batch_op.drop_column('carried_from_id')
