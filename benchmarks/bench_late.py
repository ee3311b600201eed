"""Late entries: an event dated before a proposal's latest, placed in its history and replayed.

An entry recorded late reads the proposal's own events, replays them with the new one in place and
rewrites the proposal's row and deadlines: its cost must follow that proposal's events only, not
the size of the database.

- One late entry with 100,000 proposals in the database against the same with 100 (rounds
  alternate between the two databases). Target: within 1.2 times (ratio at least 0.833).
- One late entry on a proposal of 100 events against one of 10 events, in the same database: the
  replay grows with the proposal's own history (reported, no target).
- A late entry against an in-order one on the same proposals (reported, no target).

Each figure is the median of many single entries; the minimum is printed too.
"""

from __future__ import annotations

import statistics
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import clock, remove_db, report, scratch
from _populate import populate

import govflow
from govflow.service import Govflow

LATEST = "2021-02-01"  # an in-order entry dated after every generated event
LATE = "2021-01-20"  # between the generated events (4 January) and LATEST


def _open(path: Path, count: int, events_each: int) -> Govflow:
    remove_db(path)
    gf = govflow.open_db(path)
    populate(gf, count, stage="draft", events_each=events_each)
    return gf


def _prepare(gf: Govflow, numbers: range) -> None:
    """Give each proposal an event on LATEST, so that an entry on LATE is a late one."""
    for number in numbers:
        gf.record(f"DP{number}", "critical_friend_review", on=LATEST)


def _late(gf: Govflow, number: int) -> float:
    start = clock()
    gf.record(f"DP{number}", "critical_friend_comments", on=LATE, note="minutes came late")
    return clock() - start


def _in_order(gf: Govflow, number: int) -> float:
    start = clock()
    gf.record(f"DP{number}", "critical_friend_comments", on=LATEST)
    return clock() - start


def _rounds(
    cases: dict[str, tuple[Govflow, Callable[[Govflow, int], float], range]], rounds: int
) -> dict[str, list[float]]:
    """Alternate the cases, ``rounds`` times, a slice of their proposals each time."""
    times: dict[str, list[float]] = {name: [] for name in cases}
    for r in range(rounds):
        for name, (gf, work, numbers) in cases.items():
            size = len(numbers) // rounds
            for number in numbers[r * size : (r + 1) * size]:
                times[name].append(work(gf, number))
    return times


def _line(name: str, ours: list[float], base: list[float], target: str) -> bool:
    ok = report(name, statistics.median(ours) * 1e3, statistics.median(base) * 1e3, "ms",
                target, higher=False)  # fmt: skip
    print(f"{'':<44} minimum: govflow {min(ours) * 1e3:8.3f} ms, baseline "
          f"{min(base) * 1e3:8.3f} ms, ratio {min(base) / min(ours):6.3f}")  # fmt: skip
    return ok


def main(scale: float = 1.0) -> bool:
    per_case, rounds = 200, 4
    big = max(1_000, int(100_000 * scale))
    with scratch() as folder:
        small_db = _open(folder / "small.db", 100 + per_case, 10)
        big_db = _open(folder / "big.db", big, 10)
        long_db = _open(folder / "long.db", per_case, 100)
        short = range(1, per_case + 1)
        for gf in (small_db, big_db, long_db):
            _prepare(gf, short)
        times = _rounds(
            {"small": (small_db, _late, short), "big": (big_db, _late, short),
             "long": (long_db, _late, short)},
            rounds,
        )  # fmt: skip
        ok = _line(f"late entry, {big:,} vs 100 proposals (ms)", times["big"], times["small"],
                   "ratio>= 0.833")  # fmt: skip
        _line("late entry, 100 vs 10 events (ms)", times["long"], times["small"], "ratio>= 0")
        fresh = range(per_case + 1, per_case + 101)
        extra = _open(folder / "extra.db", per_case + 100, 10)
        _prepare(extra, fresh)
        paired = _rounds({"in order": (extra, _in_order, range(1, per_case + 1)),
                          "late": (extra, _late, fresh)}, rounds)  # fmt: skip
        _line("late entry vs in-order entry (ms)", paired["late"], paired["in order"], "ratio>= 0")
        for gf in (small_db, big_db, long_db, extra):
            gf.close()
    return ok


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 1.0)
