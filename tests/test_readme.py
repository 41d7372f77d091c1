"""The README's curl walkthroughs work as printed, against gunicorn started as `make run` starts it."""

from __future__ import annotations

import re
import subprocess

from tests.test_deploy import ROOT, database_url, server  # noqa: F401 (fixtures)

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


def test_the_readme_has_the_walkthroughs_the_issue_asks_for():
    blocks = walkthroughs()
    assert len(blocks) >= 2
    steps = "\n".join(blocks)
    for path in ("/readiness", "/questions", "/outcomes", "/referrals", "/follow-ups", "question-banks"):
        assert path in steps


def test_every_request_of_the_walkthroughs_succeeds(server, tmp_path):  # noqa: F811
    script = "set -euo pipefail\n" + REPORT_STATUS + "\n".join(walkthroughs())
    script = script.replace("http://127.0.0.1:8000", server.url)
    done = subprocess.run(["bash", "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    statuses = re.findall(r"^HTTP (\d{3}) (\S+) (\S+)$", done.stderr, flags=re.MULTILINE)
    assert len(statuses) >= 30, done.stderr
    failed = [request for request in statuses if int(request[0]) >= 400]
    assert not failed, failed
