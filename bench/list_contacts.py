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
import os
import statistics
import tempfile
import time
from collections.abc import Callable

import flask_migrate
from sqlalchemy import bindparam, text

from service import create_app
from service.extensions import db

PASSWORD = "benchmark password"


def timed(run: Callable[[], object], repeat: int) -> list[float]:
    for _ in range(max(3, repeat // 10)):  # warm caches and pools
        run()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def report(name: str, samples: list[float]) -> None:
    samples = sorted(samples)
    p95 = samples[int(len(samples) * 0.95) - 1]
    print(f"{name:>4}: median {statistics.median(samples):6.2f} ms   p95 {p95:6.2f} ms   n={len(samples)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=1000, help="contacts to seed (default 1000)")
    parser.add_argument("--limit", type=int, default=50, help="page size (default 50)")
    parser.add_argument("--repeat", type=int, default=300, help="timed requests (default 300)")
    args = parser.parse_args()

    scratch = tempfile.mkdtemp(prefix="coffeechat-bench-")
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{scratch}/bench.db"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "JWT_SECRET_KEY": "b" * 48})
    client = app.test_client()
    with app.app_context():
        flask_migrate.upgrade()
    try:
        client.post("/api/v1/auth/register", json={"email": "bench@example.com", "password": PASSWORD, "name": "B"})
        token = client.post("/api/v1/auth/login", json={"email": "bench@example.com", "password": PASSWORD}).get_json()
        headers = {"Authorization": f"Bearer {token['access_token']}"}
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

        print(f"{db_name(url)}: {args.contacts} contacts, pages of {args.limit}")
        report("api", timed(api, args.repeat))
        report("sql", timed(sql, args.repeat))
    finally:
        with app.app_context():
            flask_migrate.downgrade(revision="base")
            db.engine.dispose()


def db_name(url: str) -> str:
    return url.split(":", 1)[0]


if __name__ == "__main__":
    main()
