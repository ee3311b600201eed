"""What the views make of a history's values: decisions, each solution's standing and the votes
(:class:`~govflow.views.Decision`, :class:`~govflow.views.SolutionView`,
:class:`~govflow.views.VoteView`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from govflow.dates import bounds, when_text
from govflow.model import Event
from govflow.views import Decision, SolutionView, VoteView, tally_text
from govflow.workflow.definition import Workflow
from govflow.workflow.directions import decided_solution
from govflow.workflow.solutions import named, standings
from govflow.workflow.state import ProposalState
from govflow.workflow.words import stage_label


def decision_views(
    label: str, decisions: Sequence[Mapping[str, Any]], names: Mapping[str, str] | None = None
) -> tuple[Decision, ...]:
    return tuple(_decision(label, d, names) for d in decisions)


def _decision(label: str, d: Mapping[str, Any], names: Mapping[str, str] | None) -> Decision:
    return Decision(
        trigger=None if d.get("trigger") is None else str(d["trigger"]),
        body=None if d.get("body") is None else str(d["body"]),
        outcome=str(d["outcome"]),
        solution=decided_solution(label, d, names), on=dt.date.fromisoformat(str(d["on"])),
        on_precision=str(d.get("precision") or "day"),
    )  # fmt: skip


def solution_views(wf: Workflow, label: str, state: ProposalState) -> tuple[SolutionView, ...]:
    """Each solution's standing (none without alternatives), its reference as the code writes
    it (``0678A``, ``CMP264 WACM4``)."""
    names = named(wf, label, state)
    return tuple(
        SolutionView(
            reference=names[s.letter],
            status=s.status, vote=s.vote, recommended=s.recommended,
            decided=None if s.decided is None else str(s.decided["outcome"]),
            decided_by=None if s.decided is None or s.decided["body"] is None  # not on record
            else str(s.decided["body"]),
            decided_on=None if s.decided is None else dt.date.fromisoformat(str(s.decided["on"])),
            decided_on_precision="day" if s.decided is None
            else str(s.decided.get("precision") or "day"),
        )
        for s in standings(wf, state)
    )  # fmt: skip


def standing_texts(
    wf: Workflow, label: str, state: ProposalState, facts: Iterable[Event], day: dt.date
) -> tuple[str, ...]:
    """Each solution's standing on ``day`` as one line, its latest vote with the vote's tally
    (``CMP961 WACM1: panel_recommendation (vote approve [Panel Members 7-1-0-0])``)."""
    until = [e for e in facts if e.occurred_on <= day]
    votes = vote_views(wf, label, until, named(wf, label, state))
    latest = {v.solution: tally_text(v.tally) for v in votes}  # the last on each solution wins
    return tuple(s.text(latest.get(s.reference, "")) for s in solution_views(wf, label, state))


def vote_text(wf: Workflow, vote: Mapping[str, Any]) -> str:
    """A stored vote as the register writes it: ``approve [Large Supplier 9-2-1-1; ...]`` (its
    tally in its body's order of categories), ``approve`` when no counts are on record."""
    voting, tally = wf.voting(str(vote.get("body"))), vote.get("tally")
    counts = tally_text(voting.in_order(tally) if voting is not None else tally)
    return f"{vote['outcome']} [{counts}]" if counts else str(vote["outcome"])


def latest_vote(wf: Workflow, facts: Iterable[Event], day: dt.date) -> str | None:
    """The latest vote of a history on or before ``day`` (:func:`vote_text`); None: none."""
    found = None
    for e in facts:
        vote = e.payload.get("vote")
        if e.occurred_on <= day and isinstance(vote, dict) and vote.get("outcome") is not None:
            found = vote
    return None if found is None else vote_text(wf, found)


def vote_views(
    wf: Workflow, label: str, facts: Iterable[Event], names: Mapping[str, str] | None = None
) -> tuple[VoteView, ...]:
    """Every vote of a history as the record now tells it, oldest first; ``names``: the
    solutions' references as written now (0990AV)."""
    out = []
    for e in facts:
        if "vote" not in e.payload:  # most events: no lookup of a method for them
            continue
        vote = e.payload["vote"]
        if not isinstance(vote, dict) or vote.get("outcome") is None:
            continue
        letter, tally = vote.get("solution"), vote.get("tally")
        voting = wf.voting(str(vote.get("body")))
        if voting is not None:
            tally = voting.in_order(tally)
        out.append(VoteView(
            body=str(vote.get("body") or e.body or ""), outcome=str(vote["outcome"]),
            on=e.occurred_on, tally=tally, reason=str(vote.get("reason") or ""),
            solution=None if letter is None
            else decided_solution(label, vote, names),
        ))  # fmt: skip
    return tuple(out)


def body_on_record(state: ProposalState, move: Event | None) -> bool:
    """Whether who took ``move`` (the register's last decision) is on record: for a decision
    with a direction, its body as the views derive it (re-judged, as the proposal's page says
    it); any other move, the body it was recorded with, or the route's once the route is on
    record (none while the route it depends on is not on record and no meeting took it)."""
    if move is None:
        return True
    if not move.payload.get("outcome") or not state.decisions:
        return move.body is not None or state.path is not None
    return state.decisions[-1].get("body") is not None


def decided_by(wf: Workflow, state: ProposalState, move: Event | None) -> str | None:
    """Who took ``move`` as the views derive it (a decision's body re-judged), when on record:
    the body it was recorded with, or the one its route fixes once the route is on record (the
    same whatever order the route and the move were recorded in)."""
    if move is None:
        return None
    if move.payload.get("outcome") and state.decisions:
        body = state.decisions[-1].get("body")
        return None if body is None else str(body)
    if move.body is not None or move.to_stage is None:
        return move.body
    return wf.body_on_route(move.trigger, move.to_stage, state.path)


_MOVES = ("transition", "override", "reached", "implied")


def moving_text(
    wf: Workflow, day: dt.date, to_stage: str | None, on: dt.date, precision: str
) -> str | None:
    """What a register row on ``day`` must add when the next move is known only as an interval
    that holds ``day`` (moved "by" a later day, in a month, between two days): the proposal may
    already have moved, and to where. None when ``day`` is before the interval."""
    first, _ = bounds(on, precision)
    if to_stage is None or on <= day or (first is not None and first > day):
        return None
    return f"may already be in {stage_label(wf, to_stage)}: moved {when_text(on, precision)}"


def moving_from_facts(wf: Workflow, facts: Sequence[Event], day: dt.date) -> str | None:
    """:func:`moving_text` for a proposal read from its facts: its first move after ``day``."""
    later = [f for f in facts if f.kind in _MOVES and f.occurred_on > day]
    if not later:
        return None
    nxt = min(later, key=lambda f: (f.occurred_on, f.seq))
    if nxt.date_precision == "day":
        return None
    return moving_text(wf, day, nxt.to_stage, nxt.occurred_on, nxt.date_precision)
