"""What every reader hands the parser: :class:`Source`, the minutes as Markdown-shaped lines (the
form the Markdown parser reads), where each line came from, and what the format lost.

A reader writes through :class:`Lines`: a paragraph is one line (bold runs as ``**...**``, the
rest of the text escaped so that nothing in it reads as Markdown), then a blank line; a table is a
pipe table. The parser then treats every format alike.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from govflow.errors import MinutesError

MIB = 2**20


@dataclass(frozen=True, slots=True)
class Limits:
    """How much of an untrusted file govflow reads before it refuses it."""

    max_bytes: int = 20 * MIB  # the file itself
    max_pages: int = 300  # a PDF's pages
    max_unzipped: int = 100 * MIB  # a Word document's members, uncompressed, all together
    max_ratio: int = 200  # how much a Word member over 1 MiB may expand (a zip bomb: thousands)
    max_members: int = 2_000  # files inside a Word document
    max_text: int = 5_000_000  # characters of text read out of any format

    def check_size(self, size: int, what: str) -> None:
        if size > self.max_bytes:
            raise MinutesError(
                f"{what} is {size / MIB:.1f} MiB, more than the {self.max_bytes / MIB:.0f} MiB "
                "govflow reads: split the minutes, or export them without pictures"
            )


LIMITS = Limits()


@dataclass(frozen=True, slots=True)
class Source:
    """Minutes as the parser reads them, whatever the file was."""

    format: str  # markdown | html | word | pdf
    lines: tuple[str, ...]
    places: tuple[str, ...] = ()  # where each line came from ("page 2"); empty: "line N"
    notes: tuple[str, ...] = ()  # what the format lost, each naming where

    def where(self, line: int) -> str:
        """Where line ``line`` (1-based) of :attr:`lines` came from, as messages say it."""
        if self.places and 1 <= line <= len(self.places):
            return self.places[line - 1]
        return f"line {line}"


# -- writing Markdown-shaped lines -----------------------------------------------------------------
_INLINE = str.maketrans(
    {c: "\\" + c for c in "\\`*_[]~"} | {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
)
_LINE_START = re.compile(r"^(\s*)([#|+=-])")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u3000]+")


def escape(text: str) -> str:
    """``text`` as Markdown that reads back as exactly ``text`` (markup characters escaped)."""
    return _SPACES.sub(" ", text).translate(_INLINE)


def runs(pieces: Sequence[tuple[str, bool]]) -> str:
    """Text pieces, each bold or not, as one Markdown string: ``**bold** plain``."""
    merged: list[tuple[str, bool]] = []
    for text, bold in pieces:
        if merged and (merged[-1][1] == bold or not text.strip()):
            merged[-1] = (merged[-1][0] + text, merged[-1][1])
        else:
            merged.append((text, bold))
    out = []
    for text, bold in merged:
        body = escape(text)
        core = body.strip()
        if bold and core:
            lead, trail = body[: len(body) - len(body.lstrip())], body[len(body.rstrip()) :]
            out.append(f"{lead}**{core}**{trail}")
        else:
            out.append(body)
    return "".join(out)


@dataclass
class Lines:
    """The lines a reader writes, with their places and the reader's notes."""

    limits: Limits = LIMITS
    lines: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    size: int = 0

    def paragraph(self, markdown: str, place: str, *, heading: int = 0) -> None:
        """One paragraph (already Markdown, see :func:`runs`); ``heading`` 1-6 makes it one."""
        text = " ".join(markdown.split()) if heading else markdown.strip()
        if not text:
            return
        if heading:
            text = f"{'#' * heading} {text}"
        for line in text.split("\n"):
            line = line.strip()
            self._add(line if heading else _LINE_START.sub(r"\1\\\2", line), place)
        self._add("", place)

    def table(self, rows: Sequence[Sequence[str]], places: Sequence[str] | str) -> None:
        """A table as a pipe table; ``rows`` hold Markdown cells, the first row is the header;
        ``places`` says where each row is (or one place for them all)."""
        width = max((len(r) for r in rows), default=0)
        for number, row in enumerate(rows):
            place = places if isinstance(places, str) else places[number]
            cells = [" ".join(c.replace("|", "\\|").split()) for c in row]
            cells += [""] * (width - len(cells))
            self._add("| " + " | ".join(cells) + " |", place)
            if number == 0:
                self._add("|" + " --- |" * width, place)
        if rows:
            self._add("", place)

    def note(self, place: str, message: str) -> None:
        self.notes.append(f"{place}: {message}")

    def _add(self, line: str, place: str) -> None:
        self.size += len(line) + 1
        if self.size > self.limits.max_text:
            raise MinutesError(
                f"{place}: the text runs past {self.limits.max_text:,} characters, more than "
                "any minutes: refused"
            )
        self.lines.append(line)
        self.places.append(place)

    def source(self, format: str) -> Source:
        return Source(format, tuple(self.lines), tuple(self.places), tuple(self.notes))
