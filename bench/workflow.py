"""Benchmark: the interview-workflow reads, each in-process through Flask.

Seeds one user with contacts, goals, meetings (each with goals and a planned question),
outcomes and a 300-question bank, then times, with the SQL statements each request sends:

- ``meetings``: a page of GET /api/v1/meetings (goal ids included);
- ``goals``: a page of GET /api/v1/goals (progress counted by the database);
- ``bank``: a page of a bank's questions, each run through the question linter;
- ``plan``: a meeting's plan, linted with the meeting's purpose;
- ``readiness``: GET /api/v1/meetings/{id}/readiness;
- ``stats``: GET /api/v1/stats (aggregates over everything seeded).

Run: ``make bench BENCH=workflow`` (SQLite), or with ``DATABASE_URL=postgresql://...`` for an
empty PostgreSQL database (its tables are created by the migrations and dropped afterwards).
"""

from __future__ import annotations

import argparse

from common import report_each, signed_in_app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meetings", type=int, default=500, help="meetings to seed (default 500)")
    parser.add_argument("--limit", type=int, default=50, help="page size (default 50)")
    parser.add_argument("--repeat", type=int, default=200, help="timed requests per read (default 200)")
    args = parser.parse_args()

    with signed_in_app() as bench:
        client, headers, post = bench.client, bench.headers, bench.post

        goals = [post("/goals", {"title": f"Goal {i}", "kind": "decide_interest"})["id"] for i in range(20)]
        contacts = [post("/contacts", {"name": f"Contact {i}", "research_notes": "Read up."})["id"] for i in range(50)]
        bank = post("/question-banks", {"name": "Big bank"})["id"]
        for i in range(300):
            post(f"/question-banks/{bank}/questions", {"text": f"What surprised you in project {i}?"})
        for i in range(args.meetings):
            meeting = post(
                "/meetings",
                {
                    "contact_id": contacts[i % len(contacts)],
                    "purpose": "informational",
                    "starts_at": f"2025-{1 + i % 12:02d}-{1 + i % 28:02d}T09:00:00+00:00",
                    "status": "completed",
                    "goal_ids": [goals[i % len(goals)], goals[(i + 1) % len(goals)]],
                },
            )["id"]
            post(f"/meetings/{meeting}/questions", {"text": "How did you get into this field?", "category": "role"})
            post(f"/meetings/{meeting}/outcomes", {"goal_id": goals[i % len(goals)], "result": "progressed"})
        for i in range(1, 20):
            post(f"/meetings/{meeting}/questions", {"text": f"What would you do differently in year {i}?"})

        reads = {
            "meetings": f"/api/v1/meetings?limit={args.limit}",
            "goals": f"/api/v1/goals?limit={args.limit}",
            "bank": f"/api/v1/question-banks/{bank}/questions?limit={args.limit}",
            "plan": f"/api/v1/meetings/{meeting}/questions",
            "readiness": f"/api/v1/meetings/{meeting}/readiness",
            "stats": "/api/v1/stats",
        }
        print(f"{bench.database}: {args.meetings} meetings, 20 goals, a 300-question bank, pages of {args.limit}")

        def read(path: str) -> None:
            response = client.get(path, headers=headers)
            assert response.status_code == 200, response.get_json()

        report_each(bench, {name: (lambda path=path: read(path)) for name, path in reads.items()}, args.repeat)


if __name__ == "__main__":
    main()
