"""``/docs`` and every kind of page work on a machine without internet: in headless Chromium, no
request goes to another host, Swagger UI starts (under the Content-Security-Policy that forbids
inline script) and the browser reports no policy violation.

Runs as the other browser tests do (tests/test_web_browser.py: Debian's Chromium through
Playwright, skipped without it unless GOVFLOW_REQUIRE_BROWSER=1). Data: the demo (MP099 and
MP131 with their public facts only; MP9xx fictional).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.test_web_browser import browser, sqlite_server  # noqa: F401 (fixtures)

PAGES = ["/", "/proposals/MP901", "/meetings", "/meetings/PANEL_901", "/due",
         "/search?q=manifest", "/login", "/proposals/MP990", "/api/exports/timeline/MP901.html",
         "/docs"]  # fmt: skip


def _visit(chromium: Any, url: str) -> tuple[list[str], list[str], Any]:
    """The page at ``url`` once loaded: the URLs it asked for, the console's errors, the page."""
    page = chromium.new_page(viewport={"width": 1200, "height": 900})
    asked: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(url, wait_until="networkidle")
    return asked, errors, page


@pytest.mark.parametrize("path", PAGES)
def test_no_request_leaves_the_server(browser: Any, sqlite_server: str, path: str) -> None:  # noqa: F811
    asked, errors, page = _visit(browser, sqlite_server + path)
    here = urlsplit(sqlite_server).netloc
    elsewhere = [u for u in asked if urlsplit(u).scheme not in ("data", "blob")
                 and urlsplit(u).netloc != here]  # fmt: skip
    assert elsewhere == []
    assert [e for e in errors if "Content Security Policy" in e] == []
    page.close()


def test_swagger_ui_shows_the_document_offline(browser: Any, sqlite_server: str) -> None:  # noqa: F811
    asked, errors, page = _visit(browser, sqlite_server + "/docs")
    page.wait_for_selector(".swagger-ui .info .title", timeout=15000)
    assert page.locator(".swagger-ui .info .title").inner_text().startswith("govflow")
    assert page.locator(".opblock").count() > 20  # every operation, from /openapi.json
    assert sqlite_server + "/openapi.json" in asked
    assert errors == []
    page.close()
