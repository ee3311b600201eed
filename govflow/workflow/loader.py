"""Workflow files -> validated :class:`~govflow.workflow.definition.Workflow` objects.

A file is read with the safe YAML loader and checked completely before anything uses it: every
problem is collected (file, line, key, offending value, what is allowed there, a "did you mean")
and reported together in one :class:`~govflow.errors.InvalidWorkflow`.
"""

from __future__ import annotations

import datetime as dt
import functools
from pathlib import Path
from typing import Any

from govflow.errors import InvalidInput, InvalidWorkflow
from govflow.limits import WORKFLOW_BYTES, read_text
from govflow.workflow import checks
from govflow.workflow.alternatives import parse_alternatives
from govflow.workflow.definition import (
    OPEN_SOURCES,
    REQUIREMENT_KINDS,
    AnyOf,
    Body,
    FlagSet,
    FlagUnset,
    Milestone,
    MilestoneAbsent,
    MilestoneRecorded,
    PathIn,
    Requirement,
    State,
    Step,
    Transition,
    VoteNotWent,
    VoteWent,
    Window,
    Workflow,
)
from govflow.workflow.migrates import parse_migrates_from
from govflow.workflow.reference_section import MARK_KEYS as MARK_KEYS
from govflow.workflow.reference_section import PREFIX_KEYS as PREFIX_KEYS
from govflow.workflow.reference_section import REFERENCE_KEYS as REFERENCE_KEYS
from govflow.workflow.reference_section import RELABEL_KEYS as RELABEL_KEYS
from govflow.workflow.reference_section import parse_references
from govflow.workflow.votes import parse_votes
from govflow.workflow.yaml_reader import Reader as _Reader
from govflow.workflow.yaml_reader import join as _join
from govflow.workflow.yaml_reader import show as _show

TOP_KEYS = {
    "name": True, "title": True, "version": True, "in_force_from": True,
    "initial": False,  # required, but checks.check_names reports it with the states allowed
    "states": True, "transitions": True, "references": True, "milestones": False,
    "bodies": False, "paths": False, "routes": False, "route_term": False, "flags": False,
    "first_day_counts": False, "description": False, "votes": False, "migrates_from": False,
    "alternatives": False,
}  # fmt: skip
STATE_KEYS = {"label", "description", "body", "terminal", "steps", "deadline"}
STEP_KEYS = {"name", "label", "body", "description", "milestones"}
TRANSITION_KEYS = {
    "trigger", "source", "dest", "body", "description", "requires", "outcome", "decided_by",
    "after_release",
}  # fmt: skip
MILESTONE_KEYS = {
    "label", "body", "description", "states", "requires", "deadline", "vote", "may_be",
}  # fmt: skip
DEADLINE_KEYS = {"working_days", "label", "closed_by", "when", "note", "kind", "before"}
BODY_KEYS = {"name", "committee"}


def _requirements(r: _Reader, value: Any, path: str, top: bool = True) -> tuple[Requirement, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        r.problem(path, f"expected a list of requirements, got {_show(value)}")
        return ()
    found = (_requirement(r, item, f"{path}[{i}]", top) for i, item in enumerate(value))
    return tuple(req for req in found if req is not None)


def _requirement(r: _Reader, value: Any, path: str, top: bool) -> Requirement | None:
    data = r.mapping(value, path, [*REQUIREMENT_KINDS, "route", "message"])
    if isinstance(data, dict) and "route" in data and "path" not in data:
        data = {("path" if k == "route" else k): v for k, v in data.items()}
    kinds = [k for k in data if k in REQUIREMENT_KINDS]
    if len(kinds) != 1:
        r.problem(
            path,
            f"a requirement needs exactly one of {', '.join(REQUIREMENT_KINDS)}; "
            f"found {', '.join(kinds) or 'none'}",
        )
        return None
    kind = kinds[0]
    message = r.text(data, "message", path, required=top)
    raw = data[kind]
    at = _join(path, kind)
    if kind == "any_of":
        options = _requirements(r, raw, at, top=False)
        return AnyOf(message=message, options=options)
    if kind == "path":
        paths = raw if isinstance(raw, list) else [raw]
        if not paths or not all(_route_key(p) for p in paths):
            r.problem(at, f"expected a route (name or number) or a list of them, got {_show(raw)}")
            return None
        return PathIn(message=message, paths=tuple(str(p) for p in paths))
    if not isinstance(raw, str):
        r.problem(at, f"expected a name, got {_show(raw)}")
        return None
    if kind in ("vote", "no_vote"):
        return (VoteWent if kind == "vote" else VoteNotWent)(message=message, outcome=raw)
    simple: dict[str, type[Requirement]] = {
        "milestone": MilestoneRecorded,
        "no_milestone": MilestoneAbsent,
    }
    if kind in simple:
        return simple[kind](message=message, milestone=raw)  # type: ignore[call-arg]
    return (FlagSet if kind == "flag" else FlagUnset)(message=message, flag=raw)


def _deadline(r: _Reader, value: Any, path: str) -> Window | None:
    if value is None:
        return None
    data = r.mapping(value, path, DEADLINE_KEYS)
    days = r.integer(data, "working_days", path, default=None)
    if days is None:
        r.problem(_join(path, "working_days"), "missing (a number of working days)")
        return None
    return Window(
        working_days=days,
        label=r.text(data, "label", path, required=False),
        closed_by=r.names(data.get("closed_by"), _join(path, "closed_by")),
        when=_requirements(r, data.get("when"), _join(path, "when")),
        note=r.text(data, "note", path, required=False),
        kind=r.text(data, "kind", path, required=False) or "deadline",
        before=r.names(data.get("before"), _join(path, "before")),
    )


def _states(r: _Reader, value: Any) -> tuple[State, ...]:
    if not isinstance(value, dict) or not value:
        r.problem("states", "expected a mapping of state names to states, with at least one")
        return ()
    states = []
    for name, raw in value.items():
        path = f"states.{name}"
        data = r.mapping(raw, path, STATE_KEYS)
        steps_raw = data.get("steps") or []
        if not isinstance(steps_raw, list):
            r.problem(f"{path}.steps", f"expected a list of steps, got {_show(steps_raw)}")
            steps_raw = []
        states.append(
            State(
                name=str(name),
                label=r.text(data, "label", path),
                description=r.text(data, "description", path, required=False),
                body=r.text(data, "body", path),
                terminal=r.flag(data, "terminal", path, default=False),
                steps=tuple(_step(r, s, f"{path}.steps[{i}]") for i, s in enumerate(steps_raw)),
                deadline=_deadline(r, data.get("deadline"), f"{path}.deadline"),
            )
        )
    return tuple(states)


def _step(r: _Reader, value: Any, path: str) -> Step:
    data = r.mapping(value, path, STEP_KEYS)
    return Step(
        name=r.text(data, "name", path),
        label=r.text(data, "label", path),
        body=r.text(data, "body", path),
        description=r.text(data, "description", path, required=False),
        milestones=r.names(data.get("milestones"), f"{path}.milestones"),
    )


def _transitions(r: _Reader, value: Any, states: tuple[State, ...]) -> tuple[Transition, ...]:
    if not isinstance(value, list):
        r.problem("transitions", f"expected a list of transitions, got {_show(value)}")
        return ()
    open_states = tuple(s.name for s in states if not s.terminal)
    result = []
    for i, raw in enumerate(value):
        path = f"transitions[{i}]"
        data = r.mapping(raw, path, TRANSITION_KEYS)
        sources = r.names(data.get("source"), f"{path}.source")
        if not sources:
            r.problem(f"{path}.source", "missing (a state, a list of states, or '*')")
        if sources == (OPEN_SOURCES,):
            sources = open_states
        result.append(
            Transition(
                trigger=r.text(data, "trigger", path),
                sources=sources,
                dest=r.text(data, "dest", path),
                body=r.text(data, "body", path),
                description=r.text(data, "description", path, required=False),
                requires=_requirements(r, data.get("requires"), f"{path}.requires"),
                outcome=r.text(data, "outcome", path, required=False),
                decided_by=r.names(data.get("decided_by"), f"{path}.decided_by"),
                after_release=r.flag(data, "after_release", path, default=False),
            )
        )
    return tuple(result)


def _milestones(r: _Reader, value: Any) -> tuple[Milestone, ...]:
    if value is None:
        return ()
    if not isinstance(value, dict):
        r.problem("milestones", f"expected a mapping of milestone names, got {_show(value)}")
        return ()
    result = []
    for name, raw in value.items():
        path = f"milestones.{name}"
        data = r.mapping(raw, path, MILESTONE_KEYS)
        result.append(
            Milestone(
                name=str(name),
                label=r.text(data, "label", path),
                body=r.text(data, "body", path),
                description=r.text(data, "description", path, required=False),
                states=r.names(data.get("states"), f"{path}.states"),
                requires=_requirements(r, data.get("requires"), f"{path}.requires"),
                deadline=_deadline(r, data.get("deadline"), f"{path}.deadline"),
                vote=r.text(data, "vote", path, required=False),
                may_be=r.names(data.get("may_be"), f"{path}.may_be"),
            )
        )
    return tuple(result)


def _bodies(r: _Reader, value: Any) -> tuple[Body, ...]:
    if value is None:
        return ()
    if not isinstance(value, dict):
        r.problem("bodies", f"expected a mapping of body codes, got {_show(value)}")
        return ()
    result = []
    for code, raw in value.items():
        path = f"bodies.{code}"
        data = r.mapping(raw, path, BODY_KEYS)
        name = r.text(data, "name", path)
        result.append(Body(str(code), name, r.flag(data, "committee", path, default=True)))
    return tuple(result)


def _route_key(value: Any) -> bool:
    return isinstance(value, str | int) and not isinstance(value, bool) and str(value) != ""


def _labels(r: _Reader, value: Any, path: str, key_ok: Any = _route_key) -> dict[str, str]:
    """Routes or flags: names (a route may be a number, ``3``) -> descriptions."""
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(key_ok(k) for k in value):
        r.problem(path, "expected a mapping of names to descriptions")
        return {}
    return {str(k): str(v) for k, v in value.items()}


def _routes(r: _Reader, data: dict[str, Any]) -> dict[str, str]:
    if "paths" in data and "routes" in data:
        r.problem("routes", "give the routes once, under `routes` or `paths` (the same thing)")
    key = "routes" if "routes" in data else "paths"
    return _labels(r, data.get(key), key)


@functools.lru_cache(maxsize=64)  # a text and source: one frozen Workflow, never stale
def parse_workflow(text: str, source: str = "<text>") -> Workflow:
    """Build and check a workflow from YAML text; raise InvalidWorkflow listing every problem."""
    import yaml  # here: a shipped workflow is built from its index's data, without PyYAML

    from govflow.workflow.yaml_nodes import load_with_lines

    try:
        raw, lines = load_with_lines(text)
    except (yaml.YAMLError, ValueError) as exc:  # ValueError: a date like 2018-13-01
        raise InvalidWorkflow(source, [f"not valid YAML: {exc}"]) from None
    return build_workflow(raw, lines, text, source)


def build_workflow(raw: Any, lines: dict[str, int], text: str, source: str) -> Workflow:
    """Build and check a workflow from the data its text reads as (``lines``: each key path's
    line, for the problems); raise InvalidWorkflow listing every problem."""
    r = _Reader(source, lines)
    data = r.mapping(raw, "", TOP_KEYS)
    if raw is not None and not isinstance(raw, dict):
        raise InvalidWorkflow(source, r.problems)
    for key, required in TOP_KEYS.items():
        if required and key not in data:
            r.problem(key, "missing (required)")
    in_force = data.get("in_force_from")
    if "in_force_from" in data and not isinstance(in_force, dt.date):
        r.problem("in_force_from", f"expected a date like 2019-01-01, got {_show(in_force)}")
    states = _states(r, data.get("states"))
    workflow = Workflow(
        name=r.text(data, "name", "", required=False),
        title=r.text(data, "title", "", required=False),
        version=r.integer(data, "version", "", default=1) or 0,
        in_force_from=in_force if isinstance(in_force, dt.date) else dt.date.min,
        initial=r.text(data, "initial", "", required=False),
        states=states,
        transitions=_transitions(r, data.get("transitions"), states),
        milestones=_milestones(r, data.get("milestones")),
        references=parse_references(r, data.get("references")),
        bodies=_bodies(r, data.get("bodies")),
        paths=_routes(r, data),
        flags=_labels(r, data.get("flags"), "flags", lambda k: isinstance(k, str)),
        route_term=r.text(data, "route_term", "", required=False) or "Route",
        first_day_counts=r.flag(data, "first_day_counts", "", default=True),
        description=r.text(data, "description", "", required=False),
        source=source,
        text=text,
        votes=parse_votes(r, data.get("votes")),
        migrates_from=parse_migrates_from(r, data.get("migrates_from")),
        alternative_rule=parse_alternatives(r, data.get("alternatives"), (s.name for s in states)),
    )
    for path, message in checks.check(workflow):
        r.problem(path, message)
    if r.problems:
        raise InvalidWorkflow(source, r.problems)
    return workflow


def load_file(path: Path) -> Workflow:
    """Load and check one workflow file: a regular file of at most
    :data:`govflow.limits.WORKFLOW_BYTES`."""
    try:
        text = read_text(path, WORKFLOW_BYTES, "a workflow file")
    except InvalidInput as exc:
        raise InvalidWorkflow(str(path), [f"cannot read the file: {exc}"]) from None
    return parse_workflow(text, source=str(path))
