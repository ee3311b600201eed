"""What the server logs, with control characters escaped: a request line, a refused token's
first characters and a message can hold what a person or a client typed, and a raw ``ESC`` or
newline in a log rewrites a terminal or forges a log line. :func:`install` puts
:class:`EscapeControls` on the loggers the server writes to (uvicorn's and govflow's web ones).
"""

from __future__ import annotations

import logging

from govflow.safe_text import escape_controls

LOGGERS = ("uvicorn.access", "uvicorn.error", "govflow.web.deps", "govflow.web.auth",
           "govflow.web.problems")  # fmt: skip


class EscapeControls(logging.Filter):
    """Writes a record's message with its control characters escaped (``\\x1b``, ``\\n``); the
    record's traceback, if any, is left to the formatter."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        escaped = escape_controls(message)
        if escaped != message:
            record.msg, record.args = escaped, None
        return True


_FILTER = EscapeControls()


def install() -> None:
    """Escape control characters in what :data:`LOGGERS` write (once per logger)."""
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)
