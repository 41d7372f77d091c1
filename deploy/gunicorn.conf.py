"""gunicorn settings for coffeechat; `--bind` comes from the command line (Makefile, boot.sh)."""

import os

from gunicorn.glogging import Logger

from service.redaction import redact_path


def _cores() -> int:
    # The CPUs this process may run on (a container's cpuset), not all of the host's.
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS has no sched_getaffinity
        return os.cpu_count() or 1


# Sync workers, two per core: the request path is CPU-bound (argon2, JSON, JWT) and this
# measured best on small machines. Each worker holds at most one database connection at a
# time, so on a big host set WEB_CONCURRENCY below PostgreSQL's max_connections.
worker_class = "sync"
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * _cores())

# A sync worker busy for longer than `timeout` is killed and replaced; `graceful_timeout`
# is how long in-flight requests may finish on SIGTERM before the worker is killed.
timeout = 30
graceful_timeout = 30
# Sync workers close the connection after each response and ignore keepalive; it takes
# effect only with a threaded or async worker_class. Keep a proxy or load balancer in
# front, so that slow clients never hold a sync worker.
keepalive = 5
# Heartbeat files on tmpfs: workers touch them constantly, and on a disk-backed filesystem
# (a container's overlay) that can block long enough for healthy workers to be killed.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# The longest request line gunicorn takes (its maximum; the default is 4094). A longer one gets
# gunicorn's own HTML 414, before the app could answer with a problem document: this lets
# every query the API documents (a search of 200 characters, percent-encoded) reach the app,
# which answers a too-long value with a 422 naming the parameter.
limit_request_line = 8190

# Only from these addresses does gunicorn believe X-Forwarded-Proto and the like (the https
# scheme when a proxy in front terminates TLS).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")


class RedactingLogger(Logger):
    """gunicorn's logger, minus the calendar feed tokens that travel in request paths."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("r", "U"):
            if isinstance(atoms.get(key), str):
                atoms[key] = redact_path(atoms[key])
        return atoms

    def error(self, msg, *args, **kwargs):
        super().error(redact_path(str(msg)), *_redacted(args), **kwargs)

    def exception(self, msg, *args, **kwargs):
        super().exception(redact_path(str(msg)), *_redacted(args), **kwargs)


def _redacted(args: tuple) -> tuple:
    return tuple(redact_path(arg) if isinstance(arg, str) else arg for arg in args)


# Access log on stdout, errors on stderr. The format names no header (no Authorization,
# no Referer that could carry a token), and the logger hides feed tokens in the path.
logger_class = RedactingLogger
accesslog = "-"
access_log_format = '%(h)s %(t)s "%(r)s" %(s)s %(b)s %(M)sms'
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()

# gunicorn >= 25 opens a control socket at one per-user path ($HOME/.gunicorn/gunicorn.ctl);
# a second instance on the host unlinks the first one's. Nothing here uses gunicornc.
control_socket_disable = True

# Build the app once in the master, so a broken configuration stops gunicorn at once
# instead of crash-looping workers, and workers start with the code already imported.
preload_app = True


def post_fork(server, worker):
    """Give each worker its own connection pool.

    A pool inherited across fork() would share sockets with the master and the other
    workers. dispose(close=False) forgets the inherited connections without closing them
    (closing would end the parent's sessions); the worker then opens its own.
    """
    from service.database import db

    app = worker.app.wsgi()  # the app preloaded in the master (gunicorn caches it)
    with app.app_context():
        db.engine.dispose(close=False)
