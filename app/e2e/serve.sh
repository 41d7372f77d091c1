#!/bin/sh
# The service as `make run` serves it (gunicorn, deploy/gunicorn.conf.py), on a new SQLite database of its
# own and fresh secrets, for the end-to-end tests (playwright.config.ts starts it and stops it).
set -eu
cd "$(dirname "$0")/../.."
folder=$(mktemp -d)
export FLASK_APP=service:create_app
export DATABASE_URL="sqlite:///$folder/e2e.db"
export JWT_SECRET_KEY="$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(48))')"
export ENCRYPTION_KEYS="$(.venv/bin/python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')"
export WEB_CONCURRENCY=2
# Every journey signs up a new person from this one address: the per-address limits on sign-ups and
# logins would stop the run, not a guesser (tests/web/test_rate_limits.py tests them).
export RATELIMIT_REGISTER_PER_IP="" RATELIMIT_LOGIN_PER_IP=""
.venv/bin/flask db upgrade >/dev/null 2>&1
exec .venv/bin/gunicorn --config deploy/gunicorn.conf.py --bind "127.0.0.1:${E2E_PORT:?}" 'service:create_app()'
