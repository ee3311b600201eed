"""The plan as the dashed future of the proposal page's timeline, in a real browser (Debian's
Chromium driven by Playwright, as tests/test_web_browser.py does): the marks after today are
dashed, reached with the keyboard, and each shows its reason on focus and on hover. The demo's
MP904 (fictional) is planned with a fictional cadence for the Panel and the Change Board, set
here; the screenshot goes to GOVFLOW_SCREENSHOTS when set (docs/screenshots/)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from govflow.service import Govflow
from tests import test_web_browser as shared

browser, server = shared.browser, shared.server  # the fixtures: Chromium, the demo served

_TIP = "e => getComputedStyle(e).display !== 'none' && e.getBoundingClientRect().width > 0"


def test_the_timeline_draws_the_plan_dashed_with_its_reasons_on_focus_and_hover(
    browser: Any, server: str, gf: Govflow, tmp_path: Path
) -> None:
    gf.update_committee("PANEL", paper_lead_days=6, cadence="monthly 3rd Friday")  # fictional
    gf.update_committee("CB", paper_lead_days=5, cadence="monthly 4th Wednesday")  # fictional
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(server + "/proposals/MP904")
    marks = page.locator("svg.timeline g.planned")
    assert marks.count() >= 4  # the consultation closing, the Panel, the report, the CB...
    dashes = marks.first.locator(".plan-mark").evaluate("e => getComputedStyle(e).strokeDasharray")
    assert dashes not in ("", "none")
    assert page.locator("svg.timeline .plan-span").count() >= 1
    assert page.locator("svg.timeline .tip").first.evaluate(_TIP) is False  # hidden until asked
    # The keyboard: from the picture's scrolling box, Tab reaches the first planned mark.
    page.locator(".figure.scroll").first.focus()
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('class')")
    assert focused == "planned"
    tip = page.locator("svg.timeline g.planned:focus .tip")
    assert tip.evaluate(_TIP) is True
    said = tip.text_content()
    assert said.startswith("Planned, not on record: ") and " Why: " in said
    assert said == page.evaluate("document.activeElement.getAttribute('aria-label')")[: len(said)]
    shown = [said]
    for _ in range(marks.count() - 1):  # Tab on through every mark, each showing its reason
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('class')") == "planned":
            shown.append(page.locator("svg.timeline g.planned:focus .tip").text_content())
        if len(shown) == 3:
            folder = Path(os.environ.get("GOVFLOW_SCREENSHOTS") or tmp_path)
            page.locator(".figure.scroll").first.screenshot(
                path=str(folder / "proposal-plan-focus.png"))  # fmt: skip
    assert len(shown) == marks.count()
    assert any("Refinement Consultation opened" in s and "ends on" in s for s in shown)  # window
    assert any("Panel's cadence" in s for s in shown)  # a meeting assumed (the tip wraps)
    # The pointer: hovering a mark shows its reason too.
    page.mouse.click(5, 5)
    last = marks.nth(marks.count() - 1)
    last.hover()
    assert last.locator(".tip").evaluate(_TIP) is True
    page.close()
