"""The audit CSV from text cells (SQLite): each event's line joined by ``",".join``, not written
cell by cell by the csv module, whose writer looks at every character of every cell twice.

:meth:`Audit.lines <govflow.records.audit.Audit.lines>` gives each event's cells as text, as the
csv module writes them when they need no quotes (an absent value as ``''``, a whole number as its
digits), and the payload as its cell (quoted, as the csv module writes its canonical JSON). A
line joined from them is the csv module's line exactly when no other cell holds a delimiter, a
quote, a carriage return or a line feed: a chunk's lines are checked at once (its delimiters and
quotes counted beside the payloads' own, line breaks searched for), and only a line that fails is
written by the csv module. Then the chunk's text gets the one check every CSV chunk gets
(:func:`~govflow.safe_text.csv_text_is_plain`). A chunk holding a cell that is not
text (a number or blob stored where text is kept) is read again as :meth:`Audit.groups
<govflow.records.audit.Audit.groups>` gives it, and a chunk with a cell a spreadsheet could run is
made of its text cells as that would be (:func:`_typed`); either is written the general way
(:meth:`CsvWriter.groups <govflow.safe_text.CsvWriter.groups>`): the file is the same either way
(``tests/test_csv_lines.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import TYPE_CHECKING, Any, TextIO

from govflow.safe_text import CsvWriter, csv_text_is_plain
from govflow.store.audit_sql import LINE_PAYLOAD, LINE_WHOLE, unquoted

if TYPE_CHECKING:
    from govflow.records.audit import Audit

_CHUNK = 128  # rows checked and written at once (as CsvWriter.groups does)
_BREAKS = ("\r", "\n")  # with a delimiter or a quote, what makes the csv module quote a cell
_PAYLOAD_OF = itemgetter(LINE_PAYLOAD)


def _typed(row: Sequence[str]) -> list[str | int | None]:
    """A row of text cells as :meth:`Audit.groups <govflow.records.audit.Audit.groups>` gives it,
    as far as the general path's output can tell: the whole numbers as numbers (a negative one is
    not neutralised), ``''`` for an absent one (an empty cell either way, text or absent)."""
    typed: list[str | int | None] = list(row)
    for at in LINE_WHOLE:
        typed[at] = int(row[at]) if row[at] else None
    typed[LINE_PAYLOAD] = unquoted(row[LINE_PAYLOAD])
    return typed


class LineWriter:
    """Writes :meth:`Audit.lines` batches to ``out`` through ``writer`` (whose csv dialect the
    lines follow), and reads a chunk again through ``audit`` when it must go the general way."""

    def __init__(
        self, audit: Audit, writer: CsvWriter, out: TextIO,
        payload: Callable[[dict[str, Any]], str],
    ) -> None:  # fmt: skip
        self._audit, self._writer, self._out, self._payload = audit, writer, out, payload
        self._pid, self._offset = -1, 0  # the run being written, and where its next group starts

    def batch(self, groups: Sequence[tuple[tuple[str, str, int], Sequence[Sequence[Any]]]]) -> int:
        written = 0
        for label, rows in groups:
            if label[2] != self._pid:  # a new run (a run continues from batch to batch)
                self._pid, self._offset = label[2], 0
            prefix = self._prefix(label[:2])
            for at in range(0, len(rows), _CHUNK):
                chunk = rows[at : at + _CHUNK]
                text = self._text(prefix, chunk)
                if text is None:  # a cell not text: the rows read again as groups gives them
                    found = self._audit.rows_of(self._payload, label[2], self._offset, len(chunk))
                    self._writer.groups([(label[:2], found)])
                elif csv_text_is_plain(text):
                    self._out.write(text)
                else:  # a cell to neutralise: the general path, from the same values
                    self._writer.groups([(label[:2], list(map(_typed, chunk)))])
                self._offset += len(chunk)
                written += len(chunk)
        return written

    def _prefix(self, first: tuple[str, str]) -> str:
        """The shared cells as the csv module writes them, and the delimiter after them."""
        return self._writer.text((*first, "x"))[:-3]

    def payload(self, value: dict[str, Any]) -> str:
        """The payload's cell as the csv module writes it (for :meth:`Audit.lines`)."""
        return self._writer.text((self._payload(value), ""))[:-3]

    def _text(self, prefix: str, rows: Sequence[Sequence[Any]]) -> str | None:
        """The rows' text as the csv module writes ``(*first, *row)`` for each, or None for rows
        with a cell that is not text. The payload cells come as written; the others need no
        quotes unless a line holds more delimiters or quotes than its payload and its own
        delimiters account for, or a line break."""
        try:
            lines = list(map(",".join, rows))
        except TypeError:
            return None
        delimiters = len(rows[0]) - 1  # a line's, when no other cell holds one
        flat, payloads = ",".join(lines), "".join(map(_PAYLOAD_OF, rows))
        extra = flat.count(",") - payloads.count(",") - (delimiters + 1) * len(lines) + 1
        if extra or flat.count('"') != payloads.count('"') or any(map(flat.__contains__, _BREAKS)):
            self._quote(lines, rows, delimiters)
        return prefix + f"\r\n{prefix}".join(lines) + "\r\n"

    def _quote(self, lines: list[str], rows: Sequence[Sequence[Any]], delimiters: int) -> None:
        """Each line whose cells other than the payload hold a delimiter, a quote or a line break
        written by the csv module."""
        for i, line in enumerate(lines):
            cell = rows[i][LINE_PAYLOAD]
            if (
                line.count(",") - cell.count(",") != delimiters
                or line.count('"') != cell.count('"')
                or "\r" in line
                or "\n" in line
            ):
                lines[i] = self._writer.text(_typed(rows[i]))[:-2]
