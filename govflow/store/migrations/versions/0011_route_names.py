"""Routes by name: ``proposal.path`` holds the name of the route a workflow declares.

A route used to be a number (the SEC's Paths 1, 2 and 3); other codes name theirs
(``self_governance``). The column becomes text and each number its decimal name (3 -> "3"),
which is what replaying the events gives: replay reads an old event's route number as its name,
so no event is rewritten.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def _sqlite_retype(to: str, cast: str) -> None:
    # A batch copy would drop the proposal table, which events reference (foreign keys on):
    # add the new column, copy, drop the old one and rename, all in place (SQLite 3.35+).
    op.execute(f"ALTER TABLE proposal ADD COLUMN path_new {to}")
    op.execute(f"UPDATE proposal SET path_new = CAST(path AS {cast})")
    op.execute("ALTER TABLE proposal DROP COLUMN path")
    op.execute("ALTER TABLE proposal RENAME COLUMN path_new TO path")


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _sqlite_retype("VARCHAR", "TEXT")
        return
    op.alter_column(
        "proposal", "path", type_=sa.String(), existing_type=sa.Integer(),
        postgresql_using="path::text",
    )  # fmt: skip


def downgrade() -> None:
    # Only numbered routes go back: a named one has no number and is lost (NULL).
    if op.get_bind().dialect.name == "sqlite":
        op.execute("UPDATE proposal SET path = NULL WHERE path GLOB '*[^0-9]*' OR path = ''")
        _sqlite_retype("INTEGER", "INTEGER")
        return
    op.execute("UPDATE proposal SET path = NULL WHERE path !~ '^[0-9]+$'")
    op.alter_column(
        "proposal", "path", type_=sa.Integer(), existing_type=sa.String(),
        postgresql_using="path::integer",
    )  # fmt: skip
