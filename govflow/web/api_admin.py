"""``/api/verify`` and ``/api/exports/...`` (reads), ``/api/tokens`` and
``/api/settings/reading`` (``admin`` only).

Exports answer with the file itself, in the media type of its format: the audit (``csv``,
``jsonl``, ``md``, ``html``), the register (the same) and one proposal's timeline (``md``,
``html``), through :mod:`govflow.exporters` as ``govflow export`` writes them.
"""

from __future__ import annotations

import io
from typing import Annotated, Any

from fastapi import APIRouter, Path, Request, status
from fastapi.responses import Response
from pydantic import BaseModel, Field

from govflow.web import models as m
from govflow.web.deps import Admin, Reader, Reference, Service, check_reference
from govflow.web.problems import responses

router = APIRouter(prefix="/api")

JSON = dict[str, Any]
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "jsonl": "application/jsonl; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
}
TokenName = Annotated[
    str,
    Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9 ._@-]{0,63}$", description="A token's name."),
]


def _files(*formats: m.Format | m.PageFormat) -> dict[int | str, dict[str, Any]]:
    text = {"schema": {"type": "string"}}
    chosen = {MEDIA_TYPES[f.value].split(";")[0]: text for f in formats}
    return {200: {"description": "The file.", "content": chosen}, **responses(404, 422)}


class TokenBody(BaseModel):
    model_config = m.Strict
    name: TokenName
    role: m.Role


@router.get("/verify", tags=["verify"], summary="Check every history and the log",
            response_model=m.Verified, responses=responses())  # fmt: skip
def verify(gf: Service, _: Reader) -> JSON:
    """The shape of ``govflow verify --json``; a broken history is data here (200, ``ok``
    false), not an error."""
    breaks = gf.verify()
    found = [{"reference": b.proposal, "seq": b.seq, "reason": b.reason} for b in breaks]
    return {"ok": not breaks, "proposals": gf.proposal_count(), "breaks": found}


def _file(text: str, fmt: str, name: str) -> Response:
    headers = {"Content-Disposition": f'inline; filename="{name}.{fmt}"'}
    return Response(text, media_type=MEDIA_TYPES[fmt], headers=headers)


@router.get("/exports/audit.{fmt}", tags=["exports"], summary="The audit export",
            response_class=Response, responses=_files(*m.Format))  # fmt: skip
def export_audit(
    request: Request, fmt: m.Format, gf: Service, _: Reader, proposal: m.Name | None = None,
    since: m.Day | None = None, until: m.Day | None = None,
) -> Response:  # fmt: skip
    out = io.StringIO()
    chosen = [check_reference(request, proposal, "proposal")] if proposal is not None else None
    gf.export_audit(out, fmt.value, proposals=chosen, since=since, until=until)
    return _file(out.getvalue(), fmt.value, "audit")


@router.get("/exports/register.{fmt}", tags=["exports"], summary="The register on a day",
            response_class=Response, responses=_files(*m.Format))  # fmt: skip
def export_register(
    fmt: m.Format, gf: Service, _: Reader, as_of: m.Day | None = None,
    known_on: m.Instant | None = None,
) -> Response:  # fmt: skip
    out = io.StringIO()
    gf.export_register(out, fmt.value, as_of=as_of, known_on=known_on)
    return _file(out.getvalue(), fmt.value, "register")


@router.get("/exports/timeline/{reference}.{fmt}", tags=["exports"],
            summary="One proposal's timeline", response_class=Response,
            responses=_files(*m.PageFormat))  # fmt: skip
def export_timeline(reference: Reference, fmt: m.PageFormat, gf: Service, _: Reader) -> Response:
    out = io.StringIO()
    gf.export_timeline(out, fmt.value, reference)
    return _file(out.getvalue(), fmt.value, f"timeline-{reference}")


# -- tokens and settings: admin only -------------------------------------------------------------
@router.get("/tokens", tags=["tokens"], summary="Every token (never its secret)",
            response_model=m.many(m.Token), responses=responses(403))  # fmt: skip
def tokens(gf: Service, _: Admin) -> list[JSON]:
    return [t.to_dict() for t in gf.tokens()]


@router.post("/tokens", tags=["tokens"], status_code=status.HTTP_201_CREATED,
             summary="Make a token; its secret is in this answer only",
             response_model=m.NewToken, responses=responses(403, 409, 413))  # fmt: skip
def add_token(body: TokenBody, gf: Service, _: Admin) -> JSON:
    return gf.add_token(body.name, role=body.role).to_dict()


@router.post("/tokens/{name}/revoke", tags=["tokens"], summary="Revoke a token",
             response_model=m.Token, responses=responses(403, 404))  # fmt: skip
def revoke_token(name: Annotated[TokenName, Path()], gf: Service, _: Admin) -> JSON:
    return gf.revoke_token(name).to_dict()


@router.get("/settings/reading", tags=["settings"], summary="Whether reads need a token",
            response_model=m.ReadingSetting, responses=responses(403))  # fmt: skip
def reading(gf: Service, _: Admin) -> JSON:
    return {"reading": gf.reading()}


@router.put("/settings/reading", tags=["settings"], summary="Make reads public or token-only",
            response_model=m.ReadingSetting, responses=responses(403, 413))  # fmt: skip
def set_reading(body: m.ReadingSetting, gf: Service, _: Admin) -> JSON:
    return {"reading": gf.set_reading(body.reading)}
