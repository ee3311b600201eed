"""Reference schemes: every code's forms read and written, and no year or page number taken for a
UNC modification. The numbers here are forms only; no fact about any modification is stated."""

from __future__ import annotations

from pathlib import Path

import pytest

import govflow
from govflow.errors import AlreadyExists, InvalidInput, InvalidWorkflow
from govflow.workflow.definition import Mark, Prefix, ReferenceScheme
from govflow.workflow.loader import load_file, parse_workflow
from govflow.workflow.references import Grammar, Ref, find_references, parse_reference
from govflow.workflow.registry import Registry

ROOT = Path(__file__).parents[1]
CUSC = ReferenceScheme(
    "CUSC", (Prefix("CMP", "CUSC Modification Proposal"),), alternative_label="WACM"
)


@pytest.fixture(scope="module")
def grammar() -> Grammar:
    """The shipped SEC, BSC and UNC schemes, with the CUSC's."""
    return Grammar([*(wf.references for wf in Registry.shipped().all()), CUSC])


def _read(ref: Ref) -> tuple[str, int, str, str]:
    return (ref.prefix, ref.number, ref.alternative, ref.marks)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("SECMP0116", ("SECMP", 116, "", "")),
        ("SECMP116", ("SECMP", 116, "", "")),
        ("MP116", ("MP", 116, "", "")),
        ("MP 116", ("MP", 116, "", "")),
        ("DP116", ("DP", 116, "", "")),
        ("mp122a", ("MP", 122, "A", "")),
        ("MP122A", ("MP", 122, "A", "")),
        ("P415", ("P", 415, "", "")),
        ("0678", ("", 678, "", "")),
        ("UNC0678", ("", 678, "", "")),
        ("UNC 0678B", ("", 678, "B", "")),
        ("0678A", ("", 678, "A", "")),
        ("0678AV", ("", 678, "A", "V")),
        ("0678V", ("", 678, "", "V")),
        ("0701FT", ("", 701, "", "FT")),
        ("0687S", ("", 687, "", "S")),
        ("0678F", ("", 678, "F", "")),
        ("CMP315", ("CMP", 315, "", "")),
        ("CMP315 WACM1", ("CMP", 315, "1", "")),
        ("CMP315 WACM12", ("CMP", 315, "12", "")),
    ],
)
def test_every_code_form_is_read(grammar: Grammar, text: str, expected: tuple[str, ...]) -> None:
    ref = grammar.parse(text)
    assert _read(ref) == expected
    assert ref.spelling == text


@pytest.mark.parametrize(
    ("text", "width", "written"),
    [
        ("SECMP116", 4, "SECMP0116"),
        ("MP99", 3, "MP099"),
        ("UNC 0678", 4, "0678"),
        ("0678AV", 4, "0678A"),
        ("CMP315WACM1", 0, "CMP315 WACM1"),
    ],
)
def test_references_are_written_as_the_code_writes_them(
    grammar: Grammar, text: str, width: int, written: str
) -> None:
    assert grammar.parse(text).display(width) == written


def test_a_fresh_grammar_reads_and_finds_as_a_used_one(grammar: Grammar) -> None:
    """Each pattern is compiled when first matched (workflow/references.py): a grammar that has
    compiled none reads every form, refuses a non-reference and finds references in text as
    one that has compiled them all."""
    schemes = [*(wf.references for wf in Registry.shipped().all()), CUSC]
    for text in ["SECMP0116", "mp122a", "P415", "UNC 0678B", "0701FT", "CMP315 WACM1"]:
        assert _read(Grammar(schemes).parse(text)) == _read(grammar.parse(text))
    minutes = "Panel noted MP116, P415 and Modification 0678AV; CMP315 WACM1 in 2021 (page 0678)."
    found = [_read(r) for r in Grammar(schemes).find(minutes)]
    assert found == [_read(r) for r in grammar.find(minutes)]
    assert len(found) == 4
    with pytest.raises(InvalidInput, match="SECMP0116"):
        Grammar(schemes).parse("XQ116")
    assert Grammar(schemes).pattern() == grammar.pattern()


def test_marks_do_not_change_which_proposal_is_named(grammar: Grammar) -> None:
    assert grammar.parse("0678AV").key == grammar.parse("0678A").key == (678, "A")
    assert grammar.parse("0701FT").key == grammar.parse("UNC0701").key == (701, "")


@pytest.mark.parametrize("text", ["678", "06789", "page 0012", "Modification 0678", "WACM1", "QQ1"])
def test_what_is_not_a_reference_is_refused_with_every_form(grammar: Grammar, text: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        grammar.parse(text)
    message = str(caught.value)
    assert f"{text!r} is not a proposal reference" in message
    for form in ("SECMP0116", "MP116A", "P116", "0116", "UNC0116", "0116FT", "CMP116 WACM1"):
        assert form in message


def test_unc_numbers_in_running_text_need_the_uncs_context(grammar: Grammar) -> None:
    text = (
        "In 2021 (see page 0012, table 0003) the Panel considered Modification 0678AV, "
        "UNC0701FT and mod. 0700; also 0679 and 1234A alone, and MP122A, CMP315 WACM1, P415."
    )
    found = [(r.spelling, r.key) for r in grammar.find(text)]
    assert found == [
        ("0678AV", (678, "A")),
        ("UNC0701FT", (701, "")),
        ("0700", (700, "")),
        ("MP122A", (122, "A")),
        ("CMP315 WACM1", (315, "1")),
        ("P415", (415, "")),
    ]


def test_prefixes_inside_words_are_not_references(grammar: Grammar) -> None:
    assert [r.spelling for r in grammar.find("CMP315 is not MP315; XP415 and P4150XY neither")] == [
        "CMP315",
        "MP315",
    ]


def test_sec_forms_work_as_before_with_plain_prefixes() -> None:
    assert _read(parse_reference("SECMP0116")) == ("SECMP", 116, "", "")
    assert [r.spelling for r in find_references("MP 116, DP116 and MP122A in 2021")] == [
        "MP 116",
        "DP116",
        "MP122A",
    ]
    assert [r.spelling for r in find_references("CP1234 and MP5", ["CP"])] == ["CP1234"]


def test_the_shipped_unc_scheme_marks_from_flags_and_milestones() -> None:
    scheme = load_file(ROOT / "workflows" / "unc-modification.yaml").references
    assert [m.suffix for m in scheme.marks] == ["S", "FT", "V"]
    assert scheme.marks_of(["fast_track"], []) == "FT"
    assert scheme.marks_of(["self_governance"], ["variation_accepted"]) == "SV"
    assert scheme.marks_of([], []) == ""
    assert scheme.flags_marked("SV") == ("self_governance",)
    assert scheme.flags_marked("FT") == ("fast_track",)
    assert scheme.flags_marked("") == ()
    (bare,) = scheme.prefixes
    assert (bare.prefix, bare.width, bare.read_also) == ("", 4, ("UNC",))


_MINIMAL = """\
name: fict
title: Fictional code
version: 1
in_force_from: 2020-01-01
initial: open
flags:
  fast_track: Fast Track
states:
  open: {label: Open, body: PANEL}
  closed: {label: Closed, body: PANEL, terminal: true}
bodies:
  PANEL: {name: Panel}
transitions:
  - {trigger: close, source: open, dest: closed, body: PANEL}
references:
  code: FICT
"""


@pytest.mark.parametrize(
    ("references", "problem"),
    [
        ('  prefixes:\n    "": {meaning: Modification}\n', "a bare number"),
        (
            '  prefixes:\n    "": {meaning: M, width: 4, read_also: [U1]}\n',
            "read_also[0]: letters only",
        ),
        (
            "  prefixes:\n    FP: {meaning: M}\n  marks:\n    FT: {meaning: x, flag: fasttrack}\n",
            "unknown flag 'fasttrack' (did you mean 'fast_track'?)",
        ),
        (
            "  prefixes:\n    FP: {meaning: M}\n  marks:\n    V: {meaning: x, milestone: varied}\n",
            "unknown milestone 'varied'",
        ),
        ("  prefixes:\n    FP: {meaning: M}\n  alternative_label: WACM1\n", "letters only"),
        ("  prefixes:\n    FP: {meaning: M}\n  marks: [V]\n", "expected a mapping of marks"),
    ],
)
def test_a_broken_reference_scheme_is_refused_when_it_loads(references: str, problem: str) -> None:
    with pytest.raises(InvalidWorkflow) as caught:
        parse_workflow(_MINIMAL + references)
    assert problem in str(caught.value)


def test_a_mark_declared_in_a_file_is_read() -> None:
    text = (
        _MINIMAL
        + "  prefixes:\n    FP: {meaning: M}\n  marks:\n    FT: {meaning: x, flag: fast_track}\n"
    )
    scheme = parse_workflow(text).references
    assert scheme.marks == (Mark("FT", "x", flag="fast_track"),)
    assert _read(Grammar([scheme]).parse("FP9FT")) == ("FP", 9, "", "FT")


# -- kept in a database ---------------------------------------------------------------------------
def test_numbered_alternatives_are_kept_and_written_back(db_url: str) -> None:
    """Fictional numbers (CMP9315) under the shipped CUSC workflow."""
    with govflow.open_db(db_url) as gf:
        gf.raise_proposal("CMP9315", title="Fictional original", on="2024-01-02")
        change = gf.raise_proposal("CMP 9315 WACM12", title="Fictional WACM", on="2024-01-03")
        assert change.reference == "CMP9315 WACM12"
        assert gf.proposal("CMP9315WACM12").reference == "CMP9315 WACM12"
        assert gf.proposal("CMP9315").reference == "CMP9315"
        assert [p.reference for p in gf.proposals()] == ["CMP9315", "CMP9315 WACM12"]


def test_unc_numbers_are_kept_with_their_leading_zeros(db_url: str) -> None:
    """Fictional numbers (0901, 0901A) under the shipped UNC workflow."""
    with govflow.open_db(db_url) as gf:
        assert gf.raise_proposal("0901", title="Fictional", on="2024-01-02").reference == "0901"
        gf.raise_proposal("UNC 0901A", title="Fictional alternative", on="2024-01-03")
        assert gf.proposal("0901AV").reference == "0901A"
        with pytest.raises(AlreadyExists) as caught:
            gf.raise_proposal("UNC0901", title="Again", on="2024-01-04")
        assert str(caught.value).startswith("0901 already exists")


def test_an_alternative_within_a_unc_record_names_its_modification(db_url: str) -> None:
    """Fictional number 0902: an alternative raised within its record, read back in UNC forms."""
    with govflow.open_db(db_url) as gf:
        gf.raise_proposal("0902", title="Fictional", on="2024-01-02")
        gf.advance("0902", "send_to_workgroup", on="2024-01-04")  # alternatives: in Workgroup
        change = gf.raise_alternative("0902B", title="Fictional alternative", on="2024-01-05")
        assert change.reference == "0902"
        assert gf.proposal("UNC 0902B").solutions == ("0902", "0902B")


def test_marks_stay_out_of_solution_names(db_url: str) -> None:
    """Fictional numbers 0907 and 0908 under the shipped UNC workflow."""
    with govflow.open_db(db_url) as gf:
        gf.raise_proposal("0907FT", title="Fictional", on="2024-01-02")
        gf.raise_alternative(
            "0907A",
            title="Fictional alternative",
            on="2024-01-03",
            override="a fictional alternative of a Fast Track modification",
        )
        shown = gf.proposal("0907")
        assert (shown.reference, shown.solutions) == ("0907FT", ("0907", "0907A"))
        gf.raise_proposal("0908", title="Fictional", on="2024-01-02")
        gf.raise_proposal("0908AS", title="Fictional alternative", on="2024-01-03")
        alternative = gf.proposal("0908A")
        assert (alternative.reference, alternative.alternative_of) == ("0908AS", "0908")
