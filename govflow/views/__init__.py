"""What the Python API returns: plain frozen dataclasses, never table rows.

Each has ``to_dict()`` giving the stable JSON shape the CLI prints with ``--json``. The views of
meetings, the register and search, tokens and migrations live in their own modules, imported
when first asked for through this one (a dataclass costs about half a millisecond to create).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from govflow.model import INTERNAL as WORDS
from govflow.model import Event
from govflow.views._json import json_fields as json_fields
from govflow.views._json import new_view as new_view

# the views of decisions, re-exported (imported here, not on first use: ProposalView's fields
# name them, and the web reads its type hints through this module)
from govflow.views.decisions import Decision as Decision
from govflow.views.decisions import SolutionView as SolutionView
from govflow.views.decisions import VoteView as VoteView
from govflow.views.decisions import tally_text as tally_text


@dataclass(frozen=True)
class ReleaseLink:
    release: str
    date: dt.date | None
    status: str  # targeted | withdrawn | implemented

    def to_dict(self) -> dict[str, Any]:
        return json_fields(self)


#: An event of a proposal's history, as every layer holds it (see :mod:`govflow.model`).
EventView = Event


@dataclass(frozen=True)
class DueItem:
    """One thing falling due: a proposal's deadline or a meeting's action."""

    kind: str  # deadline | action
    id: int
    reference: str | None  # the proposal, for a deadline
    meeting: str | None  # the meeting, for an action
    item: str | None
    what: str  # the milestone or stage label, or the action's text
    party: str | None  # the body responsible, or the party asked
    opened_on: dt.date | None
    due_on: dt.date
    working_days_left: int  # negative when past due
    # open, closed; late (an expected duration passed), lapsed (a window that lapses); moot (the
    # proposal moved where nothing closes it, its end not on record: workflow/windows.py)
    status: str
    window: str = "deadline"  # deadline (an action too), expected or lapses (docs/workflows.md)
    party_name: str = field(default="", metadata=WORDS)  # ``party`` as the workflow names it

    def to_dict(self) -> dict[str, Any]:
        return json_fields(self)

    def left_text(self) -> str:
        """``3 working days left``, ``due today``, ``1,333 working days overdue``, ``later than
        usual by 2 working days``, ``lapsed on 2021-06-22``, ``closed``, ``not applicable: ...``
        (a window the proposal moved past, its end not on record: ``moot``)."""
        if self.status == "lapsed":
            return f"lapsed on {self.due_on}"
        if self.status == "closed":
            return "closed"
        if self.status == "moot":
            return "not applicable: the proposal moved on (its end is not on record)"
        n = self.working_days_left
        days = "working day" if abs(n) == 1 else "working days"
        if n == 0:
            return "due today"
        if n > 0:
            return f"{n:,} {days} left"
        if self.window == "expected":
            return f"later than usual by {-n:,} {days}"
        return f"{-n:,} {days} overdue"


@dataclass(frozen=True)
class RelatedView:
    """A link to another proposal, possibly of another code (see docs/workflows.md)."""

    relation: str  # consequential_on, consequence (the inverse) or related
    reference: str  # the other proposal, as its code writes it (P9415, 9678)
    code: str  # its code (BSC, UNC, SEC)
    key: str  # its stable key (BSC:9415)
    direction: str  # "to": recorded on this proposal; "from": recorded on the other
    on: dt.date


@dataclass(frozen=True)
class ProposalView:
    reference: str
    key: str  # stable key used in the hash chain, e.g. SEC:116
    aliases: tuple[str, ...]
    title: str
    proposer: str | None
    workflow: str
    workflow_version: int
    stage: str
    stage_label: str
    step: str | None  # the step inside the stage, when the workflow declares steps
    path: str | None  # the route's name
    flags: tuple[str, ...]
    milestones: tuple[str, ...]
    raised_on: dt.date
    releases: tuple[ReleaseLink, ...]
    last_event: EventView | None
    version: int
    alternative_of: str | None = None
    deadlines: tuple[DueItem, ...] = ()  # open ones
    solutions: tuple[str, ...] = ()  # with alternatives: the original and each (MP122, MP122A)
    vote: str | None = None  # the latest vote's outcome (approve or reject)
    decisions: tuple[Decision, ...] = ()  # the decisions with a direction, oldest first
    route_label: str = ""  # the route in the workflow's words ("Path 3: Self-Governance ...")
    related: tuple[
        RelatedView, ...
    ] = ()  # links to proposals of this code or another, oldest first
    raised_on_precision: str = "day"  # how well ``raised_on`` is known (as EventView's)
    standing: tuple[SolutionView, ...] = ()  # with alternatives: each solution's standing
    votes: tuple[VoteView, ...] = ()  # every vote, oldest first, with its tally
    asked: str | None = None  # the solution the reference named (0678J), when an alternative
    flags_not_on_record: tuple[str, ...] = ()  # flags the record does not say are set or not

    def to_dict(self) -> dict[str, Any]:
        return json_fields(self)


#: Views a command that reads one proposal does not need, by the module holding each: imported
#: when first asked for (``from govflow.views import RegisterRow`` works as ever).
_ELSEWHERE = {
    "Change": "changes",
    "StepOption": "steps",
    "NextSteps": "steps",
    "ClosureView": "closures",
    "CommitteeView": "meetings",
    "ItemView": "meetings",
    "MeetingView": "meetings",
    "NextMeeting": "meetings",
    "RegisterRow": "register",
    "Marked": "register",
    "SearchHit": "register",
    "TokenView": "tokens",
    "NewToken": "tokens",
    "MigrationView": "migration",
}

if TYPE_CHECKING:
    from govflow.views.changes import Change as Change
    from govflow.views.closures import ClosureView as ClosureView
    from govflow.views.meetings import CommitteeView as CommitteeView
    from govflow.views.meetings import ItemView as ItemView
    from govflow.views.meetings import MeetingView as MeetingView
    from govflow.views.meetings import NextMeeting as NextMeeting
    from govflow.views.migration import MigrationView as MigrationView
    from govflow.views.register import Marked as Marked
    from govflow.views.register import RegisterRow as RegisterRow
    from govflow.views.register import SearchHit as SearchHit
    from govflow.views.steps import NextSteps as NextSteps
    from govflow.views.steps import StepOption as StepOption
    from govflow.views.tokens import NewToken as NewToken
    from govflow.views.tokens import TokenView as TokenView


def __getattr__(name: str) -> Any:
    module = _ELSEWHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f"govflow.views.{module}"), name)
    globals()[name] = value
    return value
