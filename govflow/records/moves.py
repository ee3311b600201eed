"""One advance drafted against the proposal as it stood on its date: the move itself with its
direction and body, the stage reached over a gap, and a relabel (DP160 becomes MP160). The rule
core judges every draft (:mod:`govflow.workflow.rules`, through the recorder); this only drafts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from govflow.errors import TransitionNotAllowed
from govflow.model import Event
from govflow.records import places
from govflow.records.places import Place
from govflow.store.rows import ProposalRecord
from govflow.workflow.by_target import ENTERED
from govflow.workflow.definition import Transition
from govflow.workflow.directions import direction_payload, solution_letter
from govflow.workflow.implied import Gap, move_to
from govflow.workflow.options import options
from govflow.workflow.references import format_reference
from govflow.workflow.requirements import unknown
from govflow.workflow.state import ProposalState
from govflow.workflow.verdict import Rules, Verdict

if TYPE_CHECKING:  # the machine (and `transitions`) loads when one is built
    from govflow.workflow.machine import Machine


class Move:
    """One advance, drafted against the proposal as it stood on its date."""

    def __init__(
        self, machine: Machine, row: ProposalRecord, label: str, reason: str | None, where: Place,
        when: tuple[dt.date, str],
    ) -> None:  # fmt: skip
        self.machine, self.row, self.label, self.reason = machine, row, label, reason
        self.where, (self.day, self.precision) = where, when
        self.trigger: str | None = None
        self.to: str | None = None
        self.who: tuple[str | None, str | None] = (None, None)  # actor, note
        self.decided: tuple[str | None, str | None] = (None, None)  # outcome, solution
        self.rules: Rules | None = None
        self.body: str | None = None  # as the record says, when it says
        self.new_alias: str | None = None
        self.final_index = 0

    def make(self, state: ProposalState) -> list[Event]:
        assert self.rules is not None
        self.label = state.reference or self.label
        self.final_index = 0
        if self.to is None:  # by trigger (the usual move): from the stage it is in
            trigger, source, dest = str(self.trigger), state.stage, None
        else:
            final = move_to(self.rules, state, self.to, self.day, self.reason, self.where.code)
            if isinstance(final, Gap):
                return self._reached(state, final)
            self.trigger = final.trigger
            trigger, source, dest = str(final.trigger), str(final.source), final.dest
        drafts = [self._final(state, trigger, source, dest)]
        return drafts + self._relabel(
            trigger, state.prefix, self.where, self.precision, self.who[0], 2
        )

    def _reached(self, state: ProposalState, gap: Gap) -> list[Event]:
        """The stage reached, the way between not on record: no route chosen, no step between
        stored (the views name the routes that fit); the direction every route decides, and the
        relabel a conversion every route takes makes."""
        actor, note = self.who
        outcome, solution = self.decided
        payload: dict[str, Any] = {ENTERED: {"body": self.body, "to": True}}
        payload |= {"override": self.reason} if self.reason else {}
        if outcome is not None or gap.outcome is not None:
            payload["outcome"] = outcome or gap.outcome
        if solution is not None:  # its letter, as a move that names its trigger keeps it
            payload["solution"] = solution_letter(state, self.label, solution)
        drafts = [places.draft(
            "reached", self.day, self.where, actor, note, payload, self.precision,
            from_stage=gap.source, to_stage=gap.dest, body=self.body or self.where.committee,
            seq=self.row.head_seq + 1,
        )]  # fmt: skip
        for relabel in self.machine.workflow.references.relabels:
            if relabel.from_prefix == state.prefix and gap.passes(relabel.trigger):
                made = self._relabel(
                    relabel.trigger, state.prefix, self.where, self.precision, actor,
                    len(drafts) + 1,
                )  # fmt: skip
                drafts += [replace(d, body=drafts[0].body) for d in made]  # not the graph's body
        return drafts

    def _final(self, state: ProposalState, trigger: str, source: str, dest: str | None) -> Event:
        """The move itself (``trigger`` from ``source``, to ``dest`` when the target stage names
        it), with its direction (when it records a decision)."""
        actor, note = self.who
        payload: dict[str, Any] = {ENTERED: {"body": self.body, "to": self.to is not None}}
        if self.reason:
            payload["override"] = self.reason
        fired = self._transition(state, source, trigger, dest)
        said = self.decided != (None, None)  # else a move that decides nothing takes neither
        if fired is not None:
            if fired.outcome or said:
                payload |= direction_payload(fired, state, self.label, *self.decided)
            dest = dest or fired.dest
        elif said:
            payload |= {k: v for k, v in zip(("outcome", "solution"), self.decided, strict=True)
                        if v is not None}  # fmt: skip
        return places.draft(
            "override" if self.reason else "transition", self.day, self.where, actor, note,
            payload, self.precision, trigger=trigger, from_stage=source, to_stage=dest,
            body=self._body(state, fired), seq=self.row.head_seq + 1,
        )  # fmt: skip

    def _body(self, state: ProposalState, fired: Transition | None) -> str | None:
        """Who took the move: as given, else the workflow's body for it, unless that depends on a
        route not on record (then the meeting's committee, or not on record)."""
        if self.body is not None or fired is None:
            return self.body
        if fired.requires:  # the situation is built only when a requirement asks
            situation = state.situation
            if any(unknown(r, situation) for r in fired.requires):
                return self.where.committee
        return fired.body

    def _transition(
        self, state: ProposalState, source: str, trigger: str, dest: str | None
    ) -> Transition | None:
        """The transition ``trigger`` takes from ``source`` (the rule core judges whether it
        may: this only names it, to draft its direction and body)."""
        found, unconditional = self.machine.moves(source, trigger)  # none: an unknown trigger
        if dest is not None:
            found = tuple(t for t in found if t.dest == dest)
        if len(found) > 1 and not unconditional:
            situation = replace(state.situation, stage=source)
            return self.machine.first_met(situation, trigger, dest) or found[0]
        return found[0] if found else None  # the first, when none requires anything

    def _relabel(
        self, trigger: str, prefix: str, where: Place, precision: str, actor: str | None, nth: int
    ) -> list[Event]:
        """DP160 becomes MP160 when it is converted (the ``nth`` event the move drafts)."""
        refs = self.machine.workflow.references
        for relabel in refs.relabels:  # the first that ``trigger`` makes (a loop: no generator)
            if relabel.trigger == trigger:
                break
        else:
            return []
        if prefix != relabel.from_prefix:
            return []
        found = refs.prefix(relabel.to_prefix)
        width = found.width if found else 0
        new = format_reference(relabel.to_prefix, self.row.number, self.row.alternative, width)
        before, self.label, self.new_alias = self.label, new, new
        return [places.draft(
            "relabel", self.day, where, actor, None, {"from": before, "to": new},
            precision, trigger=trigger, body=next(
                (t.body for t in self.machine.workflow.transitions if t.trigger == trigger), None
            ), seq=self.row.head_seq + nth,
        )]  # fmt: skip

    def refused(self, e: Event, state: ProposalState, verdict: Verdict) -> TransitionNotAllowed:
        """Why the move (or one of its implied steps) is refused, and what is possible now."""
        what = e.trigger or e.milestone
        if e.kind == "reached":
            lead = f"Cannot move {self.label} to {self.to!r}:"
        elif any(r.rule == "graph" for r in verdict.refused):
            lead = f"Cannot advance {self.label} with {what!r}:"
        else:
            lead = f"Cannot advance {self.label} with {what!r}: it is in {state.stage!r} and"
        reasons = "; and ".join(verdict.messages)
        assert self.rules is not None
        allowed = [o.trigger for o in options(self.rules, state, self.day) if o.allowed]
        possible = list(dict.fromkeys(allowed))
        wf = self.machine.workflow
        if state.stage not in wf.open_states:
            tail = f"{state.stage!r} is terminal: nothing more can happen."
        else:
            tail = f"Possible now: {', '.join([*possible, 'record (a milestone)'])}."
        sep = ""
        return TransitionNotAllowed(
            f"{lead}{sep} {reasons}. {tail}", verdict.messages, possible, remedy=verdict.remedy
        )
