"""A proposal's page written in Python: its header, cards and sections, as its template wrote
them.

In the template each of a page's ~50 values went through Jinja2's runtime (an attribute
look-up, ``finalize``, ``escape``, a ``Markup``), about a fifth of a page's work; here each is
one f-string field. Every value is written as the template's ``{{ }}`` wrote it
(:func:`~govflow.web.page_rows.shown`: control characters made visible, then HTML escaped),
each ``|dates`` by :func:`~govflow.web.words.dates`, and the template's whitespace control
(``trim_blocks``: the newline after a block tag dropped) kept; ``tests/test_web_page_html.py``
holds the page to the template it replaces, kept there.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from govflow.exporters.text import when_known
from govflow.planning.model import Plan
from govflow.views import Decision, DueItem, ProposalView, RelatedView, SolutionView
from govflow.web.links import Links
from govflow.web.page_rows import shown
from govflow.web.words import dates
from govflow.workflow.definition import Workflow

_RELATIONS = {"consequential_on": "consequential on", "consequence": "consequence:"}
_VOTES = {"approve": "for approval", "reject": "for rejection"}
_TIMELINE_CAPTION = (
    '<p class="caption">The numbers on the markers are the event numbers (#) of the history '
    'below<span class="screen-only">; hover over a marker for what it was</span>.'
)
_DEADLINES_HEAD = (
    '<table class="stack"><thead><tr><th>What</th><th>Opened</th><th>Due</th>'
    "<th>Working days left</th><th>Who</th><th>Status</th></tr></thead><tbody>\n"
)
_SOLUTIONS_HEAD = (
    '<section class="keep">\n<h2 id="solutions">Solutions</h2>\n'
    '<table class="stack solutions"><caption>Each solution: where it stands, its latest vote, '
    "recommendation and decision</caption>\n<thead><tr><th>Solution</th><th>Standing</th>"
    "<th>Vote</th><th>Recommended</th><th>Decided</th></tr></thead><tbody>\n"
)
_HISTORY_HEAD = (
    '<section>\n<h2 id="history">History</h2>\n<table class="stack history"><thead><tr>'
    "<th>#</th><th>Date</th><th>What</th><th>Meeting</th><th>By</th><th>Note</th></tr>"
    "</thead><tbody>\n"
)


@dataclass(frozen=True)
class PageParts:
    """What the page shows besides the proposal's view: the pictures, the rows already
    written, and the reads."""

    wf: Workflow
    events: int  # how many events the history holds
    meetings: Sequence[str]
    timeline: Markup
    diagram: Markup
    drawn: str  # the route the timeline's plan is drawn along, in words ("" for none)
    history: Markup
    deadlines: Sequence[DueItem]
    plan: Plan
    planned: Markup
    decision: Callable[[Decision], str]


def title(p: ProposalView) -> str:
    """The page's ``<title>``."""
    return f"{shown(p.reference)}: {shown(p.title)}"


def content(p: ProposalView, parts: PageParts, links: Links) -> str:
    """The page's content (what the ``content`` block of its template wrote)."""
    ref = shown(p.reference)
    return "".join((
        _header(p, parts.wf, links), _cards(p, parts),
        _timeline(parts), _route(ref, parts.diagram), _decisions(p, parts, links),
        _solutions(p, links) if p.standing else "", _deadlines(parts.deadlines),
        _planned(ref, parts), _meetings(parts.meetings, links),
        _HISTORY_HEAD, parts.history, "</tbody></table>\n</section>\n",
    ))  # fmt: skip


def _header(p: ProposalView, wf: Workflow, links: Links) -> str:
    badges = [f'<span class="badge now">{shown(p.stage_label)}</span>\n']
    if p.route_label:
        badges.append(f'<span class="badge">{shown(p.route_label)}</span>')
    if p.proposer:
        badges.append(f'<span class="badge">proposer {shown(p.proposer)}</span>')
    if p.alternative_of:
        badges.append(f'<span class="badge">alternative of {_link(links, p.alternative_of)}'
                      "</span>")  # fmt: skip
    badges += [f'<span class="badge">solution {_link(links, s)}</span>'
               for s in p.solutions if s != p.reference]  # fmt: skip
    badges += map(lambda r: _related(r, links), p.related)
    if len(p.aliases) > 1:
        badges.append(f'<span class="badge">also {shown(", ".join(p.aliases[1:]))}</span>')
    return (f'<header><p class="kicker">{shown(wf.title)} · workflow {shown(wf.name)}, '
            f"version {shown(wf.version)}</p>\n"
            f'<h1><span class="ref">{shown(p.reference)}</span>{shown(p.title)}</h1>\n'
            f'<div class="badges">{"".join(badges)}</div></header>\n')  # fmt: skip


def _link(links: Links, reference: str) -> str:
    return f'<a href="{shown(links.proposal(reference))}">{shown(reference)}</a>'


def _related(r: RelatedView, links: Links) -> str:
    said = _RELATIONS.get(r.relation, "related to")
    return (f'<span class="badge related">{shown(said)} {shown(r.code)} '
            f"{_link(links, r.reference)}</span>")  # fmt: skip


def _cards(p: ProposalView, parts: PageParts) -> str:
    raised = dates(when_known(p.raised_on, p.raised_on_precision))
    return ('<section class="cards">\n'
            f'<div class="card now"><span class="k">Stage now</span><span class="v">'
            f"{shown(p.stage_label)}</span></div>\n"
            f'<div class="card"><span class="k">Raised</span><span class="v">{raised}</span>'
            "</div>\n"
            f'<div class="card"><span class="k">Events</span><span class="v">{parts.events}'
            "</span></div>\n"
            f'<div class="card"><span class="k">Meetings</span><span class="v">'
            f"{len(parts.meetings)}</span></div>\n</section>\n")  # fmt: skip


def _timeline(parts: PageParts) -> str:
    caption = _TIMELINE_CAPTION
    if parts.drawn:
        caption += (f" After today, dashed, the plan along {shown(parts.drawn)}: the earliest "
                    "each step can happen, not on record<span class=\"screen-only\">; hover "
                    "over or focus (Tab) a dashed mark for why it falls then</span>; the "
                    '<a href="#plan">Planned</a> section lists every step.')  # fmt: skip
    return ('<section class="keep">\n<h2 id="timeline">Timeline</h2>\n'
            '<div class="figure scroll" tabindex="0" role="region" aria-labelledby="timeline">'
            f"{parts.timeline}</div>\n{caption}</p>\n</section>\n")  # fmt: skip


def _route(ref: str, diagram: Markup) -> str:
    return ('<section class="keep">\n<h2 id="route">Route on the workflow</h2>\n'
            '<div class="figure scroll" tabindex="0" role="region" aria-labelledby="route">'
            f"{diagram}</div>\n<p class=\"caption\">The route {ref} took is drawn bold; the "
            "stage it is in now is filled.</p>\n</section>\n")  # fmt: skip


def _decisions(p: ProposalView, parts: PageParts, links: Links) -> str:
    head = '<section class="keep">\n<h2 id="decisions">Decisions</h2>\n'
    if not (p.decisions or p.vote):
        return head + "<p>No decision recorded yet.</p></section>\n"
    items = [f"<li>Latest vote: {shown(_VOTES.get(p.vote, p.vote))}</li>"] if p.vote else []
    for d in p.decisions:
        words = parts.decision(d)
        if d.solution and words.endswith(d.solution):
            said = shown(words[: -len(d.solution)]) + _link(links, d.solution)
        else:
            said = shown(words)
        items.append(f"<li>{dates(when_known(d.on, d.on_precision))}: {said}</li>")
    return f"{head}<ul>\n{''.join(items)}</ul>\n</section>\n"


def _solutions(p: ProposalView, links: Links) -> str:
    rows = "".join(_solution(s, p.asked, links) for s in p.standing)
    return f"{_SOLUTIONS_HEAD}{rows}</tbody></table>\n</section>\n"


def _solution(s: SolutionView, asked: str | None, links: Links) -> str:
    decided = ""
    if s.decided:
        decided = shown(s.decided)
        if s.decided_by:
            decided += f" by {shown(s.decided_by)}"
        if s.decided_on:
            decided += f", {dates(s.decided_on)}"
    mark = ' class="asked"' if s.reference == asked else ""
    return (f'<tr{mark}><td data-label="Solution"><a class="ref" '
            f'href="{shown(links.proposal(s.reference))}">{shown(s.reference)}</a></td>'
            f'<td data-label="Standing">{shown(s.status)}</td>'
            f'<td data-label="Vote">{shown(s.vote or "")}</td>'
            f'<td data-label="Recommended">{shown(s.recommended or "")}</td>'
            f'<td data-label="Decided">{decided}</td></tr>\n')  # fmt: skip


def _deadlines(deadlines: Sequence[DueItem]) -> str:
    head = '<section class="keep">\n<h2 id="deadlines">Deadlines</h2>\n'
    if not deadlines:
        return head + "<p>No deadline recorded.</p></section>\n"
    rows = "".join(map(_deadline, deadlines))
    return f"{head}{_DEADLINES_HEAD}{rows}</tbody></table>\n</section>\n"


def _deadline(d: DueItem) -> str:
    left = shown(d.working_days_left) if d.status == "open" else ""
    status = "not applicable (moved on)" if d.status == "moot" else d.status
    return (f'<tr class="{shown(d.status)}"><td data-label="What">{shown(d.what)}</td>'
            f'<td data-label="Opened">{dates(d.opened_on)}</td>'
            f'<td data-label="Due">{dates(d.due_on)}</td>'
            f'<td data-label="Working days left" class="num">{left}</td>'
            f'<td data-label="Who">{shown(d.party_name or d.party or "")}</td>'
            f'<td data-label="Status">{shown(status)}</td></tr>\n')  # fmt: skip


def _planned(ref: str, parts: PageParts) -> str:
    head = '<section class="keep">\n<h2 id="plan">Planned</h2>\n'
    if parts.plan.terminal:
        return f"{head}<p>Nothing to plan: {ref} is closed.</p>\n</section>\n"
    return (f"{head}<p>The earliest each remaining step can happen from "
            f"{dates(parts.plan.start)}, and why. Nothing here is on record: dates marked "
            "<em>assumed</em> rest on a committee's usual cadence or a release's scope; see "
            f"<code>govflow plan {ref}</code>.</p>\n{parts.planned}</section>\n")  # fmt: skip


def _meetings(meetings: Sequence[str], links: Links) -> str:
    head = '<section class="keep">\n<h2 id="meetings">Meetings</h2>\n'
    if not meetings:
        return head + "<p>No meeting on record.</p></section>\n"
    items = "".join(f'<li><a href="{shown(links.meeting(m))}">{shown(m)}</a></li>'
                    for m in meetings)  # fmt: skip
    return f'{head}<ul class="inline">{items}</ul>\n</section>\n'
