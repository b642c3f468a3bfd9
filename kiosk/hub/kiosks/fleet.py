"""The enrolled kiosks as staff see them (the Kiosks page), and revoking one.

Used by `kiosk hub revoke-kiosk` and the staff pages; a revoked kiosk's token stops working on
its next request (kiosk.hub.kiosks.enrollment.kiosk_for_token).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update

from kiosk.clock import utc_now
from kiosk.hub.audit import CLI, Actor, audit
from kiosk.hub.db.engine import HubDatabase
from kiosk.hub.db.models import Kiosk, Location
from kiosk.hub.errors import NotFoundError
from kiosk.hub.scope import FULL, Scope


@dataclass(frozen=True)
class KioskInfo:
    id: str
    name: str
    location: str
    enrolled_at: datetime
    last_sync_at: datetime | None
    outbox_pending: int | None
    revoked_at: datetime | None
    last_error: str | None = None
    last_error_at: datetime | None = None
    #: when a later sync went well (the page shows the error as resolved then)
    last_error_resolved_at: datetime | None = None
    #: the location's time zone, in which the Kiosks page shows times
    timezone: str = "Europe/Brussels"


def _last_contact(sent: datetime | None, seen: datetime | None) -> datetime | None:
    """The kiosk's last sync: records are posted only when it has some, but every sync fetches
    the config (`last_seen_at`); the later of the two (#22: the page lagged behind)."""
    known = [moment for moment in (sent, seen) if moment is not None]
    return max(known) if known else None


def list_kiosks(db: HubDatabase, scope: Scope = FULL) -> list[KioskInfo]:
    with db.sessions() as session:
        rows = session.execute(
            select(Kiosk, Location.name, Location.timezone)
            .join(Location, Location.id == Kiosk.location_id)
            .where(scope.where(Kiosk.location_id))
            .order_by(Location.name, Kiosk.name)
        ).all()
    return [
        KioskInfo(
            k.id,
            k.name,
            name,
            k.enrolled_at,
            _last_contact(k.last_sync_at, k.last_seen_at),
            k.outbox_pending,
            k.revoked_at,
            k.last_error,
            k.last_error_at,
            k.last_error_resolved_at,
            zone,
        )
        for k, name, zone in rows
    ]


def revoke_kiosk(db: HubDatabase, kiosk_id: str, scope: Scope = FULL, actor: Actor = CLI) -> bool:
    """Revoke a kiosk's token at once; False when it was revoked already. A kiosk outside
    `scope` is NotFoundError, as one that does not exist."""
    with db.sessions.begin() as session:
        kiosk = session.get(Kiosk, kiosk_id.strip())
        if kiosk is None or not scope.allows(kiosk.location_id):
            raise NotFoundError(f"no kiosk {kiosk_id!r}; the Kiosks page lists their ids")
        if kiosk.revoked_at is not None:
            return False
        session.execute(update(Kiosk).where(Kiosk.id == kiosk.id).values(revoked_at=utc_now()))
        audit(
            session,
            "kiosk.revoked",
            actor,
            target=f"kiosk:{kiosk.id}",
            location_id=kiosk.location_id,
        )
        return True
