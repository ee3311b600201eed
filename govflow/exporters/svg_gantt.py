"""The portfolio's Gantt chart as inline SVG: a row per open proposal, its past solid (raised to
today), its plan dashed from today to its decision and on to the day it can go live, the dated
releases as vertical lines with their names. A proposal whose targeted release is out of reach is
marked "at risk" in words beside its bar (not by colour only); each bar's ``<title>`` says why
it ends where it does. Drawn for the portfolio page (``web/portfolio_page.py``, styled by
``static/web.css``) and the HTML export (:mod:`govflow.exporters.to_html_portfolio`, the same
rules inline).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from govflow.exporters.html_page import esc
from govflow.planning.portfolio import PortfolioRow

_LABEL_W = 190
_RIGHT = 1100
_ROW_H = 30
_TOP = 46


@dataclass(frozen=True)
class Bar:
    """One proposal's row: what the chart draws and the table says."""

    row: PortfolioRow
    raised_on: dt.date
    ends_on: dt.date | None  # go-live, else the decision, else the next step

    @property
    def why(self) -> str:
        r = self.row
        if r.live_on:
            said = f"can go live {r.live_on}" + (f" in {r.release}" if r.release else "")
        elif r.decision_on:
            said = f"decision {r.decision_on} at the earliest; no go-live date can be planned"
        elif r.decided:
            said = "decided; no go-live date can be planned"
        else:
            said = "no decision date can be planned"
        step = r.next_label or r.next_step
        nxt = f"next: {step} {r.next_on or 'no date'} ({r.next_reason})" if r.next_step \
            else (r.next_reason or "no step planned")  # fmt: skip
        risk = f"; at risk for {r.target}: {r.risk}" if r.at_risk else ""
        return f"{r.reference}: {said}; {nxt}{risk}"


def bars(rows: Sequence[PortfolioRow], today: dt.date) -> list[Bar]:
    """A bar per line: from the day it was raised to its go-live day, else its decision, else
    its next step."""
    return [Bar(r, r.raised_on or today, r.live_on or r.decision_on or r.next_on) for r in rows]


def gantt_svg(
    bars: Sequence[Bar], releases: Sequence[tuple[str, dt.date | None]], today: dt.date
) -> str:
    """The chart; every text escaped."""
    first = min((b.raised_on for b in bars), default=today)
    last = max((b.ends_on or today for b in bars), default=today)
    first, last = min(first, today), max(last, today)
    last += min(dt.timedelta(days=30), dt.date.max - last)  # a month on, within Python's dates
    span = max((last - first).days, 1)
    width = _RIGHT - _LABEL_W - 10

    def x(day: dt.date) -> float:
        return round(_LABEL_W + (day - first).days / span * width, 1)

    height = _TOP + _ROW_H * max(len(bars), 1) + 10
    out = [f'<svg class="gantt" viewBox="0 0 {_RIGHT} {height}" role="img" '
           'aria-labelledby="gantt-title"><title id="gantt-title">The open proposals: past '
           'solid, planned dashed, releases as vertical lines</title>']  # fmt: skip
    for year in range(first.year + 1, last.year + 1):
        gx = x(dt.date(year, 1, 1))
        out.append(f'<line class="grid" x1="{gx}" y1="{_TOP - 6}" x2="{gx}" y2="{height}"/>')
        if gx < _RIGHT - 40:  # a year too near the edge to be written whole is left unnamed
            out.append(f'<text x="{gx + 3}" y="{height - 2}">{year}</text>')
    for n, (name, on) in enumerate(r for r in releases if r[1] and first <= r[1] <= last):
        assert on is not None
        rx = x(on)
        out.append(f'<line class="release" x1="{rx}" y1="{_TOP - 8}" x2="{rx}" y2="{height}">'
                   f"<title>Release {esc(name)}: {on}</title></line>"
                   f'<text class="release-name" x="{rx}" y="{14 + 14 * (n % 2)}" '
                   f'text-anchor="middle">{esc(name)}</text>')  # fmt: skip
    tx = x(today)
    out.append(f'<line class="today" x1="{tx}" y1="{_TOP - 8}" x2="{tx}" y2="{height}">'
               f"<title>Today, {today}</title></line>")  # fmt: skip
    for i, b in enumerate(bars):
        y = _TOP + i * _ROW_H
        label = esc(b.row.reference)
        risk = ' <tspan class="risk">at risk</tspan>' if b.row.at_risk else ""
        out.append(f'<text class="ref" x="4" y="{y + 16}">{label}{risk}</text>')
        past = f"raised {b.raised_on}, {b.row.stage_label or b.row.stage} today; {b.why}"
        out.append(f'<rect class="past" x="{x(b.raised_on)}" y="{y + 6}" '
                   f'width="{max(tx - x(b.raised_on), 1):.1f}" height="12">'
                   f"<title>{esc(past)}</title></rect>")  # fmt: skip
        if b.ends_on:
            late = " late" if b.row.at_risk else ""
            out.append(f'<line class="plan{late}" x1="{tx}" y1="{y + 12}" x2="{x(b.ends_on)}" '
                       f'y2="{y + 12}"><title>{esc(b.why)}</title></line>')  # fmt: skip
        if b.row.decision_on:
            out.append(f'<circle class="decision" cx="{x(b.row.decision_on)}" cy="{y + 12}" '
                       f'r="4"><title>{label}: decision {b.row.decision_on} at the earliest'
                       "</title></circle>")  # fmt: skip
    out.append("</svg>")
    return "".join(out)
