"""The personal-data scrubber on Czech and Slovak formats, and what it must leave alone."""

from __future__ import annotations

import pytest

from assistant.text.privacy import scrub

PERSONAL = [
    # phones: Czech mobile and landline, every separator and grouping, with and without prefix
    ("Volejte 603 123 456.", "[telefon]"),
    ("Volejte 603123456.", "[telefon]"),
    ("Volejte 603-123-456.", "[telefon]"),
    ("Volejte 603.123.456.", "[telefon]"),
    ("Volejte 60 31 23 456.", "[telefon]"),
    ("Volejte 603\u00a0123\u00a0456.", "[telefon]"),
    ("Volejte 603\u202f123\u202f456.", "[telefon]"),
    ("Volejte +420 603 123 456.", "[telefon]"),
    ("Volejte +420-603-123-456.", "[telefon]"),
    ("Volejte +420603123456.", "[telefon]"),
    ("Volejte 00420 603 123 456.", "[telefon]"),
    ("Volejte (+420) 603 123 456.", "[telefon]"),
    ("Úřad: 485 226 111.", "[telefon]"),
    ("Úřad: +420 485 226 111.", "[telefon]"),
    ("Pevná linka 2 2123 4567.", "[telefon]"),
    # Slovak
    ("Volajte +421 903 123 456.", "[telefon]"),
    ("Volajte 00421 903 123 456.", "[telefon]"),
    ("Volajte 0903 123 456.", "[telefon]"),
    ("Volajte 0903/123 456.", "[telefon]"),
    ("Volajte +421 2 1234 5678.", "[telefon]"),
    # e-mails, also written around spam filters
    ("Pište na jan.novak@kraj-lbc.cz.", "[e-mail]"),
    ("Pište na Jan.Novak+dotaz@seznam.cz.", "[e-mail]"),
    ("Pište na jan (at) kraj-lbc (dot) cz.", "[e-mail]"),
    ("Pište na jan[at]kraj.cz.", "[e-mail]"),
    ("Pište na j_novak@obec.sk.", "[e-mail]"),
    # birth numbers: men, women (+50), since 2004 (+20, +70), old 9-digit ones, separators
    ("RČ 850101/1234.", "[rodné číslo]"),
    ("RČ 8501011234.", "[rodné číslo]"),
    ("RČ 850101-1234.", "[rodné číslo]"),
    ("RČ 85 01 01/1234.", "[rodné číslo]"),
    ("RČ 855115/1234.", "[rodné číslo]"),
    ("RČ 042101/1234.", "[rodné číslo]"),
    ("RČ 047101/1234.", "[rodné číslo]"),
    ("RČ 520314/123.", "[rodné číslo]"),
    ("RČ 850101 / 1234.", "[rodné číslo]"),
    # bank accounts and IBANs
    ("Účet 19-2000145399/0800.", "[účet]"),
    ("Účet 2000145399/0800.", "[účet]"),
    ("Účet 123456789 / 0100.", "[účet]"),
    ("IBAN CZ65 0800 0000 1920 0014 5399.", "[účet]"),
    ("IBAN CZ6508000000192000145399.", "[účet]"),
    ("IBAN SK31 1200 0000 1987 4263 7541.", "[účet]"),
    # addresses
    ("Bydlím v Jánské 1203/12a.", "[adresa]"),
    ("Adresa: Nádražní 642/2, Liberec.", "[adresa]"),
    ("Bydlím na Husově třídě 15.", "[adresa]"),
    ("Pošlete to na U Jezu 642/2a, 460 01 Liberec.", "[adresa]"),
    ("Adresa: nám. Dr. E. Beneše 1/3.", "[adresa]"),
    # names, as people introduce or sign themselves
    ("Dobrý den, jsem Jana Nováková a mám dotaz.", "[jméno]"),
    ("Jmenuji se Petr Svoboda.", "[jméno]"),
    ("S pozdravem Karel Dvořák", "[jméno]"),
]

KEPT = [
    "Usnesení č. 201/24/ZK ze dne 28. 5. 2024 schvaluje 412 500 000 Kč.",
    "Usnesení 1893/24/RK a 414/24/ZK.",
    "Kolik stojí cyklostezka? 12 350 000 Kč včetně DPH.",
    "Rozpočet 603 123 456 Kč na rok 2025.",
    "Dotace 250 000,- Kč, tj. 2,5 mil. Kč.",
    "Zákon č. 128/2000 Sb., o obcích, a vyhláška č. 500/2006 Sb.",
    "Podle zákona 250/2000 Sb. kraj hospodaří.",
    "Termín: 31. 12. 2025, zasedání 18. 3. 2025 od 10:00.",
    "Datum 2024-06-25 a 12.11.2024.",
    "IČO 70891508, DIČ CZ70891508.",
    "Délka 6,4 km, 29 obcí, 36+ let, 3 700 obyvatel.",
    "Čj. KULK 12345/2024.",
    "Projekt 3.2.1, bod programu č. 14, část II.",
    "Výsledek 98,5 % a 1 250 000 EUR.",
    "Jsem z Liberce a ptám se za Liberecký kraj.",
    "Za Krajský úřad podepsal ředitel.",
]


def test_the_set_is_large_enough() -> None:
    assert len(PERSONAL) >= 40 and len(KEPT) >= 10


@pytest.mark.parametrize(("text", "label"), PERSONAL)
def test_personal_data_is_replaced(text: str, label: str) -> None:
    scrubbed = scrub(text)
    assert label in scrubbed, scrubbed
    digits = "".join(c for c in scrubbed if c.isdigit())
    assert len(digits) <= 5 or label == "[adresa]", scrubbed


@pytest.mark.parametrize("text", KEPT)
def test_amounts_dates_resolutions_and_laws_stay(text: str) -> None:
    assert scrub(text) == text
