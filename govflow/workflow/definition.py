"""A workflow as plain frozen dataclasses: no I/O and no state machine here.

A :class:`Workflow` is what ``loader`` builds from a file and ``machine`` turns into an engine.
Requirements are data: each kind is a small class registered in :data:`REQUIREMENT_KINDS`, which
knows how to test a :class:`Situation` and whether it rules out another requirement (so the loader
can tell apart two transitions with one trigger from one state).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import ClassVar, Protocol

OPEN_SOURCES = "*"  # in a transition's ``source``: every state that is not terminal


@dataclass(frozen=True)
class Situation:
    """What the rules look at: a proposal's stage, milestones recorded, route and flags."""

    stage: str
    milestones: frozenset[str] = frozenset()
    path: int | None = None
    flags: frozenset[str] = frozenset()


class Requirement(Protocol):
    """One rule a situation must meet; ``message`` is shown when it is not met.

    Each kind below is a frozen dataclass that has these members; none inherits from this
    protocol, which only names what the loader, the checks and the engine rely on.
    """

    kind: ClassVar[str]  # the key that introduces it in a workflow file

    @property
    def message(self) -> str: ...

    def met(self, situation: Situation) -> bool: ...

    def excludes(self, other: Requirement) -> bool:
        """True when no situation can meet both this and ``other``."""
        ...

    def names(self) -> dict[str, tuple[str, ...]]:
        """Names this requirement refers to, by what they name (``milestone``, ``flag``)."""
        ...

    def describe(self) -> str: ...


@dataclass(frozen=True)
class MilestoneRecorded:
    kind: ClassVar[str] = "milestone"
    message: str
    milestone: str = ""

    def met(self, situation: Situation) -> bool:
        return self.milestone in situation.milestones

    def excludes(self, other: Requirement) -> bool:
        return isinstance(other, MilestoneAbsent) and other.milestone == self.milestone

    def names(self) -> dict[str, tuple[str, ...]]:
        return {"milestone": (self.milestone,)}

    def describe(self) -> str:
        return f"milestone {self.milestone} recorded"


@dataclass(frozen=True)
class MilestoneAbsent:
    kind: ClassVar[str] = "no_milestone"
    message: str
    milestone: str = ""

    def met(self, situation: Situation) -> bool:
        return self.milestone not in situation.milestones

    def excludes(self, other: Requirement) -> bool:
        return isinstance(other, MilestoneRecorded) and other.milestone == self.milestone

    def names(self) -> dict[str, tuple[str, ...]]:
        return {"milestone": (self.milestone,)}

    def describe(self) -> str:
        return f"milestone {self.milestone} not recorded"


@dataclass(frozen=True)
class PathIn:
    kind: ClassVar[str] = "path"
    message: str
    paths: tuple[int, ...] = ()

    def met(self, situation: Situation) -> bool:
        return situation.path in self.paths

    def excludes(self, other: Requirement) -> bool:
        if isinstance(other, PathIn):
            return not set(self.paths) & set(other.paths)
        return False

    def names(self) -> dict[str, tuple[str, ...]]:
        return {"path": tuple(str(p) for p in self.paths)}

    def describe(self) -> str:
        return "path " + " or ".join(str(p) for p in self.paths)


@dataclass(frozen=True)
class FlagSet:
    kind: ClassVar[str] = "flag"
    message: str
    flag: str = ""

    def met(self, situation: Situation) -> bool:
        return self.flag in situation.flags

    def excludes(self, other: Requirement) -> bool:
        return isinstance(other, FlagUnset) and other.flag == self.flag

    def names(self) -> dict[str, tuple[str, ...]]:
        return {"flag": (self.flag,)}

    def describe(self) -> str:
        return f"flag {self.flag}"


@dataclass(frozen=True)
class FlagUnset:
    kind: ClassVar[str] = "no_flag"
    message: str
    flag: str = ""

    def met(self, situation: Situation) -> bool:
        return self.flag not in situation.flags

    def excludes(self, other: Requirement) -> bool:
        return isinstance(other, FlagSet) and other.flag == self.flag

    def names(self) -> dict[str, tuple[str, ...]]:
        return {"flag": (self.flag,)}

    def describe(self) -> str:
        return f"not {self.flag}"


@dataclass(frozen=True)
class AnyOf:
    """Met when at least one of ``options`` is met."""

    kind: ClassVar[str] = "any_of"
    message: str
    options: tuple[Requirement, ...] = ()

    def met(self, situation: Situation) -> bool:
        return any(option.met(situation) for option in self.options)

    def excludes(self, other: Requirement) -> bool:
        return all(option.excludes(other) for option in self.options)

    def names(self) -> dict[str, tuple[str, ...]]:
        merged: dict[str, tuple[str, ...]] = {}
        for option in self.options:
            for key, values in option.names().items():
                merged[key] = merged.get(key, ()) + values
        return merged

    def describe(self) -> str:
        return "any of (" + "; ".join(o.describe() for o in self.options) + ")"


#: Requirement kinds by the key that introduces them in a workflow file.
REQUIREMENT_KINDS: Mapping[str, type[Requirement]] = {
    cls.kind: cls for cls in (MilestoneRecorded, MilestoneAbsent, PathIn, FlagSet, FlagUnset, AnyOf)
}


def unmet(requirements: tuple[Requirement, ...], situation: Situation) -> list[str]:
    """The messages of the requirements that ``situation`` does not meet, in order."""
    return [r.message for r in requirements if not r.met(situation)]


#: The kinds of window: a deadline the rules set (overdue when it passes unmet), a duration
#: observed in practice (later than usual, never overdue), a window that lapses by itself.
WINDOW_KINDS = ("deadline", "expected", "lapses")


@dataclass(frozen=True)
class Deadline:
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
    deadline: Deadline | None = None


@dataclass(frozen=True)
class Transition:
    trigger: str
    sources: tuple[str, ...]
    dest: str
    body: str
    description: str = ""
    requires: tuple[Requirement, ...] = ()


@dataclass(frozen=True)
class Milestone:
    name: str
    label: str
    body: str
    description: str = ""
    states: tuple[str, ...] = ()  # where it may be recorded; empty means any open state
    requires: tuple[Requirement, ...] = ()
    deadline: Deadline | None = None


@dataclass(frozen=True)
class Prefix:
    """A reference prefix (``DP``, ``MP``, ``SECMP``) and where a proposal may be raised with it."""

    prefix: str
    meaning: str
    width: int = 0  # zero-padding of the number when displayed (SECMP0007)
    entry: tuple[str, ...] = ()  # states a proposal may be raised in under this prefix
    legacy: bool = False


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
    paths: Mapping[int, str] = field(default_factory=dict)
    flags: Mapping[str, str] = field(default_factory=dict)
    first_day_counts: bool = True
    description: str = ""
    source: str = ""  # the file it came from

    @property
    def key(self) -> str:
        return f"{self.name}@{self.version}"

    def state(self, name: str) -> State | None:
        return next((s for s in self.states if s.name == name), None)

    def milestone(self, name: str) -> Milestone | None:
        return next((m for m in self.milestones if m.name == name), None)

    @property
    def state_names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.states)

    @property
    def open_states(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.states if not s.terminal)

    @property
    def triggers(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(t.trigger for t in self.transitions))

    def transitions_from(self, stage: str) -> tuple[Transition, ...]:
        return tuple(t for t in self.transitions if stage in t.sources)

    def step_of(self, stage: str, milestone: str) -> Step | None:
        state = self.state(stage)
        if state is None:
            return None
        return next((s for s in state.steps if milestone in s.milestones), None)
