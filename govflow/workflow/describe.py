"""Workflows as data and as pictures: plain dicts for ``--json`` and Mermaid state diagrams."""

from __future__ import annotations

from typing import Any

from govflow.workflow.definition import Requirement, Window, Workflow


def _requirement(r: Requirement) -> dict[str, Any]:
    return {"rule": r.describe(), "kind": r.kind, "message": r.message}


def _deadline(d: Window | None) -> dict[str, Any] | None:
    if d is None:
        return None
    return {
        "working_days": d.working_days,
        "label": d.label,
        "closed_by": list(d.closed_by),
        "when": [_requirement(r) for r in d.when],
        "note": d.note,
        "kind": d.kind,
        "before": list(d.before),
    }


def workflow_to_dict(wf: Workflow) -> dict[str, Any]:
    """Everything a workflow says, as JSON-ready data (stable keys, documented in docs/cli.md)."""
    return {
        "name": wf.name,
        "title": wf.title,
        "version": wf.version,
        "in_force_from": wf.in_force_from.isoformat(),
        "initial": wf.initial,
        "first_day_counts": wf.first_day_counts,
        "paths": dict(wf.paths),
        "flags": dict(wf.flags),
        "bodies": [{"code": b.code, "name": b.name, "committee": b.committee} for b in wf.bodies],
        "references": {
            "code": wf.references.code,
            "alternatives": wf.references.alternatives,
            "alternative_label": wf.references.alternative_label,
            "prefixes": [
                {"prefix": p.prefix, "meaning": p.meaning, "width": p.width,
                 "entry": list(p.entry), "legacy": p.legacy, "read_also": list(p.read_also),
                 "in_text_after": list(p.in_text_after)}
                for p in wf.references.prefixes
            ],
            "marks": [
                {"suffix": m.suffix, "meaning": m.meaning, "flag": m.flag,
                 "milestone": m.milestone}
                for m in wf.references.marks
            ],
            "relabel": [
                {"trigger": r.trigger, "from": r.from_prefix, "to": r.to_prefix}
                for r in wf.references.relabels
            ],
        },
        "states": [
            {
                "name": s.name, "label": s.label, "description": s.description, "body": s.body,
                "terminal": s.terminal,
                "steps": [
                    {"name": st.name, "label": st.label, "body": st.body,
                     "milestones": list(st.milestones)}
                    for st in s.steps
                ],
                "deadline": _deadline(s.deadline),
            }
            for s in wf.states
        ],
        "transitions": [
            {
                "trigger": t.trigger, "sources": list(t.sources), "dest": t.dest, "body": t.body,
                "description": t.description,
                "requires": [_requirement(r) for r in t.requires], "outcome": t.outcome,
                "decided_by": list(t.deciders), "after_release": t.after_release,
            }
            for t in wf.transitions
        ],
        "milestones": [
            {
                "name": m.name, "label": m.label, "body": m.body, "description": m.description,
                "states": list(m.states), "requires": [_requirement(r) for r in m.requires],
                "deadline": _deadline(m.deadline), "vote": m.vote,
            }
            for m in wf.milestones
        ],
        "votes": [
            {"body": v.body, "categories": list(v.categories), "rule": v.rule.kind,
             "weights": dict(v.rule.weights), "threshold": v.rule.threshold,
             "casting_vote": v.rule.casting_vote, "seats": dict(v.seats), "note": v.note}
            for v in wf.votes
        ],
        "alternatives": {
            "raised_in": list(wf.alternative_rule.raised_in),
            "not_by_proposer": wf.alternative_rule.not_by_proposer,
            "unconfirmed": wf.alternative_rule.unconfirmed, "note": wf.alternative_rule.note,
        },
    }  # fmt: skip


def mermaid(wf: Workflow, highlight: str | None = None) -> str:
    """A Mermaid ``stateDiagram-v2`` of the workflow; ``highlight`` marks one state.

    Transitions that share a source set, a destination and a trigger (like ``withdraw`` from every
    open state) are drawn once per source. A state with steps becomes a composite state, so the
    Working Group inside Refinement is visible in the picture.
    """
    lines = ["stateDiagram-v2"]
    for state in wf.states:
        lines.append(f'    state "{_quote(state.label)}" as {state.name}')
        if state.steps:
            lines.append(f"    state {state.name} {{")
            for step in state.steps:
                lines.append(f'        state "{_quote(step.label)}" as {state.name}__{step.name}')
            lines.append("    }")
    lines.append(f"    [*] --> {wf.initial}")
    seen: set[tuple[str, str, str]] = set()
    for t in wf.transitions:
        for source in t.sources:
            if (source, t.dest, t.trigger) in seen:
                continue
            seen.add((source, t.dest, t.trigger))
            lines.append(f"    {source} --> {t.dest}: {t.trigger}")
    for state in wf.states:
        if state.terminal:
            lines.append(f"    {state.name} --> [*]")
    if highlight is not None:
        lines.append("    classDef current fill:#ffd54f,stroke:#e65100,stroke-width:3px")
        lines.append(f"    class {highlight} current")
    return "\n".join(lines) + "\n"


def _quote(text: str) -> str:
    return text.replace('"', "'")
