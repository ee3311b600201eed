"""What a person reads says the code's words (issue 24): the workflow file's labels in the CLI,
the exports and the register, machine names only in ``--json`` and as secondary text; and the
record's own words can be entered (flags not on record, SECAS's "Pending Implementation", a
release target "Not yet determined", a consultation of unknown kind).

Every proposal here is fictional (SEC MP95x, BSC P95x).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import pytest
from typer.testing import Result

from govflow.service import Govflow
from tests.conftest import Api

Invoke = Callable[..., Result]


def test_show_lists_the_flags_not_on_record(gf: Govflow, cli: Invoke) -> None:
    """A fictional P950 whose Self-Governance status its page does not give."""
    gf.raise_proposal("P950", title="A fictional BSC proposal", on="2021-01-07",
                      stage="initial_written_assessment")  # fmt: skip
    gf.set_route("P950", unknown_flags=["self_governance"], on="2021-01-07")
    assert gf.proposal("P950").flags_not_on_record == ("self_governance",)
    shown = cli("proposal", "show", "P950")
    assert shown.exit_code == 0, shown.output
    assert "flags not on record: self_governance" in shown.stdout
    as_json = cli("proposal", "show", "P950", "--json")
    assert json.loads(as_json.stdout)["flags_not_on_record"] == ["self_governance"]
    gf.set_route("P950", flags=["self_governance"], on="2021-01-08")
    assert gf.proposal("P950").flags_not_on_record == ()


# -- the code's words in every view a person reads ---------------------------------------------
def _triggers(gf: Govflow) -> set[str]:
    return {t.trigger for wf in gf.registry.all() for t in wf.transitions}


def _demo(db_url: str, *args: str) -> Result:
    from typer.testing import CliRunner

    from govflow.cli import app

    result = CliRunner().invoke(app, ["--db", db_url, *args])
    assert result.exit_code == 0, result.output
    return result


def test_history_says_the_workflows_words_and_the_name_after_them(
    demo_gf: Govflow, demo_db_url: str
) -> None:
    lines = _demo(demo_db_url, "proposal", "history", "MP099").stdout.splitlines()
    assert lines[0] == "seq\tdate\tevent\tmeeting\tby\tnote"
    events = [line.split("\t")[2] for line in lines[1:]]
    assert "Report Phase → Change Board (send_to_change_board)" in events
    assert "Change Board approved: Change Board → Pending Implementation (approve)" in events
    assert "Modification Report Consultation opened (mrc_opened)" in events
    assert not [e for e in events if e.split(" ")[0] in _triggers(demo_gf)]  # never first
    raw = _demo(demo_db_url, "proposal", "history", "MP099", "--json").stdout
    assert {e["trigger"] for e in json.loads(raw)} >= {"send_to_change_board", "approve"}


def test_show_and_the_register_say_the_workflows_words(demo_gf: Govflow, demo_db_url: str) -> None:
    shown = _demo(demo_db_url, "proposal", "show", "MP099").stdout
    assert "stage:      Implemented (implemented)" in shown
    assert "Modification Report Consultation closed (mrc_closed)" in shown
    assert "decision:   Change Board approved, 2021-05-26" in shown
    lines = _demo(demo_db_url, "proposal", "list", "--as-of", "2023-01-01").stdout.splitlines()
    row = dict(zip(lines[0].split("\t"), lines[1].split("\t"), strict=True))
    assert (row["stage"], row["last decision"]) == (
        "Implemented",
        "Implemented (SEC Code Administrator and Secretariat)",
    )
    step = _demo(demo_db_url, "proposal", "show", "MP904").stdout  # inside Refinement: DCC's step
    assert (
        "stage:      Refinement Process (refinement); step DCC assessment (dcc_assessment)" in step
    )
    fast_track = next(line for line in lines if line.startswith("MP902\t"))
    assert "\tSEC Panel approved\t" in fast_track  # the Panel decided it, not the Change Board


def test_the_exports_say_no_trigger_name(demo_gf: Govflow) -> None:
    import io

    triggers = _triggers(demo_gf)
    for fmt in ("md", "html"):
        out = io.StringIO()
        demo_gf.export_timeline(out, fmt, "MP099")
        text = out.getvalue()
        assert "Change Board approved: Change Board → Pending Implementation" in text, fmt
        # the tables (the workflow diagram labels its arrows with the triggers)
        assert "send_to_change_board:" not in text and "| implement |" not in text, fmt
        assert "<td>implement</td>" not in text, fmt
        out = io.StringIO()
        demo_gf.export_register(out, fmt, as_of="2023-01-01")
        assert "SEC Panel approved on 2021-06-18" in out.getvalue(), fmt
        assert not [t for t in triggers if f" {t} on " in out.getvalue()], fmt


def _names_outside_brackets(gf: Govflow, text: str) -> set[str]:
    """The trigger and milestone names (``send_to_report``, ``mrc_opened``) ``text`` says other
    than as secondary text, in brackets."""
    names = _triggers(gf) | {m.name for wf in gf.registry.all() for m in wf.milestones}
    bare = re.sub(r"\([^()]*\)", "", text)
    return {n for n in names if "_" in n and re.search(rf"\b{n}\b", bare)}


def test_the_demos_plan_says_no_trigger_or_milestone_name_outside_brackets(
    demo_gf: Govflow, demo_db_url: str
) -> None:
    said = [_demo(demo_db_url, "plan", ref, "--on", "2022-01-10").stdout
            for ref in ("MP099", "MP131", "MP901", "MP902", "DP903", "MP904")]  # fmt: skip
    for args in (["--all"], ["--all", "--csv"]):
        said.append(_demo(demo_db_url, "plan", *args, "--on", "2022-01-10").stdout)
    for ref in ("MP131", "MP904"):  # and what can happen next, the names to type in brackets
        said.append(_demo(demo_db_url, "proposal", "next", ref, "--on", "2021-06-21").stdout)
    text = "\n".join(said)
    assert "Refinement Process → Report Phase (send_to_report)" in text
    assert "follows Modification Report Consultation opened, which has no date" in text
    assert "MP904\tRefinement Process\t3\tRefinement Consultation opened\t" in text
    assert _names_outside_brackets(demo_gf, text) == set()
    # the JSON keeps the names other tools read
    found = json.loads(_demo(demo_db_url, "plan", "MP904", "--on", "2022-01-10", "--json").stdout)
    names = [s["name"] for s in found["routes"][0]["steps"]]
    assert names[2:4] == ["send_to_report", "mrc_opened"] and found["stage"] == "refinement"
    assert "label" not in found["routes"][0]["steps"][0] and "stage_label" not in found
    rows = json.loads(_demo(demo_db_url, "plan", "--all", "--on", "2022-01-10", "--json").stdout)
    mp904 = next(r for r in rows if r["reference"] == "MP904")
    assert (mp904["stage"], mp904["next_step"]) == ("refinement", "refinement_consultation_opened")
    assert "next_label" not in mp904 and "stage_label" not in mp904


def test_a_writes_line_says_what_it_did_in_words_the_name_typed_after(
    gf: Govflow, cli: Invoke
) -> None:
    """A fictional MP953 at the Change Board: each confirmation line says what the write did
    in the workflow's words, the trigger or milestone typed only in brackets after them."""
    gf.raise_proposal("MP953", title="A fictional proposal", on="2021-01-11", path=3)
    gf.advance("MP953", "start_refinement", on="2021-01-12")
    fiction = ("--override", "a fictional test")
    said = [cli("proposal", "advance", "MP953", "send_to_report", "--on", "2021-02-01", *fiction),
            cli("proposal", "record", "MP953", "mrc_opened", "--on", "2021-02-02"),
            cli("proposal", "record", "MP953", "mrc_closed", "--on", "2021-03-01", *fiction),
            cli("proposal", "advance", "MP953", "send_to_change_board", "--on", "2021-03-02"),
            cli("proposal", "advance", "MP953", "approve", "--on", "2021-03-24")]  # fmt: skip
    lines = [r.stdout for r in said]
    assert lines[0].startswith("MP953: moved from Refinement Process (send_to_report) (override)")
    assert lines[1].startswith("MP953: recorded Modification Report Consultation opened "
                               "(mrc_opened) on 2021-02-02; stage Report Phase")  # fmt: skip
    assert lines[4].startswith("MP953: Change Board approved (approve) on 2021-03-24; stage "
                               "Pending Implementation (approved)")  # fmt: skip
    assert _names_outside_brackets(gf, "".join(lines)) == set()
    # a milestone recorded with the rules set aside reads in words (it recursed before)
    history = cli("proposal", "history", "MP953")
    assert history.exit_code == 0, history.output
    assert (
        "Modification Report Consultation closed (rules set aside) (mrc_closed)" in history.stdout
    )
    assert json.loads(cli("proposal", "record", "MP953", "presented", "--json").stdout).keys() \
        == {"reference", "stage", "seqs", "occurred_on", "kind", "implied", "warnings",
            "date_precision", "stage_label"}  # fmt: skip


def test_who_took_a_step_is_named_as_the_code_names_the_body(demo_gf: Govflow) -> None:
    """The demo's MP904 (fictional): the Panel moved it, the DCC was asked; the exports and the
    page name them (``SEC Panel``), never by their codes (``PANEL``)."""
    import io

    from govflow.web.links import Links
    from govflow.web.proposal_page import render_proposal

    for fmt in ("md", "html"):
        out = io.StringIO()
        demo_gf.export_timeline(out, fmt, "MP904")
        text = out.getvalue()
        assert "SEC Panel" in text and "Data Communications Company" in text, fmt
        assert "| PANEL |" not in text and "<td>PANEL</td>" not in text, fmt
    page = render_proposal(demo_gf, "MP904", Links())
    history = page.split('<h2 id="history">', 1)[1]
    assert '<td data-label="By">SEC Panel</td>' in history
    assert '<td data-label="By">PANEL</td>' not in history


def test_due_names_the_body_whose_turn_it_is(demo_gf: Govflow, demo_db_url: str) -> None:
    """The demo's MP904 (fictional) waits for the DCC's Preliminary Assessment: ``due`` names
    the DCC as the workflow does; ``--json`` keeps its code."""
    due = _demo(demo_db_url, "due", "--on", "2021-06-21", "--within", "20").stdout
    assert "\tDCC Preliminary Assessment requested\tData Communications Company\t" in due
    found = _demo(demo_db_url, "due", "--on", "2021-06-21", "--within", "20", "--json").stdout
    assert [(d["party"], "party_name" in d) for d in json.loads(found)] == [("DCC", False)]


def test_the_demo_fits_an_80_column_terminal(
    monkeypatch: pytest.MonkeyPatch, empty_db_url: str
) -> None:
    import io

    from rich.console import Console

    from govflow.cli import _output

    screen = io.StringIO()
    monkeypatch.setattr(_output, "console", lambda: Console(file=screen, width=80, height=500))
    monkeypatch.setattr(_output, "is_terminal", lambda: True)
    _demo(empty_db_url, "demo")
    shown = screen.getvalue()
    assert "Report Phase → Change Board" in shown
    assert max(len(line) for line in shown.splitlines()) <= 80


# -- the record's own words can be entered ------------------------------------------------------
def _at_report(gf: Govflow, reference: str) -> None:
    gf.raise_proposal(reference, title="A fictional proposal", on="2021-01-11", path=3)
    gf.advance(reference, to="report", on="2021-04-16")


def test_an_approved_sec_proposal_is_pending_implementation(gf: Govflow, cli: Invoke) -> None:
    """SECAS's word for an approved proposal waiting for its release, entered as SECAS writes
    it (a fictional MP951)."""
    _at_report(gf, "MP951")
    done = cli("proposal", "advance", "MP951", "--to", "Pending Implementation",
               "--on", "by 2021-06-30")  # fmt: skip
    assert done.exit_code == 0, done.output
    view = gf.proposal("MP951")
    assert (view.stage, view.stage_label, view.workflow_version) == (
        "approved",
        "Pending Implementation",
        3,
    )
    shown = cli("proposal", "show", "MP951").stdout
    assert "stage:      Pending Implementation (approved)" in shown
    assert "Approved" not in shown.replace("approved", "")  # not the stage's old word
    listed = cli("proposal", "list").stdout
    assert "\tPending Implementation\t" in listed


def test_a_release_target_not_yet_determined(gf: Govflow, cli: Invoke) -> None:
    """A target that moves ("Proposed for November 2020", then "Not yet determined", then
    November 2021, as the domain brief describes a real record) on a fictional MP952."""
    _at_report(gf, "MP952")
    gf.release("MP952", "November 2020", on="2021-04-16")
    moved = cli("proposal", "release", "MP952", "November 2020", "--status",
                "not_yet_determined", "--on", "2021-05-01")  # fmt: skip
    assert moved.exit_code == 0, moved.output
    view = gf.proposal("MP952")
    assert [(r.release, r.status) for r in view.releases] == [
        ("November 2020", "not_yet_determined")
    ]
    then = gf.proposal("MP952", as_of="2021-05-02")
    assert [r.status for r in then.releases] == ["not_yet_determined"]
    shown = cli("proposal", "show", "MP952").stdout
    assert "November 2020: target not yet determined" in shown and "withdrawn" not in shown
    history = cli("proposal", "history", "MP952").stdout
    assert "Release November 2020: target not yet determined" in history
    gf.release("MP952", "November 2021", on="2021-06-01", moved_from="November 2020")
    assert [(r.release, r.status) for r in gf.proposal("MP952").releases] == [
        ("November 2020", "retargeted"),
        ("November 2021", "targeted"),
    ]
    (row,) = gf.register(as_of="2021-05-15")
    assert [(r.release, r.status) for r in row.releases] == [
        ("November 2020", "not_yet_determined")
    ]
    assert gf.verify() == []


def test_a_target_not_yet_determined_names_the_release_it_left(gf: Govflow) -> None:
    from govflow.errors import TransitionNotAllowed

    _at_report(gf, "MP953")
    with pytest.raises(TransitionNotAllowed, match="it was not targeted at 'June 2021'"):
        gf.release("MP953", "June 2021", status="not_yet_determined", on="2021-05-01")


def test_a_consultation_of_unknown_kind_leaves_the_rules_it_may_meet_unchecked(
    gf: Govflow, cli: Invoke
) -> None:
    """A fictional MP954 whose page says only that "the consultation" closed in the Report
    Phase: the Change Board step is allowed with the MRC rule unchecked, not passed."""
    _at_report(gf, "MP954")
    mrc = "the Modification Report Consultation has not closed"
    blocked = {o.trigger for o in gf.next_steps("MP954", on="2021-05-20").blocked}
    assert "send_to_change_board" in blocked
    gf.record("MP954", "consultation_opened", on="2021-04-19")
    gf.record("MP954", "consultation_closed", on="2021-05-10")
    allowed = {o.trigger: o for o in gf.next_steps("MP954", on="2021-05-20").allowed}
    assert any(mrc in u for u in allowed["send_to_change_board"].unchecked)
    gf.advance("MP954", "send_to_change_board", on="2021-05-20")
    moved = gf.history("MP954")[-1]
    assert any(mrc in u for u in moved.payload["unchecked"])
    history = cli("proposal", "history", "MP954").stdout
    assert "Consultation closed (kind not on record) (consultation_closed)" in history
    assert f"[unchecked, not on record: {mrc}" in history
    assert gf.verify() == []


def test_the_api_takes_a_stage_by_its_label_and_a_target_not_yet_determined(api: Api) -> None:
    from typing import get_args

    from govflow.web.api_proposals import ReleaseStatus
    from govflow.workflow.rules import RELEASE_STATUSES

    assert get_args(ReleaseStatus) == RELEASE_STATUSES
    _at_report(api.gf, "MP955")
    target = api.post("/api/proposals/MP955/releases",
                      {"release": "November 2020", "on": "2021-04-20"})  # fmt: skip
    assert target.status_code == 200, target.text
    undetermined = {"release": "November 2020", "status": "not_yet_determined", "on": "2021-05-01"}
    assert api.post("/api/proposals/MP955/releases", undetermined).status_code == 200
    assert [r.status for r in api.gf.proposal("MP955").releases] == ["not_yet_determined"]
    moved = api.post("/api/proposals/MP955/advance",
                     {"to": "Pending Implementation", "on": "on or before 2021-06-30"})  # fmt: skip
    assert moved.status_code == 200, moved.text
    assert api.gf.proposal("MP955").stage == "approved"


def test_an_approved_proposal_of_version_2_migrates_to_pending_implementation(
    gf: Govflow,
) -> None:
    """An invented SECMP0957 approved under the pre-November-2018 process, moved on version by
    version: on version 3 its stage reads as SECAS writes it."""
    gf.raise_proposal("SECMP0957", title="Invented", on="2018-06-01", route="3")
    gf.advance("SECMP0957", to="approved", on="by 2018-09-01")
    for old in (0, 1, 2):
        gf.migrate("sec-modification", old, old + 1, on="2018-11-01")
    view = gf.proposal("SECMP0957")
    assert (view.workflow_version, view.stage, view.stage_label) == (
        3,
        "approved",
        "Pending Implementation",
    )
    assert gf.verify() == []
