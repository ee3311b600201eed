"""JSON Lines: a header object on the first line, then one object a line (UTF-8, ``\\n`` ends).

An audit export (``"format": "govflow-audit"``) can be verified without govflow's database: each
proposal's events follow a *chain line* saying where its run starts and ends, and every event line
carries the exact :data:`~govflow.store.hashing.HASHED_FIELDS` and its ``hash``. The layout and the
hash rules are in ``docs/export-schema.md``. After a ``govflow checkpoint``, the header carries the
latest checkpoint and the file ends with the log lines it signed;
:func:`govflow.audit.verify_file.verify_export` checks a file.
"""

from __future__ import annotations

import json
from functools import partial
from typing import Any, TextIO

from govflow import __version__
from govflow.exporters.base import Exporter
from govflow.exporters.reports import AuditReport, RegisterReport
from govflow.records.audit import Chain
from govflow.safe_text import json_safe
from govflow.store.hashing import GENESIS, HASHED_FIELDS

AUDIT_FORMAT = "govflow-audit"
REGISTER_FORMAT = "govflow-register"
VERSION = 1

_json = partial(json.dumps, ensure_ascii=False, separators=(",", ":"))


def _dumps(value: Any) -> str:
    """Compact JSON with every control character escaped (the same value when read back)."""
    return json_safe(_json(value))


def audit_header(report: AuditReport) -> dict[str, Any]:
    audit = report.audit
    return {
        "format": AUDIT_FORMAT, "version": VERSION, "generated_at": report.generated_at,
        "generator": f"govflow {__version__}", "hash": "sha256", "genesis": GENESIS,
        "hashed_fields": list(HASHED_FIELDS), "filter": audit.filter.to_dict(),
        "chains": audit.chains, "events": audit.events, "checkpoint": report.checkpoint,
    }  # fmt: skip


def chain_line(number: int, chain: Chain) -> dict[str, Any]:
    return {
        "chain": number, "proposal": chain.key, "reference": chain.reference,
        "workflow": chain.workflow, "workflow_version": chain.workflow_version,
        "first_seq": chain.first_seq, "prev_hash": chain.prev_hash,
        "last_seq": chain.last_seq, "head_hash": chain.head_hash,
    }  # fmt: skip


def write_audit(report: AuditReport, out: TextIO) -> int:
    dumps, write = _dumps, out.write
    write(dumps(audit_header(report)) + "\n")
    chains = events = 0
    for item in report.audit.stream(report.progress):
        if isinstance(item, Chain):
            chains += 1
            write(dumps(chain_line(chains, item)) + "\n")
            continue
        line = item.hashed()
        line.update(reference=item.reference, committee=item.committee, item_title=item.item_title)
        write(dumps(line) + "\n")
        events += 1
    for e in report.log:  # the log the checkpoint signed: lets the file be checked against it
        write(
            dumps(
                {
                    "log": e.position,
                    "proposal": e.proposal,
                    "seq": e.seq,
                    "event_hash": e.event_hash,
                    "prev_hash": e.prev_hash,
                    "hash": e.hash,
                }
            )
            + "\n"
        )
    return events


def write_register(report: RegisterReport, out: TextIO) -> int:
    header = {
        "format": REGISTER_FORMAT, "version": VERSION, "generated_at": report.generated_at,
        "generator": f"govflow {__version__}", "as_of": report.as_of.isoformat(),
        "rows": len(report.rows),
    }  # fmt: skip
    out.write(_dumps(header) + "\n")
    for row in report.rows:
        values = row.to_dict()
        values["stage_label"] = report.labels.get(row.stage, row.stage)
        out.write(_dumps(values) + "\n")
    return len(report.rows)


EXPORTER = Exporter(
    "jsonl", ".jsonl", "JSON Lines; the audit file verifies without the database",
    audit=write_audit, register=write_register,
)  # fmt: skip
