"""Initial schema: committees, meetings, agenda items, proposals, aliases, events, releases.

Events are made append-only by triggers on both back ends.

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

JSON = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

_SQLITE_TRIGGERS = [
    """CREATE TRIGGER event_no_update BEFORE UPDATE ON event
       BEGIN SELECT RAISE(ABORT, 'govflow events are append-only: UPDATE refused'); END""",
    """CREATE TRIGGER event_no_delete BEFORE DELETE ON event
       BEGIN SELECT RAISE(ABORT, 'govflow events are append-only: DELETE refused'); END""",
]
_PG_TRIGGERS = [
    """CREATE FUNCTION govflow_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         RAISE EXCEPTION 'govflow events are append-only: % refused', TG_OP;
       END $$""",
    """CREATE TRIGGER event_no_update_delete BEFORE UPDATE OR DELETE ON event
       FOR EACH ROW EXECUTE FUNCTION govflow_event_append_only()""",
    """CREATE TRIGGER event_no_truncate BEFORE TRUNCATE ON event
       FOR EACH STATEMENT EXECUTE FUNCTION govflow_event_append_only()""",
]


def _id() -> sa.Column[int]:
    return sa.Column("id", sa.Integer(), nullable=False)


def upgrade() -> None:
    op.create_table(
        "committee",
        _id(),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("paper_lead_days", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_committee"),
        sa.UniqueConstraint("code", name="uq_committee_code"),
    )
    op.create_table(
        "proposal",
        _id(),
        sa.Column("scheme", sa.String(length=16), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("alternative", sa.String(length=1), nullable=False),
        sa.Column("prefix", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("proposer", sa.String(), nullable=True),
        sa.Column("workflow", sa.String(), nullable=False),
        sa.Column("workflow_version", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(), nullable=False),
        sa.Column("path", sa.Integer(), nullable=True),
        sa.Column("flags", JSON, nullable=False),
        sa.Column("milestones", JSON, nullable=False),
        sa.Column("raised_on", sa.Date(), nullable=False),
        sa.Column("head_seq", sa.Integer(), nullable=False),
        sa.Column("head_hash", sa.String(), nullable=False),
        sa.Column("head_occurred_on", sa.Date(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_proposal"),
        sa.UniqueConstraint("scheme", "number", "alternative", name="uq_proposal_scheme"),
    )
    op.create_index("ix_proposal_stage", "proposal", ["stage"])
    op.create_index("ix_proposal_workflow", "proposal", ["workflow"])
    op.create_table(
        "release",
        _id(),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("date", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_release"),
        sa.UniqueConstraint("name", name="uq_release_name"),
    )
    op.create_table(
        "meeting",
        _id(),
        sa.Column("committee_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("start_time", sa.String(), nullable=True),
        sa.Column("end_time", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["committee_id"], ["committee.id"], name="fk_meeting_committee_id_committee"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_meeting"),
        sa.UniqueConstraint("committee_id", "number", name="uq_meeting_committee_id"),
    )
    op.create_index("ix_meeting_committee_id", "meeting", ["committee_id"])
    op.create_table(
        "proposal_alias",
        _id(),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("spelling", sa.String(), nullable=False),
        sa.Column("source", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["proposal_id"], ["proposal.id"], name="fk_proposal_alias_proposal_id_proposal"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_proposal_alias"),
        sa.UniqueConstraint("proposal_id", "spelling", name="uq_proposal_alias_proposal_id"),
    )
    op.create_index("ix_proposal_alias_proposal_id", "proposal_alias", ["proposal_id"])
    op.create_table(
        "release_proposal",
        _id(),
        sa.Column("release_id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["proposal_id"], ["proposal.id"], name="fk_release_proposal_proposal_id_proposal"
        ),
        sa.ForeignKeyConstraint(
            ["release_id"], ["release.id"], name="fk_release_proposal_release_id_release"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_release_proposal"),
        sa.UniqueConstraint("release_id", "proposal_id", name="uq_release_proposal_release_id"),
    )
    op.create_index("ix_release_proposal_proposal_id", "release_proposal", ["proposal_id"])
    op.create_index("ix_release_proposal_release_id", "release_proposal", ["release_id"])
    op.create_table(
        "agenda_item",
        _id(),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("presenter", sa.String(), nullable=True),
        sa.Column("text", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meeting.id"], name="fk_agenda_item_meeting_id_meeting"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_agenda_item"),
        sa.UniqueConstraint("meeting_id", "number", name="uq_agenda_item_meeting_id"),
    )
    op.create_index("ix_agenda_item_meeting_id", "agenda_item", ["meeting_id"])
    op.create_table(
        "event",
        _id(),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("trigger", sa.String(), nullable=True),
        sa.Column("milestone", sa.String(), nullable=True),
        sa.Column("from_stage", sa.String(), nullable=True),
        sa.Column("to_stage", sa.String(), nullable=True),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("until", sa.Date(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("item_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.String(), nullable=True),
        sa.Column("actor", sa.String(), nullable=True),
        sa.Column("note", sa.String(), nullable=True),
        sa.Column("payload", JSON, nullable=False),
        sa.Column("corrects_seq", sa.Integer(), nullable=True),
        sa.Column("prev_hash", sa.String(), nullable=False),
        sa.Column("hash", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["item_id"], ["agenda_item.id"], name="fk_event_item_id_agenda_item"
        ),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"], name="fk_event_meeting_id_meeting"),
        sa.ForeignKeyConstraint(
            ["proposal_id"], ["proposal.id"], name="fk_event_proposal_id_proposal"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_event"),
        sa.UniqueConstraint("proposal_id", "seq", name="uq_event_proposal_id"),
    )
    op.create_index("ix_event_occurred_on", "event", ["occurred_on"])
    op.create_index("ix_event_item_id", "event", ["item_id"])
    statements = _PG_TRIGGERS if op.get_context().dialect.name == "postgresql" else _SQLITE_TRIGGERS
    for statement in statements:
        op.execute(statement)


def downgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS event_no_truncate ON event")
        op.execute("DROP TRIGGER IF EXISTS event_no_update_delete ON event")
        op.execute("DROP FUNCTION IF EXISTS govflow_event_append_only()")
    else:
        op.execute("DROP TRIGGER IF EXISTS event_no_update")
        op.execute("DROP TRIGGER IF EXISTS event_no_delete")
    for table in (
        "event",
        "agenda_item",
        "release_proposal",
        "proposal_alias",
        "meeting",
        "release",
        "proposal",
        "committee",
    ):
        op.drop_table(table)
