"""Staff logins for the web pages: sessions kept in the database, CSRF tokens, rate limits.

Nothing here lives in process memory, so any of several hub processes can serve any request.
The session cookie is HttpOnly, SameSite=Strict and Secure (unless the hub is reached over
plain HTTP on loopback, as in the demo and tests; `cookie_secure` in the settings forces it).
Failed logins are counted per e-mail address and per keyed hash of the client address; over
the limit the login page answers 429 until the window has passed.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from fastapi import Request, Response
from sqlalchemy import delete, func, select

from kiosk.clock import utc_now
from kiosk.hub.db.engine import HubDatabase
from kiosk.hub.db.models import LoginAttempt, StaffSession, User
from kiosk.hub.security import (
    DUMMY_HASH,
    client_key,
    csrf_token,
    csrf_valid,
    digest,
    verify_password,
)
from kiosk.hub.settings import HubSettings

SESSION_COOKIE = "hub_session"
PRELOGIN_COOKIE = "hub_prelogin"
LOOPBACK = {"127.0.0.1", "::1", "localhost"}


class LoginRequired(Exception):
    """Raised for pages that need a staff login; the app turns it into a redirect to /login."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


@dataclass(frozen=True)
class StaffUser:
    id: int
    email: str
    role: str
    session_id: str

    @property
    def is_admin(self) -> bool:
        """A hub admin (kiosk.hub.scope): organisations, users, the guide repository."""
        return self.role == "hub_admin"

    @property
    def is_coordinator(self) -> bool:
        """A coordinator or hub admin: may change their locations' settings."""
        return self.role in ("hub_admin", "coordinator")


def cookie_secure(request: Request, settings: HubSettings) -> bool:
    if settings.cookie_secure is not None:
        return settings.cookie_secure
    return request.url.scheme == "https" or (request.url.hostname or "") not in LOOPBACK


def set_cookie(
    response: Response, request: Request, settings: HubSettings, name: str, value: str, max_age: int
) -> None:
    response.set_cookie(
        name,
        value,
        max_age=max_age,
        httponly=True,
        samesite="strict",
        secure=cookie_secure(request, settings),
        path="/",
    )


def current_user(request: Request, db: HubDatabase) -> StaffUser | None:
    session_id = request.cookies.get(SESSION_COOKIE)
    if not session_id:
        return None
    with db.sessions() as session:
        row = session.execute(
            select(User.id, User.email, User.role)
            .join(StaffSession, StaffSession.user_id == User.id)
            .where(StaffSession.id_hash == digest(session_id))
            .where(StaffSession.expires_at > utc_now())
        ).first()
    return None if row is None else StaffUser(row[0], row[1], row[2], session_id)


def csrf_for(request: Request, db: HubDatabase, user: StaffUser | None) -> str:
    binding = user.session_id if user else request.cookies.get(PRELOGIN_COOKIE, "")
    return csrf_token(db.secret, binding) if binding else ""


def check_csrf(request: Request, db: HubDatabase, user: StaffUser | None, token: str) -> bool:
    binding = user.session_id if user else request.cookies.get(PRELOGIN_COOKIE, "")
    return bool(binding and token and csrf_valid(db.secret, binding, token))


def new_prelogin() -> str:
    return secrets.token_urlsafe(24)


def _keys(request: Request, db: HubDatabase, email: str) -> list[str]:
    keys = ["email:" + email.strip().lower()[:254]]
    if request.client is not None:
        keys.append(client_key(db.secret, request.client.host))
    return keys


def login_blocked(request: Request, db: HubDatabase, settings: HubSettings, email: str) -> bool:
    since = utc_now() - timedelta(minutes=settings.login_window_minutes)
    with db.sessions() as session:
        for key in _keys(request, db, email):
            failures = session.scalar(
                select(func.count()).where(LoginAttempt.key == key, LoginAttempt.at > since)
            )
            if (failures or 0) >= settings.login_attempts:
                return True
    return False


def attempt_login(
    request: Request, db: HubDatabase, settings: HubSettings, email: str, password: str
) -> str | None:
    """A new session id when the password is right; otherwise the failure is recorded."""
    email = email.strip().lower()
    now = utc_now()
    with db.sessions.begin() as session:
        user = session.scalar(select(User).where(User.email == email))
        ok = verify_password(user.password_hash if user else DUMMY_HASH, password)
        if user is None or not ok:
            for key in _keys(request, db, email):
                session.add(LoginAttempt(key=key, at=now))
            return None
        session.execute(delete(LoginAttempt).where(LoginAttempt.key == "email:" + email))
        session_id = secrets.token_urlsafe(32)
        session.add(
            StaffSession(
                id_hash=digest(session_id),
                user_id=user.id,
                created_at=now,
                expires_at=now + timedelta(hours=settings.session_hours),
            )
        )
        return session_id


def logout(db: HubDatabase, user: StaffUser) -> None:
    with db.sessions.begin() as session:
        session.execute(delete(StaffSession).where(StaffSession.id_hash == digest(user.session_id)))
