"""A proposal's life as an inline SVG picture: stages as coloured spans over a date axis,
milestones and other records as numbered markers, meetings as dashed lines with their codes.

Every piece of text is escaped; the picture needs no fonts, scripts or network.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from govflow.exporters import svg_plan
from govflow.exporters.html_page import esc as escape
from govflow.exporters.reports import Life, Moment
from govflow.exporters.svg_plan import Planned
from govflow.exporters.text import stage_label
from govflow.workflow.definition import Workflow

#: Stage colours, by the stage's position in its workflow (SEC order: draft ... withdrawn).
PALETTE = (
    "#9aa5b1", "#4e79a7", "#76b7b2", "#59a14f", "#b07aa1", "#f28e2b", "#9c755f", "#8cd17d",
    "#2e7d32", "#e15759", "#7f7f7f", "#edc948", "#86bcb6", "#d37295",
)  # fmt: skip
HIGHLIGHT = "#e65100"
HIGHLIGHT_FILL = "#fff3e0"
RELEASE_COLOURS = {"targeted": "#4e79a7", "approved": "#59a14f", "implemented": "#2e7d32"}
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
#: The picture's rules, scoped to it: inside the picture (``inline_css``), or in a page's
#: stylesheet where a policy allows no inline style (the web pages).
TIMELINE_CSS = (
    "svg.timeline .lane-label{font:14px sans-serif;fill:#222}"
    f"svg.timeline .lane-label.now{{font-weight:bold;fill:{HIGHLIGHT}}}"
    "svg.timeline .year{font:bold 13px sans-serif;fill:#333}"
    "svg.timeline .month{font:11px sans-serif;fill:#666}"
    "svg.timeline .meeting{stroke:#8a94a6;stroke-dasharray:3 3}"
    "svg.timeline .meeting-code{font:12px sans-serif;fill:#4a5568}"
    "svg.timeline .seq{font:bold 11px sans-serif;fill:#333;text-anchor:middle;"
    "paint-order:stroke;stroke:#fff;stroke-width:3px}"
    "svg.timeline .by-bar{font:11px sans-serif;fill:#555;text-anchor:end}"
    f"svg.timeline .today{{font:bold 11px sans-serif;fill:{HIGHLIGHT};text-anchor:middle}}"
    "svg.timeline .days{font:11px sans-serif;fill:#666;text-anchor:end}"
    "svg.timeline .milestone{fill:#fff;stroke:#222;stroke-width:1.6}"
    "svg.timeline .release{stroke:#fff;stroke-width:1}"
    "svg.timeline .record{fill:#cfd8dc;stroke:#455a64;stroke-width:1.4}"
    "svg.timeline .window{fill:none;stroke:#455a64;stroke-width:1.4}" + svg_plan.PLAN_CSS
)
_LABEL_W = 236
_LANE_H = 38
_BAR_H = 18


def stage_colour(wf: Workflow | None, stage: str) -> str:
    names = wf.state_names if wf is not None else ()
    index = names.index(stage) if stage in names else sum(map(ord, stage))
    return PALETTE[index % len(PALETTE)]


@dataclass(frozen=True)
class _Axis:
    start: dt.date
    end: dt.date
    x0: float
    x1: float

    def x(self, day: dt.date) -> float:
        total = max((self.end - self.start).days, 1)
        return self.x0 + (day - self.start).days / total * (self.x1 - self.x0)


def _shift(day: dt.date, days: int) -> dt.date:
    """``day`` moved by ``days``, held within the dates Python has (year 1 to 9999)."""
    try:
        return day + dt.timedelta(days=days)
    except OverflowError:
        return dt.date.max if days > 0 else dt.date.min


def _axis(life: Life, width: int, end: dt.date) -> _Axis:
    days = max((end - life.start).days, 1)
    pad = max(10, days // 30)
    return _Axis(_shift(life.start, -pad), _shift(end, pad), _LABEL_W + 10, width - 24)


_MAX_TICKS = 480  # beyond 40 years of months, years only, and fewer of them


def _months(axis: _Axis) -> list[dt.date]:
    """The first days of months the axis shows (for a span of decades, of some Januaries)."""
    first = axis.start.year * 12 + axis.start.month - 1
    last = axis.end.year * 12 + axis.end.month - 1
    step = 1
    if last - first > _MAX_TICKS:  # only Januaries, every `years` years
        years = -(-(last - first) // _MAX_TICKS)
        step, first = 12 * years, (axis.start.year // years + 1) * years * 12
    days = (dt.date(m // 12, m % 12 + 1, 1) for m in range(first, last + 1, step))
    return [day for day in days if day >= axis.start]


@functools.lru_cache(maxsize=64)  # pages drawn on one day share their axis and its ticks
def _ticks(axis: _Axis, top: float, bottom: float) -> tuple[str, ...]:
    parts = [f'<line x1="{axis.x0:.1f}" y1="{bottom}" x2="{axis.x1:.1f}" y2="{bottom}" '
             'stroke="#444"/>']  # fmt: skip
    months = _months(axis)
    per_month = (axis.x1 - axis.x0) / max(len(months), 1)
    for day in months:
        x = axis.x(day)
        if day.month == 1:
            parts.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{bottom + 8}" '
                         'stroke="#c8ccd2"/>')  # fmt: skip
            parts.append(f'<text x="{x + 3:.1f}" y="{bottom + 20}" class="year">{day.year}</text>')
        elif day.month in (4, 7, 10) or per_month > 40:
            parts.append(f'<line x1="{x:.1f}" y1="{bottom}" x2="{x:.1f}" y2="{bottom + 5}" '
                         'stroke="#888"/>')  # fmt: skip
            if per_month > 14:
                parts.append(f'<text x="{x + 2:.1f}" y="{bottom + 16}" class="month">'
                             f"{MONTHS[day.month - 1]}</text>")  # fmt: skip
    return tuple(parts)


def _meetings(life: Life, axis: _Axis, top: float, bottom: float) -> list[str]:
    parts, last = [], -100.0
    for code, day in life.meetings:
        x = axis.x(day)
        label_x = max(x, last + 17)
        last = label_x
        parts.append(f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{bottom}" '
                     'class="meeting"/>')  # fmt: skip
        if label_x != x:
            parts.append(f'<line x1="{x:.1f}" y1="{top - 4}" x2="{label_x:.1f}" y2="{top - 10}" '
                         'stroke="#8a94a6" stroke-width="0.8"/>')  # fmt: skip
        parts.append(
            f'<text x="{label_x:.1f}" y="{top - 12}" class="meeting-code" '
            f'transform="rotate(-60 {label_x:.1f} {top - 12})">'
            f"<title>{escape(code)}: {day.isoformat()}</title>{escape(code)}</text>"
        )
    return parts


def _lanes(life: Life) -> list[str]:
    """Stages in the order first visited, then a lane for the other records if there are any."""
    lanes = list(dict.fromkeys(span.stage for span in life.spans))
    if any(_lane_of(m, life) == "" for m in life.moments):
        lanes.append("")
    return lanes


def _lane_of(moment: Moment, life: Life) -> str | None:
    """Which lane a moment is marked in: its stage's for a milestone, "" for other records,
    None for a stage change (the spans show it)."""
    if moment.to_stage is not None:
        return None
    if moment.milestone is not None:
        return life.stage_on(moment.seq) or ""
    return ""


def _span_bars(life: Life, wf: Workflow | None, axis: _Axis, y_of: dict[str, float]) -> list[str]:
    parts = []
    for span in life.spans:
        y = y_of[span.stage] + (_LANE_H - _BAR_H) / 2
        x = axis.x(span.start)
        end = axis.x(span.end if span.end is not None else life.end)
        w = max(end - x, 6.0)
        current = span.end is None or (span is life.spans[-1] and span.stage == life.current)
        stroke = f' stroke="{HIGHLIGHT}" stroke-width="3"' if current else ""
        days = ((span.end or life.end) - span.start).days
        tip = f"{stage_label(wf, span.stage)}: {span.start.isoformat()} to " + (
            span.end.isoformat() if span.end is not None else "now"
        )
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{_BAR_H}" rx="4" '
            f'fill="{stage_colour(wf, span.stage)}"{stroke}><title>{escape(tip)} '
            f"({days} days)</title></rect>"
        )
        if span.end is not None and span.end == span.start and span is life.spans[-1]:
            since = span.start.isoformat()
            parts.append(f'<text x="{x - 8:.1f}" y="{y + 13:.1f}" class="by-bar" '
                         f'>since {since}</text>')  # fmt: skip
    return parts


def _days_in(life: Life, stage: str) -> int:
    return sum(((s.end or life.end) - s.start).days for s in life.spans if s.stage == stage)


def _marker(moment: Moment, x: float, y: float) -> str:
    if moment.milestone is not None:
        return (f'<path d="M{x:.1f} {y - 7:.1f} L{x + 7:.1f} {y:.1f} L{x:.1f} {y + 7:.1f} '
                f'L{x - 7:.1f} {y:.1f} Z" class="milestone"/>')  # fmt: skip
    if moment.kind == "release":
        colour = RELEASE_COLOURS.get(str(moment.payload.get("status")), "#7f7f7f")
        return (f'<path d="M{x:.1f} {y - 7:.1f} L{x + 7:.1f} {y + 6:.1f} L{x - 7:.1f} '
                f'{y + 6:.1f} Z" fill="{colour}" class="release"/>')  # fmt: skip
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" class="record"/>'


def _markers(
    life: Life, axis: _Axis, y_of: dict[str, float], describe: Callable[[Moment], str]
) -> list[str]:
    parts: list[str] = []
    placed: dict[str, list[float]] = {}
    for moment in life.moments:
        lane = _lane_of(moment, life)
        if lane is None or lane not in y_of:
            continue
        x, y = axis.x(moment.on), y_of[lane] + _LANE_H / 2
        near = [p for p in placed.setdefault(lane, []) if abs(p - x) < 13]
        placed[lane].append(x)
        if moment.until is not None:
            end = axis.x(moment.until)
            parts.append(f'<path d="M{x:.1f} {y + 11:.1f} V{y + 14:.1f} H{end:.1f} V{y + 11:.1f}" '
                         'class="window"/>')  # fmt: skip
        label_y = y - 10 - 10 * len(near)
        parts.append(f"<g><title>{escape(f'#{moment.seq} {moment.on}: {describe(moment)}')}</title>"
                     f'{_marker(moment, x, y)}<text x="{x:.1f}" y="{label_y:.1f}" '
                     f'class="seq">{moment.seq}</text></g>')  # fmt: skip
    return parts


def timeline_svg(
    life: Life,
    wf: Workflow | None,
    describe: Callable[[Moment], str],
    *,
    width: int = 1120,
    inline_css: bool = True,
    planned: Sequence[Planned] = (),
) -> str:
    """The picture; ``describe`` words a moment for its tooltip. Without ``inline_css`` its
    rules (:data:`TIMELINE_CSS`) must come from the page's stylesheet. ``planned`` steps are
    drawn dashed after today (:mod:`govflow.exporters.svg_plan`)."""
    past = _lanes(life)
    lanes = svg_plan.future_lanes(past, planned)
    top = 96 if life.meetings else 24
    y_of = {lane: float(top + i * _LANE_H) for i, lane in enumerate(lanes)}
    bottom = top + len(lanes) * _LANE_H
    band = bottom + 30 if planned else 0.0
    height = bottom + 66 + (svg_plan.BAND_H if planned else 0)
    axis = _axis(life, width, max([life.end, *(p.until or p.on for p in planned)]))
    what = "Timeline of stages, milestones and meetings" + (
        ", then the plan (dashed)" if planned else ""
    )
    parts = [
        f'<svg class="timeline" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="{"group" if planned else "img"}" aria-label="{what}">',
        *([f"<style>{TIMELINE_CSS}</style>"] if inline_css else []),
    ]
    for lane in lanes:
        y = y_of[lane]
        now = lane == life.current and lane != ""
        if now:
            parts.append(f'<rect x="4" y="{y + 1}" width="{width - 8}" height="{_LANE_H - 2}" '
                         f'rx="6" fill="{HIGHLIGHT_FILL}"/>')  # fmt: skip
        label = stage_label(wf, lane) if lane else "Other records"
        label += "  ◀ now" if now else (" (planned)" if lane not in past else "")
        css = " now" if now else (" planned" if lane not in past else "")
        parts.append(f'<text x="12" y="{y + _LANE_H / 2 + 5}" class="lane-label'
                     f'{css}">{escape(label)}</text>')  # fmt: skip
        if lane in past and lane and not (lane == life.current and life.spans[-1].end is not None):
            parts.append(f'<text x="{_LABEL_W - 4}" y="{y + _LANE_H / 2 + 5}" class="days">'
                         f"{_days_in(life, lane)} d</text>")  # fmt: skip
    parts += _ticks(axis, top, bottom)
    parts += _meetings(life, axis, top, bottom)
    if life.spans and life.spans[-1].end is None:  # still open: mark today
        x = axis.x(life.end)
        parts.append(f'<line x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{bottom + 4}" '
                     f'stroke="{HIGHLIGHT}" stroke-width="1.5"/><text x="{x:.1f}" y="{top - 4}" '
                     f'class="today">today</text>')  # fmt: skip
    parts += _span_bars(life, wf, axis, y_of)
    parts += _markers(life, axis, y_of, describe)
    if planned:
        parts.append(svg_plan.hint(band))
        parts += svg_plan.future_parts(
            planned, axis.x, y_of, lambda stage: stage_colour(wf, stage),
            (life.current, life.end), (band, width), _LANE_H, _BAR_H,
        )  # fmt: skip
    parts.append(_legend(height - 18, bool(planned)))
    parts.append("</svg>")
    return "\n".join(parts)


@functools.lru_cache(maxsize=64, typed=True)  # a function of its arguments (104 is not 104.0)
def _legend(y: float, planned: bool = False) -> str:
    items = [
        (f'<path d="M12 {y - 6} L18 {y} L12 {y + 6} L6 {y} Z" class="milestone"/>', "milestone"),
        (f'<path d="M12 {y - 6} L18 {y + 5} L6 {y + 5} Z" fill="#4e79a7"/>', "release"),
        (f'<circle cx="12" cy="{y}" r="5" class="record"/>', "other record"),
        (f'<path d="M5 {y + 2} V{y + 5} H19 V{y + 2}" class="window"/>', "open window (until)"),
        (f'<line x1="12" y1="{y - 8}" x2="12" y2="{y + 8}" class="meeting"/>', "meeting"),
        (f'<rect x="3" y="{y - 6}" width="18" height="12" rx="3" fill="#ddd" stroke="{HIGHLIGHT}" '
         'stroke-width="3"/>', "current stage"),
    ] + ([(f'<circle cx="12" cy="{y}" r="6" class="plan-mark"/>', "planned (dashed)")]
         if planned else [])  # fmt: skip
    parts, x = ['<g class="legend">'], 12
    for shape, label in items:
        parts.append(f'<g transform="translate({x} 0)">{shape}<text x="26" y="{y + 4}" '
                     f'class="month">{label}</text></g>')  # fmt: skip
        x += 40 + len(label) * 6
    parts.append("</g>")
    return "".join(parts)
