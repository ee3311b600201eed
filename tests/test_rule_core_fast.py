"""The rule core's short ways give what the long ways give, on every shipped workflow and on
random situations, forbidden ones included (hypothesis): a state's situation made without the
frozen dataclass's ``__init__``; a move whose transitions require nothing fired without a
situation (:meth:`Machine.unconditional`); the deciding committees read from the per-workflow
table; an allowed verdict made without its ``__init__``."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govflow.model import built
from govflow.workflow.definition import deciders
from govflow.workflow.effects import effects
from govflow.workflow.registry import Registry
from govflow.workflow.requirements import Situation
from govflow.workflow.state import FROM_ROW, ProposalState, state_from_row
from govflow.workflow.verdict import Verdict

REGISTRY = Registry.shipped()
WORKFLOWS = REGISTRY.all()
_IDS = [f"{wf.name}-{wf.version}" for wf in WORKFLOWS]
_NAMES = sorted(
    {s.name for wf in WORKFLOWS for s in wf.states}
    | {m.name for wf in WORKFLOWS for m in wf.milestones}
    | {f for wf in WORKFLOWS for f in wf.flags}
    | {"no_such_thing"}
)
_SOME = st.frozensets(st.sampled_from(_NAMES), max_size=4)
_VOTE = st.sampled_from([None, "approve", "reject", "abstain"])


@st.composite
def _states(draw: Any) -> ProposalState:
    return ProposalState(
        version=1, stage=draw(st.sampled_from(_NAMES)), path=draw(st.none() | st.text(max_size=3)),
        flags=draw(_SOME), unknown_flags=draw(_SOME), unknown_milestones=draw(_SOME),
        milestones=tuple(draw(st.lists(st.sampled_from(_NAMES), max_size=4))), vote=draw(_VOTE),
        votes=draw(st.dictionaries(st.sampled_from(["", "A", "B"]), st.sampled_from(["approve"]))),
    )  # fmt: skip


@settings(max_examples=200, deadline=None, derandomize=True)
@given(_states(), st.sampled_from([None, "", "A", "B", 3]))
def test_a_situation_is_the_one_its_constructor_makes(state: ProposalState, solution: Any) -> None:
    made = state.situation_for(solution)
    vote = state.votes.get(solution) if state.votes and isinstance(solution, str) else state.vote
    assert made == Situation(
        state.stage, frozenset(state.milestones), state.path, state.flags, vote=vote,
        unknown_flags=state.unknown_flags, unknown_milestones=state.unknown_milestones,
    )  # fmt: skip
    assert vars(made) == vars(Situation(**vars(made)))
    assert state.situation == state.situation_for(None)


@pytest.mark.parametrize("wf", WORKFLOWS, ids=_IDS)
@settings(max_examples=40, deadline=None, derandomize=True)
@given(situation=_states().map(lambda s: s.situation))
def test_a_move_that_requires_nothing_fires_what_first_met_fires(
    wf: Any, situation: Situation
) -> None:
    machine = REGISTRY.machine(wf.name, wf.version)
    for stage in [*wf.state_names, "no_such_stage"]:
        at = Situation(**{**vars(situation), "stage": stage})
        assert machine.moves(stage, "no_such_trigger") == ((), True)
        for trigger in machine.trigger_names:
            every = machine.candidates(stage, trigger)
            assert machine.moves(stage, trigger) == (every, machine.unconditional(stage, trigger))
            if not machine.unconditional(stage, trigger):
                assert any(t.requires for t in machine.candidates(stage, trigger))
                continue
            for dest in [None, *wf.state_names]:
                leading = [t for t in machine.candidates(stage, trigger) if dest in (None, t.dest)]
                assert machine.first_met(at, trigger, dest) == (leading[0] if leading else None)


@pytest.mark.parametrize("wf", WORKFLOWS, ids=_IDS)
def test_the_deciding_committees_are_read_from_the_table_as_the_definition_gives_them(
    wf: Any,
) -> None:
    table = effects(wf).deciders
    assert len(table) == len(wf.transitions)
    for t in wf.transitions:
        assert table[id(t)] == deciders(wf, t)
        verdict = built(Verdict, {"transition": t})
        assert verdict == Verdict(transition=t) and verdict.allowed and not verdict.unchecked


def test_a_copy_holds_every_field_of_the_state_and_is_another_object() -> None:
    values = {f.name: object() for f in fields(ProposalState)}
    state = ProposalState(**values)
    copied = state.copy()
    assert copied is not state and type(copied) is ProposalState
    assert {name: getattr(copied, name) for name in values} == values
    copied.stage = "elsewhere"
    assert state.stage is values["stage"]


def _outcomes_the_long_way(s: ProposalState) -> dict[str, Any]:
    """``ProposalState.outcomes`` as written before its early return: every value made, the
    empty ones left out."""
    found = {
        "vote": s.vote, "decisions": list(s.decisions), "solutions": list(s.solutions),
        "votes": dict(s.votes), "flags_not_on_record": sorted(s.unknown_flags),
        "milestones_may_be": sorted(s.unknown_milestones),
        "solution_milestones": {k: list(v) for k, v in s.solution_milestones.items()},
        "record_too": list(s.record_too), "shared": {k: list(v) for k, v in s.shared.items()},
    }  # fmt: skip
    return {k: v for k, v in found.items() if v}


_HELD = {
    "vote": "approve", "decisions": ({"trigger": "approve"},), "solutions": ("WACM1",),
    "votes": {"WACM1": {"for": 3}}, "unknown_flags": frozenset({"urgent"}),
    "unknown_milestones": frozenset({"b", "a"}), "solution_milestones": {"WACM1": ("m",)},
    "record_too": ("CMP965",), "shared": {"WACM1": ("CMP964", "CMP965")},
}  # fmt: skip
_EMPTY = {"vote": "", "decisions": (), "votes": {}, "unknown_flags": frozenset(), "shared": {}}


@pytest.mark.parametrize(
    "held", [{}, _EMPTY, _HELD, *({k: v} for k, v in _HELD.items())], ids=lambda h: ",".join(h)
)
def test_a_state_s_outcomes_are_the_values_it_holds_made_the_long_way(
    held: dict[str, Any],
) -> None:
    state = ProposalState(stage="draft")
    for field, value in held.items():
        setattr(state, field, value)
    assert state.outcomes() == _outcomes_the_long_way(state)
    assert state.row_values()["outcomes"] == _outcomes_the_long_way(state)


def test_a_state_from_a_row_s_values_is_the_one_its_constructor_makes() -> None:
    """Every field: the row's values where given (each by its own name, in its place), the
    defaults elsewhere, a default made by a factory new for each state."""
    given = {name: object() for name in FROM_ROW}
    made = state_from_row(*given.values())
    expected = ProposalState(**given)
    assert type(made) is ProposalState
    assert {f.name: getattr(made, f.name) for f in fields(ProposalState)} == {
        f.name: getattr(expected, f.name) for f in fields(ProposalState)
    }
    assert all(getattr(made, name) is value for name, value in given.items())
    other = state_from_row(*given.values())
    assert all(  # a mutable default is each state's own
        getattr(other, f.name) is not getattr(made, f.name)
        for f in fields(ProposalState)
        if isinstance(getattr(made, f.name), dict)
    )
