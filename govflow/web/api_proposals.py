"""``/api/proposals``: the register, one proposal's story and rules, and the writes that move it.

Reads follow the ``reading`` setting; writes need a ``secretariat`` token, whose name is
recorded as each event's actor. Every write is one transaction. A write may name the version
of the proposal it was decided on (``expected_version``, the ``version`` a read or the previous
write returned), checked in the write's own transaction: when another write got there first,
the answer is 409 ``StaleProposal`` with the proposal's ``current`` reference, stage and
version, and nothing is written. Two moves of one proposal from one stage never both succeed,
named version or not: the store's versioned update lets one win and refuses the other.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, status
from pydantic import BaseModel, ConfigDict

from govflow.service import Govflow
from govflow.views import Change
from govflow.web.deps import Reader, Secretariat, Service

router = APIRouter(prefix="/api/proposals", tags=["proposals"])

JSON = dict[str, Any]
Limit = Annotated[int | None, Query(ge=1, description="At most this many (default: all).")]


_STRICT = ConfigDict(extra="forbid")  # an unknown field is a mistake to report, not to drop


class RaiseBody(BaseModel):
    model_config = _STRICT
    reference: str
    title: str
    workflow: str | None = None
    proposer: str | None = None
    on: str | None = None
    path: int | None = None
    fast_track: bool = False
    urgent: bool = False
    stage: str | None = None
    meeting: str | None = None
    item: str | None = None
    note: str | None = None
    override: str | None = None


class AdvanceBody(BaseModel):
    model_config = _STRICT
    trigger: str | None = None
    to: str | None = None
    on: str | None = None
    meeting: str | None = None
    item: str | None = None
    note: str | None = None
    override: str | None = None
    outcome: str | None = None
    solution: str | None = None
    expected_version: int | None = None


class RecordBody(BaseModel):
    model_config = _STRICT
    milestone: str
    on: str | None = None
    until: str | None = None
    meeting: str | None = None
    item: str | None = None
    note: str | None = None
    override: str | None = None
    expected_version: int | None = None


class LinkBody(BaseModel):
    model_config = _STRICT
    meeting: str
    item: str | None = None
    spelling: str | None = None
    note: str | None = None
    on: str | None = None
    expected_version: int | None = None


class CorrectBody(BaseModel):
    model_config = _STRICT
    seq: int
    note: str
    changes: dict[str, Any] | None = None
    expected_version: int | None = None


def _written(gf: Govflow, change: Change) -> JSON:
    """The Change, with the proposal's ``version`` after it (for the next write)."""
    return change.to_dict() | {"version": gf.proposal(change.reference).version}


@router.get("", summary="The proposals, or the register as it stood on a day")
def list_proposals(
    gf: Service, _: Reader, stage: str | None = None, workflow: str | None = None,
    committee: str | None = None, since: str | None = None, until: str | None = None,
    as_of: str | None = None, known_on: str | None = None, limit: Limit = None,
) -> list[JSON]:  # fmt: skip
    """Filters as ``govflow proposal list``; ``as_of``/``known_on`` give Register rows."""
    if as_of is None and known_on is None:
        views = gf.proposals(stage=stage, workflow=workflow, committee=committee, since=since,
                             until=until, limit=limit)  # fmt: skip
        return [v.to_dict() for v in views]
    rows = [
        r for r in gf.register(as_of, known_on=known_on)
        if (stage is None or r.stage == stage) and (workflow is None or r.workflow == workflow)
    ]  # fmt: skip
    return [r.to_dict() for r in (rows[:limit] if limit else rows)]


@router.get("/{reference}", summary="One proposal (now, or as of a day)")
def show(
    reference: str, gf: Service, _: Reader, as_of: str | None = None, known_on: str | None = None
) -> JSON:
    return gf.proposal(reference, as_of=as_of, known_on=known_on).to_dict()


@router.get("/{reference}/history", summary="A proposal's events")
def history(
    reference: str, gf: Service, _: Reader, as_of: str | None = None,
    known_on: str | None = None, as_recorded: bool = False,
) -> list[JSON]:  # fmt: skip
    events = gf.history(reference, as_of=as_of, known_on=known_on, as_recorded=as_recorded)
    return [e.to_dict() for e in events]


@router.get("/{reference}/next", summary="What can happen now, and what is blocked and why")
def next_steps(reference: str, gf: Service, _: Reader, on: str | None = None) -> JSON:
    """Each transition judged as an advance dated ``on`` (default today) would be."""
    return gf.next_steps(reference, on=on).to_dict()


@router.get("/{reference}/deadlines", summary="A proposal's deadlines")
def deadlines(reference: str, gf: Service, _: Reader, open_only: bool = True) -> list[JSON]:
    return [d.to_dict() for d in gf.deadlines(reference, open_only=open_only)]


@router.post("", status_code=status.HTTP_201_CREATED, summary="Raise a proposal")
def raise_proposal(body: RaiseBody, gf: Service, who: Secretariat) -> JSON:
    fields = body.model_dump(exclude={"reference"})
    with gf.transaction():
        return _written(gf, gf.raise_proposal(body.reference, actor=who.name, **fields))


@router.post("/{reference}/advance", summary="Move a proposal (by trigger, or to a stage)")
def advance(reference: str, body: AdvanceBody, gf: Service, who: Secretariat) -> JSON:
    fields = body.model_dump(exclude={"trigger"})
    with gf.transaction():
        return _written(gf, gf.advance(reference, body.trigger, actor=who.name, **fields))


@router.post("/{reference}/record", summary="Record a milestone")
def record(reference: str, body: RecordBody, gf: Service, who: Secretariat) -> JSON:
    fields = body.model_dump(exclude={"milestone"})
    with gf.transaction():
        return _written(gf, gf.record(reference, body.milestone, actor=who.name, **fields))


@router.post("/{reference}/link", summary="Tie a proposal to a meeting's agenda item")
def link(reference: str, body: LinkBody, gf: Service, who: Secretariat) -> JSON:
    with gf.transaction():
        return _written(gf, gf.link(reference, actor=who.name, **body.model_dump()))


@router.post("/{reference}/corrections", summary="Correct an event (the chain keeps both)")
def correct(reference: str, body: CorrectBody, gf: Service, who: Secretariat) -> JSON:
    fields = body.model_dump(exclude={"seq"})
    with gf.transaction():
        return _written(gf, gf.correct(reference, body.seq, actor=who.name, **fields))
