"""How the CLI shows events, register rows and what a write did (shared by ``proposal`` and
``demo``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from govflow.cli._output import emit_json, fields, say, table, warn

if TYPE_CHECKING:
    from govflow.views import (
        Change,
        Decision,
        EventView,
        ProposalView,
        RegisterRow,
        ReleaseLink,
        StepOption,
    )


def _route(p: dict[str, Any]) -> str:
    path, flags = p.get("path", {}).get("to"), p.get("flags", {}).get("to", [])
    return " ".join([str(path) if path is not None else "(no route)", *flags])


def _reached(e: EventView) -> str:
    """A stage reached, the way between not on record, and the routes that fit (derived when the
    history was read)."""
    routes = e.payload.get("routes") or []
    words = [" -> ".join(map(str, r)) for r in routes]
    if len(words) == 1:
        return f"steps between not on record (the one route that fits, implied: {words[0]})"
    fit = f" (routes that fit: {'; or '.join(words)})" if words else ""
    return f"steps between not on record{fit}"


_ACCOUNTS: dict[str, Callable[[EventView], str]] = {
    "reached": _reached,
    "relabel": lambda e: f"{e.payload.get('from')} -> {e.payload.get('to')}",
    "route": lambda e: _route(e.payload),
    "release": lambda e: f"{e.payload.get('release')}: {e.payload.get('status')}",
    "proposer": lambda e: f"proposer: {e.payload.get('to')}",
    "correction": lambda e: f"corrects event {e.corrects_seq}",
    "related": lambda e: (
        f"{e.payload.get('relation')}: {e.payload.get('code')} {e.payload.get('to')}"
    ),
    "migrated": lambda e: (
        f"version {e.payload.get('from_version')} -> {e.payload.get('to_version')}"
    ),
}


def what(e: EventView) -> str:
    """The trigger or milestone of an event, or a short account of the other kinds."""
    if e.kind in _ACCOUNTS:
        return _ACCOUNTS[e.kind](e)
    if e.trigger or e.milestone:
        until = f" until {e.until}" if e.until else ""
        return str(e.trigger or e.milestone) + until + _decided(e.payload)
    return ""


def _solution(letter: object) -> str:
    return "the original" if letter == "" else f"alternative {letter}"


def _decided(p: dict[str, Any]) -> str:
    """A vote's outcome, solution and tally, or a decision's direction (per solution)."""
    vote = p.get("vote")
    if isinstance(vote, dict) and vote.get("outcome"):
        on = f" on {_solution(vote['solution'])}" if "solution" in vote else ""
        from govflow.views import tally_text  # the views are light; imported when shown

        counts = tally_text(vote.get("tally"))
        return f": {vote['outcome']}{on} ({counts or vote.get('reason', '')})"
    if not p.get("outcome") or ("solution" not in p and "recommendations" not in p):
        return ""  # the direction alone: shown with the decisions
    each = p.get("recommendations")
    if isinstance(each, dict):
        return " (" + ", ".join(f"{_solution(k)}: {v}" for k, v in each.items()) + ")"
    on = f", {_solution(p['solution'])}" if p.get("solution") is not None else ""
    return f" ({p['outcome']}{on})"


def place(meeting: str | None, item: str | None) -> str:
    return f"{meeting} item {item}" if meeting and item else (meeting or "")


def releases_text(links: Iterable[ReleaseLink]) -> str:
    return "; ".join(f"{r.release}{f' ({r.date})' if r.date else ''}: {r.status}" for r in links)


def _event(e: EventView) -> str:
    """The trigger or milestone; for the other kinds, the kind and a short account."""
    if e.kind in ("transition", "milestone"):
        return what(e)
    return f"{e.kind} {what(e)}".strip()


def _stages(e: EventView) -> str:
    if e.to_stage is None:
        return ""
    return f"{e.from_stage} -> {e.to_stage}" if e.from_stage else e.to_stage


def when(day: object, precision: str, implied: bool = False) -> str:
    """A date as far as the record knows it: ``2021-04-16``, ``April 2020``, ``2019``, ``by
    2021-04-16``, ``on or after 2019-10-15``; an implied step happened ``by`` the step that
    implies it."""
    from govflow.dates import as_written

    if day is None:
        return "implied"
    if not isinstance(day, dt.date):
        return str(day)
    return as_written(day, "on_or_before" if implied else precision)


def _note(e: EventView) -> str | None:
    marks = []
    if e.implied:
        marks.append("implied")
    if e.corrected_by:
        marks.append("corrected by " + ", ".join(str(s) for s in e.corrected_by))
    unchecked = e.payload.get("unchecked")
    if unchecked:
        marks.append("unchecked, not on record: " + "; ".join(map(str, unchecked)))
    return "; ".join([*(f"[{m}]" for m in marks), *([e.note] if e.note else [])]) or None


HISTORY_COLUMNS = ("seq", "date", "event", "stage", "meeting", "by", "note")


def history_rows(events: Iterable[EventView]) -> list[tuple[Any, ...]]:
    return [
        (e.seq, when(e.occurred_on, e.date_precision, e.implied), _event(e), _stages(e),
         place(e.meeting, e.item), e.actor, _note(e))
        for e in events
    ]  # fmt: skip


def history_table(title: str, events: Iterable[EventView]) -> None:
    table(title, HISTORY_COLUMNS, history_rows(events))


def register_rows(rows: Iterable[RegisterRow]) -> tuple[list[str], list[tuple[Any, ...]]]:
    """The register's columns and its rows as cells."""
    columns = ["reference", "stage", "since", "last decision", "title"]
    return columns, [
        (r.reference, r.stage, when(r.stage_since, r.stage_since_precision), r.decision_text(),
         r.title)
        for r in rows
    ]  # fmt: skip


def register_table(title: str, rows: Iterable[RegisterRow]) -> None:
    table(
        title,
        ["reference", "stage", "since", "last decision", "title"],
        [(r.reference, r.stage, when(r.stage_since, r.stage_since_precision), r.decision_text(),
          r.title) for r in rows],
    )  # fmt: skip


def _last(p: ProposalView) -> str:
    e = p.last_event
    if e is None:
        return ""
    from govflow.dates import when_text

    day = when_text(e.occurred_on, "on_or_before" if e.implied else e.date_precision)
    return f"{e.seq} {day}: {e.kind} {what(e)} {place(e.meeting, e.item)}".strip()


def show_proposal(p: ProposalView) -> None:
    step = f", step {p.step}" if p.step else ""
    flags = f"; flags: {', '.join(p.flags)}" if p.flags else ""
    if p.flags_not_on_record:
        flags += f"; flags not on record: {', '.join(p.flags_not_on_record)}"
    asked = next((s for s in p.standing if s.reference == p.asked), None)
    fields([
        *[("this solution", asked.text() if asked else "")] * (asked is not None),
        ("reference", p.reference), ("aliases", ", ".join(p.aliases[1:])), ("title", p.title),
        ("proposer", p.proposer), ("workflow", f"{p.workflow} version {p.workflow_version}"),
        ("stage", f"{p.stage} ({p.stage_label}{step})"),
        ("route", (p.route_label or p.path or "not on record") + flags),
        ("milestones", ", ".join(p.milestones)), ("releases", releases_text(p.releases)),
        *[("solutions", ", ".join(p.solutions))] * bool(p.solutions),
        *_related(p),
        *[("solution", s.text()) for s in p.standing],
        *[("vote", v.text()) for v in p.votes],
        *[("vote", p.vote)] * (bool(p.vote) and not p.votes),
        *[("decision", _decision(d)) for d in p.decisions],
        ("raised on", when(p.raised_on, p.raised_on_precision)), ("last event", _last(p)),
        *[("deadline", f"{d.what} due {d.due_on} ({d.left_text()})") for d in p.deadlines],
    ])  # fmt: skip


def _related(p: ProposalView) -> list[tuple[str, str]]:
    if not p.related:
        return []
    # Lazily, and only for a proposal with relations: the exporters are not the CLI's, and
    # importing them (their reports) is a good part of a plain `proposal show`'s start-up.
    from govflow.exporters.text import related_text

    return [("related", related_text(p.related))]


def _decision(d: Decision) -> str:
    which = f" {d.solution}" if d.solution else ""
    said = d.outcome if d.trigger in (None, d.outcome) else f"{d.trigger}: {d.outcome}"
    return f"{said}{which} ({d.body or 'body not on record'}, {when(d.on, d.on_precision)})"


def next_steps_table(title: str, options: Sequence[StepOption], blocked: bool) -> None:
    if not options:
        say(f"{title}: none")
        return
    table(title, ["trigger", "to", "by", "reasons" if blocked else "description"],
          [(o.trigger, o.dest, o.body, "; ".join(o.reasons) if blocked else _described(o))
           for o in options])  # fmt: skip


def _described(o: StepOption) -> str:
    if not o.unchecked:
        return o.description
    return f"{o.description} [unchecked, not on record: {'; '.join(o.unchecked)}]"


# -- reads ----------------------------------------------------------------------------------------


def done(change: Change, what: str, as_json: bool = False) -> None:
    """One line saying what a write did (or the Change as JSON); its warnings on stderr."""
    for warning in change.warnings:
        warn(warning)
    if as_json:
        emit_json(change.to_dict())
        return
    noun = "event" if len(change.seqs) == 1 else "events"
    seqs = ", ".join(map(str, change.seqs))
    implied = ""
    if change.implied:  # older writes stored implied steps
        implied = f"; implied, not on the record: {', '.join(map(str, change.implied))}"
    if change.kind == "reached":
        implied = "; steps between not on record"
    say(
        f"{change.reference}: {what} {dated(change)}; stage {change.stage} ({noun} {seqs}{implied})"
    )


def dated(change: Change) -> str:
    """When a write's event happened, as well as it is known: on a day, in a month, or by a day."""
    shown = when(change.occurred_on, change.date_precision)
    kind = change.date_precision.partition(":")[0]
    lead = {"month": "in ", "year": "in ", "day": "on ", "year_uncertain": "on "}.get(kind, "")
    return lead + shown
