"""The pages' words: moves and decisions as the code writes them (its stage labels and bodies,
never a trigger's name: :mod:`govflow.exporters.text`, shared with the CLI and the exports),
and dates that do not break across lines."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from markupsafe import Markup, escape

from govflow.safe_text import escape_controls
from govflow.workflow.words import decision, event_words, last_step

__all__ = ["dates", "decision", "event_words", "last_step"]

_ISO_DAY = re.compile(r"\b[0-9]{4}-[0-9]{2}-[0-9]{2}\b")


def dates(value: Any) -> Markup:
    """Text for a page with each ISO date in a ``<time>`` (kept on one line by the CSS)."""
    if value is None:
        return Markup("")
    if type(value) is dt.date:  # its ISO form needs no escaping (most of a page's dates)
        return Markup(f'<time datetime="{value}">{value}</time>')
    text = str(escape(escape_controls(str(value), keep="\t\n")))
    return Markup(_ISO_DAY.sub(lambda m: f'<time datetime="{m[0]}">{m[0]}</time>', text))
