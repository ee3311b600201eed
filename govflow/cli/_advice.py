"""A library error as the command line says it: the message, with the option a bad value came
from (``--as-of: ...``) and the remedy the error carries put as a command or an option.

The library's messages name neither (see :mod:`govflow.errors`); the words for each remedy live
here, beside the commands they name.
"""

from __future__ import annotations

from govflow.errors import GovflowError, InvalidInput, Remedy

#: Each remedy (:data:`govflow.errors.REMEDIES`) as the command line gives it.
ADVICE: dict[str, str] = {
    "override": "give --override REASON to set the rules aside (it is recorded)",
    "list_proposals": "`govflow proposal list` shows the proposals there are",
    "show_proposal": "`govflow proposal show {subject}` shows it",
    "check_next": "check `govflow proposal next {subject}` and try again",
    "show_workflow": "`govflow workflow show {subject}` lists them",
    "choose_workflow": "choose one with --workflow",
    "list_meetings": "`govflow meeting list --committee {subject}` lists them",
    "show_meeting": "`govflow meeting show {subject}` lists them",
    "add_meeting": "add it with `govflow meeting add {subject} --on DATE`",
    "plan_meeting": "add it with `govflow meeting add {subject} --on DATE --status planned`, "
    "then import again",
    "redate_meeting": "if the meeting's date is wrong, change it with "
    "`govflow meeting set {subject} --on {detail}`",
    "add_item": "add it with `govflow meeting item {subject} {detail} --title TEXT`",
    "add_committee": "add one with `govflow committee add CODE --name TEXT`",
    "name_committee": "pass --committee CODE to say which committee these minutes belong to",
    "list_actions": "`govflow action list` shows them",
    "list_closures": "`govflow calendar closures` lists them",
    "list_tokens": "`govflow token list` shows them",
    "correct_event": "correct its event (`govflow proposal correct`) on both proposals",
    "preview_migration": "`--dry-run` lists what would change",
    "verify": "run `govflow verify`",
    "export_audit": "export one with `govflow export audit --format jsonl`",
    "create_database": "run `govflow init` to create one",
    "upgrade_database": "run `govflow init` to upgrade it",
    "other_database": "give another --db",
    "writable_path": "give a path in a folder you can write to (--db PATH)",
    "check_workflows": "check --workflows or GOVFLOW_WORKFLOWS",
}

#: Keyword arguments whose option has another name.
_OPTIONS = {"overdue_on": "--on"}


def option(field: str) -> str:
    """The command line's option for a library keyword argument: ``as_of`` -> ``--as-of``."""
    return _OPTIONS.get(field, "--" + field.replace("_", "-"))


def advice(remedy: Remedy) -> str:
    """A remedy as a command or an option."""
    detail = remedy.detail or "DATE"
    return ADVICE[remedy.action].format(subject=remedy.subject, detail=detail)


def warned(text: str) -> str:
    """A warning as the command line says it: with its remedy, when it carries one."""
    remedy = getattr(text, "remedy", None)
    return str(text) if remedy is None else joined(str(text), advice(remedy))


def joined(message: str, advice: str) -> str:
    """``message`` and then ``advice``: as a new sentence after a full stop, else after ``;``."""
    if message.endswith("."):
        return f"{message} {advice[:1].upper()}{advice[1:]}."
    return f"{message}; {advice}"


def said(exc: GovflowError) -> str:
    """The message ``Error:`` prints for ``exc``."""
    message = str(exc)
    if isinstance(exc, InvalidInput) and exc.field is not None:
        message = f"{option(exc.field)}: {message}"
    return message if exc.remedy is None else joined(message, advice(exc.remedy))
