"""A search query as a person types it: words, ``"quoted phrases"`` and ``OR``.

Every term must match, except that terms joined by ``OR`` need only one of them to: ``firmware
OR hub retry`` is (firmware or hub) and retry, as web search engines read it. A word is letters
and digits; punctuation inside a chunk makes it a phrase (``over-the-air``), and anything else
(``*``, ``(``, ``NEAR``, ``title:``, an unclosed quote) is only text, so no query can fail on its
syntax. The back ends match each term in their own way (:mod:`govflow.store.search_sql`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from govflow.errors import InvalidInput

MAX_CHARACTERS = 400
MAX_WORDS = 12
_WORD = re.compile(r"\w+")
_CHUNK = re.compile(r'"(?P<phrase>[^"]*)"?|(?P<chunk>[^\s"]+)')


@dataclass(frozen=True)
class Term:
    """A word, or a phrase: words that must follow one another."""

    words: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.words)


@dataclass(frozen=True)
class Query:
    """Groups that must all match; a group matches when any of its terms does."""

    groups: tuple[tuple[Term, ...], ...]

    @property
    def terms(self) -> tuple[Term, ...]:
        return tuple(dict.fromkeys(t for group in self.groups for t in group))

    def without(self, dropped: set[Term]) -> Query:
        """The query less some terms (words a back end ignores: "the", "of")."""
        kept = (tuple(t for t in group if t not in dropped) for group in self.groups)
        return Query(tuple(group for group in kept if group))


def _tokens(text: str) -> list[Term | None]:
    """Terms in order, None for each ``OR``."""
    found: list[Term | None] = []
    for m in _CHUNK.finditer(text):
        if m["chunk"] == "OR":
            found.append(None)
            continue
        words = tuple(_WORD.findall(m["phrase"] or m["chunk"] or ""))
        if words:
            found.append(Term(words))
    return found


def parse_query(text: str) -> Query:
    """The query ``text`` says; refused when it says nothing or too much."""
    if len(text) > MAX_CHARACTERS:
        raise InvalidInput(
            f"a search is at most {MAX_CHARACTERS} characters; this one has {len(text)}"
        )
    groups: list[list[Term]] = []
    joined = False
    for token in _tokens(text):
        if token is None:
            joined = bool(groups)
        elif joined:
            groups[-1].append(token)
            joined = False
        else:
            groups.append([token])
    query = Query(tuple(dict.fromkeys(tuple(dict.fromkeys(g)) for g in groups)))
    words = sum(len(t.words) for t in query.terms)
    if not words:
        raise InvalidInput(f"nothing to search for in {text!r}: give a word or a reference")
    if words > MAX_WORDS:
        raise InvalidInput(f"a search takes at most {MAX_WORDS} words; {words} given")
    return query
