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

CHILD = r"""
import gc, json, resource, sys, time
import govflow
gf = govflow.open_db(sys.argv[1])
spent = [0, 0, 0, 0.0, 0.0]  # collections by generation, seconds, the last start
def told(phase, info):
    if phase == "start":
        spent[4] = time.perf_counter()
    else:
        spent[info["generation"]] += 1
        spent[3] += time.perf_counter() - spent[4]
before = resource.getrusage(resource.RUSAGE_SELF)
gc.callbacks.append(told)
start, cpu = time.perf_counter(), time.process_time()
with open(sys.argv[2], 'w', encoding='utf-8', newline='') as out:
    count = gf.export_audit(out, 'csv')
wall, cpu = time.perf_counter() - start, time.process_time() - cpu
gc.callbacks.remove(told)
after = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps([count, wall, cpu, spent[:4], [getattr(after, f) - getattr(before, f) for f in
    ("ru_utime", "ru_stime", "ru_minflt", "ru_majflt", "ru_nvcsw", "ru_nivcsw")]]))
"""
_USAGE = ("ru_utime", "ru_stime", "ru_minflt", "ru_majflt", "ru_nvcsw", "ru_nivcsw")


def _machine() -> tuple[float, float, int]:
    """Busy and I/O-wait CPU seconds of the whole machine, and pages written out, so far."""
    cpu = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    tick = os.sysconf("SC_CLK_TCK")
    vmstat = dict(line.split() for line in Path("/proc/vmstat").read_text().splitlines())
    busy = cpu[0] + cpu[1] + cpu[2] + cpu[5] + cpu[6]  # user nice system irq softirq
    return busy / tick, cpu[4] / tick, int(vmstat["pgpgout"])


def _ours(db: Path, out: Path) -> dict[str, Any]:
    done = subprocess.run([sys.executable, "-c", CHILD, str(db), str(out)], check=True,
                          capture_output=True, text=True, cwd=Path.cwd())  # fmt: skip
    count, wall, cpu, spent, usage = json.loads(done.stdout)
    usage = dict(zip(_USAGE, usage, strict=True))
    return {"count": count, "wall": wall, "cpu": cpu, "gc": spent, **usage}


def _base(db: Path, out: Path) -> dict[str, Any]:
    spent = [0, 0, 0, 0.0, 0.0]

    def told(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            spent[4] = time.perf_counter()
        else:
            spent[info["generation"]] += 1
            spent[3] += time.perf_counter() - spent[4]

    before = resource.getrusage(resource.RUSAGE_SELF)
    gc.callbacks.append(told)
    cpu: list[float] = []
    count, wall = baseline_export(db, out, cpu)
    gc.callbacks.remove(told)
    after = resource.getrusage(resource.RUSAGE_SELF)
    usage = {f: getattr(after, f) - getattr(before, f) for f in _USAGE}
    return {"count": count, "wall": wall, "cpu": cpu[0], "gc": spent[:4], **usage}


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
        row = {name: _measured(sides[name]) for name in order}
        ours, base = row["ours"], row["base"]
        row["ratio"] = (ours["count"] / ours["wall"]) / (base["count"] / base["wall"])
        row["cpu_ratio"] = base["cpu"] / ours["cpu"]
        print(f"round {r:2d} ratio {row['ratio']:.3f} CPU {row['cpu_ratio']:.3f} | govflow "
              f"{_line(ours)} | baseline {_line(base)} | load {base['load']:.1f}",
              flush=True)  # fmt: skip
        found.append(row)
    ratios, cpus = [x["ratio"] for x in found], [x["cpu_ratio"] for x in found]
    print(f"ratio median {statistics.median(ratios):.3f} minimum {min(ratios):.3f}; CPU median "
          f"{statistics.median(cpus):.3f} minimum {min(cpus):.3f}")  # fmt: skip
    (folder / f"rounds-{scale}.json").write_text(json.dumps(found))
    return found


if __name__ == "__main__":
    main(float(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3]))
