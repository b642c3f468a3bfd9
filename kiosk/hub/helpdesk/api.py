"""The help point's kiosk API (issue #8): volunteers' PIN hashes and help appointments.

    POST /api/v1/volunteers/{volunteer_id}/pin   204 | 409 pin_already_set, invitation_required,
                                                 invitation_refused | 404 | 429
    GET  /api/v1/appointments/slots              200 free slots at the kiosk's location
    POST /api/v1/appointments                    201 ticket | 409 taken | 404 slot unknown
    POST /api/v1/appointments/cancel             200 | 404

Every endpoint needs the kiosk's Bearer token (401 otherwise) and is in the OpenAPI document
with all its status codes. Booking is decided by the database
(kiosk.hub.helpdesk.appointments), so 50 kiosks pressing the same button at once give one ticket
and 49 "taken" answers.
"""

from __future__ import annotations

import logging
from typing import Annotated

import anyio
from fastapi import APIRouter, Query, Response, status
from fastapi.responses import JSONResponse

from kiosk.clock import utc_now
from kiosk.hub import attempts
from kiosk.hub.audit import audit, by_kiosk
from kiosk.hub.db.engine import HubDatabase
from kiosk.hub.deps import DbDep, KioskDep, too_many
from kiosk.hub.errors import NotFoundError
from kiosk.hub.helpdesk import appointments
from kiosk.hub.helpdesk.schemas import (
    BookingRequest,
    Cancelled,
    CancelRequest,
    PinUpload,
    Refusal,
    Slot,
    SlotList,
    Ticket,
)
from kiosk.hub.helpdesk.volunteers import PinResult, set_pin_hash
from kiosk.hub.openapi import Responses
from kiosk.hub.records.schemas import ErrorBody, utc_iso

log = logging.getLogger("kiosk.hub.helpdesk")
router = APIRouter(prefix="/api/v1", tags=["help point v1"])


def _refusal(reason: str, detail: str) -> JSONResponse:
    return JSONResponse({"reason": reason, "detail": detail}, status_code=409)


def _not_found(detail: str) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=404)


def _audit_too_many(
    db: HubDatabase, kiosk_id: str, location_id: str, codes: str, target: str | None
) -> None:
    """Audit a 429 (too many wrong codes from this kiosk lately): which kind of code, never it."""
    audit(
        db,
        "kiosk.too_many_codes",
        by_kiosk(kiosk_id),
        target=target,
        location_id=location_id,
        details={"codes": codes},
    )


_UNAUTHORIZED: Responses = {401: {"model": ErrorBody, "description": "no valid kiosk token"}}


_PIN_REFUSALS = {
    PinResult.ALREADY_SET: (
        "pin_already_set",
        "this volunteer has a PIN already; the coordinator can reset it on the hub",
    ),
    PinResult.INVITATION_REQUIRED: (
        "invitation_required",
        "a first PIN needs the volunteer's invitation code (invitation_code)",
    ),
    PinResult.INVITATION_REFUSED: (
        "invitation_refused",
        "the invitation code is wrong, expired, replaced or used; the coordinator makes a new one",
    ),
}


@router.post(
    "/volunteers/{volunteer_id}/pin",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses={
        **_UNAUTHORIZED,
        204: {"description": "the PIN hash is stored; the invitation code is used up"},
        404: {"model": ErrorBody, "description": "no such volunteer at this kiosk's location"},
        409: {
            "model": Refusal,
            "description": "the volunteer has a PIN already (reason: pin_already_set), or the "
            "invitation code is missing (invitation_required) or not accepted "
            "(invitation_refused)",
        },
        429: {
            "model": ErrorBody,
            "description": "too many wrong invitation codes from this kiosk lately; see "
            "Retry-After",
        },
    },
)
def post_pin(
    volunteer_id: str,
    body: PinUpload,
    kiosk: KioskDep,
    db: DbDep,
) -> Response:
    """Keep the first PIN hash a volunteer set at a kiosk with their invitation code (the hub
    never sees a PIN); the code is used up."""
    now = utc_now()
    key = attempts.kiosk_key(attempts.INVITE, kiosk.id)
    wait = attempts.retry_after(db, attempts.INVITE, key, now)
    if wait is not None:
        log.warning("kiosk %s: too many wrong invitation codes", kiosk.id)
        _audit_too_many(db, kiosk.id, kiosk.location_id, "invitation", f"volunteer:{volunteer_id}")
        return too_many("too_many_wrong_codes", wait)
    result = set_pin_hash(
        db, kiosk.location_id, volunteer_id, body.pin_hash, kiosk.id, body.invitation_code, now
    )
    if result is PinResult.UNKNOWN:
        return _not_found("volunteer_unknown")
    if result is PinResult.INVITATION_REFUSED:
        attempts.record_failure(db, key, now)
    refusal = _PIN_REFUSALS.get(result)
    if refusal is not None:
        log.info("kiosk %s: PIN of volunteer %s not kept (%s)", kiosk.id, volunteer_id, refusal[0])
        return _refusal(*refusal)
    log.info("kiosk %s set the PIN hash of volunteer %s", kiosk.id, volunteer_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/appointments/slots",
    response_model=SlotList,
    responses={**_UNAUTHORIZED, 404: {"model": ErrorBody, "description": "no such service"}},
)
def get_slots(
    kiosk: KioskDep,
    db: DbDep,
    service: Annotated[str, Query(pattern=r"^[a-z0-9][a-z0-9_.-]{0,63}$")],
    days: Annotated[int, Query(ge=1, le=appointments.MAX_DAYS)] = 14,
) -> SlotList | JSONResponse:
    """Free slots of `service` at the kiosk's location in the coming `days` days."""
    try:
        found = appointments.free_slots(db, kiosk.location_id, service, days, utc_now())
    except NotFoundError:
        return _not_found("service_unknown")
    return SlotList(slots=[Slot(id=s.id, service=service, start=s.start, end=s.end) for s in found])


@router.post(
    "/appointments",
    status_code=status.HTTP_201_CREATED,
    response_model=Ticket,
    responses={
        **_UNAUTHORIZED,
        404: {"model": ErrorBody, "description": "no such slot at this kiosk's location"},
        409: {"model": Refusal, "description": "the slot is taken (reason: taken)"},
    },
)
async def post_booking(body: BookingRequest, kiosk: KioskDep, db: DbDep) -> JSONResponse:
    """Book one seat of a free slot; the answer is the resident's ticket."""

    def work() -> appointments.Booking:
        return appointments.book(
            db, kiosk.location_id, kiosk.id, body.slot_id, body.first_name, body.phone, utc_now()
        )

    try:
        booking = await anyio.to_thread.run_sync(work)
    except appointments.SlotUnknown:
        return _not_found("slot_unknown")
    except appointments.SlotTaken:
        return _refusal("taken", "someone else booked this time just now; pick another")
    log.info("kiosk %s booked slot %s", kiosk.id, body.slot_id)
    return JSONResponse(
        {
            "code": booking.code,
            "service": booking.service,
            "service_name": booking.service_name,
            "start": utc_iso(booking.start),
            "end": utc_iso(booking.end),
            "location": booking.location,
        },
        status_code=status.HTTP_201_CREATED,
    )


@router.post(
    "/appointments/cancel",
    response_model=Cancelled,
    responses={
        **_UNAUTHORIZED,
        404: {"model": ErrorBody, "description": "no booking has this code"},
        429: {
            "model": ErrorBody,
            "description": "too many wrong codes from this kiosk lately; see Retry-After",
        },
    },
)
def post_cancel(body: CancelRequest, kiosk: KioskDep, db: DbDep) -> Cancelled | JSONResponse:
    """Cancel a booking with the code on its ticket (from any kiosk); a kiosk that sent too
    many wrong codes lately waits (429, `Retry-After`)."""
    now = utc_now()
    key = attempts.kiosk_key(attempts.CANCEL, kiosk.id)
    wait = attempts.retry_after(db, attempts.CANCEL, key, now)
    if wait is not None:
        log.warning("kiosk %s: too many wrong cancel codes", kiosk.id)
        _audit_too_many(db, kiosk.id, kiosk.location_id, "cancel", None)
        return too_many("too_many_wrong_codes", wait)
    if not appointments.cancel(db, body.code):
        attempts.record_failure(db, key, now)
        return _not_found("code_unknown")
    log.info("kiosk %s cancelled a booking", kiosk.id)
    return Cancelled()
