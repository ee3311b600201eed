"""Minutes in any format the secretariat writes them: Markdown, HTML (saved from a web page), Word
(``.docx``) and PDF, each read into the same :class:`Source` the parser reads.

The format is chosen by the file's content (:func:`detect`); a file name only breaks a tie between
Markdown and HTML, and a name that disagrees with the content is noted. :data:`READERS` is the
registry: one reader per format, its module imported on first use, so reading Markdown never loads
python-docx or pdfplumber. Word and PDF need the ``documents`` extra; without it the error says how
to install it.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import cast

from govflow.errors import MinutesError
from govflow.minutes.documents._source import LIMITS, Limits, Source

__all__ = ["LIMITS", "READERS", "Limits", "Reader", "Source", "detect", "read_document"]


@dataclass(frozen=True, slots=True)
class Reader:
    """A format: what it is called, the module whose ``read(data, limits)`` reads it, the file
    suffixes it usually has."""

    kind: str
    label: str
    module: str
    suffixes: tuple[str, ...]

    def read(self, data: bytes | str, limits: Limits) -> Source:
        module = importlib.import_module(self.module)
        read = cast(Callable[[bytes | str, Limits], Source], module.read)
        return read(data, limits)


_HERE = "govflow.minutes.documents"
READERS: dict[str, Reader] = {
    r.kind: r
    for r in (
        Reader("markdown", "Markdown", f"{_HERE}.markdown", (".md", ".markdown", ".txt")),
        Reader("html", "HTML", f"{_HERE}.html", (".html", ".htm", ".xhtml")),
        Reader("word", "Word document", f"{_HERE}.word", (".docx", ".docm")),
        Reader("pdf", "PDF", f"{_HERE}.pdf", (".pdf",)),
    )
}

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, .xls, and password-protected .docx
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_HTML = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
    re.IGNORECASE | re.DOTALL,
)
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def detect(data: bytes | str, name: str | None = None) -> str:
    """The kind of ``data``, from its content: a key of :data:`READERS`, or MinutesError saying
    what the file is when govflow cannot read it."""
    if isinstance(data, str):
        return "html" if _HTML.match(data[:4096]) or _named(name) == "html" else "markdown"
    head = bytes(data[:1024])
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "word"  # the reader says so when the archive is no Word document
    if head.startswith(_OLE):
        raise MinutesError(_ole_message(bytes(data)))
    if head.startswith(b"{\\rtf"):
        raise MinutesError("this is a Rich Text (.rtf) file: save it from Word as .docx or PDF")
    if b"\x00" in head and not head.startswith(_BOMS):
        raise MinutesError(
            "this is not text, a Word document (.docx), a PDF or HTML: govflow cannot read it"
        )
    text = head.decode("latin-1")
    return "html" if _HTML.match(text.lstrip("\ufeff\xef\xbb\xbf")) else _named(name, "markdown")


def _named(name: str | None, default: str = "") -> str:
    """The text format a file name suggests (only Markdown and HTML are told apart this way)."""
    suffix = (name or "").lower().rpartition(".")[2]
    return "html" if f".{suffix}" in READERS["html"].suffixes else default


def _ole_message(data: bytes) -> str:
    if _ENCRYPTED_PACKAGE in data[:1_000_000]:
        return (
            "this Word document is protected by a password: govflow does not open protected "
            "files; save a copy without the password (File > Info > Protect Document) and "
            "import that"
        )
    return "this is an old Word (.doc) file or another Office file: save it as .docx or PDF"


def read_document(data: bytes | str, *, name: str | None = None, limits: Limits = LIMITS) -> Source:
    """Read ``data`` (the file's bytes, or text) with the reader its content calls for."""
    size = len(data.encode("utf-8")) if isinstance(data, str) else len(data)
    limits.check_size(size, f"{name or 'the file'}")
    kind = detect(data, name)
    source = READERS[kind].read(data, limits)
    return _with_name_note(source, kind, name)


def _with_name_note(source: Source, kind: str, name: str | None) -> Source:
    """A file named for another format than its content is read by content, and the report says
    so (minutes saved as "minutes.pdf" that are really Word)."""
    suffix = "." + (name or "").lower().rpartition(".")[2] if name and "." in name else ""
    claimed = next((r for r in READERS.values() if suffix in r.suffixes), None)
    if claimed is None or claimed.kind == kind:
        return source
    label = READERS[kind].label
    note = f"{name} holds {label}, not {claimed.label}: read as {label}"
    return replace(source, notes=(note, *source.notes))
