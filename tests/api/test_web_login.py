"""The web login: the app's refresh token is a cookie no script can read, and each use of it proves
with the double-submit CSRF token that the request comes from a page of this origin."""

from __future__ import annotations

from http.cookies import SimpleCookie

import pytest

from tests.conftest import PASSWORD
from tests.factories import LOGIN, ME, SESSIONS, WEB_LOGIN, WEB_LOGOUT, WEB_REFRESH, assert_problem

REFRESH_COOKIE = "refresh_token_cookie"
CSRF_COOKIE = "csrf_refresh_token"
WEB_PATH = "/api/v1/auth/web"  # the refresh cookie's path


def set_cookies(response) -> dict[str, dict]:
    """The cookies a response sets, by name: their value and attributes (lower-case names)."""
    found = {}
    for header in response.headers.getlist("Set-Cookie"):
        cookie = SimpleCookie()
        cookie.load(header)
        for name, morsel in cookie.items():
            attributes = {key: value for key, value in morsel.items() if value}
            flags = {part.strip().lower() for part in header.split(";")[1:] if "=" not in part}
            found[name] = {"value": morsel.value, **attributes, **{flag: True for flag in flags}}
    return found


def web_login(client, account):
    response = client.post(WEB_LOGIN, json={"email": account.email, "password": PASSWORD})
    assert response.status_code == 200, response.get_json()
    return response


def csrf(client) -> dict:
    return {"X-CSRF-TOKEN": client.get_cookie(CSRF_COOKIE).value}


def test_the_refresh_token_is_an_httponly_strict_cookie_for_the_web_login_routes_only(client, alice):
    response = web_login(client, alice)

    assert set(response.get_json()) == {"access_token", "token_type", "expires_in"}
    assert response.headers["Cache-Control"] == "no-store"
    cookies = set_cookies(response)
    refresh = cookies[REFRESH_COOKIE]
    assert refresh["httponly"] and refresh["secure"]
    assert refresh["samesite"] == "Strict" and refresh["path"] == WEB_PATH
    assert refresh["max-age"] == str(30 * 24 * 3600)  # as long as the refresh token: the app stays logged in
    # The CSRF token is readable by the page (no HttpOnly), and sent nowhere else.
    assert "httponly" not in cookies[CSRF_COOKIE] and cookies[CSRF_COOKIE]["samesite"] == "Strict"
    assert client.get(ME, headers={"Authorization": f"Bearer {response.get_json()['access_token']}"}).status_code == 200


def test_the_json_login_of_apps_and_scripts_sets_no_cookie(client, alice):
    response = client.post(LOGIN, json={"email": alice.email, "password": PASSWORD})

    assert response.status_code == 200 and "refresh_token" in response.get_json()
    assert "Set-Cookie" not in response.headers


def test_a_wrong_password_sets_no_cookie(client, alice):
    response = client.post(WEB_LOGIN, json={"email": alice.email, "password": "not the password"})

    assert_problem(response, 401, "invalid_credentials")
    assert "Set-Cookie" not in response.headers


def test_the_cookie_and_its_csrf_token_give_a_new_access_token_and_a_new_cookie(client, alice):
    first = web_login(client, alice)
    old_cookie = client.get_cookie(REFRESH_COOKIE, path=WEB_PATH).value

    response = client.post(WEB_REFRESH, headers=csrf(client))

    assert response.status_code == 200, response.get_json()
    assert response.get_json()["access_token"] != first.get_json()["access_token"]
    assert set_cookies(response)[REFRESH_COOKIE]["value"] != old_cookie
    assert client.get(ME, headers={"Authorization": f"Bearer {response.get_json()['access_token']}"}).status_code == 200


@pytest.mark.parametrize("header", [{}, {"X-CSRF-TOKEN": "another-pages-guess"}], ids=["missing", "wrong"])
def test_without_the_csrf_token_the_cookie_is_refused_and_kept(client, alice, header):
    """Another site's page can make the browser send the cookie, but cannot read the CSRF token."""
    web_login(client, alice)

    response = client.post(WEB_REFRESH, headers=header)

    assert_problem(response, 401, "csrf_failed" if header else None)
    assert "Set-Cookie" not in response.headers  # no other site can log the app out either
    assert client.post(WEB_REFRESH, headers=csrf(client)).status_code == 200


def test_logging_out_ends_the_login_and_clears_both_cookies(client, alice):
    access_token = web_login(client, alice).get_json()["access_token"]

    response = client.post(WEB_LOGOUT, headers=csrf(client))

    assert response.status_code == 204
    cleared = set_cookies(response)
    assert cleared[REFRESH_COOKIE]["value"] == "" and cleared[CSRF_COOKIE]["value"] == ""
    assert_problem(client.get(ME, headers={"Authorization": f"Bearer {access_token}"}), 401, "token_revoked")


def test_a_cookie_of_an_ended_login_is_refused_and_cleared(client, alice):
    web_login(client, alice)
    headers = csrf(client)
    stale = client.get_cookie(REFRESH_COOKIE, path=WEB_PATH).value
    assert client.post(WEB_LOGOUT, headers=headers).status_code == 204
    client.set_cookie(REFRESH_COOKIE, stale, path=WEB_PATH)

    response = client.post(WEB_REFRESH, headers=headers)

    assert_problem(response, 401, "token_revoked")
    assert set_cookies(response)[REFRESH_COOKIE]["value"] == ""


def test_without_a_web_login_refresh_says_how_to_log_in(client):
    body = assert_problem(client.post(WEB_REFRESH, headers={"X-CSRF-TOKEN": "x"}), 401, "token_missing")

    assert "/api/v1/auth/web/login" in body["detail"]


def test_a_web_login_is_a_device_session_like_any_other(client, alice):
    web_login(client, alice)

    devices = client.get(SESSIONS, headers=alice.headers).get_json()["items"]

    assert len(devices) == 2 and sum(device["current"] for device in devices) == 1
