"""Field types and validators shared by the schemas."""

from __future__ import annotations

import functools
import re
import zoneinfo
from datetime import UTC, datetime

import marshmallow as ma
import sqlalchemy

from service.accounts.emails import EmailNotValidError, normalize_email
from service.database import MAX_ID

# The metadata of a field the server leaves out of its answer when it does not apply (a 422's
# ``errors``): in the OpenAPI document every other field of an answer is required
# (``service.web.shapes``).
SENT_WHEN_APPLIES = {"x-sent-when-applies": True}


class Timestamp(ma.fields.DateTime):
    """An RFC 3339 timestamp in UTC with a ``Z``, e.g. ``2026-11-26T09:30:00Z``."""

    def __init__(self, **kwargs):
        kwargs["metadata"] = {"example": "2026-11-26T09:30:00Z", **kwargs.get("metadata", {})}
        super().__init__(**kwargs)

    def _serialize(self, value: datetime | None, attr, obj, **kwargs):
        if value is None:
            return None
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Id(ma.fields.Integer):
    """A positive integer id; JSON booleans and strings are not ids."""

    def __init__(self, **kwargs):
        kwargs.setdefault("strict", True)
        kwargs.setdefault("validate", ma.validate.Range(min=1, max=MAX_ID))
        super().__init__(**kwargs)

    def _validated(self, value):
        if isinstance(value, bool):
            raise self.make_error("invalid")
        return super()._validated(value)


class Expanded(ma.fields.Nested):
    """A related row embedded in an answer when the request asks for it (``?expand=contact``): read only, and
    sent exactly when the query loaded the relationship (the view adds that loader option), so an answer that
    did not ask is what it was without the field; documented as sent when it applies."""

    def __init__(self, nested, **kwargs):
        kwargs["metadata"] = {**kwargs.get("metadata", {}), **SENT_WHEN_APPLIES}
        super().__init__(nested, dump_only=True, **kwargs)

    def get_value(self, obj, attr, accessor=None, default=ma.missing):
        state = sqlalchemy.inspect(obj, raiseerr=False)
        if state is not None and (self.attribute or attr) in state.unloaded:
            return ma.missing  # not asked for: left out of the answer
        return super().get_value(obj, attr, accessor, default)


class Flag(ma.fields.Boolean):
    """A JSON ``true`` or ``false``; not "yes", 1 or "on", which marshmallow would read as true."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, bool):
            raise self.make_error("invalid")
        return value


def query_id(**kwargs) -> Id:
    """An id in the query string, where every value arrives as text."""
    return Id(strict=False, **kwargs)


# Some character that str.strip() keeps. The whitespace is spelled out because \s means
# different things in Python, ECMA-262 and the validators that read the OpenAPI document.
NOT_BLANK = r"[^\t\n\v\f\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"


class Text(ma.fields.String):
    """A string with surrounding whitespace removed and a documented maximum length."""

    def __init__(self, max_length: int, *, min_length: int = 0, **kwargs):
        kwargs.setdefault("validate", ma.validate.Length(min=min_length, max=max_length))
        if min_length > 0:
            # The length counts after stripping, so blank text is too short: document it.
            kwargs["metadata"] = {"pattern": NOT_BLANK, **kwargs.get("metadata", {})}
        super().__init__(**kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        return super()._deserialize(value, attr, data, **kwargs).strip()


class NormalizedEmail(ma.fields.String):
    """An account's email address, in its one written form (``service.accounts.emails``): trimmed
    (phone keyboards add a space), look-alike letters folded, the domain through IDNA, lower-cased.

    One form for every spelling makes accounts unique with a plain unique index.
    """

    def __init__(self, **kwargs):
        kwargs["metadata"] = {"format": "email", **kwargs.get("metadata", {})}
        super().__init__(**kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        address = super()._deserialize(value, attr, data, **kwargs)
        try:
            return normalize_email(address)
        except EmailNotValidError as error:
            raise ma.ValidationError(f"Not a valid email address: {error}") from None


def optional_text(max_length: int, **kwargs) -> Text:
    """An optional, nullable text field (null clears it)."""
    return Text(max_length, allow_none=True, **kwargs)


@functools.cache
def _timezones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def validate_timezone(name: str) -> None:
    if name not in _timezones():
        raise ma.ValidationError(f"Unknown time zone {name!r}; use an IANA name such as 'Europe/Berlin' or 'UTC'.")


def timezone_field(*, metadata: dict | None = None, **kwargs) -> ma.fields.String:
    return ma.fields.String(
        validate=validate_timezone,
        metadata={"description": "An IANA time zone name.", "example": "Europe/Berlin", **(metadata or {})},
        **kwargs,
    )


class Instant(ma.fields.AwareDateTime):
    """An RFC 3339 date-time with an offset on the way in (``2026-12-01T09:30:00+01:00``),
    stored in UTC and sent back in UTC with a ``Z``."""

    default_error_messages = {
        "invalid": "Not an RFC 3339 date-time; send e.g. 2026-12-01T09:30:00+01:00 or 2026-12-01T08:30:00Z.",
        "invalid_awareness": "Give the time with its UTC offset, e.g. 2026-12-01T09:30:00+01:00 or "
        "2026-12-01T08:30:00Z.",
        "range": "The time must lie between the years 1900 and 9999.",
    }

    # In a query string an unescaped "+" arrives as a space: "...T09:30:00 01:00" meant "+01:00".
    _PLUS_READ_AS_SPACE = re.compile(r"(T\d\d:\d\d(?::\d\d(?:\.\d+)?)?) (\d\d:?\d\d)$")

    def __init__(self, **kwargs):
        kwargs["metadata"] = {"example": "2026-12-01T09:30:00Z", **kwargs.get("metadata", {})}
        super().__init__(format="iso", **kwargs)

    def _deserialize(self, value, attr, data, **kwargs) -> datetime:
        if isinstance(value, str):
            value = self._PLUS_READ_AS_SPACE.sub(r"\1+\2", value)
        when = super()._deserialize(value, attr, data, **kwargs)
        try:
            when = when.astimezone(UTC)
        except OverflowError:
            raise self.make_error("range") from None
        if not 1900 <= when.year <= 9999:
            raise self.make_error("range")
        return when

    def _serialize(self, value: datetime | None, attr, obj, **kwargs):
        if value is None:
            return None
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def one_of(choices, **kwargs) -> ma.fields.String:
    # OneOf is documented as the enum.
    """A string that must be one of ``choices`` (documented as an enum)."""
    return ma.fields.String(validate=ma.validate.OneOf(choices), **kwargs)


def calendar_uid() -> ma.fields.String:
    """The UID of a row's event in calendars: read-only, and it never changes."""
    return ma.fields.String(
        dump_only=True,
        metadata={
            "description": "The UID of this event in calendars (feed, .ics, CalDAV); it never changes.",
            "example": "0b5f6a4e-3f7c-4a8e-9d51-2c1f0e7b9a10@coffeechat",
        },
    )


def calendar_sequence() -> ma.fields.Integer:
    """The SEQUENCE of a row's event: read-only; it grows when calendars must show a new version."""
    return ma.fields.Integer(
        dump_only=True,
        metadata={
            "description": "The event's SEQUENCE: it grows when its time, place, status or title changes.",
            "example": 0,
        },
    )
