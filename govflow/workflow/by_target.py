"""A move entered by target stage, read from the stage its history puts the proposal in.

``advance --to X`` says what the record says: the proposal reached X. When it is entered, the
record's reading of it is made from the proposal as it then stood
(:func:`govflow.workflow.implied.move_to`): the one move that leads there, else the stage
reached, the way between not on record. An entry dated before it and entered after it may leave
the proposal in another stage by then; the move is then read again from there, by the same
function, so that the same entries give the same history in any order of entry (issue 24: a
``--to refinement`` entered from Initial Consideration was stored as ``start_refinement``, and
a move to the Report Phase dated before it, entered later, was refused). Nothing stored changes.

The payload's ``by_target`` marks such a move and keeps the body the entry gave (None: none
given). A move entered by its trigger, and one recorded before the mark, is read as stored. Pure:
no database.
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

#: The payload key that marks a move entered by target stage.
BY_TARGET = "by_target"

_DERIVED = ("routes", "unchecked")  # what the views add when they read a history
_DIRECTION = ("outcome", "solution", "recommendations")


def as_entered(rules: Rules, state: ProposalState, fact: Event) -> Event:
    """``fact`` as :func:`move_to` reads its entry from ``state``, when it was entered by
    target stage from another stage than the one ``state`` is in; else ``fact`` itself (and when
    no reading fits: the rule core then refuses it as it stands)."""
    marked = fact.payload.get(BY_TARGET)
    if not isinstance(marked, dict) or fact.to_stage is None or fact.from_stage == state.stage:
        return fact
    if fact.kind not in ("transition", "override", "reached") or state.stage == fact.to_stage:
        return fact
    override = fact.payload.get("override")
    try:
        found = move_to(rules, state, str(fact.to_stage), fact.occurred_on,
                        str(override) if override else None, fact.meeting)  # fmt: skip
        payload = {k: v for k, v in fact.payload.items() if k not in _DERIVED}
        given = marked.get("body")
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
    given: str | None,
) -> Event:  # fmt: skip
    """``fact`` as the one move ``trigger`` from ``state``, with its direction and body drafted
    as a live entry drafts them."""
    _, machine = rules.of(state.version)
    dest = str(fact.to_stage)
    found = [t for t in machine.candidates(state.stage, trigger) if t.dest == dest]
    fired: Transition = machine.first_met(state.situation, trigger, dest) or found[0]
    kept = {k: v for k, v in payload.items() if k not in _DIRECTION}
    said = payload.get("outcome"), payload.get("solution")
    kept |= direction_payload(fired, state, state.reference, *said)
    body = given
    if body is None:
        path_unknown = any(unknown(r, state.situation) for r in fired.requires)
        body = fact.committee if path_unknown else fired.body
    kind = "override" if payload.get("override") else "transition"
    return replace(fact, kind=kind, trigger=trigger, from_stage=state.stage, payload=kept,
                   body=body)  # fmt: skip
