"""coffeechat: a JSON API for preparing, holding and following up informational interviews.

``create_app`` is the top floor: it binds the extensions, registers every resource's blueprint,
the error handlers, the session listeners and the commands. See the README's "Layout" section.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from pathlib import Path

from flask import Flask, request
from werkzeug.middleware.proxy_fix import ProxyFix

from service import config as settings
from service import jobs, models, sync, webhooks
from service.api import BLUEPRINTS
from service.calendar import caldav_push
from service.cli import register_commands
from service.database import configure_engine, db, engine_options
from service.docs import register_docs
from service.errors import register_error_handlers
from service.extensions import cors, jwt, migrate
from service.jobs import task_queue
from service.web.api import api
from service.web.auth import register_jwt_callbacks
from service.web.compression import compress
from service.web.rate_limits import limiter
from service.webapp import register_webapp

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"

# What a web app on another origin may send and read (CORS_ORIGINS): the headers the API documents.
EXPOSED_HEADERS = [
    "ETag",
    "Location",
    "Content-Disposition",
    "Idempotent-Replayed",
    "Retry-After",
    "WWW-Authenticate",
    "RateLimit-Limit",
    "RateLimit-Remaining",
    "RateLimit-Reset",
    "RateLimit-Policy",
    "X-RateLimit-Limit",
    "X-RateLimit-Remaining",
    "X-RateLimit-Reset",
]
ALLOWED_HEADERS = ["Authorization", "Content-Type", "If-Match", "If-None-Match", "Idempotency-Key"]


def create_app(config: Mapping | None = None) -> Flask:
    """Build the application; ``config`` overrides what the environment says."""
    instance_path = os.environ.get("COFFEECHAT_INSTANCE_PATH")
    app = Flask(
        __name__,
        instance_path=os.path.abspath(instance_path) if instance_path else None,
        instance_relative_config=True,
        static_folder=None,
    )
    app.json.sort_keys = False  # keep fields in schema order
    app.json.ensure_ascii = False  # UTF-8 as it is ("Café"), not \u escapes
    app.config.update(settings.DEFAULTS)
    app.config.update(settings.from_environment(app.instance_path, given=config or {}))
    app.config.update(config or {})
    app.config.setdefault(
        "SQLALCHEMY_ENGINE_OPTIONS",
        engine_options(app.config["SQLALCHEMY_DATABASE_URI"], app.config["DATABASE_LOCK_TIMEOUT"]),
    )
    settings.check(app.config)
    configure_logging(app)

    register_extensions(app)
    register_blueprints(app)
    limiter.init_app(app)  # after the blueprints: it wraps the views it limits
    register_error_handlers(app)
    register_listeners(app)
    register_docs(app)
    register_webapp(app)
    register_commands(app)
    app.after_request(_security_headers)
    if app.config["TRUSTED_PROXY_COUNT"]:
        # The client's address (rate limits count by it) from X-Forwarded-For, as set by that many proxies.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["TRUSTED_PROXY_COUNT"], x_proto=0)
    return app


def register_extensions(app: Flask) -> None:
    db.init_app(app)
    with app.app_context():
        configure_engine(db.engine, app.config["DATABASE_LOCK_TIMEOUT"])
    migrate.init_app(app, db, directory=str(MIGRATIONS), render_as_batch=True, compare_type=True)
    jwt.init_app(app)
    register_jwt_callbacks(app)
    api.init_app(app)
    compress.init_app(app)
    task_queue.init_app(app)
    if app.config["CORS_ORIGINS"]:
        cors.init_app(
            app,
            resources={r"/api/*": {"origins": app.config["CORS_ORIGINS"]}},
            expose_headers=EXPOSED_HEADERS,
            allow_headers=ALLOWED_HEADERS,
            max_age=600,
        )
        app.after_request(_vary_by_origin)


def register_blueprints(app: Flask) -> None:
    for blueprint in BLUEPRINTS:
        api.register_blueprint(blueprint)


def register_listeners(app: Flask) -> None:
    """What every session does at flush and commit, registered once: never by importing a module."""
    models.register_listeners()  # calendar SEQUENCE bumps
    sync.register_listeners()  # the change log of delta sync
    webhooks.register_listeners()  # what a change means for webhooks (a meeting completed...)
    sync.observe(webhooks.record_events)  # ... and the events it makes, in the outbox, before the commit
    caldav_push.register_listeners()  # whose linked calendar a transaction changed
    jobs.register_listeners(app)  # ... queued for the worker once it commits


def configure_logging(app: Flask) -> None:
    level = app.config["LOG_LEVEL"]
    logging.getLogger("service").setLevel(level)
    app.logger.setLevel(level)
    if not logging.getLogger().handlers:
        logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")


def _vary_by_origin(response):
    """With CORS on, an answer under /api/ depends on the request's Origin (its CORS headers are there or
    not): say so, or a cache (a browser's too) may serve one origin's answer to another."""
    if request.path.startswith("/api/"):
        response.vary.add("Origin")
    return response


def _security_headers(response):
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    return response
