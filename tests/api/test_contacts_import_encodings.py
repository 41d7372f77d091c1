"""Text in the code pages Windows clients write: a vCard 2.1 card whose QUOTED-PRINTABLE bytes have no
CHARSET is read in the file's legacy code page (Windows-1252 unless the file says otherwise) and
kept; a stray byte that is not UTF-8 in one value of a UTF-8 file is repaired in place, the card is
kept, and the import report warns about that row and field.

Realistic files come from ``tests/fixtures/contacts`` (see its README).
"""

from __future__ import annotations

from tests.factories import card, contacts_shown
from tests.factories import contact_file as fixture
from tests.factories import contacts_oldest_first as all_contacts
from tests.factories import import_counts as counts
from tests.factories import imported_contacts as imported

# --- no CHARSET: the file's legacy code page ---------------------------------------------


def test_an_outlook_export_in_windows_1252_keeps_every_card_and_its_quoted_printable_note(alice):
    report = imported(alice, fixture("outlook-2.1-windows-1252.vcf"))

    assert counts(report) == (3, 0, 0)
    assert report["errors"] == [] and report["warnings"] == []
    assert contacts_shown(alice) == [
        {
            "name": "Jürgen Müller",
            "email": "juergen.mueller@example.de",
            "phone": "+49 89 1234567",
            "company": "Bäckerei Müller GmbH",
            "title": "Geschäftsführer, Vertrieb",  # ORG's department after the title
            "location": "München, Bayern, Deutschland",
            "notes": "Kennengelernt auf der PyCon DE in München.\nMöchte über Datenqualität in der "
            "Lebensmittelbranche sprechen; Termin im Café am Viktualienmarkt.",
        },
        {
            "name": "Hélène Lefèvre",
            "email": "helene.lefevre@example.org",
            "phone": "+33 1 23 45 67 89",
            "company": "Société Exemple",
            "title": "Directrice des données",
            "location": "Paris, France",
            "notes": "Préfère le café du matin, avant 9 h.\nA présenté « Données ouvertes » à Lyon.",
        },
        {
            "name": "Thomas Becker",
            "email": "thomas.becker@example.net",
            "company": "Northwind Analytics",
            "title": "Data Engineer",
            "notes": "Runs the Tuesday data café.\nAsk about dbt.",
        },
    ]


def test_an_outlook_export_in_windows_1250_is_read_in_the_code_page_its_language_uses(alice):
    report = imported(alice, fixture("outlook-2.1-windows-1250.vcf"))

    assert counts(report) == (2, 0, 0) and report["warnings"] == []
    pawel, jiri = contacts_shown(alice)
    assert pawel["name"] == "Paweł Wójcik" and jiri["name"] == "Jiří Dvořák"
    assert pawel["location"] == "Łódź, łódzkie, Polska"
    assert (
        pawel["notes"] == "Poznaliśmy się na PyCon PL w Gliwicach.\nChce porozmawiać o jakości danych; najlepiej rano."
    )
    assert jiri["notes"] == "Setkali jsme se na konferenci v Brně.\nPreferuje kávu odpoledne."


def test_quoted_printable_bytes_without_charset_in_an_ascii_file_are_read_as_windows_1252(alice):
    raw = card("FN:Thomas Becker", "NOTE;ENCODING=QUOTED-PRINTABLE:Caf=E9 au lait, =A3 3", version="2.1")
    report = imported(alice, raw)
    assert report["warnings"] == []
    assert all_contacts(alice)[0]["notes"] == "Café au lait, £ 3"


def test_a_cards_own_charset_wins_over_the_files_code_page(alice):
    raw = card(
        "FN;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:Jos=E9 N=FA=F1ez",
        "ORG;CHARSET=WINDOWS-1250;ENCODING=QUOTED-PRINTABLE:Przyk=B3ad",
        "TITLE;CHARSET=WINDOWS-1250;ENCODING=QUOTED-PRINTABLE:Kierownik zespo=B3u",
        "NOTE;ENCODING=QUOTED-PRINTABLE:Pozna=B3 j=B9",
        version="2.1",
    )
    imported(alice, raw)
    contact = all_contacts(alice)[0]
    assert contact["name"] == "José Núñez"  # ISO-8859-1, as declared
    assert (contact["company"], contact["title"]) == ("Przykład", "Kierownik zespołu")
    assert contact["notes"] == "Poznał ją"  # no CHARSET: the file's code page, the one it declares most


# --- a stray byte: the card is kept, the value repaired, the row warned about -------------


def test_a_stray_byte_in_a_utf8_file_is_repaired_in_its_value_and_the_other_cards_keep_their_accents(alice):
    report = imported(alice, fixture("google-3.0-stray-byte.vcf"))

    assert counts(report) == (3, 0, 0) and report["errors"] == []
    zoe, siobhan, jose = all_contacts(alice)
    assert (zoe["name"], zoe["company"]) == ("Zoë Ñúñez", "Clínica Ejemplo")
    assert jose["location"] == "Sevilla, España"
    assert siobhan["name"] == "Siobhán O'Neill"
    assert siobhan["notes"] == "Met at the Dublin café meetup. Her team’s dashboards are worth asking about."
    assert report["warnings"] == [
        {
            "row": 2,
            "field": "notes",
            "message": "Card 2 (line 13): line 20 (NOTE) had bytes that are not UTF-8 text; they were read as "
            "Windows-1252: check the contact's notes.",
        }
    ]


def test_a_quoted_printable_byte_that_is_not_its_charset_keeps_the_card_and_is_warned_about(alice):
    report = imported(alice, fixture("android-2.1-stray-byte.vcf"))

    assert counts(report) == (2, 0, 0) and report["errors"] == []
    lucia = all_contacts(alice)[0]
    assert lucia["name"] == "Lucía González"
    assert lucia["notes"] == "Café con leche, mañanas.\nPreguntar por el equipo de datos."
    assert report["warnings"] == [
        {
            "row": 1,
            "field": "notes",
            "message": "Card 1 (line 1): line 9 (NOTE) had bytes that are not UTF-8 text; they were read as "
            "Windows-1252: check the contact's notes.",
        }
    ]


def test_a_byte_no_code_page_can_read_becomes_a_replacement_character_and_is_warned_about(alice):
    raw = card("FN:Ana Lima", "TITLE:CTO", "NOTE:Prefers mornings \x81 and tea").encode("utf-8")
    raw = raw.replace(b"\xc2\x81", b"\x81")  # 0x81: neither UTF-8 nor Windows-1252
    report = imported(alice, raw)
    assert all_contacts(alice)[0]["notes"] == "Prefers mornings \N{REPLACEMENT CHARACTER} and tea"
    assert [(w["row"], w["field"]) for w in report["warnings"]] == [(1, "notes")]


def test_a_stray_byte_in_a_value_the_import_does_not_keep_is_not_warned_about(alice):
    raw = card("FN:Ana Lima", "X-PHONETIC-FIRST-NAME:STRAY", "NOTE:Olá").encode().replace(b"STRAY", b"An\xe1")
    report = imported(alice, raw)
    assert report["warnings"] == []
    assert all_contacts(alice)[0]["notes"] == "Olá"


def test_a_stray_byte_in_a_csv_is_repaired_in_its_row_and_the_other_rows_keep_their_accents(alice):
    raw = "Name,Company,Notes\r\nZoë Ñúñez,Clínica Ejemplo,\r\nSiobhán O'Neill,Fabrikam,Her team's café\r\n"
    raw = raw.encode().replace(b"team's", b"team\x92s")
    report = imported(alice, raw, "text/csv")
    zoe, siobhan = contacts_shown(alice)
    assert zoe == {"name": "Zoë Ñúñez", "company": "Clínica Ejemplo"}
    assert siobhan["notes"] == "Her team’s café"
    assert report["warnings"] == [
        {
            "row": 3,
            "field": "notes",
            "message": 'Line 3: the column "Notes" had bytes that are not UTF-8 text; they were read as '
            "Windows-1252: check the contact's notes.",
        }
    ]


def test_a_quoted_printable_nul_character_is_left_out_of_its_value_and_warned_about(alice):
    report = imported(alice, card("FN:Ana Lima", "NOTE;ENCODING=QUOTED-PRINTABLE:Prefers=00 mornings", version="2.1"))
    assert all_contacts(alice)[0]["notes"] == "Prefers mornings"
    assert [(w["row"], w["field"]) for w in report["warnings"]] == [(1, "notes")]
    assert "NUL character" in report["warnings"][0]["message"]


def test_an_unknown_charset_keeps_the_card_and_is_warned_about(alice):
    raw = card("N;CHARSET=X-MAC-KLINGON;ENCODING=QUOTED-PRINTABLE:Jos=E9;;;;", version="2.1")
    report = imported(alice, raw)
    assert all_contacts(alice)[0]["name"] == "José"
    assert report["warnings"] == [
        {
            "row": 1,
            "field": "name",
            "message": "Card 1 (line 1): line 3 (N) names a character set (X-MAC-KLINGON) that is unknown; it "
            "was read as Windows-1252: check the contact's name.",
        }
    ]
