"""Properties of the rule core over random walks of random triggers and milestones (hypothesis).

Each walk starts in a random stage with a random path and flags, then fires random triggers from
the workflow's whole trigger list and records random milestones, each judged and applied by the
rule core. Runs are derandomized, so a failure is the same on every machine.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govflow.errors import TransitionNotAllowed
from govflow.workflow.definition import Workflow
from govflow.workflow.implied import route_to
from govflow.workflow.loader import parse_workflow
from govflow.workflow.options import Option, milestone_options, options
from govflow.workflow.registry import Registry
from govflow.workflow.requirements import unknown
from govflow.workflow.rules import judge
from govflow.workflow.state import ProposalState
from govflow.workflow.step import step
from govflow.workflow.verdict import Rules
from tests.rules_kit import DAY, at, mark, move, rules_of

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
_TWO = parse_workflow(
    (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    .replace("milestones:\n", TWO_WAYS + "milestones:\n", 1)
)  # fmt: skip
RULES: dict[str, Rules] = {
    **{name: rules_of(name) for name in REGISTRY.names},
    "minimal-two-ways": rules_of(_TWO.name, Registry([_TWO])),
}


def _of(name: str) -> tuple[Rules, Workflow, int]:
    rules = RULES[name]
    version = _TWO.version if name == "minimal-two-ways" else max(REGISTRY.versions(name))
    return rules, rules.of(version)[0], version


WALKS = settings(
    max_examples=200,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

Action = tuple[str, str]  # ("fire", trigger) or ("record", milestone)


def _routes(wf: Workflow) -> list[str | None]:
    return [None, *sorted(wf.paths)] if wf.paths else [None, "1", "2", "3"]


@dataclass(frozen=True)
class Draws:
    """The strategies over one workflow's names, made once: ``st.sampled_from(...)`` made inside
    a composite is made (and looked up in hypothesis's cache) again at every draw, which was
    about a third of these tests' time. The draws, and so the examples, are the same."""

    stage: st.SearchStrategy[str]
    route: st.SearchStrategy[str | None]
    flag_set: st.SearchStrategy[set[str]]
    flags: st.SearchStrategy[frozenset[str]]
    milestones: st.SearchStrategy[frozenset[str]]
    actions: st.SearchStrategy[list[Action]]


@functools.cache
def _draws(name: str) -> Draws:
    _, wf, _ = _of(name)
    flag = st.sampled_from(sorted(wf.flags))
    fire = st.tuples(st.just("fire"), st.sampled_from(wf.triggers))
    record = st.tuples(st.just("record"), st.sampled_from([m.name for m in wf.milestones]))
    return Draws(
        stage=st.sampled_from(wf.state_names), route=st.sampled_from(_routes(wf)),
        flag_set=st.sets(flag), flags=st.frozensets(flag),
        milestones=st.frozensets(st.sampled_from([m.name for m in wf.milestones])),
        actions=st.lists(st.one_of(fire, record), max_size=30),
    )  # fmt: skip


@st.composite
def walks(draw: st.DrawFn, name: str) -> tuple[ProposalState, list[Action]]:
    """A starting state and a list of actions over the workflow's own names."""
    d, (_, _, version) = _draws(name), _of(name)
    start = at(
        draw(d.stage), path=draw(d.route), flags=tuple(draw(d.flag_set)), version=version,
    )  # fmt: skip
    return start, draw(d.actions)


def _fire(rules: Rules, state: ProposalState, trigger: str) -> ProposalState:
    """Fire ``trigger`` and check what every refusal and every move must satisfy."""
    listed = [o for o in options(rules, state, DAY) if o.trigger == trigger]
    after, verdict = step(rules, state, move(trigger))
    if not verdict.allowed:
        assert verdict.messages and all(verdict.messages)
        assert not any(o.allowed for o in listed)
        if listed:  # the trigger applies in the stage: the refusal says which rule failed
            assert set(verdict.messages) == {r for o in listed for r in o.reasons}
        assert after is state
        return state
    assert verdict.transition is not None and verdict.waived == ()
    assert any(o.allowed and o.dest == after.stage for o in listed)
    return after


def _record(rules: Rules, state: ProposalState, name: str) -> ProposalState:
    listed = next(m for m in milestone_options(rules, state, DAY) if m.name == name)
    after, verdict = step(rules, state, mark(name))
    assert verdict.allowed == listed.allowed
    assert verdict.messages == list(listed.reasons)
    if verdict.allowed:
        assert name in after.milestones and after.stage == state.stage
    return after


def _check_terminal(rules: Rules, wf: Workflow, state: ProposalState) -> None:
    for trigger in wf.triggers:
        assert not judge(rules, state, move(trigger)).allowed
        assert not judge(rules, state, move(trigger, override="a fictional case")).allowed
    assert options(rules, state, DAY) == []
    assert not any(m.allowed for m in milestone_options(rules, state, DAY))


@pytest.mark.parametrize("name", RULES)
def test_random_walks_stay_in_the_workflow_and_never_leave_a_terminal_stage(name: str) -> None:
    rules, wf, _ = _of(name)
    terminal = {s.name for s in wf.states if s.terminal}

    @WALKS
    @given(walks(name))
    def walk(case: tuple[ProposalState, list[Action]]) -> None:
        state, actions = case
        for kind, value in actions:
            before = state.stage
            act = _fire if kind == "fire" else _record
            state = act(rules, state, value)
            assert state.stage in wf.state_names
            if before in terminal:
                assert state.stage == before
        if state.stage in terminal:
            _check_terminal(rules, wf, state)

    walk()


@st.composite
def states(draw: st.DrawFn, name: str) -> ProposalState:
    """Any stage with any milestones, path and flags: reachable or not, the rules must hold."""
    d, (_, _, version) = _draws(name), _of(name)
    return at(
        draw(d.stage), *draw(d.milestones), path=draw(d.route),
        flags=tuple(draw(d.flags)), version=version,
    )  # fmt: skip


@pytest.mark.parametrize("name", RULES)
def test_options_list_the_stage_s_transitions_in_the_order_of_the_definition(name: str) -> None:
    """Every transition from the stage, none twice, each with exactly the requirements it misses
    (no window, meeting or release is in play here)."""
    rules, wf, _ = _of(name)

    @WALKS
    @given(state=states(name))
    def listed(state: ProposalState) -> None:
        s = state.situation
        assert options(rules, state, DAY) == [
            Option(t.trigger, t.dest, t.body, t.description,
                   tuple(r.message for r in t.requires if not r.met(s) and not unknown(r, s)),
                   tuple(r.message for r in t.requires if not r.met(s) and unknown(r, s)))
            for t in wf.transitions_from(state.stage)
        ]  # fmt: skip

    listed()


@pytest.mark.parametrize("name", RULES)
def test_options_say_what_a_move_does_with_every_trigger(name: str) -> None:
    """For every trigger (and one unknown): the move goes to the first usable option's
    destination, waiving what it lacks when overridden, or is refused with exactly the options'
    reasons."""
    rules, wf, _ = _of(name)

    @WALKS
    @given(state=states(name), override=st.booleans())
    def agree(state: ProposalState, override: bool) -> None:
        listed = options(rules, state, DAY)
        reason = "a fictional case" if override else None
        for trigger in (*wf.triggers, "no_such_trigger"):
            mine = [o for o in listed if o.trigger == trigger]
            usable = [o for o in mine if override or o.allowed]
            after, verdict = step(rules, state, move(trigger, override=reason))
            if not verdict.allowed:
                assert not usable, (trigger, usable)
                if mine and not override:
                    assert verdict.messages == list(dict.fromkeys(
                        r for o in mine for r in o.reasons))  # fmt: skip
                continue
            # The machine asks the candidates in the definition's order; an override takes the
            # first that needs no waiving, else the first, setting aside only what it lacks.
            first = next((o for o in mine if o.allowed), usable[0])
            assert (after.stage, verdict.transition.body if verdict.transition else None) == (
                first.dest, first.body
            )  # fmt: skip
            assert [r.message for r in verdict.waived] == list(first.reasons)

    agree()


@pytest.mark.parametrize("name", RULES)
def test_a_move_by_target_stage_arrives_there_by_allowed_steps(name: str) -> None:
    rules, wf, _ = _of(name)

    @WALKS
    @given(state=states(name), dest=st.sampled_from(wf.state_names))
    def reaches(state: ProposalState, dest: str) -> None:
        try:
            route = route_to(rules, state, dest, DAY)
        except TransitionNotAllowed as refused:
            assert str(refused)
            assert not any(o.allowed and o.dest == dest for o in options(rules, state, DAY)) or (
                len({o.trigger for o in options(rules, state, DAY)
                     if o.allowed and o.dest == dest}) > 1
            )  # fmt: skip
            return
        s = state
        for i, planned in enumerate(route):
            event = mark(planned.milestone) if planned.milestone else move(
                str(planned.trigger), planned.dest)  # fmt: skip
            implied = replace(event, kind="implied") if i < len(route) - 1 else event
            s, verdict = step(rules, s, implied)
            assert verdict.allowed, (planned, verdict.messages)
        assert s.stage == dest

    reaches()


@pytest.mark.parametrize("name", RULES)
def test_every_stage_can_reach_an_end(name: str) -> None:
    """Following transitions (whatever their rules), some terminal stage is always ahead."""
    _, wf, _ = _of(name)
    terminal = {s.name for s in wf.states if s.terminal}
    for stage in wf.state_names:
        seen, frontier = {stage}, [stage]
        while frontier:
            for t in wf.transitions_from(frontier.pop()):
                if t.dest not in seen:
                    seen.add(t.dest)
                    frontier.append(t.dest)
        assert seen & terminal, stage
