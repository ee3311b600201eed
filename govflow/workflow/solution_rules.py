"""The rule core's rules on solutions: votes, the direction of a decision and the solution it
names, and who may raise an alternative and when.

A record with alternatives (MP122 and MP122A; UNC 0678 and 0678A...) is decided solution by
solution: each vote names the solution it is on, a recommendation or decision names the solution
it chooses, and a recommendation may carry one direction per solution (as the votes on each
went). These functions are called only by :func:`govflow.workflow.rules.judge`, which decides;
each returns the reasons an event breaks them. Pure.
"""

from __future__ import annotations

from typing import Any

from govflow.model import Event
from govflow.workflow.definition import Transition, Workflow
from govflow.workflow.state import ProposalState
from govflow.workflow.verdict import Reason
from govflow.workflow.votes import OUTCOMES


def _known(state: ProposalState) -> str:
    return ", ".join(["the original", *state.solutions])


def _unknown(state: ProposalState, solution: object, what: str) -> Reason | None:
    if solution is None or solution in ("", *state.solutions):
        return None
    why = f"{what} solution {solution!r}, which was not raised (solutions: {_known(state)})"
    return Reason("solution", why, False)


def milestone_reasons(state: ProposalState, e: Event) -> list[Reason]:
    """A milestone recorded on one solution (through its reference, 0990A) names one raised."""
    unknown = _unknown(state, e.payload.get("solution"), "it is recorded on")
    return [] if unknown is None else [unknown]


def vote_reasons(
    wf: Workflow, state: ProposalState, name: str, body: str, vote: Any
) -> list[Reason]:
    """A vote recorded with milestone ``name`` (of voting body ``body``; "" when the milestone
    records no vote): an outcome, a known solution (named when the record has alternatives), and
    no more members counted in a category than it has seats."""
    if vote is None:
        return []
    if not body or not isinstance(vote, dict) or vote.get("outcome") not in OUTCOMES:
        why = f"{name!r} records no vote" if not body else "its vote has no outcome"
        return [Reason("fields", why, False)]
    solution = vote.get("solution")
    unknown = _unknown(state, solution, "it votes on")
    if unknown is not None:
        return [unknown]
    reasons = []
    if solution is None and state.solutions:
        why = (f"the record has alternatives ({_known(state)}): a vote names the solution it is "
               "on")  # fmt: skip
        reasons.append(Reason("solution", why))
    voting = wf.voting(body)
    tally = vote.get("tally")
    if voting is not None and isinstance(tally, dict):
        beyond = voting.beyond_seats(tally)
        if beyond is not None:
            reasons.append(Reason("vote", beyond, False))
    return reasons


def direction_reasons(state: ProposalState, e: Event, t: Transition) -> list[Reason]:
    """A decision's direction and solution as its payload records them (either may be not on
    record), and a recommendation's direction per solution."""
    outcome, solution = e.payload.get("outcome"), e.payload.get("solution")
    per_solution = e.payload.get("recommendations")
    if not t.outcome:
        if outcome is not None or solution is not None or per_solution is not None:
            why = f"{t.trigger!r} records no decision: it carries no outcome or solution"
            return [Reason("direction", why, False)]
        return []
    reasons = []
    voted = state.vote_on(solution)
    if outcome is not None and outcome not in OUTCOMES:
        reasons.append(Reason("direction", f"an outcome is approve or reject, not {outcome!r}",
                              False))  # fmt: skip
    elif t.outcome in OUTCOMES and outcome not in (None, t.outcome):
        why = f"{t.trigger!r} records a decision to {t.outcome}, not {outcome}"
        reasons.append(Reason("direction", why, False))
    elif t.outcome not in OUTCOMES and per_solution is None and None not in (outcome, voted) \
            and outcome != voted:  # fmt: skip
        reasons.append(Reason("vote", f"the vote on record went {voted}, not {outcome}"))
    unknown = _unknown(state, solution, "it decides")
    if unknown is not None:
        reasons.append(unknown)
    if per_solution is not None:
        reasons += _per_solution(state, t, per_solution)
    return reasons


def _per_solution(state: ProposalState, t: Transition, given: Any) -> list[Reason]:
    if t.outcome in OUTCOMES or not isinstance(given, dict) or not given:
        why = f"{t.trigger!r} does not record a direction per solution"
        if isinstance(given, dict) and given and t.outcome not in OUTCOMES:
            why = "a direction per solution is approve or reject"
        return [Reason("direction", why, False)]
    reasons: list[Reason] = []
    for solution, outcome in given.items():
        unknown = _unknown(state, solution, "it recommends on")
        if unknown is not None:
            reasons.append(unknown)
        elif outcome not in OUTCOMES:
            reasons.append(Reason("direction", "a direction per solution is approve or reject",
                                  False))  # fmt: skip
        elif state.votes.get(solution) not in (None, outcome):
            why = f"the vote on {_name(solution)} went {state.votes[solution]}, not {outcome}"
            reasons.append(Reason("vote", why))
    return reasons


def _name(solution: str) -> str:
    return f"alternative {solution}" if solution else "the original"


def alternative_reasons(wf: Workflow, state: ProposalState, e: Event) -> list[Reason]:
    """When and by whom an alternative may be raised (the workflow's ``alternatives``); who
    raised it is judged only when it and the proposer are both on record."""
    rule, reasons = wf.alternative_rule, []
    others = e.payload.get("shared_with")
    if others is not None and not (
        isinstance(others, list) and others and all(isinstance(o, str) and o for o in others)
    ):
        why = "a shared alternative names the other records that hold it"
        reasons.append(Reason("fields", why, False))
    source = f" ({rule.note})" if rule.note else ""
    # An unconfirmed rule is named, never refused: the event is allowed and its history says so.
    kind, unsure = ("unconfirmed", "not kept to, a rule UNCONFIRMED: ") if rule.unconfirmed else \
        ("alternative", "")  # fmt: skip
    if rule.raised_in and state.stage not in rule.raised_in:
        why = (f"{unsure}an alternative is raised in {' or '.join(rule.raised_in)}{source}; it "
               f"is in {state.stage!r}")  # fmt: skip
        reasons.append(Reason(kind, why))
    by, proposer = (e.actor or "").strip(), (state.proposer or "").strip()
    if rule.not_by_proposer and by and proposer and by.casefold() == proposer.casefold():
        why = (f"{unsure}an alternative is raised by someone other than the proposer "
               f"({proposer}){source}")  # fmt: skip
        reasons.append(Reason(kind, why))
    return reasons
