"""``/api/proposals/{reference}/alternatives`` and ``/votes``: raising an alternative solution
within a proposal's record, and recording a vote (on the original or one alternative), as
``proposal alternative`` and ``proposal vote`` do.

Writes need a ``secretariat`` token, whose name is recorded as the event's actor (who raised
the alternative, which the workflow's ``alternatives`` rule may judge). Each write is one
transaction, judged by the rule core like every other; ``expected_version`` is checked as for
the other writes (409 ``StaleProposal``). A refusal is 409 ``TransitionNotAllowed`` with every
reason; a tally the body's categories or seats do not allow is 422 or 409 (the rule core's
seat rule), as problem documents (RFC 9457).
"""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Request, Response, status
from pydantic import BaseModel, Field

from govflow.web import models as m
from govflow.web.answers import answer
from govflow.web.api_proposals import written_answer
from govflow.web.deps import Reference, Secretariat, Service
from govflow.web.problems import responses

router = APIRouter(prefix="/api/proposals", tags=["proposals"])

_WRITE = responses(403, 404, 409, 413, 422)

Counts = dict[Literal["for", "against", "abstain", "absent"], m.Count]


class AlternativeBody(BaseModel):
    """An alternative solution: the path names the proposal (``MP122``) with ``letter``
    (``A``; a CUSC WACM by its number, ``1``), or the alternative itself (``MP122A``)."""

    model_config = m.Strict
    title: m.Title
    letter: m.Name | None = None
    on: m.When | None = None
    meeting: m.MeetingCode | None = None
    item: m.ItemNumber | None = None
    note: m.Text | None = None
    override: m.Text | None = None
    expected_version: m.Positive | None = None


class VoteBody(BaseModel):
    """A vote: its tally by category (``{"Large Supplier": {"for": 9, "against": 2}}``), or
    ``unanimous`` with no tally; ``solution`` names the solution voted on (a record with
    alternatives is voted on solution by solution); ``milestone`` the vote, where the stage
    has several."""

    model_config = m.Strict
    tally: dict[m.Name, Counts] = Field(default_factory=dict, max_length=20)
    unanimous: m.Flag = False
    casting: Literal["approve", "reject"] | None = None
    solution: m.Name | None = None
    milestone: m.Identifier | None = None
    on: m.When | None = None
    meeting: m.MeetingCode | None = None
    item: m.ItemNumber | None = None
    note: m.Text | None = None
    override: m.Text | None = None
    expected_version: m.Positive | None = None


@router.post("/{reference}/alternatives", status_code=status.HTTP_201_CREATED,
             summary="Raise an alternative solution within a proposal's record",
             response_model=m.Written, responses=_WRITE)  # fmt: skip
def raise_alternative(
    request: Request, reference: Reference, body: AlternativeBody, gf: Service, who: Secretariat
) -> Response:
    fields = body.model_dump()
    with gf.transaction():
        out = written_answer(gf, gf.raise_alternative(reference, actor=who.name, **fields))
    return answer(request, out)


@router.post("/{reference}/votes", summary="Record a vote (on the original or one alternative)",
             response_model=m.Written, responses=_WRITE)  # fmt: skip
def vote(
    request: Request, reference: Reference, body: VoteBody, gf: Service, who: Secretariat
) -> Response:
    fields = body.model_dump(exclude={"tally"})
    tally = {c: {str(k): v for k, v in n.items()} for c, n in body.tally.items()}
    with gf.transaction():
        out = written_answer(gf, gf.vote(reference, tally, actor=who.name, **fields))
    return answer(request, out)
