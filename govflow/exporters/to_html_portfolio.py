"""The portfolio as one self-contained HTML page (``govflow export portfolio``): the Gantt chart
of every open proposal (:mod:`govflow.exporters.svg_gantt`, styled by the web's own rules for
it, inline) and the same as a table. No script, no font, nothing fetched."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from govflow.exporters import html_page as page
from govflow.exporters.html_page import TABLE_END, esc
from govflow.exporters.svg_gantt import Bar, bars, gantt_svg
from govflow.planning.portfolio import PortfolioRow

#: The web's stylesheet, whose ``svg.gantt`` rules style the chart on the page too.
_WEB_CSS = Path(__file__).resolve().parents[1] / "web" / "static" / "web.css"
COLUMNS = ("Proposal", "Raised", "Next step", "Decision", "Live", "Target", "Why")


def gantt_css() -> str:
    """The chart's rules, as the web's stylesheet has them."""
    lines = _WEB_CSS.read_text(encoding="utf-8").splitlines()
    return "".join(line for line in lines if line.startswith("svg.gantt"))


def portfolio_html(
    rows: Sequence[PortfolioRow], releases: Sequence[tuple[str, dt.date | None]],
    today: dt.date, generated_at: str,
) -> str:  # fmt: skip
    """The page: what the chart shows, the chart, the table."""
    drawn = bars(rows, today)
    out = [
        page.page_start(f"Portfolio, planned from {today}", gantt_css()),
        '<header><p class="kicker">Every open proposal, planned</p><h1>Portfolio</h1></header>\n',
        "<p>Each open proposal from the day it was raised to today (solid), then its plan "
        "(dashed) to the earliest day it can be decided (circle) and go live; releases are the "
        "vertical lines. Proposals marked <strong>at risk</strong> cannot reach the release they "
        "are targeted at. Nothing planned is on record: the dates are the earliest the rules and "
        f"the meetings allow, as of {esc(today)}.</p>\n",
    ]
    if drawn:
        out.append(f'<div class="figure">{gantt_svg(drawn, releases, today)}</div>\n')
    out.append("<h2>The same, as a table</h2>\n" + page.table_head(COLUMNS))
    out.extend(_row(b) for b in drawn)
    if not drawn:
        out.append(f'<tr><td colspan="{len(COLUMNS)}">No open proposal.</td></tr>\n')
    out.append(TABLE_END + page.page_end(generated_at))
    return "".join(out)


def _row(b: Bar) -> str:
    r = b.row
    risk = " <strong>at risk</strong>" if r.at_risk else ""
    nxt = f"{r.next_label or r.next_step} {r.next_on or '(no date)'}" if r.next_step else ""
    live = f"{r.live_on or ''}{f' ({r.release})' if r.release else ''}"
    cells = (nxt, r.decision_on, live, r.target, r.risk if r.at_risk else r.next_reason)
    return (f'<tr><td>{esc(r.reference)}{risk}</td><td>{esc(b.raised_on)}</td>'
            + "".join(f"<td>{esc(c)}</td>" for c in cells[:4])
            + f'<td class="note">{esc(cells[4])}</td></tr>\n')  # fmt: skip
