"""EPC069-12 payment codes: versions, character sets, amounts, references and their warnings."""

from __future__ import annotations

import pytest

from kiosk.domain.qr_epc import CHARSETS, decode_epc_bytes, normalize_reference, parse_amount
from kiosk.domain.qr_payload import interpret, interpret_bytes

IBAN = "BE71096123456769"


def epc(*lines: str, sep: str = "\n") -> str:
    return sep.join(lines)


def test_fluvius_example_with_belgian_structured_reference() -> None:
    payload = interpret(
        epc("BCD", "002", "1", "SCT", "", "Fluvius System Operator", "BE71 0961 2345 6769",
            "EUR45.2", "", "090933755493")
    )  # fmt: skip
    assert payload.kind == "epc_payment"
    assert payload.details == {
        "name": "Fluvius System Operator",
        "iban": IBAN,
        "bic": None,
        "amount": "45.20",
        "currency": "EUR",
        "reference": "+++090/9337/55493+++",
        "remittance": None,
        "purpose": None,
    }
    assert payload.warnings == ()


def test_version_001_with_bic_purpose_rf_reference_and_crlf() -> None:
    payload = interpret(
        epc("BCD", "001", "1", "SCT", "GEBABEBB", "Stad Gent", IBAN, "EUR1234.5", "GDDS",
            "RF18 5390 0754 7034", "", "Thanks", sep="\r\n")
    )  # fmt: skip
    assert payload.details["bic"] == "GEBABEBB"
    assert payload.details["purpose"] == "GDDS"
    assert payload.details["reference"] == "RF18539007547034"
    assert payload.details["amount"] == "1234.50"
    assert payload.warnings == ()


def test_version_001_needs_a_bic() -> None:
    payload = interpret(epc("BCD", "001", "1", "SCT", "", "Stad Gent", IBAN, "EUR10"))
    assert payload.warnings == ("bic_invalid",)


def test_remittance_text_and_trailing_lines_left_out() -> None:
    payload = interpret(epc("BCD", "002", "1", "SCT", "", "Club", IBAN, "", "", "", "Lidgeld 2025"))
    assert payload.details["remittance"] == "Lidgeld 2025"
    assert payload.details["reference"] is None
    assert payload.details["amount"] is None
    assert payload.details["currency"] is None
    assert payload.warnings == ()
    short = interpret(epc("BCD", "002", "1", "SCT", "", "Club", IBAN))
    assert short.kind == "epc_payment"
    assert short.details["name"] == "Club"


def test_structured_communication_written_in_the_free_text_counts_as_reference() -> None:
    payload = interpret(
        epc("BCD", "002", "1", "SCT", "", "X", IBAN, "EUR5", "", "", "+++090/9337/55493+++")
    )
    assert payload.details["reference"] == "+++090/9337/55493+++"
    assert payload.details["remittance"] is None


@pytest.mark.parametrize(
    ("lines", "warning"),
    [
        (("BE71096123456768",), "iban_invalid"),
        (("",), "iban_invalid"),
        (("NOT-AN-IBAN",), "iban_invalid"),
    ],
)
def test_iban_invalid(lines: tuple[str], warning: str) -> None:
    payload = interpret(epc("BCD", "002", "1", "SCT", "", "X", lines[0], "EUR5"))
    assert warning in payload.warnings


def test_bic_invalid() -> None:
    payload = interpret(epc("BCD", "002", "1", "SCT", "GEBA12", "X", IBAN, "EUR5"))
    assert payload.warnings == ("bic_invalid",)


@pytest.mark.parametrize(
    "reference", ["090933755494", "+++090/9337/55494+++", "RF18539007547035", "12345"]
)
def test_reference_invalid(reference: str) -> None:
    payload = interpret(epc("BCD", "002", "1", "SCT", "", "X", IBAN, "EUR5", "", reference))
    assert payload.warnings == ("reference_invalid",)


@pytest.mark.parametrize(
    "amount", ["EUR45.123", "EUR0", "EUR0.00", "USD12.00", "EURabc", "45.20", "EUR1000000000"]
)
def test_amount_invalid(amount: str) -> None:
    payload = interpret(epc("BCD", "002", "1", "SCT", "", "X", IBAN, amount))
    assert payload.warnings == ("amount_invalid",)
    if amount not in ("USD12.00", "45.20"):  # a number without EUR is shown, with the warning
        assert payload.details["amount"] is None


@pytest.mark.parametrize(
    ("line", "expected"),
    [("EUR45.2", ("45.20", "EUR", True)), ("EUR45", ("45.00", "EUR", True)),
     ("EUR999999999.99", ("999999999.99", "EUR", True)), ("EUR0.01", ("0.01", "EUR", True)),
     ("", (None, None, True))],
)  # fmt: skip
def test_parse_amount(line: str, expected: tuple[str | None, str | None, bool]) -> None:
    assert parse_amount(line) == expected


def test_normalize_reference() -> None:
    assert normalize_reference("***090/9337/55493***") == ("+++090/9337/55493+++", True)
    assert normalize_reference("rf18 5390 0754 7034") == ("RF18539007547034", True)


NAMES = {
    "1": "Łódź Ω € Київ",
    "2": "Société Générale",
    "3": "Spółka Łódź",
    "4": "Rīgas Ūdens",
    "5": "Київенерго",
    "6": "Αθήνα ΔΕΗ",
    "7": "Þjóðskrá Ísland",
    "8": "Œuvre € Šabac",
}


@pytest.mark.parametrize("charset", sorted(CHARSETS))
def test_every_character_set_from_raw_bytes(charset: str) -> None:
    name = NAMES[charset]
    text = epc("BCD", "002", charset, "SCT", "", name, IBAN, "EUR3.5", "", "", "Bericht")
    raw = text.encode(CHARSETS[charset])
    assert decode_epc_bytes(raw) == text
    misread = raw.decode("latin-1")  # what a decoder that guesses wrong would hand over
    for payload in (interpret_bytes(raw, misread), interpret(misread), interpret(text)):
        assert payload.details["name"] == name
        assert payload.details["remittance"] == "Bericht"


def test_unknown_version_is_plain_text() -> None:
    assert interpret(epc("BCD", "009", "1", "SCT", "", "X", IBAN)).kind == "text"
