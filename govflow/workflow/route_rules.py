"""The rules on a move's way: who may take it (its deciding **body**), and the routes a **gap**
may hide.

A register adopted from published pages says MP099 reached the Report Phase; it does not say how
it got there. Such a record holds one ``reached`` event; the routes of the graph that could have
led there (:mod:`govflow.workflow.gaps`) are judged here: the rules on the route and flags, which
no step between sets, as they stand (a route not on record leaves them unchecked); what the steps
between could themselves have made (a milestone, a vote) as made by them. Only
:func:`govflow.workflow.rules.judge` calls :func:`reached_reasons`; the views call
:func:`fitting_routes` to name the routes that fit. Pure.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from govflow.dates import bounds
from govflow.model import Event, committee_of
from govflow.workflow import definition, gaps, windows
from govflow.workflow.definition import Requirement, Situation, Workflow
from govflow.workflow.requirements import AnyOf, MilestoneRecorded, VoteNotWent, VoteWent, unknown
from govflow.workflow.state import ProposalState
from govflow.workflow.verdict import Reason, Rules


def body_reasons(deciders: tuple[str, ...], trigger: str, meeting: str | None) -> list[Reason]:
    """A move taken at ``meeting`` (``CSC_38``) must be one of its deciding committees' to take
    (no meeting, or no committee decides the move: nothing to judge)."""
    committee = committee_of(meeting) if meeting else ""
    if not deciders or not committee:
        return []
    if committee in deciders:
        return []
    why = (f"{trigger!r} is decided by {' or '.join(deciders)}, and {meeting} is a meeting of "
           f"{committee}")  # fmt: skip
    return [Reason("body", why)]


def timing_reasons(
    wf: Workflow, state: ProposalState, e: Event, name: str, after_release: bool = False
) -> list[Reason]:
    """The windows and the release an event's date must respect, refused only when every day the
    date may be breaks them (an implied step's date is only a bound: not judged)."""
    if e.kind == "implied" or not (state.deadlines or after_release):
        return []  # no window to lapse, no release to wait for
    reasons = []
    first, last = bounds(e.occurred_on, e.date_precision)
    why = None if first is None else windows.lapse_refusal(wf, state.deadlines, name, first)
    if why is not None:
        reasons.append(Reason("window", why))
    if after_release and last is not None:
        early = windows.early_for_release(state.releases, name, last)
        if early is not None:
            reasons.append(Reason("release", early))
    return reasons


def _across(r: Requirement, situation: Situation) -> str:
    """How a requirement of a step between stands across a gap: ``met``, ``unchecked`` (it asks
    for a fact not on record) or ``refused``. What the steps between could themselves have made
    (a milestone, a vote) is taken as made by them; the route and flags, which no step between
    sets, and a milestone already recorded (``no_milestone``), are judged as they stand."""
    if r.met(situation):
        return "met"
    if unknown(r, situation):
        return "unchecked"
    if isinstance(r, MilestoneRecorded | VoteWent | VoteNotWent):
        return "met"
    if isinstance(r, AnyOf):
        found = [_across(o, situation) for o in r.options]
        return "met" if "met" in found else "unchecked" if "unchecked" in found else "refused"
    return "refused"


def _route_reasons_across(route: gaps.Route, state: ProposalState) -> list[Reason]:
    reasons = []
    situation = state.situation
    for t in route:
        for r in t.requires:
            how = _across(r, situation)
            if how != "met":
                reasons.append(Reason("unchecked" if how == "unchecked" else "requires", r.message))
    return reasons


def fitting_routes(
    rules: Rules, state: ProposalState, dest: str, meeting: str | None = None,
    e: Event | None = None, said: bool = False,
) -> tuple[list[gaps.Route], list[Reason]]:  # fmt: skip
    """The routes of the graph from ``state`` to ``dest`` that its rules allow across a gap (a
    route taken at ``meeting`` ends with a move its committee decides; a one-move route, on the
    date of ``e``, respects the windows and release it waits for), and why the others are
    refused (or, for those that fit, which rules stay unchecked).

    What the views ``said`` of a gap (the routes they name, the body they give a decision)
    takes a flag that is not set as not on record: a flag no one recorded is not known to be
    clear (a BSC proposal whose Self-Governance flag was never entered may have been determined
    by the Panel or decided by the Authority)."""
    wf, _ = rules.of(state.version)
    if said:
        state = replace(state, unknown_flags=frozenset(wf.flags) - state.flags)
    return _fitting(wf, state, graph_routes(rules, state, dest), meeting, e)


def graph_routes(rules: Rules, state: ProposalState, dest: str) -> list[gaps.Route]:
    """The routes of the graph a gap from ``state`` to ``dest`` may hide, rules aside: the
    forward ones, or where there is none, the others (a send-back)."""
    _, machine = rules.of(state.version)
    every = gaps.routes(machine, state.stage, dest)
    return [r for r in every if gaps.forward(machine, state.stage, r)] or list(every)


def _fitting(
    wf: Workflow, state: ProposalState, routes: Iterable[gaps.Route], meeting: str | None,
    e: Event | None,
) -> tuple[list[gaps.Route], list[Reason]]:  # fmt: skip
    fit: list[gaps.Route] = []
    why: list[Reason] = []
    unchecked: list[Reason] = []
    for route in routes:
        last = route[-1]
        reasons = _route_reasons_across(route, state)
        if meeting is not None:
            reasons += body_reasons(definition.deciders(wf, last), last.trigger, meeting)
        if e is not None and len(route) == 1:  # the windows of a stage between are not on record
            reasons += timing_reasons(wf, state, e, last.trigger, last.after_release)
        refused = [r for r in reasons if r.rule != "unchecked"]
        if refused:
            why += refused
        else:
            fit.append(route)
            unchecked += reasons
    return fit, list(dict.fromkeys(unchecked if fit else why))


def reached_reasons(rules: Rules, state: ProposalState, e: Event) -> list[Reason]:
    """A stage reached, the way between not on record: some route of the graph must lead there
    from the stage the proposal is in that the rules allow (:func:`fitting_routes`). The stage
    it was entered from (``from_stage``) is what the record knew then, not a fact: a step found
    later and entered before it moves the gap's start (and a gap to the stage the proposal is
    already in says nothing new). Entered from the stage it names, it records no move at all:
    refused, override or not."""
    wf, machine = rules.of(state.version)
    dest = str(e.to_stage)
    if wf.state(dest) is None:
        return [Reason("graph", f"it enters unknown stage {dest!r}", False)]
    if dest == state.stage and e.from_stage == dest:  # entered from the stage it names
        spec = wf.state(dest)
        label = spec.label if spec is not None and spec.label else dest
        return [Reason("order", f"it is already in {label}", False)]
    if state.stage not in wf.open_states:
        return [Reason("graph", f"it is in {state.stage!r}, a terminal stage", False)]
    if dest == state.stage:  # a late entry dated before it took the proposal there first
        return []
    if not gaps.routes(machine, state.stage, dest):
        return [Reason("graph", f"no route leads from {state.stage!r} to {dest!r}", False)]
    fit, reasons = fitting_routes(rules, state, dest, e.meeting, e)
    if fit and e.payload.get("outcome") is not None:
        ends = {r[-1].outcome for r in fit} - {"as_voted", ""}
        if ends and e.payload["outcome"] not in ends:
            why = f"{dest!r} is reached by a decision to {' or '.join(sorted(map(str, ends)))}"
            reasons = [*reasons, Reason("direction", why, False)]
    return reasons
