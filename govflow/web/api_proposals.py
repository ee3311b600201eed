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

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request, Response, status
from pydantic import BaseModel

from govflow.service import Govflow
from govflow.views import Change, RegisterRow
from govflow.web import models as m
from govflow.web.answers import answer
from govflow.web.deps import (
    Reader,
    Reference,
    Secretariat,
    Service,
    caller,
    check_reference,
    reader,
)
from govflow.web.problems import responses
from govflow.web.wording import warned

router = APIRouter(prefix="/api/proposals", tags=["proposals"])
portfolio_router = APIRouter(prefix="/api", tags=["proposals"])

JSON = dict[str, Any]
Limit = Annotated[
    m.PositiveParameter | None, Query(description="At most this many (default: all).")
]
After = Annotated[
    str | None,
    Query(max_length=40, description="The proposals after this reference, in reference order "
                                     "(the next page: the Link header gives it)."),
]  # fmt: skip
_READ = responses(404, 422)
_WRITE = responses(403, 404, 409, 413, 422)


class RaiseBody(BaseModel):
    model_config = m.Strict
    reference: m.Name  # its pattern comes from the loaded workflows (see app.py)
    title: m.Title
    workflow: m.WorkflowName | None = None
    proposer: m.Name | None = None
    on: m.When | None = None
    path: m.Path | None = None
    fast_track: m.Flag = False
    urgent: m.Flag = False
    stage: m.Identifier | None = None
    meeting: m.MeetingCode | None = None
    item: m.ItemNumber | None = None
    note: m.Text | None = None
    override: m.Text | None = None


class AdvanceBody(BaseModel):
    model_config = m.Strict
    trigger: m.Identifier | None = None
    to: m.Name | None = None  # a stage's name or its label ("Pending Implementation")
    on: m.When | None = None
    meeting: m.MeetingCode | None = None
    item: m.ItemNumber | None = None
    note: m.Text | None = None
    override: m.Text | None = None
    outcome: Literal["approve", "reject"] | None = None
    solution: m.Name | None = None
    expected_version: m.Positive | None = None


class RecordBody(BaseModel):
    model_config = m.Strict
    milestone: m.Identifier
    on: m.When | None = None
    until: m.Day | None = None
    meeting: m.MeetingCode | None = None
    item: m.ItemNumber | None = None
    note: m.Text | None = None
    override: m.Text | None = None
    expected_version: m.Positive | None = None


#: A proposal's status in a release (RELEASE_STATUSES of govflow.workflow.rules; a test holds them
#: equal): ``not_yet_determined`` is SECAS's "Not yet determined", on the release the target left.
ReleaseStatus = Literal["targeted", "approved", "implemented", "withdrawn", "not_yet_determined"]


class ReleaseBody(BaseModel):
    model_config = m.Strict
    release: m.Name
    status: ReleaseStatus = "targeted"
    release_date: m.Day | None = None
    moved_from: m.Name | None = None
    on: m.When | None = None
    meeting: m.MeetingCode | None = None
    item: m.ItemNumber | None = None
    note: m.Text | None = None


class LinkBody(BaseModel):
    model_config = m.Strict
    meeting: m.MeetingCode
    item: m.ItemNumber | None = None
    spelling: m.Name | None = None
    note: m.Text | None = None
    on: m.When | None = None
    expected_version: m.Positive | None = None


class Changes(BaseModel):
    """What a correction changes (as ``proposal correct``): each key given replaces the
    event's value; ``recorded_in_error`` strikes the event out."""

    model_config = m.Strict
    occurred_on: m.When | None = None
    until: m.When | None = None
    actor: m.Name | None = None
    note: m.Text | None = None
    meeting: m.MeetingCode | None = None
    item: m.ItemNumber | None = None
    recorded_in_error: Literal[True] | None = None


class CorrectBody(BaseModel):
    model_config = m.Strict
    seq: m.Positive
    note: m.Text
    changes: Changes | None = None
    expected_version: m.Positive | None = None


def written_answer(gf: Govflow, change: Change) -> JSON:
    """The Change, with the proposal's ``version`` after it (for the next write: the one the
    write made, which it carries; read only when a write does not say), its warnings in the
    API's terms."""
    version = change.version or gf.proposal_version(change.reference)
    out = change.to_dict() | {"version": version}
    out["warnings"] = [warned(w) for w in change.warnings]
    return out


_LISTED = m.either(m.many(m.Proposal), m.many(m.RegisterRow))


@router.get("", summary="The proposals, or the register as it stood on a day",
            response_model=_LISTED, responses=_READ)  # fmt: skip
def list_proposals(
    request: Request, response: Response, gf: Service, _: Reader,
    stage: m.Identifier | None = None, workflow: m.WorkflowName | None = None,
    committee: m.CommitteeCode | None = None, since: m.Day | None = None,
    until: m.Day | None = None, as_of: m.Day | None = None, known_on: m.Instant | None = None,
    limit: Limit = None, after: After = None,
) -> list[JSON]:  # fmt: skip
    """Filters as ``govflow proposal list``; ``as_of``/``known_on`` give Register rows. In
    reference order; with ``limit``, a page, and a ``Link`` header (``rel="next"``) to the next
    page (``after`` the last proposal of this one) when the page is full (for the register: when
    proposals follow the last one this page looked at)."""
    if after is not None:
        check_reference(request, after, "after")
    following = None
    if as_of is None and known_on is None:
        views = gf.proposals(stage=stage, workflow=workflow, committee=committee, since=since,
                             until=until, limit=limit, after=after)  # fmt: skip
        found = [v.to_dict() for v in views]
        if limit and len(found) == limit:
            following = found[-1]["reference"]
    else:

        def keeps(r: RegisterRow) -> bool:
            return stage is None or r.stage == stage

        # a page read as a page (the register paged in SQL); without a limit, every row
        size = limit or max(1, gf.proposal_count())
        page = gf.register_page(as_of, known_on=known_on, workflow=workflow,
                                stages=None if stage is None else {stage}, keeps=keeps,
                                after=after, limit=size)  # fmt: skip
        found, following = [r.to_dict() for r in page.rows], page.after if limit else None
    if following is not None:
        link = request.url.include_query_params(after=following)
        response.headers["Link"] = f'<{link}>; rel="next"'
    return found


@router.get("/{reference}", summary="One proposal (now, or as of a day)",
            response_model=m.Proposal, responses=_READ)  # fmt: skip
def show(
    request: Request, reference: Reference, as_of: m.Day | None = None,
    known_on: m.Instant | None = None,
) -> Response:  # fmt: skip
    # The Govflow (as ``Service`` gives it) and the caller taken here, in the route's thread,
    # not solved as FastAPI dependencies on every request (neither is in the OpenAPI document).
    gf: Govflow = request.app.state.govflow
    with gf.snapshot():  # the caller's token, the reading setting, the proposal: one read
        reader(caller(request, gf), gf)
        view = gf.proposal(reference, as_of=as_of, known_on=known_on)
    return answer(request, view.to_dict())  # validated and written here: no second hop


@router.get("/{reference}/history", summary="A proposal's events",
            response_model=m.many(m.Event), responses=_READ)  # fmt: skip
def history(
    reference: Reference, gf: Service, _: Reader, as_of: m.Day | None = None,
    known_on: m.Instant | None = None, as_recorded: bool = False,
) -> list[JSON]:  # fmt: skip
    events = gf.history(reference, as_of=as_of, known_on=known_on, as_recorded=as_recorded)
    return [e.to_dict() for e in events]


@router.get("/{reference}/next", summary="What can happen on a day, and what is blocked and why",
            response_model=m.NextSteps, responses=_READ)  # fmt: skip
def next_steps(reference: Reference, gf: Service, _: Reader, on: m.Day | None = None) -> JSON:
    """Each transition judged as an advance dated ``on`` (default today) would be."""
    return gf.next_steps(reference, on=on).to_dict()


@router.get("/{reference}/plan", summary="What happens next, and when at the earliest",
            response_model=m.Plan, responses=responses(404, 409, 422))  # fmt: skip
def plan(
    reference: Reference, gf: Service, _: Reader, as_of: m.Day | None = None,
    known_on: m.Instant | None = None, on: m.Day | None = None,
    assume: Annotated[list[m.Name] | None, Query(alias="if", description=(
        "A step to plan as if it happened: 'send_to_report on 2021-07-16' (repeatable); "
        "nothing is written."))] = None,
    target: Annotated[list[m.Name] | None, Query(description=(
        "A release to check: is it reachable, and if not which step makes it late "
        "(repeatable)."))] = None,
) -> JSON:  # fmt: skip
    """The remaining steps to a decision and to implementation, each with its earliest date and
    the reason for it (docs/planning.md): from ``on`` (default today), or as it stood on
    ``as_of`` (as recorded by ``known_on``)."""
    found = gf.plan(reference, as_of=as_of, known_on=known_on, today=on, assume=assume or [],
                    target=target or [])  # fmt: skip
    return found.to_dict()


@router.get("/{reference}/deadlines", summary="A proposal's deadlines",
            response_model=m.many(m.DueItem), responses=_READ)  # fmt: skip
def deadlines(reference: Reference, gf: Service, _: Reader, open_only: bool = True) -> list[JSON]:
    return [d.to_dict() for d in gf.deadlines(reference, open_only=open_only)]


@router.post("", status_code=status.HTTP_201_CREATED, summary="Raise a proposal",
             response_model=m.Written, responses=_WRITE)  # fmt: skip
def raise_proposal(request: Request, body: RaiseBody, gf: Service, who: Secretariat) -> Response:
    reference = check_reference(request, body.reference, "reference")
    fields = body.model_dump(exclude={"reference"})
    with gf.transaction():
        out = written_answer(gf, gf.raise_proposal(reference, actor=who.name, **fields))
    return answer(request, out)


@router.post("/{reference}/advance", summary="Move a proposal (by trigger, or to a stage)",
             response_model=m.Written, responses=_WRITE)  # fmt: skip
def advance(
    request: Request, reference: Reference, body: AdvanceBody, gf: Service, who: Secretariat
) -> Response:
    fields = body.model_dump(exclude={"trigger"})
    with gf.transaction():
        out = written_answer(gf, gf.advance(reference, body.trigger, actor=who.name, **fields))
    return answer(request, out)  # validated and written here: no second hop


@router.post("/{reference}/record", summary="Record a milestone",
             response_model=m.Written, responses=_WRITE)  # fmt: skip
def record(
    request: Request, reference: Reference, body: RecordBody, gf: Service, who: Secretariat
) -> Response:
    fields = body.model_dump(exclude={"milestone"})
    with gf.transaction():
        out = written_answer(gf, gf.record(reference, body.milestone, actor=who.name, **fields))
    return answer(request, out)


@router.post("/{reference}/releases", summary="Target a release, or change the status there",
             response_model=m.Written, responses=_WRITE)  # fmt: skip
def release(
    request: Request, reference: Reference, body: ReleaseBody, gf: Service, who: Secretariat
) -> Response:
    fields = body.model_dump(exclude={"release"})
    with gf.transaction():
        out = written_answer(gf, gf.release(reference, body.release, actor=who.name, **fields))
    return answer(request, out)


@router.post("/{reference}/link", summary="Tie a proposal to a meeting's agenda item",
             response_model=m.Written, responses=_WRITE)  # fmt: skip
def link(
    request: Request, reference: Reference, body: LinkBody, gf: Service, who: Secretariat
) -> Response:
    with gf.transaction():
        out = written_answer(gf, gf.link(reference, actor=who.name, **body.model_dump()))
    return answer(request, out)


@router.post("/{reference}/corrections", summary="Correct an event (the chain keeps both)",
             response_model=m.Written, responses=_WRITE)  # fmt: skip
def correct(
    request: Request, reference: Reference, body: CorrectBody, gf: Service, who: Secretariat
) -> Response:
    fields = body.model_dump(exclude={"seq", "changes"})
    changes = body.changes.model_dump(exclude_unset=True) if body.changes else None
    with gf.transaction():
        out = written_answer(gf, gf.correct(reference, body.seq, actor=who.name, changes=changes,
                                            **fields))  # fmt: skip
    return answer(request, out)


@portfolio_router.get("/portfolio", summary="Every open proposal's plan, one line each",
                      response_model=m.many(m.PortfolioLine), responses=responses(422))  # fmt: skip
def portfolio(gf: Service, _: Reader, as_of: m.Day | None = None, on: m.Day | None = None,
              ) -> list[JSON]:  # fmt: skip
    """Per open proposal: its next step and earliest date, its decision and go-live dates, the
    release it is targeted at and whether that is at risk (docs/planning.md)."""
    return [line.to_dict() for line in gf.plan_portfolio(as_of=as_of, today=on)]
