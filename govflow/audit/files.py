"""Reading an audit export (JSONL, or its CSV form) back into event records, as
:mod:`govflow.records.bulk_import` replays them. The format is described in docs/export-schema.md.

The file is untrusted: every line is decoded, parsed and every field of every record checked by
type and size (:func:`normalise`) before anything uses it, and each failure is an
:class:`~govflow.errors.InvalidInput` naming the line. CSV text cells are read back through
:func:`govflow.safe_text.csv_value`, which undoes the export's neutralising ``'``.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import json
import re
import reprlib
from collections.abc import Iterable, Iterator
from typing import Any

from govflow.errors import InvalidInput, Remedy
from govflow.safe_text import csv_value
from govflow.store.hashing import HASHED_FIELDS

DATE_FIELDS = ("occurred_on", "until")
INT_FIELDS = ("seq", "corrects_seq")
TEXT_FIELDS = ("proposal", "kind", "trigger", "milestone", "from_stage", "to_stage", "meeting",
               "item", "body", "actor", "note")  # fmt: skip
_TEXTUAL = (*TEXT_FIELDS, *DATE_FIELDS, "recorded_at")
MAX_SEQ = 2**31 - 1  # the database's integer column
MAX_TEXT = 100_000  # characters in one text field
MAX_DEPTH = 16  # nesting of a payload (govflow writes two or three levels)
_HASH = re.compile(r"[0-9a-f]{64}")
_TEXT, _OPTIONAL, _PATH = (str,), (str, type(None)), (str, int, type(None))
#: The payload keys the replay reads, by event kind: (required, type) for each.
PAYLOAD_KEYS: dict[str, dict[str, tuple[bool, tuple[type, ...]]]] = {
    "raised": {"workflow": (True, _TEXT), "workflow_version": (False, (int, type(None))),
               "reference": (False, _OPTIONAL), "title": (False, _OPTIONAL),
               "proposer": (False, _OPTIONAL), "path": (False, _PATH),
               "flags": (False, (list, type(None)))},
    "relabel": {"from": (False, _OPTIONAL), "to": (True, _TEXT)},
    "route": {"path": (True, (dict,)), "flags": (True, (dict,))},
    "proposer": {"from": (False, _OPTIONAL), "to": (False, _OPTIONAL)},
    "release": {"release": (True, _TEXT), "status": (True, _TEXT),
                "release_date": (False, _OPTIONAL)},
    "link": {"spelling": (False, _OPTIONAL)},
    "related": {"to": (True, _TEXT), "code": (True, _TEXT), "relation": (True, _TEXT)},
    "migrated": {"from_version": (True, (int,)), "to_version": (True, (int,)),
                 "fingerprint": (False, _OPTIONAL)},
}  # fmt: skip
_REPR = reprlib.Repr()
_REPR.maxlevel, _REPR.maxstring, _REPR.maxother = 2, 50, 50
EXTRA_FIELDS = ("reference", "committee", "item_title", "meeting_date")
# As govflow writes it (YYYY-MM-DDTHH:MM:SS.ffffffZ), or as Python prints a UTC datetime
_STAMP = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(\.\d{1,6})?(Z|\+00:00)")


def text_lines(text: Iterable[str]) -> Iterator[tuple[int, str]]:
    """(line number, line) pairs; text that is not UTF-8 is refused naming the line."""
    number = 0
    lines = iter(text)
    while True:
        try:
            line = next(lines)
        except StopIteration:
            return
        except UnicodeDecodeError as exc:
            raise InvalidInput(
                f"line {number + 1}: not UTF-8 text (byte {exc.object[exc.start : exc.start + 1]!r}"
                "); an audit export is UTF-8"
            ) from None
        number += 1
        yield number, line


def parse_json(line: str, number: int) -> Any:
    """One JSON value; malformed, too deep or too long numbers are InvalidInput naming the line."""
    try:
        return json.loads(line)
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"line {number}: not JSON ({exc.msg} at column {exc.colno})") from None
    except ValueError:  # Python refuses integers of more than 4,300 digits
        raise InvalidInput(f"line {number}: not usable JSON (a number is too long)") from None
    except RecursionError:
        raise InvalidInput(f"line {number}: not usable JSON (nested too deeply)") from None


def read_records(text: Iterable[str]) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line number, record) pairs from a JSONL or CSV audit export; the header is checked."""
    lines = text_lines(text)
    _, first = next(lines, (1, ""))
    if first.lstrip().startswith("{"):
        header = _json(first, 1)
        if header.get("format") != "govflow-audit":
            raise InvalidInput(
                "line 1: not a govflow audit export (the first line must be its header, "
                '{"format": "govflow-audit", ...})',
                remedy=Remedy("export_audit"),
            )
        for number, line in lines:
            if line.strip():
                yield number, _json(line, number)
        return
    yield from _csv_records(first, (line for _, line in lines))


def _csv_records(first: str, rest: Iterable[str]) -> Iterator[tuple[int, dict[str, Any]]]:
    reader = csv.DictReader(itertools.chain((first,), rest))  # streamed, a line at a time
    try:
        columns = ["proposal" if c == "key" else c for c in reader.fieldnames or []]
        reader.fieldnames = columns  # the CSV export names the chain key `key`
        missing = [f for f in (*HASHED_FIELDS, "hash", "reference") if f not in columns]
        if missing:
            raise InvalidInput(f"line 1: the CSV header lacks {', '.join(missing)}")
        for row in reader:
            yield reader.line_num, _from_csv(row, reader.line_num)
    except csv.Error as exc:  # a field past the csv module's limit (128 KB), a NUL byte, ...
        raise InvalidInput(f"line {reader.line_num + 1}: not readable as CSV ({exc})") from None


def _json(line: str, number: int) -> dict[str, Any]:
    value = parse_json(line, number)
    if not isinstance(value, dict):
        raise InvalidInput(f"line {number}: expected a JSON object")
    return value


def _from_csv(row: dict[str | Any, str | Any], number: int) -> dict[str, Any]:
    if None in row or any(not isinstance(v, str) for v in row.values()):
        raise InvalidInput(f"line {number}: the row has more or fewer cells than the header")
    try:
        record: dict[str, Any] = {k: (csv_value(v) if v != "" else None) for k, v in row.items()}
    except ValueError:
        raise InvalidInput(f"line {number}: a cell starting '\" is not a JSON string") from None
    for name in INT_FIELDS:
        if record.get(name) is not None:
            record[name] = _whole_number(record[name], name)
    record["payload"] = parse_json(record.get("payload") or "{}", number)
    return record


def _whole_number(value: str, name: str) -> int | str:
    """The cell as an integer if it is one (else left as text for :func:`normalise` to refuse)."""
    digits = value.strip()
    if digits.isascii() and digits.isdigit() and len(digits) <= 10:
        return int(digits)
    return value


def normalise(record: dict[str, Any]) -> dict[str, Any]:
    """The hashed fields of a record, each checked by type and size, typed as govflow stores
    them; InvalidInput names the first field that is wrong."""
    missing = [f for f in (*HASHED_FIELDS, "hash") if f not in record]
    if missing:
        raise InvalidInput(f"missing {', '.join(missing)}")
    event = {f: record[f] for f in (*HASHED_FIELDS, "hash")}
    _check_types(event)
    check_extras(record)
    for name in DATE_FIELDS:
        event[name] = date_of(event[name])
    if event["occurred_on"] is None:
        raise InvalidInput("occurred_on is missing")
    event["recorded_at"] = _stamp(event["recorded_at"])
    event["payload"] = event["payload"] or {}
    return event


def _check_types(event: dict[str, Any]) -> None:
    for name in INT_FIELDS:
        value = event[name]
        if value is None and name == "corrects_seq":
            continue
        if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= MAX_SEQ:
            raise InvalidInput(f"{name} {_shown(value)} is not a whole number from 1 to {MAX_SEQ}")
    for name in _TEXTUAL:
        value = event[name]
        if isinstance(value, str):
            if len(value) > MAX_TEXT:
                raise InvalidInput(f"{name} is longer than {MAX_TEXT:,} characters")
        elif value is not None and not isinstance(value, dt.date):
            raise InvalidInput(f"{name} {_shown(value)} is not text")
    for name in ("proposal", "kind"):
        if not event[name]:
            raise InvalidInput(f"{name} is missing")
    for name in ("prev_hash", "hash"):
        if not isinstance(event[name], str) or not _HASH.fullmatch(event[name]):
            raise InvalidInput(f"{name} {_shown(event[name])} is not 64 lowercase hex digits")
    payload = event["payload"]
    if payload is not None and not isinstance(payload, dict):
        raise InvalidInput(f"payload {_shown(payload)} is not a JSON object")
    if _depth(payload) > MAX_DEPTH:
        raise InvalidInput(f"payload is nested more than {MAX_DEPTH} levels deep")
    _check_payload(event["kind"], payload or {})


def _check_payload(kind: str, payload: dict[str, Any]) -> None:
    for key, (required, types) in PAYLOAD_KEYS.get(kind, {}).items():
        if key not in payload:
            if required:
                raise InvalidInput(f"the payload of a {kind!r} event lacks {key!r}")
        elif not isinstance(payload[key], types) or isinstance(payload[key], bool):
            raise InvalidInput(f"the payload's {key!r} {_shown(payload[key])} has the wrong type")
    lists = [payload.get("flags")]
    if kind == "route":
        path, flags = payload["path"], payload["flags"]
        if "to" not in path or "to" not in flags:
            raise InvalidInput("the payload of a 'route' event needs path.to and flags.to")
        if not isinstance(path["to"], _PATH) or isinstance(path["to"], bool):
            raise InvalidInput(f"the route's path {_shown(path['to'])} has the wrong type")
        if not isinstance(flags["to"], list):
            raise InvalidInput(f"the route's flags {_shown(flags['to'])} is not a list of text")
        lists = [flags.get("from", []), flags["to"]]
    for flags in lists:
        if flags is not None and not (
            isinstance(flags, list) and all(isinstance(f, str) for f in flags)
        ):
            raise InvalidInput(f"flags {_shown(flags)} is not a list of text")


def check_extras(record: dict[str, Any]) -> None:
    """The fields an event line carries beside the hashed ones: text or absent."""
    for name in EXTRA_FIELDS:
        value = record.get(name)
        if value is not None and not (isinstance(value, str) and len(value) <= MAX_TEXT):
            raise InvalidInput(f"{name} {_shown(value)} is not text")


def _depth(value: Any, level: int = 0) -> int:
    """How deeply ``value`` nests (stops counting past MAX_DEPTH, so it never recurses far)."""
    if level > MAX_DEPTH or not isinstance(value, dict | list):
        return level
    children = value.values() if isinstance(value, dict) else value
    return max((_depth(child, level + 1) for child in children), default=level + 1)


def _stamp(value: Any) -> dt.datetime:
    if not isinstance(value, str) or not _STAMP.fullmatch(value):
        raise InvalidInput(
            f"recorded_at {_shown(value)} is not a UTC timestamp (YYYY-MM-DDTHH:MM:SS.ffffffZ)"
        )
    try:
        return dt.datetime.fromisoformat(value.removesuffix("Z")).replace(tzinfo=None)
    except ValueError:
        raise InvalidInput(f"recorded_at {value!r} is not a real date and time") from None


def _shown(value: Any) -> str:
    """A value for a message: its repr, cut short (and never deep or huge)."""
    if isinstance(value, int) and abs(value) >= 10**30:
        return "(a huge number)"
    return _REPR.repr(value)


def date_of(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    text = str(value)
    try:
        if len(text) > 10:
            raise ValueError(text)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"{_shown(value)} is not an ISO date") from None
