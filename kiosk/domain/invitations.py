"""Invitation codes: what a volunteer needs to choose a first PIN at a kiosk.

The location's coordinator makes a code on the hub (shown once, printable), valid for
`VALID_FOR`. It is 12 digits, so it can be typed on the kiosk's PIN keypad; it is shown in
groups of four (`shown_code`), and spaces or dashes typed with it are ignored (`normal_code`).
The hub keeps, and sends to the location's kiosks, only its scrypt hash in the same format as a
PIN's (kiosk/domain/pins.py), so a kiosk can check a code offline. A code is used once: the
first PIN set with it is the one the hub keeps, and the hub then forgets the code.

Twelve random digits are about 40 bits: at one try per 50 ms of scrypt, guessing one from its
hash takes centuries, and at the kiosk the slow-down of wrong tries (kiosk/domain/lockout.py)
applies to codes as to PINs.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from kiosk.domain import pins

DIGITS = 12
VALID_FOR = timedelta(days=7)
#: The longest text the code's field takes: the digits with a separator between the groups.
MAX_TYPED = DIGITS + DIGITS // 4


def new_code() -> str:
    """A fresh random code: DIGITS digits."""
    return "".join(secrets.choice("0123456789") for _ in range(DIGITS))


def normal_code(text: str) -> str | None:
    """The code's digits without spaces or dashes, or None when `text` cannot be a code."""
    digits = "".join(ch for ch in text if ch not in " -")
    if len(digits) != DIGITS or not digits.isascii() or not digits.isdigit():
        return None
    return digits


def shown_code(code: str) -> str:
    """The code in groups of four digits, as printed for the volunteer."""
    return " ".join(code[i : i + 4] for i in range(0, len(code), 4))


def hash_code(code: str) -> str:
    """The hash of a code (the same scrypt format as a PIN's)."""
    return pins.hash_pin(code)


def code_matches(typed: str, code_hash: str) -> bool:
    """Whether `typed` (spaces and dashes allowed) is the code of `code_hash`."""
    code = normal_code(typed)
    return code is not None and pins.verify_pin(code, code_hash)
