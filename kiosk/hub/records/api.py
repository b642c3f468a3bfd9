"""The records endpoint of sync protocol version 1 (docs/protocol.md): `POST /api/v1/records`.

It needs the kiosk's `Authorization: Bearer TOKEN` (401 otherwise). The body is read by hand:
the byte cap is enforced while reading (413), and each record is judged on its own
(kiosk.hub.records.ingest), so one bad record never fails the batch. Kiosks may report their
outbox length in the `Kiosk-Outbox-Pending` header.
"""

from __future__ import annotations

import json
import logging
from typing import Annotated

import anyio
from fastapi import APIRouter, Depends, HTTPException, Request, Response, status

from kiosk.clock import utc_now
from kiosk.hub.deps import DbDep, KioskDep, OutboxPendingDep, SettingsDep, read_capped
from kiosk.hub.openapi import UNAUTHORIZED
from kiosk.hub.records.ingest import prepare_all, store_batch
from kiosk.hub.records.schemas import BatchResult, ErrorBody

log = logging.getLogger("kiosk.hub.api")
router = APIRouter(prefix="/api/v1", tags=["kiosk sync v1"])


#: Deepest nesting of a batch body; a valid one is 5 levels deep.
MAX_DEPTH = 32


def too_deep(value: object, limit: int = MAX_DEPTH) -> bool:
    """Whether `value` (decoded JSON) nests lists and objects more than `limit` levels deep."""
    stack: list[tuple[object, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            item = list(item.values())
        if isinstance(item, list):
            if depth > limit:
                return True
            stack.extend((child, depth + 1) for child in item if isinstance(child, dict | list))
    return False


async def raw_records(request: Request, settings: SettingsDep) -> list[object]:
    """The body's records, undecoded: `{"records": [...]}` within the byte and count caps."""
    cap = settings.max_batch_bytes
    body = await read_capped(request, cap, f"batch over {cap} bytes")
    try:
        decoded = json.loads(body)
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        raise HTTPException(422, detail="the body is not JSON, or nested too deeply") from None
    if too_deep(decoded):
        raise HTTPException(422, detail=f"the body is nested more than {MAX_DEPTH} levels deep")
    if (
        not isinstance(decoded, dict)
        or set(decoded) != {"records"}
        or not isinstance(decoded["records"], list)
    ):
        raise HTTPException(422, detail='the body must be {"records": [...]} and nothing else')
    records: list[object] = decoded["records"]
    if len(records) > settings.max_batch_records:
        raise HTTPException(
            status.HTTP_413_CONTENT_TOO_LARGE,
            detail=f"batch of {len(records)} records; at most {settings.max_batch_records}",
        )
    return records


@router.post(
    "/records",
    response_model=BatchResult,
    responses={
        **UNAUTHORIZED,
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
    kiosk: KioskDep,
    records: Annotated[list[object], Depends(raw_records)],
    pending: OutboxPendingDep,
    db: DbDep,
) -> Response:
    """Upsert a batch of records by uuid; each is accepted, a duplicate, or rejected."""

    def work() -> BatchResult:
        valid, rejected = prepare_all(records)
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
