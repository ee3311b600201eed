"""The record's two value types, shared by every layer: :class:`Event` and :class:`Deadline`.

An event is one entry in a proposal's history. The same type is the draft a write is about to
append (no ``seq`` or hashes yet), the event as the store recorded it, the event as the record
now tells it (its corrections applied: ``corrected_by``, ``date_precision``), and what the Python
API returns (``govflow.views.EventView`` is this class). A deadline is a working-day window a
stage or milestone opened: as the rules compute it, as the store keeps it, as a replay rebuilds
it. Both are plain frozen dataclasses: this module imports nothing of govflow but ``dates``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from typing import Any, TypeVar

from govflow.dates import timestamp, when_text

_T = TypeVar("_T")


def built(cls: type[_T], values: dict[str, Any]) -> _T:
    """``cls(**values)`` made without the frozen dataclass's ``__init__``, which sets each field
    through ``object.__setattr__`` (several times slower): for values built by the hundred, on
    a read or a write. ``values``, a dict of the caller's own that the instance keeps as its
    ``__dict__``, names every field the class does not default; the class has no
    ``__post_init__`` or ``__slots__``. Tests hold each use to what the constructor makes."""
    made = object.__new__(cls)
    object.__setattr__(made, "__dict__", values)
    return made


#: Fields of an :class:`Event` that are the store's business (row ids), never shown or hashed;
#: of a view or a plan, words for people: neither in the JSON nor in the web's answer models.
INTERNAL: dict[str, Any] = {"internal": True}


def jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return timestamp(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


@dataclass(frozen=True, kw_only=True)
class Event:
    """One event of a proposal's history (see the module's docstring for its four uses).

    ``kind`` is one of :data:`KINDS`; which of the other fields a kind may carry is a rule of
    the rule core (:mod:`govflow.workflow.rules`).

    Read its fields as attributes (or through :func:`dataclasses.fields`), never from its
    ``__dict__``: an event read from the store holds there only the values that are not their
    field's default, and the class gives the rest (:func:`govflow.store.reads.history`).
    """

    seq: int = 0
    kind: str
    trigger: str | None = None
    milestone: str | None = None
    from_stage: str | None = None
    to_stage: str | None = None
    occurred_on: dt.date
    until: dt.date | None = None
    recorded_at: dt.datetime | None = None
    meeting: str | None = None  # the meeting's code, OPSG_49
    item: str | None = None  # the agenda item's number, 3.2
    item_title: str | None = None
    committee: str | None = None
    body: str | None = None
    actor: str | None = None
    note: str | None = None
    payload: dict[str, Any] = field(default_factory=dict)
    corrects_seq: int | None = None
    prev_hash: str = ""
    hash: str = ""
    # How the record now tells it (see docs/records.md): the date's precision (day, month,
    # on_or_before), whether the step is implied (on no record: it must have happened), and the
    # corrections applied to the values above (their seqs).
    date_precision: str = "day"
    implied: bool = False
    corrected_by: tuple[int, ...] = ()
    # The store's row ids of the meeting and item (a draft carries them to its insert).
    meeting_id: int | None = field(default=None, repr=False, compare=False, metadata=INTERNAL)
    item_id: int | None = field(default=None, repr=False, compare=False, metadata=INTERNAL)

    @property
    def order(self) -> tuple[dt.date, int]:
        """Where the event stands in occurrence order: its date, then its recording order."""
        return (self.occurred_on, self.seq)

    @property
    def override(self) -> str | None:
        """The reason an override gave, when the event sets a rule aside."""
        reason = self.payload.get("override")
        return str(reason) if reason else None

    def describe(self) -> str:
        """``event 7 ('send_to_report' on 2021-04-16)``, for messages."""
        what = self.trigger or self.milestone or self.kind
        return f"event {self.seq} ({what!r} {when_text(self.occurred_on, self.date_precision)})"

    def to_dict(self) -> dict[str, Any]:
        return {f.name: jsonable(getattr(self, f.name)) for f in fields(self) if not f.metadata}


def committee_of(meeting: str) -> str:
    """The committee of a meeting's code: ``CSC`` of ``CSC_38``, and of ``CSC@2021-05-25`` (a
    meeting whose number is not on record, known by its committee and date)."""
    return meeting.partition("@")[0] if "@" in meeting else meeting.rpartition("_")[0]


#: Every kind of event, in the order the docs list them.
KINDS = (
    "raised", "transition", "override", "implied", "reached", "milestone", "relabel", "link",
    "route", "proposer", "release", "correction", "alternative", "related", "migrated",
)  # fmt: skip


@dataclass(frozen=True, kw_only=True)
class Deadline:
    """A working-day window that a stage or milestone opened (see docs/workflows.md, windows).

    ``kind`` says what opened it (``stage`` or ``milestone``) and ``name`` which one; ``status``
    is ``open``, ``closed``, ``lapsed`` or ``moot`` (the proposal moved where nothing can close
    it: :func:`govflow.workflow.windows.made_moot`). ``calendar`` records the calendar in force
    when it opened, so a later change of closures does not move it. ``id`` is the store's, once
    kept.
    """

    kind: str
    name: str
    label: str
    opened_on: dt.date
    opened_seq: int
    working_days: int
    first_day_counts: bool
    due_on: dt.date
    calendar: dict[str, Any] = field(default_factory=dict)
    closed_by: tuple[str, ...] = ()
    status: str = "open"
    closed_on: dt.date | None = None
    closed_with: str | None = None
    note: str = ""
    id: int | None = None

    def row(self) -> dict[str, Any]:
        """The values of its stored row (without the proposal and the id)."""
        values = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "id"}
        values["closed_by"] = list(self.closed_by)
        return values
