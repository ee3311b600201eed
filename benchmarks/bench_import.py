"""Bulk import of 70,000 events a round, validated (replayed against the workflow, chains
recomputed), against plain ``sqlite3`` ``executemany`` of the same rows into the same schema;
three rounds a side, interleaved (target: at least 0.1 of the baseline's rate).
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import clock, interleaved, remove_db, report_rounds, scratch
from _populate import chain

import govflow
from govflow.store.hashing import proposal_key, timestamp

RECORDED = dt.datetime(2021, 1, 4, 12, 0, 0)


def export_lines(proposals: int, events_each: int) -> list[str]:
    """A JSONL audit export, as `govflow export audit --format jsonl` writes one."""
    lines = [json.dumps({"format": "govflow-audit", "version": 1})]
    for number in range(1, proposals + 1):
        for event in chain(number, "development", RECORDED, events_each):
            record: dict[str, Any] = {
                **event,
                "proposal": proposal_key("SEC", number),
                "meeting": None,
                "item": None,
                "reference": f"DP{number}",
            }
            record["occurred_on"] = event["occurred_on"].isoformat()
            record["recorded_at"] = timestamp(event["recorded_at"])
            lines.append(json.dumps(record))
    return lines


def govflow_rate(path: Path, lines: list[str]) -> float:
    remove_db(path)
    gf = govflow.open_db(path)
    start = clock()
    result = gf.import_events(lines)
    elapsed = clock() - start
    gf.close()
    return result.events / elapsed


def baseline_rate(path: Path, lines: list[str]) -> float:
    remove_db(path)
    govflow.open_db(path).close()  # the same schema
    records = [json.loads(line) for line in lines[1:]]
    proposals = sorted({r["proposal"] for r in records})
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    start = clock()
    conn.execute("BEGIN IMMEDIATE")
    conn.executemany(
        "INSERT INTO proposal (id, scheme, number, alternative, prefix, title, workflow, "
        "workflow_version, stage, flags, milestones, raised_on, head_seq, head_hash, "
        "head_occurred_on, version) VALUES (?, 'SEC', ?, '', 'DP', 't', 'sec-modification', 1, "
        "'development', '[]', '[]', '2021-01-04', 0, '', '2021-01-04', 1)",
        [(i, int(key.split(":")[1])) for i, key in enumerate(proposals, start=1)],
    )
    ids = {key: i for i, key in enumerate(proposals, start=1)}
    conn.executemany(
        "INSERT INTO event (proposal_id, seq, kind, milestone, to_stage, occurred_on, "
        "recorded_at, note, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (ids[r["proposal"]], r["seq"], r["kind"], r["milestone"], r["to_stage"],
             r["occurred_on"], r["recorded_at"], r["note"], json.dumps(r["payload"]),
             r["prev_hash"], r["hash"])
            for r in records
        ],
    )  # fmt: skip
    conn.execute("COMMIT")
    elapsed = clock() - start
    conn.close()
    return len(records) / elapsed


def main(scale: float = 1.0) -> bool:
    proposals = max(20, int(700 * scale))  # per round; three rounds a side
    lines = export_lines(proposals, 100)
    with scratch() as folder:
        ours, base = interleaved(3, lambda: govflow_rate(folder / "ours.db", lines),
                                 lambda: baseline_rate(folder / "base.db", lines))  # fmt: skip
    return report_rounds(f"bulk import, {len(lines) - 1:,} events validated (events/s)", ours,
                         base, "ev/s", "ratio>= 0.1", higher=True)  # fmt: skip


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 1.0)
