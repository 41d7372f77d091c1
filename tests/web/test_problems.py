"""Every error answers as an RFC 9457 problem document (application/problem+json)."""

from __future__ import annotations

import ast
import base64
import json
from http import HTTPStatus

import pytest

from service import create_app
from service.database import db
from service.errors import STATUS_CODES
from tests.conftest import make_config
from tests.factories import CONTACTS, REGISTER, ROOT, SYNC, committed_spec, new_contact

PROBLEM_MEMBERS = {"type", "title", "status", "detail", "instance", "code"}


def assert_problem(response, status: int, code: str) -> dict:
    """The response is a complete problem document for ``status`` about the request's path."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body.keys() >= PROBLEM_MEMBERS
    assert body["type"] == "about:blank"
    assert body["title"] == HTTPStatus(status).phrase
    assert body["status"] == status
    assert isinstance(body["detail"], str) and body["detail"]
    assert body["instance"] == response.request.path
    assert body["code"] == code
    return body


def assert_field_errors(body: dict, *fields: str) -> None:
    """A 422 names each field in ``errors``, with a list of messages for it."""
    for name in fields:
        assert name in body["errors"], body["errors"]
        messages = body["errors"][name]
        assert isinstance(messages, list) and messages
        assert all(isinstance(message, str) and message for message in messages)


def contact_ids(account) -> list[int]:
    response = account.get(CONTACTS)
    assert response.status_code == 200
    return [item["id"] for item in response.get_json()["items"]]


def cursor(created_at: str, row_id) -> str:
    """A cursor shaped like the ones the API hands out, with chosen contents."""
    raw = json.dumps([created_at, row_id]).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


# --- routing ---------------------------------------------------------------------------


def test_unknown_route_is_a_404_problem(client):
    assert_problem(client.get("/api/v1/no-such-thing"), 404, "not_found")


def test_unknown_id_is_a_404_problem_naming_it(alice):
    body = assert_problem(alice.get(f"{CONTACTS}/4242"), 404, "not_found")
    assert "4242" in body["detail"]


@pytest.mark.parametrize("contact_id", [2**31, 2**63, 10**30])
def test_id_too_large_for_the_database_is_a_404_not_a_500(alice, contact_id):
    assert_problem(alice.get(f"{CONTACTS}/{contact_id}"), 404, "not_found")


def test_wrong_method_is_a_405_problem_with_an_allow_header(client):
    response = client.put(CONTACTS, json={"name": "Priya Raman"})
    assert_problem(response, 405, "method_not_allowed")
    allowed = {method.strip() for method in response.headers["Allow"].split(",")}
    assert {"GET", "POST"} <= allowed
    assert "PUT" not in allowed


def test_head_of_a_missing_route_is_a_404_without_a_body(client):
    response = client.head("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
    assert response.get_data() == b""


# --- the request body ------------------------------------------------------------------


def test_plain_text_body_is_a_415_problem(alice):
    response = alice.post(CONTACTS, data='{"name": "Priya Raman"}', content_type="text/plain")
    body = assert_problem(response, 415, "unsupported_media_type")
    assert "text/plain" in body["detail"]
    assert contact_ids(alice) == []


def test_form_body_is_a_415_problem(alice):
    response = alice.post(CONTACTS, data={"name": "Priya Raman"})
    assert_problem(response, 415, "unsupported_media_type")
    assert contact_ids(alice) == []


def test_malformed_json_is_a_400_problem(alice):
    response = alice.post(CONTACTS, data='{"name": "Priya', content_type="application/json")
    assert_problem(response, 400, "bad_request")
    assert contact_ids(alice) == []


def test_body_that_is_not_utf8_is_a_400_problem(alice):
    response = alice.post(CONTACTS, data=b'{"name": "\xff"}', content_type="application/json")
    assert_problem(response, 400, "bad_request")


def test_json_nested_too_deeply_is_a_400_not_a_500(alice):
    response = alice.post(CONTACTS, data="[" * 100_000, content_type="application/json")
    body = assert_problem(response, 400, "bad_request")
    assert "nested" in body["detail"]


def test_integer_too_long_to_read_is_a_400_not_a_500(alice):
    body = '{"name": "Priya Raman", "referred_by_id": ' + "1" * 5000 + "}"
    response = alice.post(CONTACTS, data=body, content_type="application/json")
    assert_problem(response, 400, "bad_request")
    assert contact_ids(alice) == []


def test_json_body_that_is_not_an_object_is_a_422_problem(alice):
    response = alice.post(CONTACTS, json=["Priya Raman"])
    body = assert_problem(response, 422, "validation_failed")
    assert_field_errors(body, "_schema")


def test_empty_json_body_is_a_422_naming_the_required_fields(alice):
    response = alice.post(CONTACTS, data="", content_type="application/json")
    body = assert_problem(response, 422, "validation_failed")
    assert_field_errors(body, "name")


def test_body_over_the_configured_limit_is_a_413_problem(make_app):
    small = make_app(MAX_CONTENT_LENGTH=1000)
    response = small.test_client().post(
        REGISTER, json={"email": "ana@example.com", "password": "x" * 1000, "name": "Ana Lima"}
    )
    assert_problem(response, 413, "payload_too_large")


def test_body_over_one_mebibyte_is_a_413_problem_by_default(alice):
    response = alice.post(CONTACTS, json={"name": "Priya Raman", "notes": "x" * (1024 * 1024)})
    assert_problem(response, 413, "payload_too_large")
    assert contact_ids(alice) == []


# --- validation ------------------------------------------------------------------------


def test_invalid_field_is_a_422_with_messages_per_field(alice):
    response = alice.post(CONTACTS, json={"name": "", "email": "not an email"})
    body = assert_problem(response, 422, "validation_failed")
    assert_field_errors(body, "name", "email")
    assert "name" in body["detail"] and "email" in body["detail"]


def test_unknown_field_is_a_422_and_creates_nothing(alice):
    response = alice.post(CONTACTS, json={"name": "Priya Raman", "favourite_colour": "teal"})
    body = assert_problem(response, 422, "validation_failed")
    assert_field_errors(body, "favourite_colour")
    assert contact_ids(alice) == []


@pytest.mark.parametrize(
    "field, value",
    [("id", 99), ("user_id", 1), ("created_at", "2026-01-01T00:00:00Z"), ("updated_at", "2026-01-01T00:00:00Z")],
)
def test_read_only_field_is_a_422_and_creates_nothing(alice, field, value):
    response = alice.post(CONTACTS, json={"name": "Priya Raman", field: value})
    body = assert_problem(response, 422, "validation_failed")
    assert_field_errors(body, field)
    assert contact_ids(alice) == []


@pytest.mark.parametrize("field, value", [("id", 99), ("user_id", 1), ("created_at", "2026-01-01T00:00:00Z")])
def test_read_only_field_in_a_patch_is_a_422_and_changes_nothing(alice, field, value):
    contact = new_contact(alice)
    response = alice.patch(f"{CONTACTS}/{contact['id']}", json={"name": "Changed", field: value})
    body = assert_problem(response, 422, "validation_failed")
    assert_field_errors(body, field)
    assert alice.get(f"{CONTACTS}/{contact['id']}").get_json() == contact


def test_a_request_with_one_invalid_field_stores_none_of_the_others(alice):
    response = alice.post(CONTACTS, json={"name": "Priya Raman", "company": "Northwind", "tags": "not-a-list"})
    body = assert_problem(response, 422, "validation_failed")
    assert list(body["errors"]) == ["tags"]
    assert contact_ids(alice) == []


@pytest.mark.parametrize("field", ["name", "tags"])
def test_null_is_a_422_for_a_field_that_cannot_be_empty(alice, field):
    response = alice.post(CONTACTS, json={"name": "Priya Raman", field: None})
    body = assert_problem(response, 422, "validation_failed")
    assert_field_errors(body, field)
    assert contact_ids(alice) == []


@pytest.mark.parametrize("field", ["email", "company"])
def test_null_is_accepted_for_an_optional_field(alice, field):
    response = alice.post(CONTACTS, json={"name": "Priya Raman", field: None})
    assert response.status_code == 201, response.get_json()
    assert response.get_json()[field] is None


@pytest.mark.parametrize(
    "body, field",
    [({"name": "Priya\u0000Raman"}, "name"), ({"name": "Priya Raman", "tags": ["ok", "n\u0000l"]}, "tags")],
)
def test_text_with_a_nul_character_is_a_422_not_a_500(alice, body, field):
    # PostgreSQL cannot store U+0000 in text.
    problem = assert_problem(alice.post(CONTACTS, json=body), 422, "validation_failed")
    assert_field_errors(problem, field)
    assert contact_ids(alice) == []


@pytest.mark.parametrize("escaped", ["\\ud800", "\\udfff", "a\\ud83d"])
def test_text_with_an_unpaired_surrogate_is_a_422_not_a_500(client, alice, escaped):
    # A lone surrogate parses from JSON but has no UTF-8 form: no database can store it.
    body = f'{{"name": "Priya {escaped} Raman"}}'
    response = client.post(CONTACTS, data=body, content_type="application/json", headers=alice.headers)
    assert_field_errors(assert_problem(response, 422, "validation_failed"), "name")
    registering = f'{{"email": "x{escaped}@example.com", "password": "correct horse battery", "name": "X"}}'
    response = client.post("/api/v1/auth/register", data=registering, content_type="application/json")
    assert_field_errors(assert_problem(response, 422, "validation_failed"), "email")
    assert contact_ids(alice) == []


def test_nul_character_in_a_query_parameter_is_a_422_not_a_500(alice):
    problem = assert_problem(alice.get(CONTACTS, query_string={"q": "a\u0000b"}), 422, "validation_failed")
    assert_field_errors(problem, "q")


def test_referrer_id_too_large_for_the_database_is_a_422_not_a_500(alice):
    response = alice.post(CONTACTS, json={"name": "Priya Raman", "referred_by_id": 2**31})
    body = assert_problem(response, 422, "validation_failed")
    assert_field_errors(body, "referred_by_id")


# --- query parameters ------------------------------------------------------------------


@pytest.mark.parametrize("limit", ["0", "101", "abc", "-1", "1.5"])
def test_limit_outside_1_to_100_or_not_a_number_is_a_422(alice, limit):
    body = assert_problem(alice.get(CONTACTS, query_string={"limit": limit}), 422, "validation_failed")
    assert_field_errors(body, "limit")


@pytest.mark.parametrize(
    "bad_cursor",
    [
        pytest.param("garbage", id="not-base64-json"),
        pytest.param("!!!", id="not-base64"),
        pytest.param(cursor("yesterday", 1), id="not-a-time"),
        pytest.param(cursor("2026-01-01T00:00:00", 1), id="no-time-zone"),
        pytest.param(cursor("2026-01-01T00:00:00+00:00", "1"), id="id-is-a-string"),
        pytest.param(cursor("2026-01-01T00:00:00+00:00", True), id="id-is-a-boolean"),
        pytest.param(cursor("2026-01-01T00:00:00+00:00", 2**40), id="id-beyond-the-column"),
        pytest.param(cursor("0001-01-01T00:00:00+01:00", 1), id="before-year-1-in-utc"),
    ],
)
def test_cursor_the_api_did_not_hand_out_is_a_422(alice, bad_cursor):
    body = assert_problem(alice.get(CONTACTS, query_string={"cursor": bad_cursor}), 422, "validation_failed")
    assert_field_errors(body, "cursor")


# --- unexpected errors -----------------------------------------------------------------


def test_unexpected_exception_is_a_500_problem_without_a_traceback(make_app):
    broken = make_app(TESTING=False, PROPAGATE_EXCEPTIONS=False)

    def boom():
        raise RuntimeError("secret internals: /srv/coffeechat/service/thing.py line 42")

    broken.add_url_rule("/boom", view_func=boom)
    response = broken.test_client().get("/boom")
    body = assert_problem(response, 500, "internal_error")
    text = response.get_data(as_text=True)
    assert "Traceback" not in text
    assert "RuntimeError" not in text
    assert "secret internals" not in text
    assert set(body) == PROBLEM_MEMBERS


def test_a_database_that_was_never_migrated_is_a_500_not_an_outage(tmp_path, caplog):
    # A SQL error (no such table) is a bug or a missed `flask db upgrade`, not a 503 to retry.
    unmigrated = create_app(make_config(f"sqlite:///{tmp_path / 'empty.db'}", TESTING=False))
    response = unmigrated.test_client().post(
        "/api/v1/auth/register", json={"email": "who@example.com", "password": "long enough password", "name": "W"}
    )
    assert_problem(response, 500, "internal_error")
    assert "no such table" in caplog.text
    assert "who@example.com" not in caplog.text  # bound parameters stay out of the log
    with unmigrated.app_context():
        db.engine.dispose()


# --- conditional requests --------------------------------------------------------------


def test_stale_if_match_is_a_412_problem_and_changes_nothing(alice):
    contact = new_contact(alice)
    url = f"{CONTACTS}/{contact['id']}"
    stale = alice.get(url).headers["ETag"]
    assert alice.patch(url, json={"company": "Contoso"}).status_code == 200
    response = alice.patch(url, json={"company": "Fabrikam"}, headers={"If-Match": stale})
    assert_problem(response, 412, "precondition_failed")
    assert alice.get(url).get_json()["company"] == "Contoso"


def test_stale_if_match_on_delete_is_a_412_problem_and_deletes_nothing(alice):
    contact = new_contact(alice)
    url = f"{CONTACTS}/{contact['id']}"
    response = alice.delete(url, headers={"If-Match": '"not-the-current-etag"'})
    assert_problem(response, 412, "precondition_failed")
    assert alice.get(url).status_code == 200


def test_current_if_match_applies_the_change(alice):
    contact = new_contact(alice)
    url = f"{CONTACTS}/{contact['id']}"
    etag = alice.get(url).headers["ETag"]
    response = alice.patch(url, json={"company": "Contoso"}, headers={"If-Match": etag})
    assert response.status_code == 200
    assert response.get_json()["company"] == "Contoso"


def test_matching_if_none_match_is_a_304_without_a_body(alice):
    contact = new_contact(alice)
    url = f"{CONTACTS}/{contact['id']}"
    etag = alice.get(url).headers["ETag"]
    response = alice.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert response.get_data() == b""
    assert response.headers["ETag"] == etag


def test_if_none_match_after_a_change_returns_the_new_representation(alice):
    contact = new_contact(alice)
    url = f"{CONTACTS}/{contact['id']}"
    etag = alice.get(url).headers["ETag"]
    alice.patch(url, json={"company": "Contoso"})
    response = alice.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert response.get_json()["company"] == "Contoso"


# Base64 of JSON nested deeper than a JSON parser recurses, yet short enough for a request line.
TOO_DEEP = base64.urlsafe_b64encode(b"[" * 5000).decode().rstrip("=")


@pytest.mark.parametrize(("url", "parameter"), [(CONTACTS, "cursor"), (SYNC, "since")])
def test_an_opaque_token_nested_too_deeply_is_a_422_naming_it(alice, url, parameter):
    response = alice.get(url, query_string={parameter: TOO_DEEP})

    assert response.status_code == 422, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    assert parameter in response.get_json()["errors"]


def codes_the_service_raises() -> set[str]:
    """Every problem code written in the service: a ``code=`` of Problem or problem_response, the code of a
    401 (``_unauthorized``), and the strings a variable named ``code`` is given before it is raised."""
    found = set()
    for path in (ROOT / "service").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call):
                name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", None)
                if name in {"Problem", "problem_response"}:
                    found |= {
                        k.value.value for k in node.keywords if k.arg == "code" and isinstance(k.value, ast.Constant)
                    }
                if name == "_unauthorized" and len(node.args) > 1 and isinstance(node.args[1], ast.Constant):
                    found.add(node.args[1].value)
            if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "code" for t in node.targets):
                choices = [node.value.body, node.value.orelse] if isinstance(node.value, ast.IfExp) else [node.value]
                found |= {c.value for c in choices if isinstance(c, ast.Constant) and isinstance(c.value, str)}
    return found


def test_the_spec_lists_every_problem_code_the_service_raises_and_no_other():
    documented = set(committed_spec()["components"]["schemas"]["Problem"]["properties"]["code"]["enum"])
    raised = codes_the_service_raises()

    assert raised - documented == set(), "codes raised but missing from PROBLEM_CODES (service/errors.py)"
    assert documented - raised - set(STATUS_CODES.values()) == set(), "codes documented but never raised"
