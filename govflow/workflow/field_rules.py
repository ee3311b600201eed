"""The rule on an event's **fields**: a kind carries only its own (a move its trigger, and the
stages it leaves and enters; a milestone its name and an ``until``; ...). Only
:func:`govflow.workflow.rules.judge` calls :func:`field_reasons`. Pure.
"""

from __future__ import annotations

from collections.abc import Sequence

from govflow.model import Event
from govflow.workflow.verdict import Reason

_MOVE = (frozenset({"trigger"}), frozenset({"trigger", "from_stage", "to_stage"}))
_MARK = (frozenset({"milestone"}), frozenset({"milestone", "until"}))
_NONE: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())
#: Per kind: the fields it must carry and those it may carry (of trigger, milestone, from_stage,
#: to_stage, until, corrects_seq); kinds that move or mark take either shape.
_FIELDS: dict[str, tuple[tuple[frozenset[str], frozenset[str]], ...]] = {
    "raised": ((frozenset({"to_stage"}), frozenset({"to_stage"})),),
    "transition": (_MOVE,),
    "override": (_MOVE, _MARK),
    "implied": (_MOVE, _MARK),
    "reached": ((frozenset({"from_stage", "to_stage"}),) * 2,),
    "milestone": (_MARK,),
    "relabel": ((frozenset({"trigger"}), frozenset({"trigger"})),),
    "migrated": ((frozenset({"from_stage", "to_stage"}),) * 2,),
    "correction": ((frozenset({"corrects_seq"}), frozenset({"corrects_seq"})),),
    **{k: (_NONE,) for k in ("link", "route", "proposer", "release", "alternative", "related")},
}
_NAMED = ("trigger", "milestone", "from_stage", "to_stage", "until", "corrects_seq")


#: What :func:`_shape_reasons` (a pure function of them) says of each shape of event met so far:
_SHAPES: dict[tuple[object, ...], tuple[Reason, ...]] = {}  # its kind, fields given, override


def field_reasons(e: Event) -> Sequence[Reason]:
    shape = (e.kind, e.trigger is not None, e.milestone is not None, e.from_stage is not None,
             e.to_stage is not None, e.until is not None, e.corrects_seq is not None,
             e.kind == "transition" and e.override is not None)  # fmt: skip
    found = _SHAPES.get(shape)
    if found is None:
        found = tuple(_shape_reasons(e))
        if e.kind in _FIELDS:  # a few hundred shapes at most: each judged once
            _SHAPES[shape] = found
    return found  # a tuple: judge only reads it


def _shape_reasons(event: Event) -> list[Reason]:
    shapes = _FIELDS.get(event.kind)
    if shapes is None:
        return [Reason("fields", f"{event.kind!r} is not a kind of event", False)]
    given = frozenset(n for n in _NAMED if getattr(event, n) is not None)
    if any(required <= given <= allowed for required, allowed in shapes):
        return []
    allowed = sorted(set().union(*(a for _, a in shapes)))
    extra = sorted(given - set(allowed))
    if extra:
        why = f"a {event.kind} event carries no {', '.join(extra)}"
    else:
        needed = sorted(set().union(*(r for r, _ in shapes)) - given)
        why = f"a {event.kind} event needs its {', '.join(needed) or 'fields'}"
    reasons = [Reason("fields", why, False)]
    if event.kind == "transition" and event.override:
        reasons.append(Reason("fields", "an override is recorded as an 'override' event", False))
    return reasons
