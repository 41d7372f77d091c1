"""Two imports of one invitation at once make one meeting (and one contact), and the SQL statements
of an import do not grow with its number of events.

The calendars are built with ``tests.factories.invite``; the user is registered as me@example.com,
whom they invite.
"""

from __future__ import annotations

from datetime import timedelta
from functools import partial

import icalendar

from tests.conftest import run_together
from tests.factories import (
    CALENDAR_IMPORT,
    all_meetings,
    calendar,
    contact_emails,
    event,
    invite,
)
from tests.factories import INVITATION_START as SOON
from tests.factories import imported_calendar as imported

# --- concurrency and cost --------------------------------------------------------------


def test_two_imports_of_one_invitation_at_once_make_one_meeting(app, me):
    for round_ in range(5):
        raw = invite(uid=f"race-{round_}@example.org", start=SOON + timedelta(days=round_))
        posts = [
            partial(app.test_client().post, CALENDAR_IMPORT, data=raw, content_type="text/calendar", headers=me.headers)
            for _ in range(2)
        ]

        responses = run_together(*posts)

        assert [r.status_code for r in responses] == [200, 200], [r.get_json() for r in responses]
        actions = sorted(r.get_json()["events"][0]["action"] for r in responses)
        assert actions == ["created", "updated"]
        assert len({r.get_json()["events"][0]["meeting_id"] for r in responses}) == 1
    assert len(all_meetings(me)) == 5
    assert contact_emails(me) == ["priya@example.org"]


def test_two_imports_at_once_of_invitations_from_a_new_person_make_one_contact(app, me):
    for round_ in range(5):
        organizer = (f"person{round_}@example.org", f"Person {round_}")
        posts = [
            partial(
                app.test_client().post,
                CALENDAR_IMPORT,
                data=invite(uid=f"race-{round_}-{n}@example.org", organizer=organizer),
                content_type="text/calendar",
                headers=me.headers,
            )
            for n in range(2)
        ]
        assert [r.status_code for r in run_together(*posts)] == [200, 200]
    assert contact_emails(me) == [f"person{n}@example.org" for n in range(5)]
    assert len(all_meetings(me)) == 10


def statements_of_import(account, queries, raw: bytes) -> list[str]:
    """The kind (SELECT, INSERT, UPDATE...) of each SQL statement an import sends."""
    before = len(queries.statements)
    imported(account, raw)
    return [statement.split(None, 1)[0].upper() for statement in queries.statements[before:]]


def events_from_new_people(first: int, n: int, sequence: int = 0) -> list[icalendar.Event]:
    return [
        event(
            f"cost-{i}@example.org",
            organizer=(f"p{i}@example.org", f"P {i}"),
            start=SOON + timedelta(days=i, hours=sequence),
            sequence=sequence,
        )
        for i in range(first, first + n)
    ]


def test_importing_five_events_reads_no_more_than_importing_one(me, queries):
    one = statements_of_import(me, queries, calendar(*events_from_new_people(0, 1)))
    five = statements_of_import(me, queries, calendar(*events_from_new_people(1, 5)))

    # The user, the meetings and the contacts are read once per import, whatever the number of events.
    assert five.count("SELECT") == one.count("SELECT")
    # Each event costs its rows: at most a contact and a meeting.
    assert set(five) == set(one)
    assert five.count("INSERT") - one.count("INSERT") <= 2 * 4, five


def test_updating_five_meetings_costs_the_same_statements_as_updating_one(me, queries):
    imported(me, calendar(*events_from_new_people(0, 6)))
    one = statements_of_import(me, queries, calendar(*events_from_new_people(0, 1, sequence=1)))
    five = statements_of_import(me, queries, calendar(*events_from_new_people(1, 5, sequence=1)))

    assert five == one  # the same reads, and the five rows changed in one UPDATE
