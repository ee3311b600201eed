"""The planner over the whole portfolio (issue 26): ``Govflow.plan_portfolio`` with 100, 1,000
and 10,000 open proposals (generated Draft Proposals in Development, built through the
benchmarks' bulk path), and one proposal's ``Govflow.plan`` among them. The committees have a
paper lead time and a cadence, with a few meetings on record, and two releases; each proposal
is planned to its release through conversion, Initial Consideration, the Report Phase, the
Change Board and the release. Medians of a few calls; the table is printed in Markdown for
``benchmarks/README.md``. No target (reported): the portfolio should grow linearly and stay
interactive at 1,000.

Those proposals are all alike, and the portfolio plans proposals alike once. A second portfolio
of 100, 1,000 and 10,000 (``--varied``; built through the public API by
``tests/plan_kit.py: varied``) has them in varied states and routes: Initial Consideration,
Refinement with its consultation open, the Report Phase with its consultation open, the Change
Board, approved; Path 1, 2, 3 or none on record; each raised and moved on days of its own (a
day of its own for each of 750, the moves 7 days apart, 6 for the next 1,500, and so on: with
its stage and route, no two of 10,000 share a state). The two portfolios of a size are timed in
interleaved rounds (the alike one the baseline), so that a passing load on this shared machine
hits both alike; then the varied portfolio's web page (``/portfolio``: the plan, the Gantt
chart and the table) is timed.
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/plan_kit.py

from _common import clock, interleaved, remove_db, scratch
from _populate import populate

import govflow
from tests.plan_kit import varied as varied_portfolio

TODAY = "2021-02-01"


CADENCES = (("CSC", 5, "monthly 4th Tuesday"), ("PANEL", 6, "monthly 3rd Friday"),
            ("CB", 5, "monthly 4th Wednesday"))  # fmt: skip


def _timetable(gf: govflow.Govflow, holder: str) -> None:
    for code, lead, cadence in CADENCES:
        gf.update_committee(code, paper_lead_days=lead, cadence=cadence)
    gf.add_meeting("PANEL_90", on="2021-02-19", status="planned")
    gf.add_meeting("CB_60", on="2021-02-24", status="planned")
    gf.raise_proposal(holder, title="Generated release holder", on="2021-01-04", path=3)
    gf.release(holder, "November 2021", release_date="2021-11-04", on="2021-01-04")
    gf.release(holder, "June 2022", release_date="2022-06-30", on="2021-01-04",
               moved_from="November 2021")  # fmt: skip


def _median_s(call: object, times: int) -> float:
    found = []
    for _ in range(times):
        start = clock()
        call()  # type: ignore[operator]
        found.append(clock() - start)
    return statistics.median(found)


def measure(path: Path, proposals: int) -> dict[str, float]:
    remove_db(path)
    gf = govflow.open_db(path)
    populate(gf, proposals, stage="development", events_each=1)
    _timetable(gf, f"MP{proposals + 1}")
    gf.plan("DP1", today=TODAY)  # warm: the calendar and the workflow's machine
    lines = gf.plan_portfolio(today=TODAY)
    assert len(lines) == proposals + 1, len(lines)
    assert lines[0].live_on is not None, lines[0]
    found = {
        "portfolio": _median_s(
            lambda: gf.plan_portfolio(today=TODAY), 3 if proposals < 5000 else 1
        ),
        "one": _median_s(lambda: gf.plan(f"DP{proposals // 2}", today=TODAY), 9),
    }
    gf.close()
    return found


def _varied(gf: govflow.Govflow, n: int) -> None:
    """MP9001... in varied states and routes (fictional; see the module's docstring)."""
    base = dt.date(2018, 11, 1)  # all moved before TODAY
    varied_portfolio(gf, 9001, n, lambda i: base + dt.timedelta(days=i % 750),
                     lambda i: 7 - i // 1500, "bench")  # fmt: skip


def measure_varied(folder: Path, proposals: int, rounds: int = 3) -> dict[str, float]:
    """The alike portfolio (the baseline) and a varied one of the same size, timed in
    interleaved rounds; then the varied one's web page."""
    dbs = {}
    for kind in ("alike", "varied"):
        path = folder / f"plan-{kind}-{proposals}.db"
        remove_db(path)
        gf = govflow.open_db(path)
        if kind == "alike":
            populate(gf, proposals - 1, stage="development", events_each=1)
        _timetable(gf, "MP30000")  # beyond the alike DP1... and the varied MP9001...
        if kind == "varied":
            _varied(gf, proposals - 1)
        assert len(gf.plan_portfolio(today=TODAY)) == proposals
        dbs[kind] = gf
    cpu: list[float] = []
    ours, theirs = interleaved(
        rounds, lambda: _once(dbs["varied"], cpu), lambda: _once(dbs["alike"])
    )
    page = _median_s(lambda: _page(dbs["varied"]), rounds)
    for gf in dbs.values():
        gf.close()
    return {"varied": statistics.median(ours), "alike": statistics.median(theirs), "page": page,
            "cpu": statistics.median(cpu)}  # fmt: skip


def _once(gf: govflow.Govflow, cpu: list[float] | None = None) -> float:
    """One ``plan --all``: its wall time (its CPU time added to ``cpu``)."""
    start, used = clock(), time.process_time()
    gf.plan_portfolio(today=TODAY)
    if cpu is not None:
        cpu.append(time.process_time() - used)
    return clock() - start


def _page(gf: govflow.Govflow) -> None:
    from govflow.web.links import Links
    from govflow.web.portfolio_page import render_portfolio

    render_portfolio(gf, Links(), dt.date.fromisoformat(TODAY))


def varied(scale: float = 1.0) -> None:
    sizes = [max(100, int(n * scale)) for n in (100, 1_000, 10_000)]
    with scratch() as folder:
        rows = {n: measure_varied(folder, n) for n in dict.fromkeys(sizes)}
    print("# the planner, varied states against alike ones: seconds (median, interleaved)")
    print("| open proposals | alike | varied | varied, CPU | varied per proposal (ms) "
          "| varied / alike | portfolio page, varied |")  # fmt: skip
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for n, r in rows.items():
        print(f"| {n:,} | {r['alike']:.2f} | {r['varied']:.2f} | {r['cpu']:.2f} | "
              f"{r['varied'] / n * 1e3:.2f} | {r['varied'] / r['alike']:.0f}x | "
              f"{r['page']:.2f} |")  # fmt: skip


def main(scale: float = 1.0) -> bool:
    sizes = [max(100, int(n * scale)) for n in (100, 1_000, 10_000)]
    with scratch() as folder:
        rows = {n: measure(folder / f"plan-{n}.db", n) for n in dict.fromkeys(sizes)}
    print("# the planner: seconds (median)")
    print("| open proposals | plan --all | per proposal (ms) | plan REF (ms) |")
    print("|---:|---:|---:|---:|")
    for n, r in rows.items():
        print(f"| {n:,} | {r['portfolio']:.2f} | {r['portfolio'] / n * 1e3:.2f} | "
              f"{r['one'] * 1e3:.1f} |")  # fmt: skip
    return True


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--varied"]
    (varied if "--varied" in sys.argv else main)(float(args[0]) if args else 1.0)
