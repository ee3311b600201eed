"""An advance's judging and drafting, made short for speed, give what the long ways give: a move
judged with no list of the transitions leading where it goes made when one does, no windows'
rule asked when no window is held and no release waited for, and its allowed verdict kept for
its transition (:func:`govflow.workflow.rules.judge`, against the long way kept below, on every
shipped workflow's moves from every stage, any destination, held windows and releases); the
drafts judged on the state itself (``keep=False``) against each on a copy; the drafts numbered
as a move drafts them against a copy each; the row's changes compared in line against the loop
over ``row_values()``; and, on both back ends, advances, refused ones and late ones among them,
storing the same rows and answering the same the short way and the long way.

MP947, DP960 and CSC_938 are invented (the fictional numbers the docs use)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
from collections.abc import Collection, Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govflow.calendar import WorkingCalendar
from govflow.errors import TransitionNotAllowed, hint
from govflow.model import Deadline, Event
from govflow.records import places, recording, stored_windows
from govflow.records.lookup import state_of
from govflow.store import reads, tables
from govflow.workflow import definition, rules, solution_rules, windows
from govflow.workflow.definition import Transition
from govflow.workflow.effects import effects
from govflow.workflow.registry import Registry
from govflow.workflow.route_rules import body_reasons, timing_reasons
from govflow.workflow.state import ProposalState
from govflow.workflow.verdict import Reason, Rules, Verdict
from tests.conftest import NewGovflow

REGISTRY = Registry.shipped()
WORKFLOWS = REGISTRY.all()
CALENDAR = WorkingCalendar()
DAY = dt.date(2024, 3, 4)


def _moved_the_long_way(r: Rules, state: ProposalState, e: Event) -> rules.Judged:
    """``rules._moved`` as it was before the short ways: the leading transitions always listed,
    the windows' rule always asked."""
    if e.trigger is None:
        return rules._marked(r, state, e)
    wf, machine = r.of(state.version)
    trigger, stage = e.trigger, state.stage
    every, unconditional = machine.moves(stage, trigger)
    if not every and not machine.knows(trigger):
        known = hint(trigger, machine.trigger_names)
        return rules._never("graph", f"Unknown trigger {trigger!r}{known} in workflow {wf.name!r}")
    if not every:
        why = (f"it is in {stage!r}, a terminal stage" if stage not in wf.open_states
               else f"it is in {stage!r}, where {trigger!r} does not apply")  # fmt: skip
        return rules._never("graph", why)
    if e.from_stage is not None and e.from_stage != stage:
        why = f"it moves the proposal from {e.from_stage!r}, but it is in {stage!r}"
        return rules._never("order", why)
    leading = [t for t in every if e.to_stage in (None, t.dest)]
    if not leading:
        dests = " or ".join(sorted({t.dest for t in every}))
        why = f"{trigger!r} leads from {stage!r} to {dests}, not to {e.to_stage!r}"
        return rules._never("graph", why)
    if e.to_stage is None and e.seq:
        return rules._never("fields", "a move records the stage it enters")
    reasons: list[Reason] = []
    if unconditional:
        fired = leading[0]
    else:
        fired, reasons = rules._requirements(machine, state, e, leading)
    reasons += timing_reasons(wf, state, e, trigger, fired.after_release)
    if e.kind != "implied":
        bodies = effects(wf).deciders.get(id(fired))
        bodies = definition.deciders(wf, fired) if bodies is None else bodies
        reasons += body_reasons(bodies, trigger, e.meeting)
    reasons += solution_rules.direction_reasons(state, e, fired)
    return reasons, fired


def _judged_the_long_way(r: Rules, state: ProposalState, e: Event) -> Verdict:
    """``judge`` with the long way's move and its allowed verdict made by the constructor."""
    long = {**rules._JUDGES, **dict.fromkeys(("transition", "override", "implied"),
                                              _moved_the_long_way)}  # fmt: skip
    kept = rules._JUDGES, rules._FIRED
    rules._JUDGES, rules._FIRED = long, {}
    try:
        verdict = rules.judge(r, state, e)
    finally:
        rules._JUDGES, rules._FIRED = kept
    plain = not (verdict.refused or verdict.waived or verdict.unchecked)
    if verdict.transition is not None and plain:
        assert verdict == Verdict(transition=verdict.transition)
    return verdict


def _windows(wf: definition.Workflow) -> list[Deadline]:
    """An open window of each of ``wf``'s stages and milestones that has one."""
    found = []
    for spec, stage in [*((s, True) for s in wf.states), *((m, False) for m in wf.milestones)]:
        if spec.deadline is not None:
            kind = "stage" if stage else "milestone"
            label = spec.deadline.label or spec.label
            found.append(windows.opened(wf, kind, spec.name, label, spec.deadline,
                                        DAY - dt.timedelta(days=40), 2, CALENDAR))  # fmt: skip
    return found


#: None, one to come (a move waiting for it is early), one past.
_RELEASES = [{}, {"R1": ("targeted", "2024-06-01")}, {"R1": ("implemented", "2024-01-01")}]
#: Every move of every shipped workflow.
_MOVES = [(wf, t, source) for wf in WORKFLOWS for t in wf.transitions for source in t.sources]


@st.composite
def _cases(draw: Any) -> tuple[Rules, ProposalState, Event]:
    wf, t, source = draw(st.sampled_from(_MOVES))
    names = [s.name for s in wf.states]
    held = draw(st.lists(st.sampled_from(_windows(wf) or [None]), max_size=2))
    state = ProposalState(
        version=wf.version, stage=draw(st.sampled_from([source, source, *names])),
        milestones=tuple(draw(st.lists(st.sampled_from([m.name for m in wf.milestones] or [""]),
                                       max_size=3))),
        flags=frozenset(draw(st.lists(st.sampled_from([*wf.flags, "x"]), max_size=2))),
        path=draw(st.sampled_from([None, *wf.paths])), vote=draw(st.sampled_from(
            [None, "approve", "reject"])), deadlines=tuple(d for d in held if d is not None),
        releases=draw(st.sampled_from(_RELEASES)),
    )  # fmt: skip
    payload: dict[str, Any] = {}
    if draw(st.booleans()):
        payload["outcome"] = draw(st.sampled_from(["approve", "reject", "maybe"]))
    if draw(st.booleans()):
        payload["override"] = "a fictional reason"
    event = Event(
        kind=draw(st.sampled_from(["transition", "transition", "override", "implied"])),
        trigger=draw(st.sampled_from([t.trigger, t.trigger, "no_such_trigger"])),
        from_stage=draw(st.sampled_from([None, state.stage, source])),
        to_stage=draw(st.sampled_from([t.dest, t.dest, None, *names])),
        occurred_on=draw(st.sampled_from([DAY, DAY + dt.timedelta(days=200)])),
        seq=draw(st.sampled_from([0, 5])), payload=payload,
        meeting=draw(st.sampled_from([None, "CSC_938", "PANEL_938", "CSC@2024-03-04"])),
        date_precision=draw(st.sampled_from(["day", "day", "month"])),
    )  # fmt: skip
    return REGISTRY.rules(wf.name, CALENDAR), state, event


@settings(max_examples=250, deadline=None, derandomize=True)
@given(_cases())
def test_a_move_is_judged_as_the_long_way_judges_it(case: tuple[Any, ...]) -> None:
    r, state, event = case
    assert rules.judge(r, state, event) == _judged_the_long_way(r, state, event)


@pytest.mark.parametrize("wf", WORKFLOWS, ids=[f"{wf.name}-{wf.version}" for wf in WORKFLOWS])
def test_every_move_from_its_stage_is_judged_as_the_long_way_judges_it(
    wf: definition.Workflow,
) -> None:
    r = REGISTRY.rules(wf.name, CALENDAR)
    allowed = 0
    for t, source in [(each, source) for each in wf.transitions for source in each.sources]:
        for to in (t.dest, None, wf.initial):
            for held, releases in itertools.product(((), tuple(_windows(wf))), _RELEASES):
                state = ProposalState(
                    version=wf.version, stage=source, deadlines=held, releases=releases
                )
                e = Event(kind="transition", trigger=t.trigger, to_stage=to, occurred_on=DAY,
                          meeting="CSC_938", payload={})  # fmt: skip
                fast = rules.judge(r, state, e)
                assert fast == _judged_the_long_way(r, state, e), (t.trigger, to, held)
                allowed += fast.allowed
    assert allowed  # not only refusals compared


def test_an_allowed_move_s_verdict_is_kept_for_its_transition_alone() -> None:
    firsts: dict[int, Transition] = {}
    for wf in WORKFLOWS:
        for t in wf.transitions:
            made = rules._fired(t)
            assert made == Verdict(transition=t) and made.transition is t
            assert dataclasses.astuple(made) == dataclasses.astuple(Verdict(transition=t))
            assert rules._fired(t) is made
            firsts[id(t)] = t
    assert len(firsts) > 50


# -- the drafts judged on the state itself -----------------------------------------------------
def _outcome(r: Rules, state: ProposalState, drafts: list[Event], keep: bool) -> Any:
    seen: list[Any] = []

    def why(e: Event, s: ProposalState, v: Verdict) -> TransitionNotAllowed:
        seen.append((e, dataclasses.astuple(s), v))
        return TransitionNotAllowed("refused", v.messages)

    try:
        after, judged = recording._judged(r, state, drafts, why, keep=keep)
    except TransitionNotAllowed:
        return "refused", seen
    return dataclasses.astuple(after), judged


@settings(max_examples=150, deadline=None, derandomize=True)
@given(_cases(), st.booleans())
def test_drafts_judged_on_the_state_itself_are_judged_as_on_a_copy_each(
    case: tuple[Any, ...], twice: bool
) -> None:
    r, state, event = case
    drafts = [event, dataclasses.replace(event, seq=event.seq + 1)] if twice else [event]
    copied = state.copy()
    assert _outcome(r, state, drafts, keep=False) == _outcome(r, copied.copy(), drafts, True)


# -- the drafts numbered, the row's changes ----------------------------------------------------
def test_drafts_numbered_as_a_move_drafts_them_are_those_replace_numbers() -> None:
    where = places.NOWHERE
    made = [
        places.draft("transition", DAY, where, None, None, {}, trigger="submit", seq=s)
        for s in (0, 8, 9, 10, 4)
    ]
    row = SimpleNamespace(head_seq=7)
    numbered = recording._numbered(row, made)  # type: ignore[arg-type]
    for i, (draft, event) in enumerate(zip(made, numbered, strict=True), 8):
        plain = dataclasses.replace(draft, seq=i)
        every = [f.name for f in dataclasses.fields(Event)]  # internal fields included
        assert [getattr(event, n) for n in every] == [getattr(plain, n) for n in every]
        assert (event is draft) == (draft.seq == i)  # only a draft with its seq kept as it is
    assert [d.seq for d in made] == [0, 8, 9, 10, 4]  # the drafts themselves unchanged


def _changed_the_long_way(row: Any, values: dict[str, Any]) -> dict[str, Any]:
    changes = {}
    for column, value in values.items():
        stored = getattr(row, column)
        if column in ("flags", "milestones"):
            stored = list(stored or ())
        elif column == "outcomes":
            stored = stored or {}
        if value != stored:
            changes[column] = value
    return changes


_TEXT = st.sampled_from(["draft", "development", "DP", "MP", ""])
_LIST = st.lists(st.sampled_from(["urgent", "fast_track", "a"]), max_size=3, unique=True)
_STORED_LIST = st.none() | _LIST | _LIST.map(tuple) | _LIST.map(sorted)
_DAY = st.sampled_from([None, DAY, DAY + dt.timedelta(days=1)])


@settings(max_examples=200, deadline=None, derandomize=True)
@given(
    st.builds(ProposalState, stage=_TEXT, path=st.sampled_from([None, "1", "urgent"]),
              flags=_LIST.map(frozenset), milestones=_LIST.map(tuple), prefix=_TEXT,
              proposer=st.sampled_from([None, "Someone"]), raised_on=_DAY,
              vote=st.sampled_from([None, "approve"]), solutions=_LIST.map(tuple)),
    st.builds(SimpleNamespace, stage=_TEXT, path=st.sampled_from([None, "1", "urgent"]),
              flags=_STORED_LIST, milestones=_STORED_LIST, prefix=_TEXT,
              proposer=st.sampled_from([None, "Someone"]), raised_on=_DAY,
              outcomes=st.sampled_from([None, {}, {"vote": "approve"}, {"solutions": ["a"]}])),
)  # fmt: skip
def test_the_row_s_changes_in_line_are_those_the_loop_finds(state: ProposalState, row: Any) -> None:
    fast = recording._changes(row, state)
    slow = _changed_the_long_way(row, state.row_values())
    assert fast == slow
    assert list(fast) == list(slow)  # the columns in the same order


# -- advances stored the same both ways, on both back ends ---------------------------------------
def _now_the_long_way(
    self: recording.Recorder, conn: Any, row: Any, names: Collection[str] | None, wf: Any
) -> ProposalState:
    now = state_of(row)
    windowed, released = self._asked(wf)
    if names is None or not windowed.isdisjoint(names) or row.stage in windowed:
        now.deadlines = tuple(stored_windows.open_now(conn, self._lookup, row))
    if names is None or not released.isdisjoint(names):
        now.releases = reads.releases(conn, row.id)
    return now


def _long_ways(monkeypatch: pytest.MonkeyPatch) -> None:
    judged = recording._judged
    monkeypatch.setattr(recording, "_judged", lambda *a, keep=True: judged(*a, keep=True))
    monkeypatch.setattr(recording, "_changes", lambda row, s: _changed_the_long_way(
        row, s.row_values()))  # fmt: skip
    monkeypatch.setattr(recording, "_numbered", lambda row, drafts: [
        dataclasses.replace(d, seq=row.head_seq + i) for i, d in enumerate(drafts, 1)
    ])  # fmt: skip
    monkeypatch.setattr(recording.Recorder, "_now", _now_the_long_way)
    monkeypatch.setattr(rules, "_JUDGES", {**rules._JUDGES, **dict.fromkeys(
        ("transition", "override", "implied"), _moved_the_long_way)})  # fmt: skip


def _advances(gf: Any) -> Iterator[Any]:
    gf.add_meeting("CSC_938", on="2021-06-18")
    gf.add_item("CSC_938", "5", title="Draft Proposals")
    yield gf.raise_proposal("MP947", title="Hub returns", on="2021-05-24", path=3)
    yield gf.advance("MP947", "start_refinement", on="2021-06-18")
    yield gf.record("MP947", "refinement_consultation_opened", on="2021-06-21")  # a window
    yield gf.raise_proposal("DP960", title="Invented", on="2021-06-01")
    yield gf.advance("DP960", "submit", on="2021-06-18", meeting="CSC_938", item="5")
    yield gf.advance("DP960", "convert", on="2021-06-18", meeting="CSC_938", item="5")  # relabel
    for refused in (
        lambda: gf.advance("MP947", "send_to_report", on="2021-06-22"),  # the window is open
        lambda: gf.advance("MP960", "approve", on="2021-07-01", meeting="CSC_938", item="5"),
    ):
        with pytest.raises(TransitionNotAllowed) as found:
            refused()
        yield str(found.value), found.value.reasons
    yield gf.record("MP947", "refinement_consultation_closed", on="2021-06-23")  # it closes
    yield gf.advance("MP947", "send_to_report", on="2021-06-24", override="as minuted")
    yield gf.release("MP947", "R1", on="2021-06-25")
    yield gf.advance("MP960", "start_refinement", on="2021-06-19")  # late: the replay's way


def _written(gf: Any) -> list[Any]:
    with gf._store.read() as conn:
        return [
            tables.raw_rows(conn, f"SELECT * FROM {table} ORDER BY 1")
            for table in ("proposal", "event", "ledger", "deadline", "proposal_alias", "release")
        ]


def test_advances_store_and_answer_the_same_the_short_way_and_the_long_way(
    new_gf: NewGovflow, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = dt.datetime(2021, 7, 1, 9, 30, 0, 120)  # one recorded time: the same hashes both ways
    monkeypatch.setattr(tables, "utcnow", lambda: at)
    with new_gf() as gf:
        short = [*_advances(gf)], _written(gf)
    _long_ways(monkeypatch)
    with new_gf() as gf:
        long = [*_advances(gf)], _written(gf)
    assert short == long
    assert len(short[1][1]) == 11 and short[1][3]  # the events; deadlines written
