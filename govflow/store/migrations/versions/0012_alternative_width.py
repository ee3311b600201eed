"""Room for numbered alternatives: ``proposal.alternative`` grows from one character to eight.

The SEC and the UNC name an alternative by a letter (``MP122A``, ``0678A``); the CUSC numbers its
Workgroup Alternative CUSC Modifications (``CMP315 WACM12``), which a single character cannot hold.
SQLite does not enforce the length of a VARCHAR, so only other back ends change.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def _resize(old: int, new: int) -> None:
    if op.get_bind().dialect.name == "sqlite":
        return  # a batch copy would drop the proposal table that events reference
    op.alter_column(
        "proposal", "alternative", type_=sa.String(length=new),
        existing_type=sa.String(length=old), existing_nullable=False,
    )  # fmt: skip


def upgrade() -> None:
    _resize(1, 8)


def downgrade() -> None:
    _resize(8, 1)
