"""`{field}` placeholders in guide texts: finding them, and filling them with answers.

A placeholder is `{name}` where name is a field name (`FIELD_PATTERN`); other braces are left
alone. A typed answer is echoed exactly as the resident typed it (`typed`: spaces around it
trimmed), because a resident copies it onto a website or a form: a meter reading `12345` must
never come back as `12.345`, which a Dutch reader takes for a decimal. Answers without their
typed text (a scanned code, a preview) are formatted for the locale with babel: numbers with
the locale's decimal sign and never grouped, dates in the locale's medium form. A field
without an answer is filled with an empty string. In a right-to-left language every filled
answer is isolated (`kiosk.i18n.ltr`), so a phone number or postcode keeps its order.

*Location placeholders* (`LOCATION_PLACEHOLDERS`) are filled from the location, not from an
answer: `{location_phone}` is the help point's phone number from the hub's location settings,
and, while the kiosk does not know it, a sentence saying where to ask for it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_decimal

from kiosk.i18n import FSI, N_, PDI, _, breakable, is_rtl, ltr

_RTL_LETTER = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
_PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]{0,63})\}")

#: Placeholders filled from the location (the hub's location settings), never from an answer;
#: each with what is shown while the kiosk does not know the value. No step may store a field
#: of these names.
LOCATION_PLACEHOLDERS: dict[str, str] = {
    "location_phone": N_("ask the desk for the number"),
}

#: What an answer can be: text, a number, or a date (see kiosk.domain.validators).
Answer = str | int | float | Decimal | date


def placeholders(text: str) -> list[str]:
    """The field names of every placeholder in `text`, in order (with repeats)."""
    return _PLACEHOLDER.findall(text)


def format_answer(value: Answer, locale: str) -> str:
    """One answer as the resident should read it in `locale` (e.g. "nl_BE")."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, date):
        return format_date(value, format="medium", locale=locale)
    if isinstance(value, Decimal):
        places = max(0, -int(value.as_tuple().exponent)) if value.is_finite() else 0
        pattern = "0" + ("." + "0" * places if places else "")
        return format_decimal(value, format=pattern, locale=locale, group_separator=False)
    if isinstance(value, int | float):
        return format_decimal(value, format="0.######", locale=locale, group_separator=False)
    return value


def isolate(text: str, language: str) -> str:
    """Text of either direction (a typed name) isolated inside right-to-left text."""
    return f"{FSI}{text}{PDI}" if text and is_rtl(language) else text


def fill(
    text: str,
    answers: Mapping[str, Answer],
    locale: str,
    typed: Mapping[str, str] | None = None,
    location: Mapping[str, str] | None = None,
) -> str:
    """`text` with every `{field}` replaced by its answer ("" if none): as typed when `typed`
    has it, else formatted for `locale`; a location placeholder by `location`'s value, or
    the sentence for an unknown value."""

    language = locale.split("_")[0]
    as_typed = typed or {}
    known = location or {}

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in LOCATION_PLACEHOLDERS:
            given = known.get(name, "").strip()
            return ltr(given, language) if given else _(LOCATION_PLACEHOLDERS[name])
        value = answers.get(name)
        if value is None:
            return ""
        text = breakable(as_typed.get(name) or format_answer(value, locale))
        if isinstance(value, str) and _RTL_LETTER.search(value):
            return isolate(text, language)
        return ltr(text, language)

    return _PLACEHOLDER.sub(replace, text)
