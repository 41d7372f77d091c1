"""Rows written in plain SQL, as an older schema holds them, for the tests of the migrations."""

from __future__ import annotations

from sqlalchemy import text


def meeting_with_a_plan(connection, status: str) -> None:
    """A user, a contact, a meeting with one planned question, and a follow-up, in plain SQL."""
    connection.execute(
        text(
            "INSERT INTO users (email, name, timezone, password_hash, created_at, updated_at) "
            "VALUES (:email, 'M', 'UTC', 'x', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"
        ),
        {"email": f"{status}@example.com"},
    )
    user = connection.scalar(text("SELECT max(id) FROM users"))
    connection.execute(
        text("INSERT INTO contacts (user_id, name, created_at, updated_at) VALUES (:u, 'P', :t, :t)"),
        {"u": user, "t": "2026-11-01 10:00:00"},
    )
    contact = connection.scalar(text("SELECT max(id) FROM contacts"))
    connection.execute(
        text(
            "INSERT INTO meetings (user_id, contact_id, title, purpose, starts_at, duration_minutes, timezone, "
            "status, two_way, created_at, updated_at) VALUES (:u, :c, 'Coffee', 'informational', :t, 30, 'UTC', "
            ":status, false, :t, :t)"
        ),
        {"u": user, "c": contact, "t": "2026-11-01 10:00:00", "status": status},
    )
    meeting = connection.scalar(text("SELECT max(id) FROM meetings"))
    connection.execute(
        text(
            "INSERT INTO meeting_questions (user_id, meeting_id, text, category, position, asked, created_at, "
            "updated_at) VALUES (:u, :m, 'Who else should I talk to?', 'next_steps', 1, false, :t, :t)"
        ),
        {"u": user, "m": meeting, "t": "2026-11-01 10:00:00"},
    )
    connection.execute(
        text(
            "INSERT INTO follow_ups (user_id, contact_id, meeting_id, kind, due_at, created_at, updated_at) "
            "VALUES (:u, :c, :m, 'thank_you', :t, :t, :t)"
        ),
        {"u": user, "c": contact, "m": meeting, "t": "2026-11-01 10:00:00"},
    )


def contacts_of_a_new_user(connection, count: int) -> tuple[int, list[int]]:
    """A user with ``count`` contacts, each with a tag and a meeting that has a goal and a planned question."""
    stamp = {"t": "2026-11-01 10:00:00"}
    connection.execute(
        text(
            "INSERT INTO users (email, name, timezone, password_hash, created_at, updated_at) "
            "VALUES (:email, 'M', 'UTC', 'x', :t, :t)"
        ),
        {**stamp, "email": f"user{connection.scalar(text('SELECT count(*) FROM users'))}@example.com"},
    )
    user = connection.scalar(text("SELECT max(id) FROM users"))
    goal = connection.scalar(
        text(
            "INSERT INTO goals (user_id, title, kind, status, created_at, updated_at) "
            "VALUES (:u, 'Learn', 'learn_culture', 'active', :t, :t) RETURNING id"
        ),
        {**stamp, "u": user},
    )
    contacts = []
    for n in range(count):
        contact = connection.scalar(
            text("INSERT INTO contacts (user_id, name, created_at, updated_at) VALUES (:u, :n, :t, :t) RETURNING id"),
            {**stamp, "u": user, "n": f"Contact {n}"},
        )
        connection.execute(
            text("INSERT INTO contact_tags (contact_id, position, tag) VALUES (:c, 0, 'data')"), {"c": contact}
        )
        meeting = connection.scalar(
            text(
                "INSERT INTO meetings (user_id, contact_id, title, purpose, starts_at, duration_minutes, timezone, "
                "status, two_way, uid, sequence, created_at, updated_at) VALUES (:u, :c, 'Coffee', 'informational', "
                ":t, 30, 'UTC', 'planned', false, :uid, 0, :t, :t) RETURNING id"
            ),
            {**stamp, "u": user, "c": contact, "uid": f"{user}-{contact}@coffeechat"},
        )
        connection.execute(
            text("INSERT INTO meeting_goals (meeting_id, goal_id) VALUES (:m, :g)"), {"m": meeting, "g": goal}
        )
        connection.execute(
            text(
                "INSERT INTO meeting_questions (user_id, meeting_id, text, category, position, asked, created_at, "
                "updated_at) VALUES (:u, :m, 'Who else should I talk to?', 'next_steps', 1, false, :t, :t)"
            ),
            {**stamp, "u": user, "m": meeting},
        )
        contacts.append(contact)
    return user, contacts
