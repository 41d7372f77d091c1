"""nginx in front of gunicorn: slow clients wait in nginx, and what nginx answers itself is a problem document."""

from __future__ import annotations

import json
import re
import threading
import time

import pytest

from tests.servers import call, connect, exchange, read_answer

EMAIL, PASSWORD = "ana@example.com", "correct horse battery"


def token(url: str) -> str:
    call("POST", f"{url}/api/v1/auth/register", {"email": EMAIL, "password": PASSWORD, "name": "Ana"})
    return call("POST", f"{url}/api/v1/auth/login", {"email": EMAIL, "password": PASSWORD})[1]["access_token"]


def test_the_api_answers_through_the_proxy(proxy):
    status, health = call("GET", f"{proxy.url}/healthz")
    assert status == 200 and health["status"] == "ok"

    status, contact = call("POST", f"{proxy.url}/api/v1/contacts", {"name": "Priya Raman"}, token(proxy.url))
    assert status == 201 and contact["name"] == "Priya Raman"


def test_a_body_sent_slowly_reaches_gunicorn_whole_and_at_once(proxy, server):
    body = json.dumps({"name": "Slow Sam"}).encode()
    head = (
        f"POST /api/v1/contacts HTTP/1.1\r\nHost: coffeechat\r\nConnection: close\r\n"
        f"Authorization: Bearer {token(proxy.url)}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode()
    with connect(proxy.url) as connection:
        connection.sendall(head)
        started = time.monotonic()
        for byte in body:  # about 4 s on the wire
            connection.sendall(bytes([byte]))
            time.sleep(4 / len(body))
        status, _, _ = read_answer(connection)

    assert status == 201 and time.monotonic() - started > 3
    # gunicorn's access log gives each request's time in ms: the body was already whole when it came.
    (line,) = [line for line in server.access_log.read_text().splitlines() if '"POST /api/v1/contacts' in line][-1:]
    assert int(re.search(r" (\d+)ms$", line).group(1)) < 1000, line


def test_slow_clients_hold_no_gunicorn_thread(proxy):
    request = b"GET /healthz HTTP/1.1\r\nHost: coffeechat\r\nX-Slow: " + b"z" * 20 + b"\r\n\r\n"
    stop = threading.Event()

    def trickle():
        with connect(proxy.url) as connection:
            for byte in request:
                if stop.wait(0.5):
                    return
                connection.sendall(bytes([byte]))

    # Many more slow clients than gunicorn has sync workers (2): each would hold one whole without nginx.
    slow = [threading.Thread(target=trickle) for _ in range(12)]
    for client in slow:
        client.start()
    try:
        time.sleep(1)
        latencies = []
        for _ in range(5):
            started = time.monotonic()
            assert call("GET", f"{proxy.url}/healthz")[0] == 200
            latencies.append(time.monotonic() - started)
    finally:
        stop.set()
        for client in slow:
            client.join(timeout=5)
    assert max(latencies) < 1, latencies


@pytest.mark.parametrize(
    ("raw", "status", "code"),
    [
        pytest.param(b"GET /healthz?q=" + b"a" * 20000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414, "uri_too_long",
                     id="request line too long"),
        pytest.param(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"y" * 20000 + b"\r\n\r\n", 431,
                     "request_header_fields_too_large", id="a header too large"),
        pytest.param(b"GARBAGE\r\n\r\n", 400, "bad_request", id="not HTTP"),
        pytest.param(b"POST /api/v1/contacts/import HTTP/1.1\r\nHost: x\r\nContent-Length: 20000000\r\n\r\n", 413,
                     "payload_too_large", id="a body over 16 MiB"),
    ],
)  # fmt: skip
def test_what_nginx_refuses_is_a_problem_document(proxy, raw, status, code):
    answered, headers, body = exchange(proxy.url, raw)

    assert answered == status
    assert headers["content-type"] == "application/problem+json"
    problem = json.loads(body)
    assert problem["status"] == status and problem["code"] == code and problem["detail"]


def test_the_api_down_is_a_502_problem_with_retry_after(proxy_to_nothing):
    status, headers, body = exchange(proxy_to_nothing.url, b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")

    assert status == 502 and headers["content-type"] == "application/problem+json"
    assert headers["retry-after"] == "5" and json.loads(body)["code"] == "bad_gateway"
