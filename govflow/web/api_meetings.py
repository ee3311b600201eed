"""``/api/committees``, ``/api/meetings`` (with their agenda items), ``/api/actions`` and
``/api/due``: reads follow the ``reading`` setting, writes need a ``secretariat`` token."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, status
from pydantic import BaseModel, ConfigDict

from govflow.web.deps import Reader, Secretariat, Service

router = APIRouter(prefix="/api")

JSON = dict[str, Any]


_STRICT = ConfigDict(extra="forbid")  # an unknown field is a mistake to report, not to drop


class CommitteeBody(BaseModel):
    model_config = _STRICT
    code: str
    name: str
    paper_lead_days: int | None = None


class CommitteeChange(BaseModel):
    model_config = _STRICT
    name: str | None = None
    paper_lead_days: int | None = None


class MeetingBody(BaseModel):
    model_config = _STRICT
    code: str
    on: str
    kind: str = "main"
    status: str = "held"
    start_time: str | None = None
    end_time: str | None = None


class ItemBody(BaseModel):
    model_config = _STRICT
    number: str
    title: str
    presenter: str | None = None
    text: str = ""
    replace: bool = False


class ActionBody(BaseModel):
    model_config = _STRICT
    meeting: str
    text: str
    due: str | None = None
    at: str | None = None
    party: str | None = None
    item: str | None = None


class CloseBody(BaseModel):
    model_config = _STRICT
    on: str | None = None


# -- committees ----------------------------------------------------------------------------------
@router.get("/committees", tags=["committees"], summary="The committees")
def committees(gf: Service, _: Reader) -> list[JSON]:
    return [c.to_dict() for c in gf.committees()]


@router.post("/committees", tags=["committees"], status_code=status.HTTP_201_CREATED,
             summary="Add a committee")  # fmt: skip
def add_committee(body: CommitteeBody, gf: Service, _: Secretariat) -> JSON:
    return gf.add_committee(body.code, body.name, paper_lead_days=body.paper_lead_days).to_dict()


@router.patch("/committees/{code}", tags=["committees"], summary="Change a committee")
def update_committee(code: str, body: CommitteeChange, gf: Service, _: Secretariat) -> JSON:
    fields = body.model_dump()
    return gf.update_committee(code, **fields).to_dict()


@router.get("/committees/{code}/next-meeting", tags=["committees"],
            summary="A committee's next meeting and its paper day")  # fmt: skip
def next_meeting(code: str, gf: Service, _: Reader, on: str | None = None) -> JSON:
    return gf.next_meeting(code, on=on).to_dict()


# -- meetings and agenda items -------------------------------------------------------------------
@router.get("/meetings", tags=["meetings"], summary="The meetings (without their items)")
def meetings(gf: Service, _: Reader, committee: str | None = None) -> list[JSON]:
    return [m.to_dict() for m in gf.meetings(committee)]


@router.get("/meetings/{code}", tags=["meetings"], summary="A meeting and its agenda items")
def meeting(code: str, gf: Service, _: Reader) -> JSON:
    return gf.meeting(code).to_dict()


@router.post("/meetings", tags=["meetings"], status_code=status.HTTP_201_CREATED,
             summary="Add a meeting")  # fmt: skip
def add_meeting(body: MeetingBody, gf: Service, _: Secretariat) -> JSON:
    return gf.add_meeting(body.code, **body.model_dump(exclude={"code"})).to_dict()


@router.post("/meetings/{code}/items", tags=["meetings"], status_code=status.HTTP_201_CREATED,
             summary="Add (or replace) an agenda item")  # fmt: skip
def add_item(code: str, body: ItemBody, gf: Service, _: Secretariat) -> JSON:
    return gf.add_item(code, body.number, **body.model_dump(exclude={"number"})).to_dict()


# -- actions and what falls due ------------------------------------------------------------------
@router.get("/actions", tags=["actions"], summary="Actions from meetings, soonest first")
def actions(
    gf: Service, _: Reader, open_only: bool = False, overdue_on: str | None = None
) -> list[JSON]:
    return [a.to_dict() for a in gf.actions(open_only=open_only, overdue_on=overdue_on)]


@router.post("/actions", tags=["actions"], status_code=status.HTTP_201_CREATED,
             summary="Record an action a meeting asked for")  # fmt: skip
def add_action(body: ActionBody, gf: Service, _: Secretariat) -> JSON:
    fields = body.model_dump(exclude={"meeting", "text"})
    return gf.add_action(body.meeting, body.text, **fields).to_dict()


@router.post("/actions/{action_id}/close", tags=["actions"], summary="Close an action")
def close_action(action_id: int, body: CloseBody, gf: Service, _: Secretariat) -> JSON:
    return gf.close_action(action_id, on=body.on).to_dict()


@router.get("/due", tags=["actions"], summary="Deadlines and actions falling due")
def due(
    gf: Service, _: Reader, on: str | None = None, within: int | None = None,
    overdue: bool = False, committee: str | None = None,
) -> list[JSON]:  # fmt: skip
    items = gf.due(on=on, within=within, overdue=overdue, committee=committee)
    return [d.to_dict() for d in items]
