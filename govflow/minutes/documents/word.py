"""Word minutes (``.docx``) read with python-docx, in document order through the body's XML.

* paragraphs in the styles ``Title`` and ``Heading 1``-``6`` (or with an outline level) are
  headings; Word's automatic numbering is worked out (``_numbering``) and written before the text,
  as an author who typed "3.2" would have; bold runs stay bold;
* tables become pipe tables, one row a line (a table inside a table is read as its cell's text);
* tracked changes are read as if accepted (insertions kept, deletions dropped) and comments,
  headers and footers, footnotes and field codes are not read; pictures and text boxes are not
  read either, and the report says where they were.

The archive is checked first (``_archive``: size, zip bombs, DTDs) and python-docx parses its XML
without resolving entities or touching the network.
"""

from __future__ import annotations

import io
from typing import Any, cast

from govflow.errors import MinutesError
from govflow.minutes.documents._archive import check_archive
from govflow.minutes.documents._numbering import Numbering, w
from govflow.minutes.documents._source import Limits, Lines, Source, runs

NEED = 'reading Word documents needs python-docx: pip install "govflow[documents]"'
_FALSE = frozenset({"0", "false", "off"})
_SKIPPED = frozenset(
    {w("del"), w("moveFrom"), w("pPr"), w("rPr"), w("instrText"), w("delText")}
    | {w("footnoteReference"), w("endnoteReference"), w("commentReference")}
    | {"{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"}
)
_PICTURES = frozenset({w("drawing"), w("pict"), w("object")})
_BREAKS = {w("tab"): " ", w("br"): "\n", w("cr"): "\n", w("noBreakHyphen"): "-"}


def read(data: bytes | str, limits: Limits) -> Source:
    """The document's body as minutes lines."""
    if isinstance(data, str):
        raise MinutesError("a Word document is read from its bytes, not from text")
    check_archive(data, limits)
    try:
        import docx
        from docx.opc.constants import RELATIONSHIP_TYPE
    except ImportError:
        raise MinutesError(NEED) from None
    try:
        document = docx.Document(io.BytesIO(data))
        try:
            related = document.part.part_related_by(RELATIONSHIP_TYPE.NUMBERING)
            numbering = cast(Any, related).element
        except KeyError:
            numbering = None
        body = _Body(_Styles(document.styles.element), Numbering.read(numbering), Lines(limits))
        body.walk(document.element.body)
    except MinutesError:
        raise
    except Exception as exc:  # python-docx and lxml raise many kinds on a broken file
        raise MinutesError(
            f"this Word document is damaged ({type(exc).__name__}: {str(exc)[:120]}): save it "
            "again from Word"
        ) from None
    return body.out.source("word")


class _Styles:
    """Paragraph styles by id: a heading level, the numbering they carry, their parent."""

    def __init__(self, root: Any) -> None:
        self.styles = {s.get(w("styleId")): s for s in root.iter(w("style"))}

    def _chain(self, style_id: str | None) -> list[Any]:
        chain: list[Any] = []
        while style_id in self.styles and len(chain) < 10:
            style = self.styles[style_id]
            chain.append(style)
            based = style.find(w("basedOn"))
            style_id = based.get(w("val")) if based is not None else None
        return chain

    def heading(self, style_id: str | None) -> int:
        for style in self._chain(style_id):
            name_el = style.find(w("name"))
            name = (name_el.get(w("val"), "") if name_el is not None else "").casefold()
            if name == "title":
                return 1
            if name.startswith("heading ") and name[8:].isdigit():
                return min(6, int(name[8:]))
            level = style.find(f"{w('pPr')}/{w('outlineLvl')}")
            if level is not None and (value := level.get(w("val"), "")).isdigit():
                return min(6, int(value) + 1) if int(value) < 9 else 0
        return 0

    def numbering(self, style_id: str | None) -> tuple[str, int] | None:
        for style in self._chain(style_id):
            found = _num_pr(style.find(w("pPr")))
            if found is not None:
                return found
        return None


def _num_pr(ppr: Any) -> tuple[str, int] | None:
    num_pr = ppr.find(w("numPr")) if ppr is not None else None
    if num_pr is None:
        return None
    num_id, ilvl = num_pr.find(w("numId")), num_pr.find(w("ilvl"))
    level = ilvl.get(w("val"), "0") if ilvl is not None else "0"
    return (
        num_id.get(w("val"), "0") if num_id is not None else "0",
        int(level) if level.isdigit() else 0,
    )


class _Body:
    def __init__(self, styles: _Styles, numbering: Numbering, out: Lines) -> None:
        self.styles, self.numbering, self.out = styles, numbering, out
        self.paragraphs = 0
        self.tables = 0
        self.noted: set[str] = set()

    def walk(self, parent: Any) -> None:
        for child in parent.iterchildren():
            if child.tag == w("p"):
                self.paragraphs += 1
                self._paragraph(child, f"paragraph {self.paragraphs}")
            elif child.tag == w("tbl"):
                self.tables += 1
                self._table(child, f"table {self.tables}")
            elif child.tag in (w("sdt"), w("sdtContent"), w("customXml"), w("ins"), w("moveTo")):
                self.walk(child)

    def _note_once(self, kind: str, place: str, message: str) -> None:
        if kind not in self.noted:
            self.noted.add(kind)
            self.out.note(place, message)

    def _paragraph(self, p: Any, place: str) -> None:
        heading, markdown = self.markdown(p, place)
        self.out.paragraph(markdown, place, heading=heading)

    def markdown(self, p: Any, place: str) -> tuple[int, str]:
        """A paragraph as (heading level or 0, Markdown), its number written before its text."""
        ppr = p.find(w("pPr"))
        style = ppr.find(w("pStyle")) if ppr is not None else None
        style_id = style.get(w("val")) if style is not None else None
        pieces: list[tuple[str, bool]] = []
        self._runs(p, pieces, place)
        numbered = _num_pr(ppr) or self.styles.numbering(style_id)
        label = self.numbering.label(*numbered) if numbered else None
        if label:
            bold = bool(pieces) and pieces[0][1]
            pieces.insert(0, (label + " ", bold))
        return self.styles.heading(style_id), runs(pieces)

    def _runs(self, element: Any, pieces: list[tuple[str, bool]], place: str) -> None:
        for child in element.iterchildren():
            tag = child.tag
            if tag in _SKIPPED or not isinstance(tag, str):
                if tag in (w("del"), w("moveFrom")):
                    self._note_once("changes", place, "tracked changes are read as if accepted")
                continue
            if tag == w("r"):
                self._run(child, pieces, place)
            else:  # hyperlinks, insertions, fields, smart tags, content controls: their runs
                if tag == w("ins"):
                    self._note_once("changes", place, "tracked changes are read as if accepted")
                self._runs(child, pieces, place)

    def _run(self, r: Any, pieces: list[tuple[str, bool]], place: str) -> None:
        bold = _bold(r.find(w("rPr")))
        for child in r.iterchildren():
            if child.tag == w("t"):
                pieces.append((child.text or "", bold))
            elif child.tag in _BREAKS:
                pieces.append((_BREAKS[child.tag], bold))
            elif child.tag in _PICTURES or child.tag.endswith("}AlternateContent"):
                boxed = any(True for _ in child.iter(w("txbxContent")))
                what = "text in a text box is" if boxed else "a picture is"
                self._note_once(what, place, f"{what} not read")

    # -- tables ---------------------------------------------------------------------------------
    def _table(self, tbl: Any, place: str) -> None:
        rows, places = [], []
        for number, tr in enumerate(tbl.iterchildren(w("tr")), start=1):
            rows.append([self._cell_text(tc, place) for tc in tr.iterchildren(w("tc"))])
            places.append(f"{place}, row {number}")
        self.out.table(rows, places)

    def _cell_text(self, element: Any, place: str) -> str:
        parts = []
        for child in element.iterchildren():
            if child.tag == w("p"):
                parts.append(self.markdown(child, place)[1])
            elif child.tag == w("tbl"):
                self._note_once("nested", place, "a table inside a table is read as its text")
                parts.extend(self._cell_text(tc, place) for tc in child.iter(w("tc")))
            elif child.tag in (w("sdt"), w("sdtContent"), w("customXml")):
                parts.append(self._cell_text(child, place))
        return " ".join(p for p in parts if p)


def _bold(rpr: Any) -> bool:
    if rpr is None:
        return False
    b = rpr.find(w("b"))
    if b is not None:
        return b.get(w("val"), "true").casefold() not in _FALSE
    style = rpr.find(w("rStyle"))
    return style is not None and "strong" in style.get(w("val"), "").casefold()
