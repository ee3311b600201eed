"""Reads users wait for, among 1,000,000 events: one proposal's history against plain ``sqlite3``
reading the same rows (target: ratio at least 0.4); the register as of a past date for 10,000
proposals, against plain ``sqlite3`` running its one statement (ratio at least 0.67); a proposal
as `proposal show` reads it, against its history (within 2 times). Each runs rounds interleaved.
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import clock, interleaved, remove_db, report_rounds, scratch, warm_interleaved
from _populate import populate

import govflow


def history_rounds(path: Path, proposals: int, events_each: int, rounds: int = 7
                   ) -> tuple[list[float], list[float]]:  # fmt: skip
    """``history`` of 50 proposals a round against plain ``sqlite3`` reading the same rows (the
    proposal by its key, then its events), rounds interleaved; seconds per proposal. The CPU
    time of each round (``process_time``: the machine is shared) is printed beside them."""
    gf = govflow.open_db(path)
    conn = sqlite3.connect(path)
    picks = [1 + (i * 7919) % proposals for i in range(50)]
    gf.history(f"DP{picks[-1]}")  # warm: the workflow, the page cache
    cpu: dict[str, list[float]] = {"ours": [], "raw": []}

    def ours() -> float:
        start, used = clock(), time.process_time()
        for number in picks:
            assert len(gf.history(f"DP{number}")) == events_each
        cpu["ours"].append((time.process_time() - used) / len(picks))
        return (clock() - start) / len(picks)

    def raw() -> float:
        start, used = clock(), time.process_time()
        for number in picks:
            pid = conn.execute(
                "SELECT id FROM proposal WHERE scheme='SEC' AND number=? AND alternative=''",
                (number,),
            ).fetchone()[0]
            conn.execute("SELECT * FROM event WHERE proposal_id=? ORDER BY seq", (pid,)).fetchall()
        cpu["raw"].append((time.process_time() - used) / len(picks))
        return (clock() - start) / len(picks)

    found = warm_interleaved(rounds, ours, raw, gf, conn)
    mine, theirs = cpu["ours"], cpu["raw"][1:]  # the raw side's first run only warms
    ratios = [r / o for o, r in zip(mine, theirs, strict=True)]
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"# history CPU per proposal: govflow {statistics.median(mine) * 1e3:.3f} ms, raw "
          f"{statistics.median(theirs) * 1e3:.3f} ms; ratio {statistics.median(ratios):.3f} "
          f"(minimum {min(ratios):.3f}); load {load}")  # fmt: skip
    return found


#: The register's rows as of a day in one raw statement: each proposal's latest stage-changing
#: event on or before the day, with its proposal, meeting and committee (the statement govflow
#: ran whole before the register was paged).
REGISTER_SQL = (
    "SELECT e.proposal_id, e.kind, e.trigger, e.to_stage, e.occurred_on, c.code, m.number, "
    "p.prefix, p.number, p.alternative, p.title, p.proposer, p.workflow, "
    "p.workflow_version, p.path, p.scheme, json_extract(e.payload, '$.date_precision'), "
    "p.amended, e.payload, m.date, e.body "
    "FROM (SELECT proposal_id, MAX(seq) AS seq FROM event "
    "WHERE to_stage IS NOT NULL AND occurred_on <= ? GROUP BY proposal_id) l "
    "JOIN event e ON e.proposal_id = l.proposal_id AND e.seq = l.seq "
    "JOIN proposal p ON p.id = l.proposal_id "
    "LEFT JOIN meeting m ON m.id = e.meeting_id "
    "LEFT JOIN committee c ON c.id = m.committee_id "
    "ORDER BY p.scheme, p.number, p.alternative"
)


def register_rounds(
    path: Path, rounds: int = 7
) -> tuple[list[float], list[float], list[float], list[float]]:
    """``register`` as of a past date against plain ``sqlite3`` running its one statement (the
    same SQL text) and fetching the rows; rounds interleaved. Then the CPU seconds of the same
    rounds (``process_time``)."""
    gf = govflow.open_db(path)
    conn = sqlite3.connect(path)
    sql = REGISTER_SQL
    gf.register(as_of="2021-01-04")  # both warm: the page cache, the workflow
    cpu: dict[str, list[float]] = {"ours": [], "raw": []}

    def ours() -> float:
        start, used = clock(), time.process_time()
        assert gf.register(as_of="2021-01-04")
        cpu["ours"].append(time.process_time() - used)
        return clock() - start

    def raw() -> float:
        start, used = clock(), time.process_time()
        assert conn.execute(sql, ("2021-01-04",)).fetchall()
        cpu["raw"].append(time.process_time() - used)
        return clock() - start

    ours_t, raw_t = warm_interleaved(rounds, ours, raw, gf, conn)
    return ours_t, raw_t, cpu["ours"], cpu["raw"][1:]  # the untimed warm-up run left out


def show_rounds(path: Path, proposals: int, rounds: int = 7) -> tuple[list[float], list[float]]:
    """``proposal`` (what `proposal show` reads) against ``history`` of the same proposals, in
    one process: 20 proposals a round, rounds interleaved."""
    gf = govflow.open_db(path)
    picks = [f"DP{1 + (i * 7919) % proposals}" for i in range(20)]

    def timed(read: Callable[[str], object]) -> Callable[[], float]:
        def run() -> float:
            start = clock()
            for reference in picks:
                read(reference)
            return (clock() - start) / len(picks)

        return run

    timed(gf.proposal)()
    found = interleaved(rounds, timed(gf.proposal), timed(gf.history))
    gf.close()
    return found


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
        ours, base = history_rounds(path, proposals, events_each)
        ok = report_rounds(f"history of one proposal among {proposals * events_each:,} events (ms)",
                           [t * 1e3 for t in ours], [t * 1e3 for t in base], "ms",
                           "ratio>= 0.4", higher=False)  # fmt: skip
        ours, base, ours_cpu, base_cpu = register_rounds(path)
        ok &= report_rounds(f"register as of a past date, {proposals:,} proposals (ms)",
                            [t * 1e3 for t in ours], [t * 1e3 for t in base], "ms",
                            "ratio>= 0.67", higher=False)  # fmt: skip
        report_rounds("the same, CPU time (process_time, ms)",
                      [t * 1e3 for t in ours_cpu], [t * 1e3 for t in base_cpu], "ms",
                      "ratio>= 0.67", higher=False)  # fmt: skip
        ours, base = show_rounds(path, proposals)
        ok &= report_rounds(f"show vs history of a proposal of {events_each} events (ms)",
                            [t * 1e3 for t in ours], [t * 1e3 for t in base], "ms",
                            "ratio>= 0.5", higher=False)  # fmt: skip
    return ok


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 1.0)
