"""Personal access tokens: credentials for scripts, made and revoked by a logged-in person."""

from __future__ import annotations

from flask import url_for
from flask.views import MethodView
from sqlalchemy import func, select

from service import access_tokens
from service.auth import current_user
from service.errors import Problem
from service.extensions import db
from service.models import AccessToken
from service.openapi import Blueprint
from service.ownership import get_owned_or_404, owned
from service.pagination import keyset_page
from service.schemas.access_token import (
    AccessTokenPageSchema,
    AccessTokenQuerySchema,
    AccessTokenSchema,
    NewAccessTokenSchema,
)

blp = Blueprint(
    "access_tokens", __name__, url_prefix="/api/v1/tokens", description="Personal access tokens, for scripts."
)

MAX_TOKENS = 50
NO_STORE = {"Cache-Control": "no-store"}


@blp.route("")
class AccessTokens(MethodView):
    @blp.login_required
    @blp.doc(operationId="listAccessTokens")
    @blp.etag
    @blp.arguments(AccessTokenQuerySchema, location="query")
    @blp.response(200, AccessTokenPageSchema)
    def get(self, args):
        """My personal access tokens, newest first, without their secrets."""
        return keyset_page(owned(AccessToken), AccessToken, limit=args["limit"], cursor=args.get("cursor"))

    @blp.login_session_required
    @blp.doc(operationId="createAccessToken")
    @blp.arguments(AccessTokenSchema)
    @blp.response(201, NewAccessTokenSchema)
    @blp.alt_response(409, response="CONFLICT", description=f"I already have {MAX_TOKENS} tokens.")
    def post(self, data):
        """Make a token for a script; the answer is the only time its secret is shown.

        Send it as `Authorization: Bearer cc_pat_...`. With the scopes `["read"]` it can only
        read; with `["read", "write"]` it can do everything a login can, except manage logins
        and tokens.
        """
        if db.session.scalar(select(func.count()).where(AccessToken.user_id == current_user.id)) >= MAX_TOKENS:
            raise Problem(409, f"You have {MAX_TOKENS} tokens, the most there can be; revoke one you no longer use.")
        row, token = access_tokens.issue(current_user, data["name"], data["scopes"], data["expires_in_days"])
        db.session.commit()
        row.token = token
        headers = {**NO_STORE, "Location": url_for("access_tokens.AccessToken", token_id=row.id)}
        return row, 201, headers


@blp.route("/<int:token_id>", endpoint="AccessToken")
class AccessTokenItem(MethodView):
    @blp.login_required
    @blp.doc(operationId="getAccessToken")
    @blp.etag
    @blp.response(200, AccessTokenSchema)
    @blp.alt_response(404, response="NOT_FOUND")
    def get(self, token_id):
        """One of my tokens, without its secret."""
        return get_owned_or_404(AccessToken, token_id)

    @blp.login_session_required
    @blp.doc(operationId="revokeAccessToken")
    @blp.response(204)
    @blp.alt_response(404, response="NOT_FOUND")
    def delete(self, token_id):
        """Revoke a token: it stops working at once."""
        db.session.delete(get_owned_or_404(AccessToken, token_id, for_update=True))
        db.session.commit()
