"""Counting failed attempts in the database, for the limits of the kiosk API (#17).

A wrong cancel code and a wrong invitation code are counted per kiosk, a wrong enrollment code
per client address (the address uvicorn gives, which follows `X-Forwarded-For` only from
trusted proxies; stored as a keyed hash, never the address). Over the limit within the window
the route answers 429 with `Retry-After`. The counts are rows of `login_attempts` (the table the
staff login limiter uses, with its own key prefixes), so every hub process sees the same counts,
and the daily retention job deletes them after a day.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from kiosk.hub.db.engine import HubDatabase
from kiosk.hub.db.models import LoginAttempt
from kiosk.hub.security import client_key


@dataclass(frozen=True)
class Limit:
    """At most `attempts` failures per key within `window`."""

    prefix: str
    attempts: int
    window: timedelta


#: Wrong cancel codes per kiosk.
CANCEL = Limit("cancel:", 10, timedelta(minutes=15))
#: Wrong enrollment codes per client address.
ENROLL = Limit("enroll:", 10, timedelta(minutes=15))
#: Wrong invitation codes with a PIN upload, per kiosk (#21; a kiosk checks a code itself
#: before it sends one, so a wrong one means a kiosk that guesses).
INVITE = Limit("invite:", 10, timedelta(minutes=15))


def kiosk_key(limit: Limit, kiosk_id: str) -> str:
    return limit.prefix + kiosk_id


def address_key(limit: Limit, db: HubDatabase, address: str | None) -> str:
    return limit.prefix + client_key(db.secret, address or "unknown")


def retry_after(db: HubDatabase, limit: Limit, key: str, now: datetime) -> int | None:
    """Seconds until `key` may try again, or None when it may try now."""
    since = now - limit.window
    with db.sessions() as session:
        count, oldest = session.execute(
            select(func.count(), func.min(LoginAttempt.at)).where(
                LoginAttempt.key == key, LoginAttempt.at > since
            )
        ).one()
    if (count or 0) < limit.attempts or oldest is None:
        return None
    return max(1, math.ceil((oldest + limit.window - now).total_seconds()))


def record_failure(db: HubDatabase, key: str, now: datetime) -> None:
    with db.sessions.begin() as session:
        session.add(LoginAttempt(key=key, at=now))
