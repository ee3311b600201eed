"""CSV: UTF-8, a header row, ISO dates, the csv module's quoting (RFC 4180, CRLF line ends).

Empty cells stand for absent values. Columns are documented in ``docs/export-schema.md``. Text
cells are neutralised for spreadsheets (:func:`govflow.safe_text.csv_cell`): one starting like a
formula gets a ``'`` in front, one holding a control character is written as ``'`` and its JSON
string; ``govflow import events`` undoes both.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import Any, TextIO

from govflow.exporters.base import Exporter
from govflow.exporters.reports import AuditReport, RegisterReport, TimelineReport
from govflow.exporters.text import describe, event_date, releases_text, stage_label
from govflow.records.audit import AUDIT_COLUMNS
from govflow.safe_text import csv_cell, csv_column, csv_row_is_plain, json_safe

REGISTER_COLUMNS = (
    "reference", "title", "proposer", "workflow", "path", "stage", "stage_label", "stage_since",
    "stage_since_precision", "last_decision", "last_decision_on", "last_meeting", "releases",
    "outcome", "solution", "solutions",
)  # fmt: skip

#: The payload as one cell: the canonical JSON the hash uses (keys sorted, no spaces), its
#: encoder built once (``json.dumps`` with these options would build one per call).
_payload_json = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode


def payload_text(payload: Any) -> str:
    return json_safe(_payload_json(payload))


def _cells(values: Iterable[Any]) -> tuple[Any, ...]:
    """Text neutralised for spreadsheets; numbers, dates and absent values as they are."""
    row = tuple(values)
    if csv_row_is_plain(row):  # the common case, checked at once (an export has many rows)
        return row
    return tuple(csv_cell(v) if isinstance(v, str) else v for v in row)


def write_audit(report: AuditReport, out: TextIO) -> int:
    writer = csv.writer(out)
    writer.writerow(AUDIT_COLUMNS)
    count = 0
    for columns in report.audit.columns(payload_text, report.progress):
        # each column checked at once, neutralised cell by cell only where it needs it
        writer.writerows(zip(*map(csv_column, columns), strict=True))
        count += len(columns[0])
    return count


def write_register(report: RegisterReport, out: TextIO) -> int:
    writer = csv.writer(out)
    writer.writerow(REGISTER_COLUMNS)
    for r in report.rows:
        writer.writerow(
            _cells((
                r.reference, r.title, r.proposer, r.workflow, r.path, r.stage,
                report.labels.get(r.stage, r.stage),
                r.stage_since.isoformat() if r.stage_since else None,
                "implied" if r.stage_since is None else r.stage_since_precision, r.last_decision,
                r.last_decision_on.isoformat() if r.last_decision_on else None, r.last_meeting,
                releases_text(r.releases), r.outcome, r.solution, " ".join(r.solutions),
            ))
        )  # fmt: skip
    return len(report.rows)


#: The timeline's events, as its pages list them (occurrence order, corrections applied).
TIMELINE_COLUMNS = (
    "reference", "seq", "date", "occurred_on", "date_precision", "until", "what", "stage",
    "stage_label", "milestone", "meeting", "item", "body", "actor", "note", "hash",
)  # fmt: skip


def write_timeline(report: TimelineReport, out: TextIO) -> None:
    writer = csv.writer(out)
    writer.writerow(TIMELINE_COLUMNS)
    wf, reference = report.workflow, report.proposal.reference
    for e in report.events:
        precision = "on_or_before" if e.kind == "implied" else e.date_precision
        writer.writerow(
            _cells((
                reference, e.seq, event_date(e), e.occurred_on.isoformat(), precision,
                e.until.isoformat() if e.until else None, describe(e, wf), e.to_stage,
                stage_label(wf, e.to_stage) or None, e.milestone, e.meeting, e.item, e.body,
                e.actor, e.note, e.hash,
            ))
        )  # fmt: skip


EXPORTER = Exporter(
    "csv", ".csv", "comma-separated values for spreadsheets",
    audit=write_audit, register=write_register, timeline=write_timeline,
)  # fmt: skip
