"""The plan as the dashed future of a proposal's timeline picture: a focusable mark per dated
step, named with its reason, on the proposal page, in the static site and in the HTML export
(fictional MP902 of tests/plan_kit.py, planned as of 8 December 2021)."""

from __future__ import annotations

import datetime as dt
import io
import re

from govflow.exporters.reports import life_of, moments_from_views
from govflow.exporters.svg_plan import planned_of
from govflow.exporters.svg_timeline import timeline_svg
from govflow.service import Govflow
from govflow.web.links import Links
from govflow.web.proposal_page import render_proposal
from tests.conftest import Api
from tests.plan_kit import in_refinement, timetable

DAY = dt.date(2021, 12, 8)


def _svg(gf: Govflow, reference: str = "MP902") -> str:
    _, planned = planned_of(gf.plan(reference, today=DAY))
    wf = gf.registry.get(gf.proposal(reference).workflow)
    life = life_of(moments_from_views(gf.history(reference)), lambda s: False, DAY)
    return timeline_svg(life, wf, lambda m: m.kind, planned=planned)


def _labels(svg: str) -> list[str]:
    return re.findall(r'<g class="planned" tabindex="0" role="img" aria-label="([^"]+)">', svg)


def test_each_dated_step_is_a_dashed_focusable_mark_named_with_its_reason(gf: Govflow) -> None:
    timetable(gf)
    in_refinement(gf)
    svg = _svg(gf)
    labels = _labels(svg)
    assert len(labels) == 7  # every step of the route is dated, up to the release
    named = {label.split(": ", 1)[1].split(" on ", 1)[0]: label for label in labels}
    assert "ends on 2021-12-30" in named["Refinement Consultation closed"]  # a window
    assert "the first planned meeting of SEC Panel" in named["Refinement Process → Report Phase"]
    approve = named["Change Board approved"]  # no CB meeting on record then: its cadence, assumed
    assert "on 2022-03-23 at the earliest" in approve and ", assumed." in approve
    assert "assumed from Change Board&#x27;s cadence" in approve
    assert "November 2022" in named["Pending Implementation → Implemented"]  # a release
    assert all(label.startswith("Planned, not on record: ") for label in labels)
    # the reason is also drawn, hidden until the mark is hovered or focused
    assert svg.count('<g class="tip" aria-hidden="true">') == 7
    assert "svg.timeline g.planned:focus .tip" in svg  # the picture's own rules (inline)
    assert 'role="group"' in svg and "Report Phase (planned)" in svg
    assert svg.count('class="plan-span"') == 4  # Refinement on, Report, CB, Approved
    assert "planned (dashed)" in svg  # in the legend


def test_a_closed_proposal_has_no_future_drawn(gf: Govflow) -> None:
    gf.raise_proposal("MP909", title="Fictional, withdrawn", on="2021-09-01")
    gf.advance("MP909", "withdraw", on="2021-10-01")
    svg = _svg(gf, "MP909")
    assert _labels(svg) == [] and 'role="img"' in svg and "(planned)" not in svg
    assert "Dashed: planned" not in svg


def test_the_page_the_site_and_the_html_export_draw_the_future(api: Api) -> None:
    gf = api.gf
    timetable(gf)
    in_refinement(gf)
    page = api.get("/proposals/MP902").text  # planned from today: at least its next step
    assert _labels(page) and "After today, dashed, the plan along Path 3" in page
    assert "style=" not in page.split('<svg class="timeline"', 1)[1].split("</svg>", 1)[0]
    assert _labels(render_proposal(gf, "MP902", Links()))  # the static site's page
    out = io.StringIO()
    gf.export_timeline(out, "html", "MP902")
    assert _labels(out.getvalue()) and "focus (Tab) a dashed mark" in out.getvalue()
