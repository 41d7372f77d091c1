"""Factories: the contacts, goals, meetings and planned questions that tests start from.

Each factory (``new_*``, ``plan_question``) creates one valid thing through the API as
``account``, asserts the 201 and returns the thing as the API sent it. Keyword arguments
replace the defaults or add fields, so a test names only what matters to it. The URL
constants, the starter-question look-ups and ``assert_problem`` are shared by the same tests.

Below them, area by area, what several test files of tests/api share: reading things back, goals
and outcomes, question banks, calendar invitations and contact files to import. Account documents and delta sync have theirs beside their tests:
tests/api/account_documents.py and tests/api/syncing.py.
"""

from __future__ import annotations

import copy
import functools
from datetime import UTC, datetime, timedelta
from pathlib import Path

import icalendar
import yaml
from werkzeug.test import TestResponse

from tests.conftest import Account

ROOT = Path(__file__).resolve().parent.parent  # the checkout
FIXTURES = ROOT / "tests" / "fixtures"  # real files of other apps: calendar/, contacts/
COMMITTED_SPEC = ROOT / "openapi.yaml"
HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}

# --- the API's URLs, as the tests call them --------------------------------------------------
API = "/api/v1"
REGISTER = f"{API}/auth/register"
LOGIN = f"{API}/auth/login"
REFRESH = f"{API}/auth/refresh"
LOGOUT = f"{API}/auth/logout"
WEB_LOGIN = f"{API}/auth/web/login"
WEB_REFRESH = f"{API}/auth/web/refresh"
WEB_LOGOUT = f"{API}/auth/web/logout"
SESSIONS = f"{API}/auth/sessions"
TOKENS = f"{API}/tokens"
ME = f"{API}/me"
CONTACTS = f"{API}/contacts"
CONTACTS_IMPORT = f"{CONTACTS}/import"
CONTACTS_EXPORT = f"{CONTACTS}/export.vcf"
GOALS = f"{API}/goals"
MEETINGS = f"{API}/meetings"
FOLLOW_UPS = f"{API}/follow-ups"
BANKS = f"{API}/question-banks"
QUESTIONS = f"{API}/questions"
LINT = f"{QUESTIONS}/lint"
STATS = f"{API}/stats"
SYNC = f"{API}/sync"
EXPORT = f"{API}/export"
IMPORT = f"{API}/import"
FEED = f"{API}/calendar/feed"
CALENDAR_IMPORT = f"{API}/calendar/import"
CALDAV = f"{API}/calendar/caldav"
CALDAV_SYNC = f"{CALDAV}/sync"
SHARED_FILES = f"{API}/shared-files"
WEBHOOKS = f"{API}/webhooks"

# A meeting's default start: so far ahead that nothing about it is ever due or past.
FAR_FUTURE = "2099-06-01T09:30:00+02:00"  # 07:30 UTC


def created(response: TestResponse) -> dict:
    """The JSON of a response that must be a 201 Created."""
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def assert_problem(response: TestResponse, status: int, code: str | None = None) -> dict:
    """The body of a response that must be a problem document of this status (and ``code``), with a detail."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == status and body["detail"]
    if code is not None:
        assert body["code"] == code, body
    return body


def plan_url(meeting_id: int) -> str:
    """The URL of a meeting's plan: the questions I mean to ask in it."""
    return f"{MEETINGS}/{meeting_id}/questions"


def new_contact(account: Account, **fields) -> dict:
    """A new contact, Priya Raman unless ``fields`` say otherwise."""
    return created(account.post(CONTACTS, json={"name": "Priya Raman", **fields}))


def new_goal(account: Account, **fields) -> dict:
    """A new open goal, to learn the culture of data teams unless ``fields`` say otherwise."""
    return created(account.post(GOALS, json={"title": "Learn how data teams work", "kind": "learn_culture", **fields}))


def meeting_body(account: Account, contact_id: int | None = None, **fields) -> dict:
    """The body of a valid new meeting, not yet sent; with a new contact unless one is given.

    An informational interview starting at ``FAR_FUTURE`` unless ``fields`` say otherwise.
    """
    if contact_id is None:
        contact_id = new_contact(account)["id"]
    return {"contact_id": contact_id, "purpose": "informational", "starts_at": FAR_FUTURE, **fields}


def new_meeting(account: Account, contact_id: int | None = None, **fields) -> dict:
    """A new meeting, made from ``meeting_body``: with a new contact unless one is given."""
    return created(account.post(MEETINGS, json=meeting_body(account, contact_id, **fields)))


def plan_question(account: Account, meeting_id: int, **body) -> dict:
    """Put a question on a meeting's plan: ``text`` (and ``category``) of my own, or a bank's ``question_id``."""
    return created(account.post(plan_url(meeting_id), json=body))


def starter_questions(account: Account) -> list[dict]:
    """Every question of the built-in starter banks, as ``account`` sees them."""
    banks = account.get(f"{BANKS}?builtin=true&limit=100").get_json()["items"]
    return [
        question
        for bank in banks
        for question in account.get(f"{BANKS}/{bank['id']}/questions?limit=100").get_json()["items"]
    ]


def starter_question(account: Account, text: str) -> dict:
    """The built-in starter question worded exactly ``text``."""
    found = [question for question in starter_questions(account) if question["text"] == text]
    assert found, f"no starter question {text!r}"
    return found[0]


def load_yaml(text: str):
    """``text`` parsed as PyYAML's safe_load parses it, by libyaml (ten times faster) where PyYAML has it."""
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


@functools.cache
def _committed_spec() -> dict:
    return load_yaml(COMMITTED_SPEC.read_text())


def committed_spec() -> dict:
    """The OpenAPI document as committed (the drift test keeps it equal to what the code generates): a copy
    of it, parsed once per test process (every test worker collects the modules that read it)."""
    return copy.deepcopy(_committed_spec())


def operations(spec: dict):
    """``("GET /api/v1/contacts", operation)`` for every operation of ``spec``."""
    for path, item in spec["paths"].items():
        for method, operation in item.items():
            if method in HTTP_METHODS:
                yield f"{method.upper()} {path}", operation


def put_link(account: Account, calendar, **body) -> TestResponse:
    """PUT the link to ``calendar`` (a Radicale calendar) with its server's credentials, unless ``body`` says otherwise."""
    server = calendar.server
    return account.client.put(
        CALDAV,
        json={"url": calendar.url, "username": server.username, "password": server.password, **body},
        headers=account.headers,
    )


def link(account: Account, calendar, **body) -> dict:
    """Link ``calendar`` as ``account``'s CalDAV calendar; the link's status."""
    response = put_link(account, calendar, **body)
    assert response.status_code in (200, 201), response.get_json()
    return response.get_json()


def event_for(calendar, meeting: dict) -> icalendar.Event | None:
    """The event with the meeting's UID in the calendar, as the server holds it."""
    found = [
        component
        for document in calendar.events().values()
        for component in document.walk("VEVENT")
        if str(component["UID"]) == meeting["uid"]
    ]
    assert len(found) <= 1
    return found[0] if found else None


# --- reading back what the API holds -------------------------------------------------------------


def ok(response: TestResponse, status: int = 200) -> dict:
    """The JSON, if any, of a response that must have this status."""
    assert response.status_code == status, response.get_data(as_text=True)
    return response.get_json(silent=True)


def read(account: Account, url: str) -> dict:
    """The JSON of a GET that must succeed."""
    response = account.get(url)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def items(account: Account, url: str, **query) -> list[dict]:
    """The items of a list that ``query`` filters, all on one page of up to 100."""
    page = read(account, f"{url}?limit=100&" + "&".join(f"{k}={v}" for k, v in query.items()))
    assert page["next_cursor"] is None
    return page["items"]


def meeting(account: Account, meeting_id: int) -> dict:
    """One of ``account``'s meetings, as its GET shows it."""
    response = account.get(f"{MEETINGS}/{meeting_id}")
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def contact(account: Account, contact_id: int) -> dict:
    """One of ``account``'s contacts, as its GET shows it."""
    response = account.get(f"{CONTACTS}/{contact_id}")
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def all_meetings(account: Account, **query) -> list[dict]:
    """``account``'s meetings that ``query`` filters, in the list's order (up to 100)."""
    response = account.get(MEETINGS, query_string={"limit": 100, **query})
    assert response.status_code == 200, response.get_json()
    return response.get_json()["items"]


def all_contacts(account: Account) -> list[dict]:
    """``account``'s contacts in the list's order, newest first (up to 100)."""
    response = account.get(CONTACTS, query_string={"limit": 100})
    assert response.status_code == 200, response.get_json()
    return response.get_json()["items"]


def contact_emails(account: Account) -> list[str]:
    """The email addresses of ``account``'s contacts, sorted."""
    return sorted(c["email"] for c in all_contacts(account))


# --- goals, outcomes and referrals ---------------------------------------------------------------


def goal_url(goal_id: int) -> str:
    return f"{GOALS}/{goal_id}"


def outcomes_url(meeting_id: int) -> str:
    return f"{MEETINGS}/{meeting_id}/outcomes"


def referrals_url(meeting_id: int) -> str:
    return f"{MEETINGS}/{meeting_id}/referrals"


def record(account: Account, meeting: dict, goal: dict, result: str = "progressed", **fields) -> dict:
    """Record an outcome of ``meeting`` for ``goal``; the outcome."""
    return created(account.post(outcomes_url(meeting["id"]), json={"goal_id": goal["id"], "result": result, **fields}))


def progress_of(account: Account, goal: dict) -> dict:
    return account.get(goal_url(goal["id"])).get_json()["progress"]


def goals_listed(account: Account, query: str = "") -> list[dict]:
    return account.get(f"{GOALS}?limit=100{query}").get_json()["items"]


def outcomes_listed(account: Account, meeting: dict) -> list[dict]:
    return account.get(outcomes_url(meeting["id"])).get_json()["items"]


# --- question banks, their questions and the linter ----------------------------------------------

GOOD_QUESTION = "What surprised you most in your first year?"
# Questions of the built-in culture bank, word for word.
CULTURE_CLASSICS = [
    "What approaches does your group take to find new ideas?",
    "What happens when an idea is obviously a failure?",
    "What's the top skill admired in your team today?",
]


def bank_url(bank_id: int) -> str:
    return f"{BANKS}/{bank_id}"


def bank_questions_url(bank_id: int) -> str:
    return f"{BANKS}/{bank_id}/questions"


def question_url(question_id: int) -> str:
    return f"{QUESTIONS}/{question_id}"


def create_bank(account: Account, **fields) -> dict:
    """A new bank of ``account``'s own, named "My questions" unless ``fields`` say otherwise."""
    return created(account.post(BANKS, json={"name": "My questions", **fields}))


def add_question(account: Account, bank_id: int, text: str = GOOD_QUESTION, **fields) -> dict:
    """A new question in one of ``account``'s banks."""
    return created(account.post(bank_questions_url(bank_id), json={"text": text, **fields}))


def list_banks(account: Account, query: str = "") -> list[dict]:
    return account.get(f"{BANKS}?limit=100{query}").get_json()["items"]


def questions_of(account: Account, bank_id: int, query: str = "") -> list[dict]:
    return account.get(f"{bank_questions_url(bank_id)}?limit=100{query}").get_json()["items"]


def starter_banks(account: Account) -> list[dict]:
    return list_banks(account, "&builtin=true")


def codes(warnings: list[dict]) -> set[str]:
    """The codes of the linter's warnings."""
    return {warning["code"] for warning in warnings}


def lint(account: Account, text: str, **fields) -> set[str]:
    """The codes of what the linter flags in ``text``."""
    response = account.post(LINT, json={"text": text, **fields})
    assert response.status_code == 200, response.get_json()
    return codes(response.get_json()["warnings"])


SOON = "2099-06-10T09:00:00Z"  # a date ahead, used by imports and documents


# --- calendar invitations to import --------------------------------------------------------------

INVITATIONS = FIXTURES / "calendar"  # realistic invitations from Google, Outlook and Apple
INVITEE = "me@example.com"  # whom every invitation invites: the tests register as them
GOOGLE_UID = "6b2fq0tqk1n8lqo9r3c5mhd7ve@google.com"  # of google-request.ics, its update and its cancellation
INVITATION_START = datetime(2099, 6, 1, 9, 30, tzinfo=UTC)  # an event's start unless told: never due or past


def invitation_file(name: str) -> bytes:
    """The invitation ``tests/fixtures/calendar/<name>.ics``, as its calendar app wrote it."""
    return (INVITATIONS / f"{name}.ics").read_bytes()


def import_counts(report: dict) -> tuple[int, ...]:
    """An import report's counts: (created, updated, cancelled, skipped) of a calendar, (created, updated,
    skipped) of contacts."""
    return tuple(report[count] for count in ("created", "updated", "cancelled", "skipped") if count in report)


def import_ics(account: Account, raw: bytes, content_type: str = "text/calendar") -> TestResponse:
    return account.post(CALENDAR_IMPORT, data=raw, content_type=content_type)


def imported_calendar(account: Account, raw: bytes) -> dict:
    """The report of a calendar import that must succeed."""
    response = import_ics(account, raw)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def imported_meeting(account: Account, raw: bytes) -> dict:
    """Import a calendar of one event that must become a new meeting; that meeting, read back."""
    report = imported_calendar(account, raw)
    assert report["created"] == 1 and report["errors"] == [], report
    (event,) = report["events"]
    return meeting(account, event["meeting_id"])


def address(email: str, name: str | None = None) -> icalendar.vCalAddress:
    value = icalendar.vCalAddress(f"mailto:{email}")
    if name:
        value.params["CN"] = name
    return value


def event(
    uid: str = "chat-1@example.org",
    *,
    start: datetime = INVITATION_START,
    minutes: int | None = 30,
    sequence: int = 0,
    summary: str | None = "Coffee with Priya",
    organizer: tuple[str, str | None] | None = ("priya@example.org", "Priya Raman"),
    attendees: tuple[str, ...] = (INVITEE,),
    **properties,
) -> icalendar.Event:
    """One VEVENT: an invitation from Priya to me unless the arguments say otherwise."""
    vevent = icalendar.Event()
    vevent.add("uid", uid)
    vevent.add("dtstamp", datetime(2026, 11, 1, 12, 0, tzinfo=UTC))
    vevent.add("dtstart", start)
    if minutes is not None:
        vevent.add("dtend", start + timedelta(minutes=minutes))
    vevent.add("sequence", sequence)
    if summary is not None:
        vevent.add("summary", summary)
    if organizer is not None:
        vevent.add("organizer", address(*organizer))
    for email in attendees:
        vevent.add("attendee", address(email))
    for name, value in properties.items():
        vevent.add(name, value)
    return vevent


def calendar(*events: icalendar.Event, method: str = "REQUEST") -> bytes:
    """An iCalendar file of ``events``, with the time zones they use."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//coffeechat tests//EN")
    cal.add("version", "2.0")
    cal.add("method", method)
    for vevent in events:
        cal.add_component(vevent)
    cal.add_missing_timezones()
    return cal.to_ical()


def invite(method: str = "REQUEST", **fields) -> bytes:
    """A calendar of one event, see ``event``."""
    return calendar(event(**fields), method=method)


# --- contact files to import ---------------------------------------------------------------------

CONTACT_FILES = FIXTURES / "contacts"  # realistic vCard and CSV files (see its README)
# The fields an import can fill, as the API shows them.
IMPORTED_FIELDS = (
    "name",
    "email",
    "phone",
    "company",
    "title",
    "industry",
    "location",
    "linkedin_url",
    "how_met",
    "notes",
    "tags",
)


def contact_file(name: str) -> bytes:
    """The contact file ``tests/fixtures/contacts/<name>``, as its app exported it."""
    return (CONTACT_FILES / name).read_bytes()


def content_type_of(name: str) -> str:
    return "text/csv" if name.endswith(".csv") else "text/vcard"


def import_file(account: Account, raw: bytes | str, content_type: str = "text/vcard", **query) -> TestResponse:
    data = raw.encode() if isinstance(raw, str) else raw
    return account.post(CONTACTS_IMPORT, data=data, content_type=content_type, query_string=query)


def imported_contacts(account: Account, raw: bytes | str, content_type: str = "text/vcard", **query) -> dict:
    """The report of a contacts import that must succeed."""
    response = import_file(account, raw, content_type, **query)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def contacts_oldest_first(account: Account) -> list[dict]:
    """My contacts, oldest first."""
    response = account.get(CONTACTS, query_string={"limit": 100})
    assert response.status_code == 200, response.get_json()
    return list(reversed(response.get_json()["items"]))


def shown(contact: dict) -> dict:
    """The fields of a contact that an import can fill, without the empty ones."""
    return {field: contact[field] for field in IMPORTED_FIELDS if contact[field] not in (None, [])}


def contacts_shown(account: Account) -> list[dict]:
    return [shown(contact) for contact in contacts_oldest_first(account)]


def card(*lines: str, version: str = "3.0") -> str:
    """A vCard of these property lines."""
    return "\r\n".join(["BEGIN:VCARD", f"VERSION:{version}", *lines, "END:VCARD"]) + "\r\n"


def new_webhook(account: Account, url: str, **body) -> dict:
    """Register ``url`` as a webhook of ``account``'s; the answer, with the secret shown once."""
    return created(account.post(WEBHOOKS, json={"url": url, **body}))


# Nothing listens on the discard port: a delivery there fails at once, and is logged.
UNREACHABLE_RECEIVER = "http://127.0.0.1:9/hooks"


def webhook_with_a_delivery(account: Account) -> tuple[int, int]:
    """A webhook of ``account``'s (to a receiver that is not there) and its test delivery: their ids."""
    hook = new_webhook(account, UNREACHABLE_RECEIVER, events=["goal.achieved"])
    delivery = account.post(f"{WEBHOOKS}/{hook['id']}/test")
    assert delivery.status_code == 202, delivery.get_json()
    return hook["id"], delivery.get_json()["id"]


def subscribed_device(account: Account) -> int:
    """A device of ``account``'s subscribed to Web Push (at a push service that is not there), and reminders
    set up: the subscription's id."""
    settings = account.patch(f"{ME}/notifications", json={"quiet_hours_start": "22:00", "quiet_hours_end": "07:00"})
    assert settings.status_code == 200, settings.get_json()
    device = {
        "endpoint": f"http://127.0.0.1:9/push/{account.id}",
        "keys": {
            "p256dh": "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM",
            "auth": "tBHItJI5svbpez7KI4CCXg",
        },
    }
    return created(account.post("/api/v1/push-subscriptions", json=device))["id"]
