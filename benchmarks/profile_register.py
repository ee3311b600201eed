"""Where the register's first page goes: its parts' CPU and the calls it makes (issue 29).

    python benchmarks/profile_register.py DB [--pages N] [--top N]
    python benchmarks/profile_register.py DB --loop ours|raw --pages N   (for callgrind)

``DB`` is a database ``bench_register`` reads (``populate``'s proposals of 5 events; build one
with ``GOVFLOW_BENCH_REGISTER_DB`` unset and keep it, or any govflow database). Prints the CPU
of a first page (50 rows as of ``bench_register.DAY``, minimum of 25 rounds) through the
facade, through the use case (``Register.page``: without the argument check), an empty read
transaction, the page's statement on the driver (the baseline) and inside a read; then the
function calls a page makes (counted by the profiler: a figure the machine's load does not
move) and the profile's top functions by own time (``--top 0``: none).

``--loop`` runs ``N`` pages (``ours``) or the statement ``N`` times (``raw``) after a warm-up and
prints nothing: run it under ``valgrind --tool=callgrind`` with ``N`` and with 0 and subtract,
with ``PYTHONHASHSEED=0`` (dictionary probing follows the hash seed), for instructions a page.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_register import DAY, LIMIT
from sqlalchemy.dialects import sqlite

import govflow
from govflow.store import paging


def _cpu(work: Callable[[], object], n: int = 200, rounds: int = 25) -> float:
    """Microseconds of CPU a call of ``work``: the minimum of ``rounds`` rounds of ``n``."""
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        for _ in range(n):
            work()
        best = min(best, (time.process_time() - start) / n)
    return best * 1e6


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("db", type=Path)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--loop", choices=("ours", "raw"))
    args = parser.parse_args()
    gf = govflow.open_db(args.db)
    conn = sqlite3.connect(args.db)
    sql, order, given = paging.compiled_page(sqlite.dialect(), (False, False, None, False, False))
    values = {**given, "day": DAY, "limit": LIMIT + 1}
    params = tuple(values[name] for name in order or ())

    def ours() -> object:
        return gf.register_page(DAY, limit=LIMIT)

    def raw() -> object:
        return conn.execute(sql, params).fetchall()

    for _ in range(20):
        ours(), raw()
    if args.loop:
        for _ in range(args.pages):
            (ours if args.loop == "ours" else raw)()
        return
    register, store = gf._parts.register, gf._store

    def use_case() -> object:
        return register.page(DAY, limit=LIMIT)

    def empty_read() -> None:
        with store.read():
            pass

    def read_and_statement() -> None:
        with store.read() as c:
            c.connection.driver_connection.execute(sql, params).fetchall()  # type: ignore[union-attr]

    for name, work in [("first page (gf.register_page)", ours),
                       ("Register.page (no argument check)", use_case),
                       ("an empty read transaction", empty_read),
                       ("the statement on sqlite3 (baseline)", raw),
                       ("the statement inside a read", read_and_statement)]:  # fmt: skip
        print(f"{name:40s} {_cpu(work):8.1f} us CPU")
    profile = cProfile.Profile()
    profile.enable()
    for _ in range(args.pages):
        ours()
    profile.disable()
    stats = pstats.Stats(profile)
    print(f"function calls a page: {stats.total_calls / args.pages:.0f}")  # type: ignore[attr-defined]
    if args.top:
        out = io.StringIO()
        pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(args.top)
        print(out.getvalue())


if __name__ == "__main__":
    main()
