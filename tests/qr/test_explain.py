"""The plain-language sentence and warning texts (kiosk.qr.explain)."""

from __future__ import annotations

import pytest

from kiosk.domain.qr_payload import WARNING_NAMES, interpret
from kiosk.qr.explain import WARNING_TEXTS, explain, format_amount, shorten, summary

FLUVIUS = "BCD\n002\n1\nSCT\n\nFluvius System Operator\nBE71096123456769\nEUR45.2\n\n090933755493"


def test_payment_sentence_in_dutch_belgian_format() -> None:
    assert summary(interpret(FLUVIUS), "nl", "BE") == (
        "This is a payment request: pay €\u00a045,20 to Fluvius System Operator, "
        "account BE71 0961 2345 6769, with reference +++090/9337/55493+++"
    )


def test_payment_sentence_in_english_with_rf_reference_and_message() -> None:
    rf = interpret("BCD\n002\n1\nSCT\n\nStad Gent\nBE71096123456769\nEUR1234.5\n\nRF18539007547034")
    assert summary(rf, "en") == (
        "This is a payment request: pay €1,234.50 to Stad Gent, account BE71 0961 2345 6769, "
        "with reference RF18 5390 0754 7034"
    )
    message = interpret("BCD\n002\n1\nSCT\n\nClub\nBE71096123456769\n\n\n\nLidgeld")
    assert summary(message, "en") == (
        "This is a payment request: pay Club, account BE71 0961 2345 6769, "
        "with the message “Lidgeld”. The amount is not filled in."
    )


def test_other_sentences() -> None:
    assert summary(interpret("https://www.kbc.be/x")) == (
        "This is a link to a website: www.kbc.be. The full address is https://www.kbc.be/x"
    )
    assert "password “s3cret”" in summary(interpret("WIFI:T:WPA;S:Bib;P:s3cret;;"))
    assert "needs no password" in summary(interpret("WIFI:S:Bib;;"))
    card = summary(interpret("MECARD:N:Janssens,Els;TEL:0470;EMAIL:e@x.be;;"))
    assert card == "This is a contact card for Els Janssens. Phone: 0470. Email: e@x.be."
    assert summary(interpret("hello")) == "This is a text: “hello”"


def test_every_warning_has_a_text_that_names_the_host_where_it_helps() -> None:
    assert set(WARNING_TEXTS) == set(WARNING_NAMES)
    explanation = explain(interpret("http://bank.be@192.168.0.9/"))
    names = [w.name for w in explanation.warnings]
    assert names == ["userinfo_in_url", "ip_host", "not_https"]
    assert "192.168.0.9" in explanation.warnings[0].advice
    assert all(w.title and w.advice for w in explanation.warnings)


@pytest.mark.parametrize(
    ("language", "expected"), [("nl", "€\u00a045,20"), ("fr", "45,20\u00a0€"), ("en", "€45.20")]
)
def test_format_amount(language: str, expected: str) -> None:
    assert format_amount("45.20", "EUR", language, "BE") == expected


def test_shorten() -> None:
    assert shorten("a  b\nc") == "a b c"
    assert len(shorten("x" * 500)) == 200
