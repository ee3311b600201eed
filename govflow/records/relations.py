"""Links between proposals, of one code or of two (an SEC change consequential on a BSC one).

A link is an event of kind ``related`` in the chain of **each** proposal, both written in one
transaction: the proposal that names the other records the relation (``consequential_on``,
``related``), the other its inverse (``consequence``, ``related``). Each side's payload names the
other proposal as its code writes it, with the code and the stable key::

    {"to": "P9415", "code": "BSC", "key": "BSC:9415", "relation": "consequential_on"}

So a link is dated, placed, hashed, correctable (``govflow proposal correct``, each side on its
own chain) and derived from the facts like everything else; the replay ignores it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from govflow.errors import InvalidInput, NotFound, Remedy, UnknownReference
from govflow.model import Event
from govflow.records import derive, places
from govflow.records.lookup import Lookup, written_version
from govflow.records.recording import Recorder, Written
from govflow.store import tables
from govflow.store.hashing import proposal_key
from govflow.store.rows import ProposalRecord
from govflow.store.session import Connection, Store
from govflow.views import Change, RelatedView

#: Each relation and the one the other proposal shows.
INVERSE = {"consequential_on": "consequence", "consequence": "consequential_on",
           "related": "related"}  # fmt: skip
KIND = "related"


def related_views(facts: Iterable[Event], upto: dt.date | None = None) -> tuple[RelatedView, ...]:
    """A proposal's links to others, oldest first, as its facts (up to ``upto``) tell them."""
    return tuple(
        RelatedView(
            relation=str(f.payload.get("relation")),
            reference=str(f.payload.get("to")),
            code=str(f.payload.get("code")),
            key=str(f.payload.get("key")),
            direction="from" if f.payload.get("recorded_from") else "to",
            on=f.occurred_on,
        )
        for f in facts
        if f.kind == KIND and (upto is None or f.occurred_on <= upto)
    )


def as_written_now(
    conn: Connection, lookup: Lookup, related: Iterable[RelatedView]
) -> tuple[RelatedView, ...]:
    """The links with each other proposal under the reference it goes by now (DP960 recorded,
    MP960 since its conversion); one no longer found keeps the reference recorded."""
    found = []
    for r in related:
        try:
            ref = lookup.parse(r.reference)
            row = tables.proposal(conn, [r.code], ref.number, ref.alternative)
        except (InvalidInput, NotFound):
            found.append(r)
            continue
        found.append(replace(r, reference=lookup.label(row)))
    return tuple(found)


class Relations:
    """Linking a proposal to another, possibly of another code."""

    def __init__(self, store: Store, lookup: Lookup, recorder: Recorder) -> None:
        self._store = store
        self._lookup = lookup
        self._recorder = recorder

    def relate(
        self,
        reference: str,
        *,
        to: str,
        relation: str = "related",
        on: str | dt.date | None = None,
        meeting: str | None = None,
        item: str | None = None,
        actor: str | None = None,
        note: str | None = None,
    ) -> Change:
        """Link ``reference`` to the proposal ``to`` names (``P9415``, or ``BSC:P9415`` when
        the spelling is another code's too) as ``relation`` (``consequential_on`` or
        ``related``); the other proposal records the inverse. Both must exist."""
        if relation not in INVERSE:
            raise InvalidInput(
                f"{relation!r} is not a relation; use one of {', '.join(sorted(INVERSE))}"
            )
        with self._store.write() as conn:
            row, _ = self._lookup.find(conn, reference)
            other = self.target(conn, to)
            label, other_label = self._lookup.label(row), self._lookup.label(other)
            if other.id == row.id:
                raise InvalidInput(f"{to!r} is {label} itself: a proposal links to another one")
            key = proposal_key(other.scheme, other.number, other.alternative)
            known = derive.facts_of(conn, row)
            if any(f.kind == KIND and f.payload.get("key") == key for f in known):
                raise InvalidInput(
                    f"{label} is already linked to {other.scheme} {other_label}",
                    remedy=Remedy("correct_event"),
                )
            place = places.place(conn, meeting, item)
            day, precision = places.when(on, place)
            mine = {"to": other_label, "code": other.scheme, "key": key, "relation": relation}
            theirs = {
                "to": label, "code": row.scheme, "relation": INVERSE[relation],
                "key": proposal_key(row.scheme, row.number, row.alternative),
                "recorded_from": label,
            }  # fmt: skip
            written = self._append(conn, row, label, (day, precision), place, mine, actor, note)
            self._append(conn, other, other_label, (day, precision), place, theirs, actor, note)
            warnings = places.date_warnings(place, day, precision)
            return Change(label, row.stage, written.seqs, day, KIND, warnings=warnings,
                          stage_label=self._lookup.stage_label(row, row.stage),
                          version=written_version(row))  # fmt: skip

    def _append(
        self, conn: Connection, row: ProposalRecord, label: str, when: tuple[dt.date, str],
        place: places.Place, payload: dict[str, Any], actor: str | None, note: str | None,
    ) -> Written:  # fmt: skip
        day, precision = when
        draft = places.draft(KIND, day, place, actor, note, payload, precision)
        return self._recorder.append(conn, row, day, lambda _: [draft], label, ())

    def target(self, conn: Connection, text: str) -> Any:
        """The proposal row ``text`` names: ``P9415`` as its code writes it, or ``BSC:P9415``.
        A spelling that names proposals of two codes is refused, asking for the code."""
        code, sep, written = text.partition(":")
        if sep:
            code = code.strip().upper()
            if code not in {wf.references.code for wf in self._lookup.registry.all()}:
                codes = sorted({wf.references.code for wf in self._lookup.registry.all()})
                raise InvalidInput(
                    f"{text!r}: {code!r} is not a code; the codes: {', '.join(codes)}"
                )
            ref = self._lookup.parse(written.strip())
            try:
                return tables.proposal(conn, [code], ref.number, ref.alternative)
            except NotFound:
                raise UnknownReference(text) from None
        ref = self._lookup.parse(text)
        found = []
        for scheme in self._lookup.schemes(ref.prefix):
            try:
                found.append(tables.proposal(conn, [scheme], ref.number, ref.alternative))
            except NotFound:
                continue
        if len(found) > 1:
            forms = " or ".join(f"{r.scheme}:{text.strip()}" for r in found)
            raise InvalidInput(
                f"{text!r} names a proposal of {len(found)} codes; say which, like {forms}"
            )
        if not found:
            return self._lookup.find(conn, text)[0]  # UnknownReference, with near matches
        return found[0]
