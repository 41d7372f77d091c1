"""Every error, whatever raised it, answers as an RFC 9457 problem document.

On the ground floor with ``config`` and ``database``: every floor above raises ``Problem``.
"""

from __future__ import annotations

import logging
import sqlite3
from http import HTTPStatus

from flask import Flask, Response, current_app, request
from sqlalchemy.exc import DBAPIError, OperationalError
from werkzeug.exceptions import ClientDisconnected, HTTPException

from service.database import db
from service.redaction import redact_path

log = logging.getLogger(__name__)

PROBLEM_CONTENT_TYPE = "application/problem+json"

# Machine-readable problem codes for the statuses the API answers with.
STATUS_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    412: "precondition_failed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_failed",
    429: "rate_limited",
    500: "internal_error",
    503: "service_unavailable",
    # Answered before the app sees the request: by gunicorn (deploy/gunicorn.conf.py) or nginx (deploy/nginx/).
    408: "request_timeout",
    414: "uri_too_long",
    417: "expectation_failed",
    431: "request_header_fields_too_large",
    501: "not_implemented",
    502: "bad_gateway",
    504: "gateway_timeout",
}

# Every `code` a problem document of this API can carry: the statuses' own above, and these, raised
# where their rule lives. OpenAPI documents the list as an enum (tests/web/test_problems.py finds
# every code the service raises and holds the two together).
PROBLEM_CODES = tuple(
    sorted(
        set(STATUS_CODES.values())
        | {
            "account_not_empty",
            "bank_full",
            "builtin_read_only",
            "caldav_check_failed",
            "caldav_not_linked",
            "csrf_failed",
            "database_unavailable",
            "email_link_invalid",
            "email_taken",
            "email_unavailable",
            "email_verified",
            "feed_not_found",
            "idempotency_key_in_use",
            "idempotency_key_reused",
            "import_conflict",
            "insufficient_scope",
            "invalid_calendar",
            "invalid_contacts_file",
            "invalid_credentials",
            "invalid_idempotency_key",
            "invalid_status_change",
            "invalid_sync_token",
            "login_required",
            "no_file",
            "plan_full",
            "push_endpoint_refused",
            "refresh_token_reused",
            "sync_token_expired",
            "token_expired",
            "token_invalid",
            "token_missing",
            "token_revoked",
            "too_many_rows",
            "too_many_webhooks",
            "untrusted_host",
            "webhook_inactive",
            "webhook_url_refused",
            "wrong_password",
        }
    )
)

DEFAULT_DETAILS = {
    404: "Nothing exists at this address. Check the URL and the id in it.",
    405: "This method is not allowed here; the Allow header lists those that are.",
    412: "The resource changed since you read it (If-Match did not match). "
    "GET it again, reapply your change and retry with the new ETag.",
    413: "The request body is larger than this service accepts.",
    422: "The request body or parameters are not valid; see `errors` for each field.",
    500: "Something went wrong on our side. The error has been logged; try again later.",
}


class Problem(HTTPException):
    """Raise to answer with a problem document: ``raise Problem(409, "...", code="email_taken")``."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        code: str | None = None,
        errors: dict | None = None,
        headers: dict | None = None,
    ):
        super().__init__(description=detail)
        self.code = status
        self.problem_code = code
        self.errors = errors
        self.extra_headers = headers or {}


def problem_response(
    status: int,
    detail: str | None = None,
    *,
    code: str | None = None,
    errors: dict | None = None,
    headers: dict | None = None,
) -> Response:
    """Build an ``application/problem+json`` response."""
    body: dict = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail or DEFAULT_DETAILS.get(status) or HTTPStatus(status).description,
        "instance": redact_path(request.path),
        "code": code or STATUS_CODES.get(status, HTTPStatus(status).name.lower()),
    }
    if errors:
        body["errors"] = errors
    response = current_app.response_class(current_app.json.dumps(body), status=status, mimetype=PROBLEM_CONTENT_TYPE)
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _validation_errors(messages) -> dict:
    """webargs nests messages under the location (``{"json": {...}}``); flatten one level."""
    if isinstance(messages, dict) and len(messages) == 1:
        ((location, inner),) = messages.items()
        if location in {"json", "query", "querystring", "headers", "view_args", "path", "files", "form"}:
            return inner if isinstance(inner, dict) else {"_schema": inner}
    return messages if isinstance(messages, dict) else {"_schema": messages}


def handle_body_not_received(error: ClientDisconnected) -> Response:
    """The body stopped short of its Content-Length because it paused too long (gunicorn's read timed out)."""
    # werkzeug raises it while handling the read's own error, which stays its __context__.
    if isinstance(error.__cause__ or error.__context__, TimeoutError):
        return problem_response(
            408,
            "The request body stopped arriving before all the bytes its Content-Length announced. "
            "Send the whole body at once, with a Content-Length that counts its bytes.",
        )
    return handle_http_exception(error)


def handle_http_exception(error: HTTPException) -> Response:
    if isinstance(error, Problem):
        return problem_response(
            error.code,
            error.description,
            code=error.problem_code,
            errors=error.errors,
            headers=error.extra_headers,
        )
    if error.code == 304 or error.code is None:
        return error.get_response()
    headers = {k: v for k, v in error.get_headers() if k.lower() != "content-type"}
    data = getattr(error, "data", None) or {}
    detail = data.get("message")
    errors = None
    if data.get("messages"):
        errors = _validation_errors(data["messages"])
    if data.get("headers"):
        headers.update(data["headers"])
    if detail is None and errors and error.code == 422:
        detail = "These fields are not valid: " + ", ".join(sorted(errors)) + ". See `errors` for why."
    if detail is None and error.code not in DEFAULT_DETAILS:
        detail = error.description
    return problem_response(error.code, detail, errors=errors, headers=headers)


# SQLite reports an unusable database file through OperationalError, as it does SQL
# mistakes such as a missing table; only the former is an outage worth a retry.
SQLITE_OUTAGES = ("database is locked", "unable to open database", "disk i/o error", "database or disk is full")


def is_database_unavailable(error: DBAPIError) -> bool:
    """Whether ``error`` means the database cannot be reached or used right now."""
    if error.connection_invalidated:
        return True
    if not isinstance(error, OperationalError):
        return False
    if isinstance(error.orig, sqlite3.Error):
        return any(outage in str(error.orig).lower() for outage in SQLITE_OUTAGES)
    return True  # psycopg: connection refused, lost, timed out, server shutting down


def handle_database_error(error: DBAPIError) -> Response:
    if not is_database_unavailable(error):
        return handle_unexpected(error)
    db.session.rollback()
    # The engine hides bound parameters, so the log names no email or password hash.
    log.warning("database unavailable: %s", error.__class__.__name__, exc_info=error)
    return problem_response(
        503,
        "The database is not answering right now. Retry after the number of seconds in Retry-After.",
        code="database_unavailable",
        headers={"Retry-After": str(current_app.config["DATABASE_RETRY_AFTER"])},
    )


def handle_unexpected(error: Exception) -> Response:
    db.session.rollback()
    log.exception("unhandled error on %s %s", request.method, redact_path(request.path))
    return problem_response(500)


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(ClientDisconnected, handle_body_not_received)
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(DBAPIError, handle_database_error)
    app.register_error_handler(Exception, handle_unexpected)
