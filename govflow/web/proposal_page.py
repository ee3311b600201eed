"""A proposal's page and a meeting's page: the pictures, the history, what each item moved."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Sequence

from markupsafe import Markup

from govflow.exporters.svg_diagram import diagram_svg
from govflow.exporters.svg_plan import Planned, planned_of
from govflow.service import Govflow
from govflow.views import EventView, ProposalView
from govflow.web.links import Links
from govflow.web.page_rows import history_rows, planned_routes
from govflow.web.proposal_html import PageParts, content, title
from govflow.web.render import framed, render
from govflow.web.timelines import Same, draw
from govflow.web.words import decision, event_words
from govflow.workflow.definition import Workflow


def route_taken(events: Sequence[EventView]) -> list[tuple[str, str]]:
    """The moves a history made, in order (implied steps included): the route it took."""
    return [(e.from_stage, e.to_stage) for e in events if e.from_stage and e.to_stage]


@functools.lru_cache(maxsize=256)
def _drawn(wf: Same, stage: str, taken: frozenset[tuple[str, str]]) -> str:
    return diagram_svg(wf.wf, stage, taken=taken, inline_css=False)


def route_picture(wf: Workflow, stage: str, taken: Iterable[tuple[str, str]]) -> Markup:
    """The workflow diagram with the stage a proposal is in and the moves it made: drawn once
    for the proposals alike (a picture of one workflow version, stage and route never
    changes), then kept, 256 at most."""
    return Markup(_drawn(Same(wf), stage, frozenset(taken)))


def timeline_picture(
    events: Sequence[EventView], wf: Workflow, today: dt.date, reference: str = "",
    planned: Sequence[Planned] = (), texts: Sequence[str] | None = None,
) -> Markup:  # fmt: skip
    """The timeline SVG (stages over time, milestones, meetings) of a history, and its plan
    dashed after today (``texts``: each event's words, as ``event_words`` gives them, when
    already written): drawn once for the histories alike, then kept (:mod:`.timelines`)."""
    if texts is None:
        texts = [event_words(e, wf, reference) for e in events]
    words = {e.seq: text for e, text in zip(events, texts, strict=True)}
    return Markup(draw(events, wf, today, planned, words))


def render_proposal(gf: Govflow, reference: str, links: Links) -> str:
    """One proposal: summary, timeline, the route it took on the workflow, decisions,
    deadlines, its plan (what happens next, and when at the earliest), the meetings that
    handled it and its history."""
    p, parts = page_parts(gf, reference, links)
    return framed(links, title(p), content(p, parts, links))


def page_parts(gf: Govflow, reference: str, links: Links) -> tuple[ProposalView, PageParts]:
    """What a proposal's page shows: its view, and the rest read and drawn."""
    read = gf.proposal_page(reference)  # what the page shows, read at one moment
    p, events, deadlines, plan = read.proposal, read.history, read.deadlines, read.plan
    wf = gf.registry.get(p.workflow, p.workflow_version)
    today = dt.datetime.now(dt.UTC).date()
    meetings = list(dict.fromkeys(e.meeting for e in events if e.meeting))
    base = p.alternative_of or p.reference  # a decision names a solution by its letter
    drawn, planned = planned_of(plan)
    texts = [event_words(e, wf, base) for e in events]  # for the timeline and the history
    parts = PageParts(
        wf=wf, events=len(events), meetings=meetings,
        timeline=timeline_picture(events, wf, today, base, planned, texts),
        diagram=route_picture(wf, p.stage, route_taken(events)),
        drawn=drawn, history=history_rows(events, texts, wf, links),
        deadlines=deadlines, plan=plan, planned=planned_routes(plan.routes, wf.route_term),
        decision=lambda d: decision(wf, d),
    )  # fmt: skip
    return p, parts


def render_meeting(gf: Govflow, code: str, links: Links) -> str:
    """A meeting: its agenda items, and what each moved (the events recorded at the item)."""
    moved: dict[str | None, list[tuple[str, str]]] = {}
    with gf.snapshot():  # what the page shows, read at one moment
        meeting = gf.meeting(code)
        references = dict.fromkeys(r for item in meeting.items for r in item.proposals)
        for reference in references:
            p = gf.proposal(reference)
            wf = gf.registry.get(p.workflow, p.workflow_version)
            for e in gf.history(reference):
                if e.meeting == meeting.code:
                    words = event_words(e, wf, p.reference)
                    moved.setdefault(e.item, []).append((p.reference, words))
    return render("meeting.html", links, meeting=meeting, moved=moved)
