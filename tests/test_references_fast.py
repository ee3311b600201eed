"""A grammar tries only the forms a text's first letter may start (after spaces), and reads
each text as trying every form in order would: the same reference, or the same refusal, on the
shipped forms' examples in any case and spacing and on random text (hypothesis), with the
letters that match others when case is ignored (the long s is ``s``, the Kelvin sign ``k``)
and digits of other scripts.

A plain spelling (a prefix or alias as declared, in capitals or small letters, maybe a space or a
tab, then ASCII digits; or digits alone) is read without matching the patterns, from the shape
its prefix and number of digits were found to have the general way: it too reads as trying every
form would, on the shipped grammar and on grammars of random schemes (prefixes, aliases and marks
holding digits among them, where no spelling is read the short way)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from govflow.errors import InvalidInput
from govflow.workflow.definition import Mark, Prefix, ReferenceScheme
from govflow.workflow.references import Grammar, Ref, format_reference, reference_forms
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


_WORDS = sorted({w for s in SCHEMES for p in s.prefixes for w in (p.prefix, *p.read_also)})
_HEADS = st.sampled_from(_WORDS).flatmap(
    lambda w: st.sampled_from(
        [w, w.lower(), w.swapcase(), w.capitalize(), f" {w}", w + "  "]
    ).flatmap(lambda h: st.sampled_from([h, h + " ", h + "\t", h + "\u00a0", h + "-"]))
)
_NUMBERS = st.text(alphabet="0123456789", max_size=9)
_ODD_NUMBERS = st.text(alphabet="0123456789\u0663\u0660A", max_size=9)
#: Plain spellings and near misses: a word in any case and spacing, then digits (or not only).
_SPELLINGS = st.tuples(_HEADS, _NUMBERS | _ODD_NUMBERS).map("".join)


@settings(max_examples=1000, deadline=None, derandomize=True)
@given(
    st.text(alphabet=_LETTERS, max_size=12)
    | st.text(max_size=8)
    | _SPELLINGS
    | st.text(alphabet="0123456789 ", max_size=9)
)
@example("DP123")
@example("MP 122")
@example("UNC0678")
@example("0678\n")
@example("SECMP0000116")
@example("DP1234567")
@example("\u017fecmp116")
@example("\u212amp1")
@example("\u0660\u0666\u0667\u0668")
@example("\u2003mp 7")
def test_any_text_reads_as_trying_every_form_would(text: str) -> None:
    grammar = Grammar(SCHEMES)
    assert _parsed(grammar, text) == _every_form(grammar, text)


def test_the_common_spellings_are_read_the_short_way() -> None:
    """DP123, MP 7, 0678 and UNC0678 are read from their shapes: the patterns are matched for
    each shape (its probes, the prefix and one to seven ones), never for a reference."""
    grammar = Grammar(SCHEMES)
    matched: list[str] = []
    general = grammar._matched

    def matching(text: str) -> Ref:
        matched.append(text)
        return general(text)

    grammar._matched = matching  # type: ignore[method-assign]
    texts = [f"DP{n}" for n in range(100, 160)] + [f"MP {n}" for n in range(1, 40)]
    texts += [f"{n:04d}" for n in range(600, 640)] + [f"UNC{n:04d}" for n in range(600, 640)]
    for text in texts:
        assert grammar.parse(text) == _every_form(grammar, text)
    heads = ["DP", "MP ", "", "UNC"]
    assert sorted(matched) == sorted(h + "1" * n for h in heads for n in range(1, 8))


_CAPS = st.text(alphabet="ABCMPU", min_size=1, max_size=3)
_WORD = _CAPS | st.tuples(_CAPS, st.sampled_from(["1", "0", "\u0663"])).map("".join)


@st.composite
def _schemes(draw: Any) -> list[ReferenceScheme]:
    schemes = []
    for code in draw(st.lists(st.sampled_from(["A", "B", "C"]), min_size=1, max_size=3)):
        prefixes = tuple(
            Prefix(
                "" if bare else draw(_WORD),
                "",
                width=draw(st.sampled_from([0, 0, 2, 4])),
                read_also=tuple(draw(st.lists(_WORD, max_size=2))),
            )
            for bare in draw(st.lists(st.booleans(), min_size=1, max_size=3))
        )
        label = draw(st.sampled_from(["", "", "W", "WA1"]))
        marks = tuple(Mark(s, "") for s in draw(st.lists(st.sampled_from(["V", "S", "FT", "2"]))))
        alternatives = draw(st.booleans())
        schemes.append(ReferenceScheme(code, prefixes, (), alternatives, label, marks))
    return schemes


@settings(max_examples=200, deadline=None, derandomize=True)
@given(_schemes(), st.data())
def test_any_grammar_reads_a_plain_spelling_as_every_form_reads_it(
    schemes: list[ReferenceScheme], data: st.DataObject
) -> None:
    """The spellings are made of the grammar's own words, cut short too (A of A0), and digits
    that may start with the digits a word holds."""
    grammar = Grammar(schemes)
    words = sorted({w for s in schemes for p in s.prefixes for w in (p.prefix, *p.read_also)})
    heads = st.sampled_from(words).flatmap(lambda w: st.sampled_from([w, w[:-1], w.lower()]))
    digits = st.tuples(st.sampled_from(["", "0", "1", "2"]), _NUMBERS).map("".join)
    for head, number in data.draw(st.lists(st.tuples(heads, digits), min_size=1, max_size=8)):
        for text in (head + number, f"{head} {number}", number):
            assert _parsed(grammar, text) == _every_form(grammar, text)


@pytest.mark.parametrize("text", ["A023", "A0 23", "a023", "A123", "A0", "23"])
def test_a_prefix_holding_a_digit_leaves_every_spelling_to_the_patterns(text: str) -> None:
    """A023 is A0's 23 (its form comes first), though A111 is A's 111: the digits after A are
    not only counted there, so no spelling is read from a shape."""
    scheme = ReferenceScheme("X", (Prefix("A0", ""), Prefix("A", "")))
    grammar = Grammar([scheme])
    assert _parsed(grammar, text) == _every_form(grammar, text)
    assert not grammar._heads


@settings(max_examples=300, deadline=None, derandomize=True)
@given(
    st.integers(min_value=-(10**8), max_value=10**12) | st.booleans(),
    st.integers(min_value=0, max_value=12),
    st.sampled_from(["", "MP", "SECMP", "é"]),
    st.sampled_from(["", "A", "1", "12"]),
    st.sampled_from(["", "WACM"]),
)
@example(-5, 4, "MP", "", "")
@example(True, 2, "MP", "", "")
def test_a_reference_is_written_as_the_format_pads_its_number(
    number: int, width: int, prefix: str, alternative: str, label: str
) -> None:
    """``zfill`` pads as ``:0{width}d`` does: negative numbers, a wider number, width 0, and a
    boolean (which takes the format)."""
    if alternative and label:
        expected = f"{prefix}{number:0{width}d} {label}{alternative}"
    else:
        expected = f"{prefix}{number:0{width}d}{alternative}"
    assert format_reference(prefix, number, alternative, width, label) == expected
