"""Benchmark: one page of GET /api/v1/contacts, beside a plain-SQL reference.

Seeds a user with contacts (tags included) in a scratch database, then times, in-process:

- ``api``: the full request through Flask (JWT check, query, marshmallow dump, ETag);
- ``sql``: the same page with raw SQL and ``json.dumps``: the floor the API is measured against.

Run: ``make bench`` (SQLite), or ``DATABASE_URL=postgresql://... make bench`` for an empty
PostgreSQL database (its tables are created by the migrations and dropped afterwards).
"""

from __future__ import annotations

import argparse
import json

from common import report, signed_in_app, timed
from sqlalchemy import bindparam, text

from service.database import db


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=1000, help="contacts to seed (default 1000)")
    parser.add_argument("--limit", type=int, default=50, help="page size (default 50)")
    parser.add_argument("--repeat", type=int, default=300, help="timed requests (default 300)")
    args = parser.parse_args()

    with signed_in_app() as bench:
        app, client, headers = bench.app, bench.client, bench.headers
        for i in range(args.contacts):
            client.post(
                "/api/v1/contacts",
                headers=headers,
                json={"name": f"Contact {i}", "company": f"Company {i % 40}", "tags": ["data", f"t{i % 7}"]},
            )

        page_url = f"/api/v1/contacts?limit={args.limit}"

        def api() -> None:
            response = client.get(page_url, headers=headers)
            assert response.status_code == 200 and len(response.get_json()["items"]) == args.limit

        def sql() -> None:
            with app.app_context():
                rows = (
                    db.session.execute(
                        text(
                            "SELECT id, name, email, phone, company, title, industry, location, linkedin_url,"
                            " how_met, referred_by_id, notes, research_notes, created_at, updated_at"
                            " FROM contacts WHERE user_id = 1 ORDER BY created_at DESC, id DESC LIMIT :n"
                        ),
                        {"n": args.limit + 1},
                    )
                    .mappings()
                    .all()
                )
                ids = [row["id"] for row in rows]
                tags: dict[int, list[str]] = {}
                for contact_id, tag in db.session.execute(
                    text(
                        "SELECT contact_id, tag FROM contact_tags WHERE contact_id IN :ids ORDER BY position"
                    ).bindparams(bindparam("ids", expanding=True)),
                    {"ids": ids},
                ):
                    tags.setdefault(contact_id, []).append(tag)
                json.dumps([{**row, "tags": tags.get(row["id"], [])} for row in rows[: args.limit]], default=str)

        print(f"{bench.database}: {args.contacts} contacts, pages of {args.limit}")
        report("api", timed(api, args.repeat))
        report("sql", timed(sql, args.repeat))


if __name__ == "__main__":
    main()
