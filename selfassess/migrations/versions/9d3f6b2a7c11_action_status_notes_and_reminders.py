"""action status, progress notes and reminders (issue 13)

Revision ID: 9d3f6b2a7c11
Revises: 5bf2ea24d0cb
Create Date: 2026-11-26 14:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '9d3f6b2a7c11'
down_revision = '5bf2ea24d0cb'
branch_labels = None
depends_on = None

STATUSES = ('not_started', 'in_progress', 'done', 'dropped')


def upgrade():
    with op.batch_alter_table('priority_action', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                'status',
                sa.Enum(*STATUSES, name='action_status', native_enum=False,
                        create_constraint=True, length=20),
                server_default='not_started',
                nullable=False,
            )
        )
    op.create_table(
        'action_note',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('round_id', sa.Integer(), nullable=False),
        sa.Column('item', sa.String(length=60), nullable=False),
        sa.Column('text', sa.Text(), nullable=False),
        sa.Column('written_by', sa.Integer(), nullable=True),
        sa.Column('written_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['round_id', 'item'], ['priority_action.round_id', 'priority_action.item'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['written_by'], ['user.id']),
        sa.PrimaryKeyConstraint('id'),
    )
    op.create_index('ix_action_note_action', 'action_note', ['round_id', 'item'], unique=False)
    op.create_table(
        'reminder',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('round_id', sa.Integer(), nullable=False),
        sa.Column('email', sa.String(length=254), nullable=False),
        sa.Column('sent_on', sa.Date(), nullable=False),
        sa.Column('sent_at', sa.DateTime(), nullable=False),
        sa.Column('sent_by', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['round_id'], ['assessment_round.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['sent_by'], ['user.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('round_id', 'email', 'sent_on'),
    )
    op.create_index(op.f('ix_reminder_round_id'), 'reminder', ['round_id'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_reminder_round_id'), table_name='reminder')
    op.drop_table('reminder')
    op.drop_index('ix_action_note_action', table_name='action_note')
    op.drop_table('action_note')
    with op.batch_alter_table('priority_action', schema=None) as batch_op:
        batch_op.drop_column('status')
