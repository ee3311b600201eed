"""The portfolio page: every open proposal as a Gantt chart, drawn server-side as inline SVG.

A row per proposal: its past solid (raised to today), its plan dashed from today to its
decision and on to the day it can go live, the dated releases as vertical lines with their
names. A proposal whose targeted release is out of reach is marked "at risk" in words beside
its bar (not by colour only); each bar's ``<title>`` says why it ends where it does. The SVG
scales with its viewBox and the table under it says the same for narrow screens and print.
No script, no inline style: the chart is drawn by :mod:`govflow.exporters.svg_gantt`, its
classes styled in ``static/web.css``.
"""

from __future__ import annotations

import datetime as dt

from markupsafe import Markup

from govflow.exporters.svg_gantt import bars as gantt_bars
from govflow.exporters.svg_gantt import gantt_svg
from govflow.service import Govflow
from govflow.web.links import Links
from govflow.web.render import render


def render_portfolio(gf: Govflow, links: Links, today: dt.date | None = None) -> str:
    """Every open proposal: the chart, then the same as a table."""
    day = today or dt.datetime.now(dt.UTC).date()
    with gf.snapshot():
        bars = gantt_bars(gf.plan_portfolio(today=day), day)
        releases = gf.releases()
    chart = Markup(gantt_svg(bars, releases, day))  # every text in it escaped
    return render("portfolio.html", links, bars=bars, chart=chart, today=day)
