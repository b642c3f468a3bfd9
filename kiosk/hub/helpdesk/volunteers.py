"""Volunteers of a location: added and removed by staff, PIN hashes set by the kiosks.

A volunteer has a name and a role (`volunteer` or `coordinator`) and belongs to one location.
The hub never sees a PIN: at first use a kiosk hashes the volunteer's PIN (scrypt, see
docs/protocol.md) and uploads the hash string, which the hub keeps as given and hands to the
location's kiosks with their config, so that a login works offline. A hash is set once (a
conditional UPDATE, so two kiosks racing cannot both set one); staff can clear it when a
volunteer forgot the PIN, and the next kiosk asks for a new one.
"""

from __future__ import annotations

import enum
import re
import uuid
from dataclasses import dataclass

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from kiosk.clock import utc_now
from kiosk.domain import pins
from kiosk.hub.audit import CLI, SYSTEM, Actor, audit, by_kiosk
from kiosk.hub.db.engine import HubDatabase
from kiosk.hub.db.models import Location
from kiosk.hub.errors import HubError, NotFoundError
from kiosk.hub.helpdesk.models import Volunteer
from kiosk.hub.locations import find_location
from kiosk.hub.names import stored_name
from kiosk.hub.scope import FULL, Scope

ROLES = ("volunteer", "coordinator")
#: `scrypt$16384$8$1$<salt>$<hash>`, urlsafe base64 without padding: exactly what the kiosks
#: make and accept (kiosk.domain.pins).
PIN_HASH = re.compile(pins.HASH_PATTERN)


class PinResult(enum.Enum):
    SET = "set"
    ALREADY_SET = "pin_already_set"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class VolunteerInfo:
    id: str
    location_id: str
    location: str
    name: str
    role: str
    has_pin: bool


def _clean_name(name: str) -> str:
    return stored_name(name, "volunteer")


def add_volunteer(
    db: HubDatabase, location: str, name: str, role: str = "volunteer", actor: Actor = CLI
) -> str:
    """Register a volunteer at `location` (name or id); returns the new volunteer's id."""
    if role not in ROLES:
        raise HubError(f"the role must be one of {', '.join(ROLES)}")
    clean = _clean_name(name)
    target = find_location(db, location)
    volunteer_id = str(uuid.uuid4())
    with db.sessions.begin() as session:
        session.add(
            Volunteer(
                id=volunteer_id,
                location_id=target.id,
                name=clean,
                role=role,
                pin_hash=None,
                created_at=utc_now(),
            )
        )
        audit(
            session,
            "volunteer.added",
            actor,
            target=f"volunteer:{volunteer_id}",
            location_id=target.id,
            details={"role": role},
        )
    return volunteer_id


def remove_volunteer(
    db: HubDatabase, volunteer_id: str, scope: Scope = FULL, actor: Actor = CLI
) -> None:
    with db.sessions.begin() as session:
        location_id = session.scalar(
            select(Volunteer.location_id).where(Volunteer.id == volunteer_id)
        )
        gone = session.execute(
            delete(Volunteer)
            .where(Volunteer.id == volunteer_id)
            .where(scope.where(Volunteer.location_id))
        )
        if getattr(gone, "rowcount", 0) != 1:
            raise NotFoundError(f"no volunteer {volunteer_id!r}")
        audit(
            session,
            "volunteer.removed",
            actor,
            target=f"volunteer:{volunteer_id}",
            location_id=location_id,
        )


def clear_pin(db: HubDatabase, volunteer_id: str, scope: Scope = FULL, actor: Actor = CLI) -> None:
    """Forget a volunteer's PIN hash; the next kiosk they use asks them for a new PIN."""
    with db.sessions.begin() as session:
        changed = session.execute(
            update(Volunteer)
            .where(Volunteer.id == volunteer_id)
            .where(scope.where(Volunteer.location_id))
            .values(pin_hash=None)
        )
        if getattr(changed, "rowcount", 0) != 1:
            raise NotFoundError(f"no volunteer {volunteer_id!r}")
        audit(session, "volunteer.pin_reset", actor, target=f"volunteer:{volunteer_id}")


def set_pin_hash(
    db: HubDatabase, location_id: str, volunteer_id: str, pin_hash: str, kiosk_id: str = ""
) -> PinResult:
    """Keep the hash a kiosk of `location_id` uploaded, unless the volunteer has one already."""
    with db.sessions.begin() as session:
        changed = session.execute(
            update(Volunteer)
            .where(Volunteer.id == volunteer_id)
            .where(Volunteer.location_id == location_id)
            .where(Volunteer.pin_hash.is_(None))
            .values(pin_hash=pin_hash)
        )
        if getattr(changed, "rowcount", 0) == 1:
            audit(
                session,
                "volunteer.pin_set",
                by_kiosk(kiosk_id) if kiosk_id else SYSTEM,
                target=f"volunteer:{volunteer_id}",
                location_id=location_id,
            )
            return PinResult.SET
        exists = session.scalar(
            select(Volunteer.id)
            .where(Volunteer.id == volunteer_id)
            .where(Volunteer.location_id == location_id)
        )
    return PinResult.ALREADY_SET if exists is not None else PinResult.UNKNOWN


def volunteers(db: HubDatabase, scope: Scope = FULL) -> list[VolunteerInfo]:
    """The volunteers inside `scope`, by location and name (for the staff page; no hashes)."""
    with db.sessions() as session:
        rows = session.execute(
            select(Volunteer, Location.name)
            .join(Location, Location.id == Volunteer.location_id)
            .where(scope.where(Volunteer.location_id))
            .order_by(Location.name, Volunteer.name)
        ).all()
    return [
        VolunteerInfo(v.id, v.location_id, name, v.name, v.role, v.pin_hash is not None)
        for v, name in rows
    ]


def config_volunteers(session: Session, location_id: str) -> list[dict[str, str | None]]:
    """The `volunteers` of a location's config: id, name, role and PIN hash (or null)."""
    rows = session.scalars(
        select(Volunteer).where(Volunteer.location_id == location_id).order_by(Volunteer.name)
    )
    return [
        {"id": row.id, "name": row.name, "role": row.role, "pin_hash": row.pin_hash} for row in rows
    ]
