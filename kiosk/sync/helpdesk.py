"""The kiosk's calls to the hub's help-point API (issue #8): slots, bookings, PIN hashes.

Plain functions, each one request with its own short-lived client (kiosk.sync.transport: checked
hub address, verified HTTPS, no redirects, explicit timeouts) and the kiosk's Bearer token. They
block, so the GUI runs them through its background-task helper. `hub_url` and `token` are what
`kiosk.services.helpdesk.hub_access(store)` returns.

Booking needs the hub online. Anything that is not the hub's own answer (no network, a Wi-Fi
login page, a hub error) becomes `HubOfflineError` with a message a resident can act on; the
technical reason goes to the log. A revoked kiosk gets `KioskRefusedError`. 409 and 404 are
answers, not failures: `SlotTakenError`, `SlotGoneError`, `BookingNotFoundError`, or for a PIN
upload a `PinUpload` value.
"""

from __future__ import annotations

import enum
import json
import logging
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

from kiosk.i18n import _
from kiosk.sync.errors import SyncError
from kiosk.sync.protocol import Answer, HubFailure, Unauthorized, call, expect_json
from kiosk.sync.transport import Timeouts, make_client

log = logging.getLogger(__name__)

SLOTS_PATH = "api/v1/appointments/slots"
BOOK_PATH = "api/v1/appointments"
CANCEL_PATH = "api/v1/appointments/cancel"
PIN_PATH = "api/v1/volunteers/{volunteer_id}/pin"


class HelpdeskError(SyncError):
    """A help-point request did not give what was asked; the message says what to do."""


class HubOfflineError(HelpdeskError):
    """The hub could not be reached (or did not give its own answer)."""


class KioskRefusedError(HelpdeskError):
    """The hub no longer accepts this kiosk's token."""


class SlotTakenError(HelpdeskError):
    """Someone else booked the slot first (409 taken)."""


class SlotGoneError(HelpdeskError):
    """The slot is not bookable (any more): in the past, or its opening was removed (404)."""


class UnknownServiceError(HelpdeskError):
    """The hub offers no such service at this kiosk's location (404)."""


class BookingNotFoundError(HelpdeskError):
    """No booking has this code (404): a typing error, or it was cancelled already."""


class PinUpload(enum.Enum):
    """What the hub did with an uploaded PIN hash."""

    STORED = "stored"  # 204
    ALREADY_SET = "pin_already_set"  # 409: the hub has a hash already; the config brings it
    UNKNOWN_VOLUNTEER = "unknown"  # 404: removed, or of another location
    #: 409 invitation_refused / invitation_required (hubs since issue #21): the code is wrong,
    #: expired, replaced or used up; the PIN set with it cannot be kept
    INVITATION_REFUSED = "invitation_refused"


@dataclass(frozen=True)
class FreeSlot:
    id: str
    service: str
    start: datetime
    end: datetime


@dataclass(frozen=True)
class Ticket:
    code: str
    service: str
    service_name: str
    start: datetime
    end: datetime
    location: str


def offline_message() -> str:
    return _("booking needs the internet; try again later or ask at the desk")


def _request(
    hub_url: str,
    token: str,
    method: str,
    path: str,
    body: object,
    ca_bundle: str,
    timeouts: Timeouts | None,
    offline: str | None = None,
) -> Answer:
    """One call; transport trouble, 3xx, 5xx and 401 become HelpdeskErrors."""
    try:
        with make_client(hub_url, ca_bundle, timeouts) as client:
            answer = call(client, method, path, token=token, body=body)
    except HubFailure as exc:
        log.warning("%s %s: %s", method, path, exc)
        raise HubOfflineError(offline or offline_message()) from None
    if answer.status == 401:
        raise KioskRefusedError(
            _("the hub no longer accepts this kiosk; ask the location's admin to enroll it again")
        )
    if 300 <= answer.status < 400 or answer.status >= 500:
        log.warning("%s %s: HTTP %d", method, path, answer.status)
        raise HubOfflineError(offline or offline_message())
    return answer


def _json(answer: Answer, expected: int, offline: str | None = None) -> dict[str, object]:
    try:
        return expect_json(answer, expected)
    except Unauthorized:
        raise KioskRefusedError(
            _("the hub no longer accepts this kiosk; ask the location's admin to enroll it again")
        ) from None
    except HubFailure as exc:
        log.warning("unexpected answer from the hub: %s", exc)
        raise HubOfflineError(offline or offline_message()) from None


def _reason(answer: Answer) -> str:
    try:
        decoded = json.loads(answer.body)
    except ValueError:
        return ""
    return (
        str(decoded.get("reason") or decoded.get("detail") or "")
        if isinstance(decoded, dict)
        else ""
    )


def _moment(value: object) -> datetime:
    if not isinstance(value, str):
        raise ValueError("not a time")
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise ValueError("a time without an offset")
    return moment


def _garbled() -> HubOfflineError:
    log.warning("the hub's help-point answer is not a protocol answer")
    return HubOfflineError(offline_message())


def fetch_slots(
    hub_url: str,
    token: str,
    service: str,
    days: int = 14,
    *,
    ca_bundle: str = "",
    timeouts: Timeouts | None = None,
) -> list[FreeSlot]:
    """Free slots of `service` at this kiosk's location in the coming `days` days, by time."""
    path = f"{SLOTS_PATH}?service={quote(service, safe='')}&days={int(days)}"
    answer = _request(hub_url, token, "GET", path, None, ca_bundle, timeouts)
    if answer.status == 404:
        raise UnknownServiceError(_("appointments for this service cannot be booked here"))
    items = _json(answer, 200).get("slots")
    if not isinstance(items, list):
        raise _garbled()
    try:
        slots = [
            FreeSlot(
                str(item["id"]), str(item["service"]), _moment(item["start"]), _moment(item["end"])
            )
            for item in items
        ]
    except (KeyError, TypeError, ValueError):
        raise _garbled() from None
    return sorted(slots, key=lambda slot: slot.start)


def book(
    hub_url: str,
    token: str,
    slot_id: str,
    first_name: str,
    phone: str | None = None,
    *,
    ca_bundle: str = "",
    timeouts: Timeouts | None = None,
) -> Ticket:
    """Book `slot_id` for a resident; the ticket, or SlotTakenError / SlotGoneError."""
    body = {"slot_id": slot_id, "first_name": first_name, "phone": phone or None}
    answer = _request(hub_url, token, "POST", BOOK_PATH, body, ca_bundle, timeouts)
    if answer.status == 409:
        raise SlotTakenError(_("someone else just booked this time; please pick another one"))
    if answer.status == 404:
        raise SlotGoneError(_("this time can no longer be booked; please pick another one"))
    if answer.status == 422:
        raise HelpdeskError(
            _("the hub did not accept the name or phone number; check them and try again")
        )
    decoded = _json(answer, 201)
    try:
        return Ticket(
            code=str(decoded["code"]),
            service=str(decoded["service"]),
            service_name=str(decoded["service_name"]),
            start=_moment(decoded["start"]),
            end=_moment(decoded["end"]),
            location=str(decoded["location"]),
        )
    except (KeyError, ValueError):
        raise _garbled() from None


def cancel(
    hub_url: str,
    token: str,
    code: str,
    *,
    ca_bundle: str = "",
    timeouts: Timeouts | None = None,
) -> None:
    """Cancel the booking with the ticket's `code`; BookingNotFoundError when there is none."""
    offline = _("cancelling needs the internet; try again later or ask at the desk")
    answer = _request(
        hub_url, token, "POST", CANCEL_PATH, {"code": code.strip()}, ca_bundle, timeouts, offline
    )
    if answer.status in (404, 422):
        raise BookingNotFoundError(_("no appointment has this code; check the code on your ticket"))
    if answer.status == 429:
        raise HelpdeskError(
            _(
                "too many wrong codes were tried at this kiosk; "
                "wait a few minutes or ask at the desk"
            )
        )
    if _json(answer, 200, offline).get("cancelled") is not True:
        raise _garbled()


def upload_pin(
    hub_url: str,
    token: str,
    volunteer_id: str,
    pin_hash: str,
    *,
    invitation_code: str | None = None,
    ca_bundle: str = "",
    timeouts: Timeouts | None = None,
) -> PinUpload:
    """Send a volunteer's PIN hash (never the PIN) with the invitation code it was chosen with;
    HubOfflineError means: keep it, try later."""
    offline = _("the hub cannot be reached; the PIN is kept on this kiosk and sent later")
    path = PIN_PATH.format(volunteer_id=quote(volunteer_id, safe=""))
    body: dict[str, str] = {"pin_hash": pin_hash}
    if invitation_code:
        body["invitation_code"] = invitation_code
    answer = _request(hub_url, token, "POST", path, body, ca_bundle, timeouts, offline)
    if answer.status == 204:
        return PinUpload.STORED
    reason = _reason(answer) if answer.status == 409 else ""
    if reason == "pin_already_set":
        return PinUpload.ALREADY_SET
    if reason in ("invitation_refused", "invitation_required"):
        return PinUpload.INVITATION_REFUSED
    if answer.status == 404:
        return PinUpload.UNKNOWN_VOLUNTEER
    log.warning("PIN upload for %s: HTTP %d %s", volunteer_id, answer.status, _reason(answer))
    raise HelpdeskError(
        _("the hub did not accept the PIN (HTTP {status})").format(status=answer.status)
    )
