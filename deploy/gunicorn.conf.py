"""gunicorn settings for coffeechat; `--bind` comes from the command line (Makefile, boot.sh)."""

import json
import os

from gunicorn import util
from gunicorn.glogging import Logger

from service.errors import PROBLEM_CONTENT_TYPE, STATUS_CODES
from service.redaction import redact_path


def _cores() -> int:
    # The CPUs this process may run on (a container's cpuset), not all of the host's.
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # macOS has no sched_getaffinity
        return os.cpu_count() or 1


# Threaded workers by default, two per core, eight threads each. The request path is CPU-bound
# (argon2, JSON, JWT), which two processes per core serve best; the threads are there for clients
# that send slowly. A sync worker is held whole by one client that trickles its request in (four
# such clients made /healthz unanswerable for half a minute); here such a client holds one thread,
# and a connection that sends nothing for 5 s waits in the worker's poller, holding none.
# Behind a buffering proxy (deploy/nginx/, as docker-compose runs it) no slow client reaches
# gunicorn, and sync workers give the better tail latency (bench/slow_clients.py: p99 about
# 17 ms against 25 ms at four connections on two cores), so the deployment sets
# GUNICORN_WORKER_CLASS=sync. Each thread may hold a database connection: keep
# WEB_CONCURRENCY x threads below PostgreSQL's max_connections.
worker_class = os.environ.get("GUNICORN_WORKER_CLASS") or "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * _cores())
threads = int(os.environ.get("GUNICORN_THREADS") or 8) if worker_class == "gthread" else 1

# A worker that stops answering its master for longer than `timeout` is killed and replaced;
# `graceful_timeout` is how long in-flight requests may finish on SIGTERM before that.
timeout = 30
graceful_timeout = 30
# How long an idle kept-alive connection waits for its next request, holding no thread.
keepalive = 5
# How long a request's body may pause: a client that announced more bytes than it sends (or stalls)
# gets a 408 problem after this, instead of holding a thread until it goes away.
BODY_READ_TIMEOUT = float(os.environ.get("REQUEST_BODY_TIMEOUT") or 10)

# Heartbeat files on tmpfs: workers touch them constantly, and on a disk-backed filesystem
# (a container's overlay) that can block long enough for healthy workers to be killed.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# The longest request line gunicorn takes (its maximum; the default is 4094). A longer one gets
# gunicorn's own HTML 414, before the app could answer with a problem document: this lets
# every query the API documents (a search of 200 characters, percent-encoded) reach the app,
# which answers a too-long value with a 422 naming the parameter.
limit_request_line = 8190

# What gunicorn answers itself, before the app sees a request it cannot parse, in the words of a person.
GUNICORN_DETAILS = {
    400: "The request is not valid HTTP/1.1 (its request line or a header could not be read). "
    "Send it with an HTTP client library, or check what your code writes to the socket.",
    403: "This connection is not allowed to make that request.",
    414: f"The request line is longer than {limit_request_line} bytes: shorten the URL and its query.",
    417: "This server does not meet the request's Expect header: send the request without it.",
    431: "The request's header fields are too many or too large: send fewer or shorter headers.",
    500: "Something went wrong on our side. The error has been logged; try again later.",
    501: "This server does not take that Transfer-Encoding: send the body with a Content-Length, or chunked.",
}


def write_problem(sock, status_int: int, reason: str, mesg: str) -> None:
    """gunicorn's own error answers as problem documents, like the app's, instead of its HTML page.

    ``mesg`` is not repeated: it quotes the request line, which may hold a calendar feed token.
    """
    body = json.dumps(
        {
            "type": "about:blank",
            "title": reason,
            "status": status_int,
            "detail": GUNICORN_DETAILS.get(status_int, reason),
            "code": STATUS_CODES.get(status_int, "bad_request"),
        }
    ).encode()
    head = (
        f"HTTP/1.1 {status_int} {reason}\r\nConnection: close\r\n"
        f"Content-Type: {PROBLEM_CONTENT_TYPE}\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    util.write_nonblock(sock, head.encode("latin-1") + body)


# gunicorn has no setting for the body of its error answers; its workers all write them through this function.
util.write_error = write_problem

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


def pre_request(worker, req):
    """Bound every read of this request's body (gunicorn sets no timeout on a client's socket)."""
    req.unreader.sock.settimeout(BODY_READ_TIMEOUT)


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
