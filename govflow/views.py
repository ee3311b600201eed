"""What the Python API returns: plain frozen dataclasses, never table rows.

Each has ``to_dict()`` giving the stable JSON shape the CLI prints with ``--json``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

from govflow.store.hashing import timestamp


def _jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return timestamp(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


class _Dict:
    def to_dict(self) -> dict[str, Any]:
        return {k: _jsonable(v) for k, v in asdict(self).items()}  # type: ignore[call-overload]


@dataclass(frozen=True)
class Change(_Dict):
    """What a write did: the proposal's reference and stage after it, and the events added."""

    reference: str
    stage: str
    seqs: tuple[int, ...]
    occurred_on: dt.date
    kind: str


@dataclass(frozen=True)
class CommitteeView(_Dict):
    code: str
    name: str
    paper_lead_days: int | None = None


@dataclass(frozen=True)
class ItemView(_Dict):
    number: str
    title: str
    presenter: str | None
    text: str
    proposals: tuple[str, ...] = ()


@dataclass(frozen=True)
class MeetingView(_Dict):
    code: str  # OPSG_49
    committee: str
    number: int
    date: dt.date
    kind: str
    status: str
    paper_code: str  # 49_2405, as papers write it
    items: tuple[ItemView, ...] = ()


@dataclass(frozen=True)
class ReleaseLink(_Dict):
    release: str
    date: dt.date | None
    status: str  # targeted | withdrawn | implemented


@dataclass(frozen=True)
class EventView(_Dict):
    seq: int
    kind: str
    trigger: str | None
    milestone: str | None
    from_stage: str | None
    to_stage: str | None
    occurred_on: dt.date
    until: dt.date | None
    recorded_at: dt.datetime
    meeting: str | None
    item: str | None
    item_title: str | None
    committee: str | None
    body: str | None
    actor: str | None
    note: str | None
    payload: dict[str, Any]
    corrects_seq: int | None
    prev_hash: str
    hash: str


@dataclass(frozen=True)
class DueItem(_Dict):
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
    working_days_left: int  # negative when overdue
    status: str


@dataclass(frozen=True)
class NextMeeting(_Dict):
    meeting: MeetingView
    papers_due: dt.date | None  # the last day papers can go out
    paper_lead_days: int | None


@dataclass(frozen=True)
class ProposalView(_Dict):
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
    path: int | None
    flags: tuple[str, ...]
    milestones: tuple[str, ...]
    raised_on: dt.date
    releases: tuple[ReleaseLink, ...]
    last_event: EventView | None
    version: int
    alternative_of: str | None = None
    deadlines: tuple[DueItem, ...] = ()  # open ones


@dataclass(frozen=True)
class StepOption(_Dict):
    trigger: str
    dest: str
    body: str
    description: str
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class NextSteps(_Dict):
    reference: str
    stage: str
    allowed: tuple[StepOption, ...]
    blocked: tuple[StepOption, ...]
    milestones: tuple[str, ...] = ()  # milestones that may be recorded now
    terminal: bool = False


@dataclass(frozen=True)
class RegisterRow(_Dict):
    reference: str
    title: str
    proposer: str | None
    workflow: str
    path: int | None
    stage: str
    stage_since: dt.date
    last_decision: str | None  # trigger of the last transition up to that date
    last_decision_on: dt.date | None
    last_meeting: str | None
    releases: tuple[ReleaseLink, ...] = field(default=())
