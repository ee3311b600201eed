"""Plain-text pieces shared by the human-facing formats: releases, places, deadlines, dates; what
an event did and the stage labels come from :mod:`govflow.workflow.words` (re-exported here).

The results are unescaped text; each format escapes them for itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from govflow.dates import as_written
from govflow.views import DueItem
from govflow.workflow.words import (
    DESCRIBERS,
    EventLike,
    body_name,
    decision,
    decision_words,
    describe,
    event_words,
    last_step,
    last_step_dated,
    machine_name,
    milestone_label,
    moved_by,
    release_status,
    stage_label,
    who,
    workflow_of,
)

if TYPE_CHECKING:
    from govflow.views import RelatedView, ReleaseLink

__all__ = [
    "DEADLINE_COLUMNS", "DESCRIBERS", "EventLike", "body_name", "deadline_cells", "decision",
    "decision_words", "describe", "event_date", "event_words", "last_step", "last_step_dated",
    "machine_name", "milestone_label", "moved_by", "place", "related_text", "release_status",
    "releases_text",
    "short_hash", "stage_label", "when_known", "who", "workflow_of",
]  # fmt: skip


def releases_text(links: Iterable[ReleaseLink]) -> str:
    """``November 2020 (withdrawn); November 2022 (implemented, 2022-11-03)``."""
    parts = []
    for link in links:
        detail = release_status(link.status) + (f", {link.date.isoformat()}" if link.date else "")
        parts.append(f"{link.release} ({detail})")
    return "; ".join(parts)


def related_text(related: Iterable[RelatedView]) -> str:
    """``consequential on BSC P9415; related to UNC 9678`` (the timeline's "Related:" line)."""
    words = {"consequential_on": "consequential on", "consequence": "consequence:",
             "related": "related to"}  # fmt: skip
    return "; ".join(f"{words.get(r.relation, r.relation)} {r.code} {r.reference}" for r in related)


def place(meeting: str | None, item: str | None, title: str | None = None) -> str:
    if meeting is None:
        return ""
    text = f"{meeting} item {item}" if item else meeting
    return f"{text}: {title}" if title else text


def short_hash(value: str) -> str:
    return value[:12] + "…"


DEADLINE_COLUMNS = ("Open deadline", "Opened", "Due", "Working days left", "Party")


def deadline_cells(d: DueItem) -> tuple[str, str, str, str, str]:
    """One open deadline as table cells (both timeline formats)."""
    left = f"{d.working_days_left}" if d.working_days_left >= 0 else d.left_text()
    opened = d.opened_on.isoformat() if d.opened_on else ""
    return (d.what, opened, d.due_on.isoformat(), left, d.party or "")


def when_known(day: dt.date | None, precision: str) -> str:
    """A date as far as the record knows it (:func:`govflow.dates.as_written`: ``2021-04-16``,
    ``April 2020``, ``2019``, ``by 2021-04-16``, ``on or after 2019-10-15``); ``implied`` for a
    step on no record (no date of its own)."""
    if day is None:
        return "implied"
    return as_written(day, precision)


def event_date(e: EventLike) -> str:
    """When an event happened, as far as the record knows: ``2021-04-19 to 2021-05-10``,
    ``April 2020``, ``by 2021-04-16`` (an implied step: by the step that implies it)."""
    precision = getattr(e, "date_precision", None) or e.payload.get("date_precision", "day")
    if e.kind == "implied":
        precision = "on_or_before"
    day = e.occurred_on if isinstance(e.occurred_on, dt.date) else dt.date.fromisoformat(
        str(e.occurred_on)
    )  # fmt: skip
    return when_known(day, str(precision)) + (f" to {e.until}" if e.until else "")
