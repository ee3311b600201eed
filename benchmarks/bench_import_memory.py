"""Peak memory of a bulk import: `govflow import events` of a 1,000,000-event export file (10,000
proposals of 100 events, their milestones at meetings' agenda items) in a child process, its
resident high-water mark (``VmHWM``) less its resident size just before the import (target:
under 50 MB). The same import of a file a tenth the size is reported beside it: flat memory
means the two grow alike.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import report, scratch
from bench_import import export_lines

CHILD = """
import datetime as dt, resource, sys, time
import govflow
from govflow.calendar import WorkingCalendar
WorkingCalendar().add_working_days(dt.date(2021, 1, 4), 1, True)  # the holidays, loaded once
gf = govflow.open_db(sys.argv[1])
before = int(open('/proc/self/statm').read().split()[1]) * resource.getpagesize()
start = time.perf_counter()
with open(sys.argv[2], encoding='utf-8-sig', newline='') as handle:
    events = gf.import_events(handle).events
elapsed = time.perf_counter() - start
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent across fork and exec.
peak = int(open('/proc/self/status').read().split('VmHWM:')[1].split()[0]) * 1024
print(events, elapsed, max(0, peak - before))
"""


def imported(folder: Path, proposals: int) -> tuple[int, float, float]:
    """Events, seconds and peak growth (MB) of importing a file of ``proposals`` proposals."""
    source, db = folder / f"audit-{proposals}.jsonl", folder / f"import-{proposals}.db"
    with source.open("w", encoding="utf-8") as out:
        for line in export_lines(proposals, 100):
            out.write(line + "\n")
    done = subprocess.run([sys.executable, "-c", CHILD, str(db), str(source)], check=True,
                          capture_output=True, text=True)  # fmt: skip
    events, elapsed, growth = done.stdout.split()
    return int(events), float(elapsed), int(growth) / 1e6


def main(scale: float = 1.0) -> bool:
    proposals = max(100, int(10_000 * scale))
    with scratch() as folder:
        small = imported(folder, proposals // 10)
        large = imported(folder, proposals)
    print(f"# import of {small[0]:,} events: {small[2]:.1f} MB peak growth, {small[1]:.1f} s; "
          f"of {large[0]:,} events: {large[2]:.1f} MB, {large[1]:.1f} s")  # fmt: skip
    return report(f"peak memory growth, import of {large[0]:,} events (MB)", large[2], large[2],
                  "MB", "< 50 MB", higher=False)  # fmt: skip


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 1.0)
