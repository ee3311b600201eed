"""Properties of the engine over random walks of random triggers and milestones (hypothesis).

Each walk starts in a random stage with a random path and flags, then fires random triggers from
the workflow's whole trigger list and records random milestones. Runs are derandomized, so a
failure is the same on every machine.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govflow.errors import TransitionNotAllowed
from govflow.workflow.definition import Situation, Workflow
from govflow.workflow.engine import Engine
from govflow.workflow.registry import Registry

BSC = Path(__file__).parent / "fixtures" / "workflows" / "bsc-modification.yaml"
REGISTRY = Registry.shipped(extra=[BSC])
ENGINES = {name: REGISTRY.engine(name) for name in ("sec-modification", "bsc-modification")}

WALKS = settings(
    max_examples=200,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

Action = tuple[str, str]  # ("fire", trigger) or ("record", milestone)


@st.composite
def walks(draw: st.DrawFn, wf: Workflow) -> tuple[Situation, list[Action]]:
    """A starting situation and a list of actions over ``wf``'s own names."""
    start = Situation(
        stage=draw(st.sampled_from(wf.state_names)),
        path=draw(st.sampled_from([None, *sorted(wf.paths)] if wf.paths else [None, 1, 2, 3])),
        flags=frozenset(draw(st.sets(st.sampled_from(sorted(wf.flags))))),
    )
    fire = st.tuples(st.just("fire"), st.sampled_from(wf.triggers))
    record = st.tuples(st.just("record"), st.sampled_from([m.name for m in wf.milestones]))
    actions = draw(st.lists(st.one_of(fire, record), max_size=30))
    return start, actions


def _fire(engine: Engine, situation: Situation, trigger: str) -> Situation:
    """Fire ``trigger`` and check what every refusal and every move must satisfy."""
    options = [o for o in engine.options(situation) if o.trigger == trigger]
    try:
        move = engine.fire(situation, trigger)
    except TransitionNotAllowed as refused:
        assert str(refused)
        assert not any(o.allowed for o in options)
        if options:  # the trigger applies in the stage: the refusal says which rule failed
            assert refused.reasons
            assert set(refused.reasons) == {r for o in options for r in o.reasons}
        assert trigger not in refused.possible
        return situation
    assert any(o.allowed and o.dest == move.dest for o in options)
    assert move.source == situation.stage
    assert move.waived == ()
    return Situation(move.dest, situation.milestones, situation.path, situation.flags)


def _record(engine: Engine, situation: Situation, name: str) -> Situation:
    allowed = next(m for m in engine.milestone_options(situation) if m.name == name).allowed
    try:
        engine.check_milestone(situation, name)
    except TransitionNotAllowed as refused:
        assert str(refused) and refused.reasons
        assert not allowed
        return situation
    assert allowed
    return Situation(
        situation.stage, situation.milestones | {name}, situation.path, situation.flags
    )


def _check_terminal(engine: Engine, situation: Situation) -> None:
    for trigger in engine.workflow.triggers:
        with pytest.raises(TransitionNotAllowed):
            engine.fire(situation, trigger)
        with pytest.raises(TransitionNotAllowed):
            engine.fire(situation, trigger, override=True)
    assert engine.options(situation) == []
    assert not any(m.allowed for m in engine.milestone_options(situation))


@pytest.mark.parametrize("name", ENGINES)
def test_random_walks_stay_in_the_workflow_and_never_leave_a_terminal_stage(name: str) -> None:
    engine = ENGINES[name]
    wf = engine.workflow
    terminal = {s.name for s in wf.states if s.terminal}

    @WALKS
    @given(walks(wf))
    def walk(case: tuple[Situation, list[Action]]) -> None:
        situation, actions = case
        for kind, value in actions:
            before = situation.stage
            if kind == "fire":
                situation = _fire(engine, situation, value)
            else:
                situation = _record(engine, situation, value)
            assert situation.stage in wf.state_names
            if before in terminal:
                assert situation.stage == before
        if situation.stage in terminal:
            _check_terminal(engine, situation)

    walk()


@pytest.mark.parametrize("name", ENGINES)
def test_options_are_allowed_exactly_when_fire_succeeds(name: str) -> None:
    engine = ENGINES[name]
    wf = engine.workflow

    @WALKS
    @given(
        stage=st.sampled_from(wf.state_names),
        milestones=st.frozensets(st.sampled_from([m.name for m in wf.milestones])),
        path=st.sampled_from([None, 1, 2, 3]),
        flags=st.frozensets(st.sampled_from(sorted(wf.flags))),
        trigger=st.sampled_from(wf.triggers),
    )
    def same_answer(
        stage: str,
        milestones: frozenset[str],
        path: int | None,
        flags: frozenset[str],
        trigger: str,
    ) -> None:
        situation = Situation(stage, milestones, path, flags)
        options = [o for o in engine.options(situation) if o.trigger == trigger]
        try:
            move = engine.fire(situation, trigger)
        except TransitionNotAllowed as refused:
            assert all(o.reasons for o in options)
            assert refused.reasons
        else:
            assert next(o.reasons for o in options if o.dest == move.dest) == ()
        if options:  # an override always succeeds where the trigger applies
            forced = engine.fire(situation, trigger, override=True)
            blocked = next(o for o in options if o.dest == forced.dest)
            assert forced.waived == blocked.reasons

    same_answer()


@pytest.mark.parametrize("name", ENGINES)
def test_every_stage_can_reach_an_end(name: str) -> None:
    """Following transitions (whatever their rules), some terminal stage is always ahead."""
    wf = ENGINES[name].workflow
    terminal = {s.name for s in wf.states if s.terminal}
    for stage in wf.state_names:
        seen, frontier = {stage}, [stage]
        while frontier:
            for t in wf.transitions_from(frontier.pop()):
                if t.dest not in seen:
                    seen.add(t.dest)
                    frontier.append(t.dest)
        assert seen & terminal, stage


def _outcome(call: object) -> object:
    try:
        return call()  # type: ignore[operator]
    except TransitionNotAllowed as refused:
        return ("refused", tuple(refused.reasons))


@pytest.mark.parametrize("name", ENGINES)
def test_resolve_gives_the_same_answer_as_fire(name: str) -> None:
    """Bulk replays use resolve(); it must agree with fire() on every situation and override."""
    engine = ENGINES[name]
    wf = engine.workflow

    @WALKS
    @given(
        stage=st.sampled_from(wf.state_names),
        milestones=st.frozensets(st.sampled_from([m.name for m in wf.milestones])),
        path=st.sampled_from([None, 1, 2, 3]),
        flags=st.frozensets(st.sampled_from(sorted(wf.flags))),
        trigger=st.sampled_from(wf.triggers),
        override=st.booleans(),
    )
    def agree(
        stage: str,
        milestones: frozenset[str],
        path: int | None,
        flags: frozenset[str],
        trigger: str,
        override: bool,
    ) -> None:
        situation = Situation(stage, milestones, path, flags)
        fired = _outcome(lambda: engine.fire(situation, trigger, override=override))
        resolved = _outcome(lambda: engine.resolve(situation, trigger, override=override))
        assert fired == resolved

    agree()
