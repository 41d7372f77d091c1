"""Calendar invitations (.ics) read into plain values, with the ``icalendar`` library.

``parse_invites`` takes what a person uploads or forwards (an invitation from Google Calendar,
Outlook/Exchange or Apple Calendar, or a calendar export) and returns one ``Invite`` per event
it can import and one ``InviteError`` per event it cannot, so that one odd event never hides the
others. Only a body that is not a calendar at all raises ``InvalidCalendar``.

Time zones are resolved here rather than by icalendar, for two reasons:

- icalendar remembers every VTIMEZONE it parses in a process-wide cache keyed by TZID. Outlook
  calls many different zones "Customized Time Zone", so the first such file parsed by a
  server would decide the times of every later one, and each new TZID someone uploads would
  stay in memory for good. The parser below therefore hands icalendar no TZID at all: times
  come out as local wall-clock times and each file's own VTIMEZONEs are applied to them.
- A TZID that is an IANA name, a Windows name ("W. Europe Standard Time") or a prefixed
  "globally unique" id ("/freeassociation.sourceforge.net/Europe/London") is read from the
  tz database, which knows the zone's whole history; a VTIMEZONE is used only for other ids,
  and icalendar reads it (``Timezone.to_tz``), whatever RFC 5545 rule parts it uses.

A repeating event becomes its first occurrence that really happens: recurring-ical-events
computes it when the file removes or changes occurrences (EXDATE, RDATE, a RECURRENCE-ID of the
same UID). An occurrence sent without its series (RECURRENCE-ID only, as Lotus Notes and Exchange
invite a person to one instance) is that one occurrence, named by its ``recurrence_id``.
"""

from __future__ import annotations

import re
import time
import zoneinfo
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta, tzinfo
from functools import cache
from itertools import islice
from urllib.parse import urlsplit

import recurring_ical_events
from dateutil.rrule import rrulestr
from dateutil.tz import tzoffset
from icalendar import Calendar, Component, Event, Timezone, vBroken, vDDDLists
from icalendar.parser.ical.calendar import CalendarIcalParser
from icalendar.timezone import TZP
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

MAX_EVENTS = 500


class InvalidCalendar(ValueError):
    """The body is not an iCalendar document at all (message is for a person: what is wrong, what to send)."""


@dataclass(frozen=True)
class Person:
    """Someone on an invitation: the organizer or an attendee."""

    email: str  # lower-cased, "mailto:" stripped, trimmed
    name: str | None  # the CN parameter, trimmed; None when absent or when equal to the email


@dataclass(frozen=True)
class Invite:
    """One event of a calendar, ready to become (or update, or cancel) a meeting."""

    uid: str
    # An invitation to one occurrence of a repeating event sent without the series: the occurrence's
    # original start (RECURRENCE-ID), aware UTC. None for a whole event or series (then the first
    # occurrence that happens is the meeting).
    recurrence_id: datetime | None
    sequence: int  # SEQUENCE, 0 when absent
    cancelled: bool  # METHOD:CANCEL on the calendar, or STATUS:CANCELLED on the event
    confirmed: bool  # STATUS:CONFIRMED, and not cancelled
    summary: str | None
    # Aware, UTC. None only for a cancellation, which needs no time: RFC 5546 lets a CANCEL leave it out.
    starts_at: datetime | None
    ends_at: datetime | None  # aware UTC, from DTEND or DTSTART+DURATION; None when neither is given
    timezone: str | None  # IANA name of DTSTART's zone when known; None for UTC times and unnamed custom zones
    location: str | None  # LOCATION, unless it is only a URL (then it is the video_url)
    video_url: str | None  # the meeting link, see _video_url_candidates
    description: str | None
    organizer: Person | None
    attendees: tuple[Person, ...]  # people only (no rooms or resources), each once, in file order


@dataclass(frozen=True)
class InviteError:
    """An event that could not be imported, and why."""

    uid: str | None
    message: str  # for a person: what is wrong with this event and what to do


@dataclass(frozen=True)
class ParsedCalendar:
    """Everything read from one upload."""

    method: str | None  # the first METHOD of the file, upper-case (REQUEST, PUBLISH, CANCEL, ...)
    invites: list[Invite]
    errors: list[InviteError]


NOT_VALID_ICALENDAR = (
    "This is not a valid iCalendar file: some of it cannot be read as iCalendar lines (NAME;PARAMETERS:VALUE). "
    "Send the invitation's .ics attachment (text/calendar) or a calendar export, unedited and complete."
)
NOT_A_CALENDAR = (
    "This is not an iCalendar file: calendar data starts with BEGIN:VCALENDAR and ends with END:VCALENDAR. "
    "Send the invitation's .ics attachment (text/calendar) or a calendar export, unedited and complete."
)

# A fold is a line break followed by a space or tab (RFC 5545 3.1). Unfolding the bytes before
# decoding restores a UTF-8 character that a careless writer split across two lines.
_FOLD = re.compile(rb"\r?\n[ \t]")

# Conferencing properties, best first: RFC 7986's, then the ones Google and Microsoft write.
_CONFERENCE_PROPERTIES = (
    "CONFERENCE",
    "X-GOOGLE-CONFERENCE",
    "X-MICROSOFT-SKYPETEAMSMEETINGURL",
    "X-MICROSOFT-ONLINEMEETINGCONFURL",
    "URL",
)
# Hosts whose links in a DESCRIPTION are meeting links rather than, say, a help page.
_MEETING_HOSTS = (
    "meet.google.com",
    "zoom.us",
    "teams.microsoft.com",
    "teams.live.com",
    "webex.com",
    "whereby.com",
    "facetime.apple.com",
)
# A URL in free text ends at white space, or at the brackets and quotes that Outlook
# ("join<https://...>") and HTML descriptions put around it.
_URL_IN_TEXT = re.compile(r"https?://[^\s<>\"'()\[\]{}]+", re.IGNORECASE)

# CLDR's Windows mapping keeps the old spelling of renamed zones for stability; show the
# current one.
_RENAMED_ZONES = {
    "America/Buenos_Aires": "America/Argentina/Buenos_Aires",
    "America/Godthab": "America/Nuuk",
    "America/Indianapolis": "America/Indiana/Indianapolis",
    "Asia/Calcutta": "Asia/Kolkata",
    "Asia/Katmandu": "Asia/Kathmandu",
    "Asia/Rangoon": "Asia/Yangon",
    "Europe/Kiev": "Europe/Kyiv",
}

# What an invitation's METHOD can be (a calendar export has none). The other iTIP methods are
# messages about an invitation: a COUNTER, for one, proposes a time the organizer has not agreed to.
IMPORTED_METHODS = {"REQUEST", "PUBLISH", "CANCEL"}
OTHER_METHODS = {
    "REPLY": "an answer to an invitation",
    "COUNTER": "a proposal of another time for a meeting",
    "DECLINECOUNTER": "a refusal of a proposed time",
    "REFRESH": "a request for the latest version of an invitation",
    "ADD": "extra occurrences of a repeating event",
}

# Builds tzinfos from VTIMEZONE components. Our own instance, pinned to zoneinfo, so that
# code elsewhere switching icalendar's global provider (to pytz, say) cannot change the result.
_ZONE_BUILDER = TZP("zoneinfo")

# Reading a time in a VTIMEZONE walks each observance's RRULE from its DTSTART (1601 in Outlook's)
# to that time, and dateutil searches a rule that never fires up to the year 9999. Every time zone
# changes its offset on yearly rules, once or twice a year: a rule that fires more often, or never,
# or hundreds of observances, would let one uploaded file keep a worker busy for minutes.
_MAX_OBSERVANCES = 10
_MAX_CHANGES_A_YEAR = 2

# Finding a series' first occurrence that happens: how many removed or cancelled ones are passed
# over at most, and the frequencies searched (dateutil may search a rule to the year 9999, and
# one that fires every second for days).
_MAX_PASSED_OCCURRENCES = 100
_SEARCHED_FREQUENCIES = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}
_FREQUENCIES = {"SECONDLY", "MINUTELY", "HOURLY", *_SEARCHED_FREQUENCIES}
# Reading one file stops after this long; the events not read by then are reported. Real files
# take milliseconds; this bounds the worst a crafted one (rules that hardly ever fire) can cost.
READ_SECONDS = 5.0
# A copy made for recurring-ical-events remembers which component of the file it came from.
_PART = "X-COFFEECHAT-PART"

_RESEND = "Send the invitation as the calendar app exported it."


def parse_invites(data: bytes | str, *, read_seconds: float = READ_SECONDS) -> ParsedCalendar:
    """Read the events of an iCalendar document (one or several VCALENDARs).

    Raises ``InvalidCalendar`` when ``data`` is not iCalendar, holds no VEVENT, holds more than
    ``MAX_EVENTS``, or holds nothing but answers to invitations (METHOD:REPLY...); any problem
    with a single event is returned as an ``InviteError``, and so is each event not read within
    ``read_seconds``.
    """
    calendars = _read_calendars(data)
    count = sum(1 for calendar in calendars for _ in _events(calendar))
    if count == 0:
        raise InvalidCalendar(
            "The calendar has no events (VEVENT). Send the invitation itself, or an export of the "
            "calendar that holds the meeting."
        )
    if count > MAX_EVENTS:
        raise InvalidCalendar(
            f"The calendar has {count} events and at most {MAX_EVENTS} can be read at once. "
            "Export a shorter date range, or send the single invitation."
        )
    methods = [method for calendar in calendars if (method := _upper_text(calendar, "METHOD"))]
    answers = [_upper_text(calendar, "METHOD") for calendar in calendars if any(_events(calendar))]
    if all(method not in IMPORTED_METHODS | {None} for method in answers):
        raise InvalidCalendar(_not_an_invitation(answers[0]))
    invites: list[Invite] = []
    errors: list[InviteError] = []
    deadline = time.monotonic() + read_seconds
    for calendar in calendars:
        method = _upper_text(calendar, "METHOD")
        if method not in IMPORTED_METHODS | {None}:
            # A part of a mail thread, say, that answers an invitation: its events are not invitations.
            errors += [_error(event, _answer(method)) for event in _events(calendar)]
            continue
        zones = _Zones(calendar)
        for event, changes in _series(_events(calendar)):
            if time.monotonic() > deadline:
                errors += [_error(part, _TOO_SLOW) for part in (event, *changes)]
                continue
            try:
                invite, unread = _read_series(event, changes, method, zones)
            except _EventProblem as problem:
                errors.append(_error(event, str(problem)))
                continue
            invites.append(invite)
            errors += [_error(change, _ONE_OCCURRENCE) for change in unread]
    return ParsedCalendar(method=methods[0] if methods else None, invites=invites, errors=errors)


def _not_an_invitation(method: str) -> str:
    """Why a file of answers (REPLY, COUNTER...) changes no meeting, and what to import instead."""
    what = OTHER_METHODS.get(method, "not an invitation")
    return (
        f"This file is {what} (METHOD:{method[:40]}), so no meeting was changed. Import the invitation "
        "itself (METHOD:REQUEST), its cancellation (METHOD:CANCEL) or a calendar export (METHOD:PUBLISH)."
    )


def _answer(method: str) -> str:
    what = OTHER_METHODS.get(method)
    if what is None:
        return f"is not an invitation (METHOD:{method[:40]}), so no meeting was changed."
    return f"is {what} (METHOD:{method}), not an invitation, so no meeting was changed."


_ONE_OCCURRENCE = (
    "changes a single occurrence of a repeating event (RECURRENCE-ID). Only the first occurrence of a "
    "repeating event is imported, so this change was not; add it as a meeting of its own if you need it."
)
_TOO_SLOW = (
    "was not read: reading this file took too long (its repeating events or time zones are unusually "
    "complex). Import this invitation in a file of its own."
)


def _error(event: Component, predicate: str) -> InviteError:
    return InviteError(uid=_text(event, "UID"), message=f"{_label(event)} {predicate}")


class _EventProblem(Exception):
    """Why one event cannot be imported: a predicate completed by the event's name."""


class _TextCalendar(Calendar):
    """A ``Calendar`` whose parser leaves all time zones to this module (see the module docstring)."""

    @classmethod
    def _get_ical_parser(cls, st: str | bytes) -> CalendarIcalParser:
        return _UnzonedParser(st, cls._get_component_factory(), cls.types_factory)


class _UnzonedParser(CalendarIcalParser):
    """icalendar's parser, minus TZID lookups and the process-wide VTIMEZONE cache.

    Date-times with a TZID come out naive (their TZID stays in the property's parameters)
    and dates stay dates; ``_Zones`` then resolves each TZID against this one file.
    """

    def parse_and_add_property(self, name, params, val, tzid, line) -> None:
        super().parse_and_add_property(name, params, val, None, line)

    def handle_end_component(self, vals: str) -> None:
        # icalendar's own, without its call to tzp.cache_timezone_component().
        if not self._stack:
            raise ValueError("END encountered without an accompanying BEGIN!")
        component = self._stack.pop()
        if self._stack:
            self._stack[-1].add_component(component)
        else:
            self._components.append(component)

    def prepare_components(self) -> None:
        # icalendar parses a second time when a VTIMEZONE follows the events using it, so that
        # its cache resolves them; TZIDs resolved after parsing need no second pass.
        pass


def _read_calendars(data: bytes | str) -> list[Component]:
    """The VCALENDARs in ``data``, or ``InvalidCalendar``."""
    if isinstance(data, bytes | bytearray | memoryview):
        text = _FOLD.sub(b"", bytes(data)).decode("utf-8-sig", errors="replace")
    elif isinstance(data, str):
        text = data.removeprefix("\ufeff")
    else:
        raise TypeError(f"parse_invites() takes bytes or str, not {type(data).__name__}")
    try:
        components = _TextCalendar.from_ical(text, multiple=True)
    except (ValueError, AttributeError) as error:
        # ValueError is icalendar's error for lines and values it cannot read. AttributeError is
        # what icalendar 7.3 raises for a VALUE parameter written as a list ("VALUE=URI,").
        raise InvalidCalendar(NOT_VALID_ICALENDAR) from error
    calendars = [component for component in components if component.name == "VCALENDAR"]
    if not calendars:
        raise InvalidCalendar(NOT_A_CALENDAR)
    return calendars


def _events(calendar: Component) -> Iterator[Component]:
    # Only direct children: a VEVENT nested anywhere else is not an event of this calendar.
    return (component for component in calendar.subcomponents if component.name == "VEVENT")


def _read_event(event: Component, method: str | None, zones: _Zones) -> Invite:
    """One VEVENT as an ``Invite``, or ``_EventProblem``; a repeating event as its DTSTART (see ``_read_series``)."""
    uid = _text(event, "UID")
    if uid is None:
        raise _EventProblem(
            "has no UID, so a later update or cancellation could not be matched to it. Every event a "
            f"calendar app exports has one. {_RESEND}"
        )
    status = _upper_text(event, "STATUS")
    cancelled = method == "CANCEL" or status == "CANCELLED"
    try:
        local_start, timezone, starts_at, ends_at = _times(event, zones)
    except _EventProblem:
        if not cancelled:
            raise
        # A cancellation is matched by its UID (and RECURRENCE-ID) alone: no time it gives matters.
        local_start = timezone = starts_at = ends_at = None
    location = _text(event, "LOCATION")
    location_url = _http_url(location)
    description = _text(event, "DESCRIPTION")
    return Invite(
        uid=uid,
        recurrence_id=_recurrence_id(event, zones, local_start.tzinfo if local_start else None),
        sequence=_sequence(event),
        cancelled=cancelled,
        confirmed=status == "CONFIRMED" and not cancelled,
        summary=_text(event, "SUMMARY"),
        starts_at=starts_at,
        ends_at=ends_at,
        timezone=timezone,
        location=None if location_url else location,
        video_url=next((url for url in _video_url_candidates(event, location_url, description) if url), None),
        description=description,
        organizer=_person(_first(event, "ORGANIZER")),
        attendees=_attendees(event),
    )


def _times(event: Component, zones: _Zones) -> tuple[datetime, str | None, datetime, datetime | None]:
    """DTSTART as an aware local time, its IANA zone name, and the start and end in UTC."""
    start = _moment(event, "DTSTART", zones)
    if start is None:
        raise _EventProblem(f"has no start time (DTSTART). {_RESEND}")
    local_start, timezone = start
    starts_at = _to_utc(local_start, "a start time")
    ends_at = _end(event, local_start, zones)
    if ends_at is not None and ends_at < starts_at:
        raise _EventProblem(
            f"ends ({_format(ends_at)}) before it starts ({_format(starts_at)}). Fix the end time in "
            "the calendar app and send the invitation again."
        )
    return local_start, timezone, starts_at, ends_at


# --- Repeating events ------------------------------------------------------------------------


def _series(events: Iterator[Component]) -> list[tuple[Component, list[Component]]]:
    """The events of one VCALENDAR, each with the changes to single occurrences of it the file holds.

    A VEVENT with a RECURRENCE-ID belongs to the first event of its UID that has none; without such
    an event in the file it stands alone (an invitation to that one occurrence). File order is kept.
    """
    events = list(events)
    series: dict[str, Component] = {}
    changes: dict[str, list[Component]] = {}
    for event in events:
        uid = _text(event, "UID")
        if uid is not None and "RECURRENCE-ID" not in event and uid not in series:
            series[uid], changes[uid] = event, []
    groups: list[tuple[Component, list[Component]]] = []
    for event in events:
        uid = _text(event, "UID")
        if "RECURRENCE-ID" in event and uid in series:
            changes[uid].append(event)
        else:
            # A second event of a UID stands alone, as before: importing it updates the first one's meeting.
            groups.append((event, changes[uid] if series.get(uid) is event else []))
    return groups


def _read_series(
    event: Component, changes: list[Component], method: str | None, zones: _Zones
) -> tuple[Invite, list[Component]]:
    """An event and the changes the file makes to its occurrences, as the first occurrence that happens.

    Answers the ``Invite`` and the changes it does not take in: those to later occurrences.
    """
    invite = _read_event(event, method, zones)
    if invite.cancelled:
        return invite, []  # the whole series is cancelled: what it says of single occurrences no longer matters
    if not changes and "EXDATE" not in event and "RDATE" not in event:
        return invite, []  # RFC 5545 3.8.5.3: DTSTART is the first occurrence
    home = _moment(event, "DTSTART", zones)[0].tzinfo
    first = _first_occurrence(event, changes, zones, home)
    parts = [event, *changes]
    source = parts[int(str(first[_PART]))]
    if source is not event:
        # The occurrence as changed, but the series' identity and version: the meeting is the series'.
        invite = replace(_read_event(source, method, zones), recurrence_id=None, sequence=invite.sequence)
    starts_at = _to_utc(first["DTSTART"].dt, "a start time")
    ends_at = None if invite.ends_at is None else _to_utc(first["DTEND"].dt, "an end time")
    invite = replace(invite, starts_at=starts_at, ends_at=ends_at)
    occurrence = _to_utc(first["RECURRENCE-ID"].dt, "an occurrence (RECURRENCE-ID)")
    later = [change for change in changes if _recurrence_id(change, zones, home) > occurrence]
    return invite, later


def _first_occurrence(event: Component, changes: list[Component], zones: _Zones, home: tzinfo) -> Component:
    """The first occurrence that happens (not removed, not cancelled), as recurring-ical-events makes it.

    Its DTSTART and DTEND are aware, its RECURRENCE-ID names the occurrence, and ``_PART`` is the
    index of the component it comes from: 0 for ``event``, else 1 + the index in ``changes``.
    """
    unreadable = _EventProblem(f"repeats by rules (RRULE, RDATE, EXDATE) that cannot be read. {_RESEND}")
    for rule in _values(event, "RRULE"):
        frequency = _frequency(rule)
        if frequency is None:
            raise unreadable
        if frequency not in _SEARCHED_FREQUENCIES:
            raise _EventProblem(
                f"repeats more often than once a day (RRULE FREQ={frequency}) and its first occurrence was "
                "removed (EXDATE) or changed, so no meeting is read from it. Add the meeting with "
                "POST /api/v1/meetings instead."
            )
    calendar = Calendar()
    for index, part in enumerate([event, *changes]):
        calendar.add_component(_zoned_copy(part, index, zones, home))
    earliest = min(component["DTSTART"].dt for component in calendar.subcomponents)
    try:
        occurrences = recurring_ical_events.of(calendar).after(earliest)
        for occurrence in islice(occurrences, _MAX_PASSED_OCCURRENCES):
            if _upper_text(occurrence, "STATUS") != "CANCELLED":
                return occurrence
    except (ValueError, TypeError, OverflowError, KeyError, AttributeError):
        # recurring-ical-events' InvalidCalendar is a ValueError; dateutil raises the others on odd rules.
        raise unreadable from None
    raise _EventProblem(
        "repeats, but every occurrence of it was removed (EXDATE) or cancelled, so there is no meeting "
        "to import. Send the invitation of an occurrence that takes place."
    )


def _frequency(rule: object) -> str | None:
    """An RRULE's FREQ, or None when dateutil could not search the rule safely.

    RFC 5545 wants INTERVAL a positive integer; dateutil takes 0 and then repeats the same period
    for ever, so such a rule is never handed to it.
    """
    if not isinstance(rule, dict):  # vBroken
        return None
    frequency = (rule.get("FREQ") or [None])[0]
    intervals = rule.get("INTERVAL") or [1]
    if frequency not in _FREQUENCIES or not all(isinstance(n, int) and n >= 1 for n in intervals):
        return None
    return frequency


def _zoned_copy(part: Component, index: int, zones: _Zones, home: tzinfo) -> Event:
    """What recurring-ical-events needs of a VEVENT, its times aware (this module resolves TZIDs, see the top)."""
    copy = Event()
    copy.add("uid", "series")
    copy.add(_PART, str(index))
    local_start, *_ = _times(part, zones)
    copy.add("dtstart", local_start)
    end = _moment(part, "DTEND", zones)
    if end is not None:
        copy.add("dtend", end[0])
    elif isinstance(_parsed(_first(part, "DURATION")), timedelta):
        copy.add("duration", _parsed(_first(part, "DURATION")))
    # Only the series repeats: a change to one occurrence that carries rules of its own is read as that one.
    for rule in _values(part, "RRULE") if index == 0 else []:
        copy.add("rrule", rule)
    for name in ("RDATE", "EXDATE") if index == 0 else ():
        for values in _values(part, name):
            if not isinstance(values, vDDDLists):  # vBroken: the value is not a list of dates
                raise _EventProblem(f"removes or adds occurrences ({name}) with values that are not dates. {_RESEND}")
            moments = [_zoned(value, _param(values, "TZID"), zones, home) for value in values.dts]
            if moments:
                copy.add(name, moments)
    if "RECURRENCE-ID" in part:
        copy.add("recurrence-id", _recurrence_id(part, zones, home))
    if _upper_text(part, "STATUS"):
        copy.add("status", _upper_text(part, "STATUS"))
    return copy


def _zoned(value: object, tzid: str | None, zones: _Zones, home: tzinfo):
    """An RDATE or EXDATE value with its zone: its TZID's, else the zone of the event's start."""
    moment = _parsed(value) if hasattr(value, "params") else value
    if isinstance(moment, tuple):  # an RDATE period
        return tuple(_zoned(part, tzid, zones, home) for part in moment)
    if isinstance(moment, datetime) and moment.tzinfo is None:
        return moment.replace(tzinfo=zones.resolve(tzid)[0] if tzid else home)
    if isinstance(moment, date | datetime | timedelta):
        return moment
    raise _EventProblem(f"removes or adds occurrences (EXDATE, RDATE) with values that are not dates. {_RESEND}")


def _recurrence_id(event: Component, zones: _Zones, home: tzinfo | None) -> datetime | None:
    """The original start of the occurrence an event changes (RECURRENCE-ID), aware UTC; None if absent."""
    prop = _first(event, "RECURRENCE-ID")
    if prop is None:
        return None
    value = _parsed(prop)
    if isinstance(value, datetime):
        tzid = _param(prop, "TZID")
        if value.tzinfo is None and tzid is not None:
            value = value.replace(tzinfo=zones.resolve(tzid)[0])
        elif value.tzinfo is None and home is not None:
            value = value.replace(tzinfo=home)
        if value.tzinfo is not None:
            return _to_utc(value, "an occurrence (RECURRENCE-ID)")
    raise _EventProblem(
        "changes a single occurrence of a repeating event, but which one (RECURRENCE-ID) cannot be read"
        f"{_quoted(prop)}. {_RESEND}"
    )


def _label(event: Component) -> str:
    """How a message names the event: by its summary when it has one."""
    summary = _text(event, "SUMMARY")
    if summary is None:
        return "An event"
    if len(summary) > 80:
        summary = summary[:79] + "…"
    return f'The event "{summary}"'


# --- Times -----------------------------------------------------------------------------------


def _moment(event: Component, name: str, zones: _Zones) -> tuple[datetime, str | None] | None:
    """The date-time property ``name`` as an aware local time and its IANA zone name; None if absent."""
    what = "a start time (DTSTART)" if name == "DTSTART" else "an end time (DTEND)"
    prop = _first(event, name)
    if prop is None:
        return None
    if isinstance(prop, vBroken):
        raise _EventProblem(f"has {what} that is not a date and time{_quoted(prop)}. {_RESEND}")
    value = getattr(prop, "dt", None)
    if isinstance(value, datetime):
        if value.tzinfo is not None:  # written in UTC, with a Z
            return value, None
        tzid = _param(prop, "TZID")
        if tzid is None:
            raise _EventProblem(
                f"has {what} with no time zone ({_format(value)}), so nobody can tell when that is. "
                "Export the calendar with time zones (or in UTC) and send it again."
            )
        zone, zone_name = zones.resolve(tzid)
        return value.replace(tzinfo=zone), zone_name
    if isinstance(value, date):
        if name == "DTSTART":
            raise _EventProblem(
                "is an all-day event; coffeechat meetings need a start time. Give the event a start "
                "and end time in the calendar app and send the invitation again."
            )
        raise _EventProblem(f"has {what} that is a day without a time. Give it an end time and send it again.")
    raise _EventProblem(f"has {what} that is not a date and time{_quoted(prop)}. {_RESEND}")


def _end(event: Component, local_start: datetime, zones: _Zones) -> datetime | None:
    """The end in UTC, from DTEND or else DTSTART + DURATION; None when neither is given."""
    end = _moment(event, "DTEND", zones)
    if end is not None:
        return _to_utc(end[0], "an end time")
    prop = _first(event, "DURATION")
    if prop is None:
        return None
    duration = None if isinstance(prop, vBroken) else getattr(prop, "dt", None)
    if not isinstance(duration, timedelta):
        raise _EventProblem(f"has a length (DURATION) that is not a duration{_quoted(prop)}. {_RESEND}")
    if duration < timedelta(0):
        raise _EventProblem("has a negative length (DURATION). Fix the end time and send the invitation again.")
    # RFC 5545 3.3.6: days are calendar days (the same wall-clock time across a DST change),
    # hours and smaller are exact.
    try:
        day_end = local_start + timedelta(days=duration.days)
    except OverflowError:
        raise _EventProblem("ends too far in the future to be a meeting.") from None
    return _to_utc(day_end, "an end time") + timedelta(seconds=duration.seconds, microseconds=duration.microseconds)


def _to_utc(moment: datetime, what: str) -> datetime:
    try:
        return moment.astimezone(UTC)
    except (OverflowError, ValueError):
        # Year 1 or 9999 pushed past the calendar's edge by a UTC offset.
        raise _EventProblem(f"has {what} outside the years a meeting can be in ({_format(moment)}).") from None


def _format(moment: datetime) -> str:
    zone = " UTC" if moment.tzinfo is UTC else ""
    return moment.replace(tzinfo=None).isoformat(sep=" ", timespec="minutes") + zone


class _Zones:
    """The TZIDs of one VCALENDAR, resolved to tzinfos once each (a zone that cannot be read, too)."""

    def __init__(self, calendar: Component) -> None:
        self._definitions: dict[str, Timezone] = {}
        for component in calendar.subcomponents:
            tzid = _text(component, "TZID") if isinstance(component, Timezone) else None
            if tzid is not None:
                self._definitions.setdefault(tzid, component)
        self._resolved: dict[str, tuple[tzinfo, str | None] | _EventProblem] = {}

    def resolve(self, tzid: str) -> tuple[tzinfo, str | None]:
        """The zone a TZID names and its IANA name (None for a zone only the file defines)."""
        if tzid not in self._resolved:
            name = _iana_name(tzid)
            try:
                self._resolved[tzid] = (
                    (zoneinfo.ZoneInfo(name), name) if name is not None else (self._from_definition(tzid), None)
                )
            except _EventProblem as problem:
                self._resolved[tzid] = problem
        resolved = self._resolved[tzid]
        if isinstance(resolved, _EventProblem):
            raise _EventProblem(str(resolved))
        return resolved

    def _from_definition(self, tzid: str) -> tzinfo:
        definition = self._definitions.get(tzid)
        if definition is None:
            raise _EventProblem(
                f'uses the time zone "{_shorten(tzid)}", which is not a known time zone and is not defined in '
                "the file (no VTIMEZONE). Export the invitation again with time zone definitions included, or "
                'use a standard time zone such as "Europe/Berlin".'
            )
        broken = _EventProblem(
            f'uses the time zone "{_shorten(tzid)}", whose definition in the file (VTIMEZONE) cannot be read. '
            'Export the invitation again, or use a standard time zone such as "Europe/Berlin".'
        )
        observances = definition.subcomponents
        if not 0 < len(observances) <= _MAX_OBSERVANCES or not all(map(_changes_yearly, observances)):
            raise broken
        try:
            zone = definition.to_tz(_ZONE_BUILDER, lookup_tzid=False)
            # dateutil reads the rules lazily: ask for an offset now so a bad rule fails here.
            datetime(2000, 1, 1, tzinfo=zone).utcoffset()
        except (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError):
            # dateutil's tzical raises all of these on VTIMEZONEs it cannot make sense of.
            raise broken from None
        return zone


def _changes_yearly(observance: Component) -> bool:
    """Whether an observance of a VTIMEZONE takes effect as a time zone's do: on yearly rules, once or twice a year.

    Any RFC 5545 rule part may say when (Lotus Notes writes the hour as BYHOUR and BYMINUTE); what
    is checked is what reading the zone costs: each rule's first two years after DTSTART hold one to
    four changes.
    """
    start = _parsed(_first(observance, "DTSTART"))
    offset = _parsed(_first(observance, "TZOFFSETFROM"), "td")
    rules = _values(observance, "RRULE")
    if not rules:
        return True
    if not isinstance(start, datetime) or not isinstance(offset, timedelta):
        return False
    for rule in rules:
        if _frequency(rule) != "YEARLY":
            return False
        if any(isinstance(until, datetime) and until.tzinfo for until in rule.get("UNTIL", [])):
            # An UNTIL in UTC (as RFC 5545 asks) compares with a start that has its offset.
            start = start.replace(tzinfo=tzoffset(None, offset))
        try:
            changes = rrulestr(rule.to_ical().decode(), dtstart=start)
            # A rule that never fires is searched to the year 9999 here, once: about 0.2 s.
            first_years = [moment for moment in islice(changes, 2 * _MAX_CHANGES_A_YEAR + 1)]
        except (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError):
            return False
        within = [moment for moment in first_years if moment < start + timedelta(days=2 * 366)]
        if not 0 < len(within) <= 2 * _MAX_CHANGES_A_YEAR:
            return False
    return True


def _iana_name(tzid: str) -> str | None:
    """The IANA name a TZID stands for, or None.

    Tried in turn: the TZID itself, its Windows name mapping (CLDR's, as shipped by icalendar),
    and, for a "globally unique" TZID such as "/freeassociation.sourceforge.net/Europe/London"
    (RFC 5545 3.2.19), its trailing parts, longest first.
    """
    cleaned = tzid.strip().strip("/")
    candidates = [cleaned, WINDOWS_TO_OLSON.get(cleaned)]
    if tzid.strip().startswith("/"):
        parts = cleaned.split("/")
        candidates += ["/".join(parts[start:]) for start in range(1, len(parts))]
    for candidate in candidates:
        if candidate in _iana_zones():
            return _RENAMED_ZONES.get(candidate, candidate)
    return None


@cache
def _iana_zones() -> frozenset[str]:
    # Checked before ZoneInfo() is called, so a TZID can never be read as a file path.
    return frozenset(zoneinfo.available_timezones())


# --- Other properties ------------------------------------------------------------------------


def _sequence(event: Component) -> int:
    value = _first(event, "SEQUENCE")
    if value is None:
        return 0
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return int(value)
    raise _EventProblem(f"has a revision number (SEQUENCE) that is not a whole number{_quoted(value)}. {_RESEND}")


def _video_url_candidates(event: Component, location_url: str | None, description: str | None) -> Iterator[str | None]:
    """Possible meeting links, best first (the first that is an http(s) URL wins)."""
    for name in _CONFERENCE_PROPERTIES:
        for value in _values(event, name):
            yield _http_url(value)
    yield location_url
    if description is not None:
        for match in _URL_IN_TEXT.finditer(description):
            url = _http_url(match.group().rstrip(".,;:!?"))
            if url is not None and _is_meeting_host(urlsplit(url).hostname or ""):
                yield url


def _is_meeting_host(host: str) -> bool:
    return any(host == known or host.endswith("." + known) for known in _MEETING_HOSTS)


def _http_url(value: object) -> str | None:
    """``value`` trimmed if it is a single http(s) URL with a host, else None."""
    if not isinstance(value, str):
        return None
    url = value.strip()
    if not url or any(character.isspace() for character in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:  # an unbalanced "[" in the host, for one
        return None
    return url if parts.scheme.lower() in ("http", "https") and parts.hostname else None


def _attendees(event: Component) -> tuple[Person, ...]:
    people: dict[str, Person] = {}
    for address in _values(event, "ATTENDEE"):
        # Outlook lists the meeting room and equipment as attendees; they are not people to meet.
        if (_param(address, "CUTYPE") or "").upper() in ("ROOM", "RESOURCE"):
            continue
        person = _person(address)
        if person is not None and person.email not in people:
            people[person.email] = person
    return tuple(people.values())


def _person(address: object) -> Person | None:
    """An ORGANIZER or ATTENDEE as a ``Person``; None when it has no email address."""
    if not isinstance(address, str):
        return None
    # iCloud writes a principal path ("/1234/principal/") as the value and the address in EMAIL.
    for candidate in (str(address), _param(address, "EMAIL")):
        email = _email(candidate)
        if email is not None:
            name = _param(address, "CN")
            name = name.strip() if name else None
            return Person(email=email, name=None if not name or name.lower() == email else name)
    return None


def _email(value: str | None) -> str | None:
    if value is None:
        return None
    email = value.strip()
    if email[:7].lower() == "mailto:":
        email = email[7:].strip()
    local, at, domain = email.partition("@")
    if not (local and at and domain) or "@" in domain or any(c.isspace() or c in ":/<>" for c in email):
        return None
    return email.lower()


def _values(component: Component, name: str) -> list:
    """All values of a property (icalendar gives a list only when it occurs more than once)."""
    value = component.get(name)
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _parsed(prop: object, attribute: str = "dt") -> object | None:
    """The value icalendar read of a property (``dt`` of a time, ``td`` of an offset); None when it could not."""
    return None if isinstance(prop, vBroken) else getattr(prop, attribute, None)


def _first(component: Component, name: str) -> object | None:
    values = _values(component, name)
    return values[0] if values else None


def _text(component: Component, name: str) -> str | None:
    """A text property, trimmed; None when absent or blank."""
    value = _first(component, name)
    if not isinstance(value, str):
        return None
    return str(value).strip() or None


def _upper_text(component: Component, name: str) -> str | None:
    text = _text(component, name)
    return text.upper() if text else None


def _param(prop: object, name: str) -> str | None:
    """A parameter of a property value as one string (icalendar splits unquoted commas into a list)."""
    value = getattr(prop, "params", {}).get(name)
    if isinstance(value, list):
        value = ",".join(str(part) for part in value)
    return str(value) if value is not None else None


def _shorten(text: str) -> str:
    return text if len(text) <= 60 else text[:59] + "…"


def _quoted(value: object) -> str:
    """': "as written"' for a value icalendar kept as text; nothing for values it made into objects."""
    return f': "{_shorten(str(value))}"' if isinstance(value, str | int) else ""
