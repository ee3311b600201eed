"""A Word document is a zip archive: checked before any of it is unpacked or parsed.

Refused: an archive that is damaged, protected, holds too many members, would unpack to more than
:attr:`Limits.max_unzipped` or expand one member more than :attr:`Limits.max_ratio` times (a zip
bomb), is not a Word document, or whose XML declares a DTD (``<!DOCTYPE``: Word never writes one,
and entities are how XML reaches files, the network or a billion laughs). Python's zipfile never
unpacks more of a member than its declared size, so checking the declared sizes is enough.
"""

from __future__ import annotations

import io
import re
import zipfile

from govflow.errors import MinutesError
from govflow.minutes.documents._source import MIB, Limits

_DTD = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
_OTHER_OFFICE = {
    "xl/workbook.xml": "an Excel workbook",
    "ppt/presentation.xml": "a PowerPoint presentation",
    "content.xml": "an OpenDocument file",
}


def check_archive(data: bytes, limits: Limits) -> None:
    """MinutesError unless ``data`` is a Word document within ``limits``."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_members(archive, limits)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError) as exc:
        raise MinutesError(
            f"this Word document is damaged ({exc}): it is not a complete .docx; save it "
            "again from Word"
        ) from None


def _check_members(archive: zipfile.ZipFile, limits: Limits) -> None:
    members = archive.infolist()
    if len(members) > limits.max_members:
        raise MinutesError(
            f"this Word document holds {len(members):,} files, more than the "
            f"{limits.max_members:,} govflow reads: refused"
        )
    names = {m.filename for m in members}
    if "word/document.xml" not in names:
        other = next((what for name, what in _OTHER_OFFICE.items() if name in names), None)
        raise MinutesError(
            f"this is {other or 'a zip archive'}, not a Word document (.docx): save the minutes "
            "as .docx or PDF"
        )
    if any(m.flag_bits & 0x1 for m in members):
        raise MinutesError("this Word document is encrypted: save a copy without a password")
    total = sum(m.file_size for m in members)
    if total > limits.max_unzipped:
        raise MinutesError(
            f"this Word document would unpack to {total / MIB:,.0f} MiB, more than the "
            f"{limits.max_unzipped / MIB:,.0f} MiB govflow allows: refused (a zip bomb?)"
        )
    for m in members:
        ratio = m.file_size // max(m.compress_size, 1)
        if m.file_size > MIB and ratio > limits.max_ratio:
            raise MinutesError(
                f"{m.filename} in this Word document expands {ratio:,} times, more than the "
                f"{limits.max_ratio} govflow allows: refused (a zip bomb?)"
            )
    for m in members:
        if m.filename.endswith((".xml", ".rels")) and _DTD.search(archive.read(m)):
            raise MinutesError(
                f"{m.filename} in this Word document declares a DTD or entities, which Word never "
                "writes: refused (save the document again from Word)"
            )
