"""Partial indexes for the register as of a date: the route, release, proposer and relabel
events (few) by proposal, and the milestones by name (the register reads those that record a
vote). Both are read by a page's proposals or by the whole register; without them a page read
every event of its proposals, and the whole register every milestone of the database. Derived
by the database from the events themselves: nothing is stored that ``verify`` must check.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    changes = sa.text("kind IN ('route', 'release', 'proposer', 'relabel')")
    op.create_index(
        "ix_event_register_changes",
        "event",
        ["proposal_id", "seq"],
        sqlite_where=changes,
        postgresql_where=changes,
    )
    named = sa.text("milestone IS NOT NULL")
    op.create_index(
        "ix_event_milestone",
        "event",
        ["milestone", "proposal_id", "seq"],
        sqlite_where=named,
        postgresql_where=named,
    )


def downgrade() -> None:
    op.drop_index("ix_event_milestone", table_name="event")
    op.drop_index("ix_event_register_changes", table_name="event")
