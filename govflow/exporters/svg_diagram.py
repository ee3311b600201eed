"""A workflow's states and transitions as an inline SVG picture, one state highlighted.

A simple layered layout, left to right: each state sits in the column of the longest forward path
that reaches it from the initial state. Forward moves between neighbouring columns are straight
arrows; longer ones arc above; moves back (send back, appeal) arc below, dashed. A move allowed
from every open state (withdraw) is drawn once, as a note on its destination.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from govflow.exporters.html_page import esc as escape
from govflow.exporters.svg_timeline import HIGHLIGHT, HIGHLIGHT_FILL, stage_colour
from govflow.workflow.definition import Workflow

_NODE_H = 46
_ROW_GAP = 92
_TOP = 150


@dataclass(frozen=True)
class _Edge:
    source: str
    dest: str
    trigger: str


def _edges(wf: Workflow) -> tuple[list[_Edge], dict[str, list[str]]]:
    """Drawn edges, and per destination the triggers allowed from every open state."""
    everywhere: dict[str, list[str]] = {}
    edges: dict[tuple[str, str], _Edge] = {}
    open_states = set(wf.open_states)
    for t in wf.transitions:
        if len(t.sources) > 2 and set(t.sources) == open_states:
            everywhere.setdefault(t.dest, []).append(t.trigger)
            continue
        for source in t.sources:
            edges.setdefault((source, t.dest), _Edge(source, t.dest, t.trigger))
    return list(edges.values()), everywhere


def _back_edges(wf: Workflow, edges: list[_Edge]) -> set[tuple[str, str]]:
    """Edges that go back: to a state declared before their source (or to itself).

    Workflow files declare states in the order a proposal meets them, so this reads the author's
    intent better than any search would (an appeal goes back; an approval goes forward).
    """
    order = {name: i for i, name in enumerate(wf.state_names)}
    return {(e.source, e.dest) for e in edges if order[e.dest] <= order[e.source]}


def _columns(wf: Workflow, edges: list[_Edge], back: set[tuple[str, str]]) -> dict[str, int]:
    column = {name: 0 for name in wf.state_names}
    forward = [e for e in edges if (e.source, e.dest) not in back]
    for _ in wf.state_names:  # longest path by relaxation; the forward graph has no cycle
        for e in forward:
            column[e.dest] = max(column[e.dest], column[e.source] + 1)
    return column


def _wrap(text: str, width: int = 15) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [text]


@dataclass(frozen=True)
class _Box:
    x: float  # centre
    y: float  # centre
    w: float

    @property
    def left(self) -> float:
        return self.x - self.w / 2

    @property
    def right(self) -> float:
        return self.x + self.w / 2


@dataclass(frozen=True)
class _Layout:
    boxes: dict[str, _Box]
    columns: dict[str, int]
    edges: list[_Edge]
    back: set[tuple[str, str]]
    everywhere: dict[str, list[str]]  # destination -> triggers allowed from any open state


def _layout(wf: Workflow, width: int) -> _Layout:
    edges, everywhere = _edges(wf)
    back = _back_edges(wf, edges)
    column = _columns(wf, edges, back)
    last = max(column.values())
    reached = {e.dest for e in edges} | {wf.initial}
    for name in everywhere:
        if name not in reached:
            column[name] = last
    step = (width - 40) / (last + 1)
    rows: dict[int, int] = {}
    boxes = {}
    order = sorted(wf.state_names, key=lambda n: (n in everywhere and n not in reached,
                                                  wf.state_names.index(n)))  # fmt: skip
    for name in order:
        row = rows.get(column[name], 0)
        rows[column[name]] = row + 1
        x = 20 + step * (column[name] + 0.5)
        boxes[name] = _Box(x, _TOP + row * (_NODE_H + _ROW_GAP), min(step - 18, 132))
    return _Layout(boxes, column, edges, back, everywhere)


def _curve(p0: tuple[float, float], p1: tuple[float, float], p2: tuple[float, float],
           p3: tuple[float, float]) -> tuple[str, float, float]:  # fmt: skip
    """A cubic Bezier path and its midpoint (where the label goes)."""
    mx = (p0[0] + 3 * p1[0] + 3 * p2[0] + p3[0]) / 8
    my = (p0[1] + 3 * p1[1] + 3 * p2[1] + p3[1]) / 8
    points = " ".join(f"{x:.1f} {y:.1f}" for x, y in (p1, p2, p3))
    return f"M{p0[0]:.1f} {p0[1]:.1f} C{points}", mx, my


def _edge_path(a: _Box, b: _Box, is_back: bool, span: int) -> tuple[str, float, float]:
    """The path of one arrow and where its label goes: forward arcs above, back arcs below,
    and a move to another row leaves from the bottom of its source."""
    half, shift = _NODE_H / 2, 6 * min(span, 4)
    if a.y != b.y:
        start = (a.x + shift, a.y + half if b.y > a.y else a.y - half)
        path, x, y = _curve(start, (start[0], b.y), (b.left - 50, b.y), (b.left - 2, b.y))
        return path, x + 6, y + 4
    if is_back:
        drop, y0 = 22 + 14 * span, a.y + half
        path, x, y = _curve((a.x - shift, y0), (a.x - shift, y0 + drop), (b.x + shift, y0 + drop),
                            (b.x + shift, y0 + 2))  # fmt: skip
        return path, x, y + 13
    rise, y0 = min(14 + 22 * span, 130), a.y - half
    path, x, y = _curve((a.x + shift, y0), (a.x + shift, y0 - rise), (b.x - shift, y0 - rise),
                        (b.x - shift, y0 - 2))  # fmt: skip
    return path, x, y - 5


def _node(wf: Workflow, name: str, box: _Box, current: bool, visited: bool = False) -> str:
    state = wf.state(name)
    label = state.label if state else name
    lines = _wrap(label)
    fill = "#ffd54f" if current else (HIGHLIGHT_FILL if visited else "#fff")
    stroke = f'stroke="{HIGHLIGHT}" stroke-width="3.5"' if current else 'stroke="#556"'
    css = " current" if current else (" visited" if visited else "")
    parts = [f'<g class="state{css}"><title>{escape(name)}</title>',
             f'<rect x="{box.left:.1f}" y="{box.y - _NODE_H / 2:.1f}" width="{box.w:.1f}" '
             f'height="{_NODE_H}" rx="{14 if state and state.terminal else 6}" fill="{fill}" '
             f"{stroke}/>",
             f'<rect x="{box.left:.1f}" y="{box.y - _NODE_H / 2:.1f}" width="6" height="{_NODE_H}" '
             f'fill="{stage_colour(wf, name)}"/>']  # fmt: skip
    first = box.y + 4 - 7 * (len(lines) - 1)
    for i, line in enumerate(lines):
        parts.append(f'<text x="{box.x + 3:.1f}" y="{first + 14 * i:.1f}" class="node-label'
                     f'{" now" if current else ""}">{escape(line)}</text>')  # fmt: skip
    parts.append("</g>")
    return "".join(parts)


def diagram_svg(
    wf: Workflow,
    highlight: str | None = None,
    *,
    width: int = 1120,
    taken: Collection[tuple[str, str]] = (),
    inline_css: bool = True,
) -> str:
    """The workflow as a picture; ``highlight`` is the state drawn as current, ``taken`` the
    moves (source, destination) a proposal made: drawn bold in the highlight colour, with the
    states they pass through tinted."""
    taken = set(taken)
    visited = {stage for move in taken for stage in move}
    layout = _layout(wf, width)
    boxes = layout.boxes
    height = int(max(b.y for b in boxes.values()) + _NODE_H / 2 + 70)
    parts = [
        f'<svg class="diagram" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="Workflow {escape(wf.title)}">',
        '<defs><marker id="gf-arrow" viewBox="0 0 10 10" refX="9" refY="5" '
        'markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0 L10 5 '
        'L0 10 z" fill="#556"/></marker><marker id="gf-arrow-taken" viewBox="0 0 10 10" '
        'refX="9" refY="5" markerWidth="5" markerHeight="5" orient="auto-start-reverse">'
        f'<path d="M0 0 L10 5 L0 10 z" fill="{HIGHLIGHT}"/></marker></defs>',
        *([f"<style>{DIAGRAM_CSS}</style>"] if inline_css else []),
    ]
    start = boxes[wf.initial]
    parts.append(f'<circle cx="{start.left - 14:.1f}" cy="{start.y:.1f}" r="5" fill="#222"/>'
                 f'<path d="M{start.left - 9:.1f} {start.y:.1f} H{start.left - 2:.1f}" '
                 'class="edge" marker-end="url(#gf-arrow)"/>')  # fmt: skip
    for e in layout.edges:
        a, b = boxes[e.source], boxes[e.dest]
        is_back = (e.source, e.dest) in layout.back
        span = abs(layout.columns[e.dest] - layout.columns[e.source])
        path, lx, ly = _edge_path(a, b, is_back, max(span, 1))
        parts.append(f'<path d="{path}" {_edge_style(is_back, (e.source, e.dest) in taken)}/>'
                     f'<text x="{lx:.1f}" y="{ly:.1f}" class="edge-label">{escape(e.trigger)}'
                     "</text>")  # fmt: skip
    for dest, triggers in layout.everywhere.items():
        b = boxes[dest]
        bottom = b.y + _NODE_H / 2
        was_taken = any(move[1] == dest for move in taken)
        parts.append(f'<path d="M{b.x:.1f} {bottom + 26:.1f} V{bottom + 2:.1f}" '
                     f'{_edge_style(True, was_taken)}/><text x="{b.right:.1f}" '
                     f'y="{bottom + 40:.1f}" class="edge-label end">'
                     f"{escape(', '.join(triggers))} from any open state</text>")  # fmt: skip
    for name, box in boxes.items():
        parts.append(_node(wf, name, box, name == highlight, name in visited))
    parts.append("</svg>")
    return "\n".join(parts)


#: The diagram's rules, scoped to it: inside the picture (``inline_css``), or in a page's
#: stylesheet where a policy allows no inline style (the web pages).
DIAGRAM_CSS = (
    "svg.diagram .edge{fill:none;stroke:#556;stroke-width:1.4}"
    "svg.diagram .edge.back{stroke-dasharray:5 4}"
    f"svg.diagram .edge.taken{{stroke:{HIGHLIGHT};stroke-width:3.2}}"
    "svg.diagram .edge-label{font:10.5px sans-serif;fill:#333;text-anchor:middle;"
    "paint-order:stroke;stroke:#fff;stroke-width:4px}svg.diagram .edge-label.end{text-anchor:end}"
    "svg.diagram .node-label{font:12px sans-serif;fill:#222;text-anchor:middle}"
    f"svg.diagram .node-label.now{{font-weight:bold;fill:{HIGHLIGHT}}}"
)


def _edge_style(is_back: bool, taken: bool) -> str:
    css = "edge" + (" back" if is_back else "") + (" taken" if taken else "")
    return f'class="{css}" marker-end="url(#gf-arrow{"-taken" if taken else ""})"'
