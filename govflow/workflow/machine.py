"""A workflow version's state machine: the only module that imports ``transitions``.

One :class:`Machine` per workflow version, built once and cached by the registry (a machine per
proposal would cost milliseconds and kilobytes each). ``transitions`` holds the topology: the
stages, each transition with its source stages (``*`` expanded to every open stage) and its
destination, and the triggers each stage has (``get_triggers``, ``get_transitions``). The rule
core (:mod:`govflow.workflow.rules`) asks :meth:`Machine.candidates` for the transitions a
trigger has from a stage, in the definition's order, and :meth:`Machine.first_met` for the first
of them whose requirements the situation meets (the dispatch ``transitions`` does when an event
is triggered: the first transition whose conditions hold).

The requirements are tested here directly, not as ``transitions`` conditions through
``Event.trigger``: triggering an event on a model costs eight times as much as testing the same
requirements (72 us against 9 us for ``send_to_change_board`` from the Report Phase, best of
seven runs on the project's machine under load; see docs/architecture.md), and every event of
a replay, an import or ``verify`` is judged. Why a blocked transition is blocked (the unmet
requirements' messages) is the rule core's to say: no state-machine library reports it.
"""

from __future__ import annotations

from typing import Any

from transitions import Machine as TransitionsMachine

from govflow.workflow.definition import Situation, Transition, Workflow, unmet


class Machine:
    """The topology of one workflow version, over a ``transitions`` machine."""

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
        self._moves: dict[tuple[str, str], tuple[tuple[Transition, ...], bool]] = {}
        self._order = {id(t): i for i, t in enumerate(workflow.transitions)}
        self._defs: dict[tuple[str, str, str], list[Transition]] = {}
        for t in workflow.transitions:
            for source in t.sources:
                self._defs.setdefault((t.trigger, source, t.dest), []).append(t)
        # The triggers of each stage, asked once (the machine is never changed after this).
        self._triggers = {s: tuple(self._machine.get_triggers(s)) for s in workflow.state_names}

    @staticmethod
    def _spec(t: Transition) -> dict[str, Any]:
        return {"trigger": t.trigger, "source": list(t.sources), "dest": t.dest}

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
            # .get: a stage the machine does not hold (none, before the raise) has no transitions
            defs = [
                d for m in machine_ts for d in self._defs.get((trigger, stage, str(m.dest)), ())
            ]
            unique = {id(d): d for d in defs}.values()
            found = self._by_source[key] = tuple(sorted(unique, key=lambda d: self._order[id(d)]))
        return found

    def unconditional(self, stage: str, trigger: str) -> bool:
        """Whether no transition ``trigger`` has from ``stage`` requires anything: then
        :meth:`first_met` is the first of them to its destination, in any situation."""
        return self.moves(stage, trigger)[1]

    def moves(self, stage: str, trigger: str) -> tuple[tuple[Transition, ...], bool]:
        """:meth:`candidates` and :meth:`unconditional` in one look-up (none for a trigger the
        machine does not know: :meth:`knows` tells that apart)."""
        key = (stage, trigger)
        found = self._moves.get(key)
        if found is None:
            if not self.knows(trigger):  # not kept: any text may be asked
                return (), True
            every = self.candidates(stage, trigger)
            found = self._moves[key] = (every, not any(t.requires for t in every))
        return found

    def first_met(
        self, situation: Situation, trigger: str, dest: str | None = None
    ) -> Transition | None:
        """The first transition ``trigger`` has from the situation's stage (to ``dest``, when
        given) whose requirements the situation meets, or None."""
        for t in self.candidates(situation.stage, trigger):
            if dest in (None, t.dest) and not unmet(t.requires, situation):
                return t
        return None
