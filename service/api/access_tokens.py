"""Personal access tokens: credentials for scripts, made and revoked by a logged-in person."""

from __future__ import annotations

from flask import url_for

from service.accounts import access_tokens
from service.accounts.access_tokens import MAX_TOKENS
from service.database import db
from service.models import AccessToken
from service.schemas.access_token import (
    AccessTokenPageSchema,
    AccessTokenQuerySchema,
    AccessTokenSchema,
    NewAccessTokenSchema,
)
from service.web.auth import current_user
from service.web.blueprint import Blueprint
from service.web.ownership import get_owned_or_404, owned
from service.web.pagination import keyset_page

blp = Blueprint(
    "access_tokens", __name__, url_prefix="/api/v1/tokens", description="Personal access tokens, for scripts."
)

ITEM = "/<int:token_id>"
NO_STORE = {"Cache-Control": "no-store"}


@blp.get("")
@blp.login_required
@blp.etag
@blp.arguments(AccessTokenQuerySchema, location="query")
@blp.response(200, AccessTokenPageSchema)
def list_access_tokens(args):
    """My personal access tokens, newest first, without their secrets.

    Expired tokens stay listed until revoked, and count toward the 50 I can have. `hint` (the token's first
    characters) and `last_used_at` tell them apart. A personal access token may read this list.
    """
    return keyset_page(owned(AccessToken), AccessToken, limit=args["limit"], cursor=args.get("cursor"))


@blp.post("")
@blp.login_session_required
@blp.arguments(AccessTokenSchema)
@blp.response(201, NewAccessTokenSchema)
@blp.alt_response(409, response="CONFLICT", description=f"I already have {MAX_TOKENS} tokens.")
def create_access_token(data):
    """Make a token for a script; the answer is the only time its secret is shown.

    Send it as `Authorization: Bearer cc_pat_...`. With the scopes `["read"]` it can only
    read; with `["read", "write"]` it can do everything a login can, except manage logins
    and tokens.
    """
    row, token = access_tokens.issue(current_user, data["name"], data["scopes"], data["expires_in_days"])
    db.session.commit()
    row.token = token
    return row, 201, {**NO_STORE, "Location": url_for("access_tokens.get_access_token", token_id=row.id)}


@blp.get(ITEM)
@blp.login_required
@blp.etag
@blp.response(200, AccessTokenSchema)
def get_access_token(token_id):
    """One of my tokens, without its secret.

    The secret is shown only once, by `POST /api/v1/tokens`: a lost token cannot be shown again, only revoked
    and replaced.
    """
    return get_owned_or_404(AccessToken, token_id)


@blp.delete(ITEM)
@blp.login_session_required
@blp.response(204)
def revoke_access_token(token_id):
    """Revoke a token: it stops working at once.

    The token is deleted: it leaves the list and frees a place under the limit of 50. Only a login can revoke a
    token (a personal access token gets a 403); changing the password revokes all of them.
    """
    db.session.delete(get_owned_or_404(AccessToken, token_id, for_update=True))
    db.session.commit()
