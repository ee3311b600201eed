"""The short ways a call's arguments take: text, None and dates passed by their type and text
alone (:func:`govflow.validation.checked`), and a reference read again taken from what it parsed
to (:meth:`govflow.workflow.references.Grammar.parse`). Each must answer as the long way does.

MP960 and DP960 are invented references (the fictional numbers the docs use).
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from govflow.errors import InvalidInput
from govflow.validation import LIMITS, checked
from govflow.workflow.definition import Prefix, ReferenceScheme
from govflow.workflow.references import Grammar, Ref, parse_reference
from govflow.workflow.registry import Registry


def _place(reference: str, on: str | dt.date | None = None, title: str | None = None) -> str:
    return reference


PLACE = checked(_place)


@pytest.mark.parametrize(
    "value",
    ["MP960", "Ünïcode title", "", "x" * LIMITS.name, None, dt.date(2021, 1, 5),
     dt.datetime(2021, 1, 5, 9, 30)],
    ids=["ascii", "non-ascii", "empty", "at-limit", "none", "date", "datetime"],
)  # fmt: skip
def test_text_none_and_dates_that_fit_pass(value: object) -> None:
    assert PLACE("MP960", on=value) == "MP960"  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"on": "2021\x00"}, "on holds a NUL"),
        ({"on": "2021\ud800"}, "on holds a lone surrogate"),
        ({"on": "é\x00"}, "on holds a NUL"),
        ({"on": "x" * (LIMITS.name + 1)}, "on is 201 characters long"),
        ({"title": "x" * (LIMITS.title + 1)}, "title is 501 characters long"),
        ({"on": 20210105}, r"on must be a str or a datetime.date or None, not int"),
        ({"on": True}, "on must be a str or a datetime.date or None, not bool"),
    ],
    ids=["nul", "surrogate", "non-ascii-nul", "long", "long-title", "int", "bool"],
)
def test_text_and_types_that_do_not_fit_are_refused_as_before(
    arguments: dict[str, object], message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        PLACE("MP960", **arguments)  # type: ignore[arg-type]


def test_a_title_within_its_own_limit_passes_though_longer_than_a_name() -> None:
    title = "x" * LIMITS.title
    assert PLACE("MP960", title=title) == "MP960"


def test_a_reference_read_again_is_the_same_and_keeps_its_own_spelling() -> None:
    grammar = Grammar([])  # no scheme: nothing parses, the first time or the second
    for _ in range(2):
        with pytest.raises(InvalidInput):
            grammar.parse("MP960")
    first = parse_reference("MP960")
    assert parse_reference("MP960") == first
    assert parse_reference("mp 960").spelling == "mp 960"
    assert parse_reference("SECMP0960").spelling == "SECMP0960"
    assert parse_reference("MP960A") == parse_reference("MP960A")
    assert parse_reference("MP960A").key == (960, "A")


def test_a_text_that_is_no_reference_is_refused_every_time() -> None:
    for _ in range(2):
        with pytest.raises(InvalidInput, match="'MP 9-60' is not a proposal reference"):
            parse_reference("MP 9-60")


def test_a_grammar_full_of_texts_still_reads_each(monkeypatch: pytest.MonkeyPatch) -> None:
    import govflow.workflow.references as references

    monkeypatch.setattr(references, "_PARSED_KEPT", 3)
    for number in range(1, 10):
        assert parse_reference(f"DP{number}").number == number
    assert parse_reference("DP2").number == 2
    padded = "  DP960" + " " * 100
    assert parse_reference(padded).number == 960
    assert parse_reference(padded).spelling == "DP960"


def _fields(ref: Ref) -> list[tuple[str, object, type]]:
    return [
        (f.name, getattr(ref, f.name), type(getattr(ref, f.name))) for f in dataclasses.fields(ref)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("MP960A", Ref("MP", 960, "A", "MP960A")),
        ("mp 960a", Ref("MP", 960, "A", "mp 960a")),
        ("0960AV", Ref("", 960, "A", "0960AV", "V")),
        ("0960FT", Ref("", 960, "", "0960FT", "FT")),
        ("CMP960 WACM1", Ref("CMP", 960, "1", "CMP960 WACM1", "", "WACM")),
        ("CMP960/961 WACM4", Ref("CMP", 960, "4", "CMP960/961 WACM4", "", "WACM", (961,))),
        ("P960", Ref("P", 960, "", "P960")),
        ("DP960", Ref("DP", 960, "", "DP960")),
        ("0960", Ref("", 960, "", "0960")),
    ],
    ids=["sec-alternative", "lower-case", "unc-marks", "unc-fast-track", "cusc-wacm",
         "cusc-shared", "bsc", "sec-plain", "unc-plain"],
)  # fmt: skip
def test_a_reference_read_is_the_ref_its_fields_make(text: str, expected: Ref) -> None:
    cusc = ReferenceScheme(
        "CUSC", (Prefix("CMP", "CUSC Modification Proposal"),), alternative_label="WACM"
    )
    grammar = Grammar([*(wf.references for wf in Registry.shipped().all()), cusc])
    for _ in range(2):  # read, then read again
        found = grammar.parse(text)
        assert found == expected
        # every field, with its type (a plain spelling's defaults are the class's own)
        assert _fields(found) == _fields(expected)
        assert hash(found) == hash(expected)
        with pytest.raises(AttributeError):
            found.number = 1  # type: ignore[misc]


def _many(
    reference: str, trigger: str | None = None, /, *, on: str | dt.date | None = None,
    count: int | None = None, flag: bool = False, share: float = 0.5,
    names: list[str] | None = None, title: str | None = None, note: str | None = None,
) -> tuple[object, ...]:  # fmt: skip
    return reference, trigger, on, count, flag, share, names, title, note


SHORT, LONG = checked(_many), checked(_many, short=False)
TOO_LONG = "x" * (LIMITS.name + 1)


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        (("MP960",), {}),
        (("MP960", "submit"), {"on": "2021-01-05", "count": 3, "flag": True, "share": 0.25}),
        (("MP960", None), {"on": dt.date(2021, 1, 5), "title": "x" * LIMITS.title, "note": None}),
        (("MP960",), {"names": ["a", "b"]}),
        (("MP960",), {"names": ["a", "b\x00"]}),
        (("MP960",), {"count": 2**31}),
        (("MP960",), {"count": -(2**31)}),
        (("MP960",), {"count": True}),
        (("MP960",), {"flag": 1}),
        (("MP960",), {"share": 1}),
        (("MP960",), {"share": 2**40}),
        (("MP960",), {"on": dt.datetime(2021, 1, 5, 9)}),
        (("MP960",), {"title": "x" * (LIMITS.title + 1)}),
        (("MP960",), {"note": "x" * (LIMITS.title + 1)}),
        (("MP960",), {"on": TOO_LONG}),
        (("MP9\x0060",), {}),
        (("Ünïcode", "ü\ud800"), {}),
        ((960,), {}),
        (("MP960",), {"count": "3", "on": 5}),  # two wrong: the first named is refused
        (("MP960",), {"on": 5, "count": "3"}),
        ((), {}),
        (("MP960", "submit", "extra"), {}),
        (("MP960",), {"reference": "MP961"}),
        (("MP960",), {"trigger": "submit"}),
        (("MP960",), {"unknown": 1}),
        ((), {"on": "2021-01-05"}),
    ],
    ids=lambda v: repr(v)[:40],
)
def test_the_short_way_answers_as_the_long_way(
    args: tuple[object, ...], kwargs: dict[str, object]
) -> None:
    """Every call, fit or not, binding or not: the same value or the same refusal's words."""
    answers = []
    for way in (SHORT, LONG):
        try:
            answers.append(("value", way(*args, **kwargs)))  # type: ignore[arg-type]
        except InvalidInput as exc:
            answers.append(("refused", str(exc)))
    assert answers[0] == answers[1]


def test_a_method_with_any_arguments_takes_the_long_way() -> None:
    def spread(*names: str, **more: int) -> int:
        return len(names) + len(more)

    assert checked(spread)("a", "b", c=1) == 3
    with pytest.raises(InvalidInput, match="names holds a NUL"):
        checked(spread)("a", "b\x00")


def test_an_error_the_method_raises_is_its_own() -> None:
    def fails(reference: str) -> None:
        raise TypeError("the method's own")

    with pytest.raises(TypeError, match="the method's own"):
        checked(fails)("MP960")


class _Desk:
    """A use case with one checked method (the facade wraps each instance's bound methods)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def place(self, reference: str, *, on: dt.date | None = None) -> str:
        return f"{self.name}:{reference}"


@pytest.mark.parametrize("short", [True, False])
def test_bound_methods_of_two_instances_share_the_checks_and_call_their_own(short: bool) -> None:
    """What ``checked`` makes of a function is kept for the next instance's bound method: each
    wrapper still calls its own instance, and refuses with the same words."""
    first, second = checked(_Desk("a").place, short=short), checked(_Desk("b").place, short=short)
    assert (first("MP960"), second("MP960", on=dt.date(2021, 1, 5))) == ("a:MP960", "b:MP960")
    refusals = []
    for wrapped in (first, second):
        with pytest.raises(InvalidInput) as refused:
            wrapped(5)  # type: ignore[arg-type]
        refusals.append(str(refused.value))
        with pytest.raises(InvalidInput, match="unexpected keyword"):
            wrapped("MP960", at=1)  # type: ignore[call-arg]
    assert refusals[0] == refusals[1] and "reference must be" in refusals[0]
