"""The digit rule: numbers, amounts and dates are written with Latin digits (0-9) in every
language, Arabic included, so that IBANs, codes and amounts match the resident's letter.

`kiosk.i18n.locale_name()` is the one place the rule lives; everything formats with babel for
that locale (the QLocale side is tested in tests/ui/a11y/test_qt_i18n.py)."""

from __future__ import annotations

import datetime
import unicodedata
from decimal import Decimal

import pytest
from babel.dates import format_date, format_datetime, format_time
from babel.numbers import format_currency, format_decimal, format_percent

from kiosk.domain.placeholders import format_answer
from kiosk.i18n import LANGUAGE_NAMES, locale_name

MOMENT = datetime.datetime(2024, 3, 15, 14, 30)


def digits(text: str) -> set[str]:
    return {char for char in text if unicodedata.category(char) == "Nd"}


def non_ascii_digits(text: str) -> set[str]:
    return {char for char in digits(text) if not ("0" <= char <= "9")}


@pytest.mark.parametrize("language", sorted(LANGUAGE_NAMES))
@pytest.mark.parametrize("country", ["BE", "NL"])
def test_every_language_formats_with_latin_digits(language: str, country: str) -> None:
    locale = locale_name(language, country)
    samples = [
        format_decimal(Decimal("1234567.89"), locale=locale),
        format_currency(Decimal("1234.50"), "EUR", locale=locale),
        format_percent(Decimal("0.25"), locale=locale),
        format_date(MOMENT.date(), format="short", locale=locale),
        format_date(MOMENT.date(), format="medium", locale=locale),
        format_date(MOMENT.date(), format="long", locale=locale),
        format_time(MOMENT.time(), format="short", locale=locale),
        format_datetime(MOMENT, format="short", locale=locale),
    ]
    for sample in samples:
        assert digits(sample), sample
        assert non_ascii_digits(sample) == set(), f"{locale}: {sample!r}"


def test_arabic_amount_date_and_number_use_ascii_digits() -> None:
    locale = locale_name("ar")
    amount = format_currency(Decimal("1234.50"), "EUR", locale=locale)
    date = format_date(MOMENT.date(), format="short", locale=locale)
    number = format_decimal(Decimal("541448820000000008"), locale=locale)
    assert "1,234.50" in amount
    assert "15" in date
    assert "2024" in date
    assert number.replace(",", "") == "541448820000000008"
    for text in (amount, date, number):
        assert non_ascii_digits(text) == set()


def test_guide_answers_are_formatted_with_latin_digits_in_arabic() -> None:
    locale = locale_name("ar")
    for value in (Decimal("12345.6"), 42, datetime.date(1958, 3, 15)):
        text = format_answer(value, locale)
        assert digits(text), text
        assert non_ascii_digits(text) == set(), text


def test_nl_follows_the_country() -> None:
    assert locale_name("nl", "BE") == "nl_BE"
    assert locale_name("nl", "NL") == "nl_NL"
    assert locale_name("fr", "BE") == "fr_BE"
    assert locale_name("fr", "NL") == "fr_FR"  # there is no fr_NL; French formats as in France
    assert locale_name("ar") == "ar_001"
