"""gunicorn serving the app as `make run` and the image start it, for the tests that need a real server.

``server`` is gunicorn (two workers, ``deploy/gunicorn.conf.py``) on the suite's database: a new
SQLite file, or this test worker's PostgreSQL schema. The modules that keep the default settings
share one per test worker; a module that changes the server's environment (by overriding
``server_settings``) starts its own. Each test registers users of its own, so tests share servers.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import TEST_ENCRYPTION_KEY, TEST_SECRET, TEST_VAPID_KEY, postgres_url
from tests.factories import ROOT

BIN = Path(sys.executable).parent  # flask and gunicorn are installed beside this python
STARTUP_SECONDS = 10


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def environment(database_url: str) -> dict:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"JWT_SECRET_KEY", "DATABASE_URL", "ENCRYPTION_KEYS", "VAPID_PRIVATE_KEY", "SMTP_URL"}
    }
    return {
        **env,
        "FLASK_APP": "service:create_app",
        "COFFEECHAT_ENV": "production",
        "DATABASE_URL": database_url,
        "JWT_SECRET_KEY": TEST_SECRET,
        "ENCRYPTION_KEYS": TEST_ENCRYPTION_KEY,
        "VAPID_PRIVATE_KEY": TEST_VAPID_KEY,
        "PUBLIC_URL": "http://127.0.0.1",  # production requires it; ``server`` gives its own address
        "WEB_CONCURRENCY": "2",
    }


def call(method: str, url: str, body: dict | None = None, token: str | None = None):
    """One HTTP request with urllib; returns (status, JSON body or None)."""
    headers = {"Content-Type": "application/json"} if body is not None else {}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as error:
        with error:
            status, raw = error.code, error.read()
    return status, json.loads(raw) if raw else None


@dataclass
class Server:
    url: str
    access_log: Path
    error_log: Path
    env: dict  # gunicorn's environment: a worker with the same serves the same database and queue


def served_database_url(app, folder: Path) -> str:
    """The database gunicorn serves: a new SQLite file in ``folder``, or the suite's PostgreSQL database.

    Taking ``app`` picks the backend and, on PostgreSQL, empties the tables after each test.
    """
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return f"sqlite:///{folder / 'served.db'}"
    return postgres_url()


def serve(database_url: str, folder: Path, settings: dict) -> Iterator[Server]:
    """``flask db upgrade``, then gunicorn as `make run` and boot.sh start it, two workers, until the end."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**environment(database_url), "PUBLIC_URL": url, "TASKS_DATABASE": str(folder / "tasks.db"), **settings}
    upgrade = subprocess.run(
        [BIN / "flask", "db", "upgrade"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert upgrade.returncode == 0, upgrade.stderr
    access_log, error_log = folder / "access.log", folder / "error.log"
    command = [
        BIN / "gunicorn",
        "--config",
        "deploy/gunicorn.conf.py",
        "--bind",
        f"127.0.0.1:{port}",
        "service:create_app()",
    ]
    with open(access_log, "wb") as stdout, open(error_log, "wb") as stderr:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=stdout, stderr=stderr)
    try:
        wait_until_healthy(url, process, error_log)
        yield Server(url, access_log, error_log, env)
    finally:
        # SIGQUIT: gunicorn's quick shutdown; a graceful one waits out the workers' idle connections.
        process.send_signal(signal.SIGQUIT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def server_settings() -> dict:
    """Environment variables a test module adds to the server's (override the fixture there)."""
    return {}


@pytest.fixture(scope="session")
def shared_server(app, tmp_path_factory) -> Iterator[Server]:
    """The server of every module that keeps the default settings: one per database and test worker."""
    folder = tmp_path_factory.mktemp("served")
    yield from serve(served_database_url(app, folder), folder, {})


@pytest.fixture(scope="module")
def server(request, app, server_settings, tmp_path_factory) -> Iterator[Server]:
    """gunicorn on the suite's database: the shared one, or one of the module's own with its ``server_settings``."""
    if not server_settings:
        yield request.getfixturevalue("shared_server")
        return
    folder = tmp_path_factory.mktemp("served")
    yield from serve(served_database_url(app, folder), folder, server_settings)


def wait_until_healthy(url: str, process: subprocess.Popen, error_log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn exited with {process.returncode}:\n{error_log.read_text()}")
        try:
            if call("GET", f"{url}/healthz")[0] == 200:
                return
        except OSError:  # not listening yet
            pass
        time.sleep(0.1)
    pytest.fail(f"gunicorn did not answer /healthz within {STARTUP_SECONDS}s:\n{error_log.read_text()}")


def eventually(condition, seconds: float = 5) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.05)


def connect(url: str) -> socket.socket:
    """A raw connection to the server at ``url``."""
    address = urlsplit(url)
    return socket.create_connection((address.hostname, address.port), timeout=30)


def read_answer(connection: socket.socket) -> tuple[int, dict[str, str], bytes]:
    """The status, headers and body of the answer on ``connection`` (to its Content-Length, or its end)."""
    received = b""
    while chunk := connection.recv(65536):
        received += chunk
        head, separator, body = received.partition(b"\r\n\r\n")
        length = re.search(rb"\r\ncontent-length: *(\d+)", head, flags=re.IGNORECASE)
        if separator and length and len(body) >= int(length.group(1)):
            break
    head, _, body = received.partition(b"\r\n\r\n")
    status_line, *lines = head.decode("latin-1").split("\r\n")
    headers = {name.lower(): value.strip() for name, value in (line.split(":", 1) for line in lines)}
    return int(status_line.split()[1]), headers, body


def exchange(url: str, raw: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send ``raw`` bytes on a new connection; the answer."""
    with connect(url) as connection:
        connection.sendall(raw)
        return read_answer(connection)


# --- the task queue's worker -------------------------------------------------------------------


@dataclass
class Worker:
    """A `flask worker` process consuming ``app``'s queue; ``log`` holds what it printed."""

    process: subprocess.Popen
    log: Path
    description: str

    def wait_for(self, condition, seconds: float = 20) -> None:
        """Return once ``condition()`` holds; fail with the worker's log if it does not in time, or the worker died."""
        deadline = time.monotonic() + seconds
        while not condition():
            if self.process.poll() is not None:
                pytest.fail(f"the worker exited with {self.process.returncode}:\n{self.log.read_text()}")
            if time.monotonic() > deadline:
                pytest.fail(f"not done within {seconds} s; the worker's log:\n{self.log.read_text()[-5000:]}")
            time.sleep(0.05)

    def kill(self) -> None:
        """SIGKILL: the worker dies at once, whatever it was doing."""
        self.process.kill()
        self.process.wait()

    def stop(self) -> None:
        """SIGINT, as Ctrl-C: the worker finishes the tasks it runs, then exits."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


def worker_environment(app) -> dict:
    """The environment of a worker process that works for ``app``: its database, keys and task queue."""
    config = app.config
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TASKS_", "REDIS_URL"))}
    env.update(
        {
            "FLASK_APP": "service:create_app",
            "DATABASE_URL": config["SQLALCHEMY_DATABASE_URI"],
            "JWT_SECRET_KEY": config["JWT_SECRET_KEY"],
            "ENCRYPTION_KEYS": ",".join(config["ENCRYPTION_KEYS"]),
            "VAPID_PRIVATE_KEY": config["VAPID_PRIVATE_KEY"],
            "SMTP_URL": config["SMTP_URL"],
            "EMAIL_FROM": config["EMAIL_FROM"],
            "PUBLIC_URL": config["PUBLIC_URL"],
            "CALDAV_ALLOW_PRIVATE_HOSTS": str(config["CALDAV_ALLOW_PRIVATE_HOSTS"]).lower(),
            "CALDAV_TIMEOUT": str(config["CALDAV_TIMEOUT"]),
            "TASKS_QUEUE_NAME": config["TASKS_QUEUE_NAME"],
            "TASKS_DATABASE": config["TASKS_DATABASE"],
            "LOG_LEVEL": "INFO",
        }
    )
    if config["REDIS_URL"]:
        env["REDIS_URL"] = config["REDIS_URL"]
    return env


@contextmanager
def worker_process(app, *, threads: int = 2, periodic: bool = False) -> Iterator[Worker]:
    """`flask worker` for ``app`` (whose TASKS_IMMEDIATE is off) until the block ends; SIGINT then."""
    assert not app.config["TASKS_IMMEDIATE"], "a worker needs a queue: make the app with TASKS_IMMEDIATE=False"
    with _worker(worker_environment(app), threads=threads, periodic=periodic) as worker:
        yield worker


@contextmanager
def server_worker(server: Server, *, threads: int = 2) -> Iterator[Worker]:
    """`flask worker` beside ``server`` (gunicorn), as `make run` starts one: same database, same queue."""
    with _worker(server.env, threads=threads, periodic=False) as worker:
        yield worker


@contextmanager
def _worker(env: dict, *, threads: int, periodic: bool) -> Iterator[Worker]:
    folder = Path(tempfile.mkdtemp(prefix="coffeechat-worker-"))
    log = folder / "worker.log"
    env = {**env, "COFFEECHAT_INSTANCE_PATH": str(folder)}
    command = [BIN / "flask", "worker", f"--threads={threads}", *([] if periodic else ["--no-periodic"])]
    with open(log, "wb") as output:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    backend = "Redis" if env.get("REDIS_URL") else "SQLite"
    worker = Worker(process, log, f"flask worker, {threads} threads, Huey on {backend}")
    try:
        worker.wait_for(lambda: b"Huey consumer started" in log.read_bytes(), seconds=STARTUP_SECONDS)
        yield worker
    finally:
        worker.stop()
