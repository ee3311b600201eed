"""What a write did (:class:`Change`), as the Python API returns it.

Loaded when first asked for (``govflow.views`` re-exports it on first use): a command that only
reads does not build this dataclass.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from govflow.model import INTERNAL as WORDS
from govflow.views._json import json_fields


@dataclass(frozen=True)
class Change:
    """What a write did: the proposal's reference and stage after it, and the events added."""

    reference: str
    stage: str
    seqs: tuple[int, ...]
    occurred_on: dt.date
    kind: str
    implied: tuple[int, ...] = ()  # the seqs of steps recorded as implied (see docs/records.md)
    warnings: tuple[str, ...] = ()  # e.g. the date given is not the meeting's (never printed)
    date_precision: str = "day"  # day, month, ..., between:... : how well occurred_on is known
    stage_label: str = ""  # the stage after it, as the workflow writes it
    #: what it did in the workflow's words (``Change Board approved``, ``moved from Refinement
    #: Process``, a milestone's label), for the line that confirms it: not in the JSON
    what: str = field(default="", compare=False, metadata=WORDS)
    #: the proposal's version after the write (its versioned update's; 0: not said), for the
    #: web's answer (``version``, the next write's ``expected_version``): not in ``to_dict``
    version: int = field(default=0, compare=False, metadata=WORDS)

    def to_dict(self) -> dict[str, Any]:
        return json_fields(self)
