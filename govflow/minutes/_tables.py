"""Tables in minutes, as pipe tables (Markdown's, and what every reader writes a table as).

An **action table** is one whose header names an action column and a due column (and maybe a
reference, an owner, an agenda item and a status): each open row is an action, due on the date
its due cell gives or at the meeting it names ("OPSG_50", "next meeting"); its party is the
owner's cell, else whoever the action's sentence names. Closed rows ("Closed", "Complete",
"Done") are history, not actions. Any other table is text, as before.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from govflow.minutes._dates import complete, find_dates
from govflow.minutes._scan import find_other_refs
from govflow.minutes._text import clean, one_line

ROW = re.compile(r"^ {0,3}\|.*\|\s*$")
_SEPARATOR = re.compile(r"^ {0,3}\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")
_CELL = re.compile(r"(?<!\\)\|")

#: Header words -> the column they name (the registry of columns an action table may have).
COLUMNS: dict[str, str] = {
    **dict.fromkeys(("action", "actions", "action description", "description",
                     "action required", "details", "detail"), "action"),
    **dict.fromkeys(("owner", "owners", "action owner", "responsible", "who", "lead", "party",
                     "actionee", "by whom"), "owner"),
    **dict.fromkeys(("due", "due date", "date due", "deadline", "target date", "by when",
                     "due by", "when", "target"), "due"),
    **dict.fromkeys(("ref", "reference", "action ref", "action reference", "no", "number",
                     "id", "action no", "action number", "action id"), "ref"),
    **dict.fromkeys(("item", "agenda item", "item no"), "item"),
    **dict.fromkeys(("status", "state"), "status"),
}  # fmt: skip
_CLOSED = re.compile(r"^(?:closed|complete|completed|done|superseded|withdrawn)\b", re.I)
_NEXT = re.compile(r"\bnext\b", re.IGNORECASE)
_ITEM = re.compile(r"^[0-9]{1,2}(?:\.[0-9]{1,2})?")


def due_of(
    written: str, meeting: dt.date, codes: Sequence[str]
) -> tuple[dt.date | None, str | None]:
    """An action table's due cell: (the day, None), (None, the meeting: "OPSG_50" or "next"), or
    (None, None). A day without a year may be recent past: actions are carried from earlier
    meetings."""
    found = next(find_dates(written), None)
    due = complete(found, meeting) if found is not None else None
    if due is not None:
        return due, None
    named = [v for k, v in find_other_refs(written, codes) if k == "meeting"]
    return None, named[0] if named else ("next" if _NEXT.search(written) else None)


def cells(raw: str) -> list[str]:
    """A row's cells, cleaned (an escaped ``\\|`` inside a cell is kept)."""
    inner = raw.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    return [one_line(clean(c)) for c in _CELL.split(inner)]


def separator(raw: str) -> bool:
    return _SEPARATOR.match(raw) is not None


@dataclass(frozen=True)
class ActionColumns:
    """Which column of an action table holds what."""

    positions: dict[str, int]

    @classmethod
    def find(cls, header: list[str]) -> ActionColumns | None:
        positions: dict[str, int] = {}
        for index, name in enumerate(header):
            column = COLUMNS.get(re.sub(r"[^a-z ]", "", name.casefold()).strip())
            if column is not None and column not in positions:
                positions[column] = index
        return cls(positions) if {"action", "due"} <= positions.keys() else None

    def get(self, row: list[str], column: str) -> str:
        index = self.positions.get(column)
        return row[index].strip() if index is not None and index < len(row) else ""


@dataclass(frozen=True)
class TableAction:
    """An action table's row, before its due date is worked out."""

    text: str  # "<ref>: <action>"
    sentence: str  # the action cell alone
    owner: str | None
    due: str  # the due cell as written
    item: str | None  # the agenda item the row names, if any
    closed: bool


def table_actions(header: list[str], rows: list[list[str]]) -> list[TableAction] | None:
    """The rows of an action table (None: the table is not one)."""
    columns = ActionColumns.find(header)
    if columns is None:
        return None
    found = []
    for row in rows:
        action = columns.get(row, "action")
        if not action:
            continue
        ref = columns.get(row, "ref")
        item = _ITEM.match(columns.get(row, "item"))
        found.append(
            TableAction(
                text=f"{ref}: {action}" if ref else action,
                sentence=action,
                owner=columns.get(row, "owner") or None,
                due=columns.get(row, "due"),
                item=item.group(0) if item else None,
                closed=bool(_CLOSED.match(columns.get(row, "status"))),
            )
        )
    return found


# -- a header table: the meeting, its number and date as a table's rows ------------------------
_LABELS: dict[str, str] = {
    **dict.fromkeys(("meeting", "meeting name", "meeting title", "title"), "meeting"),
    **dict.fromkeys(("committee", "group", "body", "forum"), "committee"),
    **dict.fromkeys(("meeting number", "meeting no", "number", "no"), "number"),
    **dict.fromkeys(("date", "meeting date", "date of meeting"), "date"),
    **dict.fromkeys(("time", "times", "meeting time"), "time"),
}
HEADER_WINDOW = 40  # lines


def header_table(lines: list[str]) -> list[str] | None:
    """``lines`` with a leading table of labelled cells ("Meeting | Operations Group Meeting 12",
    "Date | 3 March 2021") written as a heading line and a date line in its place (so line
    numbers stay), or None when there is no such table."""
    start = next((i for i, ln in enumerate(lines[:HEADER_WINDOW]) if ROW.match(ln)), None)
    if start is None:
        return None
    end = start
    while end < len(lines) and ROW.match(lines[end]):
        end += 1
    said: dict[str, str] = {}
    for raw in lines[start:end]:
        row = cells(raw)
        for label, value in zip(row[::2], row[1::2], strict=False):
            key = _LABELS.get(re.sub(r"[^a-z ]", "", label.casefold()).strip())
            if key is not None and value and key not in said:
                said[key] = value
    heading = said.get("meeting")
    if "committee" in said and "number" in said:
        heading = f"{said['committee']} Meeting {said['number']}"
    if heading is None or "date" not in said or end - start < 2:
        return None
    date = said["date"] + (f", {said['time']}" if "time" in said else "")
    return [*lines[:start], f"**{heading}**", date, *[""] * (end - start - 2), *lines[end:]]
