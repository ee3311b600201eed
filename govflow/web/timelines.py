"""A proposal's timeline for its page, drawn once for the histories alike and then kept.

The picture (:func:`~govflow.exporters.svg_timeline.timeline_svg`) is a function of the
workflow version, today, what it reads of each event (:func:`moment_key`), the plan's dated
steps and the words of the events it marks with a tooltip: proposals alike (the same dates,
stages and milestones) share it although each has its own reference and title. It is kept in
two steps, since which events get a tooltip is only known once drawn: by everything but the
words (:func:`_drawing`: the events worded), then by the words of those events. Nothing read
from the record is kept apart from the picture made of it, and the key holds all it is made
of, so a kept picture is the one drawn anew.
"""

from __future__ import annotations

import datetime as dt
import functools
import threading
from collections.abc import Sequence

from govflow.exporters.reports import Moment, life_of, moments_from_views
from govflow.exporters.svg_plan import Planned
from govflow.exporters.svg_timeline import timeline_svg
from govflow.views import EventView
from govflow.workflow.definition import Workflow

#: The pictures kept for one drawing's key, by the words of its worded events.
WORDINGS = 16

MomentKey = tuple[object, ...]


def moment_key(e: EventView) -> MomentKey:
    """What the picture reads of an event (:class:`~govflow.exporters.reports.Moment`'s fields;
    of its payload, a release's status only: ``svg_timeline._marker``)."""
    status = str(e.payload.get("status")) if e.kind == "release" else None
    return (e.seq, e.kind, e.occurred_on, e.until, e.to_stage, e.milestone, e.trigger,
            e.meeting, status)  # fmt: skip


class Same:
    """A workflow as a key by its identity: the registry's object for a version, whose
    definition never changes (a workflow holds dictionaries, so it has no hash of its own)."""

    __slots__ = ("wf",)

    def __init__(self, wf: Workflow) -> None:
        self.wf = wf

    def __hash__(self) -> int:
        return id(self.wf)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Same) and other.wf is self.wf


class _Drawing:
    """The pictures of one key: the events that get a tooltip, and the pictures by their words."""

    __slots__ = ("lock", "pictures", "worded")

    def __init__(self) -> None:
        self.worded: tuple[int, ...] | None = None  # the seqs described, once drawn
        self.pictures: dict[tuple[str | None, ...], str] = {}
        self.lock = threading.Lock()


@functools.lru_cache(maxsize=256)
def _drawing(
    wf: Same, today: dt.date, moments: tuple[MomentKey, ...], planned: tuple[Planned, ...]
) -> _Drawing:
    return _Drawing()


def draw(
    events: Sequence[EventView], wf: Workflow, today: dt.date, planned: Sequence[Planned],
    words: dict[int, str],
) -> str:  # fmt: skip
    """The timeline of ``events`` (``words``: each event's words, by seq) with ``planned``."""
    drawing = _drawing(Same(wf), today, tuple(map(moment_key, events)), tuple(planned))
    worded = drawing.worded
    if worded is not None:
        found = drawing.pictures.get(tuple(words.get(seq) for seq in worded))
        if found is not None:
            return found
    described: list[int] = []

    def describe(m: Moment) -> str:
        described.append(m.seq)
        return words.get(m.seq, m.kind)

    life = life_of(moments_from_views(events), lambda s: _terminal(wf, s), today)
    picture = timeline_svg(life, wf, describe, inline_css=False, planned=planned)
    seqs = tuple(described)
    with drawing.lock:
        if drawing.worded is None or drawing.worded == seqs:
            drawing.worded = seqs
            if len(drawing.pictures) >= WORDINGS:
                drawing.pictures.clear()
            drawing.pictures[tuple(words.get(seq) for seq in seqs)] = picture
    return picture


def _terminal(wf: Workflow, stage: str) -> bool:
    state = wf.state(stage)
    return bool(state and state.terminal)
