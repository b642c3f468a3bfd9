"""Who may choose a PIN at a kiosk: volunteers' invitation codes and the location admin PIN (#21).

- **Invitation codes.** The location's coordinator makes one for a volunteer who has no PIN yet
  (`invite`), or resets a forgotten PIN, which makes a new one (`reset_pin`). The code (12
  digits, kiosk/domain/invitations.py) is returned once, to be shown once and printed; the hub
  keeps only its scrypt hash, valid `VALID_FOR` (7 days), and sends the hash with the volunteer
  list to the location's kiosks. A new code replaces an open one. The first PIN hash a kiosk
  uploads with the open code is kept and the code forgotten
  (kiosk.hub.helpdesk.volunteers.set_pin_hash).
- **The location admin PIN** opens the kiosks' admin screen. Only the coordinator sets it
  (`set_admin_pin`): the hub hashes it (the same scrypt format as volunteers' PINs), forgets the
  PIN, and sends the hash in the kiosk config (`admin_pin_hash`). A kiosk never lets anyone
  choose it.

Every change is audited (`volunteer.invited`, `volunteer.pin_reset`, `location.admin_pin_set`),
never with a code or a PIN. The staff pages pass the user's scope: a volunteer or location
outside it is a NotFoundError, as if it did not exist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.clock import utc_now
from kiosk.domain import invitations, pins
from kiosk.hub.audit import CLI, Actor, audit
from kiosk.hub.db.engine import HubDatabase
from kiosk.hub.db.models import Location
from kiosk.hub.errors import HubError, NotFoundError
from kiosk.hub.helpdesk.models import Volunteer
from kiosk.hub.i18n import N_
from kiosk.hub.scope import FULL, Scope

VALID_FOR = invitations.VALID_FOR
#: What kiosk.domain.pins.pin_problem says, marked for the hub's catalogs too.
PIN_PROBLEMS = (
    N_("A PIN is made of digits only."),
    N_("A PIN has at least 6 digits."),
    N_("A PIN has at most 12 digits."),
    N_("This PIN is too easy to guess. Choose another one."),
)


@dataclass(frozen=True)
class Invitation:
    """A code just made: shown once (`code`), never kept by the hub."""

    volunteer_id: str
    name: str
    location: str
    code: str
    expires_at: datetime

    @property
    def shown(self) -> str:
        return invitations.shown_code(self.code)


def _volunteer(session: Session, volunteer_id: str, scope: Scope) -> tuple[Volunteer, str]:
    found = session.execute(
        select(Volunteer, Location.name)
        .join(Location, Location.id == Volunteer.location_id)
        .where(Volunteer.id == volunteer_id)
        .where(scope.where(Volunteer.location_id))
    ).first()
    if found is None:
        raise NotFoundError(f"no volunteer {volunteer_id!r}")
    return found[0], found[1]


def _new_code(
    session: Session, row: Volunteer, location: str, actor: Actor, now: datetime
) -> Invitation:
    code = invitations.new_code()
    expires = now + VALID_FOR
    row.invitation_hash = invitations.hash_code(code)
    row.invitation_expires_at = expires
    audit(
        session,
        "volunteer.invited",
        actor,
        target=f"volunteer:{row.id}",
        location_id=row.location_id,
        details={"expires": expires.isoformat(timespec="seconds")},
    )
    return Invitation(row.id, row.name, location, code, expires)


def _check_state(row: Volunteer, replaces: str | None) -> None:
    """HubError when the page's form was made before the volunteer's last code or PIN change
    (`replaces`, from `VolunteerInfo.state`): a reload re-posts it, and must not silently
    replace the code just shown. None (the CLI) always goes on."""
    from kiosk.hub.helpdesk.volunteers import pin_state

    if replaces is None:
        return
    expires = row.invitation_expires_at if row.invitation_hash is not None else None
    if replaces != pin_state(row.pin_hash is not None, expires):
        raise HubError(
            N_(
                "A new code for {name} was made a moment ago and shown once; this page did "
                "not make another. To replace it, use the button on this page again."
            ),
            name=row.name,
        )


def invite(
    db: HubDatabase,
    volunteer_id: str,
    scope: Scope = FULL,
    actor: Actor = CLI,
    now: datetime | None = None,
    replaces: str | None = None,
) -> Invitation:
    """A new invitation code for a volunteer without a PIN (an open one is replaced);
    `replaces`: see `_check_state`."""
    moment = utc_now() if now is None else now
    with db.sessions.begin() as session:
        row, location = _volunteer(session, volunteer_id, scope)
        _check_state(row, replaces)
        if row.pin_hash is not None:
            raise HubError(
                N_("This volunteer has a PIN already; reset the PIN to make a new code.")
            )
        return _new_code(session, row, location, actor, moment)


def reset_pin(
    db: HubDatabase,
    volunteer_id: str,
    scope: Scope = FULL,
    actor: Actor = CLI,
    now: datetime | None = None,
    replaces: str | None = None,
) -> Invitation:
    """Forget a volunteer's PIN hash and make a new invitation code for the next one;
    `replaces`: see `_check_state`."""
    moment = utc_now() if now is None else now
    with db.sessions.begin() as session:
        row, location = _volunteer(session, volunteer_id, scope)
        _check_state(row, replaces)
        row.pin_hash = None
        audit(
            session,
            "volunteer.pin_reset",
            actor,
            target=f"volunteer:{row.id}",
            location_id=row.location_id,
        )
        return _new_code(session, row, location, actor, moment)


def set_admin_pin(
    db: HubDatabase, location_id: str, pin: str, scope: Scope = FULL, actor: Actor = CLI
) -> None:
    """Set the location admin PIN of `location_id` (kept as a hash; the kiosks get it with their
    next sync). HubError for a PIN the kiosks would not take."""
    problem = pins.pin_problem(pin)
    if problem is not None:
        raise HubError(problem)
    pin_hash = pins.hash_pin(pin)
    with db.sessions.begin() as session:
        row = session.get(Location, location_id)
        if row is None or not scope.allows(row.id):
            raise NotFoundError(f"no location {location_id!r}")
        row.admin_pin_hash = pin_hash
        audit(
            session,
            "location.admin_pin_set",
            actor,
            target=f"location:{row.id}",
            location_id=row.id,
        )


def admin_pin_set(db: HubDatabase, scope: Scope = FULL) -> dict[str, bool]:
    """Location id -> whether its admin PIN is set, for the locations inside `scope`."""
    with db.sessions() as session:
        rows = session.execute(
            select(Location.id, Location.admin_pin_hash).where(scope.where(Location.id))
        ).all()
    return {location_id: pin_hash is not None for location_id, pin_hash in rows}
