"""Which contact a row updates: one of mine with its email, else with its LinkedIn URL, and never
someone else's; it fills in what the contact lacks and never overwrites or clears a field.

The files are written here, with ``tests.factories.card`` for vCards.
"""

from __future__ import annotations

from tests.factories import (
    CONTACTS,
    card,
    contacts_shown,
    new_contact,
    shown,
)
from tests.factories import contacts_oldest_first as all_contacts
from tests.factories import import_counts as counts
from tests.factories import imported_contacts as imported

# --- matching contacts I have ----------------------------------------------------------


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


# --- ownership -------------------------------------------------------------------------


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
