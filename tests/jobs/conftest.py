"""Fixtures of the task queue's tests: an app whose tasks go to a real queue, on SQLite or on Redis,
and real `flask worker` processes that consume it."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import ExitStack

import pytest
from flask import Flask

from service.jobs import TaskQueue
from tests.conftest import Accounts
from tests.servers import Worker, worker_process

REDIS_URL = os.environ.get("COFFEECHAT_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


@pytest.fixture(params=["sqlite queue", "redis queue"])
def queued_app(request, make_app, tmp_path) -> Iterator[Flask]:
    """An app on the suite's database whose tasks wait in a queue of their own (Huey on an SQLite file,
    or on the machine's Redis under a name of the test's own) until a worker takes them."""
    name = f"coffeechat-test-{uuid.uuid4().hex[:12]}"
    redis = request.param == "redis queue"
    app = make_app(
        TASKS_IMMEDIATE=False,
        TASKS_DATABASE=str(tmp_path / "tasks.db"),
        TASKS_QUEUE_NAME=name,
        REDIS_URL=REDIS_URL if redis else "",
    )
    yield app
    TaskQueue.huey(app).flush()  # the Redis keys of this queue


@pytest.fixture
def queue(queued_app):
    """The queued app's Huey: what waits in it."""
    return TaskQueue.huey(queued_app)


@pytest.fixture
def queued_accounts(queued_app) -> Accounts:
    return Accounts(queued_app.test_client())


class WorkerStarter:
    """Starts `flask worker` processes for the queued app; ``workers`` lists those started."""

    def __init__(self, app: Flask, stack: ExitStack) -> None:
        self.app, self.stack, self.workers = app, stack, []

    def __call__(self, **options) -> Worker:
        worker = self.stack.enter_context(worker_process(self.app, **options))
        self.workers.append(worker)
        return worker


@pytest.fixture
def start_worker(queued_app) -> Iterator[WorkerStarter]:
    """Start `flask worker` processes for the queued app; each is stopped (SIGINT) at the end."""
    with ExitStack() as stack:
        yield WorkerStarter(queued_app, stack)
