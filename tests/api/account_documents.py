"""Account documents: an account with rows of every kind and reference, its export, and small import documents.

Shared by the export and import tests (test_account_export.py, test_account_import*.py).
"""

from __future__ import annotations

from tests.conftest import Account
from tests.factories import (
    BANKS,
    EXPORT,
    FOLLOW_UPS,
    ME,
    MEETINGS,
    SOON,
    created,
    new_contact,
    new_goal,
    new_meeting,
    ok,
    plan_question,
    plan_url,
    starter_question,
)

HELD = "2026-03-14T10:00:00+01:00"  # a meeting that has taken place
# The kinds of rows an export holds, in the document's order.
KINDS = ("contacts", "goals", "question_banks", "questions", "meetings", "meeting_questions", "outcomes", "follow_ups")


def export(account: Account) -> dict:
    return ok(account.get(EXPORT))


def give_a_full_account(account: Account) -> None:
    """Make ``account`` own rows of every kind, with every kind of reference between them."""
    ok(account.patch(ME, json={"name": "Ana Lima", "timezone": "Europe/Lisbon", "reminder_minutes": None}))
    priya = new_contact(
        account,
        email="priya@example.org",
        company="Northwind Analytics",
        linkedin_url="https://www.linkedin.com/in/priya-raman",
        tags=["data", "mentor"],
        research_notes="Read her 2024 post on triage models.",
    )
    lena = new_contact(account, name="Lena Fischer", referred_by_id=priya["id"], tags=["berlin"])
    learn = new_goal(account, due_date="2027-01-31")
    meet_more = new_goal(account, title="Meet someone on a platform team", kind="second_connection")
    new_goal(account, title="Dropped idea", kind="other", status="dropped")

    starter = starter_question(account, "What happens when an idea is obviously a failure?")
    copy_of_starter = created(account.post(f"{BANKS}/{starter['bank_id']}/copy", json={"name": "My culture questions"}))
    created(account.post(f"{BANKS}/{copy_of_starter['id']}/copy", json={"name": "A copy of my copy"}))
    own_bank = created(account.post(BANKS, json={"name": "My own questions", "description": "For platform people."}))
    own_question = created(
        account.post(
            f"{BANKS}/{own_bank['id']}/questions",
            json={"text": "What does a good week look like for you?", "category": "role", "tags": ["week"]},
        )
    )

    held = new_meeting(
        account,
        priya["id"],
        starts_at=HELD,
        duration_minutes=45,
        location="Monmouth Coffee",
        video_url="https://meet.example.com/abc-defg-hij",
        agenda="Her move into data science.",
        two_way=True,
        goal_ids=[learn["id"], meet_more["id"]],
    )
    first = plan_question(account, held["id"], question_id=starter["id"])
    plan_question(account, held["id"], question_id=own_question["id"])
    plan_question(account, held["id"], text="How many people work at Northwind?", category="company", position=1)
    ok(
        account.patch(
            f"{plan_url(held['id'])}/{first['id']}",
            json={"asked": True, "answer": "A quarterly failure review.", "rating": 5},
        )
    )
    ok(account.patch(f"{MEETINGS}/{held['id']}", json={"status": "completed", "debrief": "Fits. Talk to Sam."}))
    created(account.post(f"{MEETINGS}/{held['id']}/referrals", json={"name": "Sam Okafor", "tags": ["platform"]}))
    created(account.post(f"{MEETINGS}/{held['id']}/outcomes", json={"goal_id": learn["id"], "result": "achieved"}))

    cancelled = new_meeting(account, lena["id"], starts_at=SOON, title="Coffee with Lena")
    ok(account.patch(f"{MEETINGS}/{cancelled['id']}", json={"status": "cancelled"}))
    upcoming = new_meeting(account, lena["id"], starts_at="2099-07-01T15:00:00+02:00", status="confirmed")
    plan_question(account, upcoming["id"], text="Who else should I talk to?", category="next_steps")

    thanks = ok(account.get(FOLLOW_UPS, query_string={"kind": "thank_you"}))["items"][0]
    ok(account.patch(f"{FOLLOW_UPS}/{thanks['id']}", json={"done_at": "2026-03-15T08:00:00Z"}))
    created(account.post(FOLLOW_UPS, json={"meeting_id": upcoming["id"], "kind": "report_back", "due_at": SOON}))
    created(account.post(FOLLOW_UPS, json={"contact_id": priya["id"], "kind": "check_in", "due_at": SOON}))


def small_document(**changes) -> dict:
    """A valid document of one contact, one goal and one meeting between them; ``changes`` replace its lists."""
    document = {
        "format": "coffeechat.export",
        "version": 1,
        "contacts": [{"id": 1, "name": "Priya Raman", "tags": ["data"]}],
        "goals": [{"id": 1, "title": "Learn how data teams work", "kind": "learn_culture"}],
        "meetings": [
            {"id": 1, "contact_id": 1, "purpose": "informational", "starts_at": SOON, "goal_ids": [1]},
        ],
        "follow_ups": [{"id": 1, "contact_id": 1, "meeting_id": 1, "kind": "check_in", "due_at": SOON}],
    }
    return {**document, **changes}
