"""The hub's typed FastAPI dependencies: routes declare what they need, nothing is fetched by hand.

    @router.post("/kiosks/{kiosk_id}/revoke")
    def kiosk_revoke(kiosk_id: str, db: DbDep, user: AdminDep, form: FormDep) -> Response: ...

- `DbDep`, `SettingsDep`: the app's open database and settings (`create_app` puts them on
  `app.state`).
- `KioskDep`: the kiosk of a sync request (`Authorization: Bearer TOKEN`, 401 otherwise);
  `OutboxPendingDep`: the outbox length it reports in the `Kiosk-Outbox-Pending` header;
  `ReportedErrorDep`: the last sync error it reports in the `Kiosk-Last-Error` headers.
- `StaffDep`: the logged-in staff user (pages redirect to /login without one); `CoordinatorDep`:
  the same with the coordinator or hub_admin role, `AdminDep` with the hub_admin role (403
  otherwise). `PageDep` renders a staff page for that user.
- `ScopeDep`: the locations the logged-in user may see (kiosk.hub.scope.Scope). Every staff
  route that reads or changes location data declares it and hands it to its queries; an object
  outside it is a 404 (`not_found()`), as if it did not exist.
- `FormDep`: the posted form of a logged-in user, its CSRF token checked (403 otherwise);
  `LoginFormDep` the same for the login form, checked against the pre-login cookie.
- `AdminTokenDep`: the admin behind an API token of `kiosk admin login` (the guide repository).

Dependencies are resolved in the order a route declares them, and each once per request: a
route that declares `AdminDep` before `FormDep` refuses a non-admin before it reads the form.
`tests/hub/staff/test_scope_walk.py` walks every route of the app and fails for a staff route
that declares neither `ScopeDep` nor `AdminDep`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated
from urllib.parse import unquote

from fastapi import Depends, HTTPException, Path, Request, status
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from kiosk.clock import utc_now
from kiosk.domain.names import clean_text
from kiosk.hub.db.engine import HubDatabase
from kiosk.hub.guides.admin_tokens import AdminRef, admin_for_token
from kiosk.hub.i18n import N_
from kiosk.hub.kiosks.enrollment import KioskRef, kiosk_for_token
from kiosk.hub.scope import COORDINATOR, HUB_ADMIN, Scope, resolve_scope, role_at_least
from kiosk.hub.settings import HubSettings
from kiosk.hub.staff.auth import (
    WHILE_RESET,
    LoginRequired,
    PasswordChangeRequired,
    StaffUser,
    check_csrf,
    current_user,
)
from kiosk.hub.staff.rendering import Page, page_for
from kiosk.protocol import LAST_ERROR_AT_HEADER, LAST_ERROR_HEADER, LAST_ERROR_MAX, OUTBOX_HEADER

#: A form as posted: field name -> value (files are ignored).
Form = dict[str, str]
#: The most fields a staff form may have (the largest has 9); bytes are capped by HubMiddleware.
MAX_FORM_FIELDS = 50
#: The id of a row in a URL path: a whole number that fits the database's integer column.
RowId = Annotated[int, Path(ge=1, le=2**31 - 1)]


def whole_number(text: str, maximum: int = 2**31 - 1) -> int | None:
    """`text` as a whole number from 0 to `maximum`, or None. Only ASCII digits count:
    `str.isdigit()` also accepts "²", which `int()` refuses."""
    text = text.strip()
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(maximum)):
        return None
    value = int(text)
    return value if value <= maximum else None


_kiosk_bearer = HTTPBearer(auto_error=False, description="the kiosk token from POST /api/v1/enroll")
_admin_bearer = HTTPBearer(
    auto_error=False, description="an admin token from POST /api/v1/admin/tokens"
)
AdminBearerDep = Annotated[HTTPAuthorizationCredentials | None, Depends(_admin_bearer)]


def get_db(request: Request) -> HubDatabase:
    db: HubDatabase = request.app.state.db
    return db


def get_settings(request: Request) -> HubSettings:
    settings: HubSettings = request.app.state.settings
    return settings


DbDep = Annotated[HubDatabase, Depends(get_db)]
SettingsDep = Annotated[HubSettings, Depends(get_settings)]


# -- kiosks ------------------------------------------------------------------------------------


def unauthorized(detail: str) -> HTTPException:
    return HTTPException(
        status.HTTP_401_UNAUTHORIZED, detail=detail, headers={"WWW-Authenticate": "Bearer"}
    )


def too_many(detail: str, retry_after: int) -> JSONResponse:
    """A 429 that says when to try again."""
    return JSONResponse(
        {"detail": detail}, status_code=429, headers={"Retry-After": str(retry_after)}
    )


def current_kiosk(
    db: DbDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_kiosk_bearer)],
) -> KioskRef:
    """The kiosk whose token the request carries; 401 without one, or for a revoked one."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise unauthorized("a kiosk token is needed (Authorization: Bearer TOKEN)")
    kiosk = kiosk_for_token(db, credentials.credentials)
    if kiosk is None:
        raise unauthorized("the kiosk token is unknown or revoked; enroll the kiosk again")
    return kiosk


def outbox_pending(request: Request) -> int | None:
    """The outbox length a kiosk reports, or None (absent or not a small whole number)."""
    return whole_number(request.headers.get(OUTBOX_HEADER, ""), maximum=999_999_999)


KioskDep = Annotated[KioskRef, Depends(current_kiosk)]
OutboxPendingDep = Annotated[int | None, Depends(outbox_pending)]


@dataclass(frozen=True)
class ReportedError:
    """A kiosk's last sync error as it reports it (`Kiosk-Last-Error` headers)."""

    text: str
    at: datetime


def reported_error(request: Request) -> ReportedError | None:
    """The last error a kiosk reports, cleaned by the name rule and capped; None without one.

    The text is percent-encoded UTF-8 (docs/protocol.md); anything undecodable is replaced, a
    missing or unreadable time is the time of the request. Older kiosks send neither header.
    """
    raw = request.headers.get(LAST_ERROR_HEADER, "")
    if not raw:
        return None
    text = clean_text(unquote(raw[: LAST_ERROR_MAX * 12], errors="replace"), LAST_ERROR_MAX)
    if not text:
        return None
    now = utc_now()
    try:
        at = datetime.fromisoformat(request.headers.get(LAST_ERROR_AT_HEADER, "")[:40])
        if at.tzinfo is None:
            at = at.replace(tzinfo=UTC)
        # Its UTC form may fall outside years 1-9999 (0001-01-01T00:00+14:00): OverflowError.
        at = at.astimezone(UTC)
    except (ValueError, OverflowError):
        at = now
    if at.year < 1970:
        at = now
    return ReportedError(text, min(at, now))


ReportedErrorDep = Annotated[ReportedError | None, Depends(reported_error)]


# -- staff pages -------------------------------------------------------------------------------


def optional_staff(request: Request, db: DbDep) -> StaffUser | None:
    return current_user(request, db)


def current_staff(
    request: Request, user: Annotated[StaffUser | None, Depends(optional_staff)]
) -> StaffUser:
    """The logged-in staff user; pages without a login redirect to /login (LoginRequired), and
    while an admin's forced reset is open every page but /account/password sends them there."""
    if user is None:
        raise LoginRequired(request.url.path)
    if user.must_change_password and request.url.path not in WHILE_RESET:
        raise PasswordChangeRequired()
    return user


StaffDep = Annotated[StaffUser, Depends(current_staff)]


def current_admin(user: StaffDep) -> StaffUser:
    """The logged-in staff user, who must have the hub_admin role (403 otherwise)."""
    if not role_at_least(user.role, HUB_ADMIN):
        raise HTTPException(403, detail=N_("this needs the hub_admin role"))
    return user


AdminDep = Annotated[StaffUser, Depends(current_admin)]


def current_coordinator(user: StaffDep) -> StaffUser:
    """The logged-in staff user, who must be a coordinator or hub admin (403 otherwise)."""
    if not role_at_least(user.role, COORDINATOR):
        raise HTTPException(403, detail=N_("this needs the coordinator role"))
    return user


CoordinatorDep = Annotated[StaffUser, Depends(current_coordinator)]


def current_scope(db: DbDep, user: StaffDep) -> Scope:
    """The locations the logged-in user may see (none for a user without grants)."""
    with db.sessions() as session:
        return resolve_scope(session, user.id, user.role)


ScopeDep = Annotated[Scope, Depends(current_scope)]


def not_found(what: str = "not found") -> HTTPException:
    """The answer for an object outside the user's scope: the same as for a missing one."""
    return HTTPException(404, detail=what)


async def _csrf_checked(request: Request, db: HubDatabase, user: StaffUser | None) -> Form:
    form = await request.form(max_files=0, max_fields=MAX_FORM_FIELDS)
    values = {key: str(value) for key, value in form.items() if isinstance(value, str)}
    if not check_csrf(request, db, user, values.get("csrf_token", "")):
        raise HTTPException(403, detail=N_("the form has expired; reload the page and try again"))
    return values


async def staff_form(request: Request, db: DbDep, user: StaffDep) -> Form:
    """The posted form of a logged-in user, with its CSRF token checked."""
    return await _csrf_checked(request, db, user)


async def login_form(request: Request, db: DbDep) -> Form:
    """The posted login form, its CSRF token checked against the pre-login cookie."""
    return await _csrf_checked(request, db, None)


FormDep = Annotated[Form, Depends(staff_form)]
LoginFormDep = Annotated[Form, Depends(login_form)]


def staff_page(request: Request, db: DbDep, user: StaffDep) -> Page:
    return page_for(request, db, user)


PageDep = Annotated[Page, Depends(staff_page)]


# -- admin API tokens (the guide repository) -----------------------------------------------------


def current_admin_token(db: DbDep, credentials: AdminBearerDep) -> AdminRef:
    """The admin behind the request's API token; 401 without a valid one."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise HTTPException(401, "an admin token is needed; run 'kiosk admin login'")
    admin = admin_for_token(db, credentials.credentials)
    if admin is None:
        raise HTTPException(401, "the admin token is unknown, revoked or expired; log in again")
    return admin


AdminTokenDep = Annotated[AdminRef, Depends(current_admin_token)]


# -- bodies read by hand -----------------------------------------------------------------------


async def read_capped(request: Request, cap: int, refusal: str) -> bytes:
    """The request body, refused with 413 and `refusal` as soon as it is over `cap` bytes."""
    length = whole_number(request.headers.get("content-length", ""), maximum=2**62)
    if length is not None and length > cap:
        raise HTTPException(status.HTTP_413_CONTENT_TOO_LARGE, detail=refusal)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > cap:
            raise HTTPException(status.HTTP_413_CONTENT_TOO_LARGE, detail=refusal)
        chunks.append(chunk)
    return b"".join(chunks)
