"""Messages in the API's terms: the library's messages speak to a person at the command line
(``--on``, "Check `govflow proposal next MP960`"); :func:`api_terms` says the same to a client of
the JSON API (`on`, "`GET /api/proposals/MP960/next`"), at the edge, where the answer is made.

A command with an API operation becomes that operation; one without (``govflow meeting set``)
is named as a command-line task; an option becomes the field or parameter of the same name.
"""

from __future__ import annotations

import re

_COMMANDS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"`govflow proposal next ([^`\s]+)`", r"`GET /api/proposals/\1/next`"),
        (r"`govflow proposal show ([^`\s]+)`", r"`GET /api/proposals/\1`"),
        (r"`govflow proposal list`", "`GET /api/proposals`"),
        (r"`govflow proposal correct`", "`POST /api/proposals/{reference}/corrections`"),
        (r"`govflow meeting show ([^`\s]+)`", r"`GET /api/meetings/\1`"),
        (r"`govflow meeting list --committee ([^`]+)`", r"`GET /api/meetings?committee=\1`"),
        (r"`govflow meeting add ([^`\s]+) --on DATE`", r"`POST /api/meetings` (code \1)"),
        (
            r"`govflow meeting item ([^`\s]+) ([^`\s]+) --title TEXT`",
            r"`POST /api/meetings/\1/items` (number \2)",
        ),
        (r"`govflow committee add CODE --name TEXT`", "`POST /api/committees`"),
        (r"`govflow action list`", "`GET /api/actions`"),
        (r"`govflow token list`", "`GET /api/tokens`"),
        (r"`govflow verify`", "`GET /api/verify`"),
        (r"`govflow workflow show ([^`\s]+)`", r"the workflow \1's definition"),
        (r"`govflow (init|checkpoint)[^`]*`", r"`govflow \1` (on the command line)"),
        (r"`govflow ([a-z]+ [a-z]+)[^`]*`", r"`govflow \1` (on the command line)"),
    )
)
_OPTION = re.compile(r"(?<![\w-])--([a-z][a-z-]*)(?: (?:DATE|CODE|TEXT|N)\b)?")


def _field(match: re.Match[str]) -> str:
    return f"`{match.group(1).replace('-', '_')}`"


def api_terms(message: str) -> str:
    """``message`` with the command line's commands and options put in the API's terms."""
    if "--" not in message and "`govflow " not in message:
        return message
    for pattern, replacement in _COMMANDS:
        message = pattern.sub(replacement, message)
    return _OPTION.sub(_field, message)
