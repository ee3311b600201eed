"""A demonstration database built from realistic SEC records.

MP099 and MP131 follow the dates of their public records (see the domain brief); meeting numbers,
agenda items and the other proposals are illustrative, shaped like SECAS's papers. The data is a
list of steps, each one call of the public API, so the demo exercises what users call.
"""

from __future__ import annotations

from typing import Any

from govflow.service import Govflow

FEATURED = "MP099"

# (code, date, kind, [(item number, title, presenter)])
MEETINGS: list[tuple[str, str, str, list[tuple[str, str, str | None]]]] = [
    ("CSC_21", "2020-01-28", "main", [("4.1", "DP099 conversion", "SECAS")]),
    ("PANEL_80", "2020-02-14", "main", [("5", "MP099 Initial Consideration", "SECAS")]),
    ("WG_12", "2020-04-08", "main", [("2", "MP099 solution options", "SECAS")]),
    ("PANEL_83", "2020-05-15", "main", [("6", "MP131 Initial Consideration", "SECAS")]),
    ("CB_45", "2020-08-26", "main", [("3", "MP131 Modification Report vote", "SECAS")]),
    ("CSC_30", "2020-10-27", "main", [("3", "DP150 Development", "SECAS")]),
    ("PANEL_89", "2020-11-13", "main", [("4", "MP122 and MP122A: Initial Consideration", None)]),
    ("TABASC_88", "2021-02-04", "main", [("3", "MP099 technical review", "SECAS")]),
    ("WG_21", "2021-03-03", "main", [("2", "MP099 legal text", "SECAS")]),
    ("PANEL_94", "2021-04-16", "main", [("7", "MP099 Modification Report", "SECAS")]),
    ("OPSG_12", "2021-05-24", "main", [("3", "Release update", "DCC")]),
    ("CSC_38", "2021-05-25", "main", [("5", "DP150 withdrawal", "SECAS")]),
    ("CB_54", "2021-05-26", "main", [("3", "MP099 Change Board vote", "SECAS"),
                                     ("4", "MP122 recommendation", "SECAS")]),
    ("PANEL_96", "2021-06-18", "main", [("8", "Manifest error in Section H", "SECAS")]),
    ("PANEL_104", "2022-01-14", "main", [("5", "MP122: Authority decision", "SECAS")]),
]  # fmt: skip

Step = tuple[str, str, dict[str, Any]]

STEPS: list[Step] = [
    # MP099: Self-Governance, full Refinement, Change Board approval, November 2022 release.
    ("raise_proposal", "DP099", {
        "title": "Incorporation of multiple Issue Resolution Proposals into the SEC - Batch 4",
        "proposer": "SECAS", "on": "2019-12-12", "stage": "development"}),
    ("advance", "DP099", {"trigger": "convert", "meeting": "CSC_21", "item": "4.1",
                          "actor": "CSC"}),
    ("set_route", "MP099", {"path": 3, "meeting": "PANEL_80", "item": "5", "actor": "Panel"}),
    ("advance", "MP099", {"to": "refinement", "meeting": "PANEL_80", "item": "5"}),
    ("record", "MP099", {"milestone": "working_group_meeting", "meeting": "WG_12", "item": "2"}),
    ("release", "MP099", {"release": "November 2020", "on": "2020-04-08",
                          "note": "Proposed for November 2020"}),
    ("release", "MP099", {"release": "November 2020", "status": "withdrawn", "on": "2020-10-01",
                          "note": "Target release not yet determined"}),
    ("record", "MP099", {"milestone": "presented", "meeting": "TABASC_88", "item": "3",
                         "note": "TABASC reviewed the technical changes"}),
    ("record", "MP099", {"milestone": "working_group_meeting", "meeting": "WG_21", "item": "2"}),
    ("record", "MP099", {"milestone": "legal_text_agreed", "meeting": "WG_21", "item": "2"}),
    ("record", "MP099", {"milestone": "refinement_consultation_opened", "on": "2021-03-08",
                         "until": "2021-03-26"}),
    ("record", "MP099", {"milestone": "refinement_consultation_closed", "on": "2021-03-26"}),
    ("advance", "MP099", {"trigger": "send_to_report", "meeting": "PANEL_94", "item": "7"}),
    ("record", "MP099", {"milestone": "modification_report_presented", "meeting": "PANEL_94",
                         "item": "7"}),
    ("record", "MP099", {"milestone": "mrc_opened", "on": "2021-04-19", "until": "2021-05-10"}),
    ("record", "MP099", {"milestone": "mrc_closed", "on": "2021-05-10"}),
    ("advance", "MP099", {"trigger": "send_to_change_board", "on": "2021-05-11"}),
    ("record", "MP099", {"milestone": "change_board_vote", "meeting": "CB_54", "item": "3"}),
    ("advance", "MP099", {"trigger": "approve", "meeting": "CB_54", "item": "3",
                          "note": "Approved unanimously across party categories"}),
    ("release", "MP099", {"release": "November 2022", "release_date": "2022-11-03",
                          "on": "2021-06-18"}),
    ("release", "MP099", {"release": "November 2022", "status": "implemented",
                          "on": "2022-11-03"}),
    ("advance", "MP099", {"trigger": "implement", "on": "2022-11-03"}),
    # MP131: raised directly as an MP, straight to the Report Phase, approved 26 August 2020.
    ("raise_proposal", "MP131", {"title": "Default maximum demand configuration conflict",
                                 "proposer": "Western Power Distribution", "on": "2020-05-21"}),
    ("set_route", "MP131", {"path": 3, "on": "2020-05-21"}),
    ("advance", "MP131", {"trigger": "send_to_report", "on": "2020-06-19"}),
    ("record", "MP131", {"milestone": "mrc_opened", "on": "2020-07-20", "until": "2020-08-07"}),
    ("record", "MP131", {"milestone": "mrc_closed", "on": "2020-08-07"}),
    ("advance", "MP131", {"trigger": "send_to_change_board", "on": "2020-08-10"}),
    ("advance", "MP131", {"trigger": "approve", "meeting": "CB_45", "item": "3"}),
    ("release", "MP131", {"release": "November 2020", "release_date": "2020-11-05",
                          "on": "2020-08-26"}),
    # MP122 (Path 2) with its alternative MP122A: Change Board recommends, Ofgem decides.
    ("raise_proposal", "MP122", {"title": "Smart meter install visits: consumer notices",
                                 "proposer": "Citizens Advice", "on": "2020-11-13", "path": 2,
                                 "meeting": "PANEL_89", "item": "4"}),
    ("raise_proposal", "MP122A", {"title": "Smart meter install visits: consumer notices "
                                  "(alternative solution)", "proposer": "Citizens Advice",
                                  "on": "2020-11-13", "path": 2}),
    ("set_proposer", "MP122", {"proposer": "Consumer Panel representative", "on": "2021-01-05",
                               "note": "The original proposer left the industry"}),
    ("advance", "MP122", {"trigger": "send_to_report", "on": "2021-02-19"}),
    ("record", "MP122", {"milestone": "mrc_opened", "on": "2021-03-22", "until": "2021-04-13"}),
    ("record", "MP122", {"milestone": "mrc_closed", "on": "2021-04-13"}),
    ("advance", "MP122", {"trigger": "send_to_change_board", "on": "2021-05-11"}),
    ("advance", "MP122", {"trigger": "recommend", "meeting": "CB_54", "item": "4",
                          "outcome": "approve"}),
    ("advance", "MP122", {"trigger": "approve", "on": "2022-01-14",
                          "note": "Ofgem approved; the decision letter was noted by the Panel"}),
    ("release", "MP122", {"release": "November 2021", "release_date": "2021-11-04",
                          "status": "implemented", "on": "2022-01-14",
                          "note": "Part 1 (notice wording) went live in November 2021"}),
    ("record", "MP122", {"milestone": "partially_implemented", "on": "2022-01-14"}),
    ("release", "MP122", {"release": "June 2022", "release_date": "2022-06-30",
                          "status": "implemented", "on": "2022-06-30",
                          "note": "Part 2 (DCC system changes)"}),
    ("advance", "MP122", {"trigger": "implement", "on": "2022-06-30"}),
    ("advance", "MP122A", {"trigger": "withdraw", "on": "2021-05-26",
                           "note": "Superseded by the original solution"}),
    # DP150: a Draft Proposal withdrawn in the Development Stage.
    ("raise_proposal", "DP150", {"title": "Firmware retry limits", "proposer": "British Gas",
                                 "on": "2020-10-27", "stage": "development",
                                 "meeting": "CSC_30", "item": "3"}),
    ("record", "DP150", {"milestone": "development_workshop", "on": "2021-01-12"}),
    ("advance", "DP150", {"trigger": "withdraw", "meeting": "CSC_38", "item": "5",
                          "note": "The proposer withdrew it: the issue was fixed in firmware"}),
    # MP160: a Fast-Track fix of a manifest error, decided by the Panel.
    ("raise_proposal", "MP160", {"title": "Section H manifest error correction",
                                 "proposer": "SEC Panel", "on": "2021-06-18",
                                 "fast_track": True, "meeting": "PANEL_96", "item": "8"}),
    ("advance", "MP160", {"trigger": "approve", "meeting": "PANEL_96", "item": "8"}),
    ("release", "MP160", {"release": "November 2021", "on": "2021-06-18"}),
    # MP171: in Refinement now, waiting for the DCC's Preliminary Assessment.
    ("raise_proposal", "MP171", {"title": "Operational reporting of hub returns",
                                 "proposer": "DCC", "on": "2021-05-24", "path": 3,
                                 "meeting": "OPSG_12", "item": "3"}),
    ("advance", "MP171", {"trigger": "start_refinement", "on": "2021-06-18"}),
    ("record", "MP171", {"milestone": "preliminary_assessment_requested", "on": "2021-06-21"}),
]  # fmt: skip


def build(gf: Govflow) -> str:
    """Fill an empty database with the demo records; return the reference to feature."""
    for code, day, kind, items in MEETINGS:
        gf.add_meeting(code, on=day, kind=kind)
        for number, title, presenter in items:
            gf.add_item(code, number, title=title, presenter=presenter)
    for action, reference, arguments in STEPS:
        arguments = dict(arguments)
        positional = [arguments.pop(k) for k in ("trigger", "milestone", "release", "proposer")
                      if k in arguments and action != "raise_proposal"]  # fmt: skip
        getattr(gf, action)(reference, *positional, **arguments)
    return FEATURED
