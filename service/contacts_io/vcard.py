"""vCard files (2.1, 3.0 and 4.0) read into contact rows.

The file is cut into cards here, so that a broken card (never closed, a line that is not a
property) is reported with its number while the others are still read. Lines are numbered
as an editor numbers them. Inside a card, ``vobject`` does the lexical work: it unfolds folded
lines, joins the lines of vCard 2.1's QUOTED-PRINTABLE values (soft line breaks), and splits each
line into group, name, parameters and value. The values are decoded here (QUOTED-PRINTABLE in
their CHARSET, else UTF-8 or the file's legacy code page, see ``rows``; then backslash escapes)
rather than by vobject's ``_Property`` and vCard behaviours, which keep only the part of a NOTE
before its first comma (vCard 2.1, as Android writes it, does not escape commas), treat every
version as 3.0, and take most of the time of a 5000-card import. A value whose bytes were not
text in its character set is repaired, and its row warned about, not the card lost.

Escapes: ``\\,`` ``\\;`` ``\\\\`` and ``\\n`` or ``\\N`` (a line break) in every version. vCard 3.0 and 4.0
drop the backslash of any other (Apple writes ``http\\://``); vCard 2.1, which defines no escape
but ``\\;``, keeps it (``C:\\Users``). A comma is a separator only where the version makes it one:
between CATEGORIES, and between the items of a list in N's and ADR's parts in vCard 3.0 and 4.0;
in ORG, in any other property and in every vCard 2.1 value, it is text ("Company, The").

What each card gives (see ``ContactRow``): name from FN, else from N (prefix, given,
additional, family, suffix), else from ORG's first unit, else from the email address (see
``name_from_email``; the row says so in a warning); the preferred EMAIL and TEL, else the
first; ORG's first unit as company, its other units (departments) after the TITLE, parted by
", " (the title alone when it names them already), so that the company stays the name people
filter and match by; the preferred ADR's locality, region and country as location; the first
URL or X-SOCIALPROFILE on linkedin.com (with or without a group such as an iPhone's ``item1.URL``
and its ``item1.X-ABLabel``; other web sites are left out); every NOTE; every CATEGORIES value
as tags. A contact group's card (KIND:group) is not a contact: it is left out.
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

from vobject.base import VObjectError, getLogicalLines, parseLine

from service.contacts_io.rows import (
    MAX_ROWS,
    ContactRow,
    ContactsFileError,
    DecodedFile,
    ParsedContacts,
    RowError,
    RowWarning,
    TooManyRows,
    clean_tags,
    decoded_bytes,
    decoded_value,
    field_label,
    joined,
    linkedin_profile_url,
    name_from_email,
    normalise_line_ends,
    place,
)

BEGIN = re.compile(r"\s*BEGIN\s*:\s*VCARD\s*", re.IGNORECASE)
END = re.compile(r"\s*END\s*:\s*VCARD\s*", re.IGNORECASE)
ESCAPED = re.compile(r"\\(.)", re.DOTALL)
ESCAPED_2_1 = re.compile(r"\\([\\;,nN])")  # vCard 2.1: only these; another backslash is text
URI_SCHEME = re.compile(r"^(?:mailto|tel):", re.IGNORECASE)

NOT_A_VCARD = (
    "The file is not a vCard: it has no BEGIN:VCARD line. Export the contacts as a .vcf file "
    "(vCard 2.1, 3.0 or 4.0), or send a CSV file as text/csv."
)


def parse_vcards(file: DecodedFile) -> ParsedContacts:
    """Read every card of a vCard file (as ``decode_file`` returns it).

    Raises ``ContactsFileError`` when the file has no card or more than ``MAX_ROWS``.
    """
    cards = list(_cards(file.text))
    if not cards:
        raise ContactsFileError(NOT_A_VCARD)
    if len(cards) > MAX_ROWS:
        raise TooManyRows(len(cards), "cards")
    parsed = ParsedContacts()
    for number, (first_line, lines, closed) in enumerate(cards, start=1):
        where = f"Card {number} (line {first_line})"
        if not closed:
            parsed.errors.append(
                RowError(number, f"{where} has no END:VCARD line, so it may be cut short: it was not imported.")
            )
            continue
        try:
            properties = list(_properties(lines, first_line, file))
        except _UnreadableLine as problem:
            parsed.errors.append(RowError(number, f"{where}: line {problem.line} {problem.reason}: not imported."))
            continue
        if _is_group(properties):
            parsed.not_people += 1
            continue
        row = _card_row(number, where, properties)
        if isinstance(row, str):
            parsed.errors.append(RowError(number, f"{where} {row}"))
        else:
            parsed.rows.append(row)
    return parsed


def _cards(text: str) -> Iterator[tuple[int, list[str], bool]]:
    """Each card as (its first line number, its lines between BEGIN and END, whether END closed it)."""
    lines: list[str] | None = None
    first_line = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if BEGIN.fullmatch(line):
            if lines is not None:
                yield first_line, lines, False  # a new card begins before this one ended
            lines, first_line = [], number
        elif END.fullmatch(line) and lines is not None:
            yield first_line, lines, True
            lines = None
        elif lines is not None:
            lines.append(line)
    if lines is not None:
        yield first_line, lines, False


class _UnreadableLine(Exception):
    def __init__(self, line: int, reason: str):
        super().__init__(reason)
        self.line = line  # in the file
        self.reason = reason


@dataclass(frozen=True)
class _Property:
    """One content line of a card: ``item1.EMAIL;TYPE=INTERNET:ana@example.org``."""

    name: str  # upper case
    group: str | None
    params: dict[str, list[str]]  # upper-case names; vCard 2.1's bare parameters (CELL, PREF) are TYPEs
    value: str  # decoded as text (QUOTED-PRINTABLE too), still backslash-escaped
    line: int = 0  # where it starts in the file
    damage: str | None = None  # what was wrong with its bytes, and how they were read


def _properties(lines: list[str], first_line: int, file: DecodedFile) -> Iterator[_Property]:
    for line, number in getLogicalLines(io.StringIO("\n".join(lines)), allowQP=True):
        where = first_line + _start(lines, number)
        try:
            name, params, value, group = parseLine(line, number)
        except VObjectError as exc:
            raise _UnreadableLine(where, "is not a vCard property (NAME:value)") from exc
        named: dict[str, list[str]] = {}
        for param in params:
            if len(param) == 1:
                named.setdefault("TYPE", []).append(_read(param[0], file))
            else:
                named.setdefault(_read(param[0], file).upper(), []).extend(_read(item, file) for item in param[1:])
        charset = (named.get("CHARSET") or [None])[0]
        if "QUOTED-PRINTABLE" in {value.upper() for value in named.get("ENCODING", []) + named.get("TYPE", [])}:
            raw = value.encode("utf-8" if file.as_utf8 else file.legacy, errors="surrogateescape")
            # vCard 2.1 allows no CHARSET: the bytes are then the writer's code page, as Windows clients write them.
            value, damage = decoded_bytes(_quoted_printable(raw), charset, file.legacy, utf8_expected=False)
            if "\x00" in value:  # =00: no text holds it (PostgreSQL refuses it)
                value, damage = value.replace("\x00", ""), damage or "held the NUL character (=00), which was left out"
        else:
            value, damage = decoded_value(value, charset, file)
        group = _read(group, file) if group else None
        yield _Property(_read(name, file).upper(), group, named, value, where, damage)


def _start(lines: list[str], number: int) -> int:
    """The line (from 1, after BEGIN:VCARD) of the logical line vobject numbers ``number``: vobject
    numbers the first one 0 and one after a blank line with that blank line's number."""
    start = max(number, 1)
    while start < len(lines) and not lines[start - 1].strip():
        start += 1
    return start


def _read(text: str, file: DecodedFile) -> str:
    """A name or parameter as text, its stray bytes (if any) read as the file's: nothing to warn about."""
    return decoded_value(text, None, file).text


def _quoted_printable(raw: bytes) -> bytes:
    try:
        return codecs.decode(raw, "quoted-printable")
    except ValueError:  # binascii.Error: a broken =XX is kept as written
        return raw


def unescape(value: str, version: str = "3.0") -> str:
    """A vCard text value with its backslash escapes (``\\n``, ``\\N``, ``\\,``, ``\\;``, ``\\\\``) resolved.

    vCard 3.0 and 4.0 drop the backslash of any other escape (Apple's ``http\\://``); vCard 2.1,
    whose writers escape little (Android escapes no backslash), keeps it as text.
    """
    escaped = ESCAPED_2_1 if version == "2.1" else ESCAPED
    return escaped.sub(lambda match: "\n" if match.group(1) in "nN" else match.group(1), value)


def split_unescaped(value: str, separator: str) -> list[str]:
    """``value`` cut at each ``separator`` not escaped by a backslash; the parts still escaped."""
    parts, current, escaped = [], [], False
    for char in value:
        if escaped:
            current.append(char)
            escaped = False
        elif char == "\\":
            current.append(char)
            escaped = True
        elif char == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def _types(line: _Property) -> set[str]:
    return {item.strip().upper() for value in line.params.get("TYPE", []) for item in value.split(",")}


def _preferred(lines: list[_Property]) -> _Property | None:
    """The line marked preferred (TYPE=pref in 2.1/3.0, PREF=n in 4.0), else the first."""
    for line in lines:
        if "PREF" in _types(line) or "PREF" in line.params:
            return line
    return lines[0] if lines else None


def _is_group(properties: list[_Property]) -> bool:
    """Whether a card is a contact group (vCard 4.0's KIND:group, Apple's X-ADDRESSBOOKSERVER-KIND:group),
    as a CardDAV server's or iCloud's export holds beside the people in them."""
    return any(
        line.name in ("KIND", "X-ADDRESSBOOKSERVER-KIND") and line.value.strip().lower() == "group"
        for line in properties
    )


class _Card:
    """A card's properties by name, read in its version's rules; the warnings of the values taken from it."""

    def __init__(self, where: str, properties: list[_Property]) -> None:
        self.where = where
        self.by_name: dict[str, list[_Property]] = {}
        for line in properties:
            self.by_name.setdefault(line.name, []).append(line)
        versions = self.by_name.get("VERSION")
        self.version = versions[0].value.strip() if versions else "3.0"
        self.warnings: list[RowWarning] = []

    def lines(self, *names: str) -> list[_Property]:
        return [line for name in names for line in self.by_name.get(name, [])]

    def used(self, field: str, line: _Property) -> None:
        """``field`` takes its value from ``line``: a warning when the line's bytes were repaired."""
        if line.damage:
            label = field_label(field)
            message = f"{self.where}: line {line.line} ({line.name}) {line.damage}: check the contact's {label}."
            self.warnings.append(RowWarning(field, message))

    def text(self, line: _Property) -> str | None:
        return joined(normalise_line_ends(unescape(line.value, self.version)))  # QUOTED-PRINTABLE's =0D=0A

    def components(self, line: _Property, lists: str | None) -> list[str]:
        """The parts of a structured value (N, ADR, ORG) parted by ``;``, each unescaped.

        In vCard 3.0 and 4.0 a part may be a list parted by ``,`` (N's additional names, ADR's
        street lines): its items are joined by ``lists``. In ORG (``lists`` None), and in vCard 2.1,
        which has no lists, a comma is text.
        """
        parts = split_unescaped(line.value, ";")
        if lists is None or self.version == "2.1":
            return [unescape(part, self.version).strip() for part in parts]
        return [
            lists.join(item for item in (unescape(item).strip() for item in split_unescaped(part, ",")) if item)
            for part in parts
        ]

    def name(self) -> tuple[str, _Property] | None:
        """The card's name and the line it comes from: FN, else N, else ORG's first unit."""
        for line in self.lines("FN"):
            if name := self.text(line):
                return name, line
        for line in self.lines("N"):
            family, given, additional, prefix, suffix = (self.components(line, " ") + [""] * 5)[:5]
            if name := joined(prefix, given, additional, family, suffix):
                return name, line
        for line in self.lines("ORG"):
            if company := joined(self.components(line, None)[0]):
                return company, line
        return None

    def organization(self, title: str | None) -> tuple[str | None, str | None]:
        """The company (ORG's first unit), and the title with ORG's other units (departments) after it,
        parted by ", ", leaving out a department the title names already."""
        for line in self.lines("ORG"):
            company, *departments = self.components(line, None)
            named = [unit for unit in departments if unit and unit.lower() not in (title or "").lower()]
            if company:
                self.used("company", line)
            if named:
                self.used("title", line)
            return joined(company), joined(title, *named, separator=", ")
        return None, title


def _card_row(number: int, where: str, properties: list[_Property]) -> ContactRow | str:
    """The row a card gives, or what is wrong with it (a sentence ending after "Card n (line m)")."""
    card = _Card(where, properties)
    fields: dict = {}

    if email := _preferred(card.lines("EMAIL")):
        fields["email"] = joined(URI_SCHEME.sub("", card.text(email) or ""))
        card.used("email", email)
    if named := card.name():
        fields["name"], line = named
        card.used("name", line)
    elif fields.get("email"):
        fields["name"] = name_from_email(fields["email"])
        message = (
            f'{where} has no name (no FN, N or ORG), so it was named "{fields["name"]}" after its email address: '
            "rename the contact if that is not who it is."
        )
        card.warnings.append(RowWarning("name", message))
    else:
        return "has no name (no FN, N, ORG or EMAIL with text in it): add a name to the card and import it again."
    if phone := _preferred(card.lines("TEL")):
        fields["phone"] = joined(URI_SCHEME.sub("", card.text(phone) or ""))  # vCard 4.0: TEL;VALUE=uri:tel:+1...
        card.used("phone", phone)
    title = None
    for line in card.lines("TITLE"):
        title = card.text(line)
        card.used("title", line)
        break
    fields["company"], fields["title"] = card.organization(title)
    if address := _preferred(card.lines("ADR")):
        _box, _extended, _street, city, region, _code, country = (card.components(address, ", ") + [""] * 7)[:7]
        fields["location"] = place(city, region, country)
        card.used("location", address)
    for line in card.lines("URL", "X-SOCIALPROFILE"):
        if url := linkedin_profile_url(card.text(line)):
            fields["linkedin_url"] = url
            card.used("linkedin_url", line)
            break
    notes = card.lines("NOTE")
    fields["notes"] = joined(*(card.text(line) for line in notes), separator="\n\n")
    for line in notes:
        card.used("notes", line)
    categories = card.lines("CATEGORIES")
    tags = [unescape(tag, card.version) for line in categories for tag in split_unescaped(line.value, ",")]
    fields["tags"] = clean_tags(tags)
    for line in categories:
        card.used("tags", line)

    uid = None
    for line in card.lines("UID"):
        uid = card.text(line)
        break
    kept = {key: value for key, value in fields.items() if value}
    warnings = tuple(warning for warning in card.warnings if warning.field in kept)
    return ContactRow(number, kept, uid=uid, warnings=warnings)
