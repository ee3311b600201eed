"""``govflow export site DIR`` (govflow/web/site.py): the pages as a static site whose every
link resolves to a file it wrote, written whole, never over files it did not write.
Data: the demo (MP099, MP131 with their public facts only; MP9xx/DP9xx fictional).
"""

from __future__ import annotations

from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from typer.testing import Result

from govflow.errors import InvalidInput
from govflow.service import Govflow
from govflow.web.site import MARKER, write_site


class _Targets(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.targets: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.targets.append(value)


def _links(page: Path) -> list[str]:
    parser = _Targets()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.targets


@pytest.fixture
def site(demo_gf: Govflow, tmp_path: Path) -> Path:
    out = tmp_path / "site"
    report = write_site(demo_gf, out)
    assert (report.proposals, report.meetings) == (7, 8)
    return out


def test_every_link_of_every_page_resolves_to_a_written_file(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) == 19  # index, due, portfolio, meetings index, 7 proposals, 8 meetings
    checked = 0
    for page in pages:
        for link in _links(page):
            parts = urlsplit(link)
            assert not parts.scheme and not parts.netloc and not link.startswith("/"), link
            if not parts.path:  # an anchor on the same page
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            assert target.is_file(), f"{page.relative_to(site)} links to missing {link}"
            assert target.is_relative_to(site.resolve())
            checked += 1
    assert checked > 150


def test_the_site_holds_the_pages_the_calendar_and_the_styles(site: Path) -> None:
    index = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="proposals/MP099.html"' in index and "<form" not in index
    proposal = (site / "proposals" / "MP901.html").read_text(encoding="utf-8")
    assert 'href="../meetings/CB_901.html"' in proposal and '<svg class="diagram"' in proposal
    assert 'href="../static/govflow.css"' in proposal
    assert (site / "calendar.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")
    assert "@media print" in (site / "static" / "govflow.css").read_text(encoding="utf-8")
    assert not (site / "search.html").exists()  # search needs the database


def test_a_site_written_before_is_replaced_whole(demo_gf: Govflow, site: Path) -> None:
    gf = demo_gf
    (site / "proposals" / "MP950.html").write_text("a page of a proposal no longer there")
    gf.raise_proposal("MP951", title="A later proposal (fictional)", on="2021-07-01")
    write_site(gf, site)
    assert (site / "proposals" / "MP951.html").is_file()
    assert not (site / "proposals" / "MP950.html").exists()
    assert (site / MARKER).is_file()
    assert [p.name for p in site.parent.iterdir() if "site" in p.name] == ["site"]  # no staging


def test_a_folder_with_other_files_is_refused_and_left_as_it_was(
    gf: Govflow, tmp_path: Path
) -> None:
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me")
    with pytest.raises(InvalidInput, match="holds files govflow did not write"):
        write_site(gf, tmp_path / "mine")
    assert [p.name for p in (tmp_path / "mine").iterdir()] == ["notes.txt"]
    (tmp_path / "file").write_text("")
    with pytest.raises(InvalidInput, match="is not a folder"):
        write_site(gf, tmp_path / "file")
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith((".mine", ".file"))]


def test_export_site_from_the_command_line(cli: Callable[..., Result], tmp_path: Path) -> None:
    assert cli("demo").exit_code == 0
    result = cli("export", "site", str(tmp_path / "public"))
    assert result.exit_code == 0, result.output
    assert "7 proposals, 8 meetings" in result.stderr
    assert (tmp_path / "public" / "proposals" / "MP099.html").is_file()
    refused = cli("export", "site", str(tmp_path / "public" / "index.html"))
    assert refused.exit_code != 0
