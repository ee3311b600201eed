"""The service builds each use case on first use, once, even when threads share the service (what
a call does not need is not imported: tests/test_cli_lazy.py)."""

from __future__ import annotations

import io
import threading

import pytest

from govflow.errors import InvalidInput
from govflow.service import Govflow


def test_threads_sharing_a_service_share_one_of_each_use_case(gf: Govflow) -> None:
    seen: list[object] = []
    start = threading.Barrier(8)

    def first_use() -> None:
        start.wait()
        seen.append(gf.advance)
        seen.append(gf._parts.writes)

    threads = [threading.Thread(target=first_use) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({id(s) for s in seen[0::2]}) == 1
    assert len({id(s) for s in seen[1::2]}) == 1
    assert gf.advance is gf.advance


def test_a_method_made_lazily_still_checks_its_arguments(gf: Govflow) -> None:
    with pytest.raises(InvalidInput, match="reference must be a str"):
        gf.export_timeline(io.StringIO(), "md", 5)  # type: ignore[arg-type]
