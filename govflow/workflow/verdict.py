"""What the rule core says of an event: a :class:`Verdict` of :class:`Reason` s, and the
:class:`Rules` it judges by (a workflow's versions with their machines, and the calendar)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from govflow.calendar import WorkingCalendar
from govflow.errors import Remedy, TransitionNotAllowed
from govflow.workflow.definition import Transition, Workflow

if TYPE_CHECKING:  # the machine (and `transitions`) loads when one is built
    from govflow.workflow.machine import Machine


@dataclass(frozen=True)
class Reason:
    """One rule an event breaks: ``rule`` names it, ``message`` says why."""

    rule: str
    message: str
    waivable: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "message": self.message, "waivable": self.waivable}


@dataclass(frozen=True)
class Verdict:
    """What the rules say of one event after one state."""

    refused: tuple[Reason, ...] = ()
    waived: tuple[Reason, ...] = ()  # what an override set aside
    transition: Transition | None = None  # the transition that fires (a stage change)
    # Rules that could not be checked for lack of facts (a route not on record): neither passed
    # nor failed; the event is allowed and says which.
    unchecked: tuple[Reason, ...] = ()

    @property
    def allowed(self) -> bool:
        return not self.refused

    @property
    def messages(self) -> list[str]:
        return [r.message for r in self.refused]

    def error(self, what: str) -> TransitionNotAllowed:
        """The refusal as an error: ``what`` (``Cannot advance MP122 with 'approve'``) and every
        reason."""
        return TransitionNotAllowed(
            f"{what}: {'; '.join(self.messages)}.", self.messages, remedy=self.remedy
        )

    @property
    def remedy(self) -> Remedy | None:
        """An override, when it would set aside every reason the event is refused."""
        waivable = self.refused and all(r.waivable for r in self.refused)
        return Remedy("override") if waivable else None


class Rules:
    """What the rule core needs besides a state and an event: a workflow's versions (each with
    its machine) and the working-day calendar (or how to get it, when a window first needs it:
    a database's calendar is read from its closures)."""

    def __init__(
        self,
        name: str,
        versions: Callable[[int], tuple[Workflow, Machine]],
        calendar: WorkingCalendar | Callable[[], WorkingCalendar],
    ) -> None:
        self.name = name
        self._calendar = calendar
        self._versions = versions
        # each version asked once: a definition never changes once loaded (a replay asks for
        # its version at every event)
        self._known: dict[int, tuple[Workflow, Machine]] = {}

    @property
    def calendar(self) -> WorkingCalendar:
        if not isinstance(self._calendar, WorkingCalendar):
            self._calendar = self._calendar()
        return self._calendar

    def of(self, version: int) -> tuple[Workflow, Machine]:
        found = self._known.get(version)
        if found is None:
            found = self._known[version] = self._versions(version)
        return found
