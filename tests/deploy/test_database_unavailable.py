"""A database that is down gives 503 problems with Retry-After, and the service recovers by itself.

No mocks: PostgreSQL is reached through a small TCP proxy that the test stops and starts
again; an SQLite database file is swapped for a directory and put back.
"""

from __future__ import annotations

import contextlib
import select
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import flask_migrate
import pytest
from sqlalchemy.engine import make_url

from service import create_app
from service.config import normalize_database_url
from service.database import db
from tests.conftest import POSTGRES_URL, Accounts, make_config, postgres_url


class TcpProxy:
    """Forwards 127.0.0.1:<port> to ``upstream``; ``stop`` refuses new connections and cuts open ones."""

    def __init__(self, upstream: tuple[str, int]):
        self.upstream = upstream
        self.port = 0  # chosen by the first start, then kept so the app's URL stays valid
        self._stopping = threading.Event()
        self._lock = threading.Lock()
        self._open: set[socket.socket] = set()
        self._acceptor: threading.Thread | None = None
        self._relays: list[threading.Thread] = []
        self._silent: socket.socket | None = None

    def start(self) -> None:
        self._stop_stalling()
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen()
        listener.settimeout(0.05)  # so that the accept loop notices `stop`
        self.port = listener.getsockname()[1]
        self._stopping.clear()
        self._acceptor = threading.Thread(target=self._accept, args=(listener,), daemon=True)
        self._acceptor.start()

    def stop(self) -> None:
        self._stop_stalling()
        self._stopping.set()
        if self._acceptor is not None:
            self._acceptor.join()  # no new connections from here on
            self._acceptor = None
        with self._lock:
            for end in self._open:
                with contextlib.suppress(OSError):  # already reset by the other side
                    end.shutdown(socket.SHUT_RDWR)  # the relay sees end-of-stream and closes both
        for relay in self._relays:
            relay.join()
        self._relays.clear()

    def stall(self) -> None:
        """Like a server that is unreachable or stuck: connections open, but nothing answers."""
        self.stop()
        self._silent = socket.socket()
        self._silent.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._silent.bind(("127.0.0.1", self.port))
        self._silent.listen()  # the kernel completes handshakes; nobody ever reads

    def _stop_stalling(self) -> None:
        if self._silent is not None:
            self._silent.close()
            self._silent = None

    def _accept(self, listener: socket.socket) -> None:
        with listener:
            while not self._stopping.is_set():
                try:
                    client, _ = listener.accept()
                except TimeoutError:
                    continue
                client.settimeout(None)
                try:
                    server = socket.create_connection(self.upstream)
                except OSError:
                    client.close()
                    continue
                with self._lock:
                    self._open.update((client, server))
                relay = threading.Thread(target=self._relay, args=(client, server), daemon=True)
                self._relays.append(relay)
                relay.start()

    def _relay(self, client: socket.socket, server: socket.socket) -> None:
        other = {client: server, server: client}
        try:
            while True:
                readable, _, _ = select.select([client, server], [], [])
                for end in readable:
                    data = end.recv(65536)
                    if not data:
                        return
                    other[end].sendall(data)
        except OSError:
            pass
        finally:
            with self._lock:
                self._open.difference_update((client, server))
            client.close()
            server.close()


class PostgresOutage:
    """An app that reaches PostgreSQL through a proxy: ``take_down`` stops the proxy."""

    def __init__(self, url: str):
        target = make_url(normalize_database_url(url))
        self.proxy = TcpProxy((target.host or "localhost", target.port or 5432))
        self.proxy.start()
        via_proxy = target.set(host="127.0.0.1", port=self.proxy.port)
        self.app = create_app(make_config(via_proxy.render_as_string(hide_password=False)))

    def take_down(self) -> None:
        self.proxy.stop()

    def bring_back(self) -> None:
        self.proxy.start()

    def close(self) -> None:
        with self.app.app_context():
            db.engine.dispose()
        self.proxy.stop()


class SqliteOutage:
    """An app on its own SQLite file: ``take_down`` puts a directory where the file was."""

    def __init__(self, directory: Path):
        self.path = directory / "coffeechat.db"
        self.moved = directory / "coffeechat.db.away"
        self.app = create_app(make_config(f"sqlite:///{self.path}"))
        with self.app.app_context():
            flask_migrate.upgrade()

    def take_down(self) -> None:
        # An open SQLite handle keeps its file whatever happens to the path, so drop the
        # pool's handles first, as the stopped proxy cuts PostgreSQL's connections.
        with self.app.app_context():
            db.engine.dispose()
        self.path.rename(self.moved)
        self.path.mkdir()  # opening it now fails: "unable to open database file"

    def bring_back(self) -> None:
        self.path.rmdir()
        self.moved.rename(self.path)

    def close(self) -> None:
        if self.moved.exists():
            self.bring_back()
        with self.app.app_context():
            db.engine.dispose()


@pytest.fixture
def outage(app, tmp_path) -> Iterator[PostgresOutage | SqliteOutage]:
    """A second app whose database the test can take down and bring back.

    Requesting ``app`` picks the backend; on PostgreSQL it has built the schema and
    empties the tables after the test.
    """
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        controlled = SqliteOutage(tmp_path)
    else:
        controlled = PostgresOutage(postgres_url())
    yield controlled
    controlled.close()


def assert_database_unavailable(response) -> None:
    assert response.status_code == 503, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["code"] == "database_unavailable"
    assert response.headers["Retry-After"].isdigit()


def test_readyz_answers_503_while_the_database_is_down(outage):
    client = outage.app.test_client()
    assert client.get("/readyz").status_code == 200
    outage.take_down()
    assert_database_unavailable(client.get("/readyz"))


def test_authenticated_request_answers_503_while_the_database_is_down(outage):
    account = Accounts(outage.app.test_client()).new()
    outage.take_down()
    assert_database_unavailable(account.get("/api/v1/contacts"))


def test_service_recovers_when_the_database_is_back(outage):
    client = outage.app.test_client()
    account = Accounts(client).new()
    outage.take_down()
    assert client.get("/readyz").status_code == 503
    assert account.get("/api/v1/contacts").status_code == 503
    outage.bring_back()
    assert client.get("/readyz").status_code == 200
    assert account.get("/api/v1/contacts").status_code == 200


if POSTGRES_URL:  # only PostgreSQL is reached over a network that can stall

    def test_database_that_does_not_answer_gives_503_within_the_connect_timeout():
        outage = PostgresOutage(postgres_url())
        try:
            client = outage.app.test_client()
            assert client.get("/readyz").status_code == 200
            outage.proxy.stall()
            answers = []
            asking = threading.Thread(target=lambda: answers.append(client.get("/readyz")), daemon=True)
            started = time.monotonic()
            asking.start()
            asking.join(timeout=15)  # without a connect timeout it would wait for ever
            assert answers, "no answer within 15 s: the engine needs a connect_timeout"
            assert_database_unavailable(answers[0])
            # connect_timeout is 5 s: the answer comes well before gunicorn's 30 s timeout.
            assert time.monotonic() - started < 10
        finally:
            outage.close()
