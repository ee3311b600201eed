"""A proposal's plan as the dashed future of its timeline picture.

Each planned step with a date is a dashed mark after today: a transition at the start of the
stage it leads to, a milestone in the stage it is taken in; the stages to come are dashed spans
in their lanes. A mark can be reached with the keyboard (``tabindex``) and names itself
(``aria-label``); hovering or focusing it shows what it is and why it falls on that day (the
window, the meeting, the cadence assumed or the release) in a band under the axis, drawn in
that one place so that no other mark covers it. Nothing planned is on record, and the words say
so.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from govflow.exporters.html_page import esc as escape
from govflow.planning.model import Plan, PlannedStep, RoutePlan
from govflow.planning.portfolio import soonest

#: The rules of the planned marks, added to the timeline's (:data:`TIMELINE_CSS`).
PLAN_CSS = (
    "svg.timeline .plan-span{fill-opacity:.12;stroke-width:2;stroke-dasharray:6 4}"
    "svg.timeline .plan-mark{fill:#fff;stroke:#222;stroke-width:1.6;stroke-dasharray:3 2}"
    "svg.timeline .lane-label.planned{font-style:italic;fill:#444}"
    "svg.timeline g.planned{cursor:help;outline:none}"
    "svg.timeline g.planned:focus .plan-mark,svg.timeline g.planned:hover .plan-mark"
    "{stroke:#e65100;stroke-width:3;fill:#fff3e0}"
    "svg.timeline .tip{display:none}"
    "svg.timeline g.planned:focus .tip,svg.timeline g.planned:hover .tip{display:inline}"
    "svg.timeline .tip rect{fill:#fff;stroke:#e65100;stroke-width:1.5}"
    "svg.timeline .tip text{font:12px sans-serif;fill:#222}"
    "svg.timeline .plan-hint{font:italic 12px sans-serif;fill:#555}"
)
TIP_LINES = 4
LINE_H = 15
#: The band that shows the focused mark's reason: its lines and their margins.
BAND_H = TIP_LINES * LINE_H + 14


@dataclass(frozen=True)
class Planned:
    """A step to come as the picture draws it: its day (``until``: the latest it could be, when
    an input is uncertain), the stage it is taken in and the one it leads to (None for a
    milestone), and its words (what, when, why)."""

    on: dt.date
    stage: str
    dest: str | None
    words: str
    until: dt.date | None = None


def planned_of(plan: Plan | None) -> tuple[str, list[Planned]]:
    """The route drawn (the one that goes live first) named in words, and its dated steps;
    nothing for a closed proposal or a plan with no dated step."""
    route = soonest(plan.routes) if plan is not None and not plan.terminal else None
    if route is None:
        return "", []
    marks = [Planned(s.earliest, s.stage, s.dest if s.kind == "transition" else None,
                     _words(s), s.latest)
             for s in route.steps if s.earliest is not None]  # fmt: skip
    return (_route_words(route) if marks else ""), marks


def _route_words(route: RoutePlan) -> str:
    if route.path is None:
        return "its route"
    return f"Path {route.path}" + (" (assumed: not on record)" if route.path_assumed else "")


def _words(s: PlannedStep) -> str:
    when = f"{s.earliest}" + (f" to {s.latest}" if s.latest else "")
    at = f" at {s.meeting or s.release}" if (s.meeting or s.release) else ""
    assumed = ", assumed" if s.assumed else ""
    what = s.label or s.name
    return (
        f"Planned, not on record: {what} on {when} at the earliest{at}{assumed}. Why: {s.reason}."
    )


def future_lanes(lanes: list[str], planned: Sequence[Planned]) -> list[str]:
    """``lanes`` with a lane for each stage the plan enters that the history has not, before
    the lane of other records."""
    others = [lane for lane in lanes if lane == ""]
    seen = [lane for lane in lanes if lane != ""]
    for p in planned:
        if p.dest is not None and p.dest not in seen:
            seen.append(p.dest)
    return seen + others


def future_parts(
    planned: Sequence[Planned], x: Callable[[dt.date], float], y_of: dict[str, float],
    colour: Callable[[str], str], now: tuple[str | None, dt.date], band: tuple[float, float],
    lane_h: float, bar_h: float,
) -> list[str]:  # fmt: skip
    """The dashed spans of the stages to come (from ``now``: the stage and day the plan starts
    in), then a focusable mark per step whose reason shows in ``band`` (its top and width)."""
    parts, (stage, since) = [], now
    for p in planned:
        if p.dest is None:
            continue
        parts += _span(stage, since, p.on, x, y_of, colour, lane_h, bar_h)
        stage, since = p.dest, p.on
    for p in planned:
        lane = p.dest if p.dest is not None else p.stage
        if lane in y_of:
            parts.append(_mark(p, x, y_of[lane] + lane_h / 2, band))
    return parts


def _span(
    stage: str | None, start: dt.date, end: dt.date, x: Callable[[dt.date], float],
    y_of: dict[str, float], colour: Callable[[str], str], lane_h: float, bar_h: float,
) -> list[str]:  # fmt: skip
    if stage is None or stage not in y_of or end <= start:
        return []
    y, left = y_of[stage] + (lane_h - bar_h) / 2, x(start)
    fill, w = colour(stage), max(x(end) - left, 2)
    return [f'<rect x="{left:.1f}" y="{y:.1f}" width="{w:.1f}" height="{bar_h}" rx="4" '
            f'class="plan-span" fill="{fill}" stroke="{fill}"/>']  # fmt: skip


def _mark(p: Planned, x: Callable[[dt.date], float], y: float, band: tuple[float, float]) -> str:
    cx = x(p.on)
    if p.dest is None:
        shape = (f'<path d="M{cx:.1f} {y - 7:.1f} L{cx + 7:.1f} {y:.1f} L{cx:.1f} {y + 7:.1f} '
                 f'L{cx - 7:.1f} {y:.1f} Z" class="plan-mark"/>')  # fmt: skip
    else:
        shape = f'<circle cx="{cx:.1f}" cy="{y:.1f}" r="6" class="plan-mark"/>'
    if p.until is not None:
        shape = (f'<line x1="{cx:.1f}" y1="{y:.1f}" x2="{x(p.until):.1f}" y2="{y:.1f}" '
                 f'class="plan-mark"/>{shape}')  # fmt: skip
    label = escape(p.words)
    return (f'<g class="planned" tabindex="0" role="img" aria-label="{label}">{shape}'
            f"{_tip(p.words, band)}</g>")  # fmt: skip


def _tip(words: str, band: tuple[float, float]) -> str:
    """The reason in the band: a box and its lines (the last cut short when it runs over)."""
    top, width = band
    chars = int((width - 24) / 6.4)
    lines = textwrap.wrap(words, width=chars) or [""]
    if len(lines) > TIP_LINES:
        rest = textwrap.shorten(" ".join(lines[TIP_LINES - 1 :]), chars, placeholder=" …")
        lines = [*lines[: TIP_LINES - 1], rest]
    text = "".join(f'<text x="18" y="{top + 17 + i * LINE_H:.1f}">{escape(line)}</text>'
                   for i, line in enumerate(lines))  # fmt: skip
    return (f'<g class="tip" aria-hidden="true"><rect x="8" y="{top:.1f}" width="{width - 16:.1f}" '
            f'height="{BAND_H - 4}" rx="4"/>{text}</g>')  # fmt: skip


def hint(top: float) -> str:
    """What the band says while no mark is focused."""
    return (
        f'<text x="18" y="{top + 17:.1f}" class="plan-hint">Dashed: planned, not on record. '
        "Hover over or focus (Tab) a dashed mark for when and why.</text>"
    )
