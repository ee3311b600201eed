"""What the Python API returns: plain frozen dataclasses, never table rows.

Each has ``to_dict()`` giving the stable JSON shape the CLI prints with ``--json``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from govflow.dates import when_text
from govflow.model import INTERNAL as WORDS
from govflow.model import Event
from govflow.views._json import json_fields as json_fields
from govflow.views._json import new_view as new_view

# the views of decisions, re-exported
from govflow.views.decisions import Decision as Decision
from govflow.views.decisions import SolutionView as SolutionView
from govflow.views.decisions import VoteView as VoteView
from govflow.views.decisions import tally_text as tally_text


@dataclass(frozen=True)
class Change:
    """What a write did: the proposal's reference and stage after it, and the events added."""

    reference: str
    stage: str
    seqs: tuple[int, ...]
    occurred_on: dt.date
    kind: str
    implied: tuple[int, ...] = ()  # the seqs of steps recorded as implied (see docs/records.md)
    warnings: tuple[str, ...] = ()  # e.g. the date given is not the meeting's (never printed)
    date_precision: str = "day"  # day, month, ..., between:... : how well occurred_on is known
    stage_label: str = ""  # the stage after it, as the workflow writes it
    #: what it did in the workflow's words (``Change Board approved``, ``moved from Refinement
    #: Process``, a milestone's label), for the line that confirms it: not in the JSON
    what: str = field(default="", compare=False, metadata=WORDS)

    def to_dict(self) -> dict[str, Any]:
        return json_fields(self)


@dataclass(frozen=True)
class CommitteeView:
    code: str
    name: str
    paper_lead_days: int | None = None
    cadence: str | None = None  # its usual meetings ("monthly 4th Wednesday"), for the planner

    def to_dict(self) -> dict[str, Any]:
        return json_fields(self)


@dataclass(frozen=True)
class ItemView:
    number: str
    title: str
    presenter: str | None
    text: str
    proposals: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return json_fields(self)


@dataclass(frozen=True)
class MeetingView:
    code: str  # OPSG_49 (OPSG@2021-06-28 for a planned meeting with no number yet)
    committee: str
    number: int | None  # None: planned, number not known yet
    date: dt.date
    kind: str
    status: str
    paper_code: str  # 49_2405, as papers write it ("" without a number)
    items: tuple[ItemView, ...] = ()
    start_time: str | None = None  # "10:00", as the minutes give it
    end_time: str | None = None
    references: tuple[dict[str, Any], ...] = ()  # {"kind", "value", "item"}: INC..., IRP...

    def to_dict(self) -> dict[str, Any]:
        return json_fields(self)


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
class NextMeeting:
    meeting: MeetingView
    papers_due: dt.date | None  # the last day papers can go out
    paper_lead_days: int | None

    def to_dict(self) -> dict[str, Any]:
        return json_fields(self)


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


@dataclass(frozen=True)
class StepOption:
    trigger: str
    dest: str
    body: str
    description: str
    reasons: tuple[str, ...] = ()
    unchecked: tuple[str, ...] = ()  # rules the record lacks the facts to check (no route)
    dest_label: str = ""  # the stage it leads to, as the workflow writes it
    body_name: str = field(default="", metadata=WORDS)  # ``body`` as the workflow names it
    label: str = field(default="", metadata=WORDS)  # the step in words (``SEC Panel approved``)

    def to_dict(self) -> dict[str, Any]:
        return json_fields(self)


@dataclass(frozen=True)
class NextSteps:
    reference: str
    stage: str
    allowed: tuple[StepOption, ...]
    blocked: tuple[StepOption, ...]
    milestones: tuple[str, ...] = ()  # milestones that may be recorded now
    terminal: bool = False
    stage_label: str = ""  # the stage, as the workflow writes it
    #: ``milestones`` in the workflow's words, each name in brackets after (not in the JSON)
    milestone_words: tuple[str, ...] = field(default=(), metadata=WORDS)

    def to_dict(self) -> dict[str, Any]:
        return json_fields(self)


@dataclass(frozen=True)
class RegisterRow:
    reference: str
    title: str
    proposer: str | None
    workflow: str
    path: str | None
    stage: str
    stage_since: dt.date | None  # None when the stage was entered by an implied step
    last_decision: str | None  # trigger of the last transition up to that date
    last_decision_on: dt.date | None
    last_meeting: str | None
    releases: tuple[ReleaseLink, ...] = field(default=())
    stage_since_precision: str = "day"  # day, month, ..., between:... (see EventView)
    outcome: str | None = None  # the last decision's direction (approve or reject)
    solution: str | None = None  # the solution it decided, with alternatives (MP122A)
    solutions: tuple[str, ...] = ()  # with alternatives: the original and each (MP122, MP122A)
    standing: tuple[str, ...] = ()  # with alternatives: each solution's status ("0678A: approved")
    # without alternatives: the latest vote by the day, with its tally ("approve [Panel Members
    # 7-1-0-0]"); with alternatives each solution's standing gives its own
    vote: str | None = None
    # False: who took the last decision (or move) is not on record (the route it depends on is
    # not, and no meeting took it), so the workflow's body for it is not stated
    body_on_record: bool = True
    decided_by: str | None = None  # the body of the last decision (or move), when on record
    # the next move known only as an interval that holds the day ("by" a later day, a month):
    # "may already be in Refinement Process: moved on or before 2020-06-03"
    moving: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return json_fields(self)

    def under_stage(self) -> tuple[str, ...]:
        """What every register format shows under the stage: each solution's standing, or the
        record's latest vote (``vote approve [Panel Members 7-1-0-0]``); then, when the next move
        is known only as an interval that holds the day, that it may already have moved."""
        under = self.standing or ((f"vote {self.vote}",) if self.vote else ())
        return (*under, self.moving) if self.moving else under

    def decision_text(self) -> str:
        """``recommend (approve: MP922A)``, ``approve`` (a trigger that says its own direction is
        not followed by it again), ``send_to_report``, ``""``."""
        if not self.last_decision:
            return ""
        if not self.outcome or (self.outcome == self.last_decision and not self.solution):
            return self.last_decision
        which = f": {self.solution}" if self.solution else ""
        return f"{self.last_decision} ({self.outcome}{which})"

    def decision_dated(self) -> str:
        """:meth:`decision_text` with its date as the record knows it (the move entered the
        stage, so its date is ``stage_since``'s): ``approve on 2021-05-26``, ``approve on or
        before 2021-05-24``, ``approve between 2021-05-01 and 2021-05-24``; ``""``."""
        if not self.last_decision or self.last_decision_on is None:
            return self.decision_text()
        return (
            f"{self.decision_text()} {when_text(self.last_decision_on, self.stage_since_precision)}"
        )


@dataclass(frozen=True)
class Marked:
    """Text with the words a search matched: ``marks`` are ``(start, end)`` character spans."""

    text: str
    marks: tuple[tuple[int, int], ...] = ()

    def pieces(self) -> list[tuple[str, bool]]:
        """The text cut at the marks: ``[("the ", False), ("consultation", True), ...]``."""
        out, at = [], 0
        for start, end in self.marks:
            out += [(self.text[at:start], False), (self.text[start:end], True)]
            at = end
        return [piece for piece in [*out, (self.text[at:], False)] if piece[0]]


@dataclass(frozen=True)
class SearchHit:
    """One match of a search: a proposal whose page says the words, or an agenda item.

    ``title`` is the proposal's or the item's, its matched words marked; ``snippet`` the text
    that shows why it matched besides the title (an event's note, a milestone or stage the
    history passed, the proposer; an item's minutes), shortened with "…", its words marked.
    """

    kind: str  # proposal | item
    reference: str | None  # the proposal (None for an item)
    title: Marked
    snippet: Marked | None = None
    where: str = ""  # what the snippet is: note, milestone, stage, proposer or minutes
    stage: str = ""  # a proposal's stage now, as its code labels it
    latest: dt.date | None = None  # a proposal's latest step
    seq: int | None = None  # the event the snippet comes from
    on: dt.date | None = None  # that event's date, or the item's meeting's
    meeting: str | None = None  # the item's meeting, or the event's
    item: str | None = None  # the agenda item number

    def to_dict(self) -> dict[str, Any]:
        return json_fields(self)


@dataclass(frozen=True)
class TokenView:
    """A ``govflow serve`` token as listed: never its secret, only its first characters."""

    name: str
    role: str  # reader | secretariat | admin
    hint: str  # the secret's first characters, e.g. "gft_3kQ9"
    created_at: dt.datetime
    revoked_at: dt.datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        return json_fields(self)


@dataclass(frozen=True)
class NewToken:
    """A token just made: ``secret`` is shown this once and stored only as its hash."""

    token: TokenView
    secret: str

    def to_dict(self) -> dict[str, Any]:
        return json_fields(self)


@dataclass(frozen=True)
class MigrationView:
    """What ``migrate`` did (or, on a dry run, would do): the open proposals moved, each
    ``(reference, old stage, new stage)``; those that cannot move, each ``(reference, stage,
    reason)``; the closed ones left pinned (references)."""

    workflow: str
    from_version: int
    to_version: int
    dry_run: bool
    moved: tuple[tuple[str, str, str], ...]
    refused: tuple[tuple[str, str, str], ...]
    pinned: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return json_fields(self)


@dataclass(frozen=True)
class ClosureView:
    """A closure of the working-day calendar as recorded: ``in_force`` when its days are not
    working days now; a removed one says when and why (``removed_at``, ``removal_note``); one
    recorded outside the rules (before they existed, or not by govflow) says why it is not
    applied (``problem``) until it is removed."""

    id: int
    start: dt.date
    end: dt.date
    note: str
    recorded_at: dt.datetime | None  # None: recorded before govflow kept the time
    in_force: bool
    removed_at: dt.datetime | None = None
    removal_note: str | None = None
    problem: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return json_fields(self)
