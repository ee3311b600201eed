"""The log lines of a JSONL audit export checked against its events and the checkpoint it carries.

An export made after a checkpoint carries it in its header (``"checkpoint"``) and, after the
events, the log's first ``length`` entries as *log lines*. Checked here: the log lines chain and
end in the checkpoint's root hash; with the signer's public key, that the checkpoint's signature
holds; and that every event of the file the log covers is the event it signed (same hash). An
unfiltered export must also hold every event the log names. Events recorded after the checkpoint
are not covered by it: the file alone says nothing more about them than their own chains do.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from govflow.audit.checkpoints import CHECKPOINT, load_public_key, parse, prefix_breaks
from govflow.audit.checkpoints import signature_break as _signature_break
from govflow.errors import InvalidInput
from govflow.store.hashing import ChainBreak
from govflow.store.ledger import Entry

_LOG_KEYS = {"log": int, "proposal": str, "seq": int, "event_hash": str, "prev_hash": str,
             "hash": str}  # fmt: skip


@dataclass
class FileLog:
    """What the file's checkpoint covers, gathered while the file is read."""

    checkpoint: Any  # the header's "checkpoint": a statement object, or None
    events: dict[tuple[str, Any], Any] = field(default_factory=dict)
    entries: list[Entry] = field(default_factory=list)

    def event(self, value: dict[str, Any]) -> None:
        if self.checkpoint is not None:  # only then is memory spent on the events' hashes
            self.events[(str(value.get("proposal")), value.get("seq"))] = value.get("hash")

    def log(self, value: dict[str, Any], line: int) -> None:
        bad = [k for k, t in _LOG_KEYS.items() if not isinstance(value.get(k), t)]
        if bad:
            raise InvalidInput(f"line {line}: a log line needs {', '.join(bad)} (altered?)")
        self.entries.append(Entry(*(value[k] for k in _LOG_KEYS)))

    def finish(self, public_key: bytes | None, complete: bool) -> list[ChainBreak]:
        """The breaks found; ``complete`` says the export was not filtered."""
        if self.checkpoint is None:
            if public_key is not None:
                return [ChainBreak(CHECKPOINT, 0, "the file carries no checkpoint (exported "
                                   "before any checkpoint was signed)")]  # fmt: skip
            return []
        statement = parse(json.dumps(self.checkpoint))
        if public_key is not None:
            broken = _signature_break(statement, load_public_key(public_key))
            if broken is not None:
                return [broken]
        breaks = prefix_breaks(statement, self.entries)
        if breaks:
            return breaks
        if len(self.entries) > statement["length"]:
            why = "the file holds more log lines than the checkpoint signed"
            return [ChainBreak(CHECKPOINT, statement["length"] + 1, why)]
        return self._events_breaks(complete)

    def _events_breaks(self, complete: bool) -> list[ChainBreak]:
        found: dict[str, ChainBreak] = {}
        for e in self.entries:
            held = self.events.get((e.proposal, e.seq))
            where = f"log position {e.position}"
            if e.proposal in found or (held is None and not complete):
                continue
            if held is None:
                why = f"event {e.seq} was signed ({where}) but is not in the file"
                found[e.proposal] = ChainBreak(e.proposal, e.seq, why)
            elif held != e.event_hash:
                why = f"event {e.seq} is not the event signed ({where}): rewritten since"
                found[e.proposal] = ChainBreak(e.proposal, e.seq, why)
        return list(found.values())
