"""Liveness and readiness probes for load balancers and orchestrators."""

from __future__ import annotations

import marshmallow as ma
from sqlalchemy import text

from service.database import db
from service.web.blueprint import Blueprint

blp = Blueprint("health", __name__, description="Probes; no token needed.")


class StatusSchema(ma.Schema):
    status = ma.fields.String(required=True, metadata={"example": "ok"})


@blp.get("/healthz")
@blp.etag
@blp.response(200, StatusSchema)
def healthz():
    """The process answers.

    For liveness probes: no token needed, no rate limit, and the database is not asked, so it answers 200 while
    the process runs, even when the database is down.
    """
    return {"status": "ok"}


@blp.get("/readyz")
@blp.etag
@blp.response(200, StatusSchema)
@blp.alt_response(503, response="SERVICE_UNAVAILABLE", description="The database does not answer.")
def readyz():
    """The database answers.

    For readiness probes: no token needed and no rate limit. 200 once a trivial query succeeds; 503, a problem
    document with `Retry-After`, while the database does not answer.
    """
    db.session.execute(text("SELECT 1"))
    return {"status": "ok"}
