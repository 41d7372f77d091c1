"""Stats: my numbers, counted by the database, and only mine."""

from __future__ import annotations

import pytest

from tests.factories import (
    CONTACTS,
    FOLLOW_UPS,
    GOALS,
    MEETINGS,
    STATS,
    created,
    new_contact,
    new_goal,
    new_meeting,
    plan_question,
    plan_url,
)

NO_MEETINGS = {"planned": 0, "confirmed": 0, "completed": 0, "cancelled": 0, "no_show": 0}
EMPTY_STATS = {
    "contacts": 0,
    "meetings": {"total": 0, "by_status": NO_MEETINGS, "by_month": []},
    "goals": {"open": 0, "achieved": 0, "dropped": 0},
    "follow_ups": {"open": 0, "overdue": 0},
    "longest_referral_chain": 0,
    "answer_ratings": [],
}

# Far enough ahead that "planned" and "confirmed" stay valid and nothing falls due.
FUTURE = "2031-03-10T09:00:00+01:00"


def contact(account, name: str, referred_by: dict | None = None) -> dict:
    """A contact named ``name``, introduced by ``referred_by`` (None: by nobody)."""
    return new_contact(account, name=name, referred_by_id=referred_by["id"] if referred_by else None)


def meeting(account, with_contact: dict, starts_at: str, status: str = "planned", goals=()) -> dict:
    """A meeting with ``with_contact`` at ``starts_at`` in ``status``: what the meeting numbers count."""
    goal_ids = [g["id"] for g in goals]
    return new_meeting(account, with_contact["id"], starts_at=starts_at, status=status, goal_ids=goal_ids)


def follow_up(account, for_contact: dict, due_at: str, done_at: str | None = None) -> dict:
    body = {"contact_id": for_contact["id"], "kind": "check_in", "due_at": due_at, "done_at": done_at}
    return created(account.post(FOLLOW_UPS, json=body))


def rated(account, in_meeting: dict, category: str, rating: int | None) -> dict:
    """A question asked in ``in_meeting``, its answer rated ``rating`` (None: not rated)."""
    item = plan_question(account, in_meeting["id"], text=f"A {category} question no {rating}?", category=category)
    answer = {"asked": True, "answer": "A story.", "rating": rating}
    response = account.patch(f"{plan_url(in_meeting['id'])}/{item['id']}", json=answer)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def stats_of(account) -> dict:
    response = account.get(STATS)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


# --- the whole document ---------------------------------------------------------------


def test_with_nothing_recorded_every_number_is_zero_and_every_status_present(alice):
    assert stats_of(alice) == EMPTY_STATS


def build_alices_data(alice) -> None:
    priya = contact(alice, "Priya")
    kim = contact(alice, "Kim")
    contact(alice, "Ana", referred_by=priya)
    intro, culture = new_goal(alice, kind="second_connection"), new_goal(alice, kind="learn_culture")
    new_goal(alice, status="dropped")

    meeting(alice, priya, FUTURE, "planned")
    meeting(alice, kim, "2031-03-31T23:30:00-02:00", "confirmed")  # April in UTC
    # Completing a meeting owes a thank-you a day after it ends: long overdue for these.
    january = meeting(alice, priya, "2025-02-01T00:30:00+02:00", "completed", goals=[intro])  # January in UTC
    mid_january = meeting(alice, kim, "2025-01-15T10:00:00Z", "completed")
    meeting(alice, kim, "2025-03-03T10:00:00Z", "cancelled")

    sam = created(alice.post(f"{MEETINGS}/{january['id']}/referrals", json={"name": "Sam"}))
    contact(alice, "Lee", referred_by=sam)  # Priya -> Sam -> Lee
    created(
        alice.post(f"{MEETINGS}/{mid_january['id']}/outcomes", json={"goal_id": culture["id"], "result": "achieved"})
    )

    follow_up(alice, kim, FUTURE)
    follow_up(alice, kim, "2025-02-01T09:00:00Z", done_at="2025-02-01T10:00:00Z")

    for category, rating in [("culture", 5), ("culture", 4), ("career_path", 2), ("next_steps", None)]:
        rated(alice, january, category, rating)
    for category, rating in [("culture", 4), ("role", 5), ("role", 4)]:
        rated(alice, mid_january, category, rating)


def build_bobs_data(bob) -> None:
    """More of everything, a longer referral chain and a low culture rating: none of it is Alice's."""
    introducer = None
    for name in ("A", "B", "C", "D"):
        introducer = contact(bob, name, referred_by=introducer)
    held = meeting(bob, introducer, "2025-01-20T10:00:00Z", "completed")
    meeting(bob, introducer, "2025-03-05T10:00:00Z", "no_show")
    rated(bob, held, "culture", 1)
    new_goal(bob, status="dropped")
    new_goal(bob, status="achieved")


def test_the_stats_of_a_known_data_set(alice, bob):
    build_alices_data(alice)
    build_bobs_data(bob)

    assert stats_of(alice) == {
        "contacts": 5,
        "meetings": {
            "total": 5,
            "by_status": {"planned": 1, "confirmed": 1, "completed": 2, "cancelled": 1, "no_show": 0},
            "by_month": [
                {"month": "2025-01", "count": 2},
                {"month": "2025-03", "count": 1},
                {"month": "2031-03", "count": 1},
                {"month": "2031-04", "count": 1},
            ],
        },
        "goals": {"open": 1, "achieved": 1, "dropped": 1},
        "follow_ups": {"open": 3, "overdue": 2},
        "longest_referral_chain": 3,
        "answer_ratings": [
            {"category": "career_path", "average_rating": 2.0, "rated_answers": 1},
            {"category": "culture", "average_rating": 4.33, "rated_answers": 3},
            {"category": "role", "average_rating": 4.5, "rated_answers": 2},
        ],
    }
    assert stats_of(bob) == {
        "contacts": 4,
        "meetings": {
            "total": 2,
            "by_status": {**NO_MEETINGS, "completed": 1, "no_show": 1},
            "by_month": [{"month": "2025-01", "count": 1}, {"month": "2025-03", "count": 1}],
        },
        "goals": {"open": 0, "achieved": 1, "dropped": 1},
        "follow_ups": {"open": 1, "overdue": 1},
        "longest_referral_chain": 4,
        "answer_ratings": [{"category": "culture", "average_rating": 1.0, "rated_answers": 1}],
    }


def test_someone_elses_data_leaves_my_stats_empty(alice, bob):
    build_bobs_data(bob)
    assert stats_of(alice) == EMPTY_STATS


# --- one number at a time -------------------------------------------------------------


def test_months_are_the_utc_months_of_the_starts(alice):
    priya = contact(alice, "Priya")
    meeting(alice, priya, "2026-01-31T20:30:00-05:00", "planned")  # 2026-02-01 01:30 UTC
    meeting(alice, priya, "2026-03-01T00:30:00+01:00", "planned")  # 2026-02-28 23:30 UTC
    meeting(alice, priya, "2026-03-01T00:30:00Z", "planned")
    assert stats_of(alice)["meetings"]["by_month"] == [
        {"month": "2026-02", "count": 2},
        {"month": "2026-03", "count": 1},
    ]


@pytest.mark.parametrize(
    ("introductions", "longest"),
    [
        ([("A", None)], 1),
        ([("A", None), ("B", None)], 1),
        ([("A", None), ("B", "A")], 2),
        ([("A", None), ("B", "A"), ("C", "B")], 3),
        ([("A", None), ("B", "A"), ("C", "A"), ("D", "C"), ("E", None), ("F", "E")], 3),
        ([("A", None), ("B", "A"), ("C", "B"), ("D", "C"), ("E", "D")], 5),
    ],
)
def test_the_longest_referral_chain_counts_its_contacts(alice, introductions, longest):
    made: dict[str, dict] = {}
    for name, introducer in introductions:
        made[name] = contact(alice, name, referred_by=made.get(introducer))
    assert stats_of(alice)["longest_referral_chain"] == longest


def test_deleting_a_contact_in_the_middle_breaks_the_chain(alice):
    first = contact(alice, "First")
    middle = contact(alice, "Middle", referred_by=first)
    contact(alice, "Last", referred_by=middle)

    alice.delete(f"{CONTACTS}/{middle['id']}")

    assert stats_of(alice)["longest_referral_chain"] == 1


def test_a_referral_recorded_in_a_meeting_lengthens_the_chain(alice):
    priya = contact(alice, "Priya")
    held = meeting(alice, priya, FUTURE)
    created(alice.post(f"{MEETINGS}/{held['id']}/referrals", json={"name": "Sam"}))
    assert stats_of(alice)["longest_referral_chain"] == 2


@pytest.mark.parametrize(
    ("ratings", "average", "rated_answers"),
    [
        ((1, 2, 2, None), 1.67, 3),
        ((5, 4, None, None), 4.5, 2),
        ((5, 5, 5, 5, 5, 4, 4, 4), 4.63, 8),  # 4.625: a half rounds up, as by hand
    ],
)
def test_average_ratings_count_only_rated_answers_rounded_to_two_decimals(alice, ratings, average, rated_answers):
    held = meeting(alice, contact(alice, "Priya"), "2025-06-01T10:00:00Z", "completed")
    for rating in ratings:
        rated(alice, held, "advice", rating)
    assert stats_of(alice)["answer_ratings"] == [
        {"category": "advice", "average_rating": average, "rated_answers": rated_answers}
    ]


def test_a_follow_up_done_is_neither_open_nor_overdue(alice):
    owed = follow_up(alice, contact(alice, "Priya"), "2025-06-01T10:00:00Z")
    assert stats_of(alice)["follow_ups"] == {"open": 1, "overdue": 1}

    alice.patch(f"{FOLLOW_UPS}/{owed['id']}", json={"done_at": "2025-06-01T11:00:00+02:00"})

    assert stats_of(alice)["follow_ups"] == {"open": 0, "overdue": 0}


def test_a_reopened_goal_counts_as_open_again(alice):
    reached = new_goal(alice)
    held = meeting(alice, contact(alice, "Priya"), FUTURE)
    created(alice.post(f"{MEETINGS}/{held['id']}/outcomes", json={"goal_id": reached["id"], "result": "achieved"}))
    assert stats_of(alice)["goals"] == {"open": 0, "achieved": 1, "dropped": 0}

    alice.patch(f"{GOALS}/{reached['id']}", json={"status": "open"})

    assert stats_of(alice)["goals"] == {"open": 1, "achieved": 0, "dropped": 0}


# --- cost -----------------------------------------------------------------------------


def test_stats_cost_the_same_number_of_queries_for_2_or_20_meetings(alice, queries):
    def count_for_stats() -> int:
        before = queries.count
        stats_of(alice)
        return queries.count - before

    introducer = None

    def add(n: int) -> None:
        nonlocal introducer
        for i in range(n):
            introducer = contact(alice, f"Contact {i}", referred_by=introducer)
            held = meeting(
                alice, introducer, f"2025-{i % 12 + 1:02d}-10T10:00:00Z", "completed", goals=[new_goal(alice)]
            )
            rated(alice, held, ("culture", "role", "advice")[i % 3], i % 5 + 1)

    add(2)
    small = count_for_stats()
    add(18)
    large = count_for_stats()
    assert stats_of(alice)["meetings"]["total"] == 20 and stats_of(alice)["longest_referral_chain"] == 20
    assert small == large <= 10
