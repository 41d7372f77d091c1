"""Clients that send slowly hold no worker: gunicorn as `make run` starts it, driven by real slow sockets."""

from __future__ import annotations

import json
import threading
import time

import pytest

from tests.servers import call, connect, read_answer

# The subject has no database in it: PostgreSQL could not change the outcome.
pytestmark = pytest.mark.database_independent

TRICKLE_SECONDS = 2  # a slow client sends one byte this often
BODY_TIMEOUT = 2  # REQUEST_BODY_TIMEOUT of the server under test


@pytest.fixture(scope="module")
def server_settings() -> dict:
    return {"REQUEST_BODY_TIMEOUT": str(BODY_TIMEOUT)}


def trickle(server, request: bytes, stop: threading.Event) -> None:
    """Send ``request`` one byte every TRICKLE_SECONDS until told to stop (or the server gives up)."""
    with connect(server.url) as connection:
        for byte in request:
            if stop.wait(TRICKLE_SECONDS):
                return
            try:
                connection.sendall(bytes([byte]))
            except OSError:
                return


def health_latency(server) -> float:
    started = time.monotonic()
    status, _ = call("GET", f"{server.url}/healthz")
    assert status == 200
    return time.monotonic() - started


def test_health_is_answered_while_slow_clients_trickle_their_requests_in(server):
    request = b"GET /healthz HTTP/1.1\r\nHost: coffeechat\r\nX-Slow: " + b"z" * 100 + b"\r\n\r\n"
    stop = threading.Event()
    # More slow clients than the server has workers (2): each would hold a sync worker whole.
    slow = [threading.Thread(target=trickle, args=(server, request, stop)) for _ in range(4)]
    for client in slow:
        client.start()
    try:
        time.sleep(TRICKLE_SECONDS + 1)  # every slow client has a request under way
        latencies = []
        for _ in range(5):
            latencies.append(health_latency(server))
            time.sleep(0.5)
    finally:
        stop.set()
        for client in slow:
            client.join(timeout=TRICKLE_SECONDS + 5)
    assert max(latencies) < 1, latencies


def test_a_body_shorter_than_its_content_length_gets_a_408_problem_and_frees_its_thread(server):
    call("POST", f"{server.url}/api/v1/auth/register",
         {"email": "slow@example.com", "password": "correct horse battery", "name": "Slow"})  # fmt: skip
    _, tokens = call("POST", f"{server.url}/api/v1/auth/login",
                     {"email": "slow@example.com", "password": "correct horse battery"})  # fmt: skip
    head = (
        "POST /api/v1/contacts HTTP/1.1\r\nHost: coffeechat\r\nContent-Type: application/json\r\n"
        f"Authorization: Bearer {tokens['access_token']}\r\nContent-Length: 100\r\n\r\n"
    )
    with connect(server.url) as connection:
        started = time.monotonic()
        connection.sendall(head.encode() + b'{"name": ')  # and then nothing more
        status, _, body = read_answer(connection)
        waited = time.monotonic() - started

    assert status == 408 and BODY_TIMEOUT <= waited < BODY_TIMEOUT + 3
    problem = json.loads(body)
    assert problem["code"] == "request_timeout" and "Content-Length" in problem["detail"]
    status, contacts = call("GET", f"{server.url}/api/v1/contacts", token=tokens["access_token"])
    assert status == 200 and contacts["items"] == []  # nothing was half-written
