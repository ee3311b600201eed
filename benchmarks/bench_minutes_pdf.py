"""Importing a 40-page PDF of minutes (``govflow minutes import``'s work: reading the PDF's words,
fonts and ruled tables, rebuilding paragraphs, parsing and writing the meeting, its items, links
and actions to a fresh SQLite file), against pdfplumber's own plain text extraction of the same
file (``page.extract_text()`` for every page: the floor, reading the PDF at all). Three rounds a
side, interleaved; target: within 3 times the floor (ratio at least 0.33).

The PDF is written by fpdf2 (the ``test`` extra) from invented minutes shaped like the fixtures:
items with paragraphs, references, dated actions and an action table, a running header and a
"Page N of M" footer.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/_minutes_files.py

from _common import clock, interleaved, remove_db, report_rounds, scratch

import govflow

PAGES = 40
HEAD = """## Operations Group Meeting 49\\_2405

24 May 2021, 10:00 - 12:30

This document is classified as **White**. Its content is invented for govflow's benchmarks.
"""
ITEM = """
**{n}. Operational Performance {n} (DCC):** The OPSG reviewed the monthly figures for the
communications hubs and noted that DP9{n:02d} 'Fictional install retries {n}' is still in
refinement. SECAS asked members for comments on the new format by 4 June. The DCC noted that it
will give an update at the next meeting (OPSG\\_50). Incident INC0000007{n:05d} was discussed; the
fix is tracked as IRP5{n:02d}. The group discussed the figures at some length, and agreed that the
returns were in line with the forecast for the quarter, with the exception of two regions where
the install retries ran above the threshold for a third month in a row.

{n}.1 Follow-up (SECAS): SECAS will circulate the revised template by 11 June. Members to
provide their views on the outage notices by 18 June.
"""
TABLE = """
Actions

| Ref | Action | Owner | Due |
|---|---|---|---|
""" + "".join(
    f"| OPSG49/{n:02d} | Circulate paper {n} to members | SECAS | 4 June 2021 |\n"
    for n in range(1, 41)
)


def minutes_pdf(pages: int) -> bytes:
    """Invented minutes of exactly ``pages`` pages (items added until they fill them)."""
    from tests._minutes_files import to_pdf

    def write(items: int) -> bytes:
        body = "".join(ITEM.format(n=n) for n in range(1, items + 1))
        return to_pdf(HEAD + body + TABLE + "\nNext meeting: 28 June 2021\n")

    items = max(1, pages * 3 - 8)  # about three items a page, and the table's pages
    data = write(items)
    while (count := page_count(data)) != pages and items > 1:
        items += 1 if count < pages else -1
        data = write(items)
        if count < pages and page_count(data) > pages:
            break  # the item that crosses the page: as close as the items allow
    return data


def page_count(data: bytes) -> int:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return len(pdf.pages)


def govflow_seconds(path: Path, data: bytes) -> float:
    remove_db(path)
    gf = govflow.open_db(path)
    start = clock()
    report = gf.import_minutes(data)
    elapsed = clock() - start
    gf.close()
    assert report.items_added and report.actions_added, "the PDF did not read as minutes"
    return elapsed


def floor_seconds(data: bytes) -> float:
    import pdfplumber

    start = clock()
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    elapsed = clock() - start
    assert "Operations Group Meeting 49" in text
    return elapsed


def main(scale: float = 1.0) -> bool:
    pages = max(2, round(PAGES * scale))
    data = minutes_pdf(pages)
    pages = page_count(data)
    with scratch() as folder:
        govflow_seconds(folder / "warm.db", data)  # imports and caches loaded outside the timing
        ours, base = interleaved(3, lambda: govflow_seconds(folder / "ours.db", data),
                                 lambda: floor_seconds(data))  # fmt: skip
    return report_rounds(f"minutes import, a {pages}-page PDF (s)", ours, base, "s",
                         "ratio>= 0.33", higher=False)  # fmt: skip


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 1.0)
