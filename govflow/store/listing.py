"""The SQL of a list of proposals (:class:`govflow.records.queries.Queries`): the proposals a
filter keeps, in reference order, a page at a time; then, for a page, each one's aliases,
release links and latest recorded event, in one statement of each per 500 proposals."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from sqlalchemy import Connection, and_, func, or_, select

from govflow.model import Event
from govflow.store import paging, reads, tables
from govflow.store.rows import ProposalRecord, ReleaseLinkRecord

_CHUNK = 500  # ids per IN list


def proposals(
    conn: Connection,
    *,
    stage: str | None = None,
    workflow: str | None = None,
    committee_id: int | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    limit: int | None = None,
    after: ProposalRecord | None = None,
) -> list[ProposalRecord]:
    """The proposals in ``stage``, of ``workflow``, handled at a meeting of the committee
    ``committee_id``, with an event dated from ``since`` to ``until`` (each when given), in
    reference order: the first ``limit`` of them, those after the proposal ``after``."""
    p, e, m = tables.proposal_t, tables.event_t, tables.meeting_t
    query = select(p)
    if stage is not None:
        query = query.where(p.c.stage == stage)
    if workflow is not None:
        query = query.where(p.c.workflow == workflow)
    if committee_id is not None:
        at = select(e.c.proposal_id).join(m, m.c.id == e.c.meeting_id)
        query = query.where(p.c.id.in_(at.where(m.c.committee_id == committee_id)))
    if since is not None or until is not None:
        dated = select(e.c.proposal_id)
        if since is not None:
            dated = dated.where(e.c.occurred_on >= since)
        if until is not None:
            dated = dated.where(e.c.occurred_on <= until)
        query = query.where(p.c.id.in_(dated))
    last = paging.key_of(after) if after is not None else None
    return list(conn.execute(paging.paged(query, after=last, limit=limit)))


def count(conn: Connection) -> int:
    """How many proposals there are."""
    return int(conn.execute(select(func.count()).select_from(tables.proposal_t)).scalar_one())


@dataclass
class PageDetails:
    """Of each proposal of a page, by id: its aliases (in the order added), its release links,
    and its latest recorded event (the one its row's head names)."""

    aliases: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))
    releases: dict[int, list[ReleaseLinkRecord]] = field(default_factory=lambda: defaultdict(list))
    lasts: dict[int, Event] = field(default_factory=dict)


def page_details(conn: Connection, rows: Sequence[ProposalRecord]) -> PageDetails:
    """The aliases, release links and latest event of each of ``rows``."""
    found = PageDetails()
    a, rp, rel, e = tables.alias_t, tables.release_proposal_t, tables.release_t, tables.event_t
    for chunk in _chunks([r.id for r in rows], _CHUNK):
        for r in conn.execute(select(a).where(a.c.proposal_id.in_(chunk)).order_by(a.c.id)):
            found.aliases[r.proposal_id].append(r.spelling)
        for r in conn.execute(
            select(rp.c.proposal_id, rel.c.name, rel.c.date, rp.c.status)
            .join(rel, rel.c.id == rp.c.release_id)
            .where(rp.c.proposal_id.in_(chunk))
            .order_by(rp.c.id)
        ):
            found.releases[r.proposal_id].append(r)
        wanted = set(chunk)  # once per chunk: building it per row made long lists quadratic
        heads = [and_(e.c.proposal_id == r.id, e.c.seq == r.head_seq)
                 for r in rows if r.id in wanted]  # fmt: skip
        for r in conn.execute(tables.events_with_places().where(or_(*heads))):
            found.lasts[r.proposal_id] = reads.event_of(r)
    return found


def _chunks(values: list[int], size: int) -> Iterator[list[int]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]
