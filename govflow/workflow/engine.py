"""Definitions -> engines. The only module that imports ``transitions``.

One :class:`Engine` per workflow version, built once and cached by the registry. It drives a plain
:class:`_Subject` (never a table row), so moving a proposal costs the same however many exist.

The ``transitions`` machine is the one rule path: firing a trigger, listing what is possible and
what is blocked, moving by target stage and replaying a history in bulk all trigger it. Its guards
return the state machine's ``True`` or ``False`` and also leave their reasons as data, so a
refusal says which rule failed without the rules being evaluated a second time beside it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NoReturn

from transitions import EventData, Machine
from transitions import Transition as MachineTransition

from govflow.errors import InvalidInput, TransitionNotAllowed, hint
from govflow.safe_text import logger
from govflow.workflow.definition import Milestone, Relabel, Situation, Transition, Workflow, unmet

log = logger(__name__)  # user text in a record is escaped (safe_text.EscapingFilter)


@dataclass(eq=False, slots=True)
class _Subject:
    """What the state machine moves: a stage (the guards read the situation from the trigger)."""

    state: str


@dataclass(frozen=True)
class Option:
    """A transition from the current stage: allowed now, or blocked with reasons."""

    trigger: str
    dest: str
    body: str
    description: str
    reasons: tuple[str, ...] = ()

    @property
    def allowed(self) -> bool:
        return not self.reasons


@dataclass(frozen=True)
class MilestoneOption:
    name: str
    label: str
    reasons: tuple[str, ...] = ()

    @property
    def allowed(self) -> bool:
        return not self.reasons


@dataclass(frozen=True)
class Move:
    """The result of firing a trigger."""

    trigger: str
    source: str
    dest: str
    body: str
    relabel: Relabel | None = None
    waived: tuple[str, ...] = field(default=())  # reasons an override set aside
    outcome: str = ""  # the direction of the decision it records (approve, reject, as_voted)
    deciders: tuple[str, ...] = ()  # the committees whose meetings may take it
    after_release: bool = False  # refused before the date of the release it is targeted at


#: What a guard found when the machine asked it: the transition's place in the definition, the
#: transition, and the messages of its requirements that the situation does not meet.
_Verdict = tuple[int, Transition, list[str]]


class _MachineTransition(MachineTransition):
    """A ``transitions`` transition for the engine's machine, which has no callbacks at all.

    The machine dispatches as ever (the event, the transitions from the model's state, in order,
    the first whose conditions pass); executing one is asking its conditions, then setting the
    model's state. ``transitions``' own ``execute`` also runs the callback lists (all empty),
    exits and enters the states (no callbacks there either) and logs each step at DEBUG: about
    two fifths of the time of a fire.
    """

    def execute(self, event_data: EventData) -> bool:
        for condition in self.conditions:
            if not condition.check(event_data):
                return False
        if self.dest:  # as in transitions: no destination is an internal transition
            event_data.machine.set_state(self.dest, event_data.model)
        return True


class _Machine(Machine):
    """The engine's machine: built with no callbacks anywhere, so its transitions skip them."""

    transition_cls = _MachineTransition


class Engine:
    """The rules of one workflow version, over a ``transitions`` machine built once.

    Each transition's guard closes over its :class:`~govflow.workflow.definition.Transition`,
    tests its requirements against the situation the trigger carries, once, and appends a verdict
    to the ``verdicts`` list the trigger also carries.
    :meth:`fire` triggers the machine once and reads the verdicts for what moved, what blocked it
    and what an override waived. :meth:`options` triggers every event the machine has from a stage
    in ``probe`` mode, where every guard answers no so that every candidate is asked;
    :meth:`target` chooses among the options.
    """

    def __init__(self, workflow: Workflow) -> None:
        self.workflow = workflow
        self._machine = _Machine(
            model=None,
            states=list(workflow.state_names),
            initial=workflow.initial,
            transitions=[self._spec(i, t) for i, t in enumerate(workflow.transitions)],
            auto_transitions=False,
            send_event=True,
        )
        # The machine's triggers from each stage, asked once (it is never changed after this).
        self._triggers = {s: tuple(self._machine.get_triggers(s)) for s in workflow.state_names}
        self._relabels = {r.trigger: r for r in workflow.references.relabels}

    @staticmethod
    def _spec(order: int, t: Transition) -> dict[str, Any]:
        requires = t.requires

        def guard(event: EventData) -> bool:
            kwargs = event.kwargs
            if kwargs["dest"] not in (None, t.dest):  # moving to a named stage: not this way
                return False
            reasons = unmet(requires, kwargs["situation"])
            kwargs["verdicts"].append((order, t, reasons))
            return not kwargs["probe"] and (kwargs["override"] or not reasons)

        return {
            "trigger": t.trigger,
            "source": list(t.sources),
            "dest": t.dest,
            "conditions": guard,
        }

    def _run(
        self,
        situation: Situation,
        trigger: str,
        verdicts: list[_Verdict],
        override: bool = False,
        probe: bool = False,
        dest: str | None = None,
    ) -> str | None:
        """Trigger the machine from the situation's stage: the stage it moved to, or None.

        Every guard the machine asks appends its verdict to ``verdicts``, in the order asked.
        """
        subject = _Subject(situation.stage)
        moved = self._machine.events[trigger].trigger(
            subject,
            situation=situation,
            verdicts=verdicts,
            override=override,
            probe=probe,
            dest=dest,
        )
        return subject.state if moved else None

    # -- questions -----------------------------------------------------------------------------
    def options(self, situation: Situation) -> list[Option]:
        """Every transition from the situation's stage, each allowed or blocked with reasons."""
        self._known_stage(situation.stage)
        verdicts: list[_Verdict] = []
        for trigger in self._triggers[situation.stage]:
            self._run(situation, trigger, verdicts, probe=True)
        verdicts.sort(key=lambda v: v[0])  # in the order of the definition, as the CLI lists them
        return [
            Option(t.trigger, t.dest, t.body, t.description, tuple(reasons))
            for _, t, reasons in verdicts
        ]

    def milestone_options(self, situation: Situation) -> list[MilestoneOption]:
        return [
            MilestoneOption(m.name, m.label, tuple(self._milestone_reasons(m, situation)))
            for m in self.workflow.milestones
        ]

    def milestone(self, name: str) -> Milestone:
        found = self.workflow.milestone(name)
        if found is None:
            names = [m.name for m in self.workflow.milestones]
            raise InvalidInput(
                f"unknown milestone {name!r}{hint(name, names)} in workflow "
                f"{self.workflow.name!r}; `govflow workflow show {self.workflow.name}` lists them"
            )
        return found

    def check_milestone(self, situation: Situation, name: str, label: str = "the proposal") -> None:
        """Raise TransitionNotAllowed when the milestone cannot be recorded now."""
        reasons = self._milestone_reasons(self.milestone(name), situation)
        if reasons:
            raise TransitionNotAllowed(
                f"Cannot record {name!r} for {label}: {'; '.join(reasons)}.", reasons
            )

    def _milestone_reasons(self, m: Milestone, situation: Situation) -> list[str]:
        state = self.workflow.state(situation.stage)
        if state is not None and state.terminal:
            return [f"it is {situation.stage!r}, a terminal stage"]
        reasons = []
        if m.states and situation.stage not in m.states:
            reasons.append(
                f"{m.name!r} is recorded only in {', '.join(m.states)}; "
                f"it is in {situation.stage!r}"
            )
        return reasons + unmet(m.requires, situation)

    def target(self, situation: Situation, dest: str, override: bool = False) -> str:
        """The one trigger that moves the situation to ``dest``, or an error saying why not."""
        self._known_stage(dest)
        every = self.options(situation)
        options = [o for o in every if o.dest == dest]
        if not options:
            reachable = sorted({o.dest for o in every})
            places = ", ".join(reachable) or "nowhere"
            raise TransitionNotAllowed(
                f"No transition leads from {situation.stage!r} to {dest!r}; "
                f"from {situation.stage!r} a proposal can go to: {places}",
                possible=reachable,
            )
        usable = options if override else [o for o in options if o.allowed]
        triggers = sorted({o.trigger for o in usable})
        if len(triggers) == 1:
            return triggers[0]
        if not triggers:
            reasons = [r for o in options for r in o.reasons]
            raise TransitionNotAllowed(
                f"Cannot move from {situation.stage!r} to {dest!r}: {'; '.join(reasons)}.",
                reasons,
            )
        raise TransitionNotAllowed(
            f"More than one trigger moves {situation.stage!r} to {dest!r} "
            f"({', '.join(triggers)}): name the trigger instead.",
            possible=triggers,
        )

    # -- moving --------------------------------------------------------------------------------
    def fire(
        self,
        situation: Situation,
        trigger: str,
        override: bool = False,
        label: str = "the proposal",
        dest: str | None = None,
    ) -> Move:
        """Apply ``trigger``; with ``override`` the requirements are waived (never the graph).

        ``dest`` keeps to the transitions of ``trigger`` that lead there (a move by target stage,
        when one trigger leads several ways from the stage).
        """
        stage = situation.stage
        self._known_stage(stage)
        if trigger not in self._triggers[stage]:
            self._no_such_trigger(situation, trigger, label)
        verdicts: list[_Verdict] = []
        moved = self._run(situation, trigger, verdicts, override=override, dest=dest)
        if moved is None:
            reasons = [r for _, _, blocked in verdicts for r in blocked]
            allowed = self._allowed_triggers(situation)
            raise TransitionNotAllowed(
                f"Cannot advance {label} with {trigger!r}: it is in {stage!r} and "
                f"{'; and '.join(reasons)}. {self._possible_now(situation, allowed)}",
                reasons,
                allowed,
            )
        _, fired, waived = verdicts[-1]  # the guard that said yes was the last one asked
        log.debug("%s: %s %s -> %s", label, trigger, stage, moved)
        return Move(
            trigger=trigger,
            source=stage,
            dest=moved,
            body=fired.body,
            relabel=self._relabels.get(trigger),
            waived=tuple(waived) if override else (),
            outcome=fired.outcome,
            deciders=self._meeting_deciders(fired),
            after_release=fired.after_release,
        )

    def _meeting_deciders(self, t: Transition) -> tuple[str, ...]:
        """The committees whose meetings may take ``t``; none when no committee decides it (a
        proposer's withdrawal is noted at a meeting, not taken there)."""
        bodies = {b.code: b for b in self.workflow.bodies}
        return tuple(c for c in t.deciders if not bodies or (c in bodies and bodies[c].committee))

    def _no_such_trigger(self, situation: Situation, trigger: str, label: str) -> NoReturn:
        """Raise for a trigger the machine has no transition for from the situation's stage."""
        allowed = self._allowed_triggers(situation)
        if trigger not in self._machine.events:
            raise TransitionNotAllowed(
                f"Unknown trigger {trigger!r}{hint(trigger, self._machine.events)} in workflow "
                f"{self.workflow.name!r}. {self._possible_now(situation, allowed)}",
                possible=allowed,
            )
        raise TransitionNotAllowed(
            f"Cannot advance {label} with {trigger!r}: it is in {situation.stage!r}, where "
            f"{trigger!r} does not apply. {self._possible_now(situation, allowed)}",
            [f"{trigger!r} does not apply in {situation.stage!r}"],
            allowed,
        )

    def _allowed_triggers(self, situation: Situation) -> list[str]:
        return list(dict.fromkeys(o.trigger for o in self.options(situation) if o.allowed))

    def _possible_now(self, situation: Situation, allowed: list[str]) -> str:
        if situation.stage not in self.workflow.open_states:
            return f"{situation.stage!r} is terminal: nothing more can happen."
        return f"Possible now: {', '.join([*allowed, 'record (a milestone)'])}."

    def _known_stage(self, stage: str) -> None:
        if stage not in self._machine.states:
            names = self.workflow.state_names
            raise InvalidInput(
                f"unknown stage {stage!r}{hint(stage, names)}; stages of "
                f"{self.workflow.name!r}: {', '.join(names)}"
            )
