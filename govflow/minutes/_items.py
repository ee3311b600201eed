"""Item headings: ``**2. Title (SECAS):** text``, ``2.1 Title (DCC): text``, ``### 3. Title``,
``4.1. Title`` alone on its line.

:func:`item_heading` says whether a line has the shape of an item heading; whether its number is
plausible where it stands is the reader's business (:func:`plausible`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from govflow.minutes._text import clean

MAX_TITLE = 200
MAX_PLAIN_TITLE = 100  # a plain heading alone on its line
MAX_PRESENTER_WORDS = 4
TOP_LEVEL_STEP = 10  # how far item numbers may jump

HASHES = re.compile(r"^ {0,3}#{1,6}(?:[ \t]+|$)")
_BOLD = re.compile(r"^ {0,3}(?:\*\*|__)(?P<span>.+?)(?:\*\*|__)(?P<rest>.*)$")
NUMBER = re.compile(r"^(?P<top>[0-9]{1,2})(?:\.(?P<sub>[0-9]{1,2}))?(?P<dot>\.?)\s+(?P<title>.+)$")
_BARE_NUMBER = re.compile(r"^[0-9]{1,2}(?:\.[0-9]{1,2})?\.?$")
_PRESENTER_COLON = re.compile(r"^(?P<head>.*?\))\s*:(?:\s+|$)")
_COLON = re.compile(r":(?:\s+|$)")
_PRESENTER = re.compile(r"^(?P<title>.*?\S)\s*\((?P<presenter>[^()0-9]{1,40})\)$")
_LEADING_PRESENTER = re.compile(r"^\s*(\([^()0-9]{1,40}\))\s*(?=:|$)")
_MONTH_NAME = re.compile(r"^(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*$")
_MONTH_TITLE = re.compile(
    r"^(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?(?:,|\s+[0-9]{4}\b|\s*$)"
)
_OPENERS = "\"'\u2018\u201c(["


@dataclass(frozen=True, slots=True)
class Head:
    """An item heading: its number as a sortable key, title, presenter and any text after it."""

    key: tuple[int, int]  # (3, 0) for item 3, (3, 1) for item 3.1
    title: str
    presenter: str | None
    text: str  # raw Markdown after the heading on the same line

    @property
    def number(self) -> str:
        top, sub = self.key
        return f"{top}.{sub}" if sub else str(top)


def item_heading(raw: str) -> Head | None:
    """The item heading ``raw`` holds, or None when it is not one."""
    hashes = HASHES.match(raw)
    if hashes is not None:
        return _head(raw[hashes.end() :], "", marked=True)
    bold = _BOLD.match(raw)
    if bold is not None:
        span, rest = bold.group("span"), bold.group("rest")
        if _BARE_NUMBER.match(clean(span)):  # **2.** Title: text
            return _split_plain(f"{clean(span)} {rest.lstrip()}", marked=True)
        presenter = _LEADING_PRESENTER.match(rest)  # **2. Title** (SECAS): text
        if presenter is not None:
            span, rest = f"{span} {presenter.group(1)}", rest[presenter.end() :]
        return _head(span, rest.lstrip().removeprefix(":").lstrip(), marked=True)
    return _split_plain(raw, marked=False)


def _split_plain(raw: str, *, marked: bool) -> Head | None:
    """A heading and its text on one line: "2.1 Firmware Report (DCC): The OPSG noted..."."""
    split = _PRESENTER_COLON.match(raw)
    if split is not None:
        return _head(split.group("head"), raw[split.end() :], marked=marked)
    colon = _COLON.search(raw)
    if colon is not None:
        return _head(raw[: colon.start()], raw[colon.end() :], marked=marked, plain_split=True)
    return _head(raw, "", marked=marked, alone=True)


def _head(
    raw: str, text: str, *, marked: bool, alone: bool = False, plain_split: bool = False
) -> Head | None:
    match = NUMBER.match(clean(raw).strip())
    if match is None:
        return None
    title = match.group("title").strip().rstrip(":").rstrip()
    has_dot = bool(match.group("sub") is not None or match.group("dot"))
    if not _title_ok(title, marked=marked, has_dot=has_dot, alone=alone):
        return None
    if plain_split and not marked and len(title) > MAX_PLAIN_TITLE:
        return None
    key = (int(match.group("top")), int(match.group("sub") or 0))
    if key[0] == 0 or (match.group("sub") is not None and key[1] == 0):
        return None
    title, presenter = _presenter(title)
    return Head(key, title, presenter, text.strip())


def _title_ok(title: str, *, marked: bool, has_dot: bool, alone: bool) -> bool:
    first = title.lstrip(_OPENERS)[:1]
    if not first.isupper() or len(title) > MAX_TITLE or _MONTH_TITLE.match(title):
        return False
    if marked:
        return True
    if not has_dot:
        return False
    return not alone or (len(title) <= MAX_PLAIN_TITLE and title[-1] not in ".!?")


def _presenter(title: str) -> tuple[str, str | None]:
    """ "Hub Returns (SECAS)" -> ("Hub Returns", "SECAS").

    A presenter is a trailing parenthesis of at most four words, starting with a capital, with no
    digit and not a month: "(Part 2)", "(for decision)" and "(March)" stay in the title.
    """
    match = _PRESENTER.match(title)
    if match is None or len(match.group("presenter").split()) > MAX_PRESENTER_WORDS:
        return title, None
    presenter = match.group("presenter").strip()
    stripped = match.group("title").rstrip(" :\u2013-")
    if not stripped or not presenter[:1].isupper() or _MONTH_NAME.match(presenter):
        return title, None  # "(for decision)", "(February)": part of the title
    return stripped, presenter


def plausible(key: tuple[int, int], last: tuple[int, int]) -> bool:
    """Item numbers rise (3 after 2.4, 3.2 after 3.1), by at most TOP_LEVEL_STEP at the top."""
    return key > last and key[0] <= last[0] + TOP_LEVEL_STEP
