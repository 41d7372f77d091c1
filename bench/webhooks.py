"""Benchmark: 1,000 changes in a burst, every webhook delivered to a local receiver by a worker.

Registers a webhook (a real HTTP receiver on loopback), then creates contacts as fast as one client
can, in-process through Flask, while a `flask worker` process delivers. Reports, for every event,
the delay from its commit (the payload's ``timestamp``, taken in the committing transaction) to its
arrival at the receiver: p50, p99 and the largest; the burst's own rate; and the worker's memory
(its RSS at the end, and its peak).

Run: ``make bench BENCH=webhooks`` (SQLite database and queue), ``REDIS_URL=redis://127.0.0.1:6379/0``
for the queue in Redis, and ``DATABASE_URL=postgresql://...`` for an empty PostgreSQL database.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

from common import signed_in_app

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.receiver import Receiver  # noqa: E402  (the tests' real webhook receiver)
from tests.servers import worker_process  # noqa: E402


def memory_mib(pid: int) -> tuple[float, float]:
    """The process's resident memory now and at its peak, in MiB (Linux)."""
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines())
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=1000, help="contacts created in the burst (default 1000)")
    parser.add_argument("--threads", type=int, default=2, help="the worker's threads (default 2)")
    parser.add_argument(
        "--rate", type=float, default=0, help="changes per second (default 0: as fast as one client can)"
    )
    parser.add_argument("--verbose", action="store_true", help="list the events delivered after more than 200 ms")
    parser.add_argument(
        "--backlog",
        action="store_true",
        help="make every change first, then start the worker: how fast it drains a backlog",
    )
    args = parser.parse_args()

    receiver = Receiver()
    with (
        tempfile.TemporaryDirectory(prefix="coffeechat-bench-webhooks-") as directory,
        signed_in_app(
            {"CALDAV_ALLOW_PRIVATE_HOSTS": True, "TASKS_DATABASE": str(Path(directory) / "tasks.db")}
        ) as bench,
    ):
        bench.post("/webhooks", {"url": receiver.url, "events": ["contact.created"]})

        def burst() -> float:
            began = time.perf_counter()
            for n in range(args.changes):
                if args.rate:
                    time.sleep(max(0.0, began + n / args.rate - time.perf_counter()))
                bench.post("/contacts", {"name": f"Contact {n}"})
            return time.perf_counter() - began

        made = burst() if args.backlog else None
        with worker_process(bench.app, threads=args.threads) as worker:
            began = time.perf_counter()
            made = made or burst()
            worker.wait_for(lambda: len(receiver.requests) >= args.changes, seconds=600)
            drained = time.perf_counter() - began
            rss, peak = memory_mib(worker.process.pid)
        receiver.stop()

        delays = sorted(  # with --backlog: from each commit, long before the worker started
            (request.at - datetime.fromisoformat(request.json["timestamp"]).timestamp()) * 1000
            for request in receiver.requests
        )
        if args.verbose:
            for request in receiver.requests:
                delay = (request.at - datetime.fromisoformat(request.json["timestamp"]).timestamp()) * 1000
                if delay > 200:
                    print(f"  {request.json['data']['name']}: {delay:.0f} ms", file=sys.stderr)
        names = [request.json["data"]["name"] for request in receiver.requests]
        assert names == [f"Contact {n}" for n in range(args.changes)], "out of order, lost or repeated"
        print(f"database: {bench.database}; queue: {worker.description}")
        print(
            f"{args.changes} contacts created in {made:.1f} s ({args.changes / made:.0f}/s); every webhook "
            f"delivered, in order, {drained:.1f} s after the {'worker started' if args.backlog else 'burst began'}"
        )
        print(
            f"commit to delivery: p50 {statistics.median(delays):.0f} ms, "
            f"p99 {delays[int(len(delays) * 0.99) - 1]:.0f} ms, max {delays[-1]:.0f} ms"
        )
        print(f"worker memory: {rss:.0f} MiB resident at the end, {peak:.0f} MiB at its peak")


if __name__ == "__main__":
    main()
