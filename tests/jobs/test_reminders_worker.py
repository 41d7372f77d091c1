"""Reminders sent by a real worker process: its schedule plans, it pushes, the device decrypts."""

from __future__ import annotations

from datetime import timedelta

from service.jobs import enqueue
from service.jobs.tasks import plan_reminders
from service.models.types import utcnow
from tests.factories import FOLLOW_UPS, new_contact


def test_the_worker_pushes_a_reminder_the_device_decrypts(queued_app, queued_accounts, push_device, start_worker):
    alice = queued_accounts.new()
    assert alice.post("/api/v1/push-subscriptions", json=push_device.subscription).status_code == 201
    alice.patch("/api/v1/me/notifications", json={"weekly_digest": False})  # whatever day the test runs on
    contact = new_contact(alice, name="Priya Raman")
    an_hour_ago = (utcnow() - timedelta(hours=1)).isoformat()
    alice.post(FOLLOW_UPS, json={"kind": "thank_you", "due_at": an_hour_ago, "contact_id": contact["id"]})
    worker = start_worker()

    with queued_app.app_context():
        enqueue(plan_reminders)  # what its schedule runs every minute

    worker.wait_for(lambda: len(push_device.service.requests) >= 1)
    (message,) = push_device.messages()
    assert message["title"] == "Overdue: thank-you for Priya Raman"
