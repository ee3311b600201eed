"""Reports leaving govflow: the audit history, the register as of a date, one proposal's timeline.

Each format is a module registered by name in :data:`EXPORTERS`; a format supports some reports:

======== ===== ======== ========
format   audit register timeline
======== ===== ======== ========
csv      yes   yes      yes
jsonl    yes   yes
md       yes   yes      yes
html     yes   yes      yes
======== ===== ======== ========

Writers take a text stream and write as they go. :class:`~govflow.exporters.exports.Exports`
(reached as ``Govflow.export_audit``, ``export_register`` and ``export_timeline``) streams the
events from one read transaction (see :mod:`govflow.records.audit`), so memory stays flat however
long the history.
"""

from __future__ import annotations

import functools
from typing import Any

from govflow.errors import InvalidInput, hint
from govflow.exporters.base import REPORTS, Exporter

__all__ = [
    "EXPORTERS",
    "REPORTS",
    "Exporter",
    "exporter",
    "formats",
]


@functools.cache
def _registry() -> dict[str, Exporter]:
    """Every format by name; the format modules load on first use, not with the service."""
    from govflow.exporters import to_csv, to_html, to_jsonl, to_markdown

    exporters = (to_csv.EXPORTER, to_jsonl.EXPORTER, to_markdown.EXPORTER, to_html.EXPORTER)
    return {e.name: e for e in exporters}


def __getattr__(name: str) -> Any:
    if name == "EXPORTERS":  # every format by name
        return _registry()
    raise AttributeError(f"module 'govflow.exporters' has no attribute {name!r}")


def formats(report: str) -> list[str]:
    """The formats that can write ``report`` (audit, register or timeline)."""
    return [name for name, e in _registry().items() if e.supports(report)]


def exporter(report: str, fmt: str) -> Exporter:
    """The exporter for ``fmt``, or InvalidInput naming the formats ``report`` allows."""
    if report not in REPORTS:
        raise InvalidInput(f"unknown report {report!r}; reports: {', '.join(REPORTS)}")
    allowed = formats(report)
    found = _registry().get(fmt)
    if found is None or not found.supports(report):
        raise InvalidInput(
            f"unknown format {fmt!r} for the {report} report{hint(fmt, allowed)}; "
            f"allowed: {', '.join(allowed)}"
        )
    return found
