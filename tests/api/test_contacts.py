"""Contacts: the first resource, and the conventions every later resource copies."""

from __future__ import annotations

import re
from functools import partial

import pytest

from tests.conftest import run_together
from tests.factories import CONTACTS

RFC3339_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")

FULL_CONTACT = {
    "name": "Priya Raman",
    "email": "priya@example.org",
    "phone": "+44 20 7946 0958",
    "company": "Northwind Analytics",
    "title": "Head of Data Science",
    "industry": "Healthcare analytics",
    "location": "London",
    "linkedin_url": "https://www.linkedin.com/in/priya-raman",
    "how_met": "PyData London talk",
    "tags": ["data", "mentor"],
    "notes": "Prefers mornings.",
    "research_notes": "Led the triage model project.",
}


def item(contact_id: int) -> str:
    return f"{CONTACTS}/{contact_id}"


def create(account, **fields) -> dict:
    response = account.post(CONTACTS, json={"name": "Someone", **fields})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def list_all(account, query: str = "", limit: int = 100) -> list[dict]:
    return account.get(f"{CONTACTS}?limit={limit}{query}").get_json()["items"]


# --- create and read ------------------------------------------------------------------


def test_create_stores_every_field_and_answers_with_location(alice):
    response = alice.post(CONTACTS, json=FULL_CONTACT)
    assert response.status_code == 201
    contact = response.get_json()
    assert {k: contact[k] for k in FULL_CONTACT} == FULL_CONTACT
    assert response.headers["Location"] == item(contact["id"])
    assert alice.get(response.headers["Location"]).get_json() == contact


def test_a_new_contact_has_utc_timestamps_and_empty_optional_fields(alice):
    contact = create(alice, name="Only A Name")
    assert RFC3339_UTC.match(contact["created_at"]) and RFC3339_UTC.match(contact["updated_at"])
    assert contact["tags"] == []
    assert contact["email"] is None and contact["referred_by_id"] is None


def test_tags_keep_their_order_and_drop_duplicates_in_any_case(alice):
    assert create(alice, tags=["Data", "mentor", "data", " mentor "])["tags"] == ["Data", "mentor"]


@pytest.mark.parametrize(
    ("fields", "invalid"),
    [
        ({"name": None}, "name"),
        ({"name": "   "}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"email": "priya at example"}, "email"),
        ({"linkedin_url": "ftp://example.org/in/x"}, "linkedin_url"),
        ({"tags": ["t"] * 21}, "tags"),
        ({"tags": ["x" * 51]}, "tags"),
        ({"tags": None}, "tags"),
        ({"referred_by_id": "7"}, "referred_by_id"),
        ({"referred_by_id": True}, "referred_by_id"),
        ({"notes": "n" * 10_001}, "notes"),
    ],
)
def test_invalid_fields_are_rejected_and_nothing_is_created(alice, fields, invalid):
    response = alice.post(CONTACTS, json={"name": "Valid Name", **fields})
    assert response.status_code == 422
    assert invalid in response.get_json()["errors"]
    assert list_all(alice) == []


def test_the_name_is_required(alice):
    response = alice.post(CONTACTS, json={"email": "a@example.com"})
    assert response.status_code == 422
    assert response.get_json()["errors"]["name"] == ["Missing data for required field."]


# --- update ---------------------------------------------------------------------------


def test_patch_changes_only_the_fields_sent(alice):
    contact = create(alice, **FULL_CONTACT)
    response = alice.patch(item(contact["id"]), json={"title": "CTO", "tags": ["founder"]})
    assert response.status_code == 200
    changed = response.get_json()
    assert changed["title"] == "CTO" and changed["tags"] == ["founder"]
    assert changed["company"] == FULL_CONTACT["company"]
    assert changed["notes"] == FULL_CONTACT["notes"]


def test_patch_with_null_clears_a_nullable_field(alice):
    contact = create(alice, email="x@example.com")
    assert alice.patch(item(contact["id"]), json={"email": None}).get_json()["email"] is None


def test_patch_cannot_set_the_id_or_timestamps(alice):
    contact = create(alice)
    response = alice.patch(item(contact["id"]), json={"id": 999, "created_at": "2020-01-01T00:00:00Z"})
    assert response.status_code == 422
    assert set(response.get_json()["errors"]) == {"id", "created_at"}


def test_patch_with_a_stale_if_match_is_refused_and_changes_nothing(alice):
    contact = create(alice, title="Analyst")
    stale = alice.get(item(contact["id"])).headers["ETag"]
    alice.patch(item(contact["id"]), json={"title": "Lead"})

    response = alice.patch(item(contact["id"]), json={"title": "Director"}, headers={"If-Match": stale})

    assert response.status_code == 412
    assert alice.get(item(contact["id"])).get_json()["title"] == "Lead"


def test_patch_with_the_current_if_match_succeeds(alice):
    contact = create(alice)
    etag = alice.get(item(contact["id"])).headers["ETag"]
    response = alice.patch(item(contact["id"]), json={"title": "Lead"}, headers={"If-Match": etag})
    assert response.status_code == 200
    assert response.headers["ETag"] != etag


def test_a_patch_with_the_stored_values_changes_nothing(alice, queries):
    contact = alice.post(CONTACTS, json={"name": "Priya Raman", "title": "Analyst", "tags": ["data"]}).get_json()
    etag = alice.get(f"{CONTACTS}/{contact['id']}").headers["ETag"]
    queries.statements.clear()

    same = alice.patch(f"{CONTACTS}/{contact['id']}", json={"title": "Analyst", "tags": ["data"]})

    writes = [sql for sql in queries.statements if sql.split()[0] in {"INSERT", "UPDATE", "DELETE"}]
    assert writes == []
    assert same.status_code == 200 and same.get_json()["updated_at"] == contact["updated_at"]
    assert alice.get(f"{CONTACTS}/{contact['id']}", headers={"If-None-Match": etag}).status_code == 304


def test_get_answers_304_while_the_contact_is_unchanged(alice):
    contact = create(alice)
    etag = alice.get(item(contact["id"])).headers["ETag"]
    assert alice.get(item(contact["id"]), headers={"If-None-Match": etag}).status_code == 304
    alice.patch(item(contact["id"]), json={"title": "Lead"})
    assert alice.get(item(contact["id"]), headers={"If-None-Match": etag}).status_code == 200


def test_concurrent_patches_of_different_fields_all_stick(app, alice):
    contact = create(alice)
    fields = ["phone", "company", "title", "industry", "location", "how_met", "notes", "research_notes"]
    patches = [
        partial(app.test_client().patch, item(contact["id"]), json={f: f"set {f}"}, headers=alice.headers)
        for f in fields
    ]

    assert [response.status_code for response in run_together(*patches)] == [200] * len(fields)
    final = alice.get(item(contact["id"])).get_json()
    assert {f: final[f] for f in fields} == {f: f"set {f}" for f in fields}


# --- referrals ------------------------------------------------------------------------


def test_referred_by_links_two_of_my_contacts(alice):
    introducer = create(alice, name="Introducer")
    contact = create(alice, name="Introduced", referred_by_id=introducer["id"])
    assert contact["referred_by_id"] == introducer["id"]


def test_a_referral_loop_is_invalid(alice):
    first = create(alice, name="First")
    second = create(alice, name="Second", referred_by_id=first["id"])
    itself = alice.patch(item(first["id"]), json={"referred_by_id": first["id"]})
    loop = alice.patch(item(first["id"]), json={"referred_by_id": second["id"]})
    assert itself.status_code == loop.status_code == 422
    assert alice.get(item(first["id"])).get_json()["referred_by_id"] is None


def test_deleting_a_contact_clears_referred_by_on_those_they_introduced(alice):
    introducer = create(alice, name="Introducer")
    contact = create(alice, name="Introduced", referred_by_id=introducer["id"])
    assert alice.delete(item(introducer["id"])).status_code == 204
    assert alice.get(item(contact["id"])).get_json()["referred_by_id"] is None


# --- delete ---------------------------------------------------------------------------


def test_delete_removes_the_contact(alice):
    contact = create(alice)
    assert alice.delete(item(contact["id"])).status_code == 204
    assert alice.get(item(contact["id"])).status_code == 404


def test_delete_with_a_stale_if_match_keeps_the_contact(alice):
    contact = create(alice)
    stale = alice.get(item(contact["id"])).headers["ETag"]
    alice.patch(item(contact["id"]), json={"title": "Changed"})
    assert alice.delete(item(contact["id"]), headers={"If-Match": stale}).status_code == 412
    assert alice.get(item(contact["id"])).status_code == 200


# --- listing --------------------------------------------------------------------------


def test_list_is_newest_first(alice):
    names = [create(alice, name=f"Contact {i}")["name"] for i in range(3)]
    assert [c["name"] for c in list_all(alice)] == list(reversed(names))


def test_pages_cover_every_contact_exactly_once(alice):
    created = {create(alice, name=f"Contact {i}")["id"] for i in range(7)}
    seen: list[int] = []
    cursor, pages = None, 0
    while True:
        url = f"{CONTACTS}?limit=3" + (f"&cursor={cursor}" if cursor else "")
        page = alice.get(url).get_json()
        seen += [c["id"] for c in page["items"]]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert pages == 3
    assert sorted(seen) == sorted(created) and len(seen) == len(set(seen))


def test_paging_neither_repeats_nor_skips_when_contacts_change_meanwhile(alice):
    ids = [create(alice, name=f"Contact {i}")["id"] for i in range(6)]  # newest last
    first = alice.get(f"{CONTACTS}?limit=2").get_json()
    create(alice, name="Added while paging")
    alice.delete(item(ids[3]))  # on page one? no: page one holds ids[5], ids[4]
    rest: list[int] = []
    cursor = first["next_cursor"]
    while cursor:
        page = alice.get(f"{CONTACTS}?limit=2&cursor={cursor}").get_json()
        rest += [c["id"] for c in page["items"]]
        cursor = page["next_cursor"]
    assert [c["id"] for c in first["items"]] == [ids[5], ids[4]]
    assert rest == [ids[2], ids[1], ids[0]]


def test_limit_defaults_to_25(alice):
    for i in range(26):
        create(alice, name=f"Contact {i}")
    page = alice.get(CONTACTS).get_json()
    assert len(page["items"]) == 25 and page["next_cursor"] is not None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=northwind", {"Priya"}),
        ("q=PRIYA", {"Priya"}),
        ("q=%40example.net", {"Sam"}),
        ("q=founder", {"Sam"}),
        ("q=mornings", {"Priya"}),
        ("q=100%25", {"Lee"}),
        ("tag=MENTOR", {"Priya", "Lee"}),
        ("company=northwind%20analytics", {"Priya"}),
        ("tag=mentor&q=lee", {"Lee"}),
    ],
)
def test_filters(alice, query, expected):
    create(alice, name="Priya", company="Northwind Analytics", tags=["mentor"], notes="Prefers mornings")
    create(alice, name="Sam", email="sam@example.net", title="Founder")
    create(alice, name="Lee", tags=["Mentor"], notes="Gives 100% in meetings")
    assert {c["name"] for c in list_all(alice, "&" + query)} == expected


def test_list_answers_304_while_nothing_changed(alice):
    create(alice)
    etag = alice.get(CONTACTS).headers["ETag"]
    assert alice.get(CONTACTS, headers={"If-None-Match": etag}).status_code == 304
    create(alice, name="Another")
    assert alice.get(CONTACTS, headers={"If-None-Match": etag}).status_code == 200


def test_listing_costs_the_same_number_of_queries_for_2_or_50_contacts(alice, queries):
    def count_for_listing() -> int:
        before = queries.count
        assert alice.get(f"{CONTACTS}?limit=100").status_code == 200
        return queries.count - before

    for i in range(2):
        create(alice, name=f"C{i}", tags=["a", "b"])
    small = count_for_listing()
    for i in range(48):
        create(alice, name=f"D{i}", tags=["a", "b", "c"])
    large = count_for_listing()
    assert small == large <= 6


# --- ownership ------------------------------------------------------------------------


def test_lists_show_only_my_contacts(alice, bob):
    create(alice, name="Alice's", tags=["shared"])
    create(bob, name="Bob's", tags=["shared"])
    assert [c["name"] for c in list_all(bob)] == ["Bob's"]
    assert [c["name"] for c in list_all(bob, "&tag=shared")] == ["Bob's"]


def test_deleting_a_referrer_while_someone_names_them_never_fails_with_a_500(app, alice):
    outcomes: set[tuple[int, int]] = set()
    for round_ in range(10):
        referrer = create(alice, name=f"Referrer {round_}")
        body = {"name": "Introduced", "referred_by_id": referrer["id"]}
        created, deleted = run_together(
            partial(app.test_client().post, CONTACTS, json=body, headers=alice.headers),
            partial(app.test_client().delete, item(referrer["id"]), headers=alice.headers),
        )
        outcomes.add((created.status_code, deleted.status_code))

    # Either the new contact got in first (and lost its referrer with the delete) or it was refused.
    assert outcomes <= {(201, 204), (422, 204)}
    assert all(c["referred_by_id"] is None for c in list_all(alice))
