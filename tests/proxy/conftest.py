"""nginx, as deploy/nginx/coffeechat.conf.template configures it, in front of gunicorn (tests/servers.py).

These tests need nginx on the machine (Debian: `apt-get install nginx-light`): `make test` runs
them where nginx is installed (CI installs it) and says so where it is not; `make test-proxy` runs
them alone.
"""

from __future__ import annotations

import getpass
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from string import Template

import pytest

from tests.factories import ROOT
from tests.servers import call, free_port

TEMPLATE = ROOT / "deploy" / "nginx" / "coffeechat.conf.template"
STARTUP_SECONDS = 10


@dataclass
class Proxy:
    url: str
    error_log: Path


def nginx_binary() -> str:
    binary = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")
    if binary is None:
        pytest.fail("`make test-proxy` needs nginx: install it (Debian and Ubuntu: apt-get install nginx-light)")
    return binary


def main_config(folder: Path, upstream: str, port: int) -> Path:
    """A whole nginx.conf around the shipped server block, with every path inside ``folder``."""
    server_block = Template(TEMPLATE.read_text()).safe_substitute(COFFEECHAT_UPSTREAM=upstream, NGINX_PORT=str(port))
    (folder / "coffeechat.conf").write_text(server_block)
    config = folder / "nginx.conf"
    config.write_text(
        f"""
user {getpass.getuser()};
daemon off;
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log info;
events {{ worker_connections 256; }}
http {{
    access_log {folder}/access.log;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    include {folder}/coffeechat.conf;
}}
"""
    )
    return config


def start(folder: Path, upstream: str) -> Iterator[Proxy]:
    port = free_port()
    config = main_config(folder, upstream, port)
    binary = nginx_binary()
    checked = subprocess.run([binary, "-t", "-c", str(config), "-e", str(folder / "error.log")],
                             capture_output=True, text=True)  # fmt: skip
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen([binary, "-c", str(config), "-e", str(folder / "error.log")],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            assert process.poll() is None, (folder / "error.log").read_text()
            try:
                call("GET", f"{url}/healthz")
                break
            except OSError:
                assert time.monotonic() < deadline, (folder / "error.log").read_text()
                time.sleep(0.1)
        yield Proxy(url, folder / "error.log")
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture(scope="module")
def server_settings() -> dict:
    """gunicorn as docker-compose runs it behind nginx: sync workers, which one slow client would hold whole."""
    return {"GUNICORN_WORKER_CLASS": "sync", "TRUSTED_PROXY_COUNT": "1"}


@pytest.fixture(scope="module")
def proxy(server, tmp_path_factory) -> Iterator[Proxy]:
    """nginx in front of this module's gunicorn."""
    yield from start(tmp_path_factory.mktemp("nginx"), server.url.removeprefix("http://"))


@pytest.fixture(scope="module")
def proxy_to_nothing(tmp_path_factory) -> Iterator[Proxy]:
    """nginx in front of a port where nothing listens: gunicorn down, or restarting."""
    yield from start(tmp_path_factory.mktemp("nginx-alone"), f"127.0.0.1:{free_port()}")
