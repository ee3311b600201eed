"""CSV: UTF-8, a header row, ISO dates, RFC 4180 quoting and CRLF line ends, all written by
:func:`govflow.safe_text.csv_writer`.

Empty cells stand for absent values. Columns are documented in ``docs/export-schema.md``. Text
cells are neutralised for spreadsheets (:func:`govflow.safe_text.csv_cell`): one starting like a
formula gets a ``'`` in front, one holding a control character is written as ``'`` and its JSON
string; ``govflow import events`` undoes both.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, TextIO

from govflow.exporters.base import Exporter
from govflow.records.audit import AUDIT_COLUMNS
from govflow.safe_text import csv_writer, json_safe

if TYPE_CHECKING:
    from govflow.exporters.reports import AuditReport, RegisterReport, TimelineReport

REGISTER_COLUMNS = (
    "reference", "title", "proposer", "workflow", "path", "stage", "stage_label", "stage_since",
    "stage_since_precision", "last_decision", "last_decision_on", "last_meeting", "releases",
    "outcome", "solution", "solutions", "standing", "vote", "moving",
)  # fmt: skip

#: The payload as one cell: the canonical JSON the hash uses (keys sorted, no spaces), its
#: encoder built once (``json.dumps`` with these options would build one per call).
_payload_json = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode


def payload_text(payload: Any) -> str:
    return json_safe(_payload_json(payload))


def write_audit(report: AuditReport, out: TextIO) -> int:
    writer = csv_writer(out)
    writer.row(AUDIT_COLUMNS)
    count, audit = 0, report.audit
    if audit.has_lines:  # SQLite: lines joined from text cells, the same file (csv_lines.py)
        from govflow.exporters.csv_lines import LineWriter

        lines = LineWriter(audit, writer, out, payload_text)
        for found in audit.lines(lines.payload, report.progress):
            count += lines.batch(found)
        return count
    for groups in audit.groups(payload_text, report.progress):
        count += writer.groups(groups)
    return count


def write_register(report: RegisterReport, out: TextIO) -> int:
    from govflow.exporters.text import releases_text  # here: the audit export needs none of it

    writer = csv_writer(out)
    writer.row(REGISTER_COLUMNS)
    for r in report.rows:
        writer.row(
            (
                r.reference, r.title, r.proposer, r.workflow, r.path, r.stage,
                report.labels.get(r.stage, r.stage),
                r.stage_since.isoformat() if r.stage_since else None,
                "implied" if r.stage_since is None else r.stage_since_precision, r.last_decision,
                r.last_decision_on.isoformat() if r.last_decision_on else None, r.last_meeting,
                releases_text(r.releases), r.outcome, r.solution, " ".join(r.solutions),
                " | ".join(r.standing), r.vote, r.moving,
            )
        )  # fmt: skip
    return len(report.rows)


#: The timeline's events, as its pages list them (occurrence order, corrections applied).
TIMELINE_COLUMNS = (
    "reference", "seq", "date", "occurred_on", "date_precision", "until", "what", "stage",
    "stage_label", "milestone", "meeting", "item", "body", "actor", "note", "hash",
)  # fmt: skip


def write_timeline(report: TimelineReport, out: TextIO) -> None:
    from govflow.exporters.text import describe, event_date, stage_label

    writer = csv_writer(out)
    writer.row(TIMELINE_COLUMNS)
    wf, reference = report.workflow, report.proposal.reference
    for e in report.events:
        precision = "on_or_before" if e.kind == "implied" else e.date_precision
        writer.row((
            reference, e.seq, event_date(e), e.occurred_on.isoformat(), precision,
            e.until.isoformat() if e.until else None, describe(e, wf), e.to_stage,
            stage_label(wf, e.to_stage) or None, e.milestone, e.meeting, e.item, e.body,
            e.actor, e.note, e.hash,
        ))  # fmt: skip


EXPORTER = Exporter(
    "csv", ".csv", "comma-separated values for spreadsheets",
    audit=write_audit, register=write_register, timeline=write_timeline,
)  # fmt: skip
