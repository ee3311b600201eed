"""A demonstration database: two real SEC records, and fictional ones for the other scenarios.

MP099 and MP131 carry only what their public records say (SECAS's modification pages for MP099
and MP131, as the domain brief gives them); each step notes its source, and what the record does
not give (a conversion date, a meeting, the route between two stages) is left out or left as a
gap, never invented. Every other
proposal is fictional and numbered MP9xx/DP9xx, and says so: Path 2 with an alternative solution
and a release split in two, a Fast-Track fix, a withdrawal, a proposal in Refinement. Their
meetings (numbered 9xx) and tallies are fictional too. The data is a list of steps, each one
call of the public API, so the demo exercises what users call.
"""

from __future__ import annotations

from typing import Any

from govflow.service import Govflow

FEATURED = "MP099"
MP099_PAGE = "source: SECAS's MP099 page"
MP131_PAGE = "source: SECAS's MP131 page"
FICTIONAL = "fictional"

# Fictional meetings, for the fictional proposals: (code, date, kind, [(item, title, presenter)])
MEETINGS: list[tuple[str, str, str, list[tuple[str, str, str | None]]]] = [
    ("CSC_901", "2020-10-27", "main", [("3", "DP903 Development (fictional)", "SECAS")]),
    ("PANEL_901", "2021-01-15", "main", [("4", "MP901 Initial Consideration (fictional)",
                                          "SECAS")]),
    ("WG_901", "2021-03-03", "main", [("2", "MP901 solution options (fictional)", "SECAS")]),
    ("PANEL_902", "2021-04-16", "main", [("5", "MP901 Modification Report (fictional)",
                                          "SECAS")]),
    ("OPSG_901", "2021-05-24", "main", [("3", "Release update (fictional)", "DCC")]),
    ("CSC_902", "2021-05-25", "main", [("5", "DP903 withdrawal (fictional)", "SECAS")]),
    ("CB_901", "2021-05-26", "main", [("4", "MP901 and MP901A vote (fictional)", "SECAS")]),
    ("PANEL_903", "2021-06-18", "main", [("8", "MP902 manifest error (fictional)", "SECAS")]),
]  # fmt: skip

Step = tuple[str, str, dict[str, Any]]

#: A fictional Change Board tally for MP901 (the SEC's real rule is unconfirmed).
MP901_ORIGINAL_TALLY = {  # the Change Board votes on the original and the alternative
    "Large Supplier": {"for": 3, "against": 9, "abstain": 1},
    "Small Supplier": {"for": 1, "against": 2},
}
MP901_TALLY = {
    "Large Supplier": {"for": 10, "against": 2, "abstain": 1},
    "Small Supplier": {"for": 2, "against": 1},
    "Network Party": {"for": 3, "against": 0},
    "Other SEC Party": {"for": 2, "against": 1},
    "Consumer Representative": {"for": 1, "against": 0},
}

STEPS: list[Step] = [
    # MP099 (real): Self-Governance; only the dates of its public record. Its conversion and
    # Refinement Consultation are not on that record: it "reached" Refinement and the Report
    # Phase, the way between not on record (the history names the one route that fits).
    ("raise_proposal", "DP099", {
        "title": "Incorporation of multiple Issue Resolution Proposals into the SEC - Batch 4",
        "on": "2019-12-12", "stage": "development", "note": f"DP raised; {MP099_PAGE}"}),
    ("set_route", "DP099", {"route": "3", "on": "by April 2020",
                            "note": f"Self-Governance ({MP099_PAGE}); date not on record"}),
    ("advance", "DP099", {"to": "refinement", "on": "by April 2020",
                          "note": f"in Refinement by April 2020 ({MP099_PAGE})"}),
    ("record", "MP099", {"milestone": "working_group_meeting", "on": "April 2020",
                         "note": MP099_PAGE}),
    ("record", "MP099", {"milestone": "presented", "on": "2021-02-04",
                         "note": f"presented to TABASC; {MP099_PAGE}"}),
    ("record", "MP099", {"milestone": "working_group_meeting", "on": "2021-03-03",
                         "note": MP099_PAGE}),
    ("advance", "MP099", {"to": "report", "on": "by 16 April 2021", "note": MP099_PAGE}),
    ("record", "MP099", {"milestone": "modification_report_presented", "on": "2021-04-16",
                         "note": f"presented to the Panel; {MP099_PAGE}"}),
    ("record", "MP099", {"milestone": "mrc_opened", "on": "2021-04-19", "until": "2021-05-10",
                         "note": MP099_PAGE}),
    ("record", "MP099", {"milestone": "mrc_closed", "on": "2021-05-10", "note": MP099_PAGE}),
    ("advance", "MP099", {"to": "change_board", "on": "by 26 May 2021",
                          "note": f"before the Change Board's vote; {MP099_PAGE}"}),
    ("advance", "MP099", {"trigger": "approve", "on": "2021-05-26", "body": "CB",
                          "note": f"the Change Board approved; {MP099_PAGE}"}),
    ("release", "MP099", {"release": "November 2022", "release_date": "2022-11-03",
                          "status": "implemented", "on": "2022-11-03", "note": MP099_PAGE}),
    ("advance", "MP099", {"trigger": "implement", "on": "2022-11-03", "note": MP099_PAGE}),
    # MP131 (real): Self-Governance, raised 21 May 2020, approved 26 August 2020, targeted at the
    # November 2020 release. The steps between are not on record (a gap); the record says the
    # Change Board approved it, so the decision names the Change Board (the routes that fit do
    # not agree on a body: the graph alone would name none). When it was targeted is not on the
    # record (on or before that month). Its appeal window lapsed by itself on its last day (the
    # targeted release does not move it on): never overdue, never moot.
    ("raise_proposal", "MP131", {"title": "Default maximum demand configuration conflict",
                                 "on": "2020-05-21", "route": "3", "note": MP131_PAGE}),
    ("advance", "MP131", {"to": "approved", "on": "2020-08-26", "body": "CB",
                          "note": f"the Change Board approved; {MP131_PAGE}"}),
    ("release", "MP131", {"release": "November 2020", "on": "by November 2020",
                          "note": f"targeted; {MP131_PAGE}; date not on record"}),
    # MP901 (fictional): Path 2, the Working Group raises an alternative MP901A; the Change Board
    # votes and recommends MP901A, the Authority approves it; part 1 goes live in November 2021,
    # part 2's target moves from June 2022 to November 2022.
    ("raise_proposal", "MP901", {"title": "Install visit notices (fictional)",
                                 "proposer": "A fictional supplier", "route": "2",
                                 "meeting": "PANEL_901", "item": "4", "note": FICTIONAL}),
    ("advance", "MP901", {"trigger": "start_refinement", "meeting": "PANEL_901", "item": "4"}),
    ("record", "MP901", {"milestone": "working_group_meeting", "meeting": "WG_901",
                         "item": "2"}),
    ("raise_alternative", "MP901A", {"title": "Install visit notices by text (fictional)",
                                     "meeting": "WG_901", "item": "2", "actor": "WG"}),
    ("record", "MP901", {"milestone": "refinement_consultation_opened", "on": "2021-03-08",
                         "until": "2021-03-26"}),
    ("record", "MP901", {"milestone": "refinement_consultation_closed", "on": "2021-03-26"}),
    ("advance", "MP901", {"trigger": "send_to_report", "meeting": "PANEL_902", "item": "5"}),
    ("record", "MP901", {"milestone": "modification_report_presented", "meeting": "PANEL_902",
                         "item": "5"}),
    ("record", "MP901", {"milestone": "mrc_opened", "on": "2021-04-19", "until": "2021-05-10"}),
    ("record", "MP901", {"milestone": "mrc_closed", "on": "2021-05-10"}),
    ("advance", "MP901", {"trigger": "send_to_change_board", "on": "2021-05-11"}),
    ("vote", "MP901", {"tally": MP901_ORIGINAL_TALLY, "solution": "MP901", "meeting": "CB_901",
                       "item": "4", "note": "fictional tally"}),
    ("vote", "MP901", {"tally": MP901_TALLY, "solution": "MP901A", "meeting": "CB_901",
                       "item": "4", "note": "fictional tally"}),
    ("advance", "MP901", {"trigger": "recommend", "meeting": "CB_901", "item": "4"}),
    ("advance", "MP901", {"trigger": "approve", "solution": "MP901A", "on": "2021-08-02",
                          "note": "the Authority's decision (fictional)"}),
    ("release", "MP901", {"release": "November 2021", "release_date": "2021-11-04",
                          "on": "2021-08-20", "note": "part 1 (fictional)"}),
    ("release", "MP901", {"release": "November 2021", "status": "implemented",
                          "on": "2021-11-04", "note": "part 1 live (fictional)"}),
    ("record", "MP901", {"milestone": "partially_implemented", "on": "2021-11-04"}),
    ("release", "MP901", {"release": "June 2022", "on": "2021-11-19",
                          "note": "part 2 (fictional)"}),
    ("release", "MP901", {"release": "November 2022", "release_date": "2022-11-03",
                          "moved_from": "June 2022", "on": "2022-03-18",
                          "note": "part 2 moved (fictional)"}),
    ("release", "MP901", {"release": "November 2022", "status": "implemented",
                          "on": "2022-11-03", "note": "part 2 live (fictional)"}),
    ("advance", "MP901", {"trigger": "implement", "on": "2022-11-03"}),
    # MP902 (fictional): a Fast-Track fix of a manifest error, decided by the Panel.
    ("raise_proposal", "MP902", {"title": "Manifest error correction (fictional)",
                                 "proposer": "SEC Panel", "flags": ["fast_track"],
                                 "meeting": "PANEL_903", "item": "8", "note": FICTIONAL}),
    ("advance", "MP902", {"trigger": "approve", "meeting": "PANEL_903", "item": "8"}),
    ("release", "MP902", {"release": "November 2021", "on": "2021-06-18"}),
    # DP903 (fictional): a Draft Proposal withdrawn in the Development Stage.
    ("raise_proposal", "DP903", {"title": "Firmware retry limits (fictional)",
                                 "proposer": "A fictional supplier", "stage": "development",
                                 "meeting": "CSC_901", "item": "3", "note": FICTIONAL}),
    ("record", "DP903", {"milestone": "development_workshop", "on": "2021-01-12"}),
    ("advance", "DP903", {"trigger": "withdraw", "meeting": "CSC_902", "item": "5",
                          "note": "the proposer withdrew it (fictional)"}),
    # MP904 (fictional): in Refinement, waiting for the DCC's Preliminary Assessment (a duration
    # observed, not a deadline: late, never overdue).
    ("raise_proposal", "MP904", {"title": "Operational reporting of hub returns (fictional)",
                                 "proposer": "A fictional network operator", "route": "3",
                                 "meeting": "OPSG_901", "item": "3", "note": FICTIONAL}),
    ("advance", "MP904", {"trigger": "start_refinement", "on": "2021-06-18"}),
    ("record", "MP904", {"milestone": "preliminary_assessment_requested", "on": "2021-06-21"}),
]  # fmt: skip


#: The arguments the API takes by position, after the reference (a raise takes none).
_POSITIONAL = ("trigger", "milestone", "release", "proposer", "tally")


def build(gf: Govflow) -> str:
    """Fill an empty database with the demo records; return the reference to feature."""
    for code, day, kind, items in MEETINGS:
        gf.add_meeting(code, on=day, kind=kind)
        for number, title, presenter in items:
            gf.add_item(code, number, title=title, presenter=presenter)
    for action, reference, arguments in STEPS:
        arguments = dict(arguments)
        named_only = action in ("raise_proposal", "raise_alternative")
        positional = [arguments.pop(k) for k in _POSITIONAL if k in arguments and not named_only]
        getattr(gf, action)(reference, *positional, **arguments)
    return FEATURED
