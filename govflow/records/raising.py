"""Raising a proposal: a new history in the stage its reference's prefix enters, under the
workflow version in force on the day it was raised."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from govflow.dates import bounds, in_range
from govflow.errors import AlreadyExists, InvalidInput, Remedy, UnknownWorkflow, hint
from govflow.records import definitions, places
from govflow.records.closures import calendar_of
from govflow.records.lookup import Lookup, written_version
from govflow.store import derived, new_proposals, tables
from govflow.store.session import Store
from govflow.views import Change
from govflow.workflow import routes
from govflow.workflow.definition import Workflow, route_name
from govflow.workflow.references import Ref
from govflow.workflow.state import ProposalState
from govflow.workflow.step import step


def override_reason(override: str | None) -> str | None:
    """An override's reason, stripped; refused when blank."""
    if override is not None and not override.strip():
        raise InvalidInput("an override needs a reason: say why the rule is set aside")
    return override.strip() if override else None


class ProposalRaising:
    """Registers new proposals."""

    def __init__(self, store: Store, lookup: Lookup) -> None:
        self._store = store
        self._lookup = lookup
        self._registry = lookup.registry

    def raise_proposal(
        self,
        reference: str,
        *,
        title: str,
        workflow: str | None = None,
        proposer: str | None = None,
        on: str | dt.date | None = None,
        route: str | int | None = None,
        flags: Sequence[str] = (),
        path: str | int | None = None,
        fast_track: bool = False,
        urgent: bool = False,
        stage: str | None = None,
        meeting: str | None = None,
        item: str | None = None,
        actor: str | None = None,
        note: str | None = None,
        override: str | None = None,
    ) -> Change:
        """Register a new proposal in the stage its prefix enters (or ``stage``, by override).

        ``route`` and ``flags`` are names the workflow declares; ``path`` is another spelling of
        ``route``, and ``fast_track=True``/``urgent=True`` of those flags (conveniences).
        """
        if route is not None and path is not None and route_name(route) != route_name(path):
            raise InvalidInput(f"route {route!r} and path {path!r} disagree: give one")
        ref = self._lookup.parse(reference)
        if not title.strip():
            raise InvalidInput("a proposal needs a title")
        reason = override_reason(override)
        with self._store.write() as conn:
            place = places.place(conn, meeting, item)
            day, precision = places.when(on, place)
            # the raise opens the history: the first day it may be (a month's, "between"'s)
            day = in_range(bounds(day, precision)[0] or day, "date")
            wf = self._workflow_for(ref, workflow, day, legacy=reason is not None)
            start = self._entry_stage(wf, ref, stage)
            path = routes.check_route(wf, path if route is None else route)
            more, _ = routes.convenience_flags(fast_track=fast_track, urgent=urgent)
            marked = wf.references.flags_marked(ref.marks)  # 0701FT: fast_track
            flag_names = routes.check_flags(wf, [*flags, *more, *marked])
            scheme = wf.references.code
            pinned = definitions.pin(conn, wf)
            existing = new_proposals.existing(conn, scheme, ref.number, ref.alternative)
            if existing is not None:
                written = self._lookup.written(
                    wf.name, wf.version, existing.prefix, ref.number, ref.alternative
                )
                raise AlreadyExists(
                    f"{written} already exists (in {existing.stage!r})",
                    remedy=Remedy("show_proposal", reference),
                )
            payload: dict[str, Any] = {
                "title": title.strip(), "proposer": proposer, "workflow": wf.name,
                "workflow_version": wf.version, "reference": ref.display(self._width(wf, ref)),
                "path": path, "flags": flag_names, "workflow_fingerprint": pinned,
            }  # fmt: skip
            if reason:
                payload["override"] = reason
            if day < wf.in_force_from:
                payload["pinned"] = (
                    f"raised before version {wf.version} came into force ({wf.in_force_from}); "
                    "pinned to it, the earliest version defined"
                )
            # Who raised it is on record only as its meeting's committee (when raised at one):
            # the stage's body is the workflow's, not the record's.
            draft = replace(
                places.draft("raised", day, place, actor, note, payload, precision,
                             to_stage=start, body=place.committee),
                seq=1,
            )  # fmt: skip
            rules = self._registry.rules(wf.name, lambda: calendar_of(conn))
            state, verdict = step(rules, ProposalState(), draft)
            if not verdict.allowed:
                error = verdict.error(f"Cannot raise {ref.spelling} in {start!r}")
                if all(r.waivable for r in verdict.refused):
                    error.args = (f"{error} To record a legacy proposal as it stood, give an "
                                  "override reason.",)  # fmt: skip
                raise error
            row = new_proposals.add(
                conn, scheme=scheme, number=ref.number, alternative=ref.alternative,
                title=title.strip(), workflow=wf.name, workflow_version=wf.version,
                head_seq=0, head_hash="", head_occurred_on=day, version=1,
                **{**state.row_values(), "prefix": ref.prefix},
            )  # fmt: skip
            new_id = row.id
            tables.add_alias(conn, new_id, ref.spelling, "raised")
            head = tables.commit_events(conn, row, [draft])
            derived.replace_deadlines(conn, new_id, state.deadlines)
            warnings = places.date_warnings(place, day, precision)
            label = self._lookup.marked(row)
            return Change(
                label, start, (head.seq,), day, "raised", warnings=warnings,
                date_precision=precision, stage_label=self._lookup.stage_label(row, start),
                version=written_version(row),
            )  # fmt: skip

    def _workflow_for(
        self, ref: Ref, name: str | None, day: dt.date, legacy: bool = False
    ) -> Workflow:
        """The workflow version in force on ``day``. A legacy record (raised with an override
        reason) dated before every defined version is pinned to the earliest one."""
        if name is None:
            candidates = self._registry.for_prefix(ref.prefix)
            if len(candidates) != 1:
                names = ", ".join(wf.name for wf in candidates)
                raise UnknownWorkflow(
                    f"several workflows use the prefix {ref.prefix} ({names})",
                    remedy=Remedy("choose_workflow"),
                )
            name = candidates[0].name
        try:
            wf = self._registry.get(name, on=day)
        except UnknownWorkflow as exc:
            if not legacy or day > self._registry.get(name).in_force_from:
                raise UnknownWorkflow(
                    f"{exc}; to record a legacy proposal raised before then, give an override "
                    "reason (it is pinned to the earliest version)"
                ) from None
            wf = min(
                (self._registry.get(name, v) for v in self._registry.versions(name)),
                key=lambda w: w.in_force_from,
            )
        if wf.references.prefix(ref.prefix) is None:
            prefixes = ", ".join(p.prefix for p in wf.references.prefixes)
            raise InvalidInput(
                f"workflow {wf.name!r} does not use the prefix {ref.prefix}; its prefixes: "
                f"{prefixes}"
            )
        return wf

    @staticmethod
    def _width(wf: Workflow, ref: Ref) -> int:
        prefix = wf.references.prefix(ref.prefix)
        return prefix.width if prefix else 0

    @staticmethod
    def _entry_stage(wf: Workflow, ref: Ref, stage: str | None) -> str:
        """The stage named (which must exist), else the first its prefix enters; whether it may
        be raised there is the rule core's to judge."""
        prefix = wf.references.prefix(ref.prefix)
        entry = prefix.entry if prefix and prefix.entry else (wf.initial,)
        if stage is None:
            return entry[0]
        if wf.state(stage) is None:
            raise InvalidInput(
                f"unknown stage {stage!r}{hint(stage, wf.state_names)}; stages of {wf.name}: "
                f"{', '.join(wf.state_names)}"
            )
        return stage
