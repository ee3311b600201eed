"""Output that cannot be hijacked: user text is never markup, never a terminal sequence, never a
spreadsheet formula, and the neutralised CSV still imports and verifies."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator

import pytest
from rich.console import Console
from typer.testing import Result

from govflow.audit.verify_file import verify_export
from govflow.cli import _output
from govflow.safe_text import csv_cell, csv_value, escape_controls, json_safe
from govflow.service import Govflow

HOSTILE = {
    "markup-close": "Title [/] closing nothing",
    "markup-link": "[link=https://evil.example]click[/link]",
    "osc-title": "Retitle \x1b]0;pwned\x07 the window",
    "clear-screen": "Wipe \x1b[2J the screen",
    "c1-csi": "C1 \x9b31m red",
    "bidi": "Looks \u202eright\u202c fine",
    "carriage-return": "Hidden\rOverwritten",
}
FORMULAS = ["=HYPERLINK(\"https://evil.example\",\"x\")", "+1+1", "-2+3", "@SUM(A1:A2)",
            "\t=1", "\r=1", "'quoted already"]  # fmt: skip


class TestControlCharacters:
    @pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
    def test_escaped_text_holds_no_control_character(self, text: str) -> None:
        shown = escape_controls(text)
        assert not any(ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in shown)
        assert "\u202e" not in shown

    def test_an_escape_is_shown_by_its_code(self) -> None:
        assert escape_controls("a\x1b[2Jb\u202e") == "a\\x1b[2Jb\\u202e"

    def test_kept_characters_stay(self) -> None:
        assert escape_controls("one\ntwo\x07", keep="\n") == "one\ntwo\\x07"

    def test_line_breaks_and_tabs_have_readable_escapes(self) -> None:
        assert escape_controls("a\nb\tc\rd") == "a\\nb\\tc\\rd"

    def test_json_safe_escapes_what_json_leaves_raw_and_keeps_the_value(self) -> None:
        import json

        value = {"note": "C1 \x9b and \u202e and \x7f"}
        text = json_safe(json.dumps(value, ensure_ascii=False))
        assert json.loads(text) == value
        assert not any(c in text for c in "\x9b\u202e\x7f")


class TestCsvCells:
    @pytest.mark.parametrize("text", FORMULAS)
    def test_a_formula_gets_a_quote_in_front(self, text: str) -> None:
        assert csv_cell(text) == "'" + text

    @pytest.mark.parametrize("text", ["MP099", "2021-05-26", "a = b", "", '"quoted" word'])
    def test_plain_text_is_left_alone(self, text: str) -> None:
        assert csv_cell(text) == text

    @pytest.mark.parametrize("text", [*HOSTILE.values(), *FORMULAS, '\'"x"', "''", "-", "x\ny"])
    def test_reading_undoes_writing(self, text: str) -> None:
        assert csv_value(csv_cell(text)) == text

    @pytest.mark.parametrize("text", ["\x1b[2J=1", "x\x00y", "bell\x07"])
    def test_a_control_character_makes_a_quoted_json_cell(self, text: str) -> None:
        cell = csv_cell(text)
        assert cell.startswith("'\"")
        assert not any(ord(c) < 0x20 for c in cell)


@pytest.fixture
def hostile(gf: Govflow) -> Govflow:
    """Proposals whose titles, proposers and notes attack terminals and spreadsheets."""
    for number, (name, text) in enumerate(HOSTILE.items(), start=160):
        gf.raise_proposal(f"DP{number}", title=text, proposer=text, on="2021-03-01",
                          stage="development", note=name)  # fmt: skip
    for number, text in enumerate(FORMULAS, start=180):
        gf.raise_proposal(f"DP{number}", title=text, proposer=text, on="2021-03-01",
                          stage="development", note=text)  # fmt: skip
    gf.record("DP160", "working_group_meeting", on="2021-03-02", note="~~struck~~ $x$ \x1b[2J")
    return gf


def _export(gf: Govflow, report: str, fmt: str) -> str:
    out = io.StringIO(newline="")
    getattr(gf, f"export_{report}")(out, fmt)
    return out.getvalue()


class TestExports:
    @pytest.mark.parametrize("report", ["audit", "register"])
    def test_no_csv_cell_starts_like_a_formula(self, hostile: Govflow, report: str) -> None:
        rows = list(csv.reader(io.StringIO(_export(hostile, report, "csv"), newline="")))
        cells = [cell for row in rows[1:] for cell in row]
        assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
        assert '\'=HYPERLINK("https://evil.example","x")' in cells

    @pytest.mark.parametrize(
        ("report", "fmt"),
        [(r, f) for r in ("audit", "register") for f in ("csv", "jsonl", "md", "html")],
    )
    def test_no_raw_control_character_reaches_a_file(
        self, hostile: Govflow, report: str, fmt: str
    ) -> None:
        text = _export(hostile, report, fmt)
        allowed = "\t\n\r" if fmt == "csv" else "\t\n"
        assert [c for c in text if escape_controls(c, keep=allowed) != c] == []

    def test_markdown_escapes_strike_through_and_maths(self, hostile: Govflow) -> None:
        text = _export(hostile, "audit", "md")
        assert "\\~\\~struck\\~\\~ \\$x\\$ \\\\x1b" in text

    def test_html_shows_the_escape_it_was_given(self, hostile: Govflow) -> None:
        out = io.StringIO()
        hostile.export_register(out, "html")
        assert "Wipe \\x1b[2J the screen" in out.getvalue()

    def test_the_neutralised_csv_imports_into_the_same_histories(
        self, hostile: Govflow, tmp_path: object
    ) -> None:
        import govflow

        text = _export(hostile, "audit", "csv")
        url = f"sqlite:///{tmp_path}/copy.db"
        with govflow.open_db(url) as copy:
            copy.import_events(io.StringIO(text, newline=""))
            assert copy.verify() == []
            for p in hostile.proposals():
                mine = [(e.hash, e.note) for e in copy.history(p.reference)]
                assert mine == [(e.hash, e.note) for e in hostile.history(p.reference)]
            assert {p.title for p in copy.proposals()} == {p.title for p in hostile.proposals()}

    def test_the_jsonl_still_verifies(self, hostile: Govflow) -> None:
        text = _export(hostile, "audit", "jsonl")
        assert verify_export(text.splitlines(keepends=True)) == []


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> Iterator[io.StringIO]:
    """The CLI's rich console writing to a buffer, as if to a terminal."""
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, width=200, color_system="truecolor")
    monkeypatch.setattr(_output, "console", lambda: console)
    monkeypatch.setattr(_output, "is_terminal", lambda: True)
    yield buffer


class TestTerminal:
    @pytest.mark.parametrize("text", HOSTILE.values(), ids=HOSTILE.keys())
    def test_a_rich_table_shows_user_text_as_text(self, terminal: io.StringIO, text: str) -> None:
        _output.table(f"Title {text}", ["title"], [[text]])
        out = terminal.getvalue()
        assert "\x1b]8;" not in out  # no hyperlink
        assert "\x1b]0;" not in out and "\x1b[2J" not in out and "\x9b" not in out
        assert "\u202e" not in out
        if "[" in text and "\x1b" not in text:
            assert text in out

    def test_piped_lines_show_escapes(self, hostile: Govflow, cli: Callable[..., Result]) -> None:
        result = cli("proposal", "list")
        assert result.exit_code == 0, result.output
        assert "Wipe \\x1b[2J the screen" in result.stdout
        assert "\x1b" not in result.stdout and "\x9b" not in result.stdout
        assert "[link=https://evil.example]click[/link]" in result.stdout

    @pytest.mark.parametrize("command", [("proposal", "show", "DP161"),
                                         ("proposal", "history", "DP161"),
                                         ("proposal", "history", "DP161", "--json")])  # fmt: skip
    def test_commands_never_print_a_raw_escape(
        self, hostile: Govflow, cli: Callable[..., Result], command: tuple[str, ...]
    ) -> None:
        result = cli(*command)
        assert result.exit_code == 0, result.output
        assert "\x1b" not in result.output and "\x07" not in result.output

    def test_an_error_message_escapes_what_the_user_typed(
        self, gf: Govflow, cli: Callable[..., Result]
    ) -> None:
        result = cli("proposal", "show", "DP1\x1b[2J")
        assert result.exit_code in (1, 2)
        assert "\x1b" not in result.output


MINUTES = """# Operations Group Meeting 12

3 March 2021, 10:00 - 13:00

**1. DP940 [/] closing nothing [link=https://evil.example]click[/link] \x1b[2J**

The DCC [bold]will[/bold] report back on DP940 by 19 March 2021. \x1b]0;pwned\x07
"""


def test_minutes_with_markup_import_on_a_terminal(
    gf: Govflow, cli: Callable[..., Result], terminal: io.StringIO, tmp_path: object
) -> None:
    from pathlib import Path

    gf.raise_proposal("DP940", title="Firmware retry limits", on="2021-02-01", stage="development")
    path = Path(str(tmp_path)) / "opsg-12.md"
    path.write_text(MINUTES, encoding="utf-8")
    result = cli("minutes", "import", str(path))
    assert result.exit_code == 0, result.output
    shown = terminal.getvalue()
    assert "[bold]will[/bold]" in shown and "\x1b]8;" not in shown
    assert "\\x1b]0;pwned\\x07" in shown and "\x1b]0;" not in shown
