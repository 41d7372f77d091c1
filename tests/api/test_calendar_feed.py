"""The calendar feed and the per-meeting .ics: what calendar apps subscribe to and open.

Every document is parsed back with ``icalendar`` and its fields checked.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta
from functools import partial

import icalendar
import pytest
import vobject
from sqlalchemy import select, update

from service.database import db
from service.models import CalendarFeed, Meeting
from tests.conftest import run_together
from tests.factories import (
    FEED,
    FOLLOW_UPS,
    MEETINGS,
    created,
    new_contact,
    new_goal,
    new_meeting,
    plan_question,
    plan_url,
)


def subscribe(account) -> str:
    """Make the account's feed; the path of its URL (the test client needs no host)."""
    link = created(account.post(FEED))
    return link["url"].removeprefix("http://localhost")


def fetch(client, path: str, **headers):
    return client.get(path, headers=headers)


def calendar_of(response) -> icalendar.Calendar:
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "text/calendar"
    return icalendar.Calendar.from_ical(response.data)


def vevents(calendar: icalendar.Calendar) -> list[icalendar.Event]:
    return [component for component in calendar.walk("VEVENT")]


def event_with_uid(calendar: icalendar.Calendar, uid: str) -> icalendar.Event:
    (event,) = [event for event in vevents(calendar) if str(event["UID"]) == uid]
    return event


@pytest.fixture
def meeting(alice):
    contact = new_contact(alice, name="Priya Raman", title="Data Engineer", company="Monzo")
    goal = new_goal(alice, title="Decide whether data engineering fits")
    meeting = new_meeting(
        alice,
        contact["id"],
        title="Coffee with Priya",
        starts_at="2099-06-01T09:30:00+02:00",
        duration_minutes=45,
        location="Monmouth Coffee, Borough Market",
        video_url="https://meet.example.com/abc-defg-hij",
        goal_ids=[goal["id"]],
    )
    plan_question(alice, meeting["id"], text="What does a typical week look like for you?")
    return alice.get(f"{MEETINGS}/{meeting['id']}").get_json()


# --- making, reading and revoking the subscription URL ----------------------------------


def test_a_new_feed_url_is_shown_once_with_its_webcal_twin(alice):
    response = alice.post(FEED)

    link = created(response)
    assert link["url"].startswith("http://localhost/calendar/") and link["url"].endswith(".ics")
    assert link["webcal_url"] == "webcal" + link["url"].removeprefix("http")
    assert response.headers["Cache-Control"] == "no-store"
    assert alice.get(FEED).get_json() == {"active": True, "created_at": link["created_at"]}


def test_the_token_holds_256_bits_and_only_its_hash_is_stored(app, alice):
    token = subscribe(alice).removeprefix("/calendar/").removesuffix(".ics")

    assert len(token) >= 43  # 32 random bytes in URL-safe base64
    with app.app_context():
        feed = db.session.scalars(select(CalendarFeed)).one()
        assert feed.token_hash == hashlib.sha256(token.encode()).hexdigest()
        assert token not in repr(feed.__dict__)


def test_without_a_feed_get_says_so(alice):
    assert alice.get(FEED).get_json() == {"active": False, "created_at": None}


def test_rotating_kills_the_old_url_at_once(client, alice, meeting):
    old = subscribe(alice)
    new = subscribe(alice)

    assert fetch(client, old).status_code == 404
    assert fetch(client, new).status_code == 200


def test_revoking_makes_the_url_a_404_and_can_be_repeated(client, alice, meeting):
    path = subscribe(alice)

    assert alice.delete(FEED).status_code == 204
    assert alice.delete(FEED).status_code == 204
    assert fetch(client, path).status_code == 404
    assert alice.get(FEED).get_json()["active"] is False


def test_an_unknown_token_is_a_404_problem_that_does_not_echo_the_token(client):
    response = fetch(client, "/calendar/not-a-real-token-at-all.ics")

    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"
    problem = response.get_json()
    assert problem["code"] == "feed_not_found"
    assert "not-a-real-token" not in response.get_data(as_text=True)
    assert problem["instance"] == "/calendar/[token].ics"


def test_the_url_uses_public_url_when_it_is_set(make_app, accounts):
    other = make_app(PUBLIC_URL="https://coffeechat.example.com")
    account = accounts.new()
    response = other.test_client().post(FEED, headers=account.headers)

    link = created(response)
    assert link["url"].startswith("https://coffeechat.example.com/calendar/")
    assert link["webcal_url"].startswith("webcal://coffeechat.example.com/calendar/")


# --- what the feed holds ------------------------------------------------------------------


def test_the_calendar_is_published_with_a_name_and_an_hourly_refresh_in_exact_forms(client, alice):
    response = fetch(client, subscribe(alice))

    calendar = calendar_of(response)
    assert calendar["METHOD"] == "PUBLISH"
    assert calendar["VERSION"] == "2.0"
    assert str(calendar["X-WR-CALNAME"]) == "coffeechat: Alice Example"
    lines = response.data.split(b"\r\n")
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT1H" in lines
    assert b"X-PUBLISHED-TTL:PT1H" in lines


def test_a_meeting_is_an_event_with_its_uid_times_in_utc_place_and_status(client, alice, meeting):
    calendar = calendar_of(fetch(client, subscribe(alice)))

    event = event_with_uid(calendar, meeting["uid"])
    assert event.decoded("DTSTART") == datetime(2099, 6, 1, 7, 30, tzinfo=UTC)
    assert event.decoded("DTEND") == datetime(2099, 6, 1, 8, 15, tzinfo=UTC)
    assert event.to_ical().count(b"Z\r\n") >= 4  # DTSTART, DTEND, DTSTAMP, LAST-MODIFIED in UTC
    assert str(event["SUMMARY"]) == "Coffee with Priya"
    assert str(event["LOCATION"]) == "Monmouth Coffee, Borough Market"
    assert str(event["URL"]) == "https://meet.example.com/abc-defg-hij"
    assert str(event["STATUS"]) == "TENTATIVE"
    assert event["SEQUENCE"] == 0
    assert "ORGANIZER" not in event and "ATTENDEE" not in event


def test_stamps_come_from_the_meetings_last_change(client, alice, meeting):
    event = event_with_uid(calendar_of(fetch(client, subscribe(alice))), meeting["uid"])

    updated_at = datetime.fromisoformat(meeting["updated_at"])
    assert event.decoded("DTSTAMP") == updated_at
    assert event.decoded("LAST-MODIFIED") == updated_at


def test_the_description_names_the_contact_purpose_goals_and_planned_questions(client, alice, meeting):
    event = event_with_uid(calendar_of(fetch(client, subscribe(alice))), meeting["uid"])

    description = str(event["DESCRIPTION"])
    assert "Priya Raman (Data Engineer at Monzo)" in description
    assert "Purpose: informational" in description
    assert "- Decide whether data engineering fits" in description
    assert "1. What does a typical week look like for you?" in description


def test_each_meeting_reminds_me_15_minutes_before_by_default(client, alice, meeting):
    event = event_with_uid(calendar_of(fetch(client, subscribe(alice))), meeting["uid"])

    (alarm,) = event.walk("VALARM")
    assert alarm["ACTION"] == "DISPLAY"
    assert alarm.decoded("TRIGGER") == -timedelta(minutes=15)


def test_the_reminder_follows_my_setting_and_can_be_turned_off(client, alice, meeting):
    path = subscribe(alice)
    assert alice.patch("/api/v1/me", json={"reminder_minutes": 60}).get_json()["reminder_minutes"] == 60
    (alarm,) = event_with_uid(calendar_of(fetch(client, path)), meeting["uid"]).walk("VALARM")
    assert alarm.decoded("TRIGGER") == -timedelta(hours=1)

    alice.patch("/api/v1/me", json={"reminder_minutes": None})
    assert event_with_uid(calendar_of(fetch(client, path)), meeting["uid"]).walk("VALARM") == []


def test_open_follow_ups_are_all_day_events_on_the_day_due_where_i_live(client, alice, meeting):
    alice.patch("/api/v1/me", json={"timezone": "Pacific/Auckland"})
    follow_up = created(
        alice.post(
            FOLLOW_UPS,
            json={"meeting_id": meeting["id"], "kind": "report_back", "due_at": "2099-06-03T20:00:00Z"},
        )
    )

    event = event_with_uid(calendar_of(fetch(client, subscribe(alice))), follow_up["uid"])
    assert event.decoded("DTSTART") == date(2099, 6, 4)  # 08:00 on the 4th in Auckland
    assert event.decoded("DTEND") == date(2099, 6, 5)
    assert str(event["SUMMARY"]) == "Report back to Priya Raman"
    assert str(event["TRANSP"]) == "TRANSPARENT"


def test_a_follow_up_done_leaves_the_feed(client, alice, meeting):
    follow_up = created(
        alice.post(FOLLOW_UPS, json={"meeting_id": meeting["id"], "kind": "check_in", "due_at": "2099-07-01T09:00:00Z"})
    )
    path = subscribe(alice)
    alice.patch(f"{FOLLOW_UPS}/{follow_up['id']}", json={"done_at": "2099-06-30T09:00:00Z"})

    uids = {str(event["UID"]) for event in vevents(calendar_of(fetch(client, path)))}
    assert follow_up["uid"] not in uids


def test_a_cancelled_meeting_is_published_cancelled_without_a_reminder(client, alice, meeting):
    alice.patch(f"{MEETINGS}/{meeting['id']}", json={"status": "cancelled"})

    event = event_with_uid(calendar_of(fetch(client, subscribe(alice))), meeting["uid"])
    assert str(event["STATUS"]) == "CANCELLED"
    assert event.walk("VALARM") == []


def test_a_cancelled_meeting_leaves_the_feed_30_days_after_it_was_cancelled(app, client, alice, meeting):
    alice.patch(f"{MEETINGS}/{meeting['id']}", json={"status": "cancelled"})
    path = subscribe(alice)

    def cancelled_days_ago(days: int) -> set[str]:
        with app.app_context():
            db.session.execute(update(Meeting).values(cancelled_at=datetime.now(UTC) - timedelta(days=days, minutes=1)))
            db.session.commit()
        return {str(event["UID"]) for event in vevents(calendar_of(fetch(client, path)))}

    assert meeting["uid"] in cancelled_days_ago(29)
    assert meeting["uid"] not in cancelled_days_ago(30)


def test_the_feed_holds_only_its_owners_meetings(client, alice, bob, meeting):
    bobs = new_meeting(bob)

    uids = {str(event["UID"]) for event in vevents(calendar_of(fetch(client, subscribe(alice))))}
    assert meeting["uid"] in uids
    assert bobs["uid"] not in uids


def test_someone_elses_feed_commands_touch_only_their_own_feed(client, alice, bob, meeting):
    path = subscribe(alice)

    assert bob.get(FEED).get_json()["active"] is False
    assert bob.delete(FEED).status_code == 204
    created(bob.post(FEED))
    assert fetch(client, path).status_code == 200


# --- caching: byte-identical, 304, SEQUENCE ----------------------------------------------


def test_an_unchanged_feed_is_byte_identical(client, alice, meeting):
    path = subscribe(alice)

    first, second = fetch(client, path), fetch(client, path)
    assert first.data == second.data
    assert first.headers["ETag"] == second.headers["ETag"]
    assert first.headers["Last-Modified"] == second.headers["Last-Modified"]


def test_an_unchanged_feed_answers_304_to_its_etag_and_to_its_date(client, alice, meeting):
    path = subscribe(alice)
    first = fetch(client, path)

    by_etag = fetch(client, path, **{"If-None-Match": first.headers["ETag"]})
    by_date = fetch(client, path, **{"If-Modified-Since": first.headers["Last-Modified"]})
    assert by_etag.status_code == 304 and by_etag.data == b""
    assert by_etag.headers["ETag"] == first.headers["ETag"]
    assert by_date.status_code == 304


def test_a_change_of_time_bumps_sequence_last_modified_and_the_etag(app, client, alice, meeting):
    with app.app_context():  # last changed an hour ago: LAST-MODIFIED has whole seconds
        db.session.execute(update(Meeting).values(updated_at=datetime.now(UTC) - timedelta(hours=1)))
        db.session.commit()
    path = subscribe(alice)
    first = fetch(client, path)
    before = event_with_uid(calendar_of(first), meeting["uid"])

    alice.patch(f"{MEETINGS}/{meeting['id']}", json={"starts_at": "2099-06-02T09:30:00+02:00"})

    again = fetch(client, path, **{"If-None-Match": first.headers["ETag"], "If-Modified-Since": "Fri, 01 Jan 2100"})
    after = event_with_uid(calendar_of(again), meeting["uid"])
    assert after["SEQUENCE"] == before["SEQUENCE"] + 1
    assert after.decoded("LAST-MODIFIED") > before.decoded("LAST-MODIFIED")
    assert again.headers["ETag"] != first.headers["ETag"]
    assert fetch(client, path, **{"If-Modified-Since": first.headers["Last-Modified"]}).status_code == 200


@pytest.mark.parametrize(
    "change",
    [
        {"title": "Coffee and a walk with Priya"},
        {"location": "Prufrock Coffee"},
        {"video_url": "https://meet.example.com/new-link"},
        {"duration_minutes": 60},
        {"status": "confirmed"},
    ],
    ids=lambda change: next(iter(change)),
)
def test_each_change_to_time_place_status_or_title_bumps_sequence(alice, meeting, change):
    changed = alice.patch(f"{MEETINGS}/{meeting['id']}", json=change).get_json()

    assert changed["sequence"] == meeting["sequence"] + 1
    assert changed["uid"] == meeting["uid"]


def test_notes_and_setting_a_field_to_its_own_value_leave_sequence_alone(alice, meeting):
    changed = alice.patch(
        f"{MEETINGS}/{meeting['id']}", json={"notes": "Ask about the reading group.", "title": meeting["title"]}
    ).get_json()

    assert changed["sequence"] == meeting["sequence"]


def test_a_plan_change_reaches_the_description_without_a_new_sequence(client, alice, meeting):
    path = subscribe(alice)
    plan_question(alice, meeting["id"], text="Who else should I talk to?")

    event = event_with_uid(calendar_of(fetch(client, path)), meeting["uid"])
    assert "2. Who else should I talk to?" in str(event["DESCRIPTION"])
    assert event["SEQUENCE"] == meeting["sequence"]
    assert alice.get(plan_url(meeting["id"])).status_code == 200


def test_the_feed_is_private_keeps_no_referrer_and_is_never_compressed(client, alice, meeting):
    response = fetch(client, subscribe(alice), **{"Accept-Encoding": "gzip, br"})

    assert response.headers["Cache-Control"] == "private"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    assert "Content-Encoding" not in response.headers


def test_the_feed_reads_a_constant_number_of_queries(client, alice, queries):
    path = subscribe(alice)

    def statements_for(count: int) -> int:
        contact = new_contact(alice)
        for _ in range(count):
            meeting = new_meeting(alice, contact["id"])
            plan_question(alice, meeting["id"], text="What surprised you most in your first year?")
            alice.post(
                FOLLOW_UPS, json={"meeting_id": meeting["id"], "kind": "check_in", "due_at": "2099-07-01T09:00:00Z"}
            )
        fetch(client, path)  # the first fetch after a change records it
        queries.statements.clear()
        assert fetch(client, path).status_code == 200
        return queries.count

    assert statements_for(2) == statements_for(18)


# --- one meeting as an .ics file ----------------------------------------------------------


def test_one_meeting_downloads_as_a_single_published_event(alice, meeting):
    response = alice.get(f"{MEETINGS}/{meeting['id']}/calendar.ics")

    calendar = calendar_of(response)
    assert calendar["METHOD"] == "PUBLISH"
    (event,) = vevents(calendar)
    assert str(event["UID"]) == meeting["uid"]
    assert str(event["SUMMARY"]) == "Coffee with Priya"
    assert event.decoded("DTSTART") == datetime(2099, 6, 1, 7, 30, tzinfo=UTC)
    assert response.headers["Content-Disposition"] == f'inline; filename="meeting-{meeting["id"]}.ics"'


def test_one_meeting_answers_304_while_unchanged(alice, meeting):
    url = f"{MEETINGS}/{meeting['id']}/calendar.ics"
    first = alice.get(url)

    assert alice.get(url, headers={"If-None-Match": first.headers["ETag"]}).status_code == 304
    alice.patch(f"{MEETINGS}/{meeting['id']}", json={"location": "Prufrock Coffee"})
    assert alice.get(url, headers={"If-None-Match": first.headers["ETag"]}).status_code == 200


def test_one_meeting_is_the_same_event_as_in_the_feed(client, alice, meeting):
    single = event_with_uid(calendar_of(alice.get(f"{MEETINGS}/{meeting['id']}/calendar.ics")), meeting["uid"])
    in_feed = event_with_uid(calendar_of(fetch(client, subscribe(alice))), meeting["uid"])

    assert single.to_ical() == in_feed.to_ical()


def test_a_second_parser_reads_the_feed_with_escaped_text_intact(client, alice):
    # vobject is the parser Radicale and other servers use; commas, semicolons and quotes are escaped.
    contact = new_contact(alice, name="Raman, Priya; Jr")
    made = new_meeting(alice, contact["id"], location='Café "Blue", Bottle; upstairs')

    parsed = vobject.readOne(fetch(client, subscribe(alice)).get_data(as_text=True))

    (event,) = parsed.vevent_list
    assert event.uid.value == made["uid"]
    assert event.summary.value == "Coffee chat with Raman, Priya; Jr"
    assert event.location.value == 'Café "Blue", Bottle; upstairs'
    assert event.dtstart.value == datetime(2099, 6, 1, 7, 30, tzinfo=UTC)


def test_two_first_feeds_made_at_once_leave_one_working_url(app, client, alice):
    for _ in range(3):
        alice.delete(FEED)
        make = partial(app.test_client().post, FEED, headers=alice.headers)

        responses = run_together(make, make)

        assert [response.status_code for response in responses] == [201, 201]
        working = [
            r
            for r in responses
            if fetch(client, r.get_json()["url"].removeprefix("http://localhost")).status_code == 200
        ]
        assert len(working) == 1


# --- the validator follows every input of the feed -----------------------------------------


@pytest.fixture
def everything_shown(alice, meeting):
    """A feed showing a meeting (contact, goal, plan) and an open follow-up; their ids."""
    follow_up = created(
        alice.post(FOLLOW_UPS, json={"meeting_id": meeting["id"], "kind": "check_in", "due_at": "2099-07-01T23:30:00Z"})
    )
    return {**meeting, "follow_up_id": follow_up["id"], "goal_id": meeting["goal_ids"][0]}


CHANGES = {
    "contact renamed": lambda a, m: a.patch(f"/api/v1/contacts/{m['contact_id']}", json={"name": "Priya R."}),
    "goal renamed": lambda a, m: a.patch(f"/api/v1/goals/{m['goal_id']}", json={"title": "Meet a data lead"}),
    "goal deleted": lambda a, m: a.delete(f"/api/v1/goals/{m['goal_id']}"),
    "goal unlinked": lambda a, m: a.patch(f"{MEETINGS}/{m['id']}", json={"goal_ids": []}),
    "question planned": lambda a, m: a.post(plan_url(m["id"]), json={"text": "Who else should I talk to?"}),
    "meeting moved": lambda a, m: a.patch(f"{MEETINGS}/{m['id']}", json={"starts_at": "2099-06-02T09:30:00Z"}),
    "agenda written": lambda a, m: a.patch(f"{MEETINGS}/{m['id']}", json={"agenda": "Ten minutes on her team."}),
    "meeting deleted": lambda a, m: a.delete(f"{MEETINGS}/{m['id']}"),
    "contact deleted": lambda a, m: a.delete(f"/api/v1/contacts/{m['contact_id']}"),
    "follow-up done": lambda a, m: a.patch(
        f"{FOLLOW_UPS}/{m['follow_up_id']}", json={"done_at": "2099-06-30T09:00:00Z"}
    ),
    "follow-up added": lambda a, m: a.post(
        FOLLOW_UPS, json={"meeting_id": m["id"], "kind": "report_back", "due_at": "2099-08-01T09:00:00Z"}
    ),
    "reminder changed": lambda a, m: a.patch("/api/v1/me", json={"reminder_minutes": 5}),
    "name changed": lambda a, m: a.patch("/api/v1/me", json={"name": "Alice E."}),
    "time zone changed": lambda a, m: a.patch("/api/v1/me", json={"timezone": "Pacific/Auckland"}),
}


@pytest.mark.parametrize("change", list(CHANGES), ids=list(CHANGES))
def test_every_change_the_feed_shows_gives_it_a_new_etag(client, alice, everything_shown, change):
    path = subscribe(alice)
    before = fetch(client, path)

    assert CHANGES[change](alice, everything_shown).status_code in (200, 201, 204)

    after = fetch(client, path, **{"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    assert after.data != before.data
    assert after.headers["ETag"] != before.headers["ETag"]


def test_a_current_copy_gets_its_304_without_the_feed_being_drawn(client, alice, meeting, queries):
    path = subscribe(alice)
    current = fetch(client, path)
    queries.statements.clear()

    assert fetch(client, path, **{"If-None-Match": current.headers["ETag"]}).status_code == 304
    assert not any("meeting_questions" in statement for statement in queries.statements)
