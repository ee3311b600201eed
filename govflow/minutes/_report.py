"""What one minutes import carries while it runs (:class:`ImportRun`, filled by the importer and by
``announced``) and what it hands back (:class:`MinutesReport`). Both the importer and ``announced``
import this module, and it imports neither: no import circle.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from govflow.views import json_fields

if TYPE_CHECKING:
    from govflow.minutes._model import Minutes
    from govflow.store.rows import MeetingRecord


@dataclass(frozen=True)
class LinkResult:
    reference: str
    spelling: str
    item: str | None
    status: str  # linked | already linked | skipped
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        return json_fields(self)


@dataclass(frozen=True)
class MinutesReport:
    """What an import wrote (or, in a dry run, would write)."""

    meeting: str
    date: dt.date
    committee: str
    meeting_created: bool
    items_added: tuple[str, ...]
    items_updated: tuple[str, ...]
    items_removed: tuple[str, ...]
    items_unchanged: tuple[str, ...]
    links: tuple[LinkResult, ...]
    unknown_references: tuple[dict[str, Any], ...]
    created_proposals: tuple[str, ...]
    actions_added: tuple[dict[str, Any], ...]
    planned_meetings: tuple[dict[str, Any], ...]
    other_references: tuple[dict[str, Any], ...]
    warnings: tuple[str, ...]
    dry_run: bool
    start_time: str | None = None  # "10:00", from the date line
    end_time: str | None = None

    @property
    def changed(self) -> bool:
        return bool(
            self.meeting_created
            or self.items_added
            or self.items_updated
            or self.items_removed
            or any(link.status == "linked" for link in self.links)
            or self.created_proposals
            or self.actions_added
            or any(p["stored"] for p in self.planned_meetings)
        )

    def to_dict(self) -> dict[str, Any]:
        return json_fields(self)


@dataclass
class ImportRun:
    """One import under way: the minutes, the meeting row, and what each step wrote or noted."""

    minutes: Minutes
    meeting: MeetingRecord
    created: bool = False  # the meeting row is new
    items: dict[str, list[str]] = field(
        default_factory=lambda: {"added": [], "updated": [], "removed": [], "unchanged": []}
    )
    links: list[LinkResult] = field(default_factory=list)
    unknown: list[dict[str, Any]] = field(default_factory=list)
    created_proposals: list[str] = field(default_factory=list)
    actions: list[dict[str, Any]] = field(default_factory=list)
    planned: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def report(run: ImportRun, dry_run: bool) -> MinutesReport:
    m = run.minutes
    return MinutesReport(
        meeting=m.code,
        date=m.date,
        committee=m.committee,
        meeting_created=run.created,
        items_added=tuple(run.items["added"]),
        items_updated=tuple(run.items["updated"]),
        items_removed=tuple(run.items["removed"]),
        items_unchanged=tuple(run.items["unchanged"]),
        links=tuple(run.links),
        unknown_references=tuple(run.unknown),
        created_proposals=tuple(run.created_proposals),
        actions_added=tuple(run.actions),
        planned_meetings=tuple(run.planned),
        other_references=tuple(
            {"kind": r.kind, "value": r.value, "item": r.item} for r in m.other_refs
        ),
        warnings=tuple(run.warnings),
        dry_run=dry_run,
        start_time=m.start_time.strftime("%H:%M") if m.start_time else None,
        end_time=m.end_time.strftime("%H:%M") if m.end_time else None,
    )
