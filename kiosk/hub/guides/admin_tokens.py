"""Revocable API tokens for admin users (`kiosk admin login`), used to publish guides.

An admin trades e-mail and password (checked by kiosk.hub.staff.login, with the staff login's
argon2 hashes, back-off and address limit) for a random token. The hub keeps only the token's
hash, in the shared `hub_meta` table (so every hub process sees it, and no schema change is
needed), with the user and an expiry. A token stops working at once when it is revoked
(`kiosk admin logout`), when it expires, or when its user is no longer an admin or is
disabled; disabling or removing a user deletes their tokens at once (`revoke_all_for`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from kiosk.clock import utc_now
from kiosk.hub.audit import audit, by_user
from kiosk.hub.db.engine import HubDatabase
from kiosk.hub.db.models import Meta, User
from kiosk.hub.scope import HUB_ADMIN
from kiosk.hub.security import digest, new_token

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


def issue_for(db: HubDatabase, user_id: int, client: str | None = None) -> tuple[str, datetime]:
    """A new token for the admin `user_id`, whose password was just checked; audited."""
    now = utc_now()
    token = new_token()
    expires = now + timedelta(days=TOKEN_DAYS)
    value = {"user_id": user_id, "expires_at": expires.isoformat()}
    with db.sessions.begin() as session:
        session.add(Meta(key=_key(token), value=json.dumps(value)))
        audit(session, "admin_token.issued", by_user(user_id), client=client)
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
        if user is None or user.role != HUB_ADMIN or user.disabled_at is not None:
            return None
        return AdminRef(user.id, user.email)


def revoke(db: HubDatabase, token: str, user_id: int | None = None) -> bool:
    """Forget `token`; True when it existed."""
    with db.sessions.begin() as session:
        result = session.execute(delete(Meta).where(Meta.key == _key(token)))
        existed = bool(getattr(result, "rowcount", 0))
        if existed and user_id is not None:
            audit(session, "admin_token.revoked", by_user(user_id))
        return existed


def revoke_all_for(session: Session, user_id: int) -> int:
    """Delete every token of `user_id` in the caller's transaction; how many there were."""
    rows = session.execute(select(Meta.key, Meta.value).where(Meta.key.startswith(_PREFIX))).all()
    mine = [key for key, raw in rows if json.loads(raw).get("user_id") == user_id]
    if mine:
        session.execute(delete(Meta).where(Meta.key.in_(mine)))
    return len(mine)
