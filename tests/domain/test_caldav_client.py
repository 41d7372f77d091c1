"""The CalDAV push client against a real Radicale: what it writes, how it recovers, what it says.

Every test that expects a failure goes through ``refused``, which also checks the one
promise every message keeps: the password is not in it. The Radicale fixtures come from
the ``tests.radicale`` plugin that conftest loads.
"""

from __future__ import annotations

import http.server
import ipaddress
import socket
import threading
from collections.abc import Callable, Iterator

import icalendar
import pytest

from service.calendar.caldav_client import CalDAVCollection, CalDAVError, Written
from service.outbound import is_public
from tests.radicale import RadicaleServer, RemoteCalendar

UID = "meeting-42@coffeechat.example"


def event(uid: str = UID, *, summary: str = "Coffee with Ada", sequence: int = 0) -> bytes:
    """An iCalendar document with one event, as coffeechat would send it."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//coffeechat//tests//EN")
    calendar.add("version", "2.0")
    vevent = icalendar.Event()
    vevent.add("uid", uid)
    vevent.add("dtstamp", icalendar.vDatetime.from_ical("20260301T090000Z"))
    vevent.add("dtstart", icalendar.vDatetime.from_ical("20260310T150000Z"))
    vevent.add("dtend", icalendar.vDatetime.from_ical("20260310T153000Z"))
    vevent.add("summary", summary)
    vevent.add("sequence", sequence)
    calendar.add_component(vevent)
    return calendar.to_ical()


def the_event(calendar: icalendar.Calendar) -> icalendar.Event:
    (vevent,) = calendar.walk("VEVENT")
    return vevent


def refused(call: Callable[[], object], password: str) -> CalDAVError:
    """The CalDAVError ``call`` raises, after checking the message keeps the password out."""
    with pytest.raises(CalDAVError) as raised:
        call()
    assert password not in str(raised.value)
    assert str(raised.value).endswith(".")  # a sentence, not a repr
    return raised.value


def collection(url: str, server: RadicaleServer, *, password: str | None = None, **options) -> CalDAVCollection:
    options.setdefault("allow_private_hosts", True)  # Radicale listens on loopback
    options.setdefault("timeout", 5)
    return CalDAVCollection(url, server.username, server.password if password is None else password, **options)


@pytest.fixture
def calendar(caldav_calendar: RemoteCalendar) -> Iterator[CalDAVCollection]:
    """coffeechat's client for the test's fresh calendar."""
    with collection(caldav_calendar.url, caldav_calendar.server) as client:
        yield client


# -- check(): is this a calendar we can write events to? -----------------------------------


def test_check_returns_the_calendar_name(calendar, caldav_calendar):
    assert calendar.check() == caldav_calendar.name


def test_check_accepts_the_url_without_its_trailing_slash(caldav_calendar):
    client = collection(caldav_calendar.url.rstrip("/"), caldav_calendar.server)
    assert client.url == caldav_calendar.url
    assert client.check() == caldav_calendar.name


def test_a_wrong_password_is_the_password_field(caldav_calendar):
    wrong = "not-the-password-" + caldav_calendar.server.password[:6]
    client = collection(caldav_calendar.url, caldav_calendar.server, password=wrong)
    error = refused(client.check, wrong)
    assert error.field == "password"
    assert "did not accept the username and password" in str(error)
    assert caldav_calendar.server.password not in str(error)


def test_another_accounts_calendar_is_refused_access(radicale_server):
    client = collection(radicale_server.url + "bob/calendar/", radicale_server)
    error = refused(client.check, radicale_server.password)
    assert error.field == "password"
    assert "refused access to it for the user alice" in str(error)


def test_a_path_with_nothing_there_is_a_404_on_the_url(radicale_server):
    client = collection(radicale_server.principal_url + "no-such-calendar/", radicale_server)
    error = refused(client.check, radicale_server.password)
    assert error.field == "url"
    assert "there is nothing at that address (404 Not Found)" in str(error)


@pytest.mark.parametrize("where", ["principal", "server root"])
def test_an_account_url_lists_the_calendars_to_pick_from(stoppable_radicale, where):
    # A server of its own: the message names the first few calendars, and the session's
    # server holds the calendars of every other test.
    radicale_server = stoppable_radicale
    work = radicale_server.make_calendar("Work")
    tasks = radicale_server.make_calendar("Chores", components=["VTODO"])
    url = radicale_server.principal_url if where == "principal" else radicale_server.url
    error = refused(collection(url, radicale_server).check, radicale_server.password)
    assert error.field == "url"
    assert "not a calendar" in str(error)
    assert f"Work ({work.url})" in str(error)
    assert tasks.url not in str(error)  # a task list cannot take events


def test_a_task_list_is_not_a_calendar_for_events(radicale_server):
    tasks = radicale_server.make_calendar("Chores", components=["VTODO"])
    error = refused(collection(tasks.url, radicale_server).check, radicale_server.password)
    assert error.field == "url"
    assert "only holds tasks, not events" in str(error)


# -- check(): servers that cannot be reached -------------------------------------------------


@pytest.fixture
def closed_port() -> int:
    """A loopback port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A loopback port that accepts connections (the kernel does) and never answers."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        yield listener.getsockname()[1]


@pytest.fixture
def redirecting_url() -> Iterator[str]:
    """A server on loopback that redirects every request to the cloud metadata address."""

    class Redirect(http.server.BaseHTTPRequestHandler):
        def answer(self) -> None:
            self.send_response(301)
            self.send_header("Location", "http://169.254.169.254/latest/meta-data/")
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_GET = do_HEAD = do_PUT = do_DELETE = do_PROPFIND = answer

        def log_message(self, format: str, *args: object) -> None:
            pass  # keep the test output clean

    server = http.server.HTTPServer(("127.0.0.1", 0), Redirect)
    thread = threading.Thread(target=server.serve_forever)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/alice/calendar/"
    finally:
        server.shutdown()
        thread.join()
        server.server_close()


def test_redirects_are_not_followed(redirecting_url):
    client = CalDAVCollection(redirecting_url, "alice", "s3cret-password", allow_private_hosts=True)
    error = refused(client.check, "s3cret-password")
    assert error.field == "url"
    assert "redirected the request to http://169.254.169.254/latest/meta-data/" in str(error)
    error = refused(lambda: client.put(UID, event(), None), "s3cret-password")
    assert error.field == "url"


def test_nothing_listening_is_unreachable(radicale_server, closed_port):
    client = collection(f"http://127.0.0.1:{closed_port}/alice/calendar/", radicale_server)
    error = refused(client.check, radicale_server.password)
    assert error.field == "url"
    assert "could not be reached: the connection was refused" in str(error)


def test_a_password_typed_into_the_url_is_blanked_out_of_messages(radicale_server, closed_port):
    password = radicale_server.password
    client = collection(f"http://127.0.0.1:{closed_port}/alice/{password}/", radicale_server)
    error = refused(client.check, password)
    assert "/alice/[password]/" in str(error)


def test_a_server_that_does_not_answer_times_out(radicale_server, silent_port):
    client = collection(f"http://127.0.0.1:{silent_port}/alice/calendar/", radicale_server, timeout=0.3)
    error = refused(client.check, radicale_server.password)
    assert error.field == "url"
    assert "it did not answer within 0.3 seconds" in str(error)


def test_https_to_a_plain_http_server_says_so(caldav_calendar):
    url = caldav_calendar.url.replace("http://", "https://")
    error = refused(collection(url, caldav_calendar.server).check, caldav_calendar.server.password)
    assert error.field == "url"
    assert "the server may only speak http on that port" in str(error)


def test_an_untrusted_certificate_is_named(tmp_path):
    with RadicaleServer(tmp_path, tls=True) as server:
        error = refused(collection(server.principal_url, server).check, server.password)
    assert error.field == "url"
    assert "its TLS certificate is not trusted (self-signed certificate)" in str(error)
    assert "Let's Encrypt" in str(error)


def test_an_unknown_host_name_is_a_dns_failure(radicale_server):
    # .invalid never resolves (RFC 6761), so no DNS server is asked anything that could succeed.
    client = collection("https://calendar.invalid/dav/", radicale_server, allow_private_hosts=False)
    error = refused(client.check, radicale_server.password)
    assert error.field == "url"
    assert "its name could not be found in DNS" in str(error)


# -- the URL is the person's input: no SSRF -------------------------------------------------


@pytest.mark.parametrize(
    "host",
    [
        "localhost",
        "127.0.0.1",
        "127.1.2.3",
        "2130706433",  # 127.0.0.1 as one decimal number, which getaddrinfo accepts
        "0.0.0.0",
        "10.0.0.1",
        "172.16.0.1",
        "192.168.1.1",
        "100.64.0.1",  # carrier-grade NAT
        "169.254.169.254",  # cloud metadata service
        "224.0.0.1",
        "240.0.0.1",
        "[::1]",
        "[::]",
        "[fe80::1]",
        "[fd00::1]",
        "[ff02::1]",
        "[::ffff:127.0.0.1]",
        "[::ffff:10.0.0.1]",
        "[64:ff9b::7f00:1]",  # NAT64 of 127.0.0.1
        "[2002:7f00:1::]",  # 6to4 of 127.0.0.1
    ],
)
def test_private_and_local_addresses_are_refused(host):
    client = CalDAVCollection(f"http://{host}:5232/alice/calendar/", "alice", "s3cret-password")
    error = refused(client.check, "s3cret-password")
    assert error.field == "url"
    assert "private or local network address" in str(error)


def test_refusing_a_local_server_names_the_setting_that_allows_it():
    client = CalDAVCollection("http://127.0.0.1:5232/alice/calendar/", "alice", "s3cret-password")
    assert "CALDAV_ALLOW_PRIVATE_HOSTS=true" in str(refused(client.check, "s3cret-password"))


def test_loopback_is_refused_unless_allowed(caldav_calendar):
    server = caldav_calendar.server
    guarded = collection(caldav_calendar.url, server, allow_private_hosts=False)
    assert refused(guarded.check, server.password).field == "url"
    assert refused(lambda: guarded.put(UID, event(), None), server.password).field == "url"
    assert caldav_calendar.events() == {}  # refused before anything was sent
    assert collection(caldav_calendar.url, server, allow_private_hosts=True).check() == caldav_calendar.name


@pytest.mark.parametrize("address", ["8.8.8.8", "2606:4700:4700::1111", "2002:808:808::"])
def test_public_addresses_pass_the_guard(address):
    assert is_public(ipaddress.ip_address(address))


@pytest.mark.parametrize(
    "url",
    [
        "https://alice:s3cret-password@calendar.example.com/dav/",
        "https://alice@calendar.example.com/dav/",
    ],
)
def test_credentials_in_the_url_are_refused(url):
    error = refused(lambda: CalDAVCollection(url, "alice", "other-password"), "s3cret-password")
    assert error.field == "url"
    assert "in their own fields" in str(error)


@pytest.mark.parametrize(
    "url",
    ["ftp://calendar.example.com/dav/", "calendar.example.com/dav/", "file:///etc/passwd", "https:///dav/", ""],
)
def test_only_web_addresses_are_accepted(url):
    error = refused(lambda: CalDAVCollection(url, "alice", "s3cret-password"), "s3cret-password")
    assert error.field == "url"
    assert "https://" in str(error)


@pytest.mark.parametrize("username", ["", "alice:admin"])
def test_a_username_basic_auth_cannot_carry_is_refused(username):
    error = refused(
        lambda: CalDAVCollection("https://calendar.example.com/dav/", username, "s3cret-password"), "s3cret-password"
    )
    assert error.field == "username"


def test_the_password_stays_out_of_repr():
    client = CalDAVCollection("https://calendar.example.com/dav/", "alice", "s3cret-password")
    assert "s3cret-password" not in repr(client)


# -- put(): writing events --------------------------------------------------------------


def test_put_creates_the_event_as_sent(calendar, caldav_calendar):
    ical = event(sequence=3)
    written = calendar.put(UID, ical, None)
    stored = caldav_calendar.get(written.href)
    assert written == Written(href=calendar.href_for(UID), etag=stored.etag)
    assert written.etag
    # Radicale stores its own serialization (UID first), so compare content, not bytes.
    assert stored.calendar == icalendar.Calendar.from_ical(ical)
    assert the_event(stored.calendar)["SEQUENCE"] == 3  # the library did not bump it
    assert list(caldav_calendar.events()) == [written.href]


def test_href_for_is_stable_and_url_safe_for_any_uid(calendar, caldav_calendar):
    uid = "tricky/uid with spaces?#%&☕\U0001f600"
    href = calendar.href_for(uid)
    assert href == calendar.href_for(uid) != calendar.href_for(UID)
    assert href.startswith(caldav_calendar.url) and href.endswith(".ics")
    assert href[len(caldav_calendar.url) : -len(".ics")].isalnum()
    written = calendar.put(uid, event(uid), None)
    assert str(the_event(caldav_calendar.get(written.href).calendar)["UID"]) == uid


def test_put_with_the_etag_updates(calendar, caldav_calendar):
    first = calendar.put(UID, event(), None)
    second = calendar.put(UID, event(summary="Coffee with Ada (moved)", sequence=1), first.etag)
    assert second.href == first.href
    assert second.etag != first.etag
    stored = caldav_calendar.get(second.href)
    assert stored.etag == second.etag
    assert the_event(stored.calendar)["SUMMARY"] == "Coffee with Ada (moved)"
    assert the_event(stored.calendar)["SEQUENCE"] == 1


def test_put_over_an_edit_made_elsewhere_writes_ours(calendar, caldav_calendar):
    first = calendar.put(UID, event(), None)
    caldav_calendar.edit(first.href, event(summary="Renamed in another app"))
    ours = event(summary="Coffee with Ada, 4pm", sequence=1)
    written = calendar.put(UID, ours, first.etag)  # stale: 412, re-read, write again
    stored = caldav_calendar.get(written.href)
    assert stored.calendar == icalendar.Calendar.from_ical(ours)
    assert written.etag == stored.etag


def test_put_after_the_event_was_deleted_elsewhere_recreates_it(calendar, caldav_calendar):
    first = calendar.put(UID, event(), None)
    caldav_calendar.remove(first.href)
    written = calendar.put(UID, event(sequence=1), first.etag)
    assert written.href == first.href
    assert the_event(caldav_calendar.get(written.href).calendar)["SEQUENCE"] == 1


def test_put_without_etag_over_an_existing_event_succeeds(calendar, caldav_calendar):
    # The first write landed but its answer was lost, so coffeechat never learned the ETag.
    calendar.put(UID, event(), None)
    written = calendar.put(UID, event(sequence=1), None)
    stored = caldav_calendar.get(written.href)
    assert the_event(stored.calendar)["SEQUENCE"] == 1
    assert written.etag == stored.etag
    assert len(caldav_calendar.events()) == 1


def test_put_when_another_resource_holds_the_uid_explains(calendar, caldav_calendar):
    # E.g. the person imported the invitation into the same calendar before coffeechat pushed.
    caldav_calendar.edit(caldav_calendar.url + "imported.ics", event())
    error = refused(lambda: calendar.put(UID, event(sequence=1), None), caldav_calendar.server.password)
    assert error.field is None
    assert "already holds a copy of this event" in str(error)


def test_put_into_a_calendar_that_is_gone_names_the_url(radicale_server):
    client = collection(radicale_server.principal_url + "deleted-calendar/", radicale_server)
    error = refused(lambda: client.put(UID, event(), None), radicale_server.password)
    assert error.field == "url"
    assert "does not exist on the server (409 Conflict)" in str(error)


# -- delete() --------------------------------------------------------------------------


def test_delete_with_the_etag_removes_the_event(calendar, caldav_calendar):
    written = calendar.put(UID, event(), None)
    calendar.delete(written.href, written.etag)
    assert caldav_calendar.get(written.href) is None


def test_delete_without_etag_removes_the_event(calendar, caldav_calendar):
    written = calendar.put(UID, event(), None)
    calendar.delete(written.href, None)
    assert caldav_calendar.get(written.href) is None


def test_delete_of_an_event_already_gone_is_fine(calendar, caldav_calendar):
    written = calendar.put(UID, event(), None)
    caldav_calendar.remove(written.href)
    calendar.delete(written.href, written.etag)
    calendar.delete(written.href, None)
    calendar.delete(calendar.href_for("never-written"), None)


def test_delete_over_an_edit_made_elsewhere_still_deletes(calendar, caldav_calendar):
    written = calendar.put(UID, event(), None)
    caldav_calendar.edit(written.href, event(summary="Renamed in another app"))
    calendar.delete(written.href, written.etag)
    assert caldav_calendar.get(written.href) is None


def test_delete_refuses_an_href_on_another_server(calendar, caldav_calendar):
    # The client would send the credentials along to whatever URL it is handed.
    error = refused(
        lambda: calendar.delete("https://elsewhere.example/alice/calendar/event.ics", None),
        caldav_calendar.server.password,
    )
    assert "not on the calendar's server" in str(error)


# -- outages ---------------------------------------------------------------------------


def test_a_stopped_server_is_unreachable_and_writes_resume_after_restart(stoppable_radicale):
    remote = stoppable_radicale.make_calendar("Work")
    client = collection(remote.url, stoppable_radicale)
    first = client.put(UID, event(), None)

    stoppable_radicale.stop()
    error = refused(lambda: client.put(UID, event(sequence=1), first.etag), stoppable_radicale.password)
    assert error.field == "url"
    assert "could not be reached: the connection was refused" in str(error)
    error = refused(lambda: client.delete(first.href, first.etag), stoppable_radicale.password)
    assert error.field == "url"

    stoppable_radicale.start()
    written = client.put(UID, event(sequence=1), first.etag)
    assert the_event(remote.get(written.href).calendar)["SEQUENCE"] == 1
    assert client.check() == "Work"
