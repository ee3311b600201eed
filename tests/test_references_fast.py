"""A grammar tries only the forms a text's first letter may start (after spaces), and reads
each text as trying every form in order would: the same reference, or the same refusal, on the
shipped forms' examples in any case and spacing and on random text (hypothesis), with the
letters that match others when case is ignored (the long s is ``s``, the Kelvin sign ``k``)
and digits of other scripts."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from govflow.errors import InvalidInput
from govflow.workflow.references import Grammar, Ref, reference_forms
from govflow.workflow.registry import Registry

SCHEMES = [wf.references for wf in Registry.shipped().all()]
EXAMPLES = sorted({e for s in SCHEMES for e in reference_forms(s)})


def _every_form(grammar: Grammar, text: str) -> Ref | None:
    """The long way: each form in the grammar's order, the first that matches."""
    for form in grammar._forms:
        match = form.whole.match(text)
        if match is not None:
            return form.ref(match)
    return None


def _parsed(grammar: Grammar, text: str) -> Ref | None:
    try:
        return grammar.parse(text)
    except InvalidInput:
        return None


@pytest.mark.parametrize("example", EXAMPLES)
def test_each_example_in_any_case_and_spacing_reads_as_every_form_reads_it(example: str) -> None:
    grammar = Grammar(SCHEMES)
    for text in (example, example.lower(), f"  {example} ", f"\u00a0{example.swapcase()}"):
        found = _parsed(grammar, text)
        assert found == _every_form(grammar, text)
        assert found is not None or not text.strip()


_ODD = " \t\u00a0\u017f\u212a\u0663/"  # spaces, the long s, the Kelvin sign, an Arabic 3
_LETTERS = "".join(sorted({c for e in EXAMPLES for c in e + e.lower()})) + _ODD


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.text(alphabet=_LETTERS, max_size=12) | st.text(max_size=8))
@example("\u017fecmp116")
@example("\u212amp1")
@example("\u0660\u0666\u0667\u0668")
@example("\u2003mp 7")
def test_any_text_reads_as_trying_every_form_would(text: str) -> None:
    grammar = Grammar(SCHEMES)
    assert _parsed(grammar, text) == _every_form(grammar, text)
