"""The CSV export's rounds as ``bench_export.py`` runs them (govflow in a fresh child, the
baseline in this process, interleaved), each side's round with what may explain its time: wall
and CPU (user, system), page faults, context switches (involuntary: the process lost its core),
GC collections and their time, and what the rest of the machine did meanwhile (its busy CPU
seconds, I/O wait, pages written out). A diagnostic, not a benchmark (round ten, exp10).

    python benchmarks/export_rounds.py 0.2 10 /tmp/rounds   # scale, rounds, a folder kept
"""

from __future__ import annotations

import gc
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _populate import populate
from bench_export import baseline_export

import govflow

_USAGE = ("ru_utime", "ru_stime", "ru_minflt", "ru_majflt", "ru_nvcsw", "ru_nivcsw")


class _Collections:
    """GC collections by generation and their seconds, while :meth:`measure` runs ``work``."""

    def __init__(self) -> None:
        self.counts, self.seconds, self._start = [0, 0, 0], 0.0, 0.0

    def _told(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._start = time.perf_counter()
        else:
            self.counts[info["generation"]] += 1
            self.seconds += time.perf_counter() - self._start

    def measure(self, work: Callable[[], tuple[int, float, float]]) -> dict[str, Any]:
        before = resource.getrusage(resource.RUSAGE_SELF)
        gc.callbacks.append(self._told)
        count, wall, cpu = work()
        gc.callbacks.remove(self._told)
        after = resource.getrusage(resource.RUSAGE_SELF)
        usage = {f: getattr(after, f) - getattr(before, f) for f in _USAGE}
        return {"count": count, "wall": wall, "cpu": cpu, "gc": [*self.counts, self.seconds],
                **usage}  # fmt: skip


def _child(db: str, out: str) -> None:
    """govflow's side, in a fresh process as the bench's child (timed from after open_db)."""
    gf = govflow.open_db(db)

    def export() -> tuple[int, float, float]:
        start, cpu = time.perf_counter(), time.process_time()
        with open(out, "w", encoding="utf-8", newline="") as handle:
            count = gf.export_audit(handle, "csv")
        return count, time.perf_counter() - start, time.process_time() - cpu

    print(json.dumps(_Collections().measure(export)))


def _machine() -> tuple[float, float, int]:
    """Busy and I/O-wait CPU seconds of the whole machine, and pages written out, so far."""
    cpu = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    tick = os.sysconf("SC_CLK_TCK")
    vmstat = dict(line.split() for line in Path("/proc/vmstat").read_text().splitlines())
    busy = cpu[0] + cpu[1] + cpu[2] + cpu[5] + cpu[6]  # user nice system irq softirq
    return busy / tick, cpu[4] / tick, int(vmstat["pgpgout"])


def _ours(db: Path, out: Path) -> dict[str, Any]:
    done = subprocess.run([sys.executable, __file__, "--child", str(db), str(out)], check=True,
                          capture_output=True, text=True)  # fmt: skip
    found: dict[str, Any] = json.loads(done.stdout)
    return found


def _base(db: Path, out: Path) -> dict[str, Any]:
    def export() -> tuple[int, float, float]:
        cpu: list[float] = []
        count, wall = baseline_export(db, out, cpu)
        return count, wall, cpu[0]

    return _Collections().measure(export)


def _measured(side: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    busy, wait, written = _machine()
    found = side()
    busy2, wait2, written2 = _machine()
    return {**found, "machine_busy": busy2 - busy, "iowait": wait2 - wait,
            "written_mb": (written2 - written) / 1024, "load": os.getloadavg()[0]}  # fmt: skip


def _line(side: dict[str, Any]) -> str:
    return (f"wall {side['wall']:6.3f} user {side['ru_utime']:6.3f} sys {side['ru_stime']:5.3f} "
            f"faults {side['ru_minflt']:5d}/{side['ru_majflt']} lost core {side['ru_nivcsw']:5d} "
            f"gc {side['gc'][:3]} {side['gc'][3] * 1e3:4.0f} ms machine busy "
            f"{side['machine_busy']:5.2f} s")  # fmt: skip


def main(scale: float, rounds: int, folder: Path) -> list[dict[str, Any]]:
    folder.mkdir(exist_ok=True)
    db = folder / f"export{scale}.db"
    if not db.exists():
        gf = govflow.open_db(db)
        populate(gf, max(100, int(10_000 * scale)), stage="draft", events_each=100)
        gf.close()
    found = []
    for r in range(rounds):
        sides = {"ours": lambda: _ours(db, folder / "ours.csv"),
                 "base": lambda: _base(db, folder / "base.csv")}  # fmt: skip
        order = ["ours", "base"] if r % 2 == 0 else ["base", "ours"]  # as interleaved() does
        row: dict[str, Any] = {name: _measured(sides[name]) for name in order}
        ours, base = row["ours"], row["base"]
        row["ratio"] = (ours["count"] / ours["wall"]) / (base["count"] / base["wall"])
        row["cpu_ratio"] = base["cpu"] / ours["cpu"]
        print(f"round {r:2d} ratio {row['ratio']:.3f} CPU {row['cpu_ratio']:.3f} | govflow "
              f"{_line(ours)} | baseline {_line(base)} | load {base['load']:.1f}",
              flush=True)  # fmt: skip
        found.append(row)
    ratios: list[float] = [x["ratio"] for x in found]
    cpus: list[float] = [x["cpu_ratio"] for x in found]
    print(f"ratio median {statistics.median(ratios):.3f} minimum {min(ratios):.3f}; CPU median "
          f"{statistics.median(cpus):.3f} minimum {min(cpus):.3f}")  # fmt: skip
    (folder / f"rounds-{scale}.json").write_text(json.dumps(found))
    return found


if __name__ == "__main__":
    if sys.argv[1] == "--child":
        _child(sys.argv[2], sys.argv[3])
    else:
        main(float(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3]))
