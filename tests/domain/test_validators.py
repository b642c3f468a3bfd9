"""Each `input` kind: what is accepted (and cleaned), and what is refused with which message."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.guide import InputStep
from kiosk.domain.validators import Invalid, Valid, validate


def _step(kind: str, **extra: object) -> InputStep:
    return InputStep(id="ask", text={"en": "?"}, field="x", kind=kind, **extra)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kind", "raw", "value"),
    [
        ("text", "  hello ", "hello"),
        ("number", "12,5", Decimal("12.5")),
        ("number", "-3", Decimal("-3")),
        ("meter_reading", "012345", Decimal("12345")),
        ("meter_reading", "123,45", Decimal("123.45")),
        ("ean", "5414 4882 0000 0000 08", "541448820000000008"),
        ("ean", "EAN 541448820000000008", "541448820000000008"),
        ("iban", "be71 0961 2345 6769", "BE71 0961 2345 6769"),
        ("iban", "NL91ABNA0417164300", "NL91 ABNA 0417 1643 00"),
        ("date", "31/12/2025", date(2025, 12, 31)),
        ("date", "1.2.1958", date(1958, 2, 1)),
        ("date", "2025-03-01", date(2025, 3, 1)),
        ("postcode", "9000", "9000"),
        ("postcode", "B-1000", "1000"),
        ("phone", "0470 12 34 56", "0470123456"),
        ("phone", "+32 9 123 45 67", "+3291234567"),
        ("email", "name@example.be", "name@example.be"),
    ],
)
def test_valid_answers(kind: str, raw: str, value: object) -> None:
    assert validate(_step(kind), raw) == Valid(value)


@pytest.mark.parametrize(
    ("kind", "raw", "words"),
    [
        ("number", "twelve", "Type a number"),
        ("meter_reading", "-1", "below zero"),
        ("meter_reading", "12a", "only the digits"),
        ("ean", "541448820000000009", "not correct"),
        ("ean", "54144882000000000", "18 digits. You typed {count}"),
        ("ean", "54144882000000000X", "only digits"),
        ("iban", "BE71 0961 2345 6768", "IBAN"),
        ("date", "31/02/2025", "Type a date"),
        ("date", "tomorrow", "Type a date"),
        ("postcode", "0999", "postcode"),
        ("postcode", "2611 SS", "postcode"),
        ("phone", "12", "phone number"),
        ("phone", "call me", "phone number"),
        ("email", "name@", "e-mail"),
        ("text", "", "fill this in"),
    ],
)
def test_invalid_answers_have_a_plain_message(kind: str, raw: str, words: str) -> None:
    result = validate(_step(kind), raw)
    assert isinstance(result, Invalid)
    assert words in result.message
    result.message.format(**result.params)


def test_bounds_and_decimals() -> None:
    step = _step("number", min=1, max=10, decimals=1)
    assert validate(step, "10") == Valid(Decimal("10"))
    assert validate(step, "0,5") == Invalid("The number must be at least {min}.", {"min": 1})
    assert validate(step, "11") == Invalid("The number must be at most {max}.", {"max": 10})
    assert validate(step, "1,25") == Invalid(
        "Type at most {decimals} digits after the comma.", {"decimals": 1}
    )
    assert (
        validate(_step("number", decimals=0), "1,5").message
        == "Type a whole number, without a comma."
    )  # type: ignore[union-attr]


def test_optional_input_may_stay_empty() -> None:
    assert validate(_step("email", required=False), "  ") == Valid("")


@given(
    st.text(max_size=40),
    st.sampled_from(
        ["text", "number", "meter_reading", "ean", "iban", "date", "postcode", "phone", "email"]
    ),
)
def test_validators_never_raise(raw: str, kind: str) -> None:
    assert isinstance(validate(_step(kind), raw), Valid | Invalid)


# -- #23 "Truthful guides" -------------------------------------------------------------------

#: Digits that are not 0-9: a superscript two (the ² key of a Belgian AZERTY keyboard),
#: Arabic-Indic, full-width and a circled digit.
FOREIGN = ["\u00b2", "\u0661\u0662", "\uff11\uff12", "\u2460"]
#: A valid answer of each kind; a foreign digit is put at its end and inside it.
VALID = {
    "number": "12",
    "meter_reading": "12345",
    "ean": "54144882000000000",
    "iban": "BE71 0961 2345 6769",
    "date": "31/12/202",
    "postcode": "100",
    "phone": "0470 12 34 5",
    "email": "name@example.be",
}


@pytest.mark.parametrize("kind", sorted(VALID))
@pytest.mark.parametrize("digit", FOREIGN)
def test_digits_other_than_0_to_9_are_refused_with_a_message(kind: str, digit: str) -> None:
    """What was seen: "A superscript digit (Belgian AZERTY keyboards have a ² key) makes the
    EAN validator raise (`validators.py`: `isdigit()` then `int()`)"."""
    for raw in (VALID[kind] + digit, digit + VALID[kind]):
        result = validate(_step(kind), raw)
        assert isinstance(result, Invalid), (kind, raw)
        assert "0 to 9" in result.message
        assert digit[0] in result.message.format(**result.params)


def test_the_superscript_two_of_an_azerty_keyboard_in_an_ean() -> None:
    result = validate(_step("ean"), "54144882000000000\u00b2")  # raised ValueError before #23
    assert isinstance(result, Invalid)
    from kiosk.i18n import message_text

    assert "\u00b2" in message_text(result.message, result.params)


@given(
    st.text(alphabet=st.characters(categories=["Nd", "No", "Nl", "Zs", "P"]), max_size=30),
    st.sampled_from(sorted(VALID)),
)
def test_validators_never_raise_on_unicode_numbers(raw: str, kind: str) -> None:
    assert isinstance(validate(_step(kind), raw), Valid | Invalid)


@pytest.mark.parametrize(
    ("country", "raw", "value"),
    [
        ("NL", "2611et", "2611 ET"),
        ("NL", "1234 AB", "1234 AB"),
        ("NL", "1234", None),  # what was seen: "a kiosk configured for NL accepts `1234`"
        ("NL", "B-1000", None),
        ("BE", "1000", "1000"),
        ("BE", "B-1000", "1000"),
        ("BE", "1234 AB", None),
        ("BE", "0999", None),
    ],
)
def test_postcodes_follow_the_locations_country(country: str, raw: str, value: str | None) -> None:
    result = validate(_step("postcode"), raw, country=country)
    if value is None:
        assert isinstance(result, Invalid)
        assert ("Dutch" if country == "NL" else "Belgian") in result.message
    else:
        assert result == Valid(value)


def test_a_kiosk_configured_for_nl_refuses_1234() -> None:
    from kiosk import i18n

    before = i18n.current_country()
    i18n.set_country("NL")
    try:
        assert isinstance(validate(_step("postcode"), "1234"), Invalid)
        assert validate(_step("postcode"), "1234 ab") == Valid("1234 AB")
    finally:
        i18n.set_country(before)


def test_an_iban_whose_bank_python_stdnum_does_not_know_is_accepted() -> None:
    """What was seen: an IBAN with correct check digits (BE68 5390 0754 7034) is refused
    "when a resident types it into an `iban` input"."""
    result = validate(_step("iban"), "BE68 5390 0754 7034")
    assert result == Valid("BE68 5390 0754 7034")


def test_typed_answers_keep_what_was_typed() -> None:
    result = validate(_step("meter_reading"), " 12345 ")
    assert isinstance(result, Valid)
    assert (result.value, result.typed) == (Decimal("12345"), "12345")
