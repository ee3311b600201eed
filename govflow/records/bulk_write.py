"""Writing a bulk import in batches (:mod:`govflow.records.bulk_import` streams the file into it).

A batch is the finished proposals of some thousands of events. Each is written with a handful of
statements whatever its size: the proposals already in the database refused, the workflow
definitions they are pinned to stored (once each), the batch's new committees, meetings and
agenda items found or made in one query each (and remembered for the batches after it), then
proposals, events and their log entries, aliases, releases and deadlines with ``executemany``.
Everything runs in the caller's transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from sqlalchemy import Connection, insert, select, tuple_

from govflow.audit.files import date_of
from govflow.errors import AlreadyExists
from govflow.store import definitions, tables, writes
from govflow.store.tables import deadline_t
from govflow.workflow.definition import Workflow

CHUNK = 500
"""Keys per ``IN (...)`` list: well under every driver's limit on bound parameters."""


class Finished(Protocol):
    """A proposal rebuilt from its events, as the import hands it over."""

    key: str
    number: int
    events: list[dict[str, Any]]
    aliases: dict[str, str]
    workflow: Workflow
    pinned: list[Workflow]  # every version it was under (migrations), its workflow last

    def row(self) -> dict[str, Any]: ...
    def releases(self) -> Iterable[tuple[str, str, str | None]]: ...
    def deadlines(self) -> Sequence[dict[str, Any]]: ...


def _chunks(values: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


class BatchWriter:
    """Writes batches of finished proposals; remembers the meetings, items and releases it made."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn
        self._committees: dict[str, int] = {}
        self._meetings: dict[str, int] = {}
        self._items: dict[tuple[str, str], int] = {}
        self._releases: dict[str, tuple[int, dt.date | None]] = {}
        self._definitions: set[str] = set()

    def write(
        self, batch: Sequence[Finished], meetings: dict[str, dt.date],
        items: dict[tuple[str, str], str],
    ) -> None:  # fmt: skip
        """Write ``batch``; ``meetings`` and ``items`` give the date and title of each one seen."""
        conn = self._conn
        self._refuse_existing(batch)
        for wf in {wf.key: wf for p in batch for wf in (*p.pinned, p.workflow)}.values():
            if wf.key not in self._definitions:  # stored when a proposal is first pinned to it
                definitions.store(conn, wf.name, wf.version, wf.text)
                self._definitions.add(wf.key)
        events = [e for p in batch for e in p.events]
        self._find_meetings({e["meeting"] for e in events if e["meeting"]}, meetings)
        self._find_items({(e["meeting"], e["item"]) for e in events if e["item"]}, items)
        ids = self._insert_proposals(batch)
        for p, proposal_id in zip(batch, ids, strict=True):
            for e in p.events:
                e["proposal_id"] = proposal_id
                e["meeting_id"] = self._meetings[e["meeting"]] if e["meeting"] else None
                e["item_id"] = self._items[(e["meeting"], e["item"])] if e["item"] else None
        writes.insert_events(conn, events)
        pairs = list(zip(batch, ids, strict=True))
        aliases = [{"proposal_id": i, "spelling": s, "source": src}
                   for p, i in pairs for s, src in p.aliases.items()]  # fmt: skip
        if aliases:
            conn.execute(insert(tables.alias_t), aliases)
        links = [{"release_id": self._release(name, date_of(day)), "proposal_id": i,
                  "status": status}
                 for p, i in pairs for name, status, day in p.releases()]  # fmt: skip
        if links:
            conn.execute(insert(tables.release_proposal_t), links)
        deadlines = [{**d, "proposal_id": i}
                     for p, i in pairs for d in p.deadlines()]  # fmt: skip
        if deadlines:
            conn.execute(insert(deadline_t), deadlines)

    def _refuse_existing(self, batch: Sequence[Finished]) -> None:
        t = tables.proposal_t
        wanted = {p.key for p in batch}
        clash = [] if len(wanted) == len(batch) else sorted({p.key for p in batch})
        numbers = sorted({p.number for p in batch})
        for chunk in _chunks(numbers):
            rows = self._conn.execute(
                select(t.c.scheme, t.c.number, t.c.alternative).where(t.c.number.in_(chunk))
            )
            clash += [k for r in rows if (k := f"{r.scheme}:{r.number}{r.alternative}") in wanted]
        if clash:
            raise AlreadyExists(
                f"the database already holds {len(clash)} of these proposals "
                f"({', '.join(clash[:5])}{', ...' if len(clash) > 5 else ''}); "
                "import into an empty database"
            )

    def _insert_proposals(self, batch: Sequence[Finished]) -> list[int]:
        t = tables.proposal_t
        result = self._conn.execute(
            insert(t).returning(t.c.id, sort_by_parameter_order=True), [p.row() for p in batch]
        )
        return [int(i) for i in result.scalars()]

    def _find_meetings(self, codes: set[str], dates: dict[str, dt.date]) -> None:
        new = sorted(codes - self._meetings.keys())
        if not new:
            return
        parsed = {code: tables.parse_meeting_code(code) for code in new}
        self._find_committees({c for c, _ in parsed.values()})
        m = tables.meeting_t
        wanted = {(self._committees[c], n): code for code, (c, n) in parsed.items()}
        self._meetings.update(self._found(m.c.committee_id, m.c.number, wanted))
        missing = [code for code in new if code not in self._meetings]
        if missing:
            rows = [{"committee_id": self._committees[parsed[code][0]],
                     "number": parsed[code][1], "date": dates[code], "kind": "main",
                     "status": "held"} for code in missing]  # fmt: skip
            self._meetings.update(zip(missing, self._insert(m, rows), strict=True))

    def _find_committees(self, codes: set[str]) -> None:
        c = tables.committee_t
        new = sorted(codes - self._committees.keys())
        if not new:
            return
        for chunk in _chunks(new):
            rows = self._conn.execute(select(c.c.code, c.c.id).where(c.c.code.in_(chunk)))
            self._committees.update({r.code: int(r.id) for r in rows})
        missing = [code for code in new if code not in self._committees]
        if missing:
            made = self._insert(c, [{"code": code, "name": code} for code in missing])
            self._committees.update(zip(missing, made, strict=True))

    def _find_items(self, keys: set[tuple[str, str]], titles: dict[tuple[str, str], str]) -> None:
        new = sorted(keys - self._items.keys())
        if not new:
            return
        i = tables.item_t
        wanted = {(self._meetings[code], number): (code, number) for code, number in new}
        self._items.update(self._found(i.c.meeting_id, i.c.number, wanted))
        missing = [key for key in new if key not in self._items]
        if missing:
            rows = [{"meeting_id": self._meetings[key[0]], "number": key[1],
                     "title": titles[key], "text": ""} for key in missing]  # fmt: skip
            self._items.update(zip(missing, self._insert(i, rows), strict=True))

    def _found(
        self, parent: Any, number: Any, wanted: dict[tuple[int, Any], Any]
    ) -> dict[Any, int]:
        """Rows of ``parent``'s table keyed by (parent, number) that exist, by their name."""
        found: dict[Any, int] = {}
        table = parent.table
        for chunk in _chunks(list(wanted)):
            rows = self._conn.execute(
                select(parent, number, table.c.id).where(tuple_(parent, number).in_(chunk))
            )
            found.update({wanted[(r[0], r[1])]: int(r[2]) for r in rows})
        return found

    def _insert(self, table: Any, rows: list[dict[str, Any]]) -> list[int]:
        result = self._conn.execute(
            insert(table).returning(table.c.id, sort_by_parameter_order=True), rows
        )
        return [int(i) for i in result.scalars()]

    def _release(self, name: str, day: dt.date | None) -> int:
        """The release's id, made on first sight; a date given later replaces the one it had."""
        known = self._releases.get(name)
        if known is not None and (day is None or known[1] == day):
            return known[0]
        found = tables.release_id(self._conn, name, day)
        self._releases[name] = (found, day if day is not None else None)
        return found
