"""Whole-process start-up: ``govflow --help`` against ``python -c "import typer"`` (target within
1.5 times), and ``govflow proposal show`` against ``python -c "import sqlalchemy, typer"``
(target within 1.3 times: the floor is what the command cannot avoid importing). The runs of
the two commands are interleaved so that a busy machine slows both alike; the judged ratio is
the median of the runs' ratios.
"""

from __future__ import annotations

import compileall
import os
import resource
import shutil
import statistics
import subprocess
import sys
import sysconfig
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import clock, interleaved, report_rounds, scratch

import govflow

PYTHON = sys.executable
GOVFLOW = shutil.which("govflow", path=str(Path(PYTHON).parent)) or "govflow"


#: The CPU seconds (user + system) of each run, by command, beside the wall time judged.
CPU: dict[str, list[float]] = {}


def _time(command: list[str], env: dict[str, str]) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = clock()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)
    elapsed = clock() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    CPU.setdefault(" ".join(command), []).append(cpu)
    return elapsed


def compare(
    ours: list[str], baseline: list[str], env: dict[str, str], runs: int
) -> tuple[list[float], list[float]]:
    _time(ours, env), _time(baseline, env)  # warm the file cache
    CPU.clear()
    return interleaved(runs, lambda: _time(ours, env), lambda: _time(baseline, env))


def report_cpu(ours: list[str], baseline: list[str]) -> None:
    """The CPU time of the runs :func:`compare` made last (reported, not judged)."""
    mine, theirs = CPU[" ".join(ours)], CPU[" ".join(baseline)]
    ratios = sorted(b / m for m, b in zip(mine, theirs, strict=True))
    print(f"{'':<44} CPU time, the same runs: govflow {statistics.median(mine):.3f} s, baseline "
          f"{statistics.median(theirs):.3f} s, ratio {statistics.median(ratios):.3f}, minimum "
          f"{ratios[0]:.3f} (reported)")  # fmt: skip


def main(scale: float = 1.0) -> bool:
    runs = max(5, int(15 * scale))
    # As installed: pip compiles a package's bytecode, as it does typer's and SQLAlchemy's. An
    # editable install under PYTHONDONTWRITEBYTECODE would compile govflow from source each run,
    # and a venv installed with --no-compile the floor's own imports (0.5 s for SQLAlchemy).
    for folder in (sysconfig.get_paths()["purelib"], Path(govflow.__file__).parent):
        compileall.compile_dir(folder, quiet=1)
    with scratch() as folder:
        db = folder / "show.db"
        gf = govflow.open_db(db)
        gf.raise_proposal("MP916", title="Start-up benchmark (invented)", on="2021-01-04")
        gf.close()
        env = {**os.environ, "GOVFLOW_DB": str(db), "COLUMNS": "100"}
        helps = [GOVFLOW, "--help"], [PYTHON, "-c", "import typer"]
        ours, base = compare(*helps, env, runs)
        ok = report_rounds("govflow --help vs import typer (s)", ours, base, "s",
                           "ratio>= 0.667", higher=False)  # fmt: skip
        report_cpu(*helps)
        shows = (
            [GOVFLOW, "proposal", "show", "SECMP0916"],
            [PYTHON, "-c", "import sqlalchemy, typer"],
        )
        ours, base = compare(*shows, env, runs)
        ok &= report_rounds("govflow proposal show vs imports (s)", ours, base, "s",
                            "ratio>= 0.769", higher=False)  # fmt: skip
        report_cpu(*shows)
    return ok


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 1.0)
