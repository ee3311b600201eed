"""Definitions -> engines. The only module that imports ``transitions``.

One :class:`Engine` per workflow version, built once and cached by the registry. It drives a plain
:class:`_Subject` (never a table row), so moving a proposal costs the same however many exist.
Blocked transitions come back with their reasons as data: the engine computes them itself rather
than relying on the state machine's silent ``False``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from transitions import Machine

from govflow.errors import InvalidInput, TransitionNotAllowed, hint
from govflow.workflow.definition import Milestone, Relabel, Situation, Transition, Workflow, unmet

log = logging.getLogger(__name__)


@dataclass(eq=False)
class _Subject:
    """What the state machine moves: a stage and the situation the guards read."""

    state: str
    situation: Situation


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


class Engine:
    """The rules of one workflow version, over a ``transitions`` machine built once."""

    def __init__(self, workflow: Workflow) -> None:
        self.workflow = workflow
        self._machine = Machine(
            model=None,
            states=list(workflow.state_names),
            initial=workflow.initial,
            transitions=[self._spec(t) for t in workflow.transitions],
            auto_transitions=False,
            send_event=True,
        )
        self._relabels = {r.trigger: r for r in workflow.references.relabels}

    @staticmethod
    def _spec(t: Transition) -> dict[str, Any]:
        def guard(event: Any) -> bool:
            subject: _Subject = event.model
            return bool(event.kwargs.get("override")) or not unmet(t.requires, subject.situation)

        return {
            "trigger": t.trigger,
            "source": list(t.sources),
            "dest": t.dest,
            "conditions": guard,
        }

    # -- questions -----------------------------------------------------------------------------
    def options(self, situation: Situation) -> list[Option]:
        """Every transition from the situation's stage, each allowed or blocked with reasons."""
        self._known_stage(situation.stage)
        return [
            Option(t.trigger, t.dest, t.body, t.description, tuple(unmet(t.requires, situation)))
            for t in self.workflow.transitions_from(situation.stage)
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
        options = [o for o in self.options(situation) if o.dest == dest]
        if not options:
            reachable = sorted({o.dest for o in self.options(situation)})
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
    ) -> Move:
        """Apply ``trigger``; with ``override`` the requirements are waived (never the graph)."""
        self._known_stage(situation.stage)
        candidates = [
            t for t in self.workflow.transitions_from(situation.stage) if t.trigger == trigger
        ]
        if not candidates:
            self._no_such_trigger(situation, trigger, label)
        blocked = {id(t): unmet(t.requires, situation) for t in candidates}
        subject = _Subject(situation.stage, situation)
        if not self._machine.events[trigger].trigger(subject, override=override):
            reasons = [r for t in candidates for r in blocked[id(t)]]
            raise TransitionNotAllowed(
                f"Cannot advance {label} with {trigger!r}: it is in {situation.stage!r} and "
                f"{'; and '.join(reasons)}. {self._possible_now(situation)}",
                reasons,
                self._allowed_triggers(situation),
            )
        fired = next(t for t in candidates if t.dest == subject.state)
        log.debug("%s: %s %s -> %s", label, trigger, situation.stage, subject.state)
        return Move(
            trigger=trigger,
            source=situation.stage,
            dest=subject.state,
            body=fired.body,
            relabel=self._relabels.get(trigger),
            waived=tuple(blocked[id(fired)]) if override else (),
        )

    def resolve(self, situation: Situation, trigger: str, override: bool = False) -> Move:
        """What ``fire`` would do, without driving the machine: for replaying long histories.

        The same rules decide (the candidates from the stage, their requirements, the first that
        is met); the property tests hold the two to the same answers.
        """
        self._known_stage(situation.stage)
        candidates = [
            t for t in self.workflow.transitions_from(situation.stage) if t.trigger == trigger
        ]
        if not candidates:
            self._no_such_trigger(situation, trigger, "the proposal")
        for t in candidates:
            reasons = unmet(t.requires, situation)
            if not reasons or override:
                return Move(trigger, situation.stage, t.dest, t.body, self._relabels.get(trigger),
                            tuple(reasons) if override else ())  # fmt: skip
        reasons = [r for t in candidates for r in unmet(t.requires, situation)]
        raise TransitionNotAllowed(
            f"{trigger!r} is refused in {situation.stage!r}: {'; '.join(reasons)}", reasons
        )

    def _no_such_trigger(self, situation: Situation, trigger: str, label: str) -> None:
        if trigger not in self.workflow.triggers:
            raise TransitionNotAllowed(
                f"Unknown trigger {trigger!r}{hint(trigger, self.workflow.triggers)} in workflow "
                f"{self.workflow.name!r}. {self._possible_now(situation)}",
                possible=self._allowed_triggers(situation),
            )
        raise TransitionNotAllowed(
            f"Cannot advance {label} with {trigger!r}: it is in {situation.stage!r}, where "
            f"{trigger!r} does not apply. {self._possible_now(situation)}",
            [f"{trigger!r} does not apply in {situation.stage!r}"],
            self._allowed_triggers(situation),
        )

    def _allowed_triggers(self, situation: Situation) -> list[str]:
        return list(dict.fromkeys(o.trigger for o in self.options(situation) if o.allowed))

    def _possible_now(self, situation: Situation) -> str:
        allowed = self._allowed_triggers(situation)
        if situation.stage not in self.workflow.open_states:
            return f"{situation.stage!r} is terminal: nothing more can happen."
        return f"Possible now: {', '.join([*allowed, 'record (a milestone)'])}."

    def _known_stage(self, stage: str) -> None:
        if self.workflow.state(stage) is None:
            names = self.workflow.state_names
            raise InvalidInput(
                f"unknown stage {stage!r}{hint(stage, names)}; stages of "
                f"{self.workflow.name!r}: {', '.join(names)}"
            )
