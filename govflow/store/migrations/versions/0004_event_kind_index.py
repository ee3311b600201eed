"""An index on event kind: the register as of a date looks up the rare kinds (route, release,
relabel) among many milestones.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""

from __future__ import annotations

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_event_kind", "event", ["kind"])


def downgrade() -> None:
    op.drop_index("ix_event_kind", table_name="event")
