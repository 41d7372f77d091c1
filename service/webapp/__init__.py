"""The coffeechat app, served at /app: the files `make app` builds from app/ into dist/ (committed, like
openapi.yaml), on the API's origin, so the app needs no CORS, and ``make run`` serves it with nothing else
installed.

- ``/app/assets/...`` are named by their content hash: cached for a year, ``immutable``.
- Every other path under /app that is not a file of the build is a screen of the app (``/app/contacts/3``):
  it gets ``index.html``, which is never cached without asking again (``no-cache``), so a new build reaches
  the next start.
- Every answer under /app carries the security headers of ``PAGE_HEADERS``: a Content-Security-Policy
  with no inline script or style and no ``eval``, and no framing, sniffing or referrers.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

from flask import Blueprint, Flask, Response, current_app, redirect, send_from_directory
from werkzeug.security import safe_join

from service.errors import Problem
from service.webapp import email as email_pages

DIST = Path(__file__).with_name("dist")
PREFIX = "/app"
YEAR = 365 * 24 * 3600

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' blob:",
        "font-src 'self'",
        "connect-src 'self'",
        "manifest-src 'self'",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

PAGE_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}

blp = Blueprint("webapp", __name__)


@blp.get(PREFIX)
def app_without_slash():
    return redirect(f"{PREFIX}/", 308)


@blp.post(f"{PREFIX}/share")
def share_target():
    """The phone's share sheet, when the app's service worker (which takes the file) is not installed yet.

    A share is a navigation: it carries no access token, so the file cannot be imported here. The
    Import screen says so and offers to choose the file.
    """
    return redirect(f"{PREFIX}/import?shared=0", 303)


@blp.get(f"{PREFIX}/", defaults={"file": ""})
@blp.get(f"{PREFIX}/<path:file>")
def app_file(file: str):
    """A file of the build, or else the app's page (a screen's address: the app reads which from the path)."""
    dist = current_app.config.get("WEBAPP_DIST") or DIST
    found = safe_join(str(dist), file) if file else None
    if found is not None and Path(found).is_file():
        immutable = file.startswith("assets/")
        response = send_from_directory(dist, file, max_age=YEAR if immutable else 0)
        response.cache_control.immutable = immutable or None
        response.cache_control.no_cache = None if immutable else True
        return response
    if file.startswith("assets/") or "." in file.rsplit("/", 1)[-1]:
        # A missing file (an old build's asset): a 404, not the page in its place.
        raise Problem(404, f"The app has no file {file}.", code="not_found")
    response = send_from_directory(dist, "index.html", max_age=0)
    response.cache_control.no_cache = True
    return response


@blp.after_request
def page_headers(response: Response) -> Response:
    for name, value in PAGE_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def register_webapp(app: Flask) -> None:
    # The web manifest's type, which Python's table lacks before 3.13 (send_file names the type by it).
    mimetypes.add_type("application/manifest+json", ".webmanifest")
    app.register_blueprint(blp)
    app.register_blueprint(email_pages.blp)
