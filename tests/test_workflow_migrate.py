"""Versions that migrate: ``migrate`` moves a version's open proposals to a later version by the
stage mapping the later version declares (``migrates_from``), with a ``migrated`` event in each
chain; closed proposals stay pinned; a stage with no mapping refuses the whole run.

Everything here is invented: the workflow ``fictional-change`` (prefixes FD and FC, code FIC) and
its proposals FD901-FD903 are fictional.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

import govflow
from govflow.cli import app
from govflow.errors import InvalidInput, InvalidWorkflow, TransitionNotAllowed
from govflow.service import Govflow
from govflow.workflow.loader import parse_workflow
from tests.test_cli_stored_definitions import fictional

#: Version 2 of the invented workflow: "assessment" becomes "review", and deciding no longer
#: needs the consultation closed.
V2 = """\
name: fictional-change
title: Fictional change process (invented; version 2)
version: 2
in_force_from: 2024-03-01
initial: open
paths: {1: the Authority decides, 3: the Panel decides}
bodies:
  PANEL: {name: Panel}
  AUTHORITY: {name: the Authority}
references:
  code: FIC
  prefixes:
    FD: {meaning: Draft Proposal, entry: [open]}
    FC: {meaning: Change Proposal}
  relabel:
    - {trigger: review, from: FD, to: FC}
states:
  open: {label: Open, body: PANEL}
  review: {label: Review, body: PANEL}
  decided: {label: Decided, body: AUTHORITY, terminal: true}
transitions:
  - {trigger: review, source: open, dest: review, body: PANEL}
  - trigger: decide
    source: review
    dest: decided
    body: AUTHORITY
    requires:
      - path: [1, 3]
        message: the path is not set
migrates_from:
  1:
    stages: {MAPPING}
"""

FULL = "{assessment: review, open: open}"
PARTIAL = "{assessment: review}"


def folder_with(tmp_path: Path, mapping: str) -> Path:
    folder = tmp_path / "definitions"
    folder.mkdir(exist_ok=True)
    (folder / "fictional-change.yaml").write_text(fictional(), encoding="utf-8")
    (folder / "fictional-change-v2.yaml").write_text(
        V2.replace("{MAPPING}", mapping), encoding="utf-8"
    )
    return folder


def populate(gf: Govflow) -> None:
    """FC901 open in assessment, FC902 decided (closed), FD903 open."""
    for number in (901, 902, 903):
        gf.raise_proposal(f"FD{number}", title=f"Invented change {number}", on="2024-02-01",
                          route="3")  # fmt: skip
    gf.advance("FD901", "assess", on="2024-02-05")
    gf.advance("FD902", "assess", on="2024-02-05")
    gf.record("FC902", "consultation_opened", on="2024-02-06")
    gf.record("FC902", "consultation_closed", on="2024-02-20")
    gf.advance("FC902", "decide", on="2024-02-22")


@pytest.fixture
def opened(db_url: str, tmp_path: Path) -> Iterator[Govflow]:
    gf = govflow.open_db(db_url, workflows=[folder_with(tmp_path, FULL)])
    populate(gf)
    try:
        yield gf
    finally:
        gf.close()


def test_migrate_moves_open_proposals_leaves_closed_pinned_and_an_auditable_event(
    opened: Govflow,
) -> None:
    gf = opened
    with pytest.raises(TransitionNotAllowed, match="consultation has not closed"):
        gf.advance("FC901", "decide", on="2024-02-28")  # version 1's rule
    done = gf.migrate("fictional-change", 1, 2, on="2024-03-01", actor="secretariat")
    assert done.moved == (("FC901", "assessment", "review"), ("FD903", "open", "open"))
    assert (done.refused, done.pinned) == ((), ("FC902",))
    assert [(p.workflow_version, p.stage) for p in map(gf.proposal, ("FC901", "FC902", "FD903"))
            ] == [(2, "review"), (1, "decided"), (2, "open")]  # fmt: skip
    last = gf.history("FC901")[-1]
    assert (last.kind, last.from_stage, last.to_stage, last.actor) == (
        "migrated", "assessment", "review", "secretariat"
    )  # fmt: skip
    assert (last.payload["from_version"], last.payload["to_version"]) == (1, 2)
    assert len(last.payload["fingerprint"]) == 64
    assert gf.history("FC902")[-1].kind == "transition"  # the closed one has no migrated event
    assert gf.verify() == []
    page = io.StringIO()
    gf.export_timeline(page, "md", "FC901")
    assert "Migrated from version 1 to 2: assessment → Review" in page.getvalue()
    # version 2's rules from here on: deciding no longer waits for the consultation
    gf.advance("FC901", "decide", on="2024-03-04")
    gf.advance("FD903", "review", on="2024-03-04")  # version 2's trigger (and its relabel)
    assert (gf.proposal("FC901").stage, gf.proposal("FC903").stage) == ("decided", "review")
    assert gf.verify() == []


def test_late_entries_and_corrections_respect_the_migration(opened: Govflow) -> None:
    gf = opened
    gf.migrate("fictional-change", 1, 2, on="2024-03-01")
    with pytest.raises(InvalidInput, match=r"moved from version 1 to 2 .* on 2024-03-01"):
        gf.advance("FD903", "review", on="2024-02-20")
    # a correction before the move replays under version 1, then switches at the move
    gf.correct("FC901", 2, note="assessed a day later", changes={"occurred_on": "2024-02-06"})
    assert [e.occurred_on.isoformat() for e in gf.history("FC901")][1] == "2024-02-06"
    assert gf.verify() == []
    # one that would leave the proposal elsewhere than the move took it from is refused
    with pytest.raises(TransitionNotAllowed, match="migrates the proposal from 'assessment'"):
        gf.correct("FC901", 2, note="never assessed", changes={"recorded_in_error": True})
    assert gf.proposal("FC901").stage == "review"
    assert gf.verify() == []


def test_an_unmapped_stage_refuses_the_whole_run_and_dry_run_lists_it(
    db_url: str, tmp_path: Path
) -> None:
    with govflow.open_db(db_url, workflows=[folder_with(tmp_path, PARTIAL)]) as gf:
        populate(gf)
        before = [len(gf.history(r, as_recorded=True)) for r in ("FC901", "FC902", "FD903")]
        plan = gf.migrate("fictional-change", 1, 2, dry_run=True)
        assert plan.dry_run
        assert plan.moved == (("FC901", "assessment", "review"),)
        assert plan.refused == (
            ("FD903", "open", "version 2 of fictional-change maps no stage from 'open'"),
        )
        with pytest.raises(TransitionNotAllowed, match=r"FD903 in 'open'.*Nothing was changed"):
            gf.migrate("fictional-change", 1, 2)
        after = [len(gf.history(r, as_recorded=True)) for r in ("FC901", "FC902", "FD903")]
        assert after == before
        assert {gf.proposal(r).workflow_version for r in ("FC901", "FD903")} == {1}
        assert gf.verify() == []


def test_a_version_without_a_mapping_or_a_date_that_does_not_fit_is_refused(
    opened: Govflow,
) -> None:
    gf = opened
    with pytest.raises(InvalidInput, match="declares no migration from version 2"):
        gf.migrate("fictional-change", 2, 1)
    with pytest.raises(TransitionNotAllowed, match="on 2024-02-29: version 2 of fictional-ch"):
        gf.migrate("fictional-change", 1, 2, on="2024-02-29")
    gf.advance("FD903", "assess", on="2024-03-05")  # under version 1, dated after the move
    plan = gf.migrate("fictional-change", 1, 2, on="2024-03-01", dry_run=True)
    assert plan.refused == (
        ("FC903", "assessment", "its latest event is dated 2024-03-05, after the migration"),
    )
    with pytest.raises(TransitionNotAllowed, match="FC903 in 'assessment'"):
        gf.migrate("fictional-change", 1, 2, on="2024-03-01")
    assert gf.proposal("FC901").workflow_version == 1  # nothing moved
    assert len(gf.migrate("fictional-change", 1, 2, on="2024-03-05").moved) == 2


def test_migrate_and_a_correction_refuse_a_date_before_the_version_is_in_force_alike(
    opened: Govflow,
) -> None:
    """One rule, asked by both (issue 23): ``migrate`` dated before version 2 is in force, and
    a correction that moves a stored migration to that date, give the same reason."""
    gf = opened
    why = "version 2 of fictional-change is in force from 2024-03-01"
    with pytest.raises(TransitionNotAllowed) as early:
        gf.migrate("fictional-change", 1, 2, on="2024-02-29")
    assert early.value.reasons == [why]
    assert {gf.proposal(r).workflow_version for r in ("FC901", "FD903")} == {1}  # nothing moved
    gf.migrate("fictional-change", 1, 2, on="2024-03-01")
    moved = gf.history("FC901")[-1]
    assert moved.kind == "migrated"
    with pytest.raises(TransitionNotAllowed) as corrected:
        gf.correct("FC901", moved.seq, note="a fictional slip",
                   changes={"occurred_on": "2024-02-29"})  # fmt: skip
    assert corrected.value.reasons == [why]
    assert gf.history("FC901")[-1].occurred_on == dt.date(2024, 3, 1)
    assert gf.verify() == []


@pytest.mark.parametrize(
    ("mapping", "problem"),
    [
        ("{assessment: reveiw}", "unknown stage 'reveiw'"),
        ("{assessment: review}\n    rules: {}", "unknown key 'rules'"),
        ("[assessment]", "expected a mapping of old stage names"),
    ],
)
def test_the_loader_checks_the_mapping(mapping: str, problem: str) -> None:
    with pytest.raises(InvalidWorkflow, match=problem):
        parse_workflow(V2.replace("{MAPPING}", mapping))


def run(db_url: str, folder: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["--db", db_url, "--workflows", str(folder), *args])
    return result.exit_code, result.stdout, result.stderr


def test_cli_migrate_dry_run_refusal_and_move(db_url: str, tmp_path: Path) -> None:
    folder = folder_with(tmp_path, PARTIAL)
    with govflow.open_db(db_url, workflows=[folder]) as gf:
        populate(gf)
    migrate = ("workflow", "migrate", "fictional-change", "--from", "1", "--to", "2")
    code, out, err = run(db_url, folder, *migrate, "--dry-run")
    assert code == 0, err
    assert "would move 1, cannot move 1, closed (stay pinned) 1" in out
    assert "FD903" in out and "maps no stage from 'open'" in out
    code, out, err = run(db_url, folder, *migrate, "--on", "2024-03-01")
    assert code != 0 and "FD903 in 'open'" in err
    # the new version maps every open stage now (it is not stored yet: no proposal is pinned)
    (folder / "fictional-change-v2.yaml").write_text(V2.replace("{MAPPING}", FULL), "utf-8")
    code, out, err = run(db_url, folder, *migrate, "--on", "2024-03-01", "--json")
    assert code == 0, err
    result = json.loads(out)
    assert result["moved"] == [["FC901", "assessment", "review"], ["FD903", "open", "open"]]
    assert result["pinned"] == ["FC902"]
    code, out, err = run(db_url, folder, "proposal", "history", "FC901")
    assert code == 0, err
    assert "Migrated from version 1 to 2" in out
    assert run(db_url, folder, "verify")[0] == 0


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_an_export_of_migrated_proposals_imports_the_same(
    opened: Govflow, db_url: str, tmp_path: Path, fmt: str
) -> None:
    opened.migrate("fictional-change", 1, 2, on="2024-03-01")
    opened.advance("FC901", "decide", on="2024-03-04")
    out = io.StringIO(newline="")
    opened.export_audit(out, fmt)
    assert out.getvalue().count("migrated") >= 2  # FC901's and FD903's events
    folder = tmp_path / "definitions"
    target = tmp_path / "copy.db"
    with govflow.open_db(target, workflows=[folder]) as copy:
        copy.import_events(out.getvalue().splitlines(keepends=True))
        shown = [(p.reference, p.workflow_version, p.stage) for p in copy.proposals()]
        assert shown == [(p.reference, p.workflow_version, p.stage) for p in opened.proposals()]
        assert ("FC901", 2, "decided") in shown and ("FC902", 1, "decided") in shown
        assert copy.verify() == []
    for path in folder.iterdir():  # both versions were stored: the copy opens without the files
        path.unlink()
    with govflow.open_db(target, workflows=[]) as copy:
        assert copy.verify() == []
        assert copy.proposal("FC901").workflow_version == 2


def test_the_sec_open_proposals_of_version_0_move_to_version_1(gf: Govflow) -> None:
    """SECMP0901 and SECMP0902 are invented (no such SEC proposals): the first is open in
    Refinement with its consultation running, the second was withdrawn."""
    for number in ("SECMP0901", "SECMP0902"):
        gf.raise_proposal(number, title="Invented", on="2018-06-01", route="3")
    gf.advance("SECMP0901", "start_refinement", on="2018-07-05")
    gf.record("SECMP0901", "refinement_consultation_opened", on="2018-10-22")
    gf.advance("SECMP0902", "withdraw", on="2018-08-01")
    assert gf.proposal("SECMP0901").workflow_version == 0
    done = gf.migrate("sec-modification", 0, 1, on="2018-11-01")
    assert done.moved == (("SECMP0901", "refinement", "refinement"),)
    assert done.pinned == ("SECMP0902",)
    moved = gf.proposal("SECMP0901")
    assert (moved.workflow_version, moved.stage) == (1, "refinement")
    assert [(d.what, d.opened_on) for d in moved.deadlines] == [
        ("Refinement Consultation opened", dt.date(2018, 10, 22))
    ]  # its window runs on across the move
    gf.record("SECMP0901", "refinement_consultation_closed", on="2018-11-12")
    gf.advance("SECMP0901", "send_to_report", on="2018-11-20")
    assert gf.proposal("SECMP0901").stage == "report"
    assert gf.proposal("SECMP0902").workflow_version == 0
    assert gf.verify() == []
