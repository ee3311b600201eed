"""How the CLI shows events, register rows and what a write did (shared by ``proposal`` and
``demo``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from govflow.cli._output import emit_json, fields, say, table, warn

if TYPE_CHECKING:
    from govflow.views import (
        Change,
        EventView,
        ProposalView,
        RegisterRow,
        ReleaseLink,
        StepOption,
    )
    from govflow.workflow.definition import Workflow
    from govflow.workflow.registry import Registry


def place(meeting: str | None, item: str | None) -> str:
    return f"{meeting} item {item}" if meeting and item else (meeting or "")


def releases_text(links: Iterable[ReleaseLink]) -> str:
    from govflow.workflow.words import release_status

    return "; ".join(
        f"{r.release}{f' ({r.date})' if r.date else ''}: {release_status(r.status)}" for r in links
    )


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
    unconfirmed = e.payload.get("unconfirmed")
    if unconfirmed:
        marks.append("; ".join(map(str, unconfirmed)))  # each says it is not kept to
    return "; ".join([*(f"[{m}]" for m in marks), *([e.note] if e.note else [])]) or None


HISTORY_COLUMNS = ("seq", "date", "event", "meeting", "by", "note")


def _what(e: EventView, wf: Workflow | None) -> str:
    """What an event did in the workflow's words, the name a secretariat types after it."""
    from govflow.workflow.words import describe, machine_name

    name = machine_name(e)
    return describe(e, wf) + (f" ({name})" if name else "")


def _by(actor: str | None, wf: Workflow | None) -> str | None:
    """Who the record says took a step: a body's code given by the body's name."""
    from govflow.workflow.words import body_name

    return body_name(wf, actor) if actor else actor


def history_rows(events: Iterable[EventView], wf: Workflow | None) -> list[tuple[Any, ...]]:
    return [
        (e.seq, when(e.occurred_on, e.date_precision, e.implied) + (f" to {e.until}" if e.until
         else ""), _what(e, wf), place(e.meeting, e.item), _by(e.actor, wf), _note(e))
        for e in events
    ]  # fmt: skip


def history_table(title: str, events: Iterable[EventView], wf: Workflow | None) -> None:
    table(title, HISTORY_COLUMNS, history_rows(events, wf))


REGISTER_COLUMNS = ("reference", "stage", "since", "last decision", "title")


def register_rows(
    rows: Iterable[RegisterRow], registry: Registry, standing: bool = False
) -> list[tuple[Any, ...]]:
    """The register's rows as cells, in each row's workflow's words (with ``standing``: each
    solution's standing and the latest vote with its tally under the stage, as the exported
    register gives them)."""
    from govflow.workflow.words import last_step, stage_label

    cells, latest = [], {name: registry.get(name) for name in registry.names}
    for r in rows:
        wf = latest.get(r.workflow)
        under = r.under_stage() if standing else ()
        cells.append(
            (
                r.reference,
                "\n".join([stage_label(wf, r.stage), *under]),
                when(r.stage_since, r.stage_since_precision),
                last_step(wf, r),
                r.title,
            )
        )
    return cells  # fmt: skip


def register_table(title: str, rows: Iterable[RegisterRow], registry: Registry) -> None:
    table(title, REGISTER_COLUMNS, register_rows(rows, registry, standing=True))


def _last(p: ProposalView, wf: Workflow | None) -> str:
    e = p.last_event
    if e is None:
        return ""
    from govflow.dates import when_text

    day = when_text(e.occurred_on, "on_or_before" if e.implied else e.date_precision)
    return f"{e.seq} {day}: {_what(e, wf)} {place(e.meeting, e.item)}".strip()


def show_proposal(p: ProposalView, wf: Workflow | None) -> None:
    """A proposal in its workflow's words, each stage, milestone and trigger name after them."""
    from govflow.workflow.words import decision, milestone_label, step_label

    step = f"; step {step_label(wf, p.stage, p.step)} ({p.step})" if p.step else ""
    flags = f"; flags: {', '.join(p.flags)}" if p.flags else ""
    if p.flags_not_on_record:
        flags += f"; flags not on record: {', '.join(p.flags_not_on_record)}"
    asked = next((s for s in p.standing if s.reference == p.asked), None)
    fields([
        *[("this solution", asked.text() if asked else "")] * (asked is not None),
        ("reference", p.reference), ("aliases", ", ".join(p.aliases[1:])), ("title", p.title),
        ("proposer", p.proposer), ("workflow", f"{p.workflow} version {p.workflow_version}"),
        ("stage", f"{p.stage_label} ({p.stage}){step}"),
        ("route", (p.route_label or p.path or "not on record") + flags),
        ("milestones", ", ".join(f"{milestone_label(wf, m)} ({m})" for m in p.milestones)),
        ("releases", releases_text(p.releases)),
        *[("solutions", ", ".join(p.solutions))] * bool(p.solutions),
        *_related(p),
        *[("solution", s.text()) for s in p.standing],
        *[("vote", v.text()) for v in p.votes],
        *[("vote", p.vote)] * (bool(p.vote) and not p.votes),
        *[("decision", f"{decision(wf, d)}, {when(d.on, d.on_precision)}") for d in p.decisions],
        ("raised on", when(p.raised_on, p.raised_on_precision)), ("last event", _last(p, wf)),
        *[("deadline", f"{d.what} due {d.due_on} ({d.left_text()})") for d in p.deadlines],
    ])  # fmt: skip


def _related(p: ProposalView) -> list[tuple[str, str]]:
    if not p.related:
        return []
    # Lazily, and only for a proposal with relations: the exporters are not the CLI's, and
    # importing them (their reports) is a good part of a plain `proposal show`'s start-up.
    from govflow.exporters.text import related_text

    return [("related", related_text(p.related))]


def next_steps_table(title: str, options: Sequence[StepOption], blocked: bool) -> None:
    if not options:
        say(f"{title}: none")
        return
    table(title, ["step", "to", "by", "reasons" if blocked else "description"],
          [(f"{o.label} ({o.trigger})" if o.label else o.trigger, o.dest_label or o.dest,
            o.body_name or o.body,
            "; ".join(o.reasons) if blocked else _described(o))
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
    stage = f"{change.stage_label} ({change.stage})" if change.stage_label else change.stage
    say(f"{change.reference}: {what} {dated(change)}; stage {stage} ({noun} {seqs}{implied})")


def dated(change: Change) -> str:
    """When a write's event happened, as well as it is known: on a day, in a month, or by a day."""
    shown = when(change.occurred_on, change.date_precision)
    kind = change.date_precision.partition(":")[0]
    lead = {"month": "in ", "year": "in ", "day": "on ", "year_uncertain": "on "}.get(kind, "")
    return lead + shown
