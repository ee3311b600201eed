"""Where a page links to: the same pages are served by the app and written as a static site.

The app's links are absolute paths under its root (``/proposals/MP901``); the site's are
relative to the page that holds them (``../proposals/MP901.html``), so the site works from any
folder on any web server, or opened from disk. Every part taken from data is URL-quoted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote


def page_reference(reference: str) -> str:
    """The reference a proposal's page goes by: a solution several records share is linked
    under its first record's spelling (``CMP264/265 WACM4``: ``CMP264 WACM4``), as a ``/`` has
    no place in one path segment."""
    return re.sub(r"/\d+", "", reference)


@dataclass(frozen=True)
class Links:
    """Links as the app serves them (``site=False``) or as a static site at ``depth``."""

    root: str = "/"  # the app's root path, ending in "/"; for the site, "../" per level
    site: bool = False

    @classmethod
    def for_site(cls, depth: int) -> Links:
        return cls("../" * depth, site=True)

    def _page(self, path: str) -> str:
        return self.root + (f"{path}.html" if self.site else path)

    def register(self) -> str:
        return self.root + ("index.html" if self.site else "")

    def proposal(self, reference: str) -> str:
        return self._page(f"proposals/{quote(page_reference(reference), safe='')}")

    def meeting(self, code: str) -> str:
        return self._page(f"meetings/{quote(code, safe='')}")

    def meetings(self) -> str:
        return self.root + ("meetings/index.html" if self.site else "meetings")

    def due(self) -> str:
        return self._page("due")

    def portfolio(self) -> str:
        return self._page("portfolio")

    def search(self) -> str | None:
        """The search page; a static site has none (it needs the database)."""
        return None if self.site else self.root + "search"

    def calendar(self) -> str:
        return self.root + "calendar.ics"

    def static(self, name: str) -> str:
        return self.root + f"static/{name}"
