"""vCard files (2.1, 3.0 and 4.0) read into contact rows.

The file is cut into cards here, so that a broken card (never closed, a line that is not a
property, an unknown CHARSET) is reported with its number while the others are still read.
Inside a card, ``vobject`` does the lexical work: it unfolds folded lines, joins the lines of
vCard 2.1's QUOTED-PRINTABLE values (soft line breaks), and splits each line into group, name,
parameters and value. The values are decoded here (QUOTED-PRINTABLE in their CHARSET, then
backslash escapes) rather than by vobject's ``_Property`` and vCard behaviours, which keep
only the part of a NOTE before its first comma (vCard 2.1, as Android writes it, does not escape
commas), treat every version as 3.0, and take most of the time of a 5000-card import.

What each card gives (see ``ContactRow``): name from FN, else from N (prefix, given,
additional, family, suffix), else from ORG; the preferred EMAIL and TEL, else the first; the
first ORG component as company; TITLE; the preferred ADR's locality, region and country as
location; the first URL or X-SOCIALPROFILE on linkedin.com (with or without a group such as an iPhone's
``item1.URL`` and its ``item1.X-ABLabel``; other web sites are left out); every NOTE; every
CATEGORIES value as tags. A contact group's card (KIND:group) is not a contact: it is left out.
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
    ParsedContacts,
    RowError,
    TooManyRows,
    clean_tags,
    joined,
    linkedin_profile_url,
    place,
)

BEGIN = re.compile(r"\s*BEGIN\s*:\s*VCARD\s*", re.IGNORECASE)
END = re.compile(r"\s*END\s*:\s*VCARD\s*", re.IGNORECASE)
ESCAPED = re.compile(r"\\(.)", re.DOTALL)
URI_SCHEME = re.compile(r"^(?:mailto|tel):", re.IGNORECASE)

NOT_A_VCARD = (
    "The file is not a vCard: it has no BEGIN:VCARD line. Export the contacts as a .vcf file "
    "(vCard 2.1, 3.0 or 4.0), or send a CSV file as text/csv."
)


def parse_vcards(text: str) -> ParsedContacts:
    """Read every card of a vCard file (text as ``decode_text`` returns it).

    Raises ``ContactsFileError`` when the file has no card or more than ``MAX_ROWS``.
    """
    cards = list(_cards(text))
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
            properties = list(_properties(lines))
        except _UnreadableLine as problem:
            parsed.errors.append(
                RowError(number, f"{where}: line {first_line + problem.offset} {problem.reason}: not imported.")
            )
            continue
        if _is_group(properties):
            parsed.not_people += 1
            continue
        row = _card_row(number, properties)
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
    def __init__(self, offset: int, reason: str):
        super().__init__(reason)
        self.offset = offset  # lines after BEGIN:VCARD
        self.reason = reason


@dataclass(frozen=True)
class _Property:
    """One content line of a card: ``item1.EMAIL;TYPE=INTERNET:ana@example.org``."""

    name: str  # upper case
    group: str | None
    params: dict[str, list[str]]  # upper-case names; vCard 2.1's bare parameters (CELL, PREF) are TYPEs
    value: str  # QUOTED-PRINTABLE decoded, still backslash-escaped


def _properties(lines: list[str]) -> Iterator[_Property]:
    # vobject numbers the logical lines it yields from 1, the first line after BEGIN:VCARD.
    for line, number in getLogicalLines(io.StringIO("\n".join(lines)), allowQP=True):
        try:
            name, params, value, group = parseLine(line, number)
        except VObjectError as exc:
            raise _UnreadableLine(number, "is not a vCard property (NAME:value)") from exc
        named: dict[str, list[str]] = {}
        for param in params:
            if len(param) == 1:
                named.setdefault("TYPE", []).append(param[0])
            else:
                named.setdefault(param[0].upper(), []).extend(param[1:])
        if "QUOTED-PRINTABLE" in {value.upper() for value in named.get("ENCODING", []) + named.get("TYPE", [])}:
            value = _quoted_printable(value, (named.get("CHARSET") or ["utf-8"])[0], number)
        yield _Property(name.upper(), group, named, value)


def _quoted_printable(value: str, charset: str, number: int) -> str:
    try:
        return codecs.decode(value.encode(), "quoted-printable").decode(charset)
    except LookupError as exc:
        raise _UnreadableLine(number, f"names a character set ({charset}) that is unknown") from exc
    except ValueError as exc:
        raise _UnreadableLine(number, f"holds QUOTED-PRINTABLE bytes that are not {charset} text") from exc


def unescape(value: str) -> str:
    """A vCard text value with its backslash escapes (``\\n``, ``\\,``, ``\\;``, ``\\\\``) resolved."""
    return ESCAPED.sub(lambda match: "\n" if match.group(1) in "nN" else match.group(1), value)


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


def _text(line: _Property) -> str | None:
    return joined(unescape(line.value).replace("\r\n", "\n"))


def _components(line: _Property) -> list[str]:
    """The parts of a structured value (N, ADR, ORG), each unescaped; a list inside a part joined by spaces."""
    return [
        " ".join(unescape(item).strip() for item in split_unescaped(part, ",") if item.strip())
        for part in split_unescaped(line.value, ";")
    ]


def _types(line: _Property) -> set[str]:
    return {item.strip().upper() for value in line.params.get("TYPE", []) for item in value.split(",")}


def _preferred(lines: list[_Property]) -> _Property | None:
    """The line marked preferred (TYPE=pref in 2.1/3.0, PREF=n in 4.0), else the first."""
    for line in lines:
        if "PREF" in _types(line) or "PREF" in line.params:
            return line
    return lines[0] if lines else None


def _name(by_name: dict[str, list[_Property]]) -> str | None:
    for line in by_name.get("FN", []):
        if name := _text(line):
            return name
    for line in by_name.get("N", []):
        family, given, additional, prefix, suffix = (_components(line) + [""] * 5)[:5]
        if name := joined(prefix, given, additional, family, suffix):
            return name
    for line in by_name.get("ORG", []):
        if company := joined(_components(line)[0]):
            return company
    return None


def _linkedin_url(lines: list[_Property]) -> str | None:
    for line in lines:
        if url := linkedin_profile_url(_text(line)):
            return url
    return None


def _is_group(properties: list[_Property]) -> bool:
    """Whether a card is a contact group (vCard 4.0's KIND:group, Apple's X-ADDRESSBOOKSERVER-KIND:group),
    as a CardDAV server's or iCloud's export holds beside the people in them."""
    return any(
        line.name in ("KIND", "X-ADDRESSBOOKSERVER-KIND") and line.value.strip().lower() == "group"
        for line in properties
    )


def _card_row(number: int, properties: list[_Property]) -> ContactRow | str:
    """The row a card gives, or what is wrong with it (a sentence ending after "Card n (line m)")."""
    by_name: dict[str, list[_Property]] = {}
    for line in properties:
        by_name.setdefault(line.name, []).append(line)

    name = _name(by_name)
    if name is None:
        return "has no name (no FN, N or ORG with text in it): add a name to the card and import it again."
    fields: dict = {"name": name}

    if email := _preferred(by_name.get("EMAIL", [])):
        fields["email"] = joined(URI_SCHEME.sub("", _text(email) or ""))
    if phone := _preferred(by_name.get("TEL", [])):
        fields["phone"] = joined(URI_SCHEME.sub("", _text(phone) or ""))  # vCard 4.0: TEL;VALUE=uri:tel:+1...
    for line in by_name.get("ORG", []):
        fields["company"] = joined(_components(line)[0])
        break
    for line in by_name.get("TITLE", []):
        fields["title"] = _text(line)
        break
    if address := _preferred(by_name.get("ADR", [])):
        _box, _extended, _street, city, region, _code, country = (_components(address) + [""] * 7)[:7]
        fields["location"] = place(city, region, country)
    urls = by_name.get("URL", []) + by_name.get("X-SOCIALPROFILE", [])
    fields["linkedin_url"] = _linkedin_url(urls)
    fields["notes"] = joined(*(_text(line) for line in by_name.get("NOTE", [])), separator="\n\n")
    tags = [unescape(tag) for line in by_name.get("CATEGORIES", []) for tag in split_unescaped(line.value, ",")]
    fields["tags"] = clean_tags(tags)

    uid = None
    for line in by_name.get("UID", []):
        uid = _text(line)
        break
    return ContactRow(number, {key: value for key, value in fields.items() if value}, uid=uid)
