"""Minutes saved from a web page: HTML read with the standard library's parser (no entities
fetched, no network, no script run) into the lines the parser reads.

Blocks (paragraphs, headings, list entries, table rows) become paragraphs; ``<b>``/``<strong>``
stay bold, everything else inline is plain text; ``<script>``, ``<style>``, ``<head>`` and the
like are dropped. A place is the line of the HTML file where a block starts.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from govflow.errors import MinutesError
from govflow.minutes._text import decode
from govflow.minutes.documents._source import Limits, Lines, Source, runs

_SKIP = frozenset(
    {"script", "style", "head", "template", "noscript", "svg", "math", "iframe", "object"}
    | {"button", "select", "textarea", "title"}
)
_VOID = frozenset({"br", "hr", "img", "meta", "link", "input", "wbr", "area", "base", "col"})
_BLOCKS = frozenset(
    {"p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "blockquote"}
    | {"ul", "ol", "dl", "dt", "dd", "pre", "figure", "figcaption", "caption", "address", "hr"}
    | {"h1", "h2", "h3", "h4", "h5", "h6", "li", "table", "form", "fieldset", "body", "html"}
)
_BOLD = frozenset({"b", "strong"})
_HEADING = re.compile(r"^h([1-6])$")


class _Reader(HTMLParser):
    def __init__(self, limits: Limits) -> None:
        super().__init__(convert_charrefs=True)
        self.out = Lines(limits)
        self.pieces: list[tuple[str, bool]] = []
        self.place = "line 1"
        self.skipping: list[str] = []
        self.bold = 0
        self.heading = 0
        self.pre = 0
        self.lists: list[list[int]] = []  # per open list: [next number], or [] for bullets
        self.table: list[list[str]] | None = None
        self.cell: list[tuple[str, bool]] | None = None
        self.nested = 0
        self.pictures = 0

    # -- the parser's callbacks -----------------------------------------------------------------
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skipping:
            if tag == self.skipping[-1] and tag not in _VOID:
                self.skipping.append(tag)
            return
        if tag in _SKIP:
            self.skipping.append(tag)
        elif tag in ("table", "tr", "td", "th"):
            self._table_start(tag)
        elif tag in _BLOCKS:
            self._block_start(tag, dict(attrs))
        elif tag == "br":  # a line break inside the paragraph (a space inside a table's cell)
            self._text(" " if self.cell is not None else "\n")
        elif tag in _BOLD:
            self.bold += 1
        elif tag == "img":
            self.pictures += 1
            if self.pictures == 1:
                self.out.note(self._here(), "a picture is not read (nor any after it)")

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            if tag == self.skipping[-1]:
                self.skipping.pop()
            return
        if tag in ("table", "tr", "td", "th"):
            self._table_end(tag)
        elif tag in _BOLD:
            self.bold = max(0, self.bold - 1)
        elif tag in _BLOCKS:
            self._flush()
            if tag in ("ol", "ul") and self.lists:
                self.lists.pop()
            self.heading = 0 if _HEADING.match(tag) else self.heading
            self.pre = max(0, self.pre - 1) if tag == "pre" else self.pre

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self._text(data if self.pre else re.sub(r"\s+", " ", data))

    # -- blocks ---------------------------------------------------------------------------------
    def _here(self) -> str:
        return f"line {self.getpos()[0]}"

    def _block_start(self, tag: str, attrs: dict[str, str | None]) -> None:
        self._flush()
        self.place = self._here()
        heading = _HEADING.match(tag)
        if heading is not None:
            self.heading = int(heading.group(1))
        elif tag == "pre":
            self.pre += 1
        elif tag in ("ol", "ul"):
            start = attrs.get("start") or "1"
            self.lists.append([int(start)] if tag == "ol" and start.isdigit() else [])
        elif tag == "li" and self.lists:
            numbers = self.lists[-1]
            self._text(f"{numbers[0]}. " if numbers else "- ")
            if numbers:
                numbers[0] += 1

    def _text(self, text: str) -> None:
        target = self.cell if self.cell is not None else self.pieces
        target.append((text, self.bold > 0))

    def _flush(self) -> None:
        if self.cell is not None:
            return
        text = runs(self.pieces)
        self.pieces = []
        if text.strip():
            self.out.paragraph(text, self.place, heading=self.heading)

    # -- tables ---------------------------------------------------------------------------------
    def _table_start(self, tag: str) -> None:
        if tag == "table":
            if self.table is not None:
                self.nested += 1
                if self.nested == 1:
                    self.out.note(self._here(), "a table inside a table is read as its text")
                return
            self._flush()
            self.place = self._here()
            self.table = []
        elif self.table is not None and self.nested == 0:
            if tag == "tr":
                self.table.append([])
            else:
                if not self.table:
                    self.table.append([])
                self.cell = []

    def _table_end(self, tag: str) -> None:
        if self.table is None:
            return
        if self.nested:
            self.nested -= 1 if tag == "table" else 0
            return
        if tag in ("td", "th") and self.cell is not None:
            self.table[-1].append(runs(self.cell))
            self.cell = None
        elif tag == "table":
            rows = [r for r in self.table if any(c.strip() for c in r)]
            self.table = None
            self.out.table(rows, self.place)


def read(data: bytes | str, limits: Limits) -> Source:
    """The page's text as minutes lines; a page that will not parse is refused, never a crash."""
    reader = _Reader(limits)
    try:
        reader.feed(decode(data))
        reader.close()
    except (AssertionError, ValueError) as exc:  # html.parser's own complaints
        raise MinutesError(f"this HTML could not be read ({exc}): save the page again") from None
    reader._flush()
    return reader.out.source("html")
