"""When a release's scope is fixed: its full scope (about six months ahead) and its
DCC-impacting scope (about a year ahead), as release data the planner uses in place of its
assumptions. Existing releases have neither.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("release") as batch:
        batch.add_column(sa.Column("scope_closes", sa.Date(), nullable=True))
        batch.add_column(sa.Column("dcc_scope_closes", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("release") as batch:
        batch.drop_column("dcc_scope_closes")
        batch.drop_column("scope_closes")
