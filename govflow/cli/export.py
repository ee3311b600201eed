"""``govflow export ...``: the audit history, the register as of a date, one proposal's timeline,
and the web pages as a static site (``govflow.web.site``).

Output goes to stdout, or with ``--output`` to a file written whole or not at all (a temporary file
in the same folder, renamed into place once complete). A long audit export shows its progress on
stderr when that is a terminal and the export is not going to it.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, TextIO

import typer

from govflow.cli._complete import complete_reference
from govflow.cli._db import opened
from govflow.cli._output import Report, closed_pipe, progress_bar, say
from govflow.cli._output import count as plural

app = typer.Typer(
    add_completion=False,
    help="Export the audit history, the register or a proposal's timeline (csv, jsonl, md, html), "
    "or the web pages as a static site.",
    no_args_is_help=True,
)

# The formats each report supports (govflow.exporters.formats; a test holds them equal). Kept here
# so that `--help` and completion need not import the library.
FORMATS = {
    "audit": ("csv", "jsonl", "md", "html"),
    "register": ("csv", "jsonl", "md", "html"),
    "timeline": ("csv", "md", "html"),
}
SUFFIXES = {".csv": "csv", ".jsonl": "jsonl", ".md": "md", ".html": "html", ".htm": "html"}

Format = Annotated[
    str | None,
    typer.Option(
        "--format", "-f", metavar="FORMAT",
        help="csv, jsonl, md or html (default: from the --output file's ending).",
    ),
]  # fmt: skip
TimelineFormat = Annotated[
    str | None,
    typer.Option(
        "--format", "-f", metavar="FORMAT",
        help="csv (its events), md or html (default: from the --output file's ending).",
    ),
]  # fmt: skip
Output = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", metavar="FILE", dir_okay=False, allow_dash=True,
        help="Write to FILE (replaced only once the export is complete); - is stdout.",
    ),
]  # fmt: skip


def _format(report: str, fmt: str | None, output: Path | None) -> str:
    """The format asked for, or the one the output file's ending names; exit 2 otherwise."""
    allowed = FORMATS[report]
    if fmt is None and output is not None:
        fmt = SUFFIXES.get(output.suffix.lower())
    if fmt is None:
        raise typer.BadParameter(f"give the format; allowed: {', '.join(allowed)}",
                                 param_hint="'--format'")  # fmt: skip
    if fmt not in allowed:
        raise typer.BadParameter(
            f"unknown format {fmt!r} for the {report} export; allowed: {', '.join(allowed)}",
            param_hint="'--format'",
        )
    return fmt


@contextlib.contextmanager
def destination(output: Path | None) -> Iterator[TextIO]:
    """A UTF-8 text stream onto stdout or, atomically, onto ``output``."""
    if output is None:
        sys.stdout.flush()
        stream = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="")
        try:
            yield stream
            stream.flush()
        except BrokenPipeError as exc:  # the reader went away (`| head`): stop quietly
            closed_pipe(exc)
            raise typer.Exit(0) from None
        finally:
            stream.detach()
        return
    if output.exists() and not output.is_file():  # a device or a pipe: write to it as it is
        yield from _written_to(output)
        return
    import tempfile  # here: `govflow --help` need not load it

    try:
        handle, name = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".part",
                                        dir=output.resolve().parent)  # fmt: skip
    except OSError as exc:
        raise _cannot_write(output, exc) from None
    try:
        with open(handle, "w", encoding="utf-8", newline="") as stream:
            yield stream
        _make_readable(name)
        os.replace(name, output)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(name)
        if isinstance(exc, OSError):
            raise _cannot_write(output, exc) from None
        raise


def _written_to(output: Path) -> Iterator[TextIO]:
    """A stream onto something that is not a regular file (never replaced by a file)."""
    try:
        with output.open("w", encoding="utf-8", newline="") as stream:
            yield stream
    except OSError as exc:
        raise _cannot_write(output, exc) from None


def _cannot_write(output: Path, exc: OSError) -> typer.Exit:
    say(f"Error: cannot write {output}: {exc.strerror or exc}", err=True)
    return typer.Exit(1)


def _make_readable(name: str) -> None:
    """mkstemp creates the file for its owner only; give it the usual permissions."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(name, 0o666 & ~umask)


@contextlib.contextmanager
def _progress(output: Path | None) -> Iterator[Report | None]:
    """A progress bar (events done of the total, rate, time left) on stderr when it is a
    terminal that is not also showing the export itself; None (no progress) when piped."""
    if not sys.stderr.isatty() or (output is None and sys.stdout.isatty()):
        yield None
        return
    with progress_bar("events") as report:
        yield report


def _file(output: Path | None) -> Path | None:
    """The output file; None for stdout (no --output, or ``--output -``)."""
    return None if output is None or str(output) == "-" else output


def _done(what: str, output: Path | None) -> None:
    if output is not None:
        say(f"{what} written to {output}", err=True)


@app.command()
def audit(
    ctx: typer.Context,
    fmt: Format = None,
    proposal: Annotated[
        list[str] | None,
        typer.Option(
            "--proposal",
            "-p",
            metavar="REF",
            autocompletion=complete_reference,
            help="Only this proposal (repeat for more).",
        ),
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", metavar="DATE", help="From events on this date.")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", metavar="DATE", help="To events on this date.")
    ] = None,
    output: Output = None,
) -> None:
    """Export every event with its meeting, item, actor and hash-chain values.

    Example: govflow export audit --format jsonl --output audit.jsonl
    """
    output = _file(output)
    chosen = _format("audit", fmt, output)
    with (
        opened(ctx, read_only=True) as gf,
        _progress(output) as phases,
        destination(output) as out,
    ):
        count = gf.export_audit(out, chosen, proposals=proposal, since=since, until=until,
                                phases=phases)  # fmt: skip
    _done(plural(count, "event"), output)


@app.command()
def register(
    ctx: typer.Context,
    fmt: Format = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar="DATE",
            help="The register as it stood on this date (default: today).",
        ),
    ] = None,
    known_on: Annotated[
        str | None,
        typer.Option(
            "--known-on",
            metavar="DATE",
            help="From what had been recorded by this date (UTC): the register shown then.",
        ),
    ] = None,
    output: Output = None,
) -> None:
    """Export the modification register: one row per proposal as it stood on a date.

    Example: govflow export register --as-of 2021-05-01 --format csv --output register.csv
    """
    output = _file(output)
    chosen = _format("register", fmt, output)
    with opened(ctx, read_only=True) as gf, destination(output) as out:
        count = gf.export_register(out, chosen, as_of=as_of, known_on=known_on)
    _done(plural(count, "proposal"), output)


@app.command()
def timeline(
    ctx: typer.Context,
    reference: Annotated[
        str,
        typer.Argument(
            metavar="REF",
            autocompletion=complete_reference,
            help="The proposal: MP099, DP960, SECMP0116...",
        ),
    ],
    fmt: TimelineFormat = None,
    output: Output = None,
) -> None:
    """Export one proposal's life on one page: stages over time, events, the workflow diagram.

    Example: govflow export timeline MP099 --format html --output MP099.html
    """
    output = _file(output)
    chosen = _format("timeline", fmt, output)
    with opened(ctx, read_only=True) as gf, destination(output) as out:
        gf.export_timeline(out, chosen, reference)
    _done(f"the timeline of {reference}", output)


@app.command()
def portfolio(
    ctx: typer.Context,
    on: Annotated[
        str | None,
        typer.Option("--on", metavar="DATE", help="Plan from this day (default: today)."),
    ] = None,
    output: Output = None,
) -> None:
    """Export every open proposal's plan as one self-contained HTML page: the Gantt chart of
    the portfolio page and its table.

    Example: govflow export portfolio --output portfolio.html
    """
    output = _file(output)
    with opened(ctx, read_only=True) as gf, destination(output) as out:
        count = gf.export_portfolio(out, today=on)
    _done(plural(count, "open proposal"), output)


@app.command()
def site(
    ctx: typer.Context,
    directory: Annotated[
        Path,
        typer.Argument(
            metavar="DIR",
            file_okay=False,
            help="A new or empty folder (a site written there before is replaced).",
        ),
    ],
    url: Annotated[
        str | None,
        typer.Option(
            "--url",
            metavar="URL",
            help="The address the site will be served at, for the calendar's links to its pages.",
        ),
    ] = None,
) -> None:
    """Export the web pages as a static site: the register, every proposal and meeting, what
    is due and the calendar, with working relative links.

    Example: govflow export site public/register
    """
    from govflow.web.site import write_site

    with opened(ctx, read_only=True) as gf:
        written = write_site(gf, directory, url=url)
    say(
        f"Site written to {written.directory}: {plural(written.proposals, 'proposal')}, "
        f"{plural(written.meetings, 'meeting')}, {plural(written.files, 'file')}",
        err=True,
    )
    if written.failed:
        for name, why in written.failed:
            say(f"Error: {name} could not be written ({why}); it holds an error page", err=True)
        say(f"Error: {plural(len(written.failed), 'page')} of the site could not be written "
            "(listed above): please report it with the command you ran", err=True)  # fmt: skip
        raise typer.Exit(1)
