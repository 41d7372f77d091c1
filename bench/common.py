"""What the benchmarks share: a scratch app with a signed-in user, and the timing and report."""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import flask_migrate
from cryptography.fernet import Fernet
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event

from service import create_app
from service.database import db

PASSWORD = "benchmark password"


@dataclass
class Bench:
    app: Flask
    client: FlaskClient
    headers: dict
    database: str  # "sqlite" or "postgresql+psycopg"...

    def post(self, path: str, body: dict) -> dict:
        """POST to ``/api/v1{path}`` as the signed-in user; the JSON of its 200 or 201."""
        response = self.client.post(f"/api/v1{path}", headers=self.headers, json=body)
        assert response.status_code in (200, 201), response.get_json()
        return response.get_json()


@contextmanager
def signed_in_app(config: dict | None = None) -> Iterator[Bench]:
    """An app on a scratch SQLite file, or on the empty PostgreSQL database in DATABASE_URL,
    migrated, with one registered and logged-in user; the tables are dropped afterwards.
    ``config`` adds to (or overrides) the app's settings."""
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{tempfile.mkdtemp(prefix='coffeechat-bench-')}/bench.db"
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "JWT_SECRET_KEY": "b" * 48,
            "ENCRYPTION_KEYS": [Fernet.generate_key().decode()],
            # One user sends thousands of requests here: far over the per-user rate limit.
            "RATELIMIT_ENABLED": False,
            **(config or {}),
        }
    )
    client = app.test_client()
    with app.app_context():
        flask_migrate.upgrade()
    try:
        client.post("/api/v1/auth/register", json={"email": "bench@example.com", "password": PASSWORD, "name": "B"})
        token = client.post("/api/v1/auth/login", json={"email": "bench@example.com", "password": PASSWORD}).get_json()
        yield Bench(app, client, {"Authorization": f"Bearer {token['access_token']}"}, url.split(":", 1)[0])
    finally:
        with app.app_context():
            flask_migrate.downgrade(revision="base")
            db.engine.dispose()


def timed(run: Callable[[], object], repeat: int) -> list[float]:
    """Milliseconds per call of ``run``, after a warm-up."""
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


def report_each(bench: Bench, runs: dict[str, Callable[[], object]], repeat: int) -> None:
    """Time each of ``runs`` and report it with the SQL statements one call sends."""
    with bench.app.app_context():
        engine = db.engine
    width = max(len(name) for name in runs)
    for name, run in runs.items():
        statements: list[str] = []

        def count(*_args, statements=statements) -> None:
            statements.append("")

        event.listen(engine, "before_cursor_execute", count)
        run()
        event.remove(engine, "before_cursor_execute", count)
        report(f"{name:>{width}} ({len(statements)} queries)", timed(run, repeat))
