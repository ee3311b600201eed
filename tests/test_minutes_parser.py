"""The minutes parser: fixtures written in the shape of SECAS minutes. Their content is invented and
uses fictional numbers (MP9xx, DP9xx, SECMP09xx), except MP099, which appears only with facts from
its public record (the Modification Report at the Panel in April 2021, approved at the Change
Board on 26 May 2021)."""

# Minutes write en dashes and curly quotes, and these tests check they come through unchanged.
# ruff: noqa: RUF001

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govflow.errors import InvalidInput, MinutesError
from govflow.minutes import Minutes, parse_minutes
from govflow.workflow.references import Grammar
from govflow.workflow.registry import Registry

FIXTURES = Path(__file__).parent / "fixtures" / "minutes"
COMMITTEES = {
    "Operations Group": "OPSG",
    "Change Sub-Committee": "CSC",
    "Change Board": "CB",
    "SEC Panel": "PANEL",
    "Panel": "PANEL",
    "Technical Architecture and Business Architecture Sub-Committee": "TABASC",
    "Security Sub-Committee": "SSC",
    "SMKI Policy Management Authority": "SMKI PMA",
}
VALID = (
    "opsg-12.md",
    "csc-38.md",
    "cb-61.md",
    "tabasc-88-december.md",
    "ssc-150-crlf.md",
    "panel-95-cp1252.md",
)
HEAD = "## Operations Group Meeting 12_0303\n\n3 March 2021, 10:00 – 13:00\n\n"
D = dt.date
T = dt.time


def parse(name: str, **options: str) -> Minutes:
    return parse_minutes((FIXTURES / name).read_bytes(), committees=COMMITTEES, **options)


def parse_text(text: str | bytes, **options: str) -> Minutes:
    return parse_minutes(text, committees=COMMITTEES, **options)


@pytest.fixture(scope="module")
def opsg() -> Minutes:
    return parse("opsg-12.md")


@pytest.fixture(scope="module")
def csc() -> Minutes:
    return parse("csc-38.md")


@pytest.fixture(scope="module")
def december() -> Minutes:
    return parse("tabasc-88-december.md")


# -- the meeting ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "code", "written", "number", "date", "start", "end", "line"),
    [
        ("opsg-12.md", "OPSG", "Operations Group", 12, D(2021, 3, 3), T(10), T(13), 3),
        ("csc-38.md", "CSC", "Change Sub-Committee", 38, D(2021, 5, 25), T(10), T(12), 1),
        ("cb-61.md", "CB", "Change Board", 61, D(2021, 5, 26), T(10), T(11, 30), 1),
        ("tabasc-88-december.md", "TABASC", "TABASC", 88, D(2021, 12, 9), None, None, 1),
        ("ssc-150-crlf.md", "SSC", "Security Sub-Committee", 150, D(2021, 5, 10), None, None, 1),
        ("panel-95-cp1252.md", "PANEL", "SEC Panel", 95, D(2021, 4, 16), T(10), T(14), 1),
    ],
    ids=lambda v: v if isinstance(v, str) and v.endswith(".md") else "",
)
def test_meeting_heading_and_date(
    name: str,
    code: str,
    written: str,
    number: int,
    date: dt.date,
    start: dt.time | None,
    end: dt.time | None,
    line: int,
) -> None:
    minutes = parse(name)
    assert (minutes.committee, minutes.committee_name, minutes.number) == (code, written, number)
    assert (minutes.date, minutes.start_time, minutes.end_time) == (date, start, end)
    assert minutes.heading_line == line
    assert minutes.warnings == ()
    assert minutes.code == f"{code}_{number}"


# -- items ------------------------------------------------------------------------------------
def test_opsg_items_bold_plain_and_alone(opsg: Minutes) -> None:
    got = [(i.number, i.title, i.presenter, i.line) for i in opsg.items]
    assert got == [
        ("1", "Minutes and Actions", "SECAS", 11),
        ("2", "Performance Reports", "SECAS", 13),
        ("2.1", "Firmware Report", "DCC", 16),
        ("2.2", "Hub Returns", "SECAS", 18),
        ("3", "Release Update – February 2021", "SECAS", 20),
        ("4", "AOB", None, 22),
        ("4.1", "Outage notices", None, 24),
    ]
    texts = {i.number: i.text for i in opsg.items}
    assert texts["1"] == "The OPSG approved the minutes of OPSG_11 as written."
    assert texts["2"] == (
        "The OPSG reviewed the January figures for the DCC's Performance Measures. "
        "SECAS asked members for comments on the new format by 19 March."
    )
    assert texts["2.1"] == (
        "The OPSG noted the report. DP940 'Firmware retry limits' will go to the Change "
        "Sub-Committee on 23 March 2021. The DCC will report back on the retry counts by the "
        "6th April."
    )
    assert texts["2.2"].startswith("The OPSG asked that the next report be split by region.")
    assert texts["3"].endswith(
        "targeted at the November 2021 release. Changes to Section L and H3.24 are expected."
    )
    assert texts["4"] == ""
    assert texts["4.1"] == (
        "A member noted that SECMP0971 is still awaiting a DCC Impact Assessment "
        "(*not yet scheduled). The DCC will report back at the next meeting (OPSG_13)."
        "\n\nMembers to provide comments on the outage template by 5 May."
    )


def test_banner_headlines_and_loose_text_are_not_items(opsg: Minutes) -> None:
    assert not any("classified" in i.title + i.text for i in opsg.items)
    assert not any("Headlines" in i.title or "video" in i.text for i in opsg.items)


def test_csc_plain_headings_and_items_alone_on_their_line(csc: Minutes) -> None:
    got = [(i.number, i.title, i.line) for i in csc.items]
    assert got == [
        ("1", "Welcome and Introductions", 15),
        ("2", "Draft Proposals", 19),
        ("2.1", "DP960 'Meter reading retry windows'", 21),
        ("2.2", "DP962 'Smart meter time synchronisation'", 28),
        ("3", "Refinement Updates", 37),
        ("10", "Any Other Business", 42),
        ("10.1", "Working Group dates", 44),
    ]
    assert all(i.presenter is None for i in csc.items)
    item = csc.item("2.1.")
    assert item is not None
    assert item.text == (
        "The CSC agreed to convert DP960 into a Modification Proposal and to recommend that the "
        "Panel place MP960 on Path 3 – Self-Governance.\n\n"
        "The proposer will present the business case to the Panel on 18 June 2021."
    )
    # "2 members sent apologies", a numbered list and "3 Members asked" are text, not items.
    assert csc.item("1").text.endswith("2 members sent apologies.")  # type: ignore[union-attr]
    assert csc.item("2.2").text.split("\n\n") == [  # type: ignore[union-attr]
        "The CSC noted that DP962 was raised on 12 May. The CSC agreed:",
        "1. To issue a request for information on DP962.",
        "2. That SECAS should circulate the request by 4 June.",
        "3 Members asked for a workshop.",
    ]
    assert csc.item("99") is None


def test_change_board_titles_keep_their_references() -> None:
    minutes = parse("cb-61.md")
    assert [(i.number, i.title, i.presenter) for i in minutes.items] == [
        ("1", "Apologies and Quoracy", "Chair"),
        (
            "2",
            "MP099 'Incorporation of multiple Issue Resolution Proposals into the SEC – Batch 4'",
            "SECAS",
        ),
        ("3", "MP936 ‘Fictional maximum demand defaults’", "SECAS"),
    ]
    assert [(r.ref.spelling, r.item, r.line) for r in minutes.proposal_refs] == [
        ("MP099", "2", 7),
        ("MP099", "2", 8),
        ("MP936", "3", 10),
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "**2. Performance Reports (SECAS):** Noted.",
            ("2", "Performance Reports", "SECAS", "Noted."),
        ),
        (
            "**2. Performance Reports (SECAS)**: Noted.",
            ("2", "Performance Reports", "SECAS", "Noted."),
        ),
        (
            "2.1 Firmware Report (DCC): The OPSG noted it.",
            ("2.1", "Firmware Report", "DCC", "The OPSG noted it."),
        ),
        ("**2.2 Hub Returns (SECAS):**", ("2.2", "Hub Returns", "SECAS", "")),
        ("**4. AOB:**", ("4", "AOB", None, "")),
        ("4.1. Outage notices", ("4.1", "Outage notices", None, "")),
        (
            "### 3. Smart Metering Key Infrastructure",
            ("3", "Smart Metering Key Infrastructure", None, ""),
        ),
        ("10.1. Release Scope", ("10.1", "Release Scope", None, "")),
        (
            "**2.** Performance Reports (SECAS): Noted.",
            ("2", "Performance Reports", "SECAS", "Noted."),
        ),
        ("**3. Release (November 2021):**", ("3", "Release (November 2021)", None, "")),
        ("**3. Release (November):**", ("3", "Release (November)", None, "")),
        ("**3. Scope (for decision):**", ("3", "Scope (for decision)", None, "")),
        ("**3. Scope** (SECAS): Noted.", ("3", "Scope", "SECAS", "Noted.")),
        ("**3. Scope (Jo Bloggs, SECAS)**", ("3", "Scope", "Jo Bloggs, SECAS", "")),
        (
            "2.1 Update: Release dates – Q3: Noted.",
            ("2.1", "Update", None, "Release dates – Q3: Noted."),
        ),
        ("__5. Any Other Business__", ("5", "Any Other Business", None, "")),
        ("### 6. **[MP922](#) Update** (DCC)", ("6", "MP922 Update", "DCC", "")),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_item_heading_forms(line: str, expected: tuple[str, str, str | None, str]) -> None:
    (item,) = parse_text(HEAD + line + "\n").items
    assert (item.number, item.title, item.presenter, item.text) == expected


@pytest.mark.parametrize(
    "line",
    [
        "2 members noted the report.",
        "12 Members attended the meeting.",
        "3 March 2021, 10:00",
        "**3 March 2021**",
        "1. To issue a request for information on DP962.",
        "2.5 million meters were installed.",
        "10:00 Welcome",
        "0. Preamble",
        "3.0 Title",
        "- 2. Bulleted: not an item",
        "4 Title without a dot: plain headings need one",
    ],
)
def test_lines_that_are_not_items(line: str) -> None:
    assert parse_text(HEAD + line + "\n").items == ()


def test_item_numbers_must_rise() -> None:
    body = (
        "**2. First:** a\n\n**1. Back:** b\n\n**2.1 Sub:** c\n\n**30. Far:** d\n\n**4. Next:** e\n"
    )
    minutes = parse_text(HEAD + body)
    assert [i.number for i in minutes.items] == ["2", "2.1", "4"]
    assert minutes.item("2.1").text.startswith("c")  # type: ignore[union-attr]


def test_unnumbered_heading_ends_the_item() -> None:
    minutes = parse_text(HEAD + "**1. First:** About MP1.\n\n### Attendees\n\nMP2 was mentioned.\n")
    assert minutes.items[0].text == "About MP1."
    assert [(r.ref.number, r.item) for r in minutes.proposal_refs] == [(1, "1"), (2, None)]


# -- references -------------------------------------------------------------------------------
def test_proposal_references_normalised_with_spelling_and_item(opsg: Minutes) -> None:
    got = [
        (m.ref.spelling, m.ref.prefix, m.ref.number, m.ref.alternative, m.item, m.line)
        for m in opsg.proposal_refs
    ]
    assert got == [
        ("DP940", "DP", 940, "", "2.1", 16),  # inside a link's text
        ("MP910A", "MP", 910, "A", "3", 20),
        ("MP 916", "MP", 916, "", "3", 20),
        ("SECMP0971", "SECMP", 971, "", "4.1", 26),
    ]
    assert [r.ref.spelling for r in opsg.item("3").refs] == ["MP910A", "MP 916"]  # type: ignore[union-attr]


def test_csc_references_across_wrapped_lines(csc: Minutes) -> None:
    got = [(m.ref.spelling, m.ref.key, m.item, m.line) for m in csc.proposal_refs]
    assert got[-4:] == [
        ("SECMP0963", (963, ""), "3", 39),
        ("SECMP916", (916, ""), "3", 39),
        ("MP922A", (922, "A"), "3", 39),
        ("MP922", (922, ""), "3", 40),
    ]
    assert {m.ref.key for m in csc.item("2.1").refs} == {(960, "")}  # type: ignore[union-attr]


def test_prefixes_can_be_chosen() -> None:
    minutes = parse_minutes(
        HEAD + "**1. Changes:** CP1234 and MP5.\n", committees=COMMITTEES, prefixes=("CP",)
    )
    assert [m.ref.spelling for m in minutes.proposal_refs] == ["CP1234"]


def test_unc_numbers_are_read_only_where_the_unc_writes_them() -> None:
    grammar = Grammar(wf.references for wf in Registry.shipped().all())
    text = (
        "**1. Changes:** In 2021 (page 0012) the Panel noted Modification 0678AV, MP922A, 0679.\n"
    )
    minutes = parse_minutes(HEAD + text, committees=COMMITTEES, prefixes=grammar)
    assert [(m.ref.spelling, m.ref.key) for m in minutes.proposal_refs] == [
        ("0678AV", (678, "A")),
        ("MP922A", (922, "A")),
    ]


def test_other_references(opsg: Minutes) -> None:
    assert [(o.kind, o.value, o.item, o.line) for o in opsg.other_refs] == [
        ("meeting", "OPSG_11", "1", 11),
        ("incident", "INC000000707890", "2.2", 18),
        ("irp", "IRP571", "2.2", 18),
        ("section", "L", "3", 20),
        ("section", "H3.24", "3", 20),
        ("meeting", "OPSG_13", "4.1", 26),
    ]


def test_meeting_references_use_committee_codes() -> None:
    body = "**1. Links:** See CSC\\_38, SMKI PMA_7, OPSG_12_0303 and FOO_3; release R2.0.\n"
    minutes = parse_text(HEAD + body)
    assert [(o.kind, o.value) for o in minutes.other_refs] == [
        ("meeting", "CSC_38"),
        ("meeting", "SMKI PMA_7"),
        ("meeting", "OPSG_12"),
    ]


# -- dates, actions, next meetings ------------------------------------------------------------
def test_dates_completed_with_the_meeting_year(opsg: Minutes) -> None:
    assert [(d.date, d.text, d.item, d.line) for d in opsg.dates] == [
        (D(2021, 3, 19), "19 March", "2", 14),
        (D(2021, 3, 23), "23 March 2021", "2.1", 16),
        (D(2021, 4, 6), "6th April", "2.1", 16),
        (D(2021, 2, 25), "25 February", "3", 20),  # a few days past: not rolled
        (D(2021, 5, 5), "5 May", "4.1", 28),
        (D(2021, 4, 7), "7 April 2021", None, 30),
        (D(2021, 4, 26), "26 April 2021", None, 30),
    ]


def test_december_dates_roll_into_next_year(december: Minutes) -> None:
    assert [(d.date, d.text) for d in december.dates] == [
        (D(2022, 1, 11), "11 January"),
        (D(2021, 12, 14), "14th December"),
        (D(2021, 11, 30), "30 November"),
        (D(2022, 1, 13), "13 January"),
    ]
    assert [(a.due, a.party, a.item) for a in december.actions] == [
        (D(2022, 1, 11), "DCC", "2"),
        (D(2021, 12, 14), None, "2"),
    ]
    assert [(p.kind, p.date) for p in december.next_meetings] == [("main", D(2022, 1, 13))]


@pytest.mark.parametrize(
    ("sentence", "meeting", "due"),
    [
        ("SECAS asked for views by 19 March.", "3 March 2021", D(2021, 3, 19)),
        ("SECAS asked for views by 1 March.", "3 March 2021", D(2022, 3, 1)),
        ("SECAS asked for views by Friday 5 March.", "3 March 2021", D(2021, 3, 5)),
        ("SECAS asked for views by close of business on 5th March.", "3 March 2021", D(2021, 3, 5)),
        ("SECAS asked for views by 19/03/2021.", "3 March 2021", D(2021, 3, 19)),
        ("SECAS asked for views by 29 February.", "3 March 2021", D(2024, 2, 29)),
        ("SECAS asked for views by 11 January.", "14 December 2021", D(2022, 1, 11)),
    ],
)
def test_deadlines(sentence: str, meeting: str, due: dt.date) -> None:
    text = f"## OPSG Meeting 50\n\n{meeting}\n\n**1. Item:** {sentence}\n"
    (action,) = parse_text(text).actions
    assert action.due == due


def test_impossible_days_are_ignored_with_a_warning() -> None:
    minutes = parse_text(HEAD + "**1. Item:** Replies by 31 February 2021 please.\n")
    assert minutes.dates == () and minutes.actions == ()
    assert minutes.warnings == ("line 5: '31 February 2021' is not a day of the calendar; ignored",)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "opsg-12.md",
            [
                (
                    D(2021, 3, 19),
                    "2",
                    "members",
                    13,
                    "SECAS asked members for comments on the new format by 19 March.",
                ),
                (
                    D(2021, 4, 6),
                    "2.1",
                    "DCC",
                    16,
                    "The DCC will report back on the retry counts by the 6th April.",
                ),
                (  # undated: due at the next meeting, which the sentence names
                    None,
                    "4.1",
                    "DCC",
                    26,
                    "The DCC will report back at the next meeting (OPSG_13).",
                ),
                (
                    D(2021, 5, 5),
                    "4.1",
                    "Members",
                    28,
                    "Members to provide comments on the outage template by 5 May.",
                ),
            ],
        ),
        (
            "csc-38.md",
            [
                (
                    D(2021, 6, 4),
                    "2.2",
                    "SECAS",
                    33,
                    "2. That SECAS should circulate the request by 4 June.",
                ),
                (
                    D(2021, 6, 30),
                    "10.1",
                    None,
                    48,
                    "Responses to the consultation are due by 30 June 2021.",
                ),
            ],
        ),
        (
            "cb-61.md",
            [
                (
                    D(2021, 6, 9),
                    "3",
                    "SECAS",
                    11,
                    "SECAS will reissue the Modification Report to all Parties by 9 June.",
                )
            ],
        ),
        (
            "ssc-150-crlf.md",
            [
                (
                    D(2021, 5, 21),
                    "2",
                    "SSC members",
                    8,
                    "SSC members to send comments to SECAS by 21 May.",
                )
            ],
        ),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_actions(
    name: str, expected: list[tuple[dt.date | None, str, str | None, int, str]]
) -> None:
    got = [(a.due, a.item, a.party, a.line, a.text) for a in parse(name).actions]
    assert got == expected


@pytest.mark.parametrize(
    ("sentence", "party"),
    [
        ("SECAS asked members for comments by 19 March.", "members"),
        ("The OPSG requested the DCC to confirm the figures by 19 March.", "DCC"),
        ("The DCC will report back by 4 June.", "DCC"),
        ("Members to provide comments by 5 May.", "Members"),
        ("Action: SECAS to circulate the paper by 19 March.", "SECAS"),
        ("SECAS and the DCC agreed to publish a plan by 19 March.", "SECAS and the DCC"),
        ("The Chair invited Parties to respond by 19 March.", "Parties"),
        ("Comments should be sent to SECAS by 19 March.", None),
        ("Responses are due by 19 March.", None),
        ("It was agreed that a workshop would be held by 19 March.", None),
        ("The OPSG asked that the report be issued by 19 March.", None),
    ],
)
def test_action_party(sentence: str, party: str | None) -> None:
    (action,) = parse_text(HEAD + f"**1. Item:** {sentence}\n").actions
    assert (action.party, action.text) == (party, sentence)


def test_an_action_without_an_item() -> None:
    (action,) = parse_text(HEAD + "SECAS will send the papers by 10 March.\n").actions
    assert (action.item, action.party, action.due) == (None, "SECAS", D(2021, 3, 10))


def test_next_meetings(opsg: Minutes) -> None:
    assert [(p.kind, p.date, p.text, p.line) for p in opsg.next_meetings] == [
        ("main", D(2021, 4, 7), "Next main meeting: 7 April 2021", 30),
        ("reporting", D(2021, 4, 26), "Next reporting meeting: 26 April 2021", 30),
    ]
    assert not any("Next" in i.text for i in opsg.items)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Next meeting: 22 June 2021", [("main", D(2021, 6, 22))]),
        ("**Next OPSG meeting: 7 April**", [("main", D(2021, 4, 7))]),
        (
            "Next extraordinary meeting will be held on 19 March 2021.",
            [("extraordinary", D(2021, 3, 19))],
        ),
        ("Next meeting date: 1 March", [("main", D(2022, 3, 1))]),
        (
            "Next main meeting: 7 April 2021 and next reporting meeting: 26 April 2021",
            [("main", D(2021, 4, 7)), ("reporting", D(2021, 4, 26))],
        ),
    ],
)
def test_next_meeting_forms(line: str, expected: list[tuple[str, dt.date]]) -> None:
    minutes = parse_text(HEAD + line + "\n")
    assert [(p.kind, p.date) for p in minutes.next_meetings] == expected


def test_next_meeting_without_a_date_is_a_warning() -> None:
    minutes = parse_text(HEAD + "Next meeting: to be confirmed\n")
    assert minutes.next_meetings == ()
    assert minutes.warnings == (
        "line 5: 'Next meeting: to be confirmed' gives no date; no meeting planned",
    )


# -- markup -----------------------------------------------------------------------------------
@pytest.mark.parametrize("name", VALID)
def test_no_markup_leaks(name: str) -> None:
    minutes = parse(name)
    texts = [i.title for i in minutes.items] + [i.text for i in minutes.items]
    texts += [i.presenter or "" for i in minutes.items]
    texts += [d.text for d in minutes.dates] + [a.text for a in minutes.actions]
    texts += [p.text for p in minutes.next_meetings]
    for text in texts:
        for leak in ("**", "\\", "<sup>", "</", "](", "[", "\r", "__", "&nbsp;"):
            assert leak not in text, (leak, text)


def test_markup_is_removed_from_text() -> None:
    body = (
        '**1. Links & tags:** See [the *paper*](https://example.org/x "t") and ![a chart](c.png),'
        " <https://example.org>, the 25<sup>th</sup> May&nbsp;report,\n"
        "`code`, ~~old~~ new, a\\_b, 5 \\* 3, snake_case, _emphasis_ and line<br>break — done.\n"
    )
    (item,) = parse_text(HEAD + body).items
    assert item.title == "Links & tags"
    assert item.text == (
        "See the paper and a chart, https://example.org, the 25th May report, code, old new, "
        "a_b, 5 * 3, snake_case, emphasis and line break – done."
    )
    assert [d.text for d in parse_text(HEAD + body).dates] == ["25th May"]


# -- encodings and line endings ---------------------------------------------------------------
def test_windows_line_endings() -> None:
    data = (FIXTURES / "ssc-150-crlf.md").read_bytes()
    assert b"\r\n" in data
    assert parse("ssc-150-crlf.md") == parse_text(data.replace(b"\r\n", b"\n"))


def test_old_mac_line_endings(opsg: Minutes) -> None:
    text = (FIXTURES / "opsg-12.md").read_text(encoding="utf-8")
    assert parse_text(text.replace("\n", "\r")) == opsg


def test_cp1252_bytes() -> None:
    data = (FIXTURES / "panel-95-cp1252.md").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    minutes = parse("panel-95-cp1252.md")
    assert [(i.title, i.presenter) for i in minutes.items] == [
        ("Modification Report – MP099", "SECAS"),
        ("Chair’s Update", None),
    ]
    assert minutes.start_time == T(10)


def test_utf8_with_bom(opsg: Minutes) -> None:
    data = (FIXTURES / "opsg-12.md").read_bytes()
    assert parse_text(b"\xef\xbb\xbf" + data) == opsg
    assert parse_text("\ufeff" + data.decode("utf-8")) == opsg


def test_latin1_when_cp1252_fails() -> None:
    text = "## OPSG Meeting 49\n\n3 March 2021\n\n**1. Caf\xe9 \x81 Item:** Noted.\n"
    minutes = parse_text(text.encode("latin-1"))
    assert minutes.items[0].title == "Caf\xe9 \x81 Item"


# -- headings and date lines ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "code", "number", "date", "start", "end"),
    [
        ("## OPSG Meeting 49\n\n3 March 2021", "OPSG", 49, D(2021, 3, 3), None, None),
        ("## operations group meeting 12\n3 March 2021", "OPSG", 12, D(2021, 3, 3), None, None),
        (
            "## Operations Group (OPSG) Meeting 12\n3 March 2021",
            "OPSG",
            12,
            D(2021, 3, 3),
            None,
            None,
        ),
        (
            "**Operations Group Meeting 12\\_0303**\n\n3 March 2021",
            "OPSG",
            12,
            D(2021, 3, 3),
            None,
            None,
        ),
        (
            "# Minutes of the SEC Panel Meeting 95\n\n16 April 2021",
            "PANEL",
            95,
            D(2021, 4, 16),
            None,
            None,
        ),
        ("Change Board Meeting 61\n\n26 May 2021", "CB", 61, D(2021, 5, 26), None, None),
        ("## SMKI PMA Meeting 7\n\nDate: 03/03/2021", "SMKI PMA", 7, D(2021, 3, 3), None, None),
        (
            "## CSC Meeting 38\n\nTuesday 25 May 2021 10:00-12:00",
            "CSC",
            38,
            D(2021, 5, 25),
            T(10),
            T(12),
        ),
        (
            "## CSC Meeting 38\n\nTuesday, 25th May 2021 from 10am to 1.30pm",
            "CSC",
            38,
            D(2021, 5, 25),
            T(10),
            T(13, 30),
        ),
        (
            "## CSC Meeting 38 – 25 May 2021\n\n**1. Item:** x",
            "CSC",
            38,
            D(2021, 5, 25),
            None,
            None,
        ),
        (
            "## CSC Meeting 38\nMinutes\n25 May 2021\nTime: 10:00 – 13:00",
            "CSC",
            38,
            D(2021, 5, 25),
            T(10),
            T(13),
        ),
        (
            "Agenda\n\n## CSC Meeting 38\n\n25 May 2021, 10:00",
            "CSC",
            38,
            D(2021, 5, 25),
            T(10),
            None,
        ),
        (
            "Change Board Meeting 61\n=======================\n\n26 May 2021",
            "CB",
            61,
            D(2021, 5, 26),
            None,
            None,
        ),
    ],
)
def test_heading_and_date_line_forms(
    text: str,
    code: str,
    number: int,
    date: dt.date,
    start: dt.time | None,
    end: dt.time | None,
) -> None:
    minutes = parse_text(text)
    assert (minutes.committee, minutes.number, minutes.date) == (code, number, date)
    assert (minutes.start_time, minutes.end_time) == (start, end)


def test_code_and_date_disagree_the_date_wins() -> None:
    minutes = parse_text("## OPSG Meeting 49_0101\n\n3 March 2021\n")
    assert (minutes.number, minutes.date) == (49, D(2021, 3, 3))
    assert minutes.warnings == (
        "line 1: the meeting code 49_0101 does not match the date 2021-03-03; the date is used",
    )


def test_unknown_committee_asks_for_committee_option() -> None:
    with pytest.raises(MinutesError) as caught:
        parse_text("\n## Widget Group Meeting 5\n\n3 March 2021\n")
    assert caught.value.line == 2
    assert "'Widget Group'" in str(caught.value)
    assert caught.value.remedy is not None and caught.value.remedy.action == "name_committee"


def test_committee_option_names_the_committee() -> None:
    minutes = parse_text("## Widget Group Meeting 5\n\n3 March 2021\n", committee="opsg")
    assert (minutes.committee, minutes.committee_name, minutes.number) == (
        "OPSG",
        "Widget Group",
        5,
    )


def test_committee_option_overrides_the_heading() -> None:
    minutes = parse_text("## Change Board Meeting 5\n\n3 March 2021\n", committee="CSC")
    assert (minutes.committee, minutes.committee_name) == ("CSC", "Change Board")
    assert minutes.warnings == ("the heading names CB; read as CSC as asked",)


# -- refusals ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ((FIXTURES / "not-minutes.md").read_bytes(), 3, "expected a meeting heading such as"),
        (
            (FIXTURES / "heading-no-date.md").read_bytes(),
            3,
            "expected the meeting date after the heading on line 1",
        ),
        ("", 1, "expected a meeting heading such as '## Operations Group Meeting 12_0303'"),
        ("\n\n   \n", 1, "it is empty"),
        ("## OPSG Meeting 49\n", 1, "the text ends"),
        ("## OPSG Meeting 49\n\n2021-03-03\n", 3, "found '2021-03-03'"),
        ("## OPSG Meeting 49\n\n31 February 2021\n", 3, "expected the meeting date"),
        (
            "The Change Board Meeting 61 was quorate and much discussion followed on all the "
            "points.\n\n26 May 2021",
            1,
            "expected a meeting heading",
        ),
    ],
    ids=[
        "not-minutes",
        "no-date",
        "empty",
        "blank",
        "heading-only",
        "iso-date",
        "bad-day",
        "sentence",
    ],
)
def test_refusals_name_the_line(text: str | bytes, line: int, message: str) -> None:
    with pytest.raises(MinutesError) as caught:
        parse_text(text)
    assert caught.value.line == line
    assert message in str(caught.value)
    assert str(caught.value).startswith(f"line {line}: ")


def test_other_types_are_invalid_input_a_govflow_error() -> None:
    with pytest.raises(InvalidInput, match="not int"):
        parse_minutes(42, committees=COMMITTEES)  # type: ignore[arg-type]


def test_to_dict_is_json(opsg: Minutes) -> None:
    data = opsg.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["date"] == "2021-03-03" and data["start_time"] == "10:00:00"
    assert data["proposal_refs"][1]["ref"] == {
        "prefix": "MP",
        "number": 910,
        "alternative": "A",
        "spelling": "MP910A",
    }


# -- random text ------------------------------------------------------------------------------
MINUTE_LINES = [
    "",
    "This document is classified as **White**.",
    "## Operations Group Meeting 12\\_0303",
    "## OPSG Meeting 49",
    "# Change Sub-Committee Meeting 38_2505",
    "**Change Board Meeting 61**",
    "3 March 2021, 10:00 – 13:00",
    "Tuesday 25 May 2021 10:00-12:00",
    "### Meeting Headlines",
    "**2. Performance Reports (SECAS):** SECAS asked members for comments by 19 March.",
    "2.1 Firmware Report (DCC): [DP940 'Firmware'](#) goes on 23 March 2021.",
    "**4. AOB:**",
    "4.1. Outage notices",
    "### 3. Title",
    "10.1. Title",
    "2 members noted the report by 29 February.",
    "The DCC will report back by 4 June (OPSG\\_13, INC000000707890, IRP571, H3.24).",
    "Members to provide comments by the 25<sup>th</sup> May.",
    "**Next main meeting: 7 April 2021; Next reporting meeting: 26 April 2021.**",
    "Next meeting:",
    "| a | b |",
    "|---|---|",
    "- a bullet MP 916",
    "1. a list SECMP0971",
    "[unclosed link](",
    "**unclosed bold",
    "<sup>",
    "\\",
    "by 31 December",
]
FAST = settings(
    derandomize=True,
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def _parses_or_refuses(text: str | bytes) -> None:
    """Minutes, or a refusal naming the line; bytes that are no text are refused as a whole."""
    try:
        parse_text(text)
    except MinutesError as error:
        if error.line is None and isinstance(text, bytes):  # no text, a damaged .docx or PDF
            assert str(error).startswith("this ") and error.where is None
        else:
            assert error.line is not None and error.line >= 1


@FAST
@given(st.text())
def test_random_text_parses_or_is_refused(text: str) -> None:
    _parses_or_refuses(text)


@FAST
@given(st.binary())
def test_random_bytes_parse_or_are_refused(data: bytes) -> None:
    _parses_or_refuses(data)


@FAST
@given(
    st.lists(
        st.one_of(
            st.sampled_from(MINUTE_LINES),
            st.text(alphabet="#*_\\[]()<>:;.–-|0123456789 aMBy\r", max_size=30),
        ),
        max_size=40,
    )
)
def test_recombined_minute_lines_parse_or_are_refused(lines: list[str]) -> None:
    _parses_or_refuses("\n".join(lines))


OPSG_ITEMS = ["1", "2", "2.1", "2.2", "3", "4", "4.1"]


@FAST
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=40),
            st.text(st.characters(blacklist_categories=["Cs", "Nd"]), max_size=80),
        ),
        max_size=6,
    )
)
def test_minutes_with_random_paragraphs_still_parse(extra: list[tuple[int, str]]) -> None:
    lines = (FIXTURES / "opsg-12.md").read_text(encoding="utf-8").split("\n")
    body = lines[5:]
    for position, paragraph in extra:
        body.insert(position % (len(body) + 1), f"\n{paragraph}\n")
    minutes = parse_text("\n".join(lines[:5] + body))
    assert (minutes.committee, minutes.number, minutes.date) == ("OPSG", 12, D(2021, 3, 3))
    assert [i.number for i in minutes.items] == OPSG_ITEMS
