"""A proposal page's tables written in Python rather than in its template: the History rows
and the Planned section (each route's heading, its steps' rows, where it stops).

In the template each row was about ten lookups, escapes and filters, each a call of Jinja2's
runtime: a draft's 26 planned steps were two thirds of the page's template time. Every value
here is written as the template's ``{{ }}`` writes it (:func:`shown`: control characters made
visible, then HTML escaped), each ``|dates`` by :func:`~govflow.web.words.dates`;
``tests/test_web_rows.py`` holds each to the template loop it replaces.

The Planned section is a function of the plan's routes alone (frozen values). The plans a
Govflow keeps (``records/plans.py``) hand the very same routes to every page of the proposals
alike, so the section is kept by the routes' identity (a look-up, where hashing the routes'
steps costs a dataclass hash a step), then by their value (equal routes that are other
objects): a kept section is never another's, and nothing read is kept.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Sequence
from typing import Any

from markupsafe import Markup, escape

from govflow.exporters.text import event_date, who
from govflow.planning.model import PlannedStep, RoutePlan
from govflow.views import EventView
from govflow.web.links import Links
from govflow.web.words import dated, dates, day, html_text
from govflow.workflow.definition import Workflow

#: Sections kept by their routes' identity (the routes held, so an id is never another's).
_KEPT = 256


def shown(value: Any) -> str:
    """``value`` as the template's ``{{ value }}`` writes it (with ``render``'s finalize)."""
    if value is None:
        return ""
    if isinstance(value, str) and not isinstance(value, Markup):
        return html_text(value)
    return str(escape(value))


# -- History --------------------------------------------------------------------------------------
def history_rows(
    events: Sequence[EventView], texts: Sequence[str], wf: Workflow, links: Links
) -> Markup:  # fmt: skip
    """The History table's rows, one an event (``texts``: each event's words, as
    ``event_words`` gives them)."""
    rows = (_history_row(e, text, wf, links) for e, text in zip(events, texts, strict=True))
    return Markup("".join(rows))


def _history_row(e: EventView, text: str, wf: Workflow, links: Links) -> str:
    meeting = ""
    if e.meeting:
        meeting = f'<a href="{shown(links.meeting(e.meeting))}">{shown(e.meeting)}</a>'
        if e.item:
            meeting += f" item {shown(e.item)}"
    stage = ' class="stage"' if e.to_stage else ""
    return (f'<tr id="event-{e.seq}"{stage}>\n'
            f'<td data-label="#" class="num">{e.seq}</td>\n'
            f'<td data-label="Date">{dates(event_date(e))}</td>\n'
            f'<td data-label="What">{dates(text)}</td>\n'
            f'<td data-label="Meeting">{meeting}</td>\n'
            f'<td data-label="By">{shown(who(e, wf))}</td>\n'
            f'<td data-label="Note" class="note">{dates(e.note)}</td>\n'
            "</tr>\n")  # fmt: skip


# -- Planned --------------------------------------------------------------------------------------
_by_identity: dict[int, tuple[object, str, Markup]] = {}
_lock = threading.Lock()  # the server's threads write pages at once


def planned_routes(routes: Sequence[RoutePlan], route_term: str) -> Markup:
    """The Planned section's routes: each one's heading (``route_term``: the workflow's word
    for a route, "Path"), its steps' rows, or why nothing is left or where the plan stops."""
    kept = _by_identity.get(id(routes))
    if kept is not None and kept[0] is routes and kept[1] == route_term:
        return kept[2]
    made = _routes(tuple(routes), route_term)
    with _lock:
        if len(_by_identity) >= _KEPT:
            _by_identity.pop(next(iter(_by_identity)))
        _by_identity[id(routes)] = (routes, route_term, made)
    return made


@functools.lru_cache(maxsize=_KEPT)
def _routes(routes: tuple[RoutePlan, ...], route_term: str) -> Markup:
    return Markup("".join(_route(r, route_term) for r in routes))


def _route(r: RoutePlan, route_term: str) -> str:
    if r.path:
        assumed = " (if it is set: not on record)" if r.path_assumed else ""
        heading = f"{shown(route_term)} {shown(r.path)}{assumed}"
    else:
        heading = "Its route"
    written = f"<h3>{heading}</h3>\n"
    if r.steps:
        written += ('<table class="stack planned"><thead><tr><th>Earliest</th><th>Step</th>'
                    "<th>At</th><th>Why</th></tr></thead><tbody>\n"
                    f"{planned_rows(r.steps)}</tbody></table>\n")  # fmt: skip
    elif not r.stops:
        written += "<p>Nothing left to plan on this route.</p>"
    if r.stops:
        written += f"<p>The plan stops: {dates(r.stops)}</p>"
    return written


def planned_rows(steps: Sequence[PlannedStep]) -> Markup:
    """The Planned table's rows, one a step; the rows of equal steps written once, then kept
    (256 at most)."""
    return _rows(tuple(steps))


@functools.lru_cache(maxsize=_KEPT)
def _rows(steps: tuple[PlannedStep, ...]) -> Markup:
    return Markup("".join(map(_planned_row, steps)))


def _planned_row(s: PlannedStep) -> str:
    if s.earliest:
        when = day(s.earliest)
        if s.latest:
            when += f" to {day(s.latest)}"
        if s.assumed:
            when += " <em>assumed</em>"
    else:
        when = "no date"
    step = html_text(s.label or s.name) + (" (decision)" if s.decision else "") + (
        " (live)" if s.implementation else "")  # fmt: skip
    return (f'<tr class="planned{" assumed" if s.assumed else ""}"><td data-label="Earliest">'
            f'{when}</td><td data-label="Step">{step}</td><td data-label="At">'
            f'{html_text(s.meeting or s.release or "")}</td><td data-label="Why" class="note">'
            f"{dated(s.reason)}</td></tr>\n")  # fmt: skip
