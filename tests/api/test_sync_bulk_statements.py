"""Changes made by bulk statements, as imports and CLI commands make them, are recorded like any other;
a bulk statement whose rows cannot be told is refused.
"""

from __future__ import annotations

import pytest
from sqlalchemy import bindparam, delete, insert, select, update

from service.database import db
from service.models import Contact, ContactTag, meeting_goals
from service.sync import UnrecordedStatement
from tests.api.syncing import Copy, builtin_ids, everything, one_of_everything, sync, synced
from tests.factories import CONTACTS, new_contact, new_goal, new_meeting, read

# --- bulk statements -------------------------------------------------------------------


def test_bulk_inserts_are_recorded_with_their_tags_and_goal_links(app, alice):
    goal = new_goal(alice)
    meeting = new_meeting(alice)
    since = synced(alice)

    with app.app_context():
        db.session.execute(insert(Contact), [{"user_id": alice.id, "name": f"Bulk {i}"} for i in range(3)])
        ids = db.session.scalars(select(Contact.id).where(Contact.name.like("Bulk %")).order_by(Contact.id)).all()
        db.session.execute(insert(ContactTag), [{"contact_id": ids[0], "position": 0, "tag": "imported"}])
        db.session.execute(meeting_goals.insert(), [{"meeting_id": meeting["id"], "goal_id": goal["id"]}])
        db.session.commit()

    page = sync(alice, since)
    assert {c["name"]: c["tags"] for c in page["changes"]["contacts"]} == {
        "Bulk 0": ["imported"],
        "Bulk 1": [],
        "Bulk 2": [],
    }
    assert [m["goal_ids"] for m in page["changes"]["meetings"]] == [[goal["id"]]]
    assert [g["progress"]["meetings"] for g in page["changes"]["goals"]] == [1]


def test_bulk_updates_are_recorded_by_primary_key_and_by_where_clause(app, alice):
    first, second, untouched = (new_contact(alice, name=name) for name in ("First", "Second", "Untouched"))
    since = synced(alice)

    with app.app_context():
        db.session.execute(update(Contact), [{"id": first["id"], "company": "Northwind"}])
        db.session.execute(update(Contact).where(Contact.id == second["id"]).values(company="Contoso"))
        # A WHERE clause that matches no row records nothing.
        db.session.execute(
            update(Contact).where(Contact.id == untouched["id"], Contact.name == "Someone else").values(company="X")
        )
        db.session.commit()

    page = sync(alice, since)
    assert {c["name"]: c["company"] for c in page["changes"]["contacts"]} == {
        "First": "Northwind",
        "Second": "Contoso",
    }


def test_a_bulk_delete_leaves_tombstones_for_everything_deleted_with_it(app, alice):
    meeting = new_meeting(alice)
    since = synced(alice)

    with app.app_context():
        db.session.execute(delete(Contact).where(Contact.id == meeting["contact_id"]))
        db.session.commit()

    assert sorted((gone["type"], gone["id"]) for gone in sync(alice, since)["deleted"]) == [
        ("contacts", meeting["contact_id"]),
        ("meetings", meeting["id"]),
    ]


def test_a_bulk_statement_whose_rows_cannot_be_told_is_refused(app, alice):
    contact = new_contact(alice)

    with app.app_context(), pytest.raises(UnrecordedStatement):
        db.session.execute(
            Contact.__table__.update().where(Contact.__table__.c.id == bindparam("b_id")).values(company="X"),
            [{"b_id": contact["id"]}],
        )


def test_an_imported_account_is_all_in_the_next_delta(alice, accounts):
    # POST /api/v1/import restores a document with bulk inserts and bulk updates by primary key.
    one_of_everything(alice, 2)
    document = read(alice, "/api/v1/export")
    carol = accounts.new(name="Carol")
    since = synced(carol)

    assert carol.post("/api/v1/import", json=document).status_code == 201

    copy = Copy()
    copy.since = since
    expected = everything(carol)
    for kind, builtin in builtin_ids(carol).items():
        expected[kind] = {i: obj for i, obj in expected[kind].items() if i not in builtin}
    assert copy.catch_up(carol).objects == expected
    assert len(copy.objects["contacts"]) == 4 and all(copy.objects.values())


def test_contacts_imported_from_a_file_are_in_the_next_delta(alice):
    existing = new_contact(alice, name="Ana Lima", email="ana@example.org")
    since = synced(alice)
    csv = "name,email,company\nAna Lima,ana@example.org,Contoso\nSam Okafor,sam@example.org,Northwind\n"

    response = alice.post(f"{CONTACTS}/import", data=csv.encode(), content_type="text/csv")

    assert response.status_code == 200, response.get_json()
    page = sync(alice, since)
    assert {c["name"]: c["company"] for c in page["changes"]["contacts"]} == {
        "Ana Lima": "Contoso",
        "Sam Okafor": "Northwind",
    }
    assert read(alice, f"{CONTACTS}/{existing['id']}") in page["changes"]["contacts"]
