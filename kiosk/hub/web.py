"""The staff web pages: login, dashboard, kiosks, locations, enrollment codes, exports.

Server-rendered with Jinja2, no build step. Every form carries a CSRF token; every change
needs the admin role. Pages that need a login redirect to /login.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from kiosk.clock import utc_now
from kiosk.hub import admin, exports
from kiosk.hub import dashboard as dash
from kiosk.hub.db import HubDatabase
from kiosk.hub.errors import HubError
from kiosk.hub.i18n_web import install
from kiosk.hub.security import csrf_token
from kiosk.hub.settings import HubSettings
from kiosk.hub.staff_auth import (
    PRELOGIN_COOKIE,
    SESSION_COOKIE,
    StaffUser,
    attempt_login,
    check_csrf,
    csrf_for,
    current_user,
    login_blocked,
    logout,
    new_prelogin,
    set_cookie,
)
from kiosk.hub.stats import Filters, default_filters
from kiosk.protocol import IDLE_TIMEOUT_MAX_S, IDLE_TIMEOUT_MIN_S

log = logging.getLogger("kiosk.hub.web")
templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
install(templates.env)
# The idle-timeout range the kiosk accepts (kiosk.protocol), for the location form's limits.
templates.env.globals["idle_timeout_min"] = IDLE_TIMEOUT_MIN_S
templates.env.globals["idle_timeout_max"] = IDLE_TIMEOUT_MAX_S
router = APIRouter(include_in_schema=False)


class LoginRequired(Exception):
    """Raised by pages that need a staff login; the app turns it into a redirect."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


def _db(request: Request) -> HubDatabase:
    db: HubDatabase = request.app.state.db
    return db


def _settings(request: Request) -> HubSettings:
    settings: HubSettings = request.app.state.settings
    return settings


def _user(request: Request) -> StaffUser:
    user = current_user(request, _db(request))
    if user is None:
        raise LoginRequired(request.url.path)
    return user


def _admin(request: Request) -> StaffUser:
    user = _user(request)
    if not user.is_admin:
        raise HTTPException(403, detail="this needs the admin role")
    return user


async def _form(request: Request, user: StaffUser | None) -> dict[str, str]:
    form = await request.form()
    values = {key: str(value) for key, value in form.items() if isinstance(value, str)}
    if not check_csrf(request, _db(request), user, values.get("csrf_token", "")):
        raise HTTPException(403, detail="the form has expired; reload the page and try again")
    return values


def _page(
    request: Request,
    name: str,
    user: StaffUser | None,
    status_code: int = 200,
    csrf: str | None = None,
    **context: Any,
) -> HTMLResponse:
    token = csrf if csrf is not None else csrf_for(request, _db(request), user)
    context.update(user=user, csrf=token, path=request.url.path)
    return templates.TemplateResponse(request, name, context, status_code=status_code)


@router.get("/", response_class=HTMLResponse)
def index() -> RedirectResponse:
    return RedirectResponse("/dashboard", status_code=303)


@router.get("/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/dashboard") -> HTMLResponse:
    prelogin = request.cookies.get(PRELOGIN_COOKIE) or new_prelogin()
    token = csrf_token(_db(request).secret, prelogin)
    response = _page(request, "login.html", None, csrf=token, next=_safe_next(next), error=None)
    set_cookie(response, request, _settings(request), PRELOGIN_COOKIE, prelogin, 3600)
    return response


def _safe_next(target: str) -> str:
    return target if target.startswith("/") and not target.startswith("//") else "/dashboard"


@router.post("/login", response_class=HTMLResponse)
async def login_submit(request: Request) -> Response:
    db, settings = _db(request), _settings(request)
    values = await _form(request, None)
    email, password = values.get("email", ""), values.get("password", "")
    target = _safe_next(values.get("next", "/dashboard"))
    if login_blocked(request, db, settings, email):
        log.warning("login blocked after too many attempts")
        return _page(
            request,
            "login.html",
            None,
            status_code=429,
            next=target,
            error="Too many failed attempts. Wait a few minutes, then try again.",
        )
    session_id = attempt_login(request, db, settings, email, password)
    if session_id is None:
        return _page(
            request,
            "login.html",
            None,
            status_code=401,
            next=target,
            error="That e-mail address and password do not match.",
        )
    response = RedirectResponse(target, status_code=303)
    set_cookie(
        response, request, settings, SESSION_COOKIE, session_id, settings.session_hours * 3600
    )
    response.delete_cookie(PRELOGIN_COOKIE, path="/")
    return response


@router.post("/logout")
async def logout_submit(request: Request) -> Response:
    user = _user(request)
    await _form(request, user)
    logout(_db(request), user)
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
def dashboard_page(request: Request) -> HTMLResponse:
    user = _user(request)
    filters, error = _filters(request)
    board = dash.build(_db(request), filters)
    query = f"from={filters.start}&to={filters.end}"
    if filters.location_id:
        query += f"&location={quote(filters.location_id)}"
    return _page(
        request,
        "dashboard.html",
        user,
        filters=filters,
        error=error,
        board=board,
        chart_json=json.dumps({"charts": board.charts, "funnels": board.funnels}),
        locations=admin.locations(_db(request)),
        export_query=query,
    )


@router.get("/exports/{fmt}")
def export_download(request: Request, fmt: str) -> Response:
    _user(request)
    if fmt not in exports.FORMATS:
        raise HTTPException(404, detail="unknown export")
    filters, error = _filters(request)
    if error:
        raise HTTPException(400, detail=error)
    text, media_type = exports.render(_db(request), fmt, filters)
    suffix = "csv" if fmt == "csv" else "json"
    filename = f"kiosk-{fmt}-{filters.start}-{filters.end}.{suffix}"
    return Response(
        text,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.get("/kiosks", response_class=HTMLResponse)
def kiosks_page(request: Request) -> HTMLResponse:
    user = _user(request)
    return _page(request, "kiosks.html", user, kiosks=admin.kiosks(_db(request)))


@router.post("/kiosks/{kiosk_id}/revoke")
async def kiosk_revoke(request: Request, kiosk_id: str) -> Response:
    user = _admin(request)
    await _form(request, user)
    admin.revoke_kiosk(_db(request), kiosk_id)
    log.info("kiosk %s revoked by %s", kiosk_id, user.email)
    return RedirectResponse("/kiosks", status_code=303)


@router.get("/locations", response_class=HTMLResponse)
def locations_page(request: Request, error: str | None = None) -> HTMLResponse:
    user = _user(request)
    return _page(
        request, "locations.html", user, locations=admin.locations(_db(request)), error=error
    )


@router.post("/locations")
async def location_add(request: Request) -> Response:
    user = _admin(request)
    values = await _form(request, user)
    try:
        admin.add_location(_db(request), values.get("name", ""))
    except HubError as exc:
        return _page(
            request,
            "locations.html",
            user,
            status_code=400,
            locations=admin.locations(_db(request)),
            error=str(exc),
        )
    return RedirectResponse("/locations", status_code=303)


@router.post("/locations/{location_id}")
async def location_update(request: Request, location_id: str) -> Response:
    user = _admin(request)
    values = await _form(request, user)
    try:
        timeout = values.get("idle_timeout", "")
        if not timeout.isdigit():
            raise HubError("the idle timeout is a number of seconds")
        admin.update_location(
            _db(request),
            location_id,
            idle_timeout=int(timeout),
            allowed_sites=[s.strip() for s in values.get("allowed_sites", "").split() if s],
            referrals=admin.parse_referrals(values.get("referrals", "")),
        )
    except HubError as exc:
        return _page(
            request,
            "locations.html",
            user,
            status_code=400,
            locations=admin.locations(_db(request)),
            error=str(exc),
        )
    return RedirectResponse("/locations", status_code=303)


@router.get("/codes", response_class=HTMLResponse)
def codes_page(request: Request) -> HTMLResponse:
    user = _user(request)
    return _codes(request, user)


def _codes(request: Request, user: StaffUser, status_code: int = 200, **extra: Any) -> HTMLResponse:
    db = _db(request)
    extra.setdefault("new_code", None)
    extra.setdefault("error", None)
    return _page(
        request,
        "codes.html",
        user,
        status_code=status_code,
        codes=admin.enroll_codes(db),
        locations=admin.locations(db),
        now=utc_now(),
        **extra,
    )


@router.post("/codes", response_class=HTMLResponse)
async def code_create(request: Request) -> HTMLResponse:
    user = _admin(request)
    values = await _form(request, user)
    try:
        hours = float(values.get("valid_hours", "24") or 24)
        code, expires = admin.create_enroll_code(_db(request), values.get("location", ""), hours)
    except (HubError, ValueError) as exc:
        return _codes(request, user, status_code=400, error=str(exc))
    log.info("enrollment code made by %s", user.email)
    return _codes(request, user, new_code={"code": code, "expires": expires})
