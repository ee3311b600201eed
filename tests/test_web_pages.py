"""The web pages: the render functions (govflow/web/render.py, proposal_page.py) and their
routes in the app, with the reading setting. Data: the demo (MP099 and MP131 with their public
facts only; MP9xx/DP9xx fictional) and fictional records (MP97x).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from govflow.errors import InvalidInput, NotFound
from govflow.service import Govflow
from govflow.web.app import WebConfig, create_app
from govflow.web.links import Links
from govflow.web.proposal_page import render_meeting, render_proposal, route_taken
from govflow.web.render import RegisterFilters, render_due, render_register, render_search

APP = Links()


class _Page(HTMLParser):
    """The links and the text of a page, and whether anything executable slipped in."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.scripts: list[dict[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "a" and found.get("href"):
            self.links.append(str(found["href"]))
        if tag == "script" or any(k.startswith("on") for k in found):
            self.scripts.append(found)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def _references(html: str) -> list[str]:
    return [h.removeprefix("/proposals/") for h in _parse(html).links if "/proposals/" in h]


# -- the register ---------------------------------------------------------------------------------
def test_the_register_links_every_proposal_to_its_page(demo_gf: Govflow) -> None:
    html = render_register(demo_gf, RegisterFilters(), APP)
    assert _references(html) == [r.reference for r in demo_gf.register()]
    assert {"/meetings/CSC_902", "/meetings/PANEL_903"} <= set(_parse(html).links)


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (RegisterFilters(stage="implemented"), ["MP099", "MP901"]),
        (RegisterFilters(path="2"), ["MP901"]),
        (RegisterFilters(text="FICTIONAL supplier"), ["MP901", "DP903"]),
        (RegisterFilters(code="sec-modification", stage="withdrawn"), ["DP903"]),
        (RegisterFilters(as_of="2021-02-01"), ["MP099", "MP131", "MP901", "DP903"]),
    ],
    ids=["stage", "path", "text", "code", "as-of"],
)
def test_the_register_filters(
    demo_gf: Govflow, filters: RegisterFilters, expected: list[str]
) -> None:
    assert _references(render_register(demo_gf, filters, APP)) == expected


def test_the_register_as_of_shows_the_stage_then(demo_gf: Govflow) -> None:
    html = render_register(demo_gf, RegisterFilters(as_of="2021-02-01", text="MP901"), APP)
    assert "As it stood on 2021-02-01" in "".join(_parse(html).text)
    assert "Refinement Process" in html and "Implemented" not in html.split("<tbody>")[1]


@pytest.mark.parametrize(
    ("filters", "message"),
    [(RegisterFilters(as_of="31/12/2021"), "write it YYYY-MM-DD"),
     (RegisterFilters(path="two"), "route .two. is not declared; routes: 1, 2, 3, or .none."),
     (RegisterFilters(path="33"), r"route .33. is not declared \(did you mean .3.\?\)"),
     (RegisterFilters(stage="aproved"),
      r"(?i)unknown stage .aproved. \(did you mean .approved.\?\)"),
     (RegisterFilters(stage="Report Fase"), r"\(did you mean .Report Phase.\?\); stages: "),
     (RegisterFilters(code="sec-modifcation"), r"unknown code .sec-modifcation. \(did you "
                                                r"mean .sec-modification.\?\); codes: bsc")],
    ids=["date", "path", "path-near", "stage", "stage-label", "code"],
)  # fmt: skip
def test_bad_filters_are_refused_with_the_way_out(
    demo_gf: Govflow, filters: RegisterFilters, message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        render_register(demo_gf, filters, APP)


# -- a proposal, a meeting ------------------------------------------------------------------------
def test_the_proposal_page_draws_its_timeline_and_the_route_it_took(demo_gf: Govflow) -> None:
    html = render_proposal(demo_gf, "MP901", APP)
    assert '<svg class="timeline"' in html and '<svg class="diagram"' in html
    moves = route_taken(demo_gf.history("MP901"))
    assert moves[0] == ("initial_consideration", "refinement")
    assert moves[-1] == ("approved", "implemented")
    drawn = html.count('class="edge taken"') + html.count('class="edge back taken"')
    assert drawn == len(set(moves))
    assert '<g class="state current">' in html and html.count('<g class="state visited">') == 6


def test_the_proposal_page_holds_its_history_decisions_and_meetings(demo_gf: Govflow) -> None:
    page = _parse(render_proposal(demo_gf, "MP901", APP))
    text = " ".join(page.text)
    assert "recommend" in text and "solution" in text
    assert {"/meetings/PANEL_901", "/meetings/CB_901", "/proposals/MP901A"} <= set(page.links)
    assert len(demo_gf.history("MP901")) == len(re.findall(r'data-label="#"', "".join(
        render_proposal(demo_gf, "MP901", APP))))  # fmt: skip


def test_an_unknown_proposal_is_not_found_with_suggestions(demo_gf: Govflow) -> None:
    with pytest.raises(NotFound, match="did you mean"):
        render_proposal(demo_gf, "MP990", APP)


def test_the_meeting_page_says_what_each_item_moved(demo_gf: Govflow) -> None:
    html = render_meeting(demo_gf, "CB_901", APP)
    row = html.split('data-label="What it moved">', 1)[1].split("</td>", 1)[0]
    assert "Change Board vote: approve" in row and "recommend" in row
    assert '<a href="/proposals/MP901">MP901</a>' in row


def test_text_from_the_record_is_escaped_everywhere(gf: Govflow) -> None:
    hostile = "<script>alert(1)</script><img src=x onerror=alert(2)> \x1b[31m"
    gf.add_meeting("PANEL_970", on="2021-03-19")
    gf.add_item("PANEL_970", "1", title=hostile, text=hostile)
    gf.raise_proposal("MP970", title=hostile, on="2021-03-01", meeting="PANEL_970", item="1",
                      note=hostile)  # fmt: skip
    pages = [
        render_register(gf, RegisterFilters(), APP), render_proposal(gf, "MP970", APP),
        render_meeting(gf, "PANEL_970", APP), render_search(gf, "alert", APP)[0],
        render_search(gf, hostile, APP)[0],
    ]  # fmt: skip
    for html in pages:
        page = _parse(html)
        assert [s for s in page.scripts if s.get("src") != "/static/enhance.js"] == []
        assert "\x1b" not in html


def test_the_due_page_links_deadlines_and_actions(demo_gf: Govflow) -> None:
    demo_gf.add_action("PANEL_903", "SECAS to report back (fictional)", due="2099-01-05")
    links = _parse(render_due(demo_gf, APP)).links
    assert "/proposals/MP904" in links and "/meetings/PANEL_903" in links
    assert "/calendar.ics" in links


def test_the_search_page_lists_what_matched_and_says_why_a_query_is_refused(
    demo_gf: Govflow,
) -> None:
    page, status = render_search(demo_gf, "manifest", APP)
    links = _parse(page).links
    assert status == 200 and "/proposals/MP902" in links and "/meetings/PANEL_903" in links
    page, status = render_search(demo_gf, "???", APP)
    assert status == 400 and "nothing to search for" in page


# -- the routes -----------------------------------------------------------------------------------
@pytest.fixture
def client(demo_gf: Govflow, db_url: str) -> Iterator[TestClient]:
    with TestClient(create_app(WebConfig(database=db_url))) as c:
        yield c


@pytest.mark.parametrize(
    ("url", "status", "kind"),
    [("/", 200, "text/html"), ("/?stage=approved&text=mp131", 200, "text/html"),
     ("/?as_of=nope", 400, "text/html"), ("/proposals/MP099", 200, "text/html"),
     ("/proposals/MP990", 404, "text/html"), ("/meetings", 200, "text/html"),
     ("/meetings/CB_901", 200, "text/html"), ("/meetings/CB_999", 404, "text/html"),
     ("/due", 200, "text/html"), ("/search?q=fictional", 200, "text/html"),
     ("/calendar.ics", 200, "text/calendar"), ("/static/govflow.css", 200, "text/css"),
     ("/static/enhance.js", 200, "text/javascript")],
)  # fmt: skip
def test_each_page_answers_with_its_status_and_type(
    client: TestClient, url: str, status: int, kind: str
) -> None:
    response = client.get(url)
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(kind)


def test_token_only_reading_sends_a_browser_to_sign_in_and_lets_a_token_read(
    client: TestClient, demo_gf: Govflow
) -> None:
    demo_gf.set_reading("token")
    response = client.get("/proposals/MP099?x=1", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=%2Fproposals%2FMP099%3Fx%3D1"
    assert client.get("/calendar.ics").status_code == 401
    secret = demo_gf.add_token("panel reader", role="reader").secret
    auth = {"Authorization": f"Bearer {secret}"}
    assert client.get("/proposals/MP099", headers=auth).status_code == 200
    assert client.get("/calendar.ics", headers=auth).status_code == 200
    bad = client.get("/", headers={"Authorization": "Bearer gft_wrong"})
    assert bad.status_code == 401 and "not valid" in bad.text
    assert client.get("/static/govflow.css").status_code == 200  # styles need no token


def test_a_proposals_deadlines_name_whose_turn_it_is(demo_gf: Govflow) -> None:
    """MP904 (fictional, in the demo) waits for the DCC's Preliminary Assessment: its deadline
    names the DCC, by the workflow's name for it, on the page's Who column."""
    (window,) = demo_gf.deadlines("MP904")
    assert (window.party, window.party_name) == ("DCC", "Data Communications Company")
    html = render_proposal(demo_gf, "MP904", APP)
    assert '<td data-label="Who">Data Communications Company</td>' in html


def test_a_proposals_page_reads_its_reference_from_the_path_as_matched(
    client: TestClient, demo_gf: Govflow
) -> None:  # fmt: skip
    """The route takes the path's text as it was matched (decoded, any spelling), as a
    declared parameter gave it: the page is the proposal's, or the refusal a reference gets."""
    made = re.compile(r" on \S+Z from the audit record")
    page = made.sub("", client.get("/proposals/MP901").text)
    assert made.sub("", render_proposal(demo_gf, "MP901", APP)) == page
    assert made.sub("", client.get("/proposals/mp901").text) == page
    assert made.sub("", client.get("/proposals/SECMP0901").text) == page
    refused = client.get("/proposals/%3Cb%3E")
    assert refused.status_code == 400 and "&lt;b&gt;" in refused.text
