"""The pages in a real browser: headless Chromium (Debian's ``chromium`` package) driven by
Playwright, against the app served by uvicorn on 127.0.0.1.

Without Chromium (or Playwright) these tests skip, saying how to install it (and the run ends
saying so: tests/conftest.py), unless ``GOVFLOW_REQUIRE_BROWSER=1`` (set by ``.ci/run``), when
they fail. The accessibility pass runs axe-core (the ``axe-playwright-python`` package ships it)
on every kind of page at 1400 and 400 px and fails on any violation (labels, landmarks,
contrast, ...), and walks the register's focus order with the keyboard. Screenshots at 1400 px,
400 px and in print are taken every run; with ``GOVFLOW_SCREENSHOTS=docs/screenshots`` they are
saved there (the README and docs/web.md show them). Data: the demo (MP099 and MP131 with their
public facts only; MP9xx/DP9xx fictional).
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
def server(demo_db_url: str) -> Iterator[str]:
    """The demo in the database under test (built once a session, copied: tests/conftest.py)
    served by uvicorn on a free loopback port; its base URL. For a test that writes besides
    (with ``demo_gf``) or whose pages read what the back end decides (search)."""
    yield from _served(demo_db_url)


@pytest.fixture
def sqlite_server(sqlite_demo_url: str) -> Iterator[str]:
    """The demo served as ``server`` serves it, from SQLite whatever the back end under test:
    for the tests of what the browser draws and asks for, whose pages are the same text from
    either back end (tests/test_web_same_pages.py). The PostgreSQL suite leaves these tests to
    the SQLite suite (tests/conftest.py, ``DATABASE_FIXTURES``)."""
    yield from _served(sqlite_demo_url)


def _served(database: str) -> Iterator[str]:
    import uvicorn

    from govflow.web.app import WebConfig, create_app

    port = _free_port()
    config = uvicorn.Config(create_app(WebConfig(database=database)), host="127.0.0.1",
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
    browser: Any, server: str, demo_gf: Govflow, tmp_path: Path
) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(server + "/")
    assert page.title().startswith("Modification register as of")
    page.click("a.ref >> text=MP901")
    page.wait_for_url(server + "/proposals/MP901")
    assert page.locator("svg.timeline").is_visible()
    assert page.locator("svg.diagram").is_visible()
    assert page.locator("svg.diagram .edge.taken").count() >= 6
    assert page.locator("svg.diagram g.state.current").count() == 1
    # Search from the navigation, then follow a hit.
    page.click("nav >> text=Search")
    page.fill("input[name=q]", "manifest error")
    page.press("input[name=q]", "Enter")
    page.wait_for_url("**/search?q=manifest+error")
    assert page.locator("ol.hits mark").first.inner_text().lower() == "manifest"
    page.click("ol.hits a >> text=MP902")
    assert page.locator("h1").inner_text().startswith("MP902")
    # One write through the API as a secretariat token, then seen on the proposal's page.
    secret = demo_gf.add_token("secretariat desk", role="secretariat").secret
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
    browser: Any, sqlite_server: str
) -> None:
    page = browser.new_page(viewport={"width": 400, "height": 900})
    page.goto(sqlite_server + "/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 400
    assert page.locator("table.stack thead").first.is_hidden()
    page.goto(sqlite_server + "/proposals/MP901")
    assert page.evaluate("document.documentElement.scrollWidth") <= 400
    box = page.locator(".figure.scroll").first
    assert box.evaluate("e => e.scrollWidth > e.clientWidth + 300")  # full size, scrolling
    page.close()


def test_printing_drops_the_navigation_and_the_hover_hint_and_opens_the_minutes(
    browser: Any, server: str, demo_gf: Govflow
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
    demo_gf.update_item("CB_901", "4", text="The Change Board voted on MP901 (fictional minutes).")
    page.goto(server + "/meetings/CB_901")
    assert page.locator("details").evaluate("d => d.open") is False
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.locator("details").evaluate("d => d.open") is True
    page.close()


def test_the_portfolio_at_1400_and_400_px_and_in_print(browser: Any, sqlite_server: str) -> None:
    """The Gantt chart of the open proposals (the demo's MP902 is late for its release):
    drawn whole at 1400 px, within the screen at 400 px with its table stacked, on the page
    in print; the risk said in words in the chart and the table."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(sqlite_server + "/")
    page.click("nav >> text=Portfolio")
    page.wait_for_url(sqlite_server + "/portfolio")
    chart = page.locator("svg.gantt")
    assert chart.is_visible() and chart.bounding_box()["width"] > 1000
    assert (
        page.locator("svg.gantt rect.past").count()
        == page.locator("table.portfolio tbody tr").count()
    )
    assert page.locator("svg.gantt line.release").count() >= 1
    risky = page.locator("svg.gantt text.ref", has_text="at risk")
    assert risky.count() >= 1 and "MP902" in risky.first.text_content()
    assert page.locator("table.portfolio strong.at-risk").first.is_visible()
    why = page.locator("svg.gantt rect.past title", has_text="MP902").text_content()
    assert "at risk for November 2021" in why  # the bar says why (MP902 has no date to come)
    page.set_viewport_size({"width": 400, "height": 900})
    assert page.evaluate("document.documentElement.scrollWidth") <= 400
    assert chart.bounding_box()["width"] <= 400
    assert page.locator("table.portfolio thead").is_hidden()  # one block per proposal
    assert page.locator("table.portfolio strong.at-risk").first.is_visible()
    page.set_viewport_size({"width": 794, "height": 1123})
    page.emulate_media(media="print")
    assert page.locator("nav.site").is_hidden()
    assert chart.evaluate("e => e.getBoundingClientRect().width <= e.parentElement.clientWidth + 1")
    page.close()


SIZES = [(1400, 1000, "screen", "1400"), (400, 900, "screen", "400"),
         (794, 1123, "print", "print")]  # fmt: skip


@pytest.mark.parametrize(
    ("width", "height", "media", "suffix"), SIZES, ids=["1400", "400", "print"]
)
def test_the_proposal_page_shows_its_planned_steps(
    browser: Any,
    sqlite_server: str,
    tmp_path: Path,
    width: int,
    height: int,
    media: str,
    suffix: str,
) -> None:
    """The planned section of MP904 (in Refinement in the demo: steps to come), each step with
    its date and why, within the page at 1400 px, 400 px and on an A4 page in print; a
    screenshot of it (``proposal-plan-*.png``)."""
    page = browser.new_page(viewport={"width": width, "height": height})
    page.emulate_media(media=media)
    page.goto(sqlite_server + "/proposals/MP904")
    section = page.locator("section:has(h2#plan)")
    rows = section.locator("table.planned tr.planned")
    assert page.locator("h2#plan").is_visible() and rows.count() >= 3
    first = rows.first
    assert first.locator("td").nth(0).text_content().strip()[:1].isdigit()  # a date
    assert first.locator("td.note").is_visible()  # and why
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert section.evaluate("e => e.scrollWidth <= e.clientWidth + 1")
    if media == "print":
        assert page.locator("nav.site").is_hidden()
    page.evaluate("window.scrollBy(0, document.getElementById('plan').getBoundingClientRect().top)")
    _shot(page, f"proposal-plan-{suffix}", tmp_path)
    page.close()


def _on_one_line(page: Any, cell: str, text: str) -> Any:
    """Where the link and the text after it in ``cell`` are drawn: (link box, text box)."""
    return page.locator(cell).first.evaluate(
        """(td, text) => {
            const link = td.querySelector("a").getBoundingClientRect();
            const node = [...td.childNodes].find(n => n.nodeType === 3 && n.data.includes(text));
            const range = document.createRange(); range.selectNodeContents(node);
            const after = range.getBoundingClientRect();
            return [link.top, link.right, after.top, after.left, td.getBoundingClientRect().left];
        }""", text,
    )  # fmt: skip


def test_at_400_px_a_cell_of_several_pieces_stays_one_text_beside_its_label(
    browser: Any, sqlite_server: str
) -> None:
    page = browser.new_page(viewport={"width": 400, "height": 900})
    page.goto(sqlite_server + "/proposals/MP901")
    cell = 'table.history td[data-label="Meeting"]:has-text("item")'
    link_top, link_right, text_top, text_left, cell_left = _on_one_line(page, cell, "item")
    assert abs(link_top - text_top) < 2 and text_left >= link_right - 1
    assert (
        page.locator(cell).first.evaluate(
            "td => td.querySelector('a').getBoundingClientRect().left"
        )
        > cell_left + 90
    )  # beside the column's name, not under it
    for url in ("/", "/proposals/MP901", "/due", "/meetings"):
        page.goto(sqlite_server + url)
        broken = page.evaluate("[...document.querySelectorAll('time')]"
                               ".filter(t => t.getClientRects().length > 1).length")  # fmt: skip
        assert broken == 0, url  # an ISO date never breaks across lines
    page.close()


def test_print_has_page_margins(browser: Any, sqlite_server: str) -> None:
    page = browser.new_page()
    page.goto(sqlite_server + "/")
    margins = page.evaluate(
        """[...document.styleSheets].flatMap(s => [...s.cssRules])
           .filter(r => r instanceof CSSPageRule).map(r => r.style.margin)"""
    )
    assert margins and all(m and m != "0px" for m in margins), margins
    page.close()


PAGES = ["/", "/proposals/MP901", "/proposals/MP904", "/meetings", "/meetings/CB_901", "/due",
         "/portfolio", "/search?q=consultation", "/search?q=", "/login?next=/", "/proposals/MP990",
         "/?stage=nowhere"]  # fmt: skip


@pytest.mark.parametrize("width", [1400, 400])
def test_every_page_passes_axe_core_and_asks_nothing_of_another_host(
    browser: Any, sqlite_server: str, width: int
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page = browser.new_page(viewport={"width": width, "height": 900})
    elsewhere: list[str] = []
    errors: list[str] = []
    page.on(
        "request", lambda r: None if r.url.startswith(sqlite_server) else elsewhere.append(r.url)
    )
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    for url in PAGES:
        page.goto(sqlite_server + url)
        results = Axe().run(page)
        assert results.violations_count == 0, f"{url}:\n{results.generate_report()}"
        assert page.locator("main#content h1").count() == 1, url
        assert page.locator("nav[aria-label]").count() == 1, url
    assert elsewhere == []
    # An error page's own status is logged as a failed load; anything else (a refused inline
    # script or style, a missing file) is a fault.
    assert [e for e in errors if not e.startswith("Failed to load resource")] == []
    page.close()


def test_the_keyboard_reaches_everything_in_reading_order_with_a_visible_focus(
    browser: Any, sqlite_server: str
) -> None:
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    page.goto(sqlite_server + "/")
    seen = []
    for _ in range(17):
        page.keyboard.press("Tab")
        seen.append(page.evaluate("""(() => {
            const e = document.activeElement, style = getComputedStyle(e);
            const name = e.name || e.textContent.trim().split("\\n")[0];
            // focus inside a control the browser draws itself (a date field's picker)
            const own = !e.matches(":focus");
            return [e.tagName.toLowerCase() + ":" + name, own || style.outlineStyle !== "none"];
        })()"""))  # fmt: skip
    names = list(dict.fromkeys(name for name, _ in seen))  # a date field takes three Tabs
    assert names[:7] == ["a:Skip to the content", "a:Register", "a:Meetings", "a:Due",
                         "a:Portfolio", "a:Search", "a:Calendar (.ics)"]  # fmt: skip
    assert names[7:13] == ["select:stage", "select:code", "select:path", "input:text",
                           "input:as_of", "button:Show"]  # fmt: skip
    assert names[13] == "a:MP099"  # then the table, in reading order
    assert [name for name, visible in seen if not visible] == []
    page.goto(sqlite_server + "/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # the skip link: focus goes to the content
    assert page.evaluate("document.activeElement.id") == "content"
    page.close()


def test_signing_in_in_the_browser(browser: Any, server: str, demo_gf: Govflow) -> None:
    demo_gf.set_reading("token")
    secret = demo_gf.add_token("panel member", role="reader").secret
    page = browser.new_page(viewport={"width": 400, "height": 900})
    page.goto(server + "/due")
    page.wait_for_url("**/login?next=%2Fdue")
    page.fill("#token", "gft_not_a_token")
    page.click("form.signin button")
    assert page.locator("[role=alert]").inner_text().startswith("the token is not valid")
    assert page.locator("link[rel=stylesheet]").count() == 1
    page.fill("#token", secret)
    page.click("form.signin button")
    page.wait_for_url(server + "/due")
    assert page.locator("h1").inner_text() == "Due"
    page.close()


_PAGE_MARGIN = """[...document.styleSheets].flatMap(s => [...s.cssRules])
    .find(r => r instanceof CSSPageRule).style.margin"""
SHOTS = [("register", "/"), ("proposal", "/proposals/MP901"),
         ("search", "/search?q=consultation+OR+firmware"),
         ("sign-in", "/login?next=/"), ("portfolio", "/portfolio")]  # fmt: skip


def test_screenshots_at_1400_and_400_px_and_in_print(
    browser: Any, sqlite_server: str, tmp_path: Path
) -> None:
    for width, height, media, suffix in SIZES:
        page = browser.new_page(viewport={"width": width, "height": height})
        page.emulate_media(media=media)
        for name, url in SHOTS:
            page.goto(sqlite_server + url)
            if media == "print":  # the first A4 page, its @page margins drawn as on paper
                page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
                margin = page.evaluate(_PAGE_MARGIN)
                page.add_style_tag(content=f"body{{padding:{margin};width:794px}}")
                overflow = page.evaluate("document.querySelector('main').scrollWidth - "
                                         "document.querySelector('main').clientWidth")  # fmt: skip
                assert overflow <= 0, f"{url} is wider than an A4 page by {overflow} px"
            _shot(page, f"{name}-{suffix}", tmp_path)
        page.close()
