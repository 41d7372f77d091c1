"""Meetings with their contact embedded on request: `?expand=contact` adds each meeting's `contact`
(id, name, company) to the list and to one meeting, for the cost of one query whatever the page's
size; without it the answers are what they were, and so is delta sync.
"""

from __future__ import annotations

import pytest

from tests.api.syncing import sync
from tests.factories import MEETINGS, assert_problem, new_contact, new_meeting, read

EXPAND = {"expand": "contact"}


def item(meeting_id: int) -> str:
    return f"{MEETINGS}/{meeting_id}"


def listed(account, **query) -> list[dict]:
    response = account.get(MEETINGS, query_string={"limit": 100, **query})
    assert response.status_code == 200, response.get_json()
    return response.get_json()["items"]


# --- expanded ------------------------------------------------------------------------------


def test_the_list_embeds_each_meetings_contact_when_asked(alice):
    priya = new_contact(alice, name="Priya Raman", company="Northwind Analytics", email="priya@example.org")
    sam = new_contact(alice, name="Sam Okafor")
    with_priya = new_meeting(alice, contact_id=priya["id"], starts_at="2099-01-01T09:00:00Z")
    with_sam = new_meeting(alice, contact_id=sam["id"], starts_at="2099-02-01T09:00:00Z")

    meetings = listed(alice, **EXPAND)

    assert [(m["id"], m["contact"]) for m in meetings] == [
        (with_priya["id"], {"id": priya["id"], "name": "Priya Raman", "company": "Northwind Analytics"}),
        (with_sam["id"], {"id": sam["id"], "name": "Sam Okafor", "company": None}),
    ]


def test_one_meeting_embeds_its_contact_when_asked(alice):
    priya = new_contact(alice, name="Priya Raman", company="Northwind Analytics")
    meeting = new_meeting(alice, contact_id=priya["id"])

    expanded = read(alice, f"{item(meeting['id'])}?expand=contact")

    assert expanded["contact"] == {"id": priya["id"], "name": "Priya Raman", "company": "Northwind Analytics"}
    assert {key: value for key, value in expanded.items() if key != "contact"} == read(alice, item(meeting["id"]))


def test_the_expanded_list_is_the_list_with_the_contact_added(alice):
    for _ in range(3):
        new_meeting(alice)
    plain = listed(alice)
    expanded = listed(alice, **EXPAND)
    assert [{key: value for key, value in m.items() if key != "contact"} for m in expanded] == plain
    assert all(m["contact"]["id"] == m["contact_id"] for m in expanded)


def test_the_embedded_contact_is_the_contact_as_it_is_now(alice):
    priya = new_contact(alice, name="Priya Raman")
    meeting = new_meeting(alice, contact_id=priya["id"])
    alice.patch(f"/api/v1/contacts/{priya['id']}", json={"name": "Priya Shah", "company": "Contoso"})
    assert read(alice, f"{item(meeting['id'])}?expand=contact")["contact"]["name"] == "Priya Shah"
    assert listed(alice, **EXPAND)[0]["contact"]["company"] == "Contoso"


def test_the_list_filters_and_pages_as_without_expand(alice):
    priya, sam = new_contact(alice, name="Priya"), new_contact(alice, name="Sam")
    for starts in ("2099-01-01T09:00:00Z", "2099-02-01T09:00:00Z", "2099-03-01T09:00:00Z"):
        new_meeting(alice, contact_id=priya["id"], starts_at=starts)
    new_meeting(alice, contact_id=sam["id"])

    first = alice.get(MEETINGS, query_string={"contact_id": priya["id"], "limit": 2, **EXPAND}).get_json()
    second = alice.get(
        MEETINGS, query_string={"contact_id": priya["id"], "limit": 2, "cursor": first["next_cursor"], **EXPAND}
    ).get_json()

    pages = first["items"] + second["items"]
    assert second["next_cursor"] is None
    assert [m["contact"]["name"] for m in pages] == ["Priya"] * 3


# --- not expanded: as before -------------------------------------------------------------


def test_without_expand_no_meeting_answer_carries_a_contact(alice):
    meeting = new_meeting(alice)
    changed = alice.patch(item(meeting["id"]), json={"status": "confirmed"}).get_json()
    assert "contact" not in meeting and "contact" not in changed
    assert "contact" not in read(alice, item(meeting["id"]))
    assert all("contact" not in m for m in listed(alice))


def test_delta_sync_shows_meetings_without_their_contact(alice):
    new_meeting(alice)
    (meeting,) = sync(alice)["changes"]["meetings"]
    assert "contact" not in meeting and meeting == read(alice, item(meeting["id"]))


# --- refused -----------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["goals", "Contact", "contact,goals", ""])
def test_an_unknown_expansion_is_a_422_problem_naming_the_parameter(alice, value):
    meeting = new_meeting(alice)
    for url in (MEETINGS, item(meeting["id"])):
        problem = assert_problem(alice.get(url, query_string={"expand": value}), 422, "validation_failed")
        assert "expand" in problem["errors"], problem


def test_expanding_someone_elses_meeting_is_a_404(alice, bob):
    meeting = new_meeting(alice)
    assert_problem(bob.get(f"{item(meeting['id'])}?expand=contact"), 404)
    assert listed(bob, **EXPAND) == []


# --- ETags ---------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["list", "item"])
def test_the_expanded_answer_has_an_etag_of_its_own(alice, url):
    meeting = new_meeting(alice)
    path = MEETINGS if url == "list" else item(meeting["id"])
    plain = alice.get(path).headers["ETag"]
    expanded = alice.get(path, query_string=EXPAND).headers["ETag"]

    assert plain != expanded
    assert alice.get(path, query_string=EXPAND, headers={"If-None-Match": plain}).status_code == 200
    assert alice.get(path, query_string=EXPAND, headers={"If-None-Match": expanded}).status_code == 304
    assert alice.get(path, headers={"If-None-Match": expanded}).status_code == 200


def test_renaming_the_contact_changes_the_expanded_etag_only(alice):
    priya = new_contact(alice, name="Priya Raman")
    new_meeting(alice, contact_id=priya["id"])
    plain, expanded = alice.get(MEETINGS).headers["ETag"], alice.get(MEETINGS, query_string=EXPAND).headers["ETag"]

    alice.patch(f"/api/v1/contacts/{priya['id']}", json={"name": "Priya Shah"})

    assert alice.get(MEETINGS, headers={"If-None-Match": plain}).status_code == 304
    assert alice.get(MEETINGS, query_string=EXPAND, headers={"If-None-Match": expanded}).status_code == 200


def test_a_patch_takes_the_etag_of_the_meeting_without_expand(alice):
    meeting = new_meeting(alice)
    plain = alice.get(item(meeting["id"])).headers["ETag"]
    expanded = alice.get(item(meeting["id"]), query_string=EXPAND).headers["ETag"]
    stale = alice.patch(item(meeting["id"]), json={"location": "Here"}, headers={"If-Match": expanded})
    assert_problem(stale, 412)
    assert alice.patch(item(meeting["id"]), json={"location": "Here"}, headers={"If-Match": plain}).status_code == 200


# --- cost ------------------------------------------------------------------------------------


def test_the_expanded_list_costs_the_same_queries_for_1_or_20_meetings_with_as_many_contacts(alice, queries):
    def count_for_listing() -> int:
        before = queries.count
        meetings = listed(alice, **EXPAND)
        assert all(m["contact"]["name"] for m in meetings)
        return queries.count - before

    new_meeting(alice, contact_id=new_contact(alice, name="Contact 0", tags=["a", "b"])["id"])
    one = count_for_listing()
    for n in range(1, 20):
        new_meeting(alice, contact_id=new_contact(alice, name=f"Contact {n}", tags=["a", "b"])["id"])
    twenty = count_for_listing()

    assert one == twenty
    before = queries.count
    listed(alice)
    assert twenty == queries.count - before + 1  # one query more than the list without expand: the contacts


def test_one_expanded_meeting_costs_one_query_more(alice, queries):
    meeting = new_meeting(alice, contact_id=new_contact(alice, tags=["a"])["id"])
    before = queries.count
    read(alice, item(meeting["id"]))
    plain = queries.count - before
    before = queries.count
    read(alice, f"{item(meeting['id'])}?expand=contact")
    assert queries.count - before == plain + 1


def test_the_embedded_contacts_are_read_without_their_other_columns(alice, queries):
    new_meeting(alice, contact_id=new_contact(alice, notes="private notes", tags=["a"])["id"])
    before = len(queries.statements)
    listed(alice, **EXPAND)
    (contacts_query,) = [sql for sql in queries.statements[before:] if "FROM contacts" in sql]
    assert "notes" not in contacts_query and "contact_tags" not in " ".join(queries.statements[before:])
