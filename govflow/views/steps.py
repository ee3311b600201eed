"""The next steps of a proposal (``govflow proposal next``), as the Python API returns them.

Loaded when first asked for (``govflow.views`` re-exports them on first use): a command that
shows one proposal does not build these dataclasses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from govflow.model import INTERNAL as WORDS
from govflow.views._json import json_fields


@dataclass(frozen=True)
class StepOption:
    trigger: str
    dest: str
    body: str
    description: str
    reasons: tuple[str, ...] = ()
    unchecked: tuple[str, ...] = ()  # rules the record lacks the facts to check (no route)
    dest_label: str = ""  # the stage it leads to, as the workflow writes it
    body_name: str = field(default="", metadata=WORDS)  # ``body`` as the workflow names it
    label: str = field(default="", metadata=WORDS)  # the step in words (``SEC Panel approved``)

    def to_dict(self) -> dict[str, Any]:
        return json_fields(self)


@dataclass(frozen=True)
class NextSteps:
    reference: str
    stage: str
    allowed: tuple[StepOption, ...]
    blocked: tuple[StepOption, ...]
    milestones: tuple[str, ...] = ()  # milestones that may be recorded now
    terminal: bool = False
    stage_label: str = ""  # the stage, as the workflow writes it
    #: ``milestones`` in the workflow's words, each name in brackets after (not in the JSON)
    milestone_words: tuple[str, ...] = field(default=(), metadata=WORDS)

    def to_dict(self) -> dict[str, Any]:
        return json_fields(self)
