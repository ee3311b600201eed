"""Decisions as the code records them: a proposal's votes, decisions and alternative solutions.

``proposal.outcomes`` holds what its events say of them (the latest vote's outcome, each decision
with its direction and solution, the alternatives raised within its record), derived like the
stage. Events written before this revision carry none of them, so every existing proposal's value
is the empty one, which is what replaying its events gives: no event is rewritten.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("proposal") as batch:
        batch.add_column(sa.Column("outcomes", JSON, nullable=False, server_default="{}"))


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # A batch copy would drop the proposal table, which events reference (foreign keys on);
        # SQLite 3.35+ drops a plain column in place.
        op.execute("ALTER TABLE proposal DROP COLUMN outcomes")
        return
    op.drop_column("proposal", "outcomes")
