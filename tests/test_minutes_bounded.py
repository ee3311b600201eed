"""The minutes parser works in time linear in its input, whatever the input repeats.

Each case compares a text with one eight times its size: linear work takes about eight times as
long, quadratic work (what a scan of "sentences x dates" costs) sixty-four times. The bound
allowed is three times the linear one, generous for a busy machine, far below quadratic. Times
are the process's CPU time, the best of a few runs, so other work on the machine hardly counts.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from govflow.errors import MinutesError
from govflow.minutes import parse_minutes

HEAD = "# Operations Group Meeting 12\n\n3 March 2021, 10:00 - 13:00\n\n**1. Matters arising**\n\n"
COMMITTEES = {"Operations Group": "OPSG"}
SMALL = 40_000  # characters
SCALE = 8

#: Bodies that repeat one piece: dates in one paragraph, deadlines in sentences, one per line,
#: references, markup.
REPEATED: dict[str, str] = {
    "dates-in-one-paragraph": "1 May 2021. ",
    "deadlines-in-sentences": "The DCC will report back by 1 May. ",
    "a-date-a-line": "1 May 2021.\n",
    "links-and-emphasis": "[**MP1**](x) _a_ ~~b~~ ",
    "open-brackets": "[[[[ 1 May ",
}


def _seconds(parse: Callable[[], object], runs: int, enough: float = 0.0) -> float:
    """The least CPU time of ``runs`` runs, or of fewer once one takes less than ``enough``."""
    best = float("inf")
    for _ in range(runs):
        start = time.process_time()
        parse()
        best = min(best, time.process_time() - start)
        if best < enough:
            break
    return best


@pytest.mark.parametrize("piece", REPEATED.values(), ids=REPEATED.keys())
def test_work_grows_linearly_with_the_text(piece: str) -> None:
    def body(size: int) -> str:
        return HEAD + piece * (size // len(piece))

    small, large = body(SMALL), body(SMALL * SCALE)
    small_time = _seconds(lambda: parse_minutes(small, committees=COMMITTEES), runs=3)
    bound = max(small_time, 0.005) * SCALE * 3
    large_time = _seconds(lambda: parse_minutes(large, committees=COMMITTEES), 2, bound)
    assert large_time < bound, (small_time, large_time)


def test_every_date_of_a_long_paragraph_is_found_once_on_its_line() -> None:
    minutes = parse_minutes(HEAD + "Acme will act by 1 May.\n" * 2000, committees=COMMITTEES)
    assert len(minutes.dates) == 2000
    assert [a.line for a in minutes.actions] == list(range(7, 2007))


_PIECES = [*"0123456789 .,:;-*_[]()<>#\n", "May", "2021", "by ", "MP1", "Next meeting: ", "**",
           "&amp;", "\u2013", "\x1b"]  # fmt: skip
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=200).map("".join)


@settings(max_examples=60, deadline=1000, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT)
def test_any_text_parses_or_is_refused_as_minutes_quickly(body: str) -> None:
    with contextlib.suppress(MinutesError):
        parse_minutes(HEAD + body, committees=COMMITTEES)
