"""Which way a decision went, and on which solution: the rules shared by the writes.

A transition with an ``outcome`` records a decision with a direction (see
:mod:`govflow.records.decisions`). Pure: no database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from govflow.errors import InvalidInput
from govflow.records.history import Derived
from govflow.views import Decision
from govflow.workflow.engine import Move
from govflow.workflow.votes import OUTCOMES


def solution_label(label: str, letter: str | None) -> str:
    """``MP122A`` for the alternative A of MP122, ``MP122`` for the original solution."""
    return f"{label}{letter or ''}"


def solution_names(label: str, letters: Sequence[str]) -> tuple[str, ...]:
    """A proposal's solutions by reference (``MP122``, ``MP122A``); none without alternatives."""
    return tuple(solution_label(label, x) for x in ["", *letters]) if letters else ()


def decided_solution(label: str, payload: Mapping[str, Any]) -> str | None:
    """The solution a decision's payload names, by reference (None: all of them)."""
    letter = payload.get("solution")
    return None if letter is None else solution_label(label, letter)


def decision_views(label: str, decisions: Sequence[Mapping[str, Any]]) -> tuple[Decision, ...]:
    return tuple(_decision(label, d) for d in decisions)


def _decision(label: str, d: Mapping[str, Any]) -> Decision:
    return Decision(
        trigger=str(d["trigger"]), body=str(d["body"]), outcome=str(d["outcome"]),
        solution=decided_solution(label, d), on=dt.date.fromisoformat(str(d["on"])),
    )  # fmt: skip


def direction(
    move: Move, state: Derived, label: str, outcome: str | None, solution: str | None
) -> tuple[dict[str, Any], list[str]]:
    """The payload of a decision's direction (``outcome`` and ``solution``), and what an override
    would have to waive: a direction contrary to the vote on record."""
    if not move.outcome:
        if outcome is not None or solution is not None:
            raise InvalidInput(f"{move.trigger!r} records no decision: give no outcome or solution")
        return {}, []
    if outcome is not None and outcome not in OUTCOMES:
        raise InvalidInput(f"an outcome is approve or reject, not {outcome!r}")
    contrary: list[str] = []
    if move.outcome in OUTCOMES:
        if outcome is not None and outcome != move.outcome:
            raise InvalidInput(
                f"{move.trigger!r} records a decision to {move.outcome}, not {outcome}"
            )
        went = move.outcome
    else:
        went = outcome or state.vote or ""
        if not went:
            raise InvalidInput(
                f"say which way the {move.trigger!r} of {label} went (outcome approve or reject): "
                "no vote is on record"
            )
        if state.vote is not None and went != state.vote:
            contrary.append(f"the vote on record went {state.vote}, not {went}")
    payload: dict[str, Any] = {"outcome": went}
    chosen = _solution(state, label, went, solution)
    if chosen is not None:
        payload["solution"] = chosen
    return payload, contrary


def _solution(state: Derived, label: str, went: str, solution: str | None) -> str | None:
    """The letter of the solution decided ("" for the original), or None for all of them."""
    letters = ["", *state.solutions]
    names = [solution_label(label, x) for x in letters]
    if solution is None:
        if state.solutions and went == "approve":
            raise InvalidInput(
                f"{label} has alternative solutions: say which one is approved "
                f"(solution {' or '.join(names)})"
            )
        return None
    wanted = solution.upper().replace(" ", "")
    for letter, name in zip(letters, names, strict=True):
        if wanted in (name, letter) or (letter == "" and wanted == "ORIGINAL"):
            return letter
    raise InvalidInput(
        f"{solution!r} is not a solution of {label}; its solutions: {', '.join(names)}"
    )


def outcomes_after(state: Derived, **changes: Any) -> dict[str, Any]:
    """The ``outcomes`` column once ``changes`` (vote, decisions, solutions) apply."""
    now = Derived(vote=state.vote, decisions=list(state.decisions), solutions=list(state.solutions))
    for key, value in changes.items():
        setattr(now, key, value)
    return now.outcomes()
