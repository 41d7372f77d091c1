"""Benchmark: the calendar feed and the invitation import, each in-process through Flask.

Seeds one user with meetings (each with goals and three planned questions) and open
follow-ups, then times, with the SQL statements each request sends:

- ``feed``: GET of the subscription feed, the whole calendar rendered (a calendar app's poll);
- ``feed 304``: the same GET with the ETag of the copy it has (row versions compared, nothing drawn);
- ``meeting``: one meeting's .ics;
- ``import``: POST /api/v1/calendar/import of an invitation file of 50 events, imported before
  (so every event updates its meeting).

Run: ``make bench BENCH=calendars`` (SQLite), or with ``DATABASE_URL=postgresql://...`` for an
empty PostgreSQL database (its tables are created by the migrations and dropped afterwards).
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime, timedelta

from common import report_each, signed_in_app
from icalendar import Calendar, Event, vCalAddress


def invitations(count: int) -> bytes:
    """An invitation file of ``count`` events from one organizer, as a calendar app exports it."""
    calendar = Calendar()
    calendar.add("prodid", "-//coffeechat bench//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "REQUEST")
    start = datetime(2030, 1, 7, 9, tzinfo=UTC)
    for i in range(count):
        invite = Event()
        invite.add("uid", f"bench-{i}@example.com")
        invite.add("dtstamp", start)
        invite.add("dtstart", start + timedelta(days=i))
        invite.add("dtend", start + timedelta(days=i, minutes=30))
        invite.add("summary", f"Coffee chat {i}")
        invite.add("organizer", vCalAddress(f"mailto:person{i % 10}@example.com"))
        invite.add("attendee", vCalAddress("mailto:bench@example.com"))
        calendar.add_component(invite)
    return calendar.to_ical()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--meetings", type=int, default=500, help="meetings to seed (default 500)")
    parser.add_argument("--repeat", type=int, default=50, help="timed requests per read (default 50)")
    args = parser.parse_args()

    with signed_in_app() as bench:
        client, headers, post = bench.client, bench.headers, bench.post

        goals = [post("/goals", {"title": f"Goal {i}", "kind": "decide_interest"})["id"] for i in range(10)]
        contacts = [post("/contacts", {"name": f"Contact {i}", "title": "Engineer"})["id"] for i in range(50)]
        for i in range(args.meetings):
            meeting = post(
                "/meetings",
                {
                    "contact_id": contacts[i % len(contacts)],
                    "purpose": "informational",
                    "starts_at": f"2030-{1 + i % 12:02d}-{1 + i % 28:02d}T09:00:00+00:00",
                    "location": "Monmouth Coffee",
                    "goal_ids": [goals[i % len(goals)], goals[(i + 1) % len(goals)]],
                },
            )["id"]
            for text in ("How did you get into this field?", "What does a typical week look like?", "Who else?"):
                post(f"/meetings/{meeting}/questions", {"text": text, "category": "role"})
            if i % 2:
                post("/follow-ups", {"meeting_id": meeting, "kind": "check_in", "due_at": "2030-12-01T09:00:00Z"})
        feed = post("/calendar/feed", {})["url"].removeprefix("http://localhost")
        invites = invitations(50)
        imported = client.post("/api/v1/calendar/import", headers=headers, data=invites, content_type="text/calendar")
        assert imported.get_json()["created"] == 50, imported.get_json()
        etag = client.get(feed).headers["ETag"]

        def get(path: str, status: int = 200, **extra) -> None:
            response = client.get(path, headers={**headers, **extra})
            assert response.status_code == status, response.status_code

        def import_again() -> None:
            response = client.post(
                "/api/v1/calendar/import", headers=headers, data=invites, content_type="text/calendar"
            )
            assert response.get_json()["updated"] == 50, response.get_json()

        runs = {
            "feed": lambda: get(feed),
            "feed 304": lambda: get(feed, 304, **{"If-None-Match": etag}),
            "meeting": lambda: get(f"/api/v1/meetings/{meeting}/calendar.ics"),
            "import": import_again,
        }
        size = len(client.get(feed).data)
        print(
            f"{bench.database}: {args.meetings + 50} meetings, {args.meetings // 2} open follow-ups; feed {size:,} bytes"
        )
        report_each(bench, runs, args.repeat)


if __name__ == "__main__":
    main()
