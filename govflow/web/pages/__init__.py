"""The page routes: the register, a proposal, the meetings and a meeting, what is due, the
portfolio, search, the calendar, and the pages' stylesheet and script; and (:data:`signin`) the
sign-in form.

Each route renders a page with the pure functions of :mod:`govflow.web.render` and
:mod:`govflow.web.proposal_page` (the same ones ``govflow export site`` writes). Reading honours
the ``reading`` setting like the JSON API (:func:`govflow.web.deps.reader`): when it is
``token``, a browser without a token is sent to ``/login`` and back. A refusal or an error is an
HTML page with the API's status and the CLI's message, never JSON: whatever a person can do in
a browser (a wrong token, a bad filter, a query too long, an unknown proposal) gets a page.

The sign-in form (``GET /login``) posts to ``POST /sign-in``, which sets the same cookie as the
API's ``POST /login`` and, for a wrong token, shows the form again with the error (401).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from urllib.parse import parse_qs, urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from govflow.errors import GovflowError
from govflow.records.tokens import shown
from govflow.service import Govflow
from govflow.web.deps import COOKIE, Refused, Service, caller, reader
from govflow.web.links import Links
from govflow.web.portfolio_page import render_portfolio
from govflow.web.problems import status_of
from govflow.web.proposal_page import render_meeting, render_proposal
from govflow.web.render import (
    Paging,
    RegisterFilters,
    render,
    render_due,
    render_meetings,
    render_register,
    render_search,
    script,
    stylesheet,
)
from govflow.web.wording import said

log = logging.getLogger(__name__)
router = APIRouter(include_in_schema=False)
#: The sign-in form (documented: a page the API's ``POST /login`` answers to) and its post.
signin = APIRouter(tags=["sign-in"])

_NO_STORE = {"Cache-Control": "no-store"}  # pages show the record now; never a stale copy


def _links(request: Request) -> Links:
    return Links(root=request.scope.get("root_path", "").rstrip("/") + "/")


Made = str | tuple[str, int]  # a page's HTML, or its HTML and status


def _page(request: Request, make: Callable[[Govflow, Links], Made]) -> Response:
    """A page for a caller allowed to read (``make`` gives its HTML, or its HTML and status);
    the login form for a browser without a token where reading needs one; an error page with
    the API's status otherwise. The Govflow is the application's, taken from it here rather
    than as a dependency (:func:`~govflow.web.deps.service`): FastAPI solves a dependency anew
    for every request, about a fiftieth of a page's time."""
    gf: Govflow = request.app.state.govflow
    links = _links(request)
    try:
        with gf.snapshot():  # the caller's token, the reading setting and the page: one read
            reader(caller(request, gf), gf)
            made = make(gf, links)
        page, status = made if isinstance(made, tuple) else (made, 200)
        return HTMLResponse(page, status_code=status, headers=_NO_STORE)
    except Refused as exc:
        if exc.status == 401 and "authorization" not in request.headers:
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"{links.root}login?{urlencode({'next': target})}", 303)
        return _error(links, exc)
    except GovflowError as exc:
        return _error(links, exc)


def _error(links: Links, exc: GovflowError) -> HTMLResponse:
    status = status_of(exc)
    page = render("error.html", links, status=status, message=said(exc))
    return HTMLResponse(page, status_code=status, headers=_NO_STORE)


@router.get("/", response_class=HTMLResponse)
def register_page(
    request: Request,
    stage: str = "",
    code: str = "",
    path: str = "",
    text: str = "",
    as_of: str = "",
    after: str = "",
    before: str = "",
) -> Response:
    """A page of the register (``after``/``before`` a proposal, as its links give them)."""
    filters = RegisterFilters(stage, code, path, text, as_of)
    paging = Paging(after=after, before=before)
    return _page(request, lambda gf, links: render_register(gf, filters, links, paging))


async def proposal_page(request: Request) -> Response:
    """A proposal's page: a plain Starlette route, since it takes nothing FastAPI solves (no
    parameter, dependency or answer model; pages are not in the OpenAPI document), run in the
    thread pool as a ``def`` route is. The reference is read from the path as matched (any
    text: the page refuses what names no proposal)."""
    reference: str = request.path_params["reference"]
    make = lambda gf, links: render_proposal(gf, reference, links)  # noqa: E731
    return await run_in_threadpool(_page, request, make)


router.add_route("/proposals/{reference}", proposal_page, ["GET"], include_in_schema=False)


@router.get("/meetings", response_class=HTMLResponse)
def meetings_page(request: Request) -> Response:
    return _page(request, render_meetings)


@router.get("/meetings/{code}", response_class=HTMLResponse)
def meeting_page(request: Request, code: str) -> Response:
    return _page(request, lambda gf, links: render_meeting(gf, code, links))


@router.get("/due", response_class=HTMLResponse)
def due_page(request: Request) -> Response:
    return _page(request, render_due)


@router.get("/portfolio", response_class=HTMLResponse)
def portfolio_page(request: Request) -> Response:
    return _page(request, render_portfolio)


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, q: str = "") -> Response:
    """A query the search refuses (more than 400 characters, no word) is a page saying why."""
    return _page(request, lambda gf, links: render_search(gf, q, links))


@router.get("/calendar.ics")
def calendar(request: Request, gf: Service, committee: str | None = None) -> Response:
    """Open deadlines, open actions and the meetings, to subscribe to from a calendar."""
    links = _links(request)
    try:
        reader(caller(request, gf), gf)
        data = gf.export_calendar(committee=committee, base_url=str(request.base_url))
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


# -- signing in -----------------------------------------------------------------------------------
_MAX_FORM = 4096  # a token and a path to come back to


def _back_to(links: Links, value: str | None) -> str:
    """Where to go after signing in: a path on this site only (no open redirect)."""
    if value and value.startswith(links.root) and not value.startswith("//") and "\\" not in value:
        return value
    return links.root


def _sign_in_page(links: Links, back: str, error: str = "", status: int = 200) -> HTMLResponse:
    page = render("login.html", links, next=back, error=error)
    return HTMLResponse(page, status_code=status, headers=_NO_STORE)


@signin.get(
    "/login",
    response_class=HTMLResponse,
    summary="The page a person signs in on, with a token",
    responses={401: {"description": "The form again: this browser's token is no longer valid"}},
)
def sign_in_form(request: Request, gf: Service, next: str | None = None) -> Response:
    """The form; a browser whose cookie holds a token no longer valid is told so."""
    links = _links(request)
    stale = request.cookies.get(COOKIE)
    token = gf.authenticate(stale) if stale else None
    error = ""
    if stale and (token is None or token.revoked_at is not None):
        error = "the token this browser signed in with is no longer valid; sign in again"
    return _sign_in_page(links, _back_to(links, next), error, 401 if error else 200)


@signin.post("/sign-in", response_class=HTMLResponse, include_in_schema=False)
async def sign_in(request: Request, gf: Service) -> Response:
    """The form's post: the cookie and back to the page asked for, or the form with the error."""
    links = _links(request)
    raw = await request.body()
    fields = {k: v[0] for k, v in parse_qs(raw[:_MAX_FORM].decode("utf-8", "replace")).items()}
    back = _back_to(links, fields.get("next"))
    secret = (fields.get("token") or "").strip()
    if not secret:
        return _sign_in_page(links, back, "give the token an admin gave you", 400)
    token = await run_in_threadpool(gf.authenticate, secret)
    if token is None or token.revoked_at is not None:
        log.warning("refused a sign-in with the token %s", shown(secret))
        error = "the token is not valid (unknown or revoked); ask an admin for one"
        return _sign_in_page(links, back, error, 401)
    response = RedirectResponse(back, status_code=303)
    response.set_cookie(COOKIE, secret, httponly=True, samesite="strict",
                        secure=request.url.scheme == "https")  # fmt: skip
    return response
