"""Line ends as exporters and the tools between them write them: CRLF, LF, and CR CR LF (an iPhone
export whose CRLF a Windows tool turned into CR CR LF) each end one line, and a card's lines are
numbered as an editor numbers them, whatever the line ends.

Realistic files come from ``tests/fixtures/contacts`` (see its README).
"""

from __future__ import annotations

import pytest

from tests.factories import contact_file as fixture
from tests.factories import contacts_shown
from tests.factories import import_counts as counts
from tests.factories import imported_contacts as imported

IPHONE_CONTACTS = [
    {
        "name": "Kenji Watanabe",
        "email": "kenji.watanabe@example.com",
        "phone": "+81 90-1234-5678",
        "company": "Contoso Pharma",
        "title": "Principal Biostatistician",
        "location": "Osaka, Japan",
        "linkedin_url": "https://www.linkedin.com/in/kenji-watanabe-example",
        # Folded at 75 octets: each continuation line follows an empty-looking CR.
        "notes": "Met at the PharmaSUG Japan dinner, Sept 2026. Ask about the adaptive trial designs his group "
        "publishes; he offered to introduce me to their head of data science.",
    },
    {
        "name": "Amara Nwosu",
        "email": "amara.nwosu@example.org",
        "phone": "+234 803 555 0147",
        "company": "Fabrikam Health",
        "title": "Data Product Manager",
        "linkedin_url": "https://www.linkedin.com/in/amara-nwosu-example",
        "notes": "Prefers a call over coffee; free on Friday afternoons (West Africa Time).",
    },
    {
        "name": "Ingrid Berg",
        "email": "ingrid.berg@example.net",
        "company": "Northwind Analytics",
        "title": "Head of Analytics Engineering",
        "location": "Oslo, Norway",
    },
]


def test_an_iphone_export_with_cr_cr_lf_line_ends_imports_every_card_whole(alice):
    report = imported(alice, fixture("iphone-3.0-cr-cr-lf.vcf"))

    assert counts(report) == (3, 0, 0) and report["errors"] == []
    assert contacts_shown(alice) == IPHONE_CONTACTS


@pytest.mark.parametrize("line_end", ["\n", "\r\r\n", "\r"], ids=["LF", "CR CR LF", "CR"])
def test_a_broken_card_is_reported_at_the_same_line_whatever_the_line_ends(alice, bob, line_end):
    as_written = fixture("mixed-problems.vcf").decode()  # CRLF
    expected = imported(bob, as_written)["errors"]

    report = imported(alice, as_written.replace("\r\n", line_end))

    assert report["errors"] == expected
    messages = {error["row"]: error["message"] for error in report["errors"]}
    assert messages[3] == "Card 3 (line 16) has no END:VCARD line, so it may be cut short: it was not imported."
    assert messages[5] == "Card 5 (line 28): line 32 is not a vCard property (NAME:value): not imported."
