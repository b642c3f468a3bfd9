"""Volunteer and admin PINs: checking a new PIN, hashing it with scrypt, verifying it.

PINs are never stored in plain. The kiosk makes the hash (the hub stores the string as given
and never sees a PIN) in the agreed format

    scrypt$16384$8$1$<salt>$<hash>

with `hashlib.scrypt` (n=2**14, r=8, p=1, dklen=32, a 16-byte random salt), salt and hash in
URL-safe base64 without padding. Verification compares in constant time and treats any
malformed hash as "does not match".
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets

from kiosk.i18n import N_

MIN_DIGITS = 6
MAX_DIGITS = 12
SCHEME = "scrypt"
N = 2**14
R = 8
P = 1
DKLEN = 32
SALT_BYTES = 16


def _b64_chars(size: int) -> int:
    return -(-size * 4 // 3)  # unpadded base64 length


#: The hash strings `hash_pin` writes and `is_pin_hash` accepts, as a regular expression (the
#: hub's API documents and checks it with this).
HASH_PATTERN = (
    rf"^{SCHEME}\${N}\${R}\${P}\$[A-Za-z0-9_-]{{{_b64_chars(SALT_BYTES)}}}"
    rf"\$[A-Za-z0-9_-]{{{_b64_chars(DKLEN)}}}$"
)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def pin_problem(pin: str) -> str | None:
    """Why `pin` cannot be a new PIN (an untranslated message id), or None when it can."""
    if not pin.isascii() or not pin.isdigit():
        return N_("A PIN is made of digits only.")
    if len(pin) < MIN_DIGITS:
        return N_("A PIN has at least 6 digits.")
    if len(pin) > MAX_DIGITS:
        return N_("A PIN has at most 12 digits.")
    if len(set(pin)) == 1 or pin in "01234567890123" or pin in "98765432109876":
        return N_("This PIN is too easy to guess. Choose another one.")
    return None


def _derive(pin: str, salt: bytes, n: int, r: int, p: int, dklen: int) -> bytes:
    return hashlib.scrypt(
        pin.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=dklen, maxmem=64 * 1024 * 1024
    )


def hash_pin(pin: str, salt: bytes | None = None) -> str:
    """The scrypt hash string of `pin` (a fresh random salt unless one is given)."""
    salt = secrets.token_bytes(SALT_BYTES) if salt is None else salt
    digest = _derive(pin, salt, N, R, P, DKLEN)
    return f"{SCHEME}${N}${R}${P}${_b64(salt)}${_b64(digest)}"


def is_pin_hash(text: object) -> bool:
    """Whether `text` has the agreed hash format (it says nothing about which PIN)."""
    if not isinstance(text, str):
        return False
    parts = text.split("$")
    if len(parts) != 6 or parts[0] != SCHEME:
        return False
    try:
        n, r, p = (int(part) for part in parts[1:4])
        salt, digest = _unb64(parts[4]), _unb64(parts[5])
    except (ValueError, binascii.Error):
        return False
    return (n, r, p) == (N, R, P) and len(salt) == SALT_BYTES and len(digest) == DKLEN


def verify_pin(pin: str, stored: str) -> bool:
    """Whether `pin` matches the hash string `stored` (False for a malformed hash)."""
    if not is_pin_hash(stored):
        return False
    parts = stored.split("$")
    salt, expected = _unb64(parts[4]), _unb64(parts[5])
    actual = _derive(pin, salt, N, R, P, DKLEN)
    return hmac.compare_digest(actual, expected)
