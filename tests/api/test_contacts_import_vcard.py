"""Reading vCards: several cards a file, folded lines and escapes, a name from FN, N or ORG, only a
LinkedIn address as the LinkedIn URL, contact groups skipped, Windows-1252 and UTF-16 files.

The files are written here, with ``tests.factories.card`` for vCards.
"""

from __future__ import annotations

import pytest

from tests.factories import (
    card,
    shown,
)
from tests.factories import contacts_oldest_first as all_contacts
from tests.factories import import_counts as counts
from tests.factories import imported_contacts as imported

# --- vCard details ---------------------------------------------------------------------


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
    assert report == {"created": 1, "updated": 0, "skipped": 1, "errors": [], "warnings": []}
    assert [contact["name"] for contact in all_contacts(alice)] == ["Ana Lima"]


def test_a_windows_1252_vcard_is_read(alice):
    imported(alice, card("FN:José Núñez", "ORG:Café Ejemplo").encode("cp1252"))
    assert shown(all_contacts(alice)[0]) == {"name": "José Núñez", "company": "Café Ejemplo"}


def test_a_utf16_file_with_a_byte_order_mark_is_read(alice):
    imported(alice, card("FN:Zoë Ñúñez").encode("utf-16"))
    assert all_contacts(alice)[0]["name"] == "Zoë Ñúñez"
