"""JSON answers are UTF-8 as written: "Café", not "Caf\\u00e9"."""

from __future__ import annotations

from tests.factories import CONTACTS, new_contact


def test_a_json_answer_carries_non_ascii_text_as_utf8(alice):
    contact = new_contact(alice, name="Zoë Müller", company="Café Ñandú")

    response = alice.get(f"{CONTACTS}/{contact['id']}")

    assert response.mimetype == "application/json"
    assert "Zoë Müller".encode() in response.data and b"\\u00eb" not in response.data
    assert response.get_json()["company"] == "Café Ñandú"


def test_a_problem_document_carries_non_ascii_text_as_utf8(alice):
    response = alice.get("/api/v1/café")

    assert response.status_code == 404 and response.mimetype == "application/problem+json"
    assert response.get_json()["instance"] == "/api/v1/café"
    assert "/api/v1/café".encode() in response.data
