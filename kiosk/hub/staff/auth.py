"""Staff sessions for the web pages: kept in the database, with CSRF tokens bound to them.

Nothing here lives in process memory, so any of several hub processes can serve any request.
The session cookie is HttpOnly, SameSite=Strict and Secure (unless the hub is reached over
plain HTTP on loopback, as in the demo and tests; `cookie_secure` in the settings forces it).
A session counts only while its user is enabled: disabling a user ends their sessions at once
(`end_sessions`), and `current_user` checks `disabled_at` too. Checking a password, back-off
and rate limits are in kiosk.hub.staff.login.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from fastapi import Request, Response
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from kiosk.clock import utc_now
from kiosk.hub.db.engine import HubDatabase
from kiosk.hub.db.models import StaffSession, User
from kiosk.hub.security import csrf_token, csrf_valid, digest
from kiosk.hub.settings import HubSettings

SESSION_COOKIE = "hub_session"
PRELOGIN_COOKIE = "hub_prelogin"
LOOPBACK = {"127.0.0.1", "::1", "localhost"}


class LoginRequired(Exception):
    """Raised for pages that need a staff login; the app turns it into a redirect to /login."""

    def __init__(self, next_path: str) -> None:
        super().__init__(next_path)
        self.next_path = next_path


class PasswordChangeRequired(Exception):
    """Raised for pages other than /account/password while an admin's forced reset is open;
    the app turns it into a redirect there."""


#: What a user with a forced reset may still reach.
WHILE_RESET = frozenset({"/account/password", "/logout"})


@dataclass(frozen=True)
class StaffUser:
    id: int
    email: str
    role: str
    session_id: str
    #: An admin forced a reset: every page sends the user to /account/password first.
    must_change_password: bool = False
    #: The user's language for the hub's pages (kiosk.hub.i18n); None follows the browser.
    language: str | None = None

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
            select(User.id, User.email, User.role, User.must_change_password, User.language)
            .join(StaffSession, StaffSession.user_id == User.id)
            .where(StaffSession.id_hash == digest(session_id))
            .where(StaffSession.expires_at > utc_now())
            .where(User.disabled_at.is_(None))
        ).first()
    if row is None:
        return None
    return StaffUser(row[0], row[1], row[2], session_id, bool(row[3]), row[4])


def csrf_for(request: Request, db: HubDatabase, user: StaffUser | None) -> str:
    binding = user.session_id if user else request.cookies.get(PRELOGIN_COOKIE, "")
    return csrf_token(db.secret, binding) if binding else ""


def check_csrf(request: Request, db: HubDatabase, user: StaffUser | None, token: str) -> bool:
    binding = user.session_id if user else request.cookies.get(PRELOGIN_COOKIE, "")
    return bool(binding and token and csrf_valid(db.secret, binding, token))


def new_prelogin() -> str:
    return secrets.token_urlsafe(24)


def new_session(session: Session, settings: HubSettings, user_id: int) -> str:
    """Start a session for `user_id` in the caller's transaction; returns the cookie's value."""
    now = utc_now()
    session_id = secrets.token_urlsafe(32)
    session.add(
        StaffSession(
            id_hash=digest(session_id),
            user_id=user_id,
            created_at=now,
            expires_at=now + timedelta(hours=settings.session_hours),
        )
    )
    return session_id


def end_sessions(session: Session, user_id: int, keep: str | None = None) -> None:
    """End every session of `user_id` (but the one whose cookie is `keep`), in the caller's
    transaction: the next request with such a cookie finds no session."""
    query = delete(StaffSession).where(StaffSession.user_id == user_id)
    if keep is not None:
        query = query.where(StaffSession.id_hash != digest(keep))
    session.execute(query)


def logout(db: HubDatabase, user: StaffUser, client: str | None = None) -> None:
    from kiosk.hub.audit import audit, by_user

    with db.sessions.begin() as session:
        session.execute(delete(StaffSession).where(StaffSession.id_hash == digest(user.session_id)))
        audit(session, "logout", by_user(user.id), client=client)
