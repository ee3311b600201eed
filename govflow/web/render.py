"""The pages as pure functions: a Govflow and what the page was asked for in, HTML out.

Templates are Jinja2 with autoescape on, and every value from the database also has its
control characters shown escaped (:func:`govflow.safe_text.escape_controls`), as the HTML
export does. Pictures arrive as :class:`markupsafe.Markup` from the SVG writers, which escape
what they draw.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from govflow import __version__
from govflow.errors import InvalidInput
from govflow.exporters.html_page import CSS
from govflow.exporters.text import releases_text, when_known
from govflow.safe_text import escape_controls
from govflow.service import Govflow
from govflow.views import RegisterRow
from govflow.web.links import Links


def _finalize(value: Any) -> Any:
    if isinstance(value, Markup) or not isinstance(value, str):
        return "" if value is None else value
    return escape_controls(value, keep="\t\n")


@functools.cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("govflow.web", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["version"] = __version__
    return env


def render(template: str, links: Links, **context: Any) -> str:
    """One page: ``template`` with ``context``, the links and the time it was made."""
    now = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    return environment().get_template(template).render(links=links, generated_at=now, **context)


@functools.cache
def stylesheet() -> str:
    """The pages' CSS: the HTML export's, then the web pages' own (narrow screens, print)."""
    own = resources.files("govflow.web").joinpath("static/web.css").read_text(encoding="utf-8")
    return CSS.strip() + "\n" + own


def script() -> str:
    """The small progressive enhancement (the pages work without it)."""
    return resources.files("govflow.web").joinpath("static/enhance.js").read_text(encoding="utf-8")


# -- the register ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class RegisterFilters:
    """What the register is narrowed to: all optional, as a query string gives them."""

    stage: str = ""
    code: str = ""  # a workflow's name: each industry code has its own
    path: str = ""  # a route's name ("3" for the SEC's Path 3, "self_governance"), or "none"
    text: str = ""  # words in the reference, title or proposer
    as_of: str = ""  # YYYY-MM-DD; empty: today

    def keeps(self, row: RegisterRow) -> bool:
        if self.stage and row.stage != self.stage:
            return False
        if self.code and row.workflow != self.code:
            return False
        if self.path and str(row.path if row.path is not None else "none") != self.path:
            return False
        haystack = " ".join((row.reference, row.title, row.proposer or "")).casefold()
        return all(word in haystack for word in self.text.casefold().split())

    def check(self, routes: set[str]) -> None:
        if self.path not in ("", "none") and self.path not in routes:
            known = ", ".join(sorted(routes)) or "(none declared)"
            raise InvalidInput(f"route {self.path!r} is not declared; routes: {known}, or 'none'")


def register_rows(gf: Govflow, filters: RegisterFilters) -> tuple[dt.date, list[RegisterRow]]:
    filters.check({r for wf in gf.registry.all() for r in wf.paths})
    day = dt.date.fromisoformat(filters.as_of) if _is_day(filters.as_of) else None
    if filters.as_of and day is None:
        raise InvalidInput(f"as-of date {filters.as_of!r} is not a date; write it YYYY-MM-DD")
    rows = gf.register(day)
    return day or dt.datetime.now(dt.UTC).date(), [r for r in rows if filters.keeps(r)]


def _is_day(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def render_register(gf: Govflow, filters: RegisterFilters, links: Links) -> str:
    """The register as of a day, narrowed by the filters; each reference links to its page."""
    day, rows = register_rows(gf, filters)
    workflows = gf.registry.all()
    labels = {s.name: s.label for wf in workflows for s in wf.states}
    stages = list(dict.fromkeys(s.name for wf in workflows for s in wf.states))
    paths = list(dict.fromkeys(
        (r, f"{wf.route_term} {r}" if r.isdigit() else r.replace("_", " "))
        for wf in workflows for r in wf.paths
    ))  # fmt: skip
    return render(
        "register.html", links, day=day, rows=rows, filters=filters, labels=labels,
        stages=stages, workflows=list({wf.name: wf for wf in workflows}.values()), paths=paths,
        releases_text=releases_text, when_known=when_known, counts=_count(rows, labels),
    )  # fmt: skip


def _count(rows: list[RegisterRow], labels: dict[str, str]) -> list[tuple[str, int]]:
    counts: dict[str, int] = {}
    for row in rows:
        counts[labels.get(row.stage, row.stage)] = (
            counts.get(labels.get(row.stage, row.stage), 0) + 1
        )
    return list(counts.items())


# -- due, meetings, search ------------------------------------------------------------------------
def render_due(gf: Govflow, links: Links) -> str:
    """Deadlines and actions open today, soonest first."""
    return render("due.html", links, items=gf.due())


def render_meetings(gf: Govflow, links: Links) -> str:
    """Every meeting, latest first."""
    return render("meetings.html", links, meetings=list(reversed(gf.meetings())))


def render_search(gf: Govflow, query: str, links: Links) -> str:
    """The search form and, for a query, what matched; a query with no words says so."""
    hits, error = [], ""
    if query.strip():
        try:
            hits = gf.search(query)
        except InvalidInput as exc:
            error = str(exc)
    return render("search.html", links, query=query, hits=hits, error=error)
