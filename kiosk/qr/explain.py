"""What a code means, in plain words: the sentence at the top of the result screen and the
warnings under it (also what `kiosk qr decode` prints).

Built from a `Payload` (kiosk.domain.qr_payload) in the current language (gettext); amounts are
formatted with babel for the language and the location's country (`kiosk.i18n.locale_name`),
IBANs in groups of four.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from babel.numbers import format_currency
from stdnum import iban as stdnum_iban
from stdnum import iso11649

from kiosk.domain.qr_payload import Payload
from kiosk.i18n import N_, _, breakable, locale_name, ltr, unbroken

#: Longest text shown in a sentence before it is cut with "…".
MAX_QUOTED_TEXT = 200


@dataclass(frozen=True)
class WarningText:
    """One warning as a resident reads it: a short headline and what it means / what to do."""

    name: str
    title: str
    advice: str


@dataclass(frozen=True)
class Explanation:
    summary: str
    warnings: tuple[WarningText, ...]


#: name -> (headline, risk and what to do). Placeholders: {host}.
WARNING_TEXTS: dict[str, tuple[str, str]] = {
    "lookalike_host": (
        N_("This website pretends to be one you know"),
        N_(
            "The address {host} looks like the website of a bank or a public service, but it is "
            "a different website. Fraudsters do this to steal passwords and money. Do not log in "
            "and do not pay there. Ask a volunteer."
        ),
    ),
    "userinfo_in_url": (
        N_("This link hides where it really goes"),
        N_(
            "The part before the @ sign is a disguise: the link really opens {host}. "
            "Do not open it. Ask a volunteer."
        ),
    ),
    "ip_host": (
        N_("This link has no website name"),
        N_(
            "It leads to a bare number ({host}) instead of a named website. Real banks and "
            "public services do not do this. Do not type any personal details. Ask a volunteer."
        ),
    ),
    "punycode_host": (
        N_("This address uses look-alike letters"),
        N_(
            "The website name contains special letters that can look like ordinary ones. "
            "It may not be the website you think. Ask a volunteer before you open it."
        ),
    ),
    "url_shortener": (
        N_("This is a shortened link"),
        N_(
            "You cannot see where it really leads ({host} only forwards you). "
            "Ask a volunteer before you open it."
        ),
    ),
    "not_https": (
        N_("This link is not secure"),
        N_(
            "The connection is not protected (http instead of https). Never type a password or "
            "bank details on this page."
        ),
    ),
    "iban_invalid": (
        N_("The account number is wrong"),
        N_(
            "The account number in this code is not a valid IBAN. Do not pay with this code. "
            "Compare it with the letter and ask a volunteer before you pay."
        ),
    ),
    "bic_invalid": (
        N_("The bank code is wrong"),
        N_("The bank code (BIC) in this code is not valid. Ask a volunteer before you pay."),
    ),
    "reference_invalid": (
        N_("The payment reference is wrong"),
        N_(
            "The reference does not pass its check, so your payment may not be recognised. "
            "Compare it with the letter and ask a volunteer before you pay."
        ),
    ),
    "amount_invalid": (
        N_("The amount is not clear"),
        N_(
            "The amount in this code is not a valid amount in euro. Check the amount on the "
            "letter and ask a volunteer before you pay."
        ),
    ),
}


def explain(payload: Payload, language: str | None = None, country: str = "BE") -> Explanation:
    """The sentence and the warnings for `payload`, in the current gettext language."""
    return Explanation(
        summary=summary(payload, language, country),
        warnings=tuple(warning_text(name, payload) for name in payload.warnings),
    )


def warning_text(name: str, payload: Payload) -> WarningText:
    title, advice = WARNING_TEXTS.get(
        name, (N_("Be careful with this code"), N_("Ask a volunteer."))
    )
    host = ltr(str(payload.details.get("host") or ""))
    return WarningText(name=name, title=_(title), advice=_(advice).format(host=host))


def summary(payload: Payload, language: str | None = None, country: str = "BE") -> str:
    d = payload.details
    if payload.kind == "epc_payment":
        return _payment_sentence(payload, language, country)
    if payload.kind == "url":
        return _("This is a link to a website: {host}. The full address is {url}").format(
            host=ltr(str(d.get("host") or "?")), url=ltr(str(d.get("url")))
        )
    if payload.kind == "wifi":
        ssid = str(d.get("ssid") or "")
        if d.get("security") == "nopass" or not d.get("password"):
            return _("This is a Wi-Fi code for the network “{ssid}”. It needs no password.").format(
                ssid=ltr(ssid)
            )
        return _("This is a Wi-Fi code: network “{ssid}”, password “{password}”.").format(
            ssid=ltr(ssid), password=ltr(str(d.get("password")))
        )
    if payload.kind == "vcard":
        parts = [_("This is a contact card for {name}.").format(name=d.get("name") or _("someone"))]
        phones = d.get("phones")
        emails = d.get("emails")
        if isinstance(phones, list) and phones:
            parts.append(_("Phone: {phones}.").format(phones=", ".join(map(ltr, phones))))
        if isinstance(emails, list) and emails:
            parts.append(_("Email: {emails}.").format(emails=", ".join(map(ltr, emails))))
        return " ".join(parts)
    return _("This is a text: “{text}”").format(text=shorten(str(d.get("text") or payload.text)))


def _payment_sentence(payload: Payload, language: str | None, country: str) -> str:
    d = payload.details
    values = {
        "amount": format_amount(d.get("amount"), d.get("currency"), language, country),
        "name": d.get("name") or _("a receiver whose name is not in the code"),
        "iban": ltr(format_iban(d.get("iban"))),
        "reference": ltr(format_reference(d.get("reference"))),
        "message": shorten(str(d.get("remittance") or "")),
    }
    has_amount = d.get("amount") is not None
    if d.get("reference"):
        template = (
            _(
                "This is a payment request: pay {amount} to {name}, account {iban}, "
                "with reference {reference}"
            )
            if has_amount
            else _(
                "This is a payment request: pay {name}, account {iban}, with reference "
                "{reference}. The amount is not filled in."
            )
        )
    elif d.get("remittance"):
        template = (
            _(
                "This is a payment request: pay {amount} to {name}, account {iban}, "
                "with the message “{message}”"
            )
            if has_amount
            else _(
                "This is a payment request: pay {name}, account {iban}, with the message "
                "“{message}”. The amount is not filled in."
            )
        )
    else:
        template = (
            _("This is a payment request: pay {amount} to {name}, account {iban}")
            if has_amount
            else _(
                "This is a payment request: pay {name}, account {iban}. "
                "The amount is not filled in."
            )
        )
    return template.format(**values)


def on_screen(text: str, payload: Payload) -> str:
    """`text` (a summary of `payload`) as a label shows it: the payment reference and the
    IBAN joined by word joiners, so "+++090/9337/55493+++" never breaks over two lines.
    Spoken text and the command line keep the plain summary."""
    if payload.kind != "epc_payment":
        return breakable(text)
    for value in (
        format_reference(payload.details.get("reference")),
        format_iban(payload.details.get("iban")),
    ):
        if len(value) > 1:
            text = text.replace(value, unbroken(value))
    return text


def format_amount(
    amount: object, currency: object, language: str | None = None, country: str = "BE"
) -> str:
    """ "45.20" -> "€ 45,20" (nl_BE), "€45.20" (en)."""
    try:
        value = Decimal(str(amount))
    except InvalidOperation:
        return str(amount)
    code = currency if isinstance(currency, str) and len(currency) == 3 else "EUR"
    return format_currency(value, code, locale=locale_name(language, country))


def format_iban(iban: object) -> str:
    """ "BE71096123456769" -> "BE71 0961 2345 6769"; no IBAN -> a question mark."""
    if not iban:
        return "?"
    return str(stdnum_iban.format(str(iban)))


def format_reference(reference: object) -> str:
    text = str(reference or "")
    if text[:2].upper() == "RF":
        return str(iso11649.format(text))
    return text


def shorten(text: str, limit: int = MAX_QUOTED_TEXT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
