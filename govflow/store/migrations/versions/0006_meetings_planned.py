"""Planned meetings without a number yet, actions due at a meeting, and the references (incident
numbers, IRPs, sections) minutes make.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("meeting") as batch:
        batch.alter_column("number", existing_type=sa.Integer(), nullable=True)
    with op.batch_alter_table("action") as batch:
        batch.add_column(sa.Column("due_meeting_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_action_due_meeting_id_meeting", "meeting", ["due_meeting_id"], ["id"]
        )
    op.create_table(
        "meeting_reference",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("value", sa.String(), nullable=False),
        sa.Column("item_number", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name="fk_meeting_reference_meeting_id_meeting"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_meeting_reference"),
        sa.UniqueConstraint(
            "meeting_id", "kind", "value", "item_number", name="uq_meeting_reference_meeting_id"
        ),
    )
    op.create_index("ix_meeting_reference_meeting_id", "meeting_reference", ["meeting_id"])


def downgrade() -> None:
    op.drop_index("ix_meeting_reference_meeting_id", table_name="meeting_reference")
    op.drop_table("meeting_reference")
    with op.batch_alter_table("action") as batch:
        batch.drop_constraint("fk_action_due_meeting_id_meeting", type_="foreignkey")
        batch.drop_column("due_meeting_id")
    op.execute("DELETE FROM meeting WHERE number IS NULL")
    with op.batch_alter_table("meeting") as batch:
        batch.alter_column("number", existing_type=sa.Integer(), nullable=False)
