"""Requirements as data: each kind is a small frozen dataclass registered in
:data:`REQUIREMENT_KINDS`, which knows how to test a :class:`Situation` and whether it rules out
another requirement (so the loader can tell apart two transitions with one trigger from one state).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar, Protocol


@dataclass(frozen=True)
class Situation:
    """What the rules look at: a proposal's stage, milestones recorded, route and flags, and the
    outcome of its latest vote."""

    stage: str
    milestones: frozenset[str] = frozenset()
    path: str | None = None  # the route's name (a workflow's ``paths``/``routes`` key)
    flags: frozenset[str] = frozenset()
    vote: str | None = None  # approve or reject: the latest vote's outcome
    unknown_flags: frozenset[str] = frozenset()  # flags whose value is not on record
    # milestones a milestone of a kind not on record may be (see Milestone.may_be)
    unknown_milestones: frozenset[str] = frozenset()


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
        # one a milestone of unknown kind may be is not known absent: unmet, and unchecked
        return (
            self.milestone not in situation.milestones
            and self.milestone not in situation.unknown_milestones
        )

    def excludes(self, other: Requirement) -> bool:
        return isinstance(other, MilestoneRecorded) and other.milestone == self.milestone

    def names(self) -> dict[str, tuple[str, ...]]:
        return {"milestone": (self.milestone,)}

    def describe(self) -> str:
        return f"milestone {self.milestone} not recorded"


@dataclass(frozen=True)
class PathIn:
    """Met when the proposal's route is one of ``paths`` (route names; ``route:`` in a file
    is another spelling of ``path:``)."""

    kind: ClassVar[str] = "path"
    message: str
    paths: tuple[str, ...] = ()

    def met(self, situation: Situation) -> bool:
        return situation.path in self.paths

    def excludes(self, other: Requirement) -> bool:
        if isinstance(other, PathIn):
            return not set(self.paths) & set(other.paths)
        return False

    def names(self) -> dict[str, tuple[str, ...]]:
        return {"path": self.paths}

    def describe(self) -> str:
        return "route " + " or ".join(self.paths)


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
        # a flag not on record is not known to be clear: unmet, and unchecked (see unknown)
        return self.flag not in situation.flags and self.flag not in situation.unknown_flags

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


@dataclass(frozen=True)
class VoteWent:
    """Met when the proposal's latest vote went this way (``approve`` or ``reject``)."""

    kind: ClassVar[str] = "vote"
    message: str
    outcome: str = ""

    def met(self, situation: Situation) -> bool:
        return situation.vote == self.outcome

    def excludes(self, other: Requirement) -> bool:
        if isinstance(other, VoteWent):
            return other.outcome != self.outcome
        return isinstance(other, VoteNotWent) and other.outcome == self.outcome

    def names(self) -> dict[str, tuple[str, ...]]:
        return {"outcome": (self.outcome,)}

    def describe(self) -> str:
        return f"the vote went {self.outcome}"


@dataclass(frozen=True)
class VoteNotWent:
    """Met unless the proposal's latest vote went this way (no vote on record meets it)."""

    kind: ClassVar[str] = "no_vote"
    message: str
    outcome: str = ""

    def met(self, situation: Situation) -> bool:
        return situation.vote != self.outcome

    def excludes(self, other: Requirement) -> bool:
        return isinstance(other, VoteWent) and other.outcome == self.outcome

    def names(self) -> dict[str, tuple[str, ...]]:
        return {"outcome": (self.outcome,)}

    def describe(self) -> str:
        return f"the vote did not go {self.outcome}"


#: Requirement kinds by the key that introduces them in a workflow file.
REQUIREMENT_KINDS: Mapping[str, type[Requirement]] = {
    cls.kind: cls
    for cls in (
        MilestoneRecorded,
        MilestoneAbsent,
        PathIn,
        FlagSet,
        FlagUnset,
        VoteWent,
        VoteNotWent,
        AnyOf,
    )
}

#: What a transition's ``outcome`` may say: the direction of the decision it records, or that it
#: goes the way the latest vote went (a recommendation: ``as_voted``).
TRANSITION_OUTCOMES = ("approve", "reject", "as_voted")


def unknown(requirement: Requirement, situation: Situation) -> bool:
    """Whether ``requirement`` asks for a fact the record lacks: a route, when none is on
    record, a flag recorded as not on record (a BSC Self-Governance decision not yet known), or
    a milestone that one of a kind not on record may be (a consultation of unknown kind, which
    may have been the Modification Report Consultation); any of several options, when one of
    them does. Such a requirement is neither met nor unmet: it is unchecked."""
    if isinstance(requirement, FlagSet | FlagUnset):
        return requirement.flag in situation.unknown_flags
    if isinstance(requirement, MilestoneRecorded | MilestoneAbsent):
        return requirement.milestone in situation.unknown_milestones
    if isinstance(requirement, AnyOf):
        return any(unknown(option, situation) for option in requirement.options)
    return isinstance(requirement, PathIn) and situation.path is None


def unmet(requirements: tuple[Requirement, ...], situation: Situation) -> list[str]:
    """The messages of the requirements that ``situation`` does not meet, in order."""
    return [r.message for r in requirements if not r.met(situation)]
