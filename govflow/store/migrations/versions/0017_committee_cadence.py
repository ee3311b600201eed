"""A committee's usual cadence (``monthly 4th Wednesday``): committee data the planner uses for
meetings not yet on record, marked as assumptions. Existing committees have none.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("committee") as batch:
        batch.add_column(sa.Column("cadence", sa.String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("committee") as batch:
        batch.drop_column("cadence")
