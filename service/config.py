"""Configuration, read from the environment once at start-up.

Every setting has a default that works on a fresh machine (SQLite in ``instance/``,
a development JWT secret generated once). ``COFFEECHAT_ENV=production`` turns the
missing-secret fallback into a start-up error instead.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
from collections.abc import Callable, Mapping
from datetime import timedelta
from pathlib import Path

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from limits import parse_many
from sqlalchemy.engine import make_url

MIN_SECRET_BYTES = 32

# Rate limits (service.rate_limits) and their defaults, each overridable by the environment variable of
# its name: limits in the `limits` notation ("10/minute;100/hour"); an empty value switches one off.
RATE_LIMITS = {
    "RATELIMIT_PER_USER": "300/minute;5000/hour",
    "RATELIMIT_LOGIN_PER_IP": "10/minute;100/hour",
    "RATELIMIT_LOGIN_PER_EMAIL": "5/minute;20/hour",
    "RATELIMIT_REGISTER_PER_IP": "5/minute;20/hour",
    "RATELIMIT_REGISTER_PER_EMAIL": "5/hour",
    "RATELIMIT_REFRESH_PER_IP": "30/minute;300/hour",
    "RATELIMIT_RESET_PER_IP": "5/minute;20/hour",
    "RATELIMIT_RESET_PER_EMAIL": "3/hour;10/day",
}


class ConfigurationError(RuntimeError):
    """The environment does not describe a service that can start safely."""


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigurationError(f"{name} must be a whole number, got {raw!r}") from exc


def _csv(name: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


def normalize_database_url(url: str) -> str:
    """Make ``postgres://`` and ``postgresql://`` URLs use the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def check(config: Mapping) -> None:
    """Refuse to start with settings that would be unsafe."""
    for key in config.get("ENCRYPTION_KEYS") or ():
        try:
            Fernet(key)
        except (ValueError, TypeError) as exc:
            raise ConfigurationError(
                "ENCRYPTION_KEYS must be Fernet keys (32 url-safe base64-encoded bytes), comma-separated; "
                "generate one with python -c "
                "'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'"
            ) from exc
    for name in RATE_LIMITS:
        try:
            if config.get(name):
                parse_many(config[name])
        except ValueError as exc:
            raise ConfigurationError(
                f"{name} must be rate limits such as '10/minute;100/hour' (or empty for none), got {config.get(name)!r}"
            ) from exc
    secret = config.get("JWT_SECRET_KEY") or ""
    if len(secret.encode()) < MIN_SECRET_BYTES:
        raise ConfigurationError(
            f"JWT_SECRET_KEY must be at least {MIN_SECRET_BYTES} bytes long "
            f"(it has {len(secret.encode())}); generate one with: "
            "python -c 'import secrets; print(secrets.token_urlsafe(48))'"
        )
    public_url = config.get("PUBLIC_URL") or ""
    if public_url and not re.fullmatch(r"https?://[^/?#\s]+(/[^?#\s]*)?", public_url):
        raise ConfigurationError(
            f"PUBLIC_URL must be the service's address as its users reach it, such as "
            f"https://coffeechat.example.com, got {public_url!r}"
        )
    smtp_url = config.get("SMTP_URL") or ""
    if smtp_url and not re.fullmatch(r"smtps?://[^/?#\s]+/?", smtp_url):
        raise ConfigurationError(
            "SMTP_URL must be smtp://[user:password@]host[:port] (STARTTLS when the server offers it) or "
            f"smtps://... (TLS from the start), got a value that is not ({smtp_url.split(':', 1)[0]}:...)"
        )
    if smtp_url and config.get("COFFEECHAT_ENV") == "production" and not config.get("EMAIL_FROM"):
        raise ConfigurationError(
            "EMAIL_FROM is not set; with SMTP_URL and COFFEECHAT_ENV=production the service needs the address "
            "its emails come from, such as 'coffeechat <reminders@coffeechat.example.com>'"
        )
    # Without it, calendar feed URLs (which carry a secret) would be built on whatever Host a request names.
    if config.get("COFFEECHAT_ENV") == "production" and not public_url:
        raise ConfigurationError(
            "PUBLIC_URL is not set; with COFFEECHAT_ENV=production the service needs the address its "
            "users reach it at, such as https://coffeechat.example.com, to build calendar feed URLs"
        )


def _private_file(path: Path) -> None:
    """Create ``path`` empty, readable and writable by its owner only, unless it exists.

    An SQLite database made here stays private: SQLite gives its -wal and -shm files the
    database file's permissions. A folder made for it is its owner's only too.
    """
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def _generated_once(path: Path, generate: Callable[[], str]) -> str:
    """The secret kept in ``path`` (readable by its owner only), generated the first time."""
    if not path.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(generate())
    return path.read_text().strip()


def _jwt_secret(instance_path: Path, production: bool) -> str:
    secret = os.environ.get("JWT_SECRET_KEY", "")
    if secret:
        return secret
    if production:
        raise ConfigurationError(
            "JWT_SECRET_KEY is not set; with COFFEECHAT_ENV=production the service "
            "needs a secret of at least 32 bytes, e.g. from "
            "python -c 'import secrets; print(secrets.token_urlsafe(48))'"
        )
    # Development: generate a secret once and keep it, so tokens survive restarts.
    return _generated_once(instance_path / "jwt-secret", lambda: secrets.token_urlsafe(48))


def _encryption_keys(instance_path: Path, production: bool) -> list[str]:
    keys = _csv("ENCRYPTION_KEYS")
    if keys:
        return keys
    if production:
        raise ConfigurationError(
            "ENCRYPTION_KEYS is not set; with COFFEECHAT_ENV=production the service needs a key to "
            "encrypt stored CalDAV passwords, e.g. from python -c "
            "'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'"
        )
    # Development: generate a key once and keep it, so stored passwords stay readable.
    return [_generated_once(instance_path / "encryption-key", lambda: Fernet.generate_key().decode())]


def _vapid_private_key(instance_path: Path, production: bool) -> str:
    key = os.environ.get("VAPID_PRIVATE_KEY", "").strip()
    if key:
        return key.replace("\\n", "\n")  # a PEM given on one line, with its line ends written as \n
    if production:
        raise ConfigurationError(
            "VAPID_PRIVATE_KEY is not set; with COFFEECHAT_ENV=production the service needs the key that signs "
            "its Web Push messages (a P-256 private key, PEM), e.g. from openssl ecparam -name prime256v1 "
            "-genkey -noout | openssl pkcs8 -topk8 -nocrypt. Keep it: browsers subscribed with its public key."
        )
    # Development: generate a key once and keep it, so subscribed browsers keep working across restarts.
    return _generated_once(instance_path / "vapid-private-key.pem", _new_vapid_key)


def _new_vapid_key() -> str:
    key = ec.generate_private_key(ec.SECP256R1())
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


def _bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name, "").strip().lower()
    if not raw:
        return default
    if raw in {"1", "true", "yes", "on"}:
        return True
    if raw in {"0", "false", "no", "off"}:
        return False
    raise ConfigurationError(f"{name} must be true or false, got {raw!r}")


def from_environment(instance_path: str, given: Mapping) -> dict:
    """Build the Flask configuration from environment variables.

    Settings present in ``given`` (what the caller of ``create_app`` passed) are not
    read, so a test's configuration never creates a secret file or needs the environment.
    """
    instance = Path(instance_path)
    production = os.environ.get("COFFEECHAT_ENV", "development") == "production"
    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{instance / 'coffeechat.db'}"
    sqlite_file = make_url(database_url).database if database_url.startswith("sqlite:///") else None
    if "SQLALCHEMY_DATABASE_URI" not in given and sqlite_file and sqlite_file != ":memory:":
        _private_file(Path(sqlite_file))
    tasks_file = os.environ.get("TASKS_DATABASE") or str(instance / "tasks.db")
    if not ({"TASKS_DATABASE", "TASKS_IMMEDIATE", "REDIS_URL"} & set(given) or os.environ.get("REDIS_URL")):
        _private_file(Path(tasks_file))
    return {
        "COFFEECHAT_ENV": "production" if production else "development",
        "SQLALCHEMY_DATABASE_URI": normalize_database_url(database_url),
        "JWT_SECRET_KEY": given.get("JWT_SECRET_KEY") or _jwt_secret(instance, production),
        "JWT_ACCESS_TOKEN_EXPIRES": timedelta(seconds=_int("JWT_ACCESS_TOKEN_EXPIRES", 900)),
        "JWT_REFRESH_TOKEN_EXPIRES": timedelta(seconds=_int("JWT_REFRESH_TOKEN_EXPIRES", 30 * 24 * 3600)),
        "REFRESH_GRACE_SECONDS": _int("REFRESH_GRACE_SECONDS", 10),
        "CORS_ORIGINS": _csv("CORS_ORIGINS"),
        "MAX_CONTENT_LENGTH": _int("MAX_CONTENT_LENGTH", 1024 * 1024),
        # The imports (contacts, invitations, a whole account) take files other apps made.
        "IMPORT_MAX_CONTENT_LENGTH": _int("IMPORT_MAX_CONTENT_LENGTH", 16 * 1024 * 1024),
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "INFO").upper(),
        "DATABASE_RETRY_AFTER": _int("DATABASE_RETRY_AFTER", 5),
        # How long a write waits for another holding its lock (SQLite's file, a user's row) before a 503.
        "DATABASE_LOCK_TIMEOUT": _int("DATABASE_LOCK_TIMEOUT", 15),
        "PUBLIC_URL": os.environ.get("PUBLIC_URL", "").rstrip("/"),
        # Without PUBLIC_URL (development): the hosts besides loopback that a feed URL may be built on.
        "FEED_URL_HOSTS": _csv("FEED_URL_HOSTS"),
        "ENCRYPTION_KEYS": given.get("ENCRYPTION_KEYS") or _encryption_keys(instance, production),
        "CALDAV_TIMEOUT": _int("CALDAV_TIMEOUT", 10),
        "CALDAV_ALLOW_PRIVATE_HOSTS": _bool("CALDAV_ALLOW_PRIVATE_HOSTS", False),
        "WEBHOOK_TIMEOUT": _int("WEBHOOK_TIMEOUT", 10),
        # Reminders: Web Push signed with the VAPID key; email over SMTP when SMTP_URL is set.
        "VAPID_PRIVATE_KEY": given.get("VAPID_PRIVATE_KEY") or _vapid_private_key(instance, production),
        "VAPID_SUBJECT": os.environ.get("VAPID_SUBJECT", ""),
        "SMTP_URL": os.environ.get("SMTP_URL", ""),
        "EMAIL_FROM": os.environ.get("EMAIL_FROM", ""),
        "COMPRESS_MIN_SIZE": _int("COMPRESS_MIN_SIZE", 1024),
        # The app's build served at /app (service.webapp); another build's folder to try one uncommitted.
        "WEBAPP_DIST": os.environ.get("WEBAPP_DIST", ""),
        "REDIS_URL": os.environ.get("REDIS_URL", ""),
        # The task queue (service.jobs): Huey on Redis when REDIS_URL is set (every worker on every host
        # shares it), else on an SQLite file in instance/. TASKS_IMMEDIATE runs each task at once, inside
        # the call that enqueues it, without a worker (for debugging; the tests use it).
        "TASKS_DATABASE": tasks_file,
        "TASKS_QUEUE_NAME": os.environ.get("TASKS_QUEUE_NAME", "coffeechat"),
        "TASKS_IMMEDIATE": _bool("TASKS_IMMEDIATE", False),
        "RATELIMIT_ENABLED": _bool("RATELIMIT_ENABLED", True),
        "RATELIMIT_KEY_PREFIX": os.environ.get("RATELIMIT_KEY_PREFIX", "coffeechat"),
        **{name: os.environ.get(name, default).strip() for name, default in RATE_LIMITS.items()},
        "TRUSTED_PROXY_COUNT": _int("TRUSTED_PROXY_COUNT", 0),
    }


# Settings that are part of the code, not of the deployment.
DEFAULTS: dict = {
    "API_TITLE": "coffeechat",
    "API_VERSION": "1.0.0",
    "OPENAPI_VERSION": "3.0.3",
    "API_SPEC_OPTIONS": {
        "info": {
            "description": (
                "coffeechat keeps a person's contacts, meetings, question banks and outcome goals "
                "for informational interviews (coffee chats).\n\n"
                "Authenticate with `POST /api/v1/auth/login` and send the access token as "
                "`Authorization: Bearer <token>`. Errors are RFC 9457 problem documents "
                "(`application/problem+json`) with a stable `code`. Lists are keyset-paginated: "
                "pass `next_cursor` back as `cursor`. Every GET of a resource or list answers with an "
                "`ETag`; send it as "
                "`If-None-Match` for a 304 or as `If-Match` on PATCH/DELETE for a 412 when stale. "
                "Requests are rate-limited (every authenticated request counts against a budget per user; "
                "register, login and refresh have strict limits per address and per email): over a limit "
                "the answer is a 429 `rate_limited` problem with `Retry-After`, and limited answers carry "
                "`RateLimit-Limit`, `RateLimit-Remaining`, `RateLimit-Reset` (seconds) and `RateLimit-Policy` "
                "(`300;w=60`), and the same as `X-RateLimit-Limit`, `X-RateLimit-Remaining` and "
                "`X-RateLimit-Reset` (Unix time).\n\n"
                "The built-in starter question banks are shared and read-only: copy one to change it. "
                "Questions carry the question linter's `warnings`; `GET /api/v1/meetings/{id}/readiness` "
                "checks a meeting against the advice for informational interviews."
            ),
            "license": {"name": "MIT", "url": "https://opensource.org/license/mit"},
            "contact": {"name": "The coffeechat maintainers"},
        },
        # Where `make run` serves it. A deployment serves the same paths at its own address (its
        # PUBLIC_URL): client generators take the base URL as a setting.
        "servers": [
            {
                "url": "http://127.0.0.1:8000",
                "description": "`make run` on your own machine; in production, your coffeechat server's address.",
            }
        ],
    },
    "OPENAPI_URL_PREFIX": "/",
    "OPENAPI_JSON_PATH": "openapi.json",
    "SQLALCHEMY_RECORD_QUERIES": False,
    "JWT_ALGORITHM": "HS256",
    "JWT_DECODE_ALGORITHMS": ["HS256"],
    "JWT_TOKEN_LOCATION": ["headers"],
    "JWT_IDENTITY_CLAIM": "sub",
    # The web login (POST /api/v1/auth/web/login): the refresh token in a cookie that no script reads and
    # that only the web login's routes receive, checked against the double-submit CSRF token beside it.
    # Every token carries the CSRF claim; it is compared only where a token comes from the cookie.
    "JWT_COOKIE_CSRF_PROTECT": True,
    "JWT_COOKIE_SECURE": True,
    "JWT_COOKIE_SAMESITE": "Strict",
    "JWT_SESSION_COOKIE": False,  # kept for the refresh token's 30 days: the app stays logged in
    "JWT_REFRESH_COOKIE_PATH": "/api/v1/auth/web",
    "JWT_REFRESH_CSRF_COOKIE_PATH": "/",
    "JWT_CSRF_CHECK_FORM": False,
    # argon2id parameters (RFC 9106 "second recommended" profile); tests lower them.
    "PASSWORD_HASH_TIME_COST": 3,
    "PASSWORD_HASH_MEMORY_COST": 65536,
    "PASSWORD_HASH_PARALLELISM": 4,
    # Rate limits (service.rate_limits, which writes the RateLimit headers itself). With Redis down,
    # each process counts in memory (the same limits) and tries Redis again now and then.
    "RATELIMIT_STRATEGY": "fixed-window",
    "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
    "RATELIMIT_SWALLOW_ERRORS": True,
    # Compression (service.compression). Never text/calendar: calendar apps handle it badly.
    "COMPRESS_MIMETYPES": [
        "application/json",
        "application/problem+json",
        "text/vcard",
        # The app's files (service/webapp).
        "text/html",
        "text/css",
        "text/javascript",
        "application/javascript",
        "application/manifest+json",
        "image/svg+xml",
    ],
    "COMPRESS_ALGORITHM": ["br", "gzip"],  # brotli when the client likes both as well
    "COMPRESS_ALGORITHM_STREAMING": ["br", "gzip"],
}
