"""The secret feed URL is never built on a host nobody vouched for.

With ``PUBLIC_URL`` set (required in production) the URL starts with it. Without it (development)
the host the request names is taken only when it is a loopback name or one of ``FEED_URL_HOSTS``:
a forged ``Host`` header must not have the service hand a user a URL that sends their calendar's
secret to someone else's server.
"""

from __future__ import annotations

import pytest

from tests.factories import FEED, assert_problem, created


def make_feed(client, account, host: str):
    return client.post(FEED, headers={**account.headers, "Host": host})


@pytest.mark.parametrize("host", ["localhost", "localhost:8000", "127.0.0.1:9000", "[::1]:8000", "LocalHost:5000"])
def test_a_loopback_host_makes_the_feed_url(client, alice, host):
    link = created(make_feed(client, alice, host))
    assert link["url"].startswith(f"http://{host.lower()}/calendar/")


@pytest.mark.parametrize("host", ["evil.example", "localhost.evil.example", "127.0.0.1.evil.example:8000"])
def test_another_host_gets_no_feed_url_and_keeps_the_old_one(client, alice, host):
    first = created(make_feed(client, alice, "localhost"))

    problem = assert_problem(make_feed(client, alice, host), 400, "untrusted_host")

    assert "PUBLIC_URL" in problem["detail"] and "FEED_URL_HOSTS" in problem["detail"]
    path = first["url"].removeprefix("http://localhost")
    assert client.get(path).status_code == 200  # the URL made before still works


def test_a_host_named_in_feed_url_hosts_makes_the_feed_url(make_app, accounts):
    other = make_app(FEED_URL_HOSTS=["coffeechat.lan", "[fd00::1]"])
    account = accounts.new()
    for host in ("coffeechat.lan:8000", "[fd00::1]:8000"):
        assert created(make_feed(other.test_client(), account, host))["url"].startswith(f"http://{host}/calendar/")


def test_public_url_is_used_whatever_host_the_request_names(make_app, accounts):
    other = make_app(PUBLIC_URL="https://coffeechat.example.com")
    link = created(make_feed(other.test_client(), accounts.new(), "evil.example"))
    assert link["url"].startswith("https://coffeechat.example.com/calendar/")
