"""Queries and writes over one connection, with SQLAlchemy Core on the tables of ``schema.py``.

The service opens the transaction; everything here runs inside it. Writes that matter for
integrity live here: the versioned proposal update (optimistic locking) and the chained event
insert.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import Connection, Row, String, func, insert, select, update

from govflow.errors import InvalidInput, NotFound, Remedy, StaleProposal, hint
from govflow.model import Event, built
from govflow.store import schema, writes
from govflow.store.hashing import GENESIS, event_hash, naive_stamp, proposal_key
from govflow.store.rows import CommitteeRecord, ItemRecord, MeetingRecord, ProposalRecord

# The Core tables (generated from the SQLModel classes of models.py; see store/schema_gen.py).
proposal_t = schema.proposal
alias_t = schema.proposal_alias
event_t = schema.event
committee_t = schema.committee
meeting_t = schema.meeting
item_t = schema.agenda_item
release_t = schema.release
release_proposal_t = schema.release_proposal
deadline_t = schema.deadline
closure_t = schema.closure
closure_removal_t = schema.closure_removal
action_t = schema.action
meeting_reference_t = schema.meeting_reference
log_t = schema.ledger
checkpoint_t = schema.checkpoint
token_t = schema.api_token
setting_t = schema.setting

_MEETING_CODE = re.compile(
    r"^\s*(?P<code>[A-Za-z][A-Za-z ]*?)\s*[ _/]\s*(?P<number>\d{1,4})(?:_(?P<ddmm>\d{4}))?\s*$"
)


def inserted_id(result: Any) -> int:
    """The primary key of the row an INSERT just wrote."""
    key = result.inserted_primary_key
    if key is None:  # pragma: no cover - every table here has an integer key
        raise RuntimeError("the INSERT returned no primary key")
    return int(key[0])


def utcnow() -> dt.datetime:
    """Now in UTC, naive (as stored), to the microsecond."""
    return naive(dt.datetime.now(dt.UTC))


def naive(value: dt.datetime) -> dt.datetime:
    """``value.replace(tzinfo=None)``: its date and its time without the zone, combined (a
    keyword ``replace`` parses every field's keyword: twice the cost, at every write)."""
    return _combine(value.date(), value.time())


_combine = dt.datetime.combine


def raw_rows(conn: Connection, sql: str, params: Sequence[Any] = ()) -> list[Any]:
    """The rows ``sql`` (plain SQL, ``?`` for each parameter) gives on the raw DBAPI cursor, in
    the transaction of ``conn``: for the short reads a page or an answer waits on, where
    building and compiling a statement costs more than running it. Dates come back as the
    driver gives them (:func:`day` reads one)."""
    d = writes.dialect_of(conn)
    cursor = writes.raw_cursor(conn)
    try:
        cursor.execute(sql if d.marker == "?" else sql.replace("?", d.marker), tuple(params))
        return list(cursor.fetchall())
    finally:
        cursor.close()


def day(value: str | dt.date | None) -> dt.date | None:
    """A date as a raw read gives it: text (SQLite) or a date (PostgreSQL's driver)."""
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def instant(value: str | dt.datetime | None) -> dt.datetime | None:
    """A timestamp as a raw read gives it: text (SQLite) or a datetime (PostgreSQL's driver)."""
    return dt.datetime.fromisoformat(value) if isinstance(value, str) else value


def as_utc(value: dt.datetime) -> dt.datetime:
    """A stored timestamp with its UTC zone attached (SQLite returns it naive)."""
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


# -- committees, meetings, items -----------------------------------------------------------------
#: The longest committee code the schema holds (``committee.code``).
_CODE_TYPE = committee_t.c.code.type
assert isinstance(_CODE_TYPE, String) and _CODE_TYPE.length is not None
COMMITTEE_CODE_LENGTH: int = _CODE_TYPE.length


def parse_meeting_code(text: str) -> tuple[str, int]:
    """``CSC_38``, ``CSC 38``, ``CSC/38`` (and ``OPSG_12_0303``) -> (committee code, number)."""
    match = _MEETING_CODE.match(text)
    if match is None:
        raise InvalidInput(
            f"{text!r} is not a meeting code; write the committee code and the meeting number, "
            "like CSC_38 (CSC 38 and CSC/38 are accepted too)"
        )
    return match.group("code").strip().upper(), int(match.group("number"))


def meeting_code(committee: str, number: int | None, day: dt.date | str) -> str:
    """``OPSG_49``; ``OPSG@2021-06-28`` for a meeting whose number is not on record (planned, or
    held and known by its committee and date)."""
    if number is not None:
        return f"{committee}_{number}"
    return f"{committee}@{day.isoformat() if isinstance(day, dt.date) else str(day)[:10]}"


def committee(conn: Connection, code: str) -> CommitteeRecord:
    row = conn.execute(select(committee_t).where(committee_t.c.code == code.upper())).first()
    if row is None:
        codes = conn.execute(select(committee_t.c.code).order_by(committee_t.c.code)).scalars()
        known = list(codes)
        raise NotFound(
            f"unknown committee {code!r}{hint(code.upper(), known)}; known: {', '.join(known)}.",
            remedy=Remedy("add_committee"),
        )
    return row


def committee_code(conn: Connection, committee_id: int) -> str:
    """The code of the committee ``committee_id``."""
    found = select(committee_t.c.code).where(committee_t.c.id == committee_id)
    return str(conn.execute(found).scalar_one())


def meeting(conn: Connection, code: str) -> MeetingRecord:
    committee_code, number = parse_meeting_code(code)
    found = committee(conn, committee_code)
    row = conn.execute(
        select(meeting_t).where(meeting_t.c.committee_id == found.id, meeting_t.c.number == number)
    ).first()
    if row is None:
        raise NotFound(
            f"no meeting {committee_code}_{number}",
            remedy=Remedy("add_meeting", f"{committee_code}_{number}"),
        )
    return row


def item(conn: Connection, meeting_row: MeetingRecord, number: str, code: str) -> ItemRecord:
    number = normalise_item_number(number)
    row = conn.execute(
        select(item_t).where(item_t.c.meeting_id == meeting_row.id, item_t.c.number == number)
    ).first()
    if row is None:
        numbers = conn.execute(
            select(item_t.c.number).where(item_t.c.meeting_id == meeting_row.id)
        ).scalars()
        known = list(numbers)
        raise NotFound(
            f"meeting {code} has no item {number}"
            + (f"; its items: {', '.join(known)}." if known else ""),
            remedy=Remedy("add_item", code, number),
        )
    return row


def normalise_item_number(number: str) -> str:
    cleaned = number.strip().rstrip(".")
    if not re.fullmatch(r"\d{1,3}(\.\d{1,3}){0,2}", cleaned):
        raise InvalidInput(f"{number!r} is not an agenda item number; write it like 3 or 3.2")
    return cleaned


# -- proposals -----------------------------------------------------------------------------------
def proposal(
    conn: Connection, schemes: Sequence[str], number: int, alternative: str
) -> ProposalRecord:
    """The proposal row, or NotFound (the caller adds suggestions)."""
    row = writes.read_proposal(conn, schemes, number, alternative)
    if row is None:
        raise NotFound(f"{number}{alternative}")
    return row


def proposal_by_id(conn: Connection, proposal_id: int) -> writes.ProposalRow:
    row = writes.read_proposal_by_id(conn, proposal_id)
    if row is None:
        raise NotFound(f"proposal id {proposal_id}")
    return row


def nearby_numbers(
    conn: Connection, schemes: Sequence[str], number: int
) -> list[Row[str, int, str, str, int]]:
    """Proposals whose number is close to ``number``, for "did you mean"."""
    return list(
        conn.execute(
            select(
                proposal_t.c.prefix,
                proposal_t.c.number,
                proposal_t.c.alternative,
                proposal_t.c.workflow,
                proposal_t.c.workflow_version,
            )
            .where(proposal_t.c.scheme.in_(schemes))
            .order_by(func.abs(proposal_t.c.number - number))
            .limit(3)
        )
    )


def add_alias(conn: Connection, proposal_id: int, spelling: str, source: str) -> None:
    exists = conn.execute(
        select(alias_t.c.id).where(
            alias_t.c.proposal_id == proposal_id, alias_t.c.spelling == spelling
        )
    ).first()
    if exists is None:
        conn.execute(
            insert(alias_t).values(proposal_id=proposal_id, spelling=spelling, source=source)
        )


def aliases(conn: Connection, proposal_id: int) -> list[str]:
    sql = "SELECT spelling FROM proposal_alias WHERE proposal_id = ? ORDER BY id"
    return [spelling for (spelling,) in raw_rows(conn, sql, (proposal_id,))]


# -- events --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Head:
    """Where a proposal's chain ends."""

    seq: int
    hash: str
    occurred_on: dt.date


def _head(seq: int, hash: str, occurred_on: dt.date) -> Head:
    """``Head(seq, hash, occurred_on)``, made without the frozen dataclass's ``__init__`` (two a
    write: see :func:`govflow.model.built`)."""
    return built(Head, {"seq": seq, "hash": hash, "occurred_on": occurred_on})


def _stamps(conn: Connection, recorded_at: dt.datetime) -> tuple[Any, Any]:
    """``recorded_at`` as the hash reads it and as the event row stores it: for a naive time
    with a four-digit year (what a write records), the hash's text, made once, and the stored
    value made from it (the time is not formatted twice); any other time as it is, both
    formatting it as before."""
    if type(recorded_at) is dt.datetime and recorded_at.tzinfo is None and recorded_at.year >= 1000:
        hashed = naive_stamp(recorded_at)
        return hashed, writes.stored_stamp(conn, recorded_at, hashed)
    return recorded_at, recorded_at


def _prepared(
    row: ProposalRecord, key: str, draft: Event, head: Head | None, recorded_at: tuple[Any, Any]
) -> tuple[dict[str, Any], Head]:
    """The row values of ``draft`` as the next event after ``head``, hash included: one dict
    that the hash reads its fields from (by name: the ids beside them are not hashed) and the
    insert its columns (the meeting and item by id) and the log entry its proposal ``key``.
    ``recorded_at`` is the time as hashed, then as stored (:func:`_stamps`)."""
    seq = head.seq + 1 if head else 1
    values: dict[str, Any] = {
        "proposal": key,
        "seq": seq,
        "kind": draft.kind,
        "trigger": draft.trigger,
        "milestone": draft.milestone,
        "from_stage": draft.from_stage,
        "to_stage": draft.to_stage,
        "occurred_on": draft.occurred_on,
        "until": draft.until,
        "recorded_at": recorded_at[0],
        "meeting": draft.meeting,
        "item": draft.item,
        "body": draft.body,
        "actor": draft.actor,
        "note": draft.note,
        "payload": draft.payload,
        "corrects_seq": draft.corrects_seq,
        "prev_hash": head.hash if head else GENESIS,
        "proposal_id": row.id,
        "meeting_id": draft.meeting_id,
        "item_id": draft.item_id,
    }
    values["hash"] = event_hash(values)
    values["recorded_at"] = recorded_at[1]
    # A correction may carry an earlier date; the head keeps the latest date seen.
    latest = max(draft.occurred_on, head.occurred_on) if head else draft.occurred_on
    return values, _head(seq, values["hash"], latest)


def commit_events(
    conn: Connection, row: ProposalRecord, drafts: Sequence[Event],
    recorded_at: dt.datetime | None = None, **changes: Any,
) -> Head:  # fmt: skip
    """Append ``drafts`` to ``row``'s chain and save the row's ``changes``, in that transaction
    (the events recorded at ``recorded_at``, UTC and naive as stored; None: now).

    The versioned UPDATE of the proposal comes first: it takes the row lock, and fails with
    StaleProposal when someone else moved the proposal since ``row`` was read, so a losing writer
    never reaches the event inserts.
    """
    head = _head(row.head_seq, row.head_hash, row.head_occurred_on) if row.head_seq else None
    stamps = _stamps(conn, recorded_at or utcnow())
    key = proposal_key(row.scheme, row.number, row.alternative)
    values = []
    for draft in drafts:
        prepared, head = _prepared(row, key, draft, head, stamps)
        values.append(prepared)
    assert head is not None
    save_proposal(conn, row, head, **changes)
    writes.insert_events(conn, values)
    return head


def save_proposal(conn: Connection, row: ProposalRecord, head: Head, **changes: Any) -> None:
    """Versioned update: fails with StaleProposal when someone else changed the row first."""
    if writes.update_proposal(conn, row, head, changes) != 1:
        stage = conn.execute(select(proposal_t.c.stage).where(proposal_t.c.id == row.id)).scalar()
        raise StaleProposal(display(row), str(stage))


def display(row: ProposalRecord, width: int = 0) -> str:
    return f"{row.prefix}{row.number:0{width}d}{row.alternative}"


def events_with_places() -> Any:
    """A select of events joined to their meeting code, committee and item (for views)."""
    return (
        select(
            event_t,
            committee_t.c.code.label("committee_code"),
            meeting_t.c.number.label("meeting_number"),
            item_t.c.number.label("item_number"),
            item_t.c.title.label("item_title"),
            meeting_t.c.date.label("meeting_date"),
        )
        .select_from(event_t)
        .outerjoin(meeting_t, meeting_t.c.id == event_t.c.meeting_id)
        .outerjoin(committee_t, committee_t.c.id == meeting_t.c.committee_id)
        .outerjoin(item_t, item_t.c.id == event_t.c.item_id)
    )


class ReleaseLinkRow(NamedTuple):
    """A proposal's link to a release (:class:`~govflow.store.rows.ReleaseLinkRecord`)."""

    name: str
    date: dt.date | None
    status: str


def release_links(conn: Connection, proposal_id: int) -> list[ReleaseLinkRow]:
    sql = ("SELECT r.name, r.date, rp.status FROM release r JOIN release_proposal rp "
           "ON rp.release_id = r.id WHERE rp.proposal_id = ? ORDER BY rp.id")  # fmt: skip
    return [ReleaseLinkRow(name, day(on), status)
            for name, on, status in raw_rows(conn, sql, (proposal_id,))]  # fmt: skip


# -- releases ------------------------------------------------------------------------------------
def release_id(conn: Connection, name: str, day: dt.date | None) -> int:
    found = conn.execute(
        select(release_t.c.id, release_t.c.date).where(release_t.c.name == name)
    ).first()
    if found is None:
        result = conn.execute(insert(release_t).values(name=name, date=day))
        return inserted_id(result)
    if day is not None and found.date != day:
        conn.execute(update(release_t).where(release_t.c.id == found.id).values(date=day))
    return int(found.id)


def link_release(conn: Connection, release_id: int, proposal_id: int, status: str) -> None:
    t = release_proposal_t
    where = (t.c.release_id == release_id) & (t.c.proposal_id == proposal_id)
    if conn.execute(select(t.c.id).where(where)).first() is None:
        conn.execute(
            insert(t).values(release_id=release_id, proposal_id=proposal_id, status=status)
        )
    else:
        conn.execute(update(t).where(where).values(status=status))
