"""What the contact file readers produce, and the value rules they share.

A reader turns a file into ``ContactRow``s (the contact fields one card or CSV line gives,
with its number, and a ``RowWarning`` for each value the reader had to repair or make up) and
``RowError``s (a card or line that cannot be read, and why), so that one bad row never hides the
others. Only a file that is not a contacts file at all, or holds more than ``MAX_ROWS`` contacts,
raises ``ContactsFileError``.

Text is UTF-8 where it is valid UTF-8. Bytes that are not are read in the file's legacy code page
(``legacy_code_page``: the one the file declares, else the one its language uses, else
Windows-1252), as the Windows programs that wrote them meant: a whole file that is mostly not
UTF-8 (Excel's CSVs, Outlook's vCards) is read in it, and so is a vCard 2.1 QUOTED-PRINTABLE value
without a CHARSET. A few stray bytes in a file that is otherwise UTF-8 are read in it too, value by
value, and each value repaired so is a warning of its row; a byte no code page can read becomes
U+FFFD. Until a reader repairs them (``decoded_value``), such bytes are kept in the text as
surrogate escapes (U+DC80 to U+DCFF), which never leave the readers.
"""

from __future__ import annotations

import codecs
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple
from urllib.parse import urlsplit

MAX_ROWS = 5000

# The Contact fields a file can fill, in the order a person reads them.
IMPORTED_FIELDS = (
    "name",
    "email",
    "phone",
    "company",
    "title",
    "industry",
    "location",
    "linkedin_url",
    "how_met",
    "notes",
    "research_notes",
    "tags",
)

HAS_NUL = (
    "The file contains the NUL character, which contact files cannot hold (a file saved as UTF-16 "
    "without a byte order mark has one in every other byte, and so has a picture or a spreadsheet "
    "in Excel's own format). Send the .vcf or .csv file as the app exported it."
)


class ContactsFileError(ValueError):
    """The file is not a contacts file we can read (the message says what to send instead)."""


class TooManyRows(ContactsFileError):
    """The file holds more than ``MAX_ROWS`` contacts."""

    def __init__(self, count: int, what: str):
        super().__init__(
            f"The file has {count} {what} and at most {MAX_ROWS} can be imported at once: split it into smaller files."
        )


# The contact fields as a person reads them, where the name is not enough.
FIELD_LABELS = {"linkedin_url": "LinkedIn URL", "how_met": "how we met", "research_notes": "research notes"}


def field_label(field: str) -> str:
    """A contact field as a warning names it: "notes", "LinkedIn URL"."""
    return FIELD_LABELS.get(field, field)


@dataclass(frozen=True)
class RowWarning:
    """A value of a row that was repaired or made up (bytes that were not text, a name taken from the
    email address): the contact field it went into, and what to check."""

    field: str
    message: str


@dataclass(frozen=True)
class ContactRow:
    """The contact fields one card or CSV line gives: only those it has, as text (tags as a list)."""

    row: int  # the card's number (1-based) in a vCard file, the line number in a CSV file
    fields: dict
    uid: str | None = None  # a vCard's UID, to find again a contact this service exported
    warnings: tuple[RowWarning, ...] = ()


@dataclass(frozen=True)
class RowError:
    """A card or CSV line that cannot become a contact, and what to do about it."""

    row: int
    message: str


@dataclass
class ParsedContacts:
    """Everything read from one file, in file order."""

    rows: list[ContactRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    not_people: int = 0  # cards that are not about one person or organization (contact groups)


@dataclass(frozen=True)
class DecodedFile:
    """A contacts file as text (``decode_file``), and how to read the bytes in it that are not UTF-8."""

    text: str  # line ends as "\n"; bytes not read yet kept as surrogate escapes
    legacy: str  # the file's legacy code page (a Python codec name)
    as_utf8: bool = True  # False: ``text`` was decoded in ``legacy`` (a file mostly not UTF-8)


def decode_file(data: bytes) -> DecodedFile:
    """The file's text, with its line breaks as ``\\n``.

    UTF-8 (with or without a byte order mark) and UTF-16 with a byte order mark are read as
    such. A file with more bytes that are not UTF-8 than characters that are is read in its
    legacy code page, the encoding Excel and Outlook on Windows save in; in one with fewer, those
    bytes are kept as surrogate escapes, for the reader to repair value by value.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            decoded = DecodedFile(data.decode("utf-16"), DEFAULT_CODE_PAGE)
        except UnicodeDecodeError as exc:
            raise ContactsFileError("The file starts like UTF-16 text but is not: send it as UTF-8.") from exc
    else:
        data = data.removeprefix(codecs.BOM_UTF8)
        text = data.decode("utf-8", errors="surrogateescape")
        legacy = legacy_code_page(text)
        if not _is_utf8(data) and sum(map(len, STRAY.findall(text))) > len(UTF8_TEXT.findall(text)):
            decoded = DecodedFile(_in_code_page(data, legacy), legacy, as_utf8=False)
        else:
            decoded = DecodedFile(text, legacy)
    if "\x00" in decoded.text:
        raise ContactsFileError(HAS_NUL)
    return DecodedFile(normalise_line_ends(decoded.text), decoded.legacy, decoded.as_utf8)


def normalise_line_ends(text: str) -> str:
    """``text`` with each line end as ``\\n``: CRLF, LF, a lone CR, and CR CR LF (CRLF that a Windows tool
    turned into CR CR LF, as iPhone exports are found) each end one line, as an editor counts them."""
    return LINE_END.sub("\n", text)


LINE_END = re.compile(r"\r*\n|\r")
STRAY = re.compile("[\udc80-\udcff]+")  # bytes not read yet, as surrogateescape keeps them
SURROGATE = re.compile("[\ud800-\udfff]")
UTF8_TEXT = re.compile("[^\x00-\x7f\udc80-\udcff]")  # characters that were valid UTF-8 and not ASCII
# A code page the file declares (vCard 2.1's CHARSET), or a language whose Windows code page is not 1252
# (Outlook writes N;LANGUAGE=pl: in the code page of its Windows).
DECLARED_CHARSET = re.compile(r";\s*CHARSET\s*=\s*\"?([-\w.]+)", re.IGNORECASE)
DECLARED_LANGUAGE = re.compile(r";\s*LANGUAGE\s*=\s*\"?([a-z]+)", re.IGNORECASE)
LANGUAGE_CODE_PAGES = {
    **dict.fromkeys(("cs", "sk", "pl", "hu", "ro", "hr", "sl", "sq", "bs"), "cp1250"),
    **dict.fromkeys(("ru", "uk", "be", "bg", "mk", "sr", "kk", "ky", "tt", "mn"), "cp1251"),
    "el": "cp1253",
    **dict.fromkeys(("tr", "az"), "cp1254"),
    **dict.fromkeys(("he", "yi"), "cp1255"),
    **dict.fromkeys(("ar", "fa", "ur"), "cp1256"),
    **dict.fromkeys(("et", "lv", "lt"), "cp1257"),
    "vi": "cp1258",
    "th": "cp874",
    "ja": "cp932",
    "zh": "cp936",
    "ko": "cp949",
}
DEFAULT_CODE_PAGE = "cp1252"
UNICODE_CODECS = {"utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be", "ascii"}
# Codecs Python has that are no character set a file declares: escapes, IDNA, and those that never decode.
NOT_CHARSETS = {"unicode-escape", "raw-unicode-escape", "punycode", "idna", "undefined", "utf-7", "mbcs", "oem"}


def text_codec(name: str) -> str | None:
    """The Python codec of a character set's name ("ISO-8859-1", "windows-1250"), or None when it names none."""
    try:
        codec = codecs.lookup(name.strip()).name
        "".encode(codec)  # "base64" and "quopri" are codecs, but not of text
    except (LookupError, ValueError):
        return None
    return None if codec.replace("_", "-") in NOT_CHARSETS else codec


def legacy_code_page(text: str) -> str:
    """The code page of the file's text that is not UTF-8: the legacy CHARSET it declares most, else the
    Windows code page of the language it names most (vCard's LANGUAGE), else Windows-1252.

    Latin-1 is read as Windows-1252, its superset, as browsers read it.
    """
    declared: Counter[str] = Counter()
    for match in DECLARED_CHARSET.finditer(text):
        codec = text_codec(match.group(1))
        if codec and codec not in UNICODE_CODECS:
            declared[DEFAULT_CODE_PAGE if codec == "iso8859-1" else codec] += 1
    if not declared:
        for match in DECLARED_LANGUAGE.finditer(text):
            declared[LANGUAGE_CODE_PAGES.get(match.group(1).lower(), DEFAULT_CODE_PAGE)] += 1
    return declared.most_common(1)[0][0] if declared else DEFAULT_CODE_PAGE


def charset_name(codec: str) -> str:
    """A codec as people name it: "Windows-1252", "UTF-8", "ISO-8859-2"."""
    if re.fullmatch(r"cp125\d", codec):
        return f"Windows-{codec[2:]}"
    if codec.startswith("iso8859-"):
        return f"ISO-8859-{codec.removeprefix('iso8859-')}"
    return codec.upper()


class Decoded(NamedTuple):
    text: str
    damage: str | None  # what was wrong with its bytes and how they were read: a phrase after "line 7 (NOTE)"


def decoded_bytes(data: bytes, charset: str | None, legacy: str, *, utf8_expected: bool) -> Decoded:
    """Bytes as text: in ``charset`` when it names one (a card's own CHARSET wins), else UTF-8 where valid.

    Without a charset, bytes of which none is UTF-8 are read in the ``legacy`` code page, as the
    Windows program that wrote them meant, unless UTF-8 was expected (a stray byte in a UTF-8 file):
    then, as when they are mixed with UTF-8, each run of them is read in it, and the value is damaged.
    """
    if charset is not None:
        codec = text_codec(charset)
        if codec is None:
            text, _ = decoded_bytes(data, None, legacy, utf8_expected=False)
            used = "UTF-8" if _is_utf8(data) else charset_name(legacy)
            return Decoded(text, f"names a character set ({charset}) that is unknown; it was read as {used}")
        if codec != "utf-8":
            try:
                return Decoded(SURROGATE.sub("\ufffd", data.decode(codec)), None)
            except ValueError:
                text = SURROGATE.sub("\ufffd", data.decode(codec, errors="replace"))
                return Decoded(text, f"had bytes that are not {charset_name(codec)} text; they were replaced by \ufffd")
        utf8_expected = True
    if _is_utf8(data):
        return Decoded(data.decode("utf-8"), None)
    text = data.decode("utf-8", errors="surrogateescape")
    if not utf8_expected and not UTF8_TEXT.search(text):
        text = _in_code_page(data, legacy)
        if not STRAY.search(text):
            return Decoded(text, None)
        damage = f"had bytes that are not {charset_name(legacy)} text; they were replaced by \ufffd"
        return Decoded(STRAY.sub("\ufffd", text), damage)
    return Decoded(
        _read_stray(text, legacy), f"had bytes that are not UTF-8 text; they were read as {charset_name(legacy)}"
    )


def decoded_value(value: str, charset: str | None, file: DecodedFile) -> Decoded:
    """A value of ``file.text`` with its bytes that were not read yet read (see ``decoded_bytes``).

    Valid UTF-8 stays as it is, whatever CHARSET is declared (a file converted to UTF-8 keeps its
    old CHARSET parameters); in a file read in its legacy code page, a value that declares another
    charset is read again in that one.
    """
    if not STRAY.search(value) and (charset is None or value.isascii() or file.as_utf8):
        return Decoded(value, None)
    try:
        data = value.encode("utf-8" if file.as_utf8 else file.legacy, errors="surrogateescape")
    except UnicodeEncodeError:  # text the legacy code page could only read with replacements
        return Decoded(STRAY.sub("\ufffd", value), None)
    return decoded_bytes(data, charset, file.legacy, utf8_expected=file.as_utf8)


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _in_code_page(data: bytes, legacy: str) -> str:
    """``data`` in the code page, its undefined bytes kept as surrogate escapes (U+FFFD where a
    double-byte code page cannot keep them so)."""
    try:
        return data.decode(legacy, errors="surrogateescape")
    except UnicodeDecodeError:
        return data.decode(legacy, errors="replace")


def _read_stray(text: str, legacy: str) -> str:
    """``text`` with each run of surrogate-escaped bytes read in the ``legacy`` code page (U+FFFD where it cannot)."""
    return STRAY.sub(
        lambda run: run.group().encode("utf-8", errors="surrogateescape").decode(legacy, errors="replace"), text
    )


def looks_like_vcard(text: str) -> bool:
    """Whether the first line with text on it opens a vCard."""
    for line in text.split("\n", 50):
        if line.strip():
            return re.fullmatch(r"\s*BEGIN\s*:\s*VCARD\s*", line, re.IGNORECASE) is not None
    return False


def linkedin_profile_url(value: str | None) -> str | None:
    """``value`` as the canonical URL of a page on linkedin.com, or None when it is not one.

    https, host www.linkedin.com (country and mobile hosts such as uk. or m. are the same
    site), no query, fragment or trailing slash. A URL without a scheme ("linkedin.com/in/x")
    is read as https.
    """
    if not value:
        return None
    value = value.strip()
    if "://" not in value:
        value = "https://" + value.lstrip("/")
    try:
        parts = urlsplit(value)
        host = (parts.hostname or "").rstrip(".")
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or port not in (None, 80, 443) or parts.username:
        return None
    if host != "linkedin.com" and not host.endswith(".linkedin.com"):
        return None
    path = re.sub(r"/{2,}", "/", parts.path).rstrip("/")
    if not path or any(char.isspace() for char in path):
        return None
    return f"https://www.linkedin.com{path}"


def linkedin_key(value: str | None) -> str | None:
    """What two LinkedIn URLs of the same page have in common (LinkedIn paths ignore case)."""
    url = linkedin_profile_url(value)
    return url.lower() if url else None


def joined(*parts: str | None, separator: str = " ") -> str | None:
    """The parts with text in them, trimmed and joined; None when none has any."""
    kept = [part.strip() for part in parts if part and part.strip()]
    return separator.join(kept) or None


def place(city: str | None, region: str | None, country: str | None) -> str | None:
    """A location as people write it: "Cupertino, CA, United States"; a part that repeats the one
    before it is said once (a city-state, or a region exported as the city again: "Berlin, Germany")."""
    parts = [part.strip() for part in (city, region, country) if part and part.strip()]
    parts = [part for index, part in enumerate(parts) if index == 0 or part.lower() != parts[index - 1].lower()]
    return ", ".join(parts) or None


# Parts of an address that name a role or a mailbox, not a person: info@, no-reply@, sales.team@.
ROLE_WORDS = {
    "admin", "billing", "careers", "contact", "enquiries", "hello", "help", "hi", "hr", "info", "inquiries",
    "jobs", "mail", "marketing", "news", "newsletter", "no", "noreply", "office", "postmaster", "press",
    "reply", "sales", "service", "support", "team", "webmaster",
}  # fmt: skip
ADDRESS_WORD = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*")  # letters, with inner apostrophes and hyphens


def name_from_email(email: str) -> str:
    """The name a contact known only by its email address is given, as phone address books name one.

    "jane.doe@example.com" is "Jane Doe" (words parted by ".", "_" or, alone, "-"; a "+tag" left
    out; one letter an initial: "J. Doe"). An address whose local part is one word, holds a digit
    or names a role ("info", "j1234", "no-reply", "sales.team") gives no name: it is the address.
    """
    local, at, _domain = email.strip().rpartition("@")
    local = local.split("+", 1)[0]
    words = re.split(r"[._]+", local) if re.search(r"[._]", local) else local.split("-")
    if (
        not at
        or len(words) < 2
        or not all(ADDRESS_WORD.fullmatch(word) for word in words)
        or all(len(word) == 1 for word in words)
        or any(part.lower() in ROLE_WORDS for word in words for part in re.split(r"['-]", word))
    ):
        return email.strip()
    return " ".join(_capitalized(word) + ("." if len(word) == 1 else "") for word in words)


def _capitalized(word: str) -> str:
    """A word of an address as a name is written: "o'brien" is "O'Brien"; "McDonald" stays as it is."""
    if not (word.islower() or word.isupper()):
        return word
    return re.sub(r"[^'-]+", lambda part: part.group().capitalize(), word)


# Google Contacts puts every contact in its system group "myContacts": not a tag of mine.
SYSTEM_GROUPS = {"mycontacts"}


def clean_tags(tags: list[str]) -> list[str]:
    """Tags trimmed, without empty ones, Google's system group or its "* " marker."""
    cleaned = []
    for tag in tags:
        tag = tag.strip().removeprefix("* ").strip()
        if tag and tag.lower() not in SYSTEM_GROUPS:
            cleaned.append(tag)
    return cleaned
