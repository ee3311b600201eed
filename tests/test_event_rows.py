"""A stored event read back is the event: every field as ``Event(...)`` would hold it, whichever
of its values the row gives (``store/reads.py`` keeps in an event's ``__dict__`` only what is
not its field's default; the class gives the rest)."""

from __future__ import annotations

import copy
import datetime as dt
import json
import pickle
from dataclasses import asdict, fields, replace
from typing import Any

import pytest

from govflow.model import Event
from govflow.service import Govflow
from govflow.store import reads
from govflow.store.writes import dialect_of

_EVERY = tuple(f.name for f in fields(Event))


def _built(event: Event) -> Event:
    """The same values through the dataclass's own ``__init__``."""
    return Event(**{name: getattr(event, name) for name in _EVERY})


def _same(event: Event) -> None:
    built = _built(event)
    for name in _EVERY:
        ours, theirs = getattr(event, name), getattr(built, name)
        assert ours == theirs and type(ours) is type(theirs), name
    assert event == built and repr(event) == repr(built)
    assert event.to_dict() == built.to_dict() and asdict(event) == asdict(built)
    assert replace(event) == event and replace(event, note="x").note == "x"
    assert pickle.loads(pickle.dumps(event)) == event and copy.deepcopy(event) == event


def test_every_event_of_the_demo_reads_back_as_the_dataclass_builds_it(demo_gf: Govflow) -> None:
    seen: set[str] = set()
    for view in demo_gf.proposals():
        for event in demo_gf.history(view.reference, as_recorded=True):
            _same(event)
            seen |= {n for n in ("meeting", "item", "until", "body", "from_stage", "trigger")
                     if getattr(event, n) is not None}  # fmt: skip
            seen |= {"precision"} if event.date_precision != "day" else set()
        for event in demo_gf.history(view.reference):  # judged again: marks in the payload
            _same(event)
    assert seen >= {"meeting", "item", "until", "body", "from_stage", "trigger", "precision"}


_ROW = dict(
    seq=7, kind="transition", trigger="approve", milestone=None, from_stage="report",
    to_stage="approved", occurred_on="2021-05-26", until=None,
    recorded_at="2021-05-27 10:00:00.123456", body="Panel", actor="secretariat", note="agreed",
    payload='{"outcome": "approve", "date_precision": "month"}', corrects_seq=None,
    prev_hash="a" * 64, hash="b" * 64, committee_code="SECP", meeting_number=901,
    item_number="5.1", item_title="MP901 Final Modification Report", meeting_date="2021-05-26",
)  # fmt: skip


_NO_PLACE = dict.fromkeys(("committee_code", "meeting_number", "item_number", "item_title",
                            "meeting_date"))  # fmt: skip
_NO_MOVE = dict.fromkeys(("trigger", "from_stage", "to_stage"))
_BARE = {**_NO_MOVE, **_NO_PLACE, "kind": "milestone", "milestone": "report_issued",
         "payload": "{}", "body": None, "actor": None, "note": None}  # fmt: skip
_CORRECTION = {**_NO_MOVE, "kind": "correction", "corrects_seq": 3,
               "payload": '{"changes": {"note": "x"}}'}  # fmt: skip
_CASES = [
    pytest.param({}, id="move-at-an-item"),
    pytest.param(_BARE, id="bare-milestone"),
    pytest.param({"kind": "implied", "payload": '{"implied_by": "approve"}'}, id="implied"),
    pytest.param(_CORRECTION, id="correction"),
    pytest.param({"until": "2021-06-30", "recorded_at": "2021-05-27 10:00:00"}, id="until"),
    pytest.param({"recorded_at": "2021-05-27T10:00:00+01:00"}, id="offset"),
    pytest.param({"meeting_number": None}, id="meeting-known-by-its-date"),
    pytest.param({**_NO_PLACE, "item_number": "5.1"}, id="item-alone"),
    pytest.param({"payload": '{"date_precision": "fortnight"}'}, id="not-a-precision"),
    pytest.param({"payload": '{"date_precision": null}'}, id="null-precision"),
]


@pytest.mark.parametrize("changes", _CASES)
def test_a_row_reads_as_the_event_the_dataclass_builds(
    gf: Govflow, changes: dict[str, Any]
) -> None:
    values = {**_ROW, **changes}
    row = tuple(values[name] for name in reads._READ)
    with gf.engine.connect() as conn:
        (event,) = reads._events([row], dialect_of(conn))
    _same(event)
    for name in ("seq", "kind", "trigger", "milestone", "from_stage", "to_stage", "body", "actor",
                 "note", "corrects_seq", "prev_hash", "hash"):  # fmt: skip
        assert getattr(event, name) == values[name], name
    assert event.occurred_on == dt.date(2021, 5, 26)
    assert event.until == (values["until"] and dt.date.fromisoformat(values["until"]))
    assert event.payload == json.loads(values["payload"])
    assert event.recorded_at is not None and event.recorded_at.utcoffset() is not None
    assert event.implied is (values["kind"] == "implied")
    assert event.date_precision == ("month" if "month" in values["payload"] else "day")
    assert event.meeting == (
        None if values["committee_code"] is None
        else "SECP_901" if values["meeting_number"] else "SECP@2021-05-26"
    )  # fmt: skip
    assert (event.item, event.item_title) == (values["item_number"], values["item_title"])
    assert event.corrected_by == () and event.meeting_id is None
