"""advisor validation: confirm and challenge (docs/scoring.md §8)

Revision ID: 9d4f1a7c3e21
Revises: a4d1c3e5f701
Create Date: 2026-11-26 14:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9d4f1a7c3e21'
down_revision = 'a4d1c3e5f701'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('validation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('item', sa.String(length=60), nullable=False),
    sa.Column('verdict', sa.String(length=10), nullable=False),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('advisor_id', sa.Integer(), nullable=True),
    sa.Column('advisor_name', sa.String(length=200), nullable=False),
    sa.Column('validated_at', sa.DateTime(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('answer', sa.Text(), nullable=True),
    sa.Column('answered_by', sa.Integer(), nullable=True),
    sa.Column('answered_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['advisor_id'], ['user.id'], name=op.f('fk_validation_advisor_id_user')),
    sa.ForeignKeyConstraint(['answered_by'], ['user.id'], name=op.f('fk_validation_answered_by_user')),
    sa.ForeignKeyConstraint(['round_id'], ['assessment_round.id'], name=op.f('fk_validation_round_id_assessment_round'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_validation')),
    sa.UniqueConstraint('round_id', 'item', name=op.f('uq_validation_round_id'))
    )
    with op.batch_alter_table('validation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_validation_round_id'), ['round_id'], unique=False)


def downgrade():
    with op.batch_alter_table('validation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_validation_round_id'))

    op.drop_table('validation')
