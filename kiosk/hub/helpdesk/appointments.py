"""Help appointments: free slots, booking, cancelling, and forgetting contacts (issue #8).

Booking never checks first and inserts second. It inserts the seat and lets the unique
constraint on (opening, start, seat) decide: of any number of simultaneous requests for the
last seat, the database lets exactly one insert commit and the others fail with an integrity
error, which becomes "taken". Each seat is tried in its own short transaction (no savepoints,
which SQLite's driver handles badly).

The ticket's code (`KX7M-R2QD-9HTW`; older tickets have `ABCD-1234`) is the only way to cancel;
the hub keeps its SHA-256. The
resident's first name and phone number are emptied by the daily retention job the day after
the appointment (`forget_contacts`), and the appointment rows themselves go with the records'
retention period.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kiosk.hub.db.engine import HubDatabase
from kiosk.hub.db.models import Location
from kiosk.hub.errors import NotFoundError
from kiosk.hub.helpdesk.models import Appointment, Opening, Service
from kiosk.hub.helpdesk.openings import (
    add_opening as add_opening,  # staff setup; kept importable here
)
from kiosk.hub.helpdesk.openings import add_service as add_service
from kiosk.hub.helpdesk.slots import (
    OpeningRule,
    SlotTime,
    local_today,
    occurrences,
    parse_slot_id,
    resolve,
)
from kiosk.hub.scope import FULL, Scope
from kiosk.hub.security import digest

#: Ticket codes: no 0/O, 1/I; 12 characters give 60 bits, against guessing from kiosks (which
#: are also limited, kiosk.hub.attempts.CANCEL).
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12
MAX_DAYS = 60
CODE_ATTEMPTS = 5


class SlotTaken(Exception):
    """Every seat of the slot is booked."""


class SlotUnknown(Exception):
    """The slot id names no bookable start of an opening at this location."""


@dataclass(frozen=True)
class Booking:
    code: str
    service: str
    service_name: str
    start: datetime
    end: datetime
    location: str


@dataclass(frozen=True)
class BookingInfo:
    """A booking as the staff page shows it."""

    id: int
    start: datetime
    service_name: str
    location: str
    first_name: str | None
    phone: str | None
    #: the location's time zone, in which the staff page shows the time
    timezone: str


# -- slots and bookings (kiosks) -------------------------------------------------------------


def _rule(opening: Opening, service: Service, timezone: str) -> OpeningRule:
    return OpeningRule(
        id=opening.id,
        weekday=opening.weekday,
        start_time=opening.start_time,
        end_time=opening.end_time,
        every_minutes=opening.every_minutes,
        capacity=opening.capacity,
        timezone=timezone,
        service_minutes=service.minutes,
    )


def free_slots(
    db: HubDatabase, location_id: str, service_id: str, days: int, now: datetime
) -> list[SlotTime]:
    """Starts with at least one free seat in the coming `days` local days, after `now`."""
    days = max(1, min(days, MAX_DAYS))
    with db.sessions() as session:
        service = session.get(Service, service_id)
        if service is None:
            raise NotFoundError(f"no service {service_id!r}")
        zone = session.scalar(select(Location.timezone).where(Location.id == location_id))
        rules = [
            _rule(opening, service, zone or "Europe/Brussels")
            for opening in session.scalars(
                select(Opening)
                .where(Opening.location_id == location_id)
                .where(Opening.service_id == service_id)
            )
        ]
        taken: dict[tuple[int, datetime], int] = {}
        if rules:
            booked = session.execute(
                select(Appointment.opening_id, Appointment.starts_at, func.count())
                .where(Appointment.opening_id.in_([rule.id for rule in rules]))
                .where(Appointment.starts_at >= now - timedelta(days=1))
                .group_by(Appointment.opening_id, Appointment.starts_at)
            ).all()
            taken = {(opening_id, start): int(n) for opening_id, start, n in booked}
    found: list[SlotTime] = []
    for rule in rules:
        for slot in occurrences(rule, local_today(now, rule.timezone), days):
            if slot.start <= now:
                continue
            if taken.get((rule.id, slot.start), 0) < rule.capacity:
                found.append(slot)
    return sorted(found, key=lambda slot: (slot.start, slot.opening_id))


def new_code() -> str:
    """12 characters of 32 without look-alikes (60 bits), in groups of four: `KX7M-R2QD-9HTW`."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))


def normalize_code(code: str) -> str:
    """The stored form of a typed code: without case, spaces or dashes, then grouped again.
    Codes of 8 (the old `ABCD-1234`, still valid for their bookings) keep their 4-4 form."""
    raw = "".join(ch for ch in code.upper() if ch.isalnum())
    if len(raw) == 8:
        return f"{raw[:4]}-{raw[4:]}"
    if len(raw) == CODE_LENGTH:
        return "-".join(raw[i : i + 4] for i in range(0, CODE_LENGTH, 4))
    return raw


def book(
    db: HubDatabase,
    location_id: str,
    kiosk_id: str | None,
    slot: str,
    first_name: str,
    phone: str | None,
    now: datetime,
) -> Booking:
    """Book a free seat of `slot`; SlotUnknown or SlotTaken otherwise."""
    ref = parse_slot_id(slot)
    if ref is None:
        raise SlotUnknown(slot)
    with db.sessions() as session:
        row = session.execute(
            select(Opening, Service, Location.name, Location.timezone)
            .join(Service, Service.id == Opening.service_id)
            .join(Location, Location.id == Opening.location_id)
            .where(Opening.id == ref.opening_id)
            .where(Opening.location_id == location_id)
        ).first()
    if row is None:
        raise SlotUnknown(slot)
    opening, service, location_name, zone = row
    rule = _rule(opening, service, zone)
    occurrence = resolve(rule, ref)
    if occurrence is None or occurrence.start <= now:
        raise SlotUnknown(slot)
    for seat in range(1, rule.capacity + 1):
        for _attempt in range(CODE_ATTEMPTS):
            code = new_code()
            try:
                with db.sessions.begin() as session:
                    session.add(
                        Appointment(
                            opening_id=opening.id,
                            seat=seat,
                            location_id=location_id,
                            service_id=service.id,
                            starts_at=occurrence.start,
                            ends_at=occurrence.end,
                            local_date=occurrence.local_date,
                            code_hash=digest(code),
                            first_name=first_name,
                            phone=phone,
                            kiosk_id=kiosk_id,
                            created_at=now,
                        )
                    )
            except IntegrityError:
                if _seat_booked(db, opening.id, occurrence.start, seat):
                    break  # this seat went to someone else: try the next one
                continue  # a (rare) code collision: draw another code
            return Booking(
                code=code,
                service=service.id,
                service_name=service.name,
                start=occurrence.start,
                end=occurrence.end,
                location=location_name,
            )
    raise SlotTaken(slot)


def _seat_booked(db: HubDatabase, opening_id: int, start: datetime, seat: int) -> bool:
    with db.sessions() as session:
        found = session.scalar(
            select(Appointment.id)
            .where(Appointment.opening_id == opening_id)
            .where(Appointment.starts_at == start)
            .where(Appointment.seat == seat)
        )
    return found is not None


def cancel(db: HubDatabase, code: str) -> bool:
    """Cancel the booking with the ticket's `code` (any location); False when there is none."""
    with db.sessions.begin() as session:
        gone = session.execute(
            delete(Appointment).where(Appointment.code_hash == digest(normalize_code(code)))
        )
        return getattr(gone, "rowcount", 0) == 1


def cancel_by_id(db: HubDatabase, appointment_id: int, scope: Scope = FULL) -> None:
    """Staff cancel a booking (the resident phoned); one outside `scope` is NotFoundError."""
    with db.sessions.begin() as session:
        gone = session.execute(
            delete(Appointment)
            .where(Appointment.id == appointment_id)
            .where(scope.where(Appointment.location_id))
        )
        if getattr(gone, "rowcount", 0) != 1:
            raise NotFoundError(f"no booking {appointment_id}")


def bookings_on(db: HubDatabase, day: date, scope: Scope = FULL) -> list[BookingInfo]:
    """The bookings inside `scope` on a local `day`, by location and time (the staff page)."""
    with db.sessions() as session:
        rows = session.execute(
            select(Appointment, Service.name, Location.name, Location.timezone)
            .join(Service, Service.id == Appointment.service_id)
            .join(Location, Location.id == Appointment.location_id)
            .where(Appointment.local_date == day)
            .where(scope.where(Appointment.location_id))
            .order_by(Location.name, Appointment.starts_at, Appointment.seat)
        ).all()
    return [
        BookingInfo(a.id, a.starts_at, service_name, location, a.first_name, a.phone, zone)
        for a, service_name, location, zone in rows
    ]


def forget_contacts(session: Session, now: datetime) -> int:
    """Empty the first name and phone of appointments before today (in each location's time
    zone); returns how many."""
    total = 0
    for location_id, zone in session.execute(select(Location.id, Location.timezone)).all():
        changed = session.execute(
            update(Appointment)
            .where(Appointment.location_id == location_id)
            .where(Appointment.local_date < local_today(now, zone))
            .where(Appointment.first_name.is_not(None) | Appointment.phone.is_not(None))
            .values(first_name=None, phone=None)
        )
        total += int(getattr(changed, "rowcount", 0) or 0)
    return total


def forget_old_appointments(session: Session, cutoff: datetime) -> int:
    gone = session.execute(delete(Appointment).where(Appointment.starts_at < cutoff))
    return int(getattr(gone, "rowcount", 0) or 0)
