"""A partial index on stage-changing events, for the register as of a date.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    where = sa.text("to_stage IS NOT NULL")
    op.create_index(
        "ix_event_stage_changes",
        "event",
        ["proposal_id", "occurred_on", "seq"],
        sqlite_where=where,
        postgresql_where=where,
    )


def downgrade() -> None:
    op.drop_index("ix_event_stage_changes", table_name="event")
