"""A proposal's state as its history leaves it: what the rule core reads and returns.

:class:`ProposalState` is derived, never entered: the rule core (:mod:`govflow.workflow.rules`)
makes each state from the one before and an event, and a replay (:mod:`govflow.workflow.replay`)
folds a whole history. Its collections are tuples (and a mapping never changed in place), so a
state can be kept while the next one is made from it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import MISSING, dataclass, field, fields
from typing import Any

from govflow.model import Deadline, Event, built
from govflow.workflow.definition import Situation


@dataclass(slots=True)
class ProposalState:
    """A proposal as its events leave it. An empty state (no ``stage``) is not raised yet."""

    version: int = 0  # the version of its workflow whose rules apply
    stage: str = ""
    path: str | None = None  # the route's name; None: not on record
    flags: frozenset[str] = frozenset()
    unknown_flags: frozenset[str] = frozenset()  # flags recorded as not on record
    # milestones one of a kind not on record may be (recorded ``may_be`` milestones)
    unknown_milestones: frozenset[str] = frozenset()
    milestones: tuple[str, ...] = ()  # in the order first recorded
    reference: str = ""
    prefix: str = ""
    title: str = ""
    proposer: str | None = None
    raised_on: dt.date | None = None
    releases: Mapping[str, tuple[str, str | None]] = field(default_factory=dict)
    deadlines: tuple[Deadline, ...] = ()
    stage_event: Event | None = None  # the event that entered the stage
    decision: Event | None = None  # the last transition (not the raise)
    last: Event | None = None
    latest_on: dt.date | None = None
    vote: str | None = None  # the latest vote's outcome
    decisions: tuple[dict[str, Any], ...] = ()  # with a direction, in order
    solutions: tuple[str, ...] = ()  # the alternatives raised (MP122A: "A")
    votes: Mapping[str, str] = field(default_factory=dict)  # per solution ("": the original)
    # milestones recorded naming an alternative (0990A: its variation accepted, 0990AV), and
    # those of them also recorded for the whole record (see workflow/solutions.py: milestones_of)
    solution_milestones: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    record_too: tuple[str, ...] = ()
    # alternatives shared with other records (CMP264/265 WACM4): letter -> the other records
    shared: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def raised(self) -> bool:
        return bool(self.stage)

    def copy(self) -> ProposalState:
        """A shallow copy (its fields are replaced, never changed in place): the rule core keeps
        the state it was given (``dataclasses.replace`` costs several times more)."""
        return _copied(self)

    @property
    def situation(self) -> Situation:
        return self._situation(self.vote)

    def _situation(self, vote: str | None) -> Situation:
        """``Situation(...)`` of this state with ``vote``, made without the frozen dataclass's
        ``__init__`` (seven ``object.__setattr__``; the rule core asks for one most events);
        ``tests/test_rule_core_fast.py`` holds it to the constructor's."""
        return built(Situation, {
            "stage": self.stage, "milestones": frozenset(self.milestones), "path": self.path,
            "flags": self.flags, "vote": vote, "unknown_flags": self.unknown_flags,
            "unknown_milestones": self.unknown_milestones,
        })  # fmt: skip

    def vote_on(self, solution: object) -> str | None:
        """The latest vote's outcome on a solution (its letter, "" for the original): with votes
        by solution on record, that solution's own (None: not voted on); else the latest vote."""
        if self.votes and isinstance(solution, str):
            return self.votes.get(solution)
        return self.vote

    def situation_for(self, solution: object) -> Situation:
        """The situation a decision on ``solution`` is judged in: its own vote."""
        if not self.votes or not isinstance(solution, str):
            return self._situation(self.vote)
        return self._situation(self.votes.get(solution))

    def outcomes(self) -> dict[str, Any]:
        """The row's ``outcomes`` column: only what the history holds (old records: ``{}``).
        Most states hold none of it: then ``{}`` at once, without making each empty value
        (every write of a row asks)."""
        if not (
            self.vote or self.decisions or self.solutions or self.votes or self.unknown_flags
            or self.unknown_milestones or self.solution_milestones or self.record_too
            or self.shared
        ):  # fmt: skip
            return {}
        found = {
            "vote": self.vote, "decisions": list(self.decisions), "solutions": list(self.solutions),
            "votes": dict(self.votes), "flags_not_on_record": sorted(self.unknown_flags),
            "milestones_may_be": sorted(self.unknown_milestones),
            "solution_milestones": {k: list(v) for k, v in self.solution_milestones.items()},
            "record_too": list(self.record_too),
            "shared": {k: list(v) for k, v in self.shared.items()},
        }  # fmt: skip
        return {k: v for k, v in found.items() if v}

    def row_values(self) -> dict[str, Any]:
        """The proposal row's derived columns."""
        return {
            "stage": self.stage, "path": self.path, "flags": sorted(self.flags),
            "milestones": list(self.milestones), "prefix": self.prefix,
            "proposer": self.proposer, "raised_on": self.raised_on,
            "outcomes": self.outcomes(),
        }  # fmt: skip


def _copier() -> Callable[[ProposalState], ProposalState]:
    """A function that copies a state slot by slot, one line a field, written from the fields
    as ``dataclasses`` writes ``__init__``: without the call to ``__init__`` (its arguments bound
    one by one), which cost most of a copy; every advance copies the state it judged."""
    lines = "".join(f"    c.{f.name} = s.{f.name}\n" for f in fields(ProposalState))
    code = f"def copied(s):\n    c = new(cls)\n{lines}    return c\n"
    found: dict[str, Any] = {"new": object.__new__, "cls": ProposalState}
    exec(code, found)  # the text is made above from the field names alone
    copied: Callable[[ProposalState], ProposalState] = found["copied"]
    return copied


_copied = _copier()


#: The fields a proposal's row gives a state (:func:`govflow.records.lookup.state_of`), in the
#: order :data:`state_from_row` takes them.
FROM_ROW = (
    "version", "stage", "path", "flags", "milestones", "prefix", "title", "proposer",
    "raised_on", "latest_on",
)  # fmt: skip


def _maker() -> Callable[..., ProposalState]:
    """A function making a state from :data:`FROM_ROW`'s values, every other field its default
    (a factory's called anew), each slot set once: ``ProposalState()`` sets all twenty-five and
    a row's ten were then set again, and every advance makes one. Written from the fields as
    :func:`_copier`; ``tests/test_rule_core_fast.py`` holds it to the constructor's."""
    found: dict[str, Any] = {"new": object.__new__, "cls": ProposalState}
    lines = []
    for f in fields(ProposalState):
        if f.name in FROM_ROW:
            lines.append(f"    c.{f.name} = {f.name}\n")
        elif f.default_factory is dict:  # a display, not a call: a new empty dict each state
            lines.append(f"    c.{f.name} = {{}}\n")
        elif f.default_factory is not MISSING:
            found[f"made_{f.name}"] = f.default_factory
            lines.append(f"    c.{f.name} = made_{f.name}()\n")
        else:
            found[f"default_{f.name}"] = f.default
            lines.append(f"    c.{f.name} = default_{f.name}\n")
    code = f"def made({', '.join(FROM_ROW)}):\n    c = new(cls)\n{''.join(lines)}    return c\n"
    exec(code, found)  # the text is made above from the field names alone
    made: Callable[..., ProposalState] = found["made"]
    return made


state_from_row = _maker()
