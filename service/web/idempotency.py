"""Safe retries: a POST sent with an ``Idempotency-Key`` runs once.

The first request with a key runs, and its answer (status, body, Location, ETag) is
stored with the key in the same transaction as the request's own writes: the request's
session is bound to a connection whose transaction this module owns, and the view's
``commit()`` only releases a savepoint inside it. So either both the writes and the key
are kept, or neither is.

A retry with the same key and the same request within 24 hours gets the stored answer
again (marked ``Idempotent-Replayed: true``) and writes nothing; the same key with a
different request is a 422 (a form upload is compared by its fields and files, since its
boundary differs from one encoding to the next). Keys belong to one user. The caller's row is locked first,
so simultaneous duplicates wait for the first to commit, then replay it; the unique
index on (user, key) backs that up.

Only answers in the 2xx range are kept: a request that failed changed nothing, so a
retry simply runs again.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from contextlib import contextmanager
from datetime import timedelta

from flask import Response, current_app, request
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from service.database import db
from service.errors import Problem
from service.models import IdempotencyKey
from service.models.types import utcnow

HEADER = "Idempotency-Key"
LIFETIME = timedelta(hours=24)
MAX_KEY_LENGTH = 255
KEY_PATTERN = rf"[ -~]{{1,{MAX_KEY_LENGTH}}}"  # printable ASCII
REPLAYED_HEADERS = ("Content-Type", "Location", "ETag", "Last-Modified", "Cache-Control")

PARAMETER = {
    "name": HEADER,
    "in": "header",
    "required": False,
    "description": (
        "Any unique string (a UUID is best), to make this request safe to retry. The same key with the same "
        "request within 24 hours replays the first answer (with `Idempotent-Replayed: true`) and changes "
        "nothing; the same key with a different request is a 422. Keys are per user."
    ),
    "schema": {"type": "string", "minLength": 1, "maxLength": MAX_KEY_LENGTH, "pattern": f"^{KEY_PATTERN}$"},
    "example": "5d7c1e0a-8f3b-4f7e-9a43-1f0e6c2b9d41",
}


def requested_key() -> str | None:
    """The request's idempotency key: only POSTs have one. A malformed key is a 400."""
    key = request.headers.get(HEADER)
    if key is None or request.method != "POST":
        return None
    if not re.fullmatch(KEY_PATTERN, key):
        raise Problem(
            400,
            f"{HEADER} must be 1 to {MAX_KEY_LENGTH} printable ASCII characters; a UUID is a good choice.",
            code="invalid_idempotency_key",
        )
    return key


def run_once(key: str, user_id: Callable[[], int], view: Callable[[], object]) -> Response:
    """Answer the request with its stored answer, or run ``view`` and store what it answers.

    ``user_id`` locks the caller's row (inside the owned transaction, so the lock belongs to
    it) and returns who they are. The request's body has been read before, holding nothing.
    """
    with _owned_transaction() as commit:
        owner = user_id()
        fingerprint = _fingerprint()
        stored = db.session.scalar(
            select(IdempotencyKey).where(IdempotencyKey.user_id == owner, IdempotencyKey.key == key)
        )
        if stored is not None and stored.created_at > utcnow() - LIFETIME:
            if stored.fingerprint != fingerprint:
                raise Problem(
                    422,
                    f"This {HEADER} was already used for a different request within the last 24 hours; "
                    "send a new key with a new request.",
                    code="idempotency_key_reused",
                )
            return _replay(stored)

        response = current_app.make_response(view())
        if not 200 <= response.status_code < 300:
            return response  # the owned transaction rolls back: a failure keeps nothing
        # Forget this user's expired keys, the one reused here among them.
        db.session.execute(
            delete(IdempotencyKey).where(
                IdempotencyKey.user_id == owner, IdempotencyKey.created_at <= utcnow() - LIFETIME
            )
        )
        db.session.add(
            IdempotencyKey(
                user_id=owner,
                key=key,
                fingerprint=fingerprint,
                status_code=response.status_code,
                response_headers={
                    name: response.headers[name] for name in REPLAYED_HEADERS if name in response.headers
                },
                response_body=response.get_data(),
            )
        )
        commit()
        return response


def purge_expired_keys() -> int:
    """Forget every key older than 24 hours; returns how many (for cron)."""
    result = db.session.execute(delete(IdempotencyKey).where(IdempotencyKey.created_at <= utcnow() - LIFETIME))
    db.session.commit()
    return result.rowcount


@contextmanager
def _owned_transaction():
    """Bind the request's session to a transaction that only ``commit`` (yielded) commits.

    Inside, ``db.session.commit()`` releases a savepoint; anything but ``commit()`` rolls
    the whole transaction back. The request gets a fresh session afterwards.
    """
    db.session.remove()  # nothing may hold another connection (on SQLite, the write lock) meanwhile
    connection = db.engine.connect()
    transaction = connection.begin()
    session = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
    db.session.registry.set(session)

    def commit() -> None:
        try:
            session.flush()
            transaction.commit()
            committed.update(session.info)
        except IntegrityError:
            # Another request stored this key first (only possible without the owner lock).
            raise Problem(
                409,
                f"A request with this {HEADER} is being processed; retry it in a moment.",
                code="idempotency_key_in_use",
                headers={"Retry-After": "1"},
            ) from None

    committed: dict = {}
    try:
        yield commit
    finally:
        session.close()
        if transaction.is_active:
            transaction.rollback()
        connection.close()
        db.session.registry.clear()
        # What the session noted for after the request (a CalDAV push) holds once committed.
        db.session.info.update(committed)


def _fingerprint() -> str:
    """What makes two requests the same: method, path, query, content type and body.

    A form's body is taken as its fields and files, not its bytes: a client draws a new random
    boundary for every request it encodes, a retry included.
    """
    digest = hashlib.sha256()

    def add(part: str | bytes) -> None:
        digest.update(part.encode() if isinstance(part, str) else part)
        digest.update(b"\0")

    for part in (request.method, request.path, request.query_string.decode("latin-1"), request.mimetype):
        add(part)
    if request.mimetype == "multipart/form-data":
        # In the order sent (a retry encodes the same form in the same order); a part may lack a name.
        for name, value in request.form.items(multi=True):
            add(str(name))
            add(str(value))
        for name, upload in request.files.items(multi=True):
            add(str(name))
            add(upload.filename or "")
            add(hashlib.sha256(upload.read()).digest())
            upload.seek(0)  # the view reads it again
    else:
        digest.update(request.get_data(cache=True))
    return digest.hexdigest()


def _replay(stored: IdempotencyKey) -> Response:
    response = current_app.response_class(stored.response_body, status=stored.status_code)
    response.headers.clear()
    response.headers.update(stored.response_headers)
    response.headers["Idempotent-Replayed"] = "true"
    return response
