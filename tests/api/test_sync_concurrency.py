"""Concurrent writers: every change gets a number of its own, consecutively, and no change committed
while a client pages, even after a later one, is ever skipped.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from functools import partial

from service.database import db
from service.models import Contact, Goal, User
from tests.api.syncing import Copy, change_rows, everything, sync, synced
from tests.conftest import run_together
from tests.factories import CONTACTS, GOALS, created, new_contact, new_goal

# --- numbering -------------------------------------------------------------------------


def test_concurrent_writers_get_distinct_consecutive_numbers(app, alice):
    # Straight through the ORM, as a CLI command or a factory writes: no request locks the user first.
    before = max(row.seq for row in change_rows(app, alice.id)) if change_rows(app, alice.id) else 0

    def write(n: int) -> None:
        with app.app_context():
            db.session.add(Contact(user_id=alice.id, name=f"Writer {n}"))
            db.session.commit()

    run_together(*(partial(write, n) for n in range(6)))

    assert sorted(row.seq for row in change_rows(app, alice.id)) == list(range(before + 1, before + 7))
    with app.app_context():
        assert db.session.get(User, alice.id).change_seq == before + 6


def test_a_change_committed_after_a_later_one_is_not_skipped(app, alice):
    since = synced(alice)
    flushed, go = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def write(name: str, hold: bool = False) -> None:
        try:
            with app.app_context():
                db.session.add(Contact(user_id=alice.id, name=name))
                db.session.flush()
                if hold:
                    flushed.set()
                    go.wait(10)
                db.session.commit()
        except BaseException as error:
            errors.append(error)

    slow = threading.Thread(target=write, args=("Slow", True))
    slow.start()
    assert flushed.wait(10)
    quick = threading.Thread(target=write, args=("Quick",))
    quick.start()
    quick.join(timeout=0.5)  # where the slow one holds a lock the quick one needs, it waits
    copy = Copy()
    copy.since = since
    copy.catch_up(alice)  # Quick, if it committed first
    go.set()
    slow.join()
    quick.join()
    assert errors == []

    copy.catch_up(alice)

    assert sorted(c["name"] for c in copy.objects["contacts"].values()) == ["Quick", "Slow"]


def test_changes_committed_while_a_client_pages_are_never_skipped(app, alice):
    for i in range(10):
        new_contact(alice, name=f"Before {i}")
    goals = [new_goal(alice, title=f"Goal {n}") for n in range(3)]
    writers_left = threading.Semaphore(0)
    writers = 3

    def through_the_api(n: int) -> None:
        client = app.test_client()
        for i in range(12):
            contact = created(client.post(CONTACTS, json={"name": f"W{n}-{i}"}, headers=alice.headers))
            url = f"{CONTACTS}/{contact['id']}"
            assert client.patch(url, json={"title": f"v{i}"}, headers=alice.headers).status_code == 200
            goal_url = f"{GOALS}/{goals[n]['id']}"
            assert client.patch(goal_url, json={"description": f"{i}"}, headers=alice.headers).status_code == 200
            if i % 4 == 3:
                assert client.delete(url, headers=alice.headers).status_code == 204

    def through_the_orm(n: int) -> None:
        # As a CLI command writes: no request locks the user first, and transactions overlap.
        with app.app_context():
            made = []
            for i in range(12):
                made.append(Contact(user_id=alice.id, name=f"W{n}-{i}", title=f"v{i}"))
                db.session.add(made[-1])
                db.session.flush()
                # Hold some transactions open while others commit, so commits overtake each other; the
                # contact is not touched again, so a change skipped would stay missing.
                time.sleep(0.02 if (i + n) % 2 else 0.001)
                db.session.commit()
                db.session.get(Goal, goals[n]["id"]).description = f"{i}"
                db.session.commit()
                if i % 4 == 3:
                    db.session.delete(made[i - 3])
                    db.session.commit()

    def writer(write: Callable[[int], None], n: int) -> None:
        try:
            write(n)
        finally:
            writers_left.release()

    def reader() -> Copy:
        client = app.test_client()
        copy = Copy()
        while not writers_left.acquire(blocking=False):
            copy.apply(sync(alice, copy.since, limit=3, client=client))
        for _ in range(writers - 1):
            writers_left.acquire()
        return copy.catch_up(alice, limit=3, client=client)

    copy, *_ = run_together(
        reader,
        partial(writer, through_the_api, 0),
        partial(writer, through_the_orm, 1),
        partial(writer, through_the_orm, 2),
    )

    assert copy.objects == everything(alice)
    assert len(copy.objects["contacts"]) == 10 + 3 * 9
    assert {g["description"] for g in copy.objects["goals"].values()} == {"11"}
    assert sum(bool(page["changes"]["contacts"]) for page in copy.pages) > 5  # it did page while they wrote
