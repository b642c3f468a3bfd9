"""The EPC QR code ("BCD", EPC069-12 versions 001 and 002): a SEPA credit transfer request.

Lines (LF or CR LF; trailing empty lines may be left out):
 1 `BCD`  2 version `001`/`002`  3 character set `1`..`8`  4 `SCT`  5 BIC (required in 001)
 6 name  7 IBAN  8 amount `EUR12.34`  9 purpose  10 structured reference  11 remittance text
 12 beneficiary-to-originator information.

The character set (line 3) tells how the code's bytes are text: 1 UTF-8, 2 ISO 8859-1,
3 ISO 8859-2, 4 ISO 8859-4, 5 ISO 8859-5, 6 ISO 8859-7, 7 ISO 8859-10, 8 ISO 8859-15.
`decode_epc_bytes` applies it; `reinterpret_misdecoded` repairs a text that a decoder read as
ISO 8859-1 although line 3 names another character set.

The checks come from python-stdnum; an IBAN with a right structure and check digits whose bank
python-stdnum's registry does not know is not warned about (`kiosk.domain.iban_check`). A digit
other than 0-9 in an IBAN or a reference makes it invalid. Warning names: `iban_invalid`,
`bic_invalid`, `reference_invalid`, `amount_invalid`.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from stdnum import bic as stdnum_bic
from stdnum import iban as stdnum_iban
from stdnum import iso11649
from stdnum.be import ogm_vcs

from kiosk.domain.iban_check import iban_ok

CHARSETS = {
    "1": "utf-8",
    "2": "iso8859-1",
    "3": "iso8859-2",
    "4": "iso8859-4",
    "5": "iso8859-5",
    "6": "iso8859-7",
    "7": "iso8859-10",
    "8": "iso8859-15",
}
VERSIONS = ("001", "002")
WARNING_NAMES = ("iban_invalid", "bic_invalid", "reference_invalid", "amount_invalid")
DETAIL_KEYS = ("name", "iban", "bic", "amount", "currency", "reference", "remittance", "purpose")

_MAX_AMOUNT = Decimal("999999999.99")
_OGM = re.compile(
    r"^\s*(?:\+\+\+|\*\*\*)?\s*([0-9]{3})\s*/?\s*([0-9]{4})\s*/?\s*([0-9]{5})\s*(?:\+\+\+|\*\*\*)?\s*$"
)

Details = dict[str, str | None]


def is_epc(text: str) -> bool:
    """Does `text` start like an EPC payment code of a version we know?"""
    lines = _split(text)
    return len(lines) >= 3 and lines[0].strip() == "BCD" and lines[1].strip() in VERSIONS


def decode_epc_bytes(data: bytes) -> str | None:
    """The text of an EPC code's raw bytes, read in the character set its line 3 names.

    None when `data` is not an EPC code or does not decode in that character set.
    """
    head = data.lstrip(b"\xef\xbb\xbf").split(b"\n", 3)
    if len(head) < 3 or head[0].strip() != b"BCD":
        return None
    encoding = CHARSETS.get(head[2].strip().decode("ascii", "replace"), "utf-8")
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def reinterpret_misdecoded(text: str) -> str:
    """Repair an EPC text read as ISO 8859-1 although its line 3 names another character set."""
    lines = _split(text)
    encoding = CHARSETS.get(lines[2].strip(), "utf-8") if len(lines) > 2 else "utf-8"
    if encoding == "iso8859-1" or text.isascii():
        return text
    try:
        return text.encode("iso8859-1").decode(encoding)
    except UnicodeError:  # not latin-1 text: it was decoded right already
        return text


def parse_epc(text: str) -> tuple[Details, list[str]]:
    """Details and warnings of an EPC payment code; `text` satisfies `is_epc`. Never raises."""
    lines = [line.strip() for line in _split(reinterpret_misdecoded(text))]
    lines += [""] * (12 - len(lines))
    version, bic, name, iban, amount_line, purpose, reference, remittance = (
        lines[1],
        lines[4],
        lines[5],
        lines[6],
        lines[7],
        lines[8],
        lines[9],
        lines[10],
    )
    warnings: list[str] = []

    iban_compact = stdnum_iban.compact(iban) if iban else ""
    if not iban_compact or not iban_ok(iban_compact):  # an unknown bank code is no warning
        warnings.append("iban_invalid")

    bic_compact = stdnum_bic.compact(bic) if bic else ""
    if (bic_compact and not stdnum_bic.is_valid(bic_compact)) or (
        not bic_compact and version == "001"
    ):
        warnings.append("bic_invalid")

    amount, currency, amount_ok = parse_amount(amount_line)
    if not amount_ok:
        warnings.append("amount_invalid")

    if not reference and _OGM.match(remittance):  # Belgian habit: +++...+++ in the free text
        reference, remittance = remittance, ""
    reference_out: str | None = None
    if reference:
        reference_out, reference_ok = normalize_reference(reference)
        if not reference_ok:
            warnings.append("reference_invalid")

    details: Details = {
        "name": name or None,
        "iban": iban_compact or None,
        "bic": bic_compact or None,
        "amount": amount,
        "currency": currency,
        "reference": reference_out,
        "remittance": remittance or None,
        "purpose": purpose or None,
    }
    return details, warnings


def parse_amount(line: str) -> tuple[str | None, str | None, bool]:
    """`EUR45.2` -> ("45.20", "EUR", True); "" -> (None, None, True); junk -> (None, ..., False)."""
    if not line:
        return None, None, True
    match = re.fullmatch(r"([A-Za-z]{3})?\s*([0-9]{1,9}(?:\.[0-9]{1,2})?)", line)
    if match is None:
        currency = line[:3].upper() if re.match(r"[A-Za-z]{3}", line) else None
        return None, currency, False
    currency = (match.group(1) or "").upper() or None
    try:
        value = Decimal(match.group(2))
    except InvalidOperation:  # pragma: no cover - the pattern allows only digits
        return None, currency, False
    if not Decimal("0.01") <= value <= _MAX_AMOUNT:
        return None, currency, False
    return f"{value:.2f}", currency, currency == "EUR"


def normalize_reference(reference: str) -> tuple[str, bool]:
    """A structured reference in its usual form, and whether its check digits are right.

    ISO 11649 ("RF18 5390 0754 7034") comes back compact ("RF18539007547034"); a Belgian
    structured communication ("090933755493", "+++090/9337/55493+++") as +++ddd/dddd/ddddd+++.
    """
    text = reference.strip()
    if not text.isascii():  # ² or Arabic-Indic digits would pass int() in the checksum
        return text, False
    if text[:2].upper() == "RF":
        compact = iso11649.compact(text)
        return compact, bool(iso11649.is_valid(compact))
    match = _OGM.match(text)
    if match:
        digits = "".join(match.groups())
        formatted = f"+++{digits[:3]}/{digits[3:7]}/{digits[7:]}+++"
        return formatted, bool(ogm_vcs.is_valid(digits))
    return text, False


def _split(text: str) -> list[str]:
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
