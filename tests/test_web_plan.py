"""The proposal page's Planned section: each remaining step with its date and reason, assumed
dates marked (fictional MP902 of tests/plan_kit.py)."""

from __future__ import annotations

import re

from tests.conftest import Api
from tests.plan_kit import in_refinement, timetable


def test_the_proposal_page_shows_the_plan_with_its_reasons(api: Api) -> None:
    timetable(api.gf)
    in_refinement(api.gf)
    page = api.get("/proposals/MP902")
    assert page.status_code == 200, page.text
    planned = page.text.split('<h2 id="plan">', 1)[1].split("</section>", 1)[0]
    text = " ".join(re.sub(r"<[^>]+>", " ", planned).split())
    assert "Path 3" in text and "Pending Implementation → Implemented (live)" in text
    assert "Change Board approved (decision)" in text
    # the code's words only: no trigger or milestone name (send_to_report, mrc_opened) shows
    assert not re.search(r"\b[a-z]+_[a-z_]+\b", text), text
    assert 'class="planned' in planned
