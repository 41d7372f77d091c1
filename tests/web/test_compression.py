"""Compressed answers: brotli or gzip for large JSON and problem documents, never for calendars.

Bodies are decoded with the real ``gzip`` and ``brotli`` modules. A compressed answer is another
representation, so it carries its own strong ETag, the identity one with the coding appended
(``"<etag>:gzip"``, RFC 9110 8.8.3); conditional requests accept both forms.
"""

from __future__ import annotations

import gzip
import http.client
import json
import urllib.parse

import brotli
import pytest
from flask import Response, send_file

from tests.factories import CONTACTS, MEETINGS, new_contact, new_meeting

# The subject has no database in it: PostgreSQL could not change the outcome.
pytestmark = pytest.mark.database_independent

THRESHOLD = 1024
BOTH = "gzip, deflate, br"
DECODERS = {"gzip": gzip.decompress, "br": brotli.decompress}


def decoded(response) -> bytes:
    """The body as sent before its content coding."""
    coding = response.headers.get("Content-Encoding")
    return DECODERS[coding](response.data) if coding else response.data


def etag_of(response) -> str:
    etag = response.headers["ETag"]
    assert not etag.startswith("W/"), "ETags stay strong: If-Match compares them strongly"
    return etag


@pytest.fixture
def contacts(alice) -> str:
    """A list of contacts whose JSON is well over the threshold; its URL."""
    for n in range(6):
        new_contact(alice, name=f"Contact {n}", how_met="Spoke after her PyData talk on clinical NLP " * 3)
    url = f"{CONTACTS}?limit=10"
    assert len(alice.get(url).data) > 2 * THRESHOLD
    return url


@pytest.fixture
def long_contact(alice) -> str:
    """One contact whose JSON is over the threshold; its URL."""
    return f"{CONTACTS}/{new_contact(alice, notes='Prefers mornings. ' * 100)['id']}"


# --- which answers are compressed, and how ----------------------------------------------


def test_a_large_list_is_sent_with_gzip_to_a_client_that_accepts_only_gzip(alice, contacts):
    plain = alice.get(contacts)
    response = alice.get(contacts, headers={"Accept-Encoding": "gzip"})

    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert int(response.headers["Content-Length"]) == len(response.data) < len(plain.data) / 2
    assert json.loads(gzip.decompress(response.data)) == plain.get_json()


def test_brotli_is_chosen_when_the_client_accepts_it_as_well_as_gzip(alice, contacts):
    plain = alice.get(contacts)
    response = alice.get(contacts, headers={"Accept-Encoding": BOTH})

    assert response.headers["Content-Encoding"] == "br"
    assert json.loads(brotli.decompress(response.data)) == plain.get_json()


def test_the_clients_preference_wins_over_brotli(alice, contacts):
    response = alice.get(contacts, headers={"Accept-Encoding": "br;q=0.5, gzip"})

    assert response.headers["Content-Encoding"] == "gzip"


@pytest.mark.parametrize("accept", [None, "identity", "deflate", "gzip;q=0, br;q=0"])
def test_a_client_that_accepts_none_of_our_codings_gets_the_plain_body(alice, contacts, accept):
    headers = {"Accept-Encoding": accept} if accept else {}
    response = alice.get(contacts, headers=headers)

    assert "Content-Encoding" not in response.headers
    assert response.get_json()["items"]


def test_an_answer_below_the_threshold_is_not_compressed(alice):
    response = alice.get("/api/v1/me", headers={"Accept-Encoding": BOTH})

    assert len(response.data) < THRESHOLD
    assert "Content-Encoding" not in response.headers
    assert response.headers["Vary"] == "Accept-Encoding"


def test_the_threshold_is_configurable(make_app, alice):
    client = make_app(COMPRESS_MIN_SIZE=64).test_client()

    response = client.get("/api/v1/me", headers={**alice.headers, "Accept-Encoding": "gzip"})

    assert response.headers["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(response.data))["id"] == alice.id


def test_the_threshold_is_read_from_the_environment(make_app, monkeypatch):
    monkeypatch.setenv("COMPRESS_MIN_SIZE", "4096")

    assert make_app().config["COMPRESS_MIN_SIZE"] == 4096


@pytest.mark.parametrize("coding", ["gzip", "br"])
def test_a_large_problem_document_is_compressed_and_keeps_its_status(alice, coding):
    unknown = {f"field_{n:03}": "x" for n in range(80)}

    response = alice.post(CONTACTS, json={"name": "Priya", **unknown}, headers={"Accept-Encoding": coding})

    assert response.status == "422 UNPROCESSABLE ENTITY"
    assert response.mimetype == "application/problem+json"
    assert response.headers["Content-Encoding"] == coding
    problem = json.loads(DECODERS[coding](response.data))
    assert problem["status"] == 422 and set(problem["errors"]) == set(unknown)


def test_a_small_problem_document_is_not_compressed(alice):
    response = alice.get(f"{CONTACTS}/999999", headers={"Accept-Encoding": BOTH})

    assert response.status_code == 404
    assert "Content-Encoding" not in response.headers
    assert response.get_json()["status"] == 404


def test_a_meetings_calendar_file_is_never_compressed_even_when_large(alice):
    meeting = new_meeting(alice, agenda="Ask about the move into data science. " * 80)

    response = alice.get(f"{MEETINGS}/{meeting['id']}/calendar.ics", headers={"Accept-Encoding": BOTH})

    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    assert len(response.data) > 2 * THRESHOLD
    assert "Content-Encoding" not in response.headers
    assert response.data.startswith(b"BEGIN:VCALENDAR")


def test_the_feed_is_never_compressed_and_keeps_its_own_headers_and_304(client, alice):
    new_meeting(alice, agenda="Ask about the move into data science. " * 80)
    path = alice.post("/api/v1/calendar/feed").get_json()["url"].removeprefix("http://localhost")

    response = client.get(path, headers={"Accept-Encoding": BOTH})
    again = client.get(path, headers={"Accept-Encoding": BOTH, "If-None-Match": response.headers["ETag"]})

    assert len(response.data) > 2 * THRESHOLD
    assert "Content-Encoding" not in response.headers
    assert not response.headers["ETag"].endswith(('br"', 'gzip"'))
    assert response.headers["Cache-Control"] == "private"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert again.status_code == 304


# --- Vary and ETags ---------------------------------------------------------------------


def test_every_answer_says_it_varies_with_accept_encoding_304s_too(alice, contacts):
    first = alice.get(contacts, headers={"Accept-Encoding": "gzip"})
    plain = alice.get(contacts)
    not_modified = alice.get(contacts, headers={"If-None-Match": etag_of(plain)})

    for response in (first, plain, not_modified):
        assert response.headers["Vary"] == "Accept-Encoding"
    assert not_modified.status_code == 304


@pytest.mark.parametrize("coding", ["gzip", "br"])
def test_a_compressed_answer_has_its_own_strong_etag_the_plain_one_with_the_coding(alice, contacts, coding):
    plain = etag_of(alice.get(contacts))

    compressed = etag_of(alice.get(contacts, headers={"Accept-Encoding": coding}))

    assert compressed == plain[:-1] + f':{coding}"'


@pytest.mark.parametrize("coding", ["gzip", "br"])
def test_the_etag_of_a_compressed_answer_gives_304(alice, contacts, coding):
    etag = etag_of(alice.get(contacts, headers={"Accept-Encoding": coding}))

    response = alice.get(contacts, headers={"Accept-Encoding": coding, "If-None-Match": etag})

    assert response.status_code == 304
    assert response.headers["ETag"] == etag  # what a 200 would carry (RFC 9110, 15.4.5)
    assert response.headers["Vary"] == "Accept-Encoding"
    assert response.data == b"" and "Content-Encoding" not in response.headers


def test_the_plain_etag_still_gives_304_to_a_client_that_now_accepts_gzip(alice, contacts):
    plain = etag_of(alice.get(contacts))

    response = alice.get(contacts, headers={"Accept-Encoding": "gzip", "If-None-Match": plain})

    # The plain copy the client holds is current: the 304 names it.
    assert response.status_code == 304
    assert response.headers["ETag"] == plain


def test_the_etag_of_another_coding_gives_the_answer_in_the_coding_asked_for(alice, contacts):
    gzipped = etag_of(alice.get(contacts, headers={"Accept-Encoding": "gzip"}))

    response = alice.get(contacts, headers={"Accept-Encoding": "br", "If-None-Match": gzipped})

    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "br"


def test_a_compressed_etag_no_longer_gives_304_once_the_list_changed(alice, contacts):
    etag = etag_of(alice.get(contacts, headers={"Accept-Encoding": "gzip"}))
    new_contact(alice, name="Someone new")

    response = alice.get(contacts, headers={"Accept-Encoding": "gzip", "If-None-Match": etag})

    assert response.status_code == 200
    assert etag_of(response) != etag
    assert "Someone new" in gzip.decompress(response.data).decode()


@pytest.mark.parametrize("coding", ["gzip", "br"])
def test_if_match_accepts_the_etag_of_a_compressed_answer(alice, long_contact, coding):
    etag = etag_of(alice.get(long_contact, headers={"Accept-Encoding": coding}))
    assert etag.endswith(f':{coding}"')

    response = alice.patch(long_contact, json={"title": "Head of Data"}, headers={"If-Match": etag})

    assert response.status_code == 200
    assert response.get_json()["title"] == "Head of Data"


def test_a_stale_compressed_etag_still_gives_412(alice, long_contact):
    etag = etag_of(alice.get(long_contact, headers={"Accept-Encoding": "gzip"}))
    alice.patch(long_contact, json={"title": "Head of Data"})

    response = alice.patch(long_contact, json={"title": "CTO"}, headers={"If-Match": etag})

    assert response.status_code == 412
    assert alice.get(long_contact).get_json()["title"] == "Head of Data"


def test_the_etag_from_a_compressed_patch_answer_is_accepted_by_the_next_patch(alice, long_contact):
    first = alice.patch(long_contact, json={"title": "Head of Data"}, headers={"Accept-Encoding": "br"})
    assert first.headers["Content-Encoding"] == "br"

    second = alice.patch(long_contact, json={"title": "CTO"}, headers={"If-Match": etag_of(first)})

    assert second.status_code == 200


def test_delete_accepts_the_etag_of_a_compressed_answer(alice, long_contact):
    etag = etag_of(alice.get(long_contact, headers={"Accept-Encoding": "br"}))

    assert alice.delete(long_contact, headers={"If-Match": etag}).status_code == 204


# --- HEAD, streams and files ------------------------------------------------------------


def test_head_answers_with_the_headers_of_the_compressed_get_and_no_body(alice, contacts):
    get = alice.get(contacts, headers={"Accept-Encoding": "br"})

    head = alice.client.head(contacts, headers={**alice.headers, "Accept-Encoding": "br"})

    assert head.status_code == 200
    assert head.data == b""
    for header in ("Content-Encoding", "Content-Length", "ETag", "Vary"):
        assert head.headers[header] == get.headers[header]


def test_head_with_the_compressed_etag_gives_304(alice, contacts):
    etag = etag_of(alice.get(contacts, headers={"Accept-Encoding": "br"}))

    head = alice.client.head(contacts, headers={**alice.headers, "Accept-Encoding": "br", "If-None-Match": etag})

    assert head.status_code == 304


ROWS = [{"n": n, "text": "a line of a streamed export"} for n in range(300)]


@pytest.fixture
def streaming_client(make_app, tmp_path):
    """An app with two extra routes: JSON streamed from a generator, and a JSON file (direct passthrough)."""
    app = make_app()
    exported = tmp_path / "export.json"
    exported.write_text(json.dumps(ROWS))

    def chunks():
        yield b"["
        for n, row in enumerate(ROWS):
            yield (b"," if n else b"") + json.dumps(row).encode()
        yield b"]"

    app.add_url_rule("/stream.json", "stream", lambda: Response(chunks(), mimetype="application/json"))
    app.add_url_rule("/file.json", "file", lambda: send_file(exported, mimetype="application/json"))
    return app.test_client()


@pytest.mark.parametrize("path", ["/stream.json", "/file.json"])
@pytest.mark.parametrize("coding", ["gzip", "br"])
def test_streamed_and_file_answers_are_compressed_whole(streaming_client, path, coding):
    with streaming_client.get(path, headers={"Accept-Encoding": coding}) as response:
        assert response.status_code == 200
        assert response.headers["Content-Encoding"] == coding
        assert "Content-Length" not in response.headers  # compressed as it streams
        assert json.loads(DECODERS[coding](response.data)) == ROWS


# --- through gunicorn, with a real HTTP client ------------------------------------------


def _fetch(url: str, method: str = "GET", **headers) -> tuple[int, http.client.HTTPMessage, bytes]:
    parts = urllib.parse.urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.request(method, parts.path, headers=headers)
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def test_gunicorn_sends_compressed_json_that_a_real_client_decodes_and_revalidates(server):
    url = f"{server.url}/openapi.json"
    _, _, plain = _fetch(url)

    for coding, decode in DECODERS.items():
        status, headers, body = _fetch(url, **{"Accept-Encoding": coding})
        assert status == 200 and headers["Content-Encoding"] == coding
        assert int(headers["Content-Length"]) == len(body) < len(plain) / 4
        assert json.loads(decode(body)) == json.loads(plain)

        status, headers, body = _fetch(url, **{"Accept-Encoding": coding, "If-None-Match": headers["ETag"]})
        assert (status, body) == (304, b"")
        assert headers["Vary"] == "Accept-Encoding" and headers["ETag"].endswith(f':{coding}"')

        status, head_headers, body = _fetch(url, "HEAD", **{"Accept-Encoding": coding})
        assert (status, body) == (200, b"")
        assert head_headers["Content-Encoding"] == coding
