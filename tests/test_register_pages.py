"""The register a page at a time (records/register.py: Register.page, store/paging.py): pages
walked forward or back hold the whole register's rows, in order, once; filters narrow the pages
as they narrow the whole; the web register's next/previous links walk it, and the static site
holds every row. Data: the demo (MP099 and MP131 with their public facts only; the rest
fictional).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient

from govflow.errors import NotFound
from govflow.service import Govflow
from govflow.views import RegisterRow
from govflow.web.app import WebConfig, create_app
from govflow.web.links import Links
from govflow.web.render import WHOLE, Paging, RegisterFilters, render_register

APP = Links()
PAST = "2021-06-30"


def _forward(gf: Govflow, limit: int, **asked: object) -> list[list[RegisterRow]]:
    pages, after = [], None
    while True:
        page = gf.register_page(after=after, limit=limit, **asked)  # type: ignore[arg-type]
        pages.append(page.rows)
        assert (page.before is None) == (after is None)
        if page.after is None:
            return pages
        after = page.after


@pytest.mark.parametrize("limit", [1, 2, 3, 50])
@pytest.mark.parametrize("as_of", [None, PAST])
def test_pages_walked_forward_hold_the_whole_register_in_order(
    demo_gf: Govflow, limit: int, as_of: str | None
) -> None:
    whole = demo_gf.register(as_of)
    pages = _forward(demo_gf, limit, as_of=as_of)
    assert [r for page in pages for r in page] == whole
    assert all(len(page) <= limit for page in pages)
    assert len(whole) > 3  # more than one page at the small limits


def test_pages_walked_back_hold_the_same_rows(demo_gf: Govflow) -> None:
    whole = demo_gf.register()
    pages = _forward(demo_gf, 2)
    last = demo_gf.register_page(after=None, limit=len(whole) + 5)
    assert last.after is None and last.rows == whole
    back, before = [], whole[-1].reference  # from the last row, back to the first
    while before is not None:
        page = demo_gf.register_page(before=before, limit=2)
        assert page.after is not None  # the page it came back from follows
        back = page.rows + back
        before = page.before
    assert [*back, whole[-1]] == whole
    assert pages[0] == whole[:2]


def test_a_filtered_page_holds_what_the_filter_keeps_of_the_whole(demo_gf: Govflow) -> None:
    whole = demo_gf.register()
    workflow = whole[0].workflow
    stage = whole[0].stage
    kept = [r for r in whole if r.workflow == workflow and r.stage == stage]
    pages = _forward(demo_gf, 1, workflow=workflow, stages={stage},
                     keeps=lambda r: r.stage == stage)  # fmt: skip
    assert [r for page in pages for r in page] == kept
    none = demo_gf.register_page(stages=set(), keeps=lambda r: False, limit=3)
    assert none.rows == [] and none.after is None


def test_a_page_after_an_unknown_proposal_is_not_found(demo_gf: Govflow) -> None:
    with pytest.raises(NotFound):
        demo_gf.register_page(after="MP989", limit=2)


# -- the web register -----------------------------------------------------------------------------
def _rows(html: str) -> list[str]:
    return re.findall(r'<a class="ref" href="/proposals/([^"]+)"', html)


def _link(html: str, rel: str) -> dict[str, str] | None:
    found = re.search(rf'<a rel="{rel}" href="([^"]+)"', html)
    if found is None:
        return None
    query = urlsplit(found.group(1).replace("&amp;", "&")).query
    return {k: v[0] for k, v in parse_qs(query).items()}


def test_the_web_register_walks_its_pages_by_next_and_previous(demo_gf: Govflow) -> None:
    whole = [r.reference for r in demo_gf.register()]
    filters, seen, pages = RegisterFilters(), [], []
    html = render_register(demo_gf, filters, APP, Paging(limit=2))
    assert _link(html, "prev") is None and "Proposals on this page" in html
    while True:
        pages.append(html)
        seen += _rows(html)
        following = _link(html, "next")
        if following is None:
            break
        html = render_register(demo_gf, filters, APP, Paging(after=following["after"], limit=2))
    assert seen == whole
    previous = _link(pages[1], "prev")
    assert previous is not None
    back = render_register(demo_gf, filters, APP, Paging(before=previous["before"], limit=2))
    assert _rows(back) == whole[:2]


def test_the_web_register_links_keep_the_filters(demo_gf: Govflow) -> None:
    rows = demo_gf.register()
    code = rows[0].workflow
    filters = RegisterFilters(code=code, as_of="")
    html = render_register(demo_gf, filters, APP, Paging(limit=1))
    following = _link(html, "next")
    kept = [r.reference for r in rows if r.workflow == code]
    if len(kept) > 1:
        assert following is not None and following["code"] == code
    assert _rows(html) == kept[:1]


def test_the_static_site_register_holds_every_row(demo_gf: Govflow) -> None:
    html = render_register(demo_gf, RegisterFilters(), Links.for_site(0), WHOLE)
    assert len(re.findall(r'class="ref"', html)) == len(demo_gf.register())
    assert _link(html, "next") is None and "Proposals on this page" not in html


@pytest.fixture
def client(demo_gf: Govflow, db_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(WebConfig(database=db_url))) as c:
        yield c


def test_the_register_route_pages_after_and_before_a_proposal(
    client: TestClient, demo_gf: Govflow
) -> None:
    whole = [r.reference for r in demo_gf.register()]
    answer = client.get("/", params={"after": whole[0]})
    assert answer.status_code == 200
    assert _rows(answer.text) == whole[1:51]
    assert _link(answer.text, "prev") == {"before": whole[1]}
    answer = client.get("/", params={"before": whole[2]})
    assert _rows(answer.text) == whole[:2]
    assert client.get("/", params={"after": "MP989"}).status_code == 404


def test_the_api_register_as_of_a_day_pages_by_its_link_header(
    client: TestClient, demo_gf: Govflow
) -> None:
    whole = [r.to_dict() for r in demo_gf.register(PAST)]
    found, url = [], f"/api/proposals?as_of={PAST}&limit=2"
    while url:
        answer = client.get(url)
        assert answer.status_code == 200
        found += answer.json()
        link = answer.headers.get("link")
        url = link[1 : link.index(">")] if link else ""
    assert found == whole
