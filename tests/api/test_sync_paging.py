"""Paging a sync: a full sync pages through everything once, the built-in banks first and what was
deleted before it started left out; limit pages a delta, 100 by default and 500 at most; an
unchanged sync answers 304 to its ETag, and a page costs the same queries for few or many objects.
"""

from __future__ import annotations

from tests.api.syncing import Copy, builtin_ids, everything, one_of_everything, sync, sync_problem, synced
from tests.factories import CONTACTS, SYNC, new_contact, new_goal

# --- a full sync -----------------------------------------------------------------------


def test_a_full_sync_pages_through_everything_once(alice):
    one_of_everything(alice, 2)

    copy = Copy().catch_up(alice, limit=7)

    assert copy.objects == everything(alice)
    sent = [(kind, obj["id"]) for page in copy.pages for kind, objs in page["changes"].items() for obj in objs]
    assert len(sent) == len(set(sent))  # nothing twice
    assert all(page["has_more"] for page in copy.pages[:-1]) and not copy.pages[-1]["has_more"]
    assert all(page["deleted"] == [] for page in copy.pages)


def test_a_full_sync_sends_the_built_in_banks_first_and_a_delta_never_again(alice):
    builtin = builtin_ids(alice)
    new_contact(alice)

    first = sync(alice, limit=len(builtin["question_banks"]) + len(builtin["questions"]))

    assert {b["id"] for b in first["changes"]["question_banks"]} == builtin["question_banks"]
    assert {q["id"] for q in first["changes"]["questions"]} == builtin["questions"]
    assert first["changes"]["contacts"] == [] and first["has_more"]
    rest = Copy()
    rest.since = first["next_since"]
    rest.catch_up(alice)
    assert rest.objects["question_banks"] == {} and rest.objects["questions"] == {}
    assert len(rest.objects["contacts"]) == 1
    new_goal(alice)
    delta = sync(alice, rest.since)
    assert delta["changes"]["question_banks"] == [] and delta["changes"]["questions"] == []


def test_a_full_sync_leaves_out_what_was_deleted_before_it_started(alice):
    gone = new_contact(alice, name="Gone")
    assert alice.delete(f"{CONTACTS}/{gone['id']}").status_code == 204

    copy = Copy().catch_up(alice, limit=500)

    assert [page["deleted"] for page in copy.pages] == [[]]


def test_a_full_sync_sends_what_is_deleted_while_it_pages(alice):
    contacts = [new_contact(alice, name=f"C{i}") for i in range(3)]
    copy = Copy()
    while not copy.objects["contacts"]:
        copy.apply(sync(alice, copy.since, limit=20))

    assert alice.delete(f"{CONTACTS}/{contacts[0]['id']}").status_code == 204
    copy.catch_up(alice, limit=20)

    assert copy.objects == everything(alice)
    assert {"type": "contacts", "id": contacts[0]["id"]} in copy.pages[-1]["deleted"]


# --- paging ----------------------------------------------------------------------------


def test_limit_pages_the_changes_and_an_empty_page_keeps_the_position(alice):
    since = synced(alice)
    contacts = [new_contact(alice, name=f"C{i}") for i in range(5)]

    first = sync(alice, since, limit=2)
    second = sync(alice, first["next_since"], limit=2)
    third = sync(alice, second["next_since"], limit=2)
    empty = sync(alice, third["next_since"], limit=2)

    pages = [first, second, third]
    assert [[c["id"] for c in page["changes"]["contacts"]] for page in pages] == [
        [c["id"] for c in contacts[:2]],
        [c["id"] for c in contacts[2:4]],
        [contacts[4]["id"]],
    ]
    assert [page["has_more"] for page in (*pages, empty)] == [True, True, False, False]
    assert empty["changes"]["contacts"] == [] and empty["next_since"] == third["next_since"]


def test_limit_is_100_by_default_and_at_most_500(alice):
    builtin = sum(len(ids) for ids in builtin_ids(alice).values())
    for i in range(101 - builtin):
        new_contact(alice, name=f"C{i}")

    page = sync(alice)

    assert sum(len(objects) for objects in page["changes"].values()) == 100 and page["has_more"]
    problem = sync_problem(alice, 422, limit=501)
    assert "limit" in problem["errors"]


def test_an_empty_since_is_a_full_sync_as_for_a_client_without_a_token_yet(alice):
    new_contact(alice, name="Ana")
    assert sync(alice, since="") == sync(alice)


def test_a_sync_answers_with_an_etag_and_304_while_nothing_changed(alice):
    since = synced(alice)
    response = alice.get(SYNC, query_string={"since": since})
    etag = response.headers["ETag"]

    assert alice.get(SYNC, query_string={"since": since}, headers={"If-None-Match": etag}).status_code == 304
    new_contact(alice)
    assert alice.get(SYNC, query_string={"since": since}, headers={"If-None-Match": etag}).status_code == 200


def test_a_sync_page_costs_the_same_queries_for_few_or_many_objects(alice, queries):
    def count_for_full_sync() -> int:
        before = queries.count
        page = sync(alice, limit=500)
        assert not page["has_more"]
        return queries.count - before

    one_of_everything(alice, 1)
    few = count_for_full_sync()
    one_of_everything(alice, 6)
    many = count_for_full_sync()

    assert few == many <= 16
