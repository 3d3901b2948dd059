"""the partnership's agreed level per item (docs/scoring.md §9)

Revision ID: e8b2f4c6a9d3
Revises: 9d4f1a7c3e21
Create Date: 2026-12-06 04:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e8b2f4c6a9d3'
down_revision = '9d4f1a7c3e21'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('agreed_level',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('item', sa.String(length=60), nullable=False),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.Column('rationale', sa.Text(), nullable=False),
    sa.Column('recorded_by', sa.Integer(), nullable=True),
    sa.Column('recorded_by_name', sa.String(length=200), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['recorded_by'], ['user.id'], name=op.f('fk_agreed_level_recorded_by_user')),
    sa.ForeignKeyConstraint(['round_id'], ['assessment_round.id'], name=op.f('fk_agreed_level_round_id_assessment_round'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agreed_level')),
    sa.UniqueConstraint('round_id', 'item', name=op.f('uq_agreed_level_round_id'))
    )
    with op.batch_alter_table('agreed_level', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agreed_level_round_id'), ['round_id'], unique=False)


def downgrade():
    with op.batch_alter_table('agreed_level', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agreed_level_round_id'))

    op.drop_table('agreed_level')
