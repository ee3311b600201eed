"""A proposal's history folded through the rule core: what the facts make of the proposal.

Two times stand on every event: when it happened (``occurred_on``, with a precision) and when it
was recorded (``recorded_at``; the hash chain follows recording order). Everything that describes
a proposal is derived from its events in **occurrence order** (:func:`govflow.workflow.facts.facts`
applies the corrections and sorts them), each judged and applied by
:func:`govflow.workflow.step.step`:

- :func:`replay` stops at the first event the rules refuse (:class:`HistoryError`): a live write
  placed in a history, a correction, the bulk import and the views all want that;
- :func:`judged` goes on past a refused event (as if it had not been recorded) and returns every
  refusal: ``verify`` reports them all.

A move entered by target stage (``advance --to``) is read from the stage the history before it
puts the proposal in (:func:`govflow.workflow.by_target.as_entered`), so an entry dated before
it and entered after it does not leave it refused or read otherwise than live entry would.

Pure: no database, no clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from govflow.errors import TransitionNotAllowed
from govflow.model import Event
from govflow.workflow.by_target import ENTERED, as_entered
from govflow.workflow.route_rules import fitting_routes
from govflow.workflow.rules import NOT_JUDGED
from govflow.workflow.state import ProposalState
from govflow.workflow.step import step_on
from govflow.workflow.unjudged import to_judge
from govflow.workflow.verdict import Rules, Verdict


class HistoryError(TransitionNotAllowed):
    """A history the workflow's rules refuse: ``fact`` is the first event they refuse, ``why``
    what it breaks, ``rules`` the names of the rules (``fields``, ``graph``, ``migration``...)."""

    def __init__(
        self, fact: Event, why: str, reasons: Sequence[str] = (), rules: Sequence[str] = ()
    ) -> None:
        super().__init__(f"{fact.describe()}: {why}", list(reasons))
        self.fact = fact
        self.why = why
        self.rules = tuple(rules)


@dataclass(frozen=True)
class Refusal:
    """An event of a stored history that the rules refuse, with the verdict."""

    event: Event
    verdict: Verdict

    @property
    def why(self) -> str:
        return "; ".join(self.verdict.messages)


def replay(rules: Rules, history: Iterable[Event], upto: dt.date | None = None) -> ProposalState:
    """What ``history`` (facts in occurrence order) makes of the proposal, up to the end of
    ``upto``; :class:`HistoryError` at the first event the rules refuse."""
    state = ProposalState()
    for fact in history:
        if upto is not None and fact.occurred_on > upto:
            break
        fact = as_entered(rules, state, fact)
        verdict = step_on(rules, state, fact)
        if not verdict.allowed:
            rules_broken = list(dict.fromkeys(r.rule for r in verdict.refused))
            raise HistoryError(fact, "; ".join(verdict.messages), verdict.messages, rules_broken)
    return state


def judged(rules: Rules, history: Iterable[Event]) -> tuple[ProposalState, list[Refusal]]:
    """Every event of ``history`` judged: the state the allowed ones make, and each refused one
    (left out, as a live write would have left it out)."""
    state = ProposalState()
    refused = []
    for fact in history:
        fact = as_entered(rules, state, fact)
        verdict = step_on(rules, state, fact)
        if not verdict.allowed:
            refused.append(Refusal(fact, verdict))
    return state, refused


def annotated(rules: Rules, history: Iterable[Event]) -> list[Event]:
    """``history`` (facts in occurrence order) with the rules each event left unchecked for lack
    of facts (a route not on record) in its payload's ``unchecked``: judged now, so recording the
    fact later re-judges it. Events the rules refuse are kept as they are. A raise says who
    raised it only as its meeting's committee: older raises stored their stage's body (the
    workflow's, not the record's), which the stored event keeps for its hash. A stage reached
    with the way between not on record says, in its payload's ``routes``, the routes of the
    graph that fit (each as the stages it passes, from the stage it left): derived now, never
    stored, so a correction or a route recorded later re-derives them. A move leaves from the
    stage the history before it puts the proposal in, whatever stage it was recorded from.

    Only the events up to the last that judging may mark are judged again (the rule core says
    which: :func:`govflow.workflow.unjudged.to_judge`); those after it read the same either
    way, and a history of none is told as it stands."""
    facts = history if isinstance(history, list) else list(history)
    judged = to_judge(rules, facts)
    told = [_as_raised(f) if f.kind == "raised" else f for f in facts[judged:]]
    return _judged_again(rules, facts[:judged]) + told if judged else told


def _as_raised(fact: Event) -> Event:
    return fact if fact.body == fact.committee else replace(fact, body=fact.committee)


def _judged_again(rules: Rules, history: Iterable[Event]) -> list[Event]:
    """:func:`annotated`, each event judged again."""
    state = ProposalState()
    out = []
    for fact in history:
        if fact.kind == "raised":
            fact = _as_raised(fact)
        entered = ENTERED in fact.payload  # what the entry gave: kept for the replay, not told
        if entered:  # else as entered already
            fact = as_entered(rules, state, fact)
        stage = state.stage
        before = state.copy() if fact.kind == "reached" else state  # its routes start there
        verdict = step_on(rules, state, fact)
        if entered and ENTERED in fact.payload:
            fact = replace(fact, payload={k: v for k, v in fact.payload.items() if k != ENTERED})
        if not verdict.refused:  # allowed
            if fact.to_stage is not None and fact.from_stage not in (None, stage):
                # left from the stage its history puts it in: an entry dated before it may
                # have moved it since this move was recorded
                fact = replace(fact, from_stage=stage)
            if fact.kind == "reached":
                fact = replace(
                    fact, payload={**fact.payload, "routes": _routes(rules, before, fact)}
                )
            for rule in NOT_JUDGED if verdict.unchecked else ():  # each kind apart
                named = [r.message for r in verdict.unchecked if r.rule == rule]
                if named:
                    fact = replace(fact, payload={**fact.payload, rule: named})
        out.append(fact)
    return out


def _routes(rules: Rules, state: ProposalState, fact: Event) -> list[list[str]]:
    fit, _ = fitting_routes(rules, state, str(fact.to_stage), fact.meeting, fact, said=True)
    found = dict.fromkeys((state.stage, *(t.dest for t in route)) for route in fit)
    return [list(stages) for stages in found]
