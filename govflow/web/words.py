"""The pages' words: moves and decisions as the code writes them (its stage labels and bodies,
never a trigger's name: :mod:`govflow.exporters.text`, shared with the CLI and the exports),
and dates that do not break across lines."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from markupsafe import Markup, escape

from govflow.safe_text import CONTROL, escape_controls
from govflow.workflow.words import decision, event_words, last_step

__all__ = ["dated", "dates", "day", "decision", "event_words", "html_text", "last_step"]

_ISO_DAY = re.compile(r"\b[0-9]{4}-[0-9]{2}-[0-9]{2}\b")
#: A character that is not written as it is: a control character, or one HTML escapes.
_REWRITTEN = re.compile(CONTROL.pattern.removesuffix("]") + "&<>\"']")


def dates(value: Any) -> Markup:
    """Text for a page with each ISO date in a ``<time>`` (kept on one line by the CSS)."""
    if value is None:
        return Markup("")
    if type(value) is dt.date:  # its ISO form needs no escaping (most of a page's dates)
        return Markup(day(value))
    return Markup(dated(str(value)))


def html_text(text: str) -> str:
    """``text`` as a template's ``{{ }}`` writes it: control characters shown, then HTML's
    special characters escaped, as a plain string (most text has neither: one search)."""
    if _REWRITTEN.search(text) is None:
        return text
    return str(escape(escape_controls(text, keep="\t\n")))


def dated(text: str) -> str:
    """:func:`html_text` with each ISO date in a ``<time>``."""
    return _ISO_DAY.sub(_timed, html_text(text))


def _timed(match: re.Match[str]) -> str:  # quicker than a template string (\g<0>)
    return f'<time datetime="{match[0]}">{match[0]}</time>'


def day(value: dt.date) -> str:
    """A day in a ``<time>``."""
    return f'<time datetime="{value}">{value}</time>'
