"""Reports leaving govflow: the audit history, the register as of a date, one proposal's timeline.

Each format is a module registered by name in :data:`EXPORTERS`; a format supports some reports:

======== ===== ======== ========
format   audit register timeline
======== ===== ======== ========
csv      yes   yes
jsonl    yes   yes
md       yes   yes      yes
html     yes   yes      yes
======== ===== ======== ========

Writers take a text stream and write as they go; :func:`export_audit` streams the events from one
read transaction (see :mod:`govflow.store.audit`), so memory stays flat however long the history.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TextIO

from govflow.errors import InvalidInput, hint
from govflow.exporters import to_csv, to_html, to_jsonl, to_markdown
from govflow.exporters.base import REPORTS, Exporter
from govflow.exporters.reports import AuditReport, RegisterReport, TimelineReport, now_text
from govflow.store.audit import open_audit

if TYPE_CHECKING:
    from govflow.service import Govflow

__all__ = [
    "EXPORTERS",
    "REPORTS",
    "Exporter",
    "export_audit",
    "export_register",
    "export_timeline",
    "formats",
]

#: Every format by name.
EXPORTERS: dict[str, Exporter] = {
    e.name: e for e in (to_csv.EXPORTER, to_jsonl.EXPORTER, to_markdown.EXPORTER, to_html.EXPORTER)
}


def formats(report: str) -> list[str]:
    """The formats that can write ``report`` (audit, register or timeline)."""
    return [name for name, e in EXPORTERS.items() if e.supports(report)]


def exporter(report: str, fmt: str) -> Exporter:
    """The exporter for ``fmt``, or InvalidInput naming the formats ``report`` allows."""
    if report not in REPORTS:
        raise InvalidInput(f"unknown report {report!r}; reports: {', '.join(REPORTS)}")
    allowed = formats(report)
    found = EXPORTERS.get(fmt)
    if found is None or not found.supports(report):
        raise InvalidInput(
            f"unknown format {fmt!r} for the {report} report{hint(fmt, allowed)}; "
            f"allowed: {', '.join(allowed)}"
        )
    return found


def export_audit(
    gf: Govflow,
    out: TextIO,
    fmt: str,
    *,
    proposals: Sequence[str] | None = None,
    since: str | dt.date | None = None,
    until: str | dt.date | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write every selected event to ``out`` in ``fmt``; return how many were written.

    ``progress`` is called with the number of events read so far, now and then.
    """
    write = exporter("audit", fmt).audit
    assert write is not None
    with open_audit(gf, proposals=proposals, since=since, until=until) as audit:
        return write(AuditReport(audit, gf.registry, now_text(), progress), out)


def export_register(
    gf: Govflow, out: TextIO, fmt: str, *, as_of: str | dt.date | None = None
) -> int:
    """Write the register as it stood at the end of ``as_of`` (default today); return the rows."""
    from govflow.dates import optional_date

    write = exporter("register", fmt).register
    assert write is not None
    day = optional_date(as_of, "--as-of date") or dt.datetime.now(dt.UTC).date()
    labels = {s.name: s.label for wf in gf.registry.all() for s in wf.states}
    return write(RegisterReport(day, gf.register(day), labels, now_text()), out)


def export_timeline(gf: Govflow, out: TextIO, fmt: str, reference: str) -> None:
    """Write one proposal's life on one page: stages over time, events, the workflow diagram."""
    write = exporter("timeline", fmt).timeline
    assert write is not None
    proposal = gf.proposal(reference)
    events = gf.history(reference)
    workflow = gf.registry.get(proposal.workflow, proposal.workflow_version)
    today = dt.datetime.now(dt.UTC).date()
    write(TimelineReport(proposal, workflow, events, now_text(), today), out)
