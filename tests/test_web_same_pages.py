"""The browser tests that look at what the pages draw and ask for (tests/test_web_browser.py's
``sqlite_server`` tests and tests/test_web_offline.py) serve the demo from SQLite whatever the back
end under test, so that the PostgreSQL suite need not start Chromium for them again: what a
browser draws depends only on what the server sends it. This test holds them to that. Every page
they open, and every file those pages link to, served from the database under test is the same
(status, media type and text) as served from SQLite, but for what records the moment each
demo was built: the log's hashes (they cover the time an entry was recorded) and the time a page
says it was generated. The pages that do depend on the back end
(search and a write, signing in with a token, minutes edited) keep the database under test.
Data: the demo (MP099 and MP131 with their public facts only; MP9xx fictional)."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from govflow.web.app import WebConfig, create_app
from tests import test_web_browser, test_web_offline

#: Pages the browser tests reach by a click or a key rather than by their address.
REACHED = ["/portfolio", "/proposals/MP902", "/openapi.json", "/search?q=manifest+error"]
PAGES = sorted({*test_web_browser.PAGES, *test_web_offline.PAGES, *REACHED,
                *(url for _, url in test_web_browser.SHOTS)})  # fmt: skip
LINKED = re.compile(r'(?:href|src)="(/[^"#?]*)"')
#: What differs between two builds of the demo made seconds apart, whatever the back end.
MOMENT = re.compile(r"\b[0-9a-f]{64}\b|\b[0-9a-f]{12}…|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z")


def _same_but_moment(text: str) -> str:
    return MOMENT.sub("…", text)


def test_every_page_the_browser_tests_open_is_the_same_from_either_back_end(
    demo_db_url: str, sqlite_demo_url: str
) -> None:
    with (
        TestClient(create_app(WebConfig(database=demo_db_url))) as under_test,
        TestClient(create_app(WebConfig(database=sqlite_demo_url))) as sqlite,
    ):
        linked: set[str] = set()
        for path in PAGES:
            served, from_sqlite = under_test.get(path), sqlite.get(path)
            assert served.headers.get("content-type") == from_sqlite.headers.get("content-type")
            assert served.status_code == from_sqlite.status_code, path
            assert _same_but_moment(served.text) == _same_but_moment(from_sqlite.text), path
            linked |= set(LINKED.findall(served.text))
        assert any(link.endswith(".css") for link in linked), linked  # the files were found
        for path in sorted(link for link in linked if link.startswith("/static/")):
            served, from_sqlite = under_test.get(path), sqlite.get(path)
            assert (served.status_code, served.content) == (from_sqlite.status_code,
                                                            from_sqlite.content), path  # fmt: skip
