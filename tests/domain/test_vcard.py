"""The contact file readers without HTTP: how text is decoded, unescaped and numbered, and the name a
contact without one gets from its email address.
"""

from __future__ import annotations

import json

import pytest

from service.contacts_io import parse_contacts_file
from service.contacts_io.rows import legacy_code_page, name_from_email


def vcard(*lines: str, version: str = "3.0") -> str:
    return "\r\n".join(["BEGIN:VCARD", f"VERSION:{version}", *lines, "END:VCARD"]) + "\r\n"


def only_row(data: bytes) -> dict:
    parsed = parse_contacts_file(data)
    assert parsed.errors == []
    (row,) = parsed.rows
    return row.fields


# --- a name from an email address ------------------------------------------------------


@pytest.mark.parametrize(
    ("email", "name"),
    [
        ("jane.doe@example.com", "Jane Doe"),
        ("JANE.DOE@EXAMPLE.COM", "Jane Doe"),
        ("li_wei@example.com", "Li Wei"),
        ("jane-doe@example.com", "Jane Doe"),
        ("j.doe@example.com", "J. Doe"),
        ("mary-ann.smith@example.com", "Mary-Ann Smith"),
        ("jane.doe+newsletters@example.com", "Jane Doe"),
        ("sean.o'brien@example.com", "Sean O'Brien"),
        ("zoë.núñez@example.org", "Zoë Núñez"),
        ("Jane.McDonald@example.com", "Jane McDonald"),
        # Nothing that reads as a person's name: the address itself.
        ("info@example.com", "info@example.com"),
        ("j1234@example.net", "j1234@example.net"),
        ("jane@example.com", "jane@example.com"),
        ("jdoe85@example.com", "jdoe85@example.com"),
        ("jane.doe85@example.com", "jane.doe85@example.com"),
        ("no-reply@example.com", "no-reply@example.com"),
        ("sales.team@example.com", "sales.team@example.com"),
        ("a.b@example.com", "a.b@example.com"),
        ("not an address", "not an address"),
    ],
)
def test_a_name_is_derived_from_an_address_only_when_it_reads_as_one(email, name):
    assert name_from_email(email) == name


# --- the file's legacy code page -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code_page"),
    [
        (vcard("FN:Ana"), "cp1252"),
        (vcard("N;LANGUAGE=de:Muller;Jurgen", version="2.1"), "cp1252"),
        (vcard("N;LANGUAGE=pl:Wojcik;Pawel", version="2.1"), "cp1250"),
        (vcard("N;LANGUAGE=ru-ru:Ivanov;Ivan", version="2.1"), "cp1251"),
        # The language most cards name wins over one card's.
        (vcard("N;LANGUAGE=pl:A;B") + vcard("N;LANGUAGE=de:C;D") + vcard("N;LANGUAGE=de-at:E;F"), "cp1252"),
        # A legacy CHARSET the file declares wins over any language; Latin-1 is read as its superset.
        (vcard("N;LANGUAGE=de:A;B", "NOTE;CHARSET=WINDOWS-1250:x", version="2.1"), "cp1250"),
        (vcard("FN;CHARSET=ISO-8859-1:A", version="2.1"), "cp1252"),
        (vcard("FN;CHARSET=UTF-8:A", "N;LANGUAGE=cs:B;C", version="2.1"), "cp1250"),
        # A codec of Python's that is no character set of text is no code page.
        (vcard("NOTE;CHARSET=QUOPRI:x", "FN;CHARSET=base64:y", "N;LANGUAGE=pl:A;B", version="2.1"), "cp1250"),
        ("name,email\r\nAna,ana@example.org\r\n", "cp1252"),
    ],
)
def test_the_legacy_code_page_is_the_one_the_file_declares_or_its_language_uses(text, code_page):
    assert legacy_code_page(text) == code_page


def test_a_windows_1252_file_with_undeclared_bytes_decodes_them_and_warns_for_none_of_its_cards():
    parsed = parse_contacts_file(vcard("FN:Zoë Müller", "NOTE:Café", version="2.1").encode("cp1252"))
    (row,) = parsed.rows
    assert row.fields == {"name": "Zoë Müller", "notes": "Café"} and row.warnings == ()


# --- nothing undecodable leaves the reader ---------------------------------------------


@pytest.mark.parametrize("stray", [bytes([byte]) for byte in range(0x80, 0x100, 7)])
def test_no_undecodable_byte_anywhere_in_a_card_reaches_the_rows_errors_or_warnings(stray):
    lines = [
        "N;CHARSET=~:~;~;;;",
        "FN;~=~:~",
        "EMAIL;TYPE=~:~@example.com",
        "ORG:~;~",
        "TITLE:~",
        "ADR:;;~;~;~;~;~",
        "NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=~:~=E9",
        "CATEGORIES:~,~",
        "X-~:~",
        "~",
    ]
    good = vcard("FN:Zoë Ñúñez", "NOTE:Olá! Ça va? Señora Müller, café, crème brûlée, smörgåsbord, Łódź, Dvořák.")
    data = (good + vcard(*lines, version="2.1") + good).encode().replace(b"~", b"x" + stray)

    parsed = parse_contacts_file(data)

    everything = [row.fields for row in parsed.rows] + [
        [error.message for error in parsed.errors],
        [(warning.field, warning.message) for row in parsed.rows for warning in row.warnings],
    ]
    json.dumps(everything, ensure_ascii=False).encode("utf-8")  # raises on a lone surrogate
    assert [row.fields["name"] for row in parsed.rows if row.row != 2] == ["Zoë Ñúñez", "Zoë Ñúñez"]


def test_no_undecodable_byte_in_a_csv_reaches_the_rows_or_errors():
    data = "Name\xff,Email\r\nAna\xff,ana\xff@example.org\r\n,\xff\r\n".encode("latin-1")
    parsed = parse_contacts_file(b"\xc3\xa9," + data)
    everything = [row.fields for row in parsed.rows] + [error.message for error in parsed.errors]
    json.dumps(everything, ensure_ascii=False).encode("utf-8")


# --- line numbers ----------------------------------------------------------------------


def test_a_line_that_is_not_a_property_right_after_begin_is_named_by_its_own_number():
    (error,) = parse_contacts_file(b"BEGIN:VCARD\r\nnot a property\r\nFN:Ana\r\nEND:VCARD\r\n").errors
    assert error.message == "Card 1 (line 1): line 2 is not a vCard property (NAME:value): not imported."


def test_a_line_that_is_not_a_property_after_a_blank_line_is_named_by_its_own_number():
    text = vcard("FN:Ana", "PHOTO;ENCODING=BASE64;JPEG:AAAA", " BBBB", "", "not a property", version="2.1")
    (error,) = parse_contacts_file(text.encode()).errors
    assert error.message == "Card 1 (line 1): line 7 is not a vCard property (NAME:value): not imported."


# --- text values -----------------------------------------------------------------------


@pytest.mark.parametrize("version", ["3.0", "4.0"])
def test_an_unknown_escape_in_vcard_3_and_4_drops_its_backslash_as_apple_writes_it(version):
    fields = only_row(vcard("FN:Ana", r"X-SOCIALPROFILE;type=linkedin:http\://www.linkedin.com/in/ana").encode())
    assert fields["linkedin_url"] == "https://www.linkedin.com/in/ana"


def test_every_escape_of_a_vcard_3_text_value_is_read():
    fields = only_row(vcard("FN:Ana", r"NOTE:a\,b\;c\\d\ne\Nf").encode())
    assert fields["notes"] == "a,b;c\\d\ne\nf"


def test_a_list_in_an_address_part_is_joined_by_commas():
    fields = only_row(vcard("FN:Ana", "ADR:;;1 Main St,Suite 4;Paris,Texas;TX;;USA").encode())
    assert fields["location"] == "Paris, Texas, TX, USA"
