"""The database-wide log (``ledger``) chaining every event in recording order, and the signed
checkpoints of it.

An existing database gets its log built from its events in recording order: ``recorded_at``,
then ``id`` (the order the rows were inserted, which within one transaction is the order of the
events' ``seq``). The log is append-only like the events: triggers refuse UPDATE and DELETE, and
TRUNCATE on PostgreSQL.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from govflow.store.hashing import GENESIS, log_hash

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_SQLITE_TRIGGERS = [
    """CREATE TRIGGER ledger_no_update BEFORE UPDATE ON ledger
       BEGIN SELECT RAISE(ABORT, 'govflow ledger is append-only: UPDATE refused'); END""",
    """CREATE TRIGGER ledger_no_delete BEFORE DELETE ON ledger
       BEGIN SELECT RAISE(ABORT, 'govflow ledger is append-only: DELETE refused'); END""",
]
_PG_TRIGGERS = [
    """CREATE FUNCTION govflow_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         RAISE EXCEPTION 'govflow ledger is append-only: % refused', TG_OP;
       END $$""",
    """CREATE TRIGGER ledger_no_update_delete BEFORE UPDATE OR DELETE ON ledger
       FOR EACH ROW EXECUTE FUNCTION govflow_ledger_append_only()""",
    """CREATE TRIGGER ledger_no_truncate BEFORE TRUNCATE ON ledger
       FOR EACH STATEMENT EXECUTE FUNCTION govflow_ledger_append_only()""",
]
_BATCH = 20_000


def upgrade() -> None:
    ledger = op.create_table(
        "ledger",
        sa.Column("position", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("proposal", sa.String(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("event_hash", sa.String(), nullable=False),
        sa.Column("prev_hash", sa.String(), nullable=False),
        sa.Column("hash", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("position", name="pk_ledger"),
    )
    op.create_table(
        "checkpoint",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("length", sa.Integer(), nullable=False),
        sa.Column("root", sa.String(), nullable=False),
        sa.Column("signed_at", sa.DateTime(), nullable=False),
        sa.Column("statement", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_checkpoint"),
    )
    _build_log(ledger)
    statements = _PG_TRIGGERS if op.get_context().dialect.name == "postgresql" else _SQLITE_TRIGGERS
    for statement in statements:
        op.execute(statement)


def _build_log(ledger: sa.Table) -> None:
    """The log of the events already recorded, in recording order (recorded_at, then id)."""
    rows = op.get_bind().execute(
        sa.text(
            "SELECT p.scheme, p.number, p.alternative, e.seq, e.hash FROM event e "
            "JOIN proposal p ON p.id = e.proposal_id ORDER BY e.recorded_at, e.id"
        )
    )
    previous, batch = GENESIS, []
    for position, (scheme, number, alternative, seq, event_hash) in enumerate(rows, start=1):
        key = f"{scheme}:{number}{alternative}"
        digest = log_hash(position, key, seq, event_hash, previous)
        batch.append({"position": position, "proposal": key, "seq": seq,
                      "event_hash": event_hash, "prev_hash": previous, "hash": digest})  # fmt: skip
        previous = digest
        if len(batch) >= _BATCH:
            op.bulk_insert(ledger, batch)
            batch = []
    if batch:
        op.bulk_insert(ledger, batch)


def downgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS ledger_no_truncate ON ledger")
        op.execute("DROP TRIGGER IF EXISTS ledger_no_update_delete ON ledger")
        op.execute("DROP FUNCTION IF EXISTS govflow_ledger_append_only()")
    else:
        op.execute("DROP TRIGGER IF EXISTS ledger_no_update")
        op.execute("DROP TRIGGER IF EXISTS ledger_no_delete")
    op.drop_table("checkpoint")
    op.drop_table("ledger")
