"""The staff web pages: login, dashboard, kiosks, locations, enrollment codes, exports.

Server-rendered with Jinja2 (kiosk.hub.staff.rendering). Every form carries a CSRF token
(`FormDep`); every change needs the admin role (`AdminDep`). Pages that need a login
(`StaffDep`, `PageDep`) redirect to /login.
"""

from __future__ import annotations

import json
import logging
from urllib.parse import quote

import anyio
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from kiosk.clock import utc_now
from kiosk.hub.audit import by_user, client_of
from kiosk.hub.db.engine import HubDatabase
from kiosk.hub.deps import (
    AdminDep,
    DbDep,
    FormDep,
    LoginFormDep,
    PageDep,
    SettingsDep,
    StaffDep,
    whole_number,
)
from kiosk.hub.errors import HubError
from kiosk.hub.kiosks.enrollment import create_enroll_code, enroll_codes
from kiosk.hub.kiosks.fleet import list_kiosks, revoke_kiosk
from kiosk.hub.locations import add_location, list_locations, parse_referrals, update_location
from kiosk.hub.records import dashboard as dash
from kiosk.hub.records import exports
from kiosk.hub.records.exports import audit_export
from kiosk.hub.records.stats import Filters, default_filters
from kiosk.hub.security import csrf_token
from kiosk.hub.settings import HubSettings
from kiosk.hub.staff.auth import (
    PRELOGIN_COOKIE,
    SESSION_COOKIE,
    logout,
    new_prelogin,
    new_session,
    set_cookie,
)
from kiosk.hub.staff.login import Outcome, check_credentials
from kiosk.hub.staff.rendering import Page, page_for

log = logging.getLogger("kiosk.hub.web")
router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def index() -> RedirectResponse:
    return RedirectResponse("/dashboard", status_code=303)


@router.get("/login", response_class=HTMLResponse)
def login_page(
    request: Request, db: DbDep, settings: SettingsDep, next: str = "/dashboard"
) -> HTMLResponse:
    prelogin = request.cookies.get(PRELOGIN_COOKIE) or new_prelogin()
    page = Page(request, None, csrf_token(db.secret, prelogin))
    response = page.render("login.html", next=_safe_next(next), error=None)
    set_cookie(response, request, settings, PRELOGIN_COOKIE, prelogin, 3600)
    return response


def _safe_next(target: str) -> str:
    return target if target.startswith("/") and not target.startswith("//") else "/dashboard"


def _start_session(db: HubDatabase, settings: HubSettings, user_id: int) -> str:
    with db.sessions.begin() as session:
        return new_session(session, settings, user_id)


@router.post("/login", response_class=HTMLResponse)
async def login_submit(
    request: Request, db: DbDep, settings: SettingsDep, values: LoginFormDep
) -> Response:
    email, password = values.get("email", ""), values.get("password", "")
    target = _safe_next(values.get("next", "/dashboard"))
    page = await anyio.to_thread.run_sync(page_for, request, db, None)
    checked = await check_credentials(request, db, settings, email, password)
    if checked.outcome is Outcome.ADDRESS_BLOCKED:
        log.warning("login refused: too many failed attempts from one address")
        return page.render(
            "login.html",
            status_code=429,
            next=target,
            error="Too many failed attempts from this network. Wait a few minutes, then try again.",
        )
    if checked.outcome is Outcome.FAILED or checked.user_id is None:
        return page.render(
            "login.html",
            status_code=401,
            next=target,
            error="That e-mail address and password do not match.",
        )
    session_id = await anyio.to_thread.run_sync(_start_session, db, settings, checked.user_id)
    if checked.must_change_password:
        target = "/account/password"
    response = RedirectResponse(target, status_code=303)
    set_cookie(
        response, request, settings, SESSION_COOKIE, session_id, settings.session_hours * 3600
    )
    response.delete_cookie(PRELOGIN_COOKIE, path="/")
    return response


@router.post("/logout")
def logout_submit(request: Request, db: DbDep, user: StaffDep, _form: FormDep) -> Response:
    logout(db, user, client_of(request, db))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


def _filters(request: Request) -> tuple[Filters, str | None]:
    params = request.query_params
    try:
        return dash.parse_filters(
            params.get("from"), params.get("to"), params.get("location")
        ), None
    except HubError as exc:
        return default_filters(), str(exc)


@router.get("/dashboard", response_class=HTMLResponse)
def dashboard_page(request: Request, db: DbDep, page: PageDep) -> HTMLResponse:
    filters, error = _filters(request)
    board = dash.build(db, filters)
    query = f"from={filters.start}&to={filters.end}"
    if filters.location_id:
        query += f"&location={quote(filters.location_id)}"
    return page.render(
        "dashboard.html",
        filters=filters,
        error=error,
        board=board,
        chart_json=json.dumps({"charts": board.charts, "funnels": board.funnels}),
        locations=list_locations(db),
        export_query=query,
    )


@router.get("/exports/{fmt}")
def export_download(request: Request, fmt: str, db: DbDep, user: StaffDep) -> Response:
    if fmt not in exports.FORMATS:
        raise HTTPException(404, detail="unknown export")
    filters, error = _filters(request)
    if error:
        raise HTTPException(400, detail=error)
    text, media_type = exports.render(db, fmt, filters)
    audit_export(db, by_user(user.id), fmt, filters, client_of(request, db))
    suffix = "csv" if fmt == "csv" else "json"
    filename = f"kiosk-{fmt}-{filters.start}-{filters.end}.{suffix}"
    return Response(
        text,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.get("/kiosks", response_class=HTMLResponse)
def kiosks_page(db: DbDep, page: PageDep) -> HTMLResponse:
    return page.render("kiosks.html", kiosks=list_kiosks(db))


@router.post("/kiosks/{kiosk_id}/revoke")
def kiosk_revoke(kiosk_id: str, db: DbDep, user: AdminDep, _form: FormDep) -> Response:
    revoke_kiosk(db, kiosk_id, by_user(user.id))
    log.info("kiosk %s revoked by %s", kiosk_id, user.email)
    return RedirectResponse("/kiosks", status_code=303)


@router.get("/locations", response_class=HTMLResponse)
def locations_page(db: DbDep, page: PageDep, error: str | None = None) -> HTMLResponse:
    return page.render("locations.html", locations=list_locations(db), error=error)


def _locations_refused(db: HubDatabase, page: Page, exc: HubError) -> HTMLResponse:
    return page.render(
        "locations.html", status_code=400, locations=list_locations(db), error=str(exc)
    )


@router.post("/locations")
def location_add(db: DbDep, _user: AdminDep, values: FormDep, page: PageDep) -> Response:
    try:
        add_location(db, values.get("name", ""))
    except HubError as exc:
        return _locations_refused(db, page, exc)
    return RedirectResponse("/locations", status_code=303)


@router.post("/locations/{location_id}")
def location_update(
    location_id: str, db: DbDep, _user: AdminDep, values: FormDep, page: PageDep
) -> Response:
    try:
        timeout = whole_number(values.get("idle_timeout", ""), maximum=1_000_000)
        if timeout is None:
            raise HubError("the idle timeout is a number of seconds")
        update_location(
            db,
            location_id,
            idle_timeout=timeout,
            allowed_sites=[s.strip() for s in values.get("allowed_sites", "").split() if s],
            referrals=parse_referrals(values.get("referrals", "")),
        )
    except HubError as exc:
        return _locations_refused(db, page, exc)
    return RedirectResponse("/locations", status_code=303)


def _codes(
    db: HubDatabase,
    page: Page,
    status_code: int = 200,
    new_code: dict[str, object] | None = None,
    error: str | None = None,
) -> HTMLResponse:
    return page.render(
        "codes.html",
        status_code=status_code,
        codes=enroll_codes(db),
        locations=list_locations(db),
        now=utc_now(),
        new_code=new_code,
        error=error,
    )


@router.get("/codes", response_class=HTMLResponse)
def codes_page(db: DbDep, page: PageDep) -> HTMLResponse:
    return _codes(db, page)


@router.post("/codes", response_class=HTMLResponse)
def code_create(db: DbDep, user: AdminDep, values: FormDep, page: PageDep) -> HTMLResponse:
    try:
        hours = float(values.get("valid_hours", "24") or 24)
        code, expires = create_enroll_code(
            db, values.get("location", ""), hours, actor=by_user(user.id)
        )
    except (HubError, ValueError) as exc:
        return _codes(db, page, status_code=400, error=str(exc))
    log.info("enrollment code made by %s", user.email)
    return _codes(db, page, new_code={"code": code, "expires": expires})
