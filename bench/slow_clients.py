"""gunicorn's worker classes side by side: tail latency under load, and /healthz while clients trickle.

For each worker class (gthread, the default of `make run`, and sync, which the deployment behind
nginx runs: GUNICORN_WORKER_CLASS) this starts
gunicorn with deploy/gunicorn.conf.py on a scratch SQLite file, as `make run` does, then:

1. load: CONNECTIONS clients each GET one contact REQUESTS times over a kept-alive connection;
   throughput and latency percentiles;
2. slow clients: SLOW connections send a request one byte every 2 s while /healthz is asked
   once every half second for SLOW_SECONDS; its latencies, and how many did not answer in 5 s.

    make bench BENCH=slow_clients [BENCH_ARGS="--connections 4 --requests 300 --slow 4"]

The load generator runs on the same 2 cores as the server: compare the classes with each
other in one run, not with numbers from another machine.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
WORKER_CLASSES = ("gthread", "sync")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def request(port: int, method: str, path: str, body: dict | None = None, token: str | None = None, timeout=10):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    headers = {"Content-Type": "application/json"} if body is not None else {}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    connection.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
    response = connection.getresponse()
    data = response.read()
    connection.close()
    return response.status, json.loads(data) if data else None


def start(worker_class: str, folder: Path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    env = {
        **os.environ,
        "FLASK_APP": "service:create_app",
        "COFFEECHAT_ENV": "production",
        "DATABASE_URL": f"sqlite:///{folder / 'bench.db'}",
        "JWT_SECRET_KEY": "b" * 48,
        "ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "PUBLIC_URL": f"http://127.0.0.1:{port}",
        "RATELIMIT_ENABLED": "false",
        "GUNICORN_WORKER_CLASS": worker_class,
    }
    subprocess.run([BIN / "flask", "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
    command = [BIN / "gunicorn", "--config", "deploy/gunicorn.conf.py", "--bind", f"127.0.0.1:{port}",
               "--access-logfile", "/dev/null", "service:create_app()"]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    while True:
        try:
            if request(port, "GET", "/healthz")[0] == 200:
                return process, port
        except OSError:
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            raise SystemExit(f"gunicorn ({worker_class}) did not start")
        time.sleep(0.1)


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def load(port: int, token: str, contact_id: int, connections: int, requests: int) -> dict:
    latencies: list[float] = []
    lock = threading.Lock()

    def client():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        for _ in range(requests):
            started = time.perf_counter()
            connection.request("GET", f"/api/v1/contacts/{contact_id}", headers={"Authorization": f"Bearer {token}"})
            response = connection.getresponse()
            response.read()
            assert response.status == 200
            mine.append((time.perf_counter() - started) * 1000)
            if response.getheader("Connection", "").lower() == "close":
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        connection.close()
        with lock:
            latencies.extend(mine)

    started = time.perf_counter()
    threads = [threading.Thread(target=client) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    return {
        "req/s": len(latencies) / elapsed,
        "p50 ms": statistics.median(latencies),
        "p99 ms": percentile(latencies, 0.99),
        "max ms": max(latencies),
    }


def slow_clients(port: int, slow: int, seconds: float) -> dict:
    stop = threading.Event()
    request_bytes = b"GET /healthz HTTP/1.1\r\nHost: bench\r\nX-Slow: " + b"z" * 200 + b"\r\n\r\n"

    def trickle():
        with socket.create_connection(("127.0.0.1", port), timeout=60) as connection:
            for byte in request_bytes:
                if stop.wait(2):
                    return
                try:
                    connection.sendall(bytes([byte]))
                except OSError:
                    return

    threads = [threading.Thread(target=trickle) for _ in range(slow)]
    for thread in threads:
        thread.start()
    time.sleep(3)  # every slow client is under way
    latencies, unanswered = [], 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        started = time.perf_counter()
        try:
            request(port, "GET", "/healthz", timeout=5)
            latencies.append((time.perf_counter() - started) * 1000)
        except OSError:
            unanswered += 1
        time.sleep(0.5)
    stop.set()
    for thread in threads:
        thread.join()
    return {
        "health p50 ms": statistics.median(latencies) if latencies else float("nan"),
        "health max ms": max(latencies) if latencies else float("nan"),
        "unanswered in 5 s": unanswered,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--requests", type=int, default=300, help="per connection")
    parser.add_argument("--slow", type=int, default=4, help="slow clients")
    parser.add_argument("--slow-seconds", type=float, default=10)
    args = parser.parse_args()
    results = {}
    for worker_class in WORKER_CLASSES:
        with tempfile.TemporaryDirectory(prefix="coffeechat-bench-") as folder:
            process, port = start(worker_class, Path(folder))
            try:
                account = {"email": "bench@example.com", "password": "benchmark password", "name": "B"}
                request(port, "POST", "/api/v1/auth/register", account)
                login = {"email": account["email"], "password": account["password"]}
                token = request(port, "POST", "/api/v1/auth/login", login)[1]["access_token"]
                contact = request(port, "POST", "/api/v1/contacts", {"name": "Priya Raman", "tags": ["data"]}, token)
                load(port, token, contact[1]["id"], args.connections, 20)  # warm-up
                results[worker_class] = load(port, token, contact[1]["id"], args.connections, args.requests)
                results[worker_class] |= slow_clients(port, args.slow, args.slow_seconds)
            finally:
                process.terminate()
                process.wait(timeout=30)
    columns = list(next(iter(results.values())))
    print(f"{'worker class':<14}" + "".join(f"{column:>20}" for column in columns))
    for worker_class, row in results.items():
        print(f"{worker_class:<14}" + "".join(f"{row[column]:>20.1f}" for column in columns))


if __name__ == "__main__":
    main()
