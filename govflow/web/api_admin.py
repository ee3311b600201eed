"""``/api/verify`` and ``/api/exports/...`` (reads), ``/api/tokens`` and
``/api/settings/reading`` (``admin`` only).

Exports answer with the file itself, in the media type of its format: the audit (``csv``,
``jsonl``, ``html``...), the register and one proposal's timeline, through
:mod:`govflow.exporters` as ``govflow export`` writes them.
"""

from __future__ import annotations

import io
from typing import Any

from fastapi import APIRouter, status
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict

from govflow.web.deps import Admin, Reader, Service

router = APIRouter(prefix="/api")

JSON = dict[str, Any]
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "jsonl": "application/jsonl; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
}


class TokenBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    role: str


class ReadingBody(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reading: str


@router.get("/verify", tags=["verify"], summary="Check every history and the log")
def verify(gf: Service, _: Reader) -> JSON:
    """The shape of ``govflow verify --json``; a broken history is data here (200, ``ok``
    false), not an error."""
    breaks = gf.verify()
    found = [{"reference": b.proposal, "seq": b.seq, "reason": b.reason} for b in breaks]
    return {"ok": not breaks, "proposals": gf.proposal_count(), "breaks": found}


def _file(text: str, fmt: str, name: str) -> Response:
    media = MEDIA_TYPES.get(fmt, "text/plain; charset=utf-8")
    headers = {"Content-Disposition": f'inline; filename="{name}.{fmt}"'}
    return Response(text, media_type=media, headers=headers)


@router.get("/exports/audit.{fmt}", tags=["exports"], summary="The audit export")
def export_audit(
    fmt: str, gf: Service, _: Reader, proposal: str | None = None, since: str | None = None,
    until: str | None = None,
) -> Response:  # fmt: skip
    out = io.StringIO()
    chosen = [proposal] if proposal else None
    gf.export_audit(out, fmt, proposals=chosen, since=since, until=until)
    return _file(out.getvalue(), fmt, "audit")


@router.get("/exports/register.{fmt}", tags=["exports"], summary="The register on a day")
def export_register(
    fmt: str, gf: Service, _: Reader, as_of: str | None = None, known_on: str | None = None
) -> Response:
    out = io.StringIO()
    gf.export_register(out, fmt, as_of=as_of, known_on=known_on)
    return _file(out.getvalue(), fmt, "register")


@router.get("/exports/timeline/{reference}.{fmt}", tags=["exports"],
            summary="One proposal's timeline")  # fmt: skip
def export_timeline(reference: str, fmt: str, gf: Service, _: Reader) -> Response:
    out = io.StringIO()
    gf.export_timeline(out, fmt, reference)
    return _file(out.getvalue(), fmt, f"timeline-{reference}")


# -- tokens and settings: admin only -------------------------------------------------------------
@router.get("/tokens", tags=["tokens"], summary="Every token (never its secret)")
def tokens(gf: Service, _: Admin) -> list[JSON]:
    return [t.to_dict() for t in gf.tokens()]


@router.post("/tokens", tags=["tokens"], status_code=status.HTTP_201_CREATED,
             summary="Make a token; its secret is in this answer only")  # fmt: skip
def add_token(body: TokenBody, gf: Service, _: Admin) -> JSON:
    return gf.add_token(body.name, role=body.role).to_dict()


@router.post("/tokens/{name}/revoke", tags=["tokens"], summary="Revoke a token")
def revoke_token(name: str, gf: Service, _: Admin) -> JSON:
    return gf.revoke_token(name).to_dict()


@router.get("/settings/reading", tags=["settings"], summary="Whether reads need a token")
def reading(gf: Service, _: Admin) -> JSON:
    return {"reading": gf.reading()}


@router.put("/settings/reading", tags=["settings"], summary="Make reads public or token-only")
def set_reading(body: ReadingBody, gf: Service, _: Admin) -> JSON:
    return {"reading": gf.set_reading(body.reading)}
