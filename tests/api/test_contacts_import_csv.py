"""Reading CSV files: headers whatever their case, spacing and synonym, names and locations put
together from several columns, semicolons, Windows-1252, tags, and LinkedIn URLs normalised.
"""

from __future__ import annotations

import pytest

from service.contacts_io import linkedin_profile_url
from tests.factories import contacts_oldest_first as all_contacts
from tests.factories import import_counts as counts
from tests.factories import imported_contacts as imported
from tests.factories import (
    shown,
)

# --- CSV details -----------------------------------------------------------------------


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
    assert report == {"created": 0, "updated": 0, "skipped": 0, "errors": [], "warnings": []}


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
