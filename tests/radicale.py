"""A real Radicale CalDAV server for the calendar tests, as a pytest plugin.

Radicale runs as a ``python -m radicale`` subprocess on a free loopback port, with
filesystem storage and one htpasswd user in a temporary directory, so the tests talk
HTTP to the same server code people run. Fixtures:

- ``radicale_server``: one server for the whole session.
- ``caldav_calendar``: a fresh, empty calendar collection on it for each test.
- ``stoppable_radicale``: a server of the test's own, which it may ``stop()`` and
  ``start()`` again (same port, same storage) to play an outage.

``RadicaleServer(directory, tls=True)`` serves https with a self-signed certificate, for
tests about certificates nobody trusts.

Start-up (process launch to first HTTP answer) takes about 0.2 s.
"""

from __future__ import annotations

import datetime
import http.client
import ipaddress
import socket
import ssl
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from secrets import token_urlsafe
from urllib.parse import quote, urljoin

import caldav
import icalendar
import pytest
from caldav.lib.python_utilities import WireBytes
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

# Radicale is up in well under a second; five is for a loaded CI machine.
START_TIMEOUT = 5.0
STOP_TIMEOUT = 5.0


def _free_loopback_port() -> int:
    """A TCP port nothing listens on right now: the kernel's pick for port 0."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RadicaleServer:
    """One Radicale process with its own storage, user and port.

    ``url`` is the server root, ``username``/``password`` the only account. The port
    and the storage survive ``stop()``, so ``start()`` brings the same calendars back
    at the same address, as a server does after an outage.
    """

    def __init__(self, directory: Path, *, username: str = "alice", tls: bool = False) -> None:
        self.username = username
        self.password = token_urlsafe(24)
        self.port = _free_loopback_port()
        self.tls = tls
        self.url = f"{'https' if tls else 'http'}://127.0.0.1:{self.port}/"
        #: Seconds the last ``start()`` took until the server answered HTTP.
        self.start_seconds: float | None = None
        self._directory = directory
        self._log_path = directory / "radicale.log"
        self._config_path = directory / "config"
        self._process: subprocess.Popen | None = None
        self._write_config()

    def _write_config(self) -> None:
        users = self._directory / "users"
        # Plain htpasswd: a hash would only slow every request down in a test.
        users.write_text(f"{self.username}:{self.password}\n", encoding="utf-8")
        tls_lines = []
        if self.tls:
            certificate, key = _write_self_signed_certificate(self._directory)
            tls_lines = ["ssl = True", f"certificate = {certificate}", f"key = {key}"]
        self._config_path.write_text(
            "\n".join(
                [
                    "[server]",
                    f"hosts = 127.0.0.1:{self.port}",
                    *tls_lines,
                    # Radicale answers 5xx slowly on purpose; tests want the answer now.
                    "delay_on_error = 0",
                    "[auth]",
                    "type = htpasswd",
                    f"htpasswd_filename = {users}",
                    "htpasswd_encryption = plain",
                    # The default 1 s delay also hits the client's first, anonymous request
                    # (the one that asks which auth scheme to use), so every new client
                    # would wait a second.
                    "delay = 0",
                    "[rights]",
                    "type = owner_only",
                    "[storage]",
                    f"filesystem_folder = {self._directory / 'collections'}",
                    "[logging]",
                    "level = warning",
                    "mask_passwords = True",
                    "",
                ]
            ),
            encoding="utf-8",
        )

    @property
    def running(self) -> bool:
        """Whether the process is alive (it may not answer yet)."""
        return self._process is not None and self._process.poll() is None

    def start(self) -> None:
        """Start the server and return once it answers HTTP; fail with its log if it does not."""
        if self.running:
            return
        began = time.monotonic()
        # Output goes to a file, not a pipe: nobody reads a pipe while the tests run,
        # and a full pipe would block the server mid-request.
        with self._log_path.open("ab") as log:
            self._process = subprocess.Popen(
                # --config names our file alone, so /etc/radicale/config and
                # ~/.config/radicale/config of the machine running the tests are not read.
                [sys.executable, "-m", "radicale", "--config", str(self._config_path)],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
            )
        deadline = began + START_TIMEOUT
        while not self._answers():
            if self._process.poll() is not None:
                self._process = None
                pytest.fail(f"Radicale exited during start-up:\n{self.log()}", pytrace=False)
            if time.monotonic() > deadline:
                self.stop()
                pytest.fail(f"Radicale did not answer within {START_TIMEOUT} s:\n{self.log()}", pytrace=False)
            time.sleep(0.02)
        self.start_seconds = time.monotonic() - began

    def _answers(self) -> bool:
        if self.tls:
            # The certificate is self-signed; this only asks whether the server is up.
            context = ssl.create_default_context()
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            connection = http.client.HTTPSConnection("127.0.0.1", self.port, timeout=0.5, context=context)
        else:
            connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=0.5)
        try:
            connection.request("OPTIONS", "/")
            connection.getresponse().read()
        except OSError:
            return False
        finally:
            connection.close()
        return True

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL if it hangs) and wait for the process to end."""
        if self._process is None:
            return
        process, self._process = self._process, None
        process.terminate()
        try:
            process.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def log(self) -> str:
        """What the server wrote to stdout and stderr so far."""
        try:
            return self._log_path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return ""

    def client(self) -> caldav.DAVClient:
        """A caldav client logged in as the server's user, playing "some other CalDAV app"."""
        return caldav.DAVClient(
            url=self.url,
            username=self.username,
            password=self.password,
            timeout=5,
            enable_rfc6764=False,
            rate_limit_handle=False,
        )

    @property
    def principal_url(self) -> str:
        """The user's principal, which on Radicale is also the calendar home."""
        return f"{self.url}{self.username}/"

    def make_calendar(self, name: str | None = None, *, components: list[str] | None = None) -> RemoteCalendar:
        """Create an empty calendar collection (MKCALENDAR) under the user's home.

        ``components`` limits what it takes (e.g. ``["VTODO"]`` for a task list).
        """
        name = name or f"Test {uuid.uuid4().hex[:8]}"
        with self.client() as client:
            calendar = client.get_principal().make_calendar(
                name=name, cal_id=uuid.uuid4().hex, supported_calendar_component_set=components
            )
            return RemoteCalendar(server=self, url=str(calendar.url), name=name)

    def __enter__(self) -> RadicaleServer:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def _write_self_signed_certificate(directory: Path) -> tuple[Path, Path]:
    """Write a certificate for 127.0.0.1 signed by its own key, as a home server might have one.

    Returns the paths of the certificate and of its key.
    """
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .sign(key, hashes.SHA256())
    )
    certificate_path = directory / "certificate.pem"
    key_path = directory / "key.pem"
    certificate_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return certificate_path, key_path


@dataclass(frozen=True)
class Resource:
    """A calendar object as stored on the server."""

    data: bytes
    etag: str | None

    @property
    def calendar(self) -> icalendar.Calendar:
        """The resource parsed as an iCalendar document."""
        return icalendar.Calendar.from_ical(self.data)


@dataclass(frozen=True)
class RemoteCalendar:
    """A calendar collection on a ``RadicaleServer``, with the moves another CalDAV client makes on it.

    ``url`` is what coffeechat is configured with. The helpers go round coffeechat's
    client so a test can look at what really is on the server, or change it behind
    coffeechat's back.
    """

    server: RadicaleServer
    url: str
    name: str

    def get(self, href: str) -> Resource | None:
        """The resource at ``href`` as the server has it, or None when there is none."""
        with self.server.client() as client:
            response = client.request(href, "GET")
        if response.status == 404:
            return None
        assert response.status == 200, f"GET {href}: {response.status} {response.reason}"
        # _raw_body is the body as received; .raw has its line endings changed.
        return Resource(data=response._raw_body, etag=response.headers.get("ETag"))

    def events(self) -> dict[str, icalendar.Calendar]:
        """Every calendar object in the collection, by absolute href."""
        with self.server.client() as client:
            listing = client.propfind(self.url, props=["{DAV:}resourcetype"], depth=1)
        assert listing.status == 207, f"PROPFIND {self.url}: {listing.status} {listing.reason}"
        hrefs = [
            urljoin(self.url, quote(result.href))
            for result in listing.results
            # The collection lists itself too; its members have an empty resourcetype.
            if not result.properties.get("{DAV:}resourcetype")
        ]
        return {href: self.get(href).calendar for href in hrefs}

    def edit(self, href: str, ical: bytes) -> str:
        """Overwrite the resource at ``href`` unconditionally, as another app would; return the new ETag."""
        with self.server.client() as client:
            response = client.put(href, WireBytes(ical), {"Content-Type": "text/calendar; charset=utf-8"})
        assert response.status in (201, 204), f"PUT {href}: {response.status} {response.reason}"
        return response.headers["ETag"]

    def remove(self, href: str) -> None:
        """Delete the resource at ``href`` unconditionally, as another app would."""
        with self.server.client() as client:
            response = client.delete(href)
        assert response.status in (200, 204), f"DELETE {href}: {response.status} {response.reason}"


@pytest.fixture(scope="session")
def radicale_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RadicaleServer]:
    """One Radicale for the whole session; tests keep apart by each using a fresh calendar."""
    with RadicaleServer(tmp_path_factory.mktemp("radicale")) as server:
        yield server


@pytest.fixture
def caldav_calendar(radicale_server: RadicaleServer) -> RemoteCalendar:
    """A new, empty calendar collection on the session's Radicale."""
    return radicale_server.make_calendar()


@pytest.fixture
def stoppable_radicale(tmp_path: Path) -> Iterator[RadicaleServer]:
    """A Radicale of the test's own, which the test may stop and start again."""
    with RadicaleServer(tmp_path) as server:
        yield server
