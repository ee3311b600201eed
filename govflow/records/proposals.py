"""Use cases that move proposals and add to their histories: advance, record, link.

Each runs in one transaction. An entry dated on or after the proposal's latest event is appended
on the fast path; an earlier one is placed in its history and the whole is checked again (see
:mod:`govflow.records.recording`). A move by target stage that the record skips to records the
steps in between as *implied* (see :mod:`govflow.workflow.implied`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from govflow.dates import optional_date
from govflow.errors import InvalidInput, TransitionNotAllowed
from govflow.records import places
from govflow.records.directions import direction, outcomes_after
from govflow.records.history import Derived, decision_of, early_for_release, wrong_body
from govflow.records.lookup import Lookup, check_version
from govflow.records.places import NOWHERE, Place
from govflow.records.raising import override_reason
from govflow.records.recording import Entry, Recorder
from govflow.records.windows import lapse_refusal
from govflow.store import tables
from govflow.store.session import Store
from govflow.store.tables import EventDraft
from govflow.views import Change
from govflow.workflow.definition import Situation
from govflow.workflow.engine import Engine, Move
from govflow.workflow.implied import Step, steps_to
from govflow.workflow.references import format_reference


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
    ) -> Change:
        """Move a proposal by trigger or by target stage (exactly one of the two).

        A target stage the proposal cannot reach in one step is reached through the fewest steps
        the workflow allows; those in between are recorded as implied (no date or meeting of
        their own: they happened on or before this one). A move that records a decision keeps
        its direction: ``outcome`` (approve or reject) for a recommendation with no vote on
        record, and ``solution`` (``MP122A``) when the proposal has alternatives.
        """
        if (trigger is None) == (to is None):
            raise InvalidInput(
                "name either a trigger or a target stage (--to), not both or neither"
            )
        reason = override_reason(override)
        with self._store.write() as conn:
            row, _ = self._lookup.find(conn, reference)
            label = self._lookup.label(row)
            check_version(row, label, expected_version)
            rules = self._lookup.rules(row)
            place = places.place(conn, meeting, item)
            day, precision = places.when(on, place)
            move = _Move(
                rules, row, label, (trigger, to), reason, place, (day, precision), (actor, note)
            )
            move.decided = (outcome, solution)
            names = None if trigger is None else (trigger,)
            head, entry = self._recorder.append(conn, row, day, move.make, label, names)
            if move.new_alias is not None:
                tables.add_alias(conn, row.id, move.new_alias, "relabel")
            seqs = tuple(range(head.seq - len(entry.drafts) + 1, head.seq + 1))
            final = entry.drafts[move.final_index]
            now = move.new_alias or label
            implied = tuple(
                s for s, d in zip(seqs, entry.drafts, strict=True) if d.kind == "implied"
            )
            warnings = places.date_warnings(place, day, precision)
            return Change(
                now, str(final.to_stage), seqs, day, final.kind, implied, warnings, precision
            )

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
            row, _ = self._lookup.find(conn, reference)
            label = self._lookup.label(row)
            check_version(row, label, expected_version)
            rules = self._lookup.rules(row)
            spec = rules.milestone(milestone)
            place = places.place(conn, meeting, item)
            day, precision = places.when(on, place)
            end = optional_date(until, "--until date")
            if end is not None and end < day:
                raise InvalidInput(f"--until {end} is before the start date {day}")

            def make(state: Derived) -> Entry:
                payload: dict[str, Any] = dict(extra)
                try:
                    rules.check_milestone(state.situation, milestone, label)
                    lapsed(rules, state, milestone, day, label)
                except TransitionNotAllowed as exc:
                    if not reason:
                        raise
                    payload |= {"override": reason, "waived": exc.reasons}
                else:
                    if reason:
                        payload |= {"override": reason, "waived": []}
                draft = places.draft(
                    "override" if reason else "milestone", day, place, actor, note, payload,
                    precision, milestone=milestone, until=end, body=spec.body,
                )  # fmt: skip
                milestones = [*state.milestones]
                if milestone not in milestones:
                    milestones.append(milestone)
                changes: dict[str, Any] = {"milestones": milestones}
                if "vote" in extra:
                    changes["outcomes"] = {**state.outcomes(), "vote": extra["vote"]["outcome"]}
                return Entry([draft], changes, milestone=milestone, until=end)

            head, entry = self._recorder.append(conn, row, day, make, label, (milestone,))
            warnings = places.date_warnings(place, day, precision)
            kind = entry.drafts[0].kind
            return Change(
                label, row.stage, (head.seq,), day, kind, warnings=warnings,
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
            written = spelling or ref.spelling
            if spelling is not None:
                self._same_proposal(row, spelling, label)
            draft = places.draft("link", day, place, actor, note, {"spelling": written}, precision)
            source = str(place.code)
            if place.item is not None:
                source += f" item {place.item.number}"
            tables.add_alias(conn, row.id, written, source)
            head, _ = self._recorder.append(conn, row, day, lambda _: Entry([draft]), label, ())
            warnings = places.date_warnings(place, day, precision)
            return Change(
                label, row.stage, (head.seq,), day, "link", warnings=warnings,
                date_precision=precision,
            )  # fmt: skip

    def _same_proposal(self, row: Any, spelling: str, label: str) -> None:
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
    """One advance, worked out against the proposal as it stood on its date."""

    def __init__(
        self, rules: Engine, row: Any, label: str, how: tuple[str | None, str | None],
        reason: str | None, where: Place, when: tuple[dt.date, str],
        who: tuple[str | None, str | None],
    ) -> None:  # fmt: skip
        self.rules, self.row, self.label, self.reason = rules, row, label, reason
        self.trigger, self.to = how
        self.where, (self.day, self.precision) = where, when
        self.actor, self.note = who
        self.new_alias: str | None = None
        self.final_index = 0
        self.decided: tuple[str | None, str | None] = (None, None)  # outcome, solution

    def make(self, state: Derived) -> Entry:
        override = self.reason is not None
        self._s, self._prefix = state.situation, state.prefix
        self.label = state.reference or self.label
        implied: list[Step] = []
        trigger = self.trigger
        if trigger is None:
            try:
                trigger = self.rules.target(self._s, str(self.to), override=override)
            except TransitionNotAllowed as refused:
                found = None if override else steps_to(self.rules, self._s, str(self.to))
                if not found:
                    raise refused from None
                implied, trigger = found[:-1], str(found[-1].trigger)
        drafts = [d for step in implied for d in self._implied(step, trigger)]
        move = self.rules.fire(self._s, trigger, override=override, label=self.label, dest=self.to)
        waived = list(move.waived)
        try:
            lapsed(self.rules, state, trigger, self.day, self.label)
        except TransitionNotAllowed as exc:
            if not override:
                raise
            waived += exc.reasons
        went, contrary = direction(move, state, self.label, *self.decided)
        elsewhere = wrong_body(move.deciders, trigger, self.where.code)
        if move.after_release:
            elsewhere = elsewhere or early_for_release(state.releases, trigger, self.day)
        if elsewhere is not None:
            contrary.append(elsewhere)
        if contrary and not override:
            why = "; ".join(contrary)
            raise TransitionNotAllowed(f"Cannot {trigger} {self.label}: {why}", contrary)
        self.final_index = len(drafts)
        payload = {"override": self.reason, "waived": waived + contrary} if self.reason else {}
        payload |= went
        drafts.append(places.draft(
            "override" if self.reason else "transition", self.day, self.where, self.actor,
            self.note, payload, self.precision, trigger=trigger, from_stage=move.source,
            to_stage=move.dest, body=move.body,
        ))  # fmt: skip
        drafts += self._relabel(move, self.where, self.precision)
        changes: dict[str, Any] = {
            "stage": move.dest,
            "milestones": sorted_as(state, self._s),
            "prefix": self._prefix,
        }
        if went:
            decision = decision_of(trigger, went, self.day, move.body)
            changes["outcomes"] = outcomes_after(state, decisions=[*state.decisions, decision])
        return Entry(drafts, changes, moved=None if implied else (move.source, trigger))

    def _implied(self, step: Step, final: str) -> list[EventDraft]:
        """An implied step: on or before the move that implies it, at no meeting."""
        payload = {"implied_by": final}
        s = self._s
        if step.milestone is not None:
            self._s = replace(s, milestones=s.milestones | {step.milestone})
            body = self.rules.milestone(step.milestone).body
            return [places.draft(
                "implied", self.day, NOWHERE, self.actor, None, payload, "on_or_before",
                milestone=step.milestone, body=body,
            )]  # fmt: skip
        move = self.rules.fire(s, str(step.trigger), label=self.label, dest=step.dest)
        self._s = replace(s, stage=move.dest)
        drafts = [places.draft(
            "implied", self.day, NOWHERE, self.actor, None, payload, "on_or_before",
            trigger=move.trigger, from_stage=move.source, to_stage=move.dest, body=move.body,
        )]  # fmt: skip
        return drafts + self._relabel(move, NOWHERE, "on_or_before")

    def _relabel(self, move: Move, where: Place, precision: str) -> list[EventDraft]:
        """DP160 becomes MP160 when it is converted."""
        relabel = move.relabel
        if relabel is None or self._prefix != relabel.from_prefix:
            return []
        prefix = self.rules.workflow.references.prefix(relabel.to_prefix)
        width = prefix.width if prefix else 0
        new = format_reference(relabel.to_prefix, self.row.number, self.row.alternative, width)
        before, self.label, self.new_alias, self._prefix = self.label, new, new, relabel.to_prefix
        return [places.draft(
            "relabel", self.day, where, self.actor, None, {"from": before, "to": new},
            precision, trigger=move.trigger, body=move.body,
        )]  # fmt: skip


def lapsed(rules: Engine, state: Derived, name: str, day: dt.date, label: str) -> None:
    """Refuse ``name`` on ``day`` when a window that lapses refuses it (see
    :func:`govflow.records.windows.lapse_refusal`); an override waives it."""
    why = lapse_refusal(rules.workflow, state.deadlines, name, day)
    if why is not None:
        raise TransitionNotAllowed(f"Cannot record {name!r} for {label}: {why}", [why])


def sorted_as(state: Derived, s: Situation) -> list[str]:
    """The milestones of ``s``: those of ``state`` in their order, then the new ones."""
    return [*state.milestones, *sorted(s.milestones - set(state.milestones))]
