"""The kiosks' enrollment and config endpoints of sync protocol version 1 (docs/protocol.md).

    POST /api/v1/enroll        a one-time code -> the kiosk's token (401 for a bad code)
    GET  /api/v1/kiosk/config  the location's settings, services and volunteers (with open
                               invitation codes' hashes), its time zone, address and phone
                               number, the location admin PIN's hash (kiosk token)

The token is looked up on every request (`KioskDep`), so a revoked kiosk stops at once.
"""

from __future__ import annotations

import logging

from fastapi import APIRouter, Request, status
from fastapi.responses import JSONResponse
from sqlalchemy import update

from kiosk.clock import utc_now
from kiosk.hub import attempts
from kiosk.hub.db.models import Kiosk, Location
from kiosk.hub.deps import (
    DbDep,
    KioskDep,
    OutboxPendingDep,
    ReportedErrorDep,
    too_many,
    unauthorized,
)
from kiosk.hub.helpdesk.openings import config_services
from kiosk.hub.helpdesk.volunteers import config_volunteers
from kiosk.hub.kiosks.enrollment import EnrollRefused, enroll
from kiosk.hub.openapi import UNAUTHORIZED
from kiosk.hub.records.schemas import (
    ConfigService,
    ConfigVolunteer,
    EnrollRequest,
    EnrollResponse,
    ErrorBody,
    KioskConfig,
    Referral,
)

log = logging.getLogger("kiosk.hub.api")
router = APIRouter(prefix="/api/v1", tags=["kiosk sync v1"])


@router.post(
    "/enroll",
    status_code=status.HTTP_201_CREATED,
    response_model=EnrollResponse,
    responses={
        **UNAUTHORIZED,
        429: {
            "model": ErrorBody,
            "description": "too many wrong codes from this address lately; see Retry-After",
        },
    },
)
def post_enroll(body: EnrollRequest, db: DbDep, request: Request) -> EnrollResponse | JSONResponse:
    """Trade a one-time enrollment code for a kiosk token (shown once; the hub keeps a hash).
    An address that sent too many wrong codes lately waits (429, `Retry-After`)."""
    now = utc_now()
    key = attempts.address_key(attempts.ENROLL, db, request.client.host if request.client else None)
    wait = attempts.retry_after(db, attempts.ENROLL, key, now)
    if wait is not None:
        log.warning("enrollment: too many wrong codes from one address")
        return too_many("too_many_wrong_codes", wait)
    try:
        enrolled = enroll(db, body.code, body.name, now)
    except EnrollRefused as exc:
        log.info("enrollment refused: code %s", exc.reason)
        attempts.record_failure(db, key, now)
        raise unauthorized(f"code_{exc.reason}") from None
    log.info("kiosk %s enrolled at %s", enrolled.kiosk_id, enrolled.location)
    return EnrollResponse(
        kiosk_id=enrolled.kiosk_id,
        token=enrolled.token,
        location=enrolled.location,
        location_id=enrolled.location_id,
    )


@router.get("/kiosk/config", response_model=KioskConfig, responses=UNAUTHORIZED)
def get_config(
    kiosk: KioskDep, db: DbDep, pending: OutboxPendingDep, reported: ReportedErrorDep
) -> KioskConfig:
    """The location's settings for this kiosk; fetched on every sync."""
    with db.sessions.begin() as session:
        row = session.get(Kiosk, kiosk.id)
        location = session.get(Location, kiosk.location_id)
        assert row is not None
        assert location is not None
        now = utc_now()
        values: dict[str, object] = {"last_seen_at": now}
        if pending is not None:
            values["outbox_pending"] = pending
        if reported is not None:
            values["last_error"] = reported.text
            values["last_error_at"] = reported.at
            values["last_error_resolved_at"] = None
        elif row.last_error and row.last_error_resolved_at is None and pending is not None:
            # a kiosk that reports its outbox (#22 and later) sends its error with every round
            # that follows a failed one: a round without one means the kiosk is well again
            values["last_error_resolved_at"] = now
        session.execute(update(Kiosk).where(Kiosk.id == kiosk.id).values(values))
        return KioskConfig(
            kiosk_id=row.id,
            kiosk_name=row.name,
            location_id=location.id,
            location=location.name,
            idle_timeout=location.idle_timeout,
            allowed_sites=list(location.allowed_sites),
            referrals=[Referral.model_validate(item) for item in location.referrals],
            services=[
                ConfigService.model_validate(s) for s in config_services(session, location.id)
            ],
            volunteers=[
                ConfigVolunteer.model_validate(v)
                for v in config_volunteers(session, location.id, now)
            ],
            timezone=location.timezone,
            address=location.address,
            phone=location.phone,
            admin_pin_hash=location.admin_pin_hash,
            hidden_guides=list(location.hidden_guides or []),
        )
