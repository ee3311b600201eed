"""The pages' words and markup: decisions and moves in the code's words (never a trigger's name),
dates that cannot break, and no inline script or style anywhere (the server's content security
policy allows neither).

Data: the demo (MP099 and MP131 with their public facts only; MP9xx/DP9xx fictional).
"""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser

import pytest
from markupsafe import escape

from govflow.planning.model import PlannedStep
from govflow.safe_text import escape_controls
from govflow.service import Govflow
from govflow.web.links import Links
from govflow.web.page_rows import planned_rows
from govflow.web.proposal_page import render_meeting, render_proposal
from govflow.web.render import (
    RegisterFilters,
    environment,
    render,
    render_due,
    render_meetings,
    render_register,
    render_search,
)
from govflow.web.words import dates, html_text

APP = Links()


class _Cells(HTMLParser):
    """The text of each table cell with a ``data-label``, by label."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: dict[str, list[str]] = {}
        self._label: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "td":
            self._label = dict(attrs).get("data-label")
            if self._label:
                self.cells.setdefault(self._label, []).append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "td":
            self._label = None

    def handle_data(self, data: str) -> None:
        if self._label:
            self.cells[self._label][-1] += data


def _cells(html: str) -> dict[str, list[str]]:
    parser = _Cells()
    parser.feed(html)
    return parser.cells


def test_decisions_are_in_the_codes_words(demo_gf: Govflow) -> None:
    html = render_proposal(demo_gf, "MP901", APP)
    decisions = html.split('id="decisions"')[1].split("</section>")[0]
    text = re.sub(r"<[^>]+>", "", decisions)
    assert "Change Board recommended approval of MP901A" in text
    assert "The Authority (Ofgem) approved MP901A" in text
    assert "recommend (" not in text and "AUTHORITY" not in text


def test_the_history_and_the_register_name_no_trigger(demo_gf: Govflow) -> None:
    triggers = {t.trigger for wf in demo_gf.registry.all() for t in wf.transitions}
    what = _cells(render_proposal(demo_gf, "MP901", APP))["What"]
    assert "Report Phase → Change Board" in what
    assert not [w for w in what if w.split(":")[0].strip() in triggers]
    last = _cells(render_register(demo_gf, RegisterFilters(), APP))["Last decision"]
    assert "SEC Panel approved, 2021-06-18" in last  # MP902 (Fast-Track, at PANEL_903; fictional)
    assert not [w for w in last if w.split(" ")[0].rstrip(",") in triggers]
    moved = _cells(render_meeting(demo_gf, "CB_901", APP))["What it moved"]
    assert any("Change Board recommended approval of MP901A" in m for m in moved)


def test_every_iso_date_is_one_unbreakable_time_element() -> None:
    html = str(dates("November 2022 (implemented, 2022-11-03) <b>"))
    assert html == ('November 2022 (implemented, <time datetime="2022-11-03">2022-11-03</time>) '
                    "&lt;b&gt;")  # fmt: skip
    assert str(dates("a\x1bb")) == "a\\x1bb"
    assert dates(dt.date(2022, 11, 3)) == dates("2022-11-03")  # a day as the text of one


def test_text_is_written_as_the_templates_write_it() -> None:
    """Control characters shown, then HTML's characters escaped; plain text as it is."""
    every = [chr(c) for c in range(0x300)] + ["\u061c", "\u200e", "\u2028", "\u202e", "\u2069"]
    for text in [*every, "plain words 2027-01-04", "Panel → Report", _NASTY]:
        assert html_text(text) == str(escape(escape_controls(text, keep="\t\n"))), repr(text)


#: The Planned table's row as the template wrote it before the rows were written in Python.
_PLANNED_ROW = (
    "{% for s in steps %}<tr class=\"planned{{ ' assumed' if s.assumed else '' }}\">"
    '<td data-label="Earliest">{% if s.earliest %}{{ s.earliest|dates }}{% if s.latest %} to '
    "{{ s.latest|dates }}{% endif %}{% if s.assumed %} <em>assumed</em>{% endif %}{% else %}"
    'no date{% endif %}</td><td data-label="Step">{{ s.label or s.name }}{% if s.decision %} '
    "(decision){% endif %}{% if s.implementation %} (live){% endif %}</td>"
    '<td data-label="At">{{ s.meeting or s.release or "" }}</td><td data-label="Why" '
    'class="note">{{ s.reason|dates }}</td></tr>\n{% endfor %}'
)
_NASTY = "a <b>\"quoted\"</b> & 'single' \x1b[31m\u202e\tand\nlines, on 2027-01-04"


@pytest.mark.parametrize(
    "step",
    [
        PlannedStep("send_to_report", "transition", "refinement", "report", dt.date(2027, 1, 5),
                    _NASTY, latest=dt.date(2027, 2, 1), meeting=_NASTY, assumed=True,
                    decision=True, implementation=True, label=_NASTY),
        PlannedStep("x", "milestone", "report", None, None, "no meeting on record",
                    release="Nov <2027>"),
        PlannedStep("send_to_report", "transition", "refinement", "report", dt.date(2027, 1, 5),
                    "", label=""),
    ],
    ids=["every-field-with-markup-and-controls", "no-date-a-release", "no-label"],
)  # fmt: skip
def test_the_planned_rows_are_what_the_template_wrote(step: PlannedStep) -> None:
    template = environment().from_string(_PLANNED_ROW)
    assert str(planned_rows([step, step])) == template.render(steps=[step, step])


class _BareDates(HTMLParser):
    """ISO dates in a page's text outside a ``<time>`` (the footer's timestamp aside)."""

    def __init__(self) -> None:
        super().__init__()
        self.bare: list[str] = []
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        while self._open and self._open.pop() != tag:
            pass

    def handle_data(self, data: str) -> None:
        if not {"time", "footer", "title", "svg"} & set(self._open):
            self.bare += re.findall(r"\b\d{4}-\d{2}-\d{2}\b", data)


def test_the_register_history_and_due_dates_are_time_elements(demo_gf: Govflow) -> None:
    for html in (render_register(demo_gf, RegisterFilters(), APP),
                 render_proposal(demo_gf, "MP901", APP), render_due(demo_gf, APP)):  # fmt: skip
        parser = _BareDates()
        parser.feed(html)
        assert parser.bare == []


def test_no_page_holds_an_inline_script_or_style(demo_gf: Govflow) -> None:
    pages = [
        render_register(demo_gf, RegisterFilters(), APP), render_proposal(demo_gf, "MP901", APP),
        render_meeting(demo_gf, "CB_901", APP), render_meetings(demo_gf, APP),
        render_due(demo_gf, APP), render_search(demo_gf, "consultation", APP)[0],
        render("login.html", APP, next="/", error="wrong"),
        render("error.html", APP, status=404, message="gone"),
    ]  # fmt: skip
    for html in pages:
        assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
        assert "<style" not in html and " style=" not in html
        assert not re.search(r"\son[a-z]+=", html)
