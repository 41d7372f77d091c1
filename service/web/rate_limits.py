"""Rate limits, with Flask-Limiter: strict where passwords are tried and tokens minted, a budget per user.

What is limited, and by which key (the limits are settings, ``service.config.RATE_LIMITS``):

- ``POST /auth/login`` and ``POST /auth/web/login``, together: every attempt per client address
  (each costs an argon2 hash), and failed attempts (401) per email address. Once an address's failures are used up, even the right
  password waits for the window to pass: that is what stops a guesser working from many hosts.
- ``PATCH /me`` with ``current_password`` and ``DELETE /me``, which check the password: wrong
  passwords, with the same limits, per account and per client address (shared by the two).
- ``POST /auth/register``: every attempt per client address and per email address.
- ``POST /auth/refresh``, ``POST /auth/web/refresh`` and ``POST /auth/web/logout``, together: per
  client address.
- Every request with a bearer token, on every endpoint: a budget per user, ``user:<id>`` of a
  login's JWT or ``pat:<sha256>`` of a personal access token, once ``service.web.auth`` has accepted
  it (the view then asks no more). A credential refused (malformed, forged, expired, logged out,
  revoked, unknown) spends no one's budget: it counts against its client address.
- Requests without a token are not limited elsewhere: they are answered cheaply (401, 404, docs),
  and calendar apps fetch the feeds of many users from a few shared addresses. Health probes
  are never limited.

A client address is ``request.remote_addr`` (X-Forwarded-For only with ``TRUSTED_PROXY_COUNT``); an
IPv6 client counts by its /64, the block one subscriber usually holds whole. Email addresses are
counted in their one written form (``service.accounts.emails``: look-alike spellings count as one)
and hashed, so that none is written to Redis.

Counts live in memory by default, per process; with ``REDIS_URL`` in Redis, shared by every
worker and host. With Redis down, requests are still served: each process counts in memory with
the same limits and goes back to Redis when it answers again.

Every limited answer says where its tightest limit stands, twice: in the fields of the IETF
draft (``RateLimit-Limit``, ``RateLimit-Remaining``, ``RateLimit-Reset`` in seconds from now,
``RateLimit-Policy`` as ``300;w=60``) and in the ``X-RateLimit-*`` fields that GitHub made common
(``X-RateLimit-Reset`` in Unix time). A 429 adds ``Retry-After``.
These headers are written here, not by Flask-Limiter, which would also put its ``Retry-After``
on every answer and lengthen that of a 503.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import logging
import math
import time
from collections.abc import Callable
from typing import NamedTuple

from apispec import BasePlugin
from flask import Flask, Response, current_app, g, request
from flask_limiter import ApplicationLimit, Limiter, RateLimitExceeded
from werkzeug.exceptions import HTTPException

from service.accounts.emails import email_for_lookup
from service.errors import problem_response
from service.opaque import hash_secret
from service.web.auth import accepted_caller, bearer_token

log = logging.getLogger(__name__)

# Redis should answer in milliseconds; a hung one must not hold a worker for long.
REDIS_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 1}
JSON_BODY = "coffeechat.rate_limits.body"
# The answers of a password that was checked and refused, by their problem code.
PASSWORD_REFUSED = frozenset({"invalid_credentials", "wrong_password"})


# --- keys -------------------------------------------------------------------------------


def client_address() -> str:
    """``ip:<address>`` of the client; an IPv6 client by its /64."""
    address = request.remote_addr or ""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return f"ip:{address or 'unknown'}"
    if ip.version == 6:
        if ip.ipv4_mapped is not None:
            return f"ip:{ip.ipv4_mapped}"
        return f"ip:{ipaddress.IPv6Network((ip, 64), strict=False)}"
    return f"ip:{ip}"


def has_no_bearer_token() -> bool:
    return bearer_token() is None


def user_key() -> str:
    """``user:<id>`` for a login's JWT, ``pat:<sha256>`` for a personal access token, once accepted;
    the client's address for a credential refused."""
    caller = accepted_caller()
    if caller is None:
        return client_address()
    if g.get("access_token") is not None:
        return f"pat:{hash_secret(bearer_token())}"
    return f"user:{caller.id}"


def account_key() -> str:
    """``account:<id>`` of the accepted caller, whatever their credential; the client's address otherwise."""
    caller = accepted_caller()
    return f"account:{caller.id}" if caller is not None else client_address()


def json_body() -> dict | None:
    """The JSON object of the body; ``None`` if there is none to read.

    A body that is not JSON, too large or malformed is left to the view, which answers it
    with its 400, 413, 415 or 422; only the address limits count such a request.
    """
    if JSON_BODY not in request.environ:  # read once per request: keys and exemptions ask
        body = None
        if request.is_json:
            try:
                body = json.loads(request.get_data(cache=True))
            except (HTTPException, ValueError, RecursionError):
                body = None
        request.environ[JSON_BODY] = body if isinstance(body, dict) else None
    return request.environ[JSON_BODY]


def email_in_body() -> str | None:
    """The ``email`` of the JSON body in its one written form; ``None`` if there is none."""
    email = (json_body() or {}).get("email")
    return (email_for_lookup(email) or None) if isinstance(email, str) else None


def email_key() -> str:
    # A key function must never raise: Flask-Limiter would take it for Redis failing and count in memory.
    # JSON can spell lone surrogates (\ud800), which plain UTF-8 refuses to encode.
    return "email:" + hashlib.sha256((email_in_body() or "").encode("utf-8", "surrogatepass")).hexdigest()


def has_no_email_in_body() -> bool:
    return email_in_body() is None


def has_no_password_in_body() -> bool:
    """Whether the body asks for no password check: a change of name or time zone needs none."""
    body = json_body() or {}
    return not any(isinstance(body.get(field), str) for field in ("current_password", "password"))


def password_refused(response: Response) -> bool:
    """Whether the answer refused a password: a failed login, or a wrong current password."""
    if response.status_code not in (401, 403) or not response.is_json:
        return False
    problem = response.get_json(silent=True)
    return isinstance(problem, dict) and problem.get("code") in PASSWORD_REFUSED


# --- what is limited --------------------------------------------------------------------


class EndpointLimit(NamedTuple):
    """A limit on one endpoint: the setting holding its value, its key, and what it counts (for the 429).

    Limits of one ``shared`` name count together, on whichever endpoint they are.
    """

    setting: str
    key: Callable[[], str]
    counts: str
    exempt_when: Callable[[], bool] | None = None
    deduct_when: Callable[[Response], bool] | None = None
    shared: str | None = None


# Where a signed-in user's password is checked again: wrong ones count as failed logins do.
PASSWORD_CHECKS = (
    EndpointLimit(
        "RATELIMIT_LOGIN_PER_IP",
        client_address,
        "wrong passwords from your network address",
        exempt_when=has_no_password_in_body,
        deduct_when=password_refused,
        shared="password-checks-per-address",
    ),
    EndpointLimit(
        "RATELIMIT_LOGIN_PER_EMAIL",
        account_key,
        "wrong passwords for your account",
        exempt_when=has_no_password_in_body,
        deduct_when=password_refused,
        shared="password-checks-per-account",
    ),
)


# The JSON login and the web login (POST /auth/web/login) spend one budget: two doors, one lock.
LOGINS = (
    EndpointLimit(
        "RATELIMIT_LOGIN_PER_IP",
        client_address,
        "login attempts from your network address",
        shared="logins-per-address",
    ),
    EndpointLimit(
        "RATELIMIT_LOGIN_PER_EMAIL",
        email_key,
        "failed logins for this email address",
        exempt_when=has_no_email_in_body,
        deduct_when=password_refused,
        shared="failed-logins-per-email",
    ),
)

# Each use of a refresh token, as JSON or as the web login's cookie (its logout too).
REFRESHES = (
    EndpointLimit(
        "RATELIMIT_REFRESH_PER_IP",
        client_address,
        "token refreshes from your network address",
        shared="refreshes-per-address",
    ),
)


ENDPOINT_LIMITS: dict[str, tuple[EndpointLimit, ...]] = {
    "auth.register": (
        EndpointLimit("RATELIMIT_REGISTER_PER_IP", client_address, "registrations from your network address"),
        EndpointLimit(
            "RATELIMIT_REGISTER_PER_EMAIL",
            email_key,
            "registrations for this email address",
            exempt_when=has_no_email_in_body,
        ),
    ),
    "account_emails.request_password_reset": (
        EndpointLimit("RATELIMIT_RESET_PER_IP", client_address, "password reset requests from your network address"),
        EndpointLimit(
            "RATELIMIT_RESET_PER_EMAIL",
            email_key,
            "password reset requests for this email address",
            exempt_when=has_no_email_in_body,
        ),
    ),
    "auth.login": LOGINS,
    "auth.web_login": LOGINS,
    "me.update_me": PASSWORD_CHECKS,
    "me.delete_me": PASSWORD_CHECKS,
    "auth.refresh_tokens": REFRESHES,
    "auth.web_refresh": REFRESHES,
    "auth.web_logout": REFRESHES,
}


# --- the extension ----------------------------------------------------------------------


class RateLimits:
    """The extension: a Flask-Limiter ``Limiter`` for each app, kept in ``app.extensions["rate_limits"]``.

    A ``Limiter`` keeps its storage and settings on itself; one shared by every app would
    carry them from one app to the next (the tests build several apps in one process).
    ``init_app`` runs after the blueprints are registered: it wraps the views it limits.
    """

    def init_app(self, app: Flask) -> None:
        config = app.config
        if not config["RATELIMIT_ENABLED"]:
            return
        config.setdefault("RATELIMIT_STORAGE_URI", config["REDIS_URL"] or "memory://")
        if config["RATELIMIT_STORAGE_URI"].startswith(("redis", "valkey")):
            config.setdefault("RATELIMIT_STORAGE_OPTIONS", REDIS_OPTIONS)
        per_user = config["RATELIMIT_PER_USER"]
        limiter = Limiter(
            key_func=client_address,
            application_limits=[
                ApplicationLimit(
                    limit_provider=per_user,
                    key_function=user_key,
                    scope="user",
                    exempt_when=has_no_bearer_token,
                    error_message="requests with your credentials",
                )
            ]
            if per_user
            else None,
        )
        limiter.init_app(app)
        limiter.exempt(app.blueprints["health"])
        for endpoint, limits in ENDPOINT_LIMITS.items():
            view = app.view_functions[endpoint]
            for limit in limits:
                if config[limit.setting]:
                    options = {
                        "key_func": limit.key,
                        "exempt_when": limit.exempt_when,
                        "deduct_when": limit.deduct_when,
                        "error_message": limit.counts,
                    }
                    if limit.shared:
                        view = limiter.shared_limit(config[limit.setting], scope=limit.shared, **options)(view)
                    else:
                        view = limiter.limit(config[limit.setting], **options)(view)
            app.view_functions[endpoint] = view
        app.extensions["rate_limits"] = limiter
        app.after_request(add_rate_limit_headers)
        app.register_error_handler(RateLimitExceeded, rate_limited)


def rate_limited(error: RateLimitExceeded) -> Response:
    """A 429 problem document that names the limit and says when to retry."""
    breached = current_app.extensions["rate_limits"].current_limit
    try:
        retry_after = max(1, math.ceil(breached.window.reset_time - time.time()))
    except Exception:  # the storage failed since the limit was checked: wait a whole window
        retry_after = error.limit.limit.get_expiry()
    return problem_response(
        429,
        f"Too many {error.description}: the limit is {error.limit.limit}. Retry after {retry_after} seconds.",
        code="rate_limited",
        headers={"Retry-After": str(retry_after)},
    )


def add_rate_limit_headers(response: Response) -> Response:
    """Where the tightest limit checked on this request stands (the one breached, on a 429)."""
    limit = current_app.extensions["rate_limits"].current_limit
    if limit is None:
        return response
    try:
        amount, remaining, reset_at = limit.limit.amount, limit.remaining, limit.reset_at
        response.headers["RateLimit-Limit"] = str(amount)
        response.headers["RateLimit-Remaining"] = str(remaining)
        response.headers["RateLimit-Reset"] = str(max(0, math.ceil(limit.window.reset_time - time.time())))
        response.headers["RateLimit-Policy"] = f"{amount};w={limit.limit.get_expiry()}"
        response.headers["X-RateLimit-Limit"] = str(amount)
        response.headers["X-RateLimit-Remaining"] = str(remaining)
        response.headers["X-RateLimit-Reset"] = str(reset_at)
    except Exception:  # the storage failed since the limit was checked: the answer stands without them
        log.warning("rate limit headers left out", exc_info=True)
    return response


def _integer_header(description: str) -> dict:
    return {"description": description, "schema": {"type": "integer", "minimum": 0}}


# The headers of a 429, as the OpenAPI document's TOO_MANY_REQUESTS response lists them.
RATE_LIMITED_HEADERS = {
    "Retry-After": _integer_header("Seconds to wait before trying again."),
    "RateLimit-Limit": _integer_header("Requests the breached limit allows in its window."),
    "RateLimit-Remaining": _integer_header("Requests left in the window: 0."),
    "RateLimit-Reset": _integer_header("Seconds until the window ends."),
    "RateLimit-Policy": {
        "description": "The breached limit: requests `;w=` window in seconds.",
        "schema": {"type": "string", "example": "300;w=60"},
    },
    "X-RateLimit-Limit": _integer_header("As `RateLimit-Limit`."),
    "X-RateLimit-Remaining": _integer_header("As `RateLimit-Remaining`."),
    "X-RateLimit-Reset": _integer_header("When the window ends, in Unix time."),
}


class RateLimitDocs(BasePlugin):
    """apispec plugin: the endpoints of ``ENDPOINT_LIMITS`` document their 429.

    (``Blueprint.login_required`` documents the 429 of the per-user budget.)
    """

    def operation_helper(self, path=None, operations=None, **kwargs) -> None:
        rule = kwargs.get("rule")
        if rule is None or rule.endpoint not in ENDPOINT_LIMITS:
            return
        for operation in (operations or {}).values():
            operation.setdefault("responses", {})[429] = "TOO_MANY_REQUESTS"


# Bound to the app by create_app, after the blueprints: it wraps the views it limits.
limiter = RateLimits()
