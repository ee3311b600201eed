"""Reads users wait for: one proposal's history among 1,000,000 events (target under 5 ms) and the
register as of a past date for 10,000 proposals (target under 200 ms). Each is printed next to
plain ``sqlite3`` running the equivalent query on the same file, as a reference.
"""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import clock, remove_db, report, scratch
from _populate import populate

import govflow


def _median(samples: list[float]) -> float:
    samples.sort()
    return samples[len(samples) // 2]


def history_times(path: Path, proposals: int, events_each: int) -> tuple[float, float]:
    gf = govflow.open_db(path)
    picks = [1 + (i * 7919) % proposals for i in range(50)]
    ours = []
    for number in picks:
        start = clock()
        events = gf.history(f"DP{number}")
        ours.append(clock() - start)
        assert len(events) == events_each
    gf.close()
    conn = sqlite3.connect(path)
    base = []
    for number in picks:
        start = clock()
        pid = conn.execute(
            "SELECT id FROM proposal WHERE scheme='SEC' AND number=? AND alternative=''", (number,)
        ).fetchone()[0]
        conn.execute("SELECT * FROM event WHERE proposal_id=? ORDER BY seq", (pid,)).fetchall()
        base.append(clock() - start)
    conn.close()
    return _median(ours), _median(base)


def register_times(path: Path) -> tuple[float, float]:
    gf = govflow.open_db(path)
    ours = []
    for _ in range(5):
        start = clock()
        rows = gf.register(as_of="2021-01-04")
        ours.append(clock() - start)
    gf.close()
    conn = sqlite3.connect(path)
    base = []
    for _ in range(5):
        start = clock()
        conn.execute(
            "SELECT p.number, p.title, e.to_stage, e.occurred_on FROM proposal p JOIN event e "
            "ON e.proposal_id = p.id JOIN (SELECT proposal_id, max(seq) AS seq FROM event "
            "WHERE to_stage IS NOT NULL AND occurred_on <= '2021-01-04' GROUP BY proposal_id) l "
            "ON l.proposal_id = e.proposal_id AND l.seq = e.seq"
        ).fetchall()
        base.append(clock() - start)
    conn.close()
    assert rows
    return _median(ours), _median(base)


def main(scale: float = 1.0) -> bool:
    proposals = max(100, int(10_000 * scale))
    events_each = 100
    with scratch() as folder:
        path = folder / "reads.db"
        remove_db(path)
        gf = govflow.open_db(path)
        start = clock()
        populate(gf, proposals, stage="draft", events_each=events_each)
        gf.close()
        print(f"# generated {proposals * events_each:,} events in {clock() - start:.1f} s")
        ours, base = history_times(path, proposals, events_each)
        ok = report(f"history of one proposal among {proposals * events_each:,} events (ms)",
                    ours * 1e3, base * 1e3, "ms", "< 5", higher=False)  # fmt: skip
        ours, base = register_times(path)
        ok &= report(f"register as of a past date, {proposals:,} proposals (ms)",
                     ours * 1e3, base * 1e3, "ms", "< 200", higher=False)  # fmt: skip
    return ok


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 1.0)
