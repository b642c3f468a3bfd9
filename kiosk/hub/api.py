"""The kiosks' HTTP API, sync protocol version 1 (docs/protocol.md), under /api/v1.

Every endpoint needs a credential and answers 401 without a valid one: `enroll` takes a
one-time code, the others `Authorization: Bearer TOKEN`. The token is looked up on every
request, so a revoked kiosk stops at once. `POST /records` reads its body itself: the byte cap
is enforced while reading (413), and each record is judged on its own (kiosk.hub.ingest).
Kiosks may report their outbox length in the `Kiosk-Outbox-Pending` header.
"""

from __future__ import annotations

import json
import logging
from typing import Annotated, Any

import anyio
from fastapi import APIRouter, Depends, HTTPException, Request, Response, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import update

from kiosk.clock import utc_now
from kiosk.hub.db import HubDatabase
from kiosk.hub.enrollment import EnrollRefused, enroll, kiosk_for_token
from kiosk.hub.ingest import KioskRef, prepare_all, store_batch
from kiosk.hub.models import Kiosk, Location
from kiosk.hub.openings import config_services
from kiosk.hub.schemas import (
    BatchResult,
    ConfigService,
    ConfigVolunteer,
    EnrollRequest,
    EnrollResponse,
    ErrorBody,
    KioskConfig,
    Referral,
)
from kiosk.hub.settings import HubSettings
from kiosk.hub.volunteers import config_volunteers
from kiosk.protocol import OUTBOX_HEADER

log = logging.getLogger("kiosk.hub.api")


_bearer = HTTPBearer(auto_error=False, description="the kiosk token from POST /api/v1/enroll")
_UNAUTHORIZED: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody, "description": "no valid credential"}
}


def _db(request: Request) -> HubDatabase:
    db: HubDatabase = request.app.state.db
    return db


def _settings(request: Request) -> HubSettings:
    settings: HubSettings = request.app.state.settings
    return settings


def _unauthorized(detail: str) -> HTTPException:
    return HTTPException(
        status.HTTP_401_UNAUTHORIZED, detail=detail, headers={"WWW-Authenticate": "Bearer"}
    )


def current_kiosk(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> KioskRef:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise _unauthorized("a kiosk token is needed (Authorization: Bearer TOKEN)")
    kiosk = kiosk_for_token(_db(request), credentials.credentials)
    if kiosk is None:
        raise _unauthorized("the kiosk token is unknown or revoked; enroll the kiosk again")
    return kiosk


def _outbox_pending(request: Request) -> int | None:
    value = request.headers.get(OUTBOX_HEADER, "").strip()
    return int(value) if value.isdigit() and len(value) < 10 else None


router = APIRouter(prefix="/api/v1", tags=["kiosk sync v1"])


@router.post(
    "/enroll",
    status_code=status.HTTP_201_CREATED,
    response_model=EnrollResponse,
    responses=_UNAUTHORIZED,
)
def post_enroll(body: EnrollRequest, request: Request) -> EnrollResponse:
    """Trade a one-time enrollment code for a kiosk token (shown once; the hub keeps a hash)."""
    try:
        enrolled = enroll(_db(request), body.code, body.name, utc_now())
    except EnrollRefused as exc:
        log.info("enrollment refused: code %s", exc.reason)
        raise _unauthorized(f"code_{exc.reason}") from None
    log.info("kiosk %s enrolled at %s", enrolled.kiosk_id, enrolled.location)
    return EnrollResponse(
        kiosk_id=enrolled.kiosk_id,
        token=enrolled.token,
        location=enrolled.location,
        location_id=enrolled.location_id,
    )


async def _read_capped(request: Request, cap: int) -> bytes:
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > cap:
        raise HTTPException(status.HTTP_413_CONTENT_TOO_LARGE, detail=f"batch over {cap} bytes")
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > cap:
            raise HTTPException(status.HTTP_413_CONTENT_TOO_LARGE, detail=f"batch over {cap} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


@router.post(
    "/records",
    response_model=BatchResult,
    responses={
        **_UNAUTHORIZED,
        413: {"model": ErrorBody, "description": "too many records or bytes in one batch"},
        422: {"model": ErrorBody, "description": 'the body is not {"records": [...]}'},
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/RecordBatch"}}
            },
        }
    },
)
async def post_records(
    request: Request, kiosk: Annotated[KioskRef, Depends(current_kiosk)]
) -> Response:
    """Upsert a batch of records by uuid; each is accepted, a duplicate, or rejected."""
    settings = _settings(request)
    body = await _read_capped(request, settings.max_batch_bytes)
    try:
        decoded = json.loads(body)
    except ValueError:
        raise HTTPException(422, detail="the body is not JSON") from None
    if (
        not isinstance(decoded, dict)
        or set(decoded) != {"records"}
        or not isinstance(decoded["records"], list)
    ):
        raise HTTPException(422, detail='the body must be {"records": [...]} and nothing else')
    raw_records: list[Any] = decoded["records"]
    if len(raw_records) > settings.max_batch_records:
        raise HTTPException(
            status.HTTP_413_CONTENT_TOO_LARGE,
            detail=f"batch of {len(raw_records)} records; at most {settings.max_batch_records}",
        )
    pending = _outbox_pending(request)
    db = _db(request)

    def work() -> BatchResult:
        valid, rejected = prepare_all(raw_records)
        verdicts = store_batch(db.sessions, kiosk, valid, utc_now(), pending)
        return BatchResult(
            accepted=verdicts.accepted,
            duplicates=verdicts.duplicates,
            rejected=[*rejected, *verdicts.rejected],
        )

    result = await anyio.to_thread.run_sync(work)
    log.info(
        "kiosk %s: %d accepted, %d duplicates, %d rejected",
        kiosk.id,
        len(result.accepted),
        len(result.duplicates),
        len(result.rejected),
    )
    for item in result.rejected:
        log.warning(
            "kiosk %s: record %s rejected (%s) %s", kiosk.id, item.uuid, item.reason, item.detail
        )
    # Serialized directly: the model is valid already, and this is the hot path.
    return Response(result.model_dump_json(), media_type="application/json")


@router.get("/kiosk/config", response_model=KioskConfig, responses=_UNAUTHORIZED)
def get_config(request: Request, kiosk: Annotated[KioskRef, Depends(current_kiosk)]) -> KioskConfig:
    """The location's settings for this kiosk; fetched on every sync."""
    db = _db(request)
    pending = _outbox_pending(request)
    with db.sessions.begin() as session:
        row = session.get(Kiosk, kiosk.id)
        location = session.get(Location, kiosk.location_id)
        assert row is not None
        assert location is not None
        values: dict[str, Any] = {"last_seen_at": utc_now()}
        if pending is not None:
            values["outbox_pending"] = pending
        session.execute(update(Kiosk).where(Kiosk.id == kiosk.id).values(**values))
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
                ConfigVolunteer.model_validate(v) for v in config_volunteers(session, location.id)
            ],
        )
