"""Start-up configuration and cross-cutting HTTP behaviour of the app factory."""

from __future__ import annotations

import stat

import pytest

from service import create_app
from service.config import normalize_database_url


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u:p@db/coffeechat", "postgresql+psycopg://u:p@db/coffeechat"),
        ("postgresql://u:p@db/coffeechat", "postgresql+psycopg://u:p@db/coffeechat"),
        ("postgresql+psycopg://u@db/x", "postgresql+psycopg://u@db/x"),
        ("sqlite:////tmp/x.db", "sqlite:////tmp/x.db"),
    ],
)
def test_database_urls_use_psycopg_3_for_postgresql(given, expected):
    assert normalize_database_url(given) == expected


@pytest.fixture
def fresh_machine(monkeypatch, tmp_path):
    """No configuration at all, as on a fresh clone; the instance folder in a temp dir."""
    for name in ("JWT_SECRET_KEY", "DATABASE_URL", "COFFEECHAT_ENV"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COFFEECHAT_INSTANCE_PATH", str(tmp_path / "instance"))
    return tmp_path / "instance"


def test_defaults_to_sqlite_in_the_instance_folder(fresh_machine):
    app = create_app()
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{fresh_machine / 'coffeechat.db'}"


def test_development_secret_is_generated_once_private_and_kept(fresh_machine):
    first = create_app().config["JWT_SECRET_KEY"]
    second = create_app().config["JWT_SECRET_KEY"]
    secret_file = fresh_machine / "jwt-secret"
    assert first == second == secret_file.read_text().strip()
    assert len(first.encode()) >= 32
    assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600


def test_a_given_secret_is_used_and_no_file_is_written(fresh_machine, monkeypatch):
    monkeypatch.setenv("JWT_SECRET_KEY", "s" * 40)
    assert create_app().config["JWT_SECRET_KEY"] == "s" * 40
    assert not (fresh_machine / "jwt-secret").exists()


@pytest.fixture
def cors_client(make_app):
    """An app on the suite's database that lets one web origin call the API."""
    return make_app(CORS_ORIGINS=["https://app.example.com"]).test_client()


def test_cors_preflight_allows_a_configured_origin(cors_client):
    response = cors_client.options(
        "/api/v1/contacts",
        headers={
            "Origin": "https://app.example.com",
            "Access-Control-Request-Method": "PATCH",
            "Access-Control-Request-Headers": "Authorization, If-Match, Content-Type",
        },
    )
    assert response.headers["Access-Control-Allow-Origin"] == "https://app.example.com"
    assert "PATCH" in response.headers["Access-Control-Allow-Methods"]
    assert "if-match" in response.headers["Access-Control-Allow-Headers"].lower()


def test_cors_preflight_allows_a_retried_post_with_its_idempotency_key(cors_client):
    response = cors_client.options(
        "/api/v1/contacts",
        headers={
            "Origin": "https://app.example.com",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "Authorization, Content-Type, Idempotency-Key",
        },
    )
    assert response.headers["Access-Control-Allow-Origin"] == "https://app.example.com"
    assert "idempotency-key" in response.headers["Access-Control-Allow-Headers"].lower()


def test_cors_exposes_etag_and_location_to_browser_clients(cors_client):
    response = cors_client.get("/api/v1/contacts", headers={"Origin": "https://app.example.com"})
    assert response.status_code == 401
    exposed = {h.strip().lower() for h in response.headers["Access-Control-Expose-Headers"].split(",")}
    assert {"etag", "location", "retry-after", "www-authenticate"} <= exposed
    assert {"idempotent-replayed", "content-disposition"} <= exposed


def test_cors_ignores_other_origins(cors_client):
    response = cors_client.get("/api/v1/contacts", headers={"Origin": "https://evil.example.net"})
    assert "Access-Control-Allow-Origin" not in response.headers


def test_without_cors_origins_no_cors_headers_are_sent(client):
    response = client.get("/healthz", headers={"Origin": "https://app.example.com"})
    assert "Access-Control-Allow-Origin" not in response.headers


def test_every_response_forbids_content_sniffing(client):
    assert client.get("/healthz").headers["X-Content-Type-Options"] == "nosniff"
    assert client.get("/nowhere").headers["X-Content-Type-Options"] == "nosniff"
