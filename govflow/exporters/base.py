"""An exporter: one format's writers for the reports it supports."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from govflow.exporters.reports import AuditReport, RegisterReport, TimelineReport

REPORTS = ("audit", "register", "timeline")


@dataclass(frozen=True)
class Exporter:
    """A format (``csv``) with a writer per report it supports; writers write incrementally."""

    name: str
    suffix: str  # the usual file name ending, ".csv"
    description: str
    audit: Callable[[AuditReport, TextIO], int] | None = None  # returns the events written
    register: Callable[[RegisterReport, TextIO], int] | None = None  # returns the rows written
    timeline: Callable[[TimelineReport, TextIO], None] | None = None

    def supports(self, report: str) -> bool:
        return {"audit": self.audit, "register": self.register, "timeline": self.timeline}.get(
            report
        ) is not None
