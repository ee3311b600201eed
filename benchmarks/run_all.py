"""Run every benchmark on generated data; print govflow's figure, the baseline's figure measured
in the same run, their ratio and whether the target is met.

    python benchmarks/run_all.py            # full size (takes a few minutes)
    python benchmarks/run_all.py --scale 0.1  # a quick look at a tenth of the data
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import platform
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import govflow

SUITES = (
    "bench_advance",
    "bench_late",
    "bench_import",
    "bench_import_memory",
    "bench_queries",
    "bench_export",
    "bench_startup",
    "bench_serve",
    "bench_register",
    "bench_scaling",
    "bench_minutes_pdf",
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the full data")
    parser.add_argument("--only", nargs="*", choices=SUITES, help="run only these suites")
    args = parser.parse_args()
    machine = f"{platform.machine()}, {platform.processor() or platform.platform()}"
    print(f"# govflow {govflow.__version__}, Python {platform.python_version()}, {machine}, "
          f"scale {args.scale}")  # fmt: skip
    # The holiday calendar loads on first use (about 2 s): not inside whatever is timed first.
    from govflow.calendar import WorkingCalendar

    WorkingCalendar().add_working_days(dt.date(2021, 1, 4), 1, True)
    results = {}
    for name in args.only or SUITES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            print(f"# {name}: skipped ({exc})")
            continue
        results[name] = module.main(args.scale)
    missed = [name for name, ok in results.items() if not ok]
    print(f"# {len(results) - len(missed)} of {len(results)} suites met every target"
          + (f"; missed: {', '.join(missed)}" if missed else ""))  # fmt: skip
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
