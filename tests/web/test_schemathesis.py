"""Property-based tests of every operation against the app's own OpenAPI document.

Schemathesis generates requests from the schema (valid and invalid ones), sends them to
the app in-process and runs its default checks on every response: no server error, the
status, content type, headers and body are documented, invalid requests are rejected and
valid ones accepted. The operations are tested a tag (a resource) at a time, one test each,
so that the runs spread over the test workers.

Each operation gets SCHEMATHESIS_MAX_EXAMPLES generated cases (25; the same ones every run) beside
schemathesis' boundary cases; `make fuzz` runs 500 for a deeper search before a release.
"""

from __future__ import annotations

import os
import re
import secrets
import uuid
from datetime import datetime, timedelta

import pytest
import schemathesis
from hypothesis import settings
from sqlalchemy import delete, select

from service.accounts.login_sessions import issue_tokens, start_session
from service.database import db
from service.models import LoginSession, User
from service.models.types import utcnow
from service.web.blueprint import NUL_MESSAGE
from service.web.idempotency import KEY_PATTERN as IDEMPOTENCY_KEY_PATTERN
from service.web.idempotency import MAX_KEY_LENGTH
from tests.factories import REFRESH, REGISTER, SHARED_FILES, committed_spec

MAX_EXAMPLES = int(os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "25"))

# The resources, as the committed document tags them (test_openapi.py keeps it current).
TAGS = [tag["name"] for tag in committed_spec()["tags"]]

# Rules a request must follow that OpenAPI cannot state, so a schema-valid request may
# break them and get a 422 naming the field.
RULES_BEYOND_THE_SCHEMA = {
    "timezone": "an IANA time zone name",
    # email-validator also refuses addresses that cannot receive mail (special-use names such as .local).
    "email": "an address at a domain that can receive mail",
    "cursor": "a next_cursor the API handed out",
    "since": "a next_since the API handed out to this account",
    "referred_by_id": "one of my contacts, and no referral loop",
    "linkedin_url": "an http(s) URL with a real host name",
    "current_password": "needed when the email or password changes",
    "scopes": 'a token\'s scopes are ["read"] or ["read", "write"]: write needs read',
    # Body and query fields naming rows of mine, or a time within years 1900-9999.
    "video_url": "an http(s) URL with a real host name",
    "name": "a referral's new contact needs one, unless contact_id names an existing contact",
    "contact_id": "one of my contacts",
    "goal_ids": "my goals",
    "goal_id": "one of my goals",
    "meeting_id": "one of my meetings, with the follow-up's contact",
    "question_id": "a question of my banks or a starter bank; either it or text",
    "bank_id": "one of my banks or a starter bank",
    "starts_at": "a time between the years 1900 and 9999",
    "from": "a time between the years 1900 and 9999",
    "to": "a time between the years 1900 and 9999",
    "due_at": "a time between the years 1900 and 9999",
    "done_at": "a time between the years 1900 and 9999",
    "due_before": "a time between the years 1900 and 9999",
    # A CalDAV link is checked against the server before it is stored.
    "url": "a CalDAV calendar collection that answers",
    "username": "an account the CalDAV server accepts",
    "password": "the password the CalDAV server accepts",
    # An import's body is text/calendar, a string to OpenAPI.
    "file": "an iCalendar document with events",
    # A link's token from an email, unused and unexpired.
    "token": "the token of a link this server emailed",
    # Quiet hours have two ends, or none.
    "quiet_hours_start": "given with quiet_hours_end, or both null",
    "quiet_hours_end": "given with quiet_hours_start, or both null",
    # A push subscription's endpoint is a push service's https address on the internet.
    "endpoint": "a push service's https address on the internet",
    # An account document (POST /api/v1/import) names each problem by its path, such as
    # contacts.3.referred_by_id: the rule of its last part applies, or one of these.
    **{
        f"{kind}.*.id": "unique among the document's rows of its kind"
        for kind in (
            "contacts",
            "goals",
            "question_banks",
            "questions",
            "meetings",
            "meeting_questions",
            "outcomes",
            "follow_ups",
        )
    },
    "contacts.*.source_meeting_id": "a meeting of the document",
    "question_banks.*.copied_from_id": "a bank of the document, or else copied_from_builtin_id",
    "question_banks.*.copied_from_builtin_id": "a starter bank of this server",
    "meeting_questions.*.builtin_question_id": "a starter question of this server",
    "meetings.*.status": "completed or no_show only once the meeting has started",
    "meetings.*.uid": "unique among the document's meetings",
    "meetings.*.invite_uid": "unique among the document's meetings",
    "follow_ups.*.uid": "unique among the document's follow-ups",
    "created_at": "a time between the years 1900 and 9999",
    "updated_at": "a time between the years 1900 and 9999",
    "completed_at": "a time between the years 1900 and 9999",
    "cancelled_at": "a time between the years 1900 and 9999",
    "achieved_at": "a time between the years 1900 and 9999",
    "exported_at": "a time between the years 1900 and 9999",
    "invite_recurrence_id": "a time between the years 1900 and 9999",
}


@pytest.fixture
def api_schema(app):
    return schemathesis.openapi.from_wsgi("/openapi.json", app)


schema = schemathesis.pytest.from_fixture("api_schema")


# No caching: every case logs in afresh, so a generated logout (which ends the login) or a
# refresh (whose token works once) cannot spoil the token of the cases after it.
@schema.auth(refresh_interval=None)
class FreshLogin:
    """A working login of a dedicated user for every case, registering the user through the API first.

    The login is made as POST /api/v1/auth/login makes it (a session row, its token pair), without
    the HTTP round trip, and used again while it works: a generated logout or refresh, a password
    change or a deleted account ends it, and the next case gets a new one. The previous login is
    forgotten then, so logins do not pile up.
    """

    email = "schemathesis-auth@example.org"
    # Not a constant found in the schema, so generated bodies cannot guess it and delete the account.
    password = secrets.token_urlsafe(24)
    # Well inside the access token's 15 minutes.
    REUSE_FOR = timedelta(minutes=5)

    def __init__(self) -> None:
        self.logins: dict[int, tuple[str, str, datetime, dict]] = {}  # by app: session, refresh jti, made, tokens

    def still_works(self, app) -> dict | None:
        """The login made for ``app`` before, while its session stands unchanged."""
        if id(app) not in self.logins:
            return None
        session_id, jti, made, tokens = self.logins[id(app)]
        stands = db.session.scalar(
            select(LoginSession.id).where(
                LoginSession.id == session_id, LoginSession.refresh_jti == jti, LoginSession.revoked_at.is_(None)
            )
        )
        return tokens if stands and utcnow() - made < self.REUSE_FOR else None

    def get(self, case, ctx) -> dict:
        with ctx.app.app_context():
            if (tokens := self.still_works(ctx.app)) is not None:
                return tokens
            user = db.session.scalar(select(User).where(User.email == self.email))
            if user is None:
                body = {"email": self.email, "password": self.password, "name": "Schemathesis"}
                registered = ctx.app.test_client().post(REGISTER, json=body)
                assert registered.status_code == 201, registered.get_json()
                user = db.session.scalar(select(User).where(User.email == self.email))
            db.session.execute(delete(LoginSession).where(LoginSession.user_id == user.id))
            session = start_session(user, "schemathesis")
            db.session.commit()
            tokens = issue_tokens(session)
            self.logins[id(ctx.app)] = (session.id, session.refresh_jti, utcnow(), tokens)
            return tokens

    def set(self, case, data, ctx) -> None:
        # The refresh operation takes the refresh token; every other one the access token.
        token = data["refresh_token"] if case.operation.path == REFRESH else data["access_token"]
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {token}"}
        # A key used again with another body is a 422, a rule of state that the schema cannot
        # state: each case gets a key of its own (a well-formed one stays well-formed).
        key = case.headers.get("Idempotency-Key")
        if isinstance(key, str) and re.fullmatch(IDEMPOTENCY_KEY_PATTERN, key):
            case.headers["Idempotency-Key"] = (uuid.uuid4().hex + key)[:MAX_KEY_LENGTH]


def _has_rule_beyond_the_schema(field: str) -> bool:
    """Whether ``field``, or the path in an account document (``contacts.3.email``), has such a rule."""
    path = re.sub(r"\.\d+(?=\.|$)", ".*", field)
    return path in RULES_BEYOND_THE_SCHEMA or path.rsplit(".", 1)[-1] in RULES_BEYOND_THE_SCHEMA


def _breaks_only_rules_beyond_the_schema(response) -> bool:
    errors = (response.json() or {}).get("errors") or {}
    return bool(errors) and all(
        _has_rule_beyond_the_schema(field) or messages == [NUL_MESSAGE] for field, messages in errors.items()
    )


def valid_data_accepted(ctx, response, case):
    """schemathesis' positive_data_acceptance, but a schema-valid request may still fail
    a precondition (a stale If-Match: 412) or a rule the schema cannot state (422)."""
    if case.meta is not None and case.meta.generation.mode.is_positive:
        if response.status_code == 412 and "If-Match" in (case.headers or {}):
            return None
        if response.status_code == 422 and _breaks_only_rules_beyond_the_schema(response):
            return None
        # A shared file is read as what its type, name and first line say (POST /api/v1/shared-files): the
        # document can say that a form's file or a body is binary, not that it must be a vCard, CSV or iCalendar file.
        if response.status_code == 415 and case.path == SHARED_FILES:
            return None
    return schemathesis.checks.positive_data_acceptance(ctx, response, case)


def honours_the_schema(tag: str):
    """The test of every operation tagged ``tag``."""

    @schema.include(tag=tag).parametrize()
    @settings(max_examples=MAX_EXAMPLES, derandomize=True, deadline=None)
    def test(case):
        case.call_and_validate(
            # Its in-process transport sends requests' Accept-Encoding but decodes no gzip or br
            # (test_compression.py covers compressed answers).
            headers={"Accept-Encoding": "identity"},
            excluded_checks=[schemathesis.checks.positive_data_acceptance],
            additional_checks=[valid_data_accepted],
        )

    return test


for _tag in TAGS:
    globals()[f"test_{_tag}_honours_the_schema"] = honours_the_schema(_tag)
