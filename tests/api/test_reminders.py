"""Reminders: settings, devices subscribed to Web Push, and what is told, when and how, each thing once.

A real push service (tests/receiver.py) receives each push, which the device's keys decrypt (RFC 8291,
http_ece) and whose VAPID signature verifies against the server's public key; a real SMTP server
(aiosmtpd) receives each email. ``plan`` and ``send`` are what the worker's schedule runs each minute,
run here at the instants the tests choose.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select, update

from service import reminders
from service.database import db
from service.jobs.tasks import reminder_channels
from service.models import Notification, PushSubscription, User
from service.models.types import utcnow
from tests.conftest import run_together
from tests.factories import (
    FOLLOW_UPS,
    ME,
    MEETINGS,
    assert_problem,
    new_contact,
    new_meeting,
    new_webhook,
)

SETTINGS = f"{ME}/notifications"
SUBSCRIPTIONS = "/api/v1/push-subscriptions"


def at(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def subscribe(account, device) -> dict:
    response = account.post(SUBSCRIPTIONS, json=device.subscription)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def remind(app, now: datetime) -> None:
    """What the worker does each minute: plan, then send to everyone with something due."""
    with app.app_context():
        users = reminders.plan(now) | reminders.users_with_reminders_due(now)
        for user_id in sorted(users):
            reminders.send(user_id, reminder_channels(), now)


def follow_up(account, due_at: str, kind: str = "check_in", **fields) -> dict:
    contact = fields.pop("contact_id", None) or new_contact(account, name="Priya Raman")["id"]
    response = account.post(FOLLOW_UPS, json={"kind": kind, "due_at": due_at, "contact_id": contact, **fields})
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def in_zone(account, zone: str) -> None:
    assert account.patch(ME, json={"timezone": zone}).status_code == 200


# --- settings and devices ----------------------------------------------------------------------


def test_the_settings_say_what_this_server_can_send(alice):
    settings = alice.get(SETTINGS).get_json()

    assert settings["push"] and settings["email"] and settings["weekly_digest"]
    assert settings["quiet_hours_start"] is None and settings["push_subscriptions"] == 0
    assert settings["push_available"] is True and len(settings["push_public_key"]) == 87
    assert settings["email_available"] is False  # no SMTP_URL here: the email channel is off
    assert settings["email_verified"] is False


def test_changing_the_settings(alice):
    changed = alice.patch(
        SETTINGS, json={"weekly_digest": False, "quiet_hours_start": "22:00", "quiet_hours_end": "07:30"}
    )

    assert changed.status_code == 200, changed.get_json()
    shown = alice.get(SETTINGS).get_json()
    assert shown["weekly_digest"] is False and shown["follow_up_due"] is True
    assert (shown["quiet_hours_start"], shown["quiet_hours_end"]) == ("22:00", "07:30")
    cleared = alice.patch(SETTINGS, json={"quiet_hours_start": None, "quiet_hours_end": None}).get_json()
    assert cleared["quiet_hours_start"] is None


@pytest.mark.parametrize(
    "body",
    [{"quiet_hours_start": "22:00"}, {"quiet_hours_start": "25:00", "quiet_hours_end": "07:00"}, {"push": "yes"}],
)
def test_settings_that_do_not_make_sense_are_a_422(alice, body):
    assert_problem(alice.patch(SETTINGS, json=body), 422)


def test_a_device_subscribes_once_and_unsubscribes(alice, push_device):
    first = subscribe(alice, push_device)
    again = alice.post(SUBSCRIPTIONS, json=push_device.subscription)

    assert again.status_code == 200 and again.get_json()["id"] == first["id"]
    assert "keys" not in first and first["endpoint"] == push_device.service.url
    assert [item["id"] for item in alice.get(SUBSCRIPTIONS).get_json()["items"]] == [first["id"]]
    assert alice.get(SETTINGS).get_json()["push_subscriptions"] == 1
    assert alice.delete(f"{SUBSCRIPTIONS}/{first['id']}").status_code == 204
    assert alice.get(SUBSCRIPTIONS).get_json()["items"] == []


def test_a_device_that_changes_hands_moves_to_the_new_account(alice, bob, push_device):
    subscribe(alice, push_device)
    subscribe(bob, push_device)
    assert alice.get(SUBSCRIPTIONS).get_json()["items"] == []


def test_a_push_endpoint_that_is_not_a_push_service_is_refused(alice, push_device):
    body = {**push_device.subscription, "endpoint": "ftp://push.example.com/x"}
    assert_problem(alice.post(SUBSCRIPTIONS, json=body), 422, "push_endpoint_refused")
    assert_problem(alice.post(SUBSCRIPTIONS, json={"endpoint": push_device.service.url}), 422)


def test_the_auth_secret_is_stored_encrypted(app, alice, push_device):
    subscribe(alice, push_device)
    with app.app_context():
        stored = db.session.scalars(select(PushSubscription)).one()
    assert push_device.subscription["keys"]["auth"] not in stored.auth_encrypted


# --- what is told, and when -------------------------------------------------------------------


def test_a_follow_up_due_today_reaches_the_device_decrypted_and_signed(app, alice, push_device):
    in_zone(alice, "Europe/Berlin")
    subscribe(alice, push_device)
    meeting = new_meeting(alice, starts_at="2026-06-03T08:00:00Z")
    owed = follow_up(
        alice, "2026-06-04T13:00:00Z", kind="thank_you", meeting_id=meeting["id"], contact_id=meeting["contact_id"]
    )

    remind(app, at(2026, 6, 4, 5, 59))  # 07:59 in Berlin: not yet
    assert push_device.service.requests == []
    remind(app, at(2026, 6, 4, 6))  # 08:00 in Berlin

    (message,) = push_device.messages()
    assert message["title"].startswith("Due today: thank-you for ")
    assert message["body"] == "Due at 15:00."  # in Berlin
    assert message["url"].endswith(f"/app/meetings/{meeting['id']}/after")
    (claims,) = push_device.vapid_claims(alice.get(SETTINGS).get_json()["push_public_key"])
    assert claims["aud"] == f"http://127.0.0.1:{push_device.service.port}" and claims["sub"]
    assert owed["id"]


def test_each_thing_is_told_once(app, alice, push_device):
    subscribe(alice, push_device)
    follow_up(alice, "2026-06-03T09:00:00Z")

    for minute in range(3):
        remind(app, at(2026, 6, 3, 12, minute))

    assert [m["title"][:8] for m in push_device.messages()] == ["Overdue:"]


def test_told_once_when_two_workers_plan_and_send_at_the_same_moment(app, alice, push_device):
    subscribe(alice, push_device)
    follow_up(alice, "2026-06-03T09:00:00Z")
    now = at(2026, 6, 3, 12)

    run_together(lambda: remind(app, now), lambda: remind(app, now))

    assert len(push_device.messages()) == 1
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Notification)) == 1


def test_the_thank_you_comes_first(app, alice, push_device):
    subscribe(alice, push_device)
    follow_up(alice, "2026-06-03T09:00:00Z", kind="check_in")
    follow_up(alice, "2026-06-03T10:00:00Z", kind="thank_you")

    remind(app, at(2026, 6, 3, 12))

    assert [m["title"].split(": ")[1].split(" for ")[0] for m in push_device.messages()] == ["thank-you", "check-in"]


def test_nothing_is_told_of_a_follow_up_done_or_a_chat_cancelled(app, alice, push_device):
    subscribe(alice, push_device)
    owed = follow_up(alice, "2026-06-03T09:00:00Z")
    alice.patch(f"{FOLLOW_UPS}/{owed['id']}", json={"done_at": "2026-06-03T08:00:00Z"})
    meeting = new_meeting(alice, starts_at="2026-06-03T18:00:00Z")
    alice.patch(f"{MEETINGS}/{meeting['id']}", json={"status": "cancelled"})

    remind(app, at(2026, 6, 3, 12))

    assert push_device.messages() == []


def test_a_follow_up_done_during_the_quiet_hours_is_not_told_after_them(app, alice, push_device):
    subscribe(alice, push_device)
    alice.patch(SETTINGS, json={"quiet_hours_start": "22:00", "quiet_hours_end": "07:00"})
    owed = follow_up(alice, "2026-06-03T20:00:00Z")
    remind(app, at(2026, 6, 3, 23))  # quiet: it waits
    alice.patch(f"{FOLLOW_UPS}/{owed['id']}", json={"done_at": "2026-06-03T23:30:00Z"})

    remind(app, at(2026, 6, 4, 7))

    assert push_device.messages() == []


def test_a_chat_tomorrow_that_is_not_prepared(app, alice, push_device):
    subscribe(alice, push_device)
    meeting = new_meeting(alice, title="Coffee with Priya", starts_at="2026-06-04T09:30:00Z")

    remind(app, at(2026, 6, 3, 8))  # more than 24 hours before: not yet
    remind(app, at(2026, 6, 3, 10))

    (message,) = push_device.messages()
    assert message["title"].startswith("Coffee with Priya at 09:30: ") and "left to prepare" in message["title"]
    assert message["url"].endswith(f"/app/meetings/{meeting['id']}")


def test_quiet_hours_hold_everything_until_they_end(app, alice, push_device):
    in_zone(alice, "Europe/Berlin")
    subscribe(alice, push_device)
    alice.patch(SETTINGS, json={"quiet_hours_start": "22:00", "quiet_hours_end": "07:00"})
    follow_up(alice, "2026-06-03T18:00:00Z")

    remind(app, at(2026, 6, 3, 21, 30))  # 23:30 in Berlin
    remind(app, at(2026, 6, 4, 4, 59))  # 06:59
    assert push_device.messages() == []

    remind(app, at(2026, 6, 4, 5))  # 07:00 in Berlin
    assert len(push_device.messages()) == 1


def test_a_follow_up_due_on_the_day_the_clocks_change_waits_for_eight_on_the_wall_clock(app, alice, push_device):
    in_zone(alice, "America/New_York")
    subscribe(alice, push_device)
    follow_up(alice, "2026-03-08T18:00:00Z")  # 14:00 EDT, the day New York springs forward

    remind(app, at(2026, 3, 8, 11, 59))  # 07:59 EDT
    assert push_device.messages() == []
    remind(app, at(2026, 3, 8, 12))  # 08:00 EDT (it would be 07:00 in EST)
    assert push_device.messages()[0]["body"] == "Due at 14:00."


def test_the_weekly_digest_on_monday_morning(app, alice, push_device):
    in_zone(alice, "Asia/Tokyo")
    subscribe(alice, push_device)
    new_meeting(alice, starts_at="2026-12-02T01:00:00Z")
    follow_up(alice, "2026-11-20T09:00:00Z")

    remind(app, at(2026, 11, 29, 22, 59))  # Monday 07:59 in Tokyo
    assert [m for m in push_device.messages() if m["title"].startswith("Your week")] == []
    remind(app, at(2026, 11, 29, 23))  # Monday 08:00 in Tokyo (Sunday in UTC)
    remind(app, at(2026, 11, 30, 2))  # Monday 11:00: told already

    (digest,) = [m for m in push_device.messages() if m["title"].startswith("Your week")]
    assert digest["title"] == "Your week: 1 chat ahead, 1 follow-ups owed"


def test_a_kind_turned_off_is_not_told(app, alice, push_device):
    subscribe(alice, push_device)
    alice.patch(SETTINGS, json={"follow_up_overdue": False})
    follow_up(alice, "2026-06-03T09:00:00Z")

    remind(app, at(2026, 6, 3, 12))

    assert push_device.messages() == []


def test_a_subscription_the_push_service_forgot_is_forgotten(app, alice, push_device):
    subscribe(alice, push_device)
    push_device.service.answer(410)
    follow_up(alice, "2026-06-03T09:00:00Z")

    remind(app, at(2026, 6, 3, 12))

    assert alice.get(SUBSCRIPTIONS).get_json()["items"] == []


def test_a_follow_up_come_due_is_a_webhook_event_too(app, alice, receiver):
    hook = new_webhook(alice, receiver.url, events=["follow_up.overdue"])
    owed = follow_up(alice, "2026-06-03T09:00:00Z")

    remind(app, at(2026, 6, 3, 12))

    (event,) = receiver.verified(hook["secret"])
    assert event["type"] == "follow_up.overdue" and event["data"]["id"] == owed["id"]


# --- email ------------------------------------------------------------------------------------


@pytest.fixture
def mailing(make_app, mailbox):
    """An app that sends email to the mailbox, with its own client."""
    app = make_app(SMTP_URL=mailbox.url, EMAIL_FROM="coffeechat <reminders@coffeechat.example>")
    return app


def verified(app, account) -> None:
    # No way yet to prove an address through the API here: the row says it was proven.
    with app.app_context():
        db.session.execute(update(User).where(User.id == account.id).values(email_verified_at=utcnow()))
        db.session.commit()


def test_an_email_with_text_and_html_and_a_way_to_stop_them(mailing, accounts, mailbox):
    account = accounts.new()
    client = mailing.test_client()
    verified(mailing, account)
    client.post(
        FOLLOW_UPS,
        json={"kind": "check_in", "due_at": "2026-06-03T09:00:00Z", "contact_id": new_contact(account)["id"]},
        headers=account.headers,
    )

    remind(mailing, at(2026, 6, 3, 12))

    (message,) = mailbox.received
    assert message["To"] == account.email and message["From"] == "coffeechat <reminders@coffeechat.example>"
    assert message["Subject"].startswith("Overdue: check-in for ")
    text = message.get_body(("plain",)).get_content()
    page = message.get_body(("html",)).get_content()
    assert "Open coffeechat: http" in text and "<a href=" in page
    unsubscribe = message["List-Unsubscribe"].strip("<>")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click" and unsubscribe in text

    path = unsubscribe.split("://", 1)[1].split("/", 1)[1]
    shown = client.get(f"/{path}")
    assert shown.status_code == 200 and b"<form" in shown.data
    assert client.get("/api/v1/me/notifications", headers=account.headers).get_json()["email"] is True
    assert client.post(f"/{path}").status_code == 200  # the button, or a mail app's one click
    assert client.get("/api/v1/me/notifications", headers=account.headers).get_json()["email"] is False


def test_no_email_to_an_address_not_verified(mailing, accounts, mailbox):
    account = accounts.new()
    client = mailing.test_client()
    client.post(
        FOLLOW_UPS,
        json={"kind": "check_in", "due_at": "2026-06-03T09:00:00Z", "contact_id": new_contact(account)["id"]},
        headers=account.headers,
    )

    remind(mailing, at(2026, 6, 3, 12))

    assert mailbox.received == []
    assert client.get(SETTINGS, headers=account.headers).get_json()["email_available"] is True


def test_an_unsubscribe_link_that_is_not_ours_is_a_404(client):
    assert client.get("/email/unsubscribe/forged").status_code == 404
    assert client.post("/email/unsubscribe/WzEsIngiXQ").status_code == 404
