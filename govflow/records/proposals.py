"""Use cases that move proposals and add to their histories: advance, record, link.

Each runs in one transaction, drafts its events against the proposal as it stood on the entry's
date and leaves every rule to the rule core (:mod:`govflow.workflow.rules`), through the
:class:`~govflow.records.recording.Recorder`. A move by target stage that the record skips to
records the stage reached, the way between not on record (see :mod:`govflow.workflow.implied`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from govflow.dates import optional_date
from govflow.errors import InvalidInput, Remedy, TransitionNotAllowed, hint
from govflow.model import Event
from govflow.records import places
from govflow.records.lookup import Lookup, check_version
from govflow.records.places import Place
from govflow.records.raising import override_reason
from govflow.records.recording import Recorder
from govflow.records.shared import shared_moves
from govflow.store import tables
from govflow.store.rows import ProposalRecord
from govflow.store.session import Connection, Store
from govflow.views import Change
from govflow.workflow.by_target import ENTERED
from govflow.workflow.definition import Transition
from govflow.workflow.directions import direction_payload, solution_letter
from govflow.workflow.implied import Gap, Step, move_to
from govflow.workflow.options import options
from govflow.workflow.references import format_reference
from govflow.workflow.requirements import unknown
from govflow.workflow.state import ProposalState
from govflow.workflow.verdict import Rules, Verdict

if TYPE_CHECKING:  # the machine (and `transitions`) loads when one is built
    from govflow.workflow.machine import Machine


class ProposalWrites:
    """Moving proposals, recording milestones and linking them to meetings."""

    def __init__(self, store: Store, lookup: Lookup, recorder: Recorder) -> None:
        self._store = store
        self._lookup = lookup
        self._recorder = recorder
        self._registry = lookup.registry

    # -- advance -------------------------------------------------------------------------------
    def advance(
        self,
        reference: str,
        trigger: str | None = None,
        *,
        to: str | None = None,
        on: str | dt.date | None = None,
        meeting: str | None = None,
        item: str | None = None,
        actor: str | None = None,
        note: str | None = None,
        override: str | None = None,
        expected_version: int | None = None,
        outcome: str | None = None,
        solution: str | None = None,
        body: str | None = None,
    ) -> Change:
        """Move a proposal by trigger or by target stage (exactly one of the two).

        A target stage records the one transition that leads there when no other route could
        have; else the stage reached, the way between not on record (no route chosen, no step
        between stored: the history names the routes that fit). A move that records a decision keeps
        its direction: ``outcome`` (approve or reject) for a recommendation with no vote on
        record (else the direction is not on record), and ``solution`` (``MP122A``) when the
        proposal has alternatives. ``body`` names who took the step (``AUTHORITY``) when the
        record says so; without it the body is the meeting's committee or the workflow's, except
        where the workflow's depends on a route not on record: then it is not on record. An
        ``override`` reason sets aside the rules an override may (the workflow's graph never),
        and is recorded with what it set aside."""
        if (trigger is None) == (to is None):
            raise InvalidInput("name either a trigger or a target stage, not both or neither")
        reason = override_reason(override)
        move = {
            "trigger": trigger,
            "to": to,
            "on": on,
            "meeting": meeting,
            "item": item,
            "actor": actor,
            "note": note,
            "reason": reason,
            "outcome": outcome,
            "body": body,
        }
        with self._store.write() as conn:
            change = self._advance_in(conn, reference, move, expected_version, solution)
            # a decision on a solution two records share (CMP264/265 WACM4) is on both
            for other, letter in shared_moves(conn, self._lookup, reference, solution):
                self._advance_in(conn, other, move, None, letter)
            return change

    def _advance_in(
        self, conn: Connection, reference: str, given: dict[str, Any],
        expected_version: int | None, solution: str | None,
    ) -> Change:  # fmt: skip
        """:meth:`advance` of one proposal, in the write transaction ``conn``."""
        row, _ = self._lookup.find(conn, reference)
        label = self._lookup.label(row)
        check_version(row, label, expected_version)
        place = places.place(conn, given["meeting"], given["item"])
        day, precision = places.when(given["on"], place)
        move = _Move(self._lookup.machine(row), row, label, given["reason"], place,
                     (day, precision))  # fmt: skip
        move.trigger, move.to = given["trigger"], given["to"]
        move.who, move.decided = (given["actor"], given["note"]), (given["outcome"], solution)
        move.body = given["body"]
        rules = self._lookup.rules(conn, row)
        move.rules = rules
        names = None if given["trigger"] is None else (given["trigger"],)
        written = self._recorder.append(conn, row, day, move.make, label, names, move.refused)
        if move.new_alias is not None:
            tables.add_alias(conn, row.id, move.new_alias, "relabel")
        final = written.events[move.final_index]
        implied: tuple[int, ...] = ()  # no step between is stored: the history names them
        warnings = places.date_warnings(place, day, precision)
        return Change(
            move.new_alias or label, str(final.to_stage), written.seqs, day, final.kind,
            implied, warnings, precision,
        )  # fmt: skip

    # -- milestones and links ------------------------------------------------------------------
    def record(
        self,
        reference: str,
        milestone: str,
        *,
        on: str | dt.date | None = None,
        until: str | dt.date | None = None,
        meeting: str | None = None,
        item: str | None = None,
        actor: str | None = None,
        note: str | None = None,
        override: str | None = None,
        expected_version: int | None = None,
    ) -> Change:
        """Record a milestone (optionally a date range) without changing the stage."""
        return self.record_milestone(
            reference, milestone, {}, on=on, until=until, meeting=meeting, item=item,
            actor=actor, note=note, override=override, expected_version=expected_version,
        )  # fmt: skip

    def record_milestone(
        self,
        reference: str,
        milestone: str,
        extra: dict[str, Any],
        *,
        on: str | dt.date | None = None,
        until: str | dt.date | None = None,
        meeting: str | None = None,
        item: str | None = None,
        actor: str | None = None,
        note: str | None = None,
        override: str | None = None,
        expected_version: int | None = None,
    ) -> Change:
        """:meth:`record` with ``extra`` in the event's payload: a vote's tally and outcome."""
        reason = override_reason(override)
        with self._store.write() as conn:
            row, ref = self._lookup.find(conn, reference)
            label = self._lookup.label(row)
            check_version(row, label, expected_version)
            wf = self._lookup.workflow_of(row)
            spec = wf.milestone(milestone)
            if spec is None:
                names = [m.name for m in wf.milestones]
                raise InvalidInput(
                    f"unknown milestone {milestone!r}{hint(milestone, names)} in workflow "
                    f"{wf.name!r}",
                    remedy=Remedy("show_workflow", wf.name),
                )
            place = places.place(conn, meeting, item)
            day, precision = places.when(on, place)
            end = optional_date(until, field="until")
            if end is not None and end < day:
                raise InvalidInput(f"{end} is before the start date {day}", field="until")
            payload: dict[str, Any] = dict(extra)
            if ref.alternative and not row.alternative:  # recorded on a solution (0990A)
                payload["solution"] = f"{ref.alternative_label}{ref.alternative}"
            if reason:
                payload["override"] = reason
            draft = places.draft(
                "override" if reason else "milestone", day, place, actor, note, payload,
                precision, milestone=milestone, until=end, body=spec.body,
            )  # fmt: skip

            def refused(e: Event, state: ProposalState, verdict: Verdict) -> TransitionNotAllowed:
                return verdict.error(f"Cannot record {milestone!r} for {label}")

            written = self._recorder.append(
                conn, row, day, lambda _: [draft], label, (milestone,), refused
            )
            warnings = places.date_warnings(place, day, precision)
            return Change(
                label, row.stage, written.seqs, day, written.events[0].kind, warnings=warnings,
                date_precision=precision,
            )  # fmt: skip

    def link(
        self,
        reference: str,
        *,
        meeting: str,
        item: str | None = None,
        spelling: str | None = None,
        actor: str | None = None,
        note: str | None = None,
        on: str | dt.date | None = None,
        expected_version: int | None = None,
    ) -> Change:
        """Tie a proposal to a meeting's agenda item without moving it (at any date)."""
        with self._store.write() as conn:
            row, ref = self._lookup.find(conn, reference)
            label = self._lookup.label(row)
            check_version(row, label, expected_version)
            place = places.place(conn, meeting, item)
            day, precision = places.when(on, place)
            written_as = spelling or ref.spelling
            if spelling is not None:
                self._same_proposal(row, spelling, label)
            draft = places.draft(
                "link", day, place, actor, note, {"spelling": written_as}, precision
            )
            source = str(place.code)
            if place.item is not None:
                source += f" item {place.item.number}"
            tables.add_alias(conn, row.id, written_as, source)
            written = self._recorder.append(conn, row, day, lambda _: [draft], label, ())
            warnings = places.date_warnings(place, day, precision)
            return Change(
                label, row.stage, written.seqs, day, "link", warnings=warnings,
                date_precision=precision,
            )  # fmt: skip

    def _same_proposal(self, row: ProposalRecord, spelling: str, label: str) -> None:
        """A spelling kept as an alias must name this very proposal."""
        try:
            other = self._lookup.parse(spelling)
        except InvalidInput:
            raise InvalidInput(
                f"{spelling!r} is not a reference; a link keeps the spelling a source used "
                f"for {label}, like {label} or {label.replace(row.prefix, row.prefix + ' ', 1)}"
            ) from None
        schemes = {wf.references.code for wf in self._registry.for_prefix(other.prefix)}
        if other.key != (row.number, row.alternative) or row.scheme not in schemes:
            raise InvalidInput(f"{spelling!r} names another proposal than {label}")


class _Move:
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
        if self.to is None:
            final: Step | Gap = Step(trigger=self.trigger, source=state.stage)
        else:
            final = move_to(self.rules, state, self.to, self.day, self.reason, self.where.code)
        self.final_index = 0
        if isinstance(final, Gap):
            return self._reached(state, final)
        self.trigger = final.trigger
        drafts = [self._final(state, final)]
        return drafts + self._relabel(
            str(final.trigger), state.prefix, self.where, self.precision, self.who[0]
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
        )]  # fmt: skip
        for relabel in self.machine.workflow.references.relabels:
            if relabel.from_prefix == state.prefix and gap.passes(relabel.trigger):
                made = self._relabel(
                    relabel.trigger, state.prefix, self.where, self.precision, actor
                )
                drafts += [replace(d, body=drafts[0].body) for d in made]  # not the graph's body
        return drafts

    def _final(self, state: ProposalState, final: Step) -> Event:
        """The move itself, with its direction (when it records a decision)."""
        actor, note = self.who
        trigger, dest, source = str(final.trigger), final.dest, str(final.source)
        payload: dict[str, Any] = {ENTERED: {"body": self.body, "to": self.to is not None}}
        payload |= {"override": self.reason} if self.reason else {}
        fired = self._transition(state, source, trigger, dest)
        if fired is not None:
            payload |= direction_payload(fired, state, self.label, *self.decided)
            dest = dest or fired.dest
        elif any(v is not None for v in self.decided):
            payload |= {k: v for k, v in zip(("outcome", "solution"), self.decided, strict=True)
                        if v is not None}  # fmt: skip
        return places.draft(
            "override" if self.reason else "transition", self.day, self.where, actor, note,
            payload, self.precision, trigger=trigger, from_stage=source, to_stage=dest,
            body=self._body(state, fired),
        )  # fmt: skip

    def _body(self, state: ProposalState, fired: Transition | None) -> str | None:
        """Who took the move: as given, else the workflow's body for it, unless that depends on a
        route not on record (then the meeting's committee, or not on record)."""
        if self.body is not None or fired is None:
            return self.body
        situation = state.situation
        if any(unknown(r, situation) for r in fired.requires):
            return self.where.committee
        return fired.body

    def _transition(
        self, state: ProposalState, source: str, trigger: str, dest: str | None
    ) -> Transition | None:
        """The transition ``trigger`` takes from ``source`` (the rule core judges whether it
        may: this only names it, to draft its direction and body)."""
        if not self.machine.knows(trigger):
            return None
        found = [t for t in self.machine.candidates(source, trigger) if dest in (None, t.dest)]
        if len(found) > 1:
            situation = replace(state.situation, stage=source)
            return self.machine.first_met(situation, trigger, dest) or found[0]
        return found[0] if found else None

    def _relabel(
        self, trigger: str, prefix: str, where: Place, precision: str, actor: str | None
    ) -> list[Event]:
        """DP160 becomes MP160 when it is converted."""
        refs = self.machine.workflow.references
        relabel = next((r for r in refs.relabels if r.trigger == trigger), None)
        if relabel is None or prefix != relabel.from_prefix:
            return []
        found = refs.prefix(relabel.to_prefix)
        width = found.width if found else 0
        new = format_reference(relabel.to_prefix, self.row.number, self.row.alternative, width)
        before, self.label, self.new_alias = self.label, new, new
        return [places.draft(
            "relabel", self.day, where, actor, None, {"from": before, "to": new},
            precision, trigger=trigger, body=next(
                (t.body for t in self.machine.workflow.transitions if t.trigger == trigger), None
            ),
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
