"""Messages in the web's terms. A library error names the problem and carries what can be done
as data (:class:`govflow.errors.Remedy`, and ``field`` for a bad value); :func:`said` words
them for a client of the JSON API or a reader of the pages (`on`, "`GET
/api/proposals/MP960/next`"), at the edge, where the answer is made.

:func:`api_terms` puts text that still speaks to the command line (warnings, advice written for
it) in the API's terms:

A command with an API operation becomes that operation; one without (``govflow meeting set``)
is named as a command-line task; an option becomes the field or parameter of the same name.
"""

from __future__ import annotations

import re

from govflow.errors import GovflowError, InvalidInput, Remedy

#: Each remedy (:data:`govflow.errors.REMEDIES`) as the web says it.
ADVICE: dict[str, str] = {
    "override": "send an `override` reason to set the rules aside (it is recorded)",
    "list_proposals": "`GET /api/proposals` lists the proposals there are",
    "show_proposal": "`GET /api/proposals/{subject}` shows it",
    "check_next": "check `GET /api/proposals/{subject}/next` and try again",
    "show_workflow": "the workflow {subject}'s definition lists them",
    "choose_workflow": "choose one with `workflow`",
    "list_meetings": "`GET /api/meetings?committee={subject}` lists them",
    "show_meeting": "`GET /api/meetings/{subject}` lists them",
    "add_meeting": "add it with `POST /api/meetings` (code {subject})",
    "plan_meeting": "add it (`POST /api/meetings`, code {subject}, status planned), then "
    "import again",
    "redate_meeting": "if the meeting's date is wrong, change it (to {detail})",
    "add_item": "add it with `POST /api/meetings/{subject}/items` (number {detail})",
    "add_committee": "add one with `POST /api/committees`",
    "name_committee": "say which committee these minutes belong to",
    "list_actions": "`GET /api/actions` lists them",
    "list_closures": "the calendar's closures list them",
    "list_tokens": "`GET /api/tokens` lists them",
    "correct_event": "correct its event (`POST /api/proposals/{{reference}}/corrections`) on "
    "both proposals",
    "preview_migration": "a dry run lists what would change",
    "verify": "`GET /api/verify` says what is wrong",
    "export_audit": "export one as JSONL (`GET /api/exports/audit.jsonl`)",
    "create_database": "an administrator creates it (`govflow init`, on the command line)",
    "upgrade_database": "an administrator upgrades it (`govflow init`, on the command line)",
    "other_database": "the server needs another database",
    "writable_path": "the server needs a database in a folder it can write to",
    "check_workflows": "check the server's workflow folders",
}


def advice(remedy: Remedy) -> str:
    """A remedy in the web's words."""
    detail = remedy.detail or "the right date"
    return ADVICE[remedy.action].format(subject=remedy.subject, detail=detail)


def warned(text: str) -> str:
    """A warning in the web's words: with its remedy, when it carries one."""
    remedy = getattr(text, "remedy", None)
    if remedy is None:
        return api_terms(str(text))
    return f"{text}; {advice(remedy)}"


def said(exc: GovflowError) -> str:
    """What the API's ``detail`` and an error page say for ``exc``: the field a bad value came
    as, the message, what can be done."""
    message = str(exc)
    if isinstance(exc, InvalidInput) and exc.field is not None:
        message = f"`{exc.field}`: {message}"
    if exc.remedy is None:
        return message
    words = advice(exc.remedy)
    if message.endswith("."):
        return f"{message} {words[:1].upper()}{words[1:]}."
    return f"{message}; {words}"


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
