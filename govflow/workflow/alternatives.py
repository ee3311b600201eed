"""When, and by whom, an alternative solution may be raised: the ``alternatives`` section of a
workflow file, as data (each rule with its source in the file, or marked unconfirmed).

``raised_in``
    the stages an alternative may be raised in (UNC: the Workgroup stage, since the Code
    Governance Review); none listed: any open stage.
``not_by_proposer``
    an alternative is raised by someone other than the proposer of the original (UNC: "a User
    other than the proposer"); judged only when both are on record.
``unconfirmed``
    our sources do not fix the rules above as rules (the SEC: "usually by the Working Group during
    Refinement"; the BSC: not in our sources): an alternative that does not keep to them is not
    refused; the rule core names them as unconfirmed and its history says so.
``note``
    where the rules come from, or that they are unconfirmed.

The rule core judges them (:func:`govflow.workflow.solution_rules.alternative_reasons`). Pure.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from govflow.errors import hint
from govflow.workflow.yaml_reader import Reader, join

KEYS = {"raised_in", "not_by_proposer", "unconfirmed", "note"}


@dataclass(frozen=True)
class AlternativeRule:
    raised_in: tuple[str, ...] = ()  # the stages; none: any open stage
    not_by_proposer: bool = False
    unconfirmed: bool = False  # not kept to: named, never refused
    note: str = ""


def parse_alternatives(r: Reader, value: Any, stages: Iterable[str]) -> AlternativeRule:
    if value is None:
        return AlternativeRule()
    data = r.mapping(value, "alternatives", KEYS)
    raised_in = r.names(data.get("raised_in"), join("alternatives", "raised_in"))
    known = tuple(stages)
    for stage in raised_in:
        if stage not in known:
            where = join("alternatives", "raised_in")
            r.problem(where, f"unknown stage {stage!r}{hint(stage, known)}")
    return AlternativeRule(
        raised_in=raised_in,
        not_by_proposer=r.flag(data, "not_by_proposer", "alternatives", default=False),
        unconfirmed=r.flag(data, "unconfirmed", "alternatives", default=False),
        note=r.text(data, "note", "alternatives", required=False),
    )
