"""Delta sync as a client does it: pages, a client's copy kept up to date, and what a full copy must hold.

Shared by the sync tests (test_sync_*.py) and the README walkthrough test.
"""

from __future__ import annotations

from sqlalchemy import select

from service.database import db
from service.models import Change
from service.schemas.sync import KINDS as SYNCED_KINDS
from tests.conftest import Account
from tests.factories import (
    BANKS,
    CONTACTS,
    FOLLOW_UPS,
    GOALS,
    MEETINGS,
    SYNC,
    created,
    items,
    new_contact,
    new_goal,
    new_meeting,
    plan_question,
    plan_url,
)

DUE = "2099-06-02T09:30:00Z"  # a follow-up's due date, a day after FAR_FUTURE


def sync(account: Account, since: str | None = None, limit: int | None = None, client=None) -> dict:
    """One page of a sync that must succeed."""
    query = {key: value for key, value in {"since": since, "limit": limit}.items() if value is not None}
    response = (client or account.client).get(SYNC, query_string=query, headers=account.headers)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def sync_problem(account: Account, status: int, **query) -> dict:
    """The problem document of a sync that must fail with this status."""
    response = account.get(SYNC, query_string=query)
    assert response.status_code == status, response.get_json()
    assert response.mimetype == "application/problem+json"
    return response.get_json()


class Copy:
    """A client's copy of its account, kept up to date by syncing."""

    def __init__(self):
        self.objects: dict[str, dict[int, dict]] = {kind: {} for kind in SYNCED_KINDS}
        self.since: str | None = None
        self.pages: list[dict] = []

    def apply(self, page: dict) -> None:
        self.pages.append(page)
        for kind, objects in page["changes"].items():
            for obj in objects:
                self.objects[kind][obj["id"]] = obj
        for gone in page["deleted"]:
            self.objects[gone["type"]].pop(gone["id"], None)
        self.since = page["next_since"]

    def catch_up(self, account: Account, limit: int | None = None, client=None) -> Copy:
        while True:
            page = sync(account, self.since, limit, client)
            self.apply(page)
            if not page["has_more"]:
                return self


def synced(account: Account) -> str:
    """A token after everything there is now."""
    return Copy().catch_up(account, limit=500).since


def everything(account: Account) -> dict[str, dict[int, dict]]:
    """Every object ``account`` sees, read through the list endpoints: what a full copy must hold."""
    meetings = items(account, MEETINGS)
    banks = items(account, BANKS)
    return {
        "contacts": {c["id"]: c for c in items(account, CONTACTS)},
        "meetings": {m["id"]: m for m in meetings},
        "meeting_questions": {q["id"]: q for m in meetings for q in items(account, plan_url(m["id"]))},
        "question_banks": {b["id"]: b for b in banks},
        "questions": {q["id"]: q for b in banks for q in items(account, f"{BANKS}/{b['id']}/questions")},
        "goals": {g["id"]: g for g in items(account, GOALS)},
        "outcomes": {o["id"]: o for m in meetings for o in items(account, f"{MEETINGS}/{m['id']}/outcomes")},
        "follow_ups": {f["id"]: f for f in items(account, FOLLOW_UPS)},
    }


def one_of_everything(account: Account, n: int = 1) -> None:
    """``n`` objects of every kind, with tags, goal links, plans, outcomes and referrals."""
    for i in range(n):
        contact = new_contact(account, name=f"Contact {i}", tags=["data", f"t{i}"])
        goal = new_goal(account, title=f"Goal {i}")
        meeting = new_meeting(account, contact["id"], goal_ids=[goal["id"]])
        plan_question(account, meeting["id"], text=f"What surprised you most in year {i}?")
        created(
            account.post(f"{MEETINGS}/{meeting['id']}/outcomes", json={"goal_id": goal["id"], "result": "progressed"})
        )
        created(account.post(f"{MEETINGS}/{meeting['id']}/referrals", json={"name": f"Referral {i}"}))
        created(account.post(FOLLOW_UPS, json={"meeting_id": meeting["id"], "kind": "report_back", "due_at": DUE}))
        bank = created(account.post(BANKS, json={"name": f"Bank {i}"}))
        created(account.post(f"{BANKS}/{bank['id']}/questions", json={"text": f"What does a good week {i} look like?"}))


def builtin_ids(account: Account) -> dict[str, set[int]]:
    """The ids of the built-in banks and their questions."""
    banks = items(account, BANKS, builtin="true")
    questions = {q["id"] for b in banks for q in items(account, f"{BANKS}/{b['id']}/questions")}
    return {"question_banks": {b["id"] for b in banks}, "questions": questions}


def change_rows(app, user_id: int) -> list[Change]:
    """The rows of the change log of ``user_id``, in order."""
    with app.app_context():
        return list(db.session.scalars(select(Change).where(Change.user_id == user_id).order_by(Change.seq)))
