"""Webhooks delivered by real worker processes, on an SQLite and a Redis queue, to a real receiver that
verifies every signature: in order, at least once, whatever happens to the receiver or the worker."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from service.database import db
from service.jobs import enqueue
from service.jobs.tasks import sweep_webhooks
from service.models import WebhookDelivery, WebhookEndpoint
from service.models.types import utcnow
from tests.factories import WEBHOOKS, new_contact, new_webhook


def names(receiver, hook) -> list[str]:
    return [payload["data"]["name"] for payload in receiver.verified(hook["secret"])]


def sweep(app) -> None:
    with app.app_context():
        enqueue(sweep_webhooks)


def test_a_burst_of_changes_arrives_signed_and_in_order(queued_accounts, receiver, start_worker):
    alice = queued_accounts.new()
    hook = new_webhook(alice, receiver.url)
    for n in range(30):
        new_contact(alice, name=f"Contact {n:02}")

    start_worker()
    start_worker()  # two workers, two threads each: still one endpoint's deliveries in order
    expected = [f"Contact {n:02}" for n in range(30)]
    start_worker.workers[0].wait_for(lambda: len(receiver.requests) >= 30)

    assert names(receiver, hook) == expected
    assert len({request.headers["webhook-id"] for request in receiver.requests}) == 30


def test_nothing_is_lost_while_the_receiver_is_down(queued_app, queued_accounts, receiver, start_worker):
    alice = queued_accounts.new()
    hook = new_webhook(alice, receiver.url)
    receiver.stop()
    worker = start_worker()
    for n in range(5):
        new_contact(alice, name=f"Contact {n}")
    worker.wait_for(lambda: _attempts(alice, hook) >= 1)  # tried, failed, waiting to retry

    receiver.start()
    with queued_app.app_context():  # the retry's time has come
        db.session.execute(update(WebhookDelivery).values(next_attempt_at=utcnow()))
        db.session.commit()
    sweep(queued_app)

    worker.wait_for(lambda: len(receiver.requests) >= 5)
    assert names(receiver, hook) == [f"Contact {n}" for n in range(5)]


def test_a_worker_killed_mid_delivery_leaves_it_to_be_delivered(queued_app, queued_accounts, receiver, start_worker):
    alice = queued_accounts.new()
    hook = new_webhook(alice, receiver.url)
    receiver.answer(204, delay=3)
    worker = start_worker()
    new_contact(alice, name="Ada")
    worker.wait_for(lambda: receiver.arrived == 1)

    worker.kill()  # SIGKILL while the receiver is answering
    (delivery,) = alice.get(f"{WEBHOOKS}/{hook['id']}/deliveries").get_json()["items"]
    assert delivery["status"] == "pending" and delivery["attempts"] == 0

    with queued_app.app_context():  # the dead worker's lease on the endpoint runs out (five minutes on)
        db.session.execute(update(WebhookEndpoint).values(lease_until=utcnow() - timedelta(seconds=1)))
        db.session.commit()
    receiver.answer(204)
    another = start_worker()
    sweep(queued_app)

    another.wait_for(lambda: _delivered(alice, hook))
    # At least once: the receiver may have it twice, under one webhook-id to deduplicate by.
    assert set(names(receiver, hook)) == {"Ada"}
    assert len({request.headers["webhook-id"] for request in receiver.requests}) == 1


def _deliveries(account, hook) -> list[dict]:
    return account.get(f"{WEBHOOKS}/{hook['id']}/deliveries").get_json()["items"]


def _attempts(account, hook) -> int:
    return sum(delivery["attempts"] for delivery in _deliveries(account, hook))


def _delivered(account, hook) -> bool:
    return all(delivery["status"] == "delivered" for delivery in _deliveries(account, hook))
