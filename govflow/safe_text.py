"""User text made safe to show: control characters made visible, JSON that keeps them escaped,
and CSV cells a spreadsheet will not run as formulas.

Anything a user typed (a title, a proposer, a note, a line of minutes) may hold characters that
a terminal or a viewer obeys instead of showing: ``ESC`` starts a terminal sequence (clear the
screen, set the window title, a hyperlink), ``CR`` overwrites a line, the bidirectional overrides
reorder what is read. :data:`CONTROL` matches them all; the writers of every format call the
helpers here at the point of output, so the stored values stay exactly what was recorded (the
hash chain covers them).

The CSV rule (``docs/export-schema.md``): a text cell that starts with ``=``, ``+``, ``-``,
``@``, a tab, a carriage return or ``'`` is written with ``'`` in front (OWASP's advice against
formula injection); a text cell holding a control character other than a tab or a line break is
written as ``'`` and its JSON string literal. :func:`csv_value` undoes both, so an audit CSV reads
back to the very values its hashes cover. Every CSV govflow writes (the exports, the CLI's
``--csv``) goes through :func:`csv_writer`, which applies that rule and quotes every cell that
holds a comma, a quote, a line feed or a carriage return.

Log records get the same care: :class:`EscapingFilter` (on the loggers :func:`logger` gives)
writes the control characters of a message as escapes, so a value a user typed cannot forge a
log line or send a terminal sequence to whoever reads the log.
"""

from __future__ import annotations

import json
import re
from codecs import utf_16_le_decode as _utf_16_le_decode
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # logging is imported on use: the CLI's start-up imports this module
    import logging
    from typing import TextIO

#: C0 controls, DEL, C1 controls, the Unicode line and paragraph separators, and the
#: bidirectional marks, embeddings, overrides and isolates.
_BEYOND_C0 = "\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069"
CONTROL = re.compile(f"[\x00-\x1f{_BEYOND_C0}]")
_NOT_JSON_ESCAPED = re.compile(f"[{_BEYOND_C0}]")  # json.dumps escapes C0 itself
_CSV_CONTROL = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f{_BEYOND_C0}]")  # not tab, LF, CR
_FORMULA_START = frozenset("=+-@\t\r'")


_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _visible(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_controls(text: str, keep: str = "") -> str:
    """``text`` with each control character written as ``\\x1b`` or ``\\u202e`` (``\\n``,
    ``\\r``, ``\\t`` for those three); the characters in ``keep`` are left as they are."""
    if not CONTROL.search(text):
        return text
    if not keep:
        return CONTROL.sub(_visible, text)
    return CONTROL.sub(lambda m: m.group() if m.group() in keep else _visible(m), text)


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def json_safe(encoded: str) -> str:
    """JSON text (from ``json.dumps(..., ensure_ascii=False)``) with the control characters
    ``json`` leaves raw (DEL, C1, the bidirectional controls) written as ``\\uXXXX`` escapes:
    the same JSON value, with nothing a terminal or viewer would obey."""
    return _NOT_JSON_ESCAPED.sub(_json_escape, encoded)


def csv_cell(text: str) -> str:
    """A text cell for CSV, neutralised (see the module's docstring); reversed by
    :func:`csv_value`."""
    if _CSV_CONTROL.search(text):
        return "'" + json_safe(json.dumps(text, ensure_ascii=False))
    if text and text[0] in _FORMULA_START:
        return "'" + text
    return text


def csv_row_is_plain(row: tuple[object, ...]) -> bool:
    """Whether no text cell of ``row`` needs :func:`csv_cell` (one check for the whole row)."""
    texts = [v for v in row if isinstance(v, str)]
    starts = _FORMULA_START
    return not any(t[:1] in starts for t in texts) and not _CSV_CONTROL.search("".join(texts))


def _csv_classes() -> bytes:
    """The byte table :func:`csv_text_is_plain` maps written CSV through: 1 for what can come
    right before a cell's first character (a delimiter, a line feed, a quote), 2 for the first
    characters :func:`csv_cell` guards (and the carriage return, which starts a cell only quoted),
    5 for a control byte or any byte of a character beyond ASCII, 0 for the rest."""
    table = bytearray(256)
    table[ord(",")] = table[ord("\n")] = table[ord('"')] = 1
    for char in "=+-@\t'\r":
        table[ord(char)] = 2
    for code in [*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0x100)]:
        table[code] = 5
    return bytes(table)


_CSV_CLASSES = _csv_classes()


def csv_text_is_plain(text: str) -> bool:
    """Whether CSV rows as the csv module wrote them (excel dialect) hold no text cell that
    :func:`csv_cell` would change. A cell starts the text, or follows a delimiter or a line feed,
    unquoted or after a quote (a cell starting with a quote is written from a doubled one), so a
    guarded first character is a class 2 byte at the start or after a class 1 byte; a control
    character is a class 5 byte, checked exactly when one is there (every character beyond ASCII
    is one too). A line feed, a quote or a delimiter inside a cell, a row ending after an empty
    or quoted cell, a negative number can only make plain text look unplain, never the other
    way."""
    classes = text.encode("utf-8", "surrogatepass").translate(_CSV_CLASSES)
    if classes[:1] == b"\x02" or _has_pair(classes):
        return False
    return b"\x05" not in classes or not _has_csv_control(text)


def _has_pair(classes: bytes) -> bool:
    """Whether a class 1 byte comes right before a class 2 byte: ``b"\\x01\\x02" in classes``,
    which searches slowly where class 1 bytes are frequent (as delimiters are). Read as UTF-16
    (little-endian, the byte order decoded fastest), each pair of bytes at an even offset is one
    character, U+0201 for the pair sought; from the second byte on, the pairs at odd offsets:
    two one-character searches. No class makes a surrogate (0xd8-0xdf), and a last odd byte,
    left undecoded, starts no pair."""
    even = _utf_16_le_decode(classes, "strict", False)[0]
    odd = _utf_16_le_decode(classes[1:], "strict", False)[0]  # a copy: aligned, decoded faster
    return "\u0201" in even or "\u0201" in odd


_PLAIN_ASCII = bytes(range(0x20, 0x7F)) + b"\t\n\r"


def _has_csv_control(text: str) -> bool:
    """Whether ``text`` holds a character :func:`csv_cell` writes as JSON. Deleting the plain
    ASCII bytes at C speed leaves little or nothing for the pattern to search: the controls
    among ASCII, and whole characters beyond it (UTF-8 encodes them in bytes above 0x7f only)."""
    rest = text.encode("utf-8", "surrogatepass").translate(None, _PLAIN_ASCII)
    return bool(rest) and _CSV_CONTROL.search(rest.decode("utf-8", "surrogatepass")) is not None


def csv_value(cell: str) -> str:
    """The text a :func:`csv_cell` was written from; ValueError for a malformed quoted form."""
    if not cell.startswith("'"):
        return cell
    if cell.startswith("'\""):
        value = json.loads(cell[1:])
        if not isinstance(value, str):
            raise ValueError("not a JSON string")
        return value
    return cell[1:]


class CsvWriter:
    """CSV rows onto a text stream, every text cell neutralised (:func:`csv_cell`); numbers,
    dates and absent values are written as the csv module writes them. Made by
    :func:`csv_writer`."""

    def __init__(self, out: TextIO) -> None:
        import csv  # here: the terminal helpers above are imported at every start-up

        # The csv module quotes a cell holding a character of the line terminator, a delimiter
        # or a quote: with CRLF line ends a carriage return alone is quoted too (with a bare LF
        # terminator it would not be, and a spreadsheet would start a new row at it).
        self._writer = csv.writer(out, dialect="excel", lineterminator="\r\n")
        # What :meth:`batch` writes first, to check it at once: the rows' texts, in a list.
        self._out, self._parts = out, _Parts()
        self._buffered = csv.writer(self._parts, dialect="excel", lineterminator="\r\n")

    def row(self, values: Iterable[Any]) -> None:
        """One row."""
        row = tuple(values)
        if not csv_row_is_plain(row):  # the common case is checked at once, for the whole row
            row = tuple(csv_cell(v) if isinstance(v, str) else v for v in row)
        self._writer.writerow(row)

    def text(self, values: Sequence[Any]) -> str:
        """A row's text as the csv module writes it (line end included), its cells as they are:
        for a writer that checks the whole text it makes (``exporters/csv_lines.py``)."""
        self._parts.clear()
        self._buffered.writerow(values)
        return self._parts.pop()

    def rows(self, rows: Iterable[Iterable[Any]]) -> None:
        for values in rows:
            self.row(values)

    def batch(self, rows: Sequence[Sequence[Any]]) -> int:
        """Rows checked as one, returning how many: :meth:`groups` of one group with no shared
        cells."""
        return self.groups([((), rows)])

    def groups(self, groups: Sequence[tuple[Sequence[Any], Sequence[Sequence[Any]]]]) -> int:
        """Rows in groups that share their first cells (the audit export's batches: a proposal's
        reference and key, then its events' cells), written as :meth:`batch` writes the rows
        ``(*first, *row)``, returning how many. The shared cells are written once a group and
        put before each of its rows' text; rows of one cell are written as whole rows (the csv
        module writes a lone empty cell as ``""``).

        A group is written :data:`_CHUNK` rows at a time, each chunk's text checked and written
        at once: the text and the check's buffers stay small enough for the allocator to reuse
        (a buffer the size of a whole batch is mapped afresh from the system each time, and its
        pages faulted in again: measured, that cost more than the check itself)."""
        written = 0
        for first, rows in groups:
            for at in range(0, len(rows), _CHUNK):
                written += self._chunk(first, rows[at : at + _CHUNK])
        return written

    def _chunk(self, first: Sequence[Any], rows: Sequence[Sequence[Any]]) -> int:
        parts, buffered = self._parts, self._buffered
        parts.clear()
        if not first or min(map(len, rows)) < 2:
            buffered.writerows((*first, *row) for row in rows)
            text = "".join(parts)
        else:
            buffered.writerow((*first, "x"))
            prefix = parts[0][:-3]  # the shared cells and their delimiter, as written in a row
            parts.clear()
            buffered.writerows(rows)
            text = prefix + prefix.join(parts)
        parts.clear()
        if csv_text_is_plain(text):
            self._out.write(text)
        else:
            self._writer.writerows(
                tuple(csv_cell(v) if isinstance(v, str) else v for v in (*first, *row))
                for row in rows
            )
        return len(rows)


_CHUNK = 128  # rows a chunk (about 32 KB of text in the audit export)


class _Parts(list[str]):
    """What the csv module writes, kept (a file-like object with nothing but ``write``)."""

    write = list.append


def csv_writer(out: TextIO) -> CsvWriter:
    """The one way govflow writes CSV: RFC 4180 (CRLF line ends, cells quoted when they hold a
    comma, a quote, a line feed or a carriage return), text cells neutralised for spreadsheets
    (:func:`csv_cell`). :func:`csv_value` reads a cell back."""
    return CsvWriter(out)


class EscapingFilter:
    """A logging filter: control characters in a record's message (its arguments included)
    written as escapes (:func:`escape_controls`), so a user's value cannot start a new log line
    or send a terminal sequence. The arguments are merged into the message when they are."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if CONTROL.search(message):
            record.msg, record.args = escape_controls(message), None
        return True


_ESCAPING = EscapingFilter()


def logger(name: str) -> logging.Logger:
    """``logging.getLogger(name)`` with :class:`EscapingFilter` on it (a filter on a logger
    covers what that logger logs, not its children's records: each module asks for its own)."""
    import logging

    found = logging.getLogger(name)
    if _ESCAPING not in found.filters:
        found.addFilter(_ESCAPING)
    return found
