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
from govflow.workflow.definition import Situation, Workflow, unmet
from govflow.workflow.engine import Engine, Option
from govflow.workflow.loader import parse_workflow
from govflow.workflow.registry import Registry

FIXTURES = Path(__file__).parent / "fixtures" / "workflows"
REGISTRY = Registry.shipped()
#: The minimal workflow where one trigger leads two ways from one stage, told apart by a flag: the
#: first transition refuses when the second moves (so the one that moved is not the first asked),
#: and both refuse when the flag is set without a path or unset without the consultation closed.
TWO_WAYS = """\
  - trigger: close
    source: assessment
    dest: decided
    body: PANEL
    requires:
      - flag: urgent
        message: only an urgent proposal is closed
      - path: [1, 3]
        message: the path is not set
  - trigger: close
    source: assessment
    dest: open
    body: AUTHORITY
    requires:
      - no_flag: urgent
        message: an urgent proposal is not reopened
      - milestone: consultation_closed
        message: the consultation has not closed
"""
ENGINES = {
    **{name: REGISTRY.engine(name) for name in REGISTRY.names},
    "minimal-two-ways": Engine(
        parse_workflow(
            (FIXTURES / "minimal.yaml")
            .read_text(encoding="utf-8")
            .replace("milestones:\n", TWO_WAYS + "milestones:\n", 1)
        )
    ),
}

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


@st.composite
def situations(draw: st.DrawFn, wf: Workflow) -> Situation:
    """Any stage with any milestones, path and flags: reachable or not, the rules must hold."""
    return Situation(
        stage=draw(st.sampled_from(wf.state_names)),
        milestones=draw(st.frozensets(st.sampled_from([m.name for m in wf.milestones]))),
        path=draw(st.sampled_from([None, 1, 2, 3])),
        flags=draw(st.frozensets(st.sampled_from(sorted(wf.flags)))),
    )


@pytest.mark.parametrize("name", ENGINES)
def test_options_list_the_stage_s_transitions_in_the_order_of_the_definition(name: str) -> None:
    """Every transition from the stage, none twice, each with exactly the requirements it misses.

    The order is the definition's, which the CLI lists: the machine is asked trigger by trigger.
    """
    engine = ENGINES[name]
    wf = engine.workflow

    @WALKS
    @given(situation=situations(wf))
    def listed(situation: Situation) -> None:
        assert engine.options(situation) == [
            Option(t.trigger, t.dest, t.body, t.description, tuple(unmet(t.requires, situation)))
            for t in wf.transitions_from(situation.stage)
        ]

    listed()


@pytest.mark.parametrize("name", ENGINES)
def test_options_say_what_fire_does_with_every_trigger(name: str) -> None:
    """For every trigger (and one unknown): fire moves to the first usable option's destination,
    waiving what it lacks when overridden, or refuses with exactly the options' reasons."""
    engine = ENGINES[name]
    wf = engine.workflow

    @WALKS
    @given(situation=situations(wf), override=st.booleans())
    def agree(situation: Situation, override: bool) -> None:
        options = engine.options(situation)
        allowed = list(dict.fromkeys(o.trigger for o in options if o.allowed))
        for trigger in (*wf.triggers, "no_such_trigger"):
            mine = [o for o in options if o.trigger == trigger]
            usable = [o for o in mine if override or o.allowed]
            try:
                move = engine.fire(situation, trigger, override=override)
            except TransitionNotAllowed as refused:
                assert not usable, (trigger, usable)
                assert str(refused)
                assert refused.possible == allowed
                if trigger not in wf.triggers:
                    assert refused.reasons == []
                elif not mine:
                    assert refused.reasons == [f"{trigger!r} does not apply in {situation.stage!r}"]
                else:
                    assert refused.reasons == [r for o in mine for r in o.reasons]
                continue
            first = usable[0]  # the machine asks the candidates in the definition's order
            assert (move.trigger, move.source, move.dest, move.body) == (
                trigger, situation.stage, first.dest, first.body
            )  # fmt: skip
            assert move.waived == (first.reasons if override else ())

    agree()


@pytest.mark.parametrize("name", ENGINES)
def test_target_names_the_one_trigger_that_fires_to_the_destination(name: str) -> None:
    engine = ENGINES[name]
    wf = engine.workflow

    @WALKS
    @given(situation=situations(wf), dest=st.sampled_from(wf.state_names), override=st.booleans())
    def reaches(situation: Situation, dest: str, override: bool) -> None:
        usable = sorted(
            {
                o.trigger
                for o in engine.options(situation)
                if o.dest == dest and (override or o.allowed)
            }
        )
        try:
            trigger = engine.target(situation, dest, override=override)
        except TransitionNotAllowed as refused:
            assert len(usable) != 1, usable
            assert str(refused)
            return
        assert [trigger] == usable
        assert engine.fire(situation, trigger, override=override, dest=dest).dest == dest

    reaches()


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
