"""Meetings and agenda items are found afresh by every write: one added by another process is
seen by a service already open (there is no cache to go stale; issue 16 measured the direct
one-statement look-up fast enough). Proposals, meetings and items here are invented."""

from __future__ import annotations

import subprocess
import sys

from govflow.service import Govflow

OTHER_PROCESS = """
import sys
import govflow
gf = govflow.open_db(sys.argv[1])
gf.add_meeting("CSC_39", on="2021-06-22")
gf.add_item("CSC_39", "3", title="DP962 conversion", presenter="SECAS", text="Agreed.")
gf.add_item("CSC_38", "6", title="DP961 conversion", presenter="SECAS", text="Agreed.")
gf.close()
"""


def test_a_meeting_added_by_another_process_is_seen(gf: Govflow, db_url: str) -> None:
    gf.add_meeting("CSC_38", on="2021-05-25")
    gf.add_item("CSC_38", "5", title="DP960 conversion", presenter="SECAS", text="Agreed.")
    for number in ("DP960", "DP961", "DP962"):
        gf.raise_proposal(number, title="Invented", on="2021-03-01", stage="development")
    gf.advance("DP960", "convert", meeting="CSC_38", item="5")  # CSC_38 looked up once already

    subprocess.run([sys.executable, "-c", OTHER_PROCESS, db_url], check=True)

    gf.advance("DP961", "convert", meeting="CSC_38", item="6")  # a new item of a known meeting
    gf.advance("DP962", "convert", meeting="CSC_39", item="3")  # a new meeting
    seen = {ref: gf.history(ref)[-1] for ref in ("MP961", "MP962")}
    assert [(e.meeting, e.item) for e in seen.values()] == [("CSC_38", "6"), ("CSC_39", "3")]
    assert [m.code for m in gf.meetings()] == ["CSC_38", "CSC_39"]
