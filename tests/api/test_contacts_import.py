"""Importing contacts: each vCard file of a phone or address book, and each CSV file of LinkedIn or a
spreadsheet, imports as the contacts it holds, whether sent as a body or a form and whatever
media type it is sent as; a body that is no contacts file, too large, or sent without a login
is refused whole.

Realistic files come from ``tests/fixtures/contacts`` (see its README); the other cases are
files written here.
"""

from __future__ import annotations

import base64
import io

import pytest

from service.contacts_io import MAX_ROWS
from tests.factories import (
    CONTACTS_IMPORT,
    assert_problem,
    card,
    contacts_shown,
    content_type_of,
    import_file,
)
from tests.factories import contact_file as fixture
from tests.factories import contacts_oldest_first as all_contacts
from tests.factories import imported_contacts as imported

# --- each fixture imports as the contacts it holds -------------------------------------


FIXTURE_CONTACTS = {
    "android-2.1.vcf": [
        {
            "name": "Zoë Ñúñez",  # QUOTED-PRINTABLE, CHARSET=UTF-8
            "email": "zoe.nunez@example.org",
            "phone": "+34 910 000 456",  # the PREF one, not the first
            "company": "Clínica Ejemplo",
            "title": "Head of Data",
            "location": "Madrid, España",
            "linkedin_url": "https://www.linkedin.com/in/zoe-nunez-example",  # es. host and ?trk= dropped
            # Soft line breaks, one of them between the two bytes of "é".
            "notes": "Met at PyData Madrid, 2026.\n"
            "Wants to talk about clinical data; her team meets at the café in Malasaña after 17:00.",
        },
        {
            "name": "Dra. María José González",  # no FN: built from N
            "email": "mj.gonzalez@example.com",
            "phone": "+34 611 222 333",
            "company": "Hospital Universitario de Ejemplo",
            "title": "Clinical Informatics Lead",
        },
        {
            "name": "Emeka Okonkwo",
            "email": "emeka.okonkwo@example.net",
            "phone": "+44 7700 900123",
            "company": "Northwind Analytics",
            "title": "Data Scientist",
            "notes": "Prefers mornings, two kids; ask about the triage model",  # 2.1: the comma is text
        },
    ],
    "iphone-3.0.vcf": [
        {
            "name": "Chidi Okafor",
            "email": "chidi.okafor@example.com",  # item1.EMAIL;type=pref
            "phone": "+1 (415) 555-0142",
            "company": "Fabrikam Health",  # ORG's first unit
            "title": "Staff Engineer, Data Platform",  # TITLE, then ORG's department
            "location": "San Francisco, CA, United States",
            "linkedin_url": "https://www.linkedin.com/in/chidi-okafor-example",  # item3.URL, LinkedIn label
            "notes": "Met at the ML in Healthcare meetup, Oct 2026. Runs the platform team's on-call rotation; "
            "ask how they keep pages under two a week.\nIntroduced by Priya.",
        },
        {
            "name": "Astrid Lindqvist",
            "email": "astrid.lindqvist@example.com",
            "phone": "+46 70 123 45 67",
            "company": "Contoso Bank",
            "title": "VP Risk Analytics",
            "location": "Stockholm, Sweden",
            "linkedin_url": "https://www.linkedin.com/in/astrid-lindqvist-example",  # X-SOCIALPROFILE, http
        },
        {"name": "Blue Bottle Coffee", "phone": "+1 (510) 555-0177", "company": "Blue Bottle Coffee"},
    ],
    "nextcloud-4.0.vcf": [
        {
            "name": "Lena Fischer",
            "email": "lena.fischer@example.com",  # PREF=1, not the first
            "phone": "+49-30-555-0199",  # VALUE=uri, "tel:" dropped
            "company": "Example GmbH",
            "title": "Engineering Manager, Platform",
            "location": "Berlin, Germany",  # locality and region both Berlin
            "linkedin_url": "https://www.linkedin.com/in/Lena-Fischer-Example",
            "notes": "Introduced by Jonas; prefers mornings, CET.",
            "tags": ["Mentors", "Platform engineering"],
        },
        {
            "name": "Sam Okafor",
            "email": "sam.okafor@example.com",
            "company": "Northwind Analytics",
            "title": "Platform Lead",
            "tags": ["Referral"],
        },
    ],
    "linkedin-connections.csv": [
        {
            "name": "Priya Raman",
            "email": "priya.raman@example.org",
            "company": "Northwind Analytics",
            "title": "Head of Data Science",
            "linkedin_url": "https://www.linkedin.com/in/priya-raman-example",
            "how_met": "LinkedIn connection since 14 Nov 2026",
        },
        {
            "name": "Jonas Weber",
            "company": "Example GmbH, Berlin",
            "title": "Senior Platform Engineer",
            "linkedin_url": "https://www.linkedin.com/in/jonas-weber-3b1a2c47",
            "how_met": "LinkedIn connection since 02 Oct 2026",
        },
        {
            "name": "Mei Tanaka",
            "company": "Fabrikam",
            "title": "Director, Product Management",
            "linkedin_url": "https://www.linkedin.com/in/mei-tanaka-example",
            "how_met": "LinkedIn connection since 19 Aug 2025",
        },
        {
            "name": "Olivia Chen",
            "email": "olivia.chen@example.com",
            "company": "Contoso Pharma",
            "title": "Clinical Data Manager\n(Oncology)",
            "linkedin_url": "https://www.linkedin.com/in/olivia-chen-example",
            "how_met": "LinkedIn connection since 03 Jan 2024",
        },
        {
            "name": "Tomás Ó Briain",
            "linkedin_url": "https://www.linkedin.com/in/tomas-o-briain-example",
            "how_met": "LinkedIn connection since 27 Jun 2023",
        },
    ],
    "linkedin-connections-2019.csv": [
        {
            "name": "Dana Lee",
            "email": "dana.lee@example.net",
            "company": "Blue Bottle Coffee",
            "title": "Design Systems Lead",
            "how_met": "LinkedIn connection since 11 Mar 2019",
        },
        {
            "name": "Chris Ortega",
            "company": "Example Corp",
            "title": "VP, Engineering",
            "how_met": "LinkedIn connection since 05 Feb 2018",
        },
        {
            "name": "Taylor Brooks",
            "email": "taylor.brooks@example.com",
            "how_met": "LinkedIn connection since 22 Jul 2017",
        },
    ],
    "google-contacts.csv": [
        {
            "name": "Priya Raman",
            "email": "priya.raman@example.org",  # the first of E-mail 1's " ::: " values, not E-mail 2
            "phone": "+44 20 7946 0958",
            "company": "Northwind Analytics",
            "title": "Head of Data Science",
            "location": "London, United Kingdom",  # Address 1's City and Country
            "linkedin_url": "https://www.linkedin.com/in/priya-raman-example",  # from Website 1
            "notes": "Met at PyData London.",
            "tags": ["mentors"],  # Google's "* myContacts" system group dropped
        },
        # A web site that is not a LinkedIn profile is left out, not an error.
        {"name": "Jonas Weber", "email": "jonas.weber@example.de", "company": "Fabrikam"},
    ],
    "outlook-contacts.csv": [
        {
            "name": "Lena Fischer",
            "email": "lena.fischer@example.com",
            "phone": "+49 30 1234567",  # Business Phone: the first phone column with a number
            "company": "Contoso",
            "title": "Staff Engineer",  # Job Title: Outlook's Title is the honorific ("Dr.")
            "location": "Berlin, Germany",  # Business City and Country/Region, the Location column being empty
            "linkedin_url": "https://www.linkedin.com/in/lena-fischer-example",  # from Web Page
            "notes": "Met at a Berlin meetup.",
        },
    ],
    "contacts.csv": [
        {
            "name": "Ana Lima",
            "email": "ana.lima@example.org",
            "phone": "+351 912 345 678",
            "company": "Contoso Health",
            "title": "Data Engineer",
            "industry": "Healthcare",
            "location": "Lisbon, Portugal",
            "linkedin_url": "https://www.linkedin.com/in/ana-lima-example",  # given without https://
            "notes": "Met at PyData Lisbon.\nAsk about the move to dbt, and her team's on-call.",
            "tags": ["data", "mentor"],
        },
        {
            "name": "Bo Nilsson",
            "email": "bo.nilsson@example.com",
            "company": "Fabrikam",
            "title": "Product Manager",
            "location": "Stockholm",
            "tags": ["pm"],
        },
        {
            "name": "Carla Mendes",
            "phone": "+55 11 91234-5678",
            "industry": "Fintech",
            "location": "São Paulo",
            "linkedin_url": "https://www.linkedin.com/in/carla-mendes-example",
        },
    ],
}


@pytest.mark.parametrize("name", sorted(FIXTURE_CONTACTS))
def test_each_file_imports_as_the_contacts_it_holds(alice, name):
    report = imported(alice, fixture(name), content_type_of(name))

    assert report == {
        "created": len(FIXTURE_CONTACTS[name]),
        "updated": 0,
        "skipped": 0,
        "errors": [],
        "warnings": [],
    }
    assert contacts_shown(alice) == FIXTURE_CONTACTS[name]


@pytest.mark.parametrize("name", sorted(FIXTURE_CONTACTS))
def test_importing_the_same_file_again_skips_everyone_it_recognises(alice, name):
    imported(alice, fixture(name), content_type_of(name))
    before = all_contacts(alice)
    # Without an email or a LinkedIn URL a person cannot be recognised: imported again, they are new.
    anonymous = [c for c in FIXTURE_CONTACTS[name] if "email" not in c and "linkedin_url" not in c]

    report = imported(alice, fixture(name), content_type_of(name))

    assert report == {
        "created": len(anonymous),
        "updated": 0,
        "skipped": len(FIXTURE_CONTACTS[name]) - len(anonymous),
        "errors": [],
        "warnings": [],
    }
    assert all_contacts(alice)[: len(before)] == before


# --- how the file is sent --------------------------------------------------------------


@pytest.mark.parametrize("name", ["iphone-3.0.vcf", "linkedin-connections.csv"])
def test_a_multipart_form_with_the_file_imports(alice, name):
    response = alice.post(
        CONTACTS_IMPORT, data={"file": (io.BytesIO(fixture(name)), name)}, content_type="multipart/form-data"
    )
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["created"] == len(FIXTURE_CONTACTS[name])


@pytest.mark.parametrize("content_type", ["text/x-vcard", "text/directory", "text/vcard; charset=utf-8"])
def test_other_vcard_media_types_import(alice, content_type):
    assert imported(alice, fixture("iphone-3.0.vcf"), content_type)["created"] == 3


@pytest.mark.parametrize(
    "content_type", ["application/csv", "text/x-csv", "text/comma-separated-values", "application/vnd.ms-excel"]
)
def test_other_csv_media_types_import(alice, content_type):
    assert imported(alice, fixture("linkedin-connections.csv"), content_type)["created"] == len(
        FIXTURE_CONTACTS["linkedin-connections.csv"]
    )


@pytest.mark.parametrize("content_type", ["application/octet-stream", "text/plain; charset=utf-8"])
@pytest.mark.parametrize("name", ["android-2.1.vcf", "linkedin-connections.csv"])
def test_a_file_sent_without_naming_its_format_is_read_as_what_it_holds(alice, content_type, name):
    assert imported(alice, fixture(name), content_type)["created"] == len(FIXTURE_CONTACTS[name])


def test_a_vcard_sent_as_csv_is_still_read_as_a_vcard(alice):
    assert imported(alice, fixture("iphone-3.0.vcf"), "text/csv")["created"] == 3


def test_a_json_body_is_a_415_problem_naming_the_accepted_types(alice):
    response = alice.post(CONTACTS_IMPORT, json={"name": "Ana"})
    detail = assert_problem(response, 415, "unsupported_media_type")["detail"]
    assert "text/vcard" in detail and "text/csv" in detail and "multipart/form-data" in detail
    assert all_contacts(alice) == []


def test_a_body_without_a_content_type_is_a_415_problem(alice):
    assert_problem(alice.post(CONTACTS_IMPORT, data=fixture("iphone-3.0.vcf")), 415, "unsupported_media_type")


def test_curl_data_binary_without_a_content_type_is_told_the_header_to_add(alice):
    response = import_file(alice, fixture("iphone-3.0.vcf"), "application/x-www-form-urlencoded")
    detail = assert_problem(response, 415, "unsupported_media_type")["detail"]
    assert "application/x-www-form-urlencoded" in detail and "-H 'Content-Type: text/vcard'" in detail
    assert all_contacts(alice) == []


def test_a_form_without_a_file_is_a_422_problem(alice):
    response = alice.post(CONTACTS_IMPORT, data={"note": "forgot the file"}, content_type="multipart/form-data")
    assert_problem(response, 422, "no_file")


@pytest.mark.parametrize(
    ("body", "content_type", "says"),
    [
        (b"", "text/vcard", "empty"),
        (b"hello, this is not a contacts file", "text/vcard", "BEGIN:VCARD"),
        (b"hello, this is not a contacts file\nnor is this", "text/csv", "header"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "text/csv", "NUL"),
        (b"BEGIN:VCARD\r\nFN:Ana\x00Lima\r\nEND:VCARD\r\n", "text/vcard", "NUL"),
    ],
    ids=["empty", "text-as-vcard", "text-as-csv", "binary", "nul"],
)
def test_a_file_that_is_not_contacts_is_a_422_problem(alice, body, content_type, says):
    problem = assert_problem(import_file(alice, body, content_type), 422, "invalid_contacts_file")
    assert says in problem["detail"] and problem["errors"] == {"file": [problem["detail"]]}
    assert all_contacts(alice) == []


def test_a_vcard_of_more_cards_than_the_limit_is_a_422_problem(alice):
    raw = "".join(card(f"FN:Person {i}") for i in range(MAX_ROWS + 1))
    problem = assert_problem(import_file(alice, raw), 422, "too_many_rows")
    assert f"{MAX_ROWS + 1} cards" in problem["detail"] and str(MAX_ROWS) in problem["detail"]
    assert all_contacts(alice) == []


def test_a_csv_of_more_rows_than_the_limit_is_a_422_problem(alice):
    raw = "name\n" + "".join(f"P{i}\n" for i in range(MAX_ROWS + 1))
    assert_problem(import_file(alice, raw, "text/csv"), 422, "too_many_rows")
    assert all_contacts(alice) == []


def test_a_body_over_the_import_size_limit_is_a_413_problem(make_app, alice):
    small = make_app(IMPORT_MAX_CONTENT_LENGTH=100_000).test_client()
    raw = card("FN:Ana", "NOTE:" + "x" * 100_000)
    response = small.post(CONTACTS_IMPORT, data=raw, content_type="text/vcard", headers=alice.headers)
    assert_problem(response, 413, "payload_too_large")
    assert all_contacts(alice) == []


def test_an_address_book_with_photos_may_be_larger_than_other_bodies(alice):
    # An iPhone export carries each contact's photo inline, in base64: a few such cards pass 1 MiB.
    photo = base64.b64encode(bytes(range(256)) * 2048).decode()  # 512 KiB of JPEG-sized noise
    cards = "".join(
        card(f"N:Person;Number{i};;;", f"FN:Number{i} Person", f"PHOTO;ENCODING=b;TYPE=JPEG:{photo}") for i in range(4)
    )
    assert len(cards) > 2 * 1024 * 1024

    assert imported(alice, cards)["created"] == 4


def test_importing_needs_a_login(client):
    response = client.post(CONTACTS_IMPORT, data=fixture("iphone-3.0.vcf"), content_type="text/vcard")
    assert_problem(response, 401, "token_missing")
