"""The page routes: the register, a proposal, the meetings and a meeting, what is due, search,
the calendar, and the pages' stylesheet and script.

Each route renders a page with the pure functions of :mod:`govflow.web.render` and
:mod:`govflow.web.proposal_page` (the same ones ``govflow export site`` writes). Reading honours
the ``reading`` setting like the JSON API (:func:`govflow.web.deps.reader`): when it is
``token``, a browser without a token is sent to ``/login`` and back. A refusal or an error is an
HTML page with the API's status and the CLI's message.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from govflow.errors import GovflowError
from govflow.web.deps import Refused, Service, caller, reader
from govflow.web.links import Links
from govflow.web.problems import status_of
from govflow.web.proposal_page import render_meeting, render_proposal
from govflow.web.render import (
    RegisterFilters,
    render,
    render_due,
    render_meetings,
    render_register,
    render_search,
    script,
    stylesheet,
)

router = APIRouter(include_in_schema=False)

_NO_STORE = {"Cache-Control": "no-store"}  # pages show the record now; never a stale copy


def _links(request: Request) -> Links:
    return Links(root=request.scope.get("root_path", "").rstrip("/") + "/")


def _page(request: Request, gf: Service, make: Callable[[Links], str]) -> Response:
    """A page for a caller allowed to read; the login form for a browser without a token
    where reading needs one; an error page with the API's status otherwise."""
    links = _links(request)
    try:
        reader(caller(request, gf), gf)
        return HTMLResponse(make(links), headers=_NO_STORE)
    except Refused as exc:
        if exc.status == 401 and "authorization" not in request.headers:
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"{links.root}login?{urlencode({'next': target})}", 303)
        return _error(links, exc)
    except GovflowError as exc:
        return _error(links, exc)


def _error(links: Links, exc: GovflowError) -> HTMLResponse:
    status = status_of(exc)
    page = render("error.html", links, status=status, message=str(exc))
    return HTMLResponse(page, status_code=status, headers=_NO_STORE)


@router.get("/", response_class=HTMLResponse)
def register_page(
    request: Request,
    gf: Service,
    stage: str = "",
    code: str = "",
    path: str = "",
    text: str = "",
    as_of: str = "",
) -> Response:
    filters = RegisterFilters(stage, code, path, text, as_of)
    return _page(request, gf, lambda links: render_register(gf, filters, links))


@router.get("/proposals/{reference}", response_class=HTMLResponse)
def proposal_page(request: Request, gf: Service, reference: str) -> Response:
    return _page(request, gf, lambda links: render_proposal(gf, reference, links))


@router.get("/meetings", response_class=HTMLResponse)
def meetings_page(request: Request, gf: Service) -> Response:
    return _page(request, gf, lambda links: render_meetings(gf, links))


@router.get("/meetings/{code}", response_class=HTMLResponse)
def meeting_page(request: Request, gf: Service, code: str) -> Response:
    return _page(request, gf, lambda links: render_meeting(gf, code, links))


@router.get("/due", response_class=HTMLResponse)
def due_page(request: Request, gf: Service) -> Response:
    return _page(request, gf, lambda links: render_due(gf, links))


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request, gf: Service, q: Annotated[str, Query(max_length=400)] = ""
) -> Response:
    return _page(request, gf, lambda links: render_search(gf, q, links))


@router.get("/calendar.ics")
def calendar(request: Request, gf: Service, committee: str | None = None) -> Response:
    """Open deadlines, open actions and the meetings, to subscribe to from a calendar."""
    links = _links(request)
    try:
        reader(caller(request, gf), gf)
        data = gf.export_calendar(committee=committee)
    except GovflowError as exc:
        return _error(links, exc)
    headers = {"Content-Disposition": 'inline; filename="govflow.ics"', **_NO_STORE}
    return Response(data, media_type="text/calendar; charset=utf-8", headers=headers)


@router.get("/static/govflow.css")
def css() -> Response:
    return Response(stylesheet(), media_type="text/css; charset=utf-8")


@router.get("/static/enhance.js")
def js() -> Response:
    return Response(script(), media_type="text/javascript; charset=utf-8")
