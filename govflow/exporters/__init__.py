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
import importlib
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


#: Each format's module (its ``EXPORTER``), by the format's name, in the order formats are listed.
_MODULES = {"csv": "to_csv", "jsonl": "to_jsonl", "md": "to_markdown", "html": "to_html"}


@functools.cache
def _load(fmt: str) -> Exporter:
    """One format; its module loads when first asked for (an export loads its format's only)."""
    found: Exporter = importlib.import_module(f"govflow.exporters.{_MODULES[fmt]}").EXPORTER
    return found


def _registry() -> dict[str, Exporter]:
    """Every format by name."""
    return {fmt: _load(fmt) for fmt in _MODULES}


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
    found = _load(fmt) if fmt in _MODULES else None
    if found is None or not found.supports(report):
        allowed = formats(report)
        raise InvalidInput(
            f"unknown format {fmt!r} for the {report} report{hint(fmt, allowed)}; "
            f"allowed: {', '.join(allowed)}"
        )
    return found
