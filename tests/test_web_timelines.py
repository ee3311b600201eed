"""A proposal page's timeline kept for the histories alike (``web/timelines.py``) is the picture
drawn anew: for every demo proposal and solution, for histories alike with other words, and
for a release's status, the one thing of an event's payload the picture reads. Fictional
MP969, PANEL_990."""

from __future__ import annotations

import dataclasses
import datetime as dt

from govflow.exporters.reports import life_of, moments_from_views
from govflow.exporters.svg_plan import Planned, planned_of
from govflow.exporters.svg_timeline import timeline_svg
from govflow.service import Govflow
from govflow.views import EventView
from govflow.web import timelines
from govflow.web.words import event_words
from govflow.workflow.definition import Workflow

DAYS = (dt.date(2021, 1, 4), dt.date(2021, 9, 30))


def _anew(events: list[EventView], wf: Workflow, today: dt.date, planned: list[Planned],
          words: dict[int, str]) -> str:  # fmt: skip
    def terminal(stage: str) -> bool:
        state = wf.state(stage)
        return bool(state and state.terminal)

    life = life_of(moments_from_views(events), terminal, today)
    describe = lambda m: words.get(m.seq, m.kind)  # noqa: E731
    return timeline_svg(life, wf, describe, inline_css=False, planned=planned)


def _event(seq: int, kind: str, on: dt.date, **values: object) -> EventView:
    fields: dict[str, object] = dict(
        seq=seq, kind=kind, trigger=None, milestone=None, from_stage=None, to_stage=None,
        occurred_on=on, until=None, recorded_at=dt.datetime(2021, 1, 1, tzinfo=dt.UTC),
        meeting=None, item=None, item_title=None, committee=None, body=None, actor=None,
        note=None, payload={}, corrects_seq=None, prev_hash="", hash="",
    )  # fmt: skip
    return EventView(**{**fields, **values})  # type: ignore[arg-type]


def test_the_kept_timeline_is_the_one_drawn_anew_for_every_demo_proposal(demo_gf: Govflow) -> None:
    references = [r for p in demo_gf.proposals() for r in (p.reference, *p.solutions)]
    for reference in references:
        read = demo_gf.proposal_page(reference)
        wf = demo_gf.registry.get(read.proposal.workflow, read.proposal.workflow_version)
        words = {e.seq: event_words(e, wf, reference) for e in read.history}
        _, planned = planned_of(read.plan)
        for today in DAYS:
            for _ in range(2):  # drawn, then kept
                kept = timelines.draw(read.history, wf, today, planned, words)
                assert kept == _anew(read.history, wf, today, planned, words), reference


def test_histories_alike_share_a_picture_but_not_their_words(gf: Govflow) -> None:
    wf = gf.registry.get("sec-modification")
    day = dt.date(2021, 1, 4)
    events = [
        _event(1, "raised", day, to_stage="initial_consideration"),
        _event(2, "milestone", day.replace(month=2), milestone="presented", meeting="PANEL_990"),
        _event(3, "release", day.replace(month=3), payload={"status": "targeted", "n": 1}),
        _event(4, "note", day.replace(month=4), until=day.replace(month=5)),
    ]  # fmt: skip
    first = {1: "MP969 raised", 2: "MP969 <presented>", 3: "targeted", 4: "a note"}
    seen = set()
    for words in (first, {**first, 1: "MP970 raised"}, {**first, 2: "MP970 & co"},
                  {1: "x"}, {**first, 4: ""}, {1: "x", 2: "MP969 <presented>", 3: "targeted"},
                  first):  # fmt: skip
        kept = timelines.draw(events, wf, day, [], words)
        assert kept == _anew(events, wf, day, [], words)
        seen.add(kept)
    assert len(seen) == 5  # the raise is not worded in the picture; the others are
    changed = [(2, {"meeting": "PANEL_991"}), (4, {"until": day.replace(month=6)})] + [
        (3, {"payload": {"status": status}}) for status in ("approved", "implemented")
    ]
    for seq, values in changed:  # histories alike but for what the picture shows of one event
        other = [dataclasses.replace(e, **values) if e.seq == seq else e for e in events]
        kept = timelines.draw(other, wf, day, [], first)
        assert kept == _anew(other, wf, day, [], first) and kept not in seen, values
