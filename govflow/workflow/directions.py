"""Which way a decision went, and on which solution: how a caller's words become an event's
payload, and how a decided solution is named.

A transition with an ``outcome`` records a decision with a direction: approve or reject (fixed by
the workflow), or ``as_voted`` (a recommendation: the way the latest vote went, or the way the
recorder says; when neither is on record, the direction is not on record). Whether a direction
or solution may be recorded is the rule core's to judge (:mod:`govflow.workflow.rules`); this
module only shapes the payload. Pure: no database.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from govflow.errors import InvalidInput
from govflow.workflow.definition import Transition
from govflow.workflow.state import ProposalState
from govflow.workflow.votes import OUTCOMES


def solution_label(label: str, letter: str | None) -> str:
    """``MP122A`` for the alternative A of MP122, ``MP122`` for the original solution;
    ``CMP264 WACM4`` for an alternative numbered after a label (kept as ``WACM4``)."""
    if letter and len(letter) > 1:
        return f"{label} {letter}"
    return f"{label}{letter or ''}"


def shared_label(label: str, others: Sequence[str], letter: str) -> str:
    """An alternative several records hold, as the code writes it: ``CMP264/265 WACM4`` for
    ``WACM4`` of CMP264 shared with CMP265 (the records in number order, the prefix once)."""
    prefix = label.rstrip("0123456789")
    numbers = sorted((r[len(prefix) :] for r in (label, *others)), key=lambda n: (len(n), n))
    return solution_label(prefix + "/".join(numbers), letter)


def solution_names(label: str, letters: Sequence[str]) -> tuple[str, ...]:
    """A proposal's solutions by reference (``MP122``, ``MP122A``); none without alternatives."""
    return tuple(solution_label(label, x) for x in ["", *letters]) if letters else ()


def decided_solution(
    label: str, payload: Mapping[str, Any], names: Mapping[str, str] | None = None
) -> str | None:
    """The solution a decision's payload names, by reference (None: all of them, or not on
    record); ``names`` gives the references as written now, with their marks (0990AV)."""
    letter = payload.get("solution")
    if letter is None:
        return None
    return (names or {}).get(letter) or solution_label(label, letter)


def direction_payload(
    t: Transition, state: ProposalState, label: str, outcome: str | None, solution: str | None
) -> dict[str, Any]:
    """The payload that records the direction of ``t`` (``outcome``, ``solution``) from what the
    caller said; a transition that decides nothing takes neither (the rule core refuses them)."""
    if not t.outcome:
        return {k: v for k, v in (("outcome", outcome), ("solution", solution)) if v is not None}
    if outcome is not None and outcome not in OUTCOMES:
        raise InvalidInput(f"an outcome is approve or reject, not {outcome!r}")
    letter = solution_letter(state, label, solution)
    if t.outcome not in OUTCOMES and letter is None and outcome is None and state.votes:
        return _as_voted_each(state)
    fixed = t.outcome in OUTCOMES and outcome is None
    went = t.outcome if fixed else outcome or state.vote_on(letter)
    payload: dict[str, Any] = {} if went is None else {"outcome": went}
    if letter is not None:
        payload["solution"] = letter
    return payload


def _as_voted_each(state: ProposalState) -> dict[str, Any]:
    """A recommendation with votes by solution on record: one direction per solution voted on,
    as its vote went; the recommendation approves the one solution voted for (several: none
    named), or rejects them all."""
    each = {s: v for s in ["", *state.solutions] if (v := state.votes.get(s)) is not None}
    chosen = [s for s, v in each.items() if v == "approve"]
    payload: dict[str, Any] = {"outcome": "approve" if chosen else "reject",
                               "recommendations": each}  # fmt: skip
    if len(chosen) == 1:
        payload["solution"] = chosen[0]
    return payload


def solution_letter(state: ProposalState, label: str, solution: str | None) -> str | None:
    """The letter of the solution named ("" for the original), or None when none is named."""
    if solution is None:
        return None
    letters = ["", *state.solutions]
    names = [solution_label(label, x) for x in letters]
    wanted = solution.upper().replace(" ", "")
    for letter, name in zip(letters, names, strict=True):
        if wanted in (name.replace(" ", ""), letter) or (letter == "" and wanted == "ORIGINAL"):
            return letter
        shared = state.shared.get(letter)  # as the code writes it: CMP264/265 WACM4
        if shared and wanted == shared_label(label, shared, letter).replace(" ", ""):
            return letter
    raise InvalidInput(
        f"{solution!r} is not a solution of {label}; its solutions: {', '.join(names)}"
    )
