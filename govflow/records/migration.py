"""Moving a workflow version's open proposals to a later version (``govflow workflow migrate``).

The new version declares how (``migrates_from``, :mod:`govflow.workflow.migrates`). Each moved
proposal gets a ``migrated`` event in its chain and is pinned to the new version; the replay
(:mod:`govflow.workflow.replay`) runs its earlier facts under the old rules and switches at that
event; the rule core judges the migration itself (the mapping must say so). Closed proposals (in
a terminal stage) stay pinned to the old version. All or nothing: a single open proposal in a
stage with no mapping refuses the whole run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from govflow.errors import InvalidInput, StaleProposal, TransitionNotAllowed
from govflow.model import Event
from govflow.records import definitions, places
from govflow.records.lookup import Lookup, state_of
from govflow.records.recording import Recorder
from govflow.store import migration_rows, tables
from govflow.store.rows import ProposalRecord
from govflow.store.session import Connection, Store
from govflow.views import MigrationView
from govflow.workflow.definition import Workflow
from govflow.workflow.rules import in_force
from govflow.workflow.step import step


class Migration:
    """Moves open proposals between versions of a workflow."""

    def __init__(self, store: Store, lookup: Lookup, recorder: Recorder) -> None:
        self._store = store
        self._lookup = lookup
        self._recorder = recorder

    def migrate(
        self,
        name: str,
        from_version: int,
        to_version: int,
        *,
        dry_run: bool = False,
        on: str | dt.date | None = None,
        actor: str | None = None,
        note: str | None = None,
    ) -> MigrationView:
        """Move the open proposals of ``name`` version ``from_version`` to ``to_version`` by the
        stage mapping that version declares; ``dry_run`` only says what would move and what
        cannot. Refused as a whole (nothing written) when an open proposal's stage has no
        mapping."""
        registry = self._lookup.registry
        old, new = registry.get(name, from_version), registry.get(name, to_version)
        stages = new.migrates_from.get(from_version)
        if stages is None:
            raise InvalidInput(
                f"{name} version {to_version} declares no migration from version "
                f"{from_version}: add `migrates_from` with version {from_version}'s stages to "
                f"its file ({new.source})"
            )
        day, precision = places.when(on, places.Place())
        early = [r.message for r in in_force(new, day)]  # the rule core's rule, asked first
        if early:
            raise TransitionNotAllowed(
                f"cannot migrate {name} version {from_version} to {to_version} on {day}: "
                f"{'; '.join(early)}. Nothing was changed.",
                early,
            )
        with self._store.write() as conn:
            rows = migration_rows.pinned_to(conn, name, from_version)
            moved, refused, pinned = _plan(conn, self._lookup, (old, new), stages, rows, day)
            view = MigrationView(name, from_version, to_version, dry_run, tuple(moved),
                                 tuple(refused), tuple(pinned))  # fmt: skip
            if dry_run:
                return view
            if refused:
                raise _refusal(view)
            fingerprint = definitions.pin(conn, new)
            movable = {ref for ref, _, _ in moved}
            for row in rows:
                if self._lookup.label(row) in movable:
                    self._move(conn, row, old, new, stages[row.stage], fingerprint,
                               (day, precision, actor, note))  # fmt: skip
            return view

    def _move(
        self, conn: Connection, row: ProposalRecord, old: Workflow, new: Workflow, stage: str,
        fingerprint: str, entry: tuple[dt.date, str, str | None, str | None],
    ) -> None:  # fmt: skip
        day, precision, actor, note = entry
        if not migration_rows.repin(conn, row, new.version):  # written since read: start again
            raise StaleProposal(self._lookup.label(row), row.stage)
        row = tables.proposal_by_id(conn, row.id)
        payload = {
            "workflow": new.name, "from_version": old.version, "to_version": new.version,
            "fingerprint": fingerprint,
        }  # fmt: skip
        spec = new.state(stage)
        draft = places.draft("migrated", day, places.Place(), actor, note, payload, precision,
                             from_stage=row.stage, to_stage=stage,
                             body=spec.body if spec is not None else None)  # fmt: skip
        self._recorder.rederive(conn, row, [draft], self._lookup.label(row), day, amended=False)


def _closed(wf: Workflow, stage: str) -> bool:
    state = wf.state(stage)
    return state is not None and state.terminal


def _plan(
    conn: Connection,
    lookup: Lookup,
    versions: tuple[Workflow, Workflow],
    stages: Mapping[str, str],
    rows: Sequence[ProposalRecord],
    day: dt.date,
) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]], list[str]]:
    """What moves (reference, old stage, new stage), what cannot (reference, stage, why) and
    what stays pinned (the closed proposals). Each open proposal's ``migrated`` event is judged
    by the rule core, as the move will be; one dated before the proposal's latest event is not
    made (a migration is never a late entry)."""
    old, new = versions
    moved: list[tuple[str, str, str]] = []
    refused: list[tuple[str, str, str]] = []
    pinned: list[str] = []
    for row in rows:
        label = lookup.label(row)
        if _closed(old, row.stage):
            pinned.append(label)
        elif row.head_occurred_on > day:
            why = f"its latest event is dated {row.head_occurred_on}, after the migration"
            refused.append((label, row.stage, why))
        else:
            # an unmapped stage is drafted as staying where it is: the rule core refuses it,
            # naming the mapping that is missing
            to = stages.get(row.stage, row.stage)
            versions_of = {"from_version": old.version, "to_version": new.version}
            draft = Event(kind="migrated", occurred_on=day, from_stage=row.stage, to_stage=to,
                          payload=versions_of)  # fmt: skip
            _, verdict = step(lookup.rules(conn, row), state_of(row), draft)
            if verdict.allowed:
                moved.append((label, row.stage, stages[row.stage]))
            else:
                refused.append((label, row.stage, "; ".join(verdict.messages)))
    return moved, refused, pinned


def _refusal(view: MigrationView) -> TransitionNotAllowed:
    listed = "; ".join(f"{ref} in {stage!r} ({why})" for ref, stage, why in view.refused)
    return TransitionNotAllowed(
        f"cannot migrate {view.workflow} version {view.from_version} to {view.to_version}: "
        f"{listed}. Nothing was changed. Add the stages to `migrates_from` in version "
        f"{view.to_version} (or move the proposals first), and date the migration on or after "
        "each one's latest event",
        [f"{ref}: {reason}" for ref, _, reason in view.refused],
    )
