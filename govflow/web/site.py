"""``govflow export site DIR``: the web pages as a static site, for a code body's website.

The same render functions as the app, with links relative to each page (:class:`Links`), so the
site works from any folder of any web server, or opened from disk. It holds the register as of
today (``index.html``), a page per proposal and per meeting, the due list, the portfolio, the
calendar and the stylesheet; search needs the database, so the site has none.

The site is written into a new folder beside ``DIR``, which then takes its place (a site that
cannot be written at all leaves the old one as it was). ``DIR`` must be missing, empty, or a site
govflow wrote before (it holds the marker file), so that an export never deletes files it did
not write. A page that fails to render (a bug, or a record no page can show) does not stop the
others: it is written as an error page saying so, and reported (:attr:`SiteReport.failed`).
"""

from __future__ import annotations

import contextlib
import functools
import logging
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from govflow.errors import InvalidInput
from govflow.service import Govflow
from govflow.web.links import Links, page_reference
from govflow.web.portfolio_page import render_portfolio
from govflow.web.proposal_page import render_meeting, render_proposal
from govflow.web.render import (
    WHOLE,
    RegisterFilters,
    render,
    render_due,
    render_meetings,
    render_register,
    script,
    stylesheet,
)

MARKER = ".govflow-site"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SiteReport:
    directory: Path
    proposals: int
    meetings: int
    files: int
    failed: tuple[tuple[str, str], ...] = ()  # (file, why) of each page that could not be made


class _Pages:
    """The site's files as they are made: a page that fails becomes an error page, noted."""

    def __init__(self) -> None:
        self.files: dict[str, str | bytes] = {}
        self.failed: list[tuple[str, str]] = []

    def add(self, name: str, make: Callable[[Links], str | bytes], depth: int) -> None:
        try:
            self.files[name] = make(Links.for_site(depth))
        except Exception as exc:  # a bug or a record no page can show: the others go on
            log.debug("export site: %s could not be made", name, exc_info=True)
            why = f"{type(exc).__name__}: {exc}"
            self.failed.append((name, why))
            if name.endswith(".html"):
                message = f"this page could not be written ({why}); govflow reported it"
                self.files[name] = render("error.html", Links.for_site(depth), status=500,
                                          message=message)  # fmt: skip


def _pages(gf: Govflow, url: str | None) -> _Pages:
    """Every file of the site, by its path (with ``/``). References and meeting codes are
    letters, digits, ``_``, ``@`` and ``-``: each is its file's name as it is (the links quote
    them)."""
    pages = _Pages()
    pages.add("index.html", lambda links: render_register(gf, RegisterFilters(), links, WHOLE), 0)
    pages.add("due.html", lambda links: render_due(gf, links), 0)
    pages.add("portfolio.html", lambda links: render_portfolio(gf, links), 0)
    pages.add("meetings/index.html", lambda links: render_meetings(gf, links), 1)
    pages.add("calendar.ics", lambda _: gf.export_calendar(base_url=url, suffix=".html"), 0)
    pages.files.update({
        "static/govflow.css": stylesheet(), "static/enhance.js": script(),
        MARKER: "A static site written by govflow export site; it may be replaced whole.\n",
    })  # fmt: skip
    for p in gf.proposals():
        for reference in (p.reference, *p.solutions):
            name = f"proposals/{page_reference(reference)}.html"
            if name not in pages.files:
                pages.add(name, functools.partial(render_proposal, gf, reference), 1)
    for m in gf.meetings():
        pages.add(f"meetings/{m.code}.html", functools.partial(render_meeting, gf, m.code), 1)
    return pages


def _check_target(directory: Path) -> None:
    if directory.is_symlink() or (directory.exists() and not directory.is_dir()):
        raise InvalidInput(f"{directory} is not a folder: give a new or empty folder for the site")
    if directory.is_dir() and any(directory.iterdir()) and not (directory / MARKER).is_file():
        raise InvalidInput(
            f"{directory} holds files govflow did not write; give a new or empty folder "
            "(a site govflow wrote before is replaced)"
        )


def write_site(gf: Govflow, directory: Path, *, url: str | None = None) -> SiteReport:
    """Write the static site into ``directory`` (replacing a site written there before); ``url``
    is the address it will be served at, for the calendar's links."""
    directory = Path(directory)
    _check_target(directory)
    pages = _pages(gf, url)
    directory.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{directory.name}.", dir=directory.parent))
    try:
        for name, content in pages.files.items():
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        staging.chmod(0o755)
        _swap(staging, directory)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    files = pages.files
    proposals = sum(name.startswith("proposals/") for name in files)
    meetings = sum(name.startswith("meetings/") for name in files) - 1
    return SiteReport(directory, proposals, meetings, len(files), tuple(pages.failed))


def _swap(staging: Path, directory: Path) -> None:
    """Put the new site in place of the old one (or of nothing)."""
    old = None
    if directory.exists():
        old = directory.with_name(f".{directory.name}.old")
        with contextlib.suppress(FileNotFoundError):
            shutil.rmtree(old)
        directory.rename(old)
    staging.rename(directory)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
