"""The staff web pages: login, dashboard, kiosks, locations, enrollment codes, exports.

Server-rendered with Jinja2 (kiosk.hub.staff.rendering). Every form carries a CSRF token
(`FormDep`). Pages that need a login (`StaffDep`, `PageDep`) redirect to /login. Every page
reads and changes only what the user's scope allows (`ScopeDep`, kiosk.hub.scope); an object
outside it is a 404. Every role sees the pages of its locations; changing kiosks, locations and
codes needs the coordinator role (`CoordinatorDep`), adding a location a hub admin (`AdminDep`).
"""

from __future__ import annotations

import json
import logging
from datetime import date
from urllib.parse import quote

import anyio
from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from kiosk.clock import utc_now
from kiosk.hub.audit import by_user, client_of
from kiosk.hub.db.engine import HubDatabase
from kiosk.hub.deps import (
    AdminDep,
    CoordinatorDep,
    DbDep,
    FormDep,
    LoginFormDep,
    PageDep,
    ScopeDep,
    SettingsDep,
    StaffDep,
    not_found,
    whole_number,
)
from kiosk.hub.errors import HubError, NotFoundError
from kiosk.hub.guides.titles import guide_titles
from kiosk.hub.i18n import N_, Translator
from kiosk.hub.kiosks.enrollment import create_enroll_code, enroll_codes
from kiosk.hub.kiosks.fleet import list_kiosks, revoke_kiosk
from kiosk.hub.locations import (
    add_location,
    list_locations,
    parse_referrals,
    set_contact,
    update_location,
)
from kiosk.hub.organisations import list_organisations
from kiosk.hub.records import dashboard as dash
from kiosk.hub.records import exports
from kiosk.hub.records.exports import audit_export
from kiosk.hub.records.stats import Filters, default_filters
from kiosk.hub.scope import Scope
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
from kiosk.hub.staff.error_pages import wants_html
from kiosk.hub.staff.login import Outcome, check_credentials
from kiosk.hub.staff.rendering import Page, page_for, request_translator

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
    page = Page(request, None, csrf_token(db.secret, prelogin), t=request_translator(request, None))
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
            error=page.t._(
                "Too many failed attempts from this network. Wait a few minutes, then try again."
            ),
        )
    if checked.outcome is Outcome.FAILED or checked.user_id is None:
        return page.render(
            "login.html",
            status_code=401,
            next=target,
            error=page.t._("That e-mail address and password do not match."),
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


def _filters(
    request: Request, scope: Scope, db: HubDatabase, t: Translator
) -> tuple[Filters, str | None]:
    """The query string's filters inside `scope`; a location outside it is a 404. Without
    dates, the period starts at the first data the reader may see (at most twelve weeks)."""
    params = request.query_params
    first = None if params.get("from") else dash.first_day(db, scope)
    try:
        return dash.parse_filters(
            params.get("from"),
            params.get("to"),
            params.get("location"),
            scope=scope,
            first_data=first,
        ), None
    except NotFoundError:
        raise not_found(N_("no such location")) from None
    except HubError as exc:
        return default_filters(scope=scope, first_data=dash.first_day(db, scope)), t.error(exc)


@router.get("/dashboard", response_class=HTMLResponse)
def dashboard_page(
    request: Request, db: DbDep, settings: SettingsDep, scope: ScopeDep, page: PageDep
) -> HTMLResponse:
    filters, error = _filters(request, scope, db, page.t)
    return _dashboard(db, settings, scope, page, filters, error)


def _query(start: date, end: date, location_id: str | None) -> str:
    query = f"from={start}&to={end}"
    return query + f"&location={quote(location_id)}" if location_id else query


def _dashboard(
    db: HubDatabase,
    settings: HubSettings,
    scope: Scope,
    page: Page,
    filters: Filters,
    error: str | None,
    status_code: int = 200,
) -> HTMLResponse:
    board = dash.build(db, filters, page.t, guide_titles(settings.tuf_dir))
    return page.render(
        "dashboard.html",
        status_code=status_code,
        filters=filters,
        error=error,
        board=board,
        chart_json=json.dumps(board.json()),
        locations=list_locations(db, scope),
        export_query=_query(filters.start, filters.end, filters.location_id),
        # The IDO export takes whole months and quarters only (docs/exports.md).
        ido_query=_query(*exports.ido_period_near(filters.start, filters.end), filters.location_id),
    )


@router.get("/exports/{fmt}")
def export_download(
    request: Request,
    fmt: str,
    db: DbDep,
    settings: SettingsDep,
    user: StaffDep,
    scope: ScopeDep,
    page: PageDep,
) -> Response:
    """An export of the user's scope (docs/exports.md), audited; a location outside the scope
    is a 404, an IDO period that is not a whole month or quarter the dashboard with the reason."""
    if fmt not in exports.FORMATS:
        raise HTTPException(404, detail=N_("unknown export"))
    filters, error = _filters(request, scope, db, page.t)
    if error and wants_html(request):  # a browser: the dashboard with the reason (#19)
        return _dashboard(db, settings, scope, page, filters, error, status_code=400)
    if error:
        raise HTTPException(400, detail=error)
    titles = guide_titles(settings.tuf_dir)
    try:
        rendered = exports.render(db, fmt, filters, lambda guide: titles.guide_title(guide, "nl"))
    except exports.IdoPeriodRefused as exc:
        return _dashboard(db, settings, scope, page, filters, page.t.error(exc), status_code=400)
    audit_export(db, by_user(user.id), fmt, filters, client_of(request, db))
    filename = f"kiosk-{fmt}-{filters.start}-{filters.end}.{rendered.suffix}"
    return Response(
        rendered.body,
        media_type=rendered.media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.get("/kiosks", response_class=HTMLResponse)
def kiosks_page(db: DbDep, scope: ScopeDep, page: PageDep) -> HTMLResponse:
    kiosks = list_kiosks(db, scope)
    # times in the locations' zone when they share one, else UTC, said (docs/hub-pages.md)
    zones = {kiosk.timezone for kiosk in kiosks}
    zone = next(iter(zones)) if len(zones) == 1 else None
    return page.render("kiosks.html", kiosks=kiosks, zone=zone)


@router.post("/kiosks/{kiosk_id}/revoke")
def kiosk_revoke(
    kiosk_id: str, db: DbDep, user: CoordinatorDep, scope: ScopeDep, _form: FormDep
) -> Response:
    try:
        revoke_kiosk(db, kiosk_id, scope, by_user(user.id))
    except NotFoundError:
        raise not_found(N_("no such kiosk")) from None
    log.info("kiosk %s revoked by %s", kiosk_id, user.email)
    return RedirectResponse("/kiosks", status_code=303)


def _locations(
    db: HubDatabase,
    page: Page,
    scope: Scope,
    status_code: int = 200,
    error: str | None = None,
) -> HTMLResponse:
    organisations = list_organisations(db)
    return page.render(
        "locations.html",
        status_code=status_code,
        locations=list_locations(db, scope),
        organisations=organisations,
        organisation_names={org.id: org.name for org in organisations},
        error=error,
    )


@router.get("/locations", response_class=HTMLResponse)
def locations_page(db: DbDep, scope: ScopeDep, page: PageDep) -> HTMLResponse:
    return _locations(db, page, scope)


@router.post("/locations")
def location_add(
    db: DbDep, user: AdminDep, scope: ScopeDep, values: FormDep, page: PageDep
) -> Response:
    try:
        add_location(
            db,
            values.get("name", ""),
            values.get("organisation") or None,
            values.get("timezone") or "Europe/Brussels",
            by_user(user.id),
        )
    except NotFoundError:
        raise not_found(N_("no such organisation")) from None
    except HubError as exc:
        return _locations(db, page, scope, 400, page.t.error(exc))
    return RedirectResponse("/locations", status_code=303)


@router.post("/locations/{location_id}")
def location_update(
    location_id: str,
    db: DbDep,
    user: CoordinatorDep,
    scope: ScopeDep,
    values: FormDep,
    page: PageDep,
) -> Response:
    if not scope.allows(location_id):
        raise not_found(N_("no such location"))
    actor = by_user(user.id)
    try:
        timeout = whole_number(values.get("idle_timeout", ""), maximum=1_000_000)
        if timeout is None:
            raise HubError(N_("the idle timeout is a number of seconds"))
        set_contact(
            db,
            location_id,
            timezone=values.get("timezone"),
            address=values.get("address"),
            phone=values.get("phone"),
            actor=actor,
        )
        update_location(
            db,
            location_id,
            idle_timeout=timeout,
            allowed_sites=[s.strip() for s in values.get("allowed_sites", "").split() if s],
            referrals=parse_referrals(values.get("referrals", "")),
            actor=actor,
        )
    except NotFoundError:
        raise not_found(N_("no such location")) from None
    except HubError as exc:
        return _locations(db, page, scope, 400, page.t.error(exc))
    return RedirectResponse("/locations", status_code=303)


def _codes(
    db: HubDatabase,
    page: Page,
    scope: Scope,
    status_code: int = 200,
    new_code: dict[str, object] | None = None,
    error: str | None = None,
) -> HTMLResponse:
    return page.render(
        "codes.html",
        status_code=status_code,
        codes=enroll_codes(db, scope),
        locations=list_locations(db, scope),
        now=utc_now(),
        new_code=new_code,
        error=error,
    )


@router.get("/codes", response_class=HTMLResponse)
def codes_page(db: DbDep, scope: ScopeDep, page: PageDep) -> HTMLResponse:
    return _codes(db, page, scope)


@router.post("/codes", response_class=HTMLResponse)
def code_create(
    db: DbDep, user: CoordinatorDep, scope: ScopeDep, values: FormDep, page: PageDep
) -> HTMLResponse:
    location_id = values.get("location", "")
    if not scope.allows(location_id):
        raise not_found(N_("no such location"))
    try:
        hours = whole_number(values.get("valid_hours", "") or "24", maximum=100_000)
        if hours is None:
            raise HubError(N_("the hours a code stays valid are a whole number from 1 to 720"))
        code, expires = create_enroll_code(db, location_id, hours, actor=by_user(user.id))
    except NotFoundError:
        raise not_found(N_("no such location")) from None
    except HubError as exc:
        return _codes(db, page, scope, status_code=400, error=page.t.error(exc))
    log.info("enrollment code made by %s", user.email)
    return _codes(db, page, scope, new_code={"code": code, "expires": expires})
