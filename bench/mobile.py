"""Benchmark: what a mobile app and a script do, each in-process through Flask.

Seeds one user with contacts (imported from one vCard file), meetings with planned
questions, and goals, then times, with the SQL statements each request sends:

- ``sync full``: the first page (500 objects) of a full sync;
- ``sync delta``: a sync after 10 contacts changed;
- ``sync none``: a sync when nothing changed;
- ``post``: POST /api/v1/contacts without an Idempotency-Key;
- ``post+key``: the same with a new key each time (the answer stored with the write);
- ``replay``: the same key again (the stored answer, nothing written);
- ``import``: POST /api/v1/contacts/import of 200 vCards that all match (nothing to fill in);
- ``export``: GET /api/v1/export of the whole account.

Run: ``make bench BENCH=mobile`` (SQLite), or with ``DATABASE_URL=postgresql://...`` for an
empty PostgreSQL database (its tables are created by the migrations and dropped afterwards).
"""

from __future__ import annotations

import argparse
import uuid
from itertools import count

from common import report_each, signed_in_app


def vcards(first: int, number: int) -> bytes:
    return "".join(
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nN:Person;Number{i};;;\r\nFN:Number{i} Person\r\n"
        f"EMAIL;type=INTERNET:person{i}@example.com\r\nORG:Company {i % 40}\r\nTITLE:Engineer\r\n"
        f"item1.URL:https://www.linkedin.com/in/person-{i}\r\nitem1.X-ABLabel:LinkedIn\r\nEND:VCARD\r\n"
        for i in range(first, first + number)
    ).encode()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=1000, help="contacts to import (default 1000)")
    parser.add_argument("--meetings", type=int, default=200, help="meetings to seed (default 200)")
    parser.add_argument("--repeat", type=int, default=30, help="timed requests per run (default 30)")
    args = parser.parse_args()

    with signed_in_app() as bench:
        client, headers, post = bench.client, bench.headers, bench.post

        def request(method: str, path: str, status: int = 200, **kwargs):
            response = client.open(
                f"/api/v1{path}", method=method, headers={**headers, **kwargs.pop("headers", {})}, **kwargs
            )
            assert response.status_code == status, (response.status_code, response.get_data(as_text=True)[:300])
            return response

        imported = request("POST", "/contacts/import", data=vcards(0, args.contacts), content_type="text/vcard")
        assert imported.get_json()["created"] == args.contacts, imported.get_json()
        contacts = [c["id"] for c in request("GET", "/contacts?limit=100").get_json()["items"]]
        goals = [post("/goals", {"title": f"Goal {i}", "kind": "decide_interest"})["id"] for i in range(10)]
        for i in range(args.meetings):
            meeting = post(
                "/meetings",
                {
                    "contact_id": contacts[i % len(contacts)],
                    "purpose": "informational",
                    "starts_at": f"2030-{1 + i % 12:02d}-{1 + i % 28:02d}T09:00:00+00:00",
                    "goal_ids": [goals[i % len(goals)]],
                },
            )["id"]
            for text in ("How did you get into this field?", "What does a typical week look like?"):
                post(f"/meetings/{meeting}/questions", {"text": text, "category": "role"})

        def synced_to_the_end() -> str:
            since = None
            while True:
                page = request("GET", "/sync?limit=500" + (f"&since={since}" if since else "")).get_json()
                since = page["next_since"]
                if not page["has_more"]:
                    return since

        key = str(uuid.uuid4())
        request("POST", "/contacts", 201, json={"name": "Replayed"}, headers={"Idempotency-Key": key})
        since = synced_to_the_end()
        names = count()

        def delta() -> None:
            nonlocal since
            for contact in contacts[:10]:
                request("PATCH", f"/contacts/{contact}", json={"notes": f"note {next(names)}"})
            page = request("GET", f"/sync?since={since}").get_json()
            assert len(page["changes"]["contacts"]) == 10, page["changes"]["contacts"]

        def changes_after(since_now: str):
            return lambda: request("GET", f"/sync?since={since_now}")

        file = vcards(0, 200)

        runs = {
            "sync full": lambda: request("GET", "/sync?limit=500"),
            "sync delta": delta,  # includes the 10 PATCHes; see "post" for one write's cost
            "sync none": changes_after(synced_to_the_end()),
            "post": lambda: request("POST", "/contacts", 201, json={"name": "Someone"}),
            "post+key": lambda: request(
                "POST", "/contacts", 201, json={"name": "Someone"}, headers={"Idempotency-Key": str(uuid.uuid4())}
            ),
            "replay": lambda: request(
                "POST", "/contacts", 201, json={"name": "Replayed"}, headers={"Idempotency-Key": key}
            ),
            "import": lambda: request("POST", "/contacts/import", data=file, content_type="text/vcard"),
            "export": lambda: request("GET", "/export"),
        }
        print(f"{bench.database}: {args.contacts} contacts, {args.meetings} meetings with 2 planned questions each")
        report_each(bench, runs, args.repeat)


if __name__ == "__main__":
    main()
