"""Conditional GETs: every JSON GET answers with an ETag and gives 304 to it; a list's ETag follows its page.

A list's ETag is computed from the page as sent and from the query that chose it, so it changes
when an item on the page changes, when one is added or deleted, and between cursors, limits and
filters, even where two pages look alike.
"""

from __future__ import annotations

import re

import pytest

from service.reminders import unsubscribe_token
from tests.conftest import TEST_SECRET
from tests.factories import (
    BANKS,
    CONTACTS,
    FOLLOW_UPS,
    GOALS,
    MEETINGS,
    committed_spec,
    created,
    new_contact,
    new_goal,
    new_meeting,
    plan_question,
    plan_url,
    subscribed_device,
    webhook_with_a_delivery,
)

URL_PARAMETER = re.compile(r"<(?:[^:<>]+:)?([^:<>]+)>")  # <int:contact_id> -> contact_id


def etag_of(response) -> str:
    assert response.status_code == 200, response.get_json()
    return response.headers["ETag"]


def not_modified(account, url: str, etag: str) -> bool:
    """Whether ``url`` answers 304 to ``etag``."""
    response = account.get(url, headers={"If-None-Match": etag})
    assert response.status_code in (200, 304), response.get_json()
    return response.status_code == 304


# --- every GET ---------------------------------------------------------------------------


@pytest.fixture
def path_values(alice, caldav_calendar) -> dict[str, object]:
    """A value for every URL parameter of the app: one of each of alice's things (a callable: made on use)."""
    contact = new_contact(alice)
    new_contact(alice, name="Sam Okafor", referred_by_id=contact["id"])
    goal = new_goal(alice)
    meeting = new_meeting(alice, contact["id"], goal_ids=[goal["id"]])
    planned = plan_question(alice, meeting["id"], text="What does a typical week look like for you?")
    outcome = created(
        alice.post(f"{MEETINGS}/{meeting['id']}/outcomes", json={"goal_id": goal["id"], "result": "progressed"})
    )
    follow_up = created(
        alice.post(FOLLOW_UPS, json={"kind": "check_in", "due_at": "2099-06-08T09:00:00Z", "contact_id": contact["id"]})
    )
    bank = created(alice.post(BANKS, json={"name": "My questions"}))
    question = created(
        alice.post(f"{BANKS}/{bank['id']}/questions", json={"text": "What surprised you most in your first year?"})
    )
    feed = created(alice.post("/api/v1/calendar/feed"))
    server = caldav_calendar.server
    linked = alice.client.put(
        "/api/v1/calendar/caldav",
        json={"url": caldav_calendar.url, "username": server.username, "password": server.password},
        headers=alice.headers,
    )
    assert linked.status_code == 201, linked.get_json()
    webhook_id, delivery_id = webhook_with_a_delivery(alice)
    return {
        "subscription_id": subscribed_device(alice),
        "unsubscribe_token": unsubscribe_token(alice.id, TEST_SECRET),
        "webhook_id": webhook_id,
        "delivery_id": delivery_id,
        "contact_id": contact["id"],
        "goal_id": goal["id"],
        "meeting_id": meeting["id"],
        "item_id": planned["id"],
        "outcome_id": outcome["id"],
        "follow_up_id": follow_up["id"],
        "bank_id": bank["id"],
        "question_id": question["id"],
        "token": feed["url"].rsplit("/", 1)[1].removesuffix(".ics"),
        "token_id": lambda: created(alice.post("/api/v1/tokens", json={"name": "Backup script", "scopes": ["read"]}))[
            "id"
        ],
        "path": "swagger-ui.css",
        "file": "index.html",
    }


def _url(rule: str, values: dict[str, object]) -> str:
    def value(match: re.Match) -> str:
        found = values[match[1]]
        if callable(found):
            found = values[match[1]] = found()
        return str(found)

    return URL_PARAMETER.sub(value, rule)


def test_every_get_that_answers_json_sends_an_etag_and_gives_304_to_it(app, alice, path_values):
    checked, failures = [], []
    for rule in sorted(app.url_map.iter_rules(), key=lambda rule: rule.rule):
        if "GET" not in rule.methods:
            continue
        unknown = rule.arguments - path_values.keys()
        assert not unknown, f"{rule.rule}: give {sorted(unknown)} a value in the path_values fixture"
        url = _url(rule.rule, path_values)
        # Closes the files that the docs' and the app's assets are read from; /app is a redirect to /app/.
        with alice.get(url, follow_redirects=True) as response:
            if response.status_code != 200:
                failures.append(f"{url}: {response.status_code} (make what it shows in path_values)")
                continue
            if not response.is_json:
                continue  # calendars, the YAML document, the docs page: conditional in their own way or not at all
            checked.append(rule.rule)
            etag = response.headers.get("ETag")
        if etag is None:
            failures.append(f"{url}: no ETag (decorate the view with @blp.etag)")
            continue
        again = alice.get(url, headers={"If-None-Match": etag})
        head = alice.client.head(url, headers={**alice.headers, "If-None-Match": etag})
        if (again.status_code, again.headers.get("ETag"), head.status_code) != (304, etag, 304):
            failures.append(f"{url}: If-None-Match {etag} gave GET {again.status_code}, HEAD {head.status_code}")

    assert not failures, "\n".join(failures)
    assert {"/api/v1/contacts", "/api/v1/meetings/<int:meeting_id>/questions", "/openapi.json"} <= set(checked)


def test_every_documented_json_get_declares_its_etag_and_304():
    spec = committed_spec()
    missing = []
    for path, item in spec["paths"].items():
        get = item.get("get")
        if get is None or "application/json" not in get["responses"]["200"].get("content", {}):
            continue
        if (
            "ETag" not in get["responses"]["200"].get("headers", {})
            or "304" not in get["responses"]
            or {"$ref": "#/components/parameters/IF_NONE_MATCH"} not in get.get("parameters", [])
        ):
            missing.append(path)

    assert missing == []


# --- a list's ETag follows its page ------------------------------------------------------


def test_a_list_gives_304_while_nothing_on_it_changed(alice):
    new_contact(alice)
    etag = etag_of(alice.get(CONTACTS))

    assert not_modified(alice, CONTACTS, etag)
    head = alice.client.head(CONTACTS, headers={**alice.headers, "If-None-Match": etag})
    assert head.status_code == 304 and head.headers["ETag"] == etag


def test_a_lists_etag_changes_when_an_item_on_the_page_changes(alice):
    contact = new_contact(alice)
    etag = etag_of(alice.get(CONTACTS))

    alice.patch(f"{CONTACTS}/{contact['id']}", json={"company": "Monzo"})

    assert not not_modified(alice, CONTACTS, etag)
    assert etag_of(alice.get(CONTACTS)) != etag


def test_a_lists_etag_changes_when_an_item_is_added(alice):
    new_contact(alice)
    etag = etag_of(alice.get(CONTACTS))

    new_contact(alice, name="Sam Okafor")

    assert not not_modified(alice, CONTACTS, etag)


def test_a_lists_etag_changes_when_an_item_is_deleted(alice):
    new_contact(alice)
    contact = new_contact(alice, name="Sam Okafor")
    etag = etag_of(alice.get(CONTACTS))

    alice.delete(f"{CONTACTS}/{contact['id']}")

    assert not not_modified(alice, CONTACTS, etag)


def test_a_pages_etag_changes_when_an_item_is_added_beyond_it(alice):
    contact = new_contact(alice)
    for day in ("2099-06-01", "2099-06-02"):
        new_meeting(alice, contact["id"], starts_at=f"{day}T09:00:00Z")
    url = f"{MEETINGS}?limit=2"
    page = alice.get(url)
    assert page.get_json()["next_cursor"] is None

    new_meeting(alice, contact["id"], starts_at="2099-12-01T09:00:00Z")  # after both: not on the page

    again = alice.get(url)
    assert again.get_json()["items"] == page.get_json()["items"]
    assert again.get_json()["next_cursor"] is not None
    assert not not_modified(alice, url, etag_of(page))


def test_a_nested_lists_etag_changes_when_one_of_its_items_changes(alice):
    meeting = new_meeting(alice)
    planned = plan_question(alice, meeting["id"], text="What does a typical week look like for you?")
    url = plan_url(meeting["id"])
    etag = etag_of(alice.get(url))

    alice.patch(f"{url}/{planned['id']}", json={"asked": True, "answer": "Two days of meetings, three of code."})

    assert not not_modified(alice, url, etag)


def test_a_lists_etag_changes_with_what_its_items_are_computed_from(alice):
    goal = new_goal(alice)
    etag = etag_of(alice.get(GOALS))

    meeting = new_meeting(alice, goal_ids=[goal["id"]])
    created(alice.post(f"{MEETINGS}/{meeting['id']}/outcomes", json={"goal_id": goal["id"], "result": "achieved"}))

    assert not not_modified(alice, GOALS, etag)


def test_each_page_of_a_list_has_its_own_etag(alice):
    for name in ("Priya", "Sam", "Ana", "Li"):
        new_contact(alice, name=name)
    first = alice.get(f"{CONTACTS}?limit=2")
    second_url = f"{CONTACTS}?limit=2&cursor={first.get_json()['next_cursor']}"

    second = alice.get(second_url)

    assert etag_of(second) != etag_of(first)
    assert not not_modified(alice, second_url, etag_of(first))


def test_another_limit_gives_another_etag_even_for_the_same_items(alice):
    new_contact(alice)

    ten, twenty = alice.get(f"{CONTACTS}?limit=10"), alice.get(f"{CONTACTS}?limit=20")

    assert ten.get_json() == twenty.get_json()
    assert etag_of(ten) != etag_of(twenty)


def test_other_filters_give_other_etags_even_when_both_pages_are_empty(alice):
    by_company, by_tag = alice.get(f"{CONTACTS}?company=Nowhere"), alice.get(f"{CONTACTS}?tag=nothing")

    assert by_company.get_json() == by_tag.get_json() == {"items": [], "next_cursor": None}
    assert etag_of(by_company) != etag_of(by_tag)
    assert not not_modified(alice, f"{CONTACTS}?tag=nothing", etag_of(by_company))


def test_the_same_query_in_another_order_keeps_its_etag(alice):
    new_contact(alice, company="Monzo")

    one, other = alice.get(f"{CONTACTS}?company=Monzo&limit=5"), alice.get(f"{CONTACTS}?limit=5&company=Monzo")

    assert etag_of(one) == etag_of(other)


def test_an_items_etag_from_get_is_accepted_by_if_match(alice):
    contact = new_contact(alice)
    etag = etag_of(alice.get(f"{CONTACTS}/{contact['id']}"))

    response = alice.patch(f"{CONTACTS}/{contact['id']}", json={"company": "Monzo"}, headers={"If-Match": etag})

    assert response.status_code == 200


def test_if_match_still_gives_412_on_a_stale_write(alice):
    contact = new_contact(alice)
    stale = etag_of(alice.get(f"{CONTACTS}/{contact['id']}"))
    alice.patch(f"{CONTACTS}/{contact['id']}", json={"company": "Monzo"})

    response = alice.patch(f"{CONTACTS}/{contact['id']}", json={"company": "Wise"}, headers={"If-Match": stale})

    assert response.status_code == 412
    assert response.mimetype == "application/problem+json"


def test_computed_answers_change_their_etag_with_what_they_count(alice):
    meeting = new_meeting(alice)
    readiness, stats = f"{MEETINGS}/{meeting['id']}/readiness", "/api/v1/stats"
    etags = {url: etag_of(alice.get(url)) for url in (readiness, stats)}

    plan_question(alice, meeting["id"], text="What does a typical week look like for you?")
    new_contact(alice, name="Sam Okafor")

    assert not not_modified(alice, readiness, etags[readiness])
    assert not not_modified(alice, stats, etags[stats])
