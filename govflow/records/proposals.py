"""Use cases that move proposals and add to their histories: advance, record, link.

Each runs in one transaction, drafts its events against the proposal as it stood on the entry's
date and leaves every rule to the rule core (:mod:`govflow.workflow.rules`), through the
:class:`~govflow.records.recording.Recorder`. A move by target stage that the record skips to
records the stage reached, the way between not on record (see :mod:`govflow.workflow.implied`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from govflow.dates import optional_date
from govflow.errors import InvalidInput, Remedy, TransitionNotAllowed, hint
from govflow.model import Event, built
from govflow.records import places
from govflow.records.lookup import Lookup, check_version, written_version
from govflow.records.moves import Move
from govflow.records.raising import override_reason
from govflow.records.recording import Recorder
from govflow.records.shared import shared_moves
from govflow.store import tables
from govflow.store.rows import ProposalRecord
from govflow.store.session import Connection, Store
from govflow.views import Change
from govflow.workflow.definition import Milestone, Workflow
from govflow.workflow.references import Ref
from govflow.workflow.state import ProposalState
from govflow.workflow.verdict import Verdict
from govflow.workflow.words import done_words, stage_label


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
        ``override`` reason sets aside the rules an override may
        (the workflow's graph never), and is recorded with what it set aside.
        """
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
        ref = self._lookup.parse(reference)  # read once: the move and the shared check use it
        with self._store.write() as conn:
            change = self._advance_in(conn, reference, move, expected_version, solution, ref)
            # a decision on a solution two records share (CMP264/265 WACM4) is on both
            for other, letter in shared_moves(conn, self._lookup, reference, solution, ref):
                self._advance_in(conn, other, move, None, letter)
            return change

    def _advance_in(
        self, conn: Connection, reference: str, given: dict[str, Any],
        expected_version: int | None, solution: str | None, ref: Ref | None = None,
    ) -> Change:  # fmt: skip
        """:meth:`advance` of one proposal, in the write transaction ``conn``."""
        row, _ = self._lookup.find(conn, reference, ref)
        label = self._lookup.label(row)
        check_version(row, label, expected_version)
        place = places.place(conn, given["meeting"], given["item"])
        day, precision = places.when(given["on"], place)
        machine = self._lookup.machine(row)
        wf = machine.workflow  # the row's workflow version, looked up once for the whole move
        move = Move(machine, row, label, given["reason"], place, (day, precision))
        move.trigger, move.to = given["trigger"], given["to"]
        move.who, move.decided = (given["actor"], given["note"]), (given["outcome"], solution)
        move.body = given["body"]
        move.rules = rules = self._lookup.rules(conn, row, machine)
        names = None if given["trigger"] is None else (given["trigger"],)
        written = self._recorder.append(
            conn, row, day, move.make, label, names, move.refused, rules=rules, workflow=wf
        )
        if move.new_alias is not None:
            tables.add_alias(conn, row.id, move.new_alias, "relabel")
        final = written.events[move.final_index]
        implied: tuple[int, ...] = ()  # no step between is stored: the history names them
        warnings = places.date_warnings(place, day, precision, written.today)
        stage = str(final.to_stage)
        return _change(
            move.new_alias or label, stage, written.seqs, day, final.kind, implied, warnings,
            precision, stage_label(wf, stage), done_words(final, wf), written_version(row),
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
        """:meth:`record` with ``extra`` in the event's payload: a vote's tally and outcome.

        A milestone or vote on a solution two records share (``CMP264/265 WACM4``) is recorded
        on both, in one transaction: the rule core judges each, and one refusal refuses both."""
        given = {"on": on, "until": until, "meeting": meeting, "item": item, "actor": actor,
                 "note": note, "reason": override_reason(override)}  # fmt: skip
        with self._store.write() as conn:
            change, on_solution = self._milestone_in(
                conn, reference, milestone, extra, given, expected_version, None
            )
            vote = extra.get("vote")
            letter = on_solution or (vote.get("solution") if isinstance(vote, dict) else None)
            for other, _ in shared_moves(conn, self._lookup, reference, letter):
                self._milestone_in(conn, other, milestone, extra, given, None, on_solution)
            return change

    def _milestone_in(
        self, conn: Connection, reference: str, milestone: str, extra: dict[str, Any],
        given: dict[str, Any], expected_version: int | None, solution: str | None,
    ) -> tuple[Change, str | None]:  # fmt: skip
        """:meth:`record_milestone` on one record, in the write transaction ``conn``: the change
        and the letter of the solution it is recorded on (``solution``, else the one the
        reference names), None when on the record as a whole."""
        row, ref = self._lookup.find(conn, reference)
        label = self._lookup.label(row)
        check_version(row, label, expected_version)
        spec = _milestone_spec(self._lookup.workflow_of(row), milestone)
        place = places.place(conn, given["meeting"], given["item"])
        day, precision = places.when(given["on"], place)
        end = optional_date(given["until"], field="until")
        if end is not None and end < day:
            raise InvalidInput(f"{end} is before the start date {day}", field="until")
        payload: dict[str, Any] = dict(extra)
        if solution is None and ref.alternative and not row.alternative:  # on 0990A
            solution = f"{ref.alternative_label}{ref.alternative}"
        if solution:
            payload["solution"] = solution
        if given["reason"]:
            payload["override"] = given["reason"]
        draft = places.draft(
            "override" if given["reason"] else "milestone", day, place, given["actor"],
            given["note"], payload, precision, milestone=milestone, until=end, body=spec.body,
        )  # fmt: skip

        def refused(e: Event, state: ProposalState, verdict: Verdict) -> TransitionNotAllowed:
            return verdict.error(f"Cannot record {milestone!r} for {label}")

        written = self._recorder.append(
            conn, row, day, lambda _: [draft], label, (milestone,), refused
        )
        warnings = places.date_warnings(place, day, precision)
        change = Change(
            label, row.stage, written.seqs, day, written.events[0].kind, warnings=warnings,
            date_precision=precision, stage_label=self._lookup.stage_label(row, row.stage),
            what=done_words(written.events[0], self._lookup.workflow_of(row)),
            version=written_version(row),
        )  # fmt: skip
        return change, solution

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
                date_precision=precision, stage_label=self._lookup.stage_label(row, row.stage),
                version=written_version(row),
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


def _change(
    reference: str, stage: str, seqs: tuple[int, ...], occurred_on: dt.date, kind: str,
    implied: tuple[int, ...], warnings: tuple[str, ...], precision: str, label: str, what: str,
    version: int = 0,
) -> Change:  # fmt: skip
    """``Change(...)`` of every field, made without the frozen dataclass's ``__init__`` (ten
    fields set through ``object.__setattr__`` cost an advance some 14,000 instructions: see
    :func:`govflow.model.built`); ``tests/test_write_values.py`` holds the two equal."""
    return built(Change, {
        "reference": reference, "stage": stage, "seqs": seqs, "occurred_on": occurred_on,
        "kind": kind, "implied": implied, "warnings": warnings, "date_precision": precision,
        "stage_label": label, "what": what, "version": version,
    })  # fmt: skip


def _milestone_spec(wf: Workflow, milestone: str) -> Milestone:
    """The workflow's milestone ``milestone``, or a refusal naming the near misses."""
    spec = wf.milestone(milestone)
    if spec is None:
        names = [m.name for m in wf.milestones]
        raise InvalidInput(
            f"unknown milestone {milestone!r}{hint(milestone, names)} in workflow {wf.name!r}",
            remedy=Remedy("show_workflow", wf.name),
        )
    return spec
