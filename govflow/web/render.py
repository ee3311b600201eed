"""The pages as pure functions: a Govflow and what the page was asked for in, HTML out.

Templates are Jinja2 with autoescape on, and every value from the database also has its
control characters shown escaped (:func:`govflow.safe_text.escape_controls`), as the HTML
export does. Pictures arrive as :class:`markupsafe.Markup` from the SVG writers, which escape
what they draw.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from govflow import __version__
from govflow.errors import InvalidInput, hint
from govflow.exporters.html_page import CSS
from govflow.exporters.svg_diagram import DIAGRAM_CSS
from govflow.exporters.svg_timeline import TIMELINE_CSS
from govflow.exporters.text import releases_text, when_known
from govflow.records.register import RegisterPage
from govflow.safe_text import escape_controls
from govflow.service import Govflow
from govflow.views import RegisterRow
from govflow.web.links import Links
from govflow.web.words import dates, last_step
from govflow.workflow.definition import Workflow


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
        auto_reload=False,  # compiled once per process: a template does not change under it
    )
    env.globals["version"] = __version__
    env.filters["dates"] = dates
    env.globals["when_known"] = when_known  # a date as the record knows it (by, in, after)
    return env


def _made_at() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def render(template: str, links: Links, **context: Any) -> str:
    """One page: ``template`` with ``context``, the links and the time it was made."""
    head, nav = _frame(links)
    return environment().get_template(template).render(links=links, generated_at=_made_at(),
                                                       head=head, nav=nav, **context)  # fmt: skip


#: What ``framed`` writes its page's parts in place of (``base.html`` holds none of them).
_MARKS = (Markup("\x00title\x00"), Markup("\x00content\x00"), Markup("\x00made\x00"))


def framed(links: Links, title: str, content: str) -> str:
    """A page written in Python in ``base.html``'s frame: ``title`` and ``content`` (HTML, as
    the blocks of a template extending it would write them) and the time it was made."""
    before, between, footer, after = _framing(links)
    return f"{before}{title}{between}{content}{footer}{_made_at()}{after}"


@functools.lru_cache(maxsize=64)
def _framing(links: Links) -> tuple[str, ...]:
    """``base.html`` for ``links`` cut where the title, the content and the time go: rendered
    once per root with a mark in each place (``frame.html``), then split at the marks."""
    title, content, made = _MARKS
    head, nav = _frame(links)
    page = (
        environment()
        .get_template("frame.html")
        .render(links=links, generated_at=made, head=head, nav=nav, title=title, content=content)
    )
    before, rest = page.split(title)
    between, rest = rest.split(content)
    return (before, between, *rest.split(made))


@functools.lru_cache(maxsize=64)
def _frame(links: Links) -> tuple[Markup, Markup]:
    """The base page's links for ``links`` (``head.html``: the stylesheet and the script;
    ``nav.html``: the site's navigation), made once per root rather than eight template calls
    a page: they hold nothing but the root's paths."""
    env = environment()
    return tuple(Markup(env.get_template(name).render(links=links))  # type: ignore[return-value]
                 for name in ("head.html", "nav.html"))  # fmt: skip


@functools.cache
def stylesheet() -> str:
    """The pages' CSS: the HTML export's, the pictures' (the pages hold no inline style), then
    the web pages' own (narrow screens, print)."""
    own = resources.files("govflow.web").joinpath("static/web.css").read_text(encoding="utf-8")
    return "\n".join((CSS.strip(), TIMELINE_CSS, DIAGRAM_CSS, own))


def script() -> str:
    """The small progressive enhancement (the pages work without it)."""
    return resources.files("govflow.web").joinpath("static/enhance.js").read_text(encoding="utf-8")


# -- the register ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Choices:
    """What the register's filters may name, from the workflows loaded (latest versions win)."""

    labels: Mapping[tuple[str, str], str]  # (workflow, stage) -> the stage's label
    codes: Mapping[str, Workflow]  # workflow name -> its latest version
    routes: Mapping[str, str]  # route name -> how the code writes it ("Path 3")

    @classmethod
    def of(cls, workflows: Sequence[Workflow]) -> Choices:
        return cls(
            labels={(wf.name, s.name): s.label for wf in workflows for s in wf.states},
            codes={wf.name: wf for wf in workflows},
            routes={r: f"{wf.route_term} {r}" if r.isdigit() else r.replace("_", " ")
                    for wf in workflows for r in wf.paths},
        )  # fmt: skip

    def label(self, workflow: str, stage: str) -> str:
        return self.labels.get((workflow, stage), stage)

    @property
    def stage_names(self) -> list[str]:
        return list(dict.fromkeys(stage for _, stage in self.labels))

    @property
    def stage_labels(self) -> list[str]:
        """Each label once, though several codes use it ("Report Phase"), in any case."""
        first: dict[str, str] = {}
        for label in self.labels.values():
            first.setdefault(label.casefold(), label)
        return list(first.values())


@dataclass(frozen=True)
class RegisterFilters:
    """What the register is narrowed to: all optional, as a query string gives them."""

    stage: str = ""  # a stage's name (as the CLI takes it) or its label, in any code
    code: str = ""  # a workflow's name: each industry code has its own
    path: str = ""  # a route's name ("3" for the SEC's Path 3, "self_governance"), or "none"
    text: str = ""  # words in the reference, title or proposer
    as_of: str = ""  # YYYY-MM-DD; empty: today

    def keeps(self, row: RegisterRow, choices: Choices) -> bool:
        label = choices.label(row.workflow, row.stage)
        wanted = self.stage.casefold()
        if wanted and wanted not in (row.stage.casefold(), label.casefold()):
            return False
        if self.code and row.workflow != self.code:
            return False
        if self.path and str(row.path if row.path is not None else "none") != self.path:
            return False
        haystack = " ".join((row.reference, row.title, row.proposer or "")).casefold()
        return all(word in haystack for word in self.text.casefold().split())

    def stage_names(self, choices: Choices) -> set[str] | None:
        """The stage names the Stage filter may mean (by name or label, in any code), for the
        SQL to narrow to; None without one."""
        wanted = self.stage.casefold()
        if not wanted:
            return None
        return {stage for (_, stage), label in choices.labels.items()
                if wanted in (stage.casefold(), label.casefold())}  # fmt: skip

    def query(self, **more: str) -> str:
        """The query string of these filters and ``more`` (a page's start), empty values left
        out."""
        values = {"stage": self.stage, "code": self.code, "path": self.path,
                  "text": self.text, "as_of": self.as_of, **more}  # fmt: skip
        return "?" + urlencode({k: v for k, v in values.items() if v})

    def selected(self, label: str, choices: Choices) -> bool:
        """Whether the Stage list shows ``label`` as chosen."""
        named = {choices.labels[k] for k in choices.labels if k[1] == self.stage}
        return bool(self.stage) and (self.stage.casefold() == label.casefold() or label in named)

    def check(self, choices: Choices) -> None:
        """Refuse a value no workflow knows, with a near match (a filter on it would silently
        match nothing)."""
        stages = [*choices.stage_names, *choices.stage_labels]
        folded = {s.casefold() for s in stages}
        if self.stage and self.stage.casefold() not in folded:
            raise InvalidInput(f"unknown stage {self.stage!r}{hint(self.stage, stages)}; "
                               f"stages: {', '.join(choices.stage_labels)}")  # fmt: skip
        if self.code and self.code not in choices.codes:
            raise InvalidInput(f"unknown code {self.code!r}{hint(self.code, choices.codes)}; "
                               f"codes: {', '.join(choices.codes)}")  # fmt: skip
        if self.path not in ("", "none") and self.path not in choices.routes:
            known = ", ".join(sorted(choices.routes)) or "(none declared)"
            near = hint(self.path, choices.routes)
            raise InvalidInput(f"route {self.path!r} is not declared{near}; routes: {known}, "
                               "or 'none'")  # fmt: skip


#: Rows on a page of the web register (the static site's holds them all).
PAGE_SIZE = 50


@dataclass(frozen=True)
class Paging:
    """Where a page of the register starts: after or before a proposal (its reference), or at
    the start; ``limit`` None for the whole register (the static site)."""

    after: str = ""
    before: str = ""
    limit: int | None = PAGE_SIZE


WHOLE = Paging(limit=None)  # the whole register on one page (the static site)


def register_rows(
    gf: Govflow, filters: RegisterFilters, choices: Choices | None = None, paging: Paging = Paging()
) -> tuple[dt.date, RegisterPage]:
    """The register's rows as of the filters' day, narrowed by them: a page (the code and the
    stage narrowed in SQL, the rest row by row), or the whole register."""
    choices = choices or Choices.of(gf.registry.all())
    filters.check(choices)
    day = dt.date.fromisoformat(filters.as_of) if _is_day(filters.as_of) else None
    if filters.as_of and day is None:
        raise InvalidInput(f"as-of date {filters.as_of!r} is not a date; write it YYYY-MM-DD")
    day = day or dt.datetime.now(dt.UTC).date()
    # without a filter every row is kept: no test per row (a first page then costs what the
    # library's does)
    narrowed = any((filters.stage, filters.code, filters.path, filters.text.split()))
    keeps = functools.partial(filters.keeps, choices=choices) if narrowed else None
    if paging.limit is None:
        rows = gf.register(day)
        return day, RegisterPage(rows if keeps is None else list(filter(keeps, rows)), None, None)
    found = gf.register_page(
        day, workflow=filters.code or None, stages=filters.stage_names(choices), keeps=keeps,
        after=paging.after or None, before=paging.before or None, limit=paging.limit,
    )  # fmt: skip
    return day, found


def _is_day(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def render_register(
    gf: Govflow, filters: RegisterFilters, links: Links, paging: Paging = Paging()
) -> str:
    """The register as of a day, narrowed by the filters, a page at a time (with links to the
    next and the previous page); each reference links to its page."""
    choices = Choices.of(gf.registry.all())
    day, page = register_rows(gf, filters, choices, paging)
    counts = Counter(choices.label(r.workflow, r.stage) for r in page.rows)
    return render(
        "register.html", links, day=day, rows=page.rows, filters=filters, choices=choices,
        releases_text=releases_text, when_known=when_known, counts=list(counts.items()),
        last_step=lambda row: last_step(choices.codes.get(row.workflow), row),
        paged=paging.limit is not None,
        next_page=filters.query(after=page.after) if page.after else None,
        previous_page=filters.query(before=page.before) if page.before else None,
    )  # fmt: skip


# -- due, meetings, search ------------------------------------------------------------------------
def render_due(gf: Govflow, links: Links) -> str:
    """Deadlines and actions open today, soonest first."""
    return render("due.html", links, items=gf.due())


def render_meetings(gf: Govflow, links: Links) -> str:
    """Every meeting, latest first."""
    return render("meetings.html", links, meetings=list(reversed(gf.meetings())))


def render_search(gf: Govflow, query: str, links: Links) -> tuple[str, int]:
    """The search form and, for a query, what matched; a query that cannot be searched (no
    word, too long) is shown with what was wrong, with status 400."""
    hits, error = [], ""
    if query.strip():
        try:
            hits = gf.search(query)
        except InvalidInput as exc:
            error = str(exc)
    page = render("search.html", links, query=query, hits=hits, error=error)
    return page, 400 if error else 200
