"""Text helpers for the minutes parser: decoding, Markdown and HTML removal, sentences.

:func:`clean` keeps newlines where they were, so a position in cleaned text still tells the
line it came from.
"""

from __future__ import annotations

import bisect
import html
import re

_NEWLINES = re.compile(r"\r\n?")
_LINK = re.compile(  # [text](url "title"), ![alt](src) and [text][label]: the text stays
    r"(?<!\\)!?\[((?:[^\[\]\\]|\\.){0,500})\]"
    r"(?:\([^()\s]{0,500}(?:\s+\"[^\"\n]{0,200}\")?\)|\[[^\[\]\n]{0,100}\])"
)
_AUTOLINK = re.compile(r"<((?:https?|mailto):[^<>\s]{1,500})>")
# One pass, so an escaped character is never read again as Markdown.
_INLINE = re.compile(
    r"\\(?P<escaped>[!-/:-@\[-`{-~])"
    r"|(?P<br><br\s*/?>)"
    r"|</?[A-Za-z][A-Za-z0-9]{0,20}(?:\s[^<>\n]{0,300})?/?>"
    r"|\*{1,3}|~~|`{1,3}"
    r"|(?<![A-Za-z0-9])_{1,3}|_{1,3}(?![A-Za-z0-9])",
    re.IGNORECASE,
)
_INVISIBLE = str.maketrans({"\u200b": None, "\u200c": None, "\u200d": None, "\ufeff": None})
_DASHES = str.maketrans({"\u2014": "\u2013", "\u2012": "\u2013", "\u2015": "\u2013"})
_LIST_MARKER = re.compile(r"\s*(?:[0-9]{1,2}|[a-z]|[ivx]{1,4})[.)]\s*$")
_SENTENCE_END = re.compile(r"[.!?][\"'\u2019\u201d)]*(\s+)(?=[\"'\u2018\u201c(\[]?[A-Z0-9])")


def decode(data: str | bytes) -> str:
    """Text from ``data``: UTF-8 (with or without BOM), UTF-16 with its BOM, else cp1252, else
    latin-1."""
    text = data if isinstance(data, str) else _decode_bytes(bytes(data))
    return _NEWLINES.sub("\n", text.removeprefix("\ufeff"))


def _decode_bytes(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Word's "Unicode text"
        return data.decode("utf-16", errors="replace")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def clean(text: str) -> str:
    """Text without Markdown or HTML markup, spaces collapsed; newlines are kept."""
    text = _AUTOLINK.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _INLINE.sub(_inline, text)
    return "\n".join(_clean_line(line) for line in text.split("\n"))


def _clean_line(line: str) -> str:
    # Entities are decoded per line, so an encoded newline cannot shift the line count.
    return " ".join(html.unescape(line).translate(_INVISIBLE).translate(_DASHES).split())


def _inline(match: re.Match[str]) -> str:
    if match.group("escaped") is not None:
        return match.group("escaped")
    return " " if match.group("br") is not None else ""


def one_line(text: str) -> str:
    """Cleaned text on one line: newlines become spaces."""
    return " ".join(text.split())


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text``: a stop, then a capital or a digit."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        if _LIST_MARKER.match(text, start, match.start(1)):
            continue  # "1. To issue..." : a list number is no sentence
        spans.append((start, match.start(1)))
        start = match.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


class LineIndex:
    """The line of a position in a text that starts on line ``first``, found by bisection."""

    def __init__(self, text: str, first: int) -> None:
        self._breaks = [i for i, c in enumerate(text) if c == "\n"] if "\n" in text else []
        self._first = first

    def line_of(self, position: int) -> int:
        return self._first + bisect.bisect_left(self._breaks, position)
