"""Benchmark: a meeting PATCH with a linked CalDAV calendar (a real Radicale on loopback).

Links the signed-in user's calendar, seeds meetings, then times PATCH /api/v1/meetings/{id}
(a new title each time), in-process through Flask, and reports the median and p99. Before
issue 15 every PATCH wrote the event to the calendar inside the request; now the request
enqueues the push and a worker (started here, as `make run` does) writes it.

At the end it waits until the worker has pushed every change (the link's ``pending`` is 0):
the push still happens, only elsewhere.

Run: ``make bench BENCH=caldav_push`` (SQLite), or with ``DATABASE_URL=postgresql://...`` for an
empty PostgreSQL database.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from common import signed_in_app, timed

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.radicale import RadicaleServer  # noqa: E402  (the tests' real CalDAV server)
from tests.servers import worker_process  # noqa: E402


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=300, help="timed PATCHes (default 300)")
    parser.add_argument("--meetings", type=int, default=20, help="meetings to seed (default 20)")
    args = parser.parse_args()

    with (
        tempfile.TemporaryDirectory(prefix="coffeechat-bench-radicale-") as directory,
        RadicaleServer(Path(directory)) as radicale,
        signed_in_app(
            {"CALDAV_ALLOW_PRIVATE_HOSTS": True, "TASKS_DATABASE": str(Path(directory) / "tasks.db")}
        ) as bench,
    ):
        calendar = radicale.make_calendar("Bench")
        linked = bench.client.put(
            "/api/v1/calendar/caldav",
            headers=bench.headers,
            json={"url": calendar.url, "username": radicale.username, "password": radicale.password},
        )
        assert linked.status_code in (200, 201), linked.get_json()
        contact = bench.post("/contacts", {"name": "Ada"})["id"]
        meetings = [
            bench.post(
                "/meetings",
                {"contact_id": contact, "purpose": "informational", "starts_at": f"2031-01-{1 + i % 28:02d}T09:00:00Z"},
            )["id"]
            for i in range(args.meetings)
        ]
        with worker_process(bench.app) as worker:
            titles = iter(range(10**9))

            def patch() -> None:
                meeting = meetings[next(titles) % len(meetings)]
                response = bench.client.patch(
                    f"/api/v1/meetings/{meeting}", headers=bench.headers, json={"title": f"Chat {next(titles)}"}
                )
                assert response.status_code == 200, response.get_json()

            def pending() -> int:
                return bench.client.get("/api/v1/calendar/caldav", headers=bench.headers).get_json()["pending"]

            samples = timed(patch, args.repeat)
            began = time.perf_counter()
            worker.wait_for(lambda: pending() == 0, seconds=120)
            drained = time.perf_counter() - began
        print(f"database: {bench.database}; worker: {worker.description}")
        print(
            f"PATCH /meetings/{{id}} with a linked calendar: median {statistics.median(samples):.2f} ms, "
            f"p99 {percentile(samples, 0.99):.2f} ms, n={len(samples)}"
        )
        print(f"every change in the calendar {drained:.2f} s after the last PATCH")


if __name__ == "__main__":
    main()
