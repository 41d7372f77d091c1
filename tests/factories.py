"""Factories: the contacts, goals, meetings and planned questions that tests start from.

Each factory (``new_*``, ``plan_question``) creates one valid thing through the API as
``account``, asserts the 201 and returns the thing as the API sent it. Keyword arguments
replace the defaults or add fields, so a test names only what matters to it. The URL
constants, the starter-question look-ups and ``assert_problem`` are shared by the same tests.
"""

from __future__ import annotations

from werkzeug.test import TestResponse

from tests.conftest import Account

# --- the API's URLs, as the tests call them --------------------------------------------------
API = "/api/v1"
REGISTER = f"{API}/auth/register"
LOGIN = f"{API}/auth/login"
REFRESH = f"{API}/auth/refresh"
LOGOUT = f"{API}/auth/logout"
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

# A meeting's default start: so far ahead that nothing about it is ever due or past.
FAR_FUTURE = "2099-06-01T09:30:00+02:00"  # 07:30 UTC


def created(response: TestResponse) -> dict:
    """The JSON of a response that must be a 201 Created."""
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def assert_problem(response: TestResponse, status: int, code: str) -> dict:
    """The body of a response that must be a problem document of this status and code, with a detail."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == status and body["code"] == code and body["detail"]
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
