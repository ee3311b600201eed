"""A record in the code's words: the workflow file's stage and milestone labels and its bodies'
names, for every view a person reads (the CLI's tables, the exports, the pages). Machine names
(triggers, milestones, stages) appear only in ``--json`` and as secondary text, which the caller
adds (:func:`machine_name`).

The results are unescaped text; each format escapes them for itself. Light: the CLI's ``show``
and ``history`` import it without the exporters.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol

from govflow.workflow.directions import decided_solution

if TYPE_CHECKING:
    from govflow.views import Decision, RegisterRow
    from govflow.workflow.definition import Transition, Workflow
    from govflow.workflow.registry import Registry


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


def step_label(wf: Workflow | None, stage: str, step: str) -> str:
    """A named step inside a stage as the workflow writes it (``DCC assessment``)."""
    state = wf.state(stage) if wf is not None else None
    found = next((s for s in state.steps if s.name == step), None) if state else None
    return found.label if found is not None else step


def milestone_label(wf: Workflow | None, name: str | None) -> str:
    if name is None:
        return ""
    milestone = wf.milestone(name) if wf is not None else None
    return milestone.label if milestone is not None else name.replace("_", " ")


def _raised(e: EventLike, wf: Workflow | None) -> str:
    title = e.payload.get("title")
    return f"Raised in {stage_label(wf, e.to_stage)}" + (f": {title}" if title else "")


def _move(e: EventLike, wf: Workflow | None) -> str:
    if e.to_stage is None:  # a milestone recorded with the rules set aside: no stage moved
        return _milestone(e, wf) + " (rules set aside)" * (e.kind == "override")
    return event_words(e, wf)


def _milestone(e: EventLike, wf: Workflow | None) -> str:
    vote = e.payload.get("vote")
    if not isinstance(vote, dict) or not vote.get("outcome"):
        return milestone_label(wf, e.milestone)
    # a vote with its tally: the outcome the rule gave on which solution, why, and the counts
    from govflow.views.decisions import tally_text

    letter = vote.get("solution")
    on = (
        ""
        if letter is None
        else " on the original"
        if letter == ""
        else f" on alternative {letter}"
    )
    voting = wf.voting(str(vote.get("body"))) if wf else None  # its categories in the body's order
    tally = voting.in_order(vote.get("tally")) if voting else vote.get("tally")
    why = "; ".join(w for w in (str(vote.get("reason") or ""), tally_text(tally)) if w)
    return f"{milestone_label(wf, e.milestone)}: {vote['outcome']}{on}" + (
        f" ({why})" if why else ""
    )


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
    status = release_status(str(e.payload.get("status")))
    return f"Release {e.payload.get('release')}: {status}" + (f" ({day})" if day else "")


def _link(e: EventLike, wf: Workflow | None) -> str:
    return f"Referred to as {e.payload.get('spelling')}"


def relation_words(relation: str) -> str:
    """A relation between proposals in words: ``Consequential on``, ``Consequence:``,
    ``Related to``."""
    words = {"consequential_on": "Consequential on", "consequence": "Consequence:"}
    return words.get(relation, "Related to")


def _related(e: EventLike, wf: Workflow | None) -> str:
    relation = relation_words(str(e.payload.get("relation")))
    return f"{relation} {e.payload.get('code')} {e.payload.get('to')}"


def _implied(e: EventLike, wf: Workflow | None) -> str:
    """A step on no record that must have happened (see docs/records.md)."""
    if e.to_stage is None:
        return f"{milestone_label(wf, e.milestone)} (implied: not on the record)"
    return event_words(e, wf)


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
    """What an event did, in the workflow's words (its stage and milestone labels, its bodies'
    names): never a trigger's name, which only ``--json`` and secondary text show."""
    describer = DESCRIBERS.get(event.kind)
    return describer(event, wf) if describer is not None else event.kind


# -- moves and decisions in words (the CLI, the exports and the pages) ----------------------------
_VERBS = {"approve": "approved", "reject": "rejected"}  # then the solution: "approved MP901A"
_RECOMMENDS = {"approve": "recommended approval of", "reject": "recommended rejection of"}


def body_name(wf: Workflow | None, code: str) -> str:
    """A body as the code names it (``Change Board`` for CB); its code when undeclared."""
    found = next((b for b in wf.bodies if b.code == code), None) if wf is not None else None
    return found.name if found is not None else code


def _transition(wf: Workflow | None, trigger: str, dest: str | None) -> Transition | None:
    if wf is None:
        return None
    matches = [t for t in wf.transitions if t.trigger == trigger]
    return next((t for t in matches if t.dest == dest), matches[0] if matches else None)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def decision_words(
    wf: Workflow | None, trigger: str, outcome: str, solution: str | None, body: str | None = None,
    dest: str | None = None, known: bool = True,
) -> str:  # fmt: skip
    """``Change Board recommended approval``, ``The Authority (Ofgem) approved MP901A``,
    ``Change Board recommended approval of MP901A``; with the body not ``known`` (not on
    record), ``Approved MP901A (deciding body not on record)``."""
    t = _transition(wf, trigger, dest)
    who = body_name(wf, body or (t.body if t is not None else "")) if known else ""
    table = _RECOMMENDS if t is not None and t.outcome == "as_voted" else _VERBS
    verb = table.get(outcome, outcome)
    if not solution:
        verb = verb.removesuffix(" of")
    said = _capital(f"{who} {verb} {solution or ''}".strip())
    return said if known else f"{said} (deciding body not on record)"


def decision(wf: Workflow | None, d: Decision) -> str:
    """A decision in words (``... approved MP901A``)."""
    return decision_words(
        wf, d.trigger or "", d.outcome, d.solution, d.body, known=d.body is not None
    )


def last_step(wf: Workflow | None, row: RegisterRow) -> str:
    """The register's last decision: a decision in words, or the stage the last move went to
    and who moved it (``Refinement Process (SEC Panel)``); a decision whose body is not on
    record does not name one (``Approved (deciding body not on record)``), nor does a move
    recorded without one (``Refinement Process``: not the workflow's body for the move)."""
    if not row.last_decision:
        return ""
    if row.outcome:
        return decision_words(wf, row.last_decision, row.outcome, row.solution, row.decided_by,
                              dest=row.stage, known=row.body_on_record)  # fmt: skip
    t = _transition(wf, row.last_decision, row.stage)
    body = row.decided_by or (t.body if t is not None else None)
    who = f" ({body_name(wf, body)})" if body and row.body_on_record else ""
    return stage_label(wf, t.dest if t is not None else row.stage) + who


def last_step_dated(wf: Workflow | None, row: RegisterRow) -> str:
    """:func:`last_step` with its date as the record knows it (the move entered the stage, so
    its date is ``stage_since``'s): ``Change Board approved on 2021-05-26``; ``""``."""
    said = last_step(wf, row)
    if not said or row.last_decision_on is None:
        return said
    from govflow.dates import when_text

    return f"{said} {when_text(row.last_decision_on, row.stage_since_precision)}"


def moved_by(e: EventLike, wf: Workflow | None) -> str:
    """How a stage was entered, as the record says: a decision in words, the body that moved it
    when one is recorded (never the workflow's body for the move), a stage reached with the
    steps between not on record."""
    if e.kind == "raised":
        return "Raised"
    if e.kind == "reached":
        return "Reached; steps between not on record"
    body = getattr(e, "body", None)
    outcome = e.payload.get("outcome")
    if outcome and e.trigger:
        said = decision_words(wf, e.trigger, str(outcome), None, body, e.to_stage,
                              known=body is not None)  # fmt: skip
    else:
        said = body_name(wf, body) if body else ""
    return said + (" (implied)" if e.kind == "implied" else "")


def event_words(e: EventLike, wf: Workflow | None, reference: str = "") -> str:
    """What an event did: a move as ``Report Phase → Change Board`` (a decision first says who
    decided what, naming the solution by reference: ``reference`` + its letter, or the letter
    alone without one); anything else as :func:`describe` words it."""
    if e.kind not in ("transition", "override", "implied") or e.to_stage is None:
        return describe(e, wf)  # a stage reached: the way between not on record
    move = f"{stage_label(wf, e.from_stage)} → {stage_label(wf, e.to_stage)}"
    outcome = e.payload.get("outcome")
    if outcome and e.trigger:
        solution = decided_solution(reference, e.payload)
        if not reference and solution and solution.isalpha():  # a letter with no reference
            solution = f"alternative {solution}"  # to write it after ("approved alternative A")
        body = getattr(e, "body", None)
        chose = decision_words(wf, e.trigger, str(outcome), solution, body, e.to_stage,
                               known=body is not None or not hasattr(e, "body"))  # fmt: skip
        move = f"{chose}: {move}"
    if e.kind == "override":
        move += " (rules set aside)"
    elif e.kind == "implied":
        move += " (implied: not on the record)"
    return move


def step_words(wf: Workflow | None, name: str, stage: str | None, dest: str | None) -> str:
    """A step still to come in words (the planner's): a milestone's label (``Modification Report
    Consultation opened``), a decision with a direction as :func:`decision_words` says it
    (``Change Board approved``), any other move as ``Refinement Process → Report Phase``."""
    if dest is None:
        return milestone_label(wf, name)
    found = [t for t in wf.transitions if t.trigger == name and t.dest == dest] if wf else []
    t = next((t for t in found if stage in t.sources), found[0] if found else None)
    if t is not None and t.outcome in _VERBS:
        return decision_words(wf, name, t.outcome, None, t.body, dest)
    return f"{stage_label(wf, stage)} → {stage_label(wf, dest)}"


def body_names(wf: Workflow | None, codes: Sequence[str]) -> str:
    """Bodies as the code names them, joined by "or" (``SEC Panel or Change Board``)."""
    return " or ".join(body_name(wf, c) for c in codes)


def done_words(e: EventLike, wf: Workflow | None) -> str:
    """What a write did, for the line that confirms it (the stage it left the proposal in
    follows there): a decision (``Change Board approved``), a move as the stage it left
    (``moved from Refinement Process``), anything else as :func:`describe` words it."""
    if e.milestone is not None and e.to_stage is None:  # an overridden one too
        return _milestone(e, wf)
    if e.kind not in ("transition", "override", "implied", "reached") or e.to_stage is None:
        return describe(e, wf)
    outcome = e.payload.get("outcome")
    if outcome and e.trigger and e.kind != "reached":
        body = getattr(e, "body", None)
        return decision_words(wf, e.trigger, str(outcome), None, body, e.to_stage,
                              known=body is not None or not hasattr(e, "body"))  # fmt: skip
    return f"moved from {stage_label(wf, e.from_stage)}"


def who(e: EventLike, wf: Workflow | None) -> str:
    """Who an event names, as a person reads it: its body and its actor, each a body's code
    given by the body's name (``Change Board / SECAS``), once each."""
    named = (
        body_name(wf, str(v)) for v in (getattr(e, "body", None), getattr(e, "actor", None)) if v
    )
    return " / ".join(dict.fromkeys(named))


def machine_name(e: EventLike) -> str:
    """The name a secretariat types for what an event did (its trigger or milestone), for
    secondary text; "" for the kinds that have none."""
    return str(e.trigger or e.milestone or "")


def workflow_of(events: Sequence[EventLike], registry: Registry) -> Workflow | None:
    """The workflow a history's words come from: the version its last migration (else its
    raise) names; None when it names none the registry knows."""
    from govflow.errors import GovflowError

    named = [e.payload for e in events if e.kind in ("raised", "migrated")]
    if not named or not named[0].get("workflow"):
        return None
    version = named[-1].get("to_version", named[-1].get("workflow_version"))
    try:
        return registry.get(str(named[0]["workflow"]), int(version) if version else None)
    except (GovflowError, ValueError, TypeError):
        return None


_RELEASE_WORDS = {"not_yet_determined": "target not yet determined"}


def release_status(status: str) -> str:
    """A proposal's status in a release in words: ``targeted``, ``retargeted``, ``target not
    yet determined`` (SECAS's "Not yet determined")."""
    return _RELEASE_WORDS.get(status, status.replace("_", " "))
