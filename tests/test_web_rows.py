"""The tables a proposal's page writes in Python (``web/page_rows.py``) are what its template
wrote (the loops kept here as they were), for every demo proposal and for values that need
escaping: HTML's characters, control characters, dates in notes, no value at all; a section
kept is the section written anew. Fictional MP969, CSC_99."""

from __future__ import annotations

import datetime as dt

from markupsafe import Markup

from govflow.exporters.text import event_date, who
from govflow.model import Event
from govflow.planning.model import PlannedStep, RoutePlan
from govflow.service import Govflow
from govflow.web.links import Links
from govflow.web.page_rows import history_rows, planned_routes
from govflow.web.render import environment
from govflow.web.words import event_words

#: The History loop of ``proposal.html`` as it was before its rows were written in Python.
HISTORY = """{% for e in events %}
<tr id="event-{{ e.seq }}"{% if e.to_stage %} class="stage"{% endif %}>
<td data-label="#" class="num">{{ e.seq }}</td>
<td data-label="Date">{{ event_date(e)|dates }}</td>
<td data-label="What">{{ describe(e)|dates }}</td>
<td data-label="Meeting">{% if e.meeting %}<a href="{{ links.meeting(e.meeting) }}">{{ e.meeting }}</a>{% if e.item %} item {{ e.item }}{% endif %}{% endif %}</td>
<td data-label="By">{{ who(e) }}</td>
<td data-label="Note" class="note">{{ e.note|dates }}</td>
</tr>
{% endfor %}
"""  # noqa: E501

LINKS = (Links(root="/"), Links(root="/sub path/&x/"))

ODD = (
    Event(seq=7, kind="transition", trigger="submit", from_stage="draft",
          to_stage="development", occurred_on=dt.date(2021, 3, 2), meeting='CSC_99&<"x">',
          item="3.2 'b'", actor="Ofgem\u202e & <SECAS>", body="CB",
          note="a <b>note</b>\x1b[31m on 2021-02-03 & 'then'\tdone\nnext\r"),
    Event(seq=8, kind="milestone", milestone="mrc_opened", occurred_on=dt.date(2021, 4, 30),
          until=dt.date(2021, 5, 21), payload={"date_precision": "month"}, meeting="CSC_99",
          date_precision="month"),
    Event(seq=9, kind="implied", trigger="send_to_report", from_stage="refinement",
          to_stage="report", occurred_on=dt.date(2021, 6, 1), implied=True, note=""),
)  # fmt: skip


def _template_rows(events: list[Event], texts: list[str], wf: object, links: Links) -> str:
    words = {id(e): text for e, text in zip(events, texts, strict=True)}
    return environment().from_string(HISTORY).render(
        events=events, links=links, event_date=event_date, describe=lambda e: words[id(e)],
        who=lambda e: who(e, wf),  # type: ignore[arg-type]
    )  # fmt: skip


def test_the_history_rows_are_the_templates_for_every_demo_proposal(demo_gf: Govflow) -> None:
    references = [r for p in demo_gf.proposals() for r in (p.reference, *p.solutions)]
    for reference, links in ((r, k) for r in references for k in LINKS):
        p, events = demo_gf.proposal(reference), demo_gf.history(reference)
        wf = demo_gf.registry.get(p.workflow, p.workflow_version)
        texts = [event_words(e, wf, p.alternative_of or p.reference) for e in events]
        written = history_rows(events, texts, wf, links)
        assert isinstance(written, Markup)
        assert str(written) == _template_rows(events, texts, wf, links), reference
    assert history_rows([], [], wf, LINKS[0]) == "" == _template_rows([], [], wf, LINKS[0])


def test_the_history_rows_escape_as_the_template_does(demo_gf: Govflow) -> None:
    wf = demo_gf.registry.get("sec-modification")
    texts = ["<i>moved</i> on 2021-03-02 & \x07 more", "", "by 2021-06-01 \u2066'x'"]
    for links in LINKS:
        written = str(history_rows(ODD, texts, wf, links))
        assert written == _template_rows(list(ODD), texts, wf, links)
        assert "<b>" not in written and "\x1b" not in written and "\u202e" not in written


#: The Planned routes' loop of ``proposal.html`` as it was before it was written in Python.
ROUTES = """{% for r in plan.routes %}
<h3>{% if r.path %}{{ wf.route_term }} {{ r.path }}{% if r.path_assumed %} (if it is set: not on record){% endif %}{% else %}Its route{% endif %}</h3>
{% if r.steps %}
<table class="stack planned"><thead><tr><th>Earliest</th><th>Step</th><th>At</th><th>Why</th></tr></thead><tbody>
{{ planned_rows(r.steps) }}</tbody></table>
{% elif not r.stops %}<p>Nothing left to plan on this route.</p>{% endif %}
{% if r.stops %}<p>The plan stops: {{ r.stops|dates }}</p>{% endif %}
{% endfor %}
"""  # noqa: E501

STEP = PlannedStep("send_to_report", "transition", "refinement", "report", dt.date(2022, 1, 21),
                   "the <b>PANEL</b> meets on 2022-01-21 & \x1b[0m", meeting="PANEL_1&2",
                   label="Send to the Report Phase")  # fmt: skip
ODD_ROUTES = (
    RoutePlan("3", True, (STEP,)),
    RoutePlan("<self>", False, (), stops="no meeting \u202e after 2022-02-01 & <never>"),
    RoutePlan(None, False, ()),
    RoutePlan("2", False, (STEP, STEP), stops="then <stops>"),
)


def _template_routes(routes: tuple[RoutePlan, ...], route_term: str) -> str:
    from govflow.web.page_rows import planned_rows

    plan = type("P", (), {"routes": routes})
    wf = type("W", (), {"route_term": route_term})
    return environment().from_string(ROUTES).render(plan=plan, wf=wf, planned_rows=planned_rows)


def test_the_planned_routes_are_the_templates_for_every_demo_proposal(demo_gf: Govflow) -> None:
    for p in demo_gf.proposals():
        plan = demo_gf.plan(p.reference)
        term = demo_gf.registry.get(p.workflow, p.workflow_version).route_term
        assert planned_routes(plan.routes, term) == _template_routes(plan.routes, term)


def test_the_planned_routes_escape_as_the_template_does() -> None:
    for term in ("Path", "<Route> & 'x'"):
        written = planned_routes(ODD_ROUTES, term)
        assert isinstance(written, Markup)
        assert str(written) == _template_routes(ODD_ROUTES, term)
        assert "<self>" not in written and "\u202e" not in written


def test_a_section_kept_is_the_section_of_the_routes_given() -> None:
    """Kept by the routes' identity, then by their value: the same routes give the section
    kept, equal routes the same section, changed routes (or another word for a route) a
    section written anew."""
    first = planned_routes(ODD_ROUTES, "Path")
    assert planned_routes(ODD_ROUTES, "Path") is first
    assert planned_routes(tuple(RoutePlan(r.path, r.path_assumed, r.steps, r.stops)
                                for r in ODD_ROUTES), "Path") == first  # fmt: skip
    changed = (RoutePlan("3", False, (STEP,)), *ODD_ROUTES[1:])
    assert planned_routes(changed, "Path") == _template_routes(changed, "Path") != first
    assert planned_routes(ODD_ROUTES, "Route") == _template_routes(ODD_ROUTES, "Route") != first
