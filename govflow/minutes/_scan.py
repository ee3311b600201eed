"""References that are not proposals, and the party an action asks.

The party heuristic, in order (the first that applies wins):

1. the object of a request: "SECAS **asked members** for comments by 19 March" -> ``members``;
   "The OPSG requested **the DCC** to ..." -> ``DCC`` (a leading "the" is dropped);
2. the subject of a commitment at the start of the sentence: "**The DCC** will report back by
   4 June" -> ``DCC``; "**Members** to provide comments by 5 May" -> ``Members``. The subject is at
   most four words, each capitalised, a joining word (and, of, the, &) or a role noun such as
   members or parties, and the word after "to"/"will" must be a verb, not an article or a
   name ("Responses to the consultation ..." names no one); "X should **be** ..." (a passive)
   names no party either;
3. a commitment reported: "**The DCC** noted that it will give an update ..." -> ``DCC``
   ("it"/"they" stand for the subject); "The OPSG noted that **the DCC** would ..." -> ``DCC``
   (the clause's own subject, read as in rule 2);
4. the agent of a passive promise: "An update will be given **by the DCC** at OPSG_50" ->
   ``DCC`` (a name, never a date: "by March" names no one).

Anything else gives no party rather than a guess.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache

_OTHER = re.compile(
    r"(?<![A-Za-z0-9])INC(?P<incident>[0-9]{6,15})(?![0-9])"
    r"|(?<![A-Za-z0-9])IRP\s?(?P<irp>[0-9]{1,5})(?![0-9A-Za-z])"
    r"|\bSection\s+(?P<section>[A-Z]{1,2}(?:[0-9]{1,2}(?:\.[0-9]{1,3}){0,3})?)(?![A-Za-z0-9])"
    # A bare clause such as H3.24; R and V are left out, for release and version numbers.
    r"|(?<![A-Za-z0-9.])(?P<clause>[A-QS-UW-Z][0-9]{1,2}\.[0-9]{1,3}(?:\.[0-9]{1,3})?)"
    r"(?![0-9A-Za-z]|\.[0-9])"
)
_REQUEST = re.compile(
    r"\b(?:asked|requested|invited|reminded|urged|encouraged|instructed|tasked|called\s+on)"
    r"\s+(?P<party>[^,.;:()]{1,60}?)\s+(?:to|for|that|whether|if|by|on)\b"
)
_ROLE_NOUNS = (
    "members|member|parties|party|suppliers|attendees|representatives|representative|chair"
    "|secretariat|group|team|lead|leads|operators|networks|colleagues|everyone|all"
)
_WORD = rf"(?:[A-Z][\w&'\u2019.-]*|and|&|of|the|{_ROLE_NOUNS})"
_COMMITMENT = re.compile(
    # "Action:", "ACTION 49/01:", "Action OPSG49/02 -": a label before the sentence proper
    r"^(?:(?i:actions?)\b[\w/._ -]{0,20}?\s*[:\u2013-]\s*)?(?:[0-9]{1,2}[.)]\s+)?(?:That\s+)?"
    r"(?:The\s+)?"
    rf"(?P<party>[A-Z][\w&'\u2019.-]*(?:\s+{_WORD}){{0,3}}?)\s+"
    r"(?:will|would|to|should|must|shall|(?:is|are|was|were)\s+(?:asked\s+)?to"
    r"|(?:has\s+|have\s+)?(?:agreed|undertook|committed|offered)\s+to|needs?\s+to)\s+"
    # then a verb: not "be" (a passive names no one), an article or a name ("due to the Panel")
    r"(?!(?:be|the|a|an|this|that|these|those|all|any|each|its|their|our|his|her)\b|[A-Z0-9])"
)
_REPORTED = re.compile(
    rf"^(?:The\s+)?(?P<party>[A-Z][\w&'\u2019.-]*(?:\s+{_WORD}){{0,3}}?)\s+"
    r"(?:noted|confirmed|advised|stated|said|explained|indicated|agreed|highlighted|reported"
    r"|informed\s+\w+|assured\s+\w+|told\s+\w+)\s+(?:that\s+)?(?P<clause>.+)$"
)
_SELF = re.compile(
    r"^(?:it|they)\s+(?:will|would|shall|intends?\s+to|plans?\s+to|is\s+to|are\s+to)\s+"
    r"(?!be\b)"
)
_AGENT = re.compile(
    r"\b(?:will|would|shall|to|is\s+to|are\s+to)\s+be\s+\w+\s+by\s+(?:the\s+)?"
    r"(?P<party>(?!(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Mon|Tue|Wed|Thu|Fri|Sat"
    r"|Sun|COB|EOD|Close|End|Noon|Midday)[a-z]*\b)[A-Z][\w&'\u2019.-]*(?:\s+[A-Z][\w&'\u2019.-]*){0,3})"
)
_NOT_PARTIES = frozenset(
    {"a", "an", "any", "it", "its", "this", "that", "these", "those", "they", "there", "he"}
    | {"she", "we", "whether", "if", "what", "which"}
)


def find_other_refs(text: str, codes: Iterable[str]) -> Iterator[tuple[str, str]]:
    """(kind, value) of each incident, IRP, section and meeting reference in ``text``, in order."""
    found: list[tuple[int, str, str]] = []
    for match in _OTHER.finditer(text):
        kind, value = _other(match)
        found.append((match.start(), kind, value))
    meeting = _meeting_pattern(tuple(sorted(set(codes), key=len, reverse=True)))
    if meeting is not None:
        for match in meeting.finditer(text):
            code = " ".join(match.group("code").split())
            found.append((match.start(), "meeting", f"{code}_{int(match.group('number'))}"))
    for _, kind, value in sorted(found, key=lambda f: f[0]):
        yield kind, value


def _other(match: re.Match[str]) -> tuple[str, str]:
    if match.group("incident") is not None:
        return "incident", f"INC{match.group('incident')}"
    if match.group("irp") is not None:
        return "irp", f"IRP{int(match.group('irp'))}"
    return "section", match.group("section") or match.group("clause")


@lru_cache(maxsize=16)
def _meeting_pattern(codes: tuple[str, ...]) -> re.Pattern[str] | None:
    """``OPSG_50`` (and ``OPSG_12_0303``) for the committee codes given, longest first."""
    alternation = "|".join(re.escape(c).replace(r"\ ", r"\s+") for c in codes if c.strip())
    if not alternation:
        return None
    return re.compile(
        rf"(?<![A-Za-z0-9])(?P<code>{alternation})_(?P<number>[0-9]{{1,4}})(?:_[0-9]{{4}})?(?![0-9])"
    )


def party(sentence: str) -> str | None:
    """Who a sentence asks to act, or None (rules in the module docstring)."""
    for match in (*_REQUEST.finditer(sentence), _COMMITMENT.match(sentence)):
        if match is not None and (name := _name(match.group("party"))):
            return name
    reported = _REPORTED.match(sentence)
    if reported is not None:
        clause = reported.group("clause")
        if _SELF.match(clause):
            return _name(reported.group("party"))
        inner = _COMMITMENT.match(clause[:1].upper() + clause[1:])
        if inner is not None and (name := _name(inner.group("party"))):
            return name
    agent = _AGENT.search(sentence)
    return _name(agent.group("party")) if agent is not None else None


def _name(found: str) -> str | None:
    """A party's name without a leading "the", if it is one (at most four words, no pronoun)."""
    name = re.sub(r"^(?:the|The)\s+", "", found.strip())
    words = name.split()
    if 0 < len(words) <= 4 and words[0].casefold() not in _NOT_PARTIES:
        return name
    return None
