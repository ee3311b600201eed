"""The pages' words: moves and decisions as the code writes them (its stage labels and bodies,
never a trigger's name), and dates that do not break across lines.

The CLI and the exports keep the trigger names (they are what a secretariat types); a page is
for people who read the record, so it says "Change Board recommended approval", "Report Phase →
Change Board".
"""

from __future__ import annotations

import re
from typing import Any

from markupsafe import Markup, escape

from govflow.exporters.text import EventLike, describe, stage_label
from govflow.safe_text import escape_controls
from govflow.views import Decision, RegisterRow
from govflow.workflow.definition import Transition, Workflow
from govflow.workflow.directions import decided_solution

_ISO_DAY = re.compile(r"\b[0-9]{4}-[0-9]{2}-[0-9]{2}\b")
_VERBS = {"approve": "approved", "reject": "rejected"}  # then the solution: "approved MP901A"
_RECOMMENDS = {"approve": "recommended approval of", "reject": "recommended rejection of"}


def dates(value: Any) -> Markup:
    """Text for a page with each ISO date in a ``<time>`` (kept on one line by the CSS)."""
    if value is None:
        return Markup("")
    text = str(escape(escape_controls(str(value), keep="\t\n")))
    return Markup(_ISO_DAY.sub(lambda m: f'<time datetime="{m[0]}">{m[0]}</time>', text))


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
    """A decision of a proposal's page (``... approved MP901A``: the page links the solution)."""
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
        return decision_words(wf, row.last_decision, row.outcome, row.solution, dest=row.stage,
                              known=row.body_on_record)  # fmt: skip
    t = _transition(wf, row.last_decision, row.stage)
    who = f" ({body_name(wf, t.body)})" if t is not None and row.body_on_record else ""
    return stage_label(wf, t.dest if t is not None else row.stage) + who


def event_words(e: EventLike, wf: Workflow | None, reference: str = "") -> str:
    """What an event did, for a page: a move as ``Report Phase → Change Board`` (a decision
    first says who decided what, naming the solution by reference: ``reference`` + its
    letter); anything else as the exports word it."""
    if e.kind not in ("transition", "override", "implied") or e.to_stage is None:
        return describe(e, wf)  # a stage reached: the way between not on record
    move = f"{stage_label(wf, e.from_stage)} → {stage_label(wf, e.to_stage)}"
    outcome = e.payload.get("outcome")
    if outcome and e.trigger:
        solution = decided_solution(reference, e.payload)
        body = getattr(e, "body", None)
        chose = decision_words(wf, e.trigger, str(outcome), solution, body, e.to_stage,
                               known=body is not None or not hasattr(e, "body"))  # fmt: skip
        move = f"{chose}: {move}"
    if e.kind == "override":
        move += " (rules set aside)"
    elif e.kind == "implied":
        move += " (implied: not on the record)"
    return move
