"""The portfolio page: every open proposal as a Gantt chart (inline SVG) and a table, over the
fictional MP9xx timetable of tests/plan_kit.py (invented numbers, no real record)."""

from __future__ import annotations

import datetime as dt
import re

from govflow.service import Govflow
from govflow.web.links import Links
from govflow.web.portfolio_page import render_portfolio
from tests.conftest import Api
from tests.plan_kit import in_refinement, timetable

DAY = dt.date(2021, 12, 8)


def _portfolio(gf: Govflow) -> None:
    """MP902 (Refinement), MP903 (targeted November 2022), MP904 (targeted March 2022: at
    risk) and MP909 (withdrawn: not drawn)."""
    timetable(gf)
    in_refinement(gf)
    gf.raise_proposal("MP904", title="Fictional, late", on="2021-09-01", path=3)
    gf.advance("MP904", "start_refinement", on="2021-10-01")
    gf.release("MP904", "March 2022", release_date="2022-03-03", on="2021-10-01")
    gf.raise_proposal("MP909", title="Fictional, withdrawn", on="2021-09-01")
    gf.advance("MP909", "withdraw", on="2021-10-01")


def _svg(page: str) -> str:
    return page.split('<svg class="gantt"', 1)[1].split("</svg>", 1)[0]


def test_the_portfolio_draws_a_bar_per_open_proposal_releases_and_the_risk(gf: Govflow) -> None:
    _portfolio(gf)
    page = render_portfolio(gf, Links(), today=DAY)
    svg = _svg(page)
    assert svg.count('<rect class="past"') == 3  # MP902, MP903, MP904; not withdrawn MP909
    assert re.findall(r'<text class="ref"[^>]*>(MP9\d\d)', svg) == ["MP902", "MP903", "MP904"]
    assert "MP909" not in page
    names = re.findall(r'<text class="release-name"[^>]*>([^<]+)</text>', svg)
    assert names == ["March 2022", "June 2022", "November 2022"]
    # MP904 is marked in words, in the chart and the table, with the reason in its bar's title
    assert re.search(r'MP904 <tspan class="risk">at risk</tspan>', svg)
    assert svg.count("at risk</tspan>") == 1
    late = re.search(r'<line class="plan late"[^>]*><title>([^<]+)</title>', svg)
    assert late and late[1].startswith("MP904:") and "at risk for March 2022" in late[1]
    past = re.findall(r'<rect class="past"[^>]*><title>([^<]+)</title>', svg)
    assert past[0].startswith("raised 2021-09-01, Refinement Process today; MP902: can go live")
    assert page.count('<strong class="at-risk">at risk</strong>') == 1
    assert "<script>" not in svg and "style=" not in page


def test_the_portfolio_page_is_served_and_linked_from_the_nav(api: Api) -> None:
    _portfolio(api.gf)
    page = api.get("/portfolio")
    assert page.status_code == 200, page.text
    assert '<svg class="gantt"' in page.text and 'href="/portfolio">Portfolio</a>' in page.text
    register = api.get("/")
    assert 'href="/portfolio">Portfolio</a>' in register.text


def test_an_empty_portfolio_says_so(gf: Govflow) -> None:
    page = render_portfolio(gf, Links(), today=DAY)
    assert "No open proposal." in page and '<svg class="gantt"' not in page
