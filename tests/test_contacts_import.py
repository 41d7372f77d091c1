"""Importing contacts: vCard files from phones and address books, and CSV files from LinkedIn and spreadsheets.

Realistic files come from ``tests/fixtures/contacts`` (see its README); the other cases are
files written here. A row about a contact I have fills in what it lacks and never overwrites.
"""

from __future__ import annotations

import base64
import io
from pathlib import Path

import pytest

from service.contacts_io import MAX_ROWS, linkedin_profile_url
from tests.factories import CONTACTS, assert_problem, new_contact

IMPORT = f"{CONTACTS}/import"
FIXTURES = Path(__file__).parent / "fixtures" / "contacts"
# The fields an import can fill, as the API shows them.
FIELDS = (
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
    "tags",
)


# --- helpers ---------------------------------------------------------------------------


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def content_type_of(name: str) -> str:
    return "text/csv" if name.endswith(".csv") else "text/vcard"


def import_file(account, raw: bytes | str, content_type: str = "text/vcard", **query):
    data = raw.encode() if isinstance(raw, str) else raw
    return account.post(IMPORT, data=data, content_type=content_type, query_string=query)


def imported(account, raw: bytes | str, content_type: str = "text/vcard", **query) -> dict:
    """The report of an import that must succeed."""
    response = import_file(account, raw, content_type, **query)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def all_contacts(account) -> list[dict]:
    """My contacts, oldest first."""
    response = account.get(CONTACTS, query_string={"limit": 100})
    assert response.status_code == 200, response.get_json()
    return list(reversed(response.get_json()["items"]))


def shown(contact: dict) -> dict:
    """The fields of a contact that an import can fill, without the empty ones."""
    return {field: contact[field] for field in FIELDS if contact[field] not in (None, [])}


def contacts_shown(account) -> list[dict]:
    return [shown(contact) for contact in all_contacts(account)]


def counts(report: dict) -> tuple[int, int, int]:
    return report["created"], report["updated"], report["skipped"]


def error_rows(report: dict) -> list[int]:
    return [error["row"] for error in report["errors"]]


def card(*lines: str, version: str = "3.0") -> str:
    return "\r\n".join(["BEGIN:VCARD", f"VERSION:{version}", *lines, "END:VCARD"]) + "\r\n"


# --- each fixture imports as the contacts it holds ---------------------------------------

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
            "company": "Fabrikam Health",  # ORG's first component
            "title": "Staff Engineer",
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
            "title": "Engineering Manager",
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

    assert report == {"created": len(FIXTURE_CONTACTS[name]), "updated": 0, "skipped": 0, "errors": []}
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
    }
    assert all_contacts(alice)[: len(before)] == before


def test_each_broken_card_is_reported_and_the_good_ones_still_import(alice):
    report = imported(alice, fixture("mixed-problems.vcf"))

    # Ana Souza (card 1), then her second card fills in her company and title (8), her third adds nothing (10).
    assert counts(report) == (2, 1, 1)
    assert contacts_shown(alice) == [
        {
            "name": "Ana Souza",
            "email": "ana.souza@example.com",
            "phone": "+55 21 99876-5432",
            "company": "Contoso Health",
            "title": "Research Scientist",
        },
        {"name": "Dmitri Ivanov", "company": "Northwind Analytics", "title": "Data Engineer"},
    ]
    errors = {error["row"]: error["message"] for error in report["errors"]}
    assert error_rows(report) == [2, 3, 5, 6, 7, 9]
    assert 'Ben Carter: email "ben.carter(at)example.com": Not a valid email address.' in errors[2]
    assert errors[3] == "Card 3 (line 16) has no END:VCARD line, so it may be cut short: it was not imported."
    assert errors[5] == "Card 5 (line 28): line 32 is not a vCard property (NAME:value): not imported."
    assert "has no name" in errors[6]
    assert errors[7] == "Card 7 (line 39): line 41 names a character set (X-MAC-KLINGON) that is unknown: not imported."
    assert errors[9].startswith("Jin Park: title") and "Length must be between 0 and 200." in errors[9]


def test_each_bad_csv_row_is_reported_by_its_line_and_the_good_ones_still_import(alice):
    report = imported(alice, fixture("contacts-with-problems.csv"), "text/csv")

    assert counts(report) == (2, 0, 0)
    assert [contact["name"] for contact in all_contacts(alice)] == ["Eve Adams", "Femi Ade"]
    errors = {error["row"]: error["message"] for error in report["errors"]}
    assert error_rows(report) == [3, 4, 5, 6, 7]
    assert errors[3].startswith('Frank Moore: email "frank.moore@example": Not a valid email address.')
    assert errors[4] == "Line 4 (grace@example.com) has no name: fill in its name column and import it again."
    assert '"https://hugo.example.com/about" is not the address of a LinkedIn profile' in errors[5]
    assert errors[6].startswith("Ivy Chen: phone") and "Length must be between 0 and 50." in errors[6]
    assert errors[7].startswith("Jamal Wright: tags: Longer than maximum length 20.")


def test_an_error_message_says_how_to_fix_the_row(alice):
    report = imported(alice, card("FN:Ben Carter", "EMAIL:ben.carter(at)example.com"))
    assert report["errors"] == [
        {
            "row": 1,
            "message": 'Ben Carter: email "ben.carter(at)example.com": Not a valid email address. '
            "Correct it in the file, or leave it empty, and import again.",
        }
    ]


# --- vCard details -----------------------------------------------------------------------


def test_several_cards_of_one_file_each_become_a_contact(alice):
    report = imported(alice, card("FN:Ana Lima") + card("FN:Bo Nilsson") + card("FN:Carla Mendes"))
    assert counts(report) == (3, 0, 0)
    assert [c["name"] for c in all_contacts(alice)] == ["Ana Lima", "Bo Nilsson", "Carla Mendes"]


def test_folded_lines_are_unfolded(alice):
    imported(
        alice, card("FN:Priya", " nka Raman", "NOTE:A long note that a phone folded after", "  seventy-five octets.")
    )
    assert shown(all_contacts(alice)[0]) == {
        "name": "Priyanka Raman",
        "notes": "A long note that a phone folded after seventy-five octets.",
    }


def test_a_card_without_fn_or_n_is_named_after_its_organization(alice):
    imported(alice, card("ORG:Blue Bottle Coffee;", "TEL:+1 510 555 0177"))
    assert all_contacts(alice)[0]["name"] == "Blue Bottle Coffee"


def test_escaped_commas_semicolons_and_line_breaks_are_read_as_text(alice):
    imported(alice, card("FN:Ana Lima", r"NOTE:One\, two\; three\nfour \\ five", "CATEGORIES:data,a\\,b"))
    contact = all_contacts(alice)[0]
    assert contact["notes"] == "One, two; three\nfour \\ five"
    assert contact["tags"] == ["data", "a,b"]


def test_only_a_linkedin_address_becomes_the_linkedin_url(alice):
    imported(
        alice, card("FN:Ana Lima", "URL:https://ana.example.org", "URL:http://uk.linkedin.com/in/ana-lima/?trk=x#top")
    )
    assert all_contacts(alice)[0]["linkedin_url"] == "https://www.linkedin.com/in/ana-lima"


def test_a_card_with_only_other_web_sites_has_no_linkedin_url(alice):
    imported(alice, card("FN:Ana Lima", "URL:https://ana.example.org"))
    assert all_contacts(alice)[0]["linkedin_url"] is None


@pytest.mark.parametrize(
    "kind",
    ["KIND:group", "X-ADDRESSBOOKSERVER-KIND:group"],  # vCard 4.0; Apple's iCloud and CardDAV 3.0
)
def test_a_contact_groups_card_is_skipped_not_imported_as_a_person(alice, kind):
    group = card(
        "FN:Mentors",
        kind,
        "MEMBER:urn:uuid:03a0e51f-d1aa-4385-8a53-e29025acd8af",
        "X-ADDRESSBOOKSERVER-MEMBER:urn:uuid:03a0e51f-d1aa-4385-8a53-e29025acd8af",
        version="4.0",
    )
    report = imported(alice, card("FN:Ana Lima", "UID:03a0e51f-d1aa-4385-8a53-e29025acd8af") + group)
    assert report == {"created": 1, "updated": 0, "skipped": 1, "errors": []}
    assert [contact["name"] for contact in all_contacts(alice)] == ["Ana Lima"]


def test_a_windows_1252_vcard_is_read(alice):
    imported(alice, card("FN:José Núñez", "ORG:Café Ejemplo").encode("cp1252"))
    assert shown(all_contacts(alice)[0]) == {"name": "José Núñez", "company": "Café Ejemplo"}


def test_a_utf16_file_with_a_byte_order_mark_is_read(alice):
    imported(alice, card("FN:Zoë Ñúñez").encode("utf-16"))
    assert all_contacts(alice)[0]["name"] == "Zoë Ñúñez"


# --- CSV details -------------------------------------------------------------------------


def test_csv_headers_are_matched_whatever_their_case_spacing_and_synonym(alice):
    raw = "  FULL NAME , e-mail address,Telephone,Organisation,Position,linkedin_url\nAna Lima,ana@example.org,+351 1,Contoso,CTO,\n"
    imported(alice, raw, "text/csv")
    assert shown(all_contacts(alice)[0]) == {
        "name": "Ana Lima",
        "email": "ana@example.org",
        "phone": "+351 1",
        "company": "Contoso",
        "title": "CTO",
    }


def test_a_name_is_built_from_first_middle_and_last_name_columns(alice):
    imported(alice, "Given Name,Middle Name,Family Name\nMaría,José,González\n", "text/csv")
    assert all_contacts(alice)[0]["name"] == "María José González"


def test_a_semicolon_separated_csv_is_read(alice):
    imported(alice, "Name;Email;Company\nAna Lima;ana@example.org;Contoso, Lda\n", "text/csv")
    assert shown(all_contacts(alice)[0]) == {"name": "Ana Lima", "email": "ana@example.org", "company": "Contoso, Lda"}


def test_a_csv_saved_by_excel_in_windows_1252_is_read(alice):
    imported(alice, "Name,Company\r\nJosé Núñez,Café Ejemplo\r\n".encode("cp1252"), "text/csv")
    assert shown(all_contacts(alice)[0]) == {"name": "José Núñez", "company": "Café Ejemplo"}


@pytest.mark.parametrize(
    ("raw", "location"),
    [
        ("Name,City,State,Country\nAna Lima,Porto,,Portugal\n", "Porto, Portugal"),
        ("Name,City,Region,Country\nBo Nilsson,Singapore,Singapore,Singapore\n", "Singapore"),
        ("Name,Location,City\nAna Lima,Remote (EU),Porto\n", "Remote (EU)"),  # a location column decides
        ("Name,Location,City,Country\nAna Lima,,Porto,Portugal\n", "Porto, Portugal"),
    ],
)
def test_a_location_is_put_together_from_city_region_and_country_columns(alice, raw, location):
    imported(alice, raw, "text/csv")
    assert all_contacts(alice)[0]["location"] == location


def test_of_several_values_google_joined_in_one_cell_the_first_is_taken(alice):
    raw = "Name,E-mail 1 - Value,Phone 1 - Value\nAna Lima,ana@example.org ::: ana@example.net,+351 1 ::: +351 2\n"
    imported(alice, raw, "text/csv")
    assert shown(all_contacts(alice)[0]) == {"name": "Ana Lima", "email": "ana@example.org", "phone": "+351 1"}


def test_a_title_column_beside_a_job_title_is_an_honorific_not_the_job(alice):
    imported(alice, "First Name,Last Name,Title,Job Title\nAna,Lima,Dr.,\n", "text/csv")
    assert all_contacts(alice)[0]["title"] is None


def test_a_web_site_in_a_plain_url_column_is_left_out(alice):
    report = imported(alice, "Name,URL\nAna Lima,https://ana.example.org\n", "text/csv")
    assert counts(report) == (1, 0, 0) and report["errors"] == []
    assert all_contacts(alice)[0]["linkedin_url"] is None


def test_tags_may_be_separated_by_commas_or_semicolons(alice):
    imported(alice, 'name,tags\nAna Lima,"data; mentor, pm"\n', "text/csv")
    assert all_contacts(alice)[0]["tags"] == ["data", "mentor", "pm"]


def test_a_header_only_csv_imports_nothing(alice):
    report = imported(alice, "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n", "text/csv")
    assert report == {"created": 0, "updated": 0, "skipped": 0, "errors": []}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("https://www.linkedin.com/in/ana-lima", "https://www.linkedin.com/in/ana-lima"),
        ("http://linkedin.com/in/ana-lima/", "https://www.linkedin.com/in/ana-lima"),
        ("linkedin.com/in/ana-lima", "https://www.linkedin.com/in/ana-lima"),
        ("https://PT.LinkedIn.com/in/ana-lima?trk=people#about", "https://www.linkedin.com/in/ana-lima"),
        ("https://www.linkedin.com/company/contoso/", "https://www.linkedin.com/company/contoso"),
        ("https://ana.example.org/linkedin.com/in/x", None),
        ("https://linkedin.com.example.org/in/x", None),
        ("https://www.linkedin.com/", None),
        ("ftp://www.linkedin.com/in/ana", None),
        ("not a url", None),
    ],
)
def test_linkedin_urls_are_normalised(value, expected):
    assert linkedin_profile_url(value) == expected


# --- matching contacts I have ------------------------------------------------------------


def test_a_row_with_the_email_of_a_contact_of_mine_fills_in_what_it_lacks(alice):
    priya = new_contact(alice, name="Priya R.", email="Priya.Raman@Example.org", title="Data lead", tags=["friend"])

    report = imported(
        alice,
        card(
            "FN:Priya Raman",
            "EMAIL:priya.raman@example.org",
            "TITLE:Head of Data",
            "ORG:Northwind",
            "CATEGORIES:data,Friend",
        ),
    )

    assert counts(report) == (0, 1, 0)
    (contact,) = all_contacts(alice)
    assert contact["id"] == priya["id"]
    assert shown(contact) == {
        "name": "Priya R.",  # never overwritten
        "email": "Priya.Raman@Example.org",
        "company": "Northwind",  # filled in
        "title": "Data lead",  # never overwritten
        "tags": ["friend", "data"],  # added, ignoring case
    }
    assert contact["updated_at"] >= priya["updated_at"]


def test_a_row_with_the_linkedin_url_of_a_contact_of_mine_updates_it(alice):
    priya = new_contact(alice, name="Priya Raman", linkedin_url="http://linkedin.com/in/Priya-Raman/?trk=abc")

    report = imported(
        alice, "Name,LinkedIn,Email\nPriya Raman,https://www.linkedin.com/in/priya-raman,p@example.org\n", "text/csv"
    )

    assert counts(report) == (0, 1, 0)
    (contact,) = all_contacts(alice)
    assert contact["id"] == priya["id"] and contact["email"] == "p@example.org"
    assert contact["linkedin_url"] == "http://linkedin.com/in/Priya-Raman/?trk=abc"  # mine, as I wrote it


def test_the_email_decides_before_the_linkedin_url(alice):
    by_email = new_contact(alice, name="Ana (email)", email="ana@example.org")
    new_contact(alice, name="Ana (LinkedIn)", linkedin_url="https://www.linkedin.com/in/ana")

    imported(alice, card("FN:Ana", "EMAIL:ana@example.org", "URL:https://www.linkedin.com/in/ana", "TITLE:CTO"))

    assert {c["name"]: c["title"] for c in all_contacts(alice)} == {"Ana (email)": "CTO", "Ana (LinkedIn)": None}
    assert by_email["id"] in [c["id"] for c in all_contacts(alice)]


def test_an_import_never_clears_a_field(alice):
    new_contact(alice, name="Priya Raman", email="priya@example.org", phone="+44 1", notes="Mine")

    report = imported(alice, "name,email,phone,notes\nPriya Raman,priya@example.org,,\n", "text/csv")

    assert counts(report) == (0, 0, 1)
    assert shown(all_contacts(alice)[0]) == {
        "name": "Priya Raman",
        "email": "priya@example.org",
        "phone": "+44 1",
        "notes": "Mine",
    }


def test_a_row_that_changes_nothing_is_skipped_and_leaves_the_contact_as_it_was(alice):
    priya = new_contact(alice, name="Priya Raman", email="priya@example.org", company="Northwind")

    report = imported(alice, card("FN:Priya Raman", "EMAIL:priya@example.org", "ORG:Other Corp"))

    assert counts(report) == (0, 0, 1)
    assert alice.get(f"{CONTACTS}/{priya['id']}").get_json() == priya


def test_tags_are_added_only_while_a_contact_has_room_for_them(alice):
    new_contact(alice, name="Priya Raman", email="priya@example.org", tags=[f"t{i}" for i in range(19)])
    imported(alice, card("FN:Priya Raman", "EMAIL:priya@example.org", "CATEGORIES:one,two,three"))
    assert all_contacts(alice)[0]["tags"] == [*(f"t{i}" for i in range(19)), "one"]


def test_a_second_card_for_the_same_person_in_one_file_fills_in_the_first(alice):
    report = imported(
        alice,
        card("FN:Ana Lima", "EMAIL:ana@example.org")
        + card("FN:Ana Lima", "URL:https://www.linkedin.com/in/ana-lima", "EMAIL:ANA@example.org", "TEL:+351 1")
        + card("FN:A. Lima", "URL:linkedin.com/in/ana-lima/", "TITLE:CTO"),
    )

    assert counts(report) == (1, 2, 0)
    assert contacts_shown(alice) == [
        {
            "name": "Ana Lima",
            "email": "ana@example.org",
            "phone": "+351 1",
            "title": "CTO",
            "linkedin_url": "https://www.linkedin.com/in/ana-lima",
        }
    ]


def test_people_without_email_or_linkedin_url_are_never_matched(alice):
    new_contact(alice, name="Ana Lima")
    report = imported(alice, card("FN:Ana Lima"))
    assert counts(report) == (1, 0, 0)
    assert [c["name"] for c in all_contacts(alice)] == ["Ana Lima", "Ana Lima"]


def test_of_two_contacts_with_the_same_email_the_older_one_is_updated(alice):
    older = new_contact(alice, name="Ana 1", email="ana@example.org")
    newer = new_contact(alice, name="Ana 2", email="ana@example.org")
    imported(alice, card("FN:Ana", "EMAIL:ana@example.org", "TITLE:CTO"))
    titles = {c["id"]: c["title"] for c in all_contacts(alice)}
    assert titles == {older["id"]: "CTO", newer["id"]: None}


# --- dry run -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["mixed-problems.vcf", "contacts-with-problems.csv", "linkedin-connections.csv"])
def test_a_dry_run_answers_what_the_import_would_do_and_writes_nothing(alice, name):
    new_contact(alice, name="Ana", email="ana.souza@example.com")
    before = all_contacts(alice)

    dry = imported(alice, fixture(name), content_type_of(name), dry_run="true")

    assert all_contacts(alice) == before
    assert imported(alice, fixture(name), content_type_of(name)) == dry


def test_a_dry_run_leaves_a_contact_i_have_unchanged(alice):
    priya = new_contact(alice, name="Priya Raman", email="priya@example.org")
    report = imported(alice, card("FN:Priya", "EMAIL:priya@example.org", "TITLE:CTO"), dry_run="true")
    assert counts(report) == (0, 1, 0)
    assert alice.get(f"{CONTACTS}/{priya['id']}").get_json() == priya


# --- how the file is sent ----------------------------------------------------------------


@pytest.mark.parametrize("name", ["iphone-3.0.vcf", "linkedin-connections.csv"])
def test_a_multipart_form_with_the_file_imports(alice, name):
    response = alice.post(IMPORT, data={"file": (io.BytesIO(fixture(name)), name)}, content_type="multipart/form-data")
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
    response = alice.post(IMPORT, json={"name": "Ana"})
    detail = assert_problem(response, 415, "unsupported_media_type")["detail"]
    assert "text/vcard" in detail and "text/csv" in detail and "multipart/form-data" in detail
    assert all_contacts(alice) == []


def test_a_body_without_a_content_type_is_a_415_problem(alice):
    assert_problem(alice.post(IMPORT, data=fixture("iphone-3.0.vcf")), 415, "unsupported_media_type")


def test_curl_data_binary_without_a_content_type_is_told_the_header_to_add(alice):
    response = import_file(alice, fixture("iphone-3.0.vcf"), "application/x-www-form-urlencoded")
    detail = assert_problem(response, 415, "unsupported_media_type")["detail"]
    assert "application/x-www-form-urlencoded" in detail and "-H 'Content-Type: text/vcard'" in detail
    assert all_contacts(alice) == []


def test_a_form_without_a_file_is_a_422_problem(alice):
    response = alice.post(IMPORT, data={"note": "forgot the file"}, content_type="multipart/form-data")
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
    response = small.post(IMPORT, data=raw, content_type="text/vcard", headers=alice.headers)
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
    response = client.post(IMPORT, data=fixture("iphone-3.0.vcf"), content_type="text/vcard")
    assert_problem(response, 401, "token_missing")


# --- ownership ---------------------------------------------------------------------------


def test_someone_elses_contact_with_the_same_email_is_never_matched_nor_touched(alice, bob):
    bobs = new_contact(
        bob, name="Priya (Bob's)", email="priya@example.org", linkedin_url="https://www.linkedin.com/in/p"
    )

    report = imported(
        alice, card("FN:Priya Raman", "EMAIL:priya@example.org", "URL:https://www.linkedin.com/in/p", "TITLE:CTO")
    )

    assert counts(report) == (1, 0, 0)
    assert [c["name"] for c in all_contacts(alice)] == ["Priya Raman"]
    assert all_contacts(bob) == [bobs]


def test_my_export_imported_by_someone_else_makes_contacts_of_their_own(alice, bob):
    mine = new_contact(alice, name="Priya Raman")
    export = alice.get(f"{CONTACTS}/export.vcf").data

    assert counts(imported(bob, export)) == (1, 0, 0)  # the UID is of a contact of alice's: no match for bob
    assert all_contacts(alice) == [mine]


# --- a bounded number of queries ---------------------------------------------------------


def _new_people(count: int, offset: int = 0) -> str:
    return "".join(
        card(f"FN:Person {i}", f"EMAIL:person{i}@example.org", "ORG:Example Corp", "CATEGORIES:imported,batch")
        for i in range(offset, offset + count)
    )


def test_creating_contacts_takes_as_many_queries_for_three_rows_as_for_thirty(alice, queries):
    imported(alice, _new_people(3))
    few = queries.count
    queries.statements.clear()

    imported(alice, _new_people(30, offset=100))

    assert queries.count == few


def test_updating_contacts_takes_as_many_queries_for_three_rows_as_for_thirty(alice, queries):
    imported(alice, "".join(card(f"FN:Person {i}", f"EMAIL:person{i}@example.org") for i in range(40)))
    queries.statements.clear()
    imported(alice, "".join(card(f"FN:Person {i}", f"EMAIL:person{i}@example.org", "TITLE:CTO") for i in range(3)))
    few = queries.count
    queries.statements.clear()

    report = imported(
        alice, "".join(card(f"FN:Person {i}", f"EMAIL:person{i}@example.org", "TITLE:CTO") for i in range(3, 33))
    )

    assert counts(report) == (0, 30, 0)
    assert queries.count == few
