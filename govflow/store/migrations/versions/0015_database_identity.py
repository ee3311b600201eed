"""A database's identity: a random UUID kept as the ``database_id`` setting, written once.

Calendars put it in every event's UID (``deadline-SEC-960-...@<id>.govflow``), so two databases
never give two events one UID, whoever subscribes to both. A copy of the file keeps it: a copy is
the same record.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.get_bind().execute(
        sa.text("INSERT INTO setting (key, value) VALUES ('database_id', :id)"),
        {"id": str(uuid.uuid4())},
    )


def downgrade() -> None:
    op.execute("DELETE FROM setting WHERE key = 'database_id'")
