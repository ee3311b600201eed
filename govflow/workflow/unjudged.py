"""Which histories the rule core may leave a rule unchecked or unconfirmed in: a query of
:func:`govflow.workflow.rules.judge`, which decides every rule. Pure.

A history is told as judged now (:func:`govflow.workflow.replay.annotated`): each event with the
rules a lack of facts left unchecked. Judging every event again costs more than reading it;
:func:`to_judge` says, from the events' kinds and names and the workflow's definition alone,
after which event judging cannot name such a rule, so that the rest (or the whole history:
:func:`may_leave_unjudged`) can be told as it is.

Where ``judge`` names a rule :data:`~govflow.workflow.rules.NOT_JUDGED`: a requirement of a
move's transitions or of a milestone that asks for a fact the record may lack (a route, a flag
not on record, a milestone a consultation of unknown kind may be:
:func:`govflow.workflow.requirements.unknown`), a stage reached across a gap (its routes), an
alternative under an unconfirmed rule. Every other kind is judged by rules that are met or
refused. Which requirements may ask for a missing fact is asked of ``unknown`` itself, in a
situation where every fact it can ask about is missing; the answer is kept per definition
object (a definition never changes once loaded), as :mod:`govflow.workflow.effects` keeps its
table: never stored.

The query answers "may" and errs towards yes: a kind, a version, a milestone or a trigger it
does not know, a migration (the version changes), a move by target stage still to be read from
its stage (``by_target``), each gives yes (judged the long way). ``tests/test_unjudged.py``
holds it to ``judge``: a history it calls plain is told the same either way.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from govflow.errors import UnknownWorkflow
from govflow.model import Event
from govflow.workflow.by_target import ENTERED
from govflow.workflow.definition import Requirement, Workflow
from govflow.workflow.requirements import Situation, unknown
from govflow.workflow.verdict import Rules


class _Every(frozenset[str]):
    """Every name: a flag or milestone whose value is not on record, whatever it is."""

    def __contains__(self, name: object) -> bool:
        return True


#: A situation where every fact a requirement may ask about is missing: a requirement that is
#: not ``unknown`` here is never unknown.
_NOTHING_KNOWN = Situation(
    stage="", path=None, unknown_flags=_Every(), unknown_milestones=_Every()
)  # fmt: skip
#: Kinds ``judge`` only meets or refuses (their own rules ask for no missing fact). A move's
#: and a milestone's are asked by name below; any other kind (reached, alternative, migrated,
#: one not known) may leave a rule unchecked.
_PLAIN_KINDS = frozenset(
    {"raised", "link", "related", "correction", "route", "proposer", "release", "relabel"}
)
_MOVES = frozenset({"transition", "override", "implied"})


@dataclass(frozen=True, slots=True)
class Plain:
    """A workflow version's milestones and triggers whose requirements never ask for a missing
    fact (a move or milestone of another name may be left unchecked)."""

    milestones: frozenset[str]
    triggers: frozenset[str]


_KEPT = "_plain"  # where a definition keeps its table (no field of it has that name)


def plain(wf: Workflow) -> Plain:
    """The table of ``wf``, built on its first use and kept on the object."""
    found: Plain | None = wf.__dict__.get(_KEPT)
    if found is None:
        found = wf.__dict__[_KEPT] = _built(wf)
    return found


def _asks_nothing_missing(requires: Iterable[Requirement]) -> bool:
    return not any(unknown(r, _NOTHING_KNOWN) for r in requires)


def _built(wf: Workflow) -> Plain:
    unsure = {t.trigger for t in wf.transitions if not _asks_nothing_missing(t.requires)}
    return Plain(
        frozenset(m.name for m in wf.milestones if _asks_nothing_missing(m.requires)),
        frozenset(t.trigger for t in wf.transitions if t.trigger not in unsure),
    )


def may_leave_unjudged(rules: Rules, facts: Sequence[Event]) -> bool:
    """Whether judging ``facts`` (a history in occurrence order) may name a rule unchecked or
    unconfirmed, or allow an event that leaves from a stage other than the one it names (a
    stage reached across a gap). False only when neither can happen: then every verdict is a
    plain allowed or refused, and the history reads the same judged or not."""
    return to_judge(rules, facts) > 0


def to_judge(rules: Rules, facts: Sequence[Event]) -> int:
    """How many of ``facts`` (a history in occurrence order) must be judged again to tell it:
    those up to the last that judging may mark (see :func:`may_leave_unjudged`), or all of
    them when the versions they are judged by are in doubt (a raise of a version not defined,
    a migration); 0 when none may be marked. Judging an event after the last cannot mark it,
    whatever state the events before it leave."""
    tables = []
    for fact in facts:
        if fact.kind == "raised":  # the versions the history may be judged by
            version = fact.payload.get("workflow_version")
            if type(version) is not int:  # read otherwise by judge and step: judged the long way
                return len(facts)
            try:
                tables.append(plain(rules.of(version)[0]))
            except UnknownWorkflow:
                return len(facts)
        elif fact.kind == "migrated":  # the events after it are judged by another version
            return len(facts)
    if not tables:
        return len(facts)
    milestones = frozenset.intersection(*(t.milestones for t in tables))
    triggers = frozenset.intersection(*(t.triggers for t in tables))
    for at in range(len(facts) - 1, -1, -1):
        fact = facts[at]
        kind = fact.kind
        if kind in _PLAIN_KINDS:
            pass
        elif kind == "milestone" or (kind in _MOVES and fact.trigger is None):
            if fact.milestone not in milestones:
                return at + 1
        elif kind not in _MOVES or fact.trigger not in triggers:
            return at + 1
        if ENTERED in fact.payload:
            return at + 1
    return 0
