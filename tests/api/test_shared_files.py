"""A file shared from another app (the web app's Web Share Target) goes to the import it belongs to:
a vCard or a CSV file of contacts (LinkedIn's Connections.csv) to the contacts import, an iCalendar
invitation to the calendar import; told by the type it is declared with, else its name, else its
first line. Any other file is a 415 saying which files are accepted.

The user is registered as me@example.com, the invitee of every invitation of ``tests.factories.invite``.
"""

from __future__ import annotations

import io

import pytest

from service.contacts_io import MAX_ROWS
from tests.factories import (
    SHARED_FILES,
    all_contacts,
    all_meetings,
    assert_problem,
    card,
    invite,
    new_contact,
    new_meeting,
)
from tests.factories import contact_file as fixture
from tests.factories import import_counts as counts

VCARD = card("FN:Ana Lima", "N:Lima;Ana;;;", "EMAIL:ana@example.org", "ORG:Contoso;").encode()
# LinkedIn's Connections.csv as exported today: its notes before the header (tests/fixtures/contacts).
LINKEDIN_CSV = (
    b"Notes:\n"
    b'"When exporting your connection data, you may notice that some of the email addresses are missing. You will '
    b"only see email addresses for connections who have allowed their connections to see or download their email "
    b"address using this setting https://www.linkedin.com/psettings/privacy/email. You can learn more here "
    b'https://www.linkedin.com/help/linkedin/answer/261"\n'
    b"\n"
    b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    b"Priya,Raman,https://www.linkedin.com/in/priya-raman-example,priya.raman@example.org,Northwind Analytics,"
    b"Head of Data Science,14 Nov 2026\n"
    b'Jonas,Weber,https://www.linkedin.com/in/jonas-weber-3b1a2c47,,"Example GmbH, Berlin",Senior Platform Engineer,'
    b"02 Oct 2026\n"
)
INVITATION = invite(uid="shared-1@example.org", summary="Coffee with Priya")


def share(account, data: bytes, filename: str | None, content_type: str = "application/octet-stream", **kwargs):
    """Share ``data`` as the web app does: a form's file in a field named `file`."""
    file = (io.BytesIO(data), filename or "", content_type)
    return account.post(SHARED_FILES, data={"file": file}, content_type="multipart/form-data", **kwargs)


def imported(response) -> dict:
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


# --- each kind of file goes to its import ----------------------------------------------


def test_a_vcard_is_imported_as_contacts(me):
    answer = imported(share(me, VCARD, "Ana Lima.vcf", "text/vcard"))
    assert answer == {
        "imported_as": "contacts",
        "contacts": {"created": 1, "updated": 0, "skipped": 0, "errors": [], "warnings": []},
        "calendar": None,
    }
    assert [(c["name"], c["email"], c["company"]) for c in all_contacts(me)] == [
        ("Ana Lima", "ana@example.org", "Contoso")
    ]


def test_linkedins_connections_csv_is_imported_as_contacts(me):
    answer = imported(share(me, LINKEDIN_CSV, "Connections.csv", "text/csv"))
    assert answer["imported_as"] == "contacts" and answer["calendar"] is None
    assert counts(answer["contacts"]) == (2, 0, 0)
    assert sorted((c["name"], c["email"]) for c in all_contacts(me)) == [
        ("Jonas Weber", None),
        ("Priya Raman", "priya.raman@example.org"),
    ]
    assert {c["how_met"] for c in all_contacts(me)} == {
        "LinkedIn connection since 14 Nov 2026",
        "LinkedIn connection since 02 Oct 2026",
    }


def test_an_ics_invitation_is_imported_as_a_meeting(me):
    answer = imported(share(me, INVITATION, "invite.ics", "text/calendar"))
    assert answer["imported_as"] == "calendar" and answer["contacts"] is None
    assert counts(answer["calendar"]) == (1, 0, 0, 0)
    (meeting,) = all_meetings(me)
    assert answer["calendar"]["events"][0]["meeting_id"] == meeting["id"]
    assert meeting["title"] == "Coffee with Priya"


def test_the_same_invitation_shared_twice_updates_its_meeting(me):
    imported(share(me, INVITATION, "invite.ics", "text/calendar"))
    answer = imported(share(me, INVITATION, "invite.ics", "text/calendar"))
    assert counts(answer["calendar"]) == (0, 1, 0, 0)
    assert len(all_meetings(me)) == 1


@pytest.mark.parametrize(
    ("content_type", "data", "imported_as"),
    [
        ("text/vcard", VCARD, "contacts"),
        ("text/x-vcard; charset=utf-8", VCARD, "contacts"),
        ("text/csv", LINKEDIN_CSV, "contacts"),
        ("text/comma-separated-values", LINKEDIN_CSV, "contacts"),
        ("text/calendar", INVITATION, "calendar"),
        ("application/ics", INVITATION, "calendar"),
    ],
)
def test_a_body_of_its_own_media_type_is_imported(me, content_type, data, imported_as):
    answer = imported(me.post(SHARED_FILES, data=data, content_type=content_type))
    assert answer["imported_as"] == imported_as
    assert answer[imported_as]["created"] >= 1


# --- a file sent without its type: its name, else its first line ---------------------------


@pytest.mark.parametrize(
    ("filename", "data", "imported_as"),
    [
        ("Ana Lima.vcf", VCARD, "contacts"),
        ("Connections.csv", LINKEDIN_CSV, "contacts"),
        ("invite.ics", INVITATION, "calendar"),
        ("INVITE.ICS", INVITATION, "calendar"),
    ],
)
def test_a_file_sent_as_octet_stream_is_told_by_its_name(me, filename, data, imported_as):
    answer = imported(share(me, data, filename, "application/octet-stream"))
    assert answer["imported_as"] == imported_as
    assert answer[imported_as]["created"] >= 1
    other = {"contacts": "calendar", "calendar": "contacts"}[imported_as]
    assert answer[other] is None


@pytest.mark.parametrize(
    ("data", "imported_as"),
    [
        (VCARD, "contacts"),
        (b"\xef\xbb\xbf" + VCARD, "contacts"),  # a byte order mark
        (VCARD.decode().encode("utf-16"), "contacts"),
        (LINKEDIN_CSV, "contacts"),
        (INVITATION, "calendar"),
        (b"\r\n" + INVITATION, "calendar"),
    ],
    ids=["vcard", "vcard-bom", "vcard-utf16", "csv", "ics", "ics-blank-line"],
)
@pytest.mark.parametrize("filename", ["shared", "attachment.dat", None])
def test_a_file_whose_type_and_name_say_nothing_is_told_by_its_first_line(me, data, imported_as, filename):
    answer = imported(share(me, data, filename, "application/octet-stream"))
    assert answer["imported_as"] == imported_as


@pytest.mark.parametrize(("data", "imported_as"), [(VCARD, "contacts"), (INVITATION, "calendar")])
@pytest.mark.parametrize("content_type", ["application/octet-stream", "text/plain; charset=utf-8"])
def test_a_body_of_a_type_that_says_nothing_is_told_by_its_first_line(me, content_type, data, imported_as):
    answer = imported(me.post(SHARED_FILES, data=data, content_type=content_type))
    assert answer["imported_as"] == imported_as


def test_the_declared_type_is_believed_before_the_name(me):
    # A phone that names a shared card "contact.txt" still says text/vcard.
    assert imported(share(me, VCARD, "contact.txt", "text/vcard"))["imported_as"] == "contacts"


def test_the_whole_linkedin_export_imports_as_the_contacts_import_does(me):
    data = fixture("linkedin-connections.csv")
    shared = imported(share(me, data, "Connections.csv", "application/octet-stream"))["contacts"]
    assert shared["created"] == len(all_contacts(me)) >= 5
    assert shared["errors"] == []


# --- refused ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "filename", "content_type"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "photo.png", "image/png"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "ticket.pdf", "application/pdf"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "photo", "application/octet-stream"),
        (b"Hello! Here are the slides from today.\nSee you next week.\n", "note.txt", "text/plain"),
    ],
    ids=["png", "pdf", "binary", "text"],
)
def test_a_file_that_is_no_contacts_or_calendar_is_a_415_problem_naming_the_files_accepted(
    me, data, filename, content_type
):
    detail = assert_problem(share(me, data, filename, content_type), 415, "unsupported_media_type")["detail"]
    assert all(accepted in detail for accepted in (".vcf", ".csv", ".ics", "multipart/form-data"))
    assert all_contacts(me) == [] and all_meetings(me) == []


@pytest.mark.parametrize("content_type", ["application/json", "image/jpeg", None])
def test_a_body_of_another_type_is_a_415_problem(me, content_type):
    response = me.post(SHARED_FILES, data=VCARD, content_type=content_type)
    assert ".vcf" in assert_problem(response, 415, "unsupported_media_type")["detail"]
    assert all_contacts(me) == []


def test_a_form_without_a_file_is_a_422_problem(me):
    response = me.post(SHARED_FILES, data={"title": "shared text"}, content_type="multipart/form-data")
    assert assert_problem(response, 422, "no_file")["errors"] == {
        "file": ["The form has no file: send the shared file in a field named `file`."]
    }


@pytest.mark.parametrize("data", [b"", b"\r\n \r\n"])
def test_an_empty_file_is_a_422_problem(me, data):
    assert_problem(share(me, data, "shared", "application/octet-stream"), 422, "no_file")


def test_a_file_of_its_type_that_cannot_be_read_is_refused_as_its_import_refuses_it(me):
    assert_problem(share(me, b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", "x.ics"), 422, "invalid_calendar")
    assert_problem(share(me, b"hello, no card here", "x.vcf"), 422, "invalid_contacts_file")
    assert_problem(share(me, b"nothing,like,a,header\n1,2,3,4\n", "x.csv"), 422, "invalid_contacts_file")


def test_a_csv_of_more_contacts_than_the_limit_is_a_422_problem(me):
    data = ("name\n" + "Ana\n" * (MAX_ROWS + 1)).encode()
    assert_problem(share(me, data, "shared", "application/octet-stream"), 422, "too_many_rows")
    assert all_contacts(me) == []


def test_a_file_over_the_import_size_limit_is_a_413_problem(make_app, me):
    small = make_app(IMPORT_MAX_CONTENT_LENGTH=10_000).test_client()
    data = card("FN:Ana Lima", "NOTE:" + "x" * 10_000).encode()
    response = small.post(
        SHARED_FILES,
        data={"file": (io.BytesIO(data), "big.vcf", "text/vcard")},
        content_type="multipart/form-data",
        headers=me.headers,
    )
    assert_problem(response, 413, "payload_too_large")
    assert all_contacts(me) == []


def test_a_file_larger_than_a_json_body_may_be_is_shared_like_any_import(make_app, me):
    roomy = make_app(MAX_CONTENT_LENGTH=1_000, IMPORT_MAX_CONTENT_LENGTH=100_000).test_client()
    data = card("FN:Ana Lima", "NOTE:" + "x" * 5_000).encode()
    response = roomy.post(
        SHARED_FILES,
        data={"file": (io.BytesIO(data), "Ana.vcf", "text/vcard")},
        content_type="multipart/form-data",
        headers=me.headers,
    )
    assert imported(response)["contacts"]["created"] == 1


def test_sharing_needs_a_login(client):
    response = client.post(SHARED_FILES, data=VCARD, content_type="text/vcard")
    assert_problem(response, 401, "token_missing")


def test_a_retry_with_the_same_idempotency_key_imports_once(me):
    key = {"Idempotency-Key": "c0ffee00-share-4a7e-9d51-2c1f0e7b9a10"}
    first = share(me, VCARD, "Ana.vcf", "text/vcard", headers=key)
    again = share(me, VCARD, "Ana.vcf", "text/vcard", headers=key)
    assert again.headers["Idempotent-Replayed"] == "true"
    assert imported(again) == imported(first)
    assert len(all_contacts(me)) == 1


def test_sharing_changes_only_my_own_contacts_and_meetings(me, bob):
    bobs_ana = new_contact(bob, name="Ana L.", email="ana@example.org")
    bobs_meeting = new_meeting(bob, contact_id=bobs_ana["id"])
    before = (all_contacts(bob), all_meetings(bob))

    imported(share(me, VCARD, "Ana.vcf", "text/vcard"))
    imported(share(me, LINKEDIN_CSV, "Connections.csv", "text/csv"))
    imported(share(me, INVITATION, "invite.ics", "text/calendar"))

    assert (all_contacts(bob), all_meetings(bob)) == before
    assert [m["id"] for m in all_meetings(bob)] == [bobs_meeting["id"]]
    assert "ana@example.org" in {c["email"] for c in all_contacts(me)}
