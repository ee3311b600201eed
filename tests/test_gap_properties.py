"""Histories with gaps state nothing that was not entered (hypothesis; issue 24).

A fictional SEC proposal (MP9xx) is given random entries as a secretariat adopting a published
record would make them: moves by target stage over gaps (``advance --to``), moves by trigger,
milestones, sometimes a path; each dated to the day or only "by" a day; no meeting, no body, no
direction. Refused entries are left out. Then:

- **nothing unsaid is stated**: every date ``history`` shows is a date entered, as entered;
  no step is stored as implied and the stored triggers are the ones entered (or the one move a
  target stage has in the graph, or a conversion's relabel); the routes a gap may hide are not
  stored (derived when read); with no path entered, no decision over a gap names who took it;
  the register as of every day entered (and the day before) gives a stage only a date entered;
- **the paths agree**: ``verify`` passes; the audit export imports into a new database whose
  history, register and decisions are the same; the same entries with one of them entered late
  (dated before the others) make the same history.

Shown to fail: before a gap's start was derived from the history (a stored ``from_stage`` was
judged as a fact), it failed on a late entry that the live path refused and the others did not
(the divergence it found). No planted divergence was run. Each divergence a longer run found
since is an explicit example of the late-entry property (each failed before its fix).
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from govflow.dates import parse_when
from govflow.errors import GovflowError
from govflow.service import Govflow
from tests.conftest import NewGovflow

START = dt.date(2019, 6, 3)
_numbers = itertools.count(900)
STAGES = ("refinement", "report", "change_board", "authority_decision", "approved", "rejected",
          "implemented", "withdrawn")  # fmt: skip
TRIGGERS = ("start_refinement", "send_to_report", "send_to_change_board", "approve", "reject",
            "recommend", "implement")  # fmt: skip
MILESTONES = ("refinement_consultation_opened", "refinement_consultation_closed", "mrc_opened",
              "mrc_closed", "working_group_meeting")  # fmt: skip
Entry = tuple[str, str]

entries = st.one_of(
    st.tuples(st.just("to"), st.sampled_from(STAGES)),
    st.tuples(st.just("to"), st.sampled_from(STAGES)),
    st.tuples(st.just("advance"), st.sampled_from(TRIGGERS)),
    st.tuples(st.just("record"), st.sampled_from(MILESTONES)),
    st.tuples(st.just("route"), st.sampled_from(["2", "3"])),
)
histories = st.lists(st.tuples(entries, st.integers(1, 40), st.booleans()), min_size=1, max_size=8)


def _written(day: dt.date, bounded: bool) -> str:
    return f"by {day.isoformat()}" if bounded else day.isoformat()


def _call(gf: Govflow, ref: str, entry: Entry, on: str) -> Callable[[], Any]:
    what, name = entry
    calls: dict[str, Callable[[], Any]] = {
        "to": lambda: gf.advance(ref, to=name, on=on),
        "advance": lambda: gf.advance(ref, name, on=on),
        "record": lambda: gf.record(ref, name, on=on),
        "route": lambda: gf.set_route(ref, path=name, on=on),
    }
    return calls[what]


def _enter(gf: Govflow, ref: str, plan: list[tuple[Entry, str]]) -> list[tuple[Entry, str]]:
    gf.raise_proposal(ref, title="A fictional proposal", on=START, stage="initial_consideration")
    accepted = []
    for entry, on in plan:
        try:
            _call(gf, ref, entry, on)()
        except GovflowError:
            continue
        accepted.append((entry, on))
    return accepted


def _facts(gf: Govflow, ref: str) -> list[tuple[Any, ...]]:
    """What the history tells, without the recording times and hashes."""
    return [
        (e.kind, e.trigger, e.milestone, e.from_stage, e.to_stage, e.occurred_on,
         e.date_precision, e.body, tuple(map(tuple, e.payload.get("routes", ()))))
        for e in gf.history(ref)
    ]  # fmt: skip


def _stated(gf: Govflow, ref: str, days: list[dt.date]) -> list[tuple[Any, ...]]:
    """What the views state: the decisions, and the register as of each day."""
    rows = []
    for day in days:
        row = next((r for r in gf.register(as_of=day) if r.reference == ref), None)
        if row is not None:
            rows.append((day, row.stage, row.stage_since, row.stage_since_precision,
                         row.last_decision, row.outcome, row.body_on_record))  # fmt: skip
    decisions = [(d.trigger, d.body, d.outcome, d.on) for d in gf.proposal(ref).decisions]
    return [*rows, *decisions]


def _check_nothing_unsaid(
    gf: Govflow, ref: str, accepted: list[tuple[Entry, str]], days: list[dt.date]
) -> None:
    entered = {parse_when(on) for _, on in accepted} | {(START, "day")}
    history = gf.history(ref)
    for e in history:
        assert (e.occurred_on, e.date_precision) in entered, (e, "a date not entered")
    recorded = gf.history(ref, as_recorded=True)
    assert not any(e.implied or e.kind == "implied" for e in recorded)
    assert not any("routes" in e.payload or "unchecked" in e.payload for e in recorded)
    named = {name for (what, name), _ in accepted if what == "advance"}
    for e in recorded:
        if e.kind in ("transition", "override") and e.trigger not in named:
            event("a target stage's one move")
            assert not any(r.payload.get("routes") for r in history if r.seq == e.seq)
    path_entered = any(what == "route" for (what, _), _ in accepted)
    for d in gf.proposal(ref).decisions:
        if d.trigger is None and not path_entered:
            assert d.body is None, (d, "a deciding body not on record was stated")
    for day in days:
        for row in gf.register(as_of=day):
            if row.stage_since is not None:
                said = (row.stage_since, row.stage_since_precision)
                assert said in entered, (row, "a register date not entered")


_SETTINGS = settings(
    max_examples=5,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _plan(
    history: list[tuple[Entry, int, bool]],
) -> tuple[str, list[tuple[Entry, str]], list[dt.date]]:
    day, plan = START, []
    for entry, step, bounded in history:
        day += dt.timedelta(days=step)
        plan.append((entry, _written(day, bounded)))
    ref = f"MP{next(_numbers) % 100 + 900}"
    days = sorted({START, *(parse_when(on)[0] for _, on in plan)})
    days += [d - dt.timedelta(days=1) for d in days]
    return ref, plan, days


def _live_then_imported(
    new_gf: NewGovflow, history: list[tuple[Entry, int, bool]]
) -> tuple[str, list[tuple[Entry, str]], list[dt.date], Any, Any]:
    """Enter ``history`` live, check that nothing unsaid is stated and that ``verify`` passes,
    then import its export into a new database and check it gives the same facts and views."""
    ref, plan, days = _plan(history)
    with new_gf() as gf:
        accepted = _enter(gf, ref, plan)
        event(f"{sum(1 for (w, _), _ in accepted if w == 'to')} moves by target stage")
        _check_nothing_unsaid(gf, ref, accepted, days)
        assert gf.verify() == []
        live_facts, live_stated = _facts(gf, ref), _stated(gf, ref, days)
        out = io.StringIO(newline="")
        gf.export_audit(out, "jsonl")
        lines = out.getvalue().splitlines(keepends=True)
    with new_gf() as gf:
        gf.import_events(lines)
        assert gf.verify() == []
        assert _facts(gf, ref) == live_facts  # import
        assert _stated(gf, ref, days) == live_stated
    return ref, accepted, days, live_facts, live_stated


@_SETTINGS
@given(histories)
def test_a_history_with_gaps_states_nothing_not_entered_and_live_import_and_verify_agree(
    new_gf: NewGovflow, history: list[tuple[Entry, int, bool]]
) -> None:
    _live_then_imported(new_gf, history)


# Examples a longer run found (issue 24), each a divergence of late entry from live entry:
# - a move's stage left was shown as recorded (``initial_consideration``) where an entry dated
#   before it, entered later, had moved the proposal on (``refinement``): the history now shows the
#   stage its history puts it in (``workflow/replay.py: annotated``);
# - the register as of a gap's day said who decided a rejection reached over a gap when its route
#   was on record (the SQL row, in date order) but not on replay (late): routes that fit end with
#   different bodies; the register now replays a stage reached with no body given;
# - a move by target stage was stored as the record's reading of it made when it was entered
#   (``--to refinement`` from Initial Consideration: ``start_refinement``; ``--to report``: the
#   Report Phase reached over a gap), so a move dated before it and entered after it was refused
#   or read differently (live, from the Report Phase: ``send_back``; from the Authority:
#   ``send_back``, by the Authority); it is now read again from the stage its history puts it in
#   (``workflow/by_target.py``);
# - a move entered before the route dated before it named no body where, entered after it, the
#   route's body for the move (the Panel's ``start_refinement``); its body is now read from the
#   route its history gives it, when none was entered.
_FOUND_LATE = [
    ([(("route", "2"), 1, False), (("to", "refinement"), 1, False)], 0),
    ([(("route", "2"), 1, False), (("advance", "start_refinement"), 1, False)], 0),
    ([(("to", "refinement"), 1, False), (("to", "report"), 1, False)], 0),
    ([(("to", "report"), 1, False), (("to", "refinement"), 1, False)], 0),
    ([(("to", "authority_decision"), 1, False), (("to", "report"), 1, False)], 0),
    ([(("to", "authority_decision"), 1, False), (("to", "refinement"), 1, False)], 0),
    ([(("record", "working_group_meeting"), 34, False), (("route", "2"), 21, True),
      (("to", "rejected"), 12, False), (("advance", "send_to_report"), 33, True),
      (("advance", "send_to_report"), 33, False)], 0),
]  # fmt: skip


def _found(test: Callable[..., None]) -> Callable[..., None]:
    for history, late_index in _FOUND_LATE:
        test = example(history=history, late_index=late_index)(test)
    return test


@_SETTINGS
@_found
@given(histories, st.integers(0, 7))
def test_a_history_with_gaps_entered_late_agrees_with_the_same_entries_made_live(
    new_gf: NewGovflow, history: list[tuple[Entry, int, bool]], late_index: int
) -> None:
    ref, accepted, days, live_facts, live_stated = _live_then_imported(new_gf, history)
    if len(accepted) < 2:
        return
    k = late_index % len(accepted)
    rest = accepted[:k] + accepted[k + 1 :]
    with new_gf() as gf:
        if _enter(gf, ref, rest) != rest:
            event("late entry: the others need the one left out")
            return
        entry, on = accepted[k]
        _call(gf, ref, entry, on)()  # late when it is not the last: placed in the history
        event("late entry placed")
        assert gf.verify() == []
        assert _facts(gf, ref) == live_facts
        assert _stated(gf, ref, days) == live_stated
