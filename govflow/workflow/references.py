"""Proposal references as papers write them: ``SECMP0116``, ``SECMP116``, ``MP116``, ``MP 116``,
``DP116``, and ``MP122A`` for the alternative solution of MP122.

All prefixes of one reference scheme share one number space, so every spelling above names the
same proposal (number 116, no alternative). The exact spelling a source used is kept in
:attr:`Ref.spelling`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from govflow.errors import InvalidInput

DEFAULT_PREFIXES = ("SECMP", "DP", "MP")


@dataclass(frozen=True)
class Ref:
    """A parsed proposal reference."""

    prefix: str  # upper case, as declared in the scheme (DP, MP, SECMP)
    number: int
    alternative: str = ""  # "" or one capital letter
    spelling: str = ""  # exactly as written in the source

    @property
    def key(self) -> tuple[int, str]:
        """What identifies the proposal within its scheme, whatever the prefix."""
        return (self.number, self.alternative)

    def display(self, width: int = 0) -> str:
        return format_reference(self.prefix, self.number, self.alternative, width)


def format_reference(prefix: str, number: int, alternative: str = "", width: int = 0) -> str:
    """``MP`` 7 -> ``MP7``; with width 4 -> ``SECMP0007``."""
    return f"{prefix}{number:0{width}d}{alternative}"


@lru_cache(maxsize=32)
def _pattern(prefixes: tuple[str, ...], anchored: bool) -> re.Pattern[str]:
    # Longest prefixes first, so SECMP is not read as MP.
    alternation = "|".join(re.escape(p) for p in sorted(prefixes, key=len, reverse=True))
    body = rf"(?P<prefix>{alternation})[ \t]?(?P<number>\d{{1,6}})(?P<alt>[A-Z])?"
    if anchored:
        return re.compile(rf"^\s*{body}\s*$", re.IGNORECASE)
    return re.compile(rf"(?<![A-Za-z0-9]){body}(?![A-Za-z0-9])")


def parse_reference(text: str, prefixes: Iterable[str] = DEFAULT_PREFIXES) -> Ref:
    """Read one reference; raise InvalidInput naming the accepted forms when it is not one."""
    known = tuple(p.upper() for p in prefixes)
    match = _pattern(known, anchored=True).match(text)
    if match is None:
        examples = ", ".join(f"{p}116" for p in known)
        raise InvalidInput(
            f"{text!r} is not a proposal reference; write a prefix and a number, like "
            f"{examples} (a space after the prefix and a trailing letter for an alternative, "
            "as in MP122A, are accepted)"
        )
    return _ref(match, text.strip())


def find_references(text: str, prefixes: Iterable[str] = DEFAULT_PREFIXES) -> Iterator[Ref]:
    """Every proposal reference in a text, in order. Prefixes must be written in capitals."""
    known = tuple(p.upper() for p in prefixes)
    for match in _pattern(known, anchored=False).finditer(text):
        yield _ref(match, match.group(0))


def _ref(match: re.Match[str], spelling: str) -> Ref:
    return Ref(
        prefix=match.group("prefix").upper(),
        number=int(match.group("number")),
        alternative=(match.group("alt") or "").upper(),
        spelling=spelling,
    )
