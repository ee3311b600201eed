"""Loading workflow files: safe YAML, shapes and types, all problems at once, and honest docs."""

from __future__ import annotations

import re
import shutil
from functools import partial
from pathlib import Path

import pytest

from govflow.errors import InvalidWorkflow
from govflow.workflow import checks, loader
from govflow.workflow.definition import (
    REQUIREMENT_KINDS,
    AnyOf,
    FlagSet,
    MilestoneRecorded,
    PathIn,
)
from govflow.workflow.loader import load_file, parse_workflow
from govflow.workflow.registry import Registry, workflow_files
from govflow.workflow.rules import judge
from govflow.workflow.step import step
from govflow.workflow.votes import RULE_KEYS, VOTING_KEYS
from tests.rules_kit import at, move, rules_of

FIXTURES = Path(__file__).parent / "fixtures" / "workflows"
BSC = Path(__file__).parents[1] / "workflows" / "bsc-modification.yaml"
DOCS = Path(__file__).parents[1] / "docs" / "workflows.md"


@pytest.fixture
def minimal_text() -> str:
    """The text of the smallest valid workflow, which the broken fixtures are made from."""
    return (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")


def _edit(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"the edit must apply exactly once: {old!r}"
    return text.replace(old, new)


def _problems(text: str, source: str = "test.yaml") -> list[str]:
    with pytest.raises(InvalidWorkflow) as caught:
        parse_workflow(text, source)
    assert caught.value.source == source
    return caught.value.problems


# -- shipped and valid files ----------------------------------------------------------------------


def test_the_sec_workflow_is_shipped() -> None:
    assert "sec-modification" in [p.stem for p in workflow_files()]


@pytest.mark.parametrize("path", workflow_files(), ids=lambda p: p.name)
def test_shipped_workflow_loads_and_passes_its_checks(path: Path) -> None:
    wf = load_file(path)
    assert path.stem in (wf.name, f"{wf.name}-v{wf.version}")  # a file per version
    assert wf.source == str(path)
    assert list(checks.check(wf)) == []


@pytest.mark.parametrize(
    "path",
    sorted(p for p in FIXTURES.glob("*.yaml") if not p.name.startswith("broken-")),
    ids=lambda p: p.name,
)
def test_valid_fixture_loads(path: Path) -> None:
    assert load_file(path).name == path.stem


def test_bsc_workflow_loads_with_its_own_vocabulary() -> None:
    wf = load_file(BSC)
    assert wf.key == "bsc-modification@3"
    assert [p.prefix for p in wf.references.prefixes] == ["P"]
    assert wf.references.prefix("p") is not None
    assert wf.references.alternatives is True  # P415A: govflow's name for an Alternative
    assert wf.references.relabels == ()
    assert dict(wf.paths) == {}
    assert set(wf.flags) == {"self_governance", "fast_track", "urgent"}
    assert wf.first_day_counts is False
    step = wf.step_of("assessment_procedure", "workgroup_meeting")
    assert step is not None
    assert step.label == "Workgroup"


def test_bsc_unc_and_cusc_are_shipped_beside_the_sec() -> None:
    registry = Registry.shipped()
    assert registry.names == [
        "bsc-modification", "cusc-modification", "sec-modification", "unc-modification",
    ]  # fmt: skip
    assert [wf.name for wf in registry.for_prefix("P")] == ["bsc-modification"]


def test_same_name_and_version_in_two_files_is_refused(tmp_path: Path) -> None:
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    shutil.copy(FIXTURES / "minimal.yaml", first)
    shutil.copy(FIXTURES / "minimal.yaml", second)
    with pytest.raises(InvalidWorkflow) as caught:
        Registry.from_paths([first, second])
    assert caught.value.problems == [f"minimal version 1 is also defined in {first}"]


# -- what the loader builds -----------------------------------------------------------------------


def test_requirements_are_read_as_data(minimal_text: str) -> None:
    decide = parse_workflow(minimal_text).transitions[1]
    path, any_of = decide.requires
    assert path == PathIn(message="the path is not set", paths=("1", "3"))
    assert isinstance(any_of, AnyOf)
    assert any_of.message == "the consultation has not closed"
    assert [type(o) for o in any_of.options] == [MilestoneRecorded, FlagSet]


def test_star_source_means_every_open_state(minimal_text: str) -> None:
    text = _edit(
        minimal_text,
        "milestones:\n",
        '  - {trigger: withdraw, source: "*", dest: decided, body: PANEL}\nmilestones:\n',
    )
    withdraw = parse_workflow(text).transitions[-1]
    assert withdraw.sources == ("open", "assessment")


def test_defaults_apply_when_keys_are_left_out(minimal_text: str) -> None:
    wf = parse_workflow(minimal_text)
    assert wf.first_day_counts is True
    assert wf.references.alternatives is True
    cp = wf.references.prefix("CP")
    assert cp is not None
    assert (cp.width, cp.entry, cp.legacy) == (0, (), False)
    assert all(body.committee for body in wf.bodies)
    assert [s.terminal for s in wf.states] == [False, False, True]
    closed = wf.milestone("consultation_closed")
    assert closed is not None
    assert closed.deadline is None


def test_prefixes_are_upper_cased(minimal_text: str) -> None:
    text = _edit(minimal_text, "    CP: {meaning", "    cp: {meaning")
    assert [p.prefix for p in parse_workflow(text).references.prefixes] == ["DP", "CP"]


# -- reading the file -----------------------------------------------------------------------------


def test_invalid_yaml_is_one_problem_with_its_line() -> None:
    path = FIXTURES / "broken-invalid-yaml.yaml"
    with pytest.raises(InvalidWorkflow) as caught:
        load_file(path)
    (problem,) = caught.value.problems
    assert problem.startswith("not valid YAML: while parsing a flow sequence")
    assert "line 6, column 10" in problem


def test_a_document_that_is_not_a_mapping_is_one_problem() -> None:
    with pytest.raises(InvalidWorkflow) as caught:
        load_file(FIXTURES / "broken-not-a-mapping.yaml")
    assert caught.value.problems == [
        "line 2, <top>: expected a mapping, got list "
        "[{'name': 'minimal'}, {'title': 'Minimal change process'}]"
    ]


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object/apply:os.mkdir ['{made}']",
        "!!python/object/new:pathlib.Path ['{made}']",
        "!!python/name:os.system",
    ],
    ids=["apply", "new", "name"],
)
def test_python_tags_are_refused_and_never_run(minimal_text: str, tmp_path: Path, tag: str) -> None:
    made = tmp_path / "made-by-yaml"
    text = _edit(minimal_text, "title: Minimal change process", f"title: {tag.format(made=made)}")
    (problem,) = _problems(text)
    assert problem.startswith("not valid YAML: could not determine a constructor for the tag")
    assert "python/" in problem
    assert not made.exists()


def test_a_key_given_twice_is_refused_not_silently_dropped(minimal_text: str) -> None:
    text = _edit(
        minimal_text,
        "  assessment:\n    label: Assessment\n",
        "  decided:\n    label: Twice\n    body: PANEL\n  assessment:\n    label: Assessment\n",
    )
    (problem,) = _problems(text)
    assert problem.startswith("not valid YAML: while reading a mapping")
    assert "found duplicate key 'decided'" in problem
    assert "line 33" in problem


def test_an_impossible_date_is_a_problem_not_a_crash(minimal_text: str) -> None:
    text = _edit(minimal_text, "in_force_from: 2024-01-01", "in_force_from: 2024-13-01")
    assert _problems(text) == ["not valid YAML: month must be in 1..12"]


def test_an_unreadable_file_is_a_problem(tmp_path: Path) -> None:
    missing = tmp_path / "missing.yaml"
    with pytest.raises(InvalidWorkflow) as caught:
        load_file(missing)
    assert caught.value.source == str(missing)
    (problem,) = caught.value.problems
    assert problem.startswith("cannot read the file:")


def test_the_message_names_the_file_and_counts_the_problems() -> None:
    path = FIXTURES / "broken-several-problems.yaml"
    with pytest.raises(InvalidWorkflow) as caught:
        load_file(path)
    head, *items = str(caught.value).splitlines()
    assert head == f"{path}: 6 problems"
    assert items == [f"  - {p}" for p in caught.value.problems]


def test_an_empty_file_reports_every_missing_key() -> None:
    problems = _problems("")
    for key in ("name", "title", "version", "in_force_from", "states", "transitions"):
        assert f"{key}: missing (required)" in problems
    assert "references.code: missing (a text is required here)" in problems
    assert any(p.startswith("initial: missing") for p in problems)


# -- shapes and types -----------------------------------------------------------------------------

TYPE_PROBLEMS = [
    pytest.param(
        "in_force_from: 2024-01-01",
        "in_force_from: soon",
        "line 6, in_force_from: expected a date like 2019-01-01, got str 'soon'",
        id="date",
    ),
    pytest.param(
        "version: 1",
        "version: one",
        "line 5, version: expected a whole number, got str 'one'",
        id="whole-number",
    ),
    pytest.param(
        "{meaning: Change Proposal}",
        "{meaning: Change Proposal, width: -1}",
        "line 20, references.prefixes.CP.width: must not be negative, got -1",
        id="negative",
    ),
    pytest.param(
        "    label: Open\n",
        "",
        "states.open.label: missing (a text is required here)",
        id="missing-text",
    ),
    pytest.param(
        "  open:\n    label: Open\n    body: PANEL\n",
        "  open: Open\n",
        "line 24, states.open: expected a mapping, got str 'Open'",
        id="mapping",
    ),
    pytest.param(
        "terminal: true",
        "terminal: yes please",
        "line 33, states.decided.terminal: expected true or false, got str 'yes please'",
        id="true-or-false",
    ),
    pytest.param(
        "states: [assessment]\n    deadline",
        "states: 3\n    deadline",
        "line 54, milestones.consultation_opened.states: expected a name or a list of names, "
        "got int 3",
        id="names",
    ),
    pytest.param(
        "      - path: [1, 3]\n        message",
        "      - message",
        "line 44, transitions[1].requires[0]: a requirement needs exactly one of milestone, "
        "no_milestone, path, flag, no_flag, vote, no_vote, any_of; found none",
        id="requirement-kind",
    ),
    pytest.param(
        "        message: the path is not set\n",
        "",
        "transitions[1].requires[0].message: missing (a text is required here)",
        id="requirement-message",
    ),
    pytest.param(
        "path: [1, 3]",
        "path: {three: 3}",
        "line 44, transitions[1].requires[0].path: expected a route (name or number) or a list "
        "of them, got dict {'three': 3}",
        id="path-number",
    ),
    pytest.param(
        "      - milestone: consultation_opened",
        "      - milestone: [consultation_opened]",
        "line 63, milestones.consultation_closed.requires[0].milestone: expected a name, "
        "got list ['consultation_opened']",
        id="requirement-name",
    ),
    pytest.param(
        "working_days: 15",
        "note: fifteen",
        "milestones.consultation_opened.deadline.working_days: missing (a number of working days)",
        id="working-days",
    ),
    pytest.param(
        "  urgent: Urgent\n",
        "  - urgent\n",
        "line 11, flags: expected a mapping of names to descriptions",
        id="flags",
    ),
]


@pytest.mark.parametrize(("old", "new", "problem"), TYPE_PROBLEMS)
def test_a_value_of_the_wrong_shape_is_named_with_its_key(
    minimal_text: str, old: str, new: str, problem: str
) -> None:
    assert problem in _problems(_edit(minimal_text, old, new))


def test_an_unknown_top_key_is_named_with_did_you_mean(minimal_text: str) -> None:
    text = _edit(minimal_text, "milestones:\n", "milestone:\n")
    problems = _problems(text)
    assert problems[0] == (
        "line 50, milestone: unknown key 'milestone' (did you mean 'milestones'?); allowed: "
        "alternatives, bodies, description, first_day_counts, flags, in_force_from, initial, "
        "migrates_from, milestones, name, paths, references, route_term, routes, states, title, "
        "transitions, version, votes"
    )
    # The requirements that name the milestones now fail too: every problem is reported.
    assert any("unknown milestone 'consultation_closed'" in p for p in problems)


# -- the docs stay honest -------------------------------------------------------------------------

DOCUMENTED_KEYS = sorted(
    set(loader.TOP_KEYS)
    | loader.STATE_KEYS
    | loader.STEP_KEYS
    | loader.TRANSITION_KEYS
    | loader.MILESTONE_KEYS
    | loader.DEADLINE_KEYS
    | loader.REFERENCE_KEYS
    | loader.PREFIX_KEYS
    | loader.MARK_KEYS
    | loader.RELABEL_KEYS
    | loader.BODY_KEYS
    | set(REQUIREMENT_KINDS)
    | {"message"}
    | VOTING_KEYS
    | RULE_KEYS
)


@pytest.mark.parametrize("key", DOCUMENTED_KEYS)
def test_every_key_of_the_format_is_documented(key: str) -> None:
    assert f"| `{key}` |" in DOCS.read_text(encoding="utf-8")


def _complete_examples() -> list[str]:
    blocks = re.findall(r"```yaml\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.DOTALL)
    return [b for b in blocks if b.startswith("name:")]


def test_the_docs_hold_a_complete_example() -> None:
    assert _complete_examples()


@pytest.mark.parametrize("text", _complete_examples(), ids=lambda t: t.split("\n", 1)[0])
def test_every_complete_example_in_the_docs_loads(text: str) -> None:
    wf = parse_workflow(text, "docs/workflows.md")
    assert wf.states and wf.transitions and wf.milestones


def test_bsc_workflow_drives_a_proposal_with_no_code_changes() -> None:
    rules = rules_of("bsc-modification", Registry.from_paths([BSC]))
    sg = ("self_governance",)
    at2 = partial(at, version=3)  # the version the file defines
    steps = [
        (at2("raised"), "present", "initial_written_assessment"),
        (at2("initial_written_assessment"), "start_assessment", "assessment_procedure"),
        (at2("assessment_procedure", "assessment_report_presented"), "send_to_report_phase",
         "report_phase"),
        (at2("report_phase", "report_consultation_closed", flags=sg), "approve", "approved"),
        (at2("approved", flags=sg), "appeal", "authority_decision"),
    ]  # fmt: skip
    for state, trigger, dest in steps:
        after, verdict = step(rules, state, move(trigger))
        assert verdict.allowed and after.stage == dest
    refused = judge(rules, at2("report_phase", "report_consultation_closed", flags=sg),
                    move("recommend"))  # fmt: skip
    assert refused.messages == [
        "a Self-Governance modification is determined by the Panel, not sent to the Authority"
    ]
