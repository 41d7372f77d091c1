"""A real HTTP receiver of webhooks for the tests, as a pytest plugin: a small threaded server on a free
loopback port that keeps every request it gets and answers as the test tells it.

``receiver`` (a fixture): ``receiver.url``; ``receiver.requests`` (each with ``headers``, ``body``,
``json``); ``receiver.answer(status, delay=0)`` sets how it answers from now on; ``receiver.stop()`` and
``receiver.start()`` play an outage on the same port; ``receiver.verified(secret)`` checks every
request's signature with the ``standardwebhooks`` library and returns the payloads.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from standardwebhooks import Webhook


@dataclass(frozen=True)
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    at: float  # time.time() when it was read

    @property
    def json(self) -> dict:
        return json.loads(self.body)


class Receiver:
    def __init__(self) -> None:
        self.requests: list[Received] = []
        self.arrived = 0  # requests whose body was read, answered or not yet
        self.status, self.delay = 204, 0.0
        self._server: ThreadingHTTPServer | None = None
        self.port = 0
        self.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks"

    def answer(self, status: int, delay: float = 0.0) -> None:
        self.status, self.delay = status, delay

    def start(self) -> None:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                at = time.time()
                receiver.arrived += 1
                if receiver.delay:
                    time.sleep(receiver.delay)
                headers = {k.lower(): v for k, v in self.headers.items()}
                receiver.requests.append(Received(self.path, headers, body, at))
                self.send_response(receiver.status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def verified(self, secret: str) -> list[dict]:
        """Every payload received, each signature checked with the secret (raises if one does not verify)."""
        webhook = Webhook(secret)
        return [webhook.verify(request.body, request.headers) for request in self.requests]

    def types(self) -> list[str]:
        return [request.json["type"] for request in self.requests]


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    yield server
    server.stop()
