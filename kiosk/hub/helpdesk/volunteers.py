"""Volunteers of a location: added and removed by staff, PIN hashes set by the kiosks.

A volunteer has a name and a role (`volunteer` or `coordinator`) and belongs to one location.
The hub never sees a PIN: at first use a kiosk hashes the volunteer's PIN (scrypt, see
docs/protocol.md) and uploads the hash string, which the hub keeps as given and hands to the
location's kiosks with their config, so that a login works offline. A first PIN needs the
invitation code the coordinator made (kiosk.hub.helpdesk.invitations): the kiosk sends the code
with the hash, and the hub keeps the first hash that comes with the open code and forgets the
code. A hash is set once (a conditional UPDATE, so two kiosks racing cannot both set one); the
coordinator resets it when a volunteer forgot the PIN, which makes a new invitation code.
"""

from __future__ import annotations

import enum
import re
import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from kiosk.clock import utc_now
from kiosk.domain import invitations, pins
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
    INVITATION_REQUIRED = "invitation_required"  # no code came with the hash (an older kiosk)
    INVITATION_REFUSED = "invitation_refused"  # wrong, expired, replaced or used up


@dataclass(frozen=True)
class VolunteerInfo:
    id: str
    location_id: str
    location: str
    name: str
    role: str
    has_pin: bool
    #: until when the open invitation code is valid (None: there is none)
    invitation_expires: datetime | None = None

    def invitation_open(self, now: datetime) -> bool:
        return self.invitation_expires is not None and now < self.invitation_expires

    @property
    def state(self) -> str:
        """What the invite/reset forms send back (`replaces`), so a re-posted form (a reload of
        the code's page) does not make another code: kiosk.hub.helpdesk.invitations."""
        return pin_state(self.has_pin, self.invitation_expires)


def pin_state(has_pin: bool, invitation_expires: datetime | None) -> str:
    """The volunteer's PIN and invitation state as a short text (see `VolunteerInfo.state`)."""
    shown = "-" if invitation_expires is None else invitation_expires.isoformat()
    return f"{'pin' if has_pin else 'none'}:{shown}"


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


def set_pin_hash(
    db: HubDatabase,
    location_id: str,
    volunteer_id: str,
    pin_hash: str,
    kiosk_id: str = "",
    invitation_code: str | None = None,
    now: datetime | None = None,
) -> PinResult:
    """Keep the first PIN hash a kiosk of `location_id` uploaded with the volunteer's open
    invitation code; the code is used up. Unless the volunteer has a PIN already, every refusal
    is audited (`volunteer.pin_refused`), and the code is never recorded."""
    moment = utc_now() if now is None else now
    actor = by_kiosk(kiosk_id) if kiosk_id else SYSTEM
    target = f"volunteer:{volunteer_id}"
    with db.sessions.begin() as session:
        row = session.scalar(
            select(Volunteer)
            .where(Volunteer.id == volunteer_id)
            .where(Volunteer.location_id == location_id)
        )
        if row is None:
            return PinResult.UNKNOWN
        if row.pin_hash is not None:
            return PinResult.ALREADY_SET
        expected, expires = row.invitation_hash, row.invitation_expires_at
        refusal = _invitation_refusal(invitation_code, expected, expires, moment)
        if refusal is not None:
            audit(
                session,
                "volunteer.pin_refused",
                actor,
                target=target,
                location_id=location_id,
                details={"reason": refusal.value},
            )
            return refusal
        changed = session.execute(
            update(Volunteer)
            .where(Volunteer.id == volunteer_id)
            .where(Volunteer.pin_hash.is_(None))
            .where(Volunteer.invitation_hash == expected)
            .values(pin_hash=pin_hash, invitation_hash=None, invitation_expires_at=None)
        )
        if getattr(changed, "rowcount", 0) != 1:
            return PinResult.ALREADY_SET  # another kiosk was quicker with the same code
        audit(
            session,
            "volunteer.pin_set",
            actor,
            target=target,
            location_id=location_id,
            details={"with": "invitation"},
        )
    return PinResult.SET


def _invitation_refusal(
    code: str | None, expected: str | None, expires: datetime | None, now: datetime
) -> PinResult | None:
    if not code:
        return PinResult.INVITATION_REQUIRED
    if expected is None or expires is None or now >= expires:
        return PinResult.INVITATION_REFUSED
    if not invitations.code_matches(code, expected):
        return PinResult.INVITATION_REFUSED
    return None


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
        VolunteerInfo(
            v.id,
            v.location_id,
            name,
            v.name,
            v.role,
            v.pin_hash is not None,
            v.invitation_expires_at if v.invitation_hash is not None else None,
        )
        for v, name in rows
    ]


def config_volunteers(
    session: Session, location_id: str, now: datetime | None = None
) -> list[dict[str, str | None]]:
    """The `volunteers` of a location's config: id, name, role and PIN hash (or null), and the
    hash of an open invitation code with its end (null without one; kiosks before #21 ignore
    these two)."""
    moment = utc_now() if now is None else now
    rows = session.scalars(
        select(Volunteer).where(Volunteer.location_id == location_id).order_by(Volunteer.name)
    )
    out: list[dict[str, str | None]] = []
    for row in rows:
        open_code = (
            row.pin_hash is None
            and row.invitation_hash is not None
            and row.invitation_expires_at is not None
            and moment < row.invitation_expires_at
        )
        expires = row.invitation_expires_at if open_code else None
        out.append(
            {
                "id": row.id,
                "name": row.name,
                "role": row.role,
                "pin_hash": row.pin_hash,
                "invitation_hash": row.invitation_hash if open_code else None,
                "invitation_expires": None
                if expires is None
                else expires.isoformat(timespec="seconds"),
            }
        )
    return out
