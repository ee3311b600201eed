"""PDF minutes read with pdfplumber (on pdfminer.six): words with their positions and fonts, and
ruled tables, put back into headed, numbered paragraphs (``_pdf_layout``).

Why pdfplumber and not pypdf: minutes need the layout, not just the text. pdfplumber gives each
word's position, font and size (so bold item headings, bigger headings, running headers and
footers, page numbers and paragraph breaks can be told) and finds ruled tables (the actions
table) cell by cell; pypdf's text extraction gives a stream of text without either.

Dropped: lines that recur at the same height in the top or bottom margin of most pages (running
headers and footers) and page numbers ("Page 2 of 5", "- 2 -"). A table that runs over a page
break is read as one table; a row cut by the break is joined and noted. A PDF with no text layer
(a scan) is refused: govflow does no OCR. Pictures, and characters the PDF's fonts do not map to
Unicode, are noted with their page.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from govflow.errors import MinutesError
from govflow.minutes.documents import _pdf_layout as layout
from govflow.minutes.documents._source import Limits, Lines, Source

NEED = 'reading PDF needs pdfplumber: pip install "govflow[documents]"'
MARGIN = 0.12  # the top and bottom share of a page where running headers and footers sit
_PAGE_NUMBER = re.compile(
    r"^(?:page\s+)?[-\u2013(\[]?\s*\d{1,4}\s*[-\u2013)\]]?(?:\s+of\s+\d{1,4})?$", re.IGNORECASE
)
_UNMAPPED = re.compile(r"\(cid:\d+\)")


@dataclass
class _Page:
    number: int
    height: float
    lines: list[layout.Line] = field(default_factory=list)
    tables: list[tuple[float, float, list[list[str]]]] = field(default_factory=list)
    pictures: int = 0
    unmapped: int = 0


def read(data: bytes | str, limits: Limits) -> Source:
    """The PDF's text as minutes lines, or MinutesError saying why it cannot be read."""
    if isinstance(data, str):
        raise MinutesError("a PDF is read from its bytes, not from text")
    try:
        import pdfplumber
        from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    except ImportError:
        raise MinutesError(NEED) from None
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if len(pdf.pages) > limits.max_pages:
                raise MinutesError(
                    f"this PDF has {len(pdf.pages):,} pages, more than the {limits.max_pages:,} "
                    "govflow reads: these are not one meeting's minutes"
                )
            pages = [_read_page(page, n) for n, page in enumerate(pdf.pages, start=1)]
    except MinutesError:
        raise
    except Exception as exc:  # pdfminer raises many kinds on a broken file, often wrapped
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
        if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
            raise MinutesError(
                "this PDF is protected by a password: govflow does not open protected files; "
                "save or print a copy without the password and import that"
            ) from None
        raise MinutesError(
            f"this PDF is damaged ({type(cause).__name__}: {str(cause)[:120]}): export it "
            "again from the word processor"
        ) from None
    return _assemble(pages, limits)


def _read_page(page: Any, number: int) -> _Page:
    found = _Page(number, float(page.height), pictures=len(page.images))
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]
    for table in tables:
        rows = [[layout.join_cell(c) for c in row] for row in table.extract()]
        found.tables.append((float(table.bbox[1]), float(table.bbox[3]), rows))

    def outside(obj: dict[str, Any]) -> bool:
        middle = ((obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2)
        return not any(x0 <= middle[0] <= x1 and t <= middle[1] <= b for x0, t, x1, b in boxes)

    words = page.filter(outside).extract_words(extra_attrs=["fontname", "size"]) if boxes else (
        page.extract_words(extra_attrs=["fontname", "size"]))  # fmt: skip
    for word in words:
        found.unmapped += len(_UNMAPPED.findall(word["text"]))
        word["text"] = _UNMAPPED.sub("", word["text"])
    found.lines = layout.lines_of(w for w in words if w["text"])
    return found


def _margin_key(line: layout.Line, page: _Page) -> tuple[str, int] | None:
    """How a line in the top or bottom margin is recognised on other pages."""
    if page.height * MARGIN < line.top < page.height * (1 - MARGIN):
        return None
    return re.sub(r"\d+", "#", line.text.casefold()), round(line.top)


def _running(pages: list[_Page]) -> set[tuple[str, int]]:
    """Margin lines that recur on at least two pages and half of them."""
    seen = Counter(
        key for page in pages for key in {_margin_key(ln, page) for ln in page.lines} if key
    )
    return {key for key, count in seen.items() if count >= 2 and count * 2 >= len(pages)}


def _assemble(pages: list[_Page], limits: Limits) -> Source:
    if not any(p.lines or p.tables for p in pages):
        pictures = any(p.pictures for p in pages)
        raise MinutesError(
            "this PDF has no text layer"
            + (" (a scanned document: its pages are pictures)" if pictures else "")
            + ": govflow reads text and does no OCR; export the minutes from the word processor "
            "as PDF, or import the .docx"
        )
    running = _running(pages)
    body: list[layout.Line] = []
    for page in pages:
        page.lines = [
            ln for ln in page.lines
            if (key := _margin_key(ln, page)) is None
            or (key not in running and not _PAGE_NUMBER.match(ln.text))
        ]  # fmt: skip
        body.extend(page.lines)
    size = layout.body_size(body)
    right = max((ln.x1 for ln in body), default=0.0)
    pitch = layout.spacing(body, right, size)
    out = Lines(limits)
    tables = _Tables(out)
    for page in pages:
        _page_out(page, out, tables, (right, size, pitch))
    tables.flush()
    return out.source("pdf")


def _page_out(
    page: _Page, out: Lines, tables: _Tables, metrics: tuple[float, float, float]
) -> None:
    place = f"page {page.number}"
    if not page.lines and not page.tables:
        out.note(place, "has no text layer (a scanned page?): not read")
    if page.pictures:
        out.note(place, f"{'a picture is' if page.pictures == 1 else 'pictures are'} not read")
    if page.unmapped:
        out.note(place, f"{page.unmapped} characters have no Unicode form in the PDF: missing")
    right, size, pitch = metrics
    items: list[tuple[float, Any]] = [
        (p.top, p) for p in layout.paragraphs(page.lines, right, size, pitch)
    ]
    items += [(top, (top, bottom, rows)) for top, bottom, rows in page.tables]
    for number, (_, item) in enumerate(sorted(items, key=lambda i: i[0])):
        if isinstance(item, layout.Paragraph):
            tables.flush()
            heading, text = layout.markdown(item, size)
            out.paragraph(text, place, heading=heading)
        else:
            tables.add(item[2], page, first=number == 0)


class _Tables:
    """Tables are held until the text goes on, so a table that runs over a page break is one."""

    def __init__(self, out: Lines) -> None:
        self.out = out
        self.rows: list[list[str]] = []
        self.places: list[str] = []

    def add(self, rows: list[list[str]], page: _Page, *, first: bool) -> None:
        place = f"page {page.number}"
        if not rows:
            return
        if self.rows and first and len(rows[0]) == len(self.rows[0]):
            if rows[0] == self.rows[0]:
                rows = rows[1:]  # the header row repeated on the new page
            if rows and not rows[0][0].strip() and len(self.rows) > 1:
                self.out.note(place, "a table row cut by the page break was joined: check it")
                self.rows[-1] = [
                    f"{a} {b}".strip() for a, b in zip(self.rows[-1], rows[0], strict=False)
                ]
                rows = rows[1:]
        else:
            self.flush()
        self.rows.extend(rows)
        self.places.extend([place] * len(rows))

    def flush(self) -> None:
        if self.rows:
            self.out.table(self.rows, self.places)
        self.rows, self.places = [], []
