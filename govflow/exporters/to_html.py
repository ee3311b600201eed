"""HTML: single self-contained pages (inline CSS and SVG; no scripts, fonts or network).

The timeline page holds a summary, the timeline picture, the workflow diagram with the current
stage highlighted, the stages and the events. The audit page holds, per proposal, a small
timeline and its events; the register page a stage breakdown and the table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from typing import TextIO

from govflow.errors import GovflowError
from govflow.exporters import html_page as page
from govflow.exporters.base import Exporter
from govflow.exporters.html_page import TABLE_END, esc
from govflow.exporters.reports import (
    AuditReport,
    Life,
    Moment,
    RegisterReport,
    TimelineReport,
    life_of,
    moments_from_views,
)
from govflow.exporters.svg_diagram import diagram_svg
from govflow.exporters.svg_plan import planned_of
from govflow.exporters.svg_timeline import stage_colour, timeline_svg
from govflow.exporters.text import (
    DEADLINE_COLUMNS,
    EventLike,
    deadline_cells,
    describe,
    event_date,
    last_step_dated,
    moved_by,
    place,
    related_text,
    releases_text,
    short_hash,
    stage_label,
    when_known,
    who,
)
from govflow.planning.model import Plan
from govflow.records.audit import AuditRecord, Chain
from govflow.views import EventView
from govflow.workflow.definition import Workflow
from govflow.workflow.describe import mermaid

EVENT_COLUMNS = ("#", "Date", "What", "Meeting", "By", "Note", "Hash")


def _event_row(e: EventView | AuditRecord, wf: Workflow | None, current: int | None) -> str:
    css = "now" if e.seq == current else ("stage" if e.to_stage is not None else "")
    occurred = event_date(e)
    by = who(e, wf)
    return (
        f'<tr class="{css}"><td class="num">{e.seq}</td><td>{esc(occurred)}</td>'
        f"<td>{esc(describe(e, wf))}</td><td>{esc(place(e.meeting, e.item, e.item_title))}</td>"
        f'<td>{esc(by)}</td><td class="note">{esc(e.note)}</td>'
        f'<td class="hash" title="{esc(e.hash)}">{esc(short_hash(e.hash))}</td></tr>\n'
    )


def _words(events: Sequence[EventLike], wf: Workflow | None) -> dict[int, str]:
    return {e.seq: describe(e, wf) for e in events}


def _picture(
    life: Life, wf: Workflow | None, words: dict[int, str], plan: Plan | None = None
) -> str:
    drawn, planned = planned_of(plan)
    svg = timeline_svg(life, wf, lambda m: words.get(m.seq, m.kind), planned=planned)
    future = (f" After today, dashed, the plan along {esc(drawn)}: the earliest each step can "
              "happen, not on record; hover over or focus (Tab) a dashed mark for why it falls "
              "then.") if planned else ""  # fmt: skip
    return (
        f'<div class="figure">{svg}</div>\n<p class="caption">The numbers on the markers are '
        "the event numbers (#) of the table of events; hover over a marker for what it was."
        f"{future}</p>\n"
    )


def _terminal(wf: Workflow | None) -> Callable[[str], bool]:
    def terminal(stage: str) -> bool:
        state = wf.state(stage) if wf is not None else None
        return bool(state and state.terminal)

    return terminal


# -- timeline ------------------------------------------------------------------------------------
def _stage_rows(report: TimelineReport, life: Life) -> str:
    """Each stage with the dates as the record knows them: an implied step's is only "by" the
    step that implies it, a month's is the month."""
    wf, starts = report.workflow, [e for e in report.events if e.to_stage is not None]
    firsts = list(_span_starts(starts, life))
    rows = [page.table_head(("Stage", "From", "To", "Days", "Moved by", "At"))]
    for i, (span, event) in enumerate(zip(life.spans, firsts, strict=True)):
        end = event_date(firsts[i + 1]) if i + 1 < len(firsts) else "now"
        days = ((span.end or report.today) - span.start).days
        current = span is life.spans[-1]
        moved = moved_by(event, wf)
        rows.append(
            f'<tr class="{"now" if current else ""}"><td><span class="swatch" style="background:'
            f'{stage_colour(wf, span.stage)}"></span>{esc(stage_label(wf, span.stage))}</td>'
            f"<td>{esc(event_date(event))}</td><td>{esc(end)}</td>"
            f'<td class="num">{days}</td><td>{esc(moved)}</td>'
            f"<td>{esc(place(event.meeting, event.item, event.item_title))}</td></tr>\n"
        )
    rows.append(TABLE_END)
    return "".join(rows)


def _span_starts(starts: Sequence[EventView], life: Life) -> Iterator[EventView]:
    """The event that began each span (consecutive moves into one stage make one span)."""
    previous = None
    for event in starts:
        if event.to_stage != previous:
            yield event
        previous = event.to_stage


def write_timeline(report: TimelineReport, out: TextIO) -> None:
    p, wf = report.proposal, report.workflow
    life = life_of(moments_from_views(report.events), _terminal(wf), report.today)
    label = stage_label(wf, p.stage)
    out.write(page.page_start(f"{p.reference}: {p.title}"))
    out.write(
        f'<header><p class="kicker">{esc(wf.title)} · workflow {esc(wf.name)}, '
        f"version {wf.version}</p>"
        f'<h1><span class="ref">{esc(p.reference)}</span>{esc(p.title)}</h1>'
        f'<div class="badges"><span class="badge now">{esc(label)}</span>'
        + "".join(f'<span class="badge">{esc(b)}</span>' for b in _badges(report))
        + "</div></header>\n"
    )
    since = life.spans[-1].start.isoformat() if life.spans else ""
    out.write(page.cards([
        ("Stage now", label, True), ("In it since", since, False),
        ("Raised", when_known(p.raised_on, p.raised_on_precision), False),
        ("Days in process", str((life.end - life.start).days), False),
        ("Events", str(len(report.events)), False), ("Meetings", str(len(life.meetings)), False),
    ]))  # fmt: skip
    out.write("<h2>Timeline</h2>\n" + _picture(life, wf, _words(report.events, wf), report.plan))
    out.write("<h2>Workflow</h2>\n")
    out.write(f'<div class="figure">{diagram_svg(wf, p.stage)}</div>\n')
    out.write("<details><summary>Mermaid source of the diagram</summary><pre>"
              f"{esc(mermaid(wf, p.stage))}</pre></details>\n")  # fmt: skip
    if p.deadlines:
        out.write("<h2>Open deadlines</h2>\n" + page.table_head(DEADLINE_COLUMNS))
        for d in p.deadlines:
            out.write("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in deadline_cells(d)) + "</tr>\n")
        out.write(TABLE_END)
    out.write("<h2>Stages</h2>\n" + _stage_rows(report, life))
    out.write("<h2>Events</h2>\n" + page.table_head(EVENT_COLUMNS))
    for event in report.events:
        out.write(_event_row(event, wf, None))
    out.write(TABLE_END)
    head = report.events[-1].hash if report.events else ""
    out.write(page.page_end(report.generated_at, f"Head of the hash chain: {head}."))


def _badges(report: TimelineReport) -> list[str]:
    p = report.proposal
    badges = [f"key {p.key}"]
    if p.path is not None:
        badges.append(report.workflow.route_text(p.path))
    if p.proposer:
        badges.append(f"proposer {p.proposer}")
    if len(p.aliases) > 1:
        badges.append("also " + ", ".join(p.aliases[1:]))
    if p.releases:
        badges.append(releases_text(p.releases))
    if p.related:
        badges.append("Related: " + related_text(p.related))
    return badges


# -- audit ---------------------------------------------------------------------------------------
def _workflow(report: AuditReport, chain: Chain) -> Workflow | None:
    try:
        return report.registry.get(chain.workflow, chain.workflow_version)
    except GovflowError:
        return None


def _chain_section(report: AuditReport, chain: Chain, records: list[AuditRecord]) -> str:
    wf = _workflow(report, chain)
    moments = [
        Moment(r.seq, r.kind, dt.date.fromisoformat(r.occurred_on),
               dt.date.fromisoformat(r.until) if r.until else None, r.to_stage, r.milestone,
               r.trigger, r.meeting, r.payload)
        for r in records
    ]  # fmt: skip
    today = dt.datetime.now(dt.UTC).date()
    life = life_of(moments, _terminal(wf), today)
    parts = [f'<h2 id="{esc(chain.key)}">{esc(chain.reference)} '
             f'<span class="hash">{esc(chain.key)}, events {chain.first_seq} to '
             f"{chain.last_seq}</span></h2>\n", _picture(life, wf, _words(records, wf)),
             page.table_head(EVENT_COLUMNS)]  # fmt: skip
    parts += [_event_row(r, wf, None) for r in records]
    parts.append(TABLE_END)
    return "".join(parts)


def _audit_header(report: AuditReport) -> str:
    audit = report.audit
    badges = "".join(
        f'<span class="badge">{esc(key)}: {esc(", ".join(v) if isinstance(v, list) else v)}</span>'
        for key, v in audit.filter.to_dict().items()
        if v is not None
    )
    summary = page.cards(
        [
            ("Proposals", str(audit.chains), False),
            ("Events", str(audit.events), False),
            ("Generated", report.generated_at[:19].replace("T", " "), False),
        ]
    )
    return (
        '<header><p class="kicker">govflow audit export</p><h1>Audit history</h1>'
        f'<div class="badges">{badges}</div></header>\n{summary}'
    )


def write_audit(report: AuditReport, out: TextIO) -> int:
    out.write(page.page_start("Audit history") + _audit_header(report))
    count, chain, records = 0, None, list[AuditRecord]()
    for item in report.audit.stream(report.progress):
        if isinstance(item, Chain):
            if chain is not None:
                out.write(_chain_section(report, chain, records))
            chain, records = item, []
        else:
            records.append(item)  # one proposal's events at a time: memory stays bounded
            count += 1
    if chain is not None:
        out.write(_chain_section(report, chain, records))
    tail = "Check the chains by verifying a JSONL export of the same history with govflow."
    out.write(page.page_end(report.generated_at, tail))
    return count


# -- register ------------------------------------------------------------------------------------
REGISTER_COLUMNS = ("Reference", "Title", "Proposer", "Route", "Stage", "Since", "Last decision",
                    "Meeting", "Releases")  # fmt: skip


def write_register(report: RegisterReport, out: TextIO) -> int:
    out.write(page.page_start(f"Modification register as of {report.as_of.isoformat()}"))
    out.write('<header><p class="kicker">Modification register</p>'
              f"<h1>As it stood on {report.as_of.isoformat()}</h1></header>\n")  # fmt: skip
    stages: dict[str, int] = {}
    for row in report.rows:
        stages[row.stage] = stages.get(row.stage, 0) + 1
    out.write(page.cards([("Proposals", str(len(report.rows)), False)] + [
        (report.labels.get(s, s), str(n), False) for s, n in stages.items()]))  # fmt: skip
    out.write(page.table_head(REGISTER_COLUMNS))
    for r in report.rows:
        wf = report.workflows.get(r.workflow)
        decision = last_step_dated(wf, r) if wf is not None else r.decision_dated()
        stage = stage_label(wf, r.stage) if wf is not None else report.labels.get(r.stage, r.stage)
        out.write(
            f"<tr><td>{esc(r.reference)}</td><td>{esc(r.title)}</td><td>{esc(r.proposer)}</td>"
            f"<td>{esc(r.path)}</td><td>{esc(stage)}{_standing(r.under_stage())}</td>"
            f"<td>{esc(when_known(r.stage_since, r.stage_since_precision))}</td>"
            f"<td>{esc(decision)}</td>"
            f"<td>{esc(r.last_meeting)}</td><td>{esc(releases_text(r.releases))}</td></tr>\n"
        )
    out.write(TABLE_END)
    out.write(page.page_end(report.generated_at))
    return len(report.rows)


def _standing(standing: tuple[str, ...]) -> str:
    """Each solution's standing (or the latest vote) under the stage, as the web register."""
    if not standing:
        return ""
    return '<ul class="standing">' + "".join(f"<li>{esc(s)}</li>" for s in standing) + "</ul>"


EXPORTER = Exporter(
    "html", ".html", "a self-contained web page with pictures",
    audit=write_audit, register=write_register, timeline=write_timeline,
)  # fmt: skip
