"""Where each solution of a record stands: the original and each alternative, with the latest
vote, recommendation and decision on it, and its status.

A record's outcome follows from its solutions' decisions: when the record holds an approval, the
solution the approval named is approved (or implemented, as the record's stage says) and every
other solution is not approved; when the approval named none, which solution was approved is not
on record. A rejected record rejects every solution; a withdrawn one withdraws them; while the
record is open, each solution is where the record is. Pure: derived from a state and its workflow.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from govflow.workflow.definition import Workflow, approved_stages
from govflow.workflow.state import ProposalState
from govflow.workflow.votes import OUTCOMES

NOT_APPROVED = "not approved"
UNKNOWN = "approved: which solution is not on record"


@dataclass(frozen=True)
class SolutionStanding:
    letter: str  # "" for the original
    status: str  # the record's stage for the one approved, "not approved", "rejected", ...
    vote: str | None = None  # the latest vote on it (approve or reject)
    recommended: str | None = None  # the latest recommendation on it
    decided: Mapping[str, Any] | None = None  # the latest decision on it (or on all)


def recommends(wf: Workflow, decision: Mapping[str, Any]) -> bool:
    """Whether a decision is a recommendation (its transition goes as the vote went)."""
    return any(
        t.trigger == decision.get("trigger") and t.body == decision.get("body")
        and t.outcome not in OUTCOMES
        for t in wf.transitions
    )  # fmt: skip


def _on(decision: Mapping[str, Any], letter: str) -> str | None:
    """The direction a decision gives solution ``letter`` (None: it says nothing of it)."""
    each = decision.get("recommendations")
    if isinstance(each, dict):
        return each.get(letter)
    if decision.get("solution") in (None, letter):
        return str(decision["outcome"])
    return None


def standings(wf: Workflow, state: ProposalState) -> tuple[SolutionStanding, ...]:
    """Each solution's standing; none for a record without alternatives."""
    if not state.solutions:
        return ()
    recs = [d for d in state.decisions if recommends(wf, d)]
    finals = [d for d in state.decisions if not recommends(wf, d)]
    approved = state.stage in approved_stages(wf)
    chosen = next((d.get("solution") for d in reversed(finals) if d["outcome"] == "approve"), None)
    out = []
    for letter in ["", *state.solutions]:
        decided = next((d for d in reversed(finals) if _on(d, letter) is not None), None)
        if approved:
            status = (
                state.stage if chosen == letter else UNKNOWN if chosen is None else NOT_APPROVED
            )
        else:
            status = state.stage
        rec = next((r for d in reversed(recs) if (r := _on(d, letter)) is not None), None)
        out.append(SolutionStanding(letter, status, state.votes.get(letter), rec, decided))
    return tuple(out)
