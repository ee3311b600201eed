"""``govflow export site DIR``: the web pages as a static site, for a code body's website.

The same render functions as the app, with links relative to each page (:class:`Links`), so the
site works from any folder of any web server, or opened from disk. It holds the register as of
today (``index.html``), a page per proposal and per meeting, the due list, the calendar and the
stylesheet; search needs the database, so the site has none.

The site is written whole or not at all: into a new folder beside ``DIR``, which then takes its
place. ``DIR`` must be missing, empty, or a site govflow wrote before (it holds the marker file),
so that an export never deletes files it did not write.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from govflow.errors import InvalidInput
from govflow.service import Govflow
from govflow.web.links import Links
from govflow.web.proposal_page import render_meeting, render_proposal
from govflow.web.render import (
    RegisterFilters,
    render_due,
    render_meetings,
    render_register,
    script,
    stylesheet,
)

MARKER = ".govflow-site"


@dataclass(frozen=True)
class SiteReport:
    directory: Path
    proposals: int
    meetings: int
    files: int


def _pages(gf: Govflow) -> dict[str, str]:
    """Every file of the site: its path (with ``/``) and its text. References and meeting
    codes are letters, digits, ``_``, ``@`` and ``-``: each is its file's name as it is (the
    links quote them)."""
    pages = {
        "index.html": render_register(gf, RegisterFilters(), Links.for_site(0)),
        "due.html": render_due(gf, Links.for_site(0)),
        "meetings/index.html": render_meetings(gf, Links.for_site(1)),
        "static/govflow.css": stylesheet(),
        "static/enhance.js": script(),
        MARKER: "A static site written by govflow export site; it may be replaced whole.\n",
    }
    for p in gf.proposals():
        for reference in (p.reference, *p.solutions):
            name = f"proposals/{reference}.html"
            if name not in pages:
                pages[name] = render_proposal(gf, reference, Links.for_site(1))
    for m in gf.meetings():
        pages[f"meetings/{m.code}.html"] = render_meeting(gf, m.code, Links.for_site(1))
    return pages


def _check_target(directory: Path) -> None:
    if directory.is_symlink() or (directory.exists() and not directory.is_dir()):
        raise InvalidInput(f"{directory} is not a folder: give a new or empty folder for the site")
    if directory.is_dir() and any(directory.iterdir()) and not (directory / MARKER).is_file():
        raise InvalidInput(
            f"{directory} holds files govflow did not write; give a new or empty folder "
            "(a site govflow wrote before is replaced)"
        )


def write_site(gf: Govflow, directory: Path) -> SiteReport:
    """Write the static site into ``directory`` (replacing a site written there before)."""
    directory = Path(directory)
    _check_target(directory)
    pages = _pages(gf)
    calendar = gf.export_calendar()
    directory.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{directory.name}.", dir=directory.parent))
    try:
        for name, text in pages.items():
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        (staging / "calendar.ics").write_bytes(calendar)
        staging.chmod(0o755)
        _swap(staging, directory)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    proposals = sum(name.startswith("proposals/") for name in pages)
    meetings = sum(name.startswith("meetings/") for name in pages) - 1
    return SiteReport(directory, proposals, meetings, len(pages) + 1)


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
