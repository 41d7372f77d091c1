"""Webhooks: registered with the API, events written with the change they tell of, delivered signed to a
real HTTP receiver (tests/receiver.py), which verifies every signature with the standardwebhooks library.

The suite runs tasks in Huey's immediate mode: a delivery is attempted as the request that made its event
commits. Retries are due later: ``due_now`` moves them to now and ``sweep`` runs what the worker's schedule
runs every minute. tests/jobs drives a real worker process.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update
from standardwebhooks import Webhook
from standardwebhooks.webhooks import WebhookVerificationError

from service.database import db
from service.jobs import enqueue
from service.jobs.tasks import sweep_webhooks
from service.models import WebhookDelivery, WebhookEndpoint, WebhookEvent
from service.models.types import utcnow
from service.schemas.webhook import EVENT_TYPES
from service.webhooks.delivery import GIVE_UP_AFTER, KEPT_RESPONSE_BYTES
from tests.factories import (
    CONTACTS,
    FOLLOW_UPS,
    GOALS,
    MEETINGS,
    WEBHOOKS,
    assert_problem,
    new_contact,
    new_goal,
    new_meeting,
    new_webhook,
    plan_question,
    plan_url,
)

PAST = "2020-01-06T09:00:00Z"


def deliveries(account, hook: dict) -> list[dict]:
    response = account.get(f"{WEBHOOKS}/{hook['id']}/deliveries", query_string={"limit": 100})
    assert response.status_code == 200, response.get_json()
    return response.get_json()["items"]


def due_now(app) -> None:
    """Time passes: every pending delivery's retry is due."""
    with app.app_context():
        db.session.execute(update(WebhookDelivery).values(next_attempt_at=utcnow() - timedelta(seconds=1)))
        db.session.commit()


def sweep(app) -> None:
    """What the worker's schedule runs every minute."""
    with app.app_context():
        enqueue(sweep_webhooks)


def events_written(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(WebhookEvent))


# --- registering --------------------------------------------------------------------------------


def test_registering_shows_the_secret_once(alice, receiver):
    response = alice.post(WEBHOOKS, json={"url": receiver.url, "description": "My CRM"})

    assert response.status_code == 201
    hook = response.get_json()
    assert hook["secret"].startswith("whsec_") and response.headers["Cache-Control"] == "no-store"
    assert hook["events"] == ["*"] and hook["active"] is True and hook["description"] == "My CRM"
    assert response.headers["Location"].endswith(f"{WEBHOOKS}/{hook['id']}")
    again = alice.get(f"{WEBHOOKS}/{hook['id']}").get_json()
    assert "secret" not in again and again["url"] == receiver.url
    assert [item["id"] for item in alice.get(WEBHOOKS).get_json()["items"]] == [hook["id"]]


def test_the_secret_is_stored_encrypted(app, alice, receiver):
    hook = new_webhook(alice, receiver.url)
    with app.app_context():
        stored = db.session.get(WebhookEndpoint, hook["id"]).secret_encrypted
    assert hook["secret"] not in stored and hook["secret"][6:] not in stored


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("ftp://hooks.example.com/in", "https://"),
        ("https://user:pass@hooks.example.com/in", "user name and password"),
        ("https://hooks.example.com/in#top", "'#'"),
        ("not a url at all", "https://"),
    ],
)
def test_a_url_that_cannot_receive_is_a_422_on_url(alice, url, says):
    body = assert_problem(alice.post(WEBHOOKS, json={"url": url}), 422, "webhook_url_refused")
    assert says in body["errors"]["url"][0]


def test_private_addresses_and_plain_http_are_refused_unless_allowed(make_app, accounts):
    guarded = make_app(CALDAV_ALLOW_PRIVATE_HOSTS=False).test_client()
    account = accounts.new()

    for url, says in [
        ("https://127.0.0.1/hooks", "private or local network address"),
        ("https://[::1]/hooks", "private or local network address"),
        ("https://169.254.169.254/latest", "private or local network address"),
        ("http://hooks.example.com/in", "Use https://"),
    ]:
        response = guarded.post(WEBHOOKS, json={"url": url}, headers=account.headers)
        assert assert_problem(response, 422, "webhook_url_refused")["errors"]["url"][0].count(says) == 1, url


def test_an_unknown_event_type_is_a_422(alice, receiver):
    response = alice.post(WEBHOOKS, json={"url": receiver.url, "events": ["contact.created", "contact.exploded"]})
    assert "events" in assert_problem(response, 422)["errors"]


def test_an_account_has_at_most_20_webhooks(alice, receiver):
    for _ in range(20):
        new_webhook(alice, receiver.url)
    assert_problem(alice.post(WEBHOOKS, json={"url": receiver.url}), 409, "too_many_webhooks")


def test_a_personal_access_token_cannot_register_a_webhook(alice, receiver):
    token = alice.post("/api/v1/tokens", json={"name": "script", "scopes": ["read", "write"]}).get_json()["token"]
    response = alice.client.post(WEBHOOKS, json={"url": receiver.url}, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 403


def test_changing_the_url_checks_it_again(alice, receiver):
    hook = new_webhook(alice, receiver.url)
    assert_problem(alice.patch(f"{WEBHOOKS}/{hook['id']}", json={"url": "ftp://x.example/"}), 422)
    assert alice.patch(f"{WEBHOOKS}/{hook['id']}", json={"events": ["goal.achieved"]}).get_json()["events"] == [
        "goal.achieved"
    ]


def test_deleting_a_webhook_stops_its_deliveries(app, alice, receiver):
    hook = new_webhook(alice, receiver.url)
    new_contact(alice)

    assert alice.delete(f"{WEBHOOKS}/{hook['id']}").status_code == 204
    new_contact(alice)

    assert len(receiver.requests) == 1
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(WebhookDelivery)) == 0


# --- the events -----------------------------------------------------------------------------


def test_a_contact_added_changed_and_deleted(alice, receiver):
    hook = new_webhook(alice, receiver.url)

    contact = new_contact(alice, name="Priya Raman", tags=["data"])
    shown_after_create = alice.get(f"{CONTACTS}/{contact['id']}").get_json()
    alice.patch(f"{CONTACTS}/{contact['id']}", json={"title": "Head of Data"})
    shown_after_change = alice.get(f"{CONTACTS}/{contact['id']}").get_json()
    alice.delete(f"{CONTACTS}/{contact['id']}")

    created, changed, deleted = receiver.verified(hook["secret"])
    assert (created["type"], created["data"]) == ("contact.created", shown_after_create)
    assert (changed["type"], changed["data"]) == ("contact.updated", shown_after_change)
    assert (deleted["type"], deleted["data"]) == ("contact.deleted", {"id": contact["id"]})
    assert created["timestamp"] <= changed["timestamp"] <= deleted["timestamp"]


def test_a_meetings_life(alice, receiver):
    hook = new_webhook(alice, receiver.url)
    contact = new_contact(alice)
    receiver.requests.clear()

    meeting = new_meeting(alice, contact["id"], starts_at=PAST)
    url = f"{MEETINGS}/{meeting['id']}"
    alice.patch(url, json={"location": "Prufrock Coffee"})
    item = plan_question(alice, meeting["id"], text="What does a typical week look like for you?")
    alice.patch(f"{plan_url(meeting['id'])}/{item['id']}", json={"asked": True, "answer": "Mostly meetings."})
    alice.patch(url, json={"status": "completed"})

    types = [payload["type"] for payload in receiver.verified(hook["secret"])]
    assert types == [
        "meeting.created",
        "meeting.updated",  # the location
        "meeting.updated",  # a question planned
        "meeting.updated",  # an answer
        "meeting.completed",
        "follow_up.created",  # the thank-you completing it made
    ]
    assert set(types) <= set(EVENT_TYPES)  # each documented
    completed = receiver.requests[4].json
    assert completed["data"] == alice.get(url).get_json() and completed["data"]["status"] == "completed"


def test_a_meeting_cancelled_and_deleted(alice, receiver):
    meeting = new_meeting(alice)
    hook = new_webhook(alice, receiver.url, events=["meeting.cancelled", "meeting.deleted"])

    alice.patch(f"{MEETINGS}/{meeting['id']}", json={"status": "cancelled"})
    alice.delete(f"{MEETINGS}/{meeting['id']}")

    assert [(p["type"], p["data"]["id"]) for p in receiver.verified(hook["secret"])] == [
        ("meeting.cancelled", meeting["id"]),
        ("meeting.deleted", meeting["id"]),
    ]


def test_follow_ups_goals_outcomes_and_referrals(alice, receiver):
    contact = new_contact(alice)
    goal = new_goal(alice)
    meeting = new_meeting(alice, contact["id"], starts_at=PAST, goal_ids=[goal["id"]])
    hook = new_webhook(alice, receiver.url, events=["*"])
    receiver.requests.clear()

    follow_up = alice.post(
        FOLLOW_UPS, json={"kind": "check_in", "due_at": "2099-06-08T09:00:00Z", "contact_id": contact["id"]}
    ).get_json()
    alice.patch(f"{FOLLOW_UPS}/{follow_up['id']}", json={"done_at": PAST})
    alice.post(f"{MEETINGS}/{meeting['id']}/outcomes", json={"goal_id": goal["id"], "result": "achieved"})
    alice.post(f"{MEETINGS}/{meeting['id']}/referrals", json={"name": "Sam Okafor"})

    types = [payload["type"] for payload in receiver.verified(hook["secret"])]
    assert types == [
        "follow_up.created",
        "follow_up.done",
        "outcome.recorded",
        "goal.achieved",  # an "achieved" outcome marks its goal achieved
        "contact.created",
        "referral.created",
    ]
    assert set(types) <= set(EVENT_TYPES)  # each documented
    referral = receiver.requests[-1].json["data"]
    assert referral["name"] == "Sam Okafor" and referral["referred_by_id"] == contact["id"]
    assert alice.get(f"{GOALS}/{goal['id']}").get_json()["status"] == "achieved"


def test_a_webhook_receives_only_the_events_it_asked_for(alice, receiver):
    hook = new_webhook(alice, receiver.url, events=["contact.deleted"])
    contact = new_contact(alice)
    alice.patch(f"{CONTACTS}/{contact['id']}", json={"title": "CTO"})
    alice.delete(f"{CONTACTS}/{contact['id']}")

    assert [p["type"] for p in receiver.verified(hook["secret"])] == ["contact.deleted"]


def test_a_failed_request_writes_no_event(app, alice, receiver):
    new_webhook(alice, receiver.url)
    contact = new_contact(alice)
    before = events_written(app)

    refused = alice.patch(f"{CONTACTS}/{contact['id']}", json={"referred_by_id": contact["id"]})

    assert refused.status_code == 422
    assert events_written(app) == before and len(receiver.requests) == 1


def test_an_account_without_webhooks_writes_no_events(app, alice):
    new_meeting(alice)
    assert events_written(app) == 0


def test_a_webhook_turned_off_records_nothing_and_on_again_gets_what_came_after(alice, receiver):
    hook = new_webhook(alice, receiver.url)
    alice.patch(f"{WEBHOOKS}/{hook['id']}", json={"active": False})
    new_contact(alice, name="Unseen")

    alice.patch(f"{WEBHOOKS}/{hook['id']}", json={"active": True})
    new_contact(alice, name="Seen")

    assert [p["data"]["name"] for p in receiver.verified(hook["secret"])] == ["Seen"]


def test_events_of_other_accounts_never_reach_my_webhook(alice, bob, receiver):
    hook = new_webhook(alice, receiver.url)
    new_contact(bob)
    new_contact(alice, name="Mine")
    assert [p["data"]["name"] for p in receiver.verified(hook["secret"])] == ["Mine"]


# --- signatures ---------------------------------------------------------------------------


def test_a_delivery_carries_the_standard_webhooks_headers(alice, receiver):
    hook = new_webhook(alice, receiver.url)
    new_contact(alice)

    (request,) = receiver.requests
    assert request.headers["content-type"] == "application/json"
    assert re.fullmatch(r"msg_\d+", request.headers["webhook-id"])
    assert abs(int(request.headers["webhook-timestamp"]) - utcnow().timestamp()) < 60
    assert request.headers["webhook-signature"].startswith("v1,")
    assert Webhook(hook["secret"]).verify(request.body, request.headers)["type"] == "contact.created"
    with pytest.raises(WebhookVerificationError):
        Webhook("whsec_" + "A" * 44).verify(request.body, request.headers)  # another secret does not verify


def test_after_a_rotation_both_secrets_verify_for_24_hours(app, alice, receiver):
    hook = new_webhook(alice, receiver.url)

    rotated = alice.post(f"{WEBHOOKS}/{hook['id']}/rotate-secret")
    new_contact(alice)

    assert rotated.status_code == 200 and rotated.headers["Cache-Control"] == "no-store"
    fresh = rotated.get_json()
    assert fresh["secret"] != hook["secret"]
    (request,) = receiver.requests
    assert len(request.headers["webhook-signature"].split(" ")) == 2
    Webhook(hook["secret"]).verify(request.body, request.headers)
    Webhook(fresh["secret"]).verify(request.body, request.headers)

    with app.app_context():  # a day on
        endpoint = db.session.get(WebhookEndpoint, hook["id"])
        endpoint.previous_secret_expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    new_contact(alice)
    later = receiver.requests[-1]
    assert len(later.headers["webhook-signature"].split(" ")) == 1
    Webhook(fresh["secret"]).verify(later.body, later.headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(hook["secret"]).verify(later.body, later.headers)


# --- failures, retries, order ---------------------------------------------------------------


def test_a_receiver_answering_500_is_retried_and_later_events_wait_their_turn(app, alice, receiver):
    hook = new_webhook(alice, receiver.url)
    receiver.answer(500)
    first = new_contact(alice, name="First")
    new_contact(alice, name="Second")

    failed, waiting = sorted(deliveries(alice, hook), key=lambda d: d["id"])
    assert failed["status"] == "pending" and failed["attempts"] == 1 and failed["response_status"] == 500
    assert "500" in failed["error"] and failed["next_attempt_at"] and failed["response_body"] == "ok"
    assert waiting["attempts"] == 0  # behind the first: in order, or not at all
    assert len(receiver.requests) == 1

    receiver.answer(200)
    due_now(app)
    sweep(app)

    names = [p["data"]["name"] for p in receiver.verified(hook["secret"])]
    assert names == ["First", "First", "Second"]  # the first retried, then the second
    assert {d["status"] for d in deliveries(alice, hook)} == {"delivered"}
    assert receiver.requests[0].headers["webhook-id"] == receiver.requests[1].headers["webhook-id"]
    assert first["id"] == receiver.requests[0].json["data"]["id"]


def test_a_receiver_that_is_down_loses_nothing(app, alice, receiver):
    hook = new_webhook(alice, receiver.url)
    receiver.stop()
    for n in range(5):
        new_contact(alice, name=f"Contact {n}")
    (tried,) = [d for d in deliveries(alice, hook) if d["attempts"]]
    assert "could not be reached" in tried["error"] and tried["response_status"] is None

    receiver.start()
    due_now(app)
    sweep(app)

    assert [p["data"]["name"] for p in receiver.verified(hook["secret"])] == [f"Contact {n}" for n in range(5)]


def test_a_slow_receiver_times_out_and_is_retried(make_app, accounts, receiver):
    impatient = make_app(WEBHOOK_TIMEOUT=1)
    account = accounts.new()
    client = impatient.test_client()
    hook = client.post(WEBHOOKS, json={"url": receiver.url}, headers=account.headers).get_json()
    receiver.answer(204, delay=2)

    client.post(CONTACTS, json={"name": "Slow"}, headers=account.headers)

    (delivery,) = client.get(f"{WEBHOOKS}/{hook['id']}/deliveries", headers=account.headers).get_json()["items"]
    assert delivery["status"] == "pending" and delivery["error"] == "No answer within 1 seconds."
    assert 1000 <= delivery["duration_ms"] < 2000


def test_a_redirect_is_not_followed(alice, receiver):
    hook = new_webhook(alice, receiver.url)
    receiver.answer(302)
    new_contact(alice)
    (delivery,) = deliveries(alice, hook)
    assert delivery["status"] == "pending" and "redirect" in delivery["error"]


def test_only_a_kilobyte_of_the_answer_is_kept(app, alice, receiver):
    hook = new_webhook(alice, receiver.url)
    new_contact(alice)
    with app.app_context():
        delivery = db.session.scalars(select(WebhookDelivery)).one()
        assert len(delivery.response_body) <= KEPT_RESPONSE_BYTES
    assert deliveries(alice, hook)[0]["status"] == "delivered"


def test_after_three_days_of_failures_the_webhook_is_turned_off_with_the_reason(app, alice, receiver):
    hook = new_webhook(alice, receiver.url)
    receiver.answer(503)
    new_contact(alice, name="Lost for a while")
    with app.app_context():  # three days on
        db.session.execute(update(WebhookDelivery).values(created_at=utcnow() - GIVE_UP_AFTER))
        db.session.commit()
    due_now(app)
    sweep(app)

    shown = alice.get(f"{WEBHOOKS}/{hook['id']}").get_json()
    assert shown["active"] is False and "503" in shown["disabled_reason"] and shown["disabled_at"]
    (given_up,) = deliveries(alice, hook)
    assert given_up["status"] == "failed" and given_up["next_attempt_at"] is None
    new_contact(alice, name="While off")  # not recorded while off
    assert len(deliveries(alice, hook)) == 1

    receiver.answer(200)
    turned_on = alice.patch(f"{WEBHOOKS}/{hook['id']}", json={"active": True}).get_json()
    assert turned_on["disabled_reason"] is None
    again = alice.post(f"{WEBHOOKS}/{hook['id']}/deliveries/{given_up['id']}/redeliver")

    assert again.status_code == 202
    assert [p["data"]["name"] for p in receiver.verified(hook["secret"])][-1] == "Lost for a while"


# --- the log, redelivery and the test event -----------------------------------------------------


def test_the_deliveries_log(alice, receiver):
    hook = new_webhook(alice, receiver.url)
    new_contact(alice)

    (delivery,) = deliveries(alice, hook)
    assert delivery["event_type"] == "contact.created" and delivery["status"] == "delivered"
    assert delivery["attempts"] == 1 and delivery["response_status"] == 204
    assert delivery["event_id"] == receiver.requests[0].headers["webhook-id"]
    assert delivery["duration_ms"] >= 0 and delivery["delivered_at"] and delivery["error"] is None
    one = alice.get(f"{WEBHOOKS}/{hook['id']}/deliveries/{delivery['id']}")
    assert one.status_code == 200 and one.get_json() == delivery


def test_a_redelivery_sends_the_same_event_with_the_same_webhook_id(alice, receiver):
    hook = new_webhook(alice, receiver.url)
    new_contact(alice)
    (delivery,) = deliveries(alice, hook)

    response = alice.post(f"{WEBHOOKS}/{hook['id']}/deliveries/{delivery['id']}/redeliver")

    assert response.status_code == 202 and response.get_json()["id"] != delivery["id"]
    first, again = receiver.verified(hook["secret"])
    assert first == again
    assert receiver.requests[0].headers["webhook-id"] == receiver.requests[1].headers["webhook-id"]


def test_the_test_event_goes_to_that_webhook_alone(alice, receiver):
    hook = new_webhook(alice, receiver.url, events=["goal.achieved"])
    other = new_webhook(alice, receiver.url + "/other")

    response = alice.post(f"{WEBHOOKS}/{hook['id']}/test")

    assert response.status_code == 202 and response.get_json()["event_type"] == "webhook.test"
    (payload,) = receiver.verified(hook["secret"])
    assert payload["type"] == "webhook.test" and payload["data"]["webhook_id"] == hook["id"]
    assert deliveries(alice, other) == []


def test_a_webhook_that_is_off_cannot_be_tested(alice, receiver):
    hook = new_webhook(alice, receiver.url, active=False)
    assert_problem(alice.post(f"{WEBHOOKS}/{hook['id']}/test"), 409, "webhook_inactive")


def test_a_delivery_of_another_webhook_is_a_404(alice, receiver):
    hook = new_webhook(alice, receiver.url)
    other = new_webhook(alice, receiver.url)
    new_contact(alice)
    delivery = deliveries(alice, hook)[0]
    assert alice.get(f"{WEBHOOKS}/{other['id']}/deliveries/{delivery['id']}").status_code == 404
