"""Markdown (and plain text) as SECAS publishes it: the lines themselves."""

from __future__ import annotations

from govflow.errors import MinutesError
from govflow.minutes._text import decode
from govflow.minutes.documents._source import Limits, Source


def read(data: bytes | str, limits: Limits) -> Source:
    """The text's lines; bytes are UTF-8 (or UTF-16 with its mark), else cp1252, else latin-1."""
    text = decode(data)
    if len(text) > limits.max_text:
        raise MinutesError(
            f"the text is {len(text):,} characters long, more than the {limits.max_text:,} "
            "govflow reads: these are not one meeting's minutes"
        )
    return Source("markdown", tuple(text.split("\n")))
