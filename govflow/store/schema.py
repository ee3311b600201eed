"""The tables govflow reads and writes, as SQLAlchemy Core.

GENERATED from ``models.py`` by ``python -m govflow.store.schema_gen``: do not edit
(``tests/test_schema_generated.py`` checks that it matches).
"""

# fmt: off
from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    UniqueConstraint,
    text,
)

from govflow.store.types import PortableJSON

metadata = MetaData(naming_convention={
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
})


api_token = Table(
    "api_token", metadata,
    Column("id", Integer(), primary_key=True, nullable=False),
    Column("name", String(64), nullable=False, unique=True),
    Column("role", String(), nullable=False),
    Column("secret_hash", String(64), nullable=False, unique=True),
    Column("hint", String(), nullable=False),
    Column("created_at", DateTime(), nullable=False),
    Column("revoked_at", DateTime(), nullable=True),
)

checkpoint = Table(
    "checkpoint", metadata,
    Column("id", Integer(), primary_key=True, nullable=False),
    Column("length", Integer(), nullable=False),
    Column("root", String(), nullable=False),
    Column("signed_at", DateTime(), nullable=False),
    Column("statement", String(), nullable=False),
)

closure = Table(
    "closure", metadata,
    Column("id", Integer(), primary_key=True, nullable=False),
    Column("start", Date(), nullable=False),
    Column("end", Date(), nullable=False),
    Column("note", String(), nullable=False, default=""),
    Column("recorded_at", DateTime(), nullable=True),
)

committee = Table(
    "committee", metadata,
    Column("id", Integer(), primary_key=True, nullable=False),
    Column("code", String(32), nullable=False, unique=True),
    Column("name", String(), nullable=False),
    Column("paper_lead_days", Integer(), nullable=True),
    Column("cadence", String(), nullable=True),
)

ledger = Table(
    "ledger", metadata,
    Column("position", Integer(), primary_key=True, autoincrement=False, nullable=False),
    Column("proposal", String(), nullable=False),
    Column("seq", Integer(), nullable=False),
    Column("event_hash", String(), nullable=False),
    Column("prev_hash", String(), nullable=False),
    Column("hash", String(), nullable=False),
)

proposal = Table(
    "proposal", metadata,
    Column("id", Integer(), primary_key=True, nullable=False),
    Column("scheme", String(16), nullable=False),
    Column("number", Integer(), nullable=False),
    Column("alternative", String(8), nullable=False, default=""),
    Column("prefix", String(16), nullable=False),
    Column("title", String(), nullable=False),
    Column("proposer", String(), nullable=True),
    Column("workflow", String(), nullable=False, index=True),
    Column("workflow_version", Integer(), nullable=False),
    Column("stage", String(), nullable=False, index=True),
    Column("path", String(), nullable=True),
    Column("flags", PortableJSON(), nullable=False),
    Column("milestones", PortableJSON(), nullable=False),
    Column("raised_on", Date(), nullable=False),
    Column("head_seq", Integer(), nullable=False, default=0),
    Column("head_hash", String(), nullable=False, default=""),
    Column("head_occurred_on", Date(), nullable=False),
    Column("amended", Boolean(), nullable=False, default=False),
    Column("outcomes", PortableJSON(), nullable=False, server_default="{}"),
    Column("version", Integer(), nullable=False, default=1),
    UniqueConstraint("scheme", "number", "alternative"),
)

release = Table(
    "release", metadata,
    Column("id", Integer(), primary_key=True, nullable=False),
    Column("name", String(), nullable=False, unique=True),
    Column("date", Date(), nullable=True),
    Column("scope_closes", Date(), nullable=True),
    Column("dcc_scope_closes", Date(), nullable=True),
)

setting = Table(
    "setting", metadata,
    Column("key", String(64), primary_key=True, nullable=False),
    Column("value", String(), nullable=False),
)

workflow_definition = Table(
    "workflow_definition", metadata,
    Column("id", Integer(), primary_key=True, nullable=False),
    Column("name", String(), nullable=False),
    Column("version", Integer(), nullable=False),
    Column("fingerprint", String(), nullable=False),
    Column("source", String(), nullable=False),
    UniqueConstraint("name", "version"),
)

closure_removal = Table(
    "closure_removal", metadata,
    Column("id", Integer(), primary_key=True, nullable=False),
    Column("closure_id", Integer(), ForeignKey("closure.id"), nullable=False, unique=True),
    Column("recorded_at", DateTime(), nullable=False),
    Column("note", String(), nullable=False, default=""),
)

deadline = Table(
    "deadline", metadata,
    Column("id", Integer(), primary_key=True, nullable=False),
    Column("proposal_id", Integer(), ForeignKey("proposal.id"), nullable=False, index=True),
    Column("kind", String(), nullable=False),
    Column("name", String(), nullable=False),
    Column("label", String(), nullable=False),
    Column("opened_on", Date(), nullable=False),
    Column("opened_seq", Integer(), nullable=False),
    Column("working_days", Integer(), nullable=False),
    Column("first_day_counts", Boolean(), nullable=False),
    Column("due_on", Date(), nullable=False),
    Column("calendar", PortableJSON(), nullable=False),
    Column("closed_by", PortableJSON(), nullable=False),
    Column("status", String(), nullable=False, default="open"),
    Column("closed_on", Date(), nullable=True),
    Column("closed_with", String(), nullable=True),
    Column("note", String(), nullable=False, default=""),
    Index("ix_deadline_status_due_on", "status", "due_on"),
)

meeting = Table(
    "meeting", metadata,
    Column("id", Integer(), primary_key=True, nullable=False),
    Column("committee_id", Integer(), ForeignKey("committee.id"), nullable=False, index=True),
    Column("number", Integer(), nullable=True),
    Column("date", Date(), nullable=False),
    Column("kind", String(), nullable=False, default="main"),
    Column("status", String(), nullable=False, default="held"),
    Column("start_time", String(), nullable=True),
    Column("end_time", String(), nullable=True),
    UniqueConstraint("committee_id", "number"),
)

proposal_alias = Table(
    "proposal_alias", metadata,
    Column("id", Integer(), primary_key=True, nullable=False),
    Column("proposal_id", Integer(), ForeignKey("proposal.id"), nullable=False, index=True),
    Column("spelling", String(), nullable=False),
    Column("source", String(), nullable=False, default=""),
    UniqueConstraint("proposal_id", "spelling"),
)

release_proposal = Table(
    "release_proposal", metadata,
    Column("id", Integer(), primary_key=True, nullable=False),
    Column("release_id", Integer(), ForeignKey("release.id"), nullable=False, index=True),
    Column("proposal_id", Integer(), ForeignKey("proposal.id"), nullable=False, index=True),
    Column("status", String(), nullable=False, default="targeted"),
    UniqueConstraint("release_id", "proposal_id"),
)

agenda_item = Table(
    "agenda_item", metadata,
    Column("id", Integer(), primary_key=True, nullable=False),
    Column("meeting_id", Integer(), ForeignKey("meeting.id"), nullable=False, index=True),
    Column("number", String(), nullable=False),
    Column("title", String(), nullable=False),
    Column("presenter", String(), nullable=True),
    Column("text", String(), nullable=False, default=""),
    UniqueConstraint("meeting_id", "number"),
)

meeting_reference = Table(
    "meeting_reference", metadata,
    Column("id", Integer(), primary_key=True, nullable=False),
    Column("meeting_id", Integer(), ForeignKey("meeting.id"), nullable=False, index=True),
    Column("kind", String(), nullable=False),
    Column("value", String(), nullable=False),
    Column("item_number", String(), nullable=True),
    UniqueConstraint("meeting_id", "kind", "value", "item_number"),
)

action = Table(
    "action", metadata,
    Column("id", Integer(), primary_key=True, nullable=False),
    Column("meeting_id", Integer(), ForeignKey("meeting.id"), nullable=False, index=True),
    Column("item_id", Integer(), ForeignKey("agenda_item.id"), nullable=True),
    Column("due_on", Date(), nullable=False, index=True),
    Column("text", String(), nullable=False),
    Column("party", String(), nullable=True),
    Column("status", String(), nullable=False, default="open"),
    Column("closed_on", Date(), nullable=True),
    Column("due_meeting_id", Integer(), ForeignKey("meeting.id"), nullable=True),
    UniqueConstraint("meeting_id", "text"),
)

event = Table(
    "event", metadata,
    Column("id", Integer(), primary_key=True, nullable=False),
    Column("proposal_id", Integer(), ForeignKey("proposal.id"), nullable=False),
    Column("seq", Integer(), nullable=False),
    Column("kind", String(), nullable=False),
    Column("trigger", String(), nullable=True),
    Column("milestone", String(), nullable=True),
    Column("from_stage", String(), nullable=True),
    Column("to_stage", String(), nullable=True),
    Column("occurred_on", Date(), nullable=False),
    Column("until", Date(), nullable=True),
    Column("recorded_at", DateTime(), nullable=False),
    Column("meeting_id", Integer(), ForeignKey("meeting.id"), nullable=True),
    Column("item_id", Integer(), ForeignKey("agenda_item.id"), nullable=True),
    Column("body", String(), nullable=True),
    Column("actor", String(), nullable=True),
    Column("note", String(), nullable=True),
    Column("payload", PortableJSON(), nullable=False),
    Column("corrects_seq", Integer(), nullable=True),
    Column("prev_hash", String(), nullable=False),
    Column("hash", String(), nullable=False),
    UniqueConstraint("proposal_id", "seq"),
    Index("ix_event_item_id", "item_id"),
    Index("ix_event_kind", "kind"),
    Index(
        "ix_event_milestone",
        "milestone",
        "proposal_id",
        "seq",
        sqlite_where=text("milestone IS NOT NULL"),
    ),
    Index("ix_event_occurred_on", "occurred_on"),
    Index(
        "ix_event_register_changes",
        "proposal_id",
        "seq",
        sqlite_where=text("kind IN ('route', 'release', 'proposer', 'relabel')"),
    ),
    Index(
        "ix_event_stage_changes",
        "proposal_id",
        "occurred_on",
        "seq",
        sqlite_where=text("to_stage IS NOT NULL"),
    ),
)
