"""The same minutes in Markdown, Word, PDF and HTML give the same result: parsed, imported (on
SQLite and PostgreSQL) and shown by ``minutes import --dry-run``. The Word, PDF and HTML files are
written by the tests from the Markdown fixtures (tests/_minutes_files.py), whose content is
invented."""

# ruff: noqa: RUF001

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from govflow.minutes import Minutes, parse_minutes
from govflow.minutes.documents import detect, read_document
from govflow.service import Govflow
from tests._minutes_files import to_docx, to_html, to_pdf

FIXTURES = Path(__file__).parent / "fixtures" / "minutes"
COMMITTEES = {
    "Operations Group": "OPSG",
    "Change Sub-Committee": "CSC",
    "Change Board": "CB",
    "SEC Panel": "PANEL",
    "Technical Architecture and Business Architecture Sub-Committee": "TABASC",
    "Security Sub-Committee": "SSC",
}
ENCODINGS = {"panel-95-cp1252.md": "cp1252"}
NAMES = ("opsg-12.md", "opsg-49-tables.md", "csc-38.md", "cb-61.md", "tabasc-88-december.md",
         "ssc-150-crlf.md", "panel-95-cp1252.md")  # fmt: skip
WRITERS: dict[str, Callable[[str], bytes]] = {"word": to_docx, "pdf": to_pdf, "html": to_html}
_PLACE = re.compile(r"^(?:line|page|paragraph|table)\b[^:]*: ")
_ANYWHERE = re.compile(r"\b(?:line \d+|page \d+|paragraph \d+|table \d+, row \d+)\b")


def markdown(name: str) -> str:
    return (FIXTURES / name).read_bytes().decode(ENCODINGS.get(name, "utf-8"))


def same_shape(value: Any) -> Any:
    """A result without where things stood in the file (lines, pages, paragraphs)."""
    if isinstance(value, dict):
        return {k: same_shape(v) for k, v in value.items()
                if k not in ("line", "heading_line", "format", "where")}  # fmt: skip
    if isinstance(value, list | tuple):
        return [same_shape(v) for v in value]
    return _PLACE.sub("", value) if isinstance(value, str) else value


def parsed(data: bytes | str) -> Minutes:
    return parse_minutes(data, committees=COMMITTEES)


@pytest.mark.parametrize("kind", WRITERS)
@pytest.mark.parametrize("name", NAMES)
def test_every_format_parses_to_the_same_minutes(name: str, kind: str) -> None:
    expected = parsed((FIXTURES / name).read_bytes())
    got = parsed(WRITERS[kind](markdown(name)))
    assert got.format == kind
    assert same_shape(got.to_dict()) == same_shape(expected.to_dict())
    assert got.items  # something was read: the comparison above is not of two empty results


@pytest.mark.parametrize("kind", WRITERS)
def test_the_format_is_told_by_the_content_not_the_name(kind: str) -> None:
    data = WRITERS[kind](markdown("cb-61.md"))
    assert detect(data, "minutes.md") == kind
    source = read_document(data, name="minutes.md")
    assert source.format == kind
    assert (
        source.notes[0] == f"minutes.md holds {_label(kind)}, not Markdown: read as {_label(kind)}"
    )


def _label(kind: str) -> str:
    return {"word": "Word document", "pdf": "PDF", "html": "HTML"}[kind]


def test_places_are_pages_paragraphs_and_rows() -> None:
    text = markdown("opsg-49-tables.md")
    word, pdf = parsed(to_docx(text)), parsed(to_pdf(text))
    assert word.warnings == (
        "table 2, row 5: the action 'OPSG49/04: Publish the survey results' gives no due date "
        "or meeting ('Ongoing'): not kept",
    )
    assert pdf.warnings[-1].startswith("page 1: the action 'OPSG49/04")
    assert word.where(word.items[0].line) == "paragraph 2"


# -- on the database ------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", WRITERS)
@pytest.mark.parametrize("name", ["opsg-12.md", "opsg-49-tables.md"])
def test_every_format_imports_the_same(gf: Govflow, name: str, kind: str) -> None:
    gf.raise_proposal("DP940", title="Firmware retry limits", on="2021-02-01", stage="development")
    document = WRITERS[kind](markdown(name))
    expected = gf.import_minutes((FIXTURES / name).read_bytes(), dry_run=True)
    report = gf.import_minutes(document, dry_run=True)
    assert same_shape(report.to_dict()) == same_shape(expected.to_dict())
    assert report.actions_added and report.items_added
    gf.import_minutes(document)
    again = gf.import_minutes((FIXTURES / name).read_bytes())
    assert not again.changed, again  # the Markdown finds everything the document wrote


def test_the_dry_run_prints_the_same(cli: Callable[..., Any], tmp_path: Path) -> None:
    shown = {}
    for kind, write in {"markdown": str.encode, **WRITERS}.items():
        path = tmp_path / f"opsg-49.{kind}"
        path.write_bytes(write(markdown("opsg-49-tables.md")))
        result = cli("minutes", "import", str(path), "--dry-run")
        assert result.exit_code == 0, result.output
        shown[kind] = _ANYWHERE.sub("", result.output)
    assert "OPSG49/01: Circulate the revised outage template" in shown["markdown"]
    assert shown["word"] == shown["markdown"]
    assert shown["pdf"] == shown["markdown"]
    assert shown["html"] == shown["markdown"]


def test_a_pdf_on_stdin(db_url: str) -> None:
    from typer.testing import CliRunner

    from govflow.cli import app

    result = CliRunner().invoke(app, ["--db", db_url, "minutes", "import", "-", "--json"],
                                input=to_pdf(markdown("cb-61.md")))  # fmt: skip
    assert result.exit_code == 0, result.output
    assert '"meeting": "CB_61"' in result.output


# -- Word's own numbering, tracked changes -------------------------------------------------------
NUMBERING = """<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:abstractNum w:abstractNumId="7">
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/></w:lvl>
</w:abstractNum>
<w:num w:numId="9"><w:abstractNumId w:val="7"/></w:num>
</w:numbering>"""


def _numbered_docx() -> bytes:
    import docx
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import parse_xml

    document = docx.Document()
    numbering = document.part.part_related_by(RELATIONSHIP_TYPE.NUMBERING)
    numbering._element = parse_xml(NUMBERING)  # type: ignore[attr-defined]
    document.add_heading("Operations Group Meeting 12_0303", 2)
    document.add_paragraph("3 March 2021, 10:00 – 13:00")
    for level, text in [(0, "Minutes and Actions (SECAS)"), (0, "Performance Reports (SECAS)"),
                        (1, "Firmware Report (DCC): The OPSG noted the report. DP940 will go to "
                            "the Change Sub-Committee on 23 March 2021."),
                        (1, "Hub Returns (SECAS): SECAS will circulate the returns by 19 March."),
                        (0, "AOB")]:  # fmt: skip
        paragraph = document.add_heading(text, 3) if level == 0 else document.add_paragraph(text)
        ppr = paragraph._p.get_or_add_pPr()
        ppr.append(parse_xml(
            '<w:numPr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f'<w:ilvl w:val="{level}"/><w:numId w:val="9"/></w:numPr>'))  # fmt: skip
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_words_automatic_numbering_numbers_the_items() -> None:
    minutes = parsed(_numbered_docx())
    assert [(i.number, i.title, i.presenter) for i in minutes.items] == [
        ("1", "Minutes and Actions", "SECAS"),
        ("2", "Performance Reports", "SECAS"),
        ("2.1", "Firmware Report", "DCC"),
        ("2.2", "Hub Returns", "SECAS"),
        ("3", "AOB", None),
    ]
    assert [(m.ref.spelling, m.item) for m in minutes.proposal_refs] == [("DP940", "2.1")]
    assert [(a.item, a.party, a.due.isoformat()) for a in minutes.actions if a.due] == [
        ("2.2", "SECAS", "2021-03-19")
    ]


def test_tracked_changes_read_as_accepted() -> None:
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    document.add_heading("Operations Group Meeting 12", 2)
    document.add_paragraph("3 March 2021")
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    document.element.body.insert(-1, parse_xml(
        f'<w:p {w}><w:r><w:t xml:space="preserve">1. Matters Arising: SECAS will </w:t></w:r>'
        f'<w:del w:id="1" w:author="A"><w:r><w:delText>email</w:delText></w:r></w:del>'
        f'<w:ins w:id="2" w:author="A"><w:r><w:t>publish</w:t></w:r></w:ins>'
        f'<w:r><w:t xml:space="preserve"> the log by 19 March.</w:t></w:r></w:p>'))  # fmt: skip
    out = io.BytesIO()
    document.save(out)
    minutes = parsed(out.getvalue())
    assert minutes.items[0].text == "SECAS will publish the log by 19 March."
    assert "paragraph 3: tracked changes are read as if accepted" in minutes.warnings


# -- PDF layout ------------------------------------------------------------------------------------
def _filler(page: int) -> str:
    return (
        f"The OPSG discussed the figures for page {page} at some length, and noted that the "
        "communications hub returns were in line with the forecast for the quarter. "
    )


def test_running_headers_footers_and_page_numbers_are_dropped() -> None:
    data = to_pdf(markdown("opsg-12.md"), pages_after=2, filler=_filler)
    source = read_document(data)
    text = "\n".join(source.lines)
    assert "Fictional minutes for govflow" not in text  # the running header, on every page
    assert not re.search(r"Page \d of", text)
    assert source.places[-1] == "page 3"
    minutes = parsed(data)
    assert minutes.items[-1].number == "4.1"


def test_a_table_over_a_page_break_is_one_table() -> None:
    rows = "\n".join(f"| OPSG49/{n:02d} | Circulate paper {n} to members | SECAS | 4 June 2021 |"
                     for n in range(1, 61))  # fmt: skip
    text = markdown("opsg-49-tables.md").replace(
        "| OPSG49/01 | Circulate the revised outage template to members | SECAS | 4 June 2021 |",
        rows,
    )
    minutes = parsed(to_pdf(text))
    assert [a.text for a in minutes.actions if a.text.startswith("OPSG49/")][:60] == [
        f"OPSG49/{n:02d}: Circulate paper {n} to members" for n in range(1, 61)
    ]


def test_hyphenation_at_line_ends_is_joined() -> None:
    from govflow.minutes.documents._pdf_layout import Paragraph, join_cell, lines_of, markdown

    def word(text: str, x0: float, top: float) -> dict[str, Any]:
        return {"text": text, "x0": x0, "x1": x0 + 6 * len(text), "top": top,
                "bottom": top + 11, "fontname": "Helvetica", "size": 11}  # fmt: skip

    lines = lines_of([word("The", 50, 100), word("retry", 80, 100), word("co-", 120, 100),
                      word("unts", 50, 117), word("for", 80, 117), word("Sub-", 110, 117),
                      word("Committee", 50, 134), word("6", 120, 134),
                      {**word("th", 126.3, 131), "size": 7}])  # fmt: skip
    assert markdown(Paragraph(lines), 11) == (0, "The retry counts for Sub-Committee 6th")
    assert join_cell("Circulate the re-\nvised tem-\nplate") == "Circulate the revised template"
