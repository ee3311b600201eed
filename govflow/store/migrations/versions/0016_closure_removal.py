"""Calendar closures kept on record: each closure says when it was recorded, and a closure is
removed by a recorded removal (``closure_removal``), never deleted. Both tables are append-only:
triggers refuse UPDATE and DELETE (and TRUNCATE on PostgreSQL).

Existing closures stay in force, with no recording time (it was not kept before).

Revision ID: 0015
Revises: 0013
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

_TABLES = ("closure", "closure_removal")


def _sqlite_triggers(table: str) -> list[str]:
    return [
        f"""CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table}
           BEGIN SELECT RAISE(ABORT, 'govflow {table} is append-only: {verb} refused'); END"""
        for verb in ("UPDATE", "DELETE")
    ]


_PG_FUNCTION = """CREATE FUNCTION govflow_closure_append_only() RETURNS trigger LANGUAGE plpgsql
    AS $$ BEGIN RAISE EXCEPTION 'govflow % is append-only: % refused', TG_TABLE_NAME, TG_OP;
    END $$"""


def _pg_triggers(table: str) -> list[str]:
    return [
        f"""CREATE TRIGGER {table}_no_update_delete BEFORE UPDATE OR DELETE ON {table}
           FOR EACH ROW EXECUTE FUNCTION govflow_closure_append_only()""",
        f"""CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
           FOR EACH STATEMENT EXECUTE FUNCTION govflow_closure_append_only()""",
    ]


def upgrade() -> None:
    op.add_column("closure", sa.Column("recorded_at", sa.DateTime(), nullable=True))
    op.create_table(
        "closure_removal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("closure_id", sa.Integer(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("note", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["closure_id"], ["closure.id"], name="fk_closure_removal_closure_id_closure"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_closure_removal"),
        sa.UniqueConstraint("closure_id", name="uq_closure_removal_closure_id"),
    )
    postgres = op.get_context().dialect.name == "postgresql"
    statements = [_PG_FUNCTION] if postgres else []
    for table in _TABLES:
        statements += _pg_triggers(table) if postgres else _sqlite_triggers(table)
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    postgres = op.get_context().dialect.name == "postgresql"
    for table in _TABLES:
        names = ("no_update_delete", "no_truncate") if postgres else ("no_update", "no_delete")
        for name in names:
            op.execute(
                f"DROP TRIGGER IF EXISTS {table}_{name}" + (f" ON {table}" if postgres else "")
            )
    if postgres:
        op.execute("DROP FUNCTION IF EXISTS govflow_closure_append_only()")
    op.drop_table("closure_removal")
    with op.batch_alter_table("closure") as batch:
        batch.drop_column("recorded_at")
