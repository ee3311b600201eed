"""A workflow version's state machine: the only module that imports ``transitions``.

One :class:`Machine` per workflow version, built once and cached by the registry (a machine per
proposal would cost milliseconds and kilobytes each). It holds the topology (stages, and the
transitions from each by trigger) and each transition's conditions, the workflow's requirements.
It is asked two things, both by the rule core (:mod:`govflow.workflow.rules`):

- :meth:`Machine.candidates`: the transitions a trigger has from a stage, in the definition's
  order (``transitions``' ``get_transitions``);
- :meth:`Machine.fire`: which of them fires for a situation: the machine triggers the event on a
  plain subject, and the first transition whose conditions hold moves it (``transitions``'
  own dispatch). Its conditions leave the transition that held, so the rule core knows its
  body, outcome and deciding committees.

Why a blocked transition is blocked (the unmet requirements' messages) is the rule core's to
say: no state-machine library reports it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from transitions import EventData
from transitions import Machine as TransitionsMachine

from govflow.workflow.definition import Situation, Transition, Workflow, unmet


@dataclass(eq=False, slots=True)
class _Subject:
    """What the machine moves: a stage (the conditions read the situation from the trigger)."""

    state: str


class Machine:
    """The topology and conditions of one workflow version, over a ``transitions`` machine."""

    def __init__(self, workflow: Workflow) -> None:
        self.workflow = workflow
        self._machine = TransitionsMachine(
            model=None,
            states=list(workflow.state_names),
            initial=workflow.initial,
            transitions=[self._spec(t) for t in workflow.transitions],
            auto_transitions=False,
            send_event=True,
        )
        self._by_source: dict[tuple[str, str], tuple[Transition, ...]] = {}
        self._order = {id(t): i for i, t in enumerate(workflow.transitions)}
        self._defs: dict[tuple[str, str, str], list[Transition]] = {}
        for t in workflow.transitions:
            for source in t.sources:
                self._defs.setdefault((t.trigger, source, t.dest), []).append(t)
        # The triggers of each stage, asked once (the machine is never changed after this).
        self._triggers = {s: tuple(self._machine.get_triggers(s)) for s in workflow.state_names}

    @staticmethod
    def _spec(t: Transition) -> dict[str, Any]:
        requires = t.requires

        def condition(event: EventData) -> bool:
            kwargs = event.kwargs
            if kwargs["dest"] not in (None, t.dest) or unmet(requires, kwargs["situation"]):
                return False
            kwargs["fired"].append(t)
            return True

        return {"trigger": t.trigger, "source": list(t.sources), "dest": t.dest,
                "conditions": condition}  # fmt: skip

    def knows(self, trigger: str) -> bool:
        return trigger in self._machine.events

    @property
    def trigger_names(self) -> tuple[str, ...]:
        return tuple(self._machine.events)

    def triggers_from(self, stage: str) -> tuple[str, ...]:
        """The triggers that have a transition from ``stage``, as the machine lists them."""
        return self._triggers.get(stage, ())

    def candidates(self, stage: str, trigger: str) -> tuple[Transition, ...]:
        """The transitions ``trigger`` has from ``stage``, in the definition's order."""
        key = (stage, trigger)
        found = self._by_source.get(key)
        if found is None:
            machine_ts = self._machine.get_transitions(trigger=trigger, source=stage)
            defs = [d for m in machine_ts for d in self._defs[(trigger, stage, str(m.dest))]]
            unique = {id(d): d for d in defs}.values()
            found = self._by_source[key] = tuple(sorted(unique, key=lambda d: self._order[id(d)]))
        return found

    def fire(
        self, situation: Situation, trigger: str, dest: str | None = None
    ) -> Transition | None:
        """The transition that fires ``trigger`` from the situation's stage (only those leading
        to ``dest``, when given), or None when no transition's conditions hold."""
        fired: list[Transition] = []
        subject = _Subject(situation.stage)
        self._machine.events[trigger].trigger(subject, situation=situation, dest=dest, fired=fired)
        return fired[-1] if fired else None
