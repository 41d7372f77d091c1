"""The since token: one this API did not give, or gave someone else, is a 422 naming since; one issued
over 90 days ago, or older than the tombstones left after a purge, is a 410.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from service.database import db
from service.models import Change
from service.models.types import utcnow
from service.sync import Position, encode_token
from tests.api.syncing import Copy, everything, sync, sync_problem, synced
from tests.factories import CONTACTS, new_contact, new_goal

# --- tokens ----------------------------------------------------------------------------


@pytest.mark.parametrize("since", ["not-a-token", "W10", "WzEsMSwyXQ", "WzIsMSwwLDAsMCw3Mzk5NDZd", "!!!"])
def test_a_token_this_api_did_not_give_is_a_422_naming_since(alice, since):
    problem = sync_problem(alice, 422, since=since)
    assert problem["code"] == "invalid_sync_token" and "since" in problem["errors"]


def test_someone_elses_token_is_a_422_and_their_changes_never_show(alice, bob):
    since = synced(alice)
    bobs_token = synced(bob)
    new_contact(bob, name="Bob's")
    new_goal(bob)

    assert sync_problem(alice, 422, since=bobs_token)["code"] == "invalid_sync_token"
    page = sync(alice, since)
    assert all(objects == [] for objects in page["changes"].values()) and page["deleted"] == []
    full = Copy().catch_up(alice)
    assert full.objects["contacts"] == {} and full.objects["goals"] == {}


def test_a_token_issued_over_90_days_ago_is_a_410(app, alice):
    with app.app_context():
        old = encode_token(Position(), alice.id, (utcnow() - timedelta(days=91)).date())
        recent = encode_token(Position(), alice.id, (utcnow() - timedelta(days=89)).date())

    problem = sync_problem(alice, 410, since=old)
    assert problem["code"] == "sync_token_expired"
    assert "without `since`" in problem["detail"]
    sync(alice, recent)


def test_purging_old_tombstones_makes_older_tokens_a_410(app, alice):
    old, recent = new_contact(alice, name="Deleted long ago"), new_contact(alice, name="Deleted yesterday")
    before_purge = synced(alice)
    assert alice.delete(f"{CONTACTS}/{old['id']}").status_code == 204
    after_delete = synced(alice)
    assert alice.delete(f"{CONTACTS}/{recent['id']}").status_code == 204
    with app.app_context():
        db.session.execute(
            update(Change)
            .where(Change.user_id == alice.id, Change.kind == "contacts", Change.object_id == old["id"])
            .values(deleted_at=utcnow() - timedelta(days=91))
        )
        db.session.commit()

    result = app.test_cli_runner().invoke(args=["sync", "purge"])

    assert result.exit_code == 0 and "purged 1 tombstones" in result.output
    assert sync_problem(alice, 410, since=before_purge)["code"] == "sync_token_expired"
    assert sync(alice, after_delete)["deleted"] == [{"type": "contacts", "id": recent["id"]}]
    assert Copy().catch_up(alice).objects == everything(alice)
