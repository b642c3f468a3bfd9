"""Wi-Fi codes with their escaping, vCards 3.0/4.0 and MECARDs."""

from __future__ import annotations

import pytest

from kiosk.domain.qr_contact import split_fields
from kiosk.domain.qr_payload import interpret


def test_wifi_with_every_escape() -> None:
    payload = interpret(r"WIFI:T:WPA;S:Bib\;Zuid\,gast;P:pa\:ss\\w\;rd;H:true;;")
    assert payload.kind == "wifi"
    assert payload.details == {
        "ssid": "Bib;Zuid,gast",
        "security": "WPA",
        "hidden": True,
        "password": r"pa:ss\w;rd",
    }


@pytest.mark.parametrize(
    ("code", "security", "password"),
    [
        ("WIFI:S:Open net;;", "nopass", None),
        ("WIFI:T:nopass;S:Open;P:;;", "nopass", None),
        ("WIFI:T:WEP;S:Old;P:12345;;", "WEP", "12345"),
        ("wifi:P:secret;S:Lib;T:WPA2-EAP;;", "WPA", "secret"),
        ("WIFI:T:SAE;S:New;P:x;H:false;;", "WPA", "x"),
    ],
)
def test_wifi_security(code: str, security: str, password: str | None) -> None:
    payload = interpret(code)
    assert payload.details["security"] == security
    assert payload.details["password"] == password
    assert payload.details["hidden"] is False


def test_split_fields_keeps_escaped_colons_in_values() -> None:
    assert split_fields(r"S:a\:b;X;;") == [("S", "a:b")]


def test_vcard_3() -> None:
    card = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Peeters;An;;;\r\nFN:An Peeters\r\n"
        "TEL;TYPE=CELL:+32 470 12 34 56\r\nTEL;TYPE=WORK:09 123 45 67\r\n"
        "item1.EMAIL;TYPE=INTERNET:an@example.be\r\nEND:VCARD\r\n"
    )
    payload = interpret(card)
    assert payload.kind == "vcard"
    assert payload.details == {
        "name": "An Peeters",
        "phones": ["+32 470 12 34 56", "09 123 45 67"],
        "emails": ["an@example.be"],
    }


def test_vcard_4_with_folding_uri_values_and_only_n() -> None:
    card = (
        "BEGIN:VCARD\nVERSION:4.0\nN:De Smet;Jan;Karel;Dr.;\nTEL;VALUE=uri;TYPE=cell:tel:+32-4\n"
        " 70-123456\nEMAIL:mailto:jan\\,smet@example.be\nEND:VCARD"
    )
    payload = interpret(card)
    assert payload.details == {
        "name": "Dr. Jan Karel De Smet",
        "phones": ["+32-470-123456"],
        "emails": ["jan,smet@example.be"],
    }


def test_mecard() -> None:
    payload = interpret(
        r"MECARD:N:Janssens,Els;TEL:0470123456;TEL:091234567;EMAIL:els@x.be;NOTE:a\;b;;"
    )
    assert payload.kind == "vcard"
    assert payload.details == {
        "name": "Els Janssens",
        "phones": ["0470123456", "091234567"],
        "emails": ["els@x.be"],
    }


def test_anything_else_is_text() -> None:
    payload = interpret("Tafel 12 - Bibliotheek")
    assert payload.kind == "text"
    assert payload.details == {"text": "Tafel 12 - Bibliotheek"}
    assert payload.to_json() == {
        "kind": "text",
        "details": {"text": "Tafel 12 - Bibliotheek"},
        "warnings": [],
    }
