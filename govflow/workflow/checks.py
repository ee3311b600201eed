"""The checks a workflow must pass when it loads: names, graph shape and ambiguity.

Each check yields ``(key path, message)`` pairs; the loader adds file and line. Messages name the
offending value, the values allowed there and a near match when there is one.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator

from govflow.errors import hint
from govflow.workflow.definition import (
    TRANSITION_OUTCOMES,
    WINDOW_KINDS,
    Requirement,
    Window,
    Workflow,
)
from govflow.workflow.migrates import check_migrations
from govflow.workflow.votes import OUTCOMES

Problem = tuple[str, str]


def _unknown(kind: str, value: str, allowed: Iterable[str]) -> str:
    allowed = list(allowed)
    return (
        f"unknown {kind} {value!r}{hint(value, allowed)}; "
        f"allowed: {', '.join(allowed) if allowed else '(none declared)'}"
    )


def _names(wf: Workflow) -> dict[str, tuple[str, ...]]:
    return {
        "state": wf.state_names,
        "milestone": wf.milestone_names,
        "flag": tuple(wf.flags),
        "path": tuple(wf.paths),
        "body": wf.body_codes,
        "outcome": OUTCOMES,
    }


def _check_requirements(
    wf: Workflow, requirements: Iterable[Requirement], path: str
) -> Iterator[Problem]:
    known = _names(wf)
    for i, requirement in enumerate(requirements):
        for kind, values in requirement.names().items():
            for value in values:
                if value not in known[kind]:
                    yield f"{path}[{i}].{requirement.kind}", _unknown(kind, value, known[kind])


def _check_body(wf: Workflow, body: str, path: str) -> Iterator[Problem]:
    bodies = _names(wf)["body"]
    if bodies and body and body not in bodies:
        yield path, _unknown("body", body, bodies)


def _check_deadline(wf: Workflow, deadline: Window | None, path: str) -> Iterator[Problem]:
    if deadline is None:
        return
    closers = (*_names(wf)["milestone"], *wf.triggers)
    for i, name in enumerate(deadline.closed_by):
        if name not in closers:
            yield f"{path}.closed_by[{i}]", _unknown("milestone or trigger", name, closers)
    yield from _check_requirements(wf, deadline.when, f"{path}.when")
    if deadline.kind not in WINDOW_KINDS:
        yield f"{path}.kind", _unknown("window kind", deadline.kind, WINDOW_KINDS)
    for i, name in enumerate(deadline.before):
        if name not in wf.triggers:
            yield f"{path}.before[{i}]", _unknown("trigger", name, wf.triggers)
    if deadline.before and deadline.kind != "lapses":
        yield f"{path}.before", "only a window that lapses (kind: lapses) can hold back triggers"


def check_names(wf: Workflow) -> Iterator[Problem]:
    states = wf.state_names
    if not wf.initial:
        yield (
            "initial",
            f"missing: name the state a proposal starts in; allowed: {', '.join(states)}",
        )
    elif wf.initial not in states:
        yield "initial", _unknown("state", wf.initial, states)
    for state in wf.states:
        yield from _check_body(wf, state.body, f"states.{state.name}.body")
        yield from _check_deadline(wf, state.deadline, f"states.{state.name}.deadline")
        for i, step in enumerate(state.steps):
            yield from _check_body(wf, step.body, f"states.{state.name}.steps[{i}].body")
            for j, name in enumerate(step.milestones):
                if wf.milestone(name) is None:
                    path = f"states.{state.name}.steps[{i}].milestones[{j}]"
                    yield path, _unknown("milestone", name, _names(wf)["milestone"])
    for i, t in enumerate(wf.transitions):
        path = f"transitions[{i}]"
        for j, source in enumerate(t.sources):
            if source not in states:
                yield f"{path}.source[{j}]", _unknown("state", source, states)
        if t.dest and t.dest not in states:
            yield f"{path}.dest", _unknown("state", t.dest, states)
        yield from _check_body(wf, t.body, f"{path}.body")
        yield from _check_requirements(wf, t.requires, f"{path}.requires")
    for m in wf.milestones:
        path = f"milestones.{m.name}"
        for j, stage in enumerate(m.states):
            if stage not in states:
                yield f"{path}.states[{j}]", _unknown("state", stage, states)
        yield from _check_body(wf, m.body, f"{path}.body")
        yield from _check_requirements(wf, m.requires, f"{path}.requires")
        yield from _check_deadline(wf, m.deadline, f"{path}.deadline")
        for j, name in enumerate(m.may_be):
            if wf.milestone(name) is None or name == m.name:
                yield f"{path}.may_be[{j}]", _unknown("milestone", name, _names(wf)["milestone"])


def check_decisions(wf: Workflow) -> Iterator[Problem]:
    """Votes name declared bodies; a vote milestone names a voting body; outcomes are known."""
    voting = tuple(v.body for v in wf.votes)
    for v in wf.votes:
        yield from _check_body(wf, v.body, f"votes.{v.body}")
    for i, t in enumerate(wf.transitions):
        for j, body in enumerate(t.decided_by):
            yield from _check_body(wf, body, f"transitions[{i}].decided_by[{j}]")
        if t.outcome and t.outcome not in TRANSITION_OUTCOMES:
            yield f"transitions[{i}].outcome", _unknown("outcome", t.outcome, TRANSITION_OUTCOMES)
    for m in wf.milestones:
        if m.vote and m.vote not in voting:
            yield f"milestones.{m.name}.vote", _unknown("voting body", m.vote, voting)


def check_references(wf: Workflow) -> Iterator[Problem]:
    scheme = wf.references
    prefixes = [p.prefix for p in scheme.prefixes]
    for p in scheme.prefixes:
        if p.prefix and not p.prefix.isalpha():
            yield f"references.prefixes.{p.prefix}", "a prefix is letters only, like DP or MP"
        if not p.prefix and not p.width:
            yield "references.prefixes", 'a bare number ("" prefix) needs its width, like 4 (0678)'
        for j, alias in enumerate(p.read_also):
            if not alias.isalpha():
                yield f"references.prefixes.{p.prefix}.read_also[{j}]", "letters only, like UNC"
        for j, state in enumerate(p.entry):
            if state not in wf.state_names:
                path = f"references.prefixes.{p.prefix}.entry[{j}]"
                yield path, _unknown("state", state, wf.state_names)
    yield from _check_marks(wf)
    for i, rl in enumerate(scheme.relabels):
        path = f"references.relabel[{i}]"
        if rl.trigger and rl.trigger not in wf.triggers:
            yield f"{path}.trigger", _unknown("trigger", rl.trigger, wf.triggers)
        for key, value in (("from", rl.from_prefix), ("to", rl.to_prefix)):
            if value and value not in prefixes:
                yield f"{path}.{key}", _unknown("prefix", value, prefixes)


def _check_marks(wf: Workflow) -> Iterator[Problem]:
    scheme = wf.references
    if scheme.alternative_label and not scheme.alternative_label.isalpha():
        yield "references.alternative_label", "letters only, like WACM"
    milestones = [m.name for m in wf.milestones]
    for mark in scheme.marks:
        path = f"references.marks.{mark.suffix}"
        if not mark.suffix.isalpha():
            yield path, "a mark is letters only, like V or FT"
        if mark.flag and mark.flag not in wf.flags:
            yield f"{path}.flag", _unknown("flag", mark.flag, list(wf.flags))
        if mark.milestone and mark.milestone not in milestones:
            yield f"{path}.milestone", _unknown("milestone", mark.milestone, milestones)


def _entry_states(wf: Workflow) -> set[str]:
    return {wf.initial} | {s for p in wf.references.prefixes for s in p.entry}


def check_graph(wf: Workflow) -> Iterator[Problem]:
    reached = set(_entry_states(wf)) & set(wf.state_names)
    queue = deque(reached)
    while queue:
        stage = queue.popleft()
        for t in wf.transitions_from(stage):
            if t.dest not in reached:
                reached.add(t.dest)
                queue.append(t.dest)
    if wf.initial in wf.state_names:
        for state in wf.states:
            if state.name not in reached:
                yield (
                    f"states.{state.name}",
                    f"state {state.name!r} cannot be reached from the initial state "
                    f"{wf.initial!r} or any entry state: add a transition into it or remove it",
                )
    for state in wf.states:
        outgoing = wf.transitions_from(state.name)
        if state.terminal and outgoing:
            triggers = ", ".join(sorted({t.trigger for t in outgoing}))
            yield (
                f"states.{state.name}",
                f"terminal state {state.name!r} has transitions out ({triggers}): "
                "remove them or set terminal: false",
            )
        if not state.terminal and not outgoing:
            yield (
                f"states.{state.name}",
                f"open state {state.name!r} has no way out: add a transition from it "
                "or mark it terminal: true",
            )


def _distinct(a: tuple[Requirement, ...], b: tuple[Requirement, ...]) -> bool:
    return any(x.excludes(y) or y.excludes(x) for x in a for y in b)


def check_ambiguity(wf: Workflow) -> Iterator[Problem]:
    for i, first in enumerate(wf.transitions):
        for j in range(i + 1, len(wf.transitions)):
            second = wf.transitions[j]
            shared = [s for s in first.sources if s in second.sources]
            if first.trigger != second.trigger or not shared:
                continue
            if not _distinct(first.requires, second.requires):
                yield (
                    f"transitions[{j}]",
                    f"trigger {second.trigger!r} from {shared[0]!r} also at transitions[{i}], "
                    "and their requirements do not tell them apart: give one a requirement "
                    "the other excludes (for example different paths) or rename a trigger",
                )


CHECKS: tuple[Callable[[Workflow], Iterator[Problem]], ...] = (
    check_names,
    check_references,
    check_decisions,
    check_graph,
    check_ambiguity,
    check_migrations,
)


def check(wf: Workflow) -> Iterator[Problem]:
    for run in CHECKS:
        yield from run(wf)
