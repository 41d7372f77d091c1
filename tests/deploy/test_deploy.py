"""The service as deployed: gunicorn with deploy/gunicorn.conf.py, and the start-up checks."""

from __future__ import annotations

import os
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
import yaml

from service import create_app
from service.config import ConfigurationError
from tests.conftest import PASSWORD, TEST_ENCRYPTION_KEY, TEST_SECRET, TEST_VAPID_KEY
from tests.factories import ROOT
from tests.servers import BIN, call, environment, eventually, free_port


def test_gunicorn_serves_the_api_with_the_configured_workers(server):
    api = f"{server.url}/api/v1"
    status, user = call(
        "POST", f"{api}/auth/register", {"email": "deploy@example.com", "password": PASSWORD, "name": "Dee Ploy"}
    )
    assert status == 201, user
    status, tokens = call("POST", f"{api}/auth/login", {"email": "deploy@example.com", "password": PASSWORD})
    assert status == 200, tokens
    status, contact = call("POST", f"{api}/contacts", {"name": "Priya Raman"}, tokens["access_token"])
    assert status == 201, contact
    status, page = call("GET", f"{api}/contacts", token=tokens["access_token"])
    assert status == 200 and [c["name"] for c in page["items"]] == ["Priya Raman"], page
    assert call("GET", f"{server.url}/readyz") == (200, {"status": "ok"})
    eventually(lambda: server.error_log.read_text().count("Booting worker") == 2)  # WEB_CONCURRENCY


def test_a_long_query_reaches_the_api_and_is_answered_with_a_problem(server):
    api = f"{server.url}/api/v1"
    call("POST", f"{api}/auth/register", {"email": "long@example.com", "password": PASSWORD, "name": "Lon G"})
    _status, tokens = call("POST", f"{api}/auth/login", {"email": "long@example.com", "password": PASSWORD})
    search = urllib.parse.quote("😀" * 500)  # 6,000 characters once percent-encoded

    status, problem = call("GET", f"{api}/contacts?q={search}", token=tokens["access_token"])

    assert status == 422 and "q" in problem["errors"], problem


def test_access_log_has_request_lines_but_no_secrets(server):
    call("POST", f"{server.url}/api/v1/auth/login", {"email": "nobody@example.com", "password": PASSWORD})
    call("GET", f"{server.url}/api/v1/contacts", token="header.payload.signature")
    lines = ['"POST /api/v1/auth/login HTTP/1.1" 401', '"GET /api/v1/contacts HTTP/1.1" 401']
    # A worker writes its access log line after it has sent the response.
    eventually(lambda: all(line in server.access_log.read_text() for line in lines))
    log = server.access_log.read_text()
    assert "header.payload.signature" not in log and "Bearer" not in log
    assert PASSWORD not in log


@pytest.fixture
def production(monkeypatch, tmp_path):
    monkeypatch.setenv("COFFEECHAT_ENV", "production")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'unused.db'}")
    monkeypatch.delenv("JWT_SECRET_KEY", raising=False)
    monkeypatch.setenv("ENCRYPTION_KEYS", TEST_ENCRYPTION_KEY)
    monkeypatch.setenv("VAPID_PRIVATE_KEY", TEST_VAPID_KEY)


def test_production_without_jwt_secret_refuses_to_start(production):
    with pytest.raises(ConfigurationError, match="JWT_SECRET_KEY is not set.*COFFEECHAT_ENV=production"):
        create_app()


def test_short_jwt_secret_refuses_to_start(production, monkeypatch):
    monkeypatch.setenv("JWT_SECRET_KEY", "too-short")
    with pytest.raises(ConfigurationError, match="JWT_SECRET_KEY must be at least 32 bytes long"):
        create_app()


def test_production_without_encryption_keys_refuses_to_start(production, monkeypatch):
    monkeypatch.setenv("JWT_SECRET_KEY", TEST_SECRET)
    monkeypatch.delenv("ENCRYPTION_KEYS")
    with pytest.raises(ConfigurationError, match="ENCRYPTION_KEYS is not set.*COFFEECHAT_ENV=production"):
        create_app()


def test_production_without_a_vapid_key_refuses_to_start(production, monkeypatch):
    monkeypatch.setenv("JWT_SECRET_KEY", TEST_SECRET)
    monkeypatch.delenv("VAPID_PRIVATE_KEY")
    with pytest.raises(ConfigurationError, match="VAPID_PRIVATE_KEY is not set.*COFFEECHAT_ENV=production"):
        create_app()


def test_production_with_smtp_needs_a_from_address(production, monkeypatch):
    monkeypatch.setenv("JWT_SECRET_KEY", TEST_SECRET)
    monkeypatch.setenv("PUBLIC_URL", "https://coffeechat.example.com")
    monkeypatch.setenv("SMTP_URL", "smtps://mailer:secret@smtp.example.com")
    with pytest.raises(ConfigurationError, match="EMAIL_FROM is not set"):
        create_app()


def test_an_smtp_url_that_is_not_one_refuses_to_start(monkeypatch, tmp_path):
    monkeypatch.setenv("SMTP_URL", "mail.example.com:587")
    with pytest.raises(ConfigurationError, match="SMTP_URL must be smtp://"):
        create_app(
            {
                "SQLALCHEMY_DATABASE_URI": "sqlite://",
                "JWT_SECRET_KEY": TEST_SECRET,
                "VAPID_PRIVATE_KEY": TEST_VAPID_KEY,
                "TASKS_IMMEDIATE": True,
            }
        )


def test_development_generates_a_vapid_key_once_and_keeps_it(monkeypatch, tmp_path):
    monkeypatch.delenv("VAPID_PRIVATE_KEY", raising=False)
    monkeypatch.setenv("COFFEECHAT_INSTANCE_PATH", str(tmp_path))
    config = {"SQLALCHEMY_DATABASE_URI": "sqlite://", "JWT_SECRET_KEY": TEST_SECRET, "TASKS_IMMEDIATE": True}
    first = create_app(config).config["VAPID_PRIVATE_KEY"]
    assert first.startswith("-----BEGIN PRIVATE KEY-----")
    assert create_app(config).config["VAPID_PRIVATE_KEY"] == first
    assert (tmp_path / "vapid-private-key.pem").stat().st_mode & 0o777 == 0o600


def test_an_encryption_key_that_is_not_a_fernet_key_refuses_to_start(production, monkeypatch):
    monkeypatch.setenv("JWT_SECRET_KEY", TEST_SECRET)
    monkeypatch.setenv("ENCRYPTION_KEYS", f"{TEST_ENCRYPTION_KEY},not-a-key")
    with pytest.raises(ConfigurationError, match="ENCRYPTION_KEYS must be Fernet keys"):
        create_app()


def test_development_generates_an_encryption_key_once_and_keeps_it(monkeypatch, tmp_path):
    monkeypatch.delenv("ENCRYPTION_KEYS", raising=False)
    monkeypatch.setenv("COFFEECHAT_INSTANCE_PATH", str(tmp_path))
    config = {"SQLALCHEMY_DATABASE_URI": "sqlite://", "JWT_SECRET_KEY": TEST_SECRET}
    first = create_app(config).config["ENCRYPTION_KEYS"]
    assert create_app(config).config["ENCRYPTION_KEYS"] == first
    assert (tmp_path / "encryption-key").stat().st_mode & 0o777 == 0o600


def test_gunicorn_exits_at_start_up_when_the_configuration_is_unsafe(tmp_path):
    # preload_app builds the app in the master: the reason shows once, no worker crash loop.
    env = environment(f"sqlite:///{tmp_path / 'unused.db'}")
    del env["JWT_SECRET_KEY"]
    result = subprocess.run(
        [
            BIN / "gunicorn",
            "--config",
            "deploy/gunicorn.conf.py",
            "--bind",
            f"127.0.0.1:{free_port()}",
            "service:create_app()",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode != 0
    assert "JWT_SECRET_KEY is not set" in result.stderr
    assert "Booting worker" not in result.stderr


def test_concurrent_writes_through_several_workers_all_land(server):
    """Two workers writing one database at once: no 'database is locked', no lost update."""
    api = f"{server.url}/api/v1"
    call("POST", f"{api}/auth/register", {"email": "busy@example.com", "password": PASSWORD, "name": "Busy"})
    token = call("POST", f"{api}/auth/login", {"email": "busy@example.com", "password": PASSWORD})[1]["access_token"]
    status, shared = call("POST", f"{api}/contacts", {"name": "Shared"}, token)
    assert status == 201
    fields = ["phone", "company", "title", "industry", "location", "how_met", "notes", "research_notes"]

    def write(i: int) -> int:
        if i < len(fields):  # each PATCH changes another field of the same contact
            return call("PATCH", f"{api}/contacts/{shared['id']}", {fields[i]: f"v{i}"}, token)[0]
        return call("POST", f"{api}/contacts", {"name": f"Contact {i}"}, token)[0]

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(write, range(40)))

    assert statuses == [200] * len(fields) + [201] * (40 - len(fields))
    final = call("GET", f"{api}/contacts/{shared['id']}", token=token)[1]
    assert {f: final[f] for f in fields} == {f: f"v{i}" for i, f in enumerate(fields)}
    status, page = call("GET", f"{api}/contacts?limit=100", token=token)
    assert len(page["items"]) == 1 + 40 - len(fields)


def test_feed_tokens_stay_out_of_the_access_and_error_logs(server):
    logged_before = server.access_log.read_text().count("/calendar/[token].ics")  # the server is shared
    call("POST", f"{server.url}/api/v1/auth/register", {"email": "logs@example.com", "password": PASSWORD, "name": "L"})
    _, tokens = call("POST", f"{server.url}/api/v1/auth/login", {"email": "logs@example.com", "password": PASSWORD})
    _, link = call("POST", f"{server.url}/api/v1/calendar/feed", token=tokens["access_token"])
    token = link["url"].rsplit("/", 1)[1].removesuffix(".ics")
    feed_path = urllib.parse.urlsplit(link["url"]).path

    with urllib.request.urlopen(f"{server.url}{feed_path}", timeout=10) as response:
        assert response.status == 200
    assert call("GET", f"{server.url}/calendar/{token[::-1]}.ics")[0] == 404

    eventually(lambda: server.access_log.read_text().count("/calendar/[token].ics") == logged_before + 2)
    logs = server.access_log.read_text() + server.error_log.read_text()
    assert token not in logs and token[::-1] not in logs


def test_the_compose_file_puts_nginx_in_front_and_publishes_only_it():
    compose = yaml.safe_load((ROOT / "deploy" / "docker-compose.yml").read_text())["services"]
    proxy, api = compose["proxy"], compose["api"]

    (template,) = proxy["volumes"]
    source, target, _ = template.split(":")
    assert (ROOT / "deploy" / source).resolve() == ROOT / "deploy" / "nginx" / "coffeechat.conf.template"
    assert target.startswith("/etc/nginx/templates/") and proxy["environment"]["COFFEECHAT_UPSTREAM"] == "api:8000"
    assert "ports" not in api and proxy["ports"] == ["8000:8000"]
    assert api["environment"]["TRUSTED_PROXY_COUNT"] == "1"


def test_the_compose_file_runs_the_worker_from_the_api_image_with_its_settings():
    compose = yaml.safe_load((ROOT / "deploy" / "docker-compose.yml").read_text())["services"]
    api, worker = compose["api"], compose["worker"]

    assert worker["build"] == api["build"] and worker["environment"] == api["environment"]
    assert worker["command"] == ["worker"] and "REDIS_URL" in worker["environment"]
    assert worker["depends_on"]["api"]["condition"] == "service_healthy"  # the API migrates first


def test_the_image_entrypoint_runs_the_worker_when_asked(tmp_path):
    env = {
        **environment(f"sqlite:///{tmp_path / 'worker.db'}"),
        "TASKS_DATABASE": str(tmp_path / "tasks.db"),
        "PATH": f"{BIN}:{os.environ['PATH']}",  # flask, as the image has it on its PATH
    }
    log = tmp_path / "worker.log"
    with open(log, "wb") as output:
        worker = subprocess.Popen(
            ["sh", "deploy/boot.sh", "worker", "--threads", "1"], cwd=ROOT, env=env, stdout=output, stderr=output
        )
    try:
        eventually(lambda: "Huey consumer started with 1 thread" in log.read_text(), seconds=30)
        assert worker.poll() is None
    finally:
        worker.terminate()  # the container's SIGTERM reaches the worker itself (exec)
        assert worker.wait(timeout=15) is not None
    assert "Consumer exiting" in log.read_text()
