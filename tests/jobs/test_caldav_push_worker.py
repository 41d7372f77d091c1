"""The CalDAV push leaves the request: a real worker process pushes, after the commit, once per burst."""

from __future__ import annotations

from service.jobs import enqueue
from service.jobs.tasks import sweep_calendars
from tests.factories import MEETINGS, event_for, link, new_meeting


def test_the_request_answers_before_the_push_and_the_worker_pushes(queued_accounts, caldav_calendar, start_worker):
    alice = queued_accounts.new()
    link(alice, caldav_calendar)
    meeting = new_meeting(alice, title="Coffee with Ada")

    assert event_for(caldav_calendar, meeting) is None  # no worker yet: the request did not push

    worker = start_worker()
    worker.wait_for(lambda: event_for(caldav_calendar, meeting) is not None)
    assert str(event_for(caldav_calendar, meeting)["SUMMARY"]).startswith("Coffee with Ada")


def test_a_burst_of_changes_queues_one_push_per_user_which_pushes_the_last(
    queued_accounts, queue, caldav_calendar, start_worker
):
    alice = queued_accounts.new()
    link(alice, caldav_calendar)
    meeting = new_meeting(alice)
    for n in range(10):
        assert alice.patch(f"{MEETINGS}/{meeting['id']}", json={"title": f"Take {n}"}).status_code == 200

    assert len(queue) == 1

    worker = start_worker()
    worker.wait_for(lambda: (event := event_for(caldav_calendar, meeting)) and "Take 9" in str(event["SUMMARY"]))
    worker.wait_for(lambda: len(queue) == 0)


def test_a_push_lost_with_a_killed_worker_is_queued_again_by_the_sweep(
    queued_app, queued_accounts, queue, caldav_calendar, start_worker
):
    alice = queued_accounts.new()
    link(alice, caldav_calendar)
    meeting = new_meeting(alice)
    queue.flush()  # the queued push is gone, as if a worker had taken it and been killed

    with queued_app.app_context():
        enqueue(sweep_calendars)  # what the worker's schedule does every minute

    start_worker().wait_for(lambda: event_for(caldav_calendar, meeting) is not None)
