"""The rule core: a proposal's state and one event give the next state, or a refusal with every
reason. **This is the one place a rule of the record is decided.**

:func:`judge` says whether an event may follow a state, and every reason it may not (each
names its rule and whether an override may set it aside); :func:`govflow.workflow.step.step`
judges here, then makes the next state. Every path that writes or checks a history goes through
them: live writes, late entries, corrections, implied steps, the bulk import, ``next``,
``verify``, ``workflow migrate`` and the web API.

What an event may be, rule by rule: its **fields** (a kind carries only its own), its **order**
(nothing but a link before the raise), the **graph** (:mod:`govflow.workflow.machine`), the
**requirements** of a transition or milestone, lapsing **windows**, the deciding **body** of a
meeting, the **release** an ``after_release`` move waits for, a decision's **direction** and
**solution**, the raise's **entry** stage and version **in force**, and the amendments' own
(routes, releases, alternatives, relabels, migrations). A correction amends an event rather
than adding one; what it may change is checked where corrections are applied
(:func:`govflow.workflow.facts.correction_problem`), before a history is judged.

A rule that asks for a fact the record lacks (a route, when none is on record) is neither met
nor refused: the event is allowed and the verdict names the rule as ``unchecked``; the history
says so, and recording the fact later re-judges the events after it. A rule the workflow marks
unconfirmed in our sources (who may raise a SEC alternative, and when) is named the same way,
as ``unconfirmed``: not kept to, never refused.

A stage reached with the way between not on record (a ``reached`` event) is allowed when a route
of the graph leads there that the rules allow across the gap
(:mod:`govflow.workflow.route_rules`); no route is chosen, and none is stored.

An override (an event of kind ``override``, or a raise, implied step or reached stage that
carries an override reason) sets aside the waivable reasons and is recorded with them; the
graph, the order and the fields are never waivable. An implied step's date is only a bound ("on
or before"): the rules that compare it with a date (windows, releases) do not judge it, and it
has no meeting. Pure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from govflow.errors import UnknownWorkflow, hint
from govflow.model import Event, built
from govflow.workflow import definition, solution_rules
from govflow.workflow.definition import Requirement, Situation, Transition, Workflow, route_name
from govflow.workflow.effects import effects
from govflow.workflow.field_rules import field_reasons
from govflow.workflow.requirements import unknown
from govflow.workflow.route_rules import body_reasons, reached_reasons, timing_reasons
from govflow.workflow.state import ProposalState
from govflow.workflow.verdict import Reason, Rules, Verdict

if TYPE_CHECKING:  # the machine (and `transitions`) loads when one is built
    from govflow.workflow.machine import Machine

#: A proposal's status in a release; ``not_yet_determined``: the target was this release and is
#: now not yet determined (SECAS's "Not yet determined"), which says nothing withdrawn.
RELEASE_STATUSES = ("targeted", "approved", "implemented", "withdrawn", "not_yet_determined")


def overriding(event: Event) -> bool:
    """Whether ``event`` sets waivable rules aside (and says why in its payload)."""
    return event.kind == "override" or (
        event.kind in ("raised", "implied", "alternative", "reached") and event.override is not None
    )


# -- judging ---------------------------------------------------------------------------------
def _never(rule: str, why: str) -> Judged:
    """A refusal no override sets aside, and no transition."""
    return [Reason(rule, why, False)], None


Judged = tuple[list[Reason], Transition | None]
#: Rules neither met nor refused: ``unchecked`` (the record lacks a fact) and ``unconfirmed``
#: (the workflow marks the rule itself unconfirmed in our sources); the event is allowed and the
#: verdict names them (:attr:`Verdict.unchecked`).
NOT_JUDGED = ("unchecked", "unconfirmed")


def judge(rules: Rules, state: ProposalState, event: Event) -> Verdict:
    """Whether ``event`` may follow ``state``, and every reason it may not."""
    reasons: Sequence[Reason] = field_reasons(event)
    chosen: Transition | None = None
    if not reasons:
        if not state.stage and event.kind not in ("raised", "link", "related"):  # not raised
            reasons = [Reason("order", "it is dated before the proposal was raised", False)]
        else:
            reasons, chosen = _JUDGES[event.kind](rules, state, event)
    if not reasons:  # allowed, nothing unchecked: most events of most histories
        if chosen is None:
            return _ALLOWED
        found = _FIRED.get(id(chosen))  # the verdict kept for it (:func:`_fired`), else made
        return _fired(chosen) if found is None else found
    unchecked = tuple(r for r in reasons if r.rule in NOT_JUDGED)
    reasons = [r for r in reasons if r.rule not in NOT_JUDGED]
    if overriding(event):
        kept = tuple(r for r in reasons if not r.waivable)
        return Verdict(kept, tuple(r for r in reasons if r.waivable), chosen, unchecked)
    return Verdict(tuple(reasons), (), chosen, unchecked)


_ALLOWED = Verdict()
#: ``Verdict(transition=t)`` of each transition ``t`` allowed so far, by ``id(t)``: a verdict is
#: immutable, and the one kept holds its transition, whose id no other object can then take.
_FIRED: dict[int, Verdict] = {}


def _fired(t: Transition) -> Verdict:
    """``Verdict(transition=t)``, made once for each transition (without the frozen dataclass's
    ``__init__``: see :func:`govflow.model.built`)."""
    found = _FIRED.get(id(t))
    if found is None:
        found = _FIRED[id(t)] = built(Verdict, {"transition": t})
    return found


def _raised(rules: Rules, state: ProposalState, e: Event) -> Judged:
    if state.raised:
        return _never("order", "it raises the proposal a second time")
    try:
        wf, _ = rules.of(int(e.payload["workflow_version"]))  # none given: not version 0
    except (UnknownWorkflow, ValueError, TypeError, KeyError):
        why = f"it names no version of {rules.name}: {e.payload.get('workflow_version')!r}"
        return _never("fields", why)
    spec = wf.state(str(e.to_stage))
    if spec is None:
        return _never("graph", f"it enters unknown stage {e.to_stage!r}")
    title = e.payload.get("title")
    if not isinstance(title, str) or not title.strip():
        return _never("fields", "a proposal needs a title")
    reasons = _route_reasons(wf, e.payload.get("path"), e.payload.get("flags") or ())
    prefix = wf.references.prefix(definition.prefix_of(wf, str(e.payload.get("reference") or "")))
    entry = prefix.entry if prefix is not None and prefix.entry else (wf.initial,)
    if spec.name not in entry:
        what = prefix.prefix if prefix is not None else "this"
        reasons.append(Reason("entry", f"a {what} proposal is raised in {', '.join(entry)}"))
    if spec.terminal:
        reasons.append(Reason("terminal", f"{spec.name!r} is a terminal stage"))
    return reasons + in_force(wf, e.occurred_on), None


def in_force(wf: Workflow, day: dt.date, waivable: bool = True) -> list[Reason]:
    """The rule that a version of a workflow judges only what happens from the day it is in
    force: a raise under it (a legacy record's override may set it aside) or a migration to it
    (never set aside; ``workflow migrate`` asks it before it looks at a proposal)."""
    if day >= wf.in_force_from:
        return []
    why = f"version {wf.version} of {wf.name} is in force from {wf.in_force_from}"
    return [Reason("in_force", why, waivable)]


def _route_reasons(wf: Workflow, path: object, flags: Iterable[object]) -> list[Reason]:
    reasons = []
    name = route_name(path)
    if name is not None and name not in wf.paths:
        term = wf.route_term.lower()
        reasons.append(Reason("fields", f"{wf.name} has no {term} {name!r}", False))
    for flag in flags:
        if flag not in wf.flags:
            reasons.append(Reason("fields", f"{wf.name} has no flag {flag!r}", False))
    return reasons


def _moved(rules: Rules, state: ProposalState, e: Event) -> Judged:
    if e.trigger is None:
        return _marked(rules, state, e)
    wf, machine = rules.of(state.version)
    trigger, stage = e.trigger, state.stage
    every, unconditional = machine.moves(stage, trigger)
    if not every and not machine.knows(trigger):
        known = hint(trigger, machine.trigger_names)
        return _never("graph", f"Unknown trigger {trigger!r}{known} in workflow {wf.name!r}")
    if not every:
        why = (f"it is in {stage!r}, a terminal stage" if stage not in wf.open_states
               else f"it is in {stage!r}, where {trigger!r} does not apply")  # fmt: skip
        return _never("graph", why)
    if e.from_stage is not None and e.from_stage != stage:
        why = f"it moves the proposal from {e.from_stage!r}, but it is in {stage!r}"
        return _never("order", why)
    to = e.to_stage
    if len(every) == 1 and to in (None, every[0].dest):  # most moves: no list made
        leading: Sequence[Transition] = every
    else:
        leading = [t for t in every if to in (None, t.dest)]
    if not leading:
        dests = " or ".join(sorted({t.dest for t in every}))
        why = f"{trigger!r} leads from {stage!r} to {dests}, not to {e.to_stage!r}"
        return _never("graph", why)
    if e.to_stage is None and e.seq:  # a recorded move says where it went
        return _never("fields", "a move records the stage it enters")
    reasons: list[Reason] = []
    if unconditional:  # nothing required: first_met's answer
        fired = leading[0]
    else:
        fired, reasons = _requirements(machine, state, e, leading)
    if state.deadlines or fired.after_release:  # else no window, no release: nothing to time
        reasons += timing_reasons(wf, state, e, trigger, fired.after_release)
    if e.kind != "implied":
        bodies = effects(wf).deciders.get(id(fired))
        bodies = definition.deciders(wf, fired) if bodies is None else bodies
        reasons += body_reasons(bodies, trigger, e.meeting)
    reasons += solution_rules.direction_reasons(state, e, fired)
    return reasons, fired


def _requirements(
    machine: Machine, state: ProposalState, e: Event, leading: Sequence[Transition]
) -> tuple[Transition, list[Reason]]:
    """The transition a move with requirements fires, and the requirements it does not meet."""
    # a decision on one solution is judged by the vote on that solution
    situation = state.situation_for(e.payload.get("solution"))
    fired = machine.first_met(situation, str(e.trigger), e.to_stage)
    fired = fired or _unknown_met(leading, state)
    if fired is not None:  # none unmet, or only those the record cannot check
        return fired, _unmet(fired.requires, state)
    asked = leading[:1] if overriding(e) else leading  # an override takes the first,
    # setting aside only what it lacks
    unmet = dict.fromkeys(r for t in asked for r in _unmet(t.requires, state, situation))
    return leading[0], list(unmet)


def _unmet(
    requires: tuple[Requirement, ...], state: ProposalState, situation: Situation | None = None
) -> list[Reason]:
    """The requirements ``state`` (in ``situation``, else its own) does not meet; one that asks
    for a route while none is on record is ``unchecked`` (neither met nor refused: the record
    lacks the fact)."""
    if not requires:
        return []
    situation = situation or state.situation
    return [
        Reason("unchecked" if unknown(r, situation) else "requires", r.message)
        for r in requires if not r.met(situation)
    ]  # fmt: skip


def _unknown_met(leading: Sequence[Transition], state: ProposalState) -> Transition | None:
    """The first of ``leading`` whose only unmet requirements ask for facts not on record."""
    situation = state.situation
    return next((t for t in leading if all(unknown(r, situation) for r in t.requires
                                           if not r.met(situation))), None)  # fmt: skip


def _marked(rules: Rules, state: ProposalState, e: Event) -> Judged:
    wf, _ = rules.of(state.version)
    name, table = str(e.milestone), effects(wf)  # what the definition says, read once
    effect = table.milestones.get(name)
    if effect is None:
        return _never("graph", f"{wf.name} has no milestone {name!r}")
    if state.stage in table.terminal:
        return [Reason("terminal", f"it is {state.stage!r}, a terminal stage")], None
    spec, reasons = effect.spec, []
    if spec.states and state.stage not in spec.states:
        why = f"{name!r} is recorded only in {', '.join(spec.states)}; it is in {state.stage!r}"
        reasons.append(Reason("stage", why))
    if spec.requires:
        reasons += _unmet(spec.requires, state)
    if state.deadlines:  # else no window to lapse (a milestone waits for no release)
        reasons += timing_reasons(wf, state, e, name)
    if e.payload:  # an empty one names no solution and records no vote
        reasons += solution_rules.milestone_reasons(state, e)
        reasons += solution_rules.vote_reasons(wf, state, name, spec.vote, e.payload.get("vote"))
    return reasons, None


def _reached(rules: Rules, state: ProposalState, e: Event) -> Judged:
    """A stage reached, the way between not on record (:mod:`govflow.workflow.route_rules`)."""
    return reached_reasons(rules, state, e), None


def _relabelled(rules: Rules, state: ProposalState, e: Event) -> Judged:
    wf, _ = rules.of(state.version)
    relabel = next((r for r in wf.references.relabels if r.trigger == e.trigger), None)
    last = state.last
    if relabel is None:
        return _never("graph", f"{e.trigger!r} renames no proposal in {wf.name}")
    after_gap = last is not None and last.kind == "reached"  # a conversion on a route between
    if not after_gap and (last is None or last.trigger != e.trigger or last.to_stage is None):
        why = f"a relabel follows the {e.trigger!r} that renames the proposal"
        return _never("order", why)
    to = str(e.payload.get("to") or "")
    if state.prefix != relabel.from_prefix or definition.prefix_of(wf, to) != relabel.to_prefix:
        why = f"{e.trigger!r} renames a {relabel.from_prefix} proposal to {relabel.to_prefix}"
        return _never("fields", why)
    return [], None


def _alternative(rules: Rules, state: ProposalState, e: Event) -> Judged:
    wf, _ = rules.of(state.version)
    solution = e.payload.get("solution")
    stage = wf.state(state.stage)
    if not wf.references.alternatives:
        return _never("fields", f"{wf.name} proposals have no alternatives")
    if not isinstance(solution, str) or not solution:
        return _never("fields", "it names no solution")
    if stage is None or stage.terminal:
        return _never("terminal", f"it is {state.stage!r}: no alternative now")
    if solution in state.solutions:
        return _never("order", f"alternative {solution} was already raised")
    return solution_rules.alternative_reasons(wf, state, e), None


def _route(rules: Rules, state: ProposalState, e: Event) -> Judged:
    wf, _ = rules.of(state.version)
    path, flags = e.payload.get("path"), e.payload.get("flags")
    if not isinstance(path, dict) or not isinstance(flags, dict) or "to" not in path:
        return _never("fields", "a route event records its path and flags, from and to")
    stage = wf.state(state.stage)
    named = [*(flags.get("to") or ()), *(flags.get("not_on_record") or ())]
    reasons = _route_reasons(wf, path["to"], named)
    if stage is not None and stage.terminal:
        reasons.append(Reason("terminal", f"it is {state.stage!r}, a terminal stage", False))
    return reasons, None


def _release(rules: Rules, state: ProposalState, e: Event) -> Judged:
    wf, _ = rules.of(state.version)
    p = e.payload
    status, moved = p.get("status"), p.get("moved_from")
    if not p.get("release") or status not in RELEASE_STATUSES:
        why = f"a release event names a release and a status ({', '.join(RELEASE_STATUSES)})"
        return _never("fields", why)
    reasons = []
    if status == "implemented" and state.stage not in definition.approved_stages(wf):
        why = (f"it is {state.stage!r}: a release can be marked implemented only for an "
               "approved proposal")  # fmt: skip
        reasons.append(Reason("release", why, False))
    if moved is not None and (status != "targeted" or moved == p["release"]):
        reasons.append(Reason("fields", "a target moves from another release to this one", False))
    elif moved is not None and moved not in state.releases:
        reasons.append(Reason("release", f"it was not in {moved!r} then", False))
    if status == "not_yet_determined" and state.releases.get(p["release"], ("",))[0] != "targeted":
        why = (f"it was not targeted at {p['release']!r} then: a target not yet determined names "
               "the release it was targeted at before")  # fmt: skip
        reasons.append(Reason("release", why))
    return reasons, None


def _migrated(rules: Rules, state: ProposalState, e: Event) -> Judged:
    p = e.payload
    try:
        source, target = int(p["from_version"]), int(p["to_version"])
        new, _ = rules.of(target)
    except (KeyError, ValueError, TypeError, UnknownWorkflow):
        return _never("fields", "it names no version it migrates from and to")
    if source != state.version:
        return _never("migration", f"it migrates from version {source}, not {state.version}")
    if e.from_stage != state.stage:
        why = f"it migrates the proposal from {e.from_stage!r}, but it is in {state.stage!r} then"
        return _never("migration", why)
    mapping = new.migrates_from.get(source) if target != source else None
    if mapping is None or mapping.get(state.stage) != e.to_stage:
        why = (f"version {target} of {new.name} maps {state.stage!r} of version {source} to "
               f"{(mapping or {}).get(state.stage)!r}, not {e.to_stage!r}")  # fmt: skip
        if mapping is None:
            why = f"version {target} of {new.name} declares no migration from version {source}"
        elif state.stage not in mapping:
            why = f"version {target} of {new.name} maps no stage from {state.stage!r}"
        return _never("migration", why)
    return in_force(new, e.occurred_on, waivable=False), None


def _nothing(rules: Rules, state: ProposalState, e: Event) -> Judged:  # link, related
    return [], None


def _proposer(rules: Rules, state: ProposalState, e: Event) -> Judged:
    to = e.payload.get("to")
    if to is not None and not isinstance(to, str):
        return _never("fields", "a proposer is named by text")
    return [], None


_JUDGES: dict[str, Callable[[Rules, ProposalState, Event], Judged]] = {
    "raised": _raised, "transition": _moved, "override": _moved, "implied": _moved,
    "reached": _reached, "milestone": _marked, "relabel": _relabelled,
    "alternative": _alternative, "route": _route, "release": _release, "migrated": _migrated,
    "proposer": _proposer, "link": _nothing, "related": _nothing, "correction": _nothing,
}  # fmt: skip
