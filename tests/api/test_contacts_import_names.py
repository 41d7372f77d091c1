"""A contact without a name, as phones save the people one only wrote to: a card with only an EMAIL
(Android's, Gmail's), or a CSV row with only an email, is named after the address and imported,
and the report says so for that row; a card or row with neither a name nor an email is refused.

Realistic files come from ``tests/fixtures/contacts`` (see its README).
"""

from __future__ import annotations

from tests.factories import card, new_contact
from tests.factories import contact_file as fixture
from tests.factories import contacts_oldest_first as all_contacts
from tests.factories import import_counts as counts
from tests.factories import imported_contacts as imported


def names_and_emails(account) -> list[tuple[str, str | None]]:
    return [(contact["name"], contact["email"]) for contact in all_contacts(account)]


def test_androids_email_only_cards_are_named_after_their_address(alice):
    report = imported(alice, fixture("android-2.1-email-only.vcf"))

    assert counts(report) == (5, 0, 0) and report["errors"] == []
    assert names_and_emails(alice) == [
        ("Sam Okafor", "sam.okafor@example.com"),
        ("Jane Doe", "jane.doe@example.com"),
        ("info@example.org", "info@example.org"),  # a role, not a person: the address itself
        ("j1234@example.net", "j1234@example.net"),  # no name in it: the address itself
        ("Li Wei", "li_wei@example.com"),
    ]


def test_the_report_warns_about_each_card_named_after_its_address(alice):
    report = imported(alice, fixture("android-2.1-email-only.vcf"))

    assert [(warning["row"], warning["field"]) for warning in report["warnings"]] == [
        (2, "name"),
        (3, "name"),
        (4, "name"),
        (5, "name"),
    ]
    assert report["warnings"][0]["message"] == (
        'Card 2 (line 8) has no name (no FN, N or ORG), so it was named "Jane Doe" after its email address: '
        "rename the contact if that is not who it is."
    )
    assert report["warnings"][1]["message"] == (
        'Card 3 (line 12) has no name (no FN, N or ORG), so it was named "info@example.org" after its email '
        "address: rename the contact if that is not who it is."
    )


def test_a_card_with_an_empty_fn_and_n_is_named_after_its_address(alice):
    imported(alice, card("N:;;;;", "FN:", "EMAIL;TYPE=INTERNET:jane.doe@example.com"))  # Android's vCard 3.0
    assert names_and_emails(alice) == [("Jane Doe", "jane.doe@example.com")]


def test_an_email_only_card_for_a_contact_i_have_keeps_their_name_and_is_not_warned_about(alice):
    new_contact(alice, name="Jane Doe-Smith", email="jane.doe@example.com")
    report = imported(alice, card("EMAIL:jane.doe@example.com", "TITLE:Analyst"))

    assert counts(report) == (0, 1, 0) and report["warnings"] == []
    assert names_and_emails(alice) == [("Jane Doe-Smith", "jane.doe@example.com")]


def test_a_csv_row_with_only_an_email_is_named_after_its_address(alice):
    report = imported(alice, "Name,Email,Company\r\n,mei.tanaka@example.org,Fabrikam\r\n", "text/csv")

    assert counts(report) == (1, 0, 0) and report["errors"] == []
    assert names_and_emails(alice) == [("Mei Tanaka", "mei.tanaka@example.org")]
    assert report["warnings"] == [
        {
            "row": 2,
            "field": "name",
            "message": 'Line 2 has no name, so it was named "Mei Tanaka" after its email address: '
            "rename the contact if that is not who it is.",
        }
    ]


def test_a_card_without_a_name_or_an_email_is_still_refused(alice):
    report = imported(alice, card("TEL;TYPE=CELL:+1 555 0100"))
    assert counts(report) == (0, 0, 0)
    assert report["errors"] == [
        {
            "row": 1,
            "message": "Card 1 (line 1) has no name (no FN, N, ORG or EMAIL with text in it): add a name to "
            "the card and import it again.",
        }
    ]
