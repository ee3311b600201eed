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

from govflow.audit.files import date_of
from govflow.errors import AlreadyExists
from govflow.store import bulk_rows, definitions, tables, writes
from govflow.store.session import Connection
from govflow.workflow.definition import Workflow


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
        bulk_rows.insert_aliases(conn, aliases)
        links = [{"release_id": self._release(name, date_of(day)), "proposal_id": i,
                  "status": status}
                 for p, i in pairs for name, status, day in p.releases()]  # fmt: skip
        bulk_rows.insert_release_links(conn, links)
        deadlines = [{**d, "proposal_id": i}
                     for p, i in pairs for d in p.deadlines()]  # fmt: skip
        bulk_rows.insert_deadlines(conn, deadlines)

    def _refuse_existing(self, batch: Sequence[Finished]) -> None:
        wanted = {p.key for p in batch}
        clash = [] if len(wanted) == len(batch) else sorted({p.key for p in batch})
        rows = bulk_rows.proposals_numbered(self._conn, sorted({p.number for p in batch}))
        clash += [k for r in rows if (k := f"{r.scheme}:{r.number}{r.alternative}") in wanted]
        if clash:
            raise AlreadyExists(
                f"the database already holds {len(clash)} of these proposals "
                f"({', '.join(clash[:5])}{', ...' if len(clash) > 5 else ''}); "
                "import into an empty database"
            )

    def _insert_proposals(self, batch: Sequence[Finished]) -> list[int]:
        return bulk_rows.insert_proposals(self._conn, [p.row() for p in batch])

    def _find_meetings(self, codes: set[str], dates: dict[str, dt.date]) -> None:
        new = sorted(codes - self._meetings.keys())
        if not new:
            return
        parsed = {code: tables.parse_meeting_code(code) for code in new}
        self._find_committees({c for c, _ in parsed.values()})
        wanted = {(self._committees[c], n): code for code, (c, n) in parsed.items()}
        found = bulk_rows.meeting_ids(self._conn, wanted.keys())
        self._meetings.update({wanted[key]: i for key, i in found.items()})
        missing = [code for code in new if code not in self._meetings]
        if missing:
            rows = [{"committee_id": self._committees[parsed[code][0]],
                     "number": parsed[code][1], "date": dates[code], "kind": "main",
                     "status": "held"} for code in missing]  # fmt: skip
            made = bulk_rows.insert_meetings(self._conn, rows)
            self._meetings.update(zip(missing, made, strict=True))

    def _find_committees(self, codes: set[str]) -> None:
        new = sorted(codes - self._committees.keys())
        if not new:
            return
        self._committees.update(bulk_rows.committee_ids(self._conn, new))
        missing = [code for code in new if code not in self._committees]
        if missing:
            made = bulk_rows.insert_committees(self._conn, missing)
            self._committees.update(zip(missing, made, strict=True))

    def _find_items(self, keys: set[tuple[str, str]], titles: dict[tuple[str, str], str]) -> None:
        new = sorted(keys - self._items.keys())
        if not new:
            return
        wanted = {(self._meetings[code], number): (code, number) for code, number in new}
        found = bulk_rows.item_ids(self._conn, wanted.keys())
        self._items.update({wanted[key]: i for key, i in found.items()})
        missing = [key for key in new if key not in self._items]
        if missing:
            rows = [{"meeting_id": self._meetings[key[0]], "number": key[1],
                     "title": titles[key], "text": ""} for key in missing]  # fmt: skip
            made = bulk_rows.insert_items(self._conn, rows)
            self._items.update(zip(missing, made, strict=True))

    def _release(self, name: str, day: dt.date | None) -> int:
        """The release's id, made on first sight; a date given later replaces the one it had."""
        known = self._releases.get(name)
        if known is not None and (day is None or known[1] == day):
            return known[0]
        found = tables.release_id(self._conn, name, day)
        self._releases[name] = (found, day if day is not None else None)
        return found
