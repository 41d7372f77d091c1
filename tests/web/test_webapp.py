"""The app at /app: its committed build, served on the API's origin with the headers a security reviewer
expects, and kept equal to what its sources build."""

from __future__ import annotations

import filecmp
import gzip
import io
import subprocess

import pytest

from service.webapp import CONTENT_SECURITY_POLICY, DIST
from tests.factories import ROOT

# The headers and files are the app's, whatever the database.
pytestmark = pytest.mark.database_independent

APP = ROOT / "app"
JS_BUDGET = 150 * 1024  # compressed JavaScript of the first load


def asset(suffix: str) -> str:
    """The path under /app of the build's entry file ending in ``suffix`` (others are loaded on demand)."""
    [found] = [
        path for path in (DIST / "assets").iterdir() if path.name.startswith("index-") and path.name.endswith(suffix)
    ]
    return f"/app/assets/{found.name}"


def fetch(client, path: str, **kwargs):
    """GET ``path`` read whole and closed, as a WSGI server closes it (the build's files are sent from disk)."""
    return client.get(path, buffered=True, **kwargs)


def test_the_app_is_served_at_app_with_a_strict_content_security_policy(client):
    response = fetch(client, "/app/")

    assert response.status_code == 200 and response.mimetype == "text/html"
    assert '<div id="root">' in response.get_data(as_text=True)
    policy = response.headers["Content-Security-Policy"]
    assert policy == CONTENT_SECURITY_POLICY
    assert "script-src 'self';" in policy and "unsafe" not in policy
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "no-cache" in response.headers["Cache-Control"]  # a new build reaches the next start


def test_the_page_has_no_inline_script_or_style():
    page = (DIST / "index.html").read_text()

    assert "<style" not in page and " style=" not in page
    for tag in page.split("<script")[1:]:
        assert " src=" in tag.split(">", 1)[0], "every script is a file"


def test_a_screen_of_the_app_opened_by_its_address_gets_the_page(client):
    response = fetch(client, "/app/contacts/3")

    assert response.status_code == 200 and response.mimetype == "text/html"


def test_a_share_before_the_service_worker_is_installed_leads_to_the_import_screen(client):
    # With its worker the app takes the file itself; without, the share (a navigation with no token) is
    # sent on to the Import screen, which asks for the file.
    response = client.post("/app/share", data={"file": (io.BytesIO(b"BEGIN:VCARD"), "a.vcf")})

    assert response.status_code == 303 and response.headers["Location"].endswith("/app/import?shared=0")


def test_another_build_can_be_served_from_the_folder_webapp_dist_names(app, client, tmp_path, monkeypatch):
    (tmp_path / "index.html").write_text("<!doctype html><title>another build</title>")
    monkeypatch.setitem(app.config, "WEBAPP_DIST", str(tmp_path))

    assert b"another build" in fetch(client, "/app/contacts").data


def test_app_without_its_slash_is_redirected(client):
    response = fetch(client, "/app")

    assert response.status_code == 308 and response.headers["Location"].endswith("/app/")


def test_assets_are_cached_for_a_year_as_immutable_and_sent_compressed(client):
    response = fetch(client, asset(".js"), headers={"Accept-Encoding": "br"})

    assert response.status_code == 200 and response.mimetype in {"text/javascript", "application/javascript"}
    assert response.headers["Content-Encoding"] == "br"
    assert "immutable" in response.headers["Cache-Control"] and "max-age=31536000" in response.headers["Cache-Control"]
    assert "Content-Security-Policy" in response.headers


def test_a_missing_file_is_a_404_problem_not_the_page(client):
    response = fetch(client, "/app/assets/index-old.js")

    assert response.status_code == 404 and response.mimetype == "application/problem+json"


def test_the_first_load_stays_within_its_javascript_budget():
    scripts = sorted((DIST / "assets").glob("*.js"))

    compressed = sum(len(gzip.compress(path.read_bytes(), compresslevel=9)) for path in scripts)

    assert scripts and compressed <= JS_BUDGET, f"{compressed} bytes of gzipped JavaScript"


def npx(*args: str, cwd=APP) -> subprocess.CompletedProcess:
    result = subprocess.run(["npx", "--no-install", *args], cwd=cwd, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def test_the_committed_sdk_types_are_generated_from_the_committed_openapi_yaml(tmp_path):
    npx("openapi-typescript", "../openapi.yaml", "--output", str(tmp_path / "schema.d.ts"))

    committed = APP / "src" / "api" / "schema.d.ts"
    assert (tmp_path / "schema.d.ts").read_text() == committed.read_text(), "openapi.yaml changed: run make app"


def test_the_committed_build_is_what_the_sources_build(tmp_path):
    npx("tsc", "--noEmit")
    npx("vite", "build", "--outDir", str(tmp_path), "--emptyOutDir", "--logLevel", "error")

    comparison = filecmp.dircmp(tmp_path, DIST)
    differing = comparison.left_only + comparison.right_only + comparison.diff_files
    for sub in comparison.subdirs.values():
        differing += sub.left_only + sub.right_only + sub.diff_files
    assert not differing, f"the build in service/webapp/dist is stale ({differing}): run make app"


@pytest.mark.parametrize(
    ("path", "types"),
    [
        ("/app/sw.js", {"text/javascript", "application/javascript"}),
        ("/app/manifest.webmanifest", {"application/manifest+json"}),
    ],
)
def test_the_service_worker_and_the_manifest_are_never_used_without_asking_again(client, path, types):
    """A new build's service worker takes over at the next start, not a year later."""
    response = fetch(client, path)

    assert response.status_code == 200 and response.mimetype in types
    assert "no-cache" in response.headers["Cache-Control"] and "immutable" not in response.headers["Cache-Control"]
