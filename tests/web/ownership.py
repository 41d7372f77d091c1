"""Alice, Bob and one thing of every kind each: the world the ownership tests run in, and how to read it back.

``SCOPED_OPERATIONS`` is every operation with an id in its path, ``ATTACHING`` every request whose
body can name someone else's thing; test_ownership_refusals.py sends them with someone else's ids,
test_ownership.py with the requester's own (the control: only whose ids they are makes the difference).
The fixtures (``world``, shared by a module; ``alice_things``, ``bob_things``) are in tests/web/conftest.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import pytest

from service import reminders
from service.accounts import email_links
from service.database import db
from service.models import User
from tests.conftest import Account
from tests.factories import (
    BANKS,
    CONTACTS,
    EXPORT,
    FAR_FUTURE,
    FOLLOW_UPS,
    LINT,
    ME,
    MEETINGS,
    STATS,
    TOKENS,
    created,
    new_contact,
    new_goal,
    new_meeting,
    plan_question,
    plan_url,
    subscribed_device,
    webhook_with_a_delivery,
)

DUE = "2099-06-02T09:30:00Z"
PAST = "2026-01-10T09:00:00Z"
ID_PATTERN = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d+"
MISSING_ID = 2**31 - 1  # the largest id there can be; no test makes that many rows


@dataclass(frozen=True)
class Mine:
    """In a request table: the id of the requester's own thing, e.g. ``Mine("goal_id")``."""

    key: str


@dataclass(frozen=True)
class Theirs:
    """In a request table: the id of someone else's thing."""

    key: str


def resolve(value, mine: dict, theirs: dict):
    """``value`` with each ``Mine``/``Theirs`` replaced by the id it names."""
    if isinstance(value, Mine):
        return mine[value.key]
    if isinstance(value, Theirs):
        return theirs[value.key]
    if isinstance(value, dict):
        return {key: resolve(item, mine, theirs) for key, item in value.items()}
    if isinstance(value, list):
        return [resolve(item, mine, theirs) for item in value]
    return value


def send(account, method: str, path: str, body: dict | None):
    return account.client.open(path, method=method, headers=account.headers, json=body)


def give_one_of_everything(account, calendar) -> dict[str, int]:
    """Make ``account`` the owner of one thing of each kind; their ids, named as the API's path parameters.

    ``calendar`` is a CalDAV calendar of theirs, linked so that their meeting is pushed to it.
    """
    contact = new_contact(account, tags=["data"], research_notes="Led the triage model project.")
    goal = new_goal(account)
    meeting = new_meeting(account, contact["id"], goal_ids=[goal["id"]])
    meeting_url = f"{MEETINGS}/{meeting['id']}"
    item = plan_question(account, meeting["id"], text="What happens when an idea is obviously a failure?")
    answered = account.patch(
        f"{plan_url(meeting['id'])}/{item['id']}", json={"asked": True, "answer": "A blameless review.", "rating": 4}
    )
    assert answered.status_code == 200, answered.get_json()
    outcome = created(account.post(f"{meeting_url}/outcomes", json={"goal_id": goal["id"], "result": "progressed"}))
    referral = created(account.post(f"{meeting_url}/referrals", json={"name": "Sam Okafor"}))
    follow_up = created(
        account.post(FOLLOW_UPS, json={"meeting_id": meeting["id"], "kind": "report_back", "due_at": DUE})
    )
    bank = created(account.post(BANKS, json={"name": "My own questions"}))
    question = created(
        account.post(f"{BANKS}/{bank['id']}/questions", json={"text": "What does a good week look like for you?"})
    )
    created(account.post("/api/v1/calendar/feed"))
    server = calendar.server
    linked = account.client.put(
        "/api/v1/calendar/caldav",
        json={"url": calendar.url, "username": server.username, "password": server.password},
        headers=account.headers,
    )
    assert linked.status_code == 201 and linked.get_json()["pending"] == 0, linked.get_json()
    (session,) = [session for session in read(account, "/api/v1/auth/sessions")["items"] if session["current"]]
    token = created(
        account.post(TOKENS, json={"name": "script", "scopes": ["read"]}, headers={"Idempotency-Key": "first-token"})
    )
    webhook_id, delivery_id = webhook_with_a_delivery(account)
    subscription_id = subscribed_device(account)
    with account.client.application.app_context():  # the worker's schedule, once the follow-up is overdue
        reminders.plan(datetime.fromisoformat(DUE) + timedelta(hours=1))
        # A link emailed to verify the address (this app sends no email: made as sign-up makes it).
        email_links.issue(db.session.get(User, account.id), "verify_email")
        db.session.commit()
    return {
        "subscription_id": subscription_id,
        "webhook_id": webhook_id,
        "delivery_id": delivery_id,
        "session_id": session["id"],
        "token_id": token["id"],
        "contact_id": contact["id"],
        "goal_id": goal["id"],
        "meeting_id": meeting["id"],
        "item_id": item["id"],
        "outcome_id": outcome["id"],
        "referral_id": referral["id"],
        "follow_up_id": follow_up["id"],
        "bank_id": bank["id"],
        "question_id": question["id"],
    }


@dataclass(frozen=True)
class World:
    """Alice and Bob, each with one thing of every kind."""

    alice: Account
    alice_things: dict[str, int]
    bob: Account
    bob_things: dict[str, int]

    def __iter__(self):
        return iter((self.alice, self.alice_things, self.bob, self.bob_things))


def items(account, url: str, **query) -> list[dict]:
    response = account.get(url, query_string={"limit": 100, **query})
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["next_cursor"] is None
    return response.get_json()["items"]


def ids(account, url: str, **query) -> set[int]:
    return {row["id"] for row in items(account, url, **query)}


def read(account, url: str) -> dict:
    response = account.get(url)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def everything_of(account) -> dict:
    """All that ``account`` owns, read back through the API: its account document (every contact, meeting,
    plan, outcome, goal, follow-up, bank and question, with their links and timestamps), its profile
    and its numbers. Readiness and referrals are drawn from those rows."""
    document = read(account, EXPORT)
    document.pop("exported_at")
    return {"document": document, "me": read(account, ME), "stats": read(account, STATS)}


def starter_banks(account) -> list[dict]:
    return items(account, BANKS, builtin="true")


# Every operation with an id in its path, with a body that is valid but for that id.
# Bodies name the requester's own things where they name any, so only the path is foreign.
SCOPED_OPERATIONS: dict[tuple[str, str], dict | None] = {
    ("GET", "/api/v1/contacts/{contact_id}"): None,
    ("PATCH", "/api/v1/contacts/{contact_id}"): {"title": "Changed by someone else"},
    ("DELETE", "/api/v1/contacts/{contact_id}"): None,
    ("GET", "/api/v1/contacts/{contact_id}/referrals"): None,
    ("GET", "/api/v1/meetings/{meeting_id}"): None,
    ("PATCH", "/api/v1/meetings/{meeting_id}"): {"title": "Changed by someone else"},
    ("DELETE", "/api/v1/meetings/{meeting_id}"): None,
    ("GET", "/api/v1/meetings/{meeting_id}/questions"): None,
    ("POST", "/api/v1/meetings/{meeting_id}/questions"): {"text": "What would you do differently?"},
    ("GET", "/api/v1/meetings/{meeting_id}/questions/{item_id}"): None,
    ("PATCH", "/api/v1/meetings/{meeting_id}/questions/{item_id}"): {"answer": "Overwritten", "rating": 1},
    ("DELETE", "/api/v1/meetings/{meeting_id}/questions/{item_id}"): None,
    ("GET", "/api/v1/meetings/{meeting_id}/readiness"): None,
    ("GET", "/api/v1/meetings/{meeting_id}/calendar.ics"): None,
    ("DELETE", "/api/v1/auth/sessions/{session_id}"): None,
    ("GET", "/api/v1/tokens/{token_id}"): None,
    ("DELETE", "/api/v1/tokens/{token_id}"): None,
    ("GET", "/api/v1/meetings/{meeting_id}/outcomes"): None,
    ("POST", "/api/v1/meetings/{meeting_id}/outcomes"): {"goal_id": Mine("goal_id"), "result": "achieved"},
    ("GET", "/api/v1/meetings/{meeting_id}/outcomes/{outcome_id}"): None,
    ("DELETE", "/api/v1/meetings/{meeting_id}/outcomes/{outcome_id}"): None,
    ("POST", "/api/v1/meetings/{meeting_id}/referrals"): {"name": "Someone else's friend"},
    ("GET", "/api/v1/goals/{goal_id}"): None,
    ("PATCH", "/api/v1/goals/{goal_id}"): {"status": "dropped"},
    ("DELETE", "/api/v1/goals/{goal_id}"): None,
    ("GET", "/api/v1/follow-ups/{follow_up_id}"): None,
    ("PATCH", "/api/v1/follow-ups/{follow_up_id}"): {"done_at": PAST, "notes": "Overwritten"},
    ("DELETE", "/api/v1/follow-ups/{follow_up_id}"): None,
    ("GET", "/api/v1/question-banks/{bank_id}"): None,
    ("PATCH", "/api/v1/question-banks/{bank_id}"): {"name": "Renamed by someone else"},
    ("DELETE", "/api/v1/question-banks/{bank_id}"): None,
    ("POST", "/api/v1/question-banks/{bank_id}/copy"): {"name": "A copy of someone else's"},
    ("GET", "/api/v1/question-banks/{bank_id}/questions"): None,
    ("POST", "/api/v1/question-banks/{bank_id}/questions"): {"text": "What would you do differently?"},
    ("GET", "/api/v1/questions/{question_id}"): None,
    ("PATCH", "/api/v1/questions/{question_id}"): {"text": "Rewritten by someone else?"},
    ("DELETE", "/api/v1/questions/{question_id}"): None,
    ("GET", "/api/v1/webhooks/{webhook_id}"): None,
    ("PATCH", "/api/v1/webhooks/{webhook_id}"): {"description": "Changed by someone else"},
    ("DELETE", "/api/v1/webhooks/{webhook_id}"): None,
    ("POST", "/api/v1/webhooks/{webhook_id}/rotate-secret"): None,
    ("POST", "/api/v1/webhooks/{webhook_id}/test"): None,
    ("GET", "/api/v1/webhooks/{webhook_id}/deliveries"): None,
    ("GET", "/api/v1/webhooks/{webhook_id}/deliveries/{delivery_id}"): None,
    ("POST", "/api/v1/webhooks/{webhook_id}/deliveries/{delivery_id}/redeliver"): None,
    ("GET", "/api/v1/push-subscriptions/{subscription_id}"): None,
    ("DELETE", "/api/v1/push-subscriptions/{subscription_id}"): None,
}


NEW_MEETING = {"purpose": "informational", "starts_at": FAR_FUTURE}
NEW_FOLLOW_UP = {"kind": "check_in", "due_at": DUE}
A_QUESTION = "How many people work there?"

# Requests whose path names the requester's own things (or none) and whose body names someone
# else's: (method, path, body, status, the field a 422 names).
ATTACHING = [
    pytest.param(
        "POST", MEETINGS, {**NEW_MEETING, "contact_id": Theirs("contact_id")}, 422, "contact_id",
        id="meeting with their contact",
    ),
    pytest.param(
        "POST", MEETINGS, {**NEW_MEETING, "contact_id": Mine("contact_id"), "goal_ids": [Theirs("goal_id")]},
        422, "goal_ids", id="meeting towards their goal",
    ),
    pytest.param(
        "POST", MEETINGS,
        {**NEW_MEETING, "contact_id": Mine("contact_id"), "goal_ids": [Mine("goal_id"), Theirs("goal_id")]},
        422, "goal_ids", id="meeting towards my goal and theirs",
    ),
    pytest.param(
        "PATCH", "/api/v1/meetings/{meeting_id}", {"contact_id": Theirs("contact_id")}, 422, "contact_id",
        id="my meeting moved to their contact",
    ),
    pytest.param(
        "PATCH", "/api/v1/meetings/{meeting_id}", {"goal_ids": [Theirs("goal_id")]}, 422, "goal_ids",
        id="my meeting linked to their goal",
    ),
    pytest.param(
        "POST", "/api/v1/meetings/{meeting_id}/outcomes", {"goal_id": Theirs("goal_id"), "result": "achieved"},
        422, "goal_id", id="outcome of my meeting for their goal",
    ),
    pytest.param(
        "POST", "/api/v1/meetings/{meeting_id}/referrals", {"contact_id": Theirs("referral_id")}, 422, "contact_id",
        id="their contact referred from my meeting",
    ),
    pytest.param(
        "POST", "/api/v1/meetings/{meeting_id}/questions", {"question_id": Theirs("question_id")}, 422, "question_id",
        id="their private question on my plan",
    ),
    pytest.param(
        "POST", FOLLOW_UPS, {**NEW_FOLLOW_UP, "contact_id": Theirs("contact_id")}, 422, "contact_id",
        id="follow-up for their contact",
    ),
    pytest.param(
        "POST", FOLLOW_UPS, {**NEW_FOLLOW_UP, "meeting_id": Theirs("meeting_id")}, 422, "meeting_id",
        id="follow-up of their meeting",
    ),
    pytest.param(
        "POST", FOLLOW_UPS, {**NEW_FOLLOW_UP, "contact_id": Mine("contact_id"), "meeting_id": Theirs("meeting_id")},
        422, "meeting_id", id="follow-up for my contact of their meeting",
    ),
    pytest.param(
        "PATCH", "/api/v1/follow-ups/{follow_up_id}", {"contact_id": Theirs("contact_id")}, 422, "contact_id",
        id="my follow-up moved to their contact",
    ),
    pytest.param(
        "PATCH", "/api/v1/follow-ups/{follow_up_id}", {"meeting_id": Theirs("meeting_id")}, 422, "meeting_id",
        id="my follow-up moved to their meeting",
    ),
    pytest.param(
        "POST", CONTACTS, {"name": "New Contact", "referred_by_id": Theirs("contact_id")}, 422, "referred_by_id",
        id="new contact referred by their contact",
    ),
    pytest.param(
        "PATCH", "/api/v1/contacts/{referral_id}", {"referred_by_id": Theirs("contact_id")}, 422, "referred_by_id",
        id="my contact referred by their contact",
    ),
    pytest.param(
        "POST", LINT, {"text": A_QUESTION, "bank_id": Theirs("bank_id")}, 404, None,
        id="lint against their bank",
    ),
    pytest.param(
        "POST", LINT, {"text": A_QUESTION, "meeting_id": Theirs("meeting_id")}, 404, None,
        id="lint against their meeting",
    ),
]  # fmt: skip
