"""Guessing codes (#17): ticket codes are long (60 bits) and a kiosk that sends 10 wrong cancel
codes within 15 minutes waits (429, Retry-After); enrollment codes are limited the same way per
client address. The counts are in the database, so every hub process sees them. Old short
ticket codes still cancel their bookings."""

from __future__ import annotations

import re

import pytest

from kiosk.hub import attempts
from kiosk.hub.helpdesk import appointments
from kiosk.i18n import _
from kiosk.paths import resolve_paths
from kiosk.sync import helpdesk
from kiosk.sync.enrollment import EnrollError, enroll
from tests.hub.conftest import LiveHub
from tests.hub.helpdesk.conftest import Desk, make_desk, other_location_token
from tests.hub.helpdesk.test_client import SHORT

CANCEL = "/api/v1/appointments/cancel"


def test_ticket_codes_have_60_bits_in_groups_of_four(sqlite_desk: Desk) -> None:
    code = sqlite_desk.book(sqlite_desk.slots()[0]["id"]).json()["code"]
    assert re.fullmatch(r"[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}", code)
    assert len(appointments.CODE_ALPHABET) ** appointments.CODE_LENGTH >= 2**50


def test_an_old_short_code_still_cancels_its_booking(
    sqlite_desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(appointments, "new_code", lambda: "ABCD-1234")  # a ticket from before
    slot = sqlite_desk.slots()[0]["id"]
    assert sqlite_desk.book(slot).json()["code"] == "ABCD-1234"
    monkeypatch.undo()
    assert sqlite_desk.call("POST", CANCEL, {"code": "abcd 1234"}).status_code == 200
    assert sqlite_desk.book(slot).status_code == 201


def test_ten_wrong_cancel_codes_make_a_kiosk_wait(hub: LiveHub) -> None:
    desk = make_desk(hub)
    code = desk.book(desk.slots()[0]["id"]).json()["code"]
    for guess in range(attempts.CANCEL.attempts):
        wrong = desk.call("POST", CANCEL, {"code": f"AAAA-BBBB-{guess:04d}"})
        assert wrong.status_code == 404
    blocked = desk.call("POST", CANCEL, {"code": code})  # even the right code waits
    assert blocked.status_code == 429
    assert 1 <= int(blocked.headers["Retry-After"]) <= 15 * 60
    assert blocked.json()["detail"] == "too_many_wrong_codes"
    # another kiosk is not held up by this one
    other = desk.call("POST", CANCEL, {"code": code}, token=other_location_token(hub))
    assert other.status_code == 200


def test_the_kiosk_shows_the_wait_as_a_plain_sentence(sqlite_desk: Desk) -> None:
    url, token = sqlite_desk.hub.url, sqlite_desk.token
    for _guess in range(attempts.CANCEL.attempts):
        with pytest.raises(helpdesk.BookingNotFoundError):
            helpdesk.cancel(url, token, "AAAA-BBBB-CCCC", timeouts=SHORT)
    with pytest.raises(helpdesk.HelpdeskError) as waiting:
        helpdesk.cancel(url, token, "AAAA-BBBB-CCCC", timeouts=SHORT)
    assert type(waiting.value) is helpdesk.HelpdeskError
    assert str(waiting.value) == _(
        "too many wrong codes were tried at this kiosk; wait a few minutes or ask at the desk"
    )


def _enroll(live: LiveHub, code: str, address: str) -> int:
    body = {"code": code, "name": "kiosk"}
    headers = {"X-Forwarded-For": address}  # the test client is a trusted proxy (loopback)
    return live.client.post("/api/v1/enroll", json=body, headers=headers).status_code


def test_ten_wrong_enrollment_codes_make_an_address_wait(hub: LiveHub) -> None:
    for _guess in range(attempts.ENROLL.attempts):
        assert _enroll(hub, "WRONG-CODE", "203.0.113.5") == 401
    blocked = hub.client.post(
        "/api/v1/enroll",
        json={"code": hub.code(), "name": "kiosk"},
        headers={"X-Forwarded-For": "203.0.113.5"},
    )
    assert blocked.status_code == 429
    assert 1 <= int(blocked.headers["Retry-After"]) <= 15 * 60
    assert _enroll(hub, hub.code(), "203.0.113.6") == 201  # another address enrolls


def test_the_kiosk_says_to_wait_when_enrollment_is_limited(sqlite_hub: LiveHub) -> None:
    for _guess in range(attempts.ENROLL.attempts):
        assert _enroll(sqlite_hub, "WRONG-CODE", "127.0.0.1") == 401
    with pytest.raises(EnrollError, match="too many wrong enrollment codes"):
        enroll(resolve_paths().database, sqlite_hub.url, sqlite_hub.code(), name="kiosk")
