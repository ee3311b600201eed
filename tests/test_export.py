"""Exports of the audit history, the register and a timeline, on the demo database."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from govflow.audit.verify_file import verify_export
from govflow.cli import export as export_cli
from govflow.dates import timestamp
from govflow.errors import InvalidInput, UnknownReference
from govflow.exporters import (
    EXPORTERS,
    REPORTS,
    exporter,
    formats,
)
from govflow.exporters.to_csv import TIMELINE_COLUMNS
from govflow.records.audit import AUDIT_COLUMNS, Chain
from govflow.service import Govflow
from govflow.store.hashing import GENESIS, HASHED_FIELDS, event_hash
from govflow.views import EventView

SCHEMA_DOC = Path(__file__).parents[1] / "docs" / "export-schema.md"
AWKWARD = 'Comma, "quoted" words;\nsecond line\r\nthird \u2013 ünïcödé ✓ 日本'
SCRIPT = "<script>alert(1)</script> & <b>bold</b>"
OPTIONAL = {"trigger", "milestone", "from_stage", "to_stage", "until", "committee", "meeting",
            "item", "item_title", "body", "actor", "note", "corrects_seq"}  # fmt: skip


@pytest.fixture
def demo_gf(demo_gf: Govflow) -> Govflow:
    """The demo database, plus one note of each awkward kind on MP904."""
    gf = demo_gf
    gf.record("MP904", "working_group_meeting", on="2021-07-01", note=AWKWARD)
    gf.record("MP904", "working_group_meeting", on="2021-07-02", note=SCRIPT)
    return gf


def _export(gf: Govflow, write: str, fmt: str, *args: Any, **kw: Any) -> str:
    """The text of ``gf.<write>(out, fmt, ...)``, one of the facade's export methods."""
    out = io.StringIO(newline="")
    getattr(gf, write)(out, fmt, *args, **kw)
    return out.getvalue()


def _references(gf: Govflow) -> list[str]:
    return [p.reference for p in gf.proposals()]


def _expected(view: EventView, reference: str, key: str) -> dict[str, Any]:
    """An event of gf.history(as_recorded=True) as the audit exports write it (the chain: what
    was recorded, without the views' reading of it)."""
    values = view.to_dict()
    for derived in ("date_precision", "implied", "corrected_by"):
        del values[derived]
    values.update(reference=reference, key=key, recorded_at=timestamp(view.recorded_at))
    return values


# -- the stream ----------------------------------------------------------------------------------
def test_iter_audit_streams_every_event_in_reference_order(demo_gf: Govflow) -> None:
    records = list(demo_gf.iter_audit())
    references = list(dict.fromkeys(r.reference for r in records))
    assert references == _references(demo_gf)
    for p in demo_gf.proposals():
        mine = [r for r in records if r.reference == p.reference]
        expected = [
            _expected(v, p.reference, p.key) for v in demo_gf.history(p.reference, as_recorded=True)
        ]
        assert [{k: getattr(r, k) for k in expected[0]} for r in mine] == expected


def test_iter_audit_records_hash_as_exported(demo_gf: Govflow) -> None:
    for record in demo_gf.iter_audit(proposals=["MP099", "DP903"]):
        assert event_hash(record.hashed()) == record.hash


def test_audit_counts_chains_and_events_before_streaming(demo_gf: Govflow) -> None:
    with demo_gf.open_audit() as audit:
        items = list(audit.stream())
        assert audit.chains == sum(isinstance(i, Chain) for i in items) == 6
        assert audit.events == len(items) - audit.chains


def test_a_proposal_filter_keeps_whole_chains(demo_gf: Govflow) -> None:
    records = list(demo_gf.iter_audit(proposals=["mp 99", "MP901A"]))  # MP901A: within MP901
    assert {r.reference for r in records} == {"MP099", "MP901"}
    assert [r.seq for r in records if r.reference == "MP099"] == list(range(1, 16))


def test_a_date_filter_keeps_one_run_per_proposal_anchored_to_its_chain(demo_gf: Govflow) -> None:
    with demo_gf.open_audit(since="2021-05-01", until="2021-05-31") as audit:
        items = list(audit.stream())
    chains = [i for i in items if isinstance(i, Chain)]
    mp099 = next(c for c in chains if c.reference == "MP099")
    history = demo_gf.history("MP099", as_recorded=True)
    assert (mp099.first_seq, mp099.last_seq) == (11, 13)
    assert mp099.prev_hash == history[9].hash and mp099.head_hash == history[12].hash
    days = [r.occurred_on for r in items if not isinstance(r, Chain)]
    assert days and all("2021-05-01" <= d <= "2021-05-31" for d in days)


def test_an_unknown_reference_in_the_filter_is_refused(demo_gf: Govflow) -> None:
    with pytest.raises(UnknownReference, match="MP999"):
        list(demo_gf.iter_audit(proposals=["MP999"]))


def test_progress_is_reported_with_the_count_so_far(demo_gf: Govflow) -> None:
    seen: list[int] = []
    count = demo_gf.export_audit(io.StringIO(), "csv", progress=seen.append)
    assert seen and seen[-1] == count


# -- CSV and JSONL round trips --------------------------------------------------------------------
def _from_csv(text: str) -> list[dict[str, Any]]:
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    for row in rows:
        for name in OPTIONAL:
            row[name] = row[name] or None
        row["seq"] = int(row["seq"])
        row["corrects_seq"] = int(row["corrects_seq"]) if row["corrects_seq"] else None
        row["payload"] = json.loads(row["payload"])
    return rows


def test_csv_round_trip_matches_the_history_of_every_proposal(demo_gf: Govflow) -> None:
    text = _export(demo_gf, "export_audit", "csv")
    assert text.splitlines()[0] == ",".join(AUDIT_COLUMNS)
    rows = _from_csv(text)
    for p in demo_gf.proposals():
        expected = [
            _expected(v, p.reference, p.key) for v in demo_gf.history(p.reference, as_recorded=True)
        ]
        mine = [{k: r[k] for k in expected[0]} for r in rows if r["reference"] == p.reference]
        assert mine == expected, p.reference


def test_csv_quotes_awkward_notes_and_reads_back_cleanly(demo_gf: Govflow, tmp_path: Path) -> None:
    path = tmp_path / "audit.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        demo_gf.export_audit(out, "csv", proposals=["MP904"])
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert all(len(row) == len(AUDIT_COLUMNS) for row in rows)
    notes = [row[AUDIT_COLUMNS.index("note")] for row in rows]
    assert AWKWARD in notes and SCRIPT in notes


def _from_jsonl(text: str) -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    lines = [json.loads(line) for line in text.splitlines()]
    chains = [line for line in lines[1:] if "chain" in line]
    return lines[0], chains, [line for line in lines[1:] if "chain" not in line]


def test_jsonl_round_trip_matches_the_history_and_its_hashes(demo_gf: Govflow) -> None:
    header, chains, events = _from_jsonl(_export(demo_gf, "export_audit", "jsonl"))
    assert header["format"] == "govflow-audit" and header["version"] == 1
    assert header["hashed_fields"] == list(HASHED_FIELDS) and header["genesis"] == GENESIS
    assert (header["chains"], header["events"]) == (len(chains), len(events))
    for p, chain in zip(demo_gf.proposals(), chains, strict=True):
        history = demo_gf.history(p.reference, as_recorded=True)
        assert (chain["reference"], chain["proposal"]) == (p.reference, p.key)
        assert (chain["first_seq"], chain["last_seq"]) == (1, len(history))
        assert chain["head_hash"] == history[-1].hash
        mine = [e for e in events if e["proposal"] == p.key]
        assert list(mine[0]) == [*HASHED_FIELDS, "hash", "reference", "committee", "item_title"]
        expected = [_expected(v, p.reference, p.key) for v in history]
        for e, x in zip(mine, expected, strict=True):
            assert {k: e[k] for k in x if k != "key"} == {k: v for k, v in x.items() if k != "key"}
            assert event_hash(e) == e["hash"]


def test_a_filtered_jsonl_export_still_verifies(demo_gf: Govflow) -> None:
    text = _export(demo_gf, "export_audit", "jsonl", since="2021-03-01", until="2021-06-30")
    header, chains, _ = _from_jsonl(text)
    assert header["filter"] == {"proposals": None, "since": "2021-03-01", "until": "2021-06-30"}
    assert any(c["first_seq"] > 1 for c in chains)
    assert verify_export(text.splitlines(keepends=True)) == []


# -- the register ---------------------------------------------------------------------------------
@pytest.mark.parametrize("fmt", ["csv", "jsonl", "md", "html"])
def test_the_register_as_of_a_date_shows_mp099_in_report(demo_gf: Govflow, fmt: str) -> None:
    text = _export(demo_gf, "export_register", fmt, as_of="2021-05-01")
    assert "MP099" in text and "MP902" not in text  # MP902 was raised in June 2021
    if fmt == "csv":
        rows = {r["reference"]: r for r in csv.DictReader(io.StringIO(text, newline=""))}
        assert rows["MP099"]["stage"] == "report"
        assert rows["MP099"]["stage_since"] == "2021-04-16"
        # reached, the way between not on record: no move named, and no meeting on its record
        assert (rows["MP099"]["last_decision"], rows["MP099"]["last_meeting"]) == ("", "")
    elif fmt == "jsonl":
        header, *rows = (json.loads(line) for line in text.splitlines())
        assert header["format"] == "govflow-register" and header["as_of"] == "2021-05-01"
        mp099 = next(r for r in rows if r["reference"] == "MP099")
        assert (mp099["stage"], mp099["stage_label"]) == ("report", "Report Phase")
    else:
        assert "Report Phase" in text


# -- HTML and Markdown ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "write, args",
    [("export_timeline", ("MP904",)), ("export_audit", ()), ("export_register", ())],
    ids=["timeline", "audit", "register"],
)
def test_html_is_self_contained_and_escapes_database_text(
    demo_gf: Govflow, write: str, args: tuple[str, ...]
) -> None:
    demo_gf.raise_proposal("MP980", title=f"Title {SCRIPT}", on="2021-07-01")
    text = _export(demo_gf, write, "html", *args)
    assert text.startswith("<!DOCTYPE html>") and text.rstrip().endswith("</html>")
    assert "<script" not in text.lower()
    assert "http://" not in text and "https://" not in text
    assert not re.search(r"""(src|href)\s*=\s*["'](?!#)""", text)
    assert (
        "<link" not in text
        and "@import" not in text
        and "url(" not in text.replace("url(#gf-arrow)", "")
    )
    if write != "export_register":
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" in text
    if write != "export_timeline":
        assert "Title &lt;script&gt;" in text


def test_the_html_timeline_has_both_pictures_with_the_stage_highlighted(demo_gf: Govflow) -> None:
    text = _export(demo_gf, "export_timeline", "html", "MP901")
    assert text.count("<svg") == 2
    assert 'class="timeline"' in text and 'class="diagram"' in text
    assert '<g class="state current"><title>implemented</title>' in text
    for code in ("PANEL_901", "WG_901", "PANEL_902", "CB_901"):
        assert f">{code}</text>" in text
    assert "class implemented current" in text  # the Mermaid source, as text


def test_the_markdown_timeline_has_tables_and_a_highlighted_mermaid_block(
    demo_gf: Govflow,
) -> None:
    text = _export(demo_gf, "export_timeline", "md", "MP904")
    assert text.startswith("# MP904: Operational reporting of hub returns (fictional)")
    assert "| --- | --- |" in text and "\n## Events\n" in text
    block = text.split("```mermaid\n", 1)[1].split("```", 1)[0]
    assert block.startswith("stateDiagram-v2") and "class refinement current" in block
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text and "<script" not in text
    assert "second line<br>third" in text


def test_the_markdown_audit_has_a_table_per_proposal(demo_gf: Govflow) -> None:
    text = _export(demo_gf, "export_audit", "md", proposals=["MP099", "MP131"])
    assert "## MP099 (SEC:99), events 1 to 15" in text and "## MP131 (SEC:131)" in text
    assert text.count("| # | Date | What |") == 2


# -- the registry ---------------------------------------------------------------------------------
def test_every_report_has_its_formats_and_the_cli_offers_the_same() -> None:
    assert set(EXPORTERS) == {"csv", "jsonl", "md", "html"}
    assert {report: tuple(formats(report)) for report in REPORTS} == export_cli.FORMATS
    assert formats("timeline") == ["csv", "md", "html"]


def test_an_unsupported_format_names_the_allowed_ones() -> None:
    with pytest.raises(InvalidInput, match=r"unknown format 'jsonl' for the timeline .*csv, md"):
        exporter("timeline", "jsonl")
    with pytest.raises(InvalidInput, match="did you mean 'html'"):
        exporter("audit", "htm")


# -- the documented check -------------------------------------------------------------------------
def test_the_check_in_the_schema_doc_verifies_a_real_export(
    demo_gf: Govflow, tmp_path: Path
) -> None:
    code = re.search(r"```python\n(.*?)```", SCHEMA_DOC.read_text(encoding="utf-8"), re.S)
    assert code is not None
    namespace: dict[str, Any] = {}
    exec(code.group(1), namespace)
    path = tmp_path / "audit.jsonl"
    path.write_text(_export(demo_gf, "export_audit", "jsonl"), encoding="utf-8")
    namespace["check"](path)  # an intact file passes
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[3] = lines[3].replace('"kind":"route"', '"kind":"milestone"')
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(ValueError, match="line 4: SEC:99 event 2"):
        namespace["check"](path)


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_a_timeline_shows_the_open_deadlines(gf: Govflow, fmt: str) -> None:
    gf.raise_proposal("MP947", title="Hub returns", on="2021-05-24", path=3)
    gf.advance("MP947", "start_refinement", on="2021-06-18")
    gf.record("MP947", "preliminary_assessment_requested", on="2021-06-21")
    out = io.StringIO()
    gf.export_timeline(out, fmt, "MP947")
    page = out.getvalue()
    assert "Open deadline" in page
    assert "DCC Preliminary Assessment requested" in page
    assert "2021-07-02" in page


def test_the_timeline_csv_lists_the_events_as_the_page_does(demo_gf: Govflow) -> None:
    rows = list(csv.DictReader(io.StringIO(_export(demo_gf, "export_timeline", "csv", "MP099"))))
    assert [int(r["seq"]) for r in rows] == [e.seq for e in demo_gf.history("MP099")]
    assert list(rows[0]) == list(TIMELINE_COLUMNS)
    moved = next(r for r in rows if r["stage"] == "report")
    assert (moved["reference"], moved["stage_label"]) == ("MP099", "Report Phase")
    assert {r["date_precision"] for r in rows} >= {"day", "on_or_before"}
