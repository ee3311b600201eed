"""Kill govflow writers with SIGKILL at random moments, then verify the database.

Each round starts a worker process that bulk-imports a fresh audit export (a few hundred
proposals) and then raises and advances proposals one transaction at a time, forever; the
round's clock kills it with ``kill -9`` at a random moment, during the import or between or
inside the advances. Then ``verify`` must find every chain, every proposal row and the
database-wide log intact, and the import must be all there or not there at all.

    python scripts/kill_writers.py --rounds 20 --db /tmp/killed.db
    python scripts/kill_writers.py --rounds 20 --db postgresql+psycopg://postgres@127.0.0.1/test

Exit status 0 when every round verified; 1, naming the round, otherwise. ``--seed`` repeats a
run's kill moments (the machine's timing still varies). The test suite runs a few rounds
(tests/test_kill.py); docs/integrity.md describes the rest.
"""

from __future__ import annotations

import argparse
import io
import random
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import govflow

IMPORTED = 200  # proposals in each round's export
FIRST_IMPORTED = 100_000  # their numbers start here, apart from the ones the worker raises


def _export(scratch: Path, first: int) -> Path:
    """An audit export of ``IMPORTED`` new proposals, numbered from ``first``, submitted."""
    db = scratch / f"export-{first}.db"
    with govflow.open_db(db) as gf, gf.transaction():
        for number in range(first, first + IMPORTED):
            gf.raise_proposal(f"DP{number}", title=f"Imported {number}", on="2021-03-01")
            gf.advance(f"DP{number}", "submit", on="2021-03-02")
    out = io.StringIO()
    with govflow.open_db(db) as gf:
        gf.export_audit(out, "jsonl")
    path = scratch / f"export-{first}.jsonl"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def work(db: str, export: str, first: int) -> None:
    """The worker: import ``export``, then raise and advance proposals until killed."""
    with govflow.open_db(db) as gf:
        gf.import_events(Path(export).read_text(encoding="utf-8").splitlines())
        number = first
        while True:
            gf.raise_proposal(f"DP{number}", title=f"Raised {number}", on="2021-03-01")
            gf.record(f"DP{number}", "critical_friend_comments", on="2021-03-02")
            gf.advance(f"DP{number}", "submit", on="2021-03-03")
            number += 1


def _imported(gf: govflow.Govflow, first: int) -> int:
    numbers = (int(p.key.partition(":")[2]) for p in gf.proposals())
    return sum(1 for n in numbers if first <= n < first + IMPORTED)


def round_(db: str, scratch: Path, number: int, rng: random.Random, longest: float) -> str | None:
    """One kill and check; what went wrong, or None."""
    first = FIRST_IMPORTED + number * 1_000
    export = _export(scratch, first)
    worker = subprocess.Popen(
        [sys.executable, __file__, "work", db, str(export), str(first + IMPORTED)],
        stderr=subprocess.PIPE,
    )
    time.sleep(rng.uniform(0.2, longest))
    if worker.poll() is not None:
        said = worker.stderr.read().decode()[-500:] if worker.stderr is not None else ""
        return f"the worker ended before it was killed: {said}"
    worker.send_signal(signal.SIGKILL)
    worker.wait()
    with govflow.open_db(db) as gf:
        breaks = gf.verify()
        imported = _imported(gf, first)
        count = gf.proposal_count()
    if breaks:
        return f"verify found {len(breaks)} breaks, the first: {breaks[0]}"
    if imported not in (0, IMPORTED):
        return f"the import was half-written: {imported} of {IMPORTED} proposals"
    kept = "kept" if imported else "undone"
    print(f"round {number}: killed; {count} proposals, import {kept}, verify clean", flush=True)
    return None


def run(db: str, rounds: int, seed: int, longest: float = 2.5) -> int:
    rng = random.Random(seed)
    with govflow.open_db(db) as gf:
        gf.raise_proposal("DP1", title="Before the kills", on="2021-03-01")
    with tempfile.TemporaryDirectory() as folder:
        for number in range(rounds):
            problem = round_(db, Path(folder), number, rng, longest)
            if problem is not None:
                print(f"round {number}: {problem}", file=sys.stderr)
                return 1
    return 0


def main(argv: list[str]) -> int:
    if argv[:1] == ["work"]:
        work(argv[1], argv[2], int(argv[3]))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="An empty database: a path or a URL.")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--longest",
        type=float,
        default=2.5,
        help="The latest moment of a kill, in seconds after the worker starts.",
    )
    args = parser.parse_args(argv)
    return run(args.db, args.rounds, args.seed, args.longest)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
