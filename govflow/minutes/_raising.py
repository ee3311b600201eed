"""What minutes say about a proposal govflow lacks, for raising it: the title they quote and the
stage they say it is in. Pure text functions."""

from __future__ import annotations

import re
from collections.abc import Iterable

_QUOTES = "'\"\u2018\u2019\u201c\u201d"
_OPEN, _CLOSE = "['\"\u2018\u201c]", "['\"\u2019\u201d]"


def said_title(text: str, spelling: str) -> str | None:
    """The title quoted right after the reference: ``DP160 'Certificate Signing Request'``,
    ``DP160 ("Certificate Signing Request")``, ``DP160 - “Certificate Signing Request”``."""
    pattern = (
        rf"(?<![A-Za-z0-9]){re.escape(spelling)}(?![0-9A-Za-z])[\s:,(\u2013\u2014-]{{0,4}}"
        rf"{_OPEN}(?P<title>[^{_QUOTES}\n]{{3,160}}?){_CLOSE}"
    )
    match = re.search(pattern, text)
    return " ".join(match.group("title").split()) if match else None


def said_stage(text: str, spelling: str, states: Iterable[tuple[str, str]]) -> str | None:
    """The stage a sentence naming the reference says it is in: "in" and a stage's label or name
    ("is in Development", "in the Refinement Process", "currently in the Report Phase"); the
    longest match wins. A stage name used otherwise ("the report was noted") says nothing."""
    sentence = _sentence_with(text, spelling)
    if sentence is None:
        return None
    best: tuple[int, str] | None = None
    for name, label in states:
        for written in {label, name.replace("_", " ")}:
            said = rf"\bin\s+(?:the\s+)?{re.escape(written)}\b"
            if re.search(said, sentence, re.IGNORECASE) and (
                best is None or len(written) > best[0]
            ):
                best = (len(written), name)
    return best[1] if best else None


def _sentence_with(text: str, spelling: str) -> str | None:
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        if re.search(rf"(?<![A-Za-z0-9]){re.escape(spelling)}(?![0-9A-Za-z])", sentence):
            return sentence
    return None
