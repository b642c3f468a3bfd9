"""Revocable API tokens for admin users (`kiosk admin login`), used to publish guides.

An admin trades e-mail and password (checked with the staff login's argon2 hashes and the same
rate limit on failures) for a random token. The hub keeps only the token's hash, in the shared
`hub_meta` table (so every hub process sees it, and no schema change is needed), with the user
and an expiry. A token stops working at once when it is revoked (`kiosk admin logout`), when it
expires, or when its user is no longer an admin.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from fastapi import Request
from sqlalchemy import delete, select

from kiosk.clock import utc_now
from kiosk.hub.db.engine import HubDatabase
from kiosk.hub.db.models import LoginAttempt, Meta, User
from kiosk.hub.scope import HUB_ADMIN
from kiosk.hub.security import DUMMY_HASH, client_key, digest, new_token, verify_password
from kiosk.hub.settings import HubSettings
from kiosk.hub.staff.auth import login_blocked

TOKEN_DAYS = 30
_PREFIX = "admtok:"


@dataclass(frozen=True)
class AdminRef:
    """The admin user a valid token belongs to."""

    user_id: int
    email: str


def _key(token: str) -> str:
    # hub_meta keys are at most 64 characters; 56 hex digits of SHA-256 are plenty.
    return _PREFIX + digest(token)[:56]


def issue(
    request: Request, db: HubDatabase, settings: HubSettings, email: str, password: str
) -> tuple[str, datetime] | None:
    """A new admin token and its expiry, or None (wrong password, not an admin, rate limited)."""
    email = email.strip().lower()
    if login_blocked(request, db, settings, email):
        return None
    now = utc_now()
    with db.sessions.begin() as session:
        user = session.scalar(select(User).where(User.email == email))
        ok = verify_password(user.password_hash if user else DUMMY_HASH, password)
        if user is None or not ok or user.role != HUB_ADMIN:
            keys = ["email:" + email[:254]]
            if request.client is not None:
                keys.append(client_key(db.secret, request.client.host))
            for key in keys:
                session.add(LoginAttempt(key=key, at=now))
            return None
        token = new_token()
        expires = now + timedelta(days=TOKEN_DAYS)
        value = {"user_id": user.id, "expires_at": expires.isoformat()}
        session.add(Meta(key=_key(token), value=json.dumps(value)))
        return token, expires


def admin_for_token(db: HubDatabase, token: str) -> AdminRef | None:
    """The admin behind `token`, or None when it is unknown, revoked, expired or demoted."""
    with db.sessions() as session:
        raw = session.scalar(select(Meta.value).where(Meta.key == _key(token)))
        if raw is None:
            return None
        value = json.loads(raw)
        if datetime.fromisoformat(value["expires_at"]) <= utc_now():
            return None
        user = session.get(User, int(value["user_id"]))
        if user is None or user.role != HUB_ADMIN:
            return None
        return AdminRef(user.id, user.email)


def revoke(db: HubDatabase, token: str) -> bool:
    """Forget `token`; True when it existed."""
    with db.sessions.begin() as session:
        result = session.execute(delete(Meta).where(Meta.key == _key(token)))
        return bool(getattr(result, "rowcount", 0))
