"""PIN rules and scrypt hashes in the agreed format (kiosk/domain/pins.py)."""

from __future__ import annotations

import base64
import hashlib

import pytest

from kiosk.domain import pins


def test_hash_has_the_agreed_format_and_verifies() -> None:
    stored = pins.hash_pin("482913")
    scheme, n, r, p, salt, digest = stored.split("$")
    assert (scheme, n, r, p) == ("scrypt", "16384", "8", "1")
    assert "=" not in salt + digest
    assert len(base64.urlsafe_b64decode(salt + "==")) == 16
    assert len(base64.urlsafe_b64decode(digest + "=")) == 32
    assert pins.is_pin_hash(stored)
    assert pins.verify_pin("482913", stored)
    assert not pins.verify_pin("482914", stored)
    assert "482913" not in stored


def test_hash_matches_hashlib_scrypt_with_the_contract_parameters() -> None:
    salt = bytes(range(16))
    expected = hashlib.scrypt(b"482913", salt=salt, n=2**14, r=8, p=1, dklen=32)
    stored = pins.hash_pin("482913", salt)
    assert stored.split("$")[5] == base64.urlsafe_b64encode(expected).rstrip(b"=").decode()


def test_each_hash_has_its_own_salt() -> None:
    assert pins.hash_pin("482913") != pins.hash_pin("482913")


@pytest.mark.parametrize(
    "stored",
    ["", "plain", "scrypt$16384$8$1$abc", "bcrypt$16384$8$1$AAAA$BBBB", "scrypt$1024$8$1$AA$BB"],
)
def test_malformed_hashes_never_match(stored: str) -> None:
    assert not pins.is_pin_hash(stored)
    assert not pins.verify_pin("482913", stored)


@pytest.mark.parametrize(
    ("pin", "ok"),
    [
        ("482913", True),
        ("4829130571", True),
        ("48291", False),  # too short
        ("48a913", False),  # not digits
        ("４８２９１３", False),  # full-width digits are not ASCII
        ("111111", False),  # too easy
        ("123456", False),
        ("987654", False),
        ("1234567890123", False),  # too long
    ],
)
def test_pin_rules(pin: str, ok: bool) -> None:
    assert (pins.pin_problem(pin) is None) is ok
