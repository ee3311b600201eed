"""A PDF page's words (with their positions and fonts) back into lines and paragraphs.

* **lines**: words whose vertical middles fall within a line's height, left to right; a word
  that touches the one before it (a superscript "th") is joined to it;
* **paragraphs**: a line starts a new paragraph when the space above it is wider than the
  document's line spacing, when it is in another size (a heading), or when the line before it
  ended although the line's first word would have fitted on it (a short line ends a paragraph);
* **hyphenation**: a line ending in "-" is joined to the next without a space, and the hyphen is
  dropped when the next line goes on in lower case ("retry co-" + "unts");
* **bold** words stay bold, a paragraph in a bigger size than the body is a heading.

Everything is plain data (dicts as pdfplumber gives them), so it is tested without a PDF.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from govflow.minutes.documents._source import runs

Word = dict[str, Any]  # pdfplumber: text, x0, x1, top, bottom, fontname, size
TOUCHING = 0.8  # points: closer than this, two words are one ("6" and a superscript "th")
HEADING_SIZE = 1.15  # times the body's size
_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi|,b$", re.IGNORECASE)
_HYPHENATED = re.compile(r"[A-Za-z]-$")


@dataclass
class Line:
    words: list[Word]
    top: float
    bottom: float

    @property
    def x0(self) -> float:
        return float(self.words[0]["x0"])

    @property
    def x1(self) -> float:
        return float(self.words[-1]["x1"])

    @property
    def size(self) -> float:
        return float(max(w["size"] for w in self.words))

    @property
    def text(self) -> str:
        return " ".join(w["text"] for w in self.words)


@dataclass
class Paragraph:
    lines: list[Line] = field(default_factory=list)

    @property
    def top(self) -> float:
        return self.lines[0].top


def bold(word: Word) -> bool:
    return bool(_BOLD_FONT.search(str(word.get("fontname", "")).rpartition("+")[2]))


def lines_of(words: Iterable[Word]) -> list[Line]:
    """Words in lines, top to bottom, each line left to right with touching words joined."""
    found: list[Line] = []
    for word in sorted(words, key=lambda w: (w["top"], w["x0"])):
        middle = (word["top"] + word["bottom"]) / 2
        line = next((ln for ln in reversed(found[-3:]) if ln.top <= middle <= ln.bottom), None)
        if line is None:
            found.append(Line([word], word["top"], word["bottom"]))
        else:
            line.words.append(word)
    for line in found:
        line.words = _joined(sorted(line.words, key=lambda w: w["x0"]))
    return found


def _joined(words: list[Word]) -> list[Word]:
    out: list[Word] = []
    for word in words:
        if out and word["x0"] - out[-1]["x1"] < TOUCHING:
            out[-1] = {**out[-1], "text": out[-1]["text"] + word["text"], "x1": word["x1"]}
        else:
            out.append(dict(word))
    return out


def body_size(lines: Sequence[Line]) -> float:
    """The size most of the text is set in."""
    sizes = [round(float(w["size"]), 1) for ln in lines for w in ln.words]
    return statistics.mode(sizes) if sizes else 0.0


def spacing(lines: Sequence[Line], right: float, size: float) -> float:
    """The usual distance between the tops of two lines of one paragraph: measured on lines
    that run to the right edge (so were wrapped), else taken as 1.5 times the body size."""
    pitches = [
        round(b.top - a.top, 1)
        for a, b in itertools.pairwise(lines)
        if a.x1 > right - 3 * size and 0 < b.top - a.top < 3 * size and a.size == b.size
    ]
    return statistics.median(pitches) if pitches else 1.5 * size


def paragraphs(lines: Sequence[Line], right: float, size: float, pitch: float) -> list[Paragraph]:
    """Lines grouped into paragraphs (rules in the module docstring)."""
    found: list[Paragraph] = []
    for line in lines:
        last = found[-1].lines[-1] if found else None
        if last is None or _breaks(last, line, right, size, pitch):
            found.append(Paragraph())
        found[-1].lines.append(line)
    return found


def _breaks(last: Line, line: Line, right: float, size: float, pitch: float) -> bool:
    if line.top - last.top > pitch * 1.25 or line.top < last.top:
        return True
    if (last.size >= size * HEADING_SIZE) != (line.size >= size * HEADING_SIZE):
        return True
    first = line.words[0]
    room = right - last.x1 - size * 0.3  # what was left on the line before, less a space
    return float(first["x1"] - first["x0"]) < room - size


def markdown(paragraph: Paragraph, size: float) -> tuple[int, str]:
    """(heading level or 0, the paragraph as one Markdown line), hyphenation joined."""
    pieces: list[tuple[str, bool]] = []
    for number, line in enumerate(paragraph.lines):
        for index, word in enumerate(line.words):
            text = str(word["text"])
            if index == 0 and number and pieces:
                previous, was_bold = pieces[-1]
                if _HYPHENATED.search(previous.rstrip()):
                    keep = not text[:1].islower()
                    pieces[-1] = (previous.rstrip()[: None if keep else -1], was_bold)
                else:
                    pieces.append((" ", was_bold))
            elif index:
                pieces.append((" ", bold(word) and bold(line.words[index - 1])))
            pieces.append((text, bold(word)))
    heading = _level(paragraph.lines[0].size, size)
    return heading, runs(pieces)


def _level(line_size: float, size: float) -> int:
    if line_size < size * HEADING_SIZE:
        return 0
    return 1 if line_size >= size * 1.6 else 2 if line_size >= size * 1.3 else 3


def join_cell(text: str | None) -> str:
    """A table cell's lines as one, hyphenation joined."""
    out = ""
    for piece in (text or "").split("\n"):
        piece = piece.strip()
        if not piece:
            continue
        if _HYPHENATED.search(out):
            out = out[:-1] + piece if piece[:1].islower() else out + piece
        else:
            out = f"{out} {piece}" if out else piece
    return out
