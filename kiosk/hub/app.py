"""Building the hub's FastAPI application: `create_app(settings)`.

Used by `kiosk hub serve`, by the demo and by the tests (which run it on a uvicorn thread on
127.0.0.1). The database is opened (and migrated) here; the daily retention job runs inside the
app's lifespan, claimed through the database so that one of several processes runs it.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator
from urllib.parse import quote

import anyio
from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from kiosk import __version__
from kiosk.clock import utc_now
from kiosk.hub import openapi
from kiosk.hub.audit import SYSTEM, purge_audit
from kiosk.hub.db.engine import HubDatabase, open_hub_db
from kiosk.hub.errors import HubError
from kiosk.hub.guides import api as guides_api
from kiosk.hub.helpdesk import api as helpdesk_api
from kiosk.hub.helpdesk import pages as helpdesk_pages
from kiosk.hub.kiosks import api as kiosks_api
from kiosk.hub.middleware import HubMiddleware
from kiosk.hub.records import api as records_api
from kiosk.hub.records.retention import claim_daily_run, purge
from kiosk.hub.records.schemas import Health
from kiosk.hub.settings import HubSettings
from kiosk.hub.staff import audit_page, users
from kiosk.hub.staff import pages as staff_pages
from kiosk.hub.staff import region as region_pages
from kiosk.hub.staff.auth import LoginRequired, PasswordChangeRequired
from kiosk.hub.staff.error_pages import error_page, wants_html
from kiosk.hub.staff.passwords import configure_pool
from kiosk.hub.staff.rendering import STATIC
from kiosk.protocol import PROTOCOL_VERSION

log = logging.getLogger("kiosk.hub")
JOB_CHECK_SECONDS = 3600


async def _daily_jobs(db: HubDatabase, settings: HubSettings) -> None:
    while True:
        try:
            if await anyio.to_thread.run_sync(claim_daily_run, db, utc_now()):
                await anyio.to_thread.run_sync(purge, db, settings.retention_months, utc_now())
                await anyio.to_thread.run_sync(
                    purge_audit, db, settings.audit_retention_months, utc_now(), SYSTEM
                )
        except Exception:  # a failed run is logged and tried again next hour
            log.exception("the daily retention job failed")
        await asyncio.sleep(JOB_CHECK_SECONDS)


def create_app(settings: HubSettings, db: HubDatabase | None = None) -> FastAPI:
    """The hub as an ASGI app; opens (and migrates) the database unless `db` is given."""
    database = db or open_hub_db(settings.db_url)

    @contextlib.asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        job = asyncio.create_task(_daily_jobs(database, settings)) if settings.purge_job else None
        log.info("hub ready (database: %s)", database.engine.dialect.name)
        try:
            yield
        finally:
            if job is not None:
                job.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await job
            if db is None:
                database.close()

    app = FastAPI(
        title="Kiosk hub",
        version=__version__,
        description="The municipality's hub: sync protocol v1 for kiosks (docs/protocol.md).",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.db = database
    configure_pool(settings.password_workers)
    app.state.settings = settings
    app.add_middleware(
        HubMiddleware,
        body_caps={
            "/api/v1/records": settings.max_batch_bytes,
            "/api/v1/tuf/admin/init": guides_api.MAX_INIT_BYTES,
            "/api/v1/tuf/admin/publish": guides_api.MAX_PUBLISH_BYTES,
        },
    )
    app.include_router(kiosks_api.router)
    app.include_router(records_api.router)
    app.include_router(staff_pages.router)
    app.include_router(guides_api.router)
    app.include_router(helpdesk_api.router)
    app.include_router(helpdesk_pages.router)
    app.include_router(region_pages.router)
    app.include_router(users.router)
    app.include_router(audit_page.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/healthz", response_model=Health, tags=["operations"])
    def healthz() -> Health:
        """Liveness and database check for load balancers."""
        with database.engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")
        return Health(status="ok", protocol=PROTOCOL_VERSION, database=database.engine.dialect.name)

    @app.exception_handler(LoginRequired)
    async def _login_required(request: Request, exc: LoginRequired) -> Response:
        return RedirectResponse(f"/login?next={quote(exc.next_path)}", status_code=303)

    @app.exception_handler(PasswordChangeRequired)
    async def _password_change(request: Request, exc: PasswordChangeRequired) -> Response:
        return RedirectResponse("/account/password", status_code=303)

    @app.exception_handler(StarletteHTTPException)
    async def _refused(request: Request, exc: StarletteHTTPException) -> Response:
        if wants_html(request):
            page = await anyio.to_thread.run_sync(
                error_page, request, database, exc.status_code, exc.detail
            )
            for name, value in (exc.headers or {}).items():
                page.headers[name] = value
            return page
        return await http_exception_handler(request, exc)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> Response:
        if wants_html(request):
            return await anyio.to_thread.run_sync(error_page, request, database, 422, None)
        # FastAPI's own answer echoes the input, which fails to encode when it holds a lone
        # surrogate ("\ud800") and turns a client's mistake into a 500. Say where and what,
        # without the input, in ASCII-safe JSON.
        errors = [
            {
                "loc": [str(part) for part in error.get("loc", ())],
                "msg": str(error.get("msg", "")),
                "type": str(error.get("type", "")),
            }
            for error in exc.errors()
        ]
        body = json.dumps({"detail": errors}, ensure_ascii=True)
        return Response(body, status_code=422, media_type="application/json")

    @app.exception_handler(HubError)
    async def _hub_error(request: Request, exc: HubError) -> Response:
        if wants_html(request):
            return await anyio.to_thread.run_sync(error_page, request, database, 400, exc)
        return JSONResponse({"detail": str(exc)}, status_code=400)

    app.openapi = lambda: openapi.document(app)  # type: ignore[method-assign]
    return app
