"""Checking what a resident types into an `input` step, one function per input kind.

`validate(step, raw)` returns `Valid(value)` with the cleaned answer (text, `Decimal`, `date`)
or `Invalid(message, params)`: `message` is an English message id marked with `N_` that the UI
translates with `_()` and then formats with `params`, e.g.
`_(result.message).format(**result.params)`. Check digits come from python-stdnum (IBAN, the
GS1 check digit of the 18-digit EAN/GSRN connection code, Dutch postcodes); nothing here
computes a checksum by hand.

Every kind but free `text` refuses digits other than 0-9 (a superscript ² from a Belgian AZERTY
key, Arabic-Indic or full-width digits) with a message, never an exception: the kiosk writes
numbers with Latin digits in every language (docs/translations.md). Postcodes follow the
location's country (`kiosk.i18n.current_country()`, or `country=`): BE 4 digits, NL 4 digits
and 2 letters. An IBAN whose structure and check digits are right is accepted even when
python-stdnum's bank registry does not know its bank (`kiosk.domain.iban_check`).
`Valid.typed` keeps what the resident typed (spaces around it trimmed), so that a placeholder
echoes it exactly: `12345` stays `12345`, never `12.345`.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from stdnum import ean as gs1
from stdnum import iban
from stdnum.exceptions import ValidationError
from stdnum.nl import postcode as nl_postcode

from kiosk.domain.guide import InputStep
from kiosk.domain.iban_check import IbanVerdict, check_iban
from kiosk.domain.placeholders import Answer
from kiosk.i18n import N_, Np_, current_country


@dataclass(frozen=True)
class Valid:
    value: Answer
    #: what the resident typed, as a placeholder shows it (None: show `value`)
    typed: str | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Invalid:
    message: str
    params: Mapping[str, object] = field(default_factory=dict)


Result = Valid | Invalid

_AT_MOST_DECIMALS = Np_(
    "Type at most {decimals} digit after the comma.",
    "Type at most {decimals} digits after the comma.",
    "decimals",
)
_NUMBER = re.compile(r"[+-]?[0-9]+(?:[.,][0-9]+)?")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[a-zA-Z]{2,}")
_PHONE_ALLOWED = re.compile(r"\+?[0-9 ()./-]+")
_BE_POSTCODE = re.compile(r"(?:B-?)?([1-9][0-9]{3})")
_DATE_PATTERNS = (
    re.compile(r"(?P<y>[0-9]{4})-(?P<m>[0-9]{1,2})-(?P<d>[0-9]{1,2})"),
    re.compile(r"(?P<d>[0-9]{1,2})[./-](?P<m>[0-9]{1,2})[./-](?P<y>[0-9]{4})"),
)
#: Unicode number categories: decimal digits, letter-like numbers (Ⅻ), other numbers (² ½ ①).
_NUMBER_CATEGORIES = frozenset({"Nd", "Nl", "No"})


def foreign_digit(text: str) -> str | None:
    """The first character of `text` that is a digit or number but not 0-9 (None if none)."""
    for char in text:
        if not ("0" <= char <= "9") and unicodedata.category(char) in _NUMBER_CATEGORIES:
            return char
    return None


def _compact(raw: str) -> str:
    return re.sub(r"[\s.-]", "", raw)


def _decimal(raw: str) -> Decimal | None:
    text = raw.strip().replace(" ", "")
    if not _NUMBER.fullmatch(text):
        return None
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern already rules this out
        return None


def _places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _number(step: InputStep, raw: str, *, reading: bool) -> Result:
    value = _decimal(raw)
    if value is None:
        if reading:
            return Invalid(N_("Type only the digits on the meter, without letters."))
        return Invalid(N_("Type a number, for example 12 or 12,5."))
    if reading and value < 0:
        return Invalid(N_("A meter reading cannot be below zero."))
    decimals = step.decimals if step.decimals is not None else (None if not reading else 3)
    if decimals is not None and _places(value) > decimals:
        if decimals == 0:
            return Invalid(N_("Type a whole number, without a comma."))
        return Invalid(_AT_MOST_DECIMALS, {"decimals": decimals})
    if step.min is not None and value < Decimal(str(step.min)):
        return Invalid(N_("The number must be at least {min}."), {"min": step.min})
    if step.max is not None and value > Decimal(str(step.max)):
        return Invalid(N_("The number must be at most {max}."), {"max": step.max})
    return Valid(value, typed=raw.strip())


def _ean(step: InputStep, raw: str) -> Result:
    code = _compact(raw)
    if code.upper().startswith("EAN"):
        code = code[3:].lstrip(":")
    if not (code.isascii() and code.isdigit()):
        return Invalid(N_("The EAN code has only digits. Check what you typed."))
    if len(code) != 18:
        return Invalid(N_("The EAN code has 18 digits. You typed {count}."), {"count": len(code)})
    if gs1.calc_check_digit(code[:-1]) != code[-1]:
        return Invalid(N_("This EAN code is not correct. Check every digit on your letter."))
    return Valid(code, typed=raw.strip())


def _iban(step: InputStep, raw: str) -> Result:
    number, verdict = check_iban(raw)
    if number is None or verdict is IbanVerdict.INVALID:
        return Invalid(N_("This account number (IBAN) is not correct. Check every character."))
    return Valid(iban.format(number), typed=raw.strip())


def _be_postcode(text: str) -> str | None:
    match = _BE_POSTCODE.fullmatch(text.replace(" ", ""))
    return match.group(1) if match else None


def _nl_postcode(text: str) -> str | None:
    try:
        return str(nl_postcode.validate(text))
    except ValidationError:
        return None


def _postcode(step: InputStep, raw: str, country: str) -> Result:
    text = raw.strip().upper()
    if country == "NL":
        found = _nl_postcode(text)
        message = N_("Type a Dutch postcode: 4 digits and 2 letters, for example 1234 AB.")
    elif country == "BE":
        found = _be_postcode(text)
        message = N_("Type a Belgian postcode: 4 digits, for example 1000.")
    else:
        found = _be_postcode(text) or _nl_postcode(text)
        message = N_("Type a postcode, for example 1000 or 1234 AB.")
    if found is None:
        return Invalid(message)
    return Valid(found, typed=raw.strip())


def _date(step: InputStep, raw: str) -> Result:
    text = raw.strip()
    for pattern in _DATE_PATTERNS:
        match = pattern.fullmatch(text)
        if match:
            try:
                value = date(int(match["y"]), int(match["m"]), int(match["d"]))
            except ValueError:
                break
            return Valid(value)
    return Invalid(N_("Type a date as day/month/year, for example 31/12/2025."))


def _phone(step: InputStep, raw: str) -> Result:
    return phone_number(raw)


def phone_number(raw: str) -> Result:
    """A phone number: 8 to 15 digits, with + ( ) . / - and spaces between them (the
    appointment's optional phone field uses it too, before the hub sees the number)."""
    text = raw.strip()
    digits = re.sub(r"\D", "", text)
    if not _PHONE_ALLOWED.fullmatch(text) or not 8 <= len(digits) <= 15:
        return Invalid(N_("Type a phone number, for example 0470 12 34 56."))
    return Valid(("+" if text.startswith("+") else "") + digits, typed=text)


def _email(step: InputStep, raw: str) -> Result:
    text = raw.strip()
    if len(text) > 254 or not _EMAIL.fullmatch(text):
        return Invalid(N_("Type an e-mail address, for example name@example.be."))
    return Valid(text)


def _text(step: InputStep, raw: str) -> Result:
    text = raw.strip()
    if len(text) > 500:
        return Invalid(N_("This text is too long."))
    return Valid(text)


_VALIDATORS: Mapping[str, Callable[[InputStep, str], Result]] = {
    "postcode": lambda step, raw: _postcode(step, raw, current_country()),
    "text": _text,
    "number": lambda step, raw: _number(step, raw, reading=False),
    "meter_reading": lambda step, raw: _number(step, raw, reading=True),
    "ean": _ean,
    "iban": _iban,
    "date": _date,
    "phone": _phone,
    "email": _email,
}


def validate(step: InputStep, raw: str, country: str | None = None) -> Result:
    """Check `raw` for `step`'s kind. An empty answer is valid (None) only when not required.

    `country` is the location's (`BE`, `NL`; default `kiosk.i18n.current_country()`); it
    decides what a postcode looks like. Never raises for any text.
    """
    if not raw.strip():
        if step.required:
            return Invalid(N_("Please fill this in."))
        return Valid("")
    if step.kind != "text":
        char = foreign_digit(raw)
        if char is not None:
            return Invalid(
                N_("Type digits with the keys 0 to 9: “{char}” is not one of them."),
                {"char": char},
            )
    if step.kind == "postcode":
        return _postcode(step, raw, country or current_country())
    return _VALIDATORS[step.kind](step, raw)
