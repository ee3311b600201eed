"""Untrusted minutes files: damaged, protected, huge, scanned, zip bombs and XML entities each get
a clear message (a MinutesError in the library; ``Error: ...`` and exit 1 on the command line),
never a traceback and never a read outside the file."""

from __future__ import annotations

import io
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from govflow.errors import MinutesError
from govflow.minutes import parse_minutes
from govflow.minutes.documents import Limits
from tests._minutes_files import to_docx, to_pdf

FIXTURES = Path(__file__).parent / "fixtures" / "minutes"
CB = (FIXTURES / "cb-61.md").read_text(encoding="utf-8")
COMMITTEES = {"Change Board": "CB"}


def refusal(data: bytes, **options: Any) -> str:
    with pytest.raises(MinutesError) as caught:
        parse_minutes(data, committees=COMMITTEES, **options)
    return str(caught.value)


def _scanned_pdf() -> bytes:
    from fpdf import FPDF
    from PIL import Image

    picture = io.BytesIO()
    Image.new("L", (200, 280), color=230).save(picture, format="PNG")
    pdf = FPDF()
    pdf.add_page()
    pdf.image(picture, x=10, y=10, w=190)
    return bytes(pdf.output())


def _encrypted_pdf() -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.add_page()
    pdf.set_font("helvetica")
    pdf.cell(0, 10, "Change Board Meeting 61")
    return bytes(pdf.output())


def _docx_with(member: str, content: bytes, *, compress: int = zipfile.ZIP_DEFLATED) -> bytes:
    """The Change Board minutes as .docx with one member replaced (or added)."""
    source = zipfile.ZipFile(io.BytesIO(to_docx(CB)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=compress) as target:
        for info in source.infolist():
            if info.filename != member:
                target.writestr(info, source.read(info))
        target.writestr(member, content)
    return out.getvalue()


_XXE = b"""<?xml version="1.0"?>
<!DOCTYPE w:document [<!ENTITY secret SYSTEM "file:///etc/hostname">]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:r><w:t>Change Board Meeting 61 &secret;</w:t></w:r></w:p></w:body></w:document>"""


CASES: dict[str, tuple[Callable[[], bytes], str]] = {
    "damaged-docx": (lambda: to_docx(CB)[:-200], "this Word document is damaged"),
    "damaged-pdf": (lambda: b"%PDF-1.7\n" + bytes(range(256)) * 4, "this PDF is damaged"),
    "truncated-pdf": (lambda: to_pdf(CB)[:300], "this PDF is damaged"),
    "encrypted-pdf": (_encrypted_pdf, "this PDF is protected by a password"),
    "encrypted-docx": (
        lambda: (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
            + b"\0" * 600
            + "EncryptedPackage".encode("utf-16-le")
            + b"\0" * 200
        ),
        "this Word document is protected by a password",
    ),
    "scanned-pdf": (_scanned_pdf, "this PDF has no text layer (a scanned document"),
    "zip-bomb": (
        lambda: _docx_with("word/media/image1.png", b"\0" * (8 * 2**20)),
        "expands 1,0",
    ),
    "xml-entities": (
        lambda: _docx_with("word/document.xml", _XXE),
        "word/document.xml in this Word document declares a DTD or entities",
    ),
    "not-a-word-document": (
        lambda: _docx_with("word/document.xml", b"")[:0] + _zip({"xl/workbook.xml": b"<x/>"}),
        "this is an Excel workbook, not a Word document",
    ),
    "old-word": (
        lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
        "this is an old Word (.doc) file",
    ),
    "binary": (lambda: b"\x7fELF\x02\x01\x01\0" + b"\0" * 100, "this is not text"),
}


def _zip(members: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


@pytest.mark.parametrize("case", CASES)
def test_a_bad_file_gets_a_clear_message(case: str) -> None:
    make, expected = CASES[case]
    assert expected in refusal(make())


def test_no_entity_is_resolved_even_when_the_check_is_passed(monkeypatch: Any) -> None:
    """Without the DTD check, python-docx's parser still resolves no entity: no file is read."""
    from govflow.minutes.documents import _archive

    monkeypatch.setattr(_archive, "_DTD", __import__("re").compile(rb"^$never"))
    message = refusal(_docx_with("word/document.xml", _XXE))
    hostname = Path("/etc/hostname").read_text().strip() if Path("/etc/hostname").exists() else ""
    assert not hostname or hostname not in message


def test_a_huge_file_is_refused_before_it_is_read() -> None:
    message = refusal(b"%PDF-1.7\n" + b"0" * (20 * 2**20))
    assert message.startswith("the file is 20.0 MiB, more than the 20 MiB govflow reads")


def test_too_many_pages_are_refused() -> None:
    data = to_pdf(CB)
    assert "this PDF has 1 pages, more than the 0 govflow reads" in refusal(
        data, limits=Limits(max_pages=0)
    )


def test_too_much_unpacked_is_refused() -> None:
    message = refusal(to_docx(CB), limits=Limits(max_unzipped=10_000))
    assert "would unpack to" in message and "a zip bomb?" in message


def test_without_the_documents_extra_the_error_says_how_to_get_it(monkeypatch: Any) -> None:
    word, pdf = to_docx(CB), to_pdf(CB)
    monkeypatch.setitem(sys.modules, "docx", None)  # as if python-docx were not installed
    monkeypatch.setitem(sys.modules, "pdfplumber", None)
    assert refusal(word) == (
        'reading Word documents needs python-docx: pip install "govflow[documents]"'
    )
    assert refusal(pdf) == 'reading PDF needs pdfplumber: pip install "govflow[documents]"'


@pytest.mark.parametrize("case", ["damaged-docx", "scanned-pdf", "encrypted-pdf"])
def test_the_command_line_says_error_and_exits_1(
    case: str, cli: Callable[..., Any], tmp_path: Path
) -> None:
    make, expected = CASES[case]
    path = tmp_path / "minutes.bin"
    path.write_bytes(make())
    result = cli("minutes", "import", str(path))
    assert result.exit_code == 1, result.output
    assert f"Error: {expected}" in result.output
    assert "Traceback" not in result.output
