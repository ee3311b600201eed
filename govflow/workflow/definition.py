"""A workflow as plain frozen dataclasses: no I/O and no state machine here.

A :class:`Workflow` is what ``loader`` builds from a file and ``machine`` turns into an engine.
Requirements are data (:mod:`govflow.workflow.requirements`, re-exported here): each kind is a
small class registered in :data:`REQUIREMENT_KINDS`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TypeVar

from govflow.workflow.alternatives import AlternativeRule
from govflow.workflow.requirements import (
    REQUIREMENT_KINDS,
    TRANSITION_OUTCOMES,
    AnyOf,
    FlagSet,
    FlagUnset,
    MilestoneAbsent,
    MilestoneRecorded,
    PathIn,
    Requirement,
    Situation,
    VoteNotWent,
    VoteWent,
    unmet,
)
from govflow.workflow.votes import Voting

__all__ = [
    "OPEN_SOURCES", "REQUIREMENT_KINDS", "TRANSITION_OUTCOMES", "WINDOW_KINDS", "AnyOf", "Body",
    "FlagSet", "FlagUnset", "Mark", "Milestone", "MilestoneAbsent", "MilestoneRecorded",
    "PathIn", "Prefix", "ReferenceScheme", "Relabel", "Requirement", "Situation", "State",
    "Step", "Transition", "VoteNotWent", "VoteWent", "Window", "Workflow", "approved_stages",
    "deciders", "prefix_of", "route_name", "unmet",
]  # fmt: skip

OPEN_SOURCES = "*"


def route_name(value: object) -> str | None:
    """A route as stored: its name. Events written before routes had names hold a number (3)."""
    return None if value is None or value == "" else str(value)


# in a transition's ``source``: every state that is not terminal


#: The kinds of window: a deadline the rules set (overdue when it passes unmet), a duration
#: observed in practice (later than usual, never overdue), a window that lapses by itself.
WINDOW_KINDS = ("deadline", "expected", "lapses")


@dataclass(frozen=True)
class Window:
    """A window in working days that opens with a stage or milestone (computed by the calendar)."""

    working_days: int
    label: str = ""  # how lists name the window (default: its state's or milestone's label)
    closed_by: tuple[str, ...] = ()  # milestone names or triggers that close it
    when: tuple[Requirement, ...] = ()  # the window applies only when these are met
    note: str = ""  # e.g. why the length is unconfirmed
    kind: str = "deadline"  # one of WINDOW_KINDS
    before: tuple[str, ...] = ()  # (lapses) triggers refused until the window has lapsed


@dataclass(frozen=True)
class Step:
    """A named step inside a state (the Working Group inside Refinement)."""

    name: str
    label: str
    body: str
    description: str = ""
    milestones: tuple[str, ...] = ()


@dataclass(frozen=True)
class State:
    name: str
    label: str
    description: str
    body: str
    terminal: bool = False
    steps: tuple[Step, ...] = ()
    deadline: Window | None = None


@dataclass(frozen=True)
class Transition:
    trigger: str
    sources: tuple[str, ...]
    dest: str
    body: str
    description: str = ""
    requires: tuple[Requirement, ...] = ()
    outcome: str = ""  # approve, reject or as_voted: a decision with a direction
    decided_by: tuple[str, ...] = ()  # the bodies whose meetings may take it (default: body)
    after_release: bool = False  # refused before the date of the release it is targeted at

    @property
    def deciders(self) -> tuple[str, ...]:
        return self.decided_by or (self.body,)


@dataclass(frozen=True)
class Milestone:
    name: str
    label: str
    body: str
    description: str = ""
    states: tuple[str, ...] = ()  # where it may be recorded; empty means any open state
    requires: tuple[Requirement, ...] = ()
    deadline: Window | None = None
    vote: str = ""  # the body whose vote it records (declared under ``votes``)
    # the milestones it may stand for, its kind not on record (a consultation of unknown kind):
    # a rule that needs one of them is unchecked once it is recorded, neither met nor refused
    may_be: tuple[str, ...] = ()


@dataclass(frozen=True)
class Prefix:
    """A reference prefix (``DP``, ``MP``, ``SECMP``) and where a proposal may be raised with it."""

    prefix: str
    meaning: str
    width: int = 0  # zero-padding of the number when displayed (SECMP0007)
    entry: tuple[str, ...] = ()  # states a proposal may be raised in under this prefix
    legacy: bool = False
    read_also: tuple[str, ...] = ()  # other prefixes read as this one (UNC0678 for 0678)
    in_text_after: tuple[str, ...] = ()  # words a bare number follows in text (Modification)


@dataclass(frozen=True)
class Mark:
    """A status mark written after a reference's number (UNC ``V``, ``S``, ``FT``). It does not
    change which proposal is named; it is written while the proposal has ``flag`` or
    ``milestone``."""

    suffix: str
    meaning: str
    flag: str = ""
    milestone: str = ""


@dataclass(frozen=True)
class Relabel:
    """Firing ``trigger`` renames the proposal from one prefix to another (DP160 -> MP160)."""

    trigger: str
    from_prefix: str
    to_prefix: str


@dataclass(frozen=True)
class ReferenceScheme:
    """How a code writes its proposals' references. All prefixes share one number space."""

    code: str
    prefixes: tuple[Prefix, ...]
    relabels: tuple[Relabel, ...] = ()
    alternatives: bool = True  # a trailing letter marks an alternative solution (MP122A)
    alternative_label: str = ""  # numbered alternatives written after a space (CMP315 WACM1)
    marks: tuple[Mark, ...] = ()

    def flags_marked(self, marks: str) -> tuple[str, ...]:
        """The flags the marks of a spelling say a proposal has (``FT`` of 0701FT: fast_track)."""
        found, rest = [], marks.upper()
        longest_first = sorted(self.marks, key=lambda m: len(m.suffix), reverse=True)
        while rest:
            mark = next((m for m in longest_first if rest.startswith(m.suffix)), None)
            if mark is None:
                break
            found.extend([mark.flag] if mark.flag else [])
            rest = rest[len(mark.suffix) :]
        return tuple(found)

    def marks_of(self, flags: Iterable[str], milestones: Iterable[str]) -> str:
        """The marks a proposal with these flags and milestones is written with (0701FT)."""
        held = set(flags) | set(milestones)
        return "".join(m.suffix for m in self.marks if (m.flag or m.milestone) in held)

    def prefix(self, name: str) -> Prefix | None:
        return next((p for p in self.prefixes if p.prefix == name.upper()), None)


@dataclass(frozen=True)
class Body:
    code: str
    name: str
    committee: bool = True  # registered as a committee when a database is created


@dataclass(frozen=True)
class Workflow:
    name: str
    title: str
    version: int
    in_force_from: dt.date
    initial: str
    states: tuple[State, ...]
    transitions: tuple[Transition, ...]
    milestones: tuple[Milestone, ...]
    references: ReferenceScheme
    bodies: tuple[Body, ...] = ()
    paths: Mapping[str, str] = field(default_factory=dict)  # routes: name -> description
    flags: Mapping[str, str] = field(default_factory=dict)
    route_term: str = "Route"  # what the code calls a route ("Path" in the SEC)
    first_day_counts: bool = True
    description: str = ""
    source: str = ""  # the file it came from
    text: str = field(default="", repr=False, compare=False)  # the source text, as read
    votes: tuple[Voting, ...] = ()
    #: Earlier version -> {its stage -> this version's stage}: how open proposals move here.
    migrates_from: Mapping[int, Mapping[str, str]] = field(default_factory=dict)
    #: When and by whom an alternative solution may be raised.
    alternative_rule: AlternativeRule = field(default_factory=AlternativeRule)

    def route_text(self, name: str | None) -> str:
        """A route as the code writes it: a numbered one as ``Path 3: description``, a named
        one by its description (``Self-Governance``), an unset one as ``""``."""
        if name is None:
            return ""
        label = self.paths.get(name, "")
        if name.isdigit():
            return f"{self.route_term} {name}: {label}".rstrip(": ")
        return label or name

    def voting(self, body: str) -> Voting | None:
        return next((v for v in self.votes if v.body == body), None)

    @cached_property
    def key(self) -> str:
        return f"{self.name}@{self.version}"

    def state(self, name: str) -> State | None:
        return self._states.get(name)

    @cached_property
    def _states(self) -> dict[str, State]:
        """The stages by name, built once: a definition never changes."""
        return _by_name(self.states)

    @cached_property
    def _milestones(self) -> dict[str, Milestone]:
        return _by_name(self.milestones)

    def stage_called(self, text: str) -> str:
        """The stage ``text`` names: its name, or its label in any case ("Pending
        Implementation" for ``approved``); ``text`` itself when it names none."""
        if self.state(text) is not None:
            return text
        wanted = text.strip().casefold()
        return next((s.name for s in self.states if s.label.casefold() == wanted), text)

    def milestone(self, name: str) -> Milestone | None:
        return self._milestones.get(name)

    @cached_property
    def state_names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.states)

    @cached_property
    def milestone_names(self) -> tuple[str, ...]:
        return tuple(m.name for m in self.milestones)

    @cached_property
    def body_codes(self) -> tuple[str, ...]:
        return tuple(b.code for b in self.bodies)

    @property
    def open_states(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.states if not s.terminal)

    @property
    def triggers(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(t.trigger for t in self.transitions))

    def transitions_from(self, stage: str) -> tuple[Transition, ...]:
        return self._leaving.get(stage, ())

    @cached_property
    def _leaving(self) -> dict[str, tuple[Transition, ...]]:
        """The transitions from each stage, in the workflow's order, built once (the checks ask
        for every stage's)."""
        found: dict[str, list[Transition]] = {}
        for t in self.transitions:
            for stage in dict.fromkeys(t.sources):
                found.setdefault(stage, []).append(t)
        return {stage: tuple(ts) for stage, ts in found.items()}

    def body_on_route(self, trigger: str | None, dest: str | None, path: str | None) -> str | None:
        """The body the workflow fixes for a move by ``trigger`` to ``dest`` on route ``path``
        (the one body of every such transition the route allows), or None: no route on record,
        or the route leaves it open."""
        if path is None or trigger is None or dest is None:
            return None
        bodies = {
            t.body for t in self.transitions
            if t.trigger == trigger and t.dest == dest
            and all(r.met(Situation(stage=dest, path=path))
                    for r in t.requires if isinstance(r, PathIn))
        }  # fmt: skip
        return bodies.pop() if len(bodies) == 1 else None

    def step_of(self, stage: str, milestone: str) -> Step | None:
        state = self.state(stage)
        if state is None:
            return None
        return next((s for s in state.steps if milestone in s.milestones), None)


_Named = TypeVar("_Named", State, Milestone)


def _by_name(items: Iterable[_Named]) -> dict[str, _Named]:
    """``items`` by name, the first of each name (as a search in order finds it)."""
    found: dict[str, _Named] = {}
    for item in items:
        found.setdefault(item.name, item)
    return found


# -- what a definition implies, worked out once ------------------------------------------------
def prefix_of(wf: Workflow, reference: str) -> str:
    """The longest of the workflow's prefixes that ``reference`` starts with."""
    text = reference.upper().replace(" ", "")
    known = sorted((p.prefix for p in wf.references.prefixes), key=len, reverse=True)
    return next((p for p in known if text.startswith(p)), "")


_APPROVED: dict[str, frozenset[str]] = {}


def approved_stages(wf: Workflow) -> frozenset[str]:
    """The stages that hold an approval: entered only by transitions that approve, or only from
    such stages by transitions that decide nothing (SEC: ``approved``, then ``implemented``)."""
    found = _APPROVED.get(wf.key)
    if found is None:
        stages: set[str] = set()
        changed = True
        while changed:
            changed = False
            for state in wf.states:
                into = [t for t in wf.transitions if t.dest == state.name]
                if state.name in stages or not into:
                    continue
                if all(t.outcome == "approve" or (not t.outcome and set(t.sources) <= stages)
                       for t in into):  # fmt: skip
                    stages.add(state.name)
                    changed = True
        found = _APPROVED[wf.key] = frozenset(stages)
    return found


def deciders(wf: Workflow, t: Transition) -> tuple[str, ...]:
    """The committees whose meetings may take ``t``; none when no committee decides it (a
    proposer's withdrawal is noted at a meeting, not taken there)."""
    bodies = {b.code: b for b in wf.bodies}
    return tuple(c for c in t.deciders if not bodies or (c in bodies and bodies[c].committee))
