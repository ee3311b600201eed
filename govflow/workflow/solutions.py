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
from govflow.workflow.directions import shared_label, solution_label
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


def marked(state: ProposalState, name: str, letter: object) -> ProposalState:
    """``state`` with milestone ``name`` noted as recorded on alternative ``letter`` (a str:
    the milestone was recorded through the alternative's reference, 0990A), or for the whole
    record (anything else). Only a record with milestones on an alternative keeps any of it, so
    a record that never had one derives what it always did. Changes ``state`` in place."""
    on = state.solution_milestones
    if not on and not letter:  # a record that never had one (most): nothing to note
        return state
    elsewhere = any(name in held for held in on.values())
    if isinstance(letter, str) and letter:
        if name in state.milestones and not elsewhere:  # recorded for the record before
            state.record_too = (*state.record_too, name)
        if name not in on.get(letter, ()):
            state.solution_milestones = {**on, letter: (*on.get(letter, ()), name)}
    elif elsewhere and name not in state.record_too:
        state.record_too = (*state.record_too, name)
    return state


def milestones_of(state: ProposalState, letter: str) -> tuple[str, ...]:
    """The milestones recorded on a solution: an alternative's own (recorded through its
    reference); for the original (``""``), those recorded for the whole record."""
    on = state.solution_milestones
    if letter:
        return tuple(on.get(letter, ()))
    return tuple(
        m for m in state.milestones
        if m in state.record_too or not any(m in held for held in on.values())
    )  # fmt: skip


def solution_reference(wf: Workflow, label: str, state: ProposalState, letter: str) -> str:
    """A solution as its code writes it, with the marks its own milestones give: ``0990AV`` for
    alternative A once its Variation Request was accepted (the Joint Office's numbering),
    ``0990`` for the original while only the alternative was varied. A flag's mark (``FT``) is
    the record's, written after the record's reference, not in its list of solutions (whether a
    code writes it after an alternative is not in our sources). An alternative several records
    hold is written with all their numbers: ``CMP264/265 WACM4``."""
    marks = wf.references.marks_of((), milestones_of(state, letter))
    if letter in state.shared:  # one alternative of several records: CMP264/265 WACM4
        return shared_label(label, state.shared[letter], letter) + marks
    return solution_label(label, letter) + marks


def named(wf: Workflow, label: str, state: ProposalState) -> dict[str, str]:
    """Each solution's reference as its code writes it now (:func:`solution_reference`), by
    letter ("" the original); empty for a record without alternatives."""
    if not state.solutions:
        return {}
    return {x: solution_reference(wf, label, state, x) for x in ["", *state.solutions]}


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
