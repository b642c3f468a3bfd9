"""Enrolling a kiosk with a one-time code, and recognising a kiosk by its bearer token.

A code is consumed with one conditional UPDATE (unused and unexpired), so two kiosks racing
for one code, even on different hub processes, cannot both win. The token is checked against
the database on every request, so revoking a kiosk takes effect at once.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update

from kiosk.clock import utc_now
from kiosk.hub.audit import CLI, Actor, audit, by_kiosk
from kiosk.hub.db.engine import HubDatabase
from kiosk.hub.db.models import EnrollCode, Kiosk, Location
from kiosk.hub.errors import HubError
from kiosk.hub.i18n import N_
from kiosk.hub.locations import find_location
from kiosk.hub.names import stored_name
from kiosk.hub.scope import FULL, Scope
from kiosk.hub.security import digest, new_enroll_code, new_token, normalize_code


class EnrollRefused(HubError):
    """The code is unknown, used or expired; `reason` is one of those three words."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"enrollment code {reason}")
        self.reason = reason


@dataclass(frozen=True)
class KioskRef:
    """The kiosk a request comes from (its token was valid)."""

    id: str
    location_id: str


@dataclass(frozen=True)
class Enrolled:
    kiosk_id: str
    token: str
    location_id: str
    location: str


def enroll(db: HubDatabase, code: str, name: str, now: datetime) -> Enrolled:
    code_hash = digest(normalize_code(code))
    kiosk_id = str(uuid.uuid4())
    token = new_token()
    with db.sessions.begin() as session:
        row = session.scalar(select(EnrollCode).where(EnrollCode.code_hash == code_hash))
        if row is None:
            raise EnrollRefused("unknown")
        if row.used_at is not None:
            raise EnrollRefused("used")
        if row.expires_at <= now:
            raise EnrollRefused("expired")
        claimed = session.execute(
            update(EnrollCode)
            .where(EnrollCode.id == row.id)
            .where(EnrollCode.used_at.is_(None))
            .values(used_at=now, kiosk_id=kiosk_id)
        )
        if getattr(claimed, "rowcount", 0) != 1:
            raise EnrollRefused("used")
        location = session.get(Location, row.location_id)
        assert location is not None
        session.add(
            Kiosk(
                id=kiosk_id,
                name=stored_name(name, "kiosk"),
                location_id=location.id,
                token_hash=digest(token),
                enrolled_at=now,
            )
        )
        audit(
            session,
            "kiosk.enrolled",
            by_kiosk(kiosk_id),
            target=f"kiosk:{kiosk_id}",
            location_id=location.id,
            details={"code": row.id},
        )
        return Enrolled(kiosk_id, token, location.id, location.name)


def kiosk_for_token(db: HubDatabase, token: str) -> KioskRef | None:
    """The kiosk this token belongs to, or None (unknown or revoked)."""
    with db.sessions() as session:
        row = session.execute(
            select(Kiosk.id, Kiosk.location_id)
            .where(Kiosk.token_hash == digest(token))
            .where(Kiosk.revoked_at.is_(None))
        ).first()
    return None if row is None else KioskRef(id=row[0], location_id=row[1])


def create_enroll_code(
    db: HubDatabase,
    location: str,
    valid_hours: float = 24,
    now: datetime | None = None,
    actor: Actor = CLI,
) -> tuple[str, datetime]:
    """A new one-time code for `location` (name or id); returns the code and its expiry."""
    if not 0 < valid_hours <= 24 * 30:
        raise HubError(N_("a code stays valid for more than 0 and at most 720 hours (30 days)"))
    target = find_location(db, location)
    moment = now or utc_now()
    code = new_enroll_code()
    expires = moment + timedelta(hours=valid_hours)
    with db.sessions.begin() as session:
        session.add(
            EnrollCode(
                code_hash=digest(code),
                location_id=target.id,
                created_at=moment,
                expires_at=expires,
            )
        )
        audit(
            session,
            "enroll_code.created",
            actor,
            location_id=target.id,
            details={"valid_hours": valid_hours},
        )
    return code, expires


@dataclass(frozen=True)
class CodeInfo:
    id: int
    location: str
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None
    kiosk_id: str | None


def enroll_codes(db: HubDatabase, scope: Scope = FULL) -> list[CodeInfo]:
    with db.sessions() as session:
        rows = session.execute(
            select(EnrollCode, Location.name)
            .join(Location, Location.id == EnrollCode.location_id)
            .where(scope.where(EnrollCode.location_id))
            .order_by(EnrollCode.created_at.desc())
            .limit(200)
        ).all()
    return [
        CodeInfo(c.id, name, c.created_at, c.expires_at, c.used_at, c.kiosk_id) for c, name in rows
    ]
