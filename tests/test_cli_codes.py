"""The BSC and the UNC end to end through the CLI: a real modification of each replayed from its
public record, then read back with ``proposal next``, ``show``, the register and the HTML timeline
in the code's own words.

Only facts from the sources cited on each test are recorded; steps the record does not give are
left out, or left as a gap by ``advance --to`` (the stage reached, the way between not on
record). The one invented scenario uses the fictional number 9701 and says so.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

Invoke = Callable[..., Result]


def _ok(result: Result) -> str:
    assert result.exit_code == 0, result.output
    return result.stdout


def _timeline(cli: Invoke, tmp_path: Path, reference: str) -> str:
    page = tmp_path / "timeline.html"
    _ok(cli("export", "timeline", reference, "--format", "html", "--output", str(page)))
    return page.read_text(encoding="utf-8")


# -- BSC: P353 ------------------------------------------------------------------------------------
# Source: Elexon, "Modification: P353 - Align Section B with the intent of P324",
# https://www.elexon.co.uk/mod-proposal/p353/ - Proposer: Panel; "The Panel agreed to raise and
# approve P353 as Fast Track Self-Governance at its meeting on 8 December 2016. The Fast Track
# Self-Governance appeal window has closed on the 3 January 2017 and as no objections were
# recieved, P353 will be implemented on the 6 January 2017 as directed by the Panel."
# Implementation Date: 6 January 2017. (The Panel meeting's number is not on that page, so the
# events carry their date and the Panel as actor, not a meeting.)
P353_TITLE = "Align Section B with the intent of P324"


@pytest.fixture
def p353_approved(cli: Invoke) -> Invoke:
    """P353 raised by the BSC Panel as Fast Track Self-Governance and approved, 8 December 2016."""
    out = _ok(cli("proposal", "raise", "P353", "--title", P353_TITLE, "--proposer", "BSC Panel",
                  "--on", "8 December 2016", "--stage", "initial_written_assessment",
                  "--flag", "fast_track"))  # fmt: skip
    assert out == (
        "P353: raised on 2016-12-08; stage Initial Written Assessment (initial_written_assessment) "
        "(event 1)\n"
    )
    nxt = _ok(cli("proposal", "next", "P353"))
    assert (
        "(approve)\tAwaiting Implementation\tBSC Panel\tThe Panel approves a Fast Track "
        "Self-Governance" in nxt
    )
    assert "a Fast Track Self-Governance modification is determined by the Panel at once" in nxt
    _ok(cli("proposal", "advance", "P353", "approve", "--on", "2016-12-08", "--by", "BSC Panel"))
    return cli


def test_p353_appeal_window_closes_when_elexon_says_it_did(p353_approved: Invoke) -> None:
    cli = p353_approved
    shown = _ok(cli("proposal", "show", "P353"))
    assert "stage:      Awaiting Implementation (approved)" in shown
    assert "decision:   BSC Panel approved, 2016-12-08" in shown
    # 15 Working Days from the day after the determination, over Christmas 2016: 3 January 2017.
    assert "Self-Governance appeal window due 2017-01-03" in shown
    nxt = _ok(cli("proposal", "next", "P353", "--on", "2016-12-20"))
    assert (
        "(appeal)\tWith Authority\tthe Authority (Ofgem)\tA Panel Self-Governance determination is"
        in nxt
    )
    lapsed = _ok(cli("proposal", "next", "P353"))  # today: the window lapsed on 3 January 2017
    assert (
        "(appeal)\tWith Authority\tthe Authority (Ofgem)\tthe Self-Governance appeal window"
        in lapsed
    )
    assert "lapsed on 2017-01-03" in lapsed
    early = cli("proposal", "advance", "P353", "implement", "--on", "2016-12-20")
    assert early.exit_code == 1
    assert "the Self-Governance appeal window (15 WD from 2016-12-08) runs until 2017-01-03" in (
        early.stderr
    )
    history = json.loads(_ok(cli("proposal", "history", "P353", "--json")))
    assert [e["seq"] for e in history] == [1, 2]  # the refused move left nothing


def test_p353_replayed_reads_in_the_bscs_words(p353_approved: Invoke, tmp_path: Path) -> None:
    cli = p353_approved
    _ok(cli("proposal", "advance", "P353", "implement", "--on", "6 January 2017"))
    shown = _ok(cli("proposal", "show", "P353"))
    assert "workflow:   bsc-modification version 3" in shown
    assert "stage:      Implemented (implemented)" in shown
    assert "flags: fast_track" in shown
    register = _ok(cli("proposal", "list"))
    assert f"P353\tImplemented\t\t2017-01-06\t{P353_TITLE}" in register
    page = _timeline(cli, tmp_path, "P353")
    for words in ("BSC Modification Proposal", "Initial Written Assessment: 2016-12-08",
                  "Awaiting Implementation: 2016-12-08 to 2017-01-06", "Assessment Procedure",
                  "Report Phase", "With Authority", "BSC Panel"):  # fmt: skip
        assert words in page, words
    assert "Change Board" not in page and "SECAS" not in page


# -- UNC: 0760 ------------------------------------------------------------------------------------
# Sources: Ofgem, "Decision to reject Uniform Network Code (UNC) 760: Introducing the concept of a
# derogation framework into Uniform Network Code (UNC)", https://www.ofgem.gov.uk/decision/
# decision-reject-uniform-network-code-unc-760-introducing-concept-derogation-framework-uniform-
# network-code-unc - "the Final Modification Report (FMR) dated 21 October 2021 ... decided to
# reject the modification". Cornwall Insight, "Safety first: UNC modification addresses Ofgem's
# concerns over derogations", https://www.cornwall-insight.com/safety-first-unc-modification-
# addresses-ofgems-concerns-over-derogations/ - "UNC760 ... was raised in March 2021", "The UNC
# Panel recommended approval of the modification on 21 October", "On 21 January, Ofgem announced
# that it was rejecting" (January 2022, the first 21 January after the FMR of 21 October 2021).
# Workgroup and consultation dates are not in these sources: `advance --to` records the stage
# reached, the way between not on record.
UNC760_TITLE = "Introducing the concept of a derogation framework into Uniform Network Code (UNC)"


@pytest.fixture
def unc760(cli: Invoke) -> Invoke:
    out = _ok(cli("proposal", "raise", "0760", "--title", UNC760_TITLE, "--on", "March 2021"))
    assert out == "0760: raised in March 2021; stage Modification (modification) (event 1)\n"
    nxt = _ok(cli("proposal", "next", "UNC0760"))
    assert (
        "(send_to_workgroup)\tWorkgroup Assessment\tUNC Modification Panel\tThe Panel sends the "
        "Modification to a" in nxt
    )
    moved = _ok(cli("proposal", "advance", "UNC 0760", "--to", "panel_decision",
                    "--on", "21 October 2021"))  # fmt: skip
    assert (
        "stage Final Modification Report (panel_decision)" in moved
        and "steps between not on record" in moved
    )
    _ok(cli("proposal", "advance", "0760", "recommend", "--outcome", "approve",
            "--on", "21 October 2021", "--by", "UNC Modification Panel"))  # fmt: skip
    return cli


def test_0760_goes_to_ofgem_and_is_rejected(unc760: Invoke, tmp_path: Path) -> None:
    cli = unc760
    nxt = _ok(cli("proposal", "next", "0760"))
    assert (
        "(approve)\tAwaiting Implementation\tthe Authority (Ofgem)\tOfgem directs that the "
        "modification" in nxt
    )
    assert "(send_back)\tFinal Modification Report\tthe Authority (Ofgem)" in nxt
    _ok(cli("proposal", "advance", "0760", "reject", "--on", "2022-01-21",
            "--by", "the Authority (Ofgem)"))  # fmt: skip
    shown = _ok(cli("proposal", "show", "UNC0760"))
    assert "reference:  0760" in shown
    assert "workflow:   unc-modification version 3" in shown
    assert "stage:      Rejected (rejected)" in shown
    assert "decision:   UNC Modification Panel recommended approval, 2021-10-21" in shown
    assert "decision:   The Authority (Ofgem) rejected, 2022-01-21" in shown
    history = _ok(cli("proposal", "history", "0760"))
    assert "steps between not on record (routes that fit: Modification → " in history
    assert (
        "2021-10-21\tUNC Modification Panel recommended approval: Final Modification Report → "
        "Ofgem Decision (recommend)\t\tUNC Modification Panel" in history
    )
    assert f"0760\tRejected\t\t2022-01-21\t{UNC760_TITLE}" in _ok(cli("proposal", "list"))
    page = _timeline(cli, tmp_path, "0760")
    for words in ("UNC Modification", "0760", "Final Modification Report", "Ofgem Decision",
                  "Draft Modification Report consultation", "Workgroup Assessment"):  # fmt: skip
        assert words in page, words
    assert "Change Board" not in page and "SECAS" not in page


# -- UNC marks: an invented scenario on the fictional number 9701 ---------------------------------
def test_a_fast_track_unc_modification_is_written_with_ft(cli: Invoke) -> None:
    """Invented: 9701 is a fictional UNC number, raised as Fast Track Self-Governance."""
    out = _ok(cli("proposal", "raise", "9701", "--title", "Fictional housekeeping change",
                  "--on", "2024-03-01", "--fast-track"))  # fmt: skip
    assert out.startswith("9701FT: raised on 2024-03-01; stage Modification (modification)")
    for spelling in ("9701", "9701FT", "UNC 9701FT"):
        assert "reference:  9701FT" in _ok(cli("proposal", "show", spelling)), spelling
    assert "9701FT\tModification" in _ok(cli("proposal", "list"))
    _ok(cli("proposal", "advance", "9701", "approve", "--on", "2024-03-21"))
    assert "stage:      Awaiting Implementation (awaiting_implementation)" in _ok(
        cli("proposal", "show", "9701FT")
    )


def test_a_unc_modification_raised_with_its_marks_has_their_flags(cli: Invoke) -> None:
    """Invented: 9703 is a fictional UNC number, raised as written with its S mark."""
    out = _ok(
        cli("proposal", "raise", "9703S", "--title", "Fictional change", "--on", "2024-03-01")
    )
    assert out.startswith("9703S: raised on 2024-03-01; stage Modification (modification)")
    assert "flags: self_governance" in _ok(cli("proposal", "show", "9703"))


def test_the_register_writes_unc_numbers_the_same_both_ways(cli: Invoke) -> None:
    """Invented: 9705 and 9706 are fictional UNC numbers. 9706 has an alternative raised within
    its record, so its register row is replayed from its events; 9705's is read with SQL. Both
    are written with their number and alternative only: marks say what a proposal is now."""
    _ok(cli("proposal", "raise", "9705FT", "--title", "Fictional A", "--on", "2024-01-01"))
    _ok(cli("proposal", "raise", "9706FT", "--title", "Fictional B", "--on", "2024-01-01"))
    _ok(
        cli(
            "proposal",
            "alternative",
            "9706A",
            "--title",
            "Fictional alt",
            "--on",
            "2024-01-02",
            "--override",
            "a fictional alternative of a Fast Track modification",
        )
    )
    header, *rows = _ok(cli("export", "register", "--format", "jsonl")).splitlines()
    assert json.loads(header)["rows"] == 2
    register = [json.loads(line) for line in rows]
    assert [(r["reference"], r["solutions"]) for r in register] == [
        ("9705", []),
        ("9706", ["9706", "9706A"]),
    ]
    assert "9705FT\tModification" in _ok(cli("proposal", "list"))


def test_a_bsc_self_governance_modification_is_routed_by_its_flag(cli: Invoke) -> None:
    """Invented: P9901 is a fictional BSC number, sent straight to the Report Phase as
    Self-Governance and determined by the Panel."""
    _ok(cli("proposal", "raise", "P9901", "--title", "Fictional change", "--on", "2024-01-02"))
    _ok(cli("proposal", "advance", "P9901", "present", "--on", "2024-01-11"))
    wrong = cli("proposal", "route", "P9901", "--flag", "self_governence")
    assert wrong.exit_code == 1
    assert "has no flag 'self_governence' (did you mean 'self_governance'?)" in wrong.stderr
    assert "flags: self_governance, fast_track, urgent" in wrong.stderr
    _ok(cli("proposal", "route", "P9901", "--flag", "self_governance", "--on", "2024-01-11"))
    _ok(cli("proposal", "advance", "P9901", "send_to_report_phase", "--on", "2024-01-11"))
    _ok(cli("proposal", "record", "P9901", "report_consultation_opened", "--on", "2024-01-15"))
    _ok(cli("proposal", "record", "P9901", "report_consultation_closed", "--on", "2024-02-05"))
    nxt = _ok(cli("proposal", "next", "P9901"))
    assert (
        "(approve)\tAwaiting Implementation\tBSC Panel\tThe Panel approves a Self-Governance "
        "modification." in nxt
    )
    assert (
        "a Self-Governance modification is determined by the Panel, not sent to the Authority"
        in (nxt)
    )
    _ok(cli("proposal", "advance", "P9901", "approve", "--on", "2024-02-08"))
    shown = _ok(cli("proposal", "show", "P9901"))
    assert "flags: self_governance" in shown
    assert "Self-Governance appeal window due 2024-02-29" in shown
