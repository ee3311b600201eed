"""Decisions as the code records them: votes, the direction of a decision, alternative solutions.

* A **vote** is a milestone the workflow marks with ``vote: BODY``: it takes the tally per
  category, computes the outcome with the body's rule (:mod:`govflow.workflow.votes`) and stores
  both in the event; the outcome is then what ``vote`` requirements test.
* A transition with an ``outcome`` records a **decision with a direction**: approve or reject
  (fixed by the workflow), or ``as_voted`` (a recommendation: the way the latest vote went, or the
  way the recorder says when no vote is on record). For a proposal with alternatives an approval
  names the **solution** chosen.
* An **alternative solution** (MP122A) is raised within its proposal's record: it shares its
  stages, consultations and report, and ``MP122A`` resolves to that record.

Every one is an event judged by the rule core (:mod:`govflow.workflow.rules`) and written through
the :class:`~govflow.records.recording.Recorder`, like the rest of the record.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from govflow.errors import InvalidInput, NotFound, TransitionNotAllowed
from govflow.model import Event
from govflow.records import places
from govflow.records.lookup import Lookup, check_version, state_of, written_version
from govflow.records.proposals import ProposalWrites
from govflow.records.raising import override_reason
from govflow.records.recording import Recorder
from govflow.records.shared import shared_labels
from govflow.store import tables
from govflow.store.rows import ProposalRecord
from govflow.store.session import Store
from govflow.views import Change
from govflow.workflow.definition import Workflow
from govflow.workflow.directions import solution_label, solution_letter
from govflow.workflow.state import ProposalState
from govflow.workflow.verdict import Verdict
from govflow.workflow.votes import Result, checked_tally, decide


class Decisions:
    """Votes and alternative solutions, recorded within a proposal's record."""

    def __init__(
        self, store: Store, lookup: Lookup, recorder: Recorder, writes: ProposalWrites
    ) -> None:
        self._store = store
        self._lookup = lookup
        self._recorder = recorder
        self._writes = writes

    def vote(
        self,
        reference: str,
        tally: dict[str, dict[str, int]],
        *,
        casting: str | None = None,
        solution: str | None = None,
        unanimous: bool = False,
        milestone: str | None = None,
        on: str | dt.date | None = None,
        meeting: str | None = None,
        item: str | None = None,
        actor: str | None = None,
        note: str | None = None,
        override: str | None = None,
        expected_version: int | None = None,
    ) -> Change:
        """Record a vote: the tally per category (``{"Large Supplier": {"for": 9, "against": 2,
        "abstain": 1, "absent": 1}, ...}``), the outcome its body's rule gives, and both stored.
        ``casting`` is the chair's casting vote on a tie (approve or reject). ``solution``
        names the solution voted on (``MP122A``, or the original ``MP122``): a record with
        alternatives is voted on solution by solution. ``unanimous`` records a unanimous vote for
        without counts (give no tally)."""
        with self._store.read() as conn:
            row, ref = self._lookup.find(conn, reference)
        wf = self._lookup.workflow_of(row)
        if solution is None and ref.alternative and not row.alternative:
            solution = reference  # a vote on MP122A is on that solution
        label = self._lookup.label(row)
        name = _vote_milestone(wf, row.stage, milestone, label)
        voting = wf.voting(wf.milestone(name).vote)  # type: ignore[union-attr]
        assert voting is not None  # the loader checks a vote milestone names a voting body
        if unanimous:
            if tally:
                raise InvalidInput(
                    "a unanimous vote is recorded without a tally, or give the tally"
                )
            counts, result = None, Result("approve", "unanimous, as recorded (no counts)")
        else:
            counts = checked_tally(voting, tally)
            result = decide(voting, counts, casting)
        vote: dict[str, Any] = {
            "body": voting.body, "rule": voting.rule.kind, "tally": counts,
            "outcome": result.outcome, "reason": result.reason, "casting": casting,
        }  # fmt: skip
        if solution is not None:
            vote["solution"] = solution_letter(state_of(row), label, solution)
        extra = {"vote": vote}
        return self._writes.record_milestone(
            reference, name, extra, on=on, meeting=meeting, item=item, actor=actor, note=note,
            override=override, expected_version=expected_version,
        )  # fmt: skip

    def raise_alternative(
        self,
        reference: str,
        *,
        title: str,
        letter: str | None = None,
        on: str | dt.date | None = None,
        meeting: str | None = None,
        item: str | None = None,
        actor: str | None = None,
        note: str | None = None,
        override: str | None = None,
        expected_version: int | None = None,
    ) -> Change:
        """Raise an alternative solution within a proposal's record (the Working Group's, in
        Refinement, usually): ``MP122`` with letter ``A`` (or the reference ``MP122A``). It
        shares the proposal's stages, consultations and report, and its reference resolves to
        the proposal. When and by whom it may be raised is the workflow's rule (``alternatives``;
        ``actor`` is who raised it); an ``override`` reason sets that rule aside."""
        reason = override_reason(override)
        base, letter = _split(self._lookup, reference, letter)
        if not title.strip():
            raise InvalidInput("an alternative solution needs a title")
        first, others = shared_labels(self._lookup, reference)
        holders = [first, *others] if others else [base]
        given = {"title": title.strip(), "on": on, "meeting": meeting, "item": item,
                 "actor": actor, "note": note, "reason": reason}  # fmt: skip
        with self._store.write() as conn:  # a shared one (CMP264/265 WACM4): on each record
            if expected_version is not None:  # the record asked for (the first, when shared)
                row, _ = self._lookup.find(conn, holders[0])
                check_version(row, self._lookup.label(row), expected_version)
            changes = [
                self._raise_on(conn, holder, letter, [h for h in holders if h != holder], given)
                for holder in holders
            ]
            return changes[0]

    def _raise_on(
        self, conn: Any, base: str, letter: str, shared_with: list[str], given: dict[str, Any]
    ) -> Change:
        """The alternative ``letter`` raised within ``base``'s record (and shared with the
        records ``shared_with`` names, when any), in the write transaction ``conn``."""
        row, _ = self._lookup.find(conn, base)
        label = self._lookup.label(row)
        if row.alternative:
            raise InvalidInput(f"{label} is itself an alternative: raise it within its own")
        _not_a_proposal(conn, self._lookup, row, letter, label)
        place = places.place(conn, given["meeting"], given["item"])
        day, precision = places.when(given["on"], place)
        payload: dict[str, Any] = {"solution": letter, "title": given["title"]}
        if shared_with:
            payload["shared_with"] = shared_with
        if given["reason"] is not None:
            payload["override"] = given["reason"]
        draft = places.draft("alternative", day, place, given["actor"], given["note"], payload,
                             precision)  # fmt: skip
        named = solution_label(label, letter)

        def refused(e: Event, state: ProposalState, verdict: Verdict) -> TransitionNotAllowed:
            return verdict.error(f"Cannot raise alternative {named}")

        written = self._recorder.append(conn, row, day, lambda _: [draft], label, (), refused)
        tables.add_alias(conn, row.id, named, "alternative")
        return Change(label, row.stage, written.seqs, day, "alternative",
                      stage_label=self._lookup.stage_label(row, row.stage),
                      version=written_version(row))  # fmt: skip


def _vote_milestone(wf: Workflow, stage: str, named: str | None, label: str) -> str:
    """The vote milestone named, or the workflow's only one, or the one its stage names."""
    votes = [m for m in wf.milestones if m.vote]
    if len(votes) > 1:  # those recorded in the stage, else those recorded in any stage
        votes = [m for m in votes if stage in m.states] or [m for m in votes if not m.states]
    if named is not None:
        spec = wf.milestone(named)
        if spec is None or not spec.vote:
            known = ", ".join(m.name for m in wf.milestones if m.vote) or "none"
            raise InvalidInput(f"{named!r} is not a vote in {wf.name}; votes: {known}")
        return named
    if len(votes) != 1:
        found = ", ".join(m.name for m in votes) or "none"
        raise InvalidInput(
            f"{label} is in {stage!r}: name the vote (votes possible there: {found})"
        )
    return votes[0].name


def _split(lookup: Lookup, reference: str, letter: str | None) -> tuple[str, str]:
    ref = lookup.parse(reference)
    found = (letter or ref.alternative or "").upper().strip()
    numbered = bool(ref.alternative_label) or (
        not ref.alternative and bool(lookup.alternative_label(ref))
    )  # fmt: skip
    if numbered:  # kept with its label: WACM4
        if not (found.isdigit() and len(found) <= 2 and int(found) > 0):
            raise InvalidInput(f"name the alternative by its number: {reference} WACM1, or '1'")
        found = f"{lookup.alternative_label(ref)}{found}"
    if not numbered and (len(found) != 1 or not found.isalpha()):
        raise InvalidInput(f"name the alternative by its letter: {reference}A, or letter 'A'")
    if ref.alternative and letter and ref.alternative != found:
        raise InvalidInput(f"{reference} and letter {letter!r} disagree")
    return lookup.original_of(ref), found


def _not_a_proposal(
    conn: Any, lookup: Lookup, row: ProposalRecord, letter: str, label: str
) -> None:
    """A database made before alternatives belonged to their proposal may hold MP122A as a
    proposal of its own: raising it again within MP122 would make one reference two records."""
    try:
        other = tables.proposal(conn, [row.scheme], row.number, letter)
    except NotFound:
        return
    raise InvalidInput(f"{lookup.label(other)} is already a proposal of its own, beside {label}")
