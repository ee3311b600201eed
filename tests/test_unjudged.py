"""A history the rule core calls plain (``workflow/unjudged.py``) reads the same judged again or
not: ``annotated`` tells it as it stands (and the events after the last that judging may mark)
only where judging every event would tell it the same.

Histories are drawn with no regard for the rules (hypothesis), over every shipped workflow:
raises of any version (or one that is not), moves by any trigger from and to any stage (or none),
milestones of any name, every kind of event and one that is not, dates in any order, moves by
target stage; half of them from what the query calls plain but one event, so that both answers
are drawn often. Whatever the query says, ``annotated`` must equal the history judged event by
event.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govflow.model import KINDS, Event
from govflow.workflow.by_target import ENTERED
from govflow.workflow.definition import Workflow
from govflow.workflow.replay import _judged_again, annotated
from govflow.workflow.rules import judge
from govflow.workflow.state import ProposalState
from govflow.workflow.unjudged import may_leave_unjudged, plain, to_judge
from govflow.workflow.verdict import Rules
from tests.rules_kit import REGISTRY, mark, move, rules_of

RULES = {name: rules_of(name) for name in REGISTRY.names}
START = dt.date(2021, 1, 4)
CASES = settings(
    max_examples=150, derandomize=True, database=None, deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)  # fmt: skip


def _raise(wf: Workflow, stage: str, version: object, on: dt.date = START, **more: object) -> Event:
    prefix = next((p.prefix for p in wf.references.prefixes if stage in p.entry), "MP")
    payload = {"title": "A fictional proposal", "workflow": wf.name, "workflow_version": version,
               "reference": f"{prefix}901", "path": None, "flags": [], **more}  # fmt: skip
    return Event(kind="raised", occurred_on=on, to_stage=stage, payload=payload)


Pool = tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]  # milestones, triggers, kinds


@dataclass(frozen=True)
class Names:
    """One workflow's names to draw from: those the query calls plain, those it does not, those
    the workflow knows, and any."""

    wf: Workflow
    entry: tuple[str, ...]  # the stages a proposal is raised in
    stages: tuple[str | None, ...]
    pools: dict[str, Pool]


_PLAIN_KINDS = ("link", "route", "proposer", "release", "relabel", "related", "correction")
_MARKED_KINDS = ("reached", "alternative", "migrated", "reached", "alternative")


@functools.cache
def _names(name: str) -> Names:
    wf = REGISTRY.get(name)
    table = plain(wf)
    milestones, triggers = tuple(m.name for m in wf.milestones), tuple(wf.triggers)
    plain_ms, plain_ts = tuple(sorted(table.milestones)), tuple(sorted(table.triggers))
    return Names(
        wf, tuple(s for p in wf.references.prefixes for s in p.entry or (wf.initial,)),
        (None, *wf.state_names, "no_such_stage"),
        {
            "plain": (plain_ms, plain_ts, _PLAIN_KINDS),
            "other": (tuple(m for m in milestones if m not in plain_ms),
                      tuple(t for t in triggers if t not in plain_ts), _MARKED_KINDS),
            "known": (milestones, triggers, _PLAIN_KINDS + _MARKED_KINDS),
            "any": ((*milestones, "no_such_milestone"), (*triggers, "no_such_trigger"),
                    (*_PLAIN_KINDS, *_MARKED_KINDS, "bogus")),
        },
    )  # fmt: skip


_WHAT = ["mark"] * 3 + ["move"] * 3 + ["other"] * 2 + ["raise", "odd"]
_ONE = ["mark", "move", "other"]


def _on(draw: st.DrawFn, day: dt.date) -> dt.date:
    """``day``, or now and then a day before it (an entry dated before the last)."""
    return day - dt.timedelta(days=draw(st.sampled_from([0, 0, 0, 0, 0, 0, 3, 40, 400])))


@st.composite
def histories(draw: st.DrawFn, name: str) -> list[Event]:
    """A raise (most often), then up to a dozen events: most moves and milestones fit the
    stage the events before them lead to (so that many are allowed, and some leave a rule
    unchecked), the others are drawn from every name. Half the histories draw from what the
    query calls plain, with one event from what it does not."""
    n = _names(name)
    mode = draw(st.sampled_from(["plain", "plain", "known", "any"]))  # names and kinds drawn from
    count = draw(st.integers(0, 12))
    special = draw(st.integers(0, count)) if mode == "plain" else -1  # one event of another
    version = draw(st.sampled_from([n.wf.version] * 12 + [0, 99, "x", None]))
    stage = draw(st.sampled_from([*n.entry * 3, *n.wf.state_names]))
    over = draw(st.sampled_from([None, "a fictional reason"]))  # raised in any stage
    first = _raise(n.wf, stage, version, **({"override": over} if over else {}))
    facts, day = [first] if draw(st.integers(0, 9)) else [], START + dt.timedelta(days=100)
    for i in range(count):
        milestones, triggers, kinds = n.pools["other" if i == special else mode]
        day += dt.timedelta(days=draw(st.integers(0, 20)))
        on, seq = _on(draw, day), len(facts) + 1
        what = draw(st.sampled_from(_ONE if i == special else _WHAT))
        over = draw(st.sampled_from([None, None, "a fictional reason"]))
        if what == "mark":
            here = [m.name for m in n.wf.milestones if m.name in milestones
                    and (not m.states or stage in m.states)]  # fmt: skip
            named = draw(st.sampled_from(here if here and draw(st.booleans()) else milestones))
            kind = draw(st.sampled_from(["milestone", "milestone", "implied"]))
            fact = mark(named, on=on, override=over) if over else mark(named, on=on, kind=kind)
        elif what == "move":
            ways = [t for t in n.wf.transitions if stage in t.sources and t.trigger in triggers]
            if ways and draw(st.integers(0, 3)):
                way = draw(st.sampled_from(ways))
                trigger, source, dest = way.trigger, stage, way.dest
                stage = dest  # where it leads, when allowed
            else:
                trigger = draw(st.sampled_from(triggers))
                source, dest = draw(st.sampled_from(n.stages)), draw(st.sampled_from(n.stages))
            kind = draw(st.sampled_from(["transition", "transition", "implied"]))
            fact = move(trigger, dest, on=on, from_stage=source, seq=seq,
                        **({"override": over} if over else {"kind": kind}))  # fmt: skip
        elif what == "raise":
            fact = _raise(n.wf, draw(st.sampled_from(n.wf.state_names)), version, on)
        elif what == "odd":  # fields a kind does not carry, or a move entered by target stage
            fact = draw(st.sampled_from([
                mark(milestones[0], on=on, trigger=triggers[0]),
                mark(milestones[0], on=on, from_stage=n.wf.initial),
                move(triggers[0], None, on=on, payload={ENTERED: {"to": n.wf.initial}}),
                Event(kind="link", occurred_on=on, milestone=milestones[0]),
            ]))  # fmt: skip
        else:
            kind = draw(st.sampled_from(kinds))
            stages = {} if kind not in ("reached", "migrated") else {
                "from_stage": draw(st.sampled_from([stage, *n.stages])),
                "to_stage": draw(st.sampled_from(n.stages)),
            }  # fmt: skip
            payloads = _payloads(n.wf) if kind != "alternative" else [{"solution": "A"}, {}]
            fact = Event(kind=kind, occurred_on=on, seq=seq, **stages,
                         payload=draw(st.sampled_from(payloads)))  # fmt: skip
        facts.append(fact)
    return sorted(facts, key=lambda f: f.occurred_on)


def _payloads(wf: Workflow) -> list[dict[str, object]]:
    return [
        {}, {"to": "someone"}, {"release": "R1", "status": "targeted"}, {"solution": "A"},
        {"path": {"to": "1"}, "flags": {"to": [], "not_on_record": sorted(wf.flags)[:1]}},
        {"from_version": wf.version, "to_version": wf.version - 1},
    ]  # fmt: skip


def _outcome(tell: Callable[[Rules, list[Event]], list[Event]], rules: Rules,
             facts: list[Event]) -> list[Event] | type[Exception]:  # fmt: skip
    try:
        return tell(rules, facts)
    except Exception as exc:  # the same failure either way (a raise judge and step read apart)
        return type(exc)


def _agree(rules: Rules, facts: list[Event]) -> None:
    told = _outcome(annotated, rules, facts)
    judged = _outcome(_judged_again, rules, facts)
    if not isinstance(judged, list):
        assert told is judged and may_leave_unjudged(rules, facts)
        return
    assert isinstance(told, list)
    assert told == judged
    assert [f.payload for f in told] == [f.payload for f in judged]
    after = to_judge(rules, facts)  # the events after it are told as they stand
    kept = zip(told[after:], facts[after:], strict=True)
    assert all(a is b or a.kind == "raised" for a, b in kept)
    assert after == 0 or may_leave_unjudged(rules, facts)


@pytest.mark.parametrize("name", sorted(RULES))
def test_a_history_reads_the_same_judged_again_or_not(name: str) -> None:
    @CASES
    @given(facts=histories(name))
    def check(facts: list[Event]) -> None:
        _agree(RULES[name], facts)

    check()


def _everything_unknown(wf: Workflow, stage: str) -> ProposalState:
    every = frozenset(m.name for m in wf.milestones)
    return ProposalState(
        version=wf.version, stage=stage, unknown_flags=frozenset(wf.flags),
        unknown_milestones=every, raised_on=START, latest_on=START,
    )  # fmt: skip


@pytest.mark.parametrize("name", sorted(RULES))
def test_what_the_query_calls_plain_judge_never_leaves_unchecked(name: str) -> None:
    """From every stage, with no route, every flag and every milestone not on record."""
    rules = RULES[name]
    for version in REGISTRY.versions(name):
        wf = rules.of(version)[0]
        table = plain(wf)
        assert table.milestones and table.triggers  # the query is not vacuous
        for stage in wf.state_names:
            state = _everything_unknown(wf, stage)
            for over in (None, "a fictional reason"):
                events = [mark(m, override=over) for m in table.milestones] + [
                    move(t, dest, override=over, from_stage=stage, seq=9)
                    for t in table.triggers for dest in (None, *wf.state_names)
                ]  # fmt: skip
                for event in events:
                    assert judge(rules, state, event).unchecked == (), (stage, event)


def test_a_history_of_plain_milestones_is_told_as_it_stands() -> None:
    rules = RULES["sec-modification"]
    wf = rules.of(1)[0]
    assert "critical_friend_comments" in plain(wf).milestones
    facts = [_raise(wf, "draft", 1), *(mark("critical_friend_comments") for _ in range(5))]
    assert not may_leave_unjudged(rules, facts) and to_judge(rules, facts) == 0
    assert annotated(rules, facts) == facts


def test_only_the_events_up_to_the_last_that_may_be_marked_are_judged_again() -> None:
    rules = RULES["sec-modification"]
    wf = rules.of(1)[0]
    facts = [
        _raise(wf, "initial_consideration", 1),
        move("start_refinement", "refinement", from_stage="initial_consideration", seq=2),
        *(mark("working_group_meeting") for _ in range(3)),
    ]  # fmt: skip
    assert to_judge(rules, facts) == 2
    told = annotated(rules, facts)
    assert told[1].payload.get("unchecked")  # no route on record
    assert all(a is b for a, b in zip(told[2:], facts[2:], strict=True))
    wf = rules.of(3)[0]  # a consultation of unknown kind may be the Refinement Consultation
    marks = [mark(m) for m in ("consultation_opened", "refinement_consultation_closed",
                               "working_group_meeting")]  # fmt: skip
    facts = [_raise(wf, "refinement", 3, override="a fictional reason"), *marks]
    assert to_judge(rules, facts) == 3
    assert annotated(rules, facts)[2].payload.get("unchecked")
    versions = {"from_version": 1, "to_version": 2}
    migrated = Event(kind="migrated", occurred_on=START, from_stage="refinement",
                     to_stage="refinement", payload=versions)  # fmt: skip
    assert to_judge(rules, [*facts, migrated, facts[-1]]) == len(facts) + 2


_GAP = Event(kind="reached", occurred_on=START, from_stage="initial_consideration",
             to_stage="report")  # fmt: skip
_MAY_BE_MARKED = [
    pytest.param(move("send_to_report", "report", from_stage="initial_consideration"), id="move"),
    pytest.param(_GAP, id="reached"),
    pytest.param(Event(kind="bogus", occurred_on=START), id="unknown-kind"),
    pytest.param(mark("no_such_milestone"), id="unknown-milestone"),
    pytest.param(move("no_such_trigger", "report"), id="unknown-trigger"),
    pytest.param(move("submit", payload={ENTERED: {"to": "development"}}), id="by-target"),
    pytest.param(
        Event(kind="alternative", occurred_on=START, payload={"solution": "A"}),
        id="alternative-under-an-unconfirmed-rule",
    ),
]


@pytest.mark.parametrize("extra", _MAY_BE_MARKED)
def test_what_may_leave_a_rule_unchecked_is_judged_again(extra: Event) -> None:
    rules = RULES["sec-modification"]
    facts = [_raise(rules.of(3)[0], "initial_consideration", 3), extra]
    assert may_leave_unjudged(rules, facts)
    _agree(rules, facts)


def test_a_move_whose_route_is_not_on_record_is_marked_unchecked() -> None:
    """The query's yes is not vacuous: judged again, the move says what it left unchecked."""
    rules = RULES["sec-modification"]
    wf = rules.of(1)[0]
    assert "send_to_report" not in plain(wf).triggers
    facts = [
        _raise(wf, "initial_consideration", 1),  # no route on record
        move("send_to_report", "report", from_stage="initial_consideration", seq=2),
    ]  # fmt: skip
    told = annotated(rules, facts)
    assert told[-1].payload.get("unchecked"), told[-1].payload


def test_a_raise_of_a_version_not_defined_is_judged_again() -> None:
    rules = RULES["sec-modification"]
    wf = rules.of(1)[0]
    for version in (0, 99, "x", None, [1]):
        facts = [_raise(wf, "draft", version), mark("critical_friend_comments")]
        assert may_leave_unjudged(rules, facts)
        _agree(rules, facts)
    assert may_leave_unjudged(rules, [mark("critical_friend_comments")])  # no raise at all


def test_every_kind_is_known_to_the_query() -> None:
    """A kind added to the record must be placed: plain, or judged by name."""
    from govflow.workflow import unjudged

    assert set(KINDS) == unjudged._PLAIN_KINDS | unjudged._MOVES | {
        "milestone", "reached", "alternative", "migrated",
    }  # fmt: skip
