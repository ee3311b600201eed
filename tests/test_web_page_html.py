"""A proposal's page written in Python (``web/proposal_html.py``, framed by
``render.framed``) is what its template wrote (``proposal.html`` extending ``base.html``, kept
here as it was), byte for byte: for every demo proposal and solution, under two roots, and for
views with what the demo lacks (related proposals, aliases, every deadline status, decisions
naming a solution, solutions decided) and values that need escaping (HTML's characters, control
and bidirectional characters). Fictional MP969, CSC_99."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest

from govflow.planning.model import Plan
from govflow.service import Govflow
from govflow.views import Decision, DueItem, ProposalView, RelatedView, SolutionView
from govflow.web.links import Links
from govflow.web.proposal_html import PageParts, content, title
from govflow.web.proposal_page import page_parts
from govflow.web.render import _frame, environment, framed

#: ``proposal.html`` as it was before the page was written in Python.
TEMPLATE = """{% extends "base.html" %}
{% block title %}{{ p.reference }}: {{ p.title }}{% endblock %}
{% block content %}
<header><p class="kicker">{{ wf.title }} · workflow {{ wf.name }}, version {{ wf.version }}</p>
<h1><span class="ref">{{ p.reference }}</span>{{ p.title }}</h1>
<div class="badges"><span class="badge now">{{ p.stage_label }}</span>
{% if p.route_label %}<span class="badge">{{ p.route_label }}</span>{% endif %}
{% if p.proposer %}<span class="badge">proposer {{ p.proposer }}</span>{% endif %}
{% if p.alternative_of %}<span class="badge">alternative of <a href="{{ links.proposal(p.alternative_of) }}">{{ p.alternative_of }}</a></span>{% endif %}
{% for s in p.solutions if s != p.reference %}<span class="badge">solution <a href="{{ links.proposal(s) }}">{{ s }}</a></span>{% endfor %}
{% for r in p.related %}<span class="badge related">{{ {"consequential_on": "consequential on", "consequence": "consequence:"}.get(r.relation, "related to") }} {{ r.code }} <a href="{{ links.proposal(r.reference) }}">{{ r.reference }}</a></span>{% endfor %}
{% if p.aliases|length > 1 %}<span class="badge">also {{ p.aliases[1:]|join(", ") }}</span>{% endif %}
</div></header>
<section class="cards">
<div class="card now"><span class="k">Stage now</span><span class="v">{{ p.stage_label }}</span></div>
<div class="card"><span class="k">Raised</span><span class="v">{{ when_known(p.raised_on, p.raised_on_precision)|dates }}</span></div>
<div class="card"><span class="k">Events</span><span class="v">{{ events|length }}</span></div>
<div class="card"><span class="k">Meetings</span><span class="v">{{ meetings|length }}</span></div>
</section>
<section class="keep">
<h2 id="timeline">Timeline</h2>
<div class="figure scroll" tabindex="0" role="region" aria-labelledby="timeline">{{ timeline }}</div>
<p class="caption">The numbers on the markers are the event numbers (#) of the history below<span class="screen-only">; hover over a marker for what it was</span>.{% if drawn %} After today, dashed, the plan along {{ drawn }}: the earliest each step can happen, not on record<span class="screen-only">; hover over or focus (Tab) a dashed mark for why it falls then</span>; the <a href="#plan">Planned</a> section lists every step.{% endif %}</p>
</section>
<section class="keep">
<h2 id="route">Route on the workflow</h2>
<div class="figure scroll" tabindex="0" role="region" aria-labelledby="route">{{ diagram }}</div>
<p class="caption">The route {{ p.reference }} took is drawn bold; the stage it is in now is filled.</p>
</section>
<section class="keep">
<h2 id="decisions">Decisions</h2>
{% if p.decisions or p.vote %}
<ul>
{% if p.vote %}<li>Latest vote: {{ {"approve": "for approval", "reject": "for rejection"}.get(p.vote, p.vote) }}</li>{% endif %}
{% for d in p.decisions %}{% set words = decision(d) %}<li>{{ when_known(d.on, d.on_precision)|dates }}: {% if d.solution and words.endswith(d.solution) %}{{ words[:-(d.solution|length)] }}<a href="{{ links.proposal(d.solution) }}">{{ d.solution }}</a>{% else %}{{ words }}{% endif %}</li>{% endfor %}
</ul>
{% else %}<p>No decision recorded yet.</p>{% endif %}
</section>
{% if p.standing %}
<section class="keep">
<h2 id="solutions">Solutions</h2>
<table class="stack solutions"><caption>Each solution: where it stands, its latest vote, recommendation and decision</caption>
<thead><tr><th>Solution</th><th>Standing</th><th>Vote</th><th>Recommended</th><th>Decided</th></tr></thead><tbody>
{% for s in p.standing %}<tr{% if s.reference == p.asked %} class="asked"{% endif %}><td data-label="Solution"><a class="ref" href="{{ links.proposal(s.reference) }}">{{ s.reference }}</a></td><td data-label="Standing">{{ s.status }}</td><td data-label="Vote">{{ s.vote or "" }}</td><td data-label="Recommended">{{ s.recommended or "" }}</td><td data-label="Decided">{% if s.decided %}{{ s.decided }}{% if s.decided_by %} by {{ s.decided_by }}{% endif %}{% if s.decided_on %}, {{ s.decided_on|dates }}{% endif %}{% endif %}</td></tr>
{% endfor %}
</tbody></table>
</section>
{% endif %}
<section class="keep">
<h2 id="deadlines">Deadlines</h2>
{% if deadlines %}
<table class="stack"><thead><tr><th>What</th><th>Opened</th><th>Due</th><th>Working days left</th><th>Who</th><th>Status</th></tr></thead><tbody>
{% for d in deadlines %}<tr class="{{ d.status }}"><td data-label="What">{{ d.what }}</td><td data-label="Opened">{{ d.opened_on|dates }}</td><td data-label="Due">{{ d.due_on|dates }}</td><td data-label="Working days left" class="num">{{ d.working_days_left if d.status == "open" else "" }}</td><td data-label="Who">{{ d.party_name or d.party or "" }}</td><td data-label="Status">{{ "not applicable (moved on)" if d.status == "moot" else d.status }}</td></tr>
{% endfor %}
</tbody></table>
{% else %}<p>No deadline recorded.</p>{% endif %}
</section>
<section class="keep">
<h2 id="plan">Planned</h2>
{% if plan.terminal %}<p>Nothing to plan: {{ p.reference }} is closed.</p>
{% else %}
<p>The earliest each remaining step can happen from {{ plan.start|dates }}, and why. Nothing here is on record: dates marked <em>assumed</em> rest on a committee's usual cadence or a release's scope; see <code>govflow plan {{ p.reference }}</code>.</p>
{{ planned }}{% endif %}
</section>
<section class="keep">
<h2 id="meetings">Meetings</h2>
{% if meetings %}<ul class="inline">{% for m in meetings %}<li><a href="{{ links.meeting(m) }}">{{ m }}</a></li>{% endfor %}</ul>
{% else %}<p>No meeting on record.</p>{% endif %}
</section>
<section>
<h2 id="history">History</h2>
<table class="stack history"><thead><tr><th>#</th><th>Date</th><th>What</th><th>Meeting</th><th>By</th><th>Note</th></tr></thead><tbody>
{{ history }}</tbody></table>
</section>
{% endblock %}
"""  # noqa: E501

LINKS = (Links(root="/"), Links(root="/sub path/&x/"))
_MADE = re.compile(r" on \d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z from")
ODD = "a <b>\"x\"</b> & 'y'\x1b[31m\u202e on 2021-02-03\tdone\nnext\r"


def _template(p: ProposalView, parts: PageParts, links: Links) -> str:
    head, nav = _frame(links)
    return environment().from_string(TEMPLATE).render(
        links=links, generated_at="2026-01-01T00:00:00Z", head=head, nav=nav, p=p, wf=parts.wf,
        events=range(parts.events), meetings=parts.meetings, timeline=parts.timeline,
        diagram=parts.diagram, drawn=parts.drawn, history=parts.history,
        deadlines=parts.deadlines, plan=parts.plan, planned=parts.planned,
        decision=parts.decision,
    )  # fmt: skip


def _same(p: ProposalView, parts: PageParts, links: Links) -> None:
    written = framed(links, title(p), content(p, parts, links))
    assert _MADE.sub(" on T from", written) == _MADE.sub(" on T from", _template(p, parts, links))


def test_every_demo_page_is_the_templates(demo_gf: Govflow) -> None:
    references = [r for p in demo_gf.proposals() for r in (p.reference, *p.solutions)]
    assert len(references) > 5
    for links in LINKS:
        for reference in references:
            _same(*page_parts(demo_gf, reference, links), links)


def _odd_view(p: ProposalView) -> ProposalView:
    on = dt.date(2021, 3, 2)
    return dataclasses.replace(
        p, title=ODD, proposer=ODD, route_label=ODD, stage_label=ODD, alternative_of="MP969",
        aliases=("MP969", "SECMP0969", ODD), solutions=("MP969", "MP969A", "MP969B"),
        related=(RelatedView("consequential_on", "P9415", "BSC", "BSC:9415", "to", on),
                 RelatedView("consequence", "9678", "UNC", "UNC:9678", "from", on),
                 RelatedView("related", ODD, ODD, "X:1", "to", on)),
        vote="approve",
        decisions=(Decision("approve", "CB", "approve", "MP969A", on),
                   Decision(None, None, "reject", None, on, "month"),
                   Decision("x", ODD, ODD, ODD, on)),
        standing=(SolutionView("MP969", "not approved"),
                  SolutionView("MP969A", "approved", "approve", "approve", "approve", "CB", on),
                  SolutionView(ODD, ODD, ODD, ODD, ODD, None, None)),
        asked="MP969A", raised_on_precision="month",
    )  # fmt: skip


def _deadlines() -> list[DueItem]:
    on = dt.date(2021, 3, 2)
    return [DueItem("deadline", n, "MP969", None, None, what, party, opened, on, left, status,
                    party_name=name)
            for n, (what, party, opened, left, status, name) in enumerate((
                ("Consultation", "CB", on, 3, "open", "Change Board"),
                (ODD, None, None, -2, "late", ""), (ODD, ODD, on, 0, "lapsed", ODD),
                ("x", None, on, 1, "closed", ""), ("y", "CB", on, 5, "moot", ""),
            ))]  # fmt: skip


@pytest.mark.parametrize("links", LINKS, ids=["root", "sub"])
def test_a_page_with_what_the_demo_lacks_is_the_templates(
    demo_gf: Govflow, links: Links
) -> None:  # fmt: skip
    p, parts = page_parts(demo_gf, "MP901", links)
    odd = _odd_view(p)
    _same(odd, parts, links)
    decided = dataclasses.replace(parts, decision=lambda d: f"{ODD} {d.solution or ''}")
    _same(odd, decided, links)
    _same(odd, dataclasses.replace(parts, deadlines=_deadlines(), drawn=ODD, meetings=[ODD]),
          links)  # fmt: skip
    closed = Plan("MP969", "", dt.date(2021, 3, 2), (), terminal=True)
    _same(p, dataclasses.replace(parts, plan=closed, drawn="", meetings=[]), links)
    bare = dataclasses.replace(p, route_label="", proposer=None, vote=None, decisions=(),
                               aliases=(p.reference,), related=(), standing=())  # fmt: skip
    _same(bare, parts, links)
