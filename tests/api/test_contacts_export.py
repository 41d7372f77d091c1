"""Exporting my contacts as a vCard 4.0 file: read back with vobject, and imported again."""

from __future__ import annotations

import re

import pytest
import vobject

from tests.factories import CONTACTS, CONTACTS_EXPORT, CONTACTS_IMPORT, new_contact

UID = re.compile(r"urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")
# The fields a vCard carries, as the API shows them.
CARRIED = ("name", "email", "phone", "company", "title", "location", "linkedin_url", "notes", "tags")

PRIYA = {
    "name": "Priya Raman",
    "email": "priya@example.org",
    "phone": "+44 20 7946 0958",
    "company": "Northwind Analytics; Research",
    "title": "Head of Data Science, EMEA",
    "location": "London, UK",
    "linkedin_url": "https://www.linkedin.com/in/priya-raman",
    "notes": "Met at PyData London, 2026.\nAsk about triage models; she prefers mornings.\\nNot a line break.",
    "tags": ["data", "mentor, informal", "a;b"],
}


def exported(account) -> str:
    response = account.get(CONTACTS_EXPORT)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_data(as_text=True)


def cards(text: str) -> list:
    return list(vobject.readComponents(text))


def carried(contact: dict) -> dict:
    return {field: contact[field] for field in CARRIED}


def all_contacts(account) -> list[dict]:
    """My contacts, oldest first."""
    response = account.get(CONTACTS, query_string={"limit": 100})
    assert response.status_code == 200, response.get_json()
    return list(reversed(response.get_json()["items"]))


def test_the_export_is_a_vcard_file_to_download(alice):
    new_contact(alice)
    response = alice.get(CONTACTS_EXPORT)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/vcard; charset=utf-8"
    assert response.headers["Content-Disposition"] == 'attachment; filename="contacts.vcf"'
    assert response.headers["Cache-Control"] == "private"


def test_each_contact_is_a_vcard_4_card_with_every_field(alice):
    priya = new_contact(alice, **PRIYA)

    (card,) = cards(exported(alice))

    assert card.version.value == "4.0"
    assert card.fn.value == "Priya Raman"
    assert (card.n.value.family, card.n.value.given) == ("Raman", "Priya")
    assert card.email.value == "priya@example.org"
    assert card.tel.value == "+44 20 7946 0958"
    assert card.tel.params["VALUE"] == ["text"]  # in vCard 4.0 a TEL without it is a tel: URI
    assert card.org.value == ["Northwind Analytics; Research"]
    assert card.title.value == "Head of Data Science, EMEA"
    assert card.adr.value.city == "London, UK"
    assert card.url.value == "https://www.linkedin.com/in/priya-raman"
    assert card.note.value == PRIYA["notes"]
    assert card.categories.value == PRIYA["tags"]
    assert UID.fullmatch(card.uid.value)
    assert card.rev.value == priya["updated_at"].replace("-", "").replace(":", "")


def test_a_contact_with_only_a_name_has_only_the_required_lines(alice):
    new_contact(alice, name="Cher")
    text = exported(alice)
    assert [line.split(":")[0] for line in text.split("\r\n") if line] == [
        "BEGIN",
        "VERSION",
        "PRODID",
        "UID",
        "FN",
        "N",
        "REV",
        "END",
    ]
    assert "N:;Cher;;;\r\n" in text


def test_every_line_ends_with_crlf_and_long_lines_are_folded_at_75_octets(alice):
    new_contact(alice, name="Zoë Ñúñez", notes="Café con leche, ñandú y pingüino. " * 60)

    raw = alice.get(CONTACTS_EXPORT).data

    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    lines = raw.split(b"\r\n")[:-1]
    assert max(len(line) for line in lines) <= 75
    assert len(lines) > 30
    for line in lines:
        line.decode()  # no UTF-8 character is cut in two by a fold
    (card,) = cards(raw.decode())
    assert card.note.value == "Café con leche, ñandú y pingüino. " * 59 + "Café con leche, ñandú y pingüino."


def test_contacts_come_in_the_order_they_were_added_and_only_mine(alice, bob):
    names = ["Ana Lima", "Bo Nilsson", "Carla Mendes"]
    for name in names:
        new_contact(alice, name=name)
    new_contact(bob, name="Bob's contact")

    assert [card.fn.value for card in cards(exported(alice))] == names
    assert [card.fn.value for card in cards(exported(bob))] == ["Bob's contact"]


def test_no_contacts_export_as_an_empty_file(alice):
    assert exported(alice) == ""


def test_each_card_keeps_its_uid_from_one_export_to_the_next(alice, bob):
    first = new_contact(alice, name="Ana Lima")
    uids = [card.uid.value for card in cards(exported(alice))]
    new_contact(alice, name="Bo Nilsson")
    alice.patch(f"{CONTACTS}/{first['id']}", json={"title": "CTO"})
    new_contact(bob, name="Ana Lima")

    again = [card.uid.value for card in cards(exported(alice))]

    assert again[0] == uids[0] and len(set(again)) == 2
    assert cards(exported(bob))[0].uid.value not in again


# --- ETag -------------------------------------------------------------------------------


def test_the_export_has_an_etag_and_a_current_copy_gets_a_304(alice):
    new_contact(alice)
    etag = alice.get(CONTACTS_EXPORT).headers["ETag"]

    response = alice.get(CONTACTS_EXPORT, headers={"If-None-Match": etag})

    assert response.status_code == 304 and response.data == b""
    assert response.headers["ETag"] == etag


@pytest.mark.parametrize("change", ["add", "edit", "tag", "delete"])
def test_any_change_to_my_contacts_gives_a_new_etag(alice, change):
    ana = new_contact(alice, name="Ana Lima")
    new_contact(alice, name="Bo Nilsson")
    etag = alice.get(CONTACTS_EXPORT).headers["ETag"]

    if change == "add":
        new_contact(alice, name="Carla Mendes")
    elif change == "edit":
        alice.patch(f"{CONTACTS}/{ana['id']}", json={"title": "CTO"})
    elif change == "tag":
        alice.patch(f"{CONTACTS}/{ana['id']}", json={"tags": ["mentor"]})
    else:
        alice.delete(f"{CONTACTS}/{ana['id']}")

    response = alice.get(CONTACTS_EXPORT, headers={"If-None-Match": etag})
    assert response.status_code == 200 and response.headers["ETag"] != etag


def test_someone_elses_change_keeps_my_etag(alice, bob):
    new_contact(alice)
    etag = alice.get(CONTACTS_EXPORT).headers["ETag"]
    new_contact(bob)
    assert alice.get(CONTACTS_EXPORT, headers={"If-None-Match": etag}).status_code == 304


def test_exporting_takes_as_many_queries_for_two_contacts_as_for_twenty(alice, queries):
    for i in range(2):
        new_contact(alice, name=f"Person {i}", tags=["a", "b"])
    queries.statements.clear()
    exported(alice)
    few = queries.count
    for i in range(2, 20):
        new_contact(alice, name=f"Person {i}", tags=["a", "b"])
    queries.statements.clear()

    exported(alice)

    assert queries.count == few


def test_exporting_needs_a_login(client):
    response = client.get(CONTACTS_EXPORT)
    assert response.status_code == 401 and response.mimetype == "application/problem+json"


# --- export, then import ----------------------------------------------------------------


def test_my_export_imported_into_another_account_gives_the_same_contacts(alice, bob):
    new_contact(alice, **PRIYA)
    new_contact(alice, name="Zoë Ñúñez", email="zoe@example.org", notes="Línea uno\nlínea dos", tags=["ñ"])
    new_contact(alice, name="Cher")
    new_contact(alice, name="Sam Okafor", linkedin_url="https://www.linkedin.com/in/sam-okafor", location="Lagos")

    response = bob.post(CONTACTS_IMPORT, data=alice.get(CONTACTS_EXPORT).data, content_type="text/vcard")

    assert response.get_json() == {"created": 4, "updated": 0, "skipped": 0, "errors": [], "warnings": []}
    assert [carried(c) for c in all_contacts(bob)] == [carried(c) for c in all_contacts(alice)]


def test_my_export_imported_into_my_account_finds_every_contact_again(alice):
    new_contact(alice, **PRIYA)
    new_contact(alice, name="Cher")  # no email nor LinkedIn URL: found by the card's UID
    before = all_contacts(alice)

    response = alice.post(CONTACTS_IMPORT, data=alice.get(CONTACTS_EXPORT).data, content_type="text/vcard")

    assert response.get_json() == {"created": 0, "updated": 0, "skipped": 2, "errors": [], "warnings": []}
    assert all_contacts(alice) == before
