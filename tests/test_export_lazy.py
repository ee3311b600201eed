"""The audit CSV export loads its own format and the use cases it reads, nothing else: a
fresh process (the CLI's ``export audit``) pays for no other report's modules."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from govflow import exporters

#: Modules the CSV audit export must not import: the other formats, the other reports' use
#: cases and the words and views they write with.
NOT_FOR_THE_AUDIT_CSV = (
    "govflow.exporters.to_html", "govflow.exporters.to_jsonl", "govflow.exporters.to_markdown",
    "govflow.exporters.text", "govflow.records.queries", "govflow.records.plans",
    "govflow.records.register", "govflow.planning.plan", "govflow.planning.portfolio",
    "govflow.views",
)  # fmt: skip


def test_the_audit_csv_export_loads_no_other_format_or_report(tmp_path: Path) -> None:
    code = (
        "import io, sys, govflow; "
        f"gf = govflow.open_db({str(tmp_path / 'x.db')!r}); "
        "gf.raise_proposal('DP950', title='Lazy', on='2021-03-01', stage='development'); "
        "before = set(sys.modules); out = io.StringIO(); n = gf.export_audit(out, 'csv'); "
        "assert n == 1 and 'DP950' in out.getvalue(), out.getvalue(); "
        "print('\\n'.join(sorted(set(sys.modules) - before)))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = done.stdout.split()  # by the export
    assert "govflow.exporters.to_csv" in loaded
    assert [m for m in loaded if m.startswith(NOT_FOR_THE_AUDIT_CSV)] == []


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "md", "html"])
def test_each_format_loads_as_the_name_it_is_listed_by(fmt: str) -> None:
    """The registry names a format's module by the format's name: the module's exporter has it."""
    assert exporters.EXPORTERS[fmt].name == fmt
    assert exporters.exporter("audit", fmt) is exporters.EXPORTERS[fmt]
