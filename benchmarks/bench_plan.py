"""The planner over the whole portfolio (issue 26): ``Govflow.plan_portfolio`` with 100, 1,000
and 10,000 open proposals (generated Draft Proposals in Development, built through the
benchmarks' bulk path), and one proposal's ``Govflow.plan`` among them. The committees have a
paper lead time and a cadence, with a few meetings on record, and two releases; each proposal
is planned to its release through conversion, Initial Consideration, the Report Phase, the
Change Board and the release. Medians of a few calls; the table is printed in Markdown for
``benchmarks/README.md``. No target (reported): the portfolio should grow linearly and stay
interactive at 1,000.
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import clock, remove_db, scratch
from _populate import populate

import govflow

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
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 1.0)
