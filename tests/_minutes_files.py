"""Minutes in Word, PDF and HTML made from the Markdown fixtures, as a secretariat's tools would
write them: for tests that read the same minutes in every format.

The Markdown is read into blocks (headings, paragraphs of bold/plain/superscript runs, tables),
the small subset the fixtures use; each writer lays the blocks out in its format: python-docx for
Word (headings in Word's heading styles, tables with a grid), fpdf2 for PDF (a running header
and "Page N of M" footer on every page, tables with ruled cells, body text wrapped by the
library), plain HTML for a saved web page.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

Run = tuple[str, bool, bool]  # text, bold, superscript


@dataclass
class Block:
    kind: str  # heading | paragraph | table
    runs: list[Run] = field(default_factory=list)
    level: int = 0
    rows: list[list[str]] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(r[0] for r in self.runs)


_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_TOKEN = re.compile(r"\\(.)|\*\*|</?sup>|(?<![A-Za-z0-9])[*_]|[*_](?![A-Za-z0-9])")
_LIST = re.compile(r"^(?:[0-9]{1,2}\.|-)\s")
_RULE = re.compile(r"^\|?\s*:?-{3,}")


def inline(markdown: str) -> list[Run]:
    """Runs of ``markdown``: ``**bold**``, ``<sup>``, escapes, links as their text; italics
    (``*x*``, ``_x_``) are written plain."""
    runs: list[Run] = []
    bold = sup = False
    text = _LINK.sub(r"\1", markdown)
    at = 0
    for match in _TOKEN.finditer(text):
        runs.append((text[at : match.start()], bold, sup))
        token = match.group(0)
        if match.group(1) is not None:
            runs.append((match.group(1), bold, sup))
        elif token == "**":
            bold = not bold
        elif token in ("<sup>", "</sup>"):
            sup = token == "<sup>"
        at = match.end()
    runs.append((text[at:], bold, sup))
    return [r for r in runs if r[0]]


def blocks(markdown: str) -> list[Block]:
    """The fixture's blocks, in order."""
    found: list[Block] = []
    lines: list[str] = []

    def flush() -> None:
        if lines:
            found.append(Block("paragraph", inline(" ".join(lines))))
            lines.clear()

    for raw in markdown.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip()
        if line.startswith("|"):
            flush()
            if not _RULE.match(line):
                cells = [html.unescape(c.strip()) for c in line.strip("|").split("|")]
                if not found or found[-1].kind != "table":
                    found.append(Block("table"))
                found[-1].rows.append(cells)
        elif line.startswith("#"):
            flush()
            hashes = len(line) - len(line.lstrip("#"))
            found.append(Block("heading", inline(line[hashes:].strip()), level=hashes))
        elif not line:
            flush()
        else:
            if _LIST.match(line):
                flush()
            lines.append(line)
    flush()
    return found


# -- Word ------------------------------------------------------------------------------------------
def to_docx(markdown: str) -> bytes:
    import docx

    document = docx.Document()
    for block in blocks(markdown):
        if block.kind == "table":
            table = document.add_table(rows=0, cols=len(block.rows[0]))
            table.style = "Table Grid"
            for row in block.rows:
                cells = table.add_row().cells
                for cell, text in zip(cells, row, strict=False):
                    cell.text = text
            continue
        style = f"Heading {block.level}" if block.kind == "heading" else None
        paragraph = document.add_paragraph(style=style)
        for text, bold, sup in block.runs:
            run = paragraph.add_run(text)
            run.bold = bold or None
            run.font.superscript = sup or None
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# -- HTML ------------------------------------------------------------------------------------------
def to_html(markdown: str) -> bytes:
    parts = ["<!DOCTYPE html>\n<html><head><title>Minutes</title>",
             "<style>p { margin: 0 }</style></head>\n<body>"]  # fmt: skip
    for block in blocks(markdown):
        if block.kind == "table":
            rows = "".join(
                "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>\n"
                for r in block.rows
            )
            parts.append(f"<table>\n{rows}</table>")
            continue
        tag = f"h{block.level}" if block.kind == "heading" else "p"
        parts.append(f"<{tag}>{_html_runs(block.runs)}</{tag}>")
    parts.append("<script>document.title = 'not minutes';</script></body></html>")
    return "\n".join(parts).encode("utf-8")


def _html_runs(runs: list[Run]) -> str:
    out = []
    for text, bold, sup in runs:
        piece = html.escape(text, quote=False)
        piece = f"<sup>{piece}</sup>" if sup else piece
        out.append(f"<strong>{piece}</strong>" if bold else piece)
    return "".join(out)


# -- PDF -------------------------------------------------------------------------------------------
BANNER = "Fictional minutes for govflow's tests"


def to_pdf(markdown: str, *, pages_after: int = 0, filler: Callable[[int], str] | None = None,
           **options: object) -> bytes:  # fmt: skip
    """The fixture as a PDF; ``pages_after`` more pages of ``filler`` paragraphs after it."""
    from fpdf import FPDF

    class Minutes(FPDF):  # fpdf2 draws running headers and footers by subclassing
        def header(self) -> None:
            self.set_font("helvetica", size=8)
            self.cell(0, 5, BANNER, new_x="LMARGIN", new_y="NEXT")
            self.ln(4)

        def footer(self) -> None:
            self.set_y(-15)
            self.set_font("helvetica", size=8)
            self.cell(0, 10, f"Page {self.page_no()} of {{nb}}", align="C")

    pdf = Minutes(format="A4")
    pdf.core_fonts_encoding = "cp1252"
    pdf.set_margins(20, 20, 20)
    pdf.add_page()
    for block in blocks(markdown):
        _pdf_block(pdf, block)
    for n in range(pages_after):
        while pdf.page_no() < n + 2 and filler is not None:
            _pdf_block(pdf, Block("paragraph", [(filler(pdf.page_no()), False, False)]))
    return bytes(pdf.output())


def _pdf_block(pdf: object, block: Block) -> None:
    from fpdf import FPDF

    assert isinstance(pdf, FPDF)
    if block.kind == "table":
        pdf.set_font("helvetica", size=10)
        with pdf.table(first_row_as_headings=False) as table:
            for row in block.rows:
                table.row(row)
        pdf.ln(3)
        return
    size = {1: 16, 2: 14, 3: 12}.get(block.level, 11)
    for text, bold, sup in block.runs:
        pdf.set_font("helvetica", style="B" if bold or block.kind == "heading" else "",
                     size=size)  # fmt: skip
        pdf.char_vpos = "SUP" if sup else "LINE"
        pdf.write(6, text)
    pdf.char_vpos = "LINE"
    pdf.ln(6)
    pdf.ln(3)


def formats() -> Iterator[tuple[str, Callable[[str], bytes]]]:
    yield "word", to_docx
    yield "pdf", to_pdf
    yield "html", to_html
