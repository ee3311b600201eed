"""What a write computes by hand for speed is what the plain way gives: the chain's canonical
content and the log entry's hash are exactly their canonical JSON; an event drafted without the
dataclass's ``__init__`` is the event ``Event(...)`` makes; a proposal row without outcomes
reads as the rule state the long way gives."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govflow.model import Event
from govflow.records import places
from govflow.records.lookup import state_of
from govflow.store.hashing import (
    HASHED_FIELDS,
    canonical,
    day_text,
    event_hash,
    log_hash,
    naive_stamp,
)
from govflow.store.writes import EVENT_COLUMNS, _event_encoders, _event_row, dialect_of
from govflow.workflow.state import ProposalState


def _reference(record: dict[str, Any]) -> bytes:
    """The canonical content as the docstring of ``store/hashing.py`` defines it."""
    content = {}
    for field in HASHED_FIELDS:
        value = record.get(field)
        if isinstance(value, dt.datetime):
            value = value.astimezone(dt.UTC).replace(tzinfo=None) if value.tzinfo else value
            value = value.isoformat(timespec="microseconds") + "Z"
        elif isinstance(value, dt.date):
            value = value.isoformat()
        content[field] = value
    text = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return text.encode()


class _Text(str):
    pass


class _Number(int):
    pass


RECORDS = {
    "an advance": {
        "proposal": "SEC:916", "seq": 2, "kind": "transition", "trigger": "submit",
        "from_stage": "draft", "to_stage": "development", "occurred_on": dt.date(2021, 1, 5),
        "recorded_at": dt.datetime(2021, 1, 5, 9, 30, 0, 12), "meeting": "CSC_38", "item": "5",
        "body": "CSC", "payload": {"entered": {"body": None, "to": False}},
        "prev_hash": "0" * 64, "hash": "not hashed", "proposal_id": 7,
    },
    "text to escape": {
        "note": 'quote " backslash \\ tab \t newline \n nul \x00 é \u2028 \U0001f600',
        "actor": "Ofgem", "payload": {"z": [1, 2.5, None, True], "a": {"é": "ü", "b": []}},
        "occurred_on": "2021-01-05", "recorded_at": "2021-01-05T09:30:00.000000Z",
    },
    "other types, from a file": {
        "seq": True, "kind": 1.5, "corrects_seq": 10**30, "payload": [], "item": ["3", 2],
        "body": {"k": "v"}, "until": dt.datetime(2021, 1, 5, 9, tzinfo=dt.UTC),
        "trigger": _Text("submit"), "milestone": _Number(3), "note": float("nan"),
    },
    "nothing": {},
}  # fmt: skip


@pytest.mark.parametrize("record", RECORDS.values(), ids=RECORDS.keys())
def test_the_canonical_content_is_the_canonical_json_of_the_hashed_fields(
    record: dict[str, Any],
) -> None:
    assert canonical(record) == _reference(record)


def test_a_hash_changes_with_any_hashed_field() -> None:
    record = RECORDS["an advance"]
    assert event_hash(record) != event_hash({**record, "payload": {"entered": {"to": True}}})
    assert event_hash(record) == event_hash({**record, "proposal_id": 8, "hash": "x"})


_PLACE = places.Place(
    meeting=SimpleNamespace(id=3, date=dt.date(2021, 1, 5)),
    item=SimpleNamespace(id=4, number="5", title="Draft Proposals"),
    code="CSC_38",
    committee="CSC",
)


@pytest.mark.parametrize("precision", ["day", "month"])
def test_a_draft_is_the_event_its_fields_make(precision: str) -> None:
    day = dt.date(2021, 1, 5)
    drafted = places.draft("transition", day, _PLACE, "Jo", "a note", {"outcome": "approve"},
                           precision, trigger="submit", from_stage="draft", body="CSC")  # fmt: skip
    payload = {"outcome": "approve"} | ({"date_precision": precision} if precision != "day" else {})
    expected = Event(
        kind="transition", occurred_on=day, meeting="CSC_38", committee="CSC", item="5",
        item_title="Draft Proposals", actor="Jo", note="a note", payload=payload,
        date_precision=precision, meeting_id=3, item_id=4, trigger="submit", from_stage="draft",
        body="CSC",
    )  # fmt: skip
    assert drafted == expected
    assert vars(drafted) == vars(expected)  # the ids too, which equality leaves out


def test_an_event_made_from_its_fields_refuses_a_name_that_is_no_field() -> None:
    with pytest.raises(TypeError, match="colour"):
        places.draft("link", dt.date(2021, 1, 5), places.NOWHERE, None, None, colour="red")


def _drafted_by_init(kind: str, day: dt.date, where: places.Place, actor: str | None,
                     note: str | None, payload: dict[str, Any] | None, precision: str,
                     **fields: Any) -> Event:  # fmt: skip
    """The draft the dataclass's ``__init__`` makes (places.draft before round nine)."""
    content = dict(payload or {}) | ({"date_precision": precision} if precision != "day" else {})
    item, meeting = where.item, where.meeting
    values = {
        "kind": kind, "occurred_on": day, "meeting": where.code, "committee": where.committee,
        "item": item.number if item else None, "item_title": item.title if item else None,
        "actor": actor, "note": note, "payload": content, "date_precision": precision,
        "implied": kind == "implied", "meeting_id": meeting.id if meeting else None,
        "item_id": item.id if item else None, **fields,
    }  # fmt: skip
    return Event(**values)


_AT_MEETING = places.Place(meeting=_PLACE.meeting, code="CSC_38", committee="CSC")
_FIELDS: list[dict[str, Any]] = [
    {},
    {"trigger": "submit", "from_stage": "draft", "to_stage": "development", "body": "CSC"},
    {"implied": False, "meeting_id": 9, "item_title": "Given", "seq": 2},  # the drafted ones
    {"colour": "red"},
    {"trigger": "submit", "paint": 1},  # no fields: refused
]


@pytest.mark.parametrize("fields", _FIELDS)
@pytest.mark.parametrize("where", [places.NOWHERE, _AT_MEETING, _PLACE], ids=["no", "mtg", "item"])
@pytest.mark.parametrize("kind", ["transition", "implied"])
@pytest.mark.parametrize("precision", ["day", "on_or_before"])
@pytest.mark.parametrize("payload", [None, {}, {"outcome": "approve"}])
def test_a_draft_is_the_event_init_makes_fields_order_and_refusals_included(
    fields: dict[str, Any],
    where: places.Place,
    kind: str,
    precision: str,
    payload: dict[str, Any] | None,
) -> None:
    day = dt.date(2021, 1, 5)
    args = (kind, day, where, "Jo", None, payload, precision)
    try:
        expected = _drafted_by_init(*args, **fields)
    except TypeError:
        with pytest.raises(TypeError, match="not an event's fields"):
            places.draft(*args, **fields)
        return
    drafted = places.draft(*args, **fields)
    assert list(vars(drafted).items()) == list(vars(expected).items())  # the order too
    assert payload is None or drafted.payload is not payload


def test_each_draft_has_a_payload_of_its_own() -> None:
    first = places.draft("link", dt.date(2021, 1, 5), places.NOWHERE, None, None)
    second = places.draft("link", dt.date(2021, 1, 5), places.NOWHERE, None, None)
    assert first.payload == second.payload == {}
    assert first.payload is not second.payload


@pytest.mark.parametrize("key", ["SEC:122A", 'UNC:"é"\\1', "CUSC:0678AV"])
def test_a_log_entry_hash_is_the_canonical_json_of_its_entry(key: str) -> None:
    entry = {"position": 7, "proposal": key, "seq": 3, "event_hash": "ab" * 32,
             "prev_hash": "cd" * 32}  # fmt: skip
    text = json.dumps(entry, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert log_hash(**entry) == hashlib.sha256(text.encode()).hexdigest()


def test_a_row_without_outcomes_reads_as_one_whose_outcomes_are_all_empty() -> None:
    row = SimpleNamespace(
        workflow_version=1, stage="development", path=None, flags=["urgent"], milestones=[],
        prefix="MP", title="Retry limits", proposer="Jo", raised_on=dt.date(2021, 1, 4),
        head_occurred_on=dt.date(2021, 1, 5), outcomes={},
    )  # fmt: skip
    spelled_out = SimpleNamespace(**{**vars(row), "outcomes": {"vote": None, "decisions": []}})
    assert state_of(row) == state_of(spelled_out)  # type: ignore[arg-type]
    assert state_of(row).flags == frozenset({"urgent"})
    by_init = ProposalState(
        version=1, stage="development", path=None, flags=frozenset({"urgent"}), milestones=(),
        prefix="MP", title="Retry limits", proposer="Jo", raised_on=dt.date(2021, 1, 4),
        latest_on=dt.date(2021, 1, 5),
    )  # fmt: skip
    assert state_of(row) == by_init  # type: ignore[arg-type]  # each value in its own field


_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(), st.text(max_size=12), st.floats(allow_nan=False),
    st.builds(_Text, st.text(max_size=5)), st.builds(_Number, st.integers()),
    st.dates(), st.datetimes(), st.datetimes(timezones=st.sampled_from([dt.UTC, None])),
    st.dictionaries(st.text(max_size=4), st.one_of(st.none(), st.text(max_size=4)), max_size=3),
)  # fmt: skip
_DATED = ("occurred_on", "until", "recorded_at")


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.dictionaries(st.sampled_from([*HASHED_FIELDS, "hash", "proposal_id"]), _VALUES))
def test_any_record_hashes_as_its_canonical_json(record: dict[str, Any]) -> None:
    """The writers chosen by a value's type (dates and times by table, text, numbers, None,
    booleans by C functions) agree with the plain encoder, on any value; a date or time outside
    the dated fields is refused, as the encoder refuses it."""
    stray = [k for k, v in record.items() if isinstance(v, dt.date) and k not in _DATED]
    hashed = [k for k in stray if k in HASHED_FIELDS]
    if hashed:
        with pytest.raises(TypeError):
            canonical(record)
        return
    assert canonical(record) == _reference(record)


def _by_template(record: dict[str, Any]) -> bytes:
    """The canonical content as round nine wrote it (one ``%`` template, each field's value
    written by its type's writer): kept here so the joined parts are held to the same bytes."""
    from govflow.store import hashing

    keyed = [key for _, key in hashing._KEYED]
    template = "{" + ",".join(f"{key.replace('%', '%%')}%s" for key in keyed) + "}"
    values = [*map(record.get, hashing._SORTED)]
    for i in hashing._TIMED_AT:
        values[i] = hashing._plain(values[i])
    writer = hashing._WRITERS.get
    return (template % tuple([(writer(type(v)) or hashing._json)(v) for v in values])).encode()


_EVERY_FIELD = st.fixed_dictionaries(
    {field: _VALUES for field in HASHED_FIELDS},
    optional={"hash": st.text(max_size=3), "proposal_id": st.integers()},
)


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.one_of(_EVERY_FIELD, st.dictionaries(st.sampled_from(HASHED_FIELDS), _VALUES)))
def test_the_joined_canonical_content_is_the_templates(record: dict[str, Any]) -> None:
    """Round ten joins the keys and values (one C call reads a full record's fields): the same
    bytes as the template, on records holding every hashed field or only some, None, text to
    escape, other scripts, dates and times among the values; a refusal is the same."""
    try:
        expected = _by_template(record)
    except TypeError:
        with pytest.raises(TypeError):
            canonical(record)
        return
    assert canonical(record) == expected
    assert event_hash(record) == hashlib.sha256(expected).hexdigest()


@pytest.mark.parametrize("record", RECORDS.values(), ids=RECORDS.keys())
def test_a_fixed_record_hashes_as_the_template_did(record: dict[str, Any]) -> None:
    full = {field: record.get(field) for field in HASHED_FIELDS} | record
    assert canonical(record) == _by_template(record)
    assert canonical(full) == _by_template(full) == canonical(record)


class _Day(dt.date):
    pass


@given(st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)))
@settings(max_examples=300, deadline=None)
def test_a_date_written_from_the_table_is_what_isoformat_writes(day: dt.date) -> None:
    assert day_text(day) == day.isoformat()
    as_datetime = dt.datetime(day.year, day.month, day.day, 9, 30)  # a date's subclass
    assert day_text(as_datetime) == as_datetime.isoformat()
    assert day_text(_Day(day.year, day.month, day.day)) == day.isoformat()


class _Marked(dt.date):
    """A date that writes itself otherwise: equal to a plain date, never to be given its text."""

    def isoformat(self) -> str:
        return f"marked {super().isoformat()}"


@given(st.lists(st.sampled_from(range(6)), min_size=1, max_size=30))
@settings(max_examples=200, deadline=None)
def test_the_last_date_kept_is_written_again_as_isoformat_writes(order: list[int]) -> None:
    """The date kept with its text (the last one written) gives that text to itself only:
    dates written again and in turn, equal ones that are other objects, a date's subclasses,
    a year before 1000, each what ``isoformat`` writes."""
    days: list[dt.date] = [
        dt.date(2021, 1, 5), dt.date(2021, 1, 5), dt.date(2021, 1, 6), dt.date(999, 12, 31),
        _Marked(2021, 1, 5), dt.datetime(2021, 1, 5, 9, 30),
    ]  # fmt: skip
    for i in order:
        assert day_text(days[i]) == days[i].isoformat()
        assert day_text(days[i]) == days[i].isoformat()  # written again at once


@pytest.mark.parametrize("dialect", ["sqlite", "postgresql"])
def test_a_stored_date_is_what_isoformat_writes(dialect: str) -> None:
    conn: Any = SimpleNamespace(dialect=SimpleNamespace(name=dialect))
    to_db = dialect_of(conn).to_db
    for day in (dt.date(2021, 1, 5), dt.date(999, 12, 31), dt.date(9999, 1, 1)):
        expected = day.isoformat() if dialect == "sqlite" else day
        assert to_db("head_occurred_on", day) == expected
        row = _event_row({"occurred_on": day, "until": day}, _event_encoders(dialect_of(conn)))
        assert row[EVENT_COLUMNS.index("occurred_on")] == expected
        assert row[EVENT_COLUMNS.index("until")] == expected


@given(st.datetimes(min_value=dt.datetime(1000, 1, 1)))
@settings(max_examples=300, deadline=None)
def test_a_recorded_time_written_by_hand_is_what_isoformat_writes(value: dt.datetime) -> None:
    """The microseconds padded by a seventh digit cut off, as ``isoformat`` pads them."""
    for moment in (value, value.replace(microsecond=0), value.replace(microsecond=999_999)):
        assert naive_stamp(moment) == moment.isoformat(timespec="microseconds") + "Z"


def test_a_column_the_update_may_not_write_is_refused_by_name() -> None:
    from govflow.store.writes import update_proposal

    with pytest.raises(ValueError, match=r"not updatable here: \['id', 'version'\]"):
        update_proposal(None, None, None, {"stage": "x", "version": 3, "id": 1})  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "fields",
    [
        ("MP951", "refinement", (2,), dt.date(2021, 1, 5), "transition", (), (), "day", "R", "", 3),
        ("MP951A", "x", (3, 4), dt.date(1, 1, 1), "raised", (3,), ("w", "é"), "month", "", "w", 0),
    ],
    ids=["an advance", "other values"],
)
def test_an_advance_s_change_is_the_one_change_makes(fields: tuple[Any, ...]) -> None:
    from govflow.records.proposals import _change
    from govflow.views import Change

    made, by_init = _change(*fields), Change(*fields)
    assert made == by_init
    assert vars(made) == vars(by_init)  # every field, "what" and "version" too (not in ==)
    assert list(vars(made)) == list(vars(by_init))
    assert made.to_dict() == by_init.to_dict()
    assert repr(made) == repr(by_init)


def test_a_service_advance_gives_a_whole_change(gf: Any) -> None:
    gf.add_meeting("CSC_938", on="2021-06-18")
    gf.add_item("CSC_938", "5", title="Draft Proposals")
    gf.raise_proposal("DP951", title="Invented", on="2021-06-01")
    change = gf.advance("DP951", "submit", on="2021-06-18", meeting="CSC_938", item="5")
    assert change.stage == "development"
    assert vars(change) == vars(type(change)(**vars(change)))


def test_a_mapping_of_its_own_is_read_by_get() -> None:
    """A dict's subclass that makes a missing value (``defaultdict``) hashes and stores as the
    plain dict of what it holds: a missing field is None, as ``.get`` gives it."""
    from collections import defaultdict

    from govflow.store import writes

    record = {k: v for k, v in RECORDS["an advance"].items() if k != "note"}
    made = defaultdict(lambda: "made up", record)
    assert canonical(made) == canonical(record) == _by_template(record)
    encoders = _event_encoders(writes._DIALECTS["sqlite"])
    row = {**record, "recorded_at": "2021-01-05 09:30:00.000012"}
    assert _event_row(defaultdict(lambda: "made up", row), encoders) == _event_row(row, encoders)
