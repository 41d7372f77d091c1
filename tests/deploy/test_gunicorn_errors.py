"""What gunicorn answers itself, before the app sees a request, is a problem document like the app's answers."""

from __future__ import annotations

import json

import pytest

from tests.servers import exchange

# The subject has no database in it: PostgreSQL could not change the outcome.
pytestmark = pytest.mark.database_independent


@pytest.mark.parametrize(
    ("raw", "status", "code"),
    [
        pytest.param(b"GET /api/v1/contacts?q=" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414, "uri_too_long",
                     id="request line too long"),
        pytest.param(b"GET /healthz HTTP/1.1\r\nHost: x\r\n" + b"".join(b"X-Filler-%d: y\r\n" % n for n in range(200))
                     + b"\r\n", 431, "request_header_fields_too_large", id="too many headers"),
        pytest.param(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"y" * 9000 + b"\r\n\r\n", 431,
                     "request_header_fields_too_large", id="a header too large"),
        pytest.param(b"GARBAGE\r\n\r\n", 400, "bad_request", id="not HTTP"),
        pytest.param(b"GET /healthz HTTP/1.1\r\nHost: x\r\nBad Header Name: y\r\n\r\n", 400, "bad_request",
                     id="an invalid header name"),
    ],
)  # fmt: skip
def test_an_unreadable_request_gets_a_problem_document(server, raw, status, code):
    answered, headers, body = exchange(server.url, raw)

    assert answered == status
    assert headers["content-type"] == "application/problem+json"
    problem = json.loads(body)
    assert problem["status"] == status and problem["code"] == code
    assert problem["title"] and problem["detail"] and "<html" not in body.decode()


def test_the_problem_does_not_repeat_the_request_line(server):
    feed = "/calendar/" + "s3cr3t-feed-token" * 600 + ".ics"
    _, _, body = exchange(server.url, f"GET {feed} HTTP/1.1\r\nHost: x\r\n\r\n".encode())

    assert "s3cr3t-feed-token" not in body.decode()
