"""vCard text as exporters escape it: a comma inside ORG, an ADR part or (in vCard 2.1, which has no
comma escape) any value is text, not a separator; ORG's units are the company, then its departments,
which follow the title; and what the export writes comes back unchanged when imported.

Realistic files come from ``tests/fixtures/contacts`` (see its README); the other cases are
files written here.
"""

from __future__ import annotations

import pytest

from tests.factories import CONTACTS_EXPORT, CONTACTS_IMPORT, card, contacts_shown, new_contact
from tests.factories import contact_file as fixture
from tests.factories import contacts_oldest_first as all_contacts
from tests.factories import import_counts as counts
from tests.factories import imported_contacts as imported


def test_an_android_export_keeps_the_commas_of_companies_titles_and_places(alice):
    report = imported(alice, fixture("android-2.1-companies.vcf"))

    assert counts(report) == (3, 0, 0) and report["errors"] == []
    assert contacts_shown(alice) == [
        {
            "name": "Tolu Adeyemi",
            "email": "tolu.adeyemi@example.com",
            "phone": "+1 202 555 0143",
            "company": "Example Company, The",
            "title": "Research Lead, Data Science",  # ORG's department after the title
            "location": "Washington, D.C., USA",
        },
        {
            "name": "Petra Novak",
            "email": "petra.novak@example.org",
            "company": "Acme, Inc.",
            "title": "VP, Engineering",
            "notes": "Coffee; not tea, please. Prefers Thursdays.",
        },
        {
            "name": "Omar Haddad",
            "email": "omar.haddad@example.net",
            "company": "Fabrikam Health",
            "title": "Platform, Data Infrastructure",  # no TITLE: the departments alone
        },
    ]


@pytest.mark.parametrize("version", ["3.0", "4.0"])
def test_an_escaped_comma_in_org_is_text_and_an_escaped_semicolon_does_not_start_a_department(alice, version):
    imported(alice, card("FN:Ana Lima", r"ORG:Company\, The;Sales\; Marketing", version=version))
    contact = all_contacts(alice)[0]
    assert (contact["company"], contact["title"]) == ("Company, The", "Sales; Marketing")


def test_a_department_already_named_in_the_title_is_not_repeated(alice):
    imported(alice, card("FN:Ana Lima", "ORG:Contoso;Research", "TITLE:Head of Research"))
    assert all_contacts(alice)[0]["title"] == "Head of Research"


def test_a_card_named_after_its_organization_takes_the_company_not_its_departments(alice):
    imported(alice, card(r"ORG:Company\, The;Sales", "TEL:+1 510 555 0177"))
    assert all_contacts(alice)[0]["name"] == "Company, The"


def test_a_vcard_2_1_name_keeps_its_commas_as_text(alice):
    imported(alice, card("N:Doe;John;;;Jr., PhD", version="2.1"))
    assert all_contacts(alice)[0]["name"] == "John Doe Jr., PhD"


def test_a_vcard_3_0_list_in_a_name_part_is_joined_by_spaces(alice):
    imported(alice, card("N:Doe;John;Quincy,Adams;;"))
    assert all_contacts(alice)[0]["name"] == "John Quincy Adams Doe"


def test_a_vcard_2_1_note_keeps_a_backslash_that_escapes_nothing(alice):
    imported(alice, card("FN:Ana Lima", r"NOTE:Shared drive: S:\Data\Users\ana; ask first\nThanks", version="2.1"))
    assert all_contacts(alice)[0]["notes"] == "Shared drive: S:\\Data\\Users\\ana; ask first\nThanks"


def test_what_the_export_escapes_comes_back_unchanged_when_imported(alice, bob):
    written = {
        "name": "Tolu Adeyemi",
        "company": "Example Company, The",
        "title": "Director; Strategy, EMEA",
        "location": "Washington, D.C.",
        "notes": "First line, with a comma\nSecond line; with a semicolon \\ and a backslash\\n, not a line break",
        "tags": ["a,b", "c;d"],
    }
    new_contact(alice, **written)

    report = imported(bob, alice.get(CONTACTS_EXPORT).data)

    assert counts(report) == (1, 0, 0)
    assert contacts_shown(bob) == [written]


def test_the_export_of_a_company_with_a_comma_reimports_into_the_same_account_as_the_same_contact(alice):
    new_contact(alice, name="Acme", company="Acme, Inc.", notes="Line one\nLine two")
    before = all_contacts(alice)
    response = alice.post(CONTACTS_IMPORT, data=alice.get(CONTACTS_EXPORT).data, content_type="text/vcard")
    assert counts(response.get_json()) == (0, 0, 1)
    assert all_contacts(alice) == before
