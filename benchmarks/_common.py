"""Shared helpers for the benchmarks: timing, fresh database files, result lines."""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any


@contextmanager
def scratch() -> Iterator[Path]:
    """A temporary folder removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="govflow-bench-") as folder:
        yield Path(folder)


def remove_db(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        with suppress(FileNotFoundError):
            os.remove(f"{path}{suffix}")


def best_of(runs: int, work: Callable[[], float]) -> float:
    """The best (lowest) of several timings; ``work`` returns seconds."""
    return min(work() for _ in range(runs))


def median_of(runs: int, work: Callable[[], float]) -> float:
    return statistics.median(work() for _ in range(runs))


def clock() -> float:
    return time.perf_counter()


def report(name: str, ours: float, baseline: float, unit: str, target: str, higher: bool) -> bool:
    """Print one result line; return whether the target is met.

    ``higher`` says whether larger figures are better (rates) or worse (times). The ratio is
    always govflow's performance relative to the baseline: above 1 is faster than the baseline.
    """
    ratio = ours / baseline if higher else baseline / ours
    ok = _meets(target, ratio, ours)
    print(
        f"{name:<44} govflow {ours:>12,.3f} {unit:<8} baseline {baseline:>12,.3f} {unit:<8} "
        f"ratio {ratio:6.3f}  target {target:<16} {'OK' if ok else 'MISSED'}"
    )
    return ok


def _meets(target: str, ratio: float, ours: float) -> bool:
    kind, _, value = target.partition(" ")
    number = float(value.split()[0])
    if kind == "ratio>=":
        return ratio >= number
    if kind == "<":
        return ours < number
    raise ValueError(target)


def interleaved(
    rounds: int, ours: Callable[[], float], baseline: Callable[[], float]
) -> tuple[list[float], list[float]]:
    """Run govflow's and the baseline's rounds alternately (each round's first one changing
    sides), so that a passing load on this shared machine hits both alike; both lists of
    figures, in round order."""
    mine: list[float] = []
    theirs: list[float] = []
    for r in range(rounds):
        if r % 2:
            theirs.append(baseline())
            mine.append(ours())
        else:
            mine.append(ours())
            theirs.append(baseline())
    return mine, theirs


def warm_interleaved(
    rounds: int, ours: Callable[[], float], baseline: Callable[[], float], *opened: Any
) -> tuple[list[float], list[float]]:
    """:func:`interleaved` after one untimed baseline run (the page cache warm for both), then
    each of ``opened`` (a Govflow, a connection) closed."""
    baseline()
    found = interleaved(rounds, ours, baseline)
    for thing in opened:
        thing.close()
    return found


def report_rounds(
    name: str, ours: list[float], baseline: list[float], unit: str, target: str, higher: bool,
    every: bool = False,
) -> bool:  # fmt: skip
    """The median figures and the median of the rounds' ratios (judged against ``target``, or
    with ``every`` the minimum: every round must meet it); then the minimum ratio, the worst
    round."""
    ratios = [o / b if higher else b / o for o, b in zip(ours, baseline, strict=True)]
    judged = min(ratios) if every else statistics.median(ratios)
    ok = _meets(target, judged, statistics.median(ours))
    print(
        f"{name:<44} govflow {statistics.median(ours):>12,.3f} {unit:<8} baseline "
        f"{statistics.median(baseline):>12,.3f} {unit:<8} ratio {statistics.median(ratios):6.3f}"
        f"  target {target:<16} {'OK' if ok else 'MISSED'}"
    )
    print(f"{'':<44} {len(ratios)} rounds, interleaved: minimum ratio {min(ratios):6.3f}"
          + (" (judged: every round)" if every else ""))  # fmt: skip
    return ok
