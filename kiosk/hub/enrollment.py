"""Enrolling a kiosk with a one-time code, and recognising a kiosk by its bearer token.

A code is consumed with one conditional UPDATE (unused and unexpired), so two kiosks racing
for one code, even on different hub processes, cannot both win. The token is checked against
the database on every request, so revoking a kiosk takes effect at once.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update

from kiosk.hub.db import HubDatabase
from kiosk.hub.errors import HubError
from kiosk.hub.ingest import KioskRef
from kiosk.hub.models import EnrollCode, Kiosk, Location
from kiosk.hub.security import digest, new_token, normalize_code


class EnrollRefused(HubError):
    """The code is unknown, used or expired; `reason` is one of those three words."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"enrollment code {reason}")
        self.reason = reason


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
                name=" ".join(name.split()),
                location_id=location.id,
                token_hash=digest(token),
                enrolled_at=now,
            )
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
