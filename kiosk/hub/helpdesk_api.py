"""The help point's kiosk API (issue #8): volunteers' PIN hashes and help appointments.

    POST /api/v1/volunteers/{volunteer_id}/pin   204 | 409 pin_already_set | 404
    GET  /api/v1/appointments/slots              200 free slots at the kiosk's location
    POST /api/v1/appointments                    201 ticket | 409 taken | 404 slot unknown
    POST /api/v1/appointments/cancel             200 | 404

Every endpoint needs the kiosk's Bearer token (401 otherwise) and is in the OpenAPI document
with all its status codes. Booking is decided by the database (kiosk.hub.appointments), so 50
kiosks pressing the same button at once give one ticket and 49 "taken" answers.
"""

from __future__ import annotations

import logging
from typing import Annotated, Any, Literal

import anyio
from fastapi import APIRouter, Depends, Query, Request, Response, status
from fastapi.responses import JSONResponse
from pydantic import AwareDatetime, Field, field_validator, model_validator

from kiosk.clock import utc_now
from kiosk.hub import appointments
from kiosk.hub.api import current_kiosk
from kiosk.hub.db import HubDatabase
from kiosk.hub.errors import NotFoundError
from kiosk.hub.ingest import KioskRef
from kiosk.hub.schemas import ErrorBody, Strict, utc_iso
from kiosk.hub.volunteers import PIN_HASH, PinResult, set_pin_hash

log = logging.getLogger("kiosk.hub.helpdesk")

router = APIRouter(prefix="/api/v1", tags=["help point v1"])
ServiceId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_.-]{0,63}$")]


def _no_lone_surrogates(value: Any) -> Any:
    """Strings with lone surrogates (a JSON escape such as \\ud800) get U+FFFD instead, so
    that neither the database nor a 422 answer that echoes the input fails on them."""
    if isinstance(value, str):
        return value.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    if isinstance(value, dict):
        return {key: _no_lone_surrogates(item) for key, item in value.items()}
    return value


class Body(Strict):
    """A request body of this API."""

    @model_validator(mode="before")
    @classmethod
    def _clean(cls, data: Any) -> Any:
        return _no_lone_surrogates(data)


class PinUpload(Body):
    pin_hash: Annotated[str, Field(max_length=255, pattern=PIN_HASH.pattern)]


class Refusal(Strict):
    """A 409: `reason` is a stable id for programs, `detail` a sentence for people."""

    reason: str
    detail: str


class Slot(Strict):
    id: str
    service: str
    start: AwareDatetime
    end: AwareDatetime


class SlotList(Strict):
    slots: list[Slot]


#: At least one character that is not a space, and no control characters (no newlines).
NAME_PATTERN = r"^[^\x00-\x1f\x7f-\x9f]*[^\s\x00-\x1f\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$"
#: Empty, or at least 6 digits with + - . / ( ) and spaces between them.
PHONE_PATTERN = r"^([ +()./-]*([0-9][ +()./-]*){6,})?$"


class BookingRequest(Body):
    """`phone` may be null or empty; everything the schema allows is accepted."""

    slot_id: Annotated[str, Field(min_length=1, max_length=64)]
    first_name: Annotated[str, Field(min_length=1, max_length=60, pattern=NAME_PATTERN)]
    phone: Annotated[str | None, Field(max_length=32, pattern=PHONE_PATTERN)] = None

    @field_validator("first_name")
    @classmethod
    def _first_name(cls, value: str) -> str:
        return " ".join(value.split()) or value.strip() or value

    @field_validator("phone")
    @classmethod
    def _phone(cls, value: str | None) -> str | None:
        return " ".join(value.split()) or None if value is not None else None


class Ticket(Strict):
    code: str
    service: str
    service_name: str
    start: AwareDatetime
    end: AwareDatetime
    location: str


class CancelRequest(Body):
    code: Annotated[str, Field(min_length=1, max_length=32)]


class Cancelled(Strict):
    cancelled: Literal[True] = True


def _db(request: Request) -> HubDatabase:
    db: HubDatabase = request.app.state.db
    return db


def _refusal(reason: str, detail: str) -> JSONResponse:
    return JSONResponse({"reason": reason, "detail": detail}, status_code=409)


def _not_found(detail: str) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=404)


_UNAUTHORIZED: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody, "description": "no valid kiosk token"}
}


@router.post(
    "/volunteers/{volunteer_id}/pin",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses={
        **_UNAUTHORIZED,
        204: {"description": "the PIN hash is stored"},
        404: {"model": ErrorBody, "description": "no such volunteer at this kiosk's location"},
        409: {"model": Refusal, "description": "the volunteer has a PIN already"},
    },
)
def post_pin(
    volunteer_id: str,
    body: PinUpload,
    request: Request,
    kiosk: Annotated[KioskRef, Depends(current_kiosk)],
) -> Response:
    """Keep the PIN hash a volunteer set at first use (the hub never sees a PIN)."""
    result = set_pin_hash(_db(request), kiosk.location_id, volunteer_id, body.pin_hash)
    if result is PinResult.UNKNOWN:
        return _not_found("volunteer_unknown")
    if result is PinResult.ALREADY_SET:
        return _refusal(
            "pin_already_set", "this volunteer has a PIN already; staff can reset it on the hub"
        )
    log.info("kiosk %s set the PIN hash of volunteer %s", kiosk.id, volunteer_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/appointments/slots",
    response_model=SlotList,
    responses={**_UNAUTHORIZED, 404: {"model": ErrorBody, "description": "no such service"}},
)
def get_slots(
    request: Request,
    kiosk: Annotated[KioskRef, Depends(current_kiosk)],
    service: Annotated[str, Query(pattern=r"^[a-z0-9][a-z0-9_.-]{0,63}$")],
    days: Annotated[int, Query(ge=1, le=appointments.MAX_DAYS)] = 14,
) -> Any:
    """Free slots of `service` at the kiosk's location in the coming `days` days."""
    try:
        found = appointments.free_slots(_db(request), kiosk.location_id, service, days, utc_now())
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
async def post_booking(
    body: BookingRequest, request: Request, kiosk: Annotated[KioskRef, Depends(current_kiosk)]
) -> Any:
    """Book one seat of a free slot; the answer is the resident's ticket."""
    db = _db(request)

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
    },
)
def post_cancel(
    body: CancelRequest, request: Request, kiosk: Annotated[KioskRef, Depends(current_kiosk)]
) -> Any:
    """Cancel a booking with the code on its ticket (from any kiosk)."""
    if not appointments.cancel(_db(request), body.code):
        return _not_found("code_unknown")
    log.info("kiosk %s cancelled a booking", kiosk.id)
    return Cancelled()
