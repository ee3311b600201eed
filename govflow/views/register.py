"""The register's rows and search hits, as the Python API returns them.

Loaded when first asked for (``govflow.views`` re-exports them on first use): a command that
shows one proposal does not build these dataclasses.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from govflow.dates import when_text
from govflow.views import ReleaseLink
from govflow.views._json import json_fields


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
