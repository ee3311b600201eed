"""Minutes -> :class:`Minutes`: a pure function from text to a parsed document, no database.

The reading, top to bottom:

* **the meeting heading** "<committee> Meeting <number>[_<DDMM>]" near the top, the committee
  written as a name or a code from ``committees`` (case-insensitive), and **the date line** just
  after it: "3 March 2021, 10:00 - 13:00", "Tuesday 25 May 2021 10:00-12:00" (see ``_heading``);
* **items**: a line starting with an item number, ``\\d{1,2}(\\.\\d{1,2})?`` and an optional dot,
  then a space and a title starting with a capital letter. The heading may be bold
  (``**2. Title (SECAS):** text``), a Markdown heading (``### 3. Title``) or plain, in which case
  the number must hold a dot (``2.1 Title: text``, ``4.1. Title``) and a title alone on its line
  must be short and not end like a sentence. Numbers must rise: 3 after 2, 3.1 after 3, at most ten
  top-level numbers at a time. Anything else, such as "2 members noted", is text;
* **text**, up to the next item or unnumbered Markdown heading, with the references, dates and
  actions found in it; and the **next meetings** ("Next main meeting: 7 April 2021; ...").
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from govflow.errors import InvalidInput, MinutesError
from govflow.minutes._dates import Found, When, complete, find_dates
from govflow.minutes._heading import BANNER, RULE, Committees, Heading, locate
from govflow.minutes._items import HASHES, Head, item_heading, plausible
from govflow.minutes._model import (
    Action,
    DateMention,
    Item,
    Minutes,
    OtherRef,
    PlannedMeeting,
    ProposalMention,
)
from govflow.minutes._scan import find_other_refs, party
from govflow.minutes._tables import (
    ROW,
    TableAction,
    cells,
    due_of,
    separator,
    table_actions,
)
from govflow.minutes._text import LineIndex, clean, one_line, sentences
from govflow.minutes.documents import LIMITS, Limits, Source, read_document
from govflow.workflow.references import DEFAULT_PREFIXES, Grammar, find_references

logger = logging.getLogger(__name__)

_SECTION_TITLE = re.compile(
    r"^(?:meeting headlines|headlines|attendees|attendance|in attendance|present|apologies"
    r"|minutes|agenda|actions|action log|summary)\s*:?$",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^\s{0,8}(?:[-*+\u2022]|>+)\s+")
_LIST_ITEM = re.compile(r"^\s{0,8}(?:[0-9]{1,2}|[a-z])[.)]\s+")
_NEXT_LINE = re.compile(r"^next\s+(?:[\w-]+\s+){0,3}?meetings?\b", re.IGNORECASE)
_NEXT = re.compile(r"^next\s+(?P<kind>(?:[\w-]+\s+){0,3}?)meetings?\b(?P<rest>.*)$", re.I)
_AT_MEETING = re.compile(
    r"\b(?:at|for|to|before|by|in|during|ahead\s+of|prior\s+to)\s+(?:the\s+)?"
    r"(?:(?P<next>next\s+(?:[\w-]+\s+)?meeting)\b|(?=[A-Z]+\\?_[0-9]))"
)
# A promise without a named party ("an update will be given at the next meeting"): future tense.
_PROMISE = re.compile(r"\b(?:will|shall|is\s+to\s+be|are\s+to\s+be|is\s+due\s+to)\s+\w", re.I)
_NEXT_SPLIT = re.compile(r";|(?<=\.)\s+(?=next\b)|\s+and\s+(?=next\b)", re.IGNORECASE)


def parse_minutes(
    text: str | bytes,
    *,
    committees: Mapping[str, str] | None = None,
    prefixes: Sequence[str] | Grammar = DEFAULT_PREFIXES,
    committee: str | None = None,
    name: str | None = None,
    limits: Limits = LIMITS,
) -> Minutes:
    """Read one meeting's minutes; raise MinutesError naming the line when it is not minutes.

    ``text`` is the file's bytes (Markdown, HTML, a Word .docx or a PDF, told apart by their
    content: see :mod:`govflow.minutes.documents`; ``name``, the file's name, only breaks a tie),
    or text. ``limits`` bound what an untrusted file may make govflow read.

    ``committees`` maps the names headings use ("Operations Group") to codes ("OPSG"); the codes
    are recognised too. Without it, the committees the shipped workflows declare are used (a
    database's own, added with ``add_committee``, need ``Govflow.parse_minutes``). ``committee``
    (a code) says which committee the minutes belong to, whatever the heading says. Text bytes
    are read as UTF-8, else cp1252, else latin-1.
    """
    if isinstance(text, Source):
        source = text
    elif isinstance(text, str | bytes | bytearray | memoryview):
        source = read_document(text if isinstance(text, str) else bytes(text), name=name,
                               limits=limits)  # fmt: skip
    else:
        raise InvalidInput(f"parse_minutes() reads str or bytes, not {type(text).__name__}")
    if committees is None:
        committees = shipped_committees()
    lines = list(source.lines)
    known = Committees.build(committees, committee)
    try:
        lines, heading, when, body_start = locate(lines, known)
    except MinutesError as exc:
        if not source.places or exc.line is None:
            raise
        message = str(exc).removeprefix(f"{exc.where}: ")
        raise MinutesError(message, exc.line, where=source.where(exc.line)) from None
    grammar = prefixes if isinstance(prefixes, Grammar) else tuple(prefixes)
    reader = _Reader(when, grammar, known, source.where)
    reader.warnings.extend(source.notes)
    reader.warnings.extend(heading.warnings)
    reader.check_code(heading, when)
    for index in range(body_start, len(lines)):
        reader.feed(lines[index], index + 1)
    return replace(reader.finish(heading), format=source.format, places=source.places)


@functools.cache
def shipped_committees() -> dict[str, str]:
    """Names and codes of the committees the shipped workflows declare, mapped to codes."""
    from govflow.workflow.registry import Registry

    names = {b.name: b.code for wf in Registry.shipped().all() for b in wf.bodies if b.committee}
    names.update({code: code for code in list(names.values())})
    return names


# -- the body -----------------------------------------------------------------------------------
@dataclass
class _Draft:
    head: Head
    line: int
    paragraphs: list[str] = field(default_factory=list)


class _Reader:
    """Reads the body line by line into items, and collects what the text mentions."""

    def __init__(
        self,
        when: When,
        prefixes: tuple[str, ...] | Grammar,
        known: Committees,
        where: Callable[[int], str],
    ) -> None:
        self.when = when
        self.where = where
        self.prefixes = prefixes
        self.known = known
        self.drafts: list[_Draft] = []
        self.current: _Draft | None = None
        self.last: tuple[int, int] = (0, 0)
        self.paragraph: list[str] = []
        self.paragraph_line = 0
        self.mentions: list[ProposalMention] = []
        self.others: list[OtherRef] = []
        self.dates: list[DateMention] = []
        self.actions: list[Action] = []
        self.planned: list[PlannedMeeting] = []
        self.warnings: list[str] = []
        self.table: list[tuple[str, int]] = []

    def check_code(self, heading: Heading, when: When) -> None:
        """A heading's DDMM code that disagrees with the date line is noted, and ignored."""
        if heading.ddmm is not None and heading.ddmm != f"{when.date:%d%m}":
            self.warnings.append(
                f"{self.where(heading.line)}: the meeting code {heading.number}_{heading.ddmm} "
                f"does not match the date {when.date.isoformat()}; the date is used"
            )

    def feed(self, raw: str, line: int) -> None:
        if ROW.match(raw):
            self.table.append((raw, line))
            return
        if self.table:
            self._end_table()
        self._feed_line(raw, line)

    def _feed_line(self, raw: str, line: int) -> None:
        cleaned = clean(raw)
        if not cleaned or RULE.match(raw) or BANNER.match(cleaned):
            self._flush()
        elif _NEXT_LINE.match(cleaned):
            self._flush()
            self._next_meetings(cleaned, line)
        elif (head := item_heading(raw)) is not None and plausible(head.key, self.last):
            self._start(head, line)
        elif HASHES.match(raw) or _SECTION_TITLE.match(cleaned):
            self._flush()
            self.current = None  # an unnumbered heading ends the item
        else:
            bullet = _BULLET.match(raw)
            if bullet is not None or _LIST_ITEM.match(raw):
                self._flush()  # each entry of a list is a paragraph of its own
            self._add(raw[bullet.end() :] if bullet else raw, line)

    def _add(self, raw: str, line: int) -> None:
        if not self.paragraph:
            self.paragraph_line = line
        self.paragraph.append(raw)

    def _start(self, head: Head, line: int) -> None:
        self._flush()
        self.last = head.key
        self.current = _Draft(head, line)
        self.drafts.append(self.current)
        self._scan(head.title, line, head.number, actions=False)
        if head.text:
            self._add(head.text, line)

    def _flush(self) -> None:
        if not self.paragraph:
            return
        text = clean("\n".join(self.paragraph))
        self.paragraph = []
        item = self.current.head.number if self.current else None
        self._scan(text, self.paragraph_line, item, actions=True)
        if self.current is not None:
            self.current.paragraphs.append(one_line(text))

    def _scan(self, text: str, first: int, item: str | None, *, actions: bool) -> None:
        """References, dates and (with ``actions``) actions in cleaned text from line ``first``.

        One pass each, in time linear in the text: a paragraph of thousands of dates and
        sentences must not cost dates x sentences."""
        self._references(text, first, item)
        lines = LineIndex(text, first)
        deadlines = []
        for f in find_dates(text):
            day = self._day(f, text, lines.line_of(f.start), item)
            if day is not None and f.deadline:
                deadlines.append((f.start, day))
        if actions:
            self._actions(text, lines, item, deadlines)

    def _references(self, text: str, first: int, item: str | None) -> None:
        for offset, piece in enumerate(text.split("\n")):
            for ref in find_references(piece, self.prefixes):
                self.mentions.append(ProposalMention(ref, item, first + offset))
            for kind, value in find_other_refs(piece, self.known.codes):
                self.others.append(OtherRef(kind, value, item, first + offset))

    def _day(self, found: Found, text: str, line: int, item: str | None) -> dt.date | None:
        """The day ``found`` names (on ``line``), recorded; a warning when there is none."""
        written = one_line(text[found.start : found.end])
        day = complete(found, self.when.date)
        if day is None:
            self.warnings.append(
                f"{self.where(line)}: {written!r} is not a day of the calendar; ignored"
            )
        else:
            self.dates.append(DateMention(day, written, item, line))
        return day

    def _actions(
        self, text: str, lines: LineIndex, item: str | None, deadlines: list[tuple[int, dt.date]]
    ) -> None:
        """An action for each sentence holding a deadline (its first); both lists are in text
        order, so one walk pairs them."""
        at = 0
        for start, end in sentences(text):
            while at < len(deadlines) and deadlines[at][0] < start:
                at += 1
            sentence = one_line(text[start:end])
            if at < len(deadlines) and deadlines[at][0] < end:
                due = deadlines[at][1]
                self.actions.append(
                    Action(due, sentence, item, party(sentence), lines.line_of(start))
                )
            elif (meeting := self._at_meeting(sentence)) and (
                (who := party(sentence)) or _PROMISE.search(sentence)
            ):
                line = lines.line_of(start)
                self.actions.append(Action(None, sentence, item, who, line, at_meeting=meeting))

    def _at_meeting(self, sentence: str) -> str | None:
        """ "... at OPSG_50", "... at the next meeting": the meeting a request is due at
        (``next`` until :meth:`finish` knows the number)."""
        match = _AT_MEETING.search(sentence)
        if match is None:
            return None
        rest = sentence[match.start() :]
        found = find_other_refs(rest, self.known.codes)
        code = next((value for kind, value in found if kind == "meeting"), None)
        return code or ("next" if match.group("next") else None)

    def _next_meetings(self, cleaned: str, line: int) -> None:
        """ "Next main meeting: 7 April 2021; Next reporting meeting: 26 April 2021." """
        self._references(cleaned, line, None)
        committee_words = self.known.words() | {"the"}
        for segment in _NEXT_SPLIT.split(cleaned):
            text = segment.strip().rstrip(".").strip()
            match = _NEXT.match(text)
            if match is None:
                continue
            words = [w for w in match.group("kind").casefold().split() if w not in committee_words]
            kind = " ".join(words) or "main"
            # A meeting announced is never in the past: read its day as a deadline's.
            days = (
                self._day(replace(f, deadline=True), text, line, None) for f in find_dates(text)
            )
            day = next((d for d in days if d is not None), None)
            if day is None:
                self.warnings.append(
                    f"{self.where(line)}: {text!r} gives no date; no meeting planned"
                )
            else:
                named = [v for k, v in find_other_refs(text, self.known.codes) if k == "meeting"]
                number = int(named[0].rpartition("_")[2]) if named else None
                self.planned.append(PlannedMeeting(kind, day, text, line, number))

    def _end_table(self) -> None:
        """An action table gives actions; any other table is read as text, row by row."""
        rows, self.table = self.table, []
        body = [(cells(raw), line) for raw, line in rows[2:] if not separator(raw)]
        found = table_actions(cells(rows[0][0]), [c for c, _ in body])
        if len(rows) < 2 or not separator(rows[1][0]) or found is None:
            for raw, line in rows:
                self._feed_line(raw, line)
            return
        self._flush()
        item = self.current.head.number if self.current else None
        for (row, line), action in zip(body, found, strict=False):
            self._scan(" | ".join(row), line, action.item or item, actions=False)
            if not action.closed:
                self._table_action(action, line, item)

    def _table_action(self, action: TableAction, line: int, item: str | None) -> None:
        due, meeting = due_of(action.due, self.when.date, self.known.codes)
        if due is None and meeting is None:
            self.warnings.append(
                f"{self.where(line)}: the action {action.text!r} gives no due date or meeting "
                f"({action.due!r}): not kept"
            )
            return
        who = action.owner or party(action.sentence)
        self.actions.append(
            Action(due, action.text, action.item or item, who, line, at_meeting=meeting)
        )

    def finish(self, heading: Heading) -> Minutes:
        if self.table:
            self._end_table()
        self._flush()
        for warning in self.warnings:
            logger.debug("minutes: %s", warning)
        mentions = tuple(sorted(self.mentions, key=lambda m: m.line))
        following = f"{heading.code}_{heading.number + 1}"
        actions = tuple(
            replace(a, at_meeting=following) if a.at_meeting == "next" else a for a in self.actions
        )
        for a in self.actions:  # "at the next meeting": a reference to that meeting, kept
            if a.at_meeting == "next" and not any(
                o.line == a.line and o.value == following for o in self.others
            ):
                self.others.append(OtherRef("meeting", following, a.item, a.line))
        return Minutes(
            committee=heading.code,
            committee_name=heading.name,
            number=heading.number,
            date=self.when.date,
            start_time=self.when.start,
            end_time=self.when.end,
            items=tuple(self._item(d, mentions) for d in self.drafts),
            proposal_refs=mentions,
            other_refs=tuple(sorted(self.others, key=lambda o: o.line)),
            dates=tuple(sorted(self.dates, key=lambda d: d.line)),
            actions=actions,
            next_meetings=tuple(self.planned),
            heading_line=heading.line,
            warnings=tuple(self.warnings),
        )

    @staticmethod
    def _item(draft: _Draft, mentions: tuple[ProposalMention, ...]) -> Item:
        number = draft.head.number
        return Item(
            number=number,
            title=draft.head.title,
            presenter=draft.head.presenter,
            text="\n\n".join(p for p in draft.paragraphs if p),
            line=draft.line,
            refs=tuple(m for m in mentions if m.item == number),
        )
