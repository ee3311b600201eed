"""A history with no correction, read whole, is put in occurrence order without the loop that
applies corrections (``workflow/facts.py``): the same facts, in the same order, as the loop
gives, whatever the events' order, days and seqs (hypothesis)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from govflow.model import Event
from govflow.workflow.facts import _applied, facts

START = dt.date(2021, 1, 4)


def _event(seq: int, day: int, kind: str) -> Event:
    return Event(seq=seq, kind=kind, occurred_on=START + dt.timedelta(day), note=f"{seq}/{day}")


_KINDS = st.sampled_from(["milestone", "transition", "link"])
events = st.lists(st.builds(_event, st.integers(0, 8), st.integers(0, 5), _KINDS), max_size=12)


@settings(max_examples=300, derandomize=True, database=None, deadline=None)
@given(events=events)
def test_a_history_without_corrections_is_ordered_as_the_loop_orders_it(
    events: list[Event],
) -> None:
    found = facts(events)
    expected = _applied(sorted(events, key=lambda e: e.seq), None)
    assert found == expected
    assert [id(f) for f in found] == [id(f) for f in expected]  # the very events, none copied


def test_two_events_of_one_seq_leave_the_last_recorded() -> None:
    first = Event(seq=0, kind="milestone", occurred_on=START, note="first")
    second = Event(seq=0, kind="milestone", occurred_on=START, note="second")
    assert facts([first, second]) == [second]
