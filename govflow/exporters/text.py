"""Plain-text pieces shared by the human-facing formats: what an event did, stage labels, releases.

The results are unescaped text; each format escapes them for itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Protocol

from govflow.dates import as_written
from govflow.views import DueItem, tally_text

if TYPE_CHECKING:
    from govflow.views import RelatedView, ReleaseLink
    from govflow.workflow.definition import Workflow


class EventLike(Protocol):
    """What describing an event reads (an EventView or an AuditRecord)."""

    @property
    def seq(self) -> int: ...
    @property
    def kind(self) -> str: ...
    @property
    def trigger(self) -> str | None: ...
    @property
    def milestone(self) -> str | None: ...
    @property
    def from_stage(self) -> str | None: ...
    @property
    def to_stage(self) -> str | None: ...
    @property
    def payload(self) -> Mapping[str, Any]: ...
    @property
    def corrects_seq(self) -> int | None: ...
    @property
    def occurred_on(self) -> dt.date | str: ...
    @property
    def until(self) -> dt.date | str | None: ...


def stage_label(wf: Workflow | None, stage: str | None) -> str:
    if stage is None:
        return ""
    state = wf.state(stage) if wf is not None else None
    return state.label if state is not None else stage


def milestone_label(wf: Workflow | None, name: str | None) -> str:
    if name is None:
        return ""
    milestone = wf.milestone(name) if wf is not None else None
    return milestone.label if milestone is not None else name.replace("_", " ")


def _raised(e: EventLike, wf: Workflow | None) -> str:
    title = e.payload.get("title")
    return f"Raised in {stage_label(wf, e.to_stage)}" + (f": {title}" if title else "")


def _move(e: EventLike, wf: Workflow | None) -> str:
    if e.to_stage is None:  # an override that records a milestone
        return f"{milestone_label(wf, e.milestone)} (rules set aside)"
    text = f"{e.trigger or e.kind}: {stage_label(wf, e.from_stage)} → {stage_label(wf, e.to_stage)}"
    outcome = e.payload.get("outcome")
    if outcome:  # a decision with its direction (and the solution it chose)
        solution = e.payload.get("solution")
        text += f" ({outcome}" + (f", solution {solution or 'original'})" if solution is not None
                                  else ")")  # fmt: skip
    return text + (" (rules set aside)" if e.kind == "override" else "")


def _milestone(e: EventLike, wf: Workflow | None) -> str:
    vote = e.payload.get("vote")
    if vote:  # a vote with its tally: the outcome the rule gave, why, and the solution voted on
        on = f", solution {vote['solution'] or 'original'}" if "solution" in vote else ""
        voting = wf.voting(str(vote.get("body"))) if wf else None
        tally = voting.in_order(vote.get("tally")) if voting else vote.get("tally")
        counts = tally_text(tally)  # per category: for-against-abstain-absent
        why = f"{counts}: {vote['reason']}" if counts else vote["reason"]
        return f"{milestone_label(wf, e.milestone)}: {vote['outcome']}{on} ({why})"
    solution = e.payload.get("solution")  # recorded on one solution (0990A)
    return milestone_label(wf, e.milestone) + (f" (solution {solution})" if solution else "")


def _alternative(e: EventLike, wf: Workflow | None) -> str:
    return f"Alternative solution {e.payload.get('solution')} raised: {e.payload.get('title')}"


def _relabel(e: EventLike, wf: Workflow | None) -> str:
    return f"Renamed {e.payload.get('from')} → {e.payload.get('to')}"


def _route(e: EventLike, wf: Workflow | None) -> str:
    path = (e.payload.get("path") or {}).get("to")
    flags = (e.payload.get("flags") or {}).get("to") or []
    if path is None:
        text = "Route: not set"
    else:
        text = f"Route: {wf.route_text(str(path)) if wf else path}"
    return text + (f" ({', '.join(map(str, flags))})" if flags else "")


def _proposer(e: EventLike, wf: Workflow | None) -> str:
    return f"Proposer: {e.payload.get('from') or '-'} → {e.payload.get('to')}"


def _release(e: EventLike, wf: Workflow | None) -> str:
    day = e.payload.get("release_date")
    return f"Release {e.payload.get('release')}: {e.payload.get('status')}" + (
        f" ({day})" if day else ""
    )


def _link(e: EventLike, wf: Workflow | None) -> str:
    return f"Referred to as {e.payload.get('spelling')}"


def _related(e: EventLike, wf: Workflow | None) -> str:
    words = {"consequential_on": "Consequential on", "consequence": "Consequence:"}
    relation = str(e.payload.get("relation"))
    return f"{words.get(relation, 'Related to')} {e.payload.get('code')} {e.payload.get('to')}"


def _implied(e: EventLike, wf: Workflow | None) -> str:
    """A step on no record that must have happened (see docs/records.md)."""
    if e.to_stage is None:
        return f"{milestone_label(wf, e.milestone)} (implied: not on the record)"
    return (f"{e.trigger}: {stage_label(wf, e.from_stage)} → {stage_label(wf, e.to_stage)} "
            "(implied: not on the record)")  # fmt: skip


def _reached(e: EventLike, wf: Workflow | None) -> str:
    """A stage reached, the way between not on record; the routes that fit, derived when the
    history was read (``payload.routes``): the one that fits named as implied, several as
    possible (see docs/records.md)."""
    said = (f"Reached {stage_label(wf, e.to_stage)} from {stage_label(wf, e.from_stage)}; "
            "steps between not on record")  # fmt: skip
    routes = e.payload.get("routes")
    if not isinstance(routes, list) or not routes:
        return said
    words = [" → ".join(stage_label(wf, str(s)) for s in r) for r in routes]
    if len(words) == 1:
        return f"{said} (the one route that fits, implied: {words[0]})"
    return f"{said} (routes that fit: {'; or '.join(words)})"


def _migrated(e: EventLike, wf: Workflow | None) -> str:
    p = e.payload
    return (f"Migrated from version {p.get('from_version')} to {p.get('to_version')}: "
            f"{e.from_stage} → {stage_label(wf, e.to_stage)}")  # fmt: skip


def _correction(e: EventLike, wf: Workflow | None) -> str:
    changes = e.payload.get("changes") or {}
    listed = ", ".join(f"{k} = {v}" for k, v in changes.items())
    return f"Correction of event {e.corrects_seq}" + (f": {listed}" if listed else "")


#: How each kind of event is put in words (unknown kinds show their name).
DESCRIBERS: dict[str, Callable[[EventLike, Workflow | None], str]] = {
    "raised": _raised,
    "transition": _move,
    "override": _move,
    "implied": _implied,
    "reached": _reached,
    "milestone": _milestone,
    "relabel": _relabel,
    "route": _route,
    "proposer": _proposer,
    "release": _release,
    "link": _link,
    "related": _related,
    "correction": _correction,
    "alternative": _alternative,
    "migrated": _migrated,
}


def describe(event: EventLike, wf: Workflow | None) -> str:
    describer = DESCRIBERS.get(event.kind)
    return describer(event, wf) if describer is not None else event.kind


def releases_text(links: Iterable[ReleaseLink]) -> str:
    """``November 2020 (withdrawn); November 2022 (implemented, 2022-11-03)``."""
    parts = []
    for link in links:
        detail = link.status + (f", {link.date.isoformat()}" if link.date else "")
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
