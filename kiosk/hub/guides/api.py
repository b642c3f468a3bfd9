"""HTTP routes of the guide repository (issue #7), included in the hub app with one line.

Read-only, for kiosks (the metadata is signed, so no credential is needed to read it):

    GET /tuf/metadata/{N.root|N.targets|N.snapshot|timestamp}.json
    GET /tuf/targets/{sha256}.{guide-id}.zip
    GET /api/v1/tuf/root            (kiosk token) the current root, for pinning at enrollment

For admins (`kiosk admin ...`), with a revocable admin token:

    POST   /api/v1/admin/tokens               {"email", "password"} -> {"token", "expires_at"}
    DELETE /api/v1/admin/tokens/current       revoke the token used
    GET    /api/v1/tuf/admin/online-keys      the hub's snapshot and timestamp public keys
    POST   /api/v1/tuf/admin/online-keys/next pending keys for a rotation
    GET    /api/v1/tuf/admin/state            current root and targets metadata
    POST   /api/v1/tuf/admin/init             {"root", "targets"}: start the repository
    POST   /api/v1/tuf/admin/publish          {"targets", "root"?, "files": {name: base64}}

Metadata travels as its JSON text, so the hub stores exactly the bytes that were signed. The
timestamp is renewed by a background task while the hub runs, and when it is read.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import contextlib
import json
import logging
from collections.abc import AsyncIterator, Mapping
from datetime import timedelta
from typing import Annotated

import anyio
from fastapi import APIRouter, Depends, FastAPI, HTTPException, Request, Response, status
from fastapi.responses import FileResponse
from pydantic import BaseModel, ConfigDict
from securesystemslib.signer import SSlibKey

from kiosk.domain.jsontypes import JsonValue
from kiosk.hub.audit import audit, by_user, client_of
from kiosk.hub.deps import AdminBearerDep, AdminTokenDep, DbDep, KioskDep, SettingsDep, read_capped
from kiosk.hub.guides import admin_tokens
from kiosk.hub.guides.repository import (
    MAX_BUNDLE_BYTES,
    HubTufRepository,
    NotInitializedError,
    RepoState,
)
from kiosk.hub.openapi import JsonObject, Responses
from kiosk.hub.scope import HUB_ADMIN
from kiosk.hub.settings import HubSettings
from kiosk.hub.staff.login import Outcome, check_credentials

log = logging.getLogger("kiosk.hub.tuf")

#: Cap on one publish request (base64 of the bundles plus metadata).
MAX_PUBLISH_BYTES = 4 * MAX_BUNDLE_BYTES
#: Cap on the init request: two metadata files, no bundles. FastAPI reads and parses this body
#: before the admin token is checked, so a big cap let anyone make the hub hold it (#17).
MAX_INIT_BYTES = 2 * 1024 * 1024


def repository(app: FastAPI) -> HubTufRepository:
    """The app's repository object (made on first use from the hub settings)."""
    repo: HubTufRepository | None = getattr(app.state, "tuf_repo", None)
    if repo is None:
        settings: HubSettings = app.state.settings
        hours = settings.tuf_timestamp_hours
        repo = HubTufRepository(settings.tuf_dir, timestamp_expiry=timedelta(hours=hours))
        app.state.tuf_repo = repo
    return repo


async def _renew_loop(app: FastAPI) -> None:
    while True:
        repo = repository(app)
        try:
            if await anyio.to_thread.run_sync(repo.renew):
                log.info("renewed the guide repository's timestamp")
        except Exception:  # logged, tried again at the next tick
            log.exception("renewing the guide repository's timestamp failed")
        await asyncio.sleep(max(60.0, min(3600.0, repo.timestamp_expiry.total_seconds() / 8)))


@contextlib.asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    task = asyncio.create_task(_renew_loop(app))
    try:
        yield
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task


router = APIRouter(tags=["guide repository (TUF)"], lifespan=_lifespan)


class TokenRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    email: str
    password: str


class InitRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    root: str
    targets: str


class PublishRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    targets: str
    root: str | None = None
    files: dict[str, str] = {}


def _request_repository(request: Request) -> HubTufRepository:
    return repository(request.app)


RepoDep = Annotated[HubTufRepository, Depends(_request_repository)]


def _summary(state: RepoState) -> JsonObject:
    return {
        "root_version": state.root.signed.version,
        "targets_version": state.targets.signed.version,
        "snapshot_version": state.snapshot_version,
        "timestamp_version": state.timestamp_version,
        "target_names": sorted(state.targets.signed.targets),
    }


_NOT_FOUND: Responses = {404: {"description": "no such file"}}
_KIOSK: Responses = {
    401: {"description": "no valid kiosk token"},
    404: {"description": "the hub has no guide repository yet"},
}
_ADMIN: Responses = {
    400: {"description": "the request is refused (see detail)"},
    401: {"description": "no valid admin token"},
    413: {"description": "the request is too large"},
}


@router.get("/tuf/metadata/{name}", include_in_schema=True, responses=_NOT_FOUND)
def get_metadata(name: str, repo: RepoDep) -> FileResponse:
    """A signed metadata file (consistent snapshots: N.root, N.targets, N.snapshot, timestamp)."""
    path = repo.public_file("metadata", name)
    if path is None:
        raise HTTPException(404, "no such metadata")
    return FileResponse(path, media_type="application/json")


@router.get("/tuf/targets/{name}", responses=_NOT_FOUND)
def get_target(name: str, repo: RepoDep) -> FileResponse:
    """A guide bundle, by the sha256 of its content and its name."""
    path = repo.public_file("targets", name)
    if path is None:
        raise HTTPException(404, "no such bundle")
    return FileResponse(path, media_type="application/zip")


@router.get("/api/v1/tuf/root", responses=_KIOSK)
def get_root(kiosk: KioskDep, repo: RepoDep) -> Response:
    """The current root metadata, which an enrolled kiosk pins as its trust anchor."""
    try:
        state = repo.state()
    except NotInitializedError as exc:
        raise HTTPException(404, str(exc)) from None
    return Response(state.root.to_bytes(), media_type="application/json")


@router.post("/api/v1/admin/tokens", status_code=status.HTTP_201_CREATED, responses=_ADMIN)
async def post_token(
    body: TokenRequest, request: Request, db: DbDep, settings: SettingsDep
) -> dict[str, str]:
    """Trade an admin's e-mail and password for a revocable admin token."""
    checked = await check_credentials(request, db, settings, body.email, body.password)
    if checked.outcome is not Outcome.OK or checked.user_id is None or checked.role != HUB_ADMIN:
        raise HTTPException(401, "wrong e-mail or password, not an admin, or too many attempts")
    token, expires = await anyio.to_thread.run_sync(
        admin_tokens.issue_for, db, checked.user_id, client_of(request, db)
    )
    log.info("admin token issued for %s", body.email.strip().lower())
    return {"token": token, "expires_at": expires.isoformat()}


@router.delete(
    "/api/v1/admin/tokens/current", status_code=status.HTTP_204_NO_CONTENT, responses=_ADMIN
)
def delete_token(admin: AdminTokenDep, credentials: AdminBearerDep, db: DbDep) -> Response:
    """Revoke the admin token of this request."""
    assert credentials is not None
    admin_tokens.revoke(db, credentials.credentials, admin.user_id)
    return Response(status_code=204)


def _keys_json(keys: Mapping[str, SSlibKey]) -> JsonObject:
    return {role: {"keyid": key.keyid, **key.to_dict()} for role, key in keys.items()}


@router.get("/api/v1/tuf/admin/online-keys", responses=_ADMIN)
def get_online_keys(admin: AdminTokenDep, repo: RepoDep) -> JsonObject:
    """The public online keys the root must name for snapshot and timestamp."""
    return _keys_json(repo.online_keys())


@router.post("/api/v1/tuf/admin/online-keys/next", responses=_ADMIN)
def post_next_online_keys(admin: AdminTokenDep, repo: RepoDep) -> JsonObject:
    """New (pending) online keys; they take over once a root naming them is published."""
    return _keys_json(repo.new_online_keys())


@router.get("/api/v1/tuf/admin/state", responses=_ADMIN)
def get_state(admin: AdminTokenDep, repo: RepoDep) -> JsonObject:
    """The current root and targets metadata as JSON text (null before init-repo)."""
    if not repo.initialized:
        return {"initialized": False, "root": None, "targets": None}
    state = repo.state()
    return {
        "initialized": True,
        "root": state.root.to_bytes().decode(),
        "targets": state.targets.to_bytes().decode(),
        # guide id -> highest version ever published, retired ones too (used once only)
        "used_versions": dict[str, JsonValue](repo.used_versions()),
        **_summary(state),
    }


@router.post("/api/v1/tuf/admin/init", status_code=status.HTTP_201_CREATED, responses=_ADMIN)
def post_init(body: InitRequest, admin: AdminTokenDep, repo: RepoDep, db: DbDep) -> JsonObject:
    """Start the repository with root v1 and targets v1, both signed offline by the admin."""
    state = repo.initialize(body.root.encode(), body.targets.encode())
    log.info("guide repository initialized by %s", admin.email)
    audit(db, "guides.initialised", by_user(admin.user_id))
    return _summary(state)


async def _read_json(request: Request) -> object:  # JSON from the wire, checked by the caller
    refusal = f"a publish is limited to {MAX_PUBLISH_BYTES} bytes"
    body = await read_capped(request, MAX_PUBLISH_BYTES, refusal)
    try:
        decoded: object = json.loads(body)
    except ValueError:
        raise HTTPException(422, "the body is not JSON") from None
    return decoded


@router.post("/api/v1/tuf/admin/publish", responses=_ADMIN)
async def post_publish(
    request: Request, admin: AdminTokenDep, repo: RepoDep, db: DbDep
) -> JsonObject:
    """New targets metadata and its new bundles; the hub renews snapshot and timestamp."""
    try:
        body = PublishRequest.model_validate(await _read_json(request))
        files = {name: base64.b64decode(data, validate=True) for name, data in body.files.items()}
    except (ValueError, binascii.Error) as exc:
        raise HTTPException(422, f"the publish request is malformed ({exc})") from None
    root = body.root.encode() if body.root is not None else None
    state = await anyio.to_thread.run_sync(lambda: repo.publish(body.targets.encode(), files, root))
    details: dict[str, JsonValue] = {  # what was published, for the audit log
        "targets_version": state.targets.signed.version,
        "bundles": list[JsonValue](sorted(files)[:50]),
    }
    await anyio.to_thread.run_sync(
        lambda: audit(db, "guides.published", by_user(admin.user_id), details=details)
    )
    log.info(
        "guides published by %s: targets v%d, %d new bundle(s)",
        admin.email,
        state.targets.signed.version,
        len(files),
    )
    return _summary(state)
