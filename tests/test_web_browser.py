"""The pages in a real browser: headless Chromium (Debian's ``chromium`` package) driven by
Playwright, against the app served by uvicorn on 127.0.0.1.

Without Chromium (or Playwright) these tests skip, saying how to install it, unless
``GOVFLOW_REQUIRE_BROWSER=1`` (set by ``.ci/run``), when they fail. Screenshots at 1400 and 400 px
are taken every run; with ``GOVFLOW_SCREENSHOTS=docs/screenshots`` they are saved there (the
README shows them). Data: the demo (MP099 and MP131 with their public facts only; MP9xx/DP9xx
fictional).
"""

from __future__ import annotations

import os
import shutil
import socket
import struct
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from govflow import demo
from govflow.service import Govflow

CHROMIUM = os.environ.get("GOVFLOW_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
REQUIRED = os.environ.get("GOVFLOW_REQUIRE_BROWSER") == "1"
HOW = ("install Debian's Chromium (apt-get install chromium) and the test extra "
       "(pip install -e '.[test]'), or run .ci/run")  # fmt: skip


def _browser_or_skip() -> Any:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    if sync_playwright is None or not Path(CHROMIUM).is_file():
        missing = "Playwright" if sync_playwright is None else f"Chromium at {CHROMIUM}"
        if REQUIRED:
            pytest.fail(f"GOVFLOW_REQUIRE_BROWSER=1 but {missing} is missing: {HOW}")
        pytest.skip(f"no {missing}: {HOW}")
    return sync_playwright


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    sync_playwright = _browser_or_skip()
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


@pytest.fixture
def server(gf: Govflow, db_url: str) -> Iterator[str]:
    """The demo database served by uvicorn on a free loopback port; its base URL."""
    import uvicorn

    from govflow.web.app import WebConfig, create_app

    demo.build(gf)
    port = _free_port()
    config = uvicorn.Config(create_app(WebConfig(database=db_url)), host="127.0.0.1",
                            port=port, log_level="warning", lifespan="on")  # fmt: skip
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not running.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(10)


def _png_width(data: bytes) -> int:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width: int = struct.unpack(">I", data[16:20])[0]
    return width


def _shot(page: Any, name: str, tmp_path: Path) -> None:
    """A screenshot of the viewport, kept in GOVFLOW_SCREENSHOTS when it is set."""
    folder = Path(os.environ.get("GOVFLOW_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    data = page.screenshot(path=str(folder / f"{name}.png"))
    assert _png_width(data) == page.viewport_size["width"]


def test_register_to_proposal_search_and_a_write_seen_on_the_page(
    browser: Any, server: str, gf: Govflow, tmp_path: Path
) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(server + "/")
    assert page.title().startswith("Modification register as of")
    _shot(page, "register-1400", tmp_path)
    page.click("a.ref >> text=MP901")
    page.wait_for_url(server + "/proposals/MP901")
    assert page.locator("svg.timeline").is_visible()
    assert page.locator("svg.diagram").is_visible()
    assert page.locator("svg.diagram .edge.taken").count() >= 6
    assert page.locator("svg.diagram g.state.current").count() == 1
    _shot(page, "proposal-1400", tmp_path)
    # Search from the navigation, then follow a hit.
    page.click("nav >> text=Search")
    page.fill("input[name=q]", "manifest error")
    page.press("input[name=q]", "Enter")
    page.wait_for_url("**/search?q=manifest+error")
    page.click("ol.hits a >> text=MP902")
    assert page.locator("h1").inner_text().startswith("MP902")
    # One write through the API as a secretariat token, then seen on the proposal's page.
    secret = gf.add_token("secretariat desk", role="secretariat").secret
    written = page.request.post(
        server + "/api/proposals/MP904/record",
        headers={"Authorization": f"Bearer {secret}"},
        data={"milestone": "preliminary_assessment_received", "on": "2021-07-02",
              "note": "received in the browser test (fictional)"},
    )  # fmt: skip
    assert written.status == 200, written.text()
    page.goto(server + "/proposals/MP904")
    row = page.locator("table.history tr", has_text="received in the browser test")
    assert "secretariat desk" in row.inner_text()
    page.close()


def test_at_400_px_tables_stack_and_the_pictures_scroll_in_their_own_box(
    browser: Any, server: str, tmp_path: Path
) -> None:
    page = browser.new_page(viewport={"width": 400, "height": 900})
    page.goto(server + "/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 400
    assert page.locator("table.stack thead").first.is_hidden()
    _shot(page, "register-400", tmp_path)
    page.goto(server + "/proposals/MP901")
    assert page.evaluate("document.documentElement.scrollWidth") <= 400
    box = page.locator(".figure.scroll").first
    assert box.evaluate("e => e.scrollWidth > e.clientWidth + 300")  # full size, scrolling
    _shot(page, "proposal-400", tmp_path)
    page.close()


def test_printing_drops_the_navigation_and_the_hover_hint_and_opens_the_minutes(
    browser: Any, server: str, gf: Govflow
) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(server + "/proposals/MP901")
    assert "hover over a marker" in page.locator("p.caption").first.inner_text()
    page.emulate_media(media="print")
    assert page.locator("nav.site").is_hidden()
    assert "hover" not in page.locator("p.caption").first.inner_text()
    assert page.locator(".figure.scroll svg").first.evaluate(
        "e => e.getBoundingClientRect().width <= e.parentElement.clientWidth + 1"
    )
    gf.update_item("CB_901", "4", text="The Change Board voted on MP901 (fictional minutes).")
    page.goto(server + "/meetings/CB_901")
    assert page.locator("details").evaluate("d => d.open") is False
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.locator("details").evaluate("d => d.open") is True
    page.close()
