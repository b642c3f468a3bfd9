"""The hub's typed FastAPI dependencies: routes declare what they need, nothing is fetched by hand.

    @router.post("/kiosks/{kiosk_id}/revoke")
    def kiosk_revoke(kiosk_id: str, db: DbDep, user: AdminDep, form: FormDep) -> Response: ...

- `DbDep`, `SettingsDep`: the app's open database and settings (`create_app` puts them on
  `app.state`).
- `KioskDep`: the kiosk of a sync request (`Authorization: Bearer TOKEN`, 401 otherwise);
  `OutboxPendingDep`: the outbox length it reports in the `Kiosk-Outbox-Pending` header.
- `StaffDep`: the logged-in staff user (pages redirect to /login without one); `AdminDep`: the
  same with the admin role (403 otherwise). `PageDep` renders a staff page for that user.
- `FormDep`: the posted form of a logged-in user, its CSRF token checked (403 otherwise);
  `LoginFormDep` the same for the login form, checked against the pre-login cookie.
- `AdminTokenDep`: the admin behind an API token of `kiosk admin login` (the guide repository).

Dependencies are resolved in the order a route declares them, and each once per request: a
route that declares `AdminDep` before `FormDep` refuses a non-admin before it reads the form.
The scope rules of later issues (staff see only their own locations) belong here too.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Path, Request, status
from fastapi.responses import JSONResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from kiosk.hub.db.engine import HubDatabase
from kiosk.hub.guides.admin_tokens import AdminRef, admin_for_token
from kiosk.hub.kiosks.enrollment import KioskRef, kiosk_for_token
from kiosk.hub.settings import HubSettings
from kiosk.hub.staff.auth import LoginRequired, StaffUser, check_csrf, current_user
from kiosk.hub.staff.rendering import Page, page_for
from kiosk.protocol import OUTBOX_HEADER

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


# -- staff pages -------------------------------------------------------------------------------


def optional_staff(request: Request, db: DbDep) -> StaffUser | None:
    return current_user(request, db)


def current_staff(
    request: Request, user: Annotated[StaffUser | None, Depends(optional_staff)]
) -> StaffUser:
    """The logged-in staff user; pages without a login redirect to /login (LoginRequired)."""
    if user is None:
        raise LoginRequired(request.url.path)
    return user


StaffDep = Annotated[StaffUser, Depends(current_staff)]


def current_admin(user: StaffDep) -> StaffUser:
    """The logged-in staff user, who must have the admin role (403 otherwise)."""
    if not user.is_admin:
        raise HTTPException(403, detail="this needs the admin role")
    return user


AdminDep = Annotated[StaffUser, Depends(current_admin)]


async def _csrf_checked(request: Request, db: HubDatabase, user: StaffUser | None) -> Form:
    form = await request.form(max_files=0, max_fields=MAX_FORM_FIELDS)
    values = {key: str(value) for key, value in form.items() if isinstance(value, str)}
    if not check_csrf(request, db, user, values.get("csrf_token", "")):
        raise HTTPException(403, detail="the form has expired; reload the page and try again")
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
