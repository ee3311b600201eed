"""SQLModel tables only. The schema itself is created by the Alembic migrations in
``govflow/migrations``; a test checks that the two agree.

Events are append-only (database triggers refuse UPDATE and DELETE) and hash-chained per proposal.
A proposal row carries the head of its chain (``head_seq``, ``head_hash``, ``head_occurred_on``)
and the milestones recorded so far, so that advancing it reads one row, not its whole history.
The ``ledger`` chains every event of every proposal in recording order (:class:`LogEntry`).

The classes are defined at every start-up, so two costs are avoided (about a third of this
module's import): the annotations are real objects, not strings pydantic and SQLAlchemy would
evaluate one by one (hence no ``from __future__ import annotations``), and pydantic's validator
of each table is built only if something validates a row (:class:`_Table`).
"""

import datetime as dt
from typing import Any

from sqlalchemy import Column, DateTime, Index, UniqueConstraint, text
from sqlalchemy.orm import declared_attr
from sqlmodel import Field, SQLModel
from sqlmodel._compat import SQLModelConfig

from govflow.store.types import PortableJSON

SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class _Table(SQLModel):
    """The base of the tables. Table models skip validation (rows are built from checked
    values), and govflow reads and writes them with Core statements on ``__table__``: the
    pydantic schema, built at class definition by default, is deferred to first use."""

    model_config = SQLModelConfig(defer_build=True)


class Committee(_Table, table=True):
    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, max_length=32)
    name: str
    paper_lead_days: int | None = None  # working days before a meeting that papers go out
    cadence: str | None = None  # its usual meetings, "monthly 4th Wednesday" (the planner's)


class Meeting(_Table, table=True):
    __table_args__ = (UniqueConstraint("committee_id", "number"),)
    id: int | None = Field(default=None, primary_key=True)
    committee_id: int = Field(foreign_key="committee.id", index=True)
    number: int | None = None  # None: a planned meeting the minutes announced without a number
    date: dt.date
    kind: str = "main"  # main | reporting | ...
    status: str = "held"  # held | planned
    start_time: str | None = None
    end_time: str | None = None


class AgendaItem(_Table, table=True):
    __tablename__ = "agenda_item"
    __table_args__ = (UniqueConstraint("meeting_id", "number"),)
    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    number: str
    title: str
    presenter: str | None = None
    text: str = ""


class Proposal(_Table, table=True):
    __table_args__ = (UniqueConstraint("scheme", "number", "alternative"),)
    id: int | None = Field(default=None, primary_key=True)
    scheme: str = Field(max_length=16)  # the reference scheme's code, e.g. SEC
    number: int
    alternative: str = Field(default="", max_length=8)  # A (MP122A), or 12 (CMP315 WACM12)
    prefix: str = Field(max_length=16)  # the prefix it goes by now (DP until converted)
    title: str
    proposer: str | None = None
    workflow: str = Field(index=True)
    workflow_version: int
    stage: str = Field(index=True)
    path: str | None = None  # the route's name (see docs/workflows.md)
    flags: list[str] = Field(default_factory=list, sa_column=Column(PortableJSON, nullable=False))
    milestones: list[str] = Field(
        default_factory=list, sa_column=Column(PortableJSON, nullable=False)
    )
    raised_on: dt.date
    head_seq: int = 0
    head_hash: str = ""
    head_occurred_on: dt.date  # the latest date in its history (occurrence, not recording)
    amended: bool = False  # events recorded out of date order, or corrected: views replay them
    # Derived from its events: the latest vote's outcome, the decisions with their direction,
    # the alternative solutions raised ({"vote": ..., "decisions": [...], "solutions": [...]}).
    outcomes: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column(PortableJSON, nullable=False, server_default="{}")
    )
    version: int = 1

    @declared_attr  # type: ignore[arg-type]
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


class ProposalAlias(_Table, table=True):
    __tablename__ = "proposal_alias"
    __table_args__ = (UniqueConstraint("proposal_id", "spelling"),)
    id: int | None = Field(default=None, primary_key=True)
    proposal_id: int = Field(foreign_key="proposal.id", index=True)
    spelling: str  # exactly as a source wrote it
    source: str = ""  # where it was seen ("raised", "OPSG_12 item 2.1", ...)


class Event(_Table, table=True):
    __table_args__ = (
        UniqueConstraint("proposal_id", "seq"),
        Index("ix_event_occurred_on", "occurred_on"),
        Index("ix_event_item_id", "item_id"),
        Index("ix_event_kind", "kind"),  # the rare kinds (route, release, relabel) are looked up
        # The register as of a date reads only stage-changing events.
        Index(
            "ix_event_stage_changes", "proposal_id", "occurred_on", "seq",
            # The migration gives PostgreSQL the same condition; naming postgresql_where here
            # would import the PostgreSQL dialect at start-up for every SQLite user.
            sqlite_where=text("to_stage IS NOT NULL"),
        ),
        # The register reads the route, release, proposer and relabel events (few) of a page's
        # proposals, or of all, and the milestones that record a vote, by these (0019).
        Index(
            "ix_event_register_changes", "proposal_id", "seq",
            sqlite_where=text("kind IN ('route', 'release', 'proposer', 'relabel')"),
        ),
        Index(
            "ix_event_milestone", "milestone", "proposal_id", "seq",
            sqlite_where=text("milestone IS NOT NULL"),
        ),
    )  # fmt: skip
    id: int | None = Field(default=None, primary_key=True)
    proposal_id: int = Field(foreign_key="proposal.id")
    seq: int
    kind: str
    trigger: str | None = None
    milestone: str | None = None
    from_stage: str | None = None
    to_stage: str | None = None
    occurred_on: dt.date
    until: dt.date | None = None
    recorded_at: dt.datetime = Field(sa_column=Column(DateTime(), nullable=False))  # UTC
    meeting_id: int | None = Field(default=None, foreign_key="meeting.id")
    item_id: int | None = Field(default=None, foreign_key="agenda_item.id")
    body: str | None = None
    actor: str | None = None
    note: str | None = None
    payload: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column(PortableJSON, nullable=False)
    )
    corrects_seq: int | None = None
    prev_hash: str
    hash: str


class Release(_Table, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True)  # "November 2021"
    date: dt.date | None = None
    scope_closes: dt.date | None = None  # its full scope is fixed (release data)
    dcc_scope_closes: dt.date | None = None  # its DCC-impacting scope is fixed


class ReleaseProposal(_Table, table=True):
    __tablename__ = "release_proposal"
    __table_args__ = (UniqueConstraint("release_id", "proposal_id"),)
    id: int | None = Field(default=None, primary_key=True)
    release_id: int = Field(foreign_key="release.id", index=True)
    proposal_id: int = Field(foreign_key="proposal.id", index=True)
    status: str = "targeted"  # targeted | withdrawn | implemented


class Deadline(_Table, table=True):
    """A working-day window opened by a stage or milestone; derived data, not the audit record."""

    __table_args__ = (Index("ix_deadline_status_due_on", "status", "due_on"),)
    id: int | None = Field(default=None, primary_key=True)
    proposal_id: int = Field(foreign_key="proposal.id", index=True)
    kind: str  # stage | milestone
    name: str  # the stage or milestone that opened it
    label: str
    opened_on: dt.date
    opened_seq: int
    working_days: int
    first_day_counts: bool
    due_on: dt.date
    calendar: dict[str, Any] = Field(
        default_factory=dict, sa_column=Column(PortableJSON, nullable=False)
    )
    closed_by: list[str] = Field(
        default_factory=list, sa_column=Column(PortableJSON, nullable=False)
    )
    status: str = "open"  # open | closed
    closed_on: dt.date | None = None
    closed_with: str | None = None  # the milestone or trigger that closed it
    note: str = ""


class Closure(_Table, table=True):
    """Extra non-working days of this database's calendar (a Christmas shutdown, say).

    Append-only (triggers refuse UPDATE and DELETE): a closure is ended by a
    :class:`ClosureRemoval`, so what the calendar was at any time stays on record.
    """

    id: int | None = Field(default=None, primary_key=True)
    start: dt.date
    end: dt.date
    note: str = ""
    # UTC; None for a closure recorded before schema 0016 (when is not known)
    recorded_at: dt.datetime | None = Field(default=None, sa_column=Column(DateTime()))


class ClosureRemoval(_Table, table=True):
    """The recorded removal of a closure: its days count as working days again from then on.
    Append-only like closures."""

    __tablename__ = "closure_removal"
    id: int | None = Field(default=None, primary_key=True)
    closure_id: int = Field(foreign_key="closure.id", unique=True)
    recorded_at: dt.datetime = Field(sa_column=Column(DateTime(), nullable=False))  # UTC
    note: str = ""


class Action(_Table, table=True):
    """Something a meeting asked for "by <date>"."""

    __table_args__ = (UniqueConstraint("meeting_id", "text"),)
    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    item_id: int | None = Field(default=None, foreign_key="agenda_item.id")
    due_on: dt.date = Field(index=True)
    text: str
    party: str | None = None
    status: str = "open"  # open | closed
    closed_on: dt.date | None = None
    # An undated request ("... at OPSG_50") is due at that meeting: due_on is the meeting's date.
    due_meeting_id: int | None = Field(default=None, foreign_key="meeting.id")


class MeetingReference(_Table, table=True):
    """A reference the minutes make that is not a proposal: an incident, an IRP, a section."""

    __tablename__ = "meeting_reference"
    __table_args__ = (UniqueConstraint("meeting_id", "kind", "value", "item_number"),)
    id: int | None = Field(default=None, primary_key=True)
    meeting_id: int = Field(foreign_key="meeting.id", index=True)
    kind: str  # incident | irp | meeting | section
    value: str  # INC000000707890, IRP571, OPSG_50, H3.24
    item_number: str | None = None


class LogEntry(_Table, table=True):
    """One place in the database-wide log: every event, in recording order, hash-chained.

    Append-only like events (triggers refuse UPDATE and DELETE, and TRUNCATE on PostgreSQL).
    ``hash`` covers position, proposal, seq, event_hash and prev_hash
    (:func:`govflow.store.hashing.log_hash`).
    """

    __tablename__ = "ledger"
    position: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    proposal: str  # the proposal's key, e.g. "SEC:116"
    seq: int
    event_hash: str
    prev_hash: str
    hash: str


class Checkpoint(_Table, table=True):
    """A signed statement of the log's length and root hash, as ``govflow checkpoint`` wrote it."""

    id: int | None = Field(default=None, primary_key=True)
    length: int
    root: str
    signed_at: dt.datetime = Field(sa_column=Column(DateTime(), nullable=False))  # UTC
    statement: str  # the signed JSON, as written to the checkpoint file


class ApiToken(_Table, table=True):
    """A token for ``govflow serve``: only the SHA-256 of its secret is kept, never the secret.

    ``hint`` is the secret's first characters, enough to tell tokens apart in a list or a log.
    """

    __tablename__ = "api_token"
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(unique=True, max_length=64)
    role: str  # reader | secretariat | admin
    secret_hash: str = Field(unique=True, max_length=64)
    hint: str
    created_at: dt.datetime = Field(sa_column=Column(DateTime(), nullable=False))  # UTC
    revoked_at: dt.datetime | None = Field(default=None, sa_column=Column(DateTime()))  # UTC


class Setting(_Table, table=True):
    """A server setting, e.g. ``reading``: whether pages and reads are public or need a token."""

    key: str = Field(primary_key=True, max_length=64)
    value: str


class WorkflowDefinition(_Table, table=True):
    """A workflow definition a proposal was pinned to, as its file read then: the source text and
    its SHA-256, so the database can be opened, shown and verified without the file.

    Append-only like events (triggers refuse UPDATE and DELETE): a definition's rules never
    change under the proposals pinned to it; an edited file is a new ``version``.
    """

    __tablename__ = "workflow_definition"
    __table_args__ = (UniqueConstraint("name", "version"),)
    id: int | None = Field(default=None, primary_key=True)
    name: str
    version: int
    fingerprint: str  # sha256 of the source text (UTF-8), hex
    source: str
