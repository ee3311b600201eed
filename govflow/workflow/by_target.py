"""A move read as it was entered, from the stage and route its history gives it.

A move stores the record's reading of what was entered, made from the proposal as it stood then:
``advance --to X`` the one move that leads to X (:func:`govflow.workflow.implied.move_to`), else
the stage reached with the way between not on record; a move with no body given the workflow's
body for it, unless that depends on a route not then on record. An entry dated before it and
entered after it (the route, an earlier move) may change that reading; it is made again on
every replay, by the same functions, so that the same entries give the same history in any
order of entry (issue 24: a ``--to refinement`` entered from Initial Consideration was stored
as ``start_refinement``, and a move to the Report Phase dated before it, entered later, was
refused; a move entered before its earlier-dated route named no body). Nothing stored changes.

The payload's ``entered`` says what was entered: ``to`` (moved by target stage) and ``body``
(None: none given). A move recorded before it is read as stored. Pure: no database.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from govflow.errors import GovflowError
from govflow.model import Event
from govflow.workflow.definition import Transition
from govflow.workflow.directions import direction_payload
from govflow.workflow.implied import Gap, move_to
from govflow.workflow.requirements import unknown
from govflow.workflow.state import ProposalState
from govflow.workflow.verdict import Rules

#: The payload key that says what a move's entry gave: ``to`` (by target stage) and ``body``.
ENTERED = "entered"

_DERIVED = ("routes", "unchecked")  # what the views add when they read a history
_DIRECTION = ("outcome", "solution", "recommendations")


def as_entered(rules: Rules, state: ProposalState, fact: Event) -> Event:
    """``fact`` as its entry reads from ``state``: a move by target stage read again
    (:func:`move_to`: the stage it left, the route and the milestones before it may have come
    on record after it), a move by its trigger left from the stage ``state`` is in when the
    trigger leads from there too (``withdraw``), with no body given given the body the workflow
    gives it from ``state``; else ``fact`` itself (and when no reading fits: the rule core then
    refuses it as it stands). Live, in date order, the reading is the one stored."""
    marked = fact.payload.get(ENTERED)
    if not isinstance(marked, dict) or fact.kind not in ("transition", "override", "reached"):
        return fact
    if fact.to_stage is None or state.stage == fact.to_stage:
        return fact
    payload = {k: v for k, v in fact.payload.items() if k not in _DERIVED}
    given = marked.get("body")
    try:
        if not marked.get("to"):  # by its trigger: from the stage it is in, if it leads there
            if fact.kind == "reached" or fact.trigger is None:
                return fact
            return _moved(rules, state, fact, fact.trigger, fact.payload, given, again=False)
        override = fact.payload.get("override")
        found = move_to(rules, state, str(fact.to_stage), fact.occurred_on,
                        str(override) if override else None, fact.meeting)  # fmt: skip
        if isinstance(found, Gap):
            if found.outcome is not None and "outcome" not in payload:
                payload["outcome"] = found.outcome
            return replace(fact, kind="reached", trigger=None, from_stage=state.stage,
                           payload=payload, body=given or fact.committee)  # fmt: skip
        return _moved(rules, state, fact, str(found.trigger), payload, given)
    except GovflowError:
        return fact


def _moved(
    rules: Rules, state: ProposalState, fact: Event, trigger: str, payload: dict[str, Any],
    given: str | None, again: bool = True,
) -> Event:  # fmt: skip
    """``fact`` as the move ``trigger`` from ``state``, with its body drafted as a live entry
    drafts it (and, read ``again`` as another move, its direction)."""
    _, machine = rules.of(state.version)
    dest = str(fact.to_stage)
    found = [t for t in machine.candidates(state.stage, trigger) if t.dest == dest]
    if not found:
        return fact
    fired: Transition = machine.first_met(state.situation, trigger, dest) or found[0]
    body = given
    if body is None:
        path_unknown = any(unknown(r, state.situation) for r in fired.requires)
        body = fact.committee if path_unknown else fired.body
    if not again:
        return replace(fact, from_stage=state.stage, body=body)
    kept = {k: v for k, v in payload.items() if k not in _DIRECTION}
    said = payload.get("outcome"), payload.get("solution")
    kept |= direction_payload(fired, state, state.reference, *said)
    kind = "override" if payload.get("override") else "transition"
    return replace(fact, kind=kind, trigger=trigger, from_stage=state.stage, payload=kept,
                   body=body)  # fmt: skip
