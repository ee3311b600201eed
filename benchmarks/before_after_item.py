"""Advancing at a meeting's agenda item: this code against an earlier commit, rounds interleaved.

Issue 23 asks that the write path at a meeting item be no slower than before the rule core.
Each side runs in a process of its own with ``PYTHONPATH`` at its checkout (so ``import
govflow`` is that side's code; every other package is this environment's) and runs the same
workload, ``bench_advance.govflow_rate(..., at_meeting=True)`` from this folder: N proposals
in ``draft`` on a fresh SQLite file, then ``Govflow.advance(ref, "submit", meeting=..., item=...)``
for each, one transaction each, timed. The two processes take turns (before, after; then after,
before; ...), each round's first side changing, after one untimed warm-up round a side.
Printed: every round's rates, the medians, and the median and minimum of the rounds' ratios
after/before (above 1: this code advances faster), for wall time and for the worker's CPU time
over the same timed span (less disturbed by other processes on a shared machine).

    python benchmarks/before_after_item.py a3ab315            # a commit: checked out and removed
    python benchmarks/before_after_item.py /tmp/govflow-before --rounds 9 --count 700
    python benchmarks/before_after_item.py a3ab315 --after /tmp/govflow-rule-core

Not one of ``run_all.py``'s suites: it needs a second checkout.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def worker() -> None:
    """One side: read a count per line, answer the rates (advances per second of wall time and
    of this process's CPU time) of one round."""
    sys.path.insert(0, str(HERE))
    import bench_advance

    import govflow

    cpu: list[float] = []

    def clock() -> float:  # govflow_rate reads its clock at the start and at the end
        cpu.append(time.process_time())
        return time.perf_counter()

    bench_advance.clock = clock
    print(govflow.__file__, flush=True)
    with tempfile.TemporaryDirectory(prefix="govflow-bench-ba-") as folder:
        for line in sys.stdin:
            cpu.clear()
            rate = bench_advance.govflow_rate(Path(folder) / "w.db", int(line), at_meeting=True)
            print(f"{rate!r} {int(line) / (cpu[-1] - cpu[-2])!r}", flush=True)


class Side:
    def __init__(self, name: str, root: Path) -> None:
        env = {**os.environ, "PYTHONPATH": str(root), "PYTHONDONTWRITEBYTECODE": "1"}
        self.name = name
        self.process = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--worker"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env, cwd=root,
        )  # fmt: skip
        self.module = self._line()
        expected = str(root.resolve() / "govflow" / "__init__.py")
        if self.module != expected:
            raise SystemExit(f"{name}: govflow came from {self.module}, not {expected}")

    def _line(self) -> str:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            raise SystemExit(f"{self.name}: the worker stopped (see its error above)")
        return line.strip()

    def round(self, count: int) -> tuple[float, float]:
        """Advances per second of wall time and of CPU time."""
        assert self.process.stdin is not None
        self.process.stdin.write(f"{count}\n")
        self.process.stdin.flush()
        wall, cpu = self._line().split()
        return float(wall), float(cpu)

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait()


@contextmanager
def checkout(before: str) -> Iterator[Path]:
    """``before`` as a folder: itself; as a commit: a temporary ``git worktree``, removed after."""
    if Path(before).is_dir():
        yield Path(before)
        return
    folder = Path(tempfile.mkdtemp(prefix="govflow-before-")) / "tree"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "-q", "--detach", str(folder),
                    before], check=True)  # fmt: skip
    try:
        yield folder
    finally:
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(folder)],
                       check=True)  # fmt: skip
        folder.parent.rmdir()


def load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", help="a commit, or the folder of a checkout of one")
    parser.add_argument("--after", default=str(ROOT), help="a folder (default: this checkout)")
    parser.add_argument("--rounds", type=int, default=9, help="rounds a side (default 9)")
    parser.add_argument("--count", type=int, default=700, help="advances a round (default 700)")
    args = parser.parse_args()
    with checkout(args.before) as tree:
        print(f"load average at start (1, 5, 15 min): {load()}")
        before, after = Side("before", tree), Side("after", Path(args.after))
        print(f"before: {before.module}\nafter:  {after.module}")
        before.round(max(50, args.count // 10))  # warm-up, untimed
        after.round(max(50, args.count // 10))
        rates: dict[str, list[tuple[float, float]]] = {"before": [], "after": []}
        for r in range(args.rounds):
            order = (before, after) if r % 2 == 0 else (after, before)
            for side in order:
                rates[side.name].append(side.round(args.count))
            (bw, bc), (aw, ac) = rates["before"][-1], rates["after"][-1]
            print(f"round {r + 1:2}: wall before {bw:7.1f}/s after {aw:7.1f}/s ratio {aw / bw:.3f}"
                  f" | CPU before {bc:7.1f}/s after {ac:7.1f}/s ratio {ac / bc:.3f}",
                  flush=True)  # fmt: skip
        before.close()
        after.close()
        print(f"load average at end (1, 5, 15 min): {load()}")
    for k, kind in enumerate(("wall", "CPU")):
        b = [rate[k] for rate in rates["before"]]
        a = [rate[k] for rate in rates["after"]]
        ratios = [x / y for x, y in zip(a, b, strict=True)]
        print(f"{kind}: median rate before {statistics.median(b):.1f}/s, after "
              f"{statistics.median(a):.1f}/s; after/before over {len(ratios)} rounds: median "
              f"{statistics.median(ratios):.3f}, minimum {min(ratios):.3f}, "
              f"maximum {max(ratios):.3f}")  # fmt: skip


if __name__ == "__main__":
    if sys.argv[1:] == ["--worker"]:
        worker()
    else:
        main()
