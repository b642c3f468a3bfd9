"""kiosk.sync.helpdesk against a live hub: free slots, a ticket, "taken", cancelling, PIN
hash uploads, and plain messages when the hub cannot be reached or refuses the kiosk."""

from __future__ import annotations

import socket

import pytest

from kiosk.hub.helpdesk import volunteers
from kiosk.hub.kiosks.fleet import list_kiosks, revoke_kiosk
from kiosk.sync import helpdesk
from kiosk.sync.errors import SyncError
from kiosk.sync.transport import Timeouts
from tests.hub.helpdesk.conftest import PIN_HASH, SERVICE, Desk, invite

SHORT = Timeouts(connect=2, read=5, write=5, pool=2)


def test_slots_booking_taken_and_cancel(sqlite_desk: Desk) -> None:
    url, token = sqlite_desk.hub.url, sqlite_desk.token
    slots = helpdesk.fetch_slots(url, token, SERVICE, 14, timeouts=SHORT)
    assert len(slots) == 8
    assert all(slot.start.tzinfo is not None for slot in slots)

    ticket = helpdesk.book(url, token, slots[0].id, "Anna", "0470 12 34 56", timeouts=SHORT)
    assert ticket.start == slots[0].start
    assert ticket.service_name == "Digital help"
    assert ticket.location == "Bibliotheek Test"
    with pytest.raises(helpdesk.SlotTakenError, match="pick another"):
        helpdesk.book(url, token, slots[0].id, "Bert", timeouts=SHORT)
    with pytest.raises(helpdesk.SlotGoneError):
        helpdesk.book(url, token, "o999-20300101T1400", "Bert", timeouts=SHORT)

    helpdesk.cancel(url, token, ticket.code, timeouts=SHORT)
    with pytest.raises(helpdesk.BookingNotFoundError, match="code"):
        helpdesk.cancel(url, token, ticket.code, timeouts=SHORT)
    assert len(helpdesk.fetch_slots(url, token, SERVICE, timeouts=SHORT)) == 8
    with pytest.raises(helpdesk.UnknownServiceError):
        helpdesk.fetch_slots(url, token, "no-such-service", timeouts=SHORT)


def test_pin_upload_answers(sqlite_desk: Desk) -> None:
    live = sqlite_desk.hub
    ann = volunteers.add_volunteer(live.db, live.location_id, "Ann")
    url, token = live.url, sqlite_desk.token
    refused = helpdesk.upload_pin(url, token, ann, PIN_HASH)  # no invitation code (#21)
    assert refused is helpdesk.PinUpload.INVITATION_REFUSED
    code = invite(live, ann)
    wrong = helpdesk.upload_pin(url, token, ann, PIN_HASH, invitation_code="0" * 12)
    assert wrong is helpdesk.PinUpload.INVITATION_REFUSED
    stored = helpdesk.upload_pin(url, token, ann, PIN_HASH, invitation_code=code)
    assert stored is helpdesk.PinUpload.STORED
    again = helpdesk.upload_pin(url, token, ann, PIN_HASH, invitation_code=code)
    assert again is helpdesk.PinUpload.ALREADY_SET
    unknown = helpdesk.upload_pin(url, token, "gone/../x", PIN_HASH)
    assert unknown is helpdesk.PinUpload.UNKNOWN_VOLUNTEER
    with pytest.raises(helpdesk.HelpdeskError):
        helpdesk.upload_pin(url, token, ann, "123456")  # never a PIN


def _closed_port() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def test_an_unreachable_hub_gives_a_plain_message() -> None:
    url = _closed_port()
    with pytest.raises(helpdesk.HubOfflineError) as caught:
        helpdesk.fetch_slots(url, "t" * 43, SERVICE, timeouts=SHORT)
    assert str(caught.value) == "booking needs the internet; try again later or ask at the desk"
    with pytest.raises(helpdesk.HubOfflineError, match="booking needs the internet"):
        helpdesk.book(url, "t" * 43, "o1-20300101T1400", "Anna", timeouts=SHORT)
    with pytest.raises(helpdesk.HubOfflineError, match="kept on this kiosk"):
        helpdesk.upload_pin(url, "t" * 43, "v", PIN_HASH, timeouts=SHORT)
    assert issubclass(helpdesk.HubOfflineError, SyncError)


def test_a_revoked_kiosk_is_told_so(sqlite_desk: Desk) -> None:
    live = sqlite_desk.hub
    [kiosk] = list_kiosks(live.db)
    revoke_kiosk(live.db, kiosk.id)
    with pytest.raises(helpdesk.KioskRefusedError, match="enroll"):
        helpdesk.fetch_slots(live.url, sqlite_desk.token, SERVICE, timeouts=SHORT)
