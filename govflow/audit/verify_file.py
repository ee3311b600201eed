"""Check a JSONL audit export on its own, without govflow's database.

:func:`verify_export` reads the file line by line (memory stays flat), recomputes every event's
hash, follows each chain's links and checks that each chain runs exactly from the start its chain
line announces to the end it announces, and that no chain is missing. It returns the first break
of each broken chain (an intact file gives an empty list) and raises
:class:`~govflow.errors.InvalidInput`, naming the line, for a file that is not a govflow audit
export at all.

What the file alone proves: that nothing in it was altered, dropped, repeated or reordered since
it was written, short of someone recomputing every hash after it. To rule that out too, compare
the chains' ``head_hash`` values with the database (``govflow verify``) or with a copy published
earlier: a chain cannot be rewritten without changing its head.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from govflow.audit.filelog import FileLog
from govflow.audit.files import check_extras, parse_json, text_lines
from govflow.errors import InvalidInput, Remedy
from govflow.store.hashing import GENESIS, HASHED_FIELDS, ChainBreak, event_hash

AUDIT_FORMAT = "govflow-audit"
SUPPORTED_VERSIONS = (1,)
_CHAIN_KEYS = ("chain", "proposal", "first_seq", "prev_hash", "last_seq", "head_hash")


def _not_export(line: int, why: str) -> InvalidInput:
    return InvalidInput(
        f"line {line}: not a govflow audit export ({why})", remedy=Remedy("export_audit")
    )


def _object(text: str, line: int) -> dict[str, Any]:
    try:
        value = parse_json(text, line)
    except InvalidInput as exc:
        raise _not_export(line, str(exc).removeprefix(f"line {line}: ")) from None
    if not isinstance(value, dict):
        raise _not_export(line, "each line must be a JSON object")
    return value


def _header(value: dict[str, Any]) -> dict[str, Any]:
    if value.get("format") != AUDIT_FORMAT:
        raise _not_export(1, f'the first line must be a header with "format": "{AUDIT_FORMAT}"')
    version = value.get("version")
    if version not in SUPPORTED_VERSIONS:
        raise InvalidInput(
            f"line 1: version {version!r} of the govflow audit format is not supported; this "
            f"govflow reads version {', '.join(map(str, SUPPORTED_VERSIONS))}"
        )
    expected = {"hash": "sha256", "genesis": GENESIS, "hashed_fields": list(HASHED_FIELDS)}
    for key, wanted in expected.items():
        if value.get(key) != wanted:
            raise InvalidInput(f"line 1: the header's {key!r} must be {wanted!r} in version 1")
    for key in ("chains", "events"):
        if not _whole(value.get(key)):
            raise InvalidInput(f"line 1: the header needs {key!r}, a whole number")
    where = value.get("filter")
    if where is not None and not (
        isinstance(where, dict)
        and all(where.get(k) is None or isinstance(where.get(k), str) for k in ("since", "until"))
    ):
        raise InvalidInput(
            'line 1: the header\'s "filter" must be an object with "since" and "until" dates '
            "or null"
        )
    return value


def _extras_problem(event: dict[str, Any]) -> str | None:
    """What is wrong with the fields beside the hashed ones (reference, committee, ...)."""
    try:
        check_extras(event)
    except InvalidInput as exc:
        return str(exc)
    return None


def _hashes_to(event: dict[str, Any], expected: Any) -> bool:
    try:
        return bool(event_hash(event) == expected)
    except (RecursionError, ValueError):  # nested too deeply to write back out
        return False


def _whole(value: Any) -> bool:
    """A whole number, not a boolean (JSON's true is an int to Python)."""
    return isinstance(value, int) and not isinstance(value, bool)


@dataclass
class _Run:
    """One chain being checked: what its chain line announced and how far it verified."""

    name: str  # the reference (or key) used in reports
    key: str
    line: int
    first_seq: int
    last_seq: int
    head_hash: str
    expected_seq: int
    previous: str
    broken: ChainBreak | None = None

    def fail(self, reason: str, seq: int | None = None) -> None:
        if self.broken is None:
            self.broken = ChainBreak(self.name, self.expected_seq if seq is None else seq, reason)

    def check(self, event: dict[str, Any], line: int) -> None:
        if self.broken is not None:
            return
        seq = event.get("seq")
        if event.get("proposal") != self.key:
            self.fail(f"line {line} holds an event of {event.get('proposal')!r}, not of "
                      f"{self.key} (lines moved or reordered)")  # fmt: skip
        elif not isinstance(seq, int) or isinstance(seq, bool):
            self.fail(f"line {line}: seq {seq!r} is not a whole number (altered)")
        elif extras := _extras_problem(event):
            self.fail(f"line {line}: {extras} (altered)", seq)
        elif seq != self.expected_seq:
            state = "missing" if seq > self.expected_seq else "repeated or out of order"
            self.fail(f"event {self.expected_seq} is {state} (line {line} holds event {seq})")
        elif missing := [k for k in (*HASHED_FIELDS, "hash") if k not in event]:
            self.fail(f"line {line}: {', '.join(missing)} missing (altered)", seq)
        elif event["prev_hash"] != self.previous:
            self.fail(f"line {line}: prev_hash does not match the previous event's hash", seq)
        elif not _hashes_to(event, event["hash"]):
            self.fail(f"line {line}: content does not match its hash (altered)", seq)
        else:
            self.previous = str(event["hash"])
            self.expected_seq += 1

    def finish(self) -> ChainBreak | None:
        reached = self.expected_seq - 1
        if self.broken is None and reached < self.last_seq:
            self.fail(f"event {self.expected_seq} is missing: the chain line (line {self.line}) "
                      f"announces events {self.first_seq} to {self.last_seq}")  # fmt: skip
        elif self.broken is None and self.previous != self.head_hash:
            self.fail(f"event {reached} does not match the head hash of the chain line "
                      f"(line {self.line})", reached)  # fmt: skip
        return self.broken


@dataclass
class _Check:
    header: dict[str, Any]
    breaks: list[ChainBreak] = field(default_factory=list)
    run: _Run | None = None
    chains: int = 0  # chain lines read
    last_number: int = 0  # the highest chain number read
    events: int = 0

    def chain(self, value: dict[str, Any], line: int) -> None:
        self.close_run()
        number, key = _chain_values(value, line)
        name = str(value.get("reference") or key)
        self.chains += 1
        expected = self.last_number + 1
        if number > expected:
            gone = f"chain {expected}" + (f" to {number - 1}" if number - 1 > expected else "")
            self.breaks.append(ChainBreak(f"({gone})", 0, f"{gone} missing before {name} (line "
                                          f"{line}): its lines were removed"))  # fmt: skip
        self.last_number = max(self.last_number, number)
        first, prev = value["first_seq"], value["prev_hash"]
        self.run = _Run(name, key, line, first, value["last_seq"], value["head_hash"], first, prev)
        if number < expected:
            self.run.fail(f"its chain line (line {line}) is number {number}, after number "
                          f"{expected - 1}: chains repeated or reordered", 0)  # fmt: skip
        elif self._unfiltered() and (first != 1 or prev != GENESIS):
            self.run.fail(f"the export is not filtered, yet its chain line (line {line}) starts "
                          f"at event {first}", 1)  # fmt: skip

    def _unfiltered(self) -> bool:
        where = self.header.get("filter") or {}
        return where.get("since") is None and where.get("until") is None

    def event(self, value: dict[str, Any], line: int) -> None:
        self.events += 1
        if self.run is None:
            name = str(value.get("proposal"))
            self.breaks.append(ChainBreak(name, 0, f"line {line}: an event before any chain line"))
            self.run = _Run(name, name, line, 0, 0, "", 0, "", self.breaks[-1])
            return
        self.run.check(value, line)

    def close_run(self) -> None:
        if self.run is not None:
            broken = self.run.finish()
            if broken is not None and broken not in self.breaks:
                self.breaks.append(broken)
        self.run = None

    def finish(self) -> list[ChainBreak]:
        self.close_run()
        announced, events = self.header["chains"], self.header["events"]
        if self.last_number < announced:
            gone = f"chain {self.last_number + 1}" + (
                f" to {announced}" if announced > self.last_number + 1 else ""
            )
            self.breaks.append(ChainBreak(f"({gone})", 0, f"{gone} missing: the header announces "
                                          f"{announced} chains"))  # fmt: skip
        elif self.chains != announced or self.events != events:
            holds = f"the file holds {self.chains} and {self.events}"
            self.breaks.append(ChainBreak("(file)", 0, f"the header announces {announced} chains "
                                          f"and {events} events; {holds}"))  # fmt: skip
        return self.breaks


def _chain_values(value: dict[str, Any], line: int) -> tuple[int, str]:
    """The chain line's number and proposal key, once its keys and their types are checked."""
    missing = [k for k in _CHAIN_KEYS if k not in value]
    if missing:
        raise _not_export(line, f"a chain line needs {', '.join(missing)}")
    for key in ("chain", "first_seq", "last_seq"):
        if not _whole(value[key]):
            raise _not_export(line, f"the chain line's {key!r} must be a whole number")
    for key in ("proposal", "prev_hash", "head_hash"):
        if not isinstance(value[key], str):
            raise _not_export(line, f"the chain line's {key!r} must be text")
    return value["chain"], value["proposal"]


@dataclass(frozen=True)
class FileCheck:
    """What checking a file found: the chains and events it holds, and the breaks."""

    chains: int
    events: int
    breaks: list[ChainBreak]

    @property
    def ok(self) -> bool:
        return not self.breaks


def check_export(lines: Iterable[str], public_key: bytes | None = None) -> FileCheck:
    """Recompute every chain of a JSONL audit export; what it holds and the breaks found.

    ``lines`` is the file's text line by line (an open file will do). Raises InvalidInput, naming
    the line, for a file that is not a govflow audit export. The file's log lines are checked
    against its checkpoint (:mod:`govflow.audit.filelog`); with ``public_key`` (PEM or hex), the
    checkpoint's signature too, and a file without one is a break.
    """
    check: _Check | None = None
    log = FileLog(None)
    for number, text in text_lines(lines):
        if not text.strip():
            continue
        value = _object(text, number)
        if check is None:
            if number != 1:
                raise _not_export(number, "the header must be the first line")
            check = _Check(_header(value))
            log = FileLog(value.get("checkpoint"))
        elif "chain" in value:
            check.chain(value, number)
        elif "log" in value:
            log.log(value, number)
        elif "seq" in value and "proposal" in value:
            check.event(value, number)
            log.event(value)
        else:
            raise _not_export(number, "neither a chain line nor an event line")
    if check is None:
        raise InvalidInput("the file is empty: a govflow audit export starts with a header line")
    breaks = check.finish()
    complete = check._unfiltered() and (check.header.get("filter") or {}).get("proposals") is None
    breaks += log.finish(public_key, complete)
    return FileCheck(check.chains, check.events, breaks)


def verify_export(lines: Iterable[str], public_key: str | bytes | None = None) -> list[ChainBreak]:
    """The first break of each broken chain of a JSONL audit export (empty: the file is intact).

    ChainBreak.proposal is the proposal's reference; a missing chain is named ``(chain N)``, and
    a mismatch with the header's counts ``(file)``, both with seq 0. The log lines are checked
    against the checkpoint the file carries; with ``public_key`` (PEM or hex, from the signer,
    not from the file), its signature too (a break named ``the checkpoint``).
    """
    key = public_key.encode("ascii", "replace") if isinstance(public_key, str) else public_key
    return check_export(lines, public_key=key).breaks
