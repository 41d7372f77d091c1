"""Delta sync: everything that changed in my account since my last sync, deletions included."""

from __future__ import annotations

from service.errors import Problem
from service.models.types import utcnow
from service.schemas.sync import SyncPageSchema, SyncQuerySchema
from service.sync import TOMBSTONE_LIFETIME, ExpiredToken, InvalidToken, decode_token, encode_token, read_page, start
from service.web.auth import current_user
from service.web.blueprint import Blueprint

blp = Blueprint(
    "sync",
    __name__,
    url_prefix="/api/v1/sync",
    description="What changed in my account since my last sync, deletions included.",
)

INVALID = "`since` is not a sync token this API gave this account. Pass `next_since` back unchanged."
EXPIRED = (
    f"This sync token is older than the {TOMBSTONE_LIFETIME.days} days deletions are remembered for. "
    "Sync again without `since` and replace your copy with what it returns."
)


@blp.route("")
@blp.login_required
@blp.etag
@blp.arguments(SyncQuerySchema, location="query")
@blp.response(200, SyncPageSchema)
@blp.alt_response(
    410,
    response="GONE",
    description=f"The token is over {TOMBSTONE_LIFETIME.days} days old: sync again without `since`.",
)
def sync_changes(args):
    """The objects created, changed and deleted since `since`, oldest change first.

    Without `since`, a full sync: every object of mine and the built-in question banks and their
    questions, page by page. Keep calling with `since=next_since` while `has_more`; next time, start
    from the last `next_since`. An object changed several times is sent once, as it is now; a
    deleted one is listed in `deleted` (kept for 90 days). Changes committed while I page are never
    skipped: they come on a later page.
    """
    today = utcnow().date()
    if args.get("since"):  # "?since=" is a full sync too, as a client with no token yet may send it
        try:
            position = decode_token(args["since"], current_user, today)
        except InvalidToken:
            raise Problem(422, INVALID, code="invalid_sync_token", errors={"since": [INVALID]}) from None
        except ExpiredToken:
            raise Problem(410, EXPIRED, code="sync_token_expired") from None
    else:
        position = start(current_user)
    page = read_page(current_user.id, position, args["limit"])
    return {
        "changes": page.changes,
        "deleted": page.deleted,
        "next_since": encode_token(page.position, current_user.id, today),
        "has_more": page.has_more,
    }
