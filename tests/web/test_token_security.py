"""Every route but a few public ones needs a token, and every bad token is a 401 problem."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import time
import uuid

import pytest

from tests.conftest import PASSWORD
from tests.factories import LOGOUT, ME, REFRESH

OTHER_SECRET = "another-secret-that-is-also-long-enough-0123456789"

# Routes that answer without a token; everything else must demand one.
PUBLIC_ROUTES = {
    "/healthz",
    "/readyz",
    "/openapi.json",
    "/openapi.yaml",
    "/api/v1/auth/register",
    "/api/v1/auth/login",
    "/api/v1/auth/web/login",
    # The calendar subscription: calendar apps cannot send a token, the URL is the secret.
    "/calendar/<token>.ics",
    # A new password and a verified address: the link's token (emailed) says whose.
    "/api/v1/auth/password-reset",
    "/api/v1/auth/password-reset/confirm",
    "/api/v1/auth/verify-email",
    # A reminder email's "stop these emails" page: the link's signed token says whose.
    "/email/unsubscribe/<unsubscribe_token>",
}
# The docs, and the app's page and files (its data comes from the API, with the login's token).
PUBLIC_PREFIXES = ("/docs", "/app")


def is_public(rule) -> bool:
    return rule.rule in PUBLIC_ROUTES or rule.rule.startswith(PUBLIC_PREFIXES)


def sample_path(rule) -> str:
    """The rule's path with a plausible value for each variable part."""
    path = re.sub(r"<int:[^>]+>", "1", rule.rule)
    path = re.sub(r"<uuid:[^>]+>", str(uuid.UUID(int=1)), path)
    return re.sub(r"<[^>]+>", "x", path)


def assert_unauthorized(response, code: str) -> dict:
    """A 401 problem document with a Bearer challenge, carrying ``code``."""
    assert response.status_code == 401, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    body = response.get_json()
    assert body["status"] == 401
    assert body["title"] == "Unauthorized"
    assert body["code"] == code
    assert body["instance"] == response.request.path
    assert body["detail"]
    return body


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


# --- hand-made tokens -----------------------------------------------------------------


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def claims_of(token: str) -> dict:
    """The payload of a JWT, read without checking anything."""
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def compact(header: dict, claims: dict, signature: bytes = b"") -> str:
    signing_input = f"{b64url(json.dumps(header).encode())}.{b64url(json.dumps(claims).encode())}"
    return f"{signing_input}.{b64url(signature)}"


def hmac_token(claims: dict, secret: str, *, alg: str = "HS256") -> str:
    """A JWT signed with HMAC under ``secret``, with ``alg`` written in its header."""
    digest = {"HS256": hashlib.sha256, "HS512": hashlib.sha512, "RS256": hashlib.sha256}[alg]
    unsigned = compact({"alg": alg, "typ": "JWT"}, claims).rsplit(".", 1)[0]
    signature = hmac.new(secret.encode(), unsigned.encode(), digest).digest()
    return f"{unsigned}.{b64url(signature)}"


@pytest.fixture
def secret(app) -> str:
    return app.config["JWT_SECRET_KEY"]


# --- (a) every route outside the allowlist needs a token ------------------------------


def test_every_route_but_the_public_ones_answers_401_without_a_token(app, client):
    guarded = [
        (method, sample_path(rule))
        for rule in app.url_map.iter_rules()
        if not is_public(rule)
        for method in sorted(rule.methods - {"OPTIONS"})
    ]
    # The walk must really cover the API, or it proves nothing.
    assert {
        ("GET", ME),
        ("DELETE", ME),
        ("POST", "/api/v1/contacts"),
        ("PATCH", "/api/v1/contacts/1"),
        ("POST", REFRESH),
        ("POST", LOGOUT),
    } <= set(guarded)

    failures = []
    for method, path in guarded:
        response = client.open(path, method=method)
        challenge = response.headers.get("WWW-Authenticate", "")
        wrong = (
            response.status_code != 401
            or response.mimetype != "application/problem+json"
            or not challenge.startswith("Bearer")
            or (method != "HEAD" and response.get_json().get("code") != "token_missing")
        )
        if wrong:
            failures.append(
                f"{method} {path}: {response.status_code} {challenge!r} {response.get_data(as_text=True)[:200]}"
            )
    assert failures == []


def test_head_without_a_token_is_401_without_a_body(client):
    response = client.head(ME)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert response.get_data() == b""


def test_public_routes_answer_without_a_token(app, client):
    public = [rule for rule in app.url_map.iter_rules() if is_public(rule)]
    assert {rule.rule for rule in public} >= PUBLIC_ROUTES
    for rule in public:
        method = "GET" if "GET" in rule.methods else "POST"
        # Read whole and closed, as a WSGI server closes it: the app's files are sent from disk.
        response = client.open(sample_path(rule), method=method, json={} if method == "POST" else None, buffered=True)
        assert response.status_code != 401, f"{method} {rule.rule}"


def test_options_needs_no_token_and_answers_only_the_allowed_methods(app, client):
    # CORS preflights carry no Authorization header, so OPTIONS must not demand one.
    routes = app.url_map.bind("localhost")
    for rule in app.url_map.iter_rules():
        path = sample_path(rule)
        response = client.options(path)
        assert response.status_code == 200, rule.rule
        assert response.get_data() == b""
        # A path's methods, over every rule that matches it (/app/share: the share target's POST, the page's GET).
        allowed = set(routes.allowed_methods(path)) | {"OPTIONS"}
        assert set(response.headers["Allow"].replace(" ", "").split(",")) == allowed, rule.rule


# --- (b) every token failure is a 401 problem with a Bearer challenge -----------------


def test_missing_token_is_401_token_missing_with_a_bare_challenge(client):
    response = client.get(ME)
    assert_unauthorized(response, "token_missing")
    # RFC 6750, 3.1: no error code when the request carried no credentials.
    assert response.headers["WWW-Authenticate"] == "Bearer"


def test_basic_credentials_are_401_token_missing(client):
    credentials = base64.b64encode(f"ana@example.com:{PASSWORD}".encode()).decode()
    response = client.get(ME, headers={"Authorization": f"Basic {credentials}"})
    assert_unauthorized(response, "token_missing")


def test_token_in_the_query_string_is_not_accepted(client, alice):
    response = client.get(ME, query_string={"jwt": alice.access_token, "access_token": alice.access_token})
    assert_unauthorized(response, "token_missing")


@pytest.mark.parametrize("authorization", ["Bearer abc", "Bearer", "Bearer ", "Bearer a.b.c", "Bearer one two"])
def test_malformed_token_is_401_token_invalid(client, authorization):
    response = client.get(ME, headers={"Authorization": authorization})
    assert_unauthorized(response, "token_invalid")
    assert response.headers["WWW-Authenticate"] == 'Bearer error="invalid_token"'


def test_expired_access_token_is_401_token_expired(client, alice, secret):
    claims = claims_of(alice.access_token) | {"exp": int(time.time()) - 60}
    response = client.get(ME, headers=bearer(hmac_token(claims, secret)))
    body = assert_unauthorized(response, "token_expired")
    assert "refresh" in body["detail"]


def test_expired_refresh_token_is_401_token_expired(client, alice, secret):
    claims = claims_of(alice.refresh_token) | {"exp": int(time.time()) - 60}
    response = client.post(REFRESH, headers=bearer(hmac_token(claims, secret)))
    assert_unauthorized(response, "token_expired")


def test_token_not_yet_valid_is_401_token_invalid(client, alice, secret):
    claims = claims_of(alice.access_token) | {"nbf": int(time.time()) + 3600}
    response = client.get(ME, headers=bearer(hmac_token(claims, secret)))
    assert_unauthorized(response, "token_invalid")


def test_a_re_signed_copy_of_a_real_token_is_accepted(client, alice, secret):
    # The control for the forgeries below: the hand-made signing is right.
    response = client.get(ME, headers=bearer(hmac_token(claims_of(alice.access_token), secret)))
    assert response.status_code == 200
    assert response.get_json()["id"] == alice.id


def test_token_signed_with_another_secret_is_401_token_invalid(client, alice):
    response = client.get(ME, headers=bearer(hmac_token(claims_of(alice.access_token), OTHER_SECRET)))
    assert_unauthorized(response, "token_invalid")


def test_tampered_claims_with_the_original_signature_are_401_token_invalid(client, alice, bob):
    header, _, signature = alice.access_token.split(".")
    payload = b64url(json.dumps(claims_of(alice.access_token) | {"sub": str(bob.id)}).encode())
    response = client.get(ME, headers=bearer(f"{header}.{payload}.{signature}"))
    assert_unauthorized(response, "token_invalid")


@pytest.mark.parametrize("alg", ["none", "None", "NONE"])
def test_unsigned_alg_none_token_is_401_token_invalid(client, alice, alg):
    token = compact({"alg": alg, "typ": "JWT"}, claims_of(alice.access_token))
    response = client.get(ME, headers=bearer(token))
    assert_unauthorized(response, "token_invalid")


@pytest.mark.parametrize("alg", ["HS512", "RS256"])
def test_token_with_another_algorithm_is_401_token_invalid(client, alice, secret, alg):
    # Signed with the app's own secret: only the algorithm is wrong (RS256 is the key-confusion attack).
    response = client.get(ME, headers=bearer(hmac_token(claims_of(alice.access_token), secret, alg=alg)))
    assert_unauthorized(response, "token_invalid")


def test_refresh_token_used_as_an_access_token_is_401_token_invalid(client, alice):
    response = client.get(ME, headers=bearer(alice.refresh_token))
    assert_unauthorized(response, "token_invalid")


def test_access_token_used_to_refresh_is_401_token_invalid(client, alice):
    response = client.post(REFRESH, headers=bearer(alice.access_token))
    assert_unauthorized(response, "token_invalid")


def test_after_logout_the_access_token_is_401_token_revoked(client, alice):
    assert alice.post(LOGOUT).status_code == 204
    assert_unauthorized(client.get(ME, headers=bearer(alice.access_token)), "token_revoked")


def test_after_logout_the_refresh_token_is_401_token_revoked(client, alice):
    assert alice.post(LOGOUT).status_code == 204
    assert_unauthorized(client.post(REFRESH, headers=bearer(alice.refresh_token)), "token_revoked")


def test_logout_ends_only_that_login(client, accounts, alice):
    second_login = accounts.login(alice.email)
    assert alice.post(LOGOUT).status_code == 204
    assert client.get(ME, headers=bearer(second_login["access_token"])).status_code == 200


def test_tokens_of_a_deleted_account_are_401_token_revoked(client, alice):
    response = alice.delete(ME, json={"password": alice.password})
    assert response.status_code == 204
    assert_unauthorized(client.get(ME, headers=bearer(alice.access_token)), "token_revoked")
    assert_unauthorized(client.post(REFRESH, headers=bearer(alice.refresh_token)), "token_revoked")


def test_token_without_a_session_id_is_401_token_revoked(client, alice, secret):
    claims = claims_of(alice.access_token)
    del claims["sid"]
    assert_unauthorized(client.get(ME, headers=bearer(hmac_token(claims, secret))), "token_revoked")


@pytest.mark.parametrize(
    "sid",
    [str(uuid.uuid4()), "", 12345, None, ["x"], "x" * 1000],
    ids=["unknown", "empty", "a-number", "null", "a-list", "very-long"],
)
def test_token_with_an_unknown_session_id_is_401_token_revoked(client, alice, secret, sid):
    claims = claims_of(alice.access_token) | {"sid": sid}
    assert_unauthorized(client.get(ME, headers=bearer(hmac_token(claims, secret))), "token_revoked")


def test_token_carrying_another_users_session_is_401_token_revoked(client, alice, bob, secret):
    claims = claims_of(alice.access_token) | {"sid": claims_of(bob.access_token)["sid"]}
    assert_unauthorized(client.get(ME, headers=bearer(hmac_token(claims, secret))), "token_revoked")


def test_refresh_token_with_a_forged_session_id_is_401_token_revoked(client, alice, secret):
    claims = claims_of(alice.refresh_token) | {"sid": str(uuid.uuid4())}
    assert_unauthorized(client.post(REFRESH, headers=bearer(hmac_token(claims, secret))), "token_revoked")


@pytest.mark.parametrize(
    "sub, code",
    [(None, "token_invalid"), (1, "token_invalid"), ("not-a-number", "token_revoked"), ("", "token_revoked")],
)
def test_token_with_a_subject_that_is_not_its_sessions_user_is_401(client, alice, secret, sub, code):
    # A non-string subject breaks the JWT rules; a string one does not match the session's user.
    claims = claims_of(alice.access_token) | {"sub": sub}
    assert_unauthorized(client.get(ME, headers=bearer(hmac_token(claims, secret))), code)
