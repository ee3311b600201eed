"""How the everyday operations grow with the database: advance at a meeting's agenda item, show,
history and the register as of a date, with 1,000, 10,000 and 100,000 proposals of 5 events
each (built through the benchmarks' bulk path). Each figure is the median of several calls on
proposals spread through the database; the table is printed in Markdown for
``benchmarks/README.md``. No target: advance, show and history should stay flat, the register
grows with the proposals it lists.
"""

from __future__ import annotations

import os
import statistics
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import clock, remove_db, scratch
from _populate import populate

import govflow

EVENTS_EACH = 5


def _median_ms(calls: list[Callable[[], object]]) -> float:
    times = []
    for call in calls:
        start = clock()
        call()
        times.append(clock() - start)
    return statistics.median(times) * 1e3


def measure(path: Path, proposals: int) -> dict[str, float]:
    remove_db(path)
    gf = govflow.open_db(path)
    populate(gf, proposals, stage="draft", events_each=EVENTS_EACH)
    gf.add_meeting("CSC_38", on="2021-01-05")
    gf.add_item("CSC_38", "5", title="Draft Proposals")
    picks = [1 + (i * 7919) % proposals for i in range(40)]
    gf.advance(f"DP{picks[-1]}", "submit", on="2021-01-05", meeting="CSC_38", item="5")  # warm
    gf.history(f"DP{picks[0]}"), gf.register(as_of="2021-01-04")
    found = {
        "advance": _median_ms([
            lambda n=n: gf.advance(f"DP{n}", "submit", on="2021-01-05", meeting="CSC_38",
                                   item="5")
            for n in picks[:20]
        ]),
        "show": _median_ms([lambda n=n: gf.proposal(f"DP{n}") for n in picks]),
        "history": _median_ms([lambda n=n: gf.history(f"DP{n}") for n in picks]),
        "register": _median_ms([lambda: gf.register(as_of="2021-01-04")] * 5),
    }  # fmt: skip
    gf.close()
    return found


def main(scale: float = 1.0) -> bool:
    sizes = [max(100, int(n * scale)) for n in (1_000, 10_000, 100_000)]
    with scratch() as folder:
        rows = {n: measure(folder / f"scale-{n}.db", n) for n in sizes}
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"# scaling, {EVENTS_EACH} events a proposal, median ms (load average {load})")
    print("| proposals | advance at an item | show | history | register as of a date |")
    print("|---:|---:|---:|---:|---:|")
    for n, r in rows.items():
        print(f"| {n:,} | {r['advance']:.2f} | {r['show']:.2f} | {r['history']:.2f} | "
              f"{r['register']:.0f} |")  # fmt: skip
    return True


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 1.0)
