"""The tamper-evident chain: each event's hash covers its canonical content and the previous hash.

Canonical content is a JSON object of exactly :data:`HASHED_FIELDS`, keys sorted, no spaces,
UTF-8, dates as ISO text, ``recorded_at`` as ``YYYY-MM-DDTHH:MM:SS.ffffffZ``. Meetings and agenda
items enter the hash by their codes (``OPSG_12``, ``2.1``), never by database ids, so an exported
history can be checked without govflow's database. The first event of a proposal chains to
:data:`GENESIS`. ``hash = sha256(canonical).hexdigest()``; ``prev_hash`` is one of the fields.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from json.encoder import c_make_encoder  # type: ignore[attr-defined]
from json.encoder import encode_basestring as _quoted
from operator import itemgetter
from typing import Any

from govflow.dates import timestamp
from govflow.model import Event

GENESIS = "0" * 64

HASHED_FIELDS = (
    "proposal",  # the proposal's stable key, e.g. "SEC:116" or "SEC:122A"
    "seq",
    "kind",
    "trigger",
    "milestone",
    "from_stage",
    "to_stage",
    "occurred_on",
    "until",
    "recorded_at",
    "meeting",
    "item",
    "body",
    "actor",
    "note",
    "payload",
    "corrects_seq",
    "prev_hash",
)


def proposal_key(scheme: str, number: int, alternative: str = "") -> str:
    return f"{scheme}:{number}{alternative}"


_TIMED = frozenset({"occurred_on", "until", "recorded_at"})
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)
"""``json.dumps(..., sort_keys=True, separators=(",", ":"), ensure_ascii=False)``, built once (each
such ``dumps`` call would build its own encoder)."""
#: Each hashed field's key as the canonical text writes it (``"seq":``), in sorted order.
_KEYED = tuple((field, f"{_CANONICAL.encode(field)}:") for field in sorted(HASHED_FIELDS))
#: :data:`_CANONICAL`'s C encoder, made once (``encode`` makes one at every call): chunks of the
#: same text. Without a check for circular values: a payload read from JSON cannot hold one.
_CHUNKS = (
    c_make_encoder(None, _CANONICAL.default, _quoted, None, ":", ",", True, False, True)
    if c_make_encoder is not None
    else lambda value, _: [_CANONICAL.encode(value)]
)


def _plain(value: Any) -> Any:
    if value is None or type(value) is str or type(value) is int:
        return value
    if type(value) is dt.datetime and value.tzinfo is None and value.year >= 1000:
        return naive_stamp(value)
    if isinstance(value, dt.datetime):
        return timestamp(value)
    if isinstance(value, dt.date):
        return day_text(value)
    return value


def day_text(value: dt.date) -> str:
    """``value.isoformat()``: a date with a four-digit year written from :data:`_TWO` (the hash
    and SQLite's stored dates; ``tests/test_write_values.py`` holds the two equal). The last
    such date written is kept with its text (:data:`_LAST_DAY`): a write writes one date three
    times (its hash, the event's row and the proposal's head), the very same object."""
    global _LAST_DAY
    last = _LAST_DAY
    if value is last[0]:  # the same object (kept alive by the pair: no other can be it)
        return last[1]
    if type(value) is dt.date and value.year >= 1000:
        text = f"{value.year}-{_TWO[value.month]}-{_TWO[value.day]}"
        _LAST_DAY = (value, text)
        return text
    return value.isoformat()


#: The last date :func:`day_text` wrote from the table, and its text (read and replaced whole,
#: so a thread sees one pair or the other, never half of each).
_LAST_DAY: tuple[dt.date | None, str] = (None, "")


#: ``01`` .. ``99`` (and ``00``): months, days, hours, minutes and seconds as ``isoformat`` pads
#: them, read from a table (``isoformat`` formats through C's printf: about 7,000 instructions).
_TWO = tuple(f"{n:02d}" for n in range(100))


def naive_stamp(value: dt.datetime) -> str:
    """``timestamp(value)`` of a datetime without a time zone (what a write records) whose year
    has four digits; ``tests/test_write_values.py`` holds the two equal."""
    return (  # the microseconds padded by a seventh digit cut off (a format spec costs more)
        f"{value.year}-{_TWO[value.month]}-{_TWO[value.day]}T{_TWO[value.hour]}:"
        f"{_TWO[value.minute]}:{_TWO[value.second]}.{str(value.microsecond + 1_000_000)[1:]}Z"
    )


def _json(value: Any) -> str:
    """``value`` as :data:`_CANONICAL` writes it (a type of its own: by the encoder)."""
    return "".join(_CHUNKS(value, 0))


#: Each plain type's writer, C functions all (no Python frame a field): text quoted, None and
#: the booleans by a table, whole numbers by ``int.__repr__`` (as the C encoder writes them); a
#: value of any other type (the payload) by :func:`_json`.
_WRITERS: dict[type, Any] = {
    str: _quoted, type(None): {None: "null"}.__getitem__, int: int.__repr__,
    bool: {True: "true", False: "false"}.__getitem__,
}  # fmt: skip
#: The hashed fields in sorted order, where the dates and times stand among them, and the
#: canonical text's fixed parts: each field's key (after ``{`` or ``,``), a slot for its value
#: after each (the odd places), and the closing ``}``.
_SORTED = tuple(field for field, _ in _KEYED)
_TIMED_AT = tuple(i for i, field in enumerate(_SORTED) if field in _TIMED)
_PARTS: list[str | None] = [
    part for i, (_, key) in enumerate(_KEYED) for part in (("{" if i == 0 else ",") + key, None)
]
_PARTS.append("}")
_SLOTS = slice(1, len(_PARTS) - 1, 2)
#: The hashed fields of a record that holds every one of them (what a write prepares).
_EVERY = itemgetter(*_SORTED)


def canonical(record: Mapping[str, Any]) -> bytes:
    """The canonical content of ``record``: exactly what ``_CANONICAL.encode`` gives for its
    :data:`HASHED_FIELDS` (a missing one None, dates and times as text), each value written by
    its type's writer between the fixed parts, joined once (every write and check hashes;
    encoding a dict of the fields costs more, and a ``%`` template more than the join)."""
    try:  # a write's record (a dict) holds them all: one C call; a mapping of its own, .get
        values = [*_EVERY(record)] if type(record) is dict else [*map(record.get, _SORTED)]
    except KeyError:
        values = [*map(record.get, _SORTED)]
    for i in _TIMED_AT:  # the only fields that hold dates and times
        values[i] = _plain(values[i])
    writer = _WRITERS.get
    parts = _PARTS.copy()
    parts[_SLOTS] = [(writer(type(v)) or _json)(v) for v in values]
    return "".join(parts).encode()  # type: ignore[arg-type]  # every slot filled


def event_hash(record: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical(record)).hexdigest()


@dataclass(frozen=True)
class ChainBreak:
    """What ``verify`` found wrong with a proposal's record: the first event of its chain that
    does not verify (``kind`` chain), a break in the log (log), a stored definition (definition),
    an event the rules of its workflow version refuse (rules, naming the ``rule``), or a stored
    value its events do not give (row)."""

    proposal: str  # the proposal's key or reference
    seq: int
    reason: str
    kind: str = "chain"
    rule: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"reference": self.proposal, "seq": self.seq, "reason": self.reason,
                "kind": self.kind, "rule": self.rule}  # fmt: skip


def first_break(proposal: str, events: Iterable[Mapping[str, Any]]) -> ChainBreak | None:
    """Walk one proposal's events in order; return the first broken link, or None."""
    previous = GENESIS
    expected_seq = 1
    for record in events:
        seq = int(record["seq"])
        if seq != expected_seq:
            missing = "missing" if seq > expected_seq else "repeated or out of order"
            return ChainBreak(proposal, expected_seq, f"event {expected_seq} is {missing}")
        if record.get("prev_hash") != previous:
            return ChainBreak(proposal, seq, "prev_hash does not match the previous event's hash")
        if event_hash(record) != record.get("hash"):
            return ChainBreak(proposal, seq, "content does not match its hash (altered)")
        previous = str(record["hash"])
        expected_seq += 1
    return None


# -- the database-wide log ------------------------------------------------------------------------
LOG_FIELDS = ("position", "proposal", "seq", "event_hash", "prev_hash")
"""What a log entry's hash covers: its place in the log, the event it names (by proposal key and
seq, and by that event's own hash) and the previous entry's hash (:data:`GENESIS` at 1)."""


def log_hash(position: int, proposal: str, seq: int, event_hash: str, prev_hash: str) -> str:
    """sha256 of the log entry's canonical JSON: keys sorted, no spaces, UTF-8.

    Written out by hand because it runs once per event on the write path; a test checks it is
    exactly ``json.dumps(entry, sort_keys=True, separators=(",", ":"), ensure_ascii=False)``.
    """
    text = (
        f'{{"event_hash":"{event_hash}","position":{int(position)},"prev_hash":"{prev_hash}",'
        f'"proposal":{(_WRITERS.get(type(proposal)) or _json)(proposal)},"seq":{int(seq)}}}'
    )
    return hashlib.sha256(text.encode()).hexdigest()


def hash_record(event: Event, key: str) -> dict[str, Any]:
    """The fields the chain covers, from an event as recorded."""
    return {
        "proposal": key, "seq": event.seq, "kind": event.kind, "trigger": event.trigger,
        "milestone": event.milestone, "from_stage": event.from_stage, "to_stage": event.to_stage,
        "occurred_on": event.occurred_on, "until": event.until, "recorded_at": event.recorded_at,
        "meeting": event.meeting, "item": event.item, "body": event.body, "actor": event.actor,
        "note": event.note, "payload": event.payload, "corrects_seq": event.corrects_seq,
        "prev_hash": event.prev_hash, "hash": event.hash,
    }  # fmt: skip
