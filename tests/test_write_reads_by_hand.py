"""What an advance reads and decides by hand, for speed, is what the plain way gives: the
proposal's row decoded in line as the dialect's decoder decodes each column, the place at a
meeting's item as ``Place(...)`` makes it, a date's distance from today with today given as
when read from the clock, a time written to the microsecond as ``isoformat`` writes it, a
chain's head as ``Head(...)``, and stored JSON as ``json.dumps`` writes it (the row's changes:
``tests/test_judging_fast.py``).

CSC_938 and DP960 are invented (the fictional numbers the docs use)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from types import SimpleNamespace
from typing import Any

import pytest

from govflow.days import far_from_today, timestamp, to_microseconds
from govflow.model import Event, built
from govflow.records import places
from govflow.records.meetings import find_meeting
from govflow.records.recording import _renumbered
from govflow.service import Govflow
from govflow.store import tables
from govflow.store.hashing import event_hash
from govflow.store.tables import Head, _head, _stamps, naive, utcnow
from govflow.store.writes import (
    PROPOSAL_COLUMNS,
    ProposalRow,
    _compact,
    _decode,
    _proposal_row,
    _stamp_text,
    dialect_of,
)

_STORED: dict[str, Any] = {
    "id": 7, "scheme": "SEC", "number": 960, "alternative": "", "prefix": "DP",
    "title": "Invented", "proposer": None, "workflow": "sec-modification",
    "workflow_version": 1, "stage": "draft", "path": None, "flags": "[]", "milestones": "[]",
    "raised_on": "2021-01-04", "head_seq": 1, "head_hash": "ab" * 32,
    "head_occurred_on": "2021-01-05", "amended": 0, "outcomes": "{}", "version": 3,
}  # fmt: skip


@pytest.mark.parametrize(
    "changed",
    [
        {},
        {"flags": '["urgent","fast_track"]', "milestones": '["critical_friend_comments"]'},
        {"outcomes": '{"vote":"approve","solutions":["A"]}', "amended": 1},
        {"flags": None, "milestones": None, "outcomes": None, "amended": None},
        {"raised_on": dt.date(2021, 1, 4), "head_occurred_on": dt.date(2021, 2, 1)},
        {"flags": ["parsed"], "outcomes": {"vote": "reject"}, "amended": True},
        {"flags": "[ ]", "outcomes": "{ }", "path": "urgent"},
    ],
    ids=["empty-json", "lists", "outcomes", "nulls", "dates-parsed", "json-parsed", "spaced"],
)
def test_a_proposal_row_decoded_in_line_is_the_row_the_decoder_gives(
    changed: dict[str, Any],
) -> None:
    stored = {**_STORED, **changed}
    found = tuple(stored[c] for c in PROPOSAL_COLUMNS)
    by_hand = _proposal_row(None, found)  # type: ignore[arg-type]
    plain = ProposalRow(**{c: _decode(c, stored[c]) for c in PROPOSAL_COLUMNS})
    assert by_hand == plain
    assert {c: type(getattr(by_hand, c)) for c in PROPOSAL_COLUMNS} == {
        c: type(getattr(plain, c)) for c in PROPOSAL_COLUMNS
    }
    if isinstance(stored["flags"], str):  # each row read a list of its own
        assert by_hand.flags is not _proposal_row(None, found).flags  # type: ignore[arg-type]


def test_a_place_at_an_item_is_the_place_its_fields_make(gf: Govflow) -> None:
    gf.add_meeting("CSC_938", on="2021-01-05")
    gf.add_item("CSC_938", "5", title="Draft Proposals")
    with gf._store.write(rollback=True) as conn:
        dialect_of(conn)
        fast = places.place(conn, "CSC_938", "5.")
        slow = places.Place(fast.meeting, fast.item, fast.code, fast.committee)
        assert fast == slow
        assert (fast.code, fast.committee, fast.item.number) == ("CSC_938", "CSC", "5")
        assert fast.meeting.date == dt.date(2021, 1, 5)
        assert places.place(conn, "CSC_938", None).item is None


@pytest.mark.parametrize("days", [-50 * 365 - 1, -50 * 365, 0, 366, 367])
def test_far_from_today_with_today_given_is_as_with_today_read(days: int) -> None:
    today = dt.datetime.now(dt.UTC).date()
    day = today + dt.timedelta(days=days)
    assert far_from_today(day, today) == far_from_today(day)


@pytest.mark.parametrize(
    "value",
    [
        dt.datetime(2021, 1, 5, 9, 30, 0, 0),
        dt.datetime(2021, 1, 5, 9, 30, 0, 120),
        dt.datetime(2021, 1, 5, 0, 0, 0, 999999),
        dt.datetime(2021, 1, 5, 9, 30, 0, 0, tzinfo=dt.UTC),
        dt.datetime(2021, 1, 5, 9, 30, 0, 5, tzinfo=dt.timezone(dt.timedelta(hours=2))),
    ],
    ids=["no-microseconds", "microseconds", "midnight", "aware", "aware-offset"],
)
@pytest.mark.parametrize("sep", ["T", " "])
def test_a_time_to_the_microsecond_is_what_isoformat_writes(value: dt.datetime, sep: str) -> None:
    assert to_microseconds(value, sep) == value.isoformat(sep, timespec="microseconds")
    naive = value.astimezone(dt.UTC).replace(tzinfo=None) if value.tzinfo else value
    assert timestamp(value) == naive.isoformat(timespec="microseconds") + "Z"


def test_a_chain_s_head_made_by_hand_is_the_head_its_fields_make() -> None:
    made = _head(3, "ab" * 32, dt.date(2021, 1, 5))
    assert made == Head(3, "ab" * 32, dt.date(2021, 1, 5))
    assert (made.seq, made.hash, made.occurred_on) == (3, "ab" * 32, dt.date(2021, 1, 5))


@pytest.mark.parametrize(
    "value",
    [{}, [], {"direction": "approve", "votes": [1, 2.5, None, True]}, {"é": "ü\u2028\x00"},
     'a "quoted" text', 3, None, {"b": 1, "a": {"c": [float("inf")]}}, ["x", ("y", "z")]],
)  # fmt: skip
def test_stored_json_is_what_json_dumps_writes(value: Any) -> None:
    assert _compact(value) == json.dumps(value, separators=(",", ":"))


def test_stored_json_refuses_what_json_dumps_refuses_in_the_same_words() -> None:
    for value in ({"day": dt.date(2021, 1, 5)}, [object], {(1, 2): "tuple key"}):
        with pytest.raises(TypeError) as plain:
            json.dumps(value, separators=(",", ":"))
        with pytest.raises(TypeError) as by_hand:
            _compact(value)
        assert str(by_hand.value) == str(plain.value)


def test_a_draft_numbered_by_hand_is_the_draft_replace_numbers() -> None:
    drafted = places.draft(
        "transition", dt.date(2021, 1, 5), places.NOWHERE, "Someone", "a note",
        {"direction": "approve"}, trigger="submit", from_stage="draft", to_stage="development",
    )  # fmt: skip
    plain = Event(kind="milestone", occurred_on=dt.date(2021, 1, 5), payload={}, milestone="m")
    sparse = built(Event, {"kind": "link", "occurred_on": dt.date(2021, 1, 5), "payload": {}})
    for draft in (drafted, plain, sparse):
        numbered = _renumbered(draft, 7)
        assert numbered == dataclasses.replace(draft, seq=7)
        assert numbered.seq == 7 and draft.seq != 7  # the draft itself unchanged


@pytest.mark.parametrize(
    "value",
    [
        dt.datetime(2021, 1, 5, 9, 30, 0, 0),
        dt.datetime(2021, 1, 5, 9, 30, 0, 120),
        dt.datetime(2026, 12, 31, 23, 59, 59, 999999),
        dt.datetime(999, 1, 5, 9, 30, 0, 7),
        dt.datetime(2021, 1, 5, 9, 30, 0, 5, tzinfo=dt.timezone(dt.timedelta(hours=2))),
    ],
    ids=["no-microseconds", "microseconds", "year-end", "three-digit-year", "aware"],
)
@pytest.mark.parametrize("dialect", ["sqlite", "postgresql"])
def test_a_time_formatted_once_hashes_and_stores_as_formatted_twice(
    value: dt.datetime, dialect: str
) -> None:
    conn: Any = SimpleNamespace(dialect=SimpleNamespace(name=dialect))
    hashed, stored = _stamps(conn, value)
    record = {"seq": 1, "kind": "transition", "occurred_on": dt.date(2021, 1, 5)}
    assert event_hash({**record, "recorded_at": hashed}) == event_hash(
        {**record, "recorded_at": value}
    )
    encode = dialect_of(conn).to_db
    assert encode("recorded_at", stored) == encode("recorded_at", value)
    if dialect == "sqlite":
        assert _stamp_text(stored) == to_microseconds(value, " ")


@pytest.mark.parametrize(
    "value",
    [
        dt.datetime(2021, 1, 5, 9, 30, 0, 120, tzinfo=dt.UTC),
        dt.datetime(2021, 1, 5, 23, 59, 59, 999999, tzinfo=dt.timezone(dt.timedelta(hours=-5))),
        dt.datetime(1, 1, 1, tzinfo=dt.UTC),
        dt.datetime(9999, 12, 31, 23, 59, 59, 999999, fold=1, tzinfo=dt.UTC),
        dt.datetime(2021, 1, 5, 9, 30),
    ],
    ids=["utc", "offset", "first", "last-fold", "naive"],
)
def test_a_time_without_its_zone_is_what_replace_gives(value: dt.datetime) -> None:
    made = naive(value)
    plain = value.replace(tzinfo=None)
    assert (made, made.tzinfo, made.fold, type(made)) == (plain, None, plain.fold, type(plain))


def test_now_in_utc_is_naive_and_read_from_the_clock() -> None:
    before = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    now = utcnow()
    assert now.tzinfo is None and before <= now <= dt.datetime.now(dt.UTC).replace(tzinfo=None)


@pytest.mark.parametrize(
    ("meeting", "item"),
    [("CSC_938", "5."), ("csc 938", "5"), ("CSC/938", "5.1"), ("CSC_938", "10"), ("CSC_938", None)],
)
def test_a_place_read_in_one_statement_is_the_place_read_the_slow_way(
    gf: Govflow, meeting: str, item: str | None
) -> None:
    gf.add_meeting("CSC_938", on="2021-01-05")
    for number, title in (("5", "Draft Proposals"), ("5.1", "DP960 \u2028 é"), ("10", "AOB")):
        gf.add_item("CSC_938", number, title=title)
    with gf._store.write(rollback=True) as conn:
        fast = places._known_place(conn, meeting, item)
        row, committee = find_meeting(conn, meeting)
        slow = tables.item(conn, row, item, "CSC_938") if item is not None else None
    assert fast is not None and (fast.code, fast.committee) == ("CSC_938", committee)
    met = fast.meeting
    assert (met.id, met.date, met.number, met.committee_id) == (
        row.id, row.date, row.number, row.committee_id
    )  # fmt: skip
    assert type(met.number) is type(row.number)
    if slow is None:
        assert fast.item is None
    else:
        assert (fast.item.id, fast.item.number, fast.item.title) == (
            slow.id,
            slow.number,
            slow.title,
        )
