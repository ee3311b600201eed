"""Cross-code links (issue 14): a proposal linked to another, of its code or another, shown on both.

Every reference here is invented (MP96x, P94xx, 09xx-style UNC numbers): the scenarios are not
facts about any real modification.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import Result

import govflow
from govflow.errors import InvalidInput, NotFound
from govflow.service import Govflow
from govflow.web.links import Links
from govflow.web.proposal_page import render_proposal
from govflow.workflow.registry import shipped_dir

Invoke = Callable[..., Result]
SHIPPED = shipped_dir()  # the installed package's folder, or the source tree's


@pytest.fixture
def linked(gf: Govflow) -> Govflow:
    """MP961 (SEC) consequential on P9415 (BSC), both invented, linked on 2024-02-01."""
    gf.raise_proposal("MP961", title="Invented SEC change", on="2024-01-10")
    gf.raise_proposal("P9415", title="Invented BSC change", on="2024-01-05")
    gf.raise_proposal("0961", title="Invented UNC change", on="2024-01-08")
    gf.relate("MP961", to="P9415", relation="consequential_on", on="2024-02-01", actor="SECAS")
    return gf


def _chain(gf: Govflow, reference: str) -> list[tuple[int, str]]:
    return [(e.seq, e.kind) for e in gf.history(reference, as_recorded=True)]


def test_a_link_is_recorded_on_both_chains_and_shown_on_both(linked: Govflow) -> None:
    mine, theirs = linked.proposal("MP961").related, linked.proposal("P9415").related
    assert [(r.relation, r.code, r.reference, r.key, r.direction, r.on) for r in mine] == [
        ("consequential_on", "BSC", "P9415", "BSC:9415", "to", dt.date(2024, 2, 1))
    ]
    assert [(r.relation, r.code, r.reference, r.direction) for r in theirs] == [
        ("consequence", "SEC", "MP961", "from")
    ]
    assert linked.proposal("0961").related == ()
    for reference in ("MP961", "P9415"):
        last = linked.history(reference)[-1]
        assert (last.kind, last.actor, last.occurred_on) == (
            "related",
            "SECAS",
            dt.date(2024, 2, 1),
        )
    assert linked.verify() == []
    # a link moves nothing: the stages are as raised
    assert linked.proposal("P9415").stage == "raised"


def test_a_link_is_shown_only_from_its_date(linked: Govflow) -> None:
    assert linked.proposal("MP961", as_of="2024-01-31").related == ()
    assert len(linked.proposal("P9415", as_of="2024-02-01").related) == 1


def test_a_plain_relation_of_a_unc_number_as_the_joint_office_writes_it(linked: Govflow) -> None:
    linked.relate("P9415", to="0961", on="2024-02-02")
    assert [(r.relation, r.code, r.reference) for r in linked.proposal("0961").related] == [
        ("related", "BSC", "P9415")
    ]
    assert [r.reference for r in linked.proposal("P9415").related] == ["MP961", "0961"]


@pytest.mark.parametrize(
    ("to", "relation", "message"),
    [
        ("P9999", "related", "no proposal answers to 'P9999'; did you mean P9415"),
        ("XYZ:P9415", "related", "'XYZ' is not a code; the codes: BSC, CUSC, SEC, UNC"),
        ("UNC:P9415", "related", "no proposal answers to 'UNC:P9415'"),
        ("Q12", "related", "is not a proposal reference; write it as the code does"),
        ("P9415", "follows", "'follows' is not a relation; use one of"),
        ("MP961", "related", "is MP961 itself"),
        ("P9415", "related", "MP961 is already linked to BSC P9415"),
    ],
)
def test_a_bad_link_is_refused_with_nothing_written(
    linked: Govflow, to: str, relation: str, message: str
) -> None:
    before = {r: _chain(linked, r) for r in ("MP961", "P9415", "0961")}
    with pytest.raises((InvalidInput, NotFound), match=message.replace("(", r"\(")):
        linked.relate("MP961", to=to, relation=relation, on="2024-03-01")
    assert {r: _chain(linked, r) for r in before} == before


def test_a_link_dated_before_the_other_was_raised_is_refused_on_both(linked: Govflow) -> None:
    # 0961 was raised on 2024-01-08, MP961 on 2024-01-10: 0961's side alone would be fine
    before = _chain(linked, "0961")
    with pytest.raises(InvalidInput, match="MP961 was raised on 2024-01-10: an entry dated"):
        linked.relate("0961", to="MP961", on="2024-01-09")
    assert _chain(linked, "0961") == before
    assert len(linked.proposal("MP961").related) == 1


def test_a_link_withdrawn_in_error_is_no_longer_shown(linked: Govflow) -> None:
    seq = linked.history("MP961")[-1].seq
    linked.correct("MP961", seq, note="linked by mistake", changes={"recorded_in_error": True})
    assert linked.proposal("MP961").related == ()
    assert linked.verify() == []


def test_a_spelling_two_codes_share_needs_the_code(db_url: str, tmp_path: Path) -> None:
    # An invented second code (XBC) that writes its numbers like the BSC: P9415 is then ambiguous.
    text = (SHIPPED / "bsc-modification.yaml").read_text(encoding="utf-8")
    text = text.replace("name: bsc-modification", "name: xbc-modification", 1)
    (tmp_path / "xbc.yaml").write_text(text.replace("code: BSC", "code: XBC", 1), encoding="utf-8")
    gf = govflow.open_db(db_url, workflows=[tmp_path / "xbc.yaml"])
    try:
        gf.raise_proposal("MP962", title="Invented SEC change", on="2024-01-10")
        gf.raise_proposal("P9415", title="Invented BSC change", on="2024-01-05",
                          workflow="bsc-modification")  # fmt: skip
        gf.raise_proposal("P9415", title="Invented XBC change", on="2024-01-05",
                          workflow="xbc-modification")  # fmt: skip
        with pytest.raises(InvalidInput, match="say which, like BSC:P9415 or XBC:P9415"):
            gf.relate("MP962", to="P9415", on="2024-02-01")
        assert _chain(gf, "MP962") == [(1, "raised")]
        gf.relate("MP962", to="XBC:P9415", relation="consequential_on", on="2024-02-01")
        (found,) = gf.proposal("MP962").related
        assert (found.code, found.key) == ("XBC", "XBC:9415")
        assert gf.verify() == []
    finally:
        gf.close()


def test_the_command_line_relates_and_shows_both_sides(cli: Invoke, tmp_path: Path) -> None:
    for args in (("MP961", "--on", "2024-01-10"), ("P9415", "--on", "2024-01-05")):
        assert cli("proposal", "raise", *args, "--title", "Invented").exit_code == 0
    done = cli("proposal", "relate", "MP961", "--to", "BSC:P9415", "--as", "consequential_on",
               "--on", "2024-02-01")  # fmt: skip
    assert done.exit_code == 0, done.output
    assert "MP961: consequential on BSC:P9415 on 2024-02-01" in done.stdout
    assert "related:    consequential on BSC P9415" in cli("proposal", "show", "MP961").stdout
    assert "related:    consequence: SEC MP961" in cli("proposal", "show", "P9415").stdout
    shown = json.loads(cli("proposal", "show", "P9415", "--json").stdout)
    assert shown["related"] == [
        {"relation": "consequence", "reference": "MP961", "code": "SEC", "key": "SEC:961",
         "direction": "from", "on": "2024-02-01"}
    ]  # fmt: skip
    assert "Consequence: SEC MP961" in cli("proposal", "history", "P9415").stdout
    refused = cli("proposal", "relate", "MP961", "--to", "P9999")
    assert refused.exit_code != 0 and "no proposal answers to 'P9999'" in refused.output
    for reference, line in (("MP961", "consequential on BSC P9415"),
                            ("P9415", "consequence: SEC MP961")):  # fmt: skip
        for fmt in ("md", "html"):
            out = tmp_path / f"{reference}.{fmt}"
            made = cli("export", "timeline", reference, "--format", fmt, "--output", str(out))
            assert made.exit_code == 0, made.output
            assert line in out.read_text(encoding="utf-8")
        assert "Related: " + line in (tmp_path / f"{reference}.html").read_text(encoding="utf-8")


def test_the_web_page_shows_the_link_on_both_sides(linked: Govflow) -> None:
    html = render_proposal(linked, "P9415", Links())
    assert 'consequence: SEC <a href="/proposals/MP961">MP961</a>' in html
    html = render_proposal(linked, "MP961", Links())
    assert 'consequential on BSC <a href="/proposals/P9415">P9415</a>' in html


def test_an_audit_export_with_links_verifies_and_imports_whole(
    linked: Govflow, tmp_path: Path
) -> None:
    out = io.StringIO()
    count = linked.export_audit(out, "jsonl")
    assert govflow.verify_export(out.getvalue().splitlines()) == []
    other = govflow.open_db(tmp_path / "copy.db")
    try:
        report = other.import_events(out.getvalue().splitlines())
        assert report.events == count
        assert other.proposal("P9415").related == linked.proposal("P9415").related
        assert other.verify() == []
    finally:
        other.close()


def test_the_other_side_shows_the_reference_a_proposal_goes_by_now(linked: Govflow) -> None:
    linked.raise_proposal("DP962", title="Invented SEC draft", on="2024-01-03")
    linked.relate("P9415", to="DP962", on="2024-02-05")
    linked.advance("DP962", "submit", on="2024-02-06")
    linked.advance("DP962", "convert", on="2024-02-07")
    assert [r.reference for r in linked.proposal("P9415").related] == ["MP961", "MP962"]
    # the event keeps what was written on its day
    assert linked.history("P9415")[-1].payload["to"] == "DP962"
