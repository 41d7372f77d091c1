"""The report of a contacts import: each broken card or row, by its place in the file and with how to
fix it, while the good ones still import; a dry run answers the same report and writes nothing.

Realistic files come from ``tests/fixtures/contacts`` (see its README); the other cases are
files written here.
"""

from __future__ import annotations

import pytest

from tests.factories import (
    CONTACTS,
    card,
    contacts_shown,
    content_type_of,
    new_contact,
)
from tests.factories import contact_file as fixture
from tests.factories import contacts_oldest_first as all_contacts
from tests.factories import import_counts as counts
from tests.factories import imported_contacts as imported


def error_rows(report: dict) -> list[int]:
    return [error["row"] for error in report["errors"]]


# --- what the report says of broken cards and rows -------------------------------------


def test_each_broken_card_is_reported_and_the_good_ones_still_import(alice):
    report = imported(alice, fixture("mixed-problems.vcf"))

    # Ana Souza (card 1), then her second card fills in her company and title (8), her third adds nothing (10).
    assert counts(report) == (3, 1, 1)
    assert contacts_shown(alice) == [
        {
            "name": "Ana Souza",
            "email": "ana.souza@example.com",
            "phone": "+55 21 99876-5432",
            "company": "Contoso Health",
            "title": "Research Scientist",
        },
        {"name": "Dmitri Ivanov", "company": "Northwind Analytics", "title": "Data Engineer"},
        {"name": "José"},  # an unknown CHARSET: read as Windows-1252, and warned about
    ]
    errors = {error["row"]: error["message"] for error in report["errors"]}
    assert error_rows(report) == [2, 3, 5, 6, 9]
    assert 'Ben Carter: email "ben.carter(at)example.com": Not a valid email address.' in errors[2]
    assert errors[3] == "Card 3 (line 16) has no END:VCARD line, so it may be cut short: it was not imported."
    assert errors[5] == "Card 5 (line 28): line 32 is not a vCard property (NAME:value): not imported."
    assert errors[6].startswith("Card 6 (line 34) has no name (no FN, N, ORG or EMAIL with text in it)")
    assert errors[9].startswith("Jin Park: title") and "Length must be between 0 and 200." in errors[9]
    assert report["warnings"] == [
        {
            "row": 7,
            "field": "name",
            "message": "Card 7 (line 39): line 42 (FN) names a character set (X-MAC-KLINGON) that is unknown; "
            "it was read as Windows-1252: check the contact's name.",
        }
    ]


def test_each_bad_csv_row_is_reported_by_its_line_and_the_good_ones_still_import(alice):
    report = imported(alice, fixture("contacts-with-problems.csv"), "text/csv")

    assert counts(report) == (3, 0, 0)
    assert [contact["name"] for contact in all_contacts(alice)] == ["Eve Adams", "grace@example.com", "Femi Ade"]
    errors = {error["row"]: error["message"] for error in report["errors"]}
    assert error_rows(report) == [3, 5, 6, 7, 10]
    assert errors[3].startswith('Frank Moore: email "frank.moore@example": Not a valid email address.')
    assert '"https://hugo.example.com/about" is not the address of a LinkedIn profile' in errors[5]
    assert errors[6].startswith("Ivy Chen: phone") and "Length must be between 0 and 50." in errors[6]
    assert errors[7].startswith("Jamal Wright: tags: Longer than maximum length 20.")
    assert errors[10] == "Line 10 (Globex) has no name: fill in its name column and import it again."
    # Line 4 has an email but no name: it is named after the address, and the report says so.
    assert [(warning["row"], warning["field"]) for warning in report["warnings"]] == [(4, "name")]


def test_an_error_message_says_how_to_fix_the_row(alice):
    report = imported(alice, card("FN:Ben Carter", "EMAIL:ben.carter(at)example.com"))
    assert report["errors"] == [
        {
            "row": 1,
            "message": 'Ben Carter: email "ben.carter(at)example.com": Not a valid email address. '
            "Correct it in the file, or leave it empty, and import again.",
        }
    ]


# --- dry run ---------------------------------------------------------------------------


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
