"""Start-up configuration and cross-cutting HTTP behaviour of the app factory."""

from __future__ import annotations

import stat

import pytest
from sqlalchemy import text

from service import create_app
from service.config import ConfigurationError, normalize_database_url
from service.database import db
from tests.conftest import TEST_VAPID_KEY


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


# --- production needs PUBLIC_URL -----------------------------------------------------------


@pytest.fixture
def production(monkeypatch, tmp_path):
    """Production settings that are otherwise complete."""
    monkeypatch.setenv("COFFEECHAT_ENV", "production")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'unused.db'}")
    monkeypatch.setenv("JWT_SECRET_KEY", "s" * 40)
    monkeypatch.setenv("ENCRYPTION_KEYS", "kN7Vb0f0y2c0Qm3wC5JH8s1r3mXnq9p1l0Y6bQ2aZ7E=")
    monkeypatch.setenv("VAPID_PRIVATE_KEY", TEST_VAPID_KEY)
    monkeypatch.setenv("PUBLIC_URL", "https://coffeechat.example.com")


def test_production_starts_with_a_public_url(production):
    assert create_app().config["PUBLIC_URL"] == "https://coffeechat.example.com"


def test_production_without_a_public_url_refuses_to_start(production, monkeypatch):
    monkeypatch.delenv("PUBLIC_URL")
    with pytest.raises(ConfigurationError, match="PUBLIC_URL is not set; with COFFEECHAT_ENV=production"):
        create_app()


@pytest.mark.parametrize("url", ["coffeechat.example.com", "ftp://coffeechat.example.com", "https://"])
def test_a_public_url_that_is_no_web_address_refuses_to_start(production, monkeypatch, url):
    monkeypatch.setenv("PUBLIC_URL", url)
    with pytest.raises(ConfigurationError, match="PUBLIC_URL must be the service's address"):
        create_app()


# --- files in instance/ -------------------------------------------------------------------------


def test_a_new_sqlite_database_is_readable_by_its_owner_only(fresh_machine):
    app = create_app()
    with app.app_context():
        with db.engine.begin() as connection:  # WAL: SQLite makes its -wal and -shm files beside it
            connection.execute(text("CREATE TABLE probe (id INTEGER PRIMARY KEY)"))
        files = sorted(fresh_machine.glob("coffeechat.db*"))
        modes = {path.name: stat.S_IMODE(path.stat().st_mode) for path in files}
        db.engine.dispose()
    assert {"coffeechat.db", "coffeechat.db-wal", "coffeechat.db-shm"} <= set(modes)
    assert modes == dict.fromkeys(modes, 0o600)
    assert stat.S_IMODE(fresh_machine.stat().st_mode) == 0o700


def test_an_existing_sqlite_database_is_left_as_it_is(fresh_machine):
    fresh_machine.mkdir()
    (fresh_machine / "coffeechat.db").write_bytes(b"")
    (fresh_machine / "coffeechat.db").chmod(0o640)
    create_app()
    assert stat.S_IMODE((fresh_machine / "coffeechat.db").stat().st_mode) == 0o640


# --- CORS: answers vary by Origin ------------------------------------------------------------


@pytest.mark.parametrize(
    "origin", [{"Origin": "https://app.example.com"}, {"Origin": "https://evil.example.net"}, {}], ids=repr
)
def test_with_cors_on_every_api_answer_varies_by_origin(cors_client, origin):
    for response in (
        cors_client.get("/api/v1/contacts", headers=origin),
        cors_client.get("/api/v1/nowhere", headers=origin),
        cors_client.options("/api/v1/contacts", headers={**origin, "Access-Control-Request-Method": "GET"}),
    ):
        assert "origin" in {value.strip().lower() for value in response.headers.get("Vary", "").split(",")}


def test_an_answer_that_varies_by_origin_still_varies_by_its_encoding(cors_client, alice):
    for n in range(20):
        alice.post("/api/v1/contacts", json={"name": f"Contact {n}", "notes": "x" * 100})
    response = cors_client.get(
        "/api/v1/contacts", headers={**alice.headers, "Origin": "https://app.example.com", "Accept-Encoding": "gzip"}
    )
    assert response.headers["Content-Encoding"] == "gzip"
    assert {value.strip() for value in response.headers["Vary"].split(",")} >= {"Origin", "Accept-Encoding"}
