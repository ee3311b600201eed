"""Limits on what govflow reads from files, and reading files within them.

A file govflow is given (an audit export to import or verify, a workflow definition, a key or a
checkpoint) is read only if it is a regular file: a device (``/dev/zero``), a pipe or a socket
named as a file is refused before a byte is read, and so is a link to one. What is read is
capped, so that no input makes a process read for ever or grow without bound; a file over a
limit is refused with a message naming the limit and how to raise it.

Every limit has a default and an environment variable that changes it (the one mechanism for
all of them: a whole number, read when the limit is used); :data:`LIMITS` lists them, and
``docs/integrity.md`` ("Limits") documents each (a test holds the two equal).
"""

from __future__ import annotations

import io
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from govflow.errors import InvalidInput


@dataclass(frozen=True)
class Limit:
    """A limit: its environment variable, its default and what it counts."""

    variable: str
    default: int
    unit: str  # "bytes", "lines", "characters", "files"
    applies_to: str

    def value(self) -> int:
        """The limit in force: the environment variable's whole number, else the default."""
        given = os.environ.get(self.variable, "").strip()
        if not given:
            return self.default
        if not given.isdigit() or int(given) < 1:
            raise InvalidInput(
                f"{self.variable}={given!r} is not a limit: give a whole number of {self.unit} "
                f"of at least 1 (the default is {self.default:,})"
            )
        return int(given)

    def exceeded(self, what: str) -> InvalidInput:
        """The error for ``what`` going past this limit."""
        return InvalidInput(
            f"{what} is over the limit of {self.value():,} {self.unit} ({self.applies_to}); "
            f"check it is the right file, or raise the limit with {self.variable}"
        )


IMPORT_BYTES = Limit(
    "GOVFLOW_MAX_IMPORT_BYTES", 1 << 30, "bytes",
    "an audit export read by an import or a file verification",
)  # fmt: skip
IMPORT_LINES = Limit(
    "GOVFLOW_MAX_IMPORT_LINES", 10_000_000, "lines",
    "an audit export read by an import or a file verification",
)  # fmt: skip
LINE_CHARACTERS = Limit(
    "GOVFLOW_MAX_LINE_CHARACTERS", 4 << 20, "characters",
    "one line of an audit export",
)  # fmt: skip
WORKFLOW_BYTES = Limit("GOVFLOW_MAX_WORKFLOW_BYTES", 1 << 20, "bytes", "one workflow file")
WORKFLOW_FILES = Limit(
    "GOVFLOW_MAX_WORKFLOW_FILES", 200, "files",
    "workflow files in one folder of the workflows loaded",
)  # fmt: skip
KEY_BYTES = Limit(
    "GOVFLOW_MAX_KEY_BYTES", 64 << 10, "bytes",
    "a key or checkpoint file (a private or public key, a signed checkpoint)",
)  # fmt: skip

#: Every limit, in the order docs/integrity.md lists them.
LIMITS = (IMPORT_BYTES, IMPORT_LINES, LINE_CHARACTERS, WORKFLOW_BYTES, WORKFLOW_FILES, KEY_BYTES)

_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISFIFO, "a pipe"),
          (stat.S_ISSOCK, "a socket"))  # fmt: skip


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def open_regular(path: str | os.PathLike[str], what: str) -> BinaryIO:
    """``path`` opened for reading in binary, if it is a regular file (a link to one will do);
    anything else is :class:`InvalidInput` naming it. A pipe is opened without waiting for a
    writer, so that refusing it never blocks."""
    name = os.fspath(path)
    try:
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise InvalidInput(f"no such file: {name} ({what})") from None
    except OSError as exc:
        raise InvalidInput(f"cannot read {name} ({what}): {exc.strerror or exc}") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise InvalidInput(f"{name} is {_kind(mode)}, not a regular file: {what} must be a file")
    if hasattr(os, "set_blocking"):
        os.set_blocking(fd, True)
    return open(fd, "rb")  # the caller closes it


def read_bytes(path: str | os.PathLike[str], limit: Limit, what: str) -> bytes:
    """The whole of a regular file of at most ``limit`` bytes (else :class:`InvalidInput`)."""
    cap = limit.value()
    with open_regular(path, what) as handle:
        data = handle.read(cap + 1)  # a file's size can lie (/proc) or grow while read
    if len(data) > cap:
        raise limit.exceeded(f"{os.fspath(path)} ({what})")
    return data


def read_text(path: str | os.PathLike[str], limit: Limit, what: str) -> str:
    """:func:`read_bytes` decoded as UTF-8; text that is not UTF-8 is :class:`InvalidInput`."""
    data = read_bytes(path, limit, what)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            f"{os.fspath(path)} ({what}) is not UTF-8 text: byte {exc.start + 1} is "
            f"{data[exc.start : exc.start + 1]!r}"
        ) from None


class _Capped(io.RawIOBase):
    """A binary stream that refuses to be read past ``limit`` bytes."""

    def __init__(self, raw: BinaryIO, limit: Limit, name: str) -> None:
        self._limit, self._name = limit, name
        self._read = getattr(raw, "read1", raw.read)  # what has arrived: a pipe streams
        self._left = limit.value()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self._read(min(len(buffer), self._left + 1))
        if len(data) > self._left:
            raise self._limit.exceeded(self._name)
        self._left -= len(data)
        buffer[: len(data)] = data
        return len(data)


def bounded_lines(raw: BinaryIO, name: str) -> Iterator[str]:
    """The UTF-8 text lines of an audit export (a byte-order mark dropped, line ends kept as
    they are), refused past :data:`IMPORT_BYTES`, :data:`IMPORT_LINES` or, for one line,
    :data:`LINE_CHARACTERS`. ``raw`` is a file from :func:`open_regular`, or stdin's bytes."""
    text = io.TextIOWrapper(
        io.BufferedReader(_Capped(raw, IMPORT_BYTES, name)), encoding="utf-8-sig", newline=""
    )
    most_lines, longest = IMPORT_LINES.value(), LINE_CHARACTERS.value()
    number = 0
    while line := text.readline(longest + 2):  # room for the line's end, CRLF included
        number += 1
        if number > most_lines:
            raise IMPORT_LINES.exceeded(name)
        if len(line) > longest and len(line) - _end_length(line) > longest:
            raise LINE_CHARACTERS.exceeded(f"line {number} of {name}")
        yield line


def _end_length(line: str) -> int:
    return 2 if line.endswith("\r\n") else 1 if line.endswith(("\n", "\r")) else 0


def count_lines(raw: BinaryIO, name: str) -> int:
    """How many lines a regular file from :func:`open_regular` holds (for a progress bar's
    total), reading at most :data:`IMPORT_BYTES`; the file is left at its start."""
    left, total = IMPORT_BYTES.value() + 1, 0
    while left > 0 and (chunk := raw.read(min(1 << 20, left))):
        total += chunk.count(b"\n")
        left -= len(chunk)
    if left <= 0:
        raise IMPORT_BYTES.exceeded(name)
    raw.seek(0)
    return total


def is_regular(path: Path) -> bool:
    """Whether ``path`` is a regular file, following links (False when it cannot be reached)."""
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return False
