"""Push coffeechat's events into a person's own CalDAV calendar, one resource per event.

``CalDAVCollection`` wraps one calendar collection (URL and credentials the person
entered) and speaks to it through the ``caldav`` library's low-level client: PROPFIND to
check the address, conditional PUT and DELETE to write. Every failure comes out as a
``CalDAVError`` whose text is meant for the person who configured the calendar, and whose
``field`` says which of their inputs to fix.

coffeechat is the source of truth for its own events: when the copy on the server changed
behind its back, a write still lands, but always with If-Match on the ETag just read, so
nothing is ever overwritten without first being looked at.

The URL is the person's input, so requests to it are guarded against server-side request
forgery: only http(s), no credentials in the URL, no redirects, and (unless
``allow_private_hosts``) no host that resolves to a loopback, private or otherwise
non-public address. The address check runs before every request; a DNS answer that
changes between the check and the connection (DNS rebinding) is outside what it can see.
"""

from __future__ import annotations

import hashlib
import logging
import socket
import ssl
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http import HTTPStatus
from typing import Literal
from urllib.parse import quote, urljoin, urlsplit

import caldav
from caldav.lib import error as dav_error
from caldav.lib.http_sync import requests as http_library
from caldav.lib.python_utilities import WireBytes
from caldav.response import DAVResponse

from service.outbound import DEFAULT_PORTS, PrivateAddress, UnresolvableHost, refuse_private_address

log = logging.getLogger(__name__)

Field = Literal["url", "username", "password"]

_DAV = "{DAV:}"
_CALDAV = "{urn:ietf:params:xml:ns:caldav}"
_RESOURCETYPE = _DAV + "resourcetype"
_DISPLAYNAME = _DAV + "displayname"
_CURRENT_USER_PRINCIPAL = _DAV + "current-user-principal"
_PRINCIPAL = _DAV + "principal"
_CALENDAR = _CALDAV + "calendar"
_COMPONENTS = _CALDAV + "supported-calendar-component-set"
_HOME_SET = _CALDAV + "calendar-home-set"

_CHECK_PROPS = [_RESOURCETYPE, _DISPLAYNAME, _COMPONENTS, _HOME_SET, _CURRENT_USER_PRINCIPAL]
_LIST_PROPS = [_RESOURCETYPE, _DISPLAYNAME, _COMPONENTS]

_ICALENDAR = "text/calendar; charset=utf-8"
# How many calendars a "pick one of these" message names before it stops being a sentence.
_MAX_LISTED_CALENDARS = 10
# Shorter passwords cannot be told apart from ordinary words in a message.
_MIN_REDACTED_LENGTH = 4


class CalDAVError(Exception):
    """A CalDAV request failed.

    ``str(error)`` is a sentence for a person (what failed, what to do), never containing
    the password. ``field`` names the input the person should fix ("url", "username" or "password"),
    or is None when the problem is not theirs to fix (server down, busy, broken).
    """

    def __init__(self, message: str, field: Field | None = None) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Written:
    """Where an event was written, and the ETag to make the next write to it conditional."""

    href: str  # absolute URL of the event resource
    etag: str | None  # the server's ETag after the write, when it gave one


class CalDAVCollection:
    """One calendar collection on a CalDAV server, with the credentials to write to it.

    Creating one does no network I/O; it only checks the URL's form. The HTTP session
    is kept for the object's life (so the auth scheme is negotiated once) and closed by
    ``close()``, the ``with`` statement, or garbage collection. Not thread-safe: the
    library records the negotiated auth scheme on the client, so use one per thread or job.
    """

    def __init__(
        self,
        url: str,
        username: str,
        password: str,
        *,
        timeout: float = 10,
        allow_private_hosts: bool = False,
    ) -> None:
        self.url = _collection_url(url)
        if not username:
            raise CalDAVError("Enter the username for the calendar account.", field="username")
        if ":" in username:
            # HTTP Basic joins user and password with a colon, so a colon cannot be in the user-id (RFC 7617).
            raise CalDAVError("A CalDAV username cannot contain a colon (:).", field="username")
        self.username = username
        self._password = password
        self._timeout = timeout
        self._allow_private_hosts = allow_private_hosts
        self._origin = _origin(self.url)
        self._server = urlsplit(self.url).netloc
        self._client = caldav.DAVClient(
            url=self.url,
            username=username,
            password=password,
            timeout=timeout,
            # No RFC 6764 discovery: the URL is the calendar, not a domain to look things up for.
            enable_rfc6764=False,
            # Never sleep on 429/503: a push runs in a request or a job that has better things to do.
            rate_limit_handle=False,
        )
        # A redirect could lead the request (and the credentials) to an address the guard has not
        # seen; refusing redirects is simpler than re-checking each hop, and a calendar URL has no
        # business redirecting. niquests raises TooManyRedirects on the first one.
        self._client.session.max_redirects = 0
        self._finalizer = weakref.finalize(self, self._client.close)

    def __repr__(self) -> str:
        return f"CalDAVCollection(url={self.url!r}, username={self.username!r})"

    def close(self) -> None:
        """Close the HTTP session."""
        self._finalizer()

    def __enter__(self) -> CalDAVCollection:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # -- the four operations ------------------------------------------------------------

    def check(self) -> str | None:
        """Make sure ``url`` is a calendar collection that takes events and the credentials work.

        Returns the calendar's display name, or None when it has none. When the URL is an
        account or a calendar home instead, the error lists the calendars found under it.
        """
        action = f"use {self.url} as a calendar"
        response = self._request(action, self.url, lambda client: client.propfind(self.url, _CHECK_PROPS, depth=0))
        if response.status in (HTTPStatus.NOT_FOUND, HTTPStatus.GONE):
            raise self._error(
                f"Could not {action}: there is nothing at that address ({_status(response.status)}). "
                "Check the calendar URL.",
                field="url",
            )
        if response.status not in (HTTPStatus.OK, HTTPStatus.MULTI_STATUS):
            raise self._refusal(action, response)
        if not response.results:
            raise self._error(
                f"Could not {action}: the server's answer described no resource at that address. "
                "Check the calendar URL.",
                field="url",
            )
        properties = response.results[0].properties
        if _CALENDAR not in (properties.get(_RESOURCETYPE) or []):
            raise self._not_a_calendar(action, properties)
        components = properties.get(_COMPONENTS)
        if components and "VEVENT" not in components:
            raise self._error(
                f"Could not {action}: that calendar only holds {_component_names(components)}, not events. "
                "Choose a calendar for events.",
                field="url",
            )
        return properties.get(_DISPLAYNAME) or None

    def href_for(self, uid: str) -> str:
        """The resource URL for an event UID: the collection URL + a hex digest of the UID + '.ics'."""
        # A digest is URL-safe and fixed-length whatever the UID holds (slashes, spaces, emoji,
        # even lone surrogates from JSON), and the same UID always lands on the same resource.
        digest = hashlib.sha256(uid.encode("utf-8", errors="surrogatepass")).hexdigest()
        return f"{self.url}{digest}.ics"

    def put(self, uid: str, ical: bytes, etag: str | None) -> Written:
        """Write one event, conditionally, and return where it is and its new ETag.

        Sends ``If-None-Match: *`` when ``etag`` is None (create; never overwrite blindly),
        ``If-Match: etag`` otherwise. On 412 it re-reads the resource (GET): gone, it is
        created again; there, it is written again with If-Match on its current ETag, since
        coffeechat is the source of truth for its own events. When the server's answer
        carries no ETag, a GET fetches it so the next write can be conditional too; the
        ETag is None if still unknown. ``ical`` is sent as is: no SEQUENCE bump, no
        line-ending changes.
        """
        action = "save the event in the calendar"
        href = self.href_for(uid)
        response = self._put(action, href, ical, etag)
        if response.status == HTTPStatus.PRECONDITION_FAILED and not _uid_conflict(response):
            # The resource is not what we last wrote: edited or deleted in another calendar app,
            # or our previous write landed but its answer was lost. Look, then write over it.
            exists, current = self._probe(action, href)
            log.info("CalDAV precondition failed for %s; writing again (exists=%s)", href, exists)
            response = self._put(action, href, ical, current, overwrite=exists and current is None)
        if response.status not in (HTTPStatus.OK, HTTPStatus.CREATED, HTTPStatus.NO_CONTENT):
            raise self._refusal(action, response)
        new_etag = response.headers.get("ETag")
        if new_etag is None:
            # Servers that alter what they store (RFC 4791 section 5.3.4) may withhold the ETag
            # from the PUT answer; the resource's current one still makes the next write conditional.
            new_etag = self._probe(action, href)[1]
        return Written(href=href, etag=new_etag)

    def delete(self, href: str, etag: str | None) -> None:
        """Remove the event at ``href`` (a ``Written.href``), with If-Match when ``etag`` is known.

        404 and 410 mean it is already gone, which is success. On 412 (edited elsewhere)
        it re-reads the resource and deletes the current version.
        """
        action = "remove the event from the calendar"
        if _origin(href) != self._origin:
            # The client sends the credentials with any URL it is given; they must not leave the server.
            raise self._error(
                f"Could not {action}: the event's address {href} is not on the calendar's server {self._server}.",
            )
        response = self._delete(action, href, etag)
        if response.status == HTTPStatus.PRECONDITION_FAILED:
            exists, current = self._probe(action, href)
            if not exists:
                return
            log.info("CalDAV precondition failed deleting %s; deleting the current version", href)
            response = self._delete(action, href, current)
        if response.status in (HTTPStatus.NOT_FOUND, HTTPStatus.GONE):
            return
        if response.status not in (HTTPStatus.OK, HTTPStatus.NO_CONTENT):
            raise self._refusal(action, response)

    # -- requests -----------------------------------------------------------------------

    def _put(self, action: str, href: str, ical: bytes, etag: str | None, *, overwrite: bool = False) -> DAVResponse:
        headers = {"Content-Type": _ICALENDAR}
        if overwrite:
            pass  # the server shows no ETag for the resource, so there is nothing to condition on
        elif etag is None:
            headers["If-None-Match"] = "*"
        else:
            headers["If-Match"] = etag
        # WireBytes: the library would otherwise rewrite line endings; the server gets our bytes.
        return self._request(action, href, lambda client: client.put(href, WireBytes(ical), headers))

    def _delete(self, action: str, href: str, etag: str | None) -> DAVResponse:
        headers = {"If-Match": etag} if etag is not None else {}
        return self._request(action, href, lambda client: client.delete(href, headers))

    def _probe(self, action: str, href: str) -> tuple[bool, str | None]:
        """Whether the resource at ``href`` exists, and its current ETag if the server gives one.

        A GET, not a HEAD: one event is small, and some servers (Xandikos) answer a HEAD of a
        missing resource with a body, which corrupts the next answer on the same connection.
        """
        response = self._request(action, href, lambda client: client.request(href, "GET"))
        if response.status in (HTTPStatus.NOT_FOUND, HTTPStatus.GONE):
            return False, None
        if response.status != HTTPStatus.OK:
            raise self._refusal(action, response)
        return True, response.headers.get("ETag")

    def _request(self, action: str, url: str, send: Callable[[caldav.DAVClient], DAVResponse]) -> DAVResponse:
        """Run one library call against ``url``, with the address guard first and every failure as a CalDAVError."""
        self._refuse_private_address(action, url)
        try:
            return send(self._client)
        except Exception as exc:
            # The library parses whatever an arbitrary server sends, so anything may come out of it;
            # the person gets a sentence either way, and the original stays chained for the logs.
            raise self._failure(action, exc) from exc

    def _refuse_private_address(self, action: str, url: str) -> None:
        if self._allow_private_hosts:
            return
        try:
            refuse_private_address(url)
        except UnresolvableHost as exc:
            raise self._error(
                f"Could not {action}: the server {self._server} could not be reached: "
                "its name could not be found in DNS. Check the calendar URL.",
                field="url",
            ) from exc
        except PrivateAddress as exc:
            raise self._error(
                f"Could not {action}: {exc}, "
                "and coffeechat only connects to calendar servers on the internet. Check the calendar URL; "
                "to use a calendar server on this machine or your network, the server's operator starts "
                "coffeechat with CALDAV_ALLOW_PRIVATE_HOSTS=true.",
                field="url",
            ) from exc

    # -- explaining failures --------------------------------------------------------------

    def _error(self, message: str, field: Field | None = None) -> CalDAVError:
        # Belt and braces: messages quote the URL, the username and text the server chose
        # (calendar names, redirect targets), any of which could hold the password by accident.
        if len(self._password) >= _MIN_REDACTED_LENGTH:
            message = message.replace(self._password, "[password]")
        return CalDAVError(message, field)

    def _failure(self, action: str, exc: Exception) -> CalDAVError:
        """The CalDAVError for an exception raised by the library or the network."""
        if isinstance(exc, dav_error.AuthorizationError):
            if set(exc.preconditions) & dav_error.UID_CONFLICT_PRECONDITIONS:
                return self._uid_conflict_error(action)  # Cyrus says 403 for a UID conflict
            if exc.status == HTTPStatus.FORBIDDEN:
                return self._error(
                    f"Could not {action}: the server {self._server} refused access to it for the user "
                    f"{self.username}. Check the username and password, and that the calendar belongs to this account.",
                    field="password",
                )
            return self._error(
                f"Could not {action}: the server {self._server} did not accept the username and password. "
                "Check both; some providers (iCloud, Fastmail) need an app-specific password.",
                field="password",
            )
        if isinstance(exc, dav_error.RateLimitError):
            return self._error(
                f"Could not {action}: the server {self._server} is busy ({_status(exc.status)}). Try again later."
            )
        if isinstance(exc, http_library.exceptions.TooManyRedirects):
            response = getattr(exc, "response", None)
            target = response.headers.get("Location") if response is not None else None
            where = f" to {urljoin(self.url, target)}" if target else ""
            return self._error(
                f"Could not {action}: the server redirected the request{where}. "
                "Enter the calendar's address as the server expects it, without redirects.",
                field="url",
            )
        if isinstance(exc, OSError):  # niquests/requests exceptions are OSErrors too
            reason, advice = self._why_unreachable(exc)
            return self._error(
                f"Could not {action}: the server {self._server} could not be reached: {reason}. {advice}",
                field="url",
            )
        if isinstance(exc, NotImplementedError):
            # What the library raises when a 401 offers no scheme it speaks (basic, digest, bearer).
            return self._error(
                f"Could not {action}: the server {self._server} asks for a kind of login coffeechat does not support.",
                field="url",
            )
        if not isinstance(exc, dav_error.DAVError | ValueError):
            # lxml errors are ValueErrors or SyntaxErrors; anything else is unexpected enough to log.
            log.warning("Unexpected error talking to CalDAV server %s", self._server, exc_info=exc)
        return self._error(
            f"Could not {action}: the server {self._server} sent an answer coffeechat could not understand. "
            "Check that the URL is a CalDAV calendar.",
        )

    def _why_unreachable(self, exc: BaseException) -> tuple[str, str]:
        """Why the connection failed, in words, and what the person can do about it."""
        check_url = "Check the calendar URL."
        retry = "Check the calendar URL, or try again later if the server is down."
        causes = list(_causes(exc))
        for cause in causes:
            if isinstance(cause, ssl.SSLCertVerificationError):
                return (
                    f"its TLS certificate is not trusted ({cause.verify_message})",
                    "The server needs a certificate from a public certificate authority (such as Let's Encrypt).",
                )
        for cause in causes:
            if isinstance(cause, ssl.SSLError):
                if cause.reason == "WRONG_VERSION_NUMBER":
                    return (
                        "the secure (https) connection failed; the server may only speak http on that port",
                        check_url,
                    )
                return f"the secure (https) connection failed ({cause.reason or 'TLS error'})", check_url
        for cause in causes:
            if isinstance(cause, socket.gaierror):
                return "its name could not be found in DNS", check_url
            if isinstance(cause, ConnectionRefusedError):
                return "the connection was refused (nothing answers on that port)", retry
            if isinstance(cause, TimeoutError | http_library.exceptions.Timeout):
                return f"it did not answer within {self._timeout:g} seconds", retry
            if isinstance(cause, ConnectionResetError | ConnectionAbortedError):
                return "it closed the connection unexpectedly", retry
        return "the network connection failed", retry

    def _refusal(self, action: str, response: DAVResponse) -> CalDAVError:
        """The CalDAVError for an HTTP answer that is not the success ``action`` needed."""
        status = response.status
        if _uid_conflict(response):
            return self._uid_conflict_error(action)
        if status in (HTTPStatus.NOT_FOUND, HTTPStatus.GONE, HTTPStatus.CONFLICT):
            # WebDAV answers 409 to a PUT whose parent collection is missing (RFC 4918 section 9.7.1).
            return self._error(
                f"Could not {action}: the calendar {self.url} does not exist on the server ({_status(status)}). "
                "Check the calendar URL.",
                field="url",
            )
        if status == HTTPStatus.PRECONDITION_FAILED:
            return self._error(
                f"Could not {action}: the event kept changing on the server while coffeechat was saving it. Try again."
            )
        if status >= 500:
            return self._error(
                f"Could not {action}: the server {self._server} failed ({_status(status)}). Try again later."
            )
        return self._error(f"Could not {action}: the server {self._server} refused it ({_status(status)}).")

    def _uid_conflict_error(self, action: str) -> CalDAVError:
        return self._error(
            f"Could not {action}: the calendar already holds a copy of this event under another name "
            "(perhaps imported from an invitation). Delete that copy in your calendar app, then try again."
        )

    def _not_a_calendar(self, action: str, properties: dict) -> CalDAVError:
        resource_types = properties.get(_RESOURCETYPE) or []
        if _PRINCIPAL in resource_types:
            what = "an account, not a calendar"
        elif _DAV + "collection" in resource_types:
            what = "a folder, not a calendar"
        else:
            what = "not a calendar"
        calendars = self._calendars_near(properties)
        if calendars:
            listed = "; ".join(f"{name} ({url})" if name else url for name, url in calendars)
            return self._error(
                f"Could not {action}: that address is {what}. The calendars for events under it are: {listed}. "
                "Enter the address of one of them.",
                field="url",
            )
        return self._error(
            f"Could not {action}: that address is {what}, and no calendars for events were found under it. "
            "Enter the address of a calendar (calendar apps show it in the calendar's settings).",
            field="url",
        )

    def _calendars_near(self, properties: dict) -> list[tuple[str | None, str]]:
        """Event calendars listed under ``url`` or under the calendar home of the account it names, best effort."""
        action = "list the calendars"
        homes = [self.url, *_hrefs(properties.get(_HOME_SET))]
        principal = properties.get(_CURRENT_USER_PRINCIPAL)
        if not properties.get(_HOME_SET) and principal:
            # The server root names the logged-in principal, whose calendar home holds the calendars.
            principal_url = urljoin(self.url, principal)
            if _origin(principal_url) == self._origin:
                try:
                    found = self._request(
                        action, principal_url, lambda client: client.propfind(principal_url, [_HOME_SET], depth=0)
                    )
                except CalDAVError:
                    found = None
                if found is not None and found.results:
                    homes += _hrefs(found.results[0].properties.get(_HOME_SET))
        calendars: dict[str, str | None] = {}
        for home in dict.fromkeys(urljoin(self.url, home) for home in homes):
            if _origin(home) != self._origin:
                continue
            try:
                listing = self._request(
                    action, home, lambda client, home=home: client.propfind(home, _LIST_PROPS, depth=1)
                )
            except CalDAVError:
                continue
            for result in listing.results or []:
                components = result.properties.get(_COMPONENTS)
                if _CALENDAR in (result.properties.get(_RESOURCETYPE) or []) and (
                    not components or "VEVENT" in components
                ):
                    # The library hands hrefs back decoded; quote them again to make usable URLs.
                    url = urljoin(self.url, quote(result.href))
                    calendars.setdefault(url, result.properties.get(_DISPLAYNAME) or None)
        return [(name, url) for url, name in calendars.items()][:_MAX_LISTED_CALENDARS]


# -- helpers -----------------------------------------------------------------------------


def _collection_url(url: str) -> str:
    """``url`` checked for form (http(s), a host, no credentials) and ending in a slash."""
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 -- raises ValueError for a port that is not a number or out of range
    except ValueError as exc:
        raise CalDAVError("The calendar URL is not a valid web address.", field="url") from exc
    if parts.scheme.lower() not in DEFAULT_PORTS or not parts.hostname:
        raise CalDAVError("The calendar URL must be a web address starting with https:// (or http://).", field="url")
    if parts.username is not None or parts.password is not None:
        # Never echo this URL: it holds a password. Credentials belong in their own fields.
        raise CalDAVError(
            "Remove the username and password from the calendar URL and enter them in their own fields.", field="url"
        )
    if parts.query or parts.fragment:
        raise CalDAVError("A calendar URL has no '?' or '#' part; remove it.", field="url")
    # Event URLs are made by appending to the collection URL, which a collection's trailing slash allows.
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return parts._replace(scheme=parts.scheme.lower(), path=path).geturl()


def _origin(url: str) -> tuple[str, str | None, int | None]:
    parts = urlsplit(url)
    try:
        port = parts.port or DEFAULT_PORTS.get(parts.scheme.lower())
    except ValueError:
        port = None
    return parts.scheme.lower(), parts.hostname, port


def _uid_conflict(response: DAVResponse) -> bool:
    """Whether the server refused a PUT because another resource already holds the UID (RFC 4791 section 5.3.2.1)."""
    return bool(set(dav_error.parse_preconditions(response.raw)) & dav_error.UID_CONFLICT_PRECONDITIONS)


def _hrefs(value: object) -> list[str]:
    """The hrefs of a property the library returns as a string, a list of strings or nothing."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [href for href in value if isinstance(href, str)]
    return []


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """``exc`` and everything it was raised from, outermost first."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        reason = getattr(current, "reason", None)  # urllib3 keeps the cause of MaxRetryError here
        current = current.__cause__ or current.__context__ or (reason if isinstance(reason, BaseException) else None)


def _status(code: int | None) -> str:
    """'404 Not Found': the status in words we chose, not the server's reason phrase."""
    if code is None:
        return "no status"
    try:
        return f"{code} {HTTPStatus(code).phrase}"
    except ValueError:
        return str(code)


def _component_names(components: list[str]) -> str:
    words = {"VTODO": "tasks", "VJOURNAL": "journal entries", "VFREEBUSY": "free/busy data"}
    return " and ".join(words.get(component, component) for component in components)
