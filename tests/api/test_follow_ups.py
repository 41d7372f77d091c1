"""Follow-ups: what I owe my contacts after we talk, open until done."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.factories import CONTACTS, FOLLOW_UPS, MEETINGS, created, new_contact, new_meeting


def item(follow_up_id: int) -> str:
    return f"{FOLLOW_UPS}/{follow_up_id}"


def days_from_now(days: float) -> str:
    """An instant relative to now, as RFC 3339 with an offset."""
    return (datetime.now(UTC) + timedelta(days=days)).replace(microsecond=0).isoformat()


def body(account, **fields) -> dict:
    """A valid new follow-up, owed to a new contact unless a contact or meeting is named."""
    if "contact_id" not in fields and "meeting_id" not in fields:
        fields["contact_id"] = new_contact(account)["id"]
    return {"kind": "check_in", "due_at": days_from_now(7), **fields}


def create(account, **fields) -> dict:
    return created(account.post(FOLLOW_UPS, json=body(account, **fields)))


def list_all(account, **query) -> list[dict]:
    response = account.get(FOLLOW_UPS, query_string={"limit": 100, **query})
    assert response.status_code == 200, response.get_json()
    return response.get_json()["items"]


# --- create and read ------------------------------------------------------------------


def test_create_stores_every_field_and_answers_with_location(alice):
    priya = new_contact(alice)
    chat = new_meeting(alice, priya["id"])
    sent = {
        "contact_id": priya["id"],
        "meeting_id": chat["id"],
        "kind": "share_resource",
        "due_at": "2099-06-03T18:00:00+02:00",
        "done_at": None,
        "notes": "Send the link to the failure-review write-up she mentioned.",
    }
    response = alice.post(FOLLOW_UPS, json=sent)
    assert response.status_code == 201
    follow_up = response.get_json()
    assert {k: follow_up[k] for k in sent} == {**sent, "due_at": "2099-06-03T16:00:00Z"}
    assert response.headers["Location"] == item(follow_up["id"])
    assert alice.get(response.headers["Location"]).get_json() == follow_up


def test_a_follow_up_of_a_meeting_is_owed_to_the_meetings_contact_by_default(alice):
    priya = new_contact(alice)
    chat = new_meeting(alice, priya["id"])
    follow_up = create(alice, meeting_id=chat["id"], kind="report_back")
    assert follow_up["contact_id"] == priya["id"]
    assert follow_up["meeting_id"] == chat["id"]


def test_a_new_follow_up_is_open_and_tied_to_no_meeting(alice):
    follow_up = create(alice)
    assert follow_up["done_at"] is None and follow_up["meeting_id"] is None and follow_up["notes"] is None


def test_a_follow_up_must_say_whom_it_is_for(alice):
    response = alice.post(FOLLOW_UPS, json={"kind": "check_in", "due_at": days_from_now(1)})
    assert response.status_code == 422
    assert "contact_id" in response.get_json()["errors"]
    assert list_all(alice) == []


def test_the_meeting_must_be_with_the_same_contact(alice):
    priya, sam = new_contact(alice, name="Priya"), new_contact(alice, name="Sam")
    with_sam = new_meeting(alice, sam["id"])
    response = alice.post(FOLLOW_UPS, json=body(alice, contact_id=priya["id"], meeting_id=with_sam["id"]))
    assert response.status_code == 422
    assert "meeting_id" in response.get_json()["errors"]
    assert list_all(alice) == []


@pytest.mark.parametrize(
    ("fields", "invalid"),
    [
        ({"kind": "send_flowers"}, "kind"),
        ({"kind": None}, "kind"),
        ({"due_at": "2099-06-03T18:00:00"}, "due_at"),  # naive: no offset
        ({"due_at": None}, "due_at"),
        ({"done_at": "2099-06-03T18:00:00"}, "done_at"),
        ({"notes": "n" * 10_001}, "notes"),
        ({"contact_id": "7"}, "contact_id"),
        ({"contact_id": None}, "contact_id"),
        ({"surprise": True}, "surprise"),
    ],
)
def test_invalid_fields_are_rejected_and_nothing_is_created(alice, fields, invalid):
    response = alice.post(FOLLOW_UPS, json={**body(alice), **fields})
    assert response.status_code == 422
    assert invalid in response.get_json()["errors"]
    assert list_all(alice) == []


def test_kind_and_due_at_are_required(alice):
    response = alice.post(FOLLOW_UPS, json={"contact_id": new_contact(alice)["id"]})
    assert response.status_code == 422
    assert {"kind", "due_at"} <= set(response.get_json()["errors"])


# --- update ---------------------------------------------------------------------------


def test_setting_done_at_marks_it_done_and_null_reopens_it(alice):
    follow_up = create(alice)
    done = alice.patch(item(follow_up["id"]), json={"done_at": "2026-11-20T17:00:00+01:00"})
    assert done.status_code == 200
    assert done.get_json()["done_at"] == "2026-11-20T16:00:00Z"
    assert [f["id"] for f in list_all(alice, state="done")] == [follow_up["id"]]

    reopened = alice.patch(item(follow_up["id"]), json={"done_at": None}).get_json()
    assert reopened["done_at"] is None
    assert [f["id"] for f in list_all(alice, state="open")] == [follow_up["id"]]


def test_patch_changes_only_the_fields_sent(alice):
    follow_up = create(alice, kind="ask_intro", notes="Ask about Sam")
    changed = alice.patch(item(follow_up["id"]), json={"due_at": "2099-01-01T09:00:00Z"}).get_json()
    assert changed["due_at"] == "2099-01-01T09:00:00Z"
    assert changed["kind"] == "ask_intro" and changed["notes"] == "Ask about Sam"


def test_detaching_a_follow_up_from_its_meeting_keeps_its_contact(alice):
    priya = new_contact(alice)
    follow_up = create(alice, meeting_id=new_meeting(alice, priya["id"])["id"])
    detached = alice.patch(item(follow_up["id"]), json={"meeting_id": None})
    assert detached.status_code == 200
    assert detached.get_json()["meeting_id"] is None and detached.get_json()["contact_id"] == priya["id"]


def test_moving_a_follow_up_to_another_contact_than_its_meetings_is_refused(alice):
    priya, sam = new_contact(alice, name="Priya"), new_contact(alice, name="Sam")
    follow_up = create(alice, meeting_id=new_meeting(alice, priya["id"])["id"])
    response = alice.patch(item(follow_up["id"]), json={"contact_id": sam["id"]})
    assert response.status_code == 422
    assert "meeting_id" in response.get_json()["errors"]
    assert alice.get(item(follow_up["id"])).get_json()["contact_id"] == priya["id"]


def test_patch_with_a_stale_if_match_is_refused_and_changes_nothing(alice):
    follow_up = create(alice, notes="First")
    stale = alice.get(item(follow_up["id"])).headers["ETag"]
    alice.patch(item(follow_up["id"]), json={"notes": "Second"})

    response = alice.patch(item(follow_up["id"]), json={"notes": "Third"}, headers={"If-Match": stale})

    assert response.status_code == 412
    assert alice.get(item(follow_up["id"])).get_json()["notes"] == "Second"


def test_get_answers_304_while_the_follow_up_is_unchanged(alice):
    follow_up = create(alice)
    etag = alice.get(item(follow_up["id"])).headers["ETag"]
    assert alice.get(item(follow_up["id"]), headers={"If-None-Match": etag}).status_code == 304
    alice.patch(item(follow_up["id"]), json={"notes": "Changed"})
    assert alice.get(item(follow_up["id"]), headers={"If-None-Match": etag}).status_code == 200


# --- delete ---------------------------------------------------------------------------


def test_delete_removes_the_follow_up(alice):
    follow_up = create(alice)
    assert alice.delete(item(follow_up["id"])).status_code == 204
    assert alice.get(item(follow_up["id"])).status_code == 404


def test_delete_with_a_stale_if_match_keeps_the_follow_up(alice):
    follow_up = create(alice)
    stale = alice.get(item(follow_up["id"])).headers["ETag"]
    alice.patch(item(follow_up["id"]), json={"notes": "Changed"})
    assert alice.delete(item(follow_up["id"]), headers={"If-Match": stale}).status_code == 412
    assert alice.get(item(follow_up["id"])).status_code == 200


def test_a_follow_up_outlives_its_deleted_meeting(alice):
    priya = new_contact(alice)
    chat = new_meeting(alice, priya["id"])
    follow_up = create(alice, meeting_id=chat["id"])
    assert alice.delete(f"{MEETINGS}/{chat['id']}").status_code == 204
    kept = alice.get(item(follow_up["id"])).get_json()
    assert kept["meeting_id"] is None and kept["contact_id"] == priya["id"]


def test_deleting_a_contact_deletes_what_i_owe_them(alice):
    priya, sam = new_contact(alice, name="Priya"), new_contact(alice, name="Sam")
    create(alice, contact_id=priya["id"])
    create(alice, meeting_id=new_meeting(alice, priya["id"])["id"])
    kept = create(alice, contact_id=sam["id"])
    assert alice.delete(f"{CONTACTS}/{priya['id']}").status_code == 204
    assert [f["id"] for f in list_all(alice)] == [kept["id"]]


# --- listing --------------------------------------------------------------------------


def test_list_is_soonest_due_first(alice):
    later = create(alice, due_at=days_from_now(30))
    overdue = create(alice, due_at=days_from_now(-3))
    sooner = create(alice, due_at=days_from_now(2))
    assert [f["id"] for f in list_all(alice)] == [overdue["id"], sooner["id"], later["id"]]


def test_pages_cover_every_follow_up_once_in_order_even_when_several_are_due_together(alice):
    priya = new_contact(alice)
    dues = ["2099-01-01T09:00:00Z", "2099-01-02T09:00:00Z", "2099-01-02T09:00:00Z", "2099-01-02T09:00:00Z"]
    dues += ["2099-01-03T09:00:00Z", "2099-01-03T09:00:00Z", "2099-01-04T09:00:00Z"]
    created = [create(alice, contact_id=priya["id"], due_at=due) for due in reversed(dues)]
    expected = [f["id"] for f in sorted(created, key=lambda f: (f["due_at"], f["id"]))]

    seen: list[int] = []
    cursor, pages = None, 0
    while True:
        page = alice.get(FOLLOW_UPS, query_string={"limit": 3} | ({"cursor": cursor} if cursor else {})).get_json()
        seen += [f["id"] for f in page["items"]]
        pages += 1
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert pages == 3
    assert seen == expected


@pytest.fixture
def owed(alice) -> dict[str, dict]:
    """Four follow-ups to two contacts: overdue, due soon, done (and late), and tied to a meeting."""
    priya, sam = new_contact(alice, name="Priya"), new_contact(alice, name="Sam")
    chat = new_meeting(alice, sam["id"])
    return {
        "overdue": create(alice, contact_id=priya["id"], kind="thank_you", due_at=days_from_now(-2)),
        "soon": create(alice, contact_id=priya["id"], kind="check_in", due_at=days_from_now(3)),
        "done": create(
            alice, contact_id=sam["id"], kind="thank_you", due_at=days_from_now(-5), done_at=days_from_now(-4)
        ),
        "of_meeting": create(alice, meeting_id=chat["id"], kind="report_back", due_at=days_from_now(40)),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"state": "open"}, {"overdue", "soon", "of_meeting"}),
        ({"state": "done"}, {"done"}),
        ({"state": "overdue"}, {"overdue"}),
        ({"kind": "thank_you"}, {"overdue", "done"}),
        ({"kind": "thank_you", "state": "open"}, {"overdue"}),
    ],
)
def test_filters(alice, owed, query, expected):
    names = {f["id"]: name for name, f in owed.items()}
    assert {names[f["id"]] for f in list_all(alice, **query)} == expected


def test_filter_due_before(alice, owed):
    names = {f["id"]: name for name, f in owed.items()}
    assert {names[f["id"]] for f in list_all(alice, due_before=days_from_now(0))} == {"overdue", "done"}
    assert {names[f["id"]] for f in list_all(alice, due_before=days_from_now(10))} == {"overdue", "done", "soon"}


def test_filter_by_contact(alice, owed):
    names = {f["id"]: name for name, f in owed.items()}
    priya_id = owed["overdue"]["contact_id"]
    assert {names[f["id"]] for f in list_all(alice, contact_id=priya_id)} == {"overdue", "soon"}


def test_filter_by_meeting(alice, owed):
    names = {f["id"]: name for name, f in owed.items()}
    meeting_id = owed["of_meeting"]["meeting_id"]
    assert {names[f["id"]] for f in list_all(alice, meeting_id=meeting_id)} == {"of_meeting"}


@pytest.mark.parametrize(
    "query", [{"state": "late"}, {"kind": "send_flowers"}, {"due_before": "2099-01-01T09:00:00"}, {"cursor": "x"}]
)
def test_invalid_filters_are_a_422(alice, query):
    response = alice.get(FOLLOW_UPS, query_string=query)
    assert response.status_code == 422
    assert set(query) <= set(response.get_json()["errors"])


def test_listing_costs_the_same_number_of_queries_for_2_or_20_follow_ups(alice, queries):
    def count_for_listing() -> int:
        before = queries.count
        assert alice.get(FOLLOW_UPS, query_string={"limit": 100}).status_code == 200
        return queries.count - before

    priya = new_contact(alice)
    chat = new_meeting(alice, priya["id"])
    for _ in range(2):
        create(alice, meeting_id=chat["id"])
    small = count_for_listing()
    for _ in range(18):
        create(alice, meeting_id=chat["id"])
    large = count_for_listing()
    assert small == large <= 6


# --- ownership ------------------------------------------------------------------------


def test_lists_show_only_my_follow_ups(alice, bob):
    create(alice, kind="thank_you")
    mine = create(bob, kind="thank_you")
    assert [f["id"] for f in list_all(bob)] == [mine["id"]]
    assert [f["id"] for f in list_all(bob, kind="thank_you", state="open")] == [mine["id"]]
