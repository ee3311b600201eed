"""The checks a workflow passes when it loads: one broken fixture per check, messages asserted."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from govflow.errors import InvalidWorkflow
from govflow.workflow import checks
from govflow.workflow.definition import (
    FlagSet,
    FlagUnset,
    MilestoneAbsent,
    MilestoneRecorded,
    PathIn,
    Requirement,
    State,
    Transition,
    Workflow,
)
from govflow.workflow.loader import load_file, parse_workflow
from govflow.workflow.registry import Registry

FIXTURES = Path(__file__).parent / "fixtures" / "workflows"
STATES = "allowed: open, assessment, decided"

# fixture name -> (line, key path, text on that line of the file, fragments of the message)
ONE_PROBLEM = {
    "unknown-source": (
        50,
        "transitions[2].source[0]",
        "source: asessment",
        ["unknown state 'asessment'", "(did you mean 'assessment'?)", STATES],
    ),
    "unknown-dest": (
        51,
        "transitions[2].dest",
        "dest: opn",
        ["unknown state 'opn'", "(did you mean 'open'?)", STATES],
    ),
    "unknown-milestone": (
        45,
        "transitions[1].requires[1].any_of",
        "any_of",
        [
            "unknown milestone 'consultation_close'",
            "(did you mean 'consultation_closed'?)",
            "allowed: consultation_opened, consultation_closed",
        ],
    ),
    "unknown-flag": (
        45,
        "transitions[1].requires[1].any_of",
        "any_of",
        ["unknown flag 'urgnt'", "(did you mean 'urgent'?)", "allowed: urgent"],
    ),
    "unknown-path": (
        43,
        "transitions[1].requires[0].path",
        "path: [1, 4]",
        ["unknown path '4'", "allowed: 1, 3"],
    ),
    "unknown-body": (
        28,
        "states.assessment.body",
        "body: PANNEL",
        ["unknown body 'PANNEL'", "(did you mean 'PANEL'?)", "allowed: PANEL, AUTHORITY"],
    ),
    "unknown-key": (
        42,
        "transitions[1].require",
        "require:",
        [
            "unknown key 'require'",
            "(did you mean 'requires'?)",
            "allowed: after_release, body, decided_by, description, dest, outcome, requires, "
            "source, trigger",
        ],
    ),
    "unreachable-state": (
        33,
        "states.lapsed",
        "lapsed:",
        ["state 'lapsed' cannot be reached from the initial state 'open'", "add a transition"],
    ),
    "no-way-out": (
        33,
        "states.paused",
        "paused:",
        ["open state 'paused' has no way out", "mark it terminal: true"],
    ),
    "terminal-with-exit": (
        29,
        "states.decided",
        "decided:",
        ["terminal state 'decided' has transitions out (reopen)", "set terminal: false"],
    ),
    "ambiguous-trigger": (
        49,
        "transitions[2]",
        "trigger: decide",
        [
            "trigger 'decide' from 'assessment' also at transitions[1]",
            "their requirements do not tell them apart",
        ],
    ),
    "missing-initial": (None, "initial", "", ["missing", STATES]),
    "unknown-initial": (
        6,
        "initial",
        "initial: opne",
        ["unknown state 'opne'", "(did you mean 'open'?)", STATES],
    ),
    "unknown-relabel-trigger": (
        21,
        "references.relabel[0].trigger",
        "trigger: asess",
        ["unknown trigger 'asess'", "(did you mean 'assess'?)", "allowed: assess, decide"],
    ),
    "unknown-relabel-prefix": (
        21,
        "references.relabel[0].to",
        "to: XP",
        ["unknown prefix 'XP'", "allowed: DP, CP"],
    ),
    "unknown-closed-by": (
        56,
        "milestones.consultation_opened.deadline.closed_by[0]",
        "closed_by: [consultation_close]",
        [
            "unknown milestone or trigger 'consultation_close'",
            "(did you mean 'consultation_closed'?)",
            "allowed: consultation_opened, consultation_closed, assess, decide",
        ],
    ),
}
TESTED_IN_TEST_LOADER = {"invalid-yaml", "not-a-mapping"}


@pytest.fixture
def minimal() -> Workflow:
    """The smallest valid workflow, loaded."""
    return load_file(FIXTURES / "minimal.yaml")


@pytest.fixture
def minimal_text() -> str:
    return (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")


def _load_broken(name: str) -> InvalidWorkflow:
    with pytest.raises(InvalidWorkflow) as caught:
        load_file(FIXTURES / f"broken-{name}.yaml")
    return caught.value


def test_every_broken_fixture_has_a_test() -> None:
    names = {p.stem.removeprefix("broken-") for p in FIXTURES.glob("broken-*.yaml")}
    assert names == {*ONE_PROBLEM, "several-problems", *TESTED_IN_TEST_LOADER}


@pytest.mark.parametrize(("name", "expected"), ONE_PROBLEM.items(), ids=list(ONE_PROBLEM))
def test_broken_fixture_reports_exactly_its_problem(
    name: str, expected: tuple[int | None, str, str, list[str]]
) -> None:
    line, key, on_line, fragments = expected
    path = FIXTURES / f"broken-{name}.yaml"
    error = _load_broken(name)
    assert str(error).startswith(f"{path}: 1 problem\n")
    (problem,) = error.problems
    where = f"line {line}, " if line else ""
    assert problem.startswith(f"{where}{key}: ")
    for fragment in fragments:
        assert fragment in problem
    if line:  # the line named is the one that holds the mistake
        assert on_line in path.read_text(encoding="utf-8").splitlines()[line - 1]


def test_every_problem_of_a_file_is_reported_at_once() -> None:
    error = _load_broken("several-problems")
    assert error.problems == [
        "line 29, states.assessment.colour: unknown key 'colour'; "
        "allowed: body, deadline, description, label, steps, terminal",
        f"line 6, initial: unknown state 'opne' (did you mean 'open'?); {STATES}",
        "line 28, states.assessment.body: unknown body 'PANNEL' (did you mean 'PANEL'?); "
        "allowed: PANEL, AUTHORITY",
        f"line 41, transitions[1].dest: unknown state 'decidd' (did you mean 'decided'?); {STATES}",
        "line 46, transitions[1].requires[1].any_of: unknown flag 'urgnt' "
        "(did you mean 'urgent'?); allowed: urgent",
        "line 21, references.relabel[0].to: unknown prefix 'XP'; allowed: DP, CP",
    ]


# -- name checks beyond the fixtures --------------------------------------------------------------

NAME_PROBLEMS = [
    pytest.param(
        "    label: Assessment\n    body: PANEL\n",
        "    label: Assessment\n    body: PANEL\n    steps:\n"
        "      - {name: wg, label: Working Group, body: PANEL, milestones: [consultation_open]}\n",
        "line 31, states.assessment.steps[0].milestones[0]: unknown milestone 'consultation_open' "
        "(did you mean 'consultation_opened'?)",
        id="step-milestone",
    ),
    pytest.param(
        "    label: Assessment\n    body: PANEL\n",
        "    label: Assessment\n    body: PANEL\n    steps:\n"
        "      - {name: wg, label: Working Group, body: WG}\n",
        "line 31, states.assessment.steps[0].body: unknown body 'WG'; allowed: PANEL, AUTHORITY",
        id="step-body",
    ),
    pytest.param(
        "states: [assessment]\n    requires",
        "states: [asessment]\n    requires",
        "line 61, milestones.consultation_closed.states[0]: unknown state 'asessment' "
        "(did you mean 'assessment'?)",
        id="milestone-state",
    ),
    pytest.param(
        "entry: [open]",
        "entry: [opn]",
        "line 19, references.prefixes.DP.entry[0]: unknown state 'opn' (did you mean 'open'?)",
        id="prefix-entry",
    ),
    pytest.param(
        "    CP: {meaning: Change Proposal}",
        "    CP: {meaning: Change Proposal}\n    C2P: {meaning: Second}",
        "line 21, references.prefixes.C2P: a prefix is letters only, like DP or MP",
        id="prefix-letters",
    ),
    pytest.param(
        "closed_by: [consultation_closed]",
        "closed_by: [consultation_closed]\n      when:\n        - {flag: urgnt, message: m}",
        "line 59, milestones.consultation_opened.deadline.when[0].flag: unknown flag 'urgnt' "
        "(did you mean 'urgent'?)",
        id="deadline-when",
    ),
    pytest.param(
        "    dest: assessment\n    body: PANEL",
        "    dest: assessment\n    body: PANNEL",
        "line 38, transitions[0].body: unknown body 'PANNEL' (did you mean 'PANEL'?)",
        id="transition-body",
    ),
    pytest.param(
        "    body: PANEL\n    states: [assessment]\n    deadline",
        "    body: OFGEM\n    states: [assessment]\n    deadline",
        "line 53, milestones.consultation_opened.body: unknown body 'OFGEM'",
        id="milestone-body",
    ),
]


@pytest.mark.parametrize(("old", "new", "problem"), NAME_PROBLEMS)
def test_a_name_that_is_not_declared_is_refused(
    minimal_text: str, old: str, new: str, problem: str
) -> None:
    assert minimal_text.count(old) == 1
    with pytest.raises(InvalidWorkflow) as caught:
        parse_workflow(minimal_text.replace(old, new))
    assert len(caught.value.problems) == 1
    assert caught.value.problems[0].startswith(problem)


# -- the checks on definitions, directly ----------------------------------------------------------


def test_the_sec_workflow_passes_every_check() -> None:
    wf = Registry.shipped().get("sec-modification")
    for run in checks.CHECKS:
        assert list(run(wf)) == [], run.__name__


def test_bodies_are_free_text_when_none_are_declared(minimal: Workflow) -> None:
    assert list(checks.check(dataclasses.replace(minimal, bodies=()))) == []


def test_an_entry_state_counts_as_a_starting_point(minimal: Workflow) -> None:
    imported = State(name="imported", label="Imported", description="", body="PANEL")
    into_assessment = Transition("resume", ("imported",), "assessment", "PANEL")
    wf = dataclasses.replace(
        minimal,
        states=(*minimal.states, imported),
        transitions=(*minimal.transitions, into_assessment),
    )
    (problem,) = checks.check_graph(wf)
    assert problem[0] == "states.imported"
    assert "cannot be reached" in problem[1]

    dp, cp = wf.references.prefixes
    with_entry = dataclasses.replace(cp, entry=("imported",))
    references = dataclasses.replace(wf.references, prefixes=(dp, with_entry))
    assert list(checks.check_graph(dataclasses.replace(wf, references=references))) == []


M = "why"
AMBIGUITY = [
    pytest.param((), (), True, id="no-requirements"),
    pytest.param((PathIn(M, (3,)),), (PathIn(M, (1, 2)),), False, id="paths-apart"),
    pytest.param((PathIn(M, (1, 3)),), (PathIn(M, (3,)),), True, id="paths-overlap"),
    pytest.param((FlagSet(M, "urgent"),), (FlagUnset(M, "urgent"),), False, id="flag-and-no-flag"),
    pytest.param((FlagSet(M, "urgent"),), (FlagSet(M, "other"),), True, id="two-flags"),
    pytest.param(
        (MilestoneRecorded(M, "closed"),), (MilestoneAbsent(M, "closed"),), False,
        id="milestone-and-no-milestone",
    ),
    pytest.param(
        (MilestoneRecorded(M, "closed"),), (MilestoneAbsent(M, "opened"),), True,
        id="different-milestones",
    ),
    pytest.param(
        (PathIn(M, (3,)), FlagSet(M, "urgent")), (PathIn(M, (1,)),), False,
        id="one-excluding-pair-is-enough",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("first", "second", "ambiguous"), AMBIGUITY)
def test_same_trigger_from_same_state_needs_requirements_that_exclude_each_other(
    minimal: Workflow,
    first: tuple[Requirement, ...],
    second: tuple[Requirement, ...],
    ambiguous: bool,
) -> None:
    a = Transition("decide", ("assessment",), "decided", "PANEL", requires=first)
    b = Transition("decide", ("open", "assessment"), "open", "PANEL", requires=second)
    wf = dataclasses.replace(minimal, transitions=(*minimal.transitions, a, b))
    problems = list(checks.check_ambiguity(wf))
    # The original 'decide' (paths 1 and 3) is also in play; look only at the pair added here.
    pair = [p for p in problems if "also at transitions[2]" in p[1]]
    assert bool(pair) is ambiguous
    if ambiguous:
        assert pair == [
            (
                "transitions[3]",
                "trigger 'decide' from 'assessment' also at transitions[2], and their "
                "requirements do not tell them apart: give one a requirement the other excludes "
                "(for example different paths) or rename a trigger",
            )
        ]


def test_same_trigger_from_different_states_is_not_ambiguous() -> None:
    wf = Registry.shipped().get("sec-modification")
    send_back = [t for t in wf.transitions if t.trigger == "send_back"]
    assert {t.sources for t in send_back} == {("report",), ("authority_decision",)}
    assert list(checks.check_ambiguity(wf)) == []
