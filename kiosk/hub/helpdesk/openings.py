"""Services and weekly openings of the help point: what staff set up on the Appointments page.

A service is what a resident can book (`digital-help`, 30 minutes); an opening is a weekly
window of one service at one location ("Tuesday 14:00-16:00, a start every 30 minutes, 2
volunteers on duty"). kiosk.hub.helpdesk.slots unrolls openings into slots;
kiosk.hub.helpdesk.appointments books them. Removing a service or an opening removes its
bookings too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kiosk.clock import utc_now
from kiosk.hub.db.engine import HubDatabase
from kiosk.hub.db.models import Location
from kiosk.hub.errors import HubError, NotFoundError
from kiosk.hub.helpdesk.models import Appointment, Opening, Service
from kiosk.hub.helpdesk.slots import parse_hhmm
from kiosk.hub.i18n import N_
from kiosk.hub.locations import find_location
from kiosk.hub.names import stored_name
from kiosk.hub.scope import FULL, Scope

SERVICE_ID = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,63}$")


@dataclass(frozen=True)
class OpeningInfo:
    id: int
    location: str
    service: str
    weekday: int
    start_time: str
    end_time: str
    every_minutes: int
    capacity: int


def add_service(db: HubDatabase, service_id: str, name: str, minutes: int) -> None:
    service_id = service_id.strip().lower()
    if not SERVICE_ID.match(service_id):
        raise HubError(
            N_("a service id is 1-64 lower-case letters, digits, _ . - (e.g. digital-help)")
        )
    clean = stored_name(name, "service")
    if not 5 <= minutes <= 480:
        raise HubError(N_("a service lasts between 5 and 480 minutes"))
    with db.sessions() as session:
        session.add(Service(id=service_id, name=clean, minutes=minutes, created_at=utc_now()))
        try:
            session.commit()
        except IntegrityError:
            raise HubError(
                N_("a service {service} exists already"), service=repr(service_id)
            ) from None


def services(db: HubDatabase) -> list[Service]:
    with db.sessions() as session:
        return list(session.scalars(select(Service).order_by(Service.id)))


def remove_service(db: HubDatabase, service_id: str) -> None:
    with db.sessions.begin() as session:
        session.execute(delete(Appointment).where(Appointment.service_id == service_id))
        session.execute(delete(Opening).where(Opening.service_id == service_id))
        if (
            getattr(session.execute(delete(Service).where(Service.id == service_id)), "rowcount", 0)
            != 1
        ):
            raise NotFoundError(f"no service {service_id!r}")


def add_opening(
    db: HubDatabase,
    location: str,
    service_id: str,
    *,
    weekday: int,
    start_time: str,
    end_time: str,
    every_minutes: int,
    capacity: int = 1,
    scope: Scope = FULL,
) -> int:
    """A weekly opening of `service_id` at `location` (name or id); returns its id. Its times
    are local to the location's time zone."""
    target = find_location(db, location)
    if not scope.allows(target.id):
        raise NotFoundError(f"no location {location!r}")
    if not 0 <= weekday <= 6:
        raise HubError("the weekday is 0 (Monday) to 6 (Sunday)")
    try:
        begin, finish = parse_hhmm(start_time), parse_hhmm(end_time)
    except ValueError as exc:
        raise HubError(str(exc)) from None
    if finish <= begin:
        raise HubError(N_("an opening ends after it starts"))
    if not 5 <= every_minutes <= 480:
        raise HubError(N_("the interval between starts is 5 to 480 minutes"))
    if not 1 <= capacity <= 20:
        raise HubError(N_("an opening has 1 to 20 seats (volunteers on duty)"))
    with db.sessions.begin() as session:
        if session.get(Service, service_id) is None:
            raise NotFoundError(N_("no service {service}; add it first"), service=repr(service_id))
        opening = Opening(
            location_id=target.id,
            service_id=service_id,
            weekday=weekday,
            start_time=f"{begin:%H:%M}",
            end_time=f"{finish:%H:%M}",
            every_minutes=every_minutes,
            capacity=capacity,
            created_at=utc_now(),
        )
        session.add(opening)
        session.flush()
        return opening.id


def remove_opening(db: HubDatabase, opening_id: int, scope: Scope = FULL) -> None:
    """Remove an opening and its bookings (staff tell the residents concerned)."""
    with db.sessions.begin() as session:
        found = session.scalar(
            select(Opening.id).where(Opening.id == opening_id, scope.where(Opening.location_id))
        )
        if found is None:
            raise NotFoundError(f"no opening {opening_id}")
        session.execute(delete(Appointment).where(Appointment.opening_id == opening_id))
        session.execute(delete(Opening).where(Opening.id == opening_id))


def openings(db: HubDatabase, scope: Scope = FULL) -> list[OpeningInfo]:
    """The openings at the locations inside `scope` (times local to each location)."""
    with db.sessions() as session:
        rows = session.execute(
            select(Opening, Location.name)
            .join(Location, Location.id == Opening.location_id)
            .where(scope.where(Opening.location_id))
            .order_by(Location.name, Opening.service_id, Opening.weekday, Opening.start_time)
        ).all()
    return [
        OpeningInfo(
            o.id,
            name,
            o.service_id,
            o.weekday,
            o.start_time,
            o.end_time,
            o.every_minutes,
            o.capacity,
        )
        for o, name in rows
    ]


def config_services(session: Session, location_id: str) -> list[dict[str, str | int]]:
    """The `services` of a location's config: those with at least one opening there."""
    rows = session.scalars(
        select(Service)
        .where(Service.id.in_(select(Opening.service_id).where(Opening.location_id == location_id)))
        .order_by(Service.id)
    )
    return [{"id": row.id, "name": row.name, "minutes": row.minutes} for row in rows]
