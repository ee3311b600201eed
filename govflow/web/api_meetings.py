"""``/api/committees``, ``/api/meetings`` (with their agenda items), ``/api/actions`` and
``/api/due``: reads follow the ``reading`` setting, writes need a ``secretariat`` token."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, status
from pydantic import BaseModel

from govflow.web import models as m
from govflow.web.deps import Reader, Secretariat, Service
from govflow.web.problems import responses

router = APIRouter(prefix="/api")

JSON = dict[str, Any]
_READ = responses(404, 422)
_WRITE = responses(403, 404, 409, 413, 422)
Code = Annotated[m.CommitteeCode, Path()]
MeetingPath = Annotated[m.MeetingCode, Path()]


class CommitteeBody(BaseModel):
    model_config = m.Strict
    code: m.NewCommitteeCode
    name: m.Name
    paper_lead_days: m.LeadDays | None = None
    cadence: m.Name | None = None  # "monthly 4th Wednesday": its usual meetings, for the planner


class CommitteeChange(BaseModel):
    model_config = m.Strict
    name: m.Name | None = None
    paper_lead_days: m.LeadDays | None = None
    cadence: m.Name | None = None  # "" clears it


class ReleaseScopeBody(BaseModel):
    model_config = m.Strict
    scope_closes: m.Day | None = None
    dcc_scope_closes: m.Day | None = None


class MeetingBody(BaseModel):
    model_config = m.Strict
    code: m.NewMeetingCode
    on: m.Day
    kind: Literal["main", "reporting", "extraordinary", "workshop"] = "main"
    status: Literal["held", "planned"] = "held"
    start_time: m.Clock | None = None
    end_time: m.Clock | None = None


class ItemBody(BaseModel):
    model_config = m.Strict
    number: m.ItemNumber
    title: m.Title
    presenter: m.Name | None = None
    text: m.Text = ""
    replace: m.Flag = False


class ActionBody(BaseModel):
    model_config = m.Strict
    meeting: m.MeetingCode
    text: m.Text
    due: m.Day | None = None
    at: m.MeetingCode | None = None
    party: m.Name | None = None
    item: m.ItemNumber | None = None


class CloseBody(BaseModel):
    model_config = m.Strict
    on: m.Day | None = None


# -- committees ----------------------------------------------------------------------------------
@router.get("/committees", tags=["committees"], summary="The committees",
            response_model=m.many(m.Committee), responses=responses())  # fmt: skip
def committees(gf: Service, _: Reader) -> list[JSON]:
    return [c.to_dict() for c in gf.committees()]


@router.post("/committees", tags=["committees"], status_code=status.HTTP_201_CREATED,
             summary="Add a committee", response_model=m.Committee,
             responses=responses(403, 409, 413, 422))  # fmt: skip
def add_committee(body: CommitteeBody, gf: Service, _: Secretariat) -> JSON:
    return gf.add_committee(
        body.code, body.name, paper_lead_days=body.paper_lead_days, cadence=body.cadence
    ).to_dict()


@router.patch("/committees/{code}", tags=["committees"], summary="Change a committee",
              response_model=m.Committee, responses=_WRITE)  # fmt: skip
def update_committee(code: Code, body: CommitteeChange, gf: Service, _: Secretariat) -> JSON:
    fields = body.model_dump()
    return gf.update_committee(code, **fields).to_dict()


@router.patch("/releases/{name}", tags=["releases"], summary="When a release's scope is fixed",
              response_model=m.ReleaseScope, responses=_WRITE)  # fmt: skip
def release_scope(
    name: Annotated[m.Name, Path()], body: ReleaseScopeBody, gf: Service, _: Secretariat
) -> JSON:
    """The days its full scope and its DCC-impacting scope are fixed, which the planner uses
    in place of its assumptions (docs/planning.md); a field left out stays as it is."""
    return gf.set_release_scope(name, **body.model_dump()).to_dict()


@router.get("/committees/{code}/next-meeting", tags=["committees"],
            summary="A committee's next meeting and its paper day",
            response_model=m.NextMeeting, responses=_READ)  # fmt: skip
def next_meeting(code: Code, gf: Service, _: Reader, on: m.Day | None = None) -> JSON:
    return gf.next_meeting(code, on=on).to_dict()


# -- meetings and agenda items -------------------------------------------------------------------
@router.get("/meetings", tags=["meetings"], summary="The meetings (without their items)",
            response_model=m.many(m.Meeting), responses=_READ)  # fmt: skip
def meetings(gf: Service, _: Reader, committee: m.CommitteeCode | None = None) -> list[JSON]:
    return [x.to_dict() for x in gf.meetings(committee)]


@router.get("/meetings/{code}", tags=["meetings"], summary="A meeting and its agenda items",
            response_model=m.Meeting, responses=_READ)  # fmt: skip
def meeting(code: MeetingPath, gf: Service, _: Reader) -> JSON:
    return gf.meeting(code).to_dict()


@router.post("/meetings", tags=["meetings"], status_code=status.HTTP_201_CREATED,
             summary="Add a meeting", response_model=m.Meeting, responses=_WRITE)  # fmt: skip
def add_meeting(body: MeetingBody, gf: Service, _: Secretariat) -> JSON:
    return gf.add_meeting(body.code, **body.model_dump(exclude={"code"})).to_dict()


@router.post("/meetings/{code}/items", tags=["meetings"], status_code=status.HTTP_201_CREATED,
             summary="Add (or replace) an agenda item", response_model=m.Item,
             responses=_WRITE)  # fmt: skip
def add_item(code: MeetingPath, body: ItemBody, gf: Service, _: Secretariat) -> JSON:
    return gf.add_item(code, body.number, **body.model_dump(exclude={"number"})).to_dict()


# -- actions and what falls due ------------------------------------------------------------------
@router.get("/actions", tags=["actions"], summary="Actions from meetings, soonest first",
            response_model=m.many(m.DueItem), responses=_READ)  # fmt: skip
def actions(
    gf: Service, _: Reader, open_only: bool = False, overdue_on: m.Day | None = None
) -> list[JSON]:
    return [a.to_dict() for a in gf.actions(open_only=open_only, overdue_on=overdue_on)]


@router.post("/actions", tags=["actions"], status_code=status.HTTP_201_CREATED,
             summary="Record an action a meeting asked for", response_model=m.DueItem,
             responses=_WRITE)  # fmt: skip
def add_action(body: ActionBody, gf: Service, _: Secretariat) -> JSON:
    fields = body.model_dump(exclude={"meeting", "text"})
    return gf.add_action(body.meeting, body.text, **fields).to_dict()


@router.post("/actions/{action_id}/close", tags=["actions"], summary="Close an action",
             response_model=m.DueItem, responses=_WRITE)  # fmt: skip
def close_action(
    action_id: Annotated[m.PositiveParameter, Path()], body: CloseBody, gf: Service, _: Secretariat
) -> JSON:
    return gf.close_action(action_id, on=body.on).to_dict()


@router.get("/due", tags=["actions"], summary="Deadlines and actions falling due",
            response_model=m.many(m.DueItem), responses=_READ)  # fmt: skip
def due(
    gf: Service, _: Reader, on: m.Day | None = None, within: m.CountParameter | None = None,
    overdue: bool = False, committee: m.CommitteeCode | None = None,
) -> list[JSON]:  # fmt: skip
    items = gf.due(on=on, within=within, overdue=overdue, committee=committee)
    return [d.to_dict() for d in items]
