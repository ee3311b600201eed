"""Instructions a served request takes: callgrind on a ``bench_serve`` server process.

    python benchmarks/serve_instructions.py govflow|bare page|get [--requests N]

Starts the server ``bench_serve`` starts (``govflow``: the application ``govflow serve`` runs;
``bare``: its baseline) under ``valgrind --tool=callgrind`` over 200 generated drafts, sends 60
requests to warm it (imports, templates, the kept plans), zeroes the counts
(``callgrind_control -z``), sends ``N`` requests (default 200) from one client, dumps the counts
(``callgrind_control -d``) and prints the instructions a request. Unlike a timed run, the figure
does not move with the machine's load; it counts the server's own instructions (the kernel's
work on the socket is not in it). Slow: about three minutes for 200 pages.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_serve
import httpx

PATHS = {("govflow", "page"): "/proposals/DP{n}", ("govflow", "get"): "/api/proposals/DP{n}",
         ("bare", "page"): "/bare/pages/{n}", ("bare", "get"): "/bare/proposals/{n}"}  # fmt: skip


def _started(base: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 600  # under valgrind, start-up takes a minute or more
    while True:
        try:
            httpx.get(f"{base}/openapi.json", timeout=10)
            return
        except httpx.TransportError:
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("the server did not start") from None
            time.sleep(0.5)


def _total(dump: Path) -> int:
    for line in dump.read_text(errors="replace").splitlines():
        if line.startswith(("summary:", "totals:")):
            return int(line.split()[1])
    raise RuntimeError(f"no totals in {dump}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=("govflow", "bare"))
    parser.add_argument("request", choices=("page", "get"))
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    bench_serve.CLIENTS = 1
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "serve.db"
        bench_serve._prepared(db, 200)
        port = bench_serve._free_port()
        out = Path(folder) / "callgrind.out"
        command = ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}.%p",
                   sys.executable, bench_serve.__file__, "--serve", args.kind, str(db),
                   str(port)]  # fmt: skip
        env = {**os.environ, "GOVFLOW_DB": str(db)}
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   env=env)  # fmt: skip
        try:
            base = f"http://127.0.0.1:{port}"
            _started(base, process)
            path = base + PATHS[args.kind, args.request]
            requests: list[bench_serve.Request] = [
                ("GET", path.format(n=1 + i % 150), None, {}) for i in range(args.requests)
            ]
            bench_serve.load(requests[:60])
            subprocess.run(["callgrind_control", "-z", str(process.pid)], check=True,
                           stdout=subprocess.DEVNULL)  # fmt: skip
            bench_serve.load(requests)
            subprocess.run(["callgrind_control", "-d", "measured", str(process.pid)], check=True,
                           stdout=subprocess.DEVNULL)  # fmt: skip
        finally:
            process.terminate()
            process.wait(300)
        dump = next(d for d in sorted(Path(folder).glob("callgrind.out.*"))
                    if "measured" in d.read_text(errors="replace")[:2000])  # fmt: skip
        per = _total(dump) / args.requests
        print(f"{args.kind} {args.request}: {per / 1000:,.0f}k instructions a request "
              f"({args.requests} requests)")  # fmt: skip


if __name__ == "__main__":
    main()
