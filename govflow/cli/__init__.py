"""The ``govflow`` command line: a thin shell over the library (the only place importing typer).

Each command parses its arguments, calls one library function and renders the result. Errors from
the library (:class:`~govflow.errors.GovflowError`) are turned into ``Error: ...`` on stderr and
exit code 1 here, once; misuse of the command line exits 2 (Typer's own handling).
"""

from __future__ import annotations

import copy
import importlib
import re
from collections.abc import Callable, Iterator, MutableMapping
from typing import Annotated, Any

import typer
import typer.main
from typer.core import TyperCommand, TyperGroup

from govflow import __version__
from govflow.cli._params import PlainCommand, PlainGroup, plain
from govflow.errors import GovflowError

# name -> (module, attribute, one-line help). A group or command is imported and built only when
# it is used: building the whole tree costs more than `import typer`, and `govflow --help` must
# answer about as fast. tests/test_cli_lazy.py holds the help texts equal to the real ones.
LAZY: dict[str, tuple[str, str, str]] = {
    "init": ("admin", "init", "Create or upgrade the database, and say where it is."),
    "verify": ("admin", "verify", "Check every proposal's hash chain and the log; exit 1 naming "
               "the first break of each."),
    "checkpoint": ("checkpoint", "app",
                   "Sign the log's length and root hash with a key kept outside the database."),
    "demo": ("admin", "demo",
             "Build a database of realistic SEC proposals; show one's timeline and the register."),
    "due": ("planning", "due",
            "What falls due: deadlines and actions, soonest first, with working days left."),
    "plan": ("plan", "plan",
             "What happens next to a proposal, and when at the earliest, with the reason for "
             "each date."),
    "proposal": ("proposal", "app", "Proposals: raise, move on, record milestones, show history."),
    "committee": ("committee", "app", "Committees: list and add them."),
    "meeting": ("meeting", "app", "Meetings: add them and their agenda items, show them."),
    "workflow": ("workflow", "app", "Workflow definitions: list, show, draw and check them."),
    "export": ("export", "app", "Export the audit history, the register or a proposal's "
               "timeline (csv, jsonl, md, html), or the web pages as a static site."),
    "minutes": ("minutes", "app", "Minutes: import a meeting's minutes."),
    "action": ("minutes", "actions_app", "Actions asked for in minutes."),
    "calendar": ("planning", "calendar_app", "The working-day calendar and its closures."),
    "import": ("importing", "app", "Bulk imports."),
    "serve": ("serve", "serve", "Serve the JSON API and the pages over HTTP (docs/serve.md); "
              "stop with Ctrl-C."),
    "token": ("token", "app", "Tokens for govflow serve: add, list and revoke them; set "
              "whether reading needs one."),
}  # fmt: skip


def _build(name: str) -> Any:
    module, attribute, _ = LAZY[name]
    found = getattr(importlib.import_module(f"govflow.cli.{module}"), attribute)
    command: Any
    if isinstance(found, typer.Typer):  # a group, even of one command (`import events`)
        command = _lazy_group(found)
    else:
        single = typer.Typer(add_completion=False)
        single.command(name, cls=PlainCommand)(found)
        command = typer.main.get_command(single)
    command.name = name
    # Plain help throughout: Typer's rich renderer is slow to import (see the root app).
    command.rich_markup_mode = None
    return command


def _lazy_group(app: typer.Typer) -> Any:
    """``app``'s group with each command built on first use: a command line builds the one it
    names (building the fifteen of ``proposal`` costs more than running ``proposal show``);
    help, which lists them all, builds them all."""
    shell = copy.copy(app)
    shell.registered_commands = []
    shell.info = copy.copy(app.info)
    if getattr(shell.info.cls, "value", shell.info.cls) in (None, TyperGroup):  # typer's default
        shell.info.cls = PlainGroup
    group = typer.main.get_group(shell)
    infos = {
        info.name or typer.main.get_command_name(info.callback.__name__): info
        for info in app.registered_commands
        if info.callback is not None
    }

    def build(name: str) -> Any:
        info = copy.copy(infos[name])
        if info.cls in (None, TyperCommand):
            info.cls = PlainCommand
        return typer.main.get_command_from_info(
            info, pretty_exceptions_short=app.pretty_exceptions_short, rich_markup_mode=None
        )

    group.commands = _LazyCommands(list(infos), build)
    return group


class _LazyCommands(MutableMapping[str, Any]):
    """A group's sub-commands: every name known at once, each built on first access."""

    def __init__(self, names: list[str], build: Callable[[str], Any]) -> None:
        self._names = names
        self._build = build
        self._built: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            if name not in self._names:
                raise KeyError(name)
            self._built[name] = self._build(name)
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        del self._built[name]

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys([*self._names, *self._built]))

    def __len__(self) -> int:
        return len(set(self._names) | set(self._built))


class _Group(TyperGroup):
    """The root group: sub-commands built on use, and library errors turned into a message and
    exit code 1."""

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = _LazyCommands(list(LAZY), _build)

    def get_params(self, ctx: Any) -> list[Any]:
        return plain(super().get_params(ctx))  # as PlainGroup's (cli/_params.py)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        rows = [(name, LAZY[name][2]) for name in LAZY]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        """Every argument is checked before any is parsed: text that is not UTF-8, or that
        holds a terminal control character, is misuse (and is never echoed back raw)."""
        for number, arg in enumerate(args, start=1):
            if not _is_utf8(arg):
                shown = arg.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
                ctx.fail(f"argument {number} ({shown}) is not valid UTF-8 text")
            if _TERMINAL_CONTROL.search(arg):
                from govflow.safe_text import escape_controls

                ctx.fail(f"argument {number} ({escape_controls(arg)}) holds a control character; "
                         "govflow takes text, tabs and line breaks only")  # fmt: skip
        return list(super().parse_args(ctx, self._root_options_first(args)))

    def _root_options_first(self, args: list[str]) -> list[str]:
        """``govflow proposal list --db x.db`` read as ``govflow --db x.db proposal list``:
        the root's :data:`_ROOT_OPTIONS` are taken after the command too, up to ``--``, unless
        the command has an option of that name (``demo --db`` is the demo's own)."""
        i = 0
        while i < len(args) and args[i].startswith("-") and args[i] != "--":
            i += 2 if args[i] in _ROOT_OPTIONS else 1
        if i >= len(args) or args[i] not in self.commands:
            return args
        own = {name for param in self.commands[args[i]].params for name in param.opts}
        moved, kept, j = [], args[: i + 1], i + 1
        while j < len(args):
            name = args[j].split("=", 1)[0]
            if args[j] == "--":
                kept += args[j:]
                break
            if name in _ROOT_OPTIONS and name not in own and ("=" in args[j] or j + 1 < len(args)):
                step = 1 if "=" in args[j] else 2
                moved += args[j : j + step]
                j += step
                continue
            kept.append(args[j])
            j += 1
        return moved + kept

    def invoke(self, ctx: Any) -> Any:
        from govflow.cli._advice import said
        from govflow.cli._output import closed_pipe, fail

        try:
            return super().invoke(ctx)
        except GovflowError as exc:
            raise fail(said(exc)) from None
        except OSError as exc:  # the disk is full, the output went away, ...
            if closed_pipe(exc):
                raise typer.Exit(0) from None
            raise fail(_os_message(exc)) from None


#: The root's options that take a value, also read after the command (see _Group).
_ROOT_OPTIONS = ("--db", "--workflows")

#: C0 controls but tab, line feed and carriage return; DEL; C1 (ESC starts terminal sequences).
_TERMINAL_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _is_utf8(arg: str) -> bool:
    """False for an argument the shell gave as bytes that are not UTF-8 (Python keeps them as
    lone surrogates, which nothing can print or store)."""
    try:
        arg.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _os_message(exc: OSError) -> str:
    import errno

    from govflow.safe_text import escape_controls

    where = f" {escape_controls(str(exc.filename))}" if exc.filename else ""
    if exc.errno == errno.ENOSPC:
        return f"cannot write{where}: no space left on the device; free some space and try again"
    return f"cannot read or write{where}: {exc.strerror or exc}"


app = typer.Typer(
    cls=_Group,
    name="govflow",
    help="Governance workflows for GB energy industry-code change proposals.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    # Plain help: Typer's rich help renderer costs more to import than Typer itself, and
    # `govflow --help` must answer about as fast as `import typer`.
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"govflow {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            envvar="GOVFLOW_DB",
            help="Database file path or SQLAlchemy URL (default: the per-user data folder).",
        ),
    ] = None,
    workflows: Annotated[
        list[str] | None,
        typer.Option(
            "--workflows",
            metavar="DIR",
            help="A folder of workflow files to load besides the shipped ones (repeatable; "
            "default: the folders GOVFLOW_WORKFLOWS names).",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Governance workflows for GB energy industry-code change proposals."""
    ctx.obj = {"db": db, "workflows": workflows}


def main() -> None:
    """The ``govflow`` command: errors are messages, never tracebacks (``GOVFLOW_DEBUG=1``
    shows the traceback of an unexpected one)."""
    import os
    import sys

    from govflow.cli._db import freeze_at_open

    freeze_at_open()  # a process of its own: see cli/_db.py
    try:
        app()
        code: Any = 0
    except SystemExit as done:
        code = done.code
    except OSError as exc:  # raised outside a command (help, usage): as `invoke` does
        from govflow.cli._output import closed_pipe

        code = 0 if closed_pipe(exc) else 1
        if code:
            sys.stderr.write(f"Error: {_os_message(exc)}\n")
    except Exception as exc:  # a bug: still a message and exit 1, with the way to report it
        if os.environ.get("GOVFLOW_DEBUG"):
            raise
        sys.stderr.write(f"Error: internal error ({type(exc).__name__}); please report it with "
                         "the command you ran (GOVFLOW_DEBUG=1 shows the details)\n")  # fmt: skip
        code = 1
    code = _flushed(code)
    # The command is done and its output flushed: what is left is Python's teardown, whose
    # last full collection walks (and frees, cycle by cycle) every module, class and function
    # imported, some 100 ms of CPU for `proposal show`. Frozen, the heap is left to the
    # operating system, as any process's memory is at exit; the database was closed by the
    # command, and atexit handlers (logging, temporary folders) still run.
    import gc

    gc.freeze()
    sys.exit(code)


def _flushed(code: Any) -> Any:
    """Flush stdout now: output still buffered that cannot be written (a full disk) is an error,
    reported once; a reader that went away (``| head``) is not (``_output.closed_pipe``). Either
    way nothing is reported again when Python exits."""
    import os
    import sys

    from govflow.cli._output import closed_pipe

    try:
        sys.stdout.flush()
        return code
    except OSError as exc:
        if closed_pipe(exc):
            return code
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        if code not in (0, None):
            return code
        sys.stderr.write(f"Error: {_os_message(exc)}\n")
        return 1
