"""PIN hashes the kiosks would not accept are refused by the hub (#17): a hash with other scrypt
parameters (N=1, N=2**26) was stored, sent to every kiosk, and the volunteer could no longer log
in until staff reset the PIN. The hub judges with the kiosk's own pattern and function
(kiosk.domain.pins.HASH_PATTERN, is_pin_hash)."""

from __future__ import annotations

import pytest

from kiosk.domain.pins import HASH_PATTERN, hash_pin, is_pin_hash, verify_pin
from kiosk.hub.helpdesk import volunteers
from tests.hub.conftest import LiveHub
from tests.hub.helpdesk.conftest import invite
from tests.hub.helpdesk.test_volunteers import config, upload

SALT, DIGEST = "A" * 22, "B" * 43


@pytest.mark.parametrize(
    "pin_hash",
    [
        f"scrypt$1${8}$1${SALT}${DIGEST}",
        f"scrypt${2**26}$8$1${SALT}${DIGEST}",
        f"scrypt$16384$1$1${SALT}${DIGEST}",
        f"scrypt$16384$8$2${SALT}${DIGEST}",
        f"scrypt$16384$8$1${'A' * 24}${DIGEST}",
    ],
    ids=["N=1", "N=2^26", "r=1", "p=2", "salt-18-bytes"],
)
def test_a_hash_the_kiosks_would_refuse_is_a_422(sqlite_hub: LiveHub, pin_hash: str) -> None:
    assert not is_pin_hash(pin_hash)
    token = sqlite_hub.enroll()
    ann = volunteers.add_volunteer(sqlite_hub.db, sqlite_hub.location_id, "Ann")
    response = upload(sqlite_hub, token, ann, pin_hash)
    assert response.status_code == 422, response.text
    [error] = response.json()["detail"]
    assert "16384" in error["msg"]  # the pattern or the sentence says what kiosks accept
    [entry] = config(sqlite_hub, token)["volunteers"]  # type: ignore[misc]
    assert entry["pin_hash"] is None


def test_the_hub_uses_the_kiosks_pattern(sqlite_hub: LiveHub) -> None:
    token = sqlite_hub.enroll()
    ann = volunteers.add_volunteer(sqlite_hub.db, sqlite_hub.location_id, "Ann")
    code = invite(sqlite_hub, ann)
    good = f"scrypt$16384$8$1${SALT}${DIGEST}"
    assert upload(sqlite_hub, token, ann, good, code).status_code == 204
    assert volunteers.PIN_HASH.pattern == HASH_PATTERN


def test_a_hash_the_kiosk_made_is_stored_and_verifies(sqlite_hub: LiveHub) -> None:
    token = sqlite_hub.enroll()
    ann = volunteers.add_volunteer(sqlite_hub.db, sqlite_hub.location_id, "Ann")
    made = hash_pin("583920")
    assert upload(sqlite_hub, token, ann, made, invite(sqlite_hub, ann)).status_code == 204
    [entry] = config(sqlite_hub, token)["volunteers"]  # type: ignore[misc]
    assert verify_pin("583920", str(entry["pin_hash"]))
