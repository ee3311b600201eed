"""Solutions shared by several records: one alternative that two records hold, as Ofgem
directed "CMP264/265 WACM4" (one WACM of CMP264 and CMP265, decided 15 June 2017; domain brief).

Each record holds the alternative as its own solution, raised by an ``alternative`` event whose
``shared_with`` names the other records, so each hash chain says it shares it. A decision, a
vote or a milestone on the shared solution is recorded on every record that holds it, in one
transaction: the rule core judges each (:func:`govflow.workflow.step.step`, through the
recorder), and one refusal refuses them all.
"""

from __future__ import annotations

from govflow.records.lookup import Lookup, state_of
from govflow.store.session import Connection
from govflow.workflow.directions import solution_letter
from govflow.workflow.references import Ref


def shared_moves(
    conn: Connection, lookup: Lookup, reference: str, solution: str | None, ref: Ref | None = None
) -> list[tuple[str, str]]:
    """The other records a decision on ``solution`` (or on the shared alternative ``reference``
    names) is also recorded on, each with the solution's letter there: none for a solution one
    record holds alone. ``ref`` is ``reference`` read (:meth:`Lookup.parse`), when it has been."""
    ref = lookup.parse(reference) if ref is None else ref
    if solution is None and not ref.shared:
        return []  # no solution named, and not a shared one's reference: nothing to read
    row, ref = lookup.find(conn, reference, ref)
    state, label = state_of(row), lookup.label(row)
    if solution is not None:
        letter = solution_letter(state, label, solution)
    elif ref.shared:
        letter = f"{ref.alternative_label}{ref.alternative}"
    else:
        return []
    if letter is None:
        return []
    return [(other, letter) for other in state.shared.get(letter, ())]


def shared_labels(lookup: Lookup, reference: str) -> tuple[str, list[str]]:
    """The record a shared alternative's reference names first (``CMP264`` of ``CMP264/265
    WACM4``) and the others (``CMP265``), written as their code writes them."""
    ref = lookup.parse(reference)
    first = lookup.original_of(ref)
    width = len(first) - len(ref.prefix) if first[len(ref.prefix) :].startswith("0") else 0
    return first, [f"{ref.prefix}{n:0{width}d}" for n in ref.shared]
