"""What a QR code's content *is*: a payment request, a link, a Wi-Fi code, a contact, or text.

`interpret(text)` turns a decoded code into a `Payload`: a `kind`, a `details` dict with fixed
keys per kind, and the names of the `warnings` that apply. It is pure and never raises, whatever
the text. The words a resident reads are made elsewhere (`kiosk.qr.explain`), from these names.

| kind          | details keys                                                           |
|---------------|------------------------------------------------------------------------|
| `url`         | url, scheme, host                                                      |
| `epc_payment` | name, iban, bic, amount, currency, reference, remittance, purpose      |
| `wifi`        | ssid, security, hidden, password                                       |
| `vcard`       | name, phones, emails                                                   |
| `text`        | text                                                                   |

`amount` is a string with two decimals ("45.20") or None; `iban` is compact (no spaces).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kiosk.domain import qr_contact, qr_epc, url_safety
from kiosk.domain.jsontypes import JsonObject
from kiosk.domain.url_safety import UrlLists

KINDS = ("url", "epc_payment", "wifi", "vcard", "text")

#: Every warning name, in the order a screen shows them (most serious first).
WARNING_NAMES = (
    "lookalike_host",
    "userinfo_in_url",
    "ip_host",
    "punycode_host",
    "url_shortener",
    "not_https",
    "iban_invalid",
    "bic_invalid",
    "reference_invalid",
    "amount_invalid",
)

DetailValue = str | bool | list[str] | None


@dataclass(frozen=True)
class Payload:
    """The meaning of one code's text."""

    kind: str
    details: dict[str, DetailValue]
    warnings: tuple[str, ...] = ()
    text: str = field(default="", repr=False)

    def to_json(self) -> JsonObject:
        """`kind`, `details` and `warnings` as plain JSON values (for `kiosk qr decode --json`)."""
        return {
            "kind": self.kind,
            "details": {
                key: list(value) if isinstance(value, list) else value
                for key, value in self.details.items()
            },
            "warnings": list(self.warnings),
        }


def interpret(text: str, lists: UrlLists | None = None) -> Payload:
    """The payload of a decoded code's text. `lists` defaults to the built-in domain lists."""
    try:
        return _interpret(text, lists)
    except Exception:  # a resident's letter must never crash the kiosk; tests call _interpret
        return Payload(kind="text", details={"text": text}, text=text)


def interpret_bytes(data: bytes, text: str, lists: UrlLists | None = None) -> Payload:
    """Like `interpret`, but an EPC code's raw `data` is read in the character set it names.

    Decoders guess a code's text encoding; an EPC code says its own on line 3, so the raw bytes
    are the better source. Anything else uses the decoder's `text`.
    """
    epc_text = (
        qr_epc.decode_epc_bytes(data) if data[:8].lstrip(b"\xef\xbb\xbf")[:3] == b"BCD" else None
    )
    return interpret(epc_text if epc_text is not None else text, lists)


def _interpret(text: str, lists: UrlLists | None) -> Payload:
    stripped = text.strip().lstrip("\ufeff")
    if qr_epc.is_epc(stripped):
        epc_details, epc_warnings = qr_epc.parse_epc(stripped)
        return _payload("epc_payment", dict(epc_details), epc_warnings, text)
    if url_safety.looks_like_url(stripped) and not any(c.isspace() for c in stripped):
        check = url_safety.check_url(stripped, lists or url_safety.builtin_lists())
        details: dict[str, DetailValue] = {
            "url": check.url,
            "scheme": check.scheme,
            "host": check.host,
        }
        return _payload("url", details, list(check.warnings), text)
    if qr_contact.is_wifi(stripped):
        return _payload("wifi", dict(qr_contact.parse_wifi(stripped)), [], text)
    if qr_contact.is_vcard(stripped):
        return _payload("vcard", dict(qr_contact.parse_vcard(stripped)), [], text)
    if qr_contact.is_mecard(stripped):
        return _payload("vcard", dict(qr_contact.parse_mecard(stripped)), [], text)
    return Payload(kind="text", details={"text": text}, text=text)


def _payload(kind: str, details: dict[str, DetailValue], warnings: list[str], text: str) -> Payload:
    ordered = tuple(name for name in WARNING_NAMES if name in warnings)
    return Payload(kind=kind, details=details, warnings=ordered, text=text)
