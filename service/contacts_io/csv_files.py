"""CSV files of contacts read into contact rows.

Three layouts are known, and any other whose header row names the columns:

- LinkedIn's Connections.csv as exported today: a few lines of notes ("Notes:", a quoted
  paragraph about missing email addresses, a blank line) before the header
  ``First Name,Last Name,URL,Email Address,Company,Position,Connected On``.
- LinkedIn's older export: the header on the first line and no URL column,
  ``First Name,Last Name,Email Address,Company,Position,Connected On``.
- A CSV naming our fields (``name,email,phone,company,title,industry,location,linkedin_url,
  notes,tags``), in any case and spacing, or with common synonyms ("Full Name", "E-mail",
  "Organization", "Job Title"...). Google's and Outlook's exports map the same way.

Without a location column, the location is put together from the first address's city,
region and country columns (Google's "Address 1 - City", Outlook's "Business City"...). Where
Google writes several values in one cell ("a@example.org ::: b@example.org"), the first is
taken. Beside a "Job Title" column, a "Title" column is Outlook's honorific and is left out.

The header is the first of the first ``HEADER_SEARCH_LINES`` records that names a name column
(a full name, or a first or last name). Commas, semicolons and tabs are accepted as
separators. Each row is numbered by the line it starts on, counting the lines before the header.

A row without a name but with an email is named after the address (``name_from_email``), as
phone address books name one, and warned about. A cell with stray bytes that are not UTF-8 in an
otherwise UTF-8 file is repaired (see ``rows``), and the row warned about for the field it fills.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, replace

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
    decoded_value,
    field_label,
    joined,
    linkedin_profile_url,
    name_from_email,
    place,
)

HEADER_SEARCH_LINES = 20
SEPARATORS = (",", ";", "\t")
TAG_SEPARATOR = re.compile(r"\s*(?:,|;|:::)\s*")

# Each field's column names, most specific first: the first one a header has wins. Names are
# compared as ``_header_key`` makes them ("E-mail 1 - Value" is "e mail 1 value").
COLUMNS: dict[str, tuple[str, ...]] = {
    "name": ("name", "full name", "display name", "contact name", "contact"),
    "first_name": ("first name", "given name", "firstname", "first"),
    "middle_name": ("middle name", "additional name", "middlename"),
    "last_name": ("last name", "family name", "surname", "lastname", "last"),
    "email": (
        "email",
        "e mail",
        "email address",
        "e mail address",
        "emailaddress",
        "email 1",
        "e mail 1 value",
        "email 1 value",
        "primary email",
        "work email",
        "personal email",
        "mail",
    ),
    "phone": (
        "phone",
        "phone number",
        "telephone",
        "tel",
        "mobile",
        "mobile phone",
        "cell",
        "cell phone",
        "phone 1 value",
        "primary phone",
        "business phone",
        "home phone",
    ),
    "company": (
        "company",
        "company name",
        "organization",
        "organisation",
        "organization name",
        "organisation name",
        "organization 1 name",
        "employer",
    ),
    "title": (
        "job title",
        "title",
        "position",
        "role",
        "organization title",
        "organization 1 title",
        "job",
    ),
    "industry": ("industry", "sector"),
    "location": ("location", "place"),
    "linkedin_url": (
        "linkedin url",
        "linkedin",
        "linkedin profile",
        "linkedin profile url",
        "public profile url",
        "profile url",
        "url",
        # Google's and Outlook's exports: a web site, which may be a LinkedIn profile.
        "website 1 value",
        "web page",
        "personal web page",
    ),
    "how_met": ("how met", "how we met", "how i met", "met"),
    "connected_on": ("connected on",),  # LinkedIn's
    "notes": ("notes", "note", "comments", "comment"),
    "research_notes": ("research notes", "research"),
    "tags": ("tags", "tag", "labels", "label", "categories", "category", "groups", "group membership"),
}
# Where a file without a location column says where someone is: the first of these addresses with
# anything in it, each as (city, region, country) columns, each part's names most specific first.
ADDRESSES: tuple[tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]], ...] = (
    (("address 1 city",), ("address 1 region",), ("address 1 country",)),  # Google
    (("business city",), ("business state",), ("business country region", "business country")),  # Outlook
    (("home city",), ("home state",), ("home country region", "home country")),
    (("other city",), ("other state",), ("other country region", "other country")),
    (("city", "town"), ("state", "region", "province", "county"), ("country", "country region")),
)
# Google writes the values of one field (two emails, two phones) in one cell: "a@x.org ::: b@y.org".
GOOGLE_VALUES = re.compile(r"\s*:::\s*")

# Columns whose values need not be LinkedIn URLs (LinkedIn's own "URL" column always holds one,
# but in other files it is often a web site): a value elsewhere is left out, not an error.
LOOSE_LINKEDIN_COLUMNS = {
    "url",
    "profile url",
    "public profile url",
    "website 1 value",
    "web page",
    "personal web page",
}

# The contact field each column fills, for the warnings of repaired cells.
FIELD_OF_COLUMN = {"first_name": "name", "middle_name": "name", "last_name": "name", "connected_on": "how_met"}

NO_HEADER = (
    "No header row naming the columns was found in the first {lines} lines. Put a header first, e.g. "
    "name,email,phone,company,title,industry,location,linkedin_url,notes,tags (or First Name,Last Name,... "
    "as LinkedIn exports it); a vCard file should be sent as text/vcard."
)


@dataclass(frozen=True)
class _Header:
    line: int  # the header's line number
    names: list[str]  # the header's cells as written
    separator: str
    # field -> the columns that may hold it, best first (Outlook has Mobile, Business and Home Phone)
    columns: dict[str, list[int]]
    loose_linkedin: frozenset[int]  # the LinkedIn columns that may hold other web sites
    addresses: tuple[tuple[int | None, int | None, int | None], ...]  # (city, region, country) columns
    fills: dict[int, str]  # column -> the contact field it fills


def _header_key(cell: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", cell.lower()).split())


def _header(line: int, separator: str, cells: list[str]) -> _Header | None:
    """Which columns may hold each field, when ``cells`` look like a header row (they name a name column)."""
    keys = [_header_key(cell) for cell in cells]
    if "job title" in keys and "title" in keys:
        keys[keys.index("title")] = "honorific"  # Outlook's Title is "Mr." or "Dr.", beside its Job Title
    columns: dict[str, list[int]] = {}
    for field, names in COLUMNS.items():
        found = [keys.index(name) for name in names if name in keys]
        if found:
            columns[field] = found
    if not {"name", "first_name", "last_name"} & columns.keys():
        return None
    loose = frozenset(keys.index(name) for name in LOOSE_LINKEDIN_COLUMNS if name in keys)
    addresses = tuple(
        found
        for found in (tuple(_first(keys, names) for names in parts) for parts in ADDRESSES)
        if found != (None, None, None)
    )
    fills = {index: FIELD_OF_COLUMN.get(field, field) for field, indexes in columns.items() for index in indexes}
    for address in addresses:
        fills.update((index, "location") for index in address if index is not None)
    return _Header(line, cells, separator, columns, loose, addresses, fills)


def _first(keys: list[str], names: tuple[str, ...]) -> int | None:
    return next((keys.index(name) for name in names if name in keys), None)


def _records(text: str, separator: str) -> list[tuple[int, list[str]]]:
    """Each record with the line it starts on (its cells may hold stray bytes, see ``_repaired``)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator, strict=False)
    records, line = [], 1
    try:
        for cells in reader:
            records.append((line, cells))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise ContactsFileError(f"Line {line} of the CSV file cannot be read: {exc}.") from exc
    return records


def _find_header(file: DecodedFile) -> tuple[_Header, list[tuple[int, list[str]]]]:
    for separator in SEPARATORS:
        records = _records(file.text, separator)
        for index, (line, cells) in enumerate(records[:HEADER_SEARCH_LINES]):
            cells = [decoded_value(cell, None, file).text for cell in cells]
            if (header := _header(line, separator, cells)) is not None:
                return header, records[index + 1 :]
    raise ContactsFileError(NO_HEADER.format(lines=HEADER_SEARCH_LINES))


def parse_csv(file: DecodedFile) -> ParsedContacts:
    """Read every row of a CSV file of contacts (as ``decode_file`` returns it).

    Raises ``ContactsFileError`` when no header row is found or the file has more than
    ``MAX_ROWS`` rows. Empty rows are left out.
    """
    header, records = _find_header(file)
    records = [(line, cells) for line, cells in records if any(cell.strip() for cell in cells)]
    if len(records) > MAX_ROWS:
        raise TooManyRows(len(records), "rows")
    parsed = ParsedContacts()
    for line, cells in records:
        cells, warnings = _repaired(line, cells, header, file)
        row = _row(line, cells, header)
        if isinstance(row, ContactRow):
            kept = [warning for warning in warnings if warning.field in row.fields]
            row = replace(row, warnings=(*kept, *row.warnings))
        (parsed.errors if isinstance(row, RowError) else parsed.rows).append(row)
    return parsed


def _repaired(line: int, cells: list[str], header: _Header, file: DecodedFile) -> tuple[list[str], list[RowWarning]]:
    """The row's cells with their stray bytes read; a warning for each repaired cell of a column that fills a field."""
    repaired, warnings = [], []
    for index, cell in enumerate(cells):
        text, damage = decoded_value(cell, None, file)
        repaired.append(text)
        if damage and (field := header.fills.get(index)):
            label = field_label(field)
            message = f'Line {line}: the column "{header.names[index]}" {damage}: check the contact\'s {label}.'
            warnings.append(RowWarning(field, message))
    return repaired, warnings


def _row(line: int, cells: list[str], header: _Header) -> ContactRow | RowError:
    def column(field: str) -> int | None:
        """The first of the field's columns with a value in this row."""
        return next((i for i in header.columns.get(field, ()) if i < len(cells) and cells[i].strip()), None)

    def cell(field: str) -> str | None:
        index = column(field)
        return joined(cells[index]) if index is not None else None

    def first_value(index: int | None) -> str | None:
        """A single value: the first of those Google joins with " ::: " in one cell."""
        if index is None or index >= len(cells):
            return None
        return joined(GOOGLE_VALUES.split(cells[index].strip())[0])

    warnings = []
    email = first_value(column("email"))
    name = cell("name") or joined(cell("first_name"), cell("middle_name"), cell("last_name"))
    if name is None and email:
        name = name_from_email(email)
        message = (
            f'Line {line} has no name, so it was named "{name}" after its email address: '
            "rename the contact if that is not who it is."
        )
        warnings.append(RowWarning("name", message))
    if name is None:
        who = cell("linkedin_url") or cell("company")
        hint = f" ({who})" if who else ""
        return RowError(line, f"Line {line}{hint} has no name: fill in its name column and import it again.")
    fields: dict = {"name": name, "email": email}
    for field in ("phone", "company", "title", "industry", "location"):
        fields[field] = first_value(column(field))
    for address in header.addresses:
        if fields["location"]:
            break
        fields["location"] = place(*(first_value(index) for index in address))
    for field in ("notes", "research_notes"):
        fields[field] = cell(field)
    fields["how_met"] = cell("how_met")
    if fields["how_met"] is None and (connected := cell("connected_on")):
        fields["how_met"] = f"LinkedIn connection since {connected}"
    if url := first_value(column("linkedin_url")):
        fields["linkedin_url"] = linkedin_profile_url(url)
        if fields["linkedin_url"] is None and column("linkedin_url") not in header.loose_linkedin:
            return RowError(
                line,
                f'{name}: "{url[:80]}" is not the address of a LinkedIn profile (such as '
                "https://www.linkedin.com/in/their-name): correct it or leave it empty, and import again.",
            )
    fields["tags"] = clean_tags(TAG_SEPARATOR.split(cell("tags") or ""))
    return ContactRow(line, {key: value for key, value in fields.items() if value}, warnings=tuple(warnings))
