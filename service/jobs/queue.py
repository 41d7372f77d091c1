"""The task queue: Huey, bound to an app.

``task`` and ``periodic`` declare what the worker runs (``service.jobs.tasks``); ``TaskQueue.init_app``
gives each app a Huey of its own (``SqliteHuey`` on a file in ``instance/``, ``RedisHuey`` when
``REDIS_URL`` is set, Huey's immediate mode with ``TASKS_IMMEDIATE``) and binds every declared task to it,
each run inside that app's context. ``enqueue`` queues a call for the current app's worker.

Huey takes a task off the queue before it runs it, so a worker killed mid-task loses that message.
Nothing here relies on the message: every task reads what to do from the database (a meeting not yet
in the calendar, a delivery not yet made), so it can run again and do no harm, and a periodic sweep
queues again whatever is still due. The queue wakes the worker; the database remembers the work.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, current_app
from huey import Huey, MemoryHuey, RedisHuey, SqliteHuey, crontab

# A run queued by ``enqueue(..., once=True)`` that has not started after this long is taken for lost
# (its worker was killed after taking it): the next call queues another.
UNSTARTED_AFTER_SECONDS = 600


@dataclass(frozen=True)
class Declared:
    function: Callable
    retries: int = 0
    retry_delay: int = 0
    retry_backoff: float = 0
    schedule: crontab | None = None


_DECLARED: dict[str, Declared] = {}


def task(name: str, *, retries: int = 0, retry_delay: int = 0, retry_backoff: float = 0) -> Callable:
    """Declare ``function`` a task called ``name`` (its name in the queue: keep it stable)."""

    def declare(function: Callable) -> Callable:
        _DECLARED[name] = Declared(function, retries, retry_delay, retry_backoff)
        return function

    return declare


def periodic(name: str, schedule: crontab) -> Callable:
    """Declare ``function`` a task the worker runs on ``schedule`` (a Huey crontab, in UTC)."""

    def declare(function: Callable) -> Callable:
        _DECLARED[name] = Declared(function, schedule=schedule)
        return function

    return declare


def create_huey(config: dict) -> Huey:
    """The Huey this deployment's settings describe."""
    name = config["TASKS_QUEUE_NAME"]
    # Results are never read: a task's outcome is in the database.
    if config["TASKS_IMMEDIATE"]:
        return MemoryHuey(name, immediate=True, results=False, utc=True)
    if config["REDIS_URL"]:
        return RedisHuey(name, url=config["REDIS_URL"], results=False, utc=True)
    return SqliteHuey(name, filename=config["TASKS_DATABASE"], results=False, utc=True)


@dataclass
class BoundQueue:
    huey: Huey
    tasks: dict[Callable, Any] = field(default_factory=dict)  # the declared function -> Huey's task
    names: dict[Callable, str] = field(default_factory=dict)

    def marker(self, function: Callable, args: tuple) -> str:
        return f"queued:{self.names[function]}:{':'.join(map(str, args))}"


class TaskQueue:
    """The Huey extension: one Huey per app, the declared tasks bound to it."""

    def init_app(self, app: Flask) -> None:
        huey = create_huey(app.config)
        bound = BoundQueue(huey)
        for name, declared in _DECLARED.items():
            run = _in_app_context(app, bound, declared.function)
            if declared.schedule is not None:
                bound.tasks[declared.function] = huey.periodic_task(declared.schedule, name=name)(run)
            else:
                bound.tasks[declared.function] = huey.task(
                    name=name,
                    retries=declared.retries,
                    retry_delay=declared.retry_delay,
                    retry_backoff=declared.retry_backoff,
                )(run)
            bound.names[declared.function] = name
        app.extensions["tasks"] = bound

    @staticmethod
    def huey(app: Flask | None = None) -> Huey:
        return (app or current_app).extensions["tasks"].huey


def _in_app_context(app: Flask, bound: BoundQueue, function: Callable) -> Callable:
    def run(*args):
        # Started: a call from now on queues another run (see ``enqueue``'s ``once``).
        bound.huey.delete(bound.marker(function, args))
        with app.app_context():
            return function(*args)

    # Huey names a task "<module>.<name>": "coffeechat.caldav.push", whichever module declares it.
    run.__module__ = "coffeechat"
    return run


def enqueue(function: Callable, *args, once: bool = False, delay: float | None = None) -> None:
    """Queue ``function(*args)`` (a declared task) for the current app's worker.

    ``once``: unless a run with the same arguments is queued and has not started yet (a burst of
    changes makes one run, which does all of them).
    """
    bound: BoundQueue = current_app.extensions["tasks"]
    if once:
        marker = bound.marker(function, args)
        if not bound.huey.put_if_empty(marker, time.time()):
            queued_at = bound.huey.get(marker, peek=True)
            if queued_at is not None and time.time() - queued_at < UNSTARTED_AFTER_SECONDS:
                return
            bound.huey.put(marker, time.time())
    wrapper = bound.tasks[function]
    if delay:
        wrapper.schedule(args=args, delay=delay)
    else:
        wrapper(*args)
