"""What moving open proposals to a later workflow version did.

Loaded when first asked for (``govflow.views`` re-exports them on first use): a command that
shows one proposal does not build these dataclasses.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from govflow.views._json import json_fields


@dataclass(frozen=True)
class MigrationView:
    """What ``migrate`` did (or, on a dry run, would do): the open proposals moved, each
    ``(reference, old stage, new stage)``; those that cannot move, each ``(reference, stage,
    reason)``; the closed ones left pinned (references)."""

    workflow: str
    from_version: int
    to_version: int
    dry_run: bool
    moved: tuple[tuple[str, str, str], ...]
    refused: tuple[tuple[str, str, str], ...]
    pinned: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return json_fields(self)
