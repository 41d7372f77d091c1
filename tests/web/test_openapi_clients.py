"""A client generated from openapi.yaml, as a third party makes one, compiles strictly and works.

openapi-typescript turns the committed document into types; `tsc --strict` compiles
tests/clients/typescript/first_meeting.mts, which creates a contact and a meeting with only the
required fields and reads the ids the server sets without a non-null assertion, and refuses what
the shapes forbid (``@ts-expect-error`` lines fail the build when the compiler accepts them);
then the program runs, with openapi-fetch, against gunicorn. The npm packages are those of
tests/clients/package-lock.json, which `make test` installs.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.factories import ROOT
from tests.servers import call

# The subject has no database in it: PostgreSQL could not change the outcome.
pytestmark = pytest.mark.database_independent

CLIENTS = ROOT / "tests" / "clients"
NODE_MODULES = CLIENTS / "node_modules"
PROGRAM = CLIENTS / "typescript"


def run(*command: str | Path, cwd: Path) -> str:
    done = subprocess.run([str(part) for part in command], cwd=cwd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"{' '.join(map(str, command))} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


# The types are written as a .ts file, not a .d.ts, so that the compiler checks them too while
# skipping the declaration files of node_modules, as most projects do (skipLibCheck).


@pytest.fixture(scope="module")
def compiled(tmp_path_factory) -> Path:
    """The program, compiled against a client generated from the committed openapi.yaml."""
    if not (NODE_MODULES / ".installed").exists():
        pytest.fail("The npm packages of tests/clients are not installed: run `make test` (it needs Node.js 20.19+).")
    project = tmp_path_factory.mktemp("typescript-client")
    for name in ("first_meeting.mts", "tsconfig.json"):
        shutil.copy(PROGRAM / name, project / name)
    (project / "node_modules").symlink_to(NODE_MODULES)
    bin_ = NODE_MODULES / ".bin"
    run(bin_ / "openapi-typescript", ROOT / "openapi.yaml", "--output", "generated/coffeechat.ts", cwd=project)
    run(bin_ / "tsc", "--project", "tsconfig.json", cwd=project)
    return project / "out" / "first_meeting.mjs"


def test_the_generated_client_types_server_set_fields_as_always_there_and_create_bodies_as_minimal(compiled):
    # Compiling is the assertion: `planned.id` is a number (not `number | undefined`), a create
    # body of the required fields alone is accepted, and each @ts-expect-error line is refused.
    assert compiled.exists()


def test_the_generated_client_plans_a_meeting_on_the_running_service(compiled, server):
    output = run("node", compiled, server.url, cwd=compiled.parent)
    made = json.loads(output)

    assert made["status"] == "planned" and made["twoWay"] is False and made["location"] is None
    assert made["title"] == "Coffee chat with Priya Raman"
    status, tokens = call(
        "POST", f"{server.url}/api/v1/auth/login", {"email": made["email"], "password": "correct horse battery staple"}
    )
    assert status == 200
    status, meeting = call("GET", f"{server.url}/api/v1/meetings/{made['meetingId']}", token=tokens["access_token"])
    assert status == 200 and meeting["contact_id"] == made["contactId"]
