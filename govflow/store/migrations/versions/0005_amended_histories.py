"""Histories kept after the fact: a proposal whose events are not all in recording order, or that
has a correction, is marked ``amended``; its views are derived by replaying its events.

Events already carry both times: ``occurred_on`` (when it happened) and ``recorded_at`` (when it
was written, UTC, hashed). Before this revision dates never went backwards, so a proposal's
recording order was its occurrence order; only proposals with corrections need the mark.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("proposal") as batch:
        batch.add_column(
            sa.Column("amended", sa.Boolean(), nullable=False, server_default=sa.false())
        )
    op.execute(
        "UPDATE proposal SET amended = TRUE WHERE id IN "
        "(SELECT proposal_id FROM event WHERE kind = 'correction')"
    )


def downgrade() -> None:
    with op.batch_alter_table("proposal") as batch:
        batch.drop_column("amended")
