"""``govflow export portfolio``: every open proposal's plan as one self-contained HTML page, the
portfolio page's Gantt chart and table (fictional MP902-MP904 of tests/plan_kit.py)."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path

from typer.testing import Result

from govflow.service import Govflow
from tests.plan_kit import in_refinement, timetable


def test_the_portfolio_exports_as_one_page_with_its_chart_and_risks(
    gf: Govflow, cli: Callable[..., Result], tmp_path: Path
) -> None:
    timetable(gf)
    in_refinement(gf)
    gf.raise_proposal("MP904", title="Fictional <late>", on="2021-09-01", path=3)
    gf.release("MP904", "March 2022", release_date="2022-03-03", on="2021-10-01")
    out = io.StringIO()
    assert gf.export_portfolio(out, today="2021-12-08") == 3
    html = out.getvalue()
    assert html.startswith("<!DOCTYPE html>") and "</html>" in html
    assert '<svg class="gantt"' in html and "svg.gantt .plan{" in html  # styled inline
    assert html.count('<rect class="past"') == 3 and 'class="release"' in html
    assert re.search(r'<text class="ref"[^>]*>MP904 <tspan class="risk">at risk', html)
    assert "<td>MP904 <strong>at risk</strong></td>" in html
    assert "Refinement Consultation closed 2021-12-30" in html  # MP902's next step
    assert "<script" not in html and "http" not in html.replace("http://www.w3.org", "")
    page = tmp_path / "portfolio.html"
    result = cli("export", "portfolio", "--on", "2021-12-08", "--output", str(page))
    assert result.exit_code == 0, result.output
    assert page.read_text(encoding="utf-8").split("<footer>")[0] == html.split("<footer>")[0]
