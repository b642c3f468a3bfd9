"""Is an IBAN right? Its structure and check digits decide; a bank registry never refuses one.

python-stdnum checks an IBAN in two layers: the ISO 13616 structure of the country and the
mod-97 check digits (`iban.validate(..., check_country=False)`), then, for a few countries, a
national module (Belgium, Spain, Montenegro, Norway) that also checks national check digits and,
for Belgium, looks the bank code up in a registry that is never complete. `BE68 5390 0754 7034`
(the IBAN registry's own Belgian example) has a valid structure and valid check digits, but its
bank code 539 is not in that registry. Calling such an account "not a valid IBAN" is a false
alarm, and false alarms teach people to ignore warnings; so:

- structure or check digits wrong, national check digits wrong, or a digit that is not 0-9:
  `INVALID` (the reader warns, an `iban` input refuses);
- everything checkable is right but the national module does not know a part (a bank code):
  `UNKNOWN_BANK`, treated as valid; at most a neutral note, never a warning;
- otherwise `VALID`.
"""

from __future__ import annotations

from enum import Enum

from stdnum import iban as stdnum_iban
from stdnum.exceptions import InvalidChecksum, ValidationError


class IbanVerdict(Enum):
    VALID = "valid"
    UNKNOWN_BANK = "unknown_bank"
    INVALID = "invalid"


def check_iban(text: str) -> tuple[str | None, IbanVerdict]:
    """The compact IBAN (None when not even its structure is right) and the verdict."""
    compact = str(stdnum_iban.compact(text))
    if not compact.isascii() or not compact.isalnum():
        return None, IbanVerdict.INVALID
    try:
        number = str(stdnum_iban.validate(compact, check_country=False))
    except ValidationError:
        return None, IbanVerdict.INVALID
    try:
        stdnum_iban.validate(number, check_country=True)
    except InvalidChecksum:
        return number, IbanVerdict.INVALID
    except ValidationError:
        return number, IbanVerdict.UNKNOWN_BANK
    return number, IbanVerdict.VALID


def iban_ok(text: str) -> bool:
    """True when `text` is an IBAN that may be used (valid, or valid with an unknown bank)."""
    number, verdict = check_iban(text)
    return number is not None and verdict is not IbanVerdict.INVALID
