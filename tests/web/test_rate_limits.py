"""Rate limits: strict ones on register, login and refresh; a budget per user on every authenticated request.

The suite runs with rate limits off (``make_config``); each test here builds an app with them on,
generous everywhere but in the limits it is about. Windows are an hour long, so that none ends
during a test. Redis is the real one at COFFEECHAT_TEST_REDIS_URL (default redis://127.0.0.1:6379/0).
"""

from __future__ import annotations

import os
import socket
import time
import uuid
from collections.abc import Callable, Iterator

import pytest
import redis
from flask.testing import FlaskClient
from limits.storage import MemoryStorage, RedisStorage

from service import create_app
from service.config import RATE_LIMITS, ConfigurationError
from tests.conftest import PASSWORD, make_config
from tests.factories import (
    CONTACTS,
    LOGIN,
    REFRESH,
    REGISTER,
    TOKENS,
    WEB_LOGIN,
    WEB_LOGOUT,
    WEB_REFRESH,
    committed_spec,
    operations,
)

REDIS_URL = os.environ.get("COFFEECHAT_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")

GENEROUS = {name: "1000/hour" for name in RATE_LIMITS}


def from_address(address: str) -> dict:
    return {"environ_base": {"REMOTE_ADDR": address}}


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def login(client: FlaskClient, email: str, password: str = PASSWORD, address: str = "192.0.2.1"):
    return client.post(LOGIN, json={"email": email, "password": password}, **from_address(address))


def assert_rate_limited(response, counts: str) -> None:
    assert response.status_code == 429, response.get_json()
    assert response.mimetype == "application/problem+json"
    problem = response.get_json()
    assert problem["code"] == "rate_limited"
    assert problem["detail"].startswith(f"Too many {counts}: the limit is ")


@pytest.fixture
def limited(make_app) -> Callable[..., FlaskClient]:
    """A client of an app with rate limits on: generous ones, but for those the test names."""

    def build(**settings) -> FlaskClient:
        return make_app(RATELIMIT_ENABLED=True, **{**GENEROUS, **settings}).test_client()

    return build


@pytest.fixture
def redis_prefix() -> Iterator[str]:
    """A key prefix of this test's own in the test Redis; its keys are deleted afterwards."""
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        client.close()
        pytest.skip(f"no Redis at {REDIS_URL}")
    prefix = f"coffeechat-test-{uuid.uuid4().hex}"
    yield prefix
    keys = list(client.scan_iter(match=f"*{prefix}*"))
    if keys:
        client.delete(*keys)
    client.close()


# --- login ----------------------------------------------------------------------------


def test_login_is_limited_per_client_address_whatever_the_email(limited):
    client = limited(RATELIMIT_LOGIN_PER_IP="3/hour")
    for n in range(3):
        assert login(client, f"nobody{n}@example.com").status_code == 401
    assert_rate_limited(login(client, "someone-else@example.com"), "login attempts from your network address")
    assert login(client, "someone-else@example.com", address="192.0.2.2").status_code == 401


def test_failed_logins_are_limited_per_email_from_any_address(limited, accounts):
    accounts.register(email="ana@example.com")
    client = limited(RATELIMIT_LOGIN_PER_EMAIL="2/hour")
    assert login(client, "ana@example.com", "wrong password!", address="192.0.2.1").status_code == 401
    assert login(client, "ana@example.com", "wrong password!", address="198.51.100.7").status_code == 401
    # Even the right password waits now: a guesser with many hosts gets no further.
    assert_rate_limited(login(client, "ana@example.com", address="203.0.113.9"), "failed logins for this email address")
    assert login(client, "other@example.com", "wrong password!", address="203.0.113.9").status_code == 401


def test_the_web_login_spends_the_budgets_of_the_json_login(limited, accounts):
    """Two doors, one lock: a guesser gets no more tries by alternating them."""
    accounts.register(email="ana@example.com")
    client = limited(RATELIMIT_LOGIN_PER_EMAIL="2/hour")

    def web_login(password: str, address: str):
        return client.post(WEB_LOGIN, json={"email": "ana@example.com", "password": password}, **from_address(address))

    assert login(client, "ana@example.com", "wrong password!", address="192.0.2.1").status_code == 401
    assert web_login("wrong password!", "198.51.100.7").status_code == 401
    assert_rate_limited(web_login(PASSWORD, "203.0.113.9"), "failed logins for this email address")
    assert_rate_limited(
        login(client, "ana@example.com", address="203.0.113.10"), "failed logins for this email address"
    )


def test_the_email_limit_ignores_case_and_surrounding_spaces(limited, accounts):
    accounts.register(email="ana@example.com")
    client = limited(RATELIMIT_LOGIN_PER_EMAIL="1/hour")
    assert login(client, "Ana@Example.COM", "wrong password!").status_code == 401
    assert_rate_limited(login(client, "  ana@example.com "), "failed logins for this email address")


def test_successful_logins_do_not_count_against_the_email_limit(limited, accounts):
    accounts.register(email="ana@example.com")
    client = limited(RATELIMIT_LOGIN_PER_EMAIL="2/hour")
    for address in ("192.0.2.1", "192.0.2.2", "192.0.2.3"):
        assert login(client, "ana@example.com", address=address).status_code == 200


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        ("{not json", "application/json", 400),
        ("[" * 100_000 + "]" * 100_000, "application/json", 400),
        ('{"email": "ana@example.com", "password": "x"}', "text/plain", 415),
        ('{"password": "correct horse battery"}', "application/json", 422),
        ('{"email": 42, "password": "correct horse battery"}', "application/json", 422),
        ('["ana@example.com"]', "application/json", 422),
    ],
)
def test_a_body_the_limits_cannot_read_gets_the_answer_it_gets_without_them(limited, body, content_type, status):
    client = limited(RATELIMIT_LOGIN_PER_EMAIL="1/hour")
    for _ in range(2):  # no email is read, so the email limit never trips
        response = client.post(LOGIN, data=body, content_type=content_type)
        assert response.status_code == status, response.get_json()
        assert response.mimetype == "application/problem+json"


def test_a_body_over_the_size_limit_is_still_a_413(limited):
    client = limited()
    response = client.post(LOGIN, data='{"email": "' + "a" * 2_000_000 + '"}', content_type="application/json")
    assert response.status_code == 413


def test_the_address_limit_counts_requests_whose_body_cannot_be_read(limited):
    client = limited(RATELIMIT_LOGIN_PER_IP="2/hour")
    assert client.post(LOGIN, data="{not json", content_type="application/json").status_code == 400
    assert client.post(LOGIN, data="{not json", content_type="application/json").status_code == 400
    assert_rate_limited(
        client.post(LOGIN, data="{not json", content_type="application/json"),
        "login attempts from your network address",
    )


# --- register and refresh -------------------------------------------------------------


def register(client: FlaskClient, email: str, address: str = "192.0.2.1"):
    return client.post(REGISTER, json={"email": email, "password": PASSWORD, "name": "N"}, **from_address(address))


def test_register_is_limited_per_client_address(limited):
    client = limited(RATELIMIT_REGISTER_PER_IP="2/hour")
    assert register(client, "one@example.com").status_code == 201
    assert register(client, "two@example.com").status_code == 201
    assert_rate_limited(register(client, "three@example.com"), "registrations from your network address")
    assert register(client, "three@example.com", address="192.0.2.2").status_code == 201


def test_register_is_limited_per_email_from_any_address(limited):
    client = limited(RATELIMIT_REGISTER_PER_EMAIL="2/hour")
    assert register(client, "ana@example.com", address="192.0.2.1").status_code == 201
    assert register(client, "ANA@example.com", address="192.0.2.2").status_code == 409
    assert_rate_limited(
        register(client, "ana@example.com", address="192.0.2.3"), "registrations for this email address"
    )


def reset(client: FlaskClient, email: str, address: str = "192.0.2.1"):
    return client.post("/api/v1/auth/password-reset", json={"email": email}, **from_address(address))


def test_password_resets_are_limited_per_client_address(limited):
    client = limited(RATELIMIT_RESET_PER_IP="2/hour")
    assert reset(client, "one@example.com").status_code == 202
    assert reset(client, "two@example.com").status_code == 202
    assert_rate_limited(reset(client, "three@example.com"), "password reset requests from your network address")


def test_password_resets_are_limited_per_email_from_any_address(limited):
    client = limited(RATELIMIT_RESET_PER_EMAIL="2/hour")
    assert reset(client, "ana@example.com", address="192.0.2.1").status_code == 202
    assert reset(client, " ANA@example.com", address="192.0.2.2").status_code == 202
    assert_rate_limited(
        reset(client, "ana@example.com", address="192.0.2.3"), "password reset requests for this email address"
    )


def test_refresh_is_limited_per_client_address_before_the_token_is_checked(limited, alice):
    client = limited(RATELIMIT_REFRESH_PER_IP="2/hour")
    assert client.post(REFRESH, headers=bearer(alice.refresh_token)).status_code == 200
    assert client.post(REFRESH, headers=bearer("not-a-token")).status_code == 401
    assert_rate_limited(
        client.post(REFRESH, headers=bearer(alice.refresh_token)), "token refreshes from your network address"
    )
    assert client.post(REFRESH, headers=bearer(alice.refresh_token), **from_address("192.0.2.2")).status_code == 200


def test_the_web_logins_refreshes_count_with_the_json_refreshes_per_client_address(limited, alice):
    client = limited(RATELIMIT_REFRESH_PER_IP="2/hour")
    assert client.post(REFRESH, headers=bearer(alice.refresh_token)).status_code == 200
    assert client.post(WEB_REFRESH, headers={"X-CSRF-TOKEN": "not-the-cookies"}).status_code == 401
    assert_rate_limited(
        client.post(WEB_LOGOUT, headers={"X-CSRF-TOKEN": "x"}), "token refreshes from your network address"
    )


# --- the 429 ----------------------------------------------------------------------------


def test_the_429_is_a_problem_document_that_says_when_to_retry(limited):
    client = limited(RATELIMIT_LOGIN_PER_IP="1/minute")
    login(client, "nobody@example.com")
    response = login(client, "nobody@example.com")
    assert_rate_limited(response, "login attempts from your network address")
    problem = response.get_json()
    retry_after = int(response.headers["Retry-After"])
    assert 0 < retry_after <= 60
    assert problem["detail"] == (
        "Too many login attempts from your network address: the limit is 1 per 1 minute. "
        f"Retry after {retry_after} seconds."
    )
    assert (problem["title"], problem["status"], problem["instance"]) == ("Too Many Requests", 429, LOGIN)
    assert response.headers["X-RateLimit-Limit"] == response.headers["RateLimit-Limit"] == "1"
    assert response.headers["X-RateLimit-Remaining"] == response.headers["RateLimit-Remaining"] == "0"
    assert int(response.headers["X-RateLimit-Reset"]) > time.time()
    assert 0 < int(response.headers["RateLimit-Reset"]) <= 60
    assert response.headers["RateLimit-Policy"] == "1;w=60"


def test_limited_answers_say_how_much_is_left_but_no_retry_after(limited, alice):
    client = limited(RATELIMIT_PER_USER="5/hour")
    first = client.get(CONTACTS, headers=alice.headers)
    second = client.get(CONTACTS, headers=alice.headers)
    assert first.status_code == 200
    assert (first.headers["X-RateLimit-Limit"], first.headers["X-RateLimit-Remaining"]) == ("5", "4")
    assert (first.headers["RateLimit-Limit"], first.headers["RateLimit-Remaining"]) == ("5", "4")
    assert first.headers["RateLimit-Policy"] == "5;w=3600"
    assert second.headers["X-RateLimit-Remaining"] == second.headers["RateLimit-Remaining"] == "3"
    assert "Retry-After" not in first.headers


def test_browsers_may_read_the_rate_limit_headers(limited, alice):
    client = limited(CORS_ORIGINS=["https://app.example.com"])
    response = client.get(CONTACTS, headers={**alice.headers, "Origin": "https://app.example.com"})
    exposed = {h.strip().lower() for h in response.headers["Access-Control-Expose-Headers"].split(",")}
    assert {"retry-after", "x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset"} <= exposed
    assert {"ratelimit-limit", "ratelimit-remaining", "ratelimit-reset", "ratelimit-policy"} <= exposed


# --- the budget per user ----------------------------------------------------------------


def test_every_authenticated_request_counts_against_a_budget_per_user(limited, alice, bob):
    client = limited(RATELIMIT_PER_USER="3/hour")
    assert client.get(CONTACTS, headers=alice.headers).status_code == 200
    assert client.post(CONTACTS, json={"name": "Priya"}, headers=alice.headers).status_code == 201
    assert client.get("/api/v1/me", headers=alice.headers).status_code == 200
    assert_rate_limited(client.get(CONTACTS, headers=alice.headers), "requests with your credentials")
    assert client.get(CONTACTS, headers=bob.headers).status_code == 200


def test_a_new_login_does_not_renew_the_budget(limited, alice):
    client = limited(RATELIMIT_PER_USER="2/hour")
    client.get(CONTACTS, headers=alice.headers)
    client.get(CONTACTS, headers=alice.headers)
    again = login(client, alice.email)
    assert again.status_code == 200  # no bearer token: the budget does not apply to login
    assert_rate_limited(
        client.get(CONTACTS, headers=bearer(again.get_json()["access_token"])), "requests with your credentials"
    )


def test_one_user_counts_as_one_from_any_address(limited, alice):
    client = limited(RATELIMIT_PER_USER="1/hour")
    assert client.get(CONTACTS, headers=alice.headers, **from_address("192.0.2.1")).status_code == 200
    assert client.get(CONTACTS, headers=alice.headers, **from_address("192.0.2.2")).status_code == 429


def test_each_personal_access_token_has_a_budget_of_its_own(limited, alice):
    client = limited(RATELIMIT_PER_USER="1/hour")
    first, second = (alice.post(TOKENS, json={"name": name, "scopes": ["read"]}).get_json()["token"] for name in "ab")
    assert client.get(CONTACTS, headers=bearer(first)).status_code == 200
    assert client.get(CONTACTS, headers=bearer(second)).status_code == 200
    assert client.get(CONTACTS, headers=bearer(first), **from_address("192.0.2.2")).status_code == 429


def test_a_token_that_does_not_decode_counts_against_the_client_address(limited):
    client = limited(RATELIMIT_PER_USER="2/hour")
    assert client.get(CONTACTS, headers=bearer("garbage")).status_code == 401
    assert client.get(CONTACTS, headers=bearer("other-garbage")).status_code == 401
    assert client.get(CONTACTS, headers=bearer("more-garbage")).status_code == 429
    assert client.get(CONTACTS, headers=bearer("garbage"), **from_address("192.0.2.2")).status_code == 401


def test_a_forged_token_does_not_spend_its_users_budget(limited, alice):
    client = limited(RATELIMIT_PER_USER="1/hour")
    header, payload, _ = alice.access_token.split(".")
    forged = f"{header}.{payload}.{'A' * 43}"
    assert client.get(CONTACTS, headers=bearer(forged), **from_address("192.0.2.66")).status_code == 401
    assert client.get(CONTACTS, headers=alice.headers).status_code == 200


def test_requests_without_a_token_are_not_limited(limited):
    client = limited(RATELIMIT_PER_USER="1/hour")
    for _ in range(3):
        response = client.get(CONTACTS)
        assert response.status_code == 401
        assert "X-RateLimit-Limit" not in response.headers and "RateLimit-Limit" not in response.headers


@pytest.mark.parametrize("probe", ["/healthz", "/readyz"])
def test_health_probes_are_never_limited(limited, alice, probe):
    client = limited(RATELIMIT_PER_USER="1/hour")
    for _ in range(3):
        response = client.get(probe, headers=alice.headers)
        assert response.status_code == 200
        assert "X-RateLimit-Limit" not in response.headers and "RateLimit-Limit" not in response.headers


# --- client addresses ---------------------------------------------------------------------


def test_ipv6_clients_count_by_their_64_block(limited):
    client = limited(RATELIMIT_LOGIN_PER_IP="2/hour")
    assert login(client, "a@example.com", address="2001:db8:1:2::1").status_code == 401
    assert login(client, "a@example.com", address="2001:db8:1:2:ffff::9").status_code == 401
    assert login(client, "a@example.com", address="2001:db8:1:2::77").status_code == 429
    assert login(client, "a@example.com", address="2001:db8:1:3::1").status_code == 401


def test_x_forwarded_for_is_ignored_unless_proxies_are_trusted(limited):
    client = limited(RATELIMIT_LOGIN_PER_IP="1/hour")
    login(client, "a@example.com")
    spoofed = client.post(
        LOGIN,
        json={"email": "a@example.com", "password": PASSWORD},
        headers={"X-Forwarded-For": "203.0.113.5"},
        **from_address("192.0.2.1"),
    )
    assert spoofed.status_code == 429


def test_behind_trusted_proxies_the_client_address_comes_from_x_forwarded_for(limited):
    client = limited(RATELIMIT_LOGIN_PER_IP="1/hour", TRUSTED_PROXY_COUNT=1)

    def via_proxy(forwarded_for: str):
        return client.post(
            LOGIN,
            json={"email": "a@example.com", "password": PASSWORD},
            headers={"X-Forwarded-For": forwarded_for},
            **from_address("10.0.0.2"),
        )

    assert via_proxy("203.0.113.5").status_code == 401
    assert via_proxy("203.0.113.6").status_code == 401  # another client behind the same proxy
    assert via_proxy("203.0.113.5").status_code == 429
    # With one proxy trusted, only the address it appended counts, not what the client claims before it.
    assert via_proxy("198.51.100.1, 203.0.113.5").status_code == 429


# --- storage ------------------------------------------------------------------------------


def test_without_redis_the_counts_are_kept_in_memory(make_app):
    app = make_app(RATELIMIT_ENABLED=True)
    assert app.config["RATELIMIT_STORAGE_URI"] == "memory://"
    assert isinstance(app.extensions["rate_limits"].storage, MemoryStorage)


def test_apps_counting_in_memory_count_apart(limited):
    first, second = limited(RATELIMIT_LOGIN_PER_IP="1/hour"), limited(RATELIMIT_LOGIN_PER_IP="1/hour")
    assert login(first, "a@example.com").status_code == 401
    assert login(second, "a@example.com").status_code == 401
    assert login(first, "a@example.com").status_code == 429


def test_apps_on_one_redis_share_one_budget(limited, redis_prefix, alice):
    settings = {"REDIS_URL": REDIS_URL, "RATELIMIT_KEY_PREFIX": redis_prefix, "RATELIMIT_LOGIN_PER_IP": "2/hour"}
    first, second = limited(**settings), limited(**settings)
    assert isinstance(first.application.extensions["rate_limits"].storage, RedisStorage)
    assert login(first, "a@example.com").status_code == 401
    assert login(second, "a@example.com").status_code == 401
    assert_rate_limited(login(first, "a@example.com"), "login attempts from your network address")
    assert_rate_limited(login(second, "a@example.com"), "login attempts from your network address")
    # The budget per user too.
    first, second = limited(**settings, RATELIMIT_PER_USER="1/hour"), limited(**settings, RATELIMIT_PER_USER="1/hour")
    assert first.get(CONTACTS, headers=alice.headers).status_code == 200
    assert second.get(CONTACTS, headers=alice.headers).status_code == 429


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_with_redis_down_requests_are_served_and_still_limited(limited, alice):
    client = limited(REDIS_URL=f"redis://127.0.0.1:{_closed_port()}/0", RATELIMIT_LOGIN_PER_IP="2/hour")
    assert client.get(CONTACTS, headers=alice.headers).status_code == 200
    assert login(client, "a@example.com").status_code == 401
    assert login(client, "a@example.com").status_code == 401
    assert_rate_limited(login(client, "a@example.com"), "login attempts from your network address")


# --- configuration and documentation --------------------------------------------------


def test_rate_limits_are_on_unless_switched_off(monkeypatch):
    monkeypatch.delenv("RATELIMIT_ENABLED", raising=False)
    config = make_config("sqlite://")
    del config["RATELIMIT_ENABLED"]
    assert "rate_limits" in create_app(config).extensions
    monkeypatch.setenv("RATELIMIT_ENABLED", "false")
    assert "rate_limits" not in create_app(config).extensions


def test_a_limit_that_does_not_parse_refuses_to_start():
    with pytest.raises(ConfigurationError, match="RATELIMIT_LOGIN_PER_IP"):
        create_app(make_config("sqlite://", RATELIMIT_LOGIN_PER_IP="ten a minute"))


def test_an_empty_limit_switches_that_limit_off(limited):
    client = limited(RATELIMIT_LOGIN_PER_IP="")
    for _ in range(3):
        assert login(client, "a@example.com").status_code == 401


def test_the_spec_documents_the_429_of_every_limited_operation():
    spec = committed_spec()
    limited_operations = {
        name: operation
        for name, operation in operations(spec)
        if operation.get("security") or name in {f"POST {REGISTER}", f"POST {LOGIN}", f"POST {REFRESH}"}
    }
    assert len(limited_operations) > 3
    assert [name for name, operation in limited_operations.items() if "429" not in operation["responses"]] == []


def test_an_email_no_key_can_be_made_of_still_counts_in_redis(limited, redis_prefix):
    # A key function that raised would make Flask-Limiter give up on Redis and count in memory.
    # (The email limit has the shorter window, so it is checked first.)
    settings = {
        "REDIS_URL": REDIS_URL,
        "RATELIMIT_KEY_PREFIX": redis_prefix,
        "RATELIMIT_LOGIN_PER_IP": "1/hour",
        "RATELIMIT_LOGIN_PER_EMAIL": "5/minute",
    }
    first, second = limited(**settings), limited(**settings)
    lone_surrogate = first.post(
        LOGIN, data='{"email": "\\ud800@example.com"}', content_type="application/json", **from_address("192.0.2.1")
    )
    assert lone_surrogate.status_code == 422
    assert_rate_limited(login(second, "a@example.com"), "login attempts from your network address")
