"""Reading an audit export (JSONL, or its CSV form) back into event records, as
:mod:`govflow.records.bulk_import` replays them. The format is described in docs/export-schema.md.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Iterator
from typing import Any

from govflow.errors import InvalidInput
from govflow.store.hashing import HASHED_FIELDS

DATE_FIELDS = ("occurred_on", "until")
INT_FIELDS = ("seq", "corrects_seq")


def read_records(text: Iterable[str]) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, record) pairs from a JSONL or CSV audit export; the header is checked."""
    lines = iter(text)
    first = next(lines, "")
    if first.lstrip().startswith("{"):
        header = _json(first, 1)
        if header.get("format") != "govflow-audit":
            raise InvalidInput(
                "line 1: not a govflow audit export (the first line must be its header, "
                '{"format": "govflow-audit", ...}); export one with `govflow export audit '
                "--format jsonl`"
            )
        for number, line in enumerate(lines, start=2):
            if line.strip():
                yield number, _json(line, number)
        return
    reader = csv.DictReader(io.StringIO(first + "".join(lines)))
    columns = ["proposal" if c == "key" else c for c in reader.fieldnames or []]
    reader.fieldnames = columns  # the CSV export names the chain key `key`
    missing = [f for f in (*HASHED_FIELDS, "hash", "reference") if f not in columns]
    if missing:
        raise InvalidInput(f"line 1: the CSV header lacks {', '.join(missing)}")
    for number, row in enumerate(reader, start=2):
        yield number, _from_csv(row, number)


def _json(line: str, number: int) -> dict[str, Any]:
    try:
        value = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"line {number}: not JSON ({exc.msg})") from None
    if not isinstance(value, dict):
        raise InvalidInput(f"line {number}: expected a JSON object")
    return value


def _from_csv(row: dict[str, str], number: int) -> dict[str, Any]:
    record: dict[str, Any] = {k: (v if v != "" else None) for k, v in row.items()}
    for name in INT_FIELDS:
        if record.get(name) is not None:
            record[name] = int(record[name])
    try:
        record["payload"] = json.loads(row.get("payload") or "{}")
    except json.JSONDecodeError:
        raise InvalidInput(f"line {number}: the payload column is not JSON") from None
    return record


def normalise(record: dict[str, Any]) -> dict[str, Any]:
    """The hashed fields of a record, typed as govflow stores them."""
    missing = [f for f in (*HASHED_FIELDS, "hash") if f not in record]
    if missing:
        raise InvalidInput(f"missing {', '.join(missing)}")
    event = {f: record[f] for f in (*HASHED_FIELDS, "hash")}
    for name in DATE_FIELDS:
        event[name] = date_of(event[name])
    if event["occurred_on"] is None:
        raise InvalidInput("occurred_on is missing")
    stamp = str(event["recorded_at"]).rstrip("Z")
    event["recorded_at"] = dt.datetime.fromisoformat(stamp).replace(tzinfo=None)
    event["payload"] = event["payload"] or {}
    return event


def date_of(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise InvalidInput(f"{value!r} is not an ISO date") from None
