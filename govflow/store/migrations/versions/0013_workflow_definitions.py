"""Stored workflow definitions: the source text and fingerprint of every definition version a
proposal is pinned to, kept append-only so the rules of existing proposals cannot change.

Existing databases start with none stored: a definition is stored the first time a proposal is
pinned to it from then on (see docs/workflows.md, "Stored definitions").

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

_SQLITE_TRIGGERS = [
    """CREATE TRIGGER workflow_definition_no_update BEFORE UPDATE ON workflow_definition
       BEGIN SELECT RAISE(ABORT, 'govflow stored definitions are append-only: UPDATE refused');
       END""",
    """CREATE TRIGGER workflow_definition_no_delete BEFORE DELETE ON workflow_definition
       BEGIN SELECT RAISE(ABORT, 'govflow stored definitions are append-only: DELETE refused');
       END""",
]
_PG_TRIGGERS = [
    """CREATE FUNCTION govflow_definition_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         RAISE EXCEPTION 'govflow stored definitions are append-only: % refused', TG_OP;
       END $$""",
    """CREATE TRIGGER workflow_definition_no_update_delete
       BEFORE UPDATE OR DELETE ON workflow_definition
       FOR EACH ROW EXECUTE FUNCTION govflow_definition_append_only()""",
    """CREATE TRIGGER workflow_definition_no_truncate BEFORE TRUNCATE ON workflow_definition
       FOR EACH STATEMENT EXECUTE FUNCTION govflow_definition_append_only()""",
]


def upgrade() -> None:
    op.create_table(
        "workflow_definition",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_workflow_definition"),
        sa.UniqueConstraint("name", "version", name="uq_workflow_definition_name"),
    )
    postgres = op.get_context().dialect.name == "postgresql"
    for statement in _PG_TRIGGERS if postgres else _SQLITE_TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS workflow_definition_no_truncate ON workflow_definition")
        op.execute(
            "DROP TRIGGER IF EXISTS workflow_definition_no_update_delete ON workflow_definition"
        )
        op.execute("DROP FUNCTION IF EXISTS govflow_definition_append_only()")
    op.drop_table("workflow_definition")
