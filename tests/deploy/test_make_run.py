"""`make run` on a fresh machine: the API and a worker of the task queue together, and Ctrl-C stops both."""

from __future__ import annotations

import os
import signal
import subprocess
import time

import pytest

from tests.factories import ROOT
from tests.servers import call, free_port

pytestmark = pytest.mark.database_independent  # it makes its own SQLite database, as a fresh clone does


def _gone(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return True
    return False


def test_make_run_serves_the_api_with_a_worker_and_ctrl_c_stops_both(app, tmp_path):
    port = free_port()
    log = tmp_path / "make-run.log"
    # A fresh machine: no settings, the instance folder (database, secrets, queue) made on the way.
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "JWT_SECRET_KEY", "ENCRYPTION_KEYS"}}
    env = {k: v for k, v in env.items() if not k.startswith(("TASKS_", "REDIS_URL", "MAKE"))}
    env["COFFEECHAT_INSTANCE_PATH"] = str(tmp_path / "instance")
    with open(log, "wb") as output:
        # A session of its own: Ctrl-C in a terminal signals the whole foreground group, as killpg does here.
        make = subprocess.Popen(
            ["make", "run", f"PORT={port}"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 60
        while "Huey consumer started" not in log.read_text() or not _answers(port):
            assert make.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        assert call("GET", f"http://127.0.0.1:{port}/healthz")[0] == 200
        assert (tmp_path / "instance" / "tasks.db").exists()
        assert "web.1" in log.read_text() and "worker.1" in log.read_text()

        os.killpg(make.pid, signal.SIGINT)
        make.wait(timeout=30)
        deadline = time.monotonic() + 15
        while not _gone(make.pid):
            assert time.monotonic() < deadline, f"processes left after Ctrl-C:\n{log.read_text()}"
            time.sleep(0.1)
    finally:
        if not _gone(make.pid):
            os.killpg(make.pid, signal.SIGKILL)


def _answers(port: int) -> bool:
    try:
        return call("GET", f"http://127.0.0.1:{port}/healthz")[0] == 200
    except OSError:
        return False
