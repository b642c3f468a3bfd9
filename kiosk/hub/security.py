"""Secrets of the hub: kiosk tokens, enrollment codes, staff passwords, sessions and CSRF.

- Kiosk tokens are 32 random bytes (URL-safe base64); only their SHA-256 is stored, which is
  enough for a secret with that much entropy. Enrollment codes are stored the same way.
- Staff passwords are hashed with argon2id (argon2-cffi).
- A staff session is a random id in a cookie; the database keeps its hash and expiry, so any hub
  process can check it and logging out or expiry works everywhere at once.
- CSRF tokens are HMACs of the session id (or, before login, of a random cookie) with the
  secret every process reads from the database; forms send the token back in a hidden field.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

TOKEN_BYTES = 32
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12

_hasher = PasswordHasher()


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def digest(secret: str) -> str:
    """The stored form of a high-entropy secret (token, session id, enrollment code)."""
    return hashlib.sha256(secret.encode()).hexdigest()


def new_enroll_code() -> str:
    """A one-time code a person can type: 12 characters in groups of four, no look-alikes."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def normalize_code(code: str) -> str:
    """Codes are compared without case, spaces or dashes."""
    raw = "".join(ch for ch in code.upper() if ch.isalnum())
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(stored_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


#: Verified against when the e-mail is unknown, so both cases take the same time.
DUMMY_HASH = hash_password("not a real password")


def csrf_token(secret: bytes, binding: str) -> str:
    return hmac.new(secret, b"csrf:" + binding.encode(), hashlib.sha256).hexdigest()


def csrf_valid(secret: bytes, binding: str, token: str) -> bool:
    return hmac.compare_digest(csrf_token(secret, binding), token)


def client_key(secret: bytes, address: str) -> str:
    """A keyed hash of a client address for rate limiting; the address itself is not stored."""
    return "addr:" + hmac.new(secret, address.encode(), hashlib.sha256).hexdigest()[:32]
