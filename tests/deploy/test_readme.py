"""The README's curl walkthroughs work as printed, against gunicorn started as `make run` starts it.

The steps are the ```sh blocks of the "Walkthrough" sections, pasted in order into one shell whose
only setting is ``BASE``, the server's address, on a port that is not the default. A ```sh set-up
block (a server to start first) is what the fixtures do here: gunicorn, Radicale.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import urllib.error
import urllib.request

import pytest

from tests.factories import ROOT, WEBHOOKS, new_contact, new_webhook
from tests.servers import eventually, free_port, server_worker

# Every curl in the walkthroughs also reports its status on stderr, where the test reads it.
REPORT_STATUS = """curl() { command curl -w '%{stderr}HTTP %{http_code} %{method} %{url_effective}\\n' "$@"; }\n"""


def walkthroughs() -> list[str]:
    """The shell blocks of the README's walkthrough sections, in order."""
    readme = (ROOT / "README.md").read_text()
    sections = re.split(r"^## ", readme, flags=re.MULTILINE)
    return [
        block
        for section in sections
        if section.startswith("Walkthrough")
        for block in re.findall(r"```sh\n(.*?)```", section, flags=re.DOTALL)
    ]


def test_the_walkthroughs_name_the_server_only_through_base():
    steps = "\n".join(walkthroughs())
    assert steps.count("BASE=${BASE:-http://127.0.0.1:8000}") == len(walkthroughs())
    assert steps.count("127.0.0.1:8000") == len(walkthroughs()), "a walkthrough names the server without $BASE"


def test_the_readme_has_the_walkthroughs_the_issue_asks_for():
    blocks = walkthroughs()
    assert len(blocks) >= 2
    steps = "\n".join(blocks)
    for path in ("/readiness", "/questions", "/outcomes", "/referrals", "/follow-ups", "question-banks"):
        assert path in steps
    for path in ("/calendar/feed", "/calendar.ics", "/calendar/import", "/calendar/caldav", "/calendar/caldav/sync"):
        assert path in steps
    for path in ("/webhooks", "/deliveries", "/test", "/rotate-secret"):
        assert path in steps


@pytest.fixture(scope="module")
def server_settings() -> dict:
    """The walkthrough pushes to a Radicale on this machine, as the README explains."""
    return {"CALDAV_ALLOW_PRIVATE_HOSTS": "true"}


def test_every_request_of_the_walkthroughs_succeeds(server, tmp_path, caldav_calendar, receiver):
    script = "set -euo pipefail\n" + REPORT_STATUS + "\n".join(walkthroughs())
    assert not server.url.endswith(":8000")
    calendar = {
        "CALDAV_URL": caldav_calendar.url,
        "CALDAV_USER": caldav_calendar.server.username,
        "CALDAV_PASSWORD": caldav_calendar.server.password,
    }
    with server_worker(server):  # as `make run` runs one beside gunicorn
        done = subprocess.run(
            ["bash", "-c", script],
            cwd=tmp_path,
            env={**os.environ, **calendar, "BASE": server.url, "RECEIVER_URL": receiver.url},
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert done.returncode == 0, done.stderr
    statuses = re.findall(r"^HTTP (\d{3}) (\S+) (\S+)$", done.stderr, flags=re.MULTILINE)
    assert len(statuses) >= 30, done.stderr
    failed = [request for request in statuses if int(request[0]) >= 400]
    assert not failed, failed
    # The calendar steps did what the comments say.
    assert re.search(r"^304$", done.stdout, flags=re.MULTILINE), done.stdout
    assert '"created":0,"updated":1' in done.stdout, done.stdout
    # The readiness answers and the account import say what the comments say.
    assert re.search(r'^\{"score":79,"ready":false,', done.stdout, flags=re.MULTILINE), done.stdout
    assert re.search(r'^\{"score":100,"ready":true,', done.stdout, flags=re.MULTILINE), done.stdout
    assert re.search(r'^\{"contacts":7,"goals":1,.*"renewed_uids":4\}$', done.stdout, flags=re.MULTILINE), done.stdout
    # In the CalDAV calendar: the meeting made in this walkthrough and the one of the walkthrough before;
    # not the imported invitation, which the link leaves out (no "push_invitations").
    assert len(caldav_calendar.events()) == 2
    # The webhook's receiver got the test event and the contact's two changes, each signed with the secret.
    secret = json.loads((tmp_path / "webhook.json").read_text())["secret"]
    assert [event["type"] for event in receiver.verified(secret)] == [
        "webhook.test",
        "contact.created",
        "contact.updated",
    ]
    assert done.stdout.count('"status":"delivered"') == 3, done.stdout


def the_receiver_of_the_readme() -> str:
    """The Python receiver the webhooks walkthrough shows."""
    readme = (ROOT / "README.md").read_text()
    section = readme[readme.index("## Walkthrough: webhooks") :]
    return re.search(r"```python\n(.*?)```", section, flags=re.DOTALL).group(1)


def test_the_receiver_the_readme_shows_verifies_real_deliveries(alice, tmp_path):
    port = free_port()
    (tmp_path / "receiver.py").write_text(the_receiver_of_the_readme().replace("9000", str(port)))
    hook = new_webhook(alice, f"http://127.0.0.1:{port}/")
    printed = tmp_path / "printed.txt"
    with open(printed, "wb") as output:
        process = subprocess.Popen(
            [sys.executable, "receiver.py"],
            cwd=tmp_path,
            env={**os.environ, "WEBHOOK_SECRET": hook["secret"]},
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        eventually(lambda: _listening(port), seconds=10)
        contact = new_contact(alice, name="Jonas Weber")
        eventually(lambda: f"contact.created {contact['id']}" in printed.read_text(), seconds=10)
        (delivery,) = alice.get(f"{WEBHOOKS}/{hook['id']}/deliveries").get_json()["items"]
        assert delivery["status"] == "delivered" and delivery["response_status"] == 204
        forged = urllib.request.Request(
            f"http://127.0.0.1:{port}/",
            data=b'{"type": "contact.deleted", "data": {"id": 1}}',
            headers={"webhook-id": "msg_1", "webhook-timestamp": "1", "webhook-signature": "v1,Zm9yZ2Vk"},
        )
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(forged, timeout=5)
        with refused.value as answer:
            assert answer.code == 400
    finally:
        process.terminate()
        process.wait(timeout=10)


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0
