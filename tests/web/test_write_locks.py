"""A write takes its lock once its body is read and valid: a client that sends its body slowly delays no one.

The slow clients speak over real sockets to gunicorn, as `make run` serves the app (``server``,
tests/servers.py: two workers). A lock that waits too long is a 503 with Retry-After.
"""

from __future__ import annotations

import json
import socket
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as Pending
from contextlib import contextmanager, suppress
from itertools import count

import pytest
from sqlalchemy import select

from service.database import db
from service.models import User
from tests.conftest import PASSWORD
from tests.factories import CONTACTS, CONTACTS_IMPORT, assert_problem
from tests.servers import call

HELD = 3.0  # seconds a slow client holds back the rest of its body
QUICK = 1.5  # a write that waits for no one answers well within this, even on a busy machine

_names = count(1)

VCARD = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Priya Raman\r\nN:Raman;Priya;;;\r\n"
    "EMAIL;TYPE=INTERNET:priya@example.org\r\nEND:VCARD\r\n"
)


@pytest.fixture(scope="module")
def server_settings() -> dict:
    """The tests register users from one address faster than the registration limit allows."""
    return {"RATELIMIT_ENABLED": "false"}


def new_user(server) -> str:
    """Register and log in a user of the served app; their access token."""
    api, email = f"{server.url}/api/v1", f"slow-{next(_names)}@example.com"
    assert call("POST", f"{api}/auth/register", {"email": email, "password": PASSWORD, "name": "Slow"})[0] == 201
    return call("POST", f"{api}/auth/login", {"email": email, "password": PASSWORD})[1]["access_token"]


@contextmanager
def slow_request(
    server, path: str, body: bytes, content_type: str, token: str, method: str = "POST", **headers
) -> Iterator[list]:
    """Send the request line, the headers and the first half of the body, then nothing until the block
    ends; then the rest. Yields a list that holds the status of the answer once the block has ended."""
    url = urllib.parse.urlsplit(server.url)
    head = "".join(
        f"{name}: {value}\r\n"
        for name, value in {
            "Host": url.netloc,
            "Authorization": f"Bearer {token}",
            "Content-Type": content_type,
            "Content-Length": str(len(body)),
            "Connection": "close",
            **headers,
        }.items()
    )
    status: list[int] = []
    with socket.create_connection((url.hostname, url.port), timeout=30) as connection:
        connection.sendall(f"{method} {path} HTTP/1.1\r\n{head}\r\n".encode() + body[: len(body) // 2])
        yield status
        connection.sendall(body[len(body) // 2 :])
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
        status.append(int(answer.split(b" ", 2)[1]))


def seconds_to_write(server, token: str) -> tuple[int, float]:
    """POST a contact; the status and how long the answer took."""
    started = time.monotonic()
    status, _ = call("POST", f"{server.url}{CONTACTS}", {"name": "Quick"}, token)
    return status, time.monotonic() - started


def write_beside(server, slow: tuple, slow_writer: str, writer: str, **headers) -> tuple[int, float, int]:
    """While ``slow_writer`` sends ``slow`` (path, body, type) slowly, ``writer`` writes a contact: the
    status and time of that write, and the status of the slow one."""
    with ThreadPoolExecutor(max_workers=1) as pool, slow_request(server, *slow, slow_writer, **headers) as slow_status:
        time.sleep(0.3)  # the slow request has reached a worker
        quick = pool.submit(seconds_to_write, server, writer)
        with suppress(Pending):  # held up by the slow request until the rest of its body comes
            quick.result(timeout=HELD)
    status, seconds = quick.result()
    return status, seconds, slow_status[0]


SLOW_WRITES = {
    "json": (CONTACTS, json.dumps({"name": "Slow " + "x" * 150}).encode(), "application/json", 201),
    "idempotent": (CONTACTS, json.dumps({"name": "Slow"}).encode(), "application/json", 201),
    "file": (CONTACTS_IMPORT, VCARD.encode(), "text/vcard", 200),
}


@pytest.mark.parametrize("kind", SLOW_WRITES)
def test_a_slow_body_does_not_delay_another_users_write(server, kind):
    alice, bob = new_user(server), new_user(server)
    *slow, answered = SLOW_WRITES[kind]
    headers = {"Idempotency-Key": f"slow-{kind}"} if kind == "idempotent" else {}

    status, seconds, slow_status = write_beside(server, slow, alice, bob, **headers)

    assert status == 201
    assert seconds < QUICK, f"another user's write waited {seconds:.1f}s for a body that was still arriving"
    assert slow_status == answered


def test_a_slow_body_does_not_delay_the_same_users_other_write(server):
    alice = new_user(server)
    *slow, answered = SLOW_WRITES["json"]

    status, seconds, slow_status = write_beside(server, slow, alice, alice)

    assert status == 201
    assert seconds < QUICK, f"the user's other write waited {seconds:.1f}s for a body that was still arriving"
    assert slow_status == answered


def test_a_slow_write_is_checked_against_what_was_stored_while_its_body_came(server):
    alice = new_user(server)
    me = f"{server.url}/api/v1/me"
    request = urllib.request.Request(me, headers={"Authorization": f"Bearer {alice}"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        etag = answer.headers["ETag"]
    body = json.dumps({"name": "Written slowly"}).encode()

    with slow_request(server, "/api/v1/me", body, "application/json", alice, "PATCH", **{"If-Match": etag}) as slow:
        time.sleep(0.3)
        assert call("PATCH", me, {"name": "Written meanwhile"}, alice)[0] == 200

    assert slow == [412]  # not a lost update: the If-Match is compared with what is stored now
    assert call("GET", me, token=alice)[1]["name"] == "Written meanwhile"


# --- a lock held too long -----------------------------------------------------------------


def test_a_write_that_waits_too_long_for_its_lock_is_a_503_with_retry_after(make_app, alice):
    impatient = make_app(DATABASE_LOCK_TIMEOUT=1)
    with impatient.app_context():
        engine = db.engine
    with engine.connect() as holder, ThreadPoolExecutor(max_workers=1) as pool:
        holder.begin()  # SQLite: BEGIN IMMEDIATE, the database's write lock
        holder.execute(select(User.id).where(User.id == alice.id).with_for_update())  # PostgreSQL: alice's row
        started = time.monotonic()
        answer = pool.submit(impatient.test_client().post, CONTACTS, json={"name": "Priya"}, headers=alice.headers)
        with suppress(Pending):  # without a lock timeout it would wait for as long as the lock is held
            answer.result(timeout=5)
        waited = time.monotonic() - started
        holder.rollback()
        response = answer.result()

    assert waited < 5, "the write waited for the lock without end"
    assert_problem(response, 503, "database_unavailable")
    assert int(response.headers["Retry-After"]) > 0
