"""The register a page at a time, with 100,000 proposals of 5 events (issue 29): the first page
of 50 rows as of a past date (``Register.page``, what the web register's first page reads)
against plain ``sqlite3`` running the page's own statement (``store/paging.py:
register_page``, the same SQL text) and fetching its rows (target: within 2 times, ratio at
least 0.5); and the same first page with 1,000 proposals against 100,000 (reported: the first
page's cost should not follow the register's size). Rounds interleaved.

``GOVFLOW_BENCH_REGISTER_DB`` names a database built by an earlier run (``populate`` with
100,000 proposals of 5 events takes minutes on a busy machine); it is read, never written
(one an older govflow built is upgraded when opened, as any database is).
The CPU time of the same rounds (``process_time``) is reported beside the wall time.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import clock, interleaved, remove_db, report_rounds, scratch, warm_interleaved
from _populate import populate
from sqlalchemy.dialects import sqlite

import govflow
from govflow.store import paging

DAY = "2021-01-04"
LIMIT = 50


def _built(path: Path, proposals: int) -> Path:
    remove_db(path)
    gf = govflow.open_db(path)
    populate(gf, proposals, stage="draft", events_each=5)
    gf.close()
    return path


def _page_rounds(
    path: Path, rounds: int = 9, per_round: int = 20
) -> tuple[list[float], list[float], list[float], list[float]]:
    """Seconds per first page: govflow's, and raw ``sqlite3`` running the same statement; then
    the CPU seconds of the same rounds (``process_time``: what a passing load changes least)."""
    gf = govflow.open_db(path)
    conn = sqlite3.connect(path)
    sql, order, given = paging.compiled_page(sqlite.dialect(), (False, False, None, False, False))
    values = {**given, "day": DAY, "limit": LIMIT + 1}
    params = tuple(values[name] for name in order or ())
    gf.register_page(DAY, limit=LIMIT)  # warm: the workflow, the page cache

    cpu: dict[str, list[float]] = {"ours": [], "raw": []}

    def ours() -> float:
        start, used = clock(), time.process_time()
        for _ in range(per_round):
            assert len(gf.register_page(DAY, limit=LIMIT).rows) == LIMIT
        cpu["ours"].append((time.process_time() - used) / per_round)
        return (clock() - start) / per_round

    def raw() -> float:
        start, used = clock(), time.process_time()
        for _ in range(per_round):
            assert len(conn.execute(sql, params).fetchall()) == LIMIT + 1
        cpu["raw"].append((time.process_time() - used) / per_round)
        return (clock() - start) / per_round

    ours_t, raw_t = warm_interleaved(rounds, ours, raw, gf, conn)
    return ours_t, raw_t, cpu["ours"], cpu["raw"][1:]  # the untimed warm-up run left out


def _sizes_rounds(small: Path, big: Path, rounds: int = 9) -> tuple[list[float], list[float]]:
    """Seconds per first page with ``big`` and with ``small``: govflow both times."""
    services = [govflow.open_db(small), govflow.open_db(big)]

    def timed(gf: govflow.Govflow) -> float:
        start = clock()
        for _ in range(20):
            gf.register_page(DAY, limit=LIMIT)
        return (clock() - start) / 20

    for gf in services:
        timed(gf)
    found = interleaved(rounds, lambda: timed(services[1]), lambda: timed(services[0]))
    for gf in services:
        gf.close()
    return found


def main(scale: float = 1.0) -> bool:
    proposals = max(1_000, int(100_000 * scale))
    with scratch() as folder:
        given = os.environ.get("GOVFLOW_BENCH_REGISTER_DB")
        big = Path(given) if given else _built(folder / "big.db", proposals)
        if given:
            proposals = sqlite3.connect(big).execute("SELECT count(*) FROM proposal").fetchone()[0]
        small = _built(folder / "small.db", 1_000)
        ours, base, ours_cpu, base_cpu = _page_rounds(big)
        ok = report_rounds(f"register first page, {proposals:,} proposals (ms)",
                           [t * 1e3 for t in ours], [t * 1e3 for t in base], "ms",
                           "ratio>= 0.5", higher=False)  # fmt: skip
        report_rounds("the same, CPU time (process_time, ms)",
                      [t * 1e3 for t in ours_cpu], [t * 1e3 for t in base_cpu], "ms",
                      "ratio>= 0.5", higher=False)  # fmt: skip
        big_t, small_t = _sizes_rounds(small, big)
        report_rounds(f"first page, {proposals:,} vs 1,000 proposals (ms)",
                      [t * 1e3 for t in big_t], [t * 1e3 for t in small_t], "ms",
                      "ratio>= 0", higher=False)  # fmt: skip
    return ok


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 1.0)
